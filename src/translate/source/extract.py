"""Blog page HTML -> :class:`Article`: the body as Markdown plus the post's metadata.

AWS blog pages (the 2019 template and the current ``<article class="blog-post">`` one) are read
by their schema.org markup: body ``[property~=articleBody]``, title ``[property~=headline]``,
date ``time[property~=datePublished]``, authors ``[property~=author] [property~=name]``,
categories ``.blog-post-categories a``, tags ``[rel~=tag]``. The Polly audio player, share,
comment and related-post widgets and the "TAGS:" footer are dropped before conversion.
Any other page falls back to trafilatura's main-content detection (``Article.generic``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from translate.errors import FetchError
from translate.source.htmlmd import tag_to_markdown

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

__all__ = ["Article", "extract"]

_NOISE_TOKEN = re.compile(
    r"(?:.*polly.*|blog-share.*|.*share-dialog.*|share|sharing|social.*|.*related.*"
    r"|.*comments?|js-mbox|blog-tag-list|ad|ads|advert.*|newsletter.*)",
    re.IGNORECASE,
)
_MIN_GENERIC_WORDS = 30  # below this, trafilatura found a menu or a banner, not a post
_TITLE_SUFFIX = re.compile(r"\s*[|\u2013-]\s*(?:AWS [^|]*Blog|Amazon Web Services)\s*$")


@dataclass(frozen=True)
class Article:
    """An extracted post. ``generic`` is True when the page was not an AWS blog page."""

    markdown: str
    title: str
    authors: tuple[str, ...] = ()
    date: str | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    canonical_url: str = ""
    generic: bool = False

    def front_matter(self) -> dict[str, object]:
        """Hugo front matter: title, date, authors, categories, tags, source (when not empty)."""
        fields: dict[str, object] = {
            "title": self.title,
            "date": self.date,
            "authors": list(self.authors),
            "categories": list(self.categories),
            "tags": list(self.tags),
            "source": self.canonical_url,
        }
        return {key: value for key, value in fields.items() if value}


def extract(html: str | bytes, url: str) -> Article:
    """Extract the article from a page fetched from ``url``; raise FetchError if there is none."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    canonical = _canonical(soup, url)
    base = canonical if urlsplit(canonical).scheme in ("http", "https") else url
    body = soup.select_one("[property~=articleBody]") or soup.select_one(
        "article.blog-post .blog-post-content"
    )
    if body is not None:
        _drop_noise(body)
        markdown = tag_to_markdown(body, base)
        if markdown.strip():
            return _aws_article(soup, markdown, canonical)
    return _generic(html, soup, url, canonical, base)


def _aws_article(soup: BeautifulSoup, markdown: str, canonical: str) -> Article:
    categories = _texts(soup.select(".blog-post-categories a")) or _texts(
        soup.select("[property~=articleSection]")
    )
    tag_links = [
        link
        for link in soup.select("[rel~=tag]")
        if "category" not in (link.get("rel") or [])
        and not link.find_parent(class_="blog-post-categories")
    ]
    return Article(
        markdown=markdown,
        title=_aws_title(soup),
        authors=_authors(soup),
        date=_date(soup),
        categories=categories,
        tags=_texts(tag_links),
        canonical_url=canonical,
    )


def _drop_noise(body: Tag) -> None:
    """Remove widgets that are not part of the post; never inside code."""
    doomed: list[Tag | None] = []
    for tag in body.find_all(True):
        if tag.find_parent(["pre", "code"]) is not None:
            continue
        tokens = [str(tag.get("id") or ""), *(str(c) for c in tag.get("class") or [])]
        if any(_NOISE_TOKEN.fullmatch(token) for token in tokens if token) or (
            tag.name in ("p", "div") and tag.get_text(" ", strip=True).upper().startswith("TAGS:")
        ):
            doomed.append(tag)
    for text in body.find_all(string=re.compile(r"Voiced by Amazon Polly", re.IGNORECASE)):
        doomed.append(text.find_parent(["table", "div", "p"]) or text.parent)
    for img in body.find_all("img", src=re.compile(r"polly", re.IGNORECASE)):
        doomed.append(img.find_parent(["table", "div", "p"]) or img)
    for element in doomed:
        if element is not None and element is not body and not element.decomposed:
            element.decompose()


