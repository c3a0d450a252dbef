"""What a post's Markdown kept of its page: measured, and a partial article refused by ``post``."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from translate.cli import app
from translate.source.fidelity import Count, measure

HTML = Path(__file__).parent / "data" / "html"
BASE = "https://blog.example.com/post/"
PAGE = """
<h2>Setup</h2>
<p>Install the <a href="/tool/">tool</a> first.</p>
<p>Then run it<br>twice.</p>
<ul><li>fast</li><li>safe<ol><li>really</li></ol></li></ul>
<pre><code>\nrun --all\n</code></pre>
<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td><img src="/one.png"></td></tr></table>
"""


def test_a_faithful_markdown_keeps_everything_and_has_no_junk() -> None:
    markdown = (
        "## Setup\n\nInstall the [tool](https://blog.example.com/tool/) first.\n\n"
        "Then run it\\\ntwice.\n\n- fast\n- safe\n  1. really\n\n```\nrun --all\n```\n\n"
        "| a | b |\n| --- | --- |\n| 1 | ![](https://blog.example.com/one.png) |\n"
    )
    kept = measure(PAGE, markdown, BASE)
    assert (kept.paragraphs, kept.code_blocks, kept.headings) == (
        Count(2, 2),
        Count(1, 1),
        Count(1, 1),
    )
    assert (kept.list_items, kept.tables, kept.images, kept.links) == (
        Count(3, 3),
        Count(1, 1),
        Count(1, 1),
        Count(1, 1),
    )
    assert kept.junk_lines == 0 and kept.whole


def test_lost_blocks_changed_code_and_junk_are_counted() -> None:
    markdown = (
        "Setup\n\nInstall the tool first.\n\nShare this post\n\n- fast\n- safe really\n\n"
        "```\nrun  --all\n```\n"
    )
    kept = measure(PAGE, markdown, BASE)
    assert (kept.paragraphs, kept.code_blocks, kept.headings) == (
        Count(1, 2),
        Count(0, 1),
        Count(0, 1),
    )
    assert (kept.list_items, kept.tables, kept.images, kept.links) == (
        Count(3, 3),
        Count(0, 1),
        Count(0, 1),
        Count(0, 1),
    )
    assert kept.junk_lines == 1 and not kept.whole
    assert kept.shortfall() == "kept 1 of 2 paragraphs (50%) and 0 of 1 code blocks byte for byte"


def _post(runner: CliRunner, page: Path, *options: str) -> tuple[int, str]:
    result = runner.invoke(
        app, ["post", str(page), "--to", "vi", "--engine", "pseudo", "--out", "out", *options]
    )
    return result.exit_code, result.stderr


def test_a_partial_article_is_refused_and_nothing_is_written(
    runner: CliRunner, in_tmp: Path
) -> None:
    code, stderr = _post(runner, HTML / "partial.html")
    assert code == 1
    assert stderr.startswith("Error: ") and stderr.count("\n") == 1
    assert "kept 3 of 6 paragraphs (50%) and 0 of 1 code blocks byte for byte" in stderr
    assert "--accept-partial" in stderr
    assert not Path("out").exists()


def test_an_inexact_code_block_alone_is_enough_to_refuse(runner: CliRunner, in_tmp: Path) -> None:
    page = (HTML / "partial.html").read_text(encoding="utf-8")
    page = page.replace('<form action="/order/" method="post">', "<div>").replace(
        "</p>\n   <pre>", "</p>\n   <form><pre>"
    )
    page = page.replace("</pre>\n  </form>", "</pre></form>\n  </div>")
    Path("code.html").write_text(page, encoding="utf-8")
    code, stderr = _post(runner, Path("code.html"))
    assert code == 1 and "kept 6 of 6 paragraphs (100%) and 0 of 1 code blocks" in stderr
    assert not Path("out").exists()


def test_accept_partial_translates_what_was_kept_with_a_warning(
    runner: CliRunner, in_tmp: Path
) -> None:
    code, stderr = _post(runner, HTML / "partial.html", "--accept-partial")
    assert code == 0, stderr
    assert "Warning: " in stderr and "came out partial (kept 3 of 6 paragraphs" in stderr
    folder = Path("out/order-widgets-in-bulk")  # named from the page's canonical URL
    assert (folder / "_index.md").is_file() and (folder / "_index.vi.md").is_file()
