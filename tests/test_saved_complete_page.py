"""A browser's "Save page as, complete" copy: its images are the files saved beside it."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from translate.cli import app

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
TEXT = (
    "Queues let one service hand work to another without waiting for it. This post shows how to "
    "send and receive messages with Amazon SQS from the command line."
)


def _saved_page(folder: Path, *images: str) -> Path:
    """A page saved as Chrome saves it, with ``images`` as its images' ``src``."""
    figures = "".join(f'<p><img src="{src}" alt="Queue diagram"></p>' for src in images)
    page = folder / "Queues.html"
    page.write_text(
        "<!DOCTYPE html>\n"
        "<!-- saved from url=(0047)https://aws.amazon.com/blogs/compute/queues/ -->\n"
        '<html><head><link rel="canonical" href="https://aws.amazon.com/blogs/compute/queues/">'
        '</head><body><article class="blog-post"><h1 class="blog-post-title">Queues</h1>'
        f'<section class="blog-post-content"><p>{TEXT}</p>{figures}<p>{TEXT}</p></section>'
        "</article></body></html>",
        encoding="utf-8",
    )
    (folder / "Queues_files").mkdir()
    (folder / "Queues_files" / "diagram.png").write_bytes(PNG)
    return page


def _post(page: Path, *options: str) -> tuple[int, str]:
    args = ["post", str(page), "--to", "vi", "--engine", "pseudo", "--no-memory", *options]
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.output


def test_with_download_images_the_saved_files_are_copied_into_the_site(in_tmp: Path) -> None:
    (in_tmp / "site" / "content").mkdir(parents=True)
    (in_tmp / "site" / "hugo.toml").write_text(
        'title = "Worklog"\n[languages.en]\n[languages.vi]\n', encoding="utf-8"
    )
    page = _saved_page(in_tmp, "./Queues_files/diagram.png")
    code, output = _post(page, "--worklog", "site", "--download-images")
    assert code == 0, output
    (copy,) = (in_tmp / "site" / "static").rglob("diagram.png")
    assert copy.read_bytes() == PNG
    (entry,) = (in_tmp / "site" / "content").rglob("*-Blog1/_index.vi.md")
    assert "/diagram.png)" in entry.read_text(encoding="utf-8")
    assert "Queues_files" not in entry.read_text(encoding="utf-8")
    assert "Warning" not in output


def test_without_download_images_the_image_is_the_file_and_a_warning_says_so(
    in_tmp: Path,
) -> None:
    page = _saved_page(in_tmp, "./Queues_files/diagram.png")
    code, output = _post(page, "--out", "out")
    assert code == 0, output
    text = (in_tmp / "out" / "queues" / "_index.md").read_text(encoding="utf-8")
    local = (in_tmp / "Queues_files" / "diagram.png").resolve().as_uri()
    assert f"![Queue diagram]({local})" in text
    assert "Warning: 1 image(s) of" in output and "--download-images" in output


def test_images_whose_saved_files_are_missing_are_counted_once(in_tmp: Path) -> None:
    page = _saved_page(in_tmp, "./Queues_files/gone-1.png", "./Queues_files/gone-2.png")
    code, output = _post(page, "--out", "out")
    assert code == 0, output
    assert output.count("Warning") == 1
    assert "2 images point to files that are not beside the page" in output
