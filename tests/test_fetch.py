"""fetch(): URLs served from 127.0.0.1 and local files; every failure is a one-line FetchError."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from translate import __version__
from translate.errors import FetchError, InputError
from translate.source.fetch import Fetched, fetch

PAGE = b"<!doctype html><html><head><title>Hi</title></head><body><p>Hello</p></body></html>"
PROXY_VARIABLES = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
)
REDIRECTS = {"/r1": "/r2", "/r2": "/r3", "/r3": "/post", "/loop": "/loop", "/ftp": "ftp://x/"}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    seen_agents: list[str] = []  # noqa: RUF012  (shared with the tests on purpose)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""

    def do_GET(self) -> None:
        self.seen_agents.append(self.headers.get("User-Agent", ""))
        if self.path in REDIRECTS:
            self._send(302, b"", "text/html", location=REDIRECTS[self.path])
        elif self.path == "/post":
            self._send(200, PAGE, "text/html; charset=utf-8")
        elif self.path == "/xhtml":
            self._send(200, PAGE, "application/xhtml+xml")
        elif self.path == "/missing":
            self._send(404, b"not here", "text/html")
        elif self.path == "/boom":
            self._send(500, b"oops", "text/html")
        elif self.path == "/pdf":
            self._send(200, b"%PDF-1.4", "application/pdf")
        elif self.path == "/big":
            self._send(200, b"<p>" + b"x" * 5000 + b"</p>", "text/html")
        elif self.path == "/big-chunked":
            self._send_chunked(b"<p>" + b"x" * 5000 + b"</p>")
        elif self.path == "/slow":
            time.sleep(1.0)
            self._send(200, PAGE, "text/html")
        else:
            self._send(404, b"", "text/html")

    def _send(self, status: int, body: bytes, ctype: str, location: str = "") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(body)

    def _send_chunked(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for start in range(0, len(body), 1000):
            chunk = body[start : start + 1000]
            self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        self.wfile.write(b"0\r\n\r\n")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """The client hung up first (timeout, size limit): that is what the test wanted."""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def _fetch_error(source: str, **kwargs: float) -> str:
    with pytest.raises(FetchError) as info:
        fetch(source, **kwargs)  # type: ignore[arg-type]
    message = str(info.value)
    assert "\n" not in message
    return message


def test_fetches_an_html_page_with_an_honest_user_agent(server: str) -> None:
    result = fetch(f"{server}/post")
    assert result == Fetched(f"{server}/post", PAGE, "text/html; charset=utf-8")
    assert _Handler.seen_agents[-1].startswith(f"translate/{__version__} ")


def test_accepts_xhtml(server: str) -> None:
    assert fetch(f"{server}/xhtml").content == PAGE


def test_follows_a_redirect_chain_and_reports_the_final_url(server: str) -> None:
    result = fetch(f"{server}/r1")
    assert result.url == f"{server}/post"
    assert result.content == PAGE


def test_a_chain_longer_than_max_redirects_fails(server: str) -> None:
    assert "too many redirects" in _fetch_error(f"{server}/r1", max_redirects=2)


def test_a_redirect_loop_fails(server: str) -> None:
    assert "too many redirects (more than 5)" in _fetch_error(f"{server}/loop")


def test_a_redirect_to_another_scheme_fails(server: str) -> None:
    assert "unsupported" in _fetch_error(f"{server}/ftp")


def test_404_names_the_status_and_says_check_the_url(server: str) -> None:
    message = _fetch_error(f"{server}/missing")
    assert "HTTP 404 Not Found" in message
    assert "check the URL" in message


def test_500_says_try_again_later(server: str) -> None:
    message = _fetch_error(f"{server}/boom")
    assert "HTTP 500" in message
    assert "try again later" in message


def test_non_html_content_is_refused(server: str) -> None:
    assert "application/pdf, not an HTML page" in _fetch_error(f"{server}/pdf")


def test_a_body_past_max_bytes_is_refused(server: str) -> None:
    assert "4,000-byte limit" in _fetch_error(f"{server}/big", max_bytes=4000)


def test_a_streamed_body_past_max_bytes_is_refused(server: str) -> None:
    assert "4,000-byte limit" in _fetch_error(f"{server}/big-chunked", max_bytes=4000)
    assert len(fetch(f"{server}/big-chunked").content) == 5007


def test_a_slow_server_times_out(server: str) -> None:
    started = time.monotonic()
    assert "timed out after 0.2 s" in _fetch_error(f"{server}/slow", timeout=0.2)
    assert time.monotonic() - started < 0.9


def test_connection_refused() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    message = _fetch_error(f"http://127.0.0.1:{port}/post")
    assert "could not connect to 127.0.0.1" in message
    assert "check the URL" in message


@pytest.mark.parametrize("source", ["ftp://example.com/post.html", "gopher://example.com/1"])
def test_only_http_and_https_are_fetched(source: str) -> None:
    assert "unsupported URL scheme" in _fetch_error(source)


def test_reads_a_local_html_file(tmp_path: Path) -> None:
    page = tmp_path / "post.html"
    page.write_bytes(PAGE)
    result = fetch(str(page))
    assert result == Fetched(page.resolve().as_uri(), PAGE, "text/html")
    assert fetch(result.url).content == PAGE


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        fetch(str(tmp_path / "nope.html"))


def test_a_local_file_that_is_not_html_is_refused(tmp_path: Path) -> None:
    (tmp_path / "post.pdf").write_bytes(b"%PDF")
    assert "not an .html or .htm file" in _fetch_error(str(tmp_path / "post.pdf"))


def test_a_local_file_past_max_bytes_is_refused(tmp_path: Path) -> None:
    (tmp_path / "big.htm").write_bytes(b"x" * 100)
    assert "too large" in _fetch_error(str(tmp_path / "big.htm"), max_bytes=10)
