"""Translation memory entries as TMX 1.4b, the exchange format every CAT tool reads.

One ``<tu>`` per entry, ``segtype="block"`` (a segment is a paragraph, heading, list item or table
cell), with ``creationdate``, the properties ``x-origin`` (``human`` or the engine), ``x-kind``
(``human``, ``machine``, ``test``) and ``x-glossary`` (the glossary version of a machine entry),
and two ``<tuv xml:lang=..>``. Inline markup is TMX inline elements, so a CAT tool shows it as
tags a translator cannot break: a placeholder ``<x id="2"/>`` is ``<ph x="2">``, a pair
``<g id="1">...</g>`` is ``<bpt i="1" x="1">`` ... ``<ept i="1">`` (the element's content is our
tag, as TMX's native code). Reading maps them back by ``x`` (``i`` for a ``<bpt>`` without one), so
a round trip keeps every id. A ``<tu>`` whose markup cannot be read (other inline elements, a
target whose markup differs from its source's) is skipped and reported by line.

Reading refuses entity declarations and never fetches a DTD a DOCTYPE names (OmegaT names one)
(``translate.glossary.formats``). A file without ``x-kind`` is taken as human translations: that
is what TMX files from CAT tools hold.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from translate import __version__
from translate.document import Span, escape, restore, tokens
from translate.errors import InputError, MarkupError
from translate.files import check_writable
from translate.glossary.formats import XML_LANG, _scan_xml
from translate.memory import Entry, Memory

_KINDS = ("human", "machine", "test")


@dataclass
class TmxFile:
    """Entries read from a TMX file, and the lines of the ``<tu>`` elements that were skipped."""

    entries: list[Entry] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)


# --- writing -------------------------------------------------------------------------------------


def export_tmx(memory: Path, path: Path) -> int:
    """Write every entry of the memory file ``memory`` to the TMX file ``path``; how many. A
    ``path`` that could not be written is refused before the memory is opened."""
    check_writable(path)
    with Memory.open(memory) as store:
        entries = list(store.entries())
    save_tmx(path, entries)
    return len(entries)


def save_tmx(path: Path, entries: Iterable[Entry]) -> None:
    """Write ``entries`` to the TMX file ``path``, atomically."""
    from translate.files import atomic_write

    atomic_write(path, write_tmx(entries).decode("utf-8"))


def write_tmx(entries: Iterable[Entry]) -> bytes:
    """The entries as a TMX 1.4b document."""
    rows = list(entries)
    languages = {e.source_language for e in rows}
    root = ET.Element("tmx", version="1.4")
    header = ET.SubElement(
        root, "header",
        creationtool="translate", creationtoolversion=__version__, segtype="block",
        datatype="plaintext", adminlang="en",
        srclang=languages.pop() if len(languages) == 1 else "*all*",
    )  # fmt: skip
    header.set("o-tmf", "translate-memory")
    body = ET.SubElement(root, "body")
    segs: list[tuple[ET.Element, str]] = []
    for entry in rows:
        tu = ET.SubElement(body, "tu", srclang=entry.source_language)
        if entry.created:
            tu.set("creationdate", _tmx_date(entry.created))
        ET.SubElement(tu, "prop", type="x-origin").text = entry.origin
        ET.SubElement(tu, "prop", type="x-kind").text = entry.kind
        if entry.glossary:
            ET.SubElement(tu, "prop", type="x-glossary").text = entry.glossary
        for language, text in (
            (entry.source_language, entry.source),
            (entry.target_language, entry.target),
        ):
            segs.append(
                (ET.SubElement(ET.SubElement(tu, "tuv", {XML_LANG: language}), "seg"), text)
            )
    ET.indent(root)  # before the segments are filled: whitespace inside <seg> is content
    for seg, text in segs:
        _fill_seg(seg, text)
    xml = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + xml + "\n").encode("utf-8")


def _fill_seg(seg: ET.Element, tagged: str) -> None:
    """Tagged text as the content of ``<seg>``: text, ``<ph>``, ``<bpt>`` and ``<ept>``."""
    last: ET.Element | None = None
    opened: list[int] = []
    for token in tokens(tagged):
        if token.kind == "text":
            if last is None:
                seg.text = (seg.text or "") + token.value
            else:
                last.tail = (last.tail or "") + token.value
            continue
        if token.kind == "x":
            last = ET.SubElement(seg, "ph", x=str(token.id))
            last.text = f'<x id="{token.id}"/>'
        elif token.kind == "open":
            opened.append(token.id)
            last = ET.SubElement(seg, "bpt", i=str(token.id), x=str(token.id))
            last.text = f'<g id="{token.id}">'
        else:
            last = ET.SubElement(seg, "ept", i=str(opened.pop() if opened else 0))
            last.text = "</g>"


def _tmx_date(iso: str) -> str:
    return iso.replace("-", "").replace(":", "")


def _iso_date(tmx: str) -> str:
    try:
        return datetime.strptime(tmx, "%Y%m%dT%H%M%SZ").strftime("%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return ""


# --- reading -------------------------------------------------------------------------------------


_NOT_TMX = (
    "{path} is {what}: expected a .tmx file (TMX 1.4b, as `translate memory export` writes); "
    "to learn from a post and its translation, use `translate memory learn EN.md VI.md`"
)


def read_tmx(path: Path) -> TmxFile:
    """The entries of a TMX file (``InputError`` if it is not readable XML)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from None
    try:
        lines = _scan_xml(data, path, ("tu",))
    except InputError:
        if path.suffix.lower() == ".tmx":
            raise
        raise InputError(_NOT_TMX.format(path=path, what="not XML")) from None
    root = ET.fromstring(data)
    if root.tag != "tmx":
        raise InputError(_NOT_TMX.format(path=path, what=f"XML whose root is <{root.tag}>"))
    header = root.find("header")
    default = header.get("srclang", "") if header is not None else ""
    result = TmxFile()
    for line, tu in zip(lines, root.iter("tu"), strict=False):
        entry = _entry(tu, default)
        if entry is None:
            result.skipped.append(line)
        else:
            result.entries.append(entry)
    return result


