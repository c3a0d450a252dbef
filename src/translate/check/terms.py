"""The term helpers the check rules share (and the Amazon Translate engine reuses): which
matches are words, how source occurrences and target renderings are counted, and what counts as
one rendering choice."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from functools import cache
from itertools import pairwise

from translate.glossary import Entry, TermMatch

_JOINERS = frozenset("-._/\\")  # between word characters, these join an identifier or path
_TITLE_WORD = re.compile(r"[A-Z][A-Za-z0-9]*")


def windows(pairs: list[tuple[int, int]], count: int) -> list[tuple[int, int, int, int]]:
    """``(i, j, lo, hi)`` per aligned pair: target blocks ``lo..hi-1`` are ``j`` and the unpaired
    blocks on either side of it (shared with the neighbouring pair; the first and last pairs take
    in the unpaired blocks before and after them, a last paragraph split in three)."""
    out: list[tuple[int, int, int, int]] = []
    for k, (i, j) in enumerate(pairs):
        lo = pairs[k - 1][1] + 1 if k else 0
        hi = pairs[k + 1][1] if k + 1 < len(pairs) else count
        out.append((i, j, min(lo, j), max(hi, j + 1)))
    return out


def words(plain: str, matches: list[TermMatch]) -> list[TermMatch]:
    """Matches that are words, not part of an identifier or path (``athena-query``,
    ``ml.m5.large``, ``/opt/ml/input``). A term of several words is never part of one: in
    ``Current assets/Current liabilities`` both terms are words."""
    return [m for m in matches if " " in m.surface or not _joined(plain, m.start, m.end)]


def _joined(plain: str, start: int, end: int) -> bool:
    before = start > 1 and plain[start - 1] in _JOINERS and plain[start - 2].isalnum()
    after = plain[end : end + 1] in _JOINERS and plain[end + 1 : end + 2].isalnum()
    if (
        after
        and plain[end] == "."
        and plain[end + 1].isupper()
        and plain[end + 2 : end + 3].islower()
    ):
        after = False  # "bucket.Tiếp theo": a sentence glued on by a missing space
    return before or after


def in_sense(plain: str, matches: list[TermMatch], lent: Lent | None = None) -> list[TermMatch]:
    """Matches that are the glossary's sense of the term: not inside one of the entry's
    ``other_senses`` phrases (``for instance`` is no EC2 instance, ``technology stack`` no
    CloudFormation stack), or those ``lent`` to it (see ``lent_senses``)."""
    lent = lent or {}
    return [m for m in matches if not _other_sense(plain, m, lent.get(m.entry, ()))]


# Other senses of common terms that hold for any glossary (a team's TBX says none).
COMMON_SENSES: dict[str, tuple[str, ...]] = {
    "instance": (
        "for instance",
        "in this instance",
        "in some instances",
        "in many instances",
        "instance of a",
        "instances of a",
        "instance of the",
        "instances of the",
    ),
    "bucket": ("histogram bucket", "buckets of", "bucket of"),
    "stack": ("technology stack", "tech stack", "software stack", "full stack", "full-stack"),
    "agent": ("human agent", "live agent", "support agent", "new agents", "travel agent"),
    "token": ("by the same token",),
    "drop": ("drag and drop", "drag-and-drop", "drop-down", "drop down"),
    "retraining": tuple(
        f"{verb} {people}"
        for verb in ("retraining", "retrain")
        for people in ("staff", "employees", "agents", "workers")
    ),
}


# Terms translators render nearly always (few aligned paragraphs in the corpus evidence have none
# of their renderings): a missing one is a dropped-term warning with any glossary.
ALWAYS_RENDERED = frozenset({
    "data lake", "latency", "real-time", "observability", "throughput", "inference",
    "fine-tuning", "failover", "dashboard", "metadata", "orchestration", "compliance",
    "encryption", "encryption at rest", "encryption in transit", "guardrail",
    "high availability", "on-premises", "use case", "real-time inference", "data warehouse",
    "resilience",
})  # fmt: skip


def always_rendered(entry: Entry) -> bool:
    """A translated term whose absence is reported as ``dropped-term``."""
    return entry.always_rendered or entry.term.casefold() in ALWAYS_RENDERED


def _senses(entry: Entry) -> tuple[str, ...]:
    return entry.other_senses + COMMON_SENSES.get(entry.term.casefold(), ())


Lent = dict[Entry, tuple[str, ...]]
Senses = dict[str, tuple[tuple[Entry, tuple[str, ...]], ...]]
Cues = list[tuple[Entry, re.Pattern[str]]]


def sense_entries(entries: Sequence[Entry]) -> Senses:
    """The glossary's ``meant_by``: by term, the entries a phrase can make it, with the phrases
    (``agent`` in ``transfers to agents`` is a contact center agent)."""
    by_term = {e.term.casefold() for e in entries}
    senses: dict[str, list[tuple[Entry, tuple[str, ...]]]] = {}
    for entry, meant_by, _, _ in _sense_fields(entries):
        for term, phrases in meant_by:
            if term.casefold() in by_term and phrases:
                senses.setdefault(term.casefold(), []).append((entry, phrases))
    return {term: tuple(found) for term, found in senses.items()}


def cue_entries(entries: Sequence[Entry]) -> Cues:
    """The glossary's ``implied_by``: the entries that have phrases, each with one pattern."""
    from translate.glossary.phrases import pattern

    return [
        (entry, pattern(implied_by))
        for entry, _, implied_by, _ in _sense_fields(entries)
        if implied_by
    ]


