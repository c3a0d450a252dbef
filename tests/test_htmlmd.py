"""htmlmd: the markup of 2022-2026 AWS post bodies that the 2019 template never had."""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt

from translate.source.htmlmd import html_to_markdown

DEFECTS = Path(__file__).parent / "data" / "html" / "defects"
BASE = "https://aws.amazon.com/blogs/aws/a-post/"


def _convert(name: str) -> str:
    return html_to_markdown((DEFECTS / name).read_bytes(), BASE)


def _fences(markdown: str) -> list[tuple[str, str]]:
    tokens = MarkdownIt("commonmark").parse(markdown)
    return [(t.info, t.content) for t in tokens if t.type == "fence"]


def test_a_news_heading_with_its_break_inside_the_bold_run_is_a_heading() -> None:
    assert _convert("news-heading.html") == (
        "Today we are launching the gadget console.\n\n"
        "### Getting started with the console\n\n"
        "Open the console and choose **Create**.\n\n"
        "### Things to know\n\n"
        "The console is free.\n\n"
        "**Note:** this is not a heading.\n"
    )


def test_an_image_inside_a_heading_follows_it_on_its_own_line() -> None:
    assert _convert("heading-image.html") == (
        "## Overview\n\n"
        "[![Diagram](https://media.example.com/diagram.png)]"
        "(https://media.example.com/diagram-full.png)\n\n"
        "The diagram shows the flow.\n\n"
        "[![](https://media.example.com/inbox.png)](https://media.example.com/inbox-full.png)\n\n"
        "### Clean up\n"
    )


def test_a_link_inside_inline_code_stays_a_link() -> None:
    assert _convert("code-link.html") == (
        "Call the [`RunQuery API`](https://docs.example.com/api/RunQuery.html) "
        "with a `SELECT` statement.\n"
    )


def test_code_around_text_and_a_link_keeps_both() -> None:
    html = '<p><code>aws s3 <a href="/cli/cp.html">cp</a> file</code></p>'
    assert html_to_markdown(html, BASE) == (
        "`aws s3 `[`cp`](https://aws.amazon.com/cli/cp.html)` file`\n"
    )


def test_the_newline_that_opens_a_pre_is_dropped_as_a_browser_drops_it() -> None:
    assert _fences(_convert("pre-newline.html")) == [
        ("dockerfile", "FROM python:3.12-slim\nCOPY app.py /app/\n"),
        ("bash", '\necho "kept blank line above"\n'),
    ]


def test_the_about_the_authors_section_ends_the_text_whatever_its_markup() -> None:
    forms = [
        "<h3>About the Authors</h3><p><strong>Kim Le</strong> builds things.</p>",
        "<p><strong>About the Authors</strong></p><footer><div class='blog-author-box'>"
        "<h3>Kim Le</h3><p>Kim builds things.</p></div></footer>",
    ]
    for form in forms:
        html = f"<h2>Setup</h2><p>Run it.</p>{form}<h2>Conclusion</h2><p>Done.</p>"
        markdown = html_to_markdown(html, BASE)
        assert markdown.startswith("## Setup\n\nRun it.\n\n## Conclusion\n\nDone.\n\n")
        assert "\n\n## About the Authors\n\n" in markdown
        assert "Kim Le" in markdown[markdown.index("## About the Authors") :]
