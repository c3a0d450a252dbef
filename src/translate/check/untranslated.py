"""``untranslated-text``: English a translator forgot to translate, inside a translated block.

A run of plain English words in a Vietnamese paragraph (``... và để accelerate its development,
...``) is reported when all of these hold:

- the run is found word for word in the aligned English block;
- it is outside every kept-in-English place: markup (bold UI labels, link text, emphasis,
  image alt text, inline code), parentheses (a term with its English beside it) and quotes
  (a quoted title); it is in a paragraph, list item or quote, not a heading, table or byline;
- it has an ordinary English word in lowercase that no glossary term of the block covers (so
  not only names, ``Novo Nordisk and AWS``, nor a kept term, ``proof of concept``);
- it reads as a piece of a sentence, not as a term: it holds a word no term is made of (``its``,
  ``is``, ``which``, ``we``...), or it starts or ends with a function word (``failures -- from``);
- it starts with a word in lowercase, or starts a sentence (a capitalised run inside one is
  a quoted title), or follows a glossary name it starts with (``trong Amazon SageMaker so that
  every team can load them``: the name is kept, the clause after it is reported).

A block left wholly in English (every word of it is the English block's) is not reported here:
a caption, a quoted title or an author's note is often kept on purpose, and the other rules
(``dropped-passage``, the glossary's missing terms) speak for a paragraph that was forgotten.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from translate.check.terms import accepts_english, is_name, titled
from translate.check.terms import words as whole_words
from translate.check.text import Text
from translate.document import token_parts
from translate.glossary import Entry, TermMatch, TermMatcher

# Words of a sentence, never of a kept term or name.
_SENTENCE_WORDS = frozenset(
    [
        "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "does", "did",
        "will", "would", "should", "could", "must", "its", "it", "it's", "their", "them", "they",
        "our", "we", "us", "your", "you", "his", "her", "he", "she", "this", "these", "those",
        "that", "which", "who", "whom", "whose", "what", "when", "where", "while", "not", "also",
        "there", "here", "then", "such", "very",
    ]
)  # fmt: skip
# Function words a term may hold inside (``proof of concept``, ``out of the box``), but never
# at its edge.
_EDGE_WORDS = frozenset(
    ["a", "an", "the", "of", "to", "for", "with", "from", "by", "on", "at", "in", "as", "and",
     "or", "into", "via", "than"]
)  # fmt: skip
_FUNCTION = _SENTENCE_WORDS | _EDGE_WORDS
# Words that end a phrasal verb kept in English (``log in``, ``scale out``), not a cut sentence.
_PARTICLES = frozenset(["in", "on", "at", "up", "out", "off", "over", "back", "down"])
# The function words no Vietnamese word is written as (``to``, ``in``, ``an``, ``do`` are):
# a block without any of them has nothing to report, and is not read further.
_CUE = re.compile(
    r"(?<![\w'\u2019])(?:is|are|was|were|has|have|had|will|would|should|its|their|they|our|we|"
    r"you|your|this|these|those|that|which|who|what|when|where|not|the|of|and|or|for|"
    r"with|from|by|on|at|as|a|into)(?![\w'\u2019])"
)  # (searched in lowercased text: faster than re.IGNORECASE)
_TOKEN = r"[A-Za-z]+(?:['\u2019-][A-Za-z]+)*"
_RUN = re.compile(
    rf"(?<![\w.\-/@'\u2019]){_TOKEN}(?:(?:[ \t]+|\s*[\u2014\u2013]\s*|[ \t]+-[ \t]+){_TOKEN})*"
    r"(?![\w/@]|[.\-]\w)"
)
_WORD = re.compile(_TOKEN)
_ASIDE = re.compile(
    r"\([^()]*\)|“[^”]*”|\"[^\"]*\"|\u2018[^\u2019]*\u2019|«[^»]*»|(?<!\w)'[^'\n]*'(?!\w)"
)
_BYLINE = re.compile(r"\W*by\b", re.IGNORECASE)
_PROSE = frozenset({"paragraph", "list_item", "blockquote"})
_LONG = 5  # words from which a run with "the" inside is a sentence's piece, not an idiom
_CAPTION = re.compile(r"\W*(?:Figure|Fig\.|Image|Diagram|Table|Screenshot)\s*\d", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"(?<![^\s(])([A-Za-z][A-Za-z0-9'-]*)[ \t]+$")
_WORD_AFTER = re.compile(r"[ \t]+([A-Za-z][A-Za-z0-9'-]*)(?![^\s.,;:!?)])")
_CUT = "\n"  # what stands for markup, placeholders and asides: no run crosses it


def untranslated(
    sources: Sequence[Text],
    targets: Sequence[Text],
    spans: Iterable[tuple[int, int, int, int]],
    found: Sequence[list[TermMatch]],
) -> Iterator[tuple[int, int, str]]:
    """``(target block, where in its text, English fragment)`` for each translated block that
    holds a fragment of its aligned English left untranslated (the longest one, once a block)."""
    reported: set[int] = set()
    for i, _, lo, hi in spans:
        if _BYLINE.match(sources[i].plain) or _CAPTION.match(sources[i].plain):
            continue  # the authors, the date and the blog's categories; a caption
        for k in range(lo, hi):
            if k in reported or not _worth_reading(targets[k]):
                continue
            fragment = _fragment(targets[k], sources[i], found[k])
            if fragment:
                reported.add(k)
                start, end = _place(targets[k].plain, fragment)
                yield k, start, targets[k].plain[start:end] if end else " ".join(fragment)


def kept_against_glossary(text: Text, english: Text, matcher: TermMatcher) -> Counter[Entry]:
    """The glossary terms a translated paragraph, list item or quote leaves in English though
    their entry has no English form (``instance`` where a team's glossary says only ``máy
    ảo``), by entry: outside markup, parentheses and quotes (a UI label, a term glossed in
    English), not in a name or title, not in a longer phrase of the aligned ``english`` left
    as it is (``partition key`` kept whole, an English caption: ``untranslated-text`` speaks
    for those), and only in a block with some Vietnamese."""
    if text.segment.kind not in _PROSE:
        return Counter()
    bare = _ASIDE.sub(_CUT, _bare(text))
    if not any(c.isalpha() and not c.isascii() for c in bare):
        return Counter()
    wording = _wording(english)
    return Counter(
        m.entry
        for m in whole_words(bare, matcher.find_source(bare))
        if not accepts_english(m.entry) and not _title(bare, m) and not _phrase(bare, m, wording)
    )


def _phrase(bare: str, match: TermMatch, wording: str) -> bool:
    """Whether the English word before or after a term, with it, is a phrase of ``wording``."""
    before = _WORD_BEFORE.search(bare, 0, match.start)
    after = _WORD_AFTER.match(bare, match.end)
    term = match.surface.casefold()
    phrases = [
        f"{before.group(1)} {term}" if before else "",
        f"{term} {after.group(1)}" if after else "",
    ]
    return any(p and f" {p.casefold()} " in wording for p in phrases)


def _title(bare: str, match: TermMatch) -> bool:
    """Whether a term is part of a name or title kept in English: Title Case, or capitalised
    mid-sentence (``xem Data lake basics``, a guide's title)."""
    before = bare[: match.start]
    capital = match.surface[:1].isupper() and bool(before.strip()) and _mid_sentence(before)
    return capital or titled(bare, match)


def _worth_reading(text: Text) -> bool:
    return text.segment.kind in _PROSE and _CUE.search(text.plain.lower()) is not None


def _fragment(text: Text, english: Text, matches: list[TermMatch]) -> list[str] | None:
    """The longest run of ``english``'s bare prose left as it is in ``text``'s bare prose, if
    it reads as a piece of a sentence."""
    bare = _ASIDE.sub(_CUT, _bare(text))
    runs = [(m.start(), _WORD.findall(m.group())) for m in _RUN.finditer(bare)]
    runs = [(at, words) for at, words in runs if _may_hold_a_piece(words)]
    if not runs:
        return None
    kept = _kept_words(matches)
    wording = _wording(english)
    fragments = []
    for at, words in runs:
        start, run = _longest_shared(words, wording)
        if run and run[0][0].isupper() and (start or _mid_sentence(bare[:at])):
            # a title or a name quoted mid-sentence (``xem Getting started with the CLI``), or
            # a name kept in English with the clause after it left in English too
            run = _after_name(run, matches)
        if len(run) < 2 or not _sentence_piece(run, kept):
            continue
        fragments.append(run)
    if not fragments or not any(c.isalpha() and not c.isascii() for c in bare):
        return None  # (a block with no Vietnamese letter at all was left wholly in English)
    longest: list[str] = max(fragments, key=len)
    return longest


def _after_name(run: list[str], matches: list[TermMatch]) -> list[str]:
    """The words of ``run`` after a glossary name it starts with, from a word in lowercase
    (``AWS Lake Formation`` | ``to control who can read``), or none."""
    names = {m.surface for m in matches if m.kind != "forbidden" and is_name(m.entry)}
    for size in range(len(run) - 1, 0, -1):
        if " ".join(run[:size]) in names:
            return run[size:] if run[size][0].islower() else []
    return []


def _place(plain: str, words: list[str]) -> tuple[int, int]:
    """Where the run of ``words`` is in ``plain`` (``0, 0`` if it is not found as it is)."""
    found = re.search(r"\W+".join(map(re.escape, words)), plain)
    return found.span() if found else (0, 0)


def _may_hold_a_piece(words: list[str]) -> bool:
    """Whether a run of words has a function word and an ordinary word in lowercase."""
    folded = {w for w in words if w.islower()}
    return len(words) > 1 and not folded.isdisjoint(_FUNCTION) and not folded <= _FUNCTION


def _kept_words(matches: list[TermMatch]) -> set[str]:
    """The words of the glossary terms found in a block (a term kept in English)."""
    terms = [m.surface for m in matches if m.kind != "forbidden"]
    return {word.casefold() for term in terms for word in _WORD.findall(term)}


def _wording(english: Text) -> str:
    """The runs of words of ``english``'s bare prose, casefolded, apart: `` a b | c d ``."""
    runs = _RUN.finditer(_ASIDE.sub(_CUT, _bare(english)))
    return f" {' | '.join(' '.join(_WORD.findall(m.group())) for m in runs).casefold()} "


def _bare(text: Text) -> str:
    """The block's text outside markup, with markup, its content and placeholders as cuts."""
    out: list[str] = []
    depth = 0
    for kind, value, _ in token_parts(text.segment.text):
        out.append(value if kind == "text" and depth == 0 else _CUT)
        depth += 1 if kind == "open" else -1 if kind == "close" and depth else 0
    return "".join(out)


def _longest_shared(words: list[str], wording: str) -> tuple[int, list[str]]:
    """Where the longest stretch of ``words`` (two or more) that the English ``wording`` holds
    starts, and the stretch."""
    folded = [w.casefold() for w in words]
    for size in range(len(words), 1, -1):
        for start in range(len(words) - size + 1):
            if f" {' '.join(folded[start : start + size])} " in wording:
                return start, words[start : start + size]
    return 0, []


def _mid_sentence(before: str) -> bool:
    """Whether text that follows ``before`` is inside a sentence (after a word, a comma or a
    colon: a capitalised run there is a title, a label or an example, not a sentence)."""
    last = before.rstrip(" \t")[-1:]
    return last.isalnum() or last in ",;:"


def _sentence_piece(words: list[str], kept: set[str]) -> bool:
    """Whether ``words`` read as a piece of an English sentence, not as a name or a kept term."""
    folded = [w.casefold() for w in words]
    ordinary = any(
        w[0].islower() and f not in _FUNCTION and f not in kept
        for w, f in zip(words, folded, strict=True)
    )
    sentence = any(f in _SENTENCE_WORDS for f in folded) or (
        len(words) >= _LONG and "the" in folded
    )
    if len(words) == 2:  # "at rest", "in transit", "log in": kept; "failures from": cut off
        return ordinary and (sentence or folded[-1] in _FUNCTION - _PARTICLES)
    return ordinary and (sentence or folded[0] in _FUNCTION or folded[-1] in _FUNCTION)