def lent_senses(entries: Sequence[Entry]) -> Lent:
    """The ``other_senses`` of the shipped glossary's entry of the same term, for each entry of
    a TBX, CSV, TSV or TMX glossary (formats that cannot hold them): a team's ``training``
    is not counted in ``training sessions`` either."""
    fields = _sense_fields(entries)
    return {
        entry: senses for entry, _, _, senses in fields if senses and senses != entry.other_senses
    }


_SenseFields = tuple[
    Entry, tuple[tuple[str, tuple[str, ...]], ...], tuple[str, ...], tuple[str, ...]
]


def _sense_fields(entries: Sequence[Entry]) -> list[_SenseFields]:
    """``meant_by``, ``implied_by`` and ``other_senses`` per entry. An entry of a TBX, CSV, TSV
    or TMX glossary, formats that cannot hold them, takes those of the shipped glossary's entry
    of its term."""
    from translate.glossary.paths import NATIVE_SUFFIXES

    foreign = [e.path is not None and e.path.suffix.lower() not in NATIVE_SUFFIXES for e in entries]
    lent = _shipped_entries() if any(foreign) else {}
    fields = []
    for entry, borrows in zip(entries, foreign, strict=True):
        owner = (lent.get(entry.term.casefold()) if borrows else None) or entry
        fields.append((entry, owner.meant_by, owner.implied_by, owner.other_senses))
    return fields


_BANLESS = (".csv", ".tsv", ".txt", ".tmx")  # glossary formats that cannot forbid a rendering


def lent_bans(entries: Sequence[Entry]) -> tuple[Entry, ...] | None:
    """``entries`` with each entry of a CSV, TSV or TMX glossary (formats that cannot forbid a
    rendering) given the forbidden renderings of the shipped glossary's entry of its term, all
    but those holding one of its own renderings (a team's ``instance`` is not ``phiên bản``
    either, unless it says so); None when no entry takes any."""
    if not any(map(_banless, entries)):
        return None
    shipped, lent, out = _shipped_entries(), False, []
    for entry in entries:
        lender = shipped.get(entry.term.casefold())
        if lender and not entry.forbidden and _banless(entry):
            bans = tuple(f for f in lender.forbidden if not _holds_rendering(f.text, entry))
            if bans:
                entry, lent = replace(entry, forbidden=bans), True
        out.append(entry)
    return tuple(out) if lent else None


