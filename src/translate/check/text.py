"""A segment as the checker reads it: its words (placeholders masked) and, when a finding needs
a place, the file offset of each character."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from translate.document import Document, Segment, Slot, token_parts
from translate.glossary.match import MASK

_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_DROP_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE))
_INVISIBLE_CHARACTER = re.compile(f"[{''.join(sorted(_INVISIBLE))}]")


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

    def shown(self, part: str) -> str:
        """``part`` of ``plain`` as the file writes it, for a message to quote: each masked
        placeholder given back what it stands for (inline code as `` `BackoffRate` ``)."""
        if MASK not in part:
            return part
        found = re.search(r"\s+".join(map(re.escape, part.split())), self.plain)
        if found is None:
            return part.replace(MASK, "...")
        spans = {span.id: span.text for span in self.segment.spans}
        masked = [spans[i] for kind, _, i in token_parts(self.segment.text) if kind == "x"]
        pieces = part.split(MASK)
        before = self.plain.count(MASK, 0, found.start())
        shown = [pieces[0]]
        for n, piece in enumerate(pieces[1:], start=before):
            shown += [masked[n] if n < len(masked) else "...", piece]
        return "".join(shown)


def texts(document: Document) -> list[Text]:
    """Every segment of ``document`` as matchable text (placeholders masked)."""
    return [
        Text(segment, _plain(segment), slot)
        for segment, slot in zip(document.segments, document.slots, strict=True)
    ]


def _plain(segment: Segment) -> str:
    """``_layout``'s words without the offsets: whole runs of text joined, not characters."""
    out: list[str] = []
    length = 0
    marks: list[int] = []
    for kind, value, _ in token_parts(segment.text):
        if kind == "text":
            if _has_invisible(value):
                value = value.translate(_DROP_INVISIBLE)
            out.append(value)
            length += len(value)
        elif kind == "x":
            out.append(MASK)
            length += 1
        else:
            marks.append(length)
    plain = "".join(out)
    for mark in reversed(marks):  # as in ``_layout``: link text glued to a word stays apart
        if 0 < mark < len(plain) and plain[mark - 1].isalnum() and plain[mark].isalnum():
            plain = plain[:mark] + " " + plain[mark:]
    return plain


def _layout(segment: Segment, slot: Slot, *, with_offsets: bool) -> tuple[str, list[int]]:
    """The segment's words and (only when asked, as it costs) each character's file offset."""
    parts = token_parts(segment.text)
    if len(parts) <= 1 and (not parts or parts[0][0] == "text"):  # no markup: the common case
        return _unmarked(parts[0][1] if parts else "", slot, with_offsets)
    raw_map = _raw_offsets(slot) if with_offsets else []
    last = len(raw_map) - 1
    spans = {span.id: span for span in segment.spans}
    plain: list[str] = []
    offsets: list[int] = []
    raw = 0
    closers: list[str] = []
    marks: list[int] = []
    for kind, value, ident in parts:
        if kind == "text":
            if _has_invisible(value):
                for i, char in enumerate(value):
                    if char not in _INVISIBLE:  # a zero-width space inside a word hides it
                        plain.append(char)
                        if with_offsets:
                            offsets.append(raw_map[min(raw + i, last)])
            else:
                plain.extend(value)
                if with_offsets:
                    offsets += _offsets(raw_map, raw, len(value))
            raw += len(value)
        elif kind == "x":
            plain.append(MASK)
            if with_offsets:
                offsets.append(raw_map[min(raw, last)])
            raw += len(spans[ident].text)
        elif kind == "open":
            marks.append(len(plain))
            raw += len(spans[ident].text)
            closers.append(spans[ident].close or "")
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


def _unmarked(value: str, slot: Slot, with_offsets: bool) -> tuple[str, list[int]]:
    """``_layout`` of a segment that is one run of text."""
    hidden = _has_invisible(value)
    plain = "".join(c for c in value if c not in _INVISIBLE) if hidden else value
    if not with_offsets:
        return plain, []
    raw_map = _raw_offsets(slot)
    last = len(raw_map) - 1
    if hidden:
        offsets = [raw_map[min(i, last)] for i, c in enumerate(value) if c not in _INVISIBLE]
    elif len(value) < last:
        offsets = raw_map[: len(value)]
    else:
        offsets = [raw_map[min(i, last)] for i in range(len(value))]
    offsets.append(raw_map[min(len(value), last)])
    return plain, offsets


def _offsets(raw_map: list[int], start: int, count: int) -> list[int]:
    """``raw_map[min(i, last)]`` for ``i`` from ``start``, ``count`` times (``last`` being its
    last index), as slices."""
    inside = raw_map[start : start + count]
    return inside + [raw_map[-1]] * (count - len(inside)) if len(inside) < count else inside


def _has_invisible(text: str) -> bool:
    return _INVISIBLE_CHARACTER.search(text) is not None


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
