"""HTML article body -> clean Markdown (CommonMark plus GFM pipe tables).

The contract:

- Blocks are separated by exactly one blank line; no line outside a code block ends in a space;
  the text ends with exactly one newline.
- ``h1``-``h6`` become ATX headings. A paragraph that opens with bold+underlined text alone on its
  line (``<strong><u>``, ``<span style="text-decoration: underline"><strong>``, followed by nothing
  or a ``<br>``, the ``<br>`` also inside the bold run as AWS News writes it since 2025) is the
  AWS News fake heading: ``###``; underlined text alone gives ``####``; bold text whose run ends
  in a ``<br>`` (``<strong>Title<br></strong>Text``) is a ``###`` heading as well.
- Images inside a heading (``<h2>Overview<a><img></a></h2>``) follow it, each on its own line.
  A link around a heading (``<a href=U><h3>Title</h3></a>``) goes inside it: ``### [Title](U)``.
- Author bios, one rule for every template: the "About the author(s)" (or "Về (các) tác giả")
  heading (an ``h2``-``h6`` or a bold paragraph) becomes ``## About the authors`` (its own words
  kept) and that section, up to the next ``#``/``##`` heading, is moved to the end of the text.
- ``pre`` becomes a fenced code block whose content is the ``<pre>`` text byte for byte (CRLF and
  CR normalised to LF, one leading newline dropped as browsers drop it), language from
  ``lang-x``/``language-x`` on ``pre`` or ``code`` or from ``brush: x``; the fence is
  longer than any backtick run inside.
- Lists nest with each item's content indented by the width of its own marker.
- Tables become pipe tables; the first row is the header (GFM needs one), bold dropped from it;
  a ``caption`` is an italic paragraph above.
- Images are ``![alt](absolute-url)`` blocks; captions (``figcaption``, ``.wp-caption-text``)
  an italic paragraph below. Links are made absolute against ``base_url``. A lazy image's URL is
  its ``data-src``, and one with only a ``srcset`` takes the widest candidate. What lxml nests
  inside an HTML5 void tag (the ``<img>`` after a ``<picture>``'s ``<source>``) is kept.
- A tab panel (``role=tabpanel``) follows its tab's name as a paragraph; the tab list is left out.
- An ``iframe`` (a video) is a link named by its ``title``.
- Inline code stays inline; a link inside it (``<code><a href=U>x</a></code>``) stays a link.
- ``sup`` and ``sub`` stay inline HTML (``x<sup>2</sup>``), which Markdown and Hugo render.
- Text is escaped only where it would otherwise turn into Markdown syntax.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TypeGuard
from urllib.parse import urljoin

if TYPE_CHECKING:
    from bs4 import Tag
    from bs4.element import PageElement

__all__ = ["html_to_markdown", "tag_to_markdown"]

_BR = "\x00"  # stands for <br> inside inline text until paragraphs are assembled
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_CONTAINERS = frozenset(
    [
        "address",
        "article",
        "aside",
        "body",
        "center",
        "dd",
        "details",
        "div",
        "dt",
        "fieldset",
        "figure",
        "footer",
        "header",
        "html",
        "li",
        "main",
        "section",
        "summary",
    ]
)
_SKIP = frozenset(
    [
        "audio",
        "button",
        "canvas",
        "form",
        "head",
        "input",
        "link",
        "map",
        "meta",
        "nav",
        "noscript",
        "object",
        "script",
        "select",
        "style",
        "svg",
        "template",
        "textarea",
        "title",
        "video",
    ]
)
# Void in HTML5, not to lxml, which nests what follows inside them (``<picture><source><img>``):
# the tag itself says nothing, what it swallowed is kept.
_SWALLOWING = frozenset(["embed", "param", "source", "track", "wbr"])
_PERMALINK = frozenset({"#", "\\#", "¶", "§", "🔗"})  # a heading's link to itself
_BOLD = frozenset({"strong", "b"})
_ITALIC = frozenset({"em", "i", "cite", "dfn"})
_CODE = frozenset({"code", "kbd", "samp", "tt"})
_ABOUT = re.compile(r"(?:about the authors?|về (?:các )?tác giả):?", re.IGNORECASE)
_ABOUT_HEADING = re.compile(r"## (?:about the authors?|về (?:các )?tác giả):?", re.IGNORECASE)
_LIST_START = re.compile(r"(?:-|\d+\.)(?: |$)")
# blocks that may follow a paragraph line directly (an ordered list only when it starts at 1)
_INTERRUPTS = re.compile(r"-(?: |$)|1\.(?: |$)|```|#{1,6} |>")


def html_to_markdown(html: str | bytes, base_url: str) -> str:
    """Convert an HTML fragment or page to Markdown (see the module docstring)."""
    from bs4 import BeautifulSoup

    return tag_to_markdown(BeautifulSoup(html, "lxml"), base_url)


def tag_to_markdown(root: Tag, base_url: str) -> str:
    """Convert the content of ``root`` (a BeautifulSoup tag) to Markdown."""
    blocks = _about_last(_Converter(base_url).blocks(root.children))
    return "\n\n".join(blocks) + "\n" if blocks else ""


def _about_last(blocks: list[str]) -> list[str]:
    """The "About the author(s)" section, up to the next ``#``/``##`` heading, moved to the end."""
    start = next((i for i, b in enumerate(blocks) if _ABOUT_HEADING.fullmatch(b)), None)
    if start is None:
        return blocks
    end = next(
        (i for i in range(start + 1, len(blocks)) if re.match(r"#{1,2} ", blocks[i])),
        len(blocks),
    )
    return blocks[:start] + blocks[end:] + blocks[start:end]