def as_checked(entries: Sequence[Entry]) -> tuple[Entry, ...]:
    """``entries`` as the checker reads them, for ``glossary import`` to write as native YAML:
    an entry of a team's TBX, CSV, TSV or TMX file with the bans and senses the shipped entry of
    its term lends it (``lent_bans``, ``_sense_fields``; a ``meant_by`` only when it names one
    of ``entries``), and each forbidden text of a common term ``in_context``, since a team's
    deprecated term is reported only where the aligned English has the term."""
    entries = lent_bans(entries) or tuple(entries)
    terms = {e.term.casefold() for e in entries}
    out = []
    for entry, meant_by, implied_by, senses in _sense_fields(entries):
        if _native(entry):
            out.append(entry)
            continue
        bans = entry.forbidden
        if not is_name(entry):
            bans = tuple(replace(f, in_context=True) for f in bans)
        meant_by = tuple((term, p) for term, p in meant_by if term.casefold() in terms)
        out.append(
            replace(
                entry, forbidden=bans, meant_by=meant_by, implied_by=implied_by, other_senses=senses
            )
        )
    return tuple(out)


def _native(entry: Entry) -> bool:
    return entry.path is None or entry.path.suffix.lower() in (".yaml", ".yml")


def _banless(entry: Entry) -> bool:
    return entry.path is not None and entry.path.suffix.lower() in _BANLESS


def _holds_rendering(text: str, entry: Entry) -> bool:
    folded = f" {text.casefold()} "
    return any(f" {r.casefold()} " in folded for r in entry.renderings)


@cache  # (the shipped glossary is read once a process, not once per field it lends)
def _shipped_entries() -> dict[str, Entry]:
    from translate.glossary.loader import load_glossary
    from translate.glossary.paths import shipped_glossary

    return {e.term.casefold(): e for e in load_glossary([shipped_glossary()]).entries}


def cued(plain: str, matches: list[TermMatch], cues: Cues) -> list[TermMatch]:
    """``matches`` and the ``implied_by`` phrases of ``plain`` that no match of their entry
    covers."""
    added = [
        TermMatch(m.start(), m.end(), entry, m.group())
        for entry, cue in cues
        for m in cue.finditer(plain)
        if not any(t.entry == entry and t.start < m.end() and m.start() < t.end for t in matches)
    ]
    return sorted(matches + added, key=lambda t: t.start) if added else matches


def resensed(plain: str, matches: list[TermMatch], senses: Senses) -> list[TermMatch]:
    """``matches`` with a term inside one of its ``meant_by`` phrases counted as the entry the
    phrase makes it (``agents`` in ``transfers to agents`` is a contact center agent)."""
    if not senses:
        return matches
    out = []
    for match in matches:
        for entry, phrases in senses.get(match.entry.term.casefold(), ()):
            if _within(plain, match, phrases):
                match = replace(match, entry=entry)
                break
        out.append(match)
    return out


def _other_sense(plain: str, match: TermMatch, lent: tuple[str, ...] = ()) -> bool:
    senses = _senses(match.entry) + lent
    return bool(senses) and _within(plain, match, senses)


def _within(plain: str, match: TermMatch, phrases: Sequence[str]) -> bool:
    """Whether ``match`` lies inside one of ``phrases`` (whole words, case aside; a phrase with
    ``<name>`` as ``translate.glossary.phrases`` says)."""
    if any(start <= match.start and match.end <= end for start, end in _spans(plain, phrases)):
        return True
    folded = plain.casefold()
    for phrase in phrases:
        if _PLACEHOLDER in phrase:
            continue
        key = phrase.casefold()
        start = folded.find(key, max(match.end - len(key), 0))
        while -1 < start <= match.start:
            end = start + len(key)
            edges = folded[start - 1 : start] if start else "", folded[end : end + 1]
            if match.end <= end and not any(c.isalnum() for c in edges):
                return True
            start = folded.find(key, start + 1)
    return False


_PLACEHOLDER = "<name>"  # translate.glossary.phrases.PLACEHOLDER, not imported until needed


