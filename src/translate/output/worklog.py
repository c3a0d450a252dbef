"""Filing a translated post into a Hugo worklog site (the First Cloud Journey template).

A post goes to ``SITE/content/3-BlogsTranslated/3.N-BlogN/`` as ``_index.md`` (the source language)
and ``_index.<to>.md`` (the translation), with front matter ``title``, ``date``, ``weight: N``,
``chapter: false``, ``pre: " <b> 3.N. </b> "`` and ``source:`` (the original's URL; left out when it
is not known: never a path of this machine). The title is the post's own (front matter, else a
heading that opens its body), else words of its file name (``post_title`` says which). Both files
open with a link back to the original, added after translation so that it is never sent to an
engine. The section's ``_index.md`` and ``_index.<to>.md`` list every post as
``### [Blog N - Title]({{< relref "/3-BlogsTranslated/3.N-BlogN" >}}) {#blog-N}`` followed by its
first paragraph of text (bylines, images and captions passed over); an entry is updated in place
and the rest of those files is kept byte for byte, except links to ``3.N-BlogN/`` written by older
versions, which are rewritten as ``relref``s. ``{#blog-N}`` gives the heading its anchor: Hugo's
own would end in the shortcode's placeholder (``...hahahugoshortcode...``).

Hugo publishes a page at its path lowercased (``/3-blogstranslated/3.1-blog1/``) unless the site
sets ``disablePathToLower``, and a site's ``permalinks`` or ``uglyURLs`` can change it again, so a
link to the folder's name 404s on a case-sensitive server. ``relref`` asks Hugo for the page's
address, whatever the site's settings and in the page's own language.

N is one more than the highest existing ``3.N-BlogN`` folder; a post whose ``source:`` matches one
already filed reuses that folder and N, as does a post without a URL whose title, or title from its
name, matches one filed without a URL (so giving an untitled post a title later keeps its N).
Nothing is written here: ``entry_files`` returns the texts and ``translate.output.write_files``
writes them, refusing anything outside the site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from translate.document import Translation
from translate.document.markdown import body_tokens, parse
from translate.document.structure import guard
from translate.errors import InputError
from translate.output import Provenance, generated, target_text
from translate.source.sources import front_matter_text

if TYPE_CHECKING:
    from markdown_it.token import Token

__all__ = [
    "HUGO_CONFIGS",
    "SECTION",
    "Entry",
    "check_section",
    "entry_files",
    "filed",
    "filed_date",
    "find_site",
    "language_problem",
    "locate",
    "name_title",
    "post_text",
    "post_title",
    "section_link",
]

SECTION = "3-BlogsTranslated"
HUGO_CONFIGS = (
    "hugo.toml", "hugo.yaml", "hugo.json", "config.toml", "config.yaml", "config.json"
)  # fmt: skip
_FOLDER = re.compile(r"3\.(\d+)-Blog\d+")
_SECTION_TITLES = {"en": "Translated Blogs", "vi": "Các bài blog đã dịch"}
_ORIGINAL = {"en": "Original", "vi": "Bài gốc"}
_DROPPED_KEYS = (
    "title",
    "date",
    "weight",
    "chapter",
    "pre",
    "slug",
    "url",
    "source",
    "translation",
)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_BYLINE = re.compile(r"By\s+[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*)+\s*(?:[,|]|$)")
_OLD_LINK = re.compile(r"\]\((3\.\d+-Blog\d+)/?\)")
_UNWORDED = {"image", "softbreak", "hardbreak"}


@dataclass(frozen=True)
class Entry:
    """A post's place in the worklog: ``SITE/content/3-BlogsTranslated/<name>/``."""

    site: Path
    number: int
    name: str
    existing: bool = False

    @property
    def section(self) -> Path:
        return self.site / "content" / SECTION

    @property
    def folder(self) -> Path:
        return self.section / self.name

    @property
    def image_folder(self) -> Path:
        return self.site / "static" / "images" / SECTION / self.name

    @property
    def image_prefix(self) -> str:
        return f"/images/{SECTION}/{self.name}/"

    def paths(self, target_language: str) -> list[Path]:
        """Every file filing this post writes (besides downloaded images)."""
        name = f"_index.{target_language}.md"
        post, section = self.folder, self.section
        return [post / "_index.md", post / name, section / "_index.md", section / name]


