"""Align the blocks of a source post with the blocks of its translation.

Blocks are the documents' segments (paragraphs, headings, list items, table cells, titles). When
both documents have the same shape the alignment is one to one. Otherwise a banded dynamic
programme pairs blocks by kind, by *anchors* that survive translation (numbers, URLs, inline code,
names kept in English) and by length, and leaves unpaired what a translator merged, split, added
or dropped, so that one missing paragraph does not shift every pairing after it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from translate.document import Segment

_ANCHOR = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*[A-Za-z0-9]|[0-9]")
_DIGIT = re.compile(r"[0-9]")
_OPENER = re.compile(r"(?:^|[.!?:]\s+|^\W+)([A-Z][a-z]+)\b")  # a capital that starts a sentence
_BAND = 40
_GAP = -0.2
_ACCEPT = 0.6
_LONE_RATIO = (0.6, 2.5)  # a lone block's plausible length against its lone counterpart
_ONE_SIDED = 0.25  # names or numbers on one side only: less likely a translation of the other


@dataclass(frozen=True)
class Block:
    """A segment with what alignment compares: kind, anchors and length."""

    segment: Segment
    anchors: frozenset[str]
    length: int

    @classmethod
    def of(cls, segment: Segment, terms: frozenset[str] = frozenset()) -> Block:
        plain = segment.plain
        words = {w for w in _ANCHOR.findall(plain) if not w.islower() or _DIGIT.search(w)}
        words -= set(_OPENER.findall(plain))  # "Delete", "Then": ordinary words, translated
        placeholders = {span.text for span in segment.spans if not span.paired}
        glossary = {"\x00" + term for term in terms}  # a term's rendering anchors like a name
        return cls(segment, frozenset(words | placeholders | glossary), len(plain))


def align(
    source: Sequence[Segment],
    target: Sequence[Segment],
    source_terms: Sequence[frozenset[str]] | None = None,
    target_terms: Sequence[frozenset[str]] | None = None,
) -> list[tuple[int, int]]:
    """Pairs ``(source index, target index)`` of aligned segments, in order.

    ``source_terms``/``target_terms`` name, per block, the glossary terms found in it (a source
    term, or a rendering of it): shared terms are anchors too, so blocks with no names or numbers
    still find their partner.
    """
    if [s.kind for s in source] == [t.kind for t in target]:
        return [(i, i) for i in range(len(source))]
    left_terms = source_terms or [frozenset()] * len(source)
    right_terms = target_terms or [frozenset()] * len(target)
    left = [Block.of(s, t) for s, t in zip(source, left_terms, strict=True)]
    right = [Block.of(s, t) for s, t in zip(target, right_terms, strict=True)]
    return _filled(_best_path(left, right), left, right)


def _filled(
    pairs: list[tuple[int, int]], left: list[Block], right: list[Block]
) -> list[tuple[int, int]]:
    """``pairs`` and, between two pairs (or a pair and an end), a source block paired with the
    target block between theirs that is the only one of its kind on each side, when its length
    is plausible: a paragraph whose only anchor changed (a number mistyped) is still the
    translation of the one paragraph it sits in place of."""
    filled: list[tuple[int, int]] = []
    before = (-1, -1)
    for pair in [*pairs, (len(left), len(right))]:
        filled += _lone(left, right, range(before[0] + 1, pair[0]), range(before[1] + 1, pair[1]))
        filled.append(pair)
        before = pair
    return filled[:-1]


def _lone(
    left: list[Block], right: list[Block], sources: range, targets: range
) -> list[tuple[int, int]]:
    """The pairs of a gap's blocks that are alone of their kind on both sides, in order."""
    if not sources or not targets:
        return []
    kinds = Counter(left[i].segment.kind for i in sources)
    other = Counter(right[j].segment.kind for j in targets)
    found = [
        (i, j)
        for i in sources
        for j in targets
        if kinds[kind := left[i].segment.kind] == 1 == other[kind]
        and right[j].segment.kind == kind
        and _LONE_RATIO[0] <= right[j].length / max(left[i].length, 1) <= _LONE_RATIO[1]
    ]
    ordered = all(a[1] < b[1] for a, b in pairwise(found))
    return found if ordered else []


