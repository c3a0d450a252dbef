"""What an article's Markdown kept of the HTML it came from.

Counted apart from the converter: the HTML is read with BeautifulSoup, the Markdown with
markdown-it (CommonMark and tables), and texts are compared with every whitespace character taken
out, so that line breaks and spacing do not count, only the words and their order.

- paragraphs: each non-empty ``<p>`` whose text is found in the Markdown's text;
- code blocks: each ``<pre>`` text (``<br>`` as a line break, CRLF as LF, the newline that opens
  it dropped) equal byte for byte to a fenced block;
- headings: each non-empty ``h1``-``h6`` whose text is a heading's text in the Markdown;
- list items: each ``<li>`` whose text is found in the text of the Markdown's list items;
- tables: ``<table>``s with a row of two cells or more, against the Markdown's tables;
- images and links: each ``<img>`` source and each link (with text) found in the Markdown;
- junk lines: Markdown paragraphs, headings, items and cells whose text is not in the HTML.

A heading's link to itself (``<a href="#id">#</a>``, or ``¶``, ``§``) is not content and is left
out of every count, as the converter leaves it out.

An article is *whole* when it keeps at least 95% of the paragraphs and every code block.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin

if TYPE_CHECKING:
    from bs4 import Tag
    from markdown_it.token import Token

__all__ = ["MIN_PARAGRAPHS", "Count", "Fidelity", "measure"]

MIN_PARAGRAPHS = 0.95  # the share of paragraphs a whole article keeps
_HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]
_PERMALINK = frozenset({"#", "¶", "§", "🔗"})


@dataclass(frozen=True)
class Count:
    """How many of ``total`` things the Markdown kept."""

    kept: int
    total: int

    def __str__(self) -> str:
        return f"{self.kept}/{self.total}"


@dataclass(frozen=True)
class Fidelity:
    """What the Markdown kept of each kind of block, and how many lines it has from elsewhere."""

    paragraphs: Count
    code_blocks: Count
    headings: Count
    list_items: Count
    tables: Count
    images: Count
    links: Count
    junk_lines: int

    @property
    def whole(self) -> bool:
        """At least 95% of the paragraphs and every code block, byte for byte."""
        paragraphs = self.paragraphs
        return (
            paragraphs.kept >= MIN_PARAGRAPHS * paragraphs.total
            and self.code_blocks.kept == self.code_blocks.total
        )

    def shortfall(self) -> str:
        """What was lost, in words, e.g. ``kept 40 of 50 paragraphs (80%)``."""
        paragraphs, code = self.paragraphs, self.code_blocks
        share = paragraphs.kept / paragraphs.total if paragraphs.total else 1.0
        parts = [f"kept {paragraphs.kept} of {paragraphs.total} paragraphs ({share:.0%})"]
        if code.kept != code.total:
            parts.append(f"{code.kept} of {code.total} code blocks byte for byte")
        return " and ".join(parts)


def measure(html: str, markdown: str, base_url: str) -> Fidelity:
    """Compare the article ``html`` with the ``markdown`` made of it (links against base_url)."""
    from bs4 import BeautifulSoup
    from markdown_it import MarkdownIt

    root = BeautifulSoup(html, "lxml")
    for link in root.find_all("a", href=re.compile(r"^#")):
        if link.get_text(strip=True) in _PERMALINK:  # a heading's link to itself, not content
            link.decompose()
    parser = MarkdownIt("commonmark").enable("table")
    parser.validateLink = lambda url: True  # type: ignore[method-assign]  # file: links too
    tokens = parser.parse(markdown)
    out = _Output(tokens)
    everything = _squash(root.get_text())
    return Fidelity(
        paragraphs=_found(_texts(root, ["p"]), out.text),
        code_blocks=_exact(_pre_texts(root), out.fences),
        headings=_found(_texts(root, _HEADINGS), out.headings),
        list_items=_found(_texts(root, ["li"]), out.items),
        tables=Count(min(_tables(root), out.tables), _tables(root)),
        images=_found(_images(root, base_url), out.images),
        links=_found(_links(root, base_url), out.links),
        junk_lines=sum(1 for line in out.lines if line not in everything),
    )


class _Output:
    """The Markdown's texts, fenced code, headings, list items, tables, images and links."""

    def __init__(self, tokens: list[Token]) -> None:
        self.lines: list[str] = []
        self.fences = [t.content for t in tokens if t.type == "fence"]
        self.headings: set[str] = set()
        self.tables = sum(1 for t in tokens if t.type == "table_open")
        self.images: set[str] = set()
        self.links: set[str] = set()
        items: list[str] = []
        in_items = 0
        for index, token in enumerate(tokens):
            in_items += {"list_item_open": 1, "list_item_close": -1}.get(token.type, 0)
            if token.type != "inline":
                continue
            line = _squash(_inline_text(token))
            if line:
                self.lines.append(line)
            if tokens[index - 1].type == "heading_open":
                self.headings.add(line)
            if in_items:
                items.append(line)
            for child in _descendants(token):
                if child.type == "image":
                    self.images.add(unquote(str(child.attrs.get("src") or "")))
                elif child.type == "link_open":
                    self.links.add(unquote(str(child.attrs.get("href") or "")))
        self.text = "".join(self.lines)
        self.items = "".join(items)