def find_site(start: Path) -> Path:
    """The Hugo site: the first of ``start`` and its parents with ``content/`` or a Hugo config.

    ``start`` may be relative (``.``) or the site's ``content/`` folder itself, or any folder in
    it: none of those has a ``content/`` folder of its own, so the walk goes on to the site."""
    if not start.is_dir():
        raise InputError(f"worklog site {start}: no such folder; give a Hugo site's folder")
    if (start / "content").is_dir():
        return start
    for folder in (start.resolve(), *start.resolve().parents):
        if (folder / "content").is_dir():
            return folder
        config = next((name for name in HUGO_CONFIGS if (folder / name).is_file()), None)
        if config is not None:
            raise InputError(
                f"{folder} has {config} but no content/ folder; create it or give the site's folder"
            )
    raise InputError(
        f"{start} is not in a Hugo site: no content/ folder, and no {', '.join(HUGO_CONFIGS)} "
        "in it or above it; give the site's folder with --worklog SITE"
    )


def locate(site: Path, url: str | None, titles: tuple[str, ...]) -> Entry:
    """The entry already filed for ``url`` (by its ``source:``), or without a URL for one of
    ``titles`` (an entry without an http(s) ``source:`` and that title), else the next free N."""
    section = site / "content" / SECTION
    numbers: list[int] = []
    children = sorted(section.iterdir()) if section.is_dir() else []
    for child in children:
        match = _FOLDER.fullmatch(child.name)
        if match is None or not child.is_dir():
            continue
        numbers.append(int(match.group(1)))
        if _same_post(child / "_index.md", url, titles):
            return Entry(site, int(match.group(1)), child.name, existing=True)
    number = max(numbers, default=0) + 1
    return Entry(site, number, f"3.{number}-Blog{number}")


def check_section(entry: Entry, language: str) -> None:
    """Refuse (``InputError``) to list a post in a section page whose front matter cannot be
    read: where that front matter ends is unknown, so the new entry could land inside it, and
    Hugo cannot build the page anyway. Checked before anything is translated or written."""
    for page in (entry.section / "_index.md", entry.section / f"_index.{language}.md"):
        if not page.is_file():
            continue
        try:
            parse(page.read_bytes().decode("utf-8"))
        except UnicodeDecodeError:
            raise InputError(f"{page} is not valid UTF-8; save it as UTF-8 and retry") from None
        except InputError as error:
            raise InputError(f"{page}: {error}; fix it, then file the post again") from None


def language_problem(site: Path, source: str, target: str) -> str | None:
    """What in the site's Hugo config contradicts the files a post is filed as (``_index.md`` in
    ``source``, ``_index.<target>.md``), or None: Hugo reads ``_index.md`` in the
    ``defaultContentLanguage`` (``en`` when unset) and a language it is not configured for not at
    all. The fix is given in the config's own format; a config that cannot be read is named."""
    config = _hugo_config(site)
    if config is None:
        return None
    path, data = config
    if isinstance(data, str):
        return f"{path} could not be read ({data}), so the site's languages were not checked"
    default = str(data.get("defaultcontentlanguage") or "en").lower()
    languages = data.get("languages")
    fix = _language_fix(path.suffix, source, target)
    if default != source.lower():
        return (
            f"{path} sets {_default_language(path.suffix, default)}, so Hugo reads _index.md "
            f"as {default}, not {source}, and the {source} pages are missing; set {fix}"
        )
    configured = {str(k).lower() for k in languages} if isinstance(languages, dict) else set()
    if target.lower() not in configured:
        return (
            f"{path} configures no {target} language, so Hugo leaves out every "
            f"_index.{target}.md; add {fix}"
        )
    return None


def _language_fix(suffix: str, source: str, target: str) -> str:
    """``defaultContentLanguage`` and a ``languages`` entry for ``target``, written as a Hugo
    config in that format (``.toml``, ``.yaml``, ``.json``) holds them."""
    default = _default_language(suffix, source)
    if suffix == ".yaml":
        return f"{default} and a {target}: entry under languages:"
    if suffix == ".json":
        return f'{default} and a "{target}" key in "languages"'
    return f"{default} and a [languages.{target}] table"


def _default_language(suffix: str, language: str) -> str:
    """The ``defaultContentLanguage`` setting as a Hugo config in that format writes it."""
    if suffix == ".yaml":
        return f"defaultContentLanguage: {language}"
    if suffix == ".json":
        return f'"defaultContentLanguage": "{language}"'
    return f'defaultContentLanguage = "{language}"'


