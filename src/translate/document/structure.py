"""The structural guard: a translation must keep the source's skeleton.

``outline`` lists what a translation may never change (heading levels, list and table shape, code
blocks, link and image destinations, shortcodes, inline code, HTML tags, footnote labels) with the
line it stands on; ``guard`` compares two outlines and names the first difference. It runs before
anything is written.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from translate.document.markdown import body_tokens
from translate.errors import GuardError

_SHORTCODE = re.compile(r"\{\{[<%].*?[%>]\}\}", re.S)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_CONTAINERS = {
    "bullet_list_open": "bullet list",
    "ordered_list_open": "ordered list",
    "list_item_open": "list item",
    "blockquote_open": "blockquote",
    "table_open": "table",
    "tr_open": "table row",
    "th_open": "table cell",
    "td_open": "table cell",
    "hr": "thematic break",
}


def outline(text: str) -> list[tuple[int, str]]:
    """(1-based line, description) for each structural element of a Markdown text."""
    items: list[tuple[int, str]] = []
    line = 1
    for token in body_tokens(text):
        if token.map:
            line = token.map[0] + 1
        for item in _describe(token):
            items.append((line, item))
    return items


def _describe(token: Token) -> list[str]:
    if token.type in _CONTAINERS:
        return [_CONTAINERS[token.type]]
    if token.nesting == -1 and token.type.removesuffix("_close") + "_open" in _CONTAINERS:
        return [f"end of {_CONTAINERS[token.type.removesuffix('_close') + '_open']}"]
    if token.type == "heading_open":
        return [f"heading level {token.tag[1]}"]
    if token.type in ("fence", "code_block"):
        return [f"code block {token.info.strip()!r}: {token.content!r}"]
    if token.type == "html_block":
        return [f"HTML {' '.join(_TAG.findall(token.content))!r}"]
    if token.type == "inline":
        return [f"inline markup {item}" for item in _inline(token)]
    return []


def _inline(token: Token) -> list[str]:
    found: list[str] = []
    for child in token.children or []:
        if child.type == "link_open":
            found.append(f"link to {child.attrGet('href')}")
        elif child.type == "image":
            found.append(f"image {child.attrGet('src')}")
        elif child.type == "code_inline":
            found.append(f"code {child.content!r}")
        elif child.type == "html_inline":
            found.append(f"HTML {child.content!r}")
        elif child.type == "footnote_ref":
            found.append(f"footnote {(child.meta or {}).get('label')}")
    found.extend(f"shortcode {code}" for code in _SHORTCODE.findall(token.content))
    return sorted(found)


def guard(source: str, output: str) -> None:
    """Raise ``GuardError`` naming the first structural difference between source and output."""
    expected, found = outline(source), outline(output)
    for (line, want), (out_line, got) in zip(expected, found, strict=False):
        if want != got:
            raise GuardError(
                f"the translation's structure differs from the source at line {out_line}: expected "
                f"{_short(want)} (source line {line}), found {_short(got)}; nothing was written"
            )
    if len(expected) != len(found):
        line, item = (expected if len(expected) > len(found) else found)[
            min(len(expected), len(found))
        ]
        what = "lacks" if len(expected) > len(found) else "adds"
        raise GuardError(
            f"the translation {what} {_short(item)} (line {line}); nothing was written"
        )


def _short(item: str) -> str:
    return item if len(item) <= 80 else item[:77] + "..."
