"""Term findings for a translated post: pure, offline and fast to import (pre-commit runs it).

Rules, each with a stable name and severity:

- ``missing-term`` (error): a source term whose aligned target block has fewer acceptable
  renderings than the source has occurrences (two ``bucket`` and one rendering is one miss).
  Needs the source. By default only for terms kept in English (see ``kept_in_english``); for
  every glossary term with ``all_terms``.
- ``forbidden-rendering`` (error): a rendering the glossary forbids (``thùng`` for an S3 bucket).
- ``name-altered`` (error): a do-not-translate name that was translated (``Amazon Kết nối``),
  mis-cased (``Sagemaker``), split or joined (``Parallel Cluster``) or given the wrong vendor
  prefix (``AWS Bedrock``, ``Amazon Lambda``).
- ``inconsistent-rendering`` (warning): one term rendered two different ways in one document.

Only segment text is read (``translate.markdown``), so code blocks, inline code, URLs, link
destinations and front matter keys are never flagged. ``<!-- translate:ignore TERM -->`` silences
a term for the whole file; ``<!-- translate:ignore-next-line -->`` silences the next line.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from translate.align import align
from translate.document import Document, Segment, Slot, tokens
from translate.glossary import Entry, TermMatch, TermMatcher
from translate.glossary.match import MASK
from translate.names import NameIndex

Severity = Literal["error", "warning"]
RULES: dict[str, tuple[Severity, str]] = {
    "missing-term": ("error", "a source term has no acceptable rendering in its translation"),
    "forbidden-rendering": ("error", "the glossary forbids this rendering"),
    "name-altered": ("error", "a name that must stay as it is was changed"),
    "inconsistent-rendering": ("warning", "one term is rendered two different ways"),
}
_IGNORE = re.compile(r"<!--\s*translate:ignore\s+(.+?)\s*-->")
_IGNORE_LINE = re.compile(r"<!--\s*translate:ignore-next-line\s*-->")
_JOINERS = frozenset("-._/\\")  # between word characters, these join an identifier or path
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_TITLE_WORD = re.compile(r"[A-Z][A-Za-z0-9]*")


@dataclass(frozen=True)
class Finding:
    """One problem at one place; ``fix`` is set when the repair is unambiguous."""

    path: str
    line: int
    column: int
    rule: str
    term: str
    found: str | None
    expected: tuple[str, ...]
    message: str
    fix: str | None = None
    offset: int = field(default=-1, compare=False)
    length: int = field(default=0, compare=False)

    @property
    def severity(self) -> Severity:
        return RULES[self.rule][0]


@dataclass(frozen=True)
class Text:
    """A segment's words (placeholders masked) and, when a finding needs a place, the file
    offset of each character."""

    segment: Segment
    plain: str
    slot: Slot

    @functools.cached_property
    def offsets(self) -> tuple[int, ...]:
        return tuple(_layout(self.segment, self.slot, with_offsets=True)[1])


def texts(document: Document) -> list[Text]:
    """Every segment of ``document`` as matchable text (placeholders masked)."""
    return [
        Text(segment, _layout(segment, slot, with_offsets=False)[0], slot)
        for segment, slot in zip(document.segments, document.slots, strict=True)
    ]


def _layout(segment: Segment, slot: Slot, *, with_offsets: bool) -> tuple[str, list[int]]:
    """The segment's words and (only when asked, as it costs) each character's file offset."""
    raw_map = _raw_offsets(slot) if with_offsets else []
    last = len(raw_map) - 1
    spans = {span.id: span for span in segment.spans}
    plain: list[str] = []
    offsets: list[int] = []
    raw = 0
    closers: list[str] = []
    marks: list[int] = []
    for token in tokens(segment.text):
        if token.kind == "text":
            for i, char in (
                enumerate(token.value) if with_offsets or _has_invisible(token.value) else ()
            ):
                if char not in _INVISIBLE:  # a zero-width space inside a word hides it
                    plain.append(char)
                    if with_offsets:
                        offsets.append(raw_map[min(raw + i, last)])
            if not with_offsets and not _has_invisible(token.value):
                plain.extend(token.value)
            raw += len(token.value)
        elif token.kind == "x":
            plain.append(MASK)
            if with_offsets:
                offsets.append(raw_map[min(raw, last)])
            raw += len(spans[token.id].text)
        elif token.kind == "open":
            marks.append(len(plain))
            raw += len(spans[token.id].text)
            closers.append(spans[token.id].close or "")
        else:
            marks.append(len(plain))
            raw += len(closers.pop()) if closers else 0
    if with_offsets:
        offsets.append(raw_map[min(raw, last)])
    for mark in reversed(marks):  # link text glued to a word ("trong[kiến trúc](u)trực") is
        if 0 < mark < len(plain) and plain[mark - 1].isalnum() and plain[mark].isalnum():
            plain.insert(mark, " ")  # still its own words
            if with_offsets:
                offsets.insert(mark, offsets[mark])
    return "".join(plain), offsets


def _has_invisible(text: str) -> bool:
    return any(char in text for char in _INVISIBLE)


def _raw_offsets(slot: Slot) -> list[int]:
    """File offset of each character of a slot's raw text (pieces joined by newlines)."""
    if not slot.encoding.startswith(("yaml", "toml")):
        out: list[int] = []
        for start, end in slot.pieces:
            out.extend(range(start, end))
            out.append(end)  # the newline joining this piece to the next, or the end
        return out
    start, end = slot.pieces[0]
    quoted = end - start >= 2 and slot.encoding.endswith(("double", "single", "basic", "literal"))
    first = start + 1 if quoted else start
    return [first + i for i in range(max(end - first, 1) + 1)]