def _hugo_config(site: Path) -> tuple[Path, dict[str, object] | str] | None:
    """The site's Hugo config and its top-level keys lowercased (or why it cannot be read), or
    None when the site has none."""
    import json
    import tomllib

    import yaml

    path = next((site / name for name in HUGO_CONFIGS if (site / name).is_file()), None)
    if path is None:
        return None
    loads = {".toml": tomllib.loads, ".json": json.loads}.get(path.suffix, yaml.safe_load)
    try:
        data = loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as error:
        return path, str(error).splitlines()[0] if str(error) else type(error).__name__
    if not isinstance(data, dict):
        return path, "it holds no table of settings"
    return path, {str(key).lower(): value for key, value in data.items()}


def _same_post(path: Path, url: str | None, titles: tuple[str, ...]) -> bool:
    if not path.is_file():
        return False
    try:
        front = parse(path.read_text(encoding="utf-8", errors="replace")).front_matter
    except InputError:
        return False
    data = front.data if front else {}
    source = data.get("source")
    if url is not None:
        return source == url
    web = isinstance(source, str) and source.startswith(("http://", "https://"))
    return not web and str(data.get("title") or "") in titles


def post_title(text: str, name: str) -> tuple[str, bool]:
    """The post's title and False: its front matter's ``title``, else a heading that opens its
    body; else ``name_title(name)`` and True."""
    document = parse(text)
    front = document.front_matter
    title = front.data.get("title") if front else None
    if title:
        return str(title), False
    body = document.source[front.end :] if front else document.source
    heading = _opening_heading(body)
    if heading:
        return heading, False
    return name_title(name), True


def name_title(name: str) -> str:
    """A title from the words of a slug: ``my-post`` -> ``My post``."""
    return name.replace("-", " ").capitalize()


def filed(
    site: Path, text: str, url: str | None, name: str, language: str, today: date
) -> tuple[Entry, str, str | None]:
    """Where post ``text`` (at ``url``, when known; named ``name``) is filed in ``site``, its text
    with the worklog front matter (``post_text``), and its title when it was made from ``name``
    (the post has none of its own), else None."""
    title, guessed = post_title(text, name)
    entry = locate(site, url, (title, name_title(name)))
    dated = filed_date(entry, language, today)
    return entry, post_text(text, entry, url, title, dated), title if guessed else None


def post_text(text: str, entry: Entry, url: str | None, title: str, today: date) -> str:
    """The source post with the worklog front matter (title, date, weight, chapter, pre, and
    source when ``url`` is known)."""
    document = parse(text)
    front = document.front_matter
    data = dict(front.data) if front else {}
    body = document.source[front.end :] if front else document.source
    fields: dict[str, object] = {
        "title": title,
        "date": data.get("date") or today.isoformat(),
        "weight": entry.number,
        "chapter": False,
        "pre": f" <b> 3.{entry.number}. </b> ",
    }
    fields.update((k, v) for k, v in data.items() if k not in _DROPPED_KEYS)
    if url:
        fields["source"] = url
    return front_matter_text(fields) + ("" if body.startswith(("\n", "\r")) else "\n") + body


def filed_date(entry: Entry, language: str, today: date) -> date:
    """The date for a post whose source has none: the one its translation holds when
    ``translate`` generated that file already (so a rerun on a later day changes nothing), else
    ``today``."""
    target = entry.folder / f"_index.{language}.md"
    if not target.is_file() or not generated(target):
        return today
    front = parse(target.read_text(encoding="utf-8", errors="replace")).front_matter
    value = front.data.get("date") if front else None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return today


def _opening_heading(body: str) -> str | None:
    """The text of a heading that is the body's first block, else None (a heading further down
    names a section, not the post)."""
    tokens = body_tokens(body)
    if len(tokens) > 1 and tokens[0].type == "heading_open":
        return tokens[1].content.strip() or None
    return None


def entry_files(
    entry: Entry, source: str, translation: Translation, provenance: Provenance, url: str | None
) -> dict[Path, str]:
    """The post pair and both updated section pages, ready for ``write_files``."""
    language = provenance.target_language
    title = _title(source)
    translated_title = _title(translation.text) or title
    if url:
        source = _with_link(source, _ORIGINAL["en"], title, url)
        label = _ORIGINAL.get(language, _ORIGINAL["en"])
        translation = replace(translation, text=_with_link(translation.text, label, title, url))
    guard(source, translation.text.removeprefix("\ufeff"))
    index = entry.section / "_index.md"
    target_index = entry.section / f"_index.{language}.md"
    return {
        entry.folder / "_index.md": source,
        entry.folder / f"_index.{language}.md": target_text(translation, provenance),
        index: _listed(index, "en", entry, title, source),
        target_index: _listed(target_index, language, entry, translated_title, translation.text),
    }


