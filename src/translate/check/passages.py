"""Passage and anchor checks between an English block and its aligned translation.

What a CAT QA tool (Xbench, Verifika) checks, made Markdown-aware, and what a reviewer reading
both sides notices first:

- ``dropped-passage``: an English block with no counterpart at all (a paragraph left out, not one
  the translator merged into a neighbour; a table row), or a block of several sentences whose
  translation is so short that whole sentences must be gone (a paragraph condensed to half);
- ``dropped-clause``: a one-sentence block whose translation is far too short (a clause cut);
- ``number-mismatch``: a number in the English prose that its translation does not have, in
  either decimal convention (``1,024.5`` and ``1.024,5`` are one number);
- ``link-mismatch``: a link target in the English block that its translation lacks;
- ``code-mismatch``: an inline code span in the English block that its translation lacks;
- ``name-altered``: a proper noun of the English post (a capitalised word it uses mid-sentence
  at least twice, that no list of translatable capitalised words holds, and that the translation
  keeps as it is elsewhere) missing from one block's translation: a partner or product name
  translated as a common noun there (``Snowflake`` as a snowflake).

Every check compares an English block with the translated blocks aligned to it (a window that
takes in a paragraph the translator split in two), so none depends on the glossary. A number or
inline code missing from the translation because its sentence or clause was dropped is one
mistake, reported once: as the dropped passage or clause.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from translate.check.sentences import unmatched
from translate.check.text import Text
from translate.document import Segment

_NUMBER = re.compile(r"(?<![\w.,/:#-])\d+(?:[.,]\d+)*+(?![\w/])")  # one in English prose
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")  # a number anywhere in a translation (13/05/2025, 50m)
_ANCHOR = re.compile(r"\S*(?:\d|[a-z][A-Z])\S*|(?<=[a-z,;:] )[A-Z][\w-]+")
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)%\"”'][.!?])\s+(?=[A-Z\"“(])")
_URL = re.compile(r"^\]\(<?([^\s)>]+)")
_LANGUAGE_SEGMENT = re.compile(r"/(?:vi|en|vi-vn|en-us|en-gb)/", re.IGNORECASE)
_PROSE = frozenset({"paragraph", "list_item", "blockquote"})
_SHORT = 0.5  # a translation under half the English length has lost something (Vietnamese runs
# about as long as English or longer)
_CLAUSE = 0.45  # one sentence: the translation is under this share of the English length
_FEWER = 0.8  # fewer sentences, or a clause's connective gone, and under this share: cut
_LONGER = 1.3  # the most a document's usual ratio raises these shares by
_CONNECTIVES = [
    (re.compile(p), r)
    for p, r in (
        (r"\bbecause\b", ("vì", "do", "bởi", "nhờ")),
        (r", but\b", ("nhưng", "tuy nhiên", "song", "mà", "dù", "tuy", "còn")),
        (r"\bunless\b", ("trừ khi", "trừ phi", "nếu không", "ngoại trừ")),
        (r"\b(?:although|though)\b", ("mặc dù", "dù", "tuy")),
        (r"\bso that\b", ("để", "nhằm")),
        (r"\bwhile\b", ("trong khi", "khi", "đồng thời", "còn")),  # "A, còn B": A, while B
        (r", which\b", ("giúp", "mà", "nhờ đó", "qua đó", "điều này", "làm", "khiến", "và")),
        (r"\w+s and \w+s\b", ("và", "đồng thời", "rồi", "cũng như")),
    )
]
_MIN_PASSAGE = 60  # characters of English below which a block is too short to judge by length
_MIN_WORDS = 8  # an unpaired English block shorter than this is a label, not a passage
_MIN_ITEM_WORDS = 4  # a list item shorter than this is a label too
# a capitalised word after a word in lowercase (so neither a sentence's start nor Title Case)
_MID_SENTENCE_CAPITAL = re.compile(
    r"(?<![\w'\u2019-])[a-z][\w'\u2019-]*[,;]? ([A-Z][a-z]+[A-Za-z0-9]*)\b"
)
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+[A-Za-z0-9]*\b")
_BYLINE = re.compile(r"\W*by\b", re.IGNORECASE)  # "by A and B on 15 SEP 2025 in Category, ..."
_SPLIT = 0.7  # a translated block this long (of its English) is all of it: no neighbour split off
_PROPER = 2  # mid-sentence mentions in the English that make a capitalised word a name
# Capitalised English words a translation renders: calendar words, places and peoples, job titles,
# and the generic words of AWS names and headings.
_TRANSLATED_CAPITALS = frozenset(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "America",
        "American",
        "Europe",
        "European",
        "Asia",
        "Asian",
        "Africa",
        "African",
        "Australia",
        "Australian",
        "Pacific",
        "Brazil",
        "Brazilian",
        "Canada",
        "Canadian",
        "China",
        "Chinese",
        "France",
        "French",
        "Germany",
        "German",
        "India",
        "Indian",
        "Ireland",
        "Irish",
        "Japan",
        "Japanese",
        "Korea",
        "Korean",
        "Mexico",
        "Mexican",
        "Singapore",
        "Spain",
        "Spanish",
        "Vietnam",
        "Vietnamese",
        "English",
        "North",
        "South",
        "East",
        "West",
        "Northern",
        "Southern",
        "Eastern",
        "Western",
        "Central",
        "Senior",
        "Principal",
        "Lead",
        "Chief",
        "Head",
        "Solutions",
        "Solution",
        "Architect",
        "Architects",
        "Engineer",
        "Engineers",
        "Manager",
        "Managers",
        "Director",
        "Specialist",
        "Scientist",
        "Scientists",
        "Developer",
        "Developers",
        "Advocate",
        "Partner",
        "Partners",
        "Customer",
        "Customers",
        "Region",
        "Regions",
        "Zone",
        "Zones",
        "Step",
        "Steps",
        "Figure",
        "Table",
        "Note",
        "Part",
        "Section",
        "Chapter",
        "Console",
        "Service",
        "Services",
        "Data",
        "Cloud",
        "Web",
        "Internet",
    ]
)  # fmt: skip


@dataclass(frozen=True)
class Gap:
    """One problem between an English block and its translation: where (the index of the
    translated block it is reported on), which rule, the English it concerns and a message;
    for a passage or clause dropped from a translated block, the index of its English block."""

    target: int
    rule: str
    term: str
    message: str
    source: int | None = None


def gaps(
    sources: Sequence[Text],
    targets: Sequence[Text],
    pairs: Sequence[tuple[int, int]],
    windows: Sequence[tuple[int, int, int, int]],
    known: Sequence[frozenset[str]],
) -> Iterator[Gap]:
    """The dropped passages and missing anchors of an aligned document pair; ``known`` holds,
    per English block, the words of its glossary terms (checked as terms, not as names here)."""
    names = proper_names(sources, targets)
    usual = _usual_ratio(sources, targets, windows)
    for i, j, lo, hi in windows:
        segment = sources[i].segment
        window = [targets[k].segment for k in range(lo, hi)]
        anchors = list(_anchors(segment, window, j))
        whole = len(targets[j].plain) >= _SPLIT * len(sources[i].plain)
        translation = [targets[j]] if whole else [targets[k] for k in range(lo, hi)]
        yield from _names(sources[i].plain, translation, j, names - known[i])
        if segment.kind in _PROSE:
            translated = " ".join(targets[k].plain for k in range(lo, hi))
            dropped = [replace(g, source=i) for g in _shortened(sources[i], translated, j, usual)]
            anchors = [a for a in anchors if not any(_lost_with(a, d) for d in dropped)]
            yield from dropped
        yield from anchors
    yield from _unpaired(sources, targets, pairs, usual)
    yield from _dropped_rows(sources, targets, pairs)
    for i, between in _between(targets, pairs, len(sources)):
        yield from _names(sources[i].plain, [targets[k] for k in between], between[0], names)


def _lost_with(anchor: Gap, dropped: Gap) -> bool:
    """Whether a missing number or inline code is in the English a dropped passage or clause
    quotes: lost with it, one mistake, reported once (as the passage)."""
    if anchor.rule not in ("number-mismatch", "code-mismatch"):
        return False
    return re.search(rf"(?<![\w.,]){re.escape(anchor.term)}(?!\w)", dropped.term) is not None


def _usual_ratio(
    sources: Sequence[Text], targets: Sequence[Text], windows: Sequence[tuple[int, int, int, int]]
) -> float:
    """How long this document's translation usually runs for its English (the median over its
    paragraphs), at least as long and at most ``_LONGER`` times as long."""
    ratios = sorted(
        sum(len(targets[k].plain) + 1 for k in range(lo, hi)) / len(sources[i].plain)
        for i, _, lo, hi in windows
        if sources[i].segment.kind in _PROSE and len(sources[i].plain) >= _MIN_PASSAGE
    )
    return min(max(ratios[len(ratios) // 2], 1.0), _LONGER) if ratios else 1.0


def _names(english: str, window: list[Text], at: int, names: frozenset[str]) -> Iterator[Gap]:
    """The proper names of ``english`` that no block of its translation ``window`` has."""
    if _BYLINE.match(english):
        return  # authors and the blog's categories, which a translation may render
    for name in sorted(_capitalised(english) & names):
        if not any(_has_word(t.plain, name) for t in window):
            message = f"the name '{name}' in the source is not in the translation"
            yield Gap(at, "name-altered", name, message)


def _between(
    targets: Sequence[Text], pairs: Sequence[tuple[int, int]], count: int
) -> Iterator[tuple[int, list[int]]]:
    """``(i, blocks)`` for an English block ``i`` alone between two aligned pairs, with the
    translated blocks alone between theirs: its translation, most likely."""
    ordered = sorted(pairs)
    for (i1, j1), (i2, j2) in pairwise(ordered):
        if i2 - i1 == 2 and j2 - j1 > 1:
            yield i1 + 1, list(range(j1 + 1, j2))


def _anchors(source: Segment, window: list[Segment], at: int) -> Iterator[Gap]:
    """Numbers, link targets and inline code of ``source`` that no block of ``window`` has."""
    numbers = dict.fromkeys(m.group() for m in _NUMBER.finditer(source.plain))
    if numbers:  # (a window's numbers, links and code are read only if the English has some)
        target_numbers = {value for t in window for value in _numbers(t.plain)}
        spelled = " ".join(t.plain for t in window).casefold()
        for text in numbers:
            if not _readings(text) & target_numbers and not _spelled_out(text, spelled):
                message = f"the number '{text}' in the source is not in the translation"
                yield Gap(at, "number-mismatch", text, message)
    links = dict.fromkeys(_links(source))
    if links:
        target_links = {_same_page(url) for t in window for url in _links(t)}
        for url in links:
            if _same_page(url) not in target_links:
                message = f"the link to '{url}' is not in the translation"
                yield Gap(at, "link-mismatch", url, message)
    codes = dict.fromkeys(s.text for s in source.spans if s.kind == "code")
    if codes:
        target_code = {span.text for t in window for span in t.spans if span.kind == "code"}
        for code in codes:
            if code not in target_code:
                message = f"the code {code} is not in the translation"
                yield Gap(at, "code-mismatch", code, message)


def proper_names(sources: Sequence[Text], targets: Sequence[Text]) -> frozenset[str]:
    """Capitalised words the English uses mid-sentence at least ``_PROPER`` times and never in
    lowercase, that no list of translatable capitalised words holds and that the translation
    keeps as they are."""
    prose = [t.plain for t in sources if not _BYLINE.match(t.plain)]
    counts = Counter(m[1] for plain in prose for m in _MID_SENTENCE_CAPITAL.finditer(plain))
    candidates = {w for w, n in counts.items() if n >= _PROPER} - _TRANSLATED_CAPITALS
    if not candidates:
        return frozenset()
    lowered = {w.lower(): w for w in candidates}
    words = "|".join(sorted(map(re.escape, lowered)))
    common = re.compile(rf"(?<![\w\\/.])(?:{words})(?![\w\\/]|\.\w)")
    english = "\n".join(t.plain for t in sources)
    candidates -= {lowered[m.group()] for m in common.finditer(english)}  # common words too
    translation = {w for t in targets for w in _capitalised(t.plain)}
    return frozenset(candidates & translation)


def _capitalised(plain: str) -> set[str]:
    return set(_CAPITALISED.findall(plain))


def _has_word(text: str, word: str) -> bool:
    """Whether ``word`` is a word of ``text`` (a hyphenated compound's part counts; a part of an
    identifier, a path or a host name does not)."""
    pattern = rf"(?<![\w\\/.]){re.escape(word)}(?![\w\\/]|\.\w)"
    return re.search(pattern, text) is not None


def _links(segment: Segment) -> list[str]:
    found = []
    for span in segment.spans:
        if span.kind == "link" and span.close:
            match = _URL.match(span.close)
            if match:
                found.append(match.group(1))
    return found


def _same_page(url: str) -> str:
    """A link target with what does not change the page taken out: the scheme, a trailing slash,
    an empty fragment and a language segment (``/vi/``, ``/en-us/``), since a translation may
    link the Vietnamese edition of the same page."""
    url = re.sub(r"^https?://(www\.)?", "", url).rstrip("#").rstrip("/")
    return _LANGUAGE_SEGMENT.sub("/", url + "/")


_UNITS = ("", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _spelled_out(text: str, translation: str) -> bool:
    """Whether a whole number under 100 is written out in Vietnamese words in ``translation``
    (``15`` as ``mười lăm``, ``21`` as ``hai mươi mốt``)."""
    if not text.isdigit() or not 0 < int(text) < 100:
        return False
    tens, units = divmod(int(text), 10)
    if tens == 0:
        words = [_UNITS[units]]
    else:
        head = "mười" if tens == 1 else f"{_UNITS[tens]} mươi"
        tail = {0: [""], 1: ["một", "mốt"], 4: ["bốn", "tư"], 5: ["lăm", "năm"]}
        words = [f"{head} {unit}".strip() for unit in tail.get(units, [_UNITS[units]])]
    return any(re.search(rf"(?<!\w){w}(?!\w)", translation) for w in words)


def _numbers(plain: str) -> set[float]:
    return {value for m in _DIGITS.finditer(plain) for value in _readings(m.group())}


def _readings(text: str) -> set[float]:
    """The values ``text`` can mean: with ``.`` or ``,`` as the decimal mark, the other one
    grouping thousands (``1,024`` is 1024 in English and 1.024 in Vietnamese)."""
    values = set()
    for decimal, group in ((".", ","), (",", ".")):
        whole, _, fraction = text.replace(group, "").partition(decimal)
        if decimal in fraction or not whole.isdigit() or (fraction and not fraction.isdigit()):
            continue
        if group in text and not all(len(g) == 3 for g in text.split(decimal)[0].split(group)[1:]):
            continue  # "1,2,3" is a list, not a number grouped by thousands
        values.add(float(f"{whole}.{fraction or 0}"))
    return values


def sentences(plain: str) -> list[str]:
    """The sentences of an English block (cut after ``.``, ``!`` or ``?`` and a capital)."""
    return [s for s in _SENTENCE_END.split(plain.strip()) if s]


def _shortened(source: Text, translation: str, at: int, usual: float) -> Iterator[Gap]:
    """A translation too short for its English (for how long the document's translation
    usually runs, ``usual`` times the English): sentences (or a clause) must be missing."""
    english = source.plain
    if len(english) < _MIN_PASSAGE or not translation.strip():
        return
    ratio = len(translation) / len(english)
    parts, translated = sentences(english), translated_sentences(translation)
    fewer = len(translated) < len(parts) and ratio < _FEWER * usual
    if len(parts) > 1 and (ratio < _SHORT * usual or fewer):
        missing = source.shown(_left_out(parts, translated, usual, len(translation)))
        yield Gap(
            at,
            "dropped-passage",
            missing,
            f"the translation is {ratio:.0%} of the source's length; "
            f"it seems to leave out: '{_quote(missing)}'",
        )
        return
    if len(parts) == 1 and ratio < _CLAUSE * usual:
        yield _clause_gap(at, source.shown(english), ratio)
        return
    if len(parts) == len(translated):
        for part, translated_part in zip(parts, translated, strict=True):
            share = len(translated_part) / max(len(part), 1)
            short = share < _FEWER * usual
            if len(part) >= _MIN_PASSAGE and short and _cut_clause(part, translated_part):
                yield _clause_gap(at, source.shown(part), share)


def _clause_gap(at: int, english: str, ratio: float) -> Gap:
    return Gap(
        at,
        "dropped-clause",
        english,
        f"the translation is {ratio:.0%} of the source's length; "
        f"part of '{_quote(english)}' seems to be missing",
    )


def translated_sentences(plain: str) -> list[str]:
    """The sentences of a Vietnamese block (cut after ``.``, ``!`` or ``?`` and a capital)."""
    out: list[str] = []
    for piece in re.split(r"(?<=[.!?])\s+", plain.strip()):
        if out and not piece[:1].isupper():
            out[-1] += " " + piece
        elif piece:
            out.append(piece)
    return out


def _cut_clause(english: str, translation: str) -> bool:
    """Whether a clause the English opens with a connective has no Vietnamese connective
    for it (``because`` and no ``vì``/``do``; ``, which`` and no ``giúp``/``mà``...)."""
    folded = " " + " ".join(translation.casefold().split()) + " "
    for connective, renderings in _CONNECTIVES:
        if connective.search(english) and not any(f" {r} " in folded for r in renderings):
            return True
    return False


def _left_out(parts: list[str], translated: list[str], usual: float, length: int) -> str:
    """The English sentences with no counterpart in the translation, or (when every one seems
    to have one, a translator having merged them) those past what its length can cover."""
    missing = unmatched(parts, translated, usual)
    return " ".join(parts[k] for k in missing) if missing else _tail(parts, length)


def _tail(parts: list[str], length: int) -> str:
    """The sentences past what a translation of ``length`` characters can cover."""
    covered = 0
    for index, part in enumerate(parts):
        covered += len(part) + 1
        if covered > length:
            return " ".join(parts[index + 1 :] or parts[index:])
    return parts[-1]


def _quote(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _unpaired(
    sources: Sequence[Text],
    targets: Sequence[Text],
    pairs: Sequence[tuple[int, int]],
    usual: float,
) -> Iterator[Gap]:
    """English passages no translated block was aligned to, and that no neighbour took in."""
    if not pairs or not targets:
        return
    paired = dict(pairs)
    ordered = sorted(paired)
    for i, text in enumerate(sources):
        if i in paired or text.segment.kind not in _PROSE:
            continue
        if _too_short(text):
            continue
        before = max((k for k in ordered if k < i), default=None)
        after = min((k for k in ordered if k > i), default=None)
        near = range(
            max((paired[before] + 1 if before is not None else 0) - 2, 0),
            min((paired[after] if after is not None else len(targets)) + 2, len(targets)),
        )
        taken = set(paired.values())
        if any(k not in taken and len(targets[k].plain) >= 0.4 * len(text.plain) for k in near):
            continue  # an unpaired translated block near its place is its translation
        neighbours = " ".join(targets[paired[k]].plain for k in (before, after) if k is not None)
        if _anchored(text.plain, neighbours) or any(
            _merged(sources, targets, i, k, paired, usual) for k in (before, after)
        ):
            continue
        at = _place(sources, paired, i, before, after)
        shown = text.shown(text.plain)
        message = f"the source passage '{_quote(shown)}' has no translation"
        yield Gap(at, "dropped-passage", shown, message)


def _dropped_rows(
    sources: Sequence[Text], targets: Sequence[Text], pairs: Sequence[tuple[int, int]]
) -> Iterator[Gap]:
    """Rows of an English table none of whose cells is aligned, beside a row that is, where
    the translation has no unaligned cell in their place: a row the translator left out
    (reported at the cell aligned before it)."""
    paired = dict(pairs)
    taken = set(paired.values())
    rows: dict[int, list[int]] = {}
    for i, text in enumerate(sources):
        if text.segment.kind == "table_cell":
            rows.setdefault(text.segment.line, []).append(i)
    for cells in rows.values():
        before = max((k for k in paired if k < cells[0]), default=None)
        after = min((k for k in paired if k > cells[-1]), default=None)
        if any(i in paired for i in cells) or not any(
            k is not None and sources[k].segment.kind == "table_cell" for k in (before, after)
        ):
            continue
        lo = paired[before] + 1 if before is not None else 0
        hi = paired[after] if after is not None else len(targets)
        if any(k not in taken and targets[k].segment.kind == "table_cell" for k in range(lo, hi)):
            continue  # an unaligned translated cell in its place: the row is there
        row = " | ".join(sources[i].shown(sources[i].plain) for i in cells)
        message = f"the source table row '{_quote(row)}' has no translation"
        yield Gap(max(lo - 1, 0), "dropped-passage", row, message)


def _place(
    sources: Sequence[Text], paired: dict[int, int], i: int, before: int | None, after: int | None
) -> int:
    """The translated block a dropped English block ``i`` is reported at: the one paired with
    the block before it, unless that is of another kind and the one after is of its own (a
    list's first item is missing where the list starts, not in the paragraph leading into it)."""
    kind = sources[i].segment.kind
    if before is None:
        return paired[after] if after is not None else 0
    if after is not None and sources[before].segment.kind != kind == sources[after].segment.kind:
        return paired[after]
    return paired[before]


def _too_short(text: Text) -> bool:
    """Whether an unpaired English block is too short to be a passage: a label, unless it is a
    list item (a step or requirement of a list is short, and one the translation lacks is lost)."""
    words = len(text.plain.split())
    if text.segment.kind == "list_item":
        return words < _MIN_ITEM_WORDS
    return words < _MIN_WORDS or len(text.plain) < _MIN_PASSAGE


_NO_ANCHORS = frozenset({"", "AWS", "Amazon"})  # in nearly every block of an AWS post


def _anchored(english: str, translation: str) -> bool:
    """Whether most names and numbers of ``english`` (capitalised words that start no
    sentence, words with digits or inner capitals; not the vendor, which nearly every block
    names) are in ``translation``."""
    anchors = {a.strip(".,:;()\"'") for a in _ANCHOR.findall(english)} - _NO_ANCHORS
    return bool(anchors) and 2 * sum(a in translation for a in anchors) >= len(anchors)


def _merged(
    sources: Sequence[Text],
    targets: Sequence[Text],
    i: int,
    neighbour: int | None,
    paired: dict[int, int],
    usual: float,
) -> bool:
    """Whether the translation of ``neighbour`` is long enough to hold source block ``i`` too
    (the translator joined the two paragraphs, or the alignment paired only one of them): as
    long as three quarters of both, and longer than its own English usually runs by half of
    block ``i`` (a long neighbour alone does not take in a short list item)."""
    if neighbour is None or abs(neighbour - i) > 2:
        return False
    own, dropped = len(sources[neighbour].plain), len(sources[i].plain)
    length = len(targets[paired[neighbour]].plain)
    return length >= _SHORT * 1.5 * (own + dropped) and length >= usual * (own + dropped / 2)