class Checker:
    """Checks documents against one glossary; build once, reuse for many files."""

    def __init__(self, matcher: TermMatcher, *, all_terms: bool = False) -> None:
        self.matcher = matcher
        self.names = NameIndex(matcher.glossary)
        self.all_terms = all_terms

    def check(self, path: str, target: Document, source: Document | None = None) -> list[Finding]:
        """Findings for ``target`` (and its ``source`` when known), in file order."""
        where = _Locator(path, target)
        target_texts = texts(target)
        found = [self.matcher.find_target(text.plain) for text in target_texts]
        findings = list(self._monolingual(where, target_texts, found, source is None))
        aligned: dict[int, list[TermMatch]] | None = None
        if source is not None:
            aligned = {}
            findings += self._bilingual(where, texts(source), target_texts, found, aligned)
        findings += self._inconsistent(where, target_texts, found, aligned)
        return _suppressed(sorted(set(findings), key=lambda f: (f.line, f.column, f.rule)), target)

    def _monolingual(
        self, where: _Locator, items: list[Text], found: list[list[TermMatch]], alone: bool
    ) -> Iterator[Finding]:
        for text, matches in zip(items, found, strict=True):
            reported = []
            for match in _forbidden(matches, alone):
                reported.append((match.start, match.end))
                yield self._forbidden_finding(where, text, match, matches)
            covered = [(m.start, m.end) for m in matches]
            for start, end, entry, fix in self.names.altered(text.plain, covered):
                if any(a < end and start < b for a, b in reported):
                    continue  # already reported as a forbidden rendering
                yield where.finding(
                    text, start, end, "name-altered", entry, fix,
                    f"'{text.plain[start:end]}' should be written '{fix}'", fix=fix,
                )  # fmt: skip

    def _forbidden_finding(
        self, where: _Locator, text: Text, match: TermMatch, matches: list[TermMatch]
    ) -> Finding:
        entry = match.entry
        rule = "name-altered" if is_name(entry) else "forbidden-rendering"
        inner = [
            m for m in matches if match.start <= m.start and m.end <= match.end and m is not match
        ]
        fix = self.names.fix_for(match.surface, entry) if entry.keep else None
        if (
            not entry.keep
            and len(entry.renderings) == 1
            and not self._holds_other_terms(match, inner)
        ):
            fix = entry.preferred
        why = f" ({match.why})" if match.why else ""
        message = f"'{match.surface}' is not how to render '{entry.term}'{why}"
        return where.finding(
            text, match.start, match.end, rule, entry, entry.preferred, message, fix=fix
        )

    def _holds_other_terms(self, match: TermMatch, inner: list[TermMatch]) -> bool:
        if any(m.entry != match.entry for m in inner):
            return True
        return bool(self.matcher.find_source(match.surface))

    def _bilingual(
        self,
        where: _Locator,
        sources: list[Text],
        targets: list[Text],
        found: list[list[TermMatch]],
        aligned: dict[int, list[TermMatch]],
    ) -> Iterator[Finding]:
        """Missing terms per aligned pair; notes each target block's source terms in ``aligned``.

        A pair's target side also holds the unpaired target blocks next to it, so a paragraph the
        translator split in two is compared with both halves.
        """
        source_found, pairs = self.align(sources, targets, found)
        english: dict[int, list[TermMatch]] = {}
        for i, j, lo, hi in windows(pairs, len(targets)):
            source_matches = source_found[i]
            for k in range(lo, hi):
                aligned.setdefault(k, []).extend(source_matches)
            wanted = occurrences(sources[i].plain, source_matches)
            if not wanted:
                continue
            have: Counter[Entry] = Counter()
            for k in range(lo, hi):
                if k not in english:
                    english[k] = self.matcher.find_source(targets[k].plain)
                inner = self._inner(targets[k].plain, found[k], wanted)
                have += _rendered(targets[k].plain, found[k] + inner, english[k])
            yield from self._missing(where, targets[j], have, wanted)

    def align(
        self, sources: list[Text], targets: list[Text], found: list[list[TermMatch]]
    ) -> tuple[list[list[TermMatch]], list[tuple[int, int]]]:
        """Source terms per source block, and the aligned block pairs (terms as anchors)."""
        source_found = [_words(t.plain, self.matcher.find_source(t.plain)) for t in sources]
        pairs = align(
            [t.segment for t in sources],
            [t.segment for t in targets],
            [frozenset(m.entry.term for m in matches) for matches in source_found],
            [frozenset(m.entry.term for m in matches) for matches in found],
        )
        return source_found, pairs

    def _inner(
        self, plain: str, matches: list[TermMatch], wanted: Counter[Entry]
    ) -> list[TermMatch]:
        """Renderings of wanted terms inside a longer match of a term the source lacks
        (``mô hình`` for *model* inside ``huấn luyện mô hình``, *model training*)."""
        inner: list[TermMatch] = []
        for outer in matches:
            if outer.entry in wanted or outer.kind == "forbidden":
                continue
            cuts = [outer.start + i for i, c in enumerate(outer.surface) if c == " "]
            for cut in cuts:
                for lo, hi in ((outer.start, cut), (cut + 1, outer.end)):
                    inner += [
                        replace(m, start=m.start + lo, end=m.end + lo)
                        for m in self.matcher.find_target(plain[lo:hi])
                        if m.entry in wanted and m.kind != "forbidden"
                    ]
        return list({(m.start, m.end, m.entry.term): m for m in inner}.values())

    def _missing(
        self, where: _Locator, text: Text, have: Counter[Entry], wanted: Counter[Entry]
    ) -> Iterator[Finding]:
        for entry, count in wanted.items():
            missing = count - have[entry]
            if missing <= 0 or not (self.all_terms or kept_in_english(entry)):
                continue
            altered = self.names.translated(text.plain, entry) if entry.keep else None
            if altered is not None:
                start, end = altered
                message = f"'{text.plain[start:end]}' should stay '{entry.term}' (do not translate)"
                yield where.finding(text, start, end, "name-altered", entry, entry.term, message)
                continue
            times = f" ({missing} of {count} occurrences)" if count > 1 else ""
            renderings = " or ".join(f"'{r}'" for r in entry.renderings[:3])
            message = f"'{entry.term}' in the source has no rendering here{times}; use {renderings}"
            yield where.finding(text, 0, 0, "missing-term", entry, None, message)

    def _inconsistent(
        self,
        where: _Locator,
        items: list[Text],
        found: list[list[TermMatch]],
        sources: dict[int, list[TermMatch]] | None,
    ) -> Iterator[Finding]:
        """One warning per term rendered two ways (for the same source form, when known)."""
        first: dict[tuple[Entry, str], tuple[str, int]] = {}
        reported: set[Entry] = set()
        for index, (text, matches) in enumerate(zip(items, found, strict=True)):
            source = None if sources is None else sources.get(index, [])
            for match in _renderings(text.plain, matches, source):
                entry = match.entry
                if entry in reported:
                    continue
                forms = {m.entry: _key(m.entry, m.surface) for m in source or []}
                surface = _key(entry, match.surface)
                group = (entry, forms.get(entry, ""))
                if group not in first:
                    first[group] = (surface, where.line_of(text, match.start))
                elif not _same_choice(first[group][0], surface):
                    reported.add(entry)
                    was, line = first[group]
                    message = (
                        f"'{entry.term}' is rendered '{was}' at line {line} "
                        f"and '{match.surface}' here"
                    )
                    yield where.finding(
                        text,
                        match.start,
                        match.end,
                        "inconsistent-rendering",
                        entry,
                        entry.preferred,
                        message,
                    )


