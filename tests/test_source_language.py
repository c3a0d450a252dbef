"""A post already in the language asked for is refused before anything is sent or written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app

VIETNAMESE = (
    "Bài viết này hướng dẫn bạn cách tạo một hàng đợi tin nhắn với Amazon SQS, gửi thử vài tin "
    "nhắn từ dòng lệnh và theo dõi số lượng tin nhắn còn chờ xử lý. Chúng tôi cũng giải thích "
    "khi nào nên dùng hàng đợi FIFO thay cho hàng đợi tiêu chuẩn."
)
ENGLISH = (
    "This post shows you how to create a message queue with Amazon SQS, send a few test "
    "messages from the command line, and watch the number of messages that are still waiting. "
    "We also explain when to use a FIFO queue instead of a standard one."
)


def _page(lang: str, text: str) -> str:
    return (
        f'<html lang="{lang}"><head><title>Queues</title>'
        '<link rel="canonical" href="https://aws.amazon.com/vi/blogs/compute/queues/"></head>'
        '<body><nav><a href="/vi/">Trang chủ</a></nav>'
        '<article class="blog-post"><h1 class="blog-post-title">Queues</h1>'
        f'<section class="blog-post-content"><p>{text}</p><p>{text}</p></section>'
        "</article></body></html>"
    )


def _post(source: Path, out: Path, *options: str) -> tuple[int, str]:
    args = ["post", str(source), *options, "--engine", "pseudo", "--no-memory"]
    result = CliRunner().invoke(app, [*args, "--out", str(out)])
    return result.exit_code, result.output


def test_a_vietnamese_page_is_not_translated_into_vietnamese(tmp_path: Path) -> None:
    page = tmp_path / "queues.html"
    page.write_text(_page("vi", VIETNAMESE), encoding="utf-8")
    code, output = _post(page, tmp_path / "out", "--to", "vi")
    assert code == 2, output
    (line,) = output.strip().splitlines()
    assert line.startswith("Error: ") and "already in vi" in line and "--from" in line
    assert not (tmp_path / "out").exists()


def test_a_vietnamese_markdown_file_is_not_translated_into_vietnamese(tmp_path: Path) -> None:
    post = tmp_path / "queues.md"
    post.write_text(f"---\ntitle: Queues\n---\n\n{VIETNAMESE}\n", encoding="utf-8")
    code, output = _post(post, tmp_path / "out", "--to", "vi")
    assert code == 2, output
    assert output.startswith("Error: ") and "already in vi" in output
    assert not (tmp_path / "out").exists()


def test_an_english_article_on_the_vietnamese_blog_is_translated(tmp_path: Path) -> None:
    page = tmp_path / "queues.html"
    page.write_text(_page("vi", ENGLISH), encoding="utf-8")
    code, output = _post(page, tmp_path / "out", "--to", "vi")
    assert code == 0, output
    assert (tmp_path / "out" / "queues" / "_index.vi.md").exists()


def test_a_page_declaring_the_target_language_is_refused_whatever_its_words(
    tmp_path: Path,
) -> None:
    page = tmp_path / "queues.html"
    page.write_text(_page("de-DE", "Warteschlangen mit Amazon SQS. " * 12), encoding="utf-8")
    code, output = _post(page, tmp_path / "out", "--to", "de")
    assert code == 2, output
    assert "already in de" in output


@pytest.mark.parametrize(
    "declaration",
    [
        '<meta property="og:locale" content="de_DE">',
        '<meta http-equiv="Content-Language" content="de">',
    ],
)
def test_og_locale_and_content_language_declare_the_language(
    tmp_path: Path, declaration: str
) -> None:
    page = tmp_path / "queues.html"
    html = _page("", "Warteschlangen mit Amazon SQS. " * 12).replace(' lang=""', "")
    page.write_text(html.replace("<head>", "<head>" + declaration), encoding="utf-8")
    code, output = _post(page, tmp_path / "out", "--to", "de")
    assert code == 2, output
    assert "already in de" in output


def test_from_says_the_language_and_the_post_goes_on(tmp_path: Path) -> None:
    page = tmp_path / "queues.html"
    page.write_text(_page("vi", VIETNAMESE), encoding="utf-8")
    code, output = _post(page, tmp_path / "out", "--from", "vi", "--to", "en")
    assert code == 0, output
    assert (tmp_path / "out" / "queues" / "_index.en.md").exists()
    code, output = _post(page, tmp_path / "again", "--from", "en", "--to", "vi")
    assert code == 0, output