def _collapse(text: str) -> str:
    return re.sub(r"[ \t\n\r\f\v\xa0]+", " ", text)


def escape_text(text: str) -> str:
    """Escape what would turn plain text into Markdown syntax inside a line."""
    text = re.sub(r"([\\`*\[\]])", r"\\\1", text)
    text = re.sub(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])", r"\\_", text)
    text = re.sub(r"<(?=[A-Za-z/!?])", r"\\<", text)
    return re.sub(r"&(?=#?\w+;)", r"\\&", text)


def _escape_line_start(line: str) -> str:
    if re.match(r"[#>]|[-+](?: |$)|~~~|(?:=+|-+) *$", line):
        return "\\" + line
    return re.sub(r"^(\d+)([.)])(?= |$)", r"\1\\\2", line)


def _wrap(marker: str, inner: str) -> str:
    match = re.fullmatch(rf"([\s{_BR}]*)(.*?)([\s{_BR}]*)", inner, re.DOTALL)
    assert match is not None
    lead, core, trail = match.groups()
    return f"{lead}{marker}{core}{marker}{trail}" if core else inner


def _code_span(text: str) -> str:
    text = _collapse(text)
    if not text.strip():
        return text
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text[0] == "`" or text[-1] == "`" else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _fence(text: str, language: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.endswith("\n"):
        text += "\n"
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text}{fence}"


def _destination(url: str) -> str:
    url = url.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    return f"<{url}>" if "(" in url or ")" in url else url


def _indent(text: str, width: int) -> str:
    pad = " " * width
    return "\n".join(pad + line if line else line for line in text.split("\n"))


