"""Suggest glossary entries: candidate terms in English Markdown posts that the glossary lacks.

Candidates: AWS-looking names (``Amazon Foo Bar``, ``AWS Foo``), CamelCase product words
(``CloudWatch``, ``DynamoDB``) and technical word pairs/triples seen at least ``min_count`` times.
Front matter, fenced code, inline code, HTML tags and URLs are ignored. A candidate the glossary
already matches is dropped; one close to an existing entry (``Sagemaker Studio`` ~ ``Amazon
SageMaker Studio``) names it in ``similar_to``, which usually means a missing variant or a
misspelling (rapidfuzz ``WRatio`` >= 85). rapidfuzz is imported only when ``suggest`` runs.
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

Kind = Literal["aws-name", "product-word", "phrase"]

_FRONT_MATTER = re.compile(r"\A(?:---|\+\+\+)\n.*?\n(?:---|\+\+\+)\n", re.S)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1[^\n]*$", re.S | re.M)
_INLINE_CODE = re.compile(r"`+[^`\n]*`+")
_LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_URL = re.compile(r"\b(?:https?|s3)://\S+|\bwww\.\S+")
_HTML = re.compile(r"<[^>\n]+>")
_AWS_NAME = re.compile(r"\b(?:Amazon|AWS)(?:[ \u00a0](?:[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*|\d+))+")
_CAMEL = re.compile(r"\b[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+\b|\b[A-Z]{2,}[a-z]+[A-Za-z]*\b")
_CLAUSE = re.compile(r"[.,;:!?()\[\]{}\"“”|*#>\n]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")
STOPWORDS = frozenset(
    """a about above after all also an and any are as at be because been before being between
    both but by can could did do does doing each few for from further had has have having he her
    here how i if in into is it its just more most my new no not now of off on once one only or
    other our out over own same she should so some such than that the their them then there these
    they this those through to too under until up use used uses using very via was we were what
    when where which while who why will with within without would you your""".split()  # noqa: SIM905
)


@dataclass(frozen=True, slots=True)
class Suggestion:
    term: str
    count: int
    kind: Kind
    similar_to: str | None = None
    score: float | None = None


def prose(markdown: str) -> str:
    """Markdown with front matter, code, HTML tags, link targets and URLs blanked out."""
    text = _FRONT_MATTER.sub("\n", markdown)
    for pattern in (_FENCE, _INLINE_CODE, _LINK_TARGET, _URL, _HTML):
        text = pattern.sub(" . ", text)
    return text


def _phrases(text: str) -> Iterable[str]:
    for clause in _CLAUSE.split(text):
        words = _WORD.findall(clause)
        for size in (2, 3):
            for start in range(len(words) - size + 1):
                gram = words[start : start + size]
                if any(
                    w.lower() in STOPWORDS or len(w) < 3 or w in ("Amazon", "AWS") for w in gram
                ):
                    continue
                yield " ".join(gram)


def _count(posts: Sequence[str], min_count: int) -> list[tuple[str, int, Kind]]:
    counts: dict[Kind, Counter[str]] = {
        "aws-name": Counter(),
        "product-word": Counter(),
        "phrase": Counter(),
    }
    for post in posts:
        text = prose(post)
        counts["aws-name"].update(
            m.group().replace("\u00a0", " ") for m in _AWS_NAME.finditer(text)
        )
        counts["product-word"].update(_CAMEL.findall(text))
        counts["phrase"].update(_phrases(text))
    found: list[tuple[str, int, Kind]] = []
    for kind, counter in counts.items():
        spellings: dict[str, Counter[str]] = defaultdict(Counter)
        for text, n in counter.items():
            spellings[text.casefold()][text] += n
        for variants in spellings.values():
            total = sum(variants.values())
            if kind != "phrase" or total >= min_count:
                found.append((variants.most_common(1)[0][0], total, kind))
    return found


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
    """Candidate terms in ``posts`` (Markdown) missing from ``glossary``, most frequent first."""
    from rapidfuzz import fuzz, process, utils

    matcher = TermMatcher(glossary)
    forms = {form: entry.term for entry in glossary.entries for form in entry.source_forms}
    result = []
    found = _count(posts, min_count)
    fragments = _fragments(found)
    for term, count, kind in found:
        if term in fragments or _known(matcher, term):
            continue
        best = process.extractOne(
            term,
            list(forms),
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            score_cutoff=85,
        )
        similar, score = (forms[best[0]], float(best[1])) if best else (None, None)
        result.append(Suggestion(term, count, kind, similar, score))
    result.sort(key=lambda s: (-s.count, s.term.casefold()))
    return result[:limit] if limit is not None else result
