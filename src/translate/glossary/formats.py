"""Amazon Translate custom terminology files: CSV, TSV and TMX 1.4b, read and written.

A terminology is a flat list of ``source -> target`` rows. Export writes one row per source form
(the term and each variant) to the entry's preferred rendering; a kept term maps to itself. On
import, CSV/TSV rows sharing a target become one entry (first row = term, the rest = variants) and
a row whose target equals its source becomes a kept term; TMX rows are grouped by their
``x-term`` property when present. So a CSV round trip keeps every row (source form -> target), and
a TMX round trip also keeps the grouping into entries, ``<note>`` and the ``x-domain`` property;
alternatives, forbidden renderings and case do not fit these formats (use TBX or native YAML).

CSV/TSV: a header row of language codes (``en,vi``), UTF-8, at most 10 MB, terms at most 200
bytes. Spreadsheet formula injection: on export a cell starting with ``= + - @`` (or tab/CR, or a
``'`` of its own) gets a leading ``'``; the reader removes exactly that ``'`` again, so files read
back unchanged. Uploads to Amazon Translate (``sync``) are written without it: the service reads
cells as plain text.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path
from xml.parsers import expat

from translate.errors import GlossaryError
from translate.glossary.match import english_plurals
from translate.glossary.model import MAX_TERM_BYTES, MAX_TERMINOLOGY_BYTES, Entry, Glossary
from translate.glossary.native import GlossaryFile

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
Row = tuple[str, str]


def _entry_rows(entry: Entry) -> list[Row]:
    rows = []
    for form in entry.source_forms:
        row = (form, form if entry.keep else entry.preferred)
        for text in row:
            if len(text.encode("utf-8")) > MAX_TERM_BYTES:
                raise GlossaryError(
                    f"{entry.where()}: entry {entry.term!r}: {text[:40]!r} is over Amazon "
                    f"Translate's {MAX_TERM_BYTES}-byte term limit; shorten it"
                )
        rows.append(row)
    return rows


def terminology_rows(glossary: Glossary, *, upload: bool = False) -> list[Row]:
    """``(source form, preferred target)`` for every form; raise if one is over 200 bytes.

    With ``upload`` (the rows ``translate glossary sync`` sends to Amazon Translate), two
    changes for the service, which matches a row's source as written but ignoring case:

    - a row for each other spelling the checker takes for a form (``inflections``), so that
      ``buckets`` is matched too;
    - no row for a phrase that two rows render differently when case is ignored (``Principal``,
      the job level, and ``principal``, the IAM identity): the service would pick either, so
      neither goes, and the engine protects those terms itself.
    """
    rows = [row for entry in glossary.entries for row in _entry_rows(entry)]
    if not upload:
        return rows
    targets: dict[str, set[str]] = {}
    for source, target in rows:
        targets.setdefault(source.lower(), set()).add(target.lower())
    others: list[Row] = []
    for entry in glossary.entries:
        for form in entry.source_forms:
            for other in inflections(form):
                if len(other.encode("utf-8")) <= MAX_TERM_BYTES:
                    target = other if entry.keep else entry.preferred
                    if other.lower() not in targets:
                        others.append((other, target))
                    targets.setdefault(other.lower(), set()).add(target.lower())
    return [row for row in rows + others if len(targets[row[0].lower()]) == 1]


def inflections(form: str) -> list[str]:
    """Other spellings of a source ``form`` the checker counts as the term: its English plurals,
    and the same with spaces for its hyphens (``fine-tuning``, ``fine tuning``) or, for a
    lower-case phrase, hyphens for its spaces (``use-case``); not the form itself."""
    spellings = [form]
    if "-" in form:
        spellings.append(form.replace("-", " "))
    if " " in form and form.islower():
        spellings.append(form.replace(" ", "-"))
    plurals = [english_plurals(s)[:1] for s in spellings]  # ``policies``, not ``policys``
    others = spellings[1:] + [plural for found in plurals for plural in found]
    return list(dict.fromkeys(others))


def _check_size(data: bytes, what: str) -> bytes:
    if len(data) > MAX_TERMINOLOGY_BYTES:
        raise GlossaryError(
            f"{what} is {len(data)} bytes, over Amazon Translate's 10 MB terminology limit; "
            "split the glossary by domain"
        )
    return data


def neutralize(cell: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would run as a formula, and to a cell that starts
    with ``'`` itself (so that ``unneutralize`` never takes away an apostrophe of the text)."""
    return "'" + cell if cell.startswith((*_FORMULA_START, "'")) else cell