class _Converter:
    """Walks a BeautifulSoup tree; block methods return lists of Markdown blocks."""

    def __init__(self, base_url: str) -> None:
        from bs4.element import NavigableString, PreformattedString, Tag

        self.base_url = base_url
        self._hoisted: frozenset[int] = frozenset()  # images already written before their run
        self._tag_type = Tag
        self._text_type = NavigableString
        self._special_text = PreformattedString  # comments, CDATA, doctype, ...

    # -- node kinds ---------------------------------------------------------------------------

    def is_tag(self, node: PageElement) -> TypeGuard[Tag]:
        return isinstance(node, self._tag_type)

    def text_of(self, node: PageElement) -> str | None:
        """The text of a text node, or None for tags, comments and the like."""
        if isinstance(node, self._text_type) and not isinstance(node, self._special_text):
            return str(node)
        return None

    def significant(self, children: Iterable[PageElement]) -> list[PageElement]:
        return [c for c in children if self.is_tag(c) or (self.text_of(c) or "").strip()]

    # -- blocks -------------------------------------------------------------------------------

    def unwrapped(self, children: Iterable[PageElement]) -> Iterator[PageElement]:
        """``children``, with what a void tag swallowed (see ``_SWALLOWING``) in its place."""
        for child in children:
            if self.is_tag(child) and child.name in _SWALLOWING:
                yield from self.unwrapped(child.children)
            else:
                yield child

    def blocks(self, children: Iterable[PageElement]) -> list[str]:
        out: list[str] = []
        inline: list[str] = []
        for child in self.unwrapped(children):
            handler = self._block_handler(child) if self.is_tag(child) else None
            if handler is None or not self.is_tag(child):
                if not "".join(inline).strip() and (image := self._leading_image(child)):
                    out.extend(self.paragraphs(inline))
                    out.append(self._image(image))
                    inline, self._hoisted = [], self._hoisted | {id(image)}
                inline.append(self.inline(child, frozenset()))
                continue
            out.extend(self.paragraphs(inline))
            inline = []
            out.extend(handler(child))
        out.extend(self.paragraphs(inline))
        return [block for block in out if block]

    def _block_handler(self, tag: Tag) -> Callable[[Tag], list[str]] | None:
        name = tag.name
        classes = [str(c) for c in tag.get("class") or []]
        if name in _SKIP or tag.get("role") == "tablist":
            return lambda _: []
        if tag.get("role") == "tabpanel":
            return self._tab_panel
        if name == "figcaption" or "wp-caption-text" in classes:
            return self._caption
        handlers: dict[str, Callable[[Tag], list[str]]] = {
            "p": self._paragraph,
            "ul": self._list,
            "ol": self._list,
            "pre": lambda t: [_fence(self._pre_text(t), _language(t))],
            "blockquote": self._quote,
            "table": self._table,
            "hr": lambda _: ["---"],
            "dl": lambda t: self.blocks(t.children),
            "img": lambda t: [self._image(t)],
            "iframe": self._iframe,
        }
        if name in handlers:
            return handlers[name]
        if name in _HEADINGS:
            return self._heading
        if name in _CONTAINERS:
            return lambda t: self.blocks(t.children)
        if name == "a" and self._only_images(tag):
            return lambda t: [self.inline(t, frozenset())]
        if name == "a" and tag.find(list(_HEADINGS)) is not None:
            return self._linked_blocks
        return None

    def _linked_blocks(self, tag: Tag) -> list[str]:
        """A link around blocks (``<a href=U><h3>Title</h3></a>``): the blocks, each heading's
        text inside the link."""
        from bs4 import Tag

        for heading in tag.find_all(list(_HEADINGS)):
            link = Tag(name="a", attrs={"href": str(tag.get("href") or "")})
            for child in list(heading.contents):
                link.append(child.extract())
            heading.append(link)
        return self.blocks(tag.children)

    def _leading_image(self, node: PageElement) -> Tag | None:
        """The image a bold or italic run opens with (``<strong><img>Name</strong>``), which
        goes before the paragraph as an image alone in it does."""
        while self.is_tag(node) and node.name in _BOLD | _ITALIC | {"span"}:
            kids = self.significant(node.children)
            if not kids:
                return None
            node = kids[0]
        return node if self.is_tag(node) and node.name == "img" else None

    def paragraphs(self, parts: list[str]) -> list[str]:
        out = []
        for chunk in re.split(rf"(?:{_BR} *){{2,}}", "".join(parts)):
            lines = [re.sub(" {2,}", " ", line).strip() for line in chunk.split(_BR)]
            kept = [_escape_line_start(line) for line in lines if line]
            if kept:
                out.append("\\\n".join(kept))
        return out

    def _heading(self, tag: Tag) -> list[str]:
        """The heading's text, then each image it holds (with its link) on a line of its own."""
        text = self.inline_children(tag, frozenset({"bold", "no-image"})).replace(_BR, " ")
        holders = []
        for img in tag.find_all("img"):
            link = img.find_parent("a")
            holders.append(link if link is not None and self._only_images(link) else img)
        images = [self.inline(h, frozenset()) for h in dict.fromkeys(holders)]
        return [*self._heading_line(_HEADINGS[tag.name], text), *filter(None, images)]

    def _heading_line(self, level: int, text: str) -> list[str]:
        text = re.sub(r" {2,}", " ", text).strip()
        if text.endswith("#"):
            text = text[:-1] + "\\#"
        if _ABOUT.fullmatch(text):
            level = 2
        return [f"{'#' * level} {text}"] if text else []

    def _paragraph(self, tag: Tag) -> list[str]:
        kids = self.significant(tag.children)
        level = self._fake_heading_level(kids)
        if level:
            title = escape_text(_collapse(kids[0].get_text()))
            skip = 1 if len(kids) > 1 and getattr(kids[1], "name", "") == "br" else 0
            rest = tag.contents[tag.contents.index(kids[0]) + 1 + skip :]
            return [*self._heading_line(level, title), *self.blocks(rest)]
        return self.blocks(tag.children)

    def _fake_heading_level(self, kids: list[PageElement]) -> int:
        """3 for bold+underline alone on its line, 4 for underline, 3 for "About the Authors";
        3 for bold (4 for underline) whose run ends in a ``<br>`` followed by more text."""
        if not kids or not self.is_tag(kids[0]) or not kids[0].get_text().strip():
            return 0
        chain = [kids[0]]
        while len(inner := self.significant(chain[-1].children)) >= 1 and self.is_tag(inner[0]):
            if len(inner) > 1 and not self._ends_in_break(inner):
                break
            chain.append(inner[0])
        ends_in_break = self._ends_in_break(self.significant(chain[-1].children))
        if len(kids) > 1 and getattr(kids[1], "name", "") != "br" and not ends_in_break:
            return 0
        styles = [(getattr(t, "name", ""), str(t.get("style", "")).replace(" ", "")) for t in chain]
        underline = any(n == "u" or "text-decoration:underline" in s for n, s in styles)
        bold = any(n in _BOLD or "font-weight:bold" in s for n, s in styles)
        if underline or (bold and ends_in_break and len(kids) > 1):
            return 3 if bold else 4
        about = _ABOUT.fullmatch(_collapse(kids[0].get_text()).strip())
        return 3 if bold and about and len(kids) == 1 else 0

    def _ends_in_break(self, kids: list[PageElement]) -> bool:
        """Whether ``kids`` (a run's significant children) are some text and then a ``<br>``."""
        return len(kids) > 1 and getattr(kids[-1], "name", "") == "br"

    def _tab_panel(self, tag: Tag) -> list[str]:
        """A tab's panel, after its tab's name (the tab list itself is left out)."""
        label = str(tag.get("aria-label") or "")
        if not label:
            root = next(reversed(list(tag.parents)), tag)
            ids = str(tag.get("aria-labelledby") or "").split()
            tab = root.find(id=ids[0]) if ids else None
            panel = str(tag.get("id") or "")
            if tab is None and panel:
                tab = root.find(lambda t: t.get("aria-controls") == panel)
            label = tab.get_text() if tab is not None else ""
        name = self.paragraphs([escape_text(_collapse(label))])
        return [*name, *self.blocks(tag.children)]

    def _caption(self, tag: Tag) -> list[str]:
        return self.paragraphs([_wrap("*", self.inline_children(tag, frozenset({"italic"})))])

    def _quote(self, tag: Tag) -> list[str]:
        text = "\n\n".join(self.blocks(tag.children))
        return (
            ["\n".join(f"> {line}" if line else ">" for line in text.split("\n"))] if text else []
        )

    def _iframe(self, tag: Tag) -> list[str]:
        src = str(tag.get("src") or "")
        if not src or src.startswith(("javascript:", "about:")):
            return []
        url = urljoin(self.base_url, src)
        title = escape_text(_collapse(str(tag.get("title") or url)).strip())
        return [f"[{title}]({_destination(url)})"]

    def _image(self, tag: Tag) -> str:
        src = ""
        for attribute in ("data-src", "data-lazy-src", "src", "data-srcset", "srcset"):
            value = str(tag.get(attribute) or "").strip()
            if attribute.endswith("srcset"):
                value = _largest_candidate(value)
            if value and not value.startswith("data:"):
                src = value
                break
        if not src:
            return ""
        alt = escape_text(_collapse(str(tag.get("alt") or "")).strip())
        return f"![{alt}]({_destination(urljoin(self.base_url, src))})"

    def _only_images(self, tag: Tag) -> bool:
        kids = self.significant(tag.children)
        return bool(kids) and all(getattr(k, "name", "") == "img" for k in kids)

    def _pre_text(self, tag: Tag) -> str:
        parts = []
        for node in tag.descendants:
            text = self.text_of(node)
            if text is not None:
                parts.append(text)
            elif getattr(node, "name", "") == "br":
                parts.append("\n")
        text = "".join(parts)
        return text[2:] if text.startswith("\r\n") else text.removeprefix("\n")

    # -- lists and tables ---------------------------------------------------------------------

    def _list(self, tag: Tag) -> list[str]:
        items: list[list[str]] = []
        for child in tag.children:
            if self.is_tag(child) and child.name in ("ul", "ol") and items:  # no <li> around it
                items[-1].extend(self._list(child))
            elif self.is_tag(child) and child.name == "li":
                items.append(self.blocks(child.children))
            elif self.is_tag(child) or (self.text_of(child) or "").strip():
                items.append(self.blocks([child]))
        start = _int(tag.get("start"), 1) if tag.name == "ol" else 0
        rendered = [_item(b, f"{start + i}." if start else "-") for i, b in enumerate(items)]
        loose = any(is_loose for _, is_loose in rendered)
        return ["\n\n".join(t) if loose else "\n".join(t) for t in [[t for t, _ in rendered]] if t]

    def _table(self, tag: Tag) -> list[str]:
        caption = tag.find("caption")
        above = self._caption(caption) if caption and caption.find_parent("table") is tag else []
        rows = [tr for tr in tag.find_all("tr") if tr.find_parent("table") is tag]
        grid = [
            [c for c in tr.children if self.is_tag(c) and c.name in ("td", "th")] for tr in rows
        ]
        grid = [row for row in grid if row]
        if not grid or max(len(row) for row in grid) == 1:  # a layout table: keep its content
            return above + [b for row in grid for cell in row for b in self.blocks(cell.children)]
        lines = [self._row(row, header=index == 0) for index, row in enumerate(grid)]
        width = max(len(line) for line in lines)
        lines = [line + [""] * (width - len(line)) for line in lines]
        out = ["| " + " | ".join(cells) + " |" for cells in lines]
        out.insert(1, "|" + " --- |" * width)
        return [*above, "\n".join(out)]

    def _row(self, cells: list[Tag], header: bool) -> list[str]:
        out = []
        for cell in cells:
            context = frozenset({"bold"}) if header else frozenset()
            blocks = self.paragraphs([self.inline_children(cell, context)])
            text = "<br>".join(b.replace("\\\n", "<br>").replace("\n", " ") for b in blocks)
            out.append(text.replace("|", "\\|"))
            out.extend([""] * (_int(cell.get("colspan"), 1) - 1))
        return out

    # -- inline -------------------------------------------------------------------------------

    def inline_children(self, tag: Tag, context: frozenset[str]) -> str:
        return "".join(self.inline(child, context) for child in tag.children)

    def inline(self, node: PageElement, context: frozenset[str]) -> str:
        text = self.text_of(node)
        if text is not None:
            return escape_text(_collapse(text))
        if not self.is_tag(node):
            return ""
        tag: Tag = node
        name = tag.name
        if name in _SKIP:
            return ""
        if name == "br":
            return _BR
        if name == "img":
            return "" if "no-image" in context or id(tag) in self._hoisted else self._image(tag)
        if name in _CODE and "code" not in context:
            return self._code(tag)
        if name == "a":
            return self._link(tag, context)
        if name in ("sup", "sub"):
            return f"<{name}>{self.inline_children(tag, context)}</{name}>"
        for names, flag, marker in ((_BOLD, "bold", "**"), (_ITALIC, "italic", "*")):
            if name in names and flag not in context:
                return _wrap(marker, self.inline_children(tag, context | {flag}))
        return self.inline_children(tag, context)

    def _code(self, tag: Tag) -> str:
        """A code span; a link directly inside it stays a link around its own code span."""
        out: list[str] = []
        text = ""
        for child in tag.children:
            href = str(child.get("href") or "").strip() if self.is_tag(child) else ""
            if self.is_tag(child) and child.name == "a" and href:
                url = _destination(urljoin(self.base_url, href))
                out += [_code_span(text), f"[{_code_span(child.get_text())}]({url})"]
                text = ""
            elif self.is_tag(child) or self.text_of(child) is not None:
                text += child.get_text()
        return "".join([*out, _code_span(text)])

    def _link(self, tag: Tag, context: frozenset[str]) -> str:
        inner = self.inline_children(tag, context | {"link"})
        href = str(tag.get("href") or "").strip()
        if "link" in context or not href or href.startswith(("javascript:", "mailto:?")):
            return inner
        if not inner.strip(" " + _BR) or (href.startswith("#") and inner.strip() in _PERMALINK):
            return ""
        url = urljoin(self.base_url, href)
        return (
            _wrap("\x01", inner.replace(_BR, " "))
            .replace("\x01", "[", 1)
            .replace("\x01", f"]({_destination(url)})", 1)
        )


