"""``code-mismatch`` in fenced code blocks: a line of the English post's code that its
translation changed (a backslash or quote added, an identifier translated, a link pasted in), or
a code block the translation took out of its fence (its lines reappear as list items or prose).

Code is never translated, so the translation's code blocks should repeat the source's. Blocks
are paired in order (by content when the counts differ); in each pair, the translation's lines
that differ from the source's are reported, comments and blank lines aside (a translated comment
is fine), at most a few per block.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

_FENCE = re.compile(
    r"^[ \t>]*(`{3,}|~{3,})[^\n]*\n(.*?)^[ \t>]*\1[`~]*[ \t]*$", re.MULTILINE | re.DOTALL
)
_COMMENT = re.compile(r"^(#|//|--|/\*|\*|<!--|;|%)")
_TRAILING_COMMENT = re.compile(r"\s+(#|//)\s.*$")  # a comment after code, maybe translated
_PER_BLOCK = 3
_UNFENCED = 2  # lines of one code block found outside the translation's fences: not a fence now
_LIST_MARK = re.compile(r"^[ \t>]*(?:[-*+]|\d+[.)])[ \t]+")
_SAME_BLOCK = 0.5  # blocks whose lines are this alike are one block, edited


@dataclass(frozen=True)
class CodeBlock:
    """A fenced block's lines (stripped, comments and blanks out) with their file offsets."""

    lines: tuple[str, ...]
    offsets: tuple[int, ...]
    span: tuple[int, int]  # the whole fence, opening and closing lines in


@dataclass(frozen=True)
class PostCode:
    """A post's text and its fenced code blocks, found once for both code checks."""

    text: str
    blocks: tuple[CodeBlock, ...]

    @classmethod
    def of(cls, text: str) -> PostCode:
        return cls(text, tuple(code_blocks(text)))


def code_blocks(text: str) -> list[CodeBlock]:
    blocks = []
    for fence in _FENCE.finditer(text):
        lines, offsets = [], []
        offset = fence.start(2)
        for raw in fence.group(2).splitlines(keepends=True):
            line = raw.strip().lstrip(">").strip()
            line = _TRAILING_COMMENT.sub("", line)
            if line and not _COMMENT.match(line):
                lines.append(" ".join(line.split()))
                offsets.append(offset + len(raw) - len(raw.lstrip()))
            offset += len(raw)
        blocks.append(CodeBlock(tuple(lines), tuple(offsets), fence.span()))
    return blocks


def changed_code(source: PostCode, target: PostCode) -> Iterator[tuple[int, str, str]]:
    """``(offset in target, the translation's line, the source's line or "")`` for each line of
    code the translation changed."""
    english, translated = source.blocks, target.blocks
    if not english or not translated:
        return
    import difflib  # (only posts with code blocks on both sides need it)

    for a, b in _pairs(english, translated):
        reported = 0
        matcher = difflib.SequenceMatcher(None, a.lines, b.lines, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag not in ("replace", "insert"):
                continue
            for j in range(j1, j2):
                if reported == _PER_BLOCK:
                    break
                was = a.lines[i1 + j - j1] if tag == "replace" and i1 + j - j1 < i2 else ""
                if was and was.replace("\\", "") == b.lines[j]:
                    continue  # an escape the source's Markdown needed and the translation dropped
                reported += 1
                yield b.offsets[j], b.lines[j], was


def _pairs(
    english: tuple[CodeBlock, ...], translated: tuple[CodeBlock, ...]
) -> list[tuple[CodeBlock, CodeBlock]]:
    import difflib

    if len(english) == len(translated):
        return list(zip(english, translated, strict=True))
    pairs = []
    start = 0
    for b in translated:
        for i in range(start, len(english)):
            ratio = difflib.SequenceMatcher(None, english[i].lines, b.lines).ratio()
            if ratio >= _SAME_BLOCK:
                pairs.append((english[i], b))
                start = i + 1
                break
    return pairs


def unfenced_code(source: PostCode, target: PostCode) -> Iterator[tuple[int, str]]:
    """``(offset in target, the code's first line)`` for each English code block whose lines the
    translation has outside any fence (as list items or prose): the block lost its fence. Reported
    where its first line written as a list item is, else where its first line is."""
    english = source.blocks
    if not english:
        return
    outside = _outside_fences(target)
    outside_lines = {line for line, _, _ in outside}
    in_english_prose: set[str] | None = None  # read only for a block found outside the fences
    for block in english:
        lines = {_unmarked(line) for line in block.lines} & outside_lines
        if len(lines) < _UNFENCED:
            continue
        if in_english_prose is None:
            in_english_prose = {line for line, _, _ in _outside_fences(source)}
        lines -= in_english_prose
        if len(lines) >= _UNFENCED:  # (the translation's lines are listed only for such a block)
            found = [(offset, listed) for line, offset, listed in outside if line in lines]
            listed = [offset for offset, is_item in found if is_item]
            yield (listed or [found[0][0]])[0], block.lines[0]


def _outside_fences(post: PostCode) -> list[tuple[str, int, bool]]:
    """``(line, offset, whether it is a list item)`` for each line of the post outside code
    fences, list marker, emphasis and spacing taken out as ``code_blocks`` takes them out."""
    fenced = [block.span for block in post.blocks]
    starts = [start for start, _ in fenced]
    lines = []
    offset = 0
    for raw in post.text.splitlines(keepends=True):
        fence = bisect_right(starts, offset) - 1  # the last fence opened at or before the line
        if fence < 0 or offset >= fenced[fence][1]:
            line = _unmarked(raw)
            if line:
                item = _LIST_MARK.match(raw) is not None
                lines.append((line, offset + len(raw) - len(raw.lstrip()), item))
        offset += len(raw)
    return lines


def _unmarked(line: str) -> str:
    """A line without its list marker, bold markers and extra spacing."""
    marker = _LIST_MARK.match(line)
    return " ".join(line[marker.end() if marker else 0 :].replace("**", "").split())
