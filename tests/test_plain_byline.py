"""A byline written as plain text at the top of the body gives the authors and date."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from translate.cli import app

TEXT = (
    "Queues let one service hand work to another without waiting for it. This post shows how to "
    "send and receive messages with Amazon SQS from the command line."
)


def _page(byline: str) -> str:
    return (
        "<html><head><title>Queues</title>"
        '<link rel="canonical" href="https://aws.amazon.com/blogs/compute/queues/"></head>'
        '<body><article class="blog-post"><h1 class="blog-post-title">Queues</h1>'
        f'<section class="blog-post-content"><div>{byline}<p>{TEXT}</p><p>{TEXT}</p></div>'
        "</section></article></body></html>"
    )


def _posted(tmp_path: Path, byline: str) -> str:
    page = tmp_path / "queues.html"
    page.write_text(_page(byline), encoding="utf-8")
    out = tmp_path / "out"
    args = ["post", str(page), "--to", "vi", "--engine", "pseudo", "--no-memory", "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return (out / "queues" / "_index.md").read_text(encoding="utf-8")


def test_a_plain_byline_gives_authors_and_date_and_leaves_the_article(tmp_path: Path) -> None:
    byline = (
        '<p>by Jane Doe and <a href="#">Minh Tran</a> | on 03 MAR 2022 | in '
        '<a href="#">Amazon SQS</a>, <a href="#">Compute</a> | <a href="#">Permalink</a></p>'
    )
    source = _posted(tmp_path, byline)
    assert 'authors: ["Jane Doe", "Minh Tran"]' in source
    assert 'date: "2022-03-03"' in source
    assert "03 MAR 2022" not in source and "Permalink" not in source
    assert source.count(TEXT) == 2


def test_a_paragraph_opening_with_by_is_kept(tmp_path: Path) -> None:
    source = _posted(tmp_path, "<p>By default, every queue keeps a message for four days.</p>")
    assert "By default, every queue keeps a message for four days." in source
    assert "authors:" not in source