def windows(pairs: list[tuple[int, int]], count: int) -> list[tuple[int, int, int, int]]:
    """``(i, j, lo, hi)`` per aligned pair: target blocks ``lo..hi-1`` are ``j`` and the unpaired
    blocks on either side of it (shared with the neighbouring pair)."""
    out: list[tuple[int, int, int, int]] = []
    for k, (i, j) in enumerate(pairs):
        lo = pairs[k - 1][1] + 1 if k else j
        hi = pairs[k + 1][1] if k + 1 < len(pairs) else j + 1
        out.append((i, j, min(lo, j), max(hi, j + 1)))
    return out


def _words(plain: str, matches: list[TermMatch]) -> list[TermMatch]:
    """Matches that are words, not part of an identifier or path (``athena-query``,
    ``ml.m5.large``, ``/opt/ml/input``)."""
    return [m for m in matches if not _joined(plain, m.start, m.end)]


def _joined(plain: str, start: int, end: int) -> bool:
    before = start > 1 and plain[start - 1] in _JOINERS and plain[start - 2].isalnum()
    after = plain[end : end + 1] in _JOINERS and plain[end + 1 : end + 2].isalnum()
    return before or after


def occurrences(plain: str, matches: list[TermMatch]) -> Counter[Entry]:
    """Source occurrences per entry; ``extract, transform, and load (ETL)`` counts once."""
    counts: Counter[Entry] = Counter()
    previous: TermMatch | None = None
    for match in _words(plain, matches):
        glossed = (
            previous is not None
            and previous.entry == match.entry
            and plain[previous.end : match.start].strip() == "("
            and plain[match.end : match.end + 1] == ")"
        )
        if not glossed:
            counts[match.entry] += 1
        previous = match
    return counts


