"""Which English sentences of a block its translation left out.

The sentences of an English block and of its translation are aligned in order, as Gale and
Church align them by length: each step pairs one sentence with one, two with one (a translator
merged them) or one with two (split), or passes over one sentence on either side. A pair costs
how far its length ratio is from the document's usual one, plus the share of the English
sentence's anchors (numbers, names, inline code) its counterpart lacks, and the share of the
English words the counterpart keeps (``long polling``) that the English sentence lacks; passing
over a sentence costs a constant. The English sentences the cheapest alignment passes over have
no counterpart.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

# numbers, inline code (masked), words with an inner capital, capitalised words mid-sentence
_ANCHOR = re.compile(r"\d+|\ufffc|\b\w*[a-z][A-Z]\w*|(?<=[a-z,;:] )[A-Z][\w-]*\w")
_WORD = re.compile(r"[A-Za-z][\w-]*")
_SKIP = 0.7  # a sentence with no counterpart: as costly as a pair twice too long
_MERGE = 0.5  # two sentences for one (or one for two) cost more than one for one


def unmatched(english: Sequence[str], translated: Sequence[str], expected: float) -> list[int]:
    """The indices of the ``english`` sentences no sentence of ``translated`` stands for, when
    a translation usually runs ``expected`` times the English length."""
    steps = ((1, 1), (2, 1), (1, 2), (1, 0), (0, 1))
    kept = frozenset(w for w in _WORD.findall(" ".join(english)) if len(w) > 3)
    best: dict[tuple[int, int], tuple[float, tuple[int, int]]] = {(0, 0): (0.0, (0, 0))}
    for i in range(len(english) + 1):
        for j in range(len(translated) + 1):
            if (i, j) not in best:
                continue
            for di, dj in steps:
                if i + di > len(english) or j + dj > len(translated):
                    continue
                cost = best[i, j][0] + _cost(
                    english[i : i + di], translated[j : j + dj], expected, kept
                )
                if (i + di, j + dj) not in best or cost < best[i + di, j + dj][0]:
                    best[i + di, j + dj] = (cost, (i, j))
    return _passed_over(best, len(english), len(translated))


def _cost(
    english: Sequence[str], translated: Sequence[str], expected: float, kept: frozenset[str]
) -> float:
    """What pairing these sentences costs: their length ratio's distance from the usual one,
    the English anchors the translation lacks, and the English words the translation keeps
    (``long polling``) that these English sentences lack."""
    if not english or not translated:
        return _SKIP
    source, target = " ".join(english), " ".join(translated)
    length = abs(math.log(max(len(target), 1) / (expected * max(len(source), 1))))
    return (
        length
        + _lost(set(_ANCHOR.findall(source)), target)
        + _lost(set(_WORD.findall(target)) & kept, source)
        + (_MERGE if len(english) + len(translated) > 2 else 0.0)
    )


def _lost(anchors: set[str], text: str) -> float:
    """The share of ``anchors`` that ``text`` lacks."""
    return sum(a not in text for a in anchors) / len(anchors) if anchors else 0.0


def _passed_over(
    best: dict[tuple[int, int], tuple[float, tuple[int, int]]], i: int, j: int
) -> list[int]:
    """The English sentences the path ending at ``(i, j)`` passes over."""
    skipped: list[int] = []
    while (i, j) != (0, 0):
        pi, pj = best[i, j][1]
        if pj == j:
            skipped[:0] = range(pi, i)
        i, j = pi, pj
    return skipped