def _generic(
    html: str | bytes, soup: BeautifulSoup, url: str, canonical: str, base: str
) -> Article:
    import trafilatura
    from bs4 import BeautifulSoup

    found = trafilatura.extract(
        html if isinstance(html, str) else html.decode("utf-8", "replace"),
        url=base,
        output_format="html",
        include_formatting=True,
        include_links=True,
        include_images=True,
        include_tables=True,
    )
    markdown = tag_to_markdown(BeautifulSoup(found, "lxml"), base) if found else ""
    if len(markdown.split()) < _MIN_GENERIC_WORDS:
        raise FetchError(
            f"no article found in {url}: the page has no readable article text; "
            "save the post's text as an .html or .md file and pass that instead"
        )
    return Article(
        markdown=markdown,
        title=_meta(soup, "og:title") or _text(soup.title) or "",
        authors=tuple(a for a in [_meta(soup, "author")] if a),
        date=_iso_date(_meta(soup, "article:published_time")),
        canonical_url=canonical,
        generic=True,
    )


def _aws_title(soup: BeautifulSoup) -> str:
    for selector in ("[property~=headline]", "h1.blog-post-title"):
        title = _text(soup.select_one(selector))
        if title:
            return title
    return _TITLE_SUFFIX.sub("", _meta(soup, "og:title") or _text(soup.title))


def _authors(soup: BeautifulSoup) -> tuple[str, ...]:
    names = _texts(soup.select("[property~=author] [property~=name]"))
    if not names:
        names = _texts(soup.select(".blog-post-meta a[title^='Posts by']"))
    return names or tuple(a for a in [_meta(soup, "author")] if a)


def _date(soup: BeautifulSoup) -> str | None:
    time = soup.select_one("time[property~=datePublished]") or soup.select_one("time[datetime]")
    candidates = [
        str(time.get("datetime") or "") if time else "",
        _meta(soup, "article:published_time"),
    ]
    for candidate in candidates:
        if date := _iso_date(candidate):
            return date
    return _iso_date(_text(time))


def _iso_date(value: str) -> str | None:
    """``2019-04-30T16:35:16+00:00`` or ``30 APR 2019`` -> ``2019-04-30``."""
    value = value.strip()
    if re.match(r"\d{4}-\d{2}-\d{2}(?:$|[T ])", value):
        return value[:10]
    for pattern in ("%d %b %Y", "%B %d, %Y", "%b %d, %Y"):
        try:
            return datetime.strptime(value, pattern).date().isoformat()
        except ValueError:
            continue
    return None


def _canonical(soup: BeautifulSoup, url: str) -> str:
    link = soup.select_one("link[rel~=canonical][href]")
    for href in (str(link.get("href")) if link else "", _meta(soup, "og:url")):
        absolute = urljoin(url, href.strip()) if href.strip() else ""
        if urlsplit(absolute).scheme in ("http", "https"):
            return absolute
    return url


def _meta(soup: BeautifulSoup, name: str) -> str:
    tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
    return " ".join(str(tag.get("content") or "").split()) if tag else ""


def _text(tag: object) -> str:
    get_text = getattr(tag, "get_text", None)
    return " ".join(get_text().split()) if get_text else ""


def _texts(tags: Iterable[object]) -> tuple[str, ...]:
    """The distinct, non-empty texts of ``tags``, in page order."""
    seen: dict[str, None] = {}
    for tag in tags:
        if text := _text(tag):
            seen.setdefault(text, None)
    return tuple(seen)
