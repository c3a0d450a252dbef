"""Blog page HTML -> :class:`Article`: the body as Markdown plus the post's metadata.

An AWS blog post is recognised by independent signals, read in this order; any one of them is
enough, and :attr:`Article.signals` names those found:

1. ``schema.org``: ``[property~=articleBody]`` (inside ``article.blog-post[typeof]``), the 2019
   template. It names the body node, and ``[property~=headline]``, ``time[property~=datePublished]``
   and ``[property~=author] [property~=name]`` give title, date and authors.
2. ``blog-post-content``: ``section.blog-post-content``, the 2021+ template; the body node.
3. ``json-ld``: a JSON-LD ``BlogPosting``/``TechArticle``/``Article`` with AWS as publisher or an
   AWS blog URL; its ``headline``, ``datePublished``, ``author`` and ``articleSection`` fill what
   the markup does not give.
4. ``og``: ``og:site_name`` naming AWS, or ``og:url`` on an AWS blog; ``og:title`` and
   ``article:published_time`` fill the rest.
5. ``aws-page-settings``: the ``script#aws-page-settings`` JSON of the late-2025 page shell.
6. ``url``: the canonical (or fetched) URL is ``https://aws.amazon.com/blogs/<blog>/<slug>/``.

A page saved by a browser is read at the address its browser noted (``<!-- saved from
url=(NNNN)https://... -->``), and its links are resolved against its ``<base href>``, as a browser
resolves them. The post's URL is the canonical link, ``og:url``, the JSON-LD URL, that address,
else a ``<base href>`` that is an AWS post's; a page with none has no ``source`` (a ``file:`` URL
names a machine's folders, not the post). Authors come from the schema.org markup, the byline's
links to author pages, an hCard (``.vcard .fn``), JSON-LD, else the ``author`` meta tag, split at
commas and "and"; a byline in plain text at the top of the body ("by A and B | on 03 MAR 2022 |
in ...") gives the authors and date the markup does not, and is not kept in the article; a 2015
page's title and date come from its hAtom ``.entry-title`` and ``.published[title]``.

The body node is the one signal 1 or 2 names. Without one, a file that is a body on its own (no
``<html>``, ``<head>`` or ``<body>`` tag: a saved fragment, an RSS item's content) is the body;
any other page has its body found by trafilatura's main-content detection, which only *finds* it:
first what the page marks as the site's (``nav``, the ARIA roles ``banner``, ``navigation``,
``contentinfo``, ``complementary``, ``search`` and ``dialog``, cookie banners) is removed, then the
node kept is the page element holding 85% of the text trafilatura picked (by length). Every
path converts its node with the one converter, :mod:`translate.source.htmlmd`, after dropping the
Polly audio player, share, comment and related-post widgets, bylines, code toolbars and the
"TAGS:" footer (never an element that holds a ``<pre>``). The metadata is read before.

A page read from a file whose images are relative paths to files beside it (a browser's "Save page
as, complete" copy: ``./Name_files/x.png``) has those images linked as the files (``file:`` URLs);
an image whose file is missing is resolved as a link is, and counted.

A body's first heading is dropped when it is the post's title (the front matter holds it).

Author bios, one rule for every template: a body that has no "About the author(s)" section gets
one from the author boxes outside it (``.blog-author-box``, or an element whose class names an
``author-card``, with a description: photo, name as a ``###`` heading, description), as the 2019
template has them; htmlmd puts the section last.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit

from translate.errors import FetchError
from translate.source.htmlmd import html_to_markdown, tag_to_markdown

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

__all__ = ["Article", "extract"]

_NOISE_TOKEN = re.compile(
    r"(?:.*polly.*|blog-share.*|.*share-dialog.*|share|sharing|social.*|.*related.*"
    r"|.*comments?|js-mbox|blog-tag-list|ad|ads|advert.*|newsletter.*|sharedaddy|.*toolbar.*"
    r"|.*byline.*)",
    re.IGNORECASE,
)
_MIN_GENERIC_WORDS = 30  # below this, trafilatura found a menu or a banner, not a post
_TITLE_SUFFIX = re.compile(r"\s*[|\u2013-]\s*(?:AWS [^|]*Blog|Amazon Web Services)\s*$")
_TITLE_PREFIX = re.compile(r"^(?:AWS [^|\u00bb]*Blog|Amazon Web Services)\s*[|\u00bb:\u2013-]\s*")
_NAME_LIST = re.compile(r"\s*(?:,|\band\b|&)\s*")
_AWS_BLOG_URL = re.compile(
    r"https?://aws\.amazon\.com/(?:[a-z]{2}(?:-[a-z]{2})?/)?blogs/[^/]+/[^/]+"
)
_AWS_NAME = re.compile(r"\b(?:AWS|Amazon Web Services)\b")
_POSTING_TYPES = frozenset({"BlogPosting", "TechArticle", "Article", "NewsArticle"})
_PAGE_TAG = re.compile(rb"<(?:html|head|body)[\s>/]", re.IGNORECASE)
_TEXT_BLOCKS = ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "blockquote"]
_ABOUT = re.compile(r"(?:about the authors?|về (?:các )?tác giả):?", re.IGNORECASE)
_CHROME = ", ".join(
    ["nav"]
    + [
        f"[role={role}]"
        for role in ("banner", "navigation", "contentinfo", "complementary", "search", "dialog")
    ]
)
_COOKIE_TOKEN = re.compile(r"cookie|consent|awsccc", re.IGNORECASE)
_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)
_PLAIN_BYLINE = re.compile(
    r"by\s+(?P<names>[^|]+?)\s*\|\s*on\s+(?P<date>\d{1,2}\s+[A-Za-z]{3,9}\s+\d{4})(?:\s*\|.*)?",
    re.IGNORECASE | re.DOTALL,
)
_FOUND_SHARE = 0.85  # the body node holds this share of the text the detector picked


@dataclass(frozen=True)
class Article:
    """An extracted post.

    ``generic`` is True when the page was not recognised as an AWS blog page (no signal) and its
    body was found by content detection; ``found_by`` says how the body node was found
    (``schema.org``, ``blog-post-content``, ``fragment`` or ``content detection``); ``body_html``
    is the HTML that was converted, for measuring what the Markdown kept; ``language`` is the
    language the article's page declares ("" when it declares none); ``local_images`` counts the
    images that are files saved beside a page read from a file (linked as ``file:`` URLs), and
    ``missing_images`` those whose relative path names no such file.
    """

    markdown: str
    title: str
    authors: tuple[str, ...] = ()
    date: str | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    canonical_url: str = ""
    generic: bool = False
    signals: tuple[str, ...] = ()
    found_by: str = "schema.org"
    language: str = ""
    local_images: int = 0
    missing_images: int = 0
    body_html: str = field(default="", repr=False, compare=False)

    def front_matter(self) -> dict[str, object]:
        """Hugo front matter: title, date, authors, categories, tags, source (when not empty)."""
        fields: dict[str, object] = {
            "title": self.title,
            "date": self.date,
            "authors": list(self.authors),
            "categories": list(self.categories),
            "tags": list(self.tags),
            "source": self.canonical_url if _is_web(self.canonical_url) else "",
        }
        return {key: value for key, value in fields.items() if value}


@dataclass(frozen=True)
class _Posting:
    """What a JSON-LD posting says."""

    headline: str = ""
    date: str = ""
    authors: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    url: str = ""
    aws: bool = False


def extract(html: str | bytes, url: str) -> Article:
    """Extract the article from a page fetched from ``url``; raise FetchError if there is none."""
    from bs4 import BeautifulSoup

    raw = html if isinstance(html, bytes) else html.encode("utf-8")
    soup = BeautifulSoup(raw, "lxml")
    local, missing = _saved_images(soup, url)
    url = _document_url(raw, url)
    posting = _json_ld(soup)
    canonical = _canonical(soup, url, posting.url)
    base = _base_href(soup, url) or (canonical if _is_web(canonical) else url)
    signals = _signals(soup, posting, canonical, url)
    title, authors, date = _title(soup, posting), _authors(soup, posting), _date(soup, posting)
    categories, tags = _categories(soup, posting), _tags(soup)  # read before anything is dropped
    body, found_by = _body_node(soup, raw, base)
    if body is None:
        raise _no_article(url)
    language = _declared_language(soup, body)
    names, written = _plain_byline(body)
    authors, date = authors or names, date or written
    _drop_noise(body)
    _drop_title(body, title)
    bios = _bios_html(soup, body)
    body_html = str(body) + bios
    markdown = tag_to_markdown(body, base)
    if bios and markdown.strip():
        markdown += "\n" + html_to_markdown(bios, base)
    if not markdown.strip() or (
        found_by == "content detection" and len(markdown.split()) < _MIN_GENERIC_WORDS
    ):
        raise _no_article(url)
    return Article(
        markdown=markdown,
        title=title,
        authors=authors,
        date=date,
        categories=categories,
        tags=tags,
        canonical_url=canonical,
        generic=not signals and found_by == "content detection",
        signals=signals,
        found_by=found_by,
        language=language,
        local_images=local,
        missing_images=missing,
        body_html=body_html,
    )


def _no_article(url: str) -> FetchError:
    return FetchError(
        f"no article found in {url}: the page has no readable article text; "
        "save the post's text as an .html or .md file and pass that instead"
    )


# -- signals ------------------------------------------------------------------------------------


def _signals(soup: BeautifulSoup, posting: _Posting, canonical: str, url: str) -> tuple[str, ...]:
    """The names of the AWS blog signals the page carries, in the module docstring's order."""
    found = {
        "schema.org": soup.select_one("[property~=articleBody]") is not None,
        "blog-post-content": soup.select_one("section.blog-post-content") is not None,
        "json-ld": posting.aws,
        "og": bool(
            _AWS_NAME.search(_meta(soup, "og:site_name"))
            or _AWS_BLOG_URL.match(_meta(soup, "og:url"))
        ),
        "aws-page-settings": soup.select_one("script#aws-page-settings") is not None,
        "url": bool(_AWS_BLOG_URL.match(canonical) or _AWS_BLOG_URL.match(url)),
    }
    return tuple(name for name, present in found.items() if present)