def _same_choice(first: str, second: str) -> bool:
    """Two spellings of one choice: equal, or one the short form of the other
    (``quy trình`` and ``quy trình làm việc``)."""
    short, long = sorted((first, second), key=len)
    return long == short or long.startswith(short + " ")


def _accepts_english(entry: Entry) -> bool:
    forms = {f.casefold() for f in entry.source_forms}
    return entry.keep or any(r.casefold() in forms for r in entry.renderings)


def _titled(plain: str, match: TermMatch) -> bool:
    """An English term written as part of a Title Case name or label (``Artificial
    Intelligence`` in a category list, ``HealthTech Analytics``), which stays as written."""
    words = match.surface.split()
    if not all(_TITLE_WORD.fullmatch(w) for w in words):
        return False
    before = plain[: match.start].split()[-1:]
    after = plain[match.end :].split()[:1]
    beside = [w for w in before + after if _TITLE_WORD.fullmatch(w.strip(",.:;()"))]
    return len(words) > 1 or bool(beside)


def _rendered(plain: str, found: list[TermMatch], english: list[TermMatch]) -> Counter[Entry]:
    """Acceptable renderings per entry in one target block, English source forms included when
    the entry admits English (``deploy`` for *deployment*, ``LLMs``) or form a Title Case name."""
    have = Counter(m.entry for m in _words(plain, found) if m.kind != "forbidden")
    have += Counter(m.entry for m in found if m.kind == "forbidden")
    taken = {(m.start, m.end) for m in found}
    for match in _words(plain, english):
        overlaps = any(a < match.end and match.start < b for a, b in taken)
        if not overlaps and (_accepts_english(match.entry) or _titled(plain, match)):
            have[match.entry] += 1
    return have


def _renderings(
    plain: str, matches: list[TermMatch], source: list[TermMatch] | None
) -> list[TermMatch]:
    """The matches that say how the translator renders a term, for the consistency rule.

    Left out: names and forbidden text (other rules), abbreviations (``ML`` beside *machine
    learning*), Title Case names, a rendering glossed in parentheses (``mã hóa (encryption)``),
    and, when the aligned source is known, terms it lacks or has fewer times than the block
    holds renderings (the extra one renders another word).
    """
    kept = [
        m for m in _words(plain, matches)
        if not m.entry.keep and m.kind != "forbidden"
        and not m.surface.isupper() and not _titled(plain, m)
    ]  # fmt: skip
    counts = Counter(m.entry for m in kept)
    glossed = {m.entry for m in kept if _in_parentheses(plain, m) and counts[m.entry] > 1}
    wanted = None if source is None else Counter(m.entry for m in source)
    return [
        m for m in kept
        if m.entry not in glossed and (wanted is None or 0 < counts[m.entry] <= wanted[m.entry])
    ]  # fmt: skip


