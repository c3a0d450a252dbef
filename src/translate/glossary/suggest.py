"""Suggest glossary entries: candidate terms in English Markdown posts that the glossary lacks.

Candidates: AWS-looking names (``Amazon Foo Bar``, ``AWS Foo``), CamelCase product words
(``CloudWatch``, ``DynamoDB``), acronyms a post spells out (``change data capture (CDC)``) and
noun phrases of two or three words seen at least ``min_count`` times, once at least after a
determiner or a preposition (``the query plan``, not ``the agent analyzes``). Front matter, code,
HTML tags, URLs, identifiers and what names the authors (byline, "About the authors") are
ignored; so are phrases with an adverb or a function word, phrases every word of which the
glossary already has (``EKS clusters``) and capitalised phrases none of whose words the posts
use in lower case (people's and companies' names). A candidate the glossary already matches is
dropped; one close to an existing entry (``Sagemaker Studio`` ~ ``Amazon SageMaker Studio``)
names it in ``similar_to``, which usually means a missing variant or a misspelling (rapidfuzz
``WRatio`` >= 85). Ranked by count, weighed by kind: AWS names, product words, acronyms, then
phrases. rapidfuzz is imported only when ``suggest`` runs.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from translate.errors import InputError
from translate.glossary.match import TermMatcher
from translate.glossary.model import Glossary

Kind = Literal["aws-name", "product-word", "acronym", "phrase"]

_FRONT_MATTER = re.compile(r"\A(?:---|\+\+\+)\n.*?\n(?:---|\+\+\+)\n", re.S)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1[^\n]*$", re.S | re.M)
_INLINE_CODE = re.compile(r"`+[^`\n]*`+")
_LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_URL = re.compile(r"\b(?:https?|s3)://\S+|\bwww\.\S+")
_HTML = re.compile(r"<[^>\n]+>")
_IDENTIFIER = re.compile(r"\b\w*_\w*\b")
_BIO_HEADING = re.compile(
    r"^(#{1,6})?[ \t]*[*_]*(?:about[ \t]+the[ \t]+)?authors?[*_]*:?[ \t]*$", re.I | re.M
)
_HEADING = re.compile(r"^(#{1,6})[ \t]", re.M)
_BIO = re.compile(
    r"^[ \t]*[*_]{2}[A-Z][^*_\n]{1,60}[*_]{2},?[ \t]+(?:is|was|leads|works)\b.*$", re.M
)
_BYLINE = re.compile(r"^[ \t]*[*_]*(?:by|authors?)\b[ \t]*:?[ \t].*[|\u2013\u2014].*$", re.I | re.M)
_AWS_NAME = re.compile(r"\b(?:Amazon|AWS)(?:[ \u00a0](?:[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*|\d+))+")
_TITLE_END = re.compile(r" (?:Blog|Guide|Documentation|Workshop)$")
_CAMEL = re.compile(r"\b[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+\b|\b[A-Z]{2,}[a-z]+[A-Za-z]*\b")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*s?\b")
_DEFINED = re.compile(r"((?:[A-Za-z][\w-]*[ \u00a0]+){1,8})\(([A-Z][A-Za-z]*[A-Z][a-z]?)s?\)")
_CONNECTORS = frozenset("and for of on the to with".split())  # noqa: SIM905
_HUMP = re.compile(r"[A-Z][a-z]")
_WRAPPED = re.compile(r"(?<=[A-Za-z0-9,])[ \t]*\n[ \t]*(?=[a-z])")  # a line that goes on
_CLAUSE = re.compile(r"[.,;:!?()\[\]{}\"“”|*#>\n]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")
_ADVERB = re.compile(r"[a-z]{2}[^abp]ly$")
DETERMINERS = frozenset(
    "a an the this that these those each every your our their its my".split()  # noqa: SIM905
)
# Words that open a verb's object: a word group before one is not a noun (``solution offers``).
_OBJECT_LEAD = DETERMINERS | frozenset(
    """all any both he her him how it many me more most much no several she some them they us
    we what whether which who why you""".split()  # noqa: SIM905
)
STOPWORDS = frozenset(
    """a about above across after against all along also among an and another any are as at based
    be because been before being below between both but by can could did do does doing each
    either every few following for from further had has have having he her here how i if in
    into is it its just like many may more most much multiple must my might neither new no not
    now of off on once one only or other our out over own per please same several she should
    so some such than that the their them then there these they this those three through to
    too two under until up upon use used uses using various very via was we were what when
    where whether which while who whom whose why will with within without would yet you
    your""".split()  # noqa: SIM905
)
# Function words after which a word group may be a verb (``we build``, ``to run``, ``can
# handle``, ``and responds``); after any other (a determiner, a preposition, a quantifier:
# ``the``, ``of``, ``multiple``) it stands as a noun.
_VERB_LEAD = frozenset(
    """also and are be been being because but can could did do does doing had has have having
    he here how i if is it just may might must not now once only or she should so that then
    there they to too until very was we were what when where whether which while who whom
    whose why will would yet you""".split()  # noqa: SIM905
)
_NOUN_LEAD = STOPWORDS - _VERB_LEAD | DETERMINERS
_WEIGHT: dict[Kind, int] = {"aws-name": 4, "product-word": 3, "acronym": 2, "phrase": 1}


@dataclass(frozen=True, slots=True)
class Suggestion:
    term: str
    count: int
    kind: Kind
    similar_to: str | None = None
    score: float | None = None
    expands: str | None = None


def prose(markdown: str) -> str:
    """Markdown with front matter, code, HTML tags, link targets, URLs and identifiers
    (``snake_case``) blanked out."""
    text = _FRONT_MATTER.sub("\n", markdown)
    for pattern in (_FENCE, _INLINE_CODE, _LINK_TARGET, _URL, _HTML, _IDENTIFIER):
        text = pattern.sub(" . ", text)
    return text


def without_authors(markdown: str) -> str:
    """Markdown less what names the authors: the byline (``By X | date``), an "About the
    authors" section (to the next heading of its level, or to the end) and a paragraph opening
    with a bold name followed by "is", "was", "leads" or "works"."""
    heading = _BIO_HEADING.search(markdown)
    if heading:
        level = len(heading.group(1) or "#")
        rest = markdown[heading.end() :]
        later = [h for h in _HEADING.finditer(rest) if len(h.group(1)) <= level]
        kept = rest[later[0].start() :] if later and heading.group(1) else ""
        markdown = markdown[: heading.start()] + kept
    return _BYLINE.sub("", _BIO.sub("", markdown))


def _plain(gram: Sequence[str]) -> bool:
    """Whether ``gram`` may be a term: no function word, no adverb (``-ly``), no ending in
    ``-ed`` (``data stored``), not opened by a capitalised ``-ing`` verb (``Configuring X``)."""
    if any(w.lower() in STOPWORDS or len(w) < 3 or w in ("Amazon", "AWS") for w in gram):
        return False
    if any(_ADVERB.search(w) for w in gram) or gram[-1].endswith("ed"):
        return False
    return not (gram[0][0].isupper() and gram[0].endswith("ing"))


def _phrases(text: str) -> Iterable[tuple[str, bool]]:
    """Word pairs and triples of each clause, and whether this one stands as a noun: after a
    determiner or a preposition (after a determiner for one opened by ``-ing``: ``the
    tracking server``, not ``for building resilient``), and not before a verb's object (``the
    agent analyzes the``)."""
    for clause in _CLAUSE.split(text):
        words = _WORD.findall(clause)
        for size in (2, 3):
            for start in range(len(words) - size + 1):
                gram = words[start : start + size]
                if _plain(gram):
                    before = words[start - 1].lower() if start else ""
                    after = words[start + size].lower() if start + size < len(words) else ""
                    yield " ".join(gram), _as_noun(gram, before, after)


def _as_noun(gram: Sequence[str], before: str, after: str) -> bool:
    if after in _OBJECT_LEAD:
        return False
    if gram[0].endswith("ing"):
        return before in DETERMINERS
    return before in _NOUN_LEAD


def _key(term: str) -> str:
    """One key for the spellings and the plural of a term (``Iceberg tables``, ``Iceberg
    table``)."""
    key = term.casefold()
    if len(key) > 3 and key.endswith("s") and not key.endswith(("ss", "us", "is")):
        return key[:-1]
    return key


@dataclass(slots=True)
class _Counts:
    spellings: dict[Kind, dict[str, Counter[str]]]
    as_noun: set[str]
    lowercase: set[str]
    expansions: dict[str, str]


def _expansion(words: list[str], acronym: str) -> str | None:
    """The words before ``acronym`` whose initials spell it (``Batch Processing Gateway
    (BPG)``, ``mixture of experts (MoE)``), skipping small words inside."""
    letters = [c for c in acronym if c.isupper()]
    start = len(words)
    while letters and start:
        start -= 1
        if words[start][0].upper() == letters[-1]:
            letters.pop()
        elif words[start].lower() not in _CONNECTORS or start == len(words) - 1:
            return None
    return " ".join(words[start:]) if not letters else None


def _names(text: str, matcher: TermMatcher) -> list[str]:
    """``Amazon ...`` and ``AWS ...`` names, less those cut short of a glossary term that goes
    on (``AWS Identity`` of ``AWS Identity and Access Management``)."""
    longer = {m.start: m.end for m in matcher.find_source(text)}
    return [
        m.group().replace("\u00a0", " ")
        for m in _AWS_NAME.finditer(text)
        if longer.get(m.start(), 0) <= m.end() and not _TITLE_END.search(m.group())
    ]


def _defined(text: str) -> dict[str, str]:
    """Each acronym ``text`` spells out (``change data capture (CDC)``), by key, with its words."""
    found: dict[str, str] = {}
    for defined in _DEFINED.finditer(text):
        acronym = defined.group(2)
        expanded = _expansion(defined.group(1).replace("-", " ").split(), acronym)
        if expanded and acronym not in ("AWS", "Amazon"):
            found.setdefault(_key(acronym), expanded)
    return found


def _tally(posts: Sequence[str], matcher: TermMatcher) -> _Counts:
    counts = _Counts({kind: defaultdict(Counter) for kind in _WEIGHT}, set(), set(), {})
    for post in posts:
        text = prose(without_authors(post))
        counts.expansions = _defined(text) | counts.expansions
        rest = _AWS_NAME.sub(" . ", text)
        words = [w for w in _CAMEL.findall(rest) if len(_HUMP.findall(w)) <= 3]
        by_kind: dict[Kind, list[str]] = {
            "aws-name": _names(text, matcher),
            "product-word": [w for w in words if not _ACRONYM.fullmatch(w)],
            "acronym": _ACRONYM.findall(rest) + [w for w in words if _ACRONYM.fullmatch(w)],
        }
        for kind, terms in by_kind.items():
            for term in terms:
                counts.spellings[kind][_key(term)][term] += 1
        for phrase, as_noun in _phrases(_WRAPPED.sub(" ", rest)):
            counts.spellings["phrase"][_key(phrase)][phrase] += 1
            if as_noun:
                counts.as_noun.add(_key(phrase))
        counts.lowercase.update(w for w in _WORD.findall(rest) if w.islower())
    return counts


def _a_name(phrase: str, lowercase: set[str]) -> bool:
    """A phrase of capitalised words none of which the posts use in lower case: a person's,
    company's or place's name (``Jane Doe``, ``Example University``)."""
    words = phrase.split()
    return all(w.istitle() for w in words) and not any(w.lower() in lowercase for w in words)


def _wanted(kind: Kind, key: str, term: str, total: int, counts: _Counts, min_count: int) -> bool:
    """Names and product words count from one mention; an acronym when a post spells it out;
    a phrase when seen ``min_count`` times, at least once as a noun."""
    if kind == "acronym":
        return key in counts.expansions
    if kind == "phrase":
        return total >= min_count and key in counts.as_noun
    return True


def _count(
    posts: Sequence[str], matcher: TermMatcher, min_count: int
) -> tuple[list[tuple[str, int, Kind]], _Counts]:
    counts = _tally(posts, matcher)
    found: list[tuple[str, int, Kind]] = []
    for kind, spellings in counts.spellings.items():
        for key, variants in spellings.items():
            total = sum(variants.values())
            term = variants.most_common(1)[0][0]
            if _wanted(kind, key, term, total, counts, min_count):
                found.append((term, total, kind))
    return found, counts


def _fragments(found: list[tuple[str, int, Kind]]) -> set[str]:
    """Phrases that are mostly seen inside a longer candidate (``Glue Data`` in ``Glue Data
    Catalog``)."""
    dropped = set()
    for text, count, kind in found:
        if kind != "phrase":
            continue
        inside = re.compile(rf"(?<!\w){re.escape(text.casefold())}(?!\w)")
        for other, other_count, _ in found:
            if other != text and other_count >= 0.8 * count and inside.search(other.casefold()):
                dropped.add(text)
                break
    return dropped


def _known(matcher: TermMatcher, candidate: str) -> bool:
    matches = matcher.find_source(candidate)
    return any(m.start == 0 and m.end == len(candidate) for m in matches)


def _covered(matcher: TermMatcher, phrase: str) -> bool:
    """Whether each word of ``phrase`` is in a glossary term (``EKS clusters``: both known),
    so that the glossary already says how to translate it."""
    words = [m.span() for m in _WORD.finditer(phrase)]
    spans = [(m.start, m.end) for m in matcher.find_source(phrase)]
    return all(any(s <= start and end <= e for s, e in spans) for start, end in words)


def read_posts(paths: Sequence[Path]) -> list[str]:
    """The text of each English post, refused (``InputError``) when it is not a Markdown file."""
    from translate.document.markdown import decode

    texts = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise InputError(f"{path}: cannot read: {error.strerror}") from None
        texts.append(decode(data, str(path)).removeprefix("\ufeff"))
    return texts


def suggest(
    posts: Sequence[str], glossary: Glossary, *, min_count: int = 2, limit: int | None = 50
) -> list[Suggestion]:
    """Candidate terms in ``posts`` (Markdown) missing from ``glossary``, the most frequent and
    most AWS-like first."""
    from rapidfuzz import fuzz, process, utils

    matcher = TermMatcher(glossary)
    forms = {form: entry.term for entry in glossary.entries for form in entry.source_forms}
    result = []
    found, counts = _count(posts, matcher, min_count)
    fragments = _fragments(found)
    for term, count, kind in found:
        if term in fragments or _known(matcher, term):
            continue
        if kind == "phrase" and _covered(matcher, term):
            continue
        best = process.extractOne(
            term,
            list(forms),
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            score_cutoff=85,
        )
        similar, score = (forms[best[0]], float(best[1])) if best else (None, None)
        if kind == "phrase" and _a_name(term, counts.lowercase) and (score or 0) < 95:
            continue  # a name, unless it misspells a glossary term (Sagemaker Studio)
        expands = counts.expansions.get(_key(term)) if kind == "acronym" else None
        result.append(Suggestion(term, count, kind, similar, score, expands))
    result.sort(key=lambda s: (-_WEIGHT[s.kind] * s.count, -s.count, s.term.casefold()))
    return result[:limit] if limit is not None else result