def _entry(tu: ET.Element, default_language: str) -> Entry | None:
    props = {str(p.get("type")): p.text or "" for p in tu.findall("prop")}
    texts: dict[str, str] = {}
    for tuv in tu.findall("tuv"):
        seg = tuv.find("seg")
        tagged = _tagged(seg) if seg is not None else None
        if tagged is None:
            return None
        texts[_language(tuv.get(XML_LANG) or tuv.get("lang") or "")] = tagged
    source_language = _language(tu.get("srclang") or default_language)
    others = [language for language in texts if language != source_language]
    if source_language not in texts or len(others) != 1:
        return None
    source, target = texts[source_language], texts[others[0]]
    if not _same_markup(source, target):
        return None
    kind = props.get("x-kind", "human")
    return Entry(
        source, target, source_language, others[0],
        kind if kind in _KINDS else "human",  # type: ignore[arg-type]
        props.get("x-origin", "tmx"), props.get("x-glossary", ""),
        _iso_date(tu.get("creationdate", "")),
    )  # fmt: skip


def _tagged(seg: ET.Element) -> str | None:
    """``<seg>`` content as tagged text, or None when it holds inline elements we cannot map."""
    out = [escape(seg.text or "")]
    for child in seg:
        number = child.get("x") or child.get("i")
        if child.tag == "ept":
            out.append("</g>")
        elif child.tag in ("ph", "bpt") and number is not None and number.isdigit():
            out.append(f'<x id="{number}"/>' if child.tag == "ph" else f'<g id="{number}">')
        else:
            return None
        out.append(escape(child.tail or ""))
    return "".join(out)


def _same_markup(source: str, target: str) -> bool:
    """Both texts balanced, with the same placeholders and pairs, each once."""
    try:
        spans = tuple(
            Span(t.id, "code", "", None if t.kind == "x" else "")
            for t in tokens(source)
            if t.kind in ("x", "open")
        )
        restore(source, spans)
        restore(target, spans)
    except MarkupError:
        return False
    return True


def _language(code: str) -> str:
    """``en-US`` -> ``en``; ``zh-TW``, ``fr-CA``, ``es-MX``, ``pt-PT`` are kept (Amazon's codes)."""
    code = code.strip()
    if code.lower() in ("zh-tw", "fr-ca", "es-mx", "pt-pt", "fa-af"):
        return code[:2].lower() + "-" + code[3:].upper()
    return code.split("-")[0].split("_")[0].lower()