def _json_ld(soup: BeautifulSoup) -> _Posting:
    """The first JSON-LD posting on the page (an empty one when there is none)."""
    for script in soup.select('script[type="application/ld+json"]'):
        try:
            data = json.loads(script.get_text())
        except ValueError:
            continue
        for item in _json_items(data):
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if _POSTING_TYPES.intersection(str(k) for k in kinds):
                return _posting(item)
    return _Posting()


def _json_items(data: object) -> Iterator[dict[str, object]]:
    """Every object of a JSON-LD document, ``@graph`` members included."""
    if isinstance(data, list):
        for item in data:
            yield from _json_items(item)
    elif isinstance(data, dict):
        yield data
        yield from _json_items(data.get("@graph"))


def _posting(item: dict[str, object]) -> _Posting:
    page = item.get("mainEntityOfPage")
    url = _json_text(item.get("url")) or _json_text(
        page.get("@id") if isinstance(page, dict) else page
    )
    publisher = item.get("publisher")
    publisher_name = _json_text(publisher.get("name") if isinstance(publisher, dict) else publisher)
    return _Posting(
        headline=_json_text(item.get("headline")),
        date=_json_text(item.get("datePublished")),
        authors=_json_names(item.get("author")),
        sections=_json_names(item.get("articleSection")),
        url=url,
        aws=bool(_AWS_NAME.search(publisher_name) or _AWS_BLOG_URL.match(url)),
    )


