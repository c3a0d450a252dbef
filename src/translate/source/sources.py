"""Where a post comes from: a Markdown file, a saved ``.html`` page or an http(s) URL.

``load_source`` turns any of them into one Markdown post. A Markdown file is read as it is; a page
is fetched (``translate.source.fetch``) and its article extracted (``translate.source.extract``),
then written as YAML front matter (title, date, authors, categories, tags, source URL) followed
by the article's Markdown. Anything else is a one-line ``InputError``. A post's ``source`` is only
ever an http(s) URL (the one given, the Markdown's own ``source:``, the page's canonical or og:url),
never a path of this machine. An article whose Markdown
keeps under 95% of its paragraphs, or any code block inexactly (``translate.source.fidelity``),
is a ``PartialArticleError`` unless ``accept_partial`` is set.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from translate.errors import FetchError, InputError, PartialArticleError
from translate.glossary.languages import tag_code
from translate.source.language import written_in

__all__ = ["Source", "front_matter_text", "load_source", "slug_for", "slug_from_url", "slugify"]

_MARKDOWN_SUFFIXES = (".md", ".markdown")
_HTML_SUFFIXES = (".html", ".htm")
_YAML_BREAKS = ("\x85", "\u2028", "\u2029")
_SLUG_DROP = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Source:
    """A post ready to translate.

    ``text`` is Markdown; ``origin`` is the URL or path as given (never written into a post);
    ``slug`` names its folder; ``url`` is the post's canonical http(s) URL when known; ``warning``
    is set when the article was found by content detection (the page's template was not recognised)
    or came out partial and that was accepted; ``language`` is the code of the language the post
    is plainly written in (``translate.source.language``), None when that cannot be told;
    ``local_images`` counts the images that are files saved beside a page (``file:`` URLs).
    """

    text: str
    origin: str
    slug: str
    url: str | None = None
    warning: str | None = None
    language: str | None = None
    local_images: int = 0


def load_source(source: str, *, accept_partial: bool = False, url: str | None = None) -> Source:
    """Read, or fetch and extract, ``source``; raise a one-line ``InputError`` if it is none, a
    ``PartialArticleError`` if a page's article came out partial (unless ``accept_partial``).

    ``url``: the post's original http(s) URL, for a saved page or a file that does not name it.
    """
    if url is not None and urlsplit(url).scheme.lower() not in ("http", "https"):
        raise InputError(f"--source-url {url}: give the original post's http:// or https:// URL")
    scheme = urlsplit(source).scheme.lower() if "://" in source else ""
    if scheme in ("http", "https"):
        return _from_page(source, slug_from_url(url or source), accept_partial, url)
    if scheme:
        raise InputError(
            f"unsupported source {source}: give an http:// or https:// URL, "
            "a saved .html page or a Markdown (.md) file"
        )
    path = Path(source)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path} is a folder; give a Markdown or HTML file")
    suffix = path.suffix.lower()
    if suffix in _MARKDOWN_SUFFIXES:
        return _from_markdown(path, url)
    if suffix in _HTML_SUFFIXES:
        return _from_page(source, None, accept_partial, url)
    raise InputError(
        f"{path}: expected a Markdown file (.md), a saved web page (.html) or an http(s) URL"
    )


def _from_markdown(path: Path, url: str | None) -> Source:
    from translate.document.markdown import decode, parse

    text = decode(path.read_bytes(), str(path))
    front = parse(text).front_matter
    data = front.data if front else {}
    own = data.get("source")
    known = own if isinstance(own, str) and urlsplit(own).scheme in ("http", "https") else None
    slug = slug_for(path, data)
    return Source(text, str(path), slug, url=url or known, language=written_in(text))


def _from_page(source: str, slug: str | None, accept_partial: bool, given: str | None) -> Source:
    """The page's post, named ``slug``; a saved page's (``slug`` None) is named from its
    canonical URL as a fetched page is from its URL, else from the file's name."""
    from translate.source.extract import extract
    from translate.source.fetch import fetch
    from translate.source.fidelity import measure

    fetched = fetch(source)
    try:
        article = extract(fetched.content, fetched.url)
    except FetchError:
        if "://" in source:
            raise
        raise FetchError(
            f"{source}: no article found in this page; expected a Markdown file (.md) "
            "or a saved blog post page (.html)"
        ) from None
    url = article.canonical_url
    known = given or (url if urlsplit(url).scheme in ("http", "https") else None)
    warnings = []
    if article.generic:
        warnings.append(
            f"{source} is not an AWS blog page; the article was found by a generic extractor, "
            "so check the result"
        )
    elif article.found_by == "content detection":
        warnings.append(
            f"{source}: the page's template was not recognised; the article was found by content "
            "detection, so check the result"
        )
    if article.missing_images:
        warnings.append(
            f"{source}: {_images(article.missing_images)} to files that are not beside the page; "
            "they are linked at the post's address instead, so check them"
        )
    kept = measure(article.body_html, article.markdown, url)
    if not kept.whole and not accept_partial:
        raise PartialArticleError(
            f"{source}: the article came out partial ({kept.shortfall()}); nothing was written; "
            "save the post's text as .html or .md, or pass --accept-partial to translate it anyway"
        )
    if not kept.whole:
        warnings.append(f"{source}: the article came out partial ({kept.shortfall()})")
    warning = "; ".join(warnings) or None
    front = {key: value for key, value in article.front_matter().items() if key != "source"}
    if known:
        front["source"] = known
    text = front_matter_text(front) + "\n" + article.markdown
    if slug is None:
        has_path = known is not None and urlsplit(known).path.strip("/")
        slug = slug_from_url(known) if known and has_path else slug_for(Path(source), {})
    language = written_in(article.markdown, article.language or None)
    return Source(
        text,
        source,
        slug,
        url=known,
        warning=warning,
        language=language,
        local_images=article.local_images,
    )


def _images(count: int) -> str:
    return "1 image points" if count == 1 else f"{count} images point"


def slugify(text: str) -> str:
    """A folder name from a title or path: ASCII, lowercase, hyphens, at most 80 characters."""
    ascii_text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = ascii_text.encode("ascii", "ignore").decode().lower()
    slug = _SLUG_DROP.sub("-", ascii_text).strip("-")[:80].strip("-")
    if not slug:
        raise InputError(
            f"cannot make a folder name from {text!r}; set `slug:` in the front matter"
        )
    return slug


def slug_for(path: Path, front: Mapping[str, object]) -> str:
    """The post's slug: its front matter ``slug``, else its file name, or its folder's name when
    the file is named for nothing but its place or language (``_index.md``, ``index.md``,
    ``en.md``, ``EN.md``, ``zh-TW.md``, ``en-US.md``, ``pt_BR.md``)."""
    explicit = front.get("slug")
    if isinstance(explicit, str) and explicit.strip():
        return slugify(explicit.rsplit("/", 1)[-1] or explicit)
    stem = path.name.split(".", 1)[0]
    generic = stem in ("_index", "index") or tag_code(stem) is not None
    return slugify(path.resolve().parent.name if generic else stem)


def slug_from_url(url: str) -> str:
    """A folder name from a URL's last path segment (its host when the path is empty)."""
    parts = urlsplit(url)
    segments = [unquote(s) for s in parts.path.split("/") if s.strip()]
    last = segments[-1] if segments else ""
    for suffix in (*_HTML_SUFFIXES, ".php", ".aspx"):
        last = last.removesuffix(suffix)
    return slugify(last or parts.hostname or url)


def front_matter_text(data: Mapping[str, object]) -> str:
    """YAML front matter, one key per line, values as JSON (a subset of YAML) on that line."""
    lines = ["---"]
    for key, value in data.items():
        lines.append(f"{key}: {_yaml_value(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def _yaml_value(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float):
        return str(value)
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return json.dumps(str(value.isoformat()))
    text = json.dumps(value, ensure_ascii=False, default=str)
    for char in _YAML_BREAKS:  # line breaks to YAML that JSON leaves raw
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text
