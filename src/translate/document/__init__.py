"""The value objects every stage passes around: ``Span``, ``Segment``, ``Document`` and
``Translation``.

A segment's text is *tagged text*, a small XML fragment that engines translate:

- plain text, with ``&``, ``<`` and ``>`` escaped as ``&amp;``, ``&lt;`` and ``&gt;``;
- ``<g id="N">...</g>`` around text carried by paired markup (emphasis, strong, strike, link text,
  image alt text). The engine may move a pair, and translate what it holds, but must keep it;
- ``<x id="N"/>`` for a protected span (inline code, URL, raw HTML tag, shortcode, entity,
  footnote reference). The engine must return it exactly once and never sees what it stands for.

Ids are 1-based and local to a segment. ``restore`` turns a tagged translation back into Markdown
with every span restored byte for byte, and raises ``MarkupError`` when markup was lost, duplicated,
invented or left unbalanced.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from translate.errors import MarkupError

SpanKind = Literal[
    "code", "url", "html", "shortcode", "entity", "ref", "task", "term",
    "emphasis", "strong", "strike", "link", "image",
]  # fmt: skip

_TOKEN = re.compile(r'<g id="(\d+)">|</g>|<x id="(\d+)"/>|<|>')
_ENTITY = re.compile(r"&(amp|lt|gt|quot|apos);")
_UNESCAPE = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


@dataclass(frozen=True)
class Span:
    """Markup a segment carries but never translates.

    A placeholder (``<x/>``) has ``close is None`` and stands for ``text``; a pair (``<g>``) opens
    with ``text`` and closes with ``close``.
    """

    id: int
    kind: SpanKind
    text: str
    close: str | None = None

    @property
    def paired(self) -> bool:
        return self.close is not None


@dataclass(frozen=True)
class Segment:
    """One unit of translation: a paragraph, heading, table cell, list item or title."""

    index: int
    text: str
    kind: str
    line: int
    spans: tuple[Span, ...] = ()

    @functools.cached_property
    def plain(self) -> str:
        """The text an engine translates, with markup dropped and placeholders as spaces."""
        return plain_text(self.text)

    def restore(self, tagged: str) -> str:
        """Markdown for a tagged translation of this segment, every span restored."""
        return restore(tagged, self.spans, where=f"line {self.line}")


@dataclass(frozen=True)
class Edit:
    """Replace ``source[start:end]`` with a segment's rendering."""

    start: int
    end: int
    segment: int
    line_index: int


@dataclass(frozen=True)
class Slot:
    """Where a segment's text sits in the source: one ``(start, end)`` range per source line.

    ``encoding`` says how a rendered translation is written back: ``markdown`` (kept on as many
    lines as the translation has, up to the source's), ``line`` (one line: headings, table
    cells, HTML lines), or a front matter scalar style (``yaml-plain``, ``yaml-single``,
    ``yaml-double``, ``toml-basic``, ``toml-literal``).
    """

    pieces: tuple[tuple[int, int], ...]
    encoding: str = "markdown"


@dataclass(frozen=True)
class FrontMatter:
    """The front matter block: its delimiter style, offsets and parsed data."""

    style: Literal["yaml", "toml"]
    start: int
    end: int
    closing_line_start: int
    data: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Document:
    """A Markdown post cut into translatable segments and a skeleton that is never translated."""

    source: str
    bom: bool
    segments: tuple[Segment, ...]
    slots: tuple[Slot, ...]
    front_matter: FrontMatter | None = None
    line_starts: tuple[int, ...] = ()
    blocks: tuple[tuple[int, int], ...] = ()

    def identity(self) -> list[str]:
        """Each segment translated to itself."""
        return [segment.text for segment in self.segments]


@dataclass(frozen=True)
class Translation:
    """A translated document: one tagged target per segment and the rendered Markdown."""

    document: Document
    targets: tuple[str, ...]
    text: str
    engine: str


# --- tagged text -------------------------------------------------------------------------------


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    return _ENTITY.sub(lambda m: _UNESCAPE[m.group(1)], text)