def score(a: Block, b: Block) -> float:
    """How likely ``b`` translates ``a``: kind, shared anchors and a plausible length ratio."""
    if (a.segment.kind == "heading") != (b.segment.kind == "heading"):
        return -1.0
    value = 0.5 if a.segment.kind == b.segment.kind else 0.0
    union = a.anchors | b.anchors
    shared = a.anchors & b.anchors
    if union:
        value += 2.0 * len(shared) / len(union)
    if a.anchors and b.anchors and not shared:
        value -= 0.6
    elif bool(a.anchors) != bool(b.anchors):
        value -= _ONE_SIDED
    ratio = b.length / max(a.length, 1)
    if 0.6 <= ratio <= 2.5:
        value += 0.4
    elif ratio < 0.25 or ratio > 5:
        value -= 0.8
    return value


def _best_path(left: list[Block], right: list[Block]) -> list[tuple[int, int]]:
    """The banded DP; ``score`` is inlined (same arithmetic, same order) as it runs per cell,
    and a cell whose pair cannot reach ``_ACCEPT`` is not scored at all."""
    n, m = len(left), len(right)
    minus = float("-inf")
    best = [[minus] * (m + 1) for _ in range(n + 1)]
    move = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    kinds = [b.segment.kind for b in right]
    heads = [kind == "heading" for kind in kinds]
    anchors = [b.anchors for b in right]
    lengths = [b.length for b in right]
    for i in range(n + 1):
        centre = i * m // max(n, 1)
        first, last = max(0, centre - _BAND), min(m, centre + _BAND)
        row, moves = best[i], move[i]
        if i == n:  # the last row: only moves along it
            for j in range(first, min(last, m - 1) + 1):
                here = row[j]
                if here != minus and here + _GAP > row[j + 1]:
                    row[j + 1], moves[j + 1] = here + _GAP, 2
            break
        below, below_moves = best[i + 1], move[i + 1]
        a = left[i]
        a_kind, a_anchors, a_length = a.segment.kind, a.anchors, max(a.length, 1)
        a_head = a_kind == "heading"
        for j in range(first, last + 1):
            here = row[j]
            if here == minus:
                continue
            gap = here + _GAP
            if gap > below[j]:
                below[j], below_moves[j] = gap, 1
            if j == m:
                continue
            if gap > row[j + 1]:
                row[j + 1], moves[j + 1] = gap, 2
            if a_head != heads[j]:
                continue  # the score is -1
            b_anchors = anchors[j]
            same = a_kind == kinds[j]
            if a_anchors.isdisjoint(b_anchors) and (not same or (a_anchors and b_anchors)):
                continue  # at most 0.4 (kinds differ) or 0.5 - 0.6 + 0.4: below _ACCEPT
            gain = 0.5 if same else 0.0
            union = a_anchors | b_anchors
            shared = a_anchors & b_anchors
            if union:
                gain += 2.0 * len(shared) / len(union)
            if a_anchors and b_anchors and not shared:
                gain -= 0.6
            elif bool(a_anchors) != bool(b_anchors):
                gain -= _ONE_SIDED
            ratio = lengths[j] / a_length
            if 0.6 <= ratio <= 2.5:
                gain += 0.4
            elif ratio < 0.25 or ratio > 5:
                gain -= 0.8
            if gain >= _ACCEPT and here + gain > below[j + 1]:
                below[j + 1], below_moves[j + 1] = here + gain, 3
    return _trace(move, n, m)


def _trace(move: list[list[int]], n: int, m: int) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 or j > 0:
        step = move[i][j]
        if step == 3:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif step == 1:
            i -= 1
        elif step == 2:
            j -= 1
        else:  # outside the band: walk back along the diagonal
            i, j = max(i - 1, 0), max(j - 1, 0)
    return pairs[::-1]