def _title(text: str) -> str:
    front = parse(text).front_matter
    return str(front.data.get("title") or "") if front else ""


def _with_link(text: str, label: str, title: str, url: str) -> str:
    """``text`` with ``> label: [title](url)`` as the first line after the front matter."""
    front = parse(text).front_matter
    at = front.end if front else 0
    if text.startswith("\ufeff"):
        at += 1
    body = text[at:]
    destination = url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    line = f"> {label}: [{_escape(title or url)}]({destination})\n"
    return text[:at] + "\n" + line + ("" if body.startswith(("\n", "\r")) else "\n") + body


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _listed(index: Path, language: str, entry: Entry, title: str, post: str) -> str:
    """The section page at ``index`` (created if missing) with this post's entry added/updated."""
    if index.is_file():
        try:
            text = index.read_bytes().decode("utf-8")  # keep its line endings as they are
        except UnicodeDecodeError:
            raise InputError(f"{index} is not valid UTF-8; save it as UTF-8 and retry") from None
    else:
        section_title = _SECTION_TITLES.get(language, _SECTION_TITLES["en"])
        page = {"title": section_title, "weight": 3, "chapter": False, "pre": " <b> 3. </b> "}
        text = front_matter_text(page)
    link = section_link(entry.name)
    heading = f"### [Blog {entry.number} - {_escape(title)}]({link}) {{#blog-{entry.number}}}"
    summary = _first_paragraph(post)
    text = _OLD_LINK.sub(lambda m: f"]({section_link(m.group(1))})", text)
    return _upsert(text, entry.name, heading, summary)


def section_link(name: str) -> str:
    """The link to post folder ``name`` from the section page, as Hugo publishes it."""
    return f'{{{{< relref "/{SECTION}/{name}" >}}}}'


def _first_paragraph(text: str) -> str:
    """The post's first top-level paragraph of text, on one line ('' if none): not an image, a
    caption or a byline (a paragraph all in emphasis, or ``By First Last, ...``)."""
    lines = text.removeprefix("\ufeff").splitlines()
    tokens = body_tokens(text)
    for index, token in enumerate(tokens[:-1]):
        if token.type != "paragraph_open" or token.level != 0 or token.map is None:
            continue
        inline = tokens[index + 1]
        content = _IMAGE.sub("", inline.content).strip()
        if not any(c.isalpha() for c in content) or _BYLINE.match(content):
            continue
        if not _all_emphasis(inline.children or []):
            start, end = token.map
            return " ".join(line.strip() for line in lines[start:end])
    return ""


def _all_emphasis(children: list[Token]) -> bool:
    """True when every word of an inline token's children is inside emphasis or strong."""
    depth = 0
    for child in children:
        if child.type in ("em_open", "strong_open"):
            depth += 1
        elif child.type in ("em_close", "strong_close"):
            depth -= 1
        elif depth == 0 and child.type not in _UNWORDED and child.content.strip():
            return False
    return True


def _upsert(text: str, name: str, heading: str, summary: str) -> str:
    """Replace the entry linking to folder ``name`` (heading + first paragraph) or append one."""
    newline = "\r\n" if "\r\n" in text else "\n"
    block = heading + newline + (newline + summary + newline if summary else "")
    lines = text.splitlines(keepends=True)
    link = re.escape(section_link(name))
    pattern = re.compile(rf"#{{1,6}}\s.*\]\({link}\)(\s*{{#[^}}]*}})?\s*")
    for start, line in enumerate(lines):
        if pattern.fullmatch(line):
            end = _entry_end(lines, start)
            return "".join(lines[:start]) + block + "".join(lines[end:])
    if not text or text.endswith(newline * 2):
        separator = ""
    else:
        separator = newline if text.endswith(newline) else newline * 2
    return text + separator + block


def _entry_end(lines: list[str], start: int) -> int:
    """The line after an entry's heading and the paragraph that follows it (if any)."""
    end = start + 1
    while end < len(lines) and not lines[end].strip():
        end += 1
    if end == len(lines) or lines[end].lstrip().startswith("#"):
        return start + 1
    while end < len(lines) and lines[end].strip() and not lines[end].lstrip().startswith("#"):
        end += 1
    return end
