"""Download a post's images and point its Markdown at the local copies.

``download_images`` fetches every Markdown image (``![alt](url)``, outside code blocks) over
http(s), with the same limits as ``translate.source.fetch``, accepting only ``image/*`` answers
(a ``file:`` URL, a saved page's image, is read from its file); each copy is named after its
URL's file name, sanitized. A failed download is a warning; the remote URL stays. Nothing is
written here: ``save_images`` writes the bytes, atomically, inside a root folder.
"""

from __future__ import annotations

import mimetypes
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from translate.document.markdown import body_tokens
from translate.errors import InputError
from translate.files import atomic_write_bytes
from translate.source.fetch import USER_AGENT

if TYPE_CHECKING:
    import httpx

__all__ = ["Images", "download_images", "save_images"]

_IMAGE_LINK = re.compile(r"(!\[(?:[^\]\\\n]|\\.)*\]\(\s*)(<[^>\n]*>|[^)\s]+)")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Images:
    """The Markdown with local image links, the files to save, and one warning per failure."""

    text: str
    files: dict[Path, bytes]
    warnings: tuple[str, ...]


@dataclass
class _Downloader:
    client: httpx.Client
    folder: Path
    timeout: float
    max_bytes: int
    files: dict[Path, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    names: dict[str, str | None] = field(default_factory=dict)

    def name_for(self, url: str) -> str | None:
        """The local file name of ``url``'s image, downloading it once; None if it failed."""
        if url not in self.names:
            try:
                self.names[url] = self._download(url)
            except _Skipped as why:
                self.warnings.append(f"image {url} not downloaded ({why}); kept the remote link")
                self.names[url] = None
        return self.names[url]

    def _download(self, url: str) -> str:
        import httpx

        if urlsplit(url).scheme.lower() == "file":
            return self._copy(url)
        if urlsplit(url).scheme.lower() not in ("http", "https"):
            raise _Skipped("not an http(s) URL")
        try:
            with self.client.stream("GET", url) as response:
                media_type = _check(response, self.max_bytes)
                content = _read(response, self.max_bytes, time.monotonic() + self.timeout)
        except httpx.HTTPError as error:
            raise _Skipped(" ".join(str(error).split()) or type(error).__name__) from None
        name = _file_name(url, media_type, {path.name for path in self.files})
        self.files[self.folder / name] = content
        return name

    def _copy(self, url: str) -> str:
        """A local image (a saved page's ``file:`` URL), read as a download is."""
        from urllib.request import url2pathname

        path = Path(url2pathname(urlsplit(url).path))
        media_type = mimetypes.guess_type(path.name)[0] or ""
        if not media_type.startswith("image/"):
            raise _Skipped(f"{media_type or 'unknown type'}, not an image")
        try:
            if path.stat().st_size > self.max_bytes:
                raise _Skipped(f"larger than the {self.max_bytes:,}-byte limit")
            content = path.read_bytes()
        except OSError as error:
            raise _Skipped(error.strerror or type(error).__name__) from None
        name = _file_name(url, media_type, {path.name for path in self.files})
        self.files[self.folder / name] = content
        return name


class _Skipped(Exception):
    """Why one image was not downloaded."""


def download_images(
    text: str,
    folder: Path,
    prefix: str,
    *,
    timeout: float = 20.0,
    max_bytes: int = 10_000_000,
    max_redirects: int = 5,
) -> Images:
    """Download the images of ``text`` (in memory) for ``folder``; link them as ``prefix+name``."""
    import httpx

    code = _code_lines(text)
    headers = {"User-Agent": USER_AGENT, "Accept": "image/*"}
    with httpx.Client(
        headers=headers,
        timeout=httpx.Timeout(timeout),
        follow_redirects=True,
        max_redirects=max_redirects,
    ) as client:
        downloader = _Downloader(client, folder, timeout, max_bytes)

        def swap(match: re.Match[str]) -> str:
            if text.count("\n", 0, match.start()) in code:
                return match.group(0)
            raw = match.group(2)
            name = downloader.name_for(raw[1:-1] if raw.startswith("<") else raw)
            return match.group(0) if name is None else match.group(1) + prefix + name

        local = _IMAGE_LINK.sub(swap, text)
    return Images(local, downloader.files, tuple(downloader.warnings))


def _code_lines(text: str) -> set[int]:
    lines: set[int] = set()
    for token in body_tokens(text):
        if token.type in ("fence", "code_block", "html_block") and token.map:
            lines.update(range(*token.map))
    return lines


def _check(response: httpx.Response, max_bytes: int) -> str:
    if response.status_code >= 400:
        raise _Skipped(f"HTTP {response.status_code} {response.reason_phrase}".rstrip())
    header: str = response.headers.get("content-type", "")
    media_type = header.split(";", 1)[0].strip().lower()
    if not media_type.startswith("image/"):
        raise _Skipped(f"{media_type or 'unknown type'}, not an image")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _Skipped(f"larger than the {max_bytes:,}-byte limit")
    return media_type


def _read(response: httpx.Response, max_bytes: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise _Skipped(f"larger than the {max_bytes:,}-byte limit")
        if time.monotonic() > deadline:
            raise _Skipped("timed out")
        chunks.append(chunk)
    return b"".join(chunks)


def _file_name(url: str, media_type: str, used: set[str]) -> str:
    """A safe file name from the URL's last path segment, unique among ``used``."""
    base = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    stem, dot, extension = base.rpartition(".")
    if not dot:
        guessed: str = mimetypes.guess_extension(media_type) or ".img"
        stem, extension = base, guessed
    stem = _UNSAFE.sub("-", stem).strip(".-_")[:100].strip(".-_") or "image"
    extension = _UNSAFE.sub("", extension).strip(".")[:10] or "img"
    candidate, number = f"{stem}.{extension}", 2
    while candidate in used:
        candidate, number = f"{stem}-{number}.{extension}", number + 1
    return candidate


def save_images(files: Mapping[Path, bytes], root: Path) -> list[Path]:
    """Write each image atomically; refuse (before writing) any path outside ``root``."""
    root = root.resolve()
    for path in files:
        if not path.resolve().is_relative_to(root):
            raise InputError(f"refusing to write {path}: it is outside {root}")
    for path, content in files.items():
        atomic_write_bytes(path, content)
    return list(files)