@dataclass(frozen=True)
class Token:
    """One piece of tagged text: ``text``, ``open`` (with id), ``close`` or ``x`` (with id)."""

    kind: Literal["text", "open", "close", "x"]
    value: str = ""
    id: int = 0


def tokens(tagged: str) -> Iterator[Token]:
    """Split tagged text; a stray ``<`` or ``>`` is a ``MarkupError``."""
    pos = 0
    for match in _TOKEN.finditer(tagged):
        if match.start() > pos:
            yield Token("text", unescape(tagged[pos : match.start()]))
        pos = match.end()
        if match.group(1):
            yield Token("open", id=int(match.group(1)))
        elif match.group(2):
            yield Token("x", id=int(match.group(2)))
        elif match.group(0) == "</g>":
            yield Token("close")
        else:
            raise MarkupError(f"stray {match.group(0)!r} in tagged text")
    if pos < len(tagged):
        yield Token("text", unescape(tagged[pos:]))


def token_parts(tagged: str) -> list[tuple[str, str, int]]:
    """``tokens`` as ``(kind, value, id)`` tuples, all at once (cheaper in hot loops)."""
    parts: list[tuple[str, str, int]] = []
    if "<" not in tagged and ">" not in tagged:
        if tagged:
            parts.append(("text", unescape(tagged) if "&" in tagged else tagged, 0))
        return parts
    pos = 0
    for match in _TOKEN.finditer(tagged):
        start = match.start()
        if start > pos:
            piece = tagged[pos:start]
            parts.append(("text", unescape(piece) if "&" in piece else piece, 0))
        pos = match.end()
        opened, placeholder = match.group(1, 2)
        if opened:
            parts.append(("open", "", int(opened)))
        elif placeholder:
            parts.append(("x", "", int(placeholder)))
        elif match.group(0) == "</g>":
            parts.append(("close", "", 0))
        else:
            raise MarkupError(f"stray {match.group(0)!r} in tagged text")
    if pos < len(tagged):
        piece = tagged[pos:]
        parts.append(("text", unescape(piece) if "&" in piece else piece, 0))
    return parts


def plain_text(tagged: str) -> str:
    """The words of tagged text: markup dropped, placeholders as single spaces."""
    return "".join(
        value if kind == "text" else (" " if kind == "x" else "")
        for kind, value, _ in token_parts(tagged)
    )


def map_text(tagged: str, fn: Callable[[str], str]) -> str:
    """Apply ``fn`` to every run of plain text, keeping the markup where it is."""
    out: list[str] = []
    for token in tokens(tagged):
        if token.kind == "text":
            out.append(escape(fn(token.value)))
        elif token.kind == "open":
            out.append(f'<g id="{token.id}">')
        elif token.kind == "close":
            out.append("</g>")
        else:
            out.append(f'<x id="{token.id}"/>')
    return "".join(out)


def restore(tagged: str, spans: tuple[Span, ...], *, where: str = "segment") -> str:
    """Markdown for tagged text, each span restored; ``MarkupError`` unless markup is intact."""
    by_id = {span.id: span for span in spans}
    seen: set[int] = set()
    stack: list[Span] = []
    out: list[str] = []
    for token in tokens(tagged):
        if token.kind == "text":
            out.append(token.value)
            continue
        if token.kind == "close":
            if not stack:
                raise MarkupError(f"{where}: a closing tag has no opening tag")
            out.append(stack.pop().close or "")
            continue
        span = by_id.get(token.id)
        if span is None or token.id in seen or span.paired != (token.kind == "open"):
            raise MarkupError(f"{where}: unexpected or repeated markup id {token.id}")
        seen.add(token.id)
        out.append(span.text)
        if span.paired:
            stack.append(span)
    if stack:
        raise MarkupError(f"{where}: markup id {stack[-1].id} is never closed")
    missing = sorted(set(by_id) - seen)
    if missing:
        raise MarkupError(f"{where}: markup lost in translation (ids {missing})")
    return "".join(out)