def _item(blocks: list[str], marker: str) -> tuple[str, bool]:
    """One list item and whether it is loose (holds blocks that need a blank line between)."""
    body, loose = "", False
    for index, block in enumerate(blocks):
        if index:
            tight = _INTERRUPTS.match(block) and not _LIST_START.match(blocks[index - 1])
            loose = loose or not tight
            body += "\n" if tight else "\n\n"
        body += block
    width = len(marker) + 1
    return (f"{marker} {_indent(body, width)[width:]}" if body else marker), loose


def _largest_candidate(srcset: str) -> str:
    """The URL of the widest (or densest) image of a ``srcset``; "" when it is empty."""
    best, best_size = "", -1.0
    for candidate in srcset.split(","):
        url, _, descriptor = candidate.strip().partition(" ")
        match = re.fullmatch(r"(\d+(?:\.\d+)?)[wx]", descriptor.strip())
        size = float(match.group(1)) if match else 1.0
        if url and size > best_size:
            best, best_size = url, size
    return best


def _language(pre: Tag) -> str:
    classes = [str(c) for c in pre.get("class") or []]
    code = pre.find("code")
    if code is not None:
        classes += [str(c) for c in code.get("class") or []]
    joined = " ".join(classes)
    match = re.search(r"(?:^|\s)(?:lang|language)-([\w+#.-]+)", joined) or re.search(
        r"brush:\s*([\w+#.-]+)", joined
    )
    return match.group(1).lower() if match else ""


def _int(value: object, default: int) -> int:
    try:
        return int(str(value))
    except ValueError:
        return default