def _spans(plain: str, phrases: Sequence[str]) -> list[tuple[int, int]]:
    """Where the phrases with a placeholder occur in ``plain``."""
    if not any(_PLACEHOLDER in phrase for phrase in phrases):
        return []
    from translate.glossary.phrases import spans

    return spans(plain, phrases)


def in_context(match: TermMatch) -> bool:
    """Whether the forbidden text ``match`` found is one the glossary forbids only in context
    (``in_context: true``): wrong only where the term's accepted renderings are short."""
    surface = match.surface.casefold()
    return any(f.in_context and f.text.casefold() == surface for f in match.entry.forbidden)


def _glued_sentence(text: str) -> bool:
    """``.Ti``: a full stop, then a capital and a lowercase letter (a word, not an identifier)."""
    return len(text) == 3 and text[0] == "." and text[1].isupper() and text[2].islower()


def occurrences(plain: str, matches: list[TermMatch]) -> Counter[Entry]:
    """Source occurrences per entry; ``extract, transform, and load (ETL)`` counts once."""
    counts: Counter[Entry] = Counter()
    previous: TermMatch | None = None
    for match in words(plain, matches):
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


def glossed_names(plain: str, matches: list[TermMatch]) -> Iterator[tuple[str, str, Entry]]:
    """``(full, short, entry)`` for each name given in full with its short form in parentheses
    (``Amazon Elastic Kubernetes Service (Amazon EKS)``), a form of the glossary or an acronym
    it does not list (``AWS Database Migration Service (AWS DMS)``)."""
    for first, second in pairwise([*matches, None]):
        if first is None or not is_name(first.entry):
            continue
        if (
            second is not None
            and first.entry == second.entry
            and first.surface != second.surface
            and plain[first.end : second.start].strip() == "("
            and plain[second.end : second.end + 1] == ")"
        ):
            yield first.surface, second.surface, first.entry
        elif (short := _SHORT_FORM.match(plain, first.end)) and _initials(short[1], first.surface):
            yield first.surface, short.group(1), first.entry


# A short form in parentheses right after a name: an acronym, with or without a vendor.
_SHORT_FORM = re.compile(r"\s*\(((?:(?:AWS|Amazon) )?[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*)\)")


def _initials(short: str, name: str) -> bool:
    """Whether the capitals of ``short`` (past a vendor) are capitals of ``name``, in order:
    ``DMS`` for *Database Migration Service*, not ``ARM64`` for *AWS Lambda*."""
    capitals = iter(c for c in name if c.isupper())
    acronym = short.removeprefix("AWS ").removeprefix("Amazon ")
    return all(c in capitals for c in acronym if c.isupper())


def same_choice(first: str, second: str) -> bool:
    """Two spellings of one choice: equal, or one the short form of the other
    (``quy trình`` and ``quy trình làm việc``)."""
    short, long = sorted((first, second), key=len)
    return long == short or long.startswith(short + " ")


def derived(plains: Iterable[str], entry: Entry) -> int:
    """English forms in ``plains`` of a term the glossary accepts in English (not a name) that
    English plurals do not cover: ``streaming`` or ``streamed`` for *stream*, ``caching`` for
    *cache*, ``logging`` for *log*. The term is kept in English there, not translated or lost."""
    if is_name(entry) or not accepts_english(entry):
        return 0
    stems = {f[:-1] if f.endswith("e") else f for f in entry.source_forms if f.isascii()}
    if not stems:
        return 0
    doubled = "|".join(sorted(f"{re.escape(s)}{re.escape(s[-1])}?" for s in stems))
    pattern = rf"(?<![\w-])(?:{doubled})(?:ing|ed)(?![\w-])"
    return sum(len(re.findall(pattern, plain, re.IGNORECASE)) for plain in plains)


def accepts_english(entry: Entry) -> bool:
    """Whether the glossary lets the term stay in English: a kept term, or an English form
    among its renderings."""
    forms = {f.casefold() for f in entry.source_forms}
    return entry.keep or any(r.casefold() in forms for r in entry.renderings)