def unneutralize(cell: str) -> str:
    """Undo ``neutralize``."""
    escaped = cell.startswith("'") and cell[1:].startswith((*_FORMULA_START, "'"))
    return cell[1:] if escaped else cell


def export_bytes(glossary: Glossary, format: str) -> bytes:
    """The glossary as a file of ``format``: csv, tsv, tmx or tbx (TBX-Basic)."""
    if format == "tbx":
        from translate.glossary.tbx import write_tbx

        return write_tbx(glossary)
    if format == "tmx":
        return write_tmx(glossary)
    if format in ("csv", "tsv"):
        return write_delimited(glossary, delimiter="," if format == "csv" else "\t")
    raise GlossaryError(f"cannot export a glossary as {format!r}")


def write_delimited(
    glossary: Glossary, *, delimiter: str = ",", safe: bool = True, upload: bool = False
) -> bytes:
    """The glossary as Amazon Translate CSV (or TSV with ``delimiter="\\t"``); ``upload``:
    see ``terminology_rows``."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow([glossary.source_language, glossary.target_language])
    for row in terminology_rows(glossary, upload=upload):
        writer.writerow([neutralize(c) for c in row] if safe else row)
    return _check_size(out.getvalue().encode("utf-8"), "the terminology")


def _entries_from_rows(
    rows: Iterable[tuple[int, str, str, dict[str, str]]], path: Path
) -> list[Entry]:
    groups: dict[tuple[str, str], list[tuple[int, str, str, dict[str, str]]]] = {}
    for line, source, target, extra in rows:
        if "term" in extra:
            key = ("term", extra["term"])
        else:
            key = ("keep", source) if source == target else ("target", target)
        groups.setdefault(key, []).append((line, source, target, extra))
    entries = []
    for forms in groups.values():
        line, term, target, extra = forms[0]
        variants = tuple(f[1] for f in forms[1:])
        entries.append(
            _entry(path, line, term, None if term == target else target, variants, extra)
        )
    return entries


def _entry(
    path: Path,
    line: int,
    term: str,
    target: str | None,
    variants: tuple[str, ...],
    extra: dict[str, str],
) -> Entry:
    name = target is None and any(c.isupper() for c in term)  # kept as written: a name
    return Entry(
        term=term,
        target=target,
        keep=target is None,
        case="exact" if name else "insensitive",
        variants=variants,
        domain=extra.get("domain"),
        note=extra.get("note"),
        path=path,
        line=line,
    )


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def parse_delimited(data: bytes, path: Path, delimiter: str) -> GlossaryFile:
    """Parse an Amazon Translate CSV/TSV terminology."""
    try:
        text = _check_size(data, str(path)).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GlossaryError(f"{path}:1: not UTF-8 text ({exc.reason})") from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [_nfc(c) for c in next(reader, [])]
    if len(header) != 2:
        raise GlossaryError(
            f"{path}:1: header must be two language codes like 'en{delimiter}vi', got {header!r}"
        )
    rows: list[tuple[int, str, str, dict[str, str]]] = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != 2 or not all(c.strip() for c in cells):
            raise GlossaryError(
                f"{path}:{reader.line_num}: expected 2 non-empty cells, got {cells!r}"
            )
        source, target = (_nfc(unneutralize(c)) for c in cells)
        rows.append((reader.line_num, source, target, {}))
    entries = _entries_from_rows(rows, path)
    return GlossaryFile(path, header[0], header[1], tuple(entries))


def _scan_xml(data: bytes, path: Path, elements: tuple[str, ...]) -> list[int]:
    """Refuse DTDs and entity declarations; return the lines where ``elements`` start."""
    parser = expat.ParserCreate(namespace_separator=" ")
    lines: list[int] = []

    def refuse(*_: object) -> None:
        raise GlossaryError(
            f"{path}:{parser.CurrentLineNumber}: DOCTYPE/ENTITY declarations are refused "
            "(entity expansion); remove them"
        )

    def start(name: str, _attrs: object) -> None:
        if name.rsplit(" ", 1)[-1] in elements:
            lines.append(parser.CurrentLineNumber)

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise GlossaryError(
            f"{path}:{exc.lineno}: malformed XML: {expat.ErrorString(exc.code)}"
        ) from None
    return lines


def parse_xml(data: bytes, path: Path, elements: tuple[str, ...]) -> tuple[ET.Element, list[int]]:
    """Safely parse XML: no DTD, no entities, size-limited; plus the lines of ``elements``."""
    lines = _scan_xml(_check_size(data, str(path)), path, elements)
    return ET.fromstring(data), lines


def _tuv_text(tu: ET.Element) -> dict[str, str]:
    texts = {}
    for tuv in tu.iter("tuv"):
        lang = tuv.get(XML_LANG) or tuv.get("lang") or ""
        seg = tuv.find("seg")
        if seg is not None:
            texts[lang] = _nfc("".join(seg.itertext()))
    return texts


def _tu_extra(tu: ET.Element) -> dict[str, str]:
    """The ``<note>`` and our ``x-term``/``x-domain`` properties of a ``<tu>``."""
    extra = {}
    for element in tu:
        if element.tag == "note":
            extra["note"] = _nfc(element.text or "")
        elif element.tag == "prop" and element.get("type") in ("x-term", "x-domain"):
            extra[str(element.get("type"))[2:]] = _nfc(element.text or "")
    return extra


def parse_tmx(data: bytes, path: Path) -> GlossaryFile:
    """Parse a TMX 1.4b terminology: the header's ``srclang`` and one other language."""
    root, lines = parse_xml(data, path, ("tu",))
    header = root.find("header")
    source = header.get("srclang", "") if header is not None else ""
    rows: list[tuple[int, str, str, dict[str, str]]] = []
    target_language = ""
    for line, tu in zip(lines, root.iter("tu"), strict=False):
        texts = _tuv_text(tu)
        others = [lang for lang in texts if lang != source]
        if (
            source not in texts
            or len(others) != 1
            or (target_language and others[0] != target_language)
        ):
            raise GlossaryError(f"{path}:{line}: <tu> needs one {source!r} and one target <tuv>")
        target_language = others[0]
        rows.append((line, texts[source], texts[target_language], _tu_extra(tu)))
    return GlossaryFile(path, source, target_language or "", tuple(_entries_from_rows(rows, path)))


