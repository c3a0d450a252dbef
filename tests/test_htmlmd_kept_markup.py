"""Markup a page means and Markdown can say: superscripts, subscripts, linked headings."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from translate.cli import app
from translate.source.htmlmd import html_to_markdown

BASE = "https://aws.amazon.com/blogs/compute/queues/"


def test_sup_and_sub_stay_inline_html() -> None:
    html = "<p>Cost grows as n<sup>2</sup> and the tank holds CO<sub>2</sub> only.</p>"
    assert html_to_markdown(html, BASE) == (
        "Cost grows as n<sup>2</sup> and the tank holds CO<sub>2</sub> only.\n"
    )


def test_a_footnote_link_in_sup_stays_a_link() -> None:
    markdown = html_to_markdown('<p>See the limits.<sup><a href="#note1">1</a></sup></p>', BASE)
    assert markdown == f"See the limits.<sup>[1]({BASE}#note1)</sup>\n"


def test_sup_survives_translation(tmp_path: Path) -> None:
    page = tmp_path / "queues.html"
    body = "<p>The number of checks grows as n<sup>2</sup> when every node talks to every node.</p>"
    page.write_text(
        f'<html><body><section class="blog-post-content">{body * 2}</section></body></html>',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = ["post", str(page), "--to", "vi", "--engine", "pseudo", "--no-memory", "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    (translated,) = out.glob("*/_index.vi.md")
    assert translated.read_text(encoding="utf-8").count("<sup>2</sup>") == 2


def test_a_link_around_a_heading_keeps_the_heading() -> None:
    html = '<a href="/blogs/compute/next/"><h3>Next <em>steps</em></h3></a><p>Read on.</p>'
    assert html_to_markdown(html, BASE) == (
        "### [Next *steps*](https://aws.amazon.com/blogs/compute/next/)\n\nRead on.\n"
    )
