"""Real 2022-2026 AWS post bodies, each wrapped in a page of every known shell, come out whole
through ``translate post FILE.html`` and through a URL served on 127.0.0.1.

The bodies are read from ``../shared/aws-pages/rss-bodies`` beside the clone (not copied into the
project); the shells are this project's own (tests/data/html/shells). "Whole": every code block
byte for byte (checked against the ``<pre>`` texts read with a regular expression), every
paragraph, heading, list item, table, image and link (``translate.source.fidelity``), and no
line that is not in the body.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from translate.cli import app
from translate.source.fidelity import Fidelity, measure

SHARED = Path(__file__).resolve().parents[2] / "shared"
BODIES = sorted((SHARED / "aws-pages" / "rss-bodies").glob("*.html"))
SHELLS = Path(__file__).parent / "data" / "html" / "shells"
KINDS = ["schema-org", "blog-post-content", "json-ld", "no-marker"]

pytestmark = pytest.mark.skipif(
    not BODIES,
    reason="the real AWS bodies (../shared/aws-pages/rss-bodies) are not beside the clone",
)


def _wrapped(body: Path, kind: str) -> bytes:
    shell = (SHELLS / f"{kind}.html").read_text(encoding="utf-8")
    return shell.replace("<!-- BODY -->", body.read_text(encoding="utf-8")).encode("utf-8")


def _pre_texts(raw: str) -> list[str]:
    """Each ``<pre>``'s text as a browser shows it: tags out, entities decoded, the first newline
    dropped."""
    texts = []
    for inner in re.findall(r"<pre\b[^>]*>(.*?)</pre>", raw, flags=re.DOTALL | re.IGNORECASE):
        text = html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<br\s*/?>", "\n", inner)))
        text = text.removeprefix("\n")
        texts.append(text if text.endswith("\n") else text + "\n")
    return texts


def _written_source(out: Path) -> tuple[str, str]:
    """The Markdown body of the one post written under ``out``, and its ``source``."""
    (path,) = out.glob("*/_index.md")
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    data = yaml.safe_load(front)
    return body, str(data.get("source") or "")


def _assert_whole(body: Path, markdown: str, base: str) -> None:
    raw = body.read_text(encoding="utf-8")
    fences = [t.content for t in MarkdownIt("commonmark").parse(markdown) if t.type == "fence"]
    assert fences == _pre_texts(raw), body.name
    kept: Fidelity = measure(raw, markdown, base)
    for name in (
        "paragraphs",
        "code_blocks",
        "headings",
        "list_items",
        "tables",
        "images",
        "links",
    ):
        count = getattr(kept, name)
        assert count.kept == count.total, f"{body.name}: {name} {count}"
    assert kept.junk_lines == 0, body.name


def _post(runner: CliRunner, source: str, out: Path) -> None:
    result = runner.invoke(
        app,
        ["post", source, "--to", "vi", "--engine", "pseudo", "--no-memory", "--out", str(out)],
    )
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("kind", KINDS)
def test_every_body_in_a_saved_page_comes_out_whole(
    runner: CliRunner, in_tmp: Path, kind: str
) -> None:
    for body in BODIES:
        page = in_tmp / body.stem / f"{body.stem}.html"
        page.parent.mkdir()
        page.write_bytes(_wrapped(body, kind))
        _post(runner, str(page), in_tmp / "out" / body.stem)
        markdown, source = _written_source(in_tmp / "out" / body.stem)
        _assert_whole(body, markdown, source or page.as_uri())


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""

    def do_GET(self) -> None:
        match = re.fullmatch(r"/blogs/([\w-]+)/([\w.-]+)/", self.path)
        found = [b for b in BODIES if match and b.stem == match.group(2)]
        if not match or not found or match.group(1) not in KINDS:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        page = _wrapped(found[0], match.group(1))
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize("kind", KINDS)
def test_every_body_served_on_a_url_comes_out_whole(
    runner: CliRunner, in_tmp: Path, server: str, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    for body in BODIES:
        url = f"{server}/blogs/{kind}/{body.stem}/"
        _post(runner, url, in_tmp / body.stem)
        markdown, source = _written_source(in_tmp / body.stem)
        _assert_whole(body, markdown, source or url)