def _json_text(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _json_names(value: object) -> tuple[str, ...]:
    """Names from a JSON-LD value: a string, an object with a ``name``, or a list of them."""
    values = value if isinstance(value, list) else [value]
    names = [_json_text(v.get("name") if isinstance(v, dict) else v) for v in values]
    return tuple(dict.fromkeys(name for name in names if name))


# -- the body node ------------------------------------------------------------------------------


def _body_node(soup: BeautifulSoup, raw: bytes, base: str) -> tuple[Tag | None, str]:
    """The element that holds the article, and how it was found."""
    for selector, name in (
        ("[property~=articleBody]", "schema.org"),
        ("article.blog-post .blog-post-content", "blog-post-content"),
        ("section.blog-post-content", "blog-post-content"),
    ):
        if (node := soup.select_one(selector)) is not None:
            return node, name
    if not _PAGE_TAG.search(raw):
        return soup.body or soup, "fragment"
    _drop_chrome(soup)
    return _detected_node(soup, base), "content detection"


def _drop_chrome(soup: BeautifulSoup) -> None:
    """Remove what is the site's and not the post's, as the page itself marks it: ``nav``, the
    ARIA roles of a banner, navigation, footer, sidebar, search or dialog, and cookie banners;
    never an element that holds an ``article`` or ``main``."""
    doomed = soup.select(_CHROME)
    for tag in soup.find_all(True):
        tokens = [str(tag.get("id") or ""), *(str(c) for c in tag.get("class") or [])]
        if any(_COOKIE_TOKEN.search(token) for token in tokens if token):
            doomed.append(tag)
    for tag in doomed:
        if not tag.decomposed and tag.find("article") is None and tag.find("main") is None:
            tag.decompose()


def _detected_node(soup: BeautifulSoup, base: str) -> Tag | None:
    """The deepest page element that holds most of the text trafilatura takes for the article."""
    import trafilatura
    from bs4 import BeautifulSoup

    found = trafilatura.extract(
        str(soup),
        url=base,
        output_format="html",
        include_tables=True,
        include_links=False,
        include_images=False,
        favor_recall=True,
    )
    if not found:
        return None
    wanted = {_squash(t.get_text()) for t in BeautifulSoup(found, "lxml").find_all(_TEXT_BLOCKS)}
    weights: dict[int, int] = {}
    nodes: dict[int, Tag] = {}
    depth: dict[int, int] = {}
    total = 0
    for element in soup.find_all(_TEXT_BLOCKS):
        key = _squash(element.get_text())
        if len(key) < 20 or key not in wanted:
            continue
        wanted.discard(key)  # each text counts once, where it first appears
        total += len(key)
        for level, ancestor in enumerate(reversed([element, *element.parents])):
            weights[id(ancestor)] = weights.get(id(ancestor), 0) + len(key)
            nodes[id(ancestor)], depth[id(ancestor)] = ancestor, level
    held = [key for key, weight in weights.items() if total and weight >= _FOUND_SHARE * total]
    if not held:
        return None
    node = nodes[max(held, key=depth.__getitem__)]
    return soup.body if node.name in ("[document]", "html") and soup.body else node


def _squash(text: str) -> str:
    """The text without any whitespace: what stays the same however a page lays it out."""
    return "".join(text.split())


def _plain_byline(body: Tag) -> tuple[tuple[str, ...], str | None]:
    """Authors and date of a byline written as plain text at the top of the body ("by A and B |
    on 03 MAR 2022 | in ..."), which is then removed; nothing when the body has none."""
    blocks = (t for t in body.find_all(["p", "div"]) if t.find(["p", "div"]) is None)
    first = next((t for t in blocks if _text(t)), None)
    found = _PLAIN_BYLINE.fullmatch(_text(first)) if first is not None else None
    if first is None or found is None or first.find(["pre", "img", "table"]) is not None:
        return (), None
    first.decompose()
    names = tuple(name for name in _NAME_LIST.split(found.group("names")) if name)
    return names, _iso_date(found.group("date"))


def _drop_noise(body: Tag) -> None:
    """Remove widgets that are not part of the post; never inside code."""
    doomed: list[Tag | None] = []
    for tag in body.find_all(True):
        if tag.find_parent(["pre", "code"]) is not None:
            continue
        tokens = [str(tag.get("id") or ""), *(str(c) for c in tag.get("class") or [])]
        if tag.find("pre") is not None:  # a code block's wrapper (a toolbar's, too) stays
            continue
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


def _drop_title(body: Tag, title: str) -> None:
    """Remove the body's first heading when it is the post's title, which the front matter
    holds: a body found by content detection often starts with the page's ``h1``."""
    heading = body.find(["h1", "h2", "h3", "h4", "h5", "h6"])
    if heading is not None and _squash(heading.get_text()).casefold() == _squash(title).casefold():
        heading.decompose()


def _bios_html(soup: BeautifulSoup, body: Tag) -> str:
    """An "About the author(s)" section from the author boxes outside ``body``, if it has none."""
    if any(_ABOUT.fullmatch(_text(t)) for t in body.find_all(["h2", "h3", "h4", "p", "strong"])):
        return ""
    boxes = []
    for box in soup.select(".blog-author-box, [class*=author-card]"):
        if any(parent is body for parent in box.parents):
            continue
        named = box.select_one("[property~=name], [class*=author-name]") or box.find(["h3", "h4"])
        name = _text(named)
        about = box.select_one("[property~=description], [class*=author-bio]") or next(
            (p for p in box.find_all("p") if p is not named and _text(p)), None
        )
        if not name or about is None or not _text(about):
            continue
        img = box.find("img")
        inner = "".join(str(child) for child in about.contents)
        boxes.append(f"<div>{img or ''}<h3>{escape(name)}</h3><p>{inner}</p></div>")
    if not boxes:
        return ""
    heading = "About the Author" if len(boxes) == 1 else "About the Authors"
    return f"<h2>{heading}</h2>" + "".join(boxes)


# -- metadata -----------------------------------------------------------------------------------


def _title(soup: BeautifulSoup, posting: _Posting) -> str:
    for selector in ("[property~=headline]", "h1.blog-post-title", ".hentry .entry-title"):
        title = _text(soup.select_one(selector))
        if title:
            return title
    title = posting.headline or _meta(soup, "og:title") or _text(soup.title)
    return _TITLE_PREFIX.sub("", _TITLE_SUFFIX.sub("", title))


def _authors(soup: BeautifulSoup, posting: _Posting) -> tuple[str, ...]:
    """Names from the schema.org markup, the byline's links to author pages, an hCard
    (``.vcard .fn``), JSON-LD, else the ``author`` meta tag ("A, B and C" is three names)."""
    for selector in (
        "[property~=author] [property~=name]",
        ".blog-post-meta a[title^='Posts by'], .blog-post-meta a[href*='/author/'],"
        " [class*=byline] a[href*='/author/']",
        ".vcard .fn",
    ):
        if names := _texts(soup.select(selector)):
            return names
    meta = next((a for a in (_meta(soup, "author"), _meta(soup, "article:author")) if a), "")
    if posting.authors or "://" in meta:
        return posting.authors
    return tuple(name for name in _NAME_LIST.split(meta) if name)


def _date(soup: BeautifulSoup, posting: _Posting) -> str | None:
    time = soup.select_one("time[property~=datePublished]") or soup.select_one("time[datetime]")
    published = soup.select_one(".hentry .published[title]")  # the 2015 pages' hAtom date
    candidates = [
        str(time.get("datetime") or "") if time else "",
        str(published.get("title") or "") if published else "",
        posting.date,
        _meta(soup, "article:published_time"),
    ]
    for candidate in candidates:
        if date := _iso_date(candidate):
            return date
    return _iso_date(_text(time))


def _declared_language(soup: BeautifulSoup, body: Tag) -> str:
    """The language the page declares for the article: the ``lang`` of the body or its nearest
    ancestor, else ``og:locale``, else ``<meta http-equiv="content-language">``."""
    holder = body if body.get("lang") else body.find_parent(lang=True)
    if holder is not None and str(holder.get("lang") or "").strip():
        return str(holder.get("lang")).strip()
    meta = soup.find("meta", attrs={"http-equiv": re.compile("^content-language$", re.I)})
    return _meta(soup, "og:locale") or (str(meta.get("content") or "").strip() if meta else "")


def _categories(soup: BeautifulSoup, posting: _Posting) -> tuple[str, ...]:
    return (
        _texts(soup.select(".blog-post-categories a"))
        or _texts(soup.select("[property~=articleSection]"))
        or posting.sections
    )


def _tags(soup: BeautifulSoup) -> tuple[str, ...]:
    return _texts(
        link
        for link in soup.select("[rel~=tag]")
        if "category" not in (link.get("rel") or [])
        and not link.find_parent(class_="blog-post-categories")
    )


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


def _canonical(soup: BeautifulSoup, url: str, posting_url: str) -> str:
    """The post's URL: its canonical link, ``og:url``, the JSON-LD URL, the page's own URL when it
    is a web address, else a ``<base href>`` that is an AWS blog post's address."""
    link = soup.select_one("link[rel~=canonical][href]")
    for href in (str(link.get("href")) if link else "", _meta(soup, "og:url"), posting_url):
        absolute = urljoin(url, href.strip()) if href.strip() else ""
        if _is_web(absolute):
            return absolute
    base = _base_href(soup, url)
    return base if not _is_web(url) and _AWS_BLOG_URL.match(base) else url


def _document_url(raw: bytes, url: str) -> str:
    """The page's address: for a saved copy read from a file, the one its browser noted when
    saving it (``<!-- saved from url=(0042)https://... -->``)."""
    found = _SAVED_FROM.search(raw[:4096]) if urlsplit(url).scheme == "file" else None
    saved = found.group(1).decode("ascii", "replace") if found else ""
    return saved if _is_web(saved) else url


def _saved_images(soup: BeautifulSoup, url: str) -> tuple[int, int]:
    """For a page read from a file (a browser's "Save page as, complete" copy, whose images are
    ``./Name_files/x.png``): point each image whose ``src`` is a relative path to a file beside
    the page at that file (a ``file:`` URL). How many were, and how many name no file."""
    from urllib.request import url2pathname

    if urlsplit(url).scheme != "file":
        return 0, 0
    folder = Path(url2pathname(urlsplit(url).path)).parent
    local = missing = 0
    for img in soup.find_all("img", src=True):
        src = str(img.get("src") or "").strip()
        if not src or urlsplit(src).scheme or src.startswith(("/", "#")):
            continue
        path = folder / unquote(urlsplit(src).path)
        if path.is_file():
            img["src"], local = path.resolve().as_uri(), local + 1
        else:
            missing += 1
    return local, missing


def _base_href(soup: BeautifulSoup, url: str) -> str:
    """The ``<base href>`` relative links resolve against, made absolute; "" without one."""
    base = soup.find("base", href=True)
    href = str(base.get("href") or "").strip() if base is not None else ""
    return urljoin(url, href) if href else ""


def _is_web(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https")


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
