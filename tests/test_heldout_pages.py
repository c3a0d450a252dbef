"""Pages of shapes the extractor was not built on come out as their expected Markdown.

Each ``tests/data/html/heldout/NAME.html`` is a full AWS blog page (a Vietnamese-blog page, an AWS
News launch, tabbed code, lazy images and a video, a browser's saved copy, nested wrappers with a
related-posts and comments footer, a 2015 page, a page known only by JSON-LD and ``og:``; and,
``r2-*``, a late-2025 shell, hide-language code, list items with images, a Vietnamese schema.org
page), written with its ``NAME.expected.md`` before the tool ever ran on it. Each page goes through
``translate post PAGE.html --engine pseudo``; the ``_index.md`` written must have the expected front
matter (title, date, authors, source, and the folder's slug), the same structure (headings,
paragraphs, code blocks, list items, tables, images, links), every code block byte for byte, and no
block of text that is not in the expected Markdown nor any expected block missing.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from translate.cli import app

HELDOUT = Path(__file__).parent / "data" / "html" / "heldout"
PAGES = sorted(HELDOUT.glob("*.html"))
FIELDS = ["title", "date", "authors", "source", "slug"]


def _front_and_body(text: str) -> tuple[dict[str, object], str]:
    _, front, body = text.split("---\n", 2)
    data = yaml.safe_load(front)
    return (data if isinstance(data, dict) else {}), body


def structure(markdown: str) -> Counter[str]:
    """Headings, paragraphs (outside lists and tables), code blocks, list items, tables, images
    and links of a Markdown text."""
    counts: Counter[str] = Counter()
    depth = 0
    for token in MarkdownIt("commonmark").enable("table").parse(markdown):
        if token.type == "list_item_open":
            counts["items"] += 1
            depth += 1
        elif token.type == "list_item_close":
            depth -= 1
        elif token.type == "paragraph_open" and depth == 0:
            counts["paragraphs"] += 1
        elif token.type in ("heading_open", "table_open"):
            counts[token.type.removesuffix("_open") + "s"] += 1
        elif token.type in ("fence", "code_block"):
            counts["code"] += 1
        for child in token.children or []:
            if child.type in ("image", "link_open"):
                counts["images" if child.type == "image" else "links"] += 1
    return counts


def code_blocks(markdown: str) -> list[str]:
    tokens = MarkdownIt("commonmark").parse(markdown)
    return [t.content for t in tokens if t.type in ("fence", "code_block")]


def text_blocks(markdown: str) -> list[str]:
    """The text of each heading, paragraph, list item line and table row, with its markup and
    whitespace taken out, so that only words and their order count."""
    blocks = []
    for token in MarkdownIt("commonmark").enable("table").parse(markdown):
        if token.type == "inline" and token.children is not None:
            words = "".join(c.content for c in token.children if c.type in ("text", "code_inline"))
            if squeezed := re.sub(r"\s+", "", words):
                blocks.append(squeezed)
    return blocks


def _languages(page: Path) -> list[str]:
    """A Vietnamese page (named ``vi-...`` or ``...-vi-...``) is translated into English: a post
    already in the target language is refused."""
    vietnamese = "vi" in page.stem.split("-")
    return ["--from", "vi", "--to", "en"] if vietnamese else ["--to", "vi"]


def _translate(page: Path, out: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        app,
        [
            "post",
            str(page),
            *_languages(page),
            "--engine",
            "pseudo",
            "--no-memory",
            "--out",
            str(out),
        ],
    )
    written = sorted(out.glob("*/_index.md"))
    return result.exit_code, result.output, written[0].read_text("utf-8") if written else ""


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_heldout_page_comes_out_as_expected(page: Path, tmp_path: Path) -> None:
    expected_front, expected = _front_and_body(
        page.with_suffix(".expected.md").read_text(encoding="utf-8")
    )
    code, output, written = _translate(page, tmp_path)
    assert code == 0, output
    front, body = _front_and_body(written)
    (folder,) = [p.parent.name for p in tmp_path.glob("*/_index.md")]
    front["slug"] = folder
    assert {k: front.get(k) for k in FIELDS} == {k: expected_front.get(k) for k in FIELDS}
    assert code_blocks(body) == code_blocks(expected)
    assert structure(body) == structure(expected)
    got, want = text_blocks(body), text_blocks(expected)
    assert [b for b in want if b not in got] == [], "lost"
    assert [b for b in got if b not in want] == [], "added"
