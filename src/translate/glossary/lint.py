"""``lint``: every rule a glossary must keep, reported as findings instead of raised.

Rules (severity): ``syntax`` (error) the file does not parse; ``language`` (error) a code Amazon
Translate does not know, or files disagree; ``duplicate-term`` (error) a term twice in one file;
``overridden-term`` (warning) a term a later file defines again, which replaces this one;
``term-is-variant`` (error)
a term is another entry's variant; ``conflicting-targets`` (error) one source form, two preferred
targets; ``shadowed-form`` (warning) two entries share a variant with the same target;
``forbidden-allowed`` (error) a forbidden rendering is also acceptable; ``redundant-variant``
(warning); ``non-nfc`` (error); ``unsorted`` (error; in native YAML only, a team's CSV or TBX
keeps its own order); ``empty`` (error); ``too-long`` (error) a term over Amazon Translate's
200-byte limit; ``unknown-entry`` (error) ``meant_by`` names a term no entry has, or the entry
itself; ``no-aws-names`` (warning, ``no_aws_names``) the glossary keeps none of the shipped AWS
service names; ``bad-phrase`` (error) a sense phrase with a placeholder other than ``<name>`` or
``<name>`` not between two words, or a ``meant_by`` phrase without the word of the entry it names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Literal

from translate.errors import GlossaryError
from translate.glossary.languages import is_language_code
from translate.glossary.loader import read_glossary_file
from translate.glossary.model import MAX_TERM_BYTES, Entry, sort_key
from translate.glossary.native import GlossaryFile
from translate.glossary.paths import NATIVE_SUFFIXES, expand_paths
from translate.glossary.phrases import problem

Severity = Literal["error", "warning"]
_LOCATED = re.compile(r"^(?P<path>.*?):(?P<line>\d+): (?P<message>.*)$")


@dataclass(frozen=True, slots=True)
class LintFinding:
    path: Path
    line: int
    entry: str | None
    rule: str
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule}: {self.message}"


def _finding(entry: Entry, rule: str, message: str, severity: Severity = "error") -> LintFinding:
    return LintFinding(
        entry.path or Path("<glossary>"), entry.line, entry.term, rule, severity, message
    )


def _same(a: Entry, b: Entry, x: str, y: str) -> bool:
    if a.case == "exact" and b.case == "exact":
        return x == y
    return x.casefold() == y.casefold()


def _file_findings(file: GlossaryFile) -> Iterator[LintFinding]:
    for issue in file.issues:
        yield LintFinding(file.path, issue.line, issue.entry, issue.rule, "error", issue.message)
    for code in (file.source_language, file.target_language):
        if not is_language_code(code):
            msg = f"{code!r} is not an Amazon Translate language code (e.g. en, vi, zh-TW)"
            yield LintFinding(file.path, file.language_line, None, "language", "error", msg)
    if file.path.suffix.lower() not in NATIVE_SUFFIXES:  # a team's file keeps its own order
        return
    for before, after in pairwise(file.entries):
        if sort_key(after.term) < sort_key(before.term):
            msg = f"{after.term!r} should come before {before.term!r} (entries sorted by term)"
            yield _finding(after, "unsorted", msg)


def _entry_findings(entry: Entry) -> Iterator[LintFinding]:
    for form in (*entry.source_forms, entry.preferred):
        if len(form.encode("utf-8")) > MAX_TERM_BYTES:
            msg = f"{form[:40]!r}... is over Amazon Translate's {MAX_TERM_BYTES}-byte term limit"
            yield _finding(entry, "too-long", msg)
    for variant in entry.variants:
        if _same(entry, entry, variant, entry.term):
            yield _finding(
                entry, "redundant-variant", f"variant {variant!r} repeats the term", "warning"
            )
    for bad in entry.forbidden:
        for ok in entry.renderings:
            if _same(entry, entry, bad.text, ok):
                msg = f"forbidden {bad.text!r} is also an acceptable rendering {ok!r}"
                yield _finding(entry, "forbidden-allowed", msg)


def _phrase_findings(entry: Entry) -> Iterator[LintFinding]:
    named = [("meant_by", p) for _, phrases in entry.meant_by for p in phrases]
    for field, phrase in [
        *(("other_senses", p) for p in entry.other_senses),
        *named,
        *(("implied_by", p) for p in entry.implied_by),
    ]:
        wrong = problem(phrase) if phrase.strip() else None
        if wrong is not None:
            yield _finding(entry, "bad-phrase", f"{field} phrase {phrase!r}: {wrong}")


def _reference_findings(entries: Sequence[Entry]) -> Iterator[LintFinding]:
    by_term = {e.term.casefold(): e for e in entries}
    for entry in entries:
        for term, phrases in entry.meant_by:
            other = by_term.get(term.casefold())
            if other is None or other is entry:
                why = "which is the entry itself" if other is entry else "which is no entry's term"
                yield _finding(entry, "unknown-entry", f"meant_by names {term!r}, {why}")
                continue
            forms = [f.casefold() for f in other.source_forms]
            for phrase in phrases:
                if phrase.strip() and not any(f in phrase.casefold() for f in forms):
                    msg = f"meant_by phrase {phrase!r} has no {other.term!r} in it"
                    yield _finding(entry, "bad-phrase", msg)


def _pair_finding(a: Entry, a_term: bool, b: Entry, b_term: bool, form: str) -> LintFinding:
    later, earlier = (b, a) if b_term or not a_term else (a, b)
    if a_term and b_term:
        return _finding(later, "duplicate-term", f"{form!r} is already a term at {earlier.where()}")
    if a_term or b_term:
        term_entry, variant_entry = (a, b) if a_term else (b, a)
        msg = f"variant {form!r} is also the term of the entry at {term_entry.where()}"
        return _finding(variant_entry, "term-is-variant", msg)
    if a.preferred != b.preferred:
        msg = (
            f"{form!r} has two preferred targets: {a.preferred!r} and {b.preferred!r} ({a.where()})"
        )
        return _finding(b, "conflicting-targets", msg)
    return _finding(b, "shadowed-form", f"{form!r} is also a variant at {a.where()}", "warning")


def _cross_findings(entries: Sequence[Entry]) -> Iterator[LintFinding]:
    index: dict[str, list[tuple[Entry, bool, str]]] = defaultdict(list)
    for entry in entries:
        seen = set()
        for position, form in enumerate(entry.source_forms):
            if form.casefold() not in seen:
                seen.add(form.casefold())
                index[form.casefold()].append((entry, position == 0, form))
    for group in index.values():
        for i, (a, a_term, x) in enumerate(group):
            for b, b_term, y in group[i + 1 :]:
                if _same(a, b, x, y):
                    yield _pair_finding(a, a_term, b, b_term, y)


def _drop_overridden(entries: list[Entry], new: Sequence[Entry]) -> list[LintFinding]:
    """Drop from ``entries`` each term ``new`` (a later file) defines again, with a warning:
    only the later entry is in force."""
    new_terms = {e.term.casefold(): e for e in new}
    findings = []
    for earlier in [e for e in entries if e.term.casefold() in new_terms]:
        entries.remove(earlier)
        later = new_terms[earlier.term.casefold()]
        msg = f"{earlier.term!r} is defined again at {later.where()}, which replaces this entry"
        findings.append(_finding(earlier, "overridden-term", msg, "warning"))
    return findings


def _syntax_finding(path: Path, error: GlossaryError) -> LintFinding:
    match = _LOCATED.match(str(error))
    line = int(match["line"]) if match else 1
    message = match["message"] if match else str(error)
    return LintFinding(path, line, None, "syntax", "error", message)


def no_aws_names(glossary_paths: Sequence[Path]) -> LintFinding | None:
    """A warning (``no-aws-names``) when the glossary keeps none of the AWS service names of the
    one shipped with ``translate`` (a team's file used alone: ``Amazon S3`` is then neither
    protected nor checked); None when it keeps one, or cannot be read (``lint`` says why)."""
    from translate.glossary.paths import SHIPPED, shipped_glossary

    try:
        terms = {
            entry.term.casefold()
            for path in expand_paths(glossary_paths)
            for entry in read_glossary_file(path).entries
        }
        shipped = [read_glossary_file(p) for p in expand_paths([shipped_glossary()])]
    except GlossaryError:
        return None
    names = {e.term.casefold() for f in shipped for e in f.entries if e.domain == "service"}
    if not names or terms & names:
        return None
    message = (
        "the glossary keeps none of the AWS service names shipped with translate; "
        f"add {SHIPPED} before it to use both (-g {SHIPPED} -g FILE, or "
        f'glossary = ["{SHIPPED}", ...] in translate.toml)'
    )
    return LintFinding(Path(glossary_paths[0]), 1, None, "no-aws-names", "warning", message)


def lint(glossary_paths: Sequence[Path]) -> list[LintFinding]:
    """Check glossary files and folders; return findings sorted by file and line."""
    findings: list[LintFinding] = []
    entries: list[Entry] = []
    pairs: set[tuple[str, str]] = set()
    for path in expand_paths(glossary_paths):
        try:
            file = read_glossary_file(path)
        except GlossaryError as error:
            findings.append(_syntax_finding(path, error))
            continue
        pairs.add((file.source_language, file.target_language))
        findings.extend(_file_findings(file))
        for entry in file.entries:
            findings.extend(_entry_findings(entry))
            findings.extend(_phrase_findings(entry))
        findings.extend(_drop_overridden(entries, file.entries))
        entries.extend(file.entries)
    if len(pairs) > 1:
        msg = f"files disagree on the language pair: {sorted('-'.join(p) for p in pairs)}"
        findings.append(LintFinding(Path(glossary_paths[0]), 1, None, "language", "error", msg))
    findings.extend(_cross_findings(entries))
    findings.extend(_reference_findings(entries))
    return sorted(findings, key=lambda f: (str(f.path), f.line, f.rule))
