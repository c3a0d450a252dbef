"""Term findings for a translated post: pure, offline and fast to import (pre-commit runs it).

Rules, each with a stable name and severity:

- ``missing-term`` (error): a source term whose aligned target block has fewer acceptable
  renderings than the source has occurrences (two ``bucket`` and one rendering is one miss).
  Needs the source. By default only for terms kept in English (see ``kept_in_english``); for
  every glossary term with ``all_terms``. A term lost with a sentence reported as a
  ``dropped-passage`` is not reported again.
- ``forbidden-rendering`` (error): a rendering the glossary forbids (``thùng`` for an S3 bucket).
- ``name-altered`` (error): a do-not-translate name that was translated (``Amazon Kết nối``),
  mis-cased (``Sagemaker``), split or joined (``Parallel Cluster``) or given the wrong vendor
  prefix (``AWS Bedrock``, ``Amazon Lambda``); with a source, also a name of three words or
  more whose middle was translated (``Signature Phiên bản 4``), a name translated in full before
  its short form kept in parentheses (``Dịch vụ ... của Amazon (Amazon EKS)``), and a proper
  name of the post the glossary does not know, missing from one block (see
  ``translate.check.passages``).
- ``inconsistent-rendering`` (warning): one term rendered two different ways in one document,
  only for terms the glossary marks ``consistent: true`` or for every term with ``consistency``
  (``translate check --consistency``): two accepted renderings are usually both fine. Never
  between an abbreviation and its expansion, nor between a term and a longer name or compound
  kept in English around it.
- ``dropped-term`` (warning): a term the glossary marks ``always_rendered`` has no rendering.
- ``dropped-passage``, ``dropped-clause``, ``number-mismatch``, ``link-mismatch``,
  ``code-mismatch`` (warnings): see ``translate.check.passages``, ``translate.check.code`` and
  ``translate.check.identifiers`` (a resource named in prose, ``a table named orders``).
- ``untranslated-text`` (warning): a piece of the aligned English sentence left in English in a
  translated paragraph; see ``translate.check.untranslated``.

Only segment text is read (``translate.document.markdown``), so code blocks, inline code, URLs, link
destinations and front matter keys are never flagged. ``<!-- translate:ignore TERM -->`` silences
a term for the whole file; ``<!-- translate:ignore-next-line -->`` silences the next line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from translate.check.align import align
from translate.check.names import (
    NameIndex,
    misspelled,
    partly_translated,
    translated_before_gloss,
    translated_before_vendor,
)
from translate.check.terms import (
    accepts_english,
    always_rendered,
    cue_entries,
    cued,
    derived,
    forbidden_matches,
    glossed_names,
    in_context,
    in_parentheses,
    in_sense,
    is_name,
    kept_in_english,
    lent_bans,
    lent_senses,
    occurrences,
    rendered,
    rendering_key,
    renderings,
    resensed,
    same_choice,
    sense_entries,
    windows,
    words,
)
from translate.check.text import Text, texts
from translate.document import Document
from translate.glossary import Entry, TermMatch, TermMatcher

__all__ = [
    "RULES", "Checker", "Finding", "Text", "apply_fixes", "is_name", "kept_in_english",
    "occurrences", "rendered", "texts", "windows", "with_path", "words",
]  # fmt: skip

Severity = Literal["error", "warning"]
RULES: dict[str, tuple[Severity, str]] = {
    "missing-term": ("error", "a source term has no acceptable rendering in its translation"),
    "forbidden-rendering": ("error", "the glossary forbids this rendering"),
    "name-altered": ("error", "a name that must stay as it is was changed"),
    "inconsistent-rendering": ("warning", "one term is rendered two different ways"),
    "dropped-term": ("warning", "a term translators nearly always render has no rendering"),
    "dropped-passage": ("warning", "an English passage has no counterpart in the translation"),
    "dropped-clause": ("warning", "an English sentence is translated only in part"),
    "number-mismatch": ("warning", "a number of the English block is not in its translation"),
    "link-mismatch": ("warning", "a link target of the English block is not in its translation"),
    "code-mismatch": ("warning", "inline code of the English block is not in its translation"),
    "untranslated-text": ("warning", "English of the source is left untranslated in a sentence"),
}
_IGNORE = re.compile(r"<!--\s*translate:ignore\s+(.+?)\s*-->")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_CAPITAL_WORD = re.compile(r"\b[A-Z][A-Za-z0-9]*")
_REPEATED = 3  # mentions of one term in one block from which a translation may say "it" for some
_IGNORE_LINE = re.compile(r"<!--\s*translate:ignore-next-line\s*-->")


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


class Checker:
    """Checks documents against one glossary; build once, reuse for many files."""

    def __init__(
        self, matcher: TermMatcher, *, all_terms: bool = False, consistency: bool = False
    ) -> None:
        bans = lent_bans(matcher.glossary.entries)
        if bans:  # (a team's CSV takes the shipped glossary's bans: see ``lent_bans``)
            matcher = TermMatcher(replace(matcher.glossary, entries=bans))
        self.matcher = matcher
        self.names = NameIndex(matcher.glossary)
        self.all_terms = all_terms
        self.consistency = consistency
        self.consistent = frozenset(e for e in matcher.glossary.entries if e.consistent)
        self.senses = sense_entries(matcher.glossary.entries)
        self.cues = cue_entries(matcher.glossary.entries)
        self.lent = lent_senses(matcher.glossary.entries)

    def check(self, path: str, target: Document, source: Document | None = None) -> list[Finding]:
        """Findings for ``target`` (and its ``source`` when known), in file order."""
        where = _Locator(path, target)
        target_texts = texts(target)
        found = [self.matcher.find_target(text.plain) for text in target_texts]
        findings: list[Finding] = []
        aligned: dict[int, list[TermMatch]] | None = None
        english: dict[int, frozenset[str]] = {}
        if source is not None:
            aligned = {}
            source_texts = texts(source)
            findings += self._bilingual(where, source_texts, target_texts, found, aligned, english)
            findings += self._changed_code(where, source, target)
        findings += self._monolingual(where, target_texts, found, aligned)
        if self._checks_consistency():
            findings += self._inconsistent(where, target_texts, found, aligned, english)
        if source is not None:
            findings = [f for f in findings if not _as_in_source(f, source)]
        return _suppressed(
            sorted(dict.fromkeys(findings), key=lambda f: (f.line, f.column, f.rule)), target
        )

    def _checks_consistency(self) -> bool:
        """Whether ``inconsistent-rendering`` runs: ``--consistency``, or terms that ask for it."""
        return self.consistency or bool(self.consistent)

    def _changed_code(
        self, where: _Locator, source: Document, target: Document
    ) -> Iterator[Finding]:
        from translate.check.code import PostCode, changed_code, unfenced_code  # (with a source)

        english, translation = PostCode.of(source.source), PostCode.of(target.source)
        for offset, first in unfenced_code(english, translation):
            message = f"the code block '{_short(first)}' is not a code block in the translation"
            yield where.at(offset, "code-mismatch", first, message)

        for offset, line, was in changed_code(english, translation):
            message = f"code changed in the translation: '{_short(line)}'"
            if was:
                message += f" (the source has '{_short(was)}')"
            yield where.at(offset, "code-mismatch", was or line, message, (was,) if was else ())

    def _monolingual(
        self,
        where: _Locator,
        items: list[Text],
        found: list[list[TermMatch]],
        aligned: dict[int, list[TermMatch]] | None,
    ) -> Iterator[Finding]:
        """Forbidden renderings and damaged names; with a source (``aligned`` holds each block's
        source terms), a forbidden rendering of a common term only where the aligned English
        has the term and the block is short of its acceptable renderings."""
        for index, (text, matches) in enumerate(zip(items, found, strict=True)):
            reported = []
            covered = [(m.start, m.end) for m in matches]
            altered = list(self.names.altered(text.plain, covered))
            for match in forbidden_matches(matches, aligned is None):
                if aligned is None and in_context(match):
                    continue  # wrong only for the term, and without a source it cannot be told
                source = aligned.get(index) if aligned is not None else None
                short = _short_by(text.plain, match, matches, source)
                if aligned is not None and short < 1:
                    continue
                if is_name(match.entry) and _inside_longer(match, altered):
                    continue  # "Opensearch" in "Amazon Opensearch Serverless": the longer name
                reported.append((match.start, match.end))
                sure = not in_context(match) or _times(match, matches) <= short
                yield self._forbidden_finding(where, text, match, matches, sure)
            for start, end, entry, fix in altered:
                if any(a < end and start < b for a, b in reported):
                    continue  # already reported as a forbidden rendering
                yield where.finding(
                    text, start, end, "name-altered", entry, fix,
                    f"'{text.plain[start:end]}' should be written '{fix}'", fix=fix,
                )  # fmt: skip

    def _forbidden_finding(
        self,
        where: _Locator,
        text: Text,
        match: TermMatch,
        matches: list[TermMatch],
        sure: bool = True,
    ) -> Finding:
        """The finding for a forbidden text; its fix, unless not ``sure`` (an in-context ban the
        block holds more often than it is wrong there) or the term has several renderings, is
        the one rendering, capitalised as the text was."""
        entry = match.entry
        rule = "name-altered" if is_name(entry) else "forbidden-rendering"
        inner = [
            m for m in matches if match.start <= m.start and m.end <= match.end and m is not match
        ]
        fix = self.names.fix_for(match.surface, entry) if entry.keep else None
        if (
            not entry.keep
            and sure
            and len(entry.renderings) == 1
            and not self._holds_other_terms(match, inner)
        ):
            fix = entry.preferred
            if match.surface[:1].isupper() and fix[:1].islower():
                fix = fix[:1].upper() + fix[1:]  # "Băng thông ..." opened a sentence
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
        english_words: dict[int, frozenset[str]],
    ) -> Iterator[Finding]:
        """Missing terms per aligned pair; notes each target block's source terms in ``aligned``
        and the source's words in ``english_words``.

        A pair's target side also holds the unpaired target blocks next to it, so a paragraph the
        translator split in two is compared with both halves.
        """
        source_found, pairs = self.align(sources, targets, found)
        english: dict[int, list[TermMatch]] = {}
        spans = windows(pairs, len(targets))
        left_out: dict[int, str] = {}  # per English block, the sentences its translation lacks
        yield from _gaps(where, sources, targets, pairs, spans, source_found, left_out)
        yield from _renamed(where, sources, targets, spans)
        yield from _partly_translated(where, source_found, targets, spans)
        yield from _translated_before_gloss(where, sources, source_found, targets, spans, found)
        yield from _untranslated(where, sources, targets, spans, found)
        consistency = self._checks_consistency()
        for i, j, lo, hi in spans:
            source_matches = source_found[i]
            source_words = _english_words(sources[i].plain) if consistency else frozenset()
            for k in range(lo, hi):
                aligned.setdefault(k, []).extend(source_matches)
                if consistency:  # (only the consistency rule reads the English words)
                    english_words[k] = english_words.get(k, frozenset()) | source_words
            wanted = occurrences(sources[i].plain, source_matches)
            if i in left_out:  # a term lost with a dropped sentence: reported as the sentence
                wanted -= occurrences(left_out[i], self._source_terms(left_out[i]))
            left = self._left_in_english(sources[i], targets, lo, hi, wanted)
            if not wanted or not (self.all_terms or left or any(map(self._reported, wanted))):
                continue  # no term here could be a missing-term finding
            have: Counter[Entry] = Counter()
            for k in range(lo, hi):
                have += rendered(targets[k].plain, found[k], [])
            if not self._short(have, wanted, left):
                continue  # renderings nested in other terms, or English forms, only add to these
            have = Counter()
            for k in range(lo, hi):
                if k not in english:
                    english[k] = self.matcher.find_source(targets[k].plain)
                inner = self._inner(targets[k].plain, found[k], wanted)
                have += rendered(targets[k].plain, found[k] + inner, english[k])
            for k in range(lo, hi):  # a damaged name is reported as such, not also as missing
                have.update(entry for *_, entry, _ in self.names.altered(targets[k].plain, []))
            have.update(m.entry for _, _, _, m in _partial_names(source_matches, targets, lo, hi))
            have.update(_translated_glossed(sources[i].plain, source_matches, targets, lo, hi))
            for entry in (e for e, count in wanted.items() if have[e] < count):
                have[entry] += derived((targets[k].plain for k in range(lo, hi)), entry)
            kept_english = Counter(m.entry for k in range(lo, hi) for m in english[k])
            for entry, count in wanted.items():
                if count >= _REPEATED and have[entry]:
                    have[entry] = count  # a mention repeated three times: "it" stands for some
                elif not kept_in_english(entry):  # kept in English (a title, a caption)
                    kept = max(kept_english[entry] - left[entry], 0)
                    have[entry] = min(count, have[entry] + kept)
            yield from self._missing(where, targets[j], have, wanted, sources[i].plain, left)

    def _reported(self, entry: Entry) -> bool:
        """Whether a term short of renderings is a finding without ``all_terms``: a term kept in
        English, or one translators render nearly always (``always_rendered``)."""
        return kept_in_english(entry) or always_rendered(entry)

    def _short(self, have: Counter[Entry], wanted: Counter[Entry], left: Counter[Entry]) -> bool:
        """Whether some wanted term that could be reported missing has too few renderings."""
        return any(
            have[entry] < count and (self.all_terms or self._reported(entry) or entry in left)
            for entry, count in wanted.items()
        )

    def _left_in_english(
        self, source: Text, targets: list[Text], lo: int, hi: int, wanted: Counter[Entry]
    ) -> Counter[Entry]:
        """The wanted terms blocks ``lo`` to ``hi`` keep in English against the glossary, which
        gives them no English form: a missing rendering whether or not ``_reported``."""
        if all(map(accepts_english, wanted)):
            return Counter()  # (every wanted term may stay in English: nothing to look for)
        from translate.check.untranslated import kept_against_glossary  # (with a source)

        left: Counter[Entry] = Counter()
        for k in range(lo, hi):
            left += kept_against_glossary(targets[k], source, self.matcher)
        return Counter({entry: n for entry, n in left.items() if entry in wanted})

    def align(
        self, sources: list[Text], targets: list[Text], found: list[list[TermMatch]]
    ) -> tuple[list[list[TermMatch]], list[tuple[int, int]]]:
        """Source terms per source block, and the aligned block pairs (terms as anchors)."""
        source_found = [self._source_terms(t.plain) for t in sources]
        pairs = align(
            [t.segment for t in sources],
            [t.segment for t in targets],
            [frozenset(m.entry.term for m in matches) for matches in source_found],
            [frozenset(m.entry.term for m in matches) for matches in found],
        )
        return source_found, pairs

    def _source_terms(self, plain: str) -> list[TermMatch]:
        """The glossary terms of an English block, in the senses the glossary means (see
        ``translate.check.terms``: other senses, phrases that make a term another entry's, and
        phrases that stand for an entry)."""
        found = words(plain, self.matcher.find_source(plain))
        matches = cued(plain, resensed(plain, found, self.senses), self.cues)
        return in_sense(plain, matches, self.lent)

    def _inner(
        self, plain: str, matches: list[TermMatch], wanted: Counter[Entry]
    ) -> list[TermMatch]:
        """Renderings of wanted terms inside a longer match of a term the source lacks
        (``mô hình`` for *model* inside ``huấn luyện mô hình``, *model training*), or inside a
        forbidden rendering (``S3`` inside ``thùng S3``, reported as such)."""
        inner: list[TermMatch] = []
        for outer in matches:
            if outer.entry in wanted and outer.kind != "forbidden":
                continue  # (a forbidden rendering can hold a name: ``thùng S3``)
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
        self,
        where: _Locator,
        text: Text,
        have: Counter[Entry],
        wanted: Counter[Entry],
        english: str,
        left: Counter[Entry],
    ) -> Iterator[Finding]:
        for entry, count in wanted.items():
            missing = count - have[entry]
            if missing <= 0 or not (self.all_terms or self._reported(entry) or entry in left):
                continue
            altered = self._translated_name(text.plain, entry, english)
            if altered is not None:
                start, end = altered
                written = text.plain[start:end]
                message = f"'{written}' should stay '{entry.term}'"
                message += "" if written.isascii() else " (do not translate)"
                yield where.finding(text, start, end, "name-altered", entry, entry.term, message)
                continue
            times = f" ({missing} of {count} occurrences)" if count > 1 else ""
            renderings = " or ".join(f"'{r}'" for r in entry.renderings[:3])
            message = f"'{entry.term}' in the source has no rendering here{times}; use {renderings}"
            rule = "missing-term"
            if entry in left:
                message = f"'{entry.term}' is left in English here{times}; use {renderings}"
            elif not self.all_terms and not entry.keep and always_rendered(entry):
                rule = "dropped-term"
                message = f"'{entry.term}' in the source is dropped here{times}; use {renderings}"
            yield where.finding(text, 0, 0, rule, entry, None, message)

    def _translated_name(self, plain: str, entry: Entry, english: str) -> tuple[int, int] | None:
        """Where a kept name the block lacks was translated, vendor first or last, or is
        misspelled (a name of several words)."""
        if not entry.keep:
            return None
        found = self.names.translated(plain, entry, english)
        if found is None:
            found = translated_before_vendor(plain, entry.term)
        if found is None and is_name(entry):  # the form the source writes: Savings Plans
            forms = [form for form in entry.source_forms if form in english] or [entry.term]
            found = next(filter(None, (misspelled(plain, form) for form in forms)), None)
        return found

    def _inconsistent(
        self,
        where: _Locator,
        items: list[Text],
        found: list[list[TermMatch]],
        sources: dict[int, list[TermMatch]] | None,
        english: dict[int, frozenset[str]],
    ) -> Iterator[Finding]:
        """One warning per term rendered two ways (for the same source form, when known)."""
        first: dict[tuple[Entry, str], tuple[str, Text, int]] = {}  # line found when reported
        reported: set[Entry] = set()
        for index, (text, matches) in enumerate(zip(items, found, strict=True)):
            source = None if sources is None else sources.get(index, [])
            forms: dict[Entry, str] | None = None
            words_beside = english.get(index, frozenset())
            for match in renderings(text.plain, matches, source, words_beside):
                entry = match.entry
                if entry in reported or not (self.consistency or entry in self.consistent):
                    continue
                if forms is None:
                    forms = {m.entry: rendering_key(m.entry, m.surface) for m in source or []}
                surface = rendering_key(entry, match.surface)
                group = (entry, forms.get(entry, ""))
                if group not in first:
                    first[group] = (surface, text, match.start)
                elif not same_choice(first[group][0], surface):
                    reported.add(entry)
                    was, first_text, first_start = first[group]
                    line = where.line_of(first_text, first_start)
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


def _gaps(
    where: _Locator,
    sources: list[Text],
    targets: list[Text],
    pairs: list[tuple[int, int]],
    spans: list[tuple[int, int, int, int]],
    source_found: list[list[TermMatch]],
    left_out: dict[int, str],
) -> Iterator[Finding]:
    """The passage checks' findings (``translate.check.passages``); notes in ``left_out`` the
    English sentences each English block lost, which are reported as such and nothing else."""
    from translate.check.passages import gaps  # (only a check with a source needs it)

    known = [frozenset(_CAPITAL_WORD.findall(" ".join(m.surface for m in found_here)))
             for found_here in source_found]  # fmt: skip
    for gap in gaps(sources, targets, pairs, spans, known):
        kept = (gap.term,) if gap.rule in ("name-altered", "code-mismatch") else ()
        yield where.block_finding(targets[gap.target], gap.rule, gap.term, gap.message, kept)
        if gap.rule in ("dropped-passage", "dropped-clause") and gap.source is not None:
            left_out[gap.source] = gap.term


def _untranslated(
    where: _Locator,
    sources: list[Text],
    targets: list[Text],
    spans: list[tuple[int, int, int, int]],
    found: list[list[TermMatch]],
) -> Iterator[Finding]:
    """English of the aligned block left untranslated (``translate.check.untranslated``)."""
    from translate.check.untranslated import untranslated

    for k, start, fragment in untranslated(sources, targets, spans, found):
        message = f"'{_short(fragment)}' is left in English; translate it"
        yield where.at(targets[k].offsets[start], "untranslated-text", fragment, message)


def _renamed(
    where: _Locator,
    sources: list[Text],
    targets: list[Text],
    spans: list[tuple[int, int, int, int]],
) -> Iterator[Finding]:
    """A resource name the English gives in prose (``a table named customer``) that its
    translation lost, most likely translated (``bảng khách hàng``)."""
    from translate.check.identifiers import missing_identifiers  # (only with a source)

    for i, j, lo, hi in spans:
        window = [targets[k] for k in range(lo, hi)]
        texts_here = [t.plain for t in window]
        texts_here += [s.text for t in window for s in t.segment.spans if s.kind == "code"]
        for name in missing_identifiers(sources[i].plain, texts_here):
            message = f"the name '{name}' in the source is not in the translation (keep it as is)"
            yield where.block_finding(targets[j], "code-mismatch", name, message, (name,))


def _partly_translated(
    where: _Locator,
    source_found: list[list[TermMatch]],
    targets: list[Text],
    spans: list[tuple[int, int, int, int]],
) -> Iterator[Finding]:
    """A kept name of the English block whose translation keeps its first and last words and
    translates the middle (``Signature Phiên bản 4``), even where a short form is there too."""
    for i, _, lo, hi in spans:
        for k, start, end, match in _partial_names(source_found[i], targets, lo, hi):
            message = f"'{targets[k].plain[start:end]}' should stay '{match.surface}'"
            yield where.finding(
                targets[k], start, end, "name-altered", match.entry, match.surface, message,
                fix=match.surface,
            )  # fmt: skip


def _translated_before_gloss(
    where: _Locator,
    sources: list[Text],
    source_found: list[list[TermMatch]],
    targets: list[Text],
    spans: list[tuple[int, int, int, int]],
    found: list[list[TermMatch]],
) -> Iterator[Finding]:
    """A name the English gives in full before its short form in parentheses, translated in
    full before the short form kept (``Dịch vụ Kubernetes Đàn hồi của Amazon (Amazon EKS)``):
    the short form does not make up for the name. A translation the glossary forbids, or a name
    partly translated, is reported as such instead."""
    for i, _, lo, hi in spans:
        for full, short, entry in glossed_names(sources[i].plain, source_found[i]):
            for k in range(lo, hi):
                span = translated_before_gloss(targets[k].plain, full, short)
                if span is not None and not _reported_name(targets[k].plain, found[k], span, full):
                    message = f"'{targets[k].plain[span[0] : span[1]]}' should stay '{full}'"
                    yield where.finding(
                        targets[k], *span, "name-altered", entry, full, message, fix=None
                    )


def _translated_glossed(
    source: str, matches: list[TermMatch], targets: list[Text], lo: int, hi: int
) -> Iterator[Entry]:
    """The names of ``source`` given with a short form that target blocks ``lo..hi-1``
    translate before it (reported by ``_translated_before_gloss``, not also as missing)."""
    for full, short, entry in glossed_names(source, matches):
        if any(translated_before_gloss(targets[k].plain, full, short) for k in range(lo, hi)):
            yield entry


def _reported_name(plain: str, found: list[TermMatch], span: tuple[int, int], name: str) -> bool:
    """Whether a forbidden text or the name partly translated lies in ``span`` of ``plain``."""
    start, end = span
    partly = partly_translated(plain[start:end], name)
    return partly is not None or any(
        m.kind == "forbidden" and start <= m.start and m.end <= end for m in found
    )


def _partial_names(
    source: list[TermMatch], targets: list[Text], lo: int, hi: int
) -> list[tuple[int, int, int, TermMatch]]:
    """``(block, start, end, source match)`` for each kept name of three words or more that
    target blocks ``lo..hi-1`` write fewer times than the English does, partly translated there
    (``EMR trên EKS``); a name written in full as often as in the English is no such case."""
    counts = Counter(m.surface for m in source if m.entry.keep and len(m.surface.split()) > 2)
    found = []
    for match in source:
        if not counts[match.surface]:
            continue  # (not such a name, or looked for already: the translation is not read)
        if counts[match.surface] <= sum(
            targets[k].plain.count(match.surface) for k in range(lo, hi)
        ):
            continue
        counts[match.surface] = 0  # (each name looked for once)
        for k in range(lo, hi):
            where = partly_translated(targets[k].plain, match.surface)
            if where is not None:
                found.append((k, *where, match))
    return found


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

    def block_finding(
        self, text: Text, rule: str, term: str, message: str, expected: tuple[str, ...] = ()
    ) -> Finding:
        """A finding about a whole block (reported at its start), not about one of its terms;
        ``expected`` is the text the translation should have, where it is known."""
        return self.at(text.offsets[0] if text.offsets else 0, rule, term, message, expected)

    def at(
        self, offset: int, rule: str, term: str, message: str, expected: tuple[str, ...] = ()
    ) -> Finding:
        """A finding at a file offset, about no glossary term."""
        line, column = self.position(offset)
        return Finding(
            self.path, line, column, rule, term, None, expected, message, None, offset, 0
        )

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


def _inside_longer(match: TermMatch, altered: list[tuple[int, int, Entry, str]]) -> bool:
    """Whether a damaged name found around ``match`` is longer than it (and of another entry)."""
    return any(
        start <= match.start and match.end <= end and end - start > match.end - match.start
        and entry != match.entry
        for start, end, entry, _ in altered
    )  # fmt: skip


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _times(match: TermMatch, matches: list[TermMatch]) -> int:
    """How often the block holds the forbidden text ``match`` found, for its entry."""
    surface = match.surface.casefold()
    return sum(m.entry == match.entry and m.surface.casefold() == surface for m in matches)


def _short_by(
    plain: str, match: TermMatch, matches: list[TermMatch], source: list[TermMatch] | None
) -> int:
    """By how many the aligned English has a forbidden match's term more times than the block
    has acceptable renderings of it (reported where more than 0; a large number when it is
    always reported). Names, and the native glossary's forbidden texts
    (phrases wrong in every context, by its rules), are always reported; a team glossary's
    deprecated terms (TBX, CSV, TSV, TMX) are often ordinary words in other senses. A rendering
    in parentheses after the forbidden text glosses it (``quảng bá (model promotion)``): the
    reader still reads the wrong word, so the gloss does not count. A native forbidden text
    reported everywhere (``phiên bản EC2``) accounts for a mention as a rendering does, so a
    bare ``phiên bản`` beside it is taken for a version."""
    entry = match.entry
    native = entry.path is None or entry.path.suffix in (".yaml", ".yml")
    if is_name(entry) or (native and not in_context(match)):
        return len(plain) + 1
    wanted = sum(1 for m in source or [] if m.entry == entry)
    have = sum(
        1 for m in matches
        if m.entry == entry and (m.kind != "forbidden" or (native and not in_context(m)))
        and not (m.start > match.end and in_parentheses(plain, m))
    )  # fmt: skip
    return wanted - have


def _as_in_source(finding: Finding, source: Document) -> bool:
    """A damaged name or a banned spelling the English source has too (``AWS CloudFront``,
    ``Route53``): the translation copied it, which is no translation mistake."""
    found = finding.found
    return (
        finding.rule in ("name-altered", "forbidden-rendering")
        and found is not None
        and found.isascii()
        and re.search(rf"(?<!\w){re.escape(found)}(?!\w)", source.source) is not None
    )


def _english_words(plain: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in _WORD.findall(plain))


def _suppressed(findings: list[Finding], document: Document) -> list[Finding]:
    source = document.source
    ignored = {m.group(1).casefold() for m in _IGNORE.finditer(source)} - {"next-line"}
    quiet_lines: set[int] = set()
    lines = source.splitlines() if "translate:ignore-next-line" in source else []
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