def write_tmx(glossary: Glossary) -> bytes:
    """The glossary as TMX 1.4b: one ``<tu>`` per source form; note and domain on the term's."""
    root = ET.Element("tmx", version="1.4")
    header = ET.SubElement(
        root,
        "header",
        creationtool="translate",
        creationtoolversion="0.1.0",
        segtype="phrase",
        datatype="plaintext",
        adminlang="en",
        srclang=glossary.source_language,
    )
    header.set("o-tmf", "translate-glossary")
    body = ET.SubElement(root, "body")
    for entry in glossary.entries:
        for index, (source, target) in enumerate(_entry_rows(entry)):
            tu = ET.SubElement(body, "tu")
            ET.SubElement(tu, "prop", type="x-term").text = entry.term
            if index == 0 and entry.domain:
                ET.SubElement(tu, "prop", type="x-domain").text = entry.domain
            if index == 0 and entry.note:
                ET.SubElement(tu, "note").text = entry.note
            for lang, text in (
                (glossary.source_language, source),
                (glossary.target_language, target),
            ):
                ET.SubElement(ET.SubElement(tu, "tuv", {XML_LANG: lang}), "seg").text = text
    return _check_size(xml_bytes(root), "the terminology")


def xml_bytes(root: ET.Element) -> bytes:
    """An indented UTF-8 XML document with a declaration."""
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8")


def read_terminology(path: Path) -> GlossaryFile:
    """Read a ``.csv``, ``.tsv`` or ``.tmx`` terminology file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GlossaryError(f"{path}: cannot read: {exc.strerror}") from None
    suffix = path.suffix.lower()
    if suffix == ".tmx":
        return parse_tmx(data, path)
    return parse_delimited(data, path, "\t" if suffix == ".tsv" else ",")
