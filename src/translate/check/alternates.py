"""Other renderings of glossary terms, learned from reviewed translations.

Where an English block has a term and its aligned translation has none of the term's accepted
renderings, the translator wrote something else for it. A phrase of two to four Vietnamese words
that recurs in most such blocks of one term is probably that something: ``translate glossary
suggest --translations`` lists it, for a person to add to ``alternatives`` (or to ``forbidden``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from translate.check import Checker, occurrences, rendered, texts, windows
from translate.document import Document
from translate.errors import InputError
from translate.glossary import Entry, Glossary, TermMatcher

_WORD = re.compile(r"[^\W\d_]+")
_EDGE_WORDS = frozenset(
    {
        "của",
        "và",
        "các",
        "những",
        "cho",
        "với",
        "để",
        "trong",
        "là",
        "một",
        "được",
        "này",
        "đó",
        "có",
        "không",
        "từ",
        "thì",
        "mà",
        "như",
        "khi",
        "sẽ",
        "đã",
        "bạn",
        "chúng",
        "tôi",
        "nó",
        "họ",
        "ở",
        "trên",
        "theo",
        "về",
        "sau",
    }
)  # function words that start or end no rendering
_LONGEST = 4
_LIFT = 5.0
_PER_TERM = 3


@dataclass(frozen=True)
class Alternate:
    """A phrase the translations use for ``term``: in ``count`` of the ``blocks`` where the
    term had no accepted rendering."""

    term: str
    rendering: str
    count: int
    blocks: int


def alternates_in(
    paths: Sequence[Path], glossary: Glossary, *, min_count: int = 2
) -> list[Alternate]:
    """``alternates`` of the translated posts under ``paths`` that have their source beside
    them (``X.vi.md`` and ``X.md``, as ``translate check`` pairs them)."""
    from translate.check.runner import pair_files, parse_file, read_post

    languages = glossary.source_language, glossary.target_language
    pairs = [
        (parse_file(origin, read_post(origin)), parse_file(target, read_post(target)))
        for target, origin in pair_files(paths, *languages, None)
        if origin is not None
    ]
    if not pairs:
        raise InputError("--translations needs translated posts with their sources beside them")
    return alternates(Checker(TermMatcher(glossary)), pairs, min_count=min_count)


def alternates(
    checker: Checker, pairs: Sequence[tuple[Document, Document]], *, min_count: int = 2
) -> list[Alternate]:
    """Candidate renderings per term, most used first (``pairs`` are source, translation).

    A phrase must be in at least ``min_count`` and half of the blocks where the term had no
    accepted rendering, and at least ``_LIFT`` times as common there as in the other translated
    blocks (so that ``bằng cách`` or ``dữ liệu``, common everywhere, are not proposed).
    """
    short: dict[Entry, list[str]] = {}
    everywhere: Counter[str] = Counter()
    blocks_seen = 0
    for source, target in pairs:
        for text in texts(target):
            everywhere.update(set(_phrases(text.plain)))
            blocks_seen += 1
        for entry, block in _unrendered(checker, source, target):
            short.setdefault(entry, []).append(block)
    found: list[Alternate] = []
    for entry, repeated in short.items():
        blocks = list(dict.fromkeys(repeated))  # a block shared by two windows counts once
        counts: Counter[str] = Counter()
        for block in blocks:
            counts.update(set(_phrases(block)))
        accepted = [r.casefold() for r in entry.renderings]
        kept = [
            (phrase, n)
            for phrase, n in counts.items()
            if n >= min_count
            and 2 * n >= len(blocks)
            and n / len(blocks)
            >= _LIFT * (everywhere[phrase] - n) / max(blocks_seen - len(blocks), 1)
            and not any(r in phrase for r in accepted)
        ]
        longest = [
            (phrase, n)
            for phrase, n in kept
            if not any(phrase != other and phrase in other and n == m for other, m in kept)
        ]
        longest.sort(key=lambda item: (-item[1], -len(item[0]), item[0]))
        found += [Alternate(entry.term, p, n, len(blocks)) for p, n in longest[:_PER_TERM]]
    return sorted(found, key=lambda a: (-a.count, a.term.casefold(), a.rendering))


def _unrendered(checker: Checker, source: Document, target: Document) -> list[tuple[Entry, str]]:
    """(entry, translated text) for each aligned block whose translation lacks the entry."""
    sources, targets = texts(source), texts(target)
    found = [checker.matcher.find_target(t.plain) for t in targets]
    source_found, pairs = checker.align(sources, targets, found)
    out = []
    for i, _, lo, hi in windows(pairs, len(targets)):
        have: Counter[Entry] = Counter()
        for k in range(lo, hi):
            english = checker.matcher.find_source(targets[k].plain)
            have += rendered(targets[k].plain, found[k], english)
        block = " ".join(targets[k].plain for k in range(lo, hi))
        for entry in occurrences(sources[i].plain, source_found[i]):
            if not entry.keep and not have[entry]:
                out.append((entry, block))
    return out


def _phrases(text: str) -> list[str]:
    """Runs of two to four words, not all English (a term kept in English is no new
    rendering), that neither start nor end with a function word."""
    words = [w.casefold() for w in _WORD.findall(text)]
    out = []
    for size in range(2, _LONGEST + 1):
        for start in range(len(words) - size + 1):
            run = words[start : start + size]
            english = all(word.isascii() for word in run)
            if run[0] not in _EDGE_WORDS and run[-1] not in _EDGE_WORDS and not english:
                out.append(" ".join(run))
    return out
