"""Fetch a blog post: an http(s) URL or a local ``.html``/``.htm`` file -> bytes.

Every failure raises :class:`~translate.errors.FetchError` with a one-line message that says what
happened and what to do next. httpx is imported inside :func:`fetch` so the CLI starts fast.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from translate import __version__
from translate.errors import FetchError

if TYPE_CHECKING:
    import httpx

__all__ = ["HTML_TYPES", "USER_AGENT", "Fetched", "fetch"]

USER_AGENT = f"translate/{__version__} (aws-blog-translate; a CLI that translates blog posts)"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_LOCAL_SUFFIXES = frozenset({".html", ".htm"})


@dataclass(frozen=True)
class Fetched:
    """A fetched page: the final URL (or a ``file://`` URI), its bytes and its content type."""

    url: str
    content: bytes
    content_type: str


def fetch(
    source: str,
    *,
    timeout: float = 20.0,
    max_bytes: int = 10_000_000,
    max_redirects: int = 5,
) -> Fetched:
    """Fetch ``source``: an http(s) URL, a ``file://`` URI or the path of a local HTML file."""
    if "://" not in source:
        return _read_file(Path(source), max_bytes)
    parts = urlsplit(source)
    scheme = parts.scheme.lower()
    if scheme == "file":
        return _read_file(Path(unquote(parts.path)), max_bytes)
    if scheme not in ("http", "https"):
        raise FetchError(
            f"unsupported URL scheme {scheme!r} in {source}; give an http:// or https:// URL "
            "or the path of a saved .html file"
        )
    return _fetch_url(source, timeout=timeout, max_bytes=max_bytes, max_redirects=max_redirects)


def _read_file(path: Path, max_bytes: int) -> Fetched:
    if not path.is_file():
        raise FetchError(
            f"no such file: {path}; check the path (for a web page, give the full URL "
            "starting with https://)"
        )
    if path.suffix.lower() not in _LOCAL_SUFFIXES:
        raise FetchError(f"{path} is not an .html or .htm file; save the page as HTML first")
    size = path.stat().st_size
    if size > max_bytes:
        raise FetchError(f"{path} is too large ({size:,} bytes, limit {max_bytes:,})")
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise FetchError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return Fetched(url=path.resolve().as_uri(), content=content, content_type="text/html")


def _fetch_url(url: str, *, timeout: float, max_bytes: int, max_redirects: int) -> Fetched:
    import httpx

    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml;q=0.9"}
    try:
        with (
            httpx.Client(
                headers=headers,
                timeout=httpx.Timeout(timeout),
                follow_redirects=True,
                max_redirects=max_redirects,
            ) as client,
            client.stream("GET", url) as response,
        ):
            return _read_response(response, url, timeout=timeout, max_bytes=max_bytes)
    except httpx.HTTPError as exc:
        raise _http_error(exc, url, timeout=timeout, max_redirects=max_redirects) from exc


def _read_response(
    response: httpx.Response, url: str, *, timeout: float, max_bytes: int
) -> Fetched:
    final = str(response.url)
    if response.status_code >= 400:
        raise FetchError(_status_message(response.status_code, response.reason_phrase, final))
    content_type = response.headers.get("content-type", "text/html")
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type not in HTML_TYPES:
        raise FetchError(
            f"{final} is {media_type or 'of unknown type'}, not an HTML page; "
            "give the URL of the blog post itself"
        )
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(_too_large(final, max_bytes))
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(_too_large(final, max_bytes))
        if time.monotonic() > deadline:
            raise FetchError(_timed_out(url, timeout))
        chunks.append(chunk)
    return Fetched(url=final, content=b"".join(chunks), content_type=content_type)


def _http_error(
    exc: httpx.HTTPError, url: str, *, timeout: float, max_redirects: int
) -> FetchError:
    import httpx

    host = urlsplit(url).hostname or url
    reason = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return FetchError(_timed_out(url, timeout))
    if isinstance(exc, httpx.TooManyRedirects):
        return FetchError(
            f"too many redirects (more than {max_redirects}) fetching {url}; "
            "open it in a browser and pass the final URL"
        )
    if isinstance(exc, httpx.UnsupportedProtocol):
        return FetchError(f"{url} redirected to an unsupported URL ({reason}); pass the final URL")
    if isinstance(exc, httpx.ConnectError):
        if _is_dns_failure(reason):
            return FetchError(
                f"could not resolve host {host}; check the URL and your network connection"
            )
        return FetchError(
            f"could not connect to {host} ({reason}); check the URL and your network connection"
        )
    return FetchError(f"could not fetch {url} ({reason}); check the URL and try again")


def _is_dns_failure(reason: str) -> bool:
    markers = (
        "name or service not known",
        "nodename nor servname",
        "getaddrinfo",
        "name resolution",
    )
    lowered = reason.lower()
    return any(marker in lowered for marker in markers)


def _status_message(status: int, phrase: str, url: str) -> str:
    what = f"HTTP {status} {phrase}".rstrip()
    if status >= 500:
        return f"{what} from {url}: the server failed; try again later"
    if status in (401, 403):
        return f"{what} from {url}: access denied; save the page from a browser and pass the file"
    return f"{what} from {url}; check the URL"


def _too_large(url: str, max_bytes: int) -> str:
    return f"{url} is larger than the {max_bytes:,}-byte limit; is it really a blog post?"


def _timed_out(url: str, timeout: float) -> str:
    return (
        f"timed out after {timeout:g} s fetching {url}; try again later, "
        "or save the page from a browser and pass the .html file"
    )
