"""Markdown -> Document -> Markdown.

The segmentation contract
=========================

``parse(text)`` cuts a post into *segments* (sent to an engine) and a *skeleton* (never sent,
restored byte for byte). ``render(document, targets)`` writes each target segment back where its
source segment stood.

Translatable, one segment each:

- a paragraph, wherever it stands (top level, list item, blockquote, footnote, between Hugo
  shortcode lines such as ``{{% notice info %}}`` / ``{{% /notice %}}``);
- an ATX or setext heading's text;
- a table cell;
- a line of an HTML block that has words outside its tags (``<summary>Why</summary>``);
- the ``title`` and ``description`` values of the front matter (YAML ``---`` or TOML ``+++``).

Inside a segment, inline markup follows ``translate.document.inline``: emphasis, links and image
alt text travel as balanced ``<g>`` pairs; inline code, URLs, HTML tags, shortcodes, entities and
footnote references are ``<x/>`` placeholders. A block whose text has no letters is not a segment.

Author names are kept as names: each string of the front matter's ``authors`` list (or an
``authors`` string) is an ``<x/>`` placeholder wherever it stands in a segment as whole words,
exactly as spelled (case and all), in prose, headings, table cells, link text, image alt text
and the title. So an engine never sees it, and it comes back as it is; a heading that is only a
name (``### Jane Doe``, the About the authors section's form) has no words left and is
skeleton, never sent. A shorter mention (a first name alone) is text like any other.

Skeleton, never translated: front matter keys and every other value, fenced and indented code,
link and image destinations and titles, reference definitions, HTML comments and tags, shortcode
delimiters and parameters, footnote labels, list markers, blockquote markers, indentation,
table delimiter rows, blank lines, line endings (LF, CRLF or CR), trailing spaces, a byte order
mark and a missing final newline.

Rendering rules: a segment of several source lines keeps its lines' prefixes (``> ``, list
indentation) for as many lines as the translation has and joins any extra lines with spaces;
headings, table cells and HTML lines stay on one line (``|`` in a translated cell is escaped);
a front matter value keeps its quoting when the text is unchanged and is re-quoted safely when
not. Rendering every segment as its own text (``document.identity()``) reproduces the input
byte for byte.
"""

from __future__ import annotations

import codecs
import functools
import json
import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from typing import Literal, NamedTuple

from markdown_it import MarkdownIt
from markdown_it.token import Token

from translate.document import Document, FrontMatter, Segment, Slot
from translate.document.inline import scan
from translate.errors import InputError

MAX_POST_BYTES = 2_000_000
_LINE = re.compile(r"[^\r\n]*(\r\n|\r|\n|$)")
_FM_KEY_YAML = re.compile(r"(title|description)(\s*:[ \t]+)(\S.*?)[ \t]*$")
_FM_KEY_TOML = re.compile(r"(title|description)(\s*=\s*)(\".*\"|'.*')[ \t]*$")
_HTML_RAW = re.compile(r"\s*<(?:!--|script|style|pre|textarea|code)\b", re.I)
_HTML_TAG = re.compile(r"<[^<>]*>")
_PLAIN_UNSAFE = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|: |\s#|\s$")
_INLINE_ONLY = [
    "newline", "strikethrough", "emphasis", "link", "image", "footnote_inline", "autolink",
    "html_inline", "entity", "balance_pairs", "fragments_join", "text_join",
]  # fmt: skip
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
# What tagged text holds besides its words: tags, and the entities ``escape`` writes (and
# ``unescape`` reads), none of which stands for a letter.
_MARKUP = re.compile(r'<g id="\d+">|</g>|<x id="\d+"/>|&(?:amp|lt|gt|quot|apos);')


class _Line(NamedTuple):  # a tuple: a post has thousands of lines
    start: int
    end: int  # end of content, before the line ending
    text: str


# Byte order marks of the encodings other than UTF-8 an editor may save text in (UTF-32 first:
# its little-endian mark begins with UTF-16's).
_WIDE_MARKS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def wide_encoding(data: bytes) -> str | None:
    """``UTF-16`` or ``UTF-32`` when ``data`` starts with that encoding's byte order mark."""
    return next((name for mark, name in _WIDE_MARKS if data.startswith(mark)), None)


def decode(data: bytes, name: str) -> str:
    """Text of a Markdown file, or a one-line ``InputError`` saying why it is not one.

    UTF-8, or UTF-16 or UTF-32 with a byte order mark (as some editors save), read as such.
    """
    if len(data) > MAX_POST_BYTES:
        size = len(data) / 1_000_000
        raise InputError(f"{name} is {size:.1f} MB; posts over 2 MB are not supported")
    if not data.strip():
        raise InputError(f"{name} is empty")
    encoding = wide_encoding(data) or "UTF-8"  # a web page's parser reads these marks too
    if encoding == "UTF-8" and b"\x00" in data:
        raise InputError(f"{name} is a binary file, not Markdown")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(
            f"{name} is not valid {encoding} (byte {error.start}); save it as UTF-8 and retry"
        ) from None