def _in_parentheses(plain: str, match: TermMatch) -> bool:
    opened = plain.rfind("(", 0, match.start)
    return opened > plain.rfind(")", 0, match.start) and ")" in plain[match.end :]


def _key(entry: Entry, surface: str) -> str:
    """The rendering or source form ``surface`` spells, plural and case aside."""
    folded = surface.casefold()
    for form in (*entry.renderings, *entry.source_forms):
        base = form.casefold()
        if folded in (base, base + "s", base + "es", base[:-1] + "ies"):
            return form if form.isupper() else base
    return surface if surface.isupper() else folded


def kept_in_english(entry: Entry) -> bool:
    """A term the glossary keeps in English (not translated, or English preferred).

    Only these are ``missing-term`` findings by default: when such a term is absent from its
    translated block it was translated or dropped, which a reviewer wants to hear. A term with
    a Vietnamese rendering is often legitimately paraphrased, so its misses are reported only
    with ``all_terms`` (``translate check --all-terms``).
    """
    return entry.keep or entry.preferred == entry.term


def is_name(entry: Entry) -> bool:
    """A product or service name (kept as written), as opposed to a kept common term."""
    return entry.keep and (entry.case == "exact" or entry.domain == "service")


def _forbidden(matches: list[TermMatch], alone: bool) -> Iterator[TermMatch]:
    """Forbidden matches, leaving out text that another entry accepts unless a source decides."""
    accepted = {(m.start, m.end) for m in matches if m.kind != "forbidden"}
    for match in matches:
        if match.kind == "forbidden" and ((match.start, match.end) not in accepted or not alone):
            yield match


@dataclass(frozen=True)
class _Locator:
    """Turns a text offset into a file line and column and builds findings."""

    path: str
    document: Document

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.document.line_starts, offset)
        start = self.document.line_starts[line - 1] if line else 0
        return max(line, 1), offset - start + 1

    def line_of(self, text: Text, index: int) -> int:
        return self.position(text.offsets[index])[0]

    def finding(
        self, text: Text, start: int, end: int, rule: str, entry: Entry,
        expected: str | None, message: str, fix: str | None = None,
    ) -> Finding:  # fmt: skip
        offset = text.offsets[start]
        line, column = self.position(offset)
        found = text.plain[start:end] if end > start else None
        renderings = (expected,) if expected and rule == "name-altered" else entry.renderings
        return Finding(
            self.path, line, column, rule, entry.term, found, tuple(renderings), message, fix,
            offset, (text.offsets[end - 1] + 1 - offset) if end > start else 0,
        )  # fmt: skip


def _suppressed(findings: list[Finding], document: Document) -> list[Finding]:
    source = document.source
    ignored = {m.group(1).casefold() for m in _IGNORE.finditer(source)} - {"next-line"}
    quiet_lines: set[int] = set()
    lines = source.splitlines()
    for number, line in enumerate(lines):
        if _IGNORE_LINE.search(line):
            following = next((k for k in range(number + 1, len(lines)) if lines[k].strip()), None)
            if following is not None:
                quiet_lines.add(following + 1)
    return [
        f for f in findings
        if f.line not in quiet_lines and f.term.casefold() not in ignored
        and (f.found or "").casefold() not in ignored
    ]  # fmt: skip


def apply_fixes(source: str, findings: Sequence[Finding]) -> tuple[str, list[Finding]]:
    """``source`` with every unambiguous fix applied, and the findings that were fixed."""
    fixable = sorted((f for f in findings if f.fix and f.length > 0), key=lambda f: f.offset)
    applied: list[Finding] = []
    out: list[str] = []
    pos = 0
    for finding in fixable:
        if (
            finding.offset < pos
            or source[finding.offset : finding.offset + finding.length] != finding.found
        ):
            continue
        out += [source[pos : finding.offset], finding.fix or ""]
        pos = finding.offset + finding.length
        applied.append(finding)
    out.append(source[pos:])
    return "".join(out), applied


def with_path(findings: Sequence[Finding], path: str) -> list[Finding]:
    return [replace(f, path=path) for f in findings]
