"""Amazon Translate custom terminology files: CSV, TSV and TMX 1.4b, read and written.

A terminology is a flat list of ``source -> target`` rows. Export writes one row per source form
(the term and each variant) to the entry's preferred rendering; a kept term maps to itself. On
import, CSV/TSV rows sharing a target become one entry (first row = term, the rest = variants) and
a row whose target equals its source becomes a kept term; TMX rows are grouped by their
``x-term`` property when present. So a CSV round trip keeps every row (source form -> target), and
a TMX round trip also keeps the grouping into entries, ``<note>`` and the ``x-domain`` property;
alternatives, forbidden renderings and case do not fit these formats (use TBX or native YAML),
though a term a team's file writes twice keeps its other renderings as alternatives.

CSV/TSV: a header row of language codes (``en,vi``), at most 10 MB, terms at most 200 bytes. Read as
spreadsheets save them: UTF-8 with or without a BOM, UTF-16 with a BOM (Excel's "Unicode Text",
``.txt``), or Windows code page 1258 (Excel's "CSV" on a Vietnamese Windows) when the header names a
``vi`` column; ``,``, ``;`` or a tab between cells, whichever the header row uses (or Excel's
``sep=;`` first line names); codes in any case, with a region or as an English name (``EN``,
``en-US``, ``vi_VN``, ``Vietnamese``); the source and target columns found by language (English and
Vietnamese when there are more; other columns, empty ones too, ignored); blank rows skipped; a line
break inside a quoted cell read as a space. TMX: ``xml:lang`` (or TMX 1.1 ``lang``) in any case,
``srclang`` ``*all*``, CAT-tool inline codes left out of a term, a ``<tu>`` without both languages
skipped.

Spreadsheet formula injection: on export a cell starting with ``= + - @`` (or tab/CR, or a ``'``
of its own) gets a leading ``'``; the reader removes exactly that ``'`` again, so files read
back unchanged. Uploads to Amazon Translate (``sync``) are written without it: the service reads
cells as plain text.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from xml.parsers import expat

from translate.errors import GlossaryError
from translate.glossary.languages import (
    DEFAULT_PAIR,
    is_language_code,
    language_code,
    pick_pair,
)
from translate.glossary.match import english_plurals
from translate.glossary.model import MAX_TERM_BYTES, MAX_TERMINOLOGY_BYTES, Entry, Glossary
from translate.glossary.native import GlossaryFile

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A termbase export (TBX, TMX) carries much besides its terms (dates, notes, UTF-16), so it
# may be larger than the terminology Amazon Translate takes; what is synced is checked apart.
MAX_XML_BYTES = 64 * 1024 * 1024
_WRAP = re.compile(r"\s*[\r\n\t]\s*")
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
    return list(merge_same_terms(entries))


def merge_same_terms(entries: Iterable[Entry]) -> tuple[Entry, ...]:
    """One entry per term (ignoring case), since a team's file may hold a term twice (two rows,
    or two concepts for two senses): the first keeps its place and preferred rendering, the
    others' renderings become its alternatives, and their variants and forbidden renderings
    join its own."""
    merged: dict[str, Entry] = {}
    for entry in entries:
        key = entry.term.casefold()
        merged[key] = _merge(merged[key], entry) if key in merged else entry
    return tuple(merged.values())


def _merge(first: Entry, other: Entry) -> Entry:
    forms = {first.term.casefold()}
    variants = [v for v in (*first.variants, *other.source_forms) if v.casefold() not in forms]
    if first.keep and other.keep:
        return replace(first, variants=tuple(dict.fromkeys(variants)))
    accepted = dict.fromkeys((*first.renderings, *other.renderings))
    forbidden = {f.text: f for f in (*first.forbidden, *other.forbidden) if f.text not in accepted}
    return replace(
        first,
        target=first.preferred,
        keep=False,
        variants=tuple(dict.fromkeys(variants)),
        alternatives=tuple(a for a in accepted if a != first.preferred),
        forbidden=tuple(forbidden.values()),
        case="insensitive" if first.keep else first.case,
    )


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
    """NFC, trimmed, a line break or tab inside (a cell wrapped in a spreadsheet) one space."""
    return unicodedata.normalize("NFC", _WRAP.sub(" ", text).strip())


def _decode(data: bytes, path: Path) -> str:
    """The text of a spreadsheet export: UTF-8 (with or without a BOM) or UTF-16 with a BOM
    (Excel's "Unicode Text")."""
    if data.startswith(b"PK\x03\x04"):
        raise GlossaryError(
            f"{path}:1: a spreadsheet workbook, not text; save it as CSV UTF-8 or Unicode Text"
        )
    encoding = "utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else None
    try:
        return data.decode(encoding or "utf-8-sig")
    except UnicodeDecodeError as exc:
        legacy = _windows_vietnamese(data)
        if legacy is None:
            raise GlossaryError(
                f"{path}:1: not UTF-8 or UTF-16 text ({exc.reason}); save it as CSV UTF-8"
            ) from None
        return legacy


def _windows_vietnamese(data: bytes) -> str | None:
    """The text of a file Excel saved as "CSV (Comma delimited)" on Windows set to Vietnamese
    (code page 1258, tone marks as separate characters), when its header row names a
    Vietnamese column; else None (another legacy code page cannot be told apart)."""
    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        return None
    header = re.split(r"[,;\t]", text.split("\n", 1)[0])
    return text if "vi" in {language_code(_nfc(cell.strip('"'))) for cell in header} else None


def _delimiter(text: str, default: str) -> tuple[str, bool]:
    """The separator, and whether the first line is Excel's ``sep=;`` hint naming it; else
    the separator of the header row (language codes hold none): ``default`` when it has it,
    else ``,``, ``;`` (Excel in many locales) or a tab."""
    first = text.split("\n", 1)[0].strip().strip('"')
    if len(first) == 5 and first.startswith("sep="):
        return first[4], True
    return next((d for d in (default, ",", ";", "\t") if d in first), default), False


def _columns(header: list[str], path: Path) -> tuple[int, int, bool]:
    """The source and target columns of a header row, and whether the file holds more
    languages than these two (a cell naming no language, such as a notes column, is ignored)."""
    codes = [language_code(cell) if cell else "" for cell in header]
    languages = [code for code in codes if is_language_code(code)]
    pair = pick_pair(languages)
    if pair is None and len(set(languages)) > 2:
        raise GlossaryError(
            f"{path}:1: columns {languages!r} hold several target languages and no "
            f"{DEFAULT_PAIR[1]!r}; keep the two columns to read"
        )
    if pair is None:
        raise GlossaryError(
            f"{path}:1: the first row must name the language of each column, such as 'en' "
            f"and 'vi' (Amazon Translate language codes; en-US or English also do), got {header!r}"
        )
    return codes.index(pair[0]), codes.index(pair[1]), len(set(languages)) > 2


def parse_delimited(data: bytes, path: Path, delimiter: str) -> GlossaryFile:
    """Parse an Amazon Translate CSV/TSV terminology, as a spreadsheet saves it: see the
    module docstring; ``delimiter`` is the one expected, another in the header row wins."""
    text = _decode(_check_size(data, str(path)), path)
    delimiter, hint = _delimiter(text, delimiter)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [_nfc(c) for c in next(reader, [])]
    if hint:
        header = [_nfc(c) for c in next(reader, [])]
    source, target, more = _columns(header, path)
    rows: list[tuple[int, str, str, dict[str, str]]] = []
    for cells in reader:
        pair = [_nfc(unneutralize(cells[i])) if i < len(cells) else "" for i in (source, target)]
        if all(pair):
            rows.append((reader.line_num, pair[0], pair[1], {}))
        elif any(pair) and not more:  # with more languages, a term may lack this translation
            raise GlossaryError(
                f"{path}:{reader.line_num}: expected a term in both columns, got {pair!r}"
            )
    languages = language_code(header[source]), language_code(header[target])
    return GlossaryFile(path, *languages, tuple(_entries_from_rows(rows, path)))


def _scan_xml(data: bytes, path: Path, elements: tuple[str, ...]) -> list[int]:
    """Refuse entity declarations (an internal DTD subset); return the lines where
    ``elements`` start. A DOCTYPE naming an external DTD (as CAT tools write) is read, the DTD
    never fetched."""
    parser = expat.ParserCreate(namespace_separator=" ")
    lines: list[int] = []

    def refuse(*_: object) -> None:
        raise GlossaryError(
            f"{path}:{parser.CurrentLineNumber}: DOCTYPE/ENTITY declarations are refused "
            "(entity expansion); remove them"
        )

    def doctype(
        _name: str, _system: str | None, _public: str | None, internal_subset: bool
    ) -> None:
        if internal_subset:
            refuse()

    def start(name: str, _attrs: object) -> None:
        if name.rsplit(" ", 1)[-1] in elements:
            lines.append(parser.CurrentLineNumber)

    parser.StartDoctypeDeclHandler = doctype
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
    """Safely parse XML: no entity declarations, no DTD fetched, at most 64 MB; plus the lines
    of ``elements``."""
    if len(data) > MAX_XML_BYTES:
        raise GlossaryError(
            f"{path} is {len(data)} bytes, over the {MAX_XML_BYTES >> 20} MB a TMX or TBX file "
            "may have; split it by domain"
        )
    lines = _scan_xml(data, path, elements)
    try:
        return ET.fromstring(data), lines
    except ET.ParseError as exc:  # an entity only an external DTD would define
        raise GlossaryError(f"{path}:{exc.position[0]}: malformed XML: {exc.msg}") from None


def _seg_text(seg: ET.Element) -> str:
    """The text of a ``<seg>``: a CAT tool's inline codes (``bpt``, ``ept``, ``ph``, ``it``,
    ``ut``) left out, the text inside ``<hi>`` kept."""
    parts = [seg.text or ""]
    for child in seg:
        parts += [_seg_text(child) if child.tag == "hi" else "", child.tail or ""]
    return "".join(parts)


def _tuv_text(tu: ET.Element) -> dict[str, str]:
    texts = {}
    for tuv in tu.iter("tuv"):
        lang = language_code(tuv.get(XML_LANG) or tuv.get("lang") or "")
        seg = tuv.find("seg")
        if seg is not None and _nfc(_seg_text(seg)):
            texts[lang] = _nfc(_seg_text(seg))
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


def _tmx_pair(
    header: ET.Element | None, units: list[dict[str, str]], path: Path
) -> tuple[str, str]:
    """The header's ``srclang`` (unless ``*all*``) and the target language to read."""
    source = language_code(header.get("srclang", "") if header is not None else "")
    languages = list(dict.fromkeys(lang for texts in units for lang in texts))
    pair = pick_pair(languages, "" if source == "*all*" else source)
    if not languages:
        raise GlossaryError(f"{path}:1: no <tu> holds a term (<tuv> with a <seg>)")
    if pair is None:
        raise GlossaryError(
            f"{path}:1: TMX languages {languages!r} leave the pair to read open; keep one "
            f"target language, or {DEFAULT_PAIR[1]!r}"
        )
    return pair


def parse_tmx(data: bytes, path: Path) -> GlossaryFile:
    """Parse a TMX terminology: the header's ``srclang`` (or English, for ``*all*``) and one
    other language (Vietnamese, when there are several); a ``<tu>`` without both is left out."""
    root, lines = parse_xml(data, path, ("tu",))
    units = [(line, tu, _tuv_text(tu)) for line, tu in zip(lines, root.iter("tu"), strict=False)]
    source, target = _tmx_pair(root.find("header"), [texts for _, _, texts in units], path)
    rows = [
        (line, texts[source], texts[target], _tu_extra(tu))
        for line, tu, texts in units
        if source in texts and target in texts
    ]
    if not rows:
        raise GlossaryError(f"{path}:1: no <tu> holds both a {source!r} and a {target!r} term")
    return GlossaryFile(path, source, target, tuple(_entries_from_rows(rows, path)))


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
    """Read a ``.csv``, ``.tsv``, ``.txt`` (tab-separated: Excel's "Unicode Text") or ``.tmx``
    terminology file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GlossaryError(f"{path}: cannot read: {exc.strerror}") from None
    suffix = path.suffix.lower()
    if suffix == ".tmx":
        return parse_tmx(data, path)
    return parse_delimited(data, path, "," if suffix == ".csv" else "\t")