def titled(plain: str, match: TermMatch) -> bool:
    """An English term written as part of a Title Case name or label (``Artificial
    Intelligence`` in a category list, ``HealthTech Analytics``), which stays as written."""
    words = match.surface.split()
    if not all(_TITLE_WORD.fullmatch(w) for w in words):
        return False
    before = plain[: match.start].split()[-1:]
    after = plain[match.end :].split()[:1]
    beside = [w for w in before + after if _TITLE_WORD.fullmatch(w.strip(",.:;()"))]
    return len(words) > 1 or bool(beside)


def rendered(plain: str, found: list[TermMatch], english: list[TermMatch]) -> Counter[Entry]:
    """Acceptable renderings per entry in one target block, English source forms included when
    the entry admits English (``deploy`` for *deployment*, ``LLMs``) or form a Title Case name."""
    have = Counter(m.entry for m in words(plain, found) if m.kind != "forbidden")
    have += Counter(m.entry for m in found if m.kind == "forbidden")
    taken = {(m.start, m.end) for m in found}
    for match in words(plain, english):
        overlaps = any(a < match.end and match.start < b for a, b in taken)
        if not overlaps and (accepts_english(match.entry) or titled(plain, match)):
            have[match.entry] += 1
    return have


def renderings(
    plain: str,
    matches: list[TermMatch],
    source: list[TermMatch] | None,
    english: frozenset[str] = frozenset(),
) -> list[TermMatch]:
    """The matches that say how the translator renders a term, for the consistency rule.

    Left out: names and forbidden text (other rules), abbreviations (``ML`` or ``LLMs`` beside
    *machine learning*), Title Case names, a rendering glossed in parentheses (``mã hóa
    (encryption)``), an English form inside a longer English phrase the aligned source has too
    (``query editor``, a compound kept in English; ``english`` holds the source's words), and,
    when the aligned source is known, terms it lacks or has fewer times than the block holds
    renderings (the extra one renders another word).
    """
    kept = [
        m for m in words(plain, matches)
        if not m.entry.keep and m.kind != "forbidden" and not _abbreviation(m.surface)
        and not titled(plain, m) and not _in_english_phrase(plain, m, english)
    ]  # fmt: skip
    counts = Counter(m.entry for m in kept)
    glossed = {m.entry for m in kept if in_parentheses(plain, m) and counts[m.entry] > 1}
    wanted = None if source is None else Counter(m.entry for m in source)
    return [
        m for m in kept
        if m.entry not in glossed and (wanted is None or 0 < counts[m.entry] <= wanted[m.entry])
    ]  # fmt: skip


def _abbreviation(surface: str) -> bool:
    """``LLM``, ``LLMs``, ``AZs``: an acronym, plural or not."""
    return surface.isupper() or (surface.endswith("s") and surface[:-1].isupper())


_ASCII_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def _in_english_phrase(plain: str, match: TermMatch, english: frozenset[str]) -> bool:
    """An English form with an English word of the aligned source right beside it."""
    if not english or not match.surface.isascii():
        return False
    before = plain[: match.start].split()[-1:]
    after = plain[match.end :].split()[:1]
    return any(
        _ASCII_WORD.fullmatch(word) is not None and word.casefold() in english
        for word in (w.strip(",.:;()\"'") for w in before + after)
    )


def in_parentheses(plain: str, match: TermMatch) -> bool:
    """Whether ``match`` stands inside a pair of parentheses (a gloss: ``mã hóa (encryption)``)."""
    opened = plain.rfind("(", 0, match.start)
    return opened > plain.rfind(")", 0, match.start) and ")" in plain[match.end :]


def rendering_key(entry: Entry, surface: str) -> str:
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


def forbidden_matches(matches: list[TermMatch], alone: bool) -> Iterator[TermMatch]:
    """Forbidden matches, leaving out text that another entry accepts unless a source decides."""
    accepted = {(m.start, m.end) for m in matches if m.kind != "forbidden"}
    for match in matches:
        if match.kind == "forbidden" and ((match.start, match.end) not in accepted or not alone):
            yield match
