"""Inline Markdown -> tagged text (see ``translate.document``), losslessly.

``scan(raw)`` reads the raw inline text of one block and returns tagged text plus its spans, so
that ``restore(tagged, spans) == raw`` for every input. What becomes a placeholder (never
translated): code spans, autolinks and bare URLs, raw HTML tags and comments, Hugo shortcodes,
HTML entities, footnote references, a task-list box, a link or image with no words in it, and
each of the post's author ``names`` standing as whole words in its text (link text and emphasis
included; a line break may split a name's words). What becomes a pair (translated inside):
emphasis, strong, strikethrough, link text and image alt text, whose delimiters and destinations
stay in the skeleton. Anything that is not well-formed markup (an unmatched ``*``, a ``[`` with no
destination) stays plain text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection
from dataclasses import dataclass, field

from translate.document import Span, SpanKind, escape

_PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_URL_END = r"[^\s<>.,:;!?\"'()\[\]*_]"
_PLACEHOLDERS: list[tuple[re.Pattern[str], SpanKind]] = [
    (re.compile(r"<!--.*?-->", re.S), "html"),
    (re.compile(r"<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^\s<>]*>"), "url"),
    (re.compile(r"<[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?>"), "url"),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s+[^<>]*?)?/?>", re.S), "html"),
    (re.compile(r"\{\{<.*?>\}\}|\{\{%.*?%\}\}", re.S), "shortcode"),
    (re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});"), "entity"),
    (re.compile(rf"https?://[^\s<>]*{_URL_END}|www\.[^\s<>]*{_URL_END}"), "url"),
]  # fmt: skip
_INTERESTING = re.compile(r"[`<{&\[!\\*_~]|https?://|www\.")
_IDS = re.compile(r'(<[gx] id=")(\d+)"')
_TASK = re.compile(r"\[[ xX]\](?=\s)")
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
_EMPH: dict[str, tuple[SpanKind, SpanKind]] = {
    "*": ("emphasis", "strong"),
    "_": ("emphasis", "strong"),
    "~": ("strike", "strike"),
}


@dataclass
class _Delim:
    """An emphasis delimiter run waiting for a partner."""

    index: int
    char: str
    length: int
    can_open: bool
    can_close: bool


@dataclass
class _Scan:
    names: re.Pattern[str] | None = None
    spans: list[Span] = field(default_factory=list)

    def add(self, kind: SpanKind, text: str, close: str | None = None) -> int:
        span_id = len(self.spans) + 1
        self.spans.append(Span(span_id, kind, text, close))
        return span_id


def scan(
    raw: str, references: Collection[str] = (), names: tuple[str, ...] = ()
) -> tuple[str, tuple[Span, ...]]:
    """Tagged text and spans for raw inline Markdown; ``references`` are defined link labels,
    ``names`` the author names to keep as they are."""
    pattern = _names_pattern(names) if names else None
    if _INTERESTING.search(raw) is None and (pattern is None or pattern.search(raw) is None):
        return escape(raw), ()  # no markup can start anywhere: plain text (half of all blocks)
    state = _Scan(pattern)
    tagged = _scan(raw, state, {_normal(label) for label in references}, top=True)
    return _renumber(tagged, state.spans)


@functools.lru_cache(maxsize=64)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``names`` at a word's end, its words split by any whitespace, longest name first.

    ``_flush`` checks that a match also starts a word: a look-behind here would make every
    search several times slower, and most segments are searched and hold no name."""
    words = sorted((name.split() for name in names), key=lambda w: -len(" ".join(w)))
    choices = "|".join(r"\s+".join(map(re.escape, name)) for name in words)
    return re.compile(rf"(?:{choices})(?![^\W_])")  # not followed by a letter or digit


def _renumber(tagged: str, spans: list[Span]) -> tuple[str, tuple[Span, ...]]:
    """Ids in order of appearance, so the engine reads 1, 2, 3."""
    if not spans:
        return tagged, ()
    order: dict[int, int] = {}

    def new_id(match: re.Match[str]) -> str:
        old = int(match.group(2))
        order[old] = len(order) + 1
        return f'{match.group(1)}{order[old]}"'

    tagged = _IDS.sub(new_id, tagged)
    by_id = {span.id: span for span in spans}
    return tagged, tuple(
        Span(new, by_id[old].kind, by_id[old].text, by_id[old].close) for old, new in order.items()
    )


def _scan(raw: str, state: _Scan, refs: set[str], *, top: bool = False) -> str:
    out: list[str] = []
    delims: list[_Delim] = []
    i = 0
    if top and (task := _TASK.match(raw)):
        out.append(_x(state, "task", task.group(0)))
        i = task.end()
    text_start = i
    while (found := _INTERESTING.search(raw, i)) is not None:
        i = found.start()
        char = raw[i]
        if char == "\\":
            i += 2 if i + 1 < len(raw) and raw[i + 1] in _PUNCT else 1
            continue
        if char in _EMPH:
            _flush(out, raw, text_start, i, state)
            run = _run_length(raw, i)
            delims.append(_delimiter(raw, i, run, len(out)))
            out.append(raw[i : i + run])
            i = text_start = i + run
            continue
        step = _special(raw, i, state, refs)
        if step is None:
            i += 1
            continue
        _flush(out, raw, text_start, i, state)
        piece, i = step
        out.append(piece)
        text_start = i
    _flush(out, raw, text_start, len(raw), state)
    _pair_emphasis(out, delims, state)
    return "".join(out)


def _flush(out: list[str], raw: str, start: int, end: int, state: _Scan) -> None:
    """Plain text ``raw[start:end]``, escaped, each author name in it a placeholder."""
    if state.names is not None:
        for name in state.names.finditer(raw, start, end):
            if name.start() > 0 and raw[name.start() - 1].isalnum():
                continue  # inside a longer word
            if name.start() > start:
                out.append(escape(raw[start : name.start()]))
            out.append(_x(state, "name", name.group(0)))
            start = name.end()
    if end > start:
        out.append(escape(raw[start:end]))