def parse(text: str) -> Document:
    """Cut Markdown into segments and skeleton (see the module docstring)."""
    bom = text.startswith("\ufeff")
    source = text[1:] if bom else text
    lines = _lines(source)
    front = _front_matter(source, lines)
    env: dict[str, object] = {}
    body = _body(lines, front)
    tokens = _parser(inline=False, footnotes="[^" in body).parse(body, env)
    references = tuple(dict(env.get("references", {}) or {}))  # type: ignore[call-overload]
    line_starts = [ln.start for ln in lines]
    names = _author_names(front.data) if front else ()
    builder = _Builder(source, lines, references, line_starts, names)
    if front:
        builder.front_matter(front)
    builder.blocks(tokens)
    return Document(
        source=source,
        bom=bom,
        segments=tuple(builder.segments),
        slots=tuple(builder.slots),
        front_matter=front,
        line_starts=tuple(line_starts),
        blocks=tuple(builder.top_blocks(tokens, front)),
    )


def _author_names(data: dict[str, object]) -> tuple[str, ...]:
    """The names in front matter ``authors`` (a list, or one string) that have a letter."""
    value = data.get("authors")
    listed = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    names = (" ".join(item.split()) for item in listed if isinstance(item, str))
    return tuple(dict.fromkeys(name for name in names if any(c.isalpha() for c in name)))


def body_tokens(text: str) -> list[Token]:
    """markdown-it's block tokens for a post, its front matter (if any) read as blank lines."""
    source = text.removeprefix("\ufeff")
    lines = _lines(source)
    return _parser().parse(_body(lines, _front_matter(source, lines)))


def _body(lines: list[_Line], front: FrontMatter | None) -> str:
    """The text markdown-it reads: line endings as LF, front matter lines blank."""
    return "\n".join("" if front and line.start < front.end else line.text for line in lines)


@functools.cache
def _parser(*, inline: bool = True, footnotes: bool = True) -> MarkdownIt:
    """CommonMark with tables, strikethrough and footnotes. Segmentation reads only the block
    structure, so it skips the costly inline rules (the structural guard needs them); footnote
    references stay when the post has footnotes, as the footnote plugin keeps only the
    definitions they use."""
    from mdit_py_plugins.footnote import footnote_plugin

    parser = MarkdownIt("commonmark").use(footnote_plugin).enable(["table", "strikethrough"])
    if inline:
        return parser
    return parser.disable(_INLINE_ONLY if footnotes else [*_INLINE_ONLY, "inline"])


def _lines(source: str) -> list[_Line]:
    if "\r" not in source:  # LF only, as most files: split, no regex
        texts = source.split("\n")
        if len(texts) > 1 and not texts[-1]:
            texts.pop()  # the final line ending ends a line; it does not open one
        lines: list[_Line] = []
        pos = 0
        for text in texts:
            end = pos + len(text)
            lines.append(_Line(pos, end, text))
            pos = end + 1
        return lines
    lines = []
    pos = 0
    for match in _LINE.finditer(source):
        if match.start() == len(source) and match.group(0) == "" and lines:
            break
        end = match.start(1)
        lines.append(_Line(pos, end, source[pos:end]))
        pos = match.end()
        if pos >= len(source):
            break
    return lines


def _front_matter(source: str, lines: list[_Line]) -> FrontMatter | None:
    if not lines or lines[0].text.rstrip() not in ("---", "+++"):
        return None
    fence = lines[0].text.rstrip()
    closers = ("---", "...") if fence == "---" else ("+++",)
    close = next((ln for ln in lines[1:] if ln.text.rstrip() in closers), None)
    if close is None:
        raise InputError(f"front matter opened at line 1 is never closed (no closing {fence!r})")
    inner = source[lines[1].start : close.start] if close is not lines[1] else ""
    style: Literal["yaml", "toml"] = "yaml" if fence == "---" else "toml"
    data = _load_front_matter(inner, style)
    return FrontMatter(style, 0, _after_break(source, close), close.start, data)


def _after_break(source: str, line: _Line) -> int:
    """Offset just past a line's line ending."""
    if source.startswith("\r\n", line.end):
        return line.end + 2
    return line.end + (1 if line.end < len(source) else 0)


