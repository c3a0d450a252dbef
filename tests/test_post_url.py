"""``translate post URL --worklog SITE``: pages served from 127.0.0.1 filed into a Hugo worklog."""

from __future__ import annotations

import os
import struct
import threading
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from typer.testing import CliRunner, Result

from translate.cli import app

DATA = Path(__file__).parent / "data"
SOME = "/blogs/machine-learning/some-post/"
OTHER = "/blogs/big-data/other-post/"
SECTION = Path("site/content/3-BlogsTranslated")


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


ARCHITECTURE_PNG = _png(2, 1)
FLOW_PNG = _png(1, 2)
PAGES: dict[str, tuple[int, str, bytes]] = {
    SOME: (200, "text/html; charset=utf-8", (DATA / "worklog/some-post.html").read_bytes()),
    OTHER: (200, "text/html", (DATA / "worklog/other-post.html").read_bytes()),
    "/blogs/misc/espresso/": (200, "text/html", (DATA / "html/generic.html").read_bytes()),
    "/blogs/misc/empty/": (200, "text/html", (DATA / "html/no-article.html").read_bytes()),
    "/paper.pdf": (200, "application/pdf", b"%PDF-1.4 not a page"),
    "/images/architecture.png": (200, "image/png", ARCHITECTURE_PNG),
    "/images/flow%20chart%20(1).png": (200, "image/png", FLOW_PNG),
    "/images/not-an-image.png": (200, "text/html", b"<p>login first</p>"),
}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""

    def do_GET(self) -> None:
        status, ctype, body = PAGES.get(self.path, (404, "text/html", b"<p>not found</p>"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up early (a refused PDF) is not news."""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = _QuietServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")


@pytest.fixture
def site(in_tmp: Path) -> Path:
    """A small Hugo worklog: config, two other sections, no translated-blogs section yet."""
    root = Path("site")
    (root / "content/1-Worklog").mkdir(parents=True)
    (root / "content/1-Worklog/_index.md").write_text("---\ntitle: Worklog\n---\n", "utf-8")
    (root / "hugo.toml").write_text('title = "My worklog"\n', encoding="utf-8")
    return root


def post(runner: CliRunner, url: str, *options: str) -> Result:
    return runner.invoke(app, ["post", url, "--to", "vi", "--engine", "pseudo", *options])


def front(path: Path) -> dict[str, object]:
    data = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    assert isinstance(data, dict)
    return data


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def fences(text: str) -> list[tuple[str, str]]:
    tokens = MarkdownIt("commonmark").parse(text)
    return [(t.info, t.content) for t in tokens if t.type == "fence"]


def test_a_url_becomes_a_worklog_entry_in_both_languages(
    runner: CliRunner, server: str, site: Path
) -> None:
    result = post(runner, server + SOME, "--worklog", "site")
    assert result.exit_code == 0, result.stderr
    entry = SECTION / "3.1-Blog1"
    assert result.stdout.splitlines() == [
        str(entry / "_index.md"),
        str(entry / "_index.vi.md"),
        str(SECTION / "_index.md"),
        str(SECTION / "_index.vi.md"),
    ]
    english, vietnamese = front(entry / "_index.md"), front(entry / "_index.vi.md")
    for meta in (english, vietnamese):
        assert meta["date"] == "2024-05-02" and meta["weight"] == 1
        assert meta["chapter"] is False and meta["pre"] == " <b> 3.1. </b> "
        assert meta["source"] == server + SOME
    assert english["title"] == "Serve a model with Amazon SageMaker endpoints"
    assert str(vietnamese["title"]).startswith("«Sêrvê")
    assert english["authors"] == ["Linh Tran"]
    link = f"[Serve a model with Amazon SageMaker endpoints]({server}{SOME})"
    body = (entry / "_index.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    assert body.startswith(f"\n> Original: {link}\n\nAmazon SageMaker endpoints serve")
    vi_body = (entry / "_index.vi.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    assert vi_body.startswith(f"\n> Bài gốc: {link}\n\n«Amazon SageMaker ")
    assert "pseudo-translation" in result.stderr


def test_both_section_pages_list_the_post_with_its_first_paragraph(
    runner: CliRunner, server: str, site: Path
) -> None:
    assert post(runner, server + SOME, "--worklog", "site").exit_code == 0
    index = (SECTION / "_index.md").read_text(encoding="utf-8")
    assert front(SECTION / "_index.md") == {
        "title": "Translated Blogs", "weight": 3, "chapter": False, "pre": " <b> 3. </b> "
    }  # fmt: skip
    assert index.endswith(
        "### [Blog 1 - Serve a model with Amazon SageMaker endpoints]"
        '({{< relref "/3-BlogsTranslated/3.1-Blog1" >}}) {#blog-1}\n\n'
        "Amazon SageMaker endpoints serve [machine learning models]"
        "(https://docs.aws.amazon.com/sagemaker/) over HTTPS. "
        "This post shows how to deploy one and call it.\n"
    )
    vi_index = (SECTION / "_index.vi.md").read_text(encoding="utf-8")
    assert front(SECTION / "_index.vi.md")["title"] == "Các bài blog đã dịch"
    assert (
        "### [Blog 1 - «Sêrvê ă mô hình wìth Amazon SageMaker endpoint»]"
        '({{< relref "/3-BlogsTranslated/3.1-Blog1" >}}) {#blog-1}\n\n«Amazon SageMaker'
        in (vi_index)
    )


def test_a_second_post_is_numbered_next_and_a_rerun_updates_its_own_folder(
    runner: CliRunner, server: str, site: Path
) -> None:
    assert post(runner, server + SOME, "--worklog", "site").exit_code == 0
    assert post(runner, server + OTHER, "--worklog", "site").exit_code == 0
    second = front(SECTION / "3.2-Blog2/_index.vi.md")
    assert (second["weight"], second["pre"]) == (2, " <b> 3.2. </b> ")
    index = SECTION / "_index.md"
    hand_note = index.read_text(encoding="utf-8") + "\nMy own note, kept as it is.\n"
    index.write_text(hand_note, encoding="utf-8")
    rerun = post(runner, server + SOME, "--worklog", "site")
    assert rerun.exit_code == 0, rerun.stderr
    assert sorted(p.name for p in SECTION.iterdir() if p.is_dir()) == ["3.1-Blog1", "3.2-Blog2"]
    assert index.read_text(encoding="utf-8") == hand_note
    for page in (index, SECTION / "_index.vi.md"):
        text = page.read_text(encoding="utf-8")
        assert text.count('"/3-BlogsTranslated/3.1-Blog1" >}})') == 1
        assert text.count('"/3-BlogsTranslated/3.2-Blog2" >}})') == 1
        assert text.index("[Blog 1 - ") < text.index("[Blog 2 - ")


def test_code_blocks_are_byte_for_byte_the_pages_pre_blocks(
    runner: CliRunner, server: str, site: Path
) -> None:
    assert post(runner, server + SOME, "--worklog", "site").exit_code == 0
    page = BeautifulSoup(PAGES[SOME][2], "lxml")
    expected = [
        ("python", page.select("pre")[0].get_text()),
        ("bash", page.select("pre")[1].get_text()),
    ]
    assert "\t# a tab" in expected[0][1] and "\n    \n" in expected[0][1]
    for name in ("_index.md", "_index.vi.md"):
        assert fences((SECTION / "3.1-Blog1" / name).read_text(encoding="utf-8")) == expected


def test_download_images_saves_them_in_static_and_links_the_copies(
    runner: CliRunner, server: str, site: Path
) -> None:
    result = post(runner, server + SOME, "--worklog", "site", "--download-images")
    assert result.exit_code == 0, result.stderr
    images = Path("site/static/images/3-BlogsTranslated/3.1-Blog1")
    assert (images / "architecture.png").read_bytes() == ARCHITECTURE_PNG
    assert (images / "flow-chart-1.png").read_bytes() == FLOW_PNG
    assert sorted(p.name for p in images.iterdir()) == ["architecture.png", "flow-chart-1.png"]
    assert str(images / "architecture.png") in result.stdout.splitlines()
    broken = f"{server}/images/not-an-image.png"
    assert f"Warning: image {broken} not downloaded (text/html, not an image)" in result.stderr
    for name in ("_index.md", "_index.vi.md"):
        text = (SECTION / "3.1-Blog1" / name).read_text(encoding="utf-8")
        assert "](/images/3-BlogsTranslated/3.1-Blog1/architecture.png)" in text
        assert "](/images/3-BlogsTranslated/3.1-Blog1/flow-chart-1.png)" in text
        assert f"]({broken})" in text


def test_download_images_needs_a_worklog(runner: CliRunner, server: str, in_tmp: Path) -> None:
    result = post(runner, server + SOME, "--download-images")
    assert result.exit_code == 2 and "--download-images needs --worklog" in result.stderr
    assert list(in_tmp.iterdir()) == []


def test_out_and_worklog_together_are_a_usage_error(
    runner: CliRunner, server: str, site: Path
) -> None:
    result = post(runner, server + SOME, "--worklog", "site", "--out", "posts")
    assert result.exit_code == 2 and "either --out or --worklog" in result.stderr
    assert not SECTION.exists()


def test_the_site_is_found_by_walking_up_from_a_folder_inside_it(
    runner: CliRunner, server: str, site: Path
) -> None:
    root = site.resolve()
    os.chdir(site / "content/1-Worklog")
    result = post(runner, server + SOME, "--worklog", ".")
    assert result.exit_code == 0, result.stderr
    assert (root / "content/3-BlogsTranslated/3.1-Blog1/_index.vi.md").is_file()
    assert not Path("content").exists()


def test_the_site_can_come_from_translate_toml(runner: CliRunner, server: str, site: Path) -> None:
    Path("translate.toml").write_text('engine = "pseudo"\nworklog = "site"\n', encoding="utf-8")
    os.chdir("site")
    result = runner.invoke(app, ["post", server + SOME])
    assert result.exit_code == 0, result.stderr
    assert Path("content/3-BlogsTranslated/3.1-Blog1/_index.vi.md").is_file()
    out = runner.invoke(app, ["post", server + OTHER, "--out", "elsewhere"])
    assert out.exit_code == 0 and Path("elsewhere/other-post/_index.vi.md").is_file()


def test_a_folder_that_is_not_a_hugo_site_is_an_error(
    runner: CliRunner, server: str, in_tmp: Path
) -> None:
    Path("notes").mkdir()
    result = post(runner, server + SOME, "--worklog", "notes")
    assert result.exit_code == 2 and "is not in a Hugo site" in result.stderr
    missing = post(runner, server + SOME, "--worklog", "nowhere")
    assert missing.exit_code == 2 and "nowhere: no such folder" in missing.stderr
    Path("bare").mkdir()
    Path("bare/config.toml").write_text("", encoding="utf-8")
    bare = post(runner, server + SOME, "--worklog", "bare")
    assert bare.exit_code == 2 and "has config.toml but no content/ folder" in bare.stderr
    assert sorted(str(p) for p in in_tmp.rglob("*")) == [
        str(in_tmp / "bare"), str(in_tmp / "bare/config.toml"), str(in_tmp / "notes")
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing/", "HTTP 404 Not Found from http://127.0.0.1:"),
        ("/paper.pdf", "is application/pdf, not an HTML page"),
        ("/blogs/misc/empty/", "no article found in http://127.0.0.1:"),
    ],
)
def test_bad_pages_are_one_line_errors_and_nothing_is_written(
    runner: CliRunner, server: str, site: Path, path: str, message: str
) -> None:
    assert post(runner, server + OTHER, "--worklog", "site").exit_code == 0
    before = snapshot(site)
    result = post(runner, server + path, "--worklog", "site", "--download-images")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert message in result.stderr
    assert snapshot(site) == before


def test_a_page_that_is_not_an_aws_blog_post_warns(
    runner: CliRunner, server: str, site: Path
) -> None:
    result = post(runner, server + "/blogs/misc/espresso/", "--worklog", "site")
    assert result.exit_code == 0, result.stderr
    assert "Warning: " in result.stderr and "not an AWS blog page" in result.stderr
    assert front(SECTION / "3.1-Blog1/_index.md")["title"] == "Tuning a home espresso machine"


def test_a_hand_edited_translation_is_kept_unless_forced(
    runner: CliRunner, server: str, site: Path
) -> None:
    assert post(runner, server + SOME, "--worklog", "site").exit_code == 0
    target = SECTION / "3.1-Blog1/_index.vi.md"
    edited = target.read_text(encoding="utf-8").replace("«Clêăn ưp»", "Dọn dẹp")
    target.write_text(edited, encoding="utf-8")
    before = snapshot(site)
    refused = post(runner, server + SOME, "--worklog", "site")
    assert refused.exit_code == 2 and "edited by hand" in refused.stderr
    assert snapshot(site) == before
    forced = post(runner, server + SOME, "--worklog", "site", "--force")
    assert forced.exit_code == 0
    assert "Dọn dẹp" not in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in target.parent.iterdir()) == ["_index.md", "_index.vi.md"]
    kept = Path("site/.translate/backups/content/3-BlogsTranslated/3.1-Blog1")
    backups = list(kept.glob("_index.vi.md.*.bak"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == edited
    assert str(backups[0]) in forced.stdout


def test_without_a_worklog_a_url_goes_to_posts_named_after_its_path(
    runner: CliRunner, server: str, in_tmp: Path
) -> None:
    result = post(runner, server + SOME)
    assert result.exit_code == 0, result.stderr
    source = Path("posts/some-post/_index.md").read_text(encoding="utf-8")
    assert front(Path("posts/some-post/_index.md"))["source"] == server + SOME
    assert "```python\nimport boto3\n" in source
    assert Path("posts/some-post/_index.vi.md").is_file()


def test_dry_run_with_a_worklog_names_the_files_and_writes_nothing(
    runner: CliRunner, server: str, site: Path
) -> None:
    before = snapshot(site)
    result = post(runner, server + SOME, "--worklog", "site", "--dry-run")
    assert result.exit_code == 0
    assert str(SECTION / "3.1-Blog1/_index.vi.md") in result.stdout.splitlines()
    assert snapshot(site) == before