def _x(state: _Scan, kind: SpanKind, text: str) -> str:
    return f'<x id="{state.add(kind, text)}"/>'


def _special(raw: str, i: int, state: _Scan, refs: set[str]) -> tuple[str, int] | None:
    """A placeholder or link starting at ``raw[i]``, as (tagged text, next index)."""
    char = raw[i]
    if char == "`":
        end = _code_span_end(raw, i)
        return None if end is None else (_x(state, "code", raw[i:end]), end)
    if char in "<{&hw" and (char not in "hw" or _word_start(raw, i)):
        for pattern, kind in _PLACEHOLDERS:
            match = pattern.match(raw, i)
            if match:
                return _x(state, kind, match.group(0)), match.end()
        return None
    if char == "[" or (char == "!" and raw.startswith("[", i + 1)):
        return _link(raw, i, state, refs)
    return None


def _word_start(raw: str, i: int) -> bool:
    return i == 0 or not raw[i - 1].isalnum()


def _code_span_end(raw: str, i: int) -> int | None:
    run = _run_length(raw, i)
    fence = raw[i : i + run]
    j = i + run
    while (k := raw.find(fence, j)) != -1:
        end = k + run
        if _run_length(raw, k) == run:
            return end
        j = k + _run_length(raw, k)
    return None


def _run_length(raw: str, i: int) -> int:
    j = i
    while j < len(raw) and raw[j] == raw[i]:
        j += 1
    return j - i


def _delimiter(raw: str, i: int, run: int, index: int) -> _Delim:
    char = raw[i]
    before = raw[i - 1] if i > 0 else " "
    after = raw[i + run] if i + run < len(raw) else " "
    can_open = not after.isspace()
    can_close = not before.isspace()
    if char == "_":
        can_open = can_open and not before.isalnum()
        can_close = can_close and not after.isalnum()
    if char == "~" and run != 2:
        can_open = can_close = False
    return _Delim(index, char, run, can_open, can_close)


def _pair_emphasis(out: list[str], delims: list[_Delim], state: _Scan) -> None:
    """Turn matching delimiter runs into ``<g>`` pairs; the rest stay literal text."""
    stack: list[_Delim] = []
    for delim in delims:
        opener = next(
            (d for d in reversed(stack) if d.char == delim.char and d.length == delim.length),
            None,
        )
        if delim.can_close and opener is not None:
            del stack[stack.index(opener) :]
            pair = _EMPH[delim.char][0 if delim.length == 1 else 1]
            span_id = state.add(pair, out[opener.index], out[delim.index])
            out[opener.index] = f'<g id="{span_id}">'
            out[delim.index] = "</g>"
        elif delim.can_open:
            stack.append(delim)


def _link(raw: str, i: int, state: _Scan, refs: set[str]) -> tuple[str, int] | None:
    """A link, image, reference link or footnote reference starting at ``raw[i]``."""
    if raw.startswith("[^", i) and (note := _FOOTNOTE.match(raw, i)):
        return _x(state, "ref", note.group(0)), note.end()
    image = raw[i] == "!"
    open_at = i + 1 if image else i
    close_at = _matching_bracket(raw, open_at)
    if close_at is None:
        return None
    label = raw[open_at + 1 : close_at]
    tail_end = _link_tail(raw, close_at + 1, refs, label)
    if tail_end is None:
        return None
    whole = raw[i:tail_end]
    if not any(ch.isalpha() for ch in label):
        return _x(state, "link", whole), tail_end
    if tail_end == close_at + 1 or raw.startswith("[]", close_at + 1):
        return _x(state, "ref", whole), tail_end  # the label is the reference: keep it
    kind: SpanKind = "image" if image else "link"
    span_id = state.add(kind, raw[i : open_at + 1], raw[close_at:tail_end])
    inner = _scan(label, state, refs)
    return f'<g id="{span_id}">{inner}</g>', tail_end


def _matching_bracket(raw: str, i: int) -> int | None:
    depth = 0
    j = i
    while j < len(raw):
        char = raw[j]
        if char == "\\":
            j += 2
            continue
        if char == "`":
            end = _code_span_end(raw, j)
            j = end if end is not None else j + _run_length(raw, j)
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return None


def _link_tail(raw: str, j: int, refs: set[str], label: str) -> int | None:
    """End of ``(destination "title")`` or ``[ref]`` after a link label, or None."""
    if raw.startswith("(", j):
        return _inline_destination(raw, j)
    if raw.startswith("[", j):
        end = raw.find("]", j)
        if end == -1:
            return None
        name = raw[j + 1 : end] or label
        return end + 1 if _normal(name) in refs else None
    return j if _normal(label) in refs else None


_DESTINATION_STOP = re.compile(r"[\\<>()\n]")


def _normal(label: str) -> str:
    return " ".join(label.split()).casefold()


def _inline_destination(raw: str, j: int) -> int | None:
    depth = 0
    k = j
    in_angle = False
    while (stop := _DESTINATION_STOP.search(raw, k)) is not None:  # other characters: no-ops
        k = stop.start()
        char = raw[k]
        if char == "\\":
            k += 2
            continue
        if char == "<" and k == j + 1:
            in_angle = True
        elif char == ">" and in_angle:
            in_angle = False
        elif char == "(" and not in_angle:
            depth += 1
        elif char == ")" and not in_angle:
            depth -= 1
            if depth == 0:
                return k + 1
        elif char == "\n" and raw[j + 1 : k].strip() == "":
            return None
        k += 1
    return None