def _descendants(token: Token) -> list[Token]:
    found = []
    for child in token.children or []:
        found += [child, *_descendants(child)]
    return found


def _inline_text(token: Token) -> str:
    """The words of an inline token: its text and code, not the alt text of its images."""
    return "".join(
        child.content for child in token.children or [] if child.type in ("text", "code_inline")
    )


def _squash(text: str) -> str:
    return "".join(text.split())


def _outside_code(root: Tag, names: list[str]) -> list[Tag]:
    return [tag for tag in root.find_all(names) if tag.find_parent("pre") is None]


def _texts(root: Tag, names: list[str]) -> list[str]:
    return [text for tag in _outside_code(root, names) if (text := _squash(tag.get_text()))]


def _found(wanted: list[str], within: str | set[str]) -> Count:
    """How many of ``wanted`` are in ``within`` (a member of the set, or a part of the text)."""
    return Count(sum(1 for item in wanted if item in within), len(wanted))


def _exact(wanted: list[str], got: list[str]) -> Count:
    """How many of ``wanted`` are in ``got`` byte for byte, each one used once."""
    return Count(sum((Counter(wanted) & Counter(got)).values()), len(wanted))


def _pre_texts(root: Tag) -> list[str]:
    from bs4.element import NavigableString, PreformattedString

    texts = []
    for pre in root.find_all("pre"):
        parts = []
        for node in pre.descendants:
            if isinstance(node, NavigableString) and not isinstance(node, PreformattedString):
                parts.append(str(node))
            elif getattr(node, "name", "") == "br":
                parts.append("\n")
        text = "".join(parts).replace("\r\n", "\n").replace("\r", "\n").removeprefix("\n")
        texts.append(text if text.endswith("\n") else text + "\n")
    return texts


def _tables(root: Tag) -> int:
    return sum(
        1
        for table in root.find_all("table")
        if any(len(row.find_all(["td", "th"], recursive=False)) > 1 for row in table.find_all("tr"))
    )


def _images(root: Tag, base_url: str) -> list[str]:
    sources = []
    for img in root.find_all("img"):
        for attribute in ("data-src", "data-lazy-src", "src"):
            value = str(img.get(attribute) or "").strip()
            if value and not value.startswith("data:"):
                sources.append(unquote(urljoin(base_url, value)))
                break
    return sources


def _links(root: Tag, base_url: str) -> list[str]:
    links = []
    for link in _outside_code(root, ["a"]):
        href = str(link.get("href") or "").strip()
        if (
            href
            and not href.startswith(("javascript:", "mailto:?"))
            and (link.get_text(strip=True) or link.find("img"))
        ):
            links.append(unquote(urljoin(base_url, href)))
    return links