def _load_front_matter(inner: str, style: str) -> dict[str, object]:
    if style == "toml":
        import tomllib

        try:
            return tomllib.loads(inner)
        except tomllib.TOMLDecodeError as error:
            raise InputError(f"front matter is not valid TOML: {error}") from None
    import yaml

    try:
        data = yaml.load(inner, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "syntax error"
        raise InputError(f"front matter is not valid YAML{where}: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError("front matter must be a mapping of keys to values")
    return data


class _Builder:
    """Collects segments and their slots while walking markdown-it's tokens."""

    def __init__(
        self,
        source: str,
        lines: list[_Line],
        references: Sequence[str],
        starts: list[int],
        names: tuple[str, ...] = (),
    ) -> None:
        self.source = source
        self.lines = lines
        self.references = references
        self.names = names  # author names, kept as they are
        self.starts = starts  # of each line
        self.segments: list[Segment] = []
        self.slots: list[Slot] = []

    def add(self, raw: str, kind: str, slot: Slot) -> None:
        tagged, spans = scan(raw, self.references, self.names)
        if not any(char.isalpha() for char in _MARKUP.sub("", tagged)):
            return  # no words (what ``plain_text`` would give has no letter)
        line = bisect_right(self.starts, slot.pieces[0][0])  # 1-based: the line holding it
        self.segments.append(Segment(len(self.segments), tagged, kind, line, spans))
        self.slots.append(slot)

    def front_matter(self, front: FrontMatter) -> None:
        pattern = _FM_KEY_YAML if front.style == "yaml" else _FM_KEY_TOML
        for line in self.lines[1:]:
            if line.start >= front.closing_line_start:
                break
            match = pattern.match(line.text)
            value = front.data.get(match.group(1)) if match else None
            if match is None or not isinstance(value, str) or match.group(3)[0] in "|>":
                continue
            start = line.start + match.start(3)
            encoding = _scalar_style(front.style, match.group(3))
            self.add(value, "front_matter", Slot(((start, line.start + match.end(3)),), encoding))

    def blocks(self, tokens: list[Token]) -> None:
        context: list[str] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.type == "table_open":
                index = self.table(tokens, index)
                continue
            if token.nesting == 1:
                context.append(token.type.removesuffix("_open"))
            elif token.nesting == -1 and context:
                context.pop()
            elif token.type == "inline" and token.map and context:
                self.block(token, context)
            elif token.type == "html_block" and token.map:
                self.html(token)
            elif token.type == "fence" and token.map:
                self.check_fence(token)
            index += 1

    def block(self, token: Token, context: list[str]) -> None:
        assert token.map is not None
        parent = context[-1]
        heading = parent == "heading"
        atx = heading and token.map[1] - token.map[0] == 1 and self._is_atx(token.map[0])
        pieces = self.locate(token.content, token.map[0], atx=atx)
        if pieces is None:
            return
        kind = "heading" if heading else _kind(context)
        raw = "\n".join(self.source[a:b] for a, b in pieces)
        self.add(raw, kind, Slot(tuple(pieces), "line" if atx else "markdown"))

    def _is_atx(self, line_no: int) -> bool:
        return self.lines[line_no].text.lstrip(" >\t").startswith("#")

    def locate(self, content: str, first: int, *, atx: bool) -> list[tuple[int, int]] | None:
        """Source ranges of a block's inline content, one per line, or None if not found."""
        parts = content.split("\n")
        pieces: list[tuple[int, int]] = []
        for number, part in enumerate(parts, start=first):
            if number >= len(self.lines):
                return None
            line = self.lines[number]
            wanted = part.strip(" \t")
            body = line.text.rstrip(" \t")
            if atx:
                hashes = len(body) - len(body.lstrip(" >\t").lstrip("#"))
                pos = body.find(wanted, hashes)
            else:
                pos = len(body) - len(wanted) if body.endswith(wanted) else -1
            if pos < 0 or not wanted:
                return None
            pieces.append((line.start + pos, line.start + pos + len(wanted)))
        return pieces

    def table(self, tokens: list[Token], index: int) -> int:
        row_line = -1
        cursor = 0
        while tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "tr_open" and token.map:
                row_line, cursor = token.map[0], self.lines[token.map[0]].start
            elif token.type == "inline" and row_line >= 0 and token.content.strip():
                line = self.lines[row_line]
                wanted = token.content.strip()
                pos = self.source.find(wanted, cursor, line.end)
                if pos < 0 and "|" in wanted:
                    wanted = wanted.replace("|", "\\|")
                    pos = self.source.find(wanted, cursor, line.end)
                if pos >= 0:
                    cursor = pos + len(wanted)
                    self.add(wanted, "table_cell", Slot(((pos, cursor),), "cell"))
            index += 1
        return index + 1

    def html(self, token: Token) -> None:
        assert token.map is not None
        if _HTML_RAW.match(token.content):
            return
        for line in self.lines[token.map[0] : token.map[1]]:
            stripped = line.text.strip()
            if stripped and any(char.isalpha() for char in _HTML_TAG.sub("", stripped)):
                start = line.start + line.text.index(stripped)
                self.add(stripped, "html", Slot(((start, start + len(stripped)),), "line"))

    def check_fence(self, token: Token) -> None:
        assert token.map is not None
        first, end = token.map
        last = self.lines[end - 1].text.strip(" \t>")
        closed = (
            end - first >= 2 and last.startswith(token.markup) and not last.strip(token.markup[0])
        )
        if not closed and token.content.strip():  # a stray fence at the very end swallows nothing
            raise InputError(f"code fence opened at line {first + 1} is never closed")

    def top_blocks(
        self, tokens: list[Token], front: FrontMatter | None
    ) -> Iterator[tuple[int, int]]:
        """Offsets of each top-level block, for the interleaved layout."""
        if front:
            yield (0, front.end)
        for token in tokens:
            if token.level == 0 and token.map and token.nesting >= 0:
                start = self.lines[token.map[0]].start
                last = self.lines[token.map[1] - 1]
                yield (start, _after_break(self.source, last))


def _kind(context: list[str]) -> str:
    for name in reversed(context):
        if name in ("list_item", "blockquote", "footnote"):
            return name
    return "paragraph"


def _scalar_style(style: str, raw: str) -> str:
    quote = {'"': "double", "'": "single"}.get(raw[0], "plain")
    if style == "toml":
        return "toml-basic" if quote == "double" else "toml-literal"
    return f"yaml-{quote}"


# --- rendering ---------------------------------------------------------------------------------


def render(document: Document, targets: Sequence[str]) -> str:
    """The document with each segment replaced by its target (tagged text)."""
    edits = list(_edits(document, targets))
    return ("\ufeff" if document.bom else "") + _apply(
        document.source, edits, 0, len(document.source)
    )


def render_blocks(document: Document, targets: Sequence[str]) -> list[tuple[str, str | None]]:
    """Each top-level block as (source text, translated text or None when nothing changed)."""
    edits = list(_edits(document, targets))
    out: list[tuple[str, str | None]] = []
    for start, end in document.blocks:
        inside = [edit for edit in edits if start <= edit[0] < end]
        source = document.source[start:end]
        out.append((source, _apply(document.source, inside, start, end) if inside else None))
    return out


def _apply(source: str, edits: list[tuple[int, int, str]], start: int, end: int) -> str:
    out: list[str] = []
    pos = start
    for edit_start, edit_end, text in sorted(edits):
        out.append(source[pos:edit_start])
        out.append(text)
        pos = edit_end
    out.append(source[pos:end])
    return "".join(out)


def _edits(document: Document, targets: Sequence[str]) -> Iterator[tuple[int, int, str]]:
    if len(targets) != len(document.segments):
        raise ValueError(f"{len(targets)} targets for {len(document.segments)} segments")
    for segment, slot, target in zip(document.segments, document.slots, targets, strict=True):
        source_raw = segment.restore(segment.text)
        raw = segment.restore(target)
        if raw == source_raw and slot.encoding not in ("markdown", "line", "cell"):
            continue  # an unchanged front matter value keeps its quoting
        yield from _fill(slot, _encode(slot.encoding, raw))


def _encode(encoding: str, raw: str) -> str:
    if encoding in ("line", "cell"):
        raw = " ".join(part.strip() for part in raw.split("\n"))
        return _UNESCAPED_PIPE.sub(r"\|", raw) if encoding == "cell" else raw
    if encoding == "markdown":
        return raw
    value = " ".join(raw.split("\n"))
    if encoding == "yaml-plain" and not _PLAIN_UNSAFE.search(value):
        return value
    if encoding == "toml-literal" and "'" not in value:
        return f"'{value}'"
    if encoding == "yaml-single":
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)


def _fill(slot: Slot, text: str) -> Iterator[tuple[int, int, str]]:
    pieces = slot.pieces
    lines = text.split("\n") if slot.encoding == "markdown" else [text]
    if len(lines) > len(pieces):
        lines = [*lines[: len(pieces) - 1], " ".join(lines[len(pieces) - 1 :])]
    for number, line in enumerate(lines[:-1]):
        yield pieces[number][0], pieces[number][1], line
    last = len(lines) - 1
    yield pieces[last][0], pieces[-1][1], lines[-1]
