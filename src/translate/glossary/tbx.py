"""TBX, both dialects: 2008 ``<martif>`` (termEntry/langSet/tig|ntig, TBX-Basic or a
MultiTerm export) and 2019 ``<tbx>`` (conceptEntry/langSec/termSec, namespace
``urn:iso:std:iso:30042:ed-2``; TBX-Basic or TBX-Core, ``dca`` or ``dct`` style).

Mapping (per concept): in the source language, the preferred term (else the first that no
``termType`` marks an abbreviation) is ``term`` and the others are ``variants``; in the target
language, ``administrativeStatus`` ``preferredTerm-admn-sts`` is ``target``,
``admittedTerm-admn-sts`` are ``alternatives`` and ``deprecatedTerm-admn-sts`` and
``supersededTerm-admn-sts`` are ``forbidden`` (the term section's ``<note>`` is the why). The status
is a ``termNote`` (dca) or an ``administrativeStatus`` element (dct), in any case, with or without
``-admn-sts``. ``<descrip type="subjectField">`` is ``domain`` and the concept's ``<note>`` is
``note``. Two extensions carry the rest: ``<descrip type="x-case">exact</descrip>`` and ``<descrip
type="x-keep">true</descrip>`` (a kept term also lists its forms in the target language, so other
tools see them). Languages are read as ``language_code`` spells them (``EN-US`` is ``en``). A
concept with no target-language section is read as a kept term when a mark says to keep it, and as
a kept name when its term has a capital letter (``Amazon S3``); a lowercase one (``load
balancer``), one with no source term, or one whose target-language section holds no term, is left
out (not translated yet). One marked ``properNoun``
(``termType`` or ``partOfSpeech``) or do-not-translate, or whose target is its own term with a
capital letter and whose admitted target terms are only its English forms, is a kept name with exact
case (``Region`` preferred with ``khu vực`` admitted keeps both, ignoring case). Entity declarations
are refused; a DTD a DOCTYPE names is never fetched.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from translate.errors import GlossaryError
from translate.glossary.formats import XML_LANG, merge_same_terms, parse_xml, xml_bytes
from translate.glossary.languages import language_code, pick_pair
from translate.glossary.model import Entry, Forbidden, Glossary
from translate.glossary.native import GlossaryFile

Dialect = Literal["2019", "2008"]
TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
# statuses as TBX (and a MultiTerm picklist) spell them, letters only, without "term"
_STATUSES = {"preferred": PREFERRED, "admitted": ADMITTED, "deprecated": DEPRECATED}
_STATUSES |= dict.fromkeys(("superseded", "forbidden", "notrecommended"), DEPRECATED)
# a status as a finding says it ("the glossary marks it not recommended")
_IN_WORDS = {word: word for word in ("preferred", "admitted", "deprecated", "superseded")}
_IN_WORDS |= {"forbidden": "forbidden", "notrecommended": "not recommended"}
_STATUS_TYPES = ("administrativeStatus", "normativeAuthorization")
# where a name is marked: DCA-style notes, and the elements of the 2019 DCT style
_NAME_TAGS = ("termNote", "descrip", "admin", "termCompList", "partOfSpeech", "termType")
_ENTRY_TAGS = ("conceptEntry", "termEntry")
_LANG_TAGS = ("langSec", "langSet")
_TERM_TAGS = ("termSec", "tig", "ntig")
_SHORT = re.compile(r"abbreviation|acronym|initialism|short ?form", re.IGNORECASE)
_NAME_MARK = re.compile(r"\bproper ?noun\b|\bdo[- ]?not[- ]?translate\b|\bDNT\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Names:
    root: str
    header: str
    entry: str
    lang: str
    term: str


_NAMES = {
    "2019": _Names("tbx", "tbxHeader", "conceptEntry", "langSec", "termSec"),
    "2008": _Names("martif", "martifHeader", "termEntry", "langSet", "tig"),
}


@dataclass(frozen=True, slots=True)
class _Term:
    text: str
    status: str
    note: str
    short: bool = False  # termType abbreviation, acronym, initialism or shortForm


def _strip_namespaces(root: ET.Element) -> None:
    for element in root.iter():
        if element.tag.startswith("{"):
            element.tag = element.tag.split("}", 1)[1]


def _text(element: ET.Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _status(term_section: ET.Element) -> tuple[str, str]:
    """The term's administrative status as one of ours (superseded counts as deprecated), and
    in words (``deprecated``, ``not recommended``); it is written in a ``termNote`` (DCA style,
    also ``normativeAuthorization``) or an ``administrativeStatus`` element (2019 DCT style);
    any case, with or without ``-admn-sts`` (``Preferred Term``, ``deprecated``; ``Forbidden``
    and ``Not recommended`` are deprecated)."""
    written = next(
        (
            _text(n)
            for n in term_section.iter()
            if n.tag == "administrativeStatus"
            or (n.tag == "termNote" and n.get("type") in _STATUS_TYPES)
        ),
        "",
    )
    word = re.sub("[^a-z]", "", written.casefold()).removesuffix("admnsts").removesuffix("term")
    return _STATUSES.get(word, ""), _IN_WORDS.get(word, written)


def _terms(section: ET.Element) -> list[_Term]:
    found = []
    for term_section in (c for c in section if c.tag in _TERM_TAGS):
        status, written = _status(term_section)
        note = _text(term_section.find(".//note")) or f"the glossary marks it {written}"
        short = any(
            _SHORT.search(_text(n))
            for n in term_section.iter()
            if n.tag == "termType" or (n.tag == "termNote" and n.get("type") == "termType")
        )
        found.append(_Term(_text(term_section.find(".//term")), status, note, short))
    return [t for t in found if t.text]


def _split(terms: list[_Term]) -> tuple[str | None, list[str], list[_Term]]:
    """Preferred (or the first non-deprecated full form, else the first non-deprecated), the
    other admitted ones, the deprecated ones."""
    usable = [t for t in terms if t.status != DEPRECATED]
    first = next((t for t in usable if not t.short), usable[0] if usable else None)
    preferred = next((t for t in usable if t.status == PREFERRED), first)
    others = [t.text for t in usable if t is not preferred]
    return (
        (preferred.text if preferred else None),
        others,
        [t for t in terms if t.status == DEPRECATED],
    )


def _descrip(concept: ET.Element, kind: str) -> str | None:
    """A concept's ``<descrip type="kind">`` (also inside a ``descripGrp``), or its ``<kind>``
    element (2019 DCT style)."""
    for element in (*concept, *concept.iterfind("descripGrp/descrip")):
        if (element.tag == "descrip" and element.get("type") == kind) or element.tag == kind:
            return _text(element) or None
    return None


def _concept(
    concept: ET.Element, languages: tuple[str, str], path: Path, line: int
) -> Entry | None:
    """The concept's entry; None when it has no source term, or a target-language section
    with no term in it (not translated yet)."""
    sections: dict[str, list[_Term]] = {}
    for section in (c for c in concept if c.tag in _LANG_TAGS):
        sections.setdefault(language_code(section.get(XML_LANG, "")), []).extend(_terms(section))
    term, variants, _ = _split(sections.get(languages[0], []))
    if term is None or sections.get(languages[1]) == []:
        return None
    target, alternatives, deprecated = _split(sections.get(languages[1], []))
    name = _is_name(concept, term, target) and not _translated(alternatives, term, variants)
    marked = _descrip(concept, "x-keep") == "true"
    if target is None and not (name or marked):
        if not any(c.isupper() for c in term):
            return None  # an English common noun with no translation yet: nothing to hold it to
        name = True  # ``Amazon S3`` with no Vietnamese: a name, kept as written
    keep = marked or target is None or name
    note = _text(concept.find("note")) or None
    return Entry(
        term=term,
        target=None if keep else target,
        keep=keep,
        variants=tuple(variants),
        alternatives=() if keep else tuple(alternatives),
        forbidden=tuple(Forbidden(t.text, t.note) for t in deprecated),
        case="exact" if name or _descrip(concept, "x-case") == "exact" else "insensitive",
        domain=_descrip(concept, "subjectField"),
        note=note,
        path=path,
        line=line,
    )


def _translated(alternatives: list[str], term: str, variants: list[str]) -> bool:
    """Whether the admitted target terms include a translation (``khu vực`` for *Region*), not
    only the concept's own English forms: a term rendered as itself is then English preferred
    with translations admitted, not a name to keep as written."""
    forms = {form.casefold() for form in (term, *variants)}
    return any(text.casefold() not in forms for text in alternatives)


def _is_name(concept: ET.Element, term: str, target: str | None) -> bool:
    """A case-sensitive name: marked ``properNoun`` or do-not-translate, or rendered as itself
    with a capital letter (``Amazon EC2`` -> ``Amazon EC2``, so ``Sagemaker`` is damage)."""
    for element in concept.iter():
        if element.tag in _NAME_TAGS:
            value = " ".join(((element.text or "") + " " + element.get("type", "")).split())
            if _NAME_MARK.search(value):
                return True
    return target == term and any(c.isupper() for c in term)


def _languages(root: ET.Element, concepts: list[ET.Element], path: Path) -> tuple[str, str]:
    seen: list[str] = []
    for concept in concepts:
        for section in (c for c in concept if c.tag in _LANG_TAGS):
            code = language_code(section.get(XML_LANG, ""))
            if code not in seen:
                seen.append(code)
    if not seen:
        raise GlossaryError(f"{path}:1: no concept holds a term (termEntry or conceptEntry)")
    source = language_code(root.get(XML_LANG, ""))
    pair = pick_pair(seen, source)
    if pair is None and len(seen) > 2:
        others = [code for code in seen if code != (source or seen[0])]
        raise GlossaryError(f"{path}:1: TBX holds several target languages {others}; keep one")
    return pair or (source or next(iter(seen), ""), "")


def parse_tbx(data: bytes, path: Path) -> GlossaryFile:
    """Parse TBX-Basic in the 2008 (``martif``) or 2019 (``tbx``) dialect."""
    root, lines = parse_xml(data, path, _ENTRY_TAGS)
    _strip_namespaces(root)
    if root.tag not in ("martif", "tbx"):
        raise GlossaryError(
            f"{path}:1: not TBX: root element is <{root.tag}>, not <martif> or <tbx>"
        )
    concepts = [e for e in root.iter() if e.tag in _ENTRY_TAGS]
    languages = _languages(root, concepts, path)
    found = (_concept(c, languages, path, line) for c, line in zip(concepts, lines, strict=False))
    entries = merge_same_terms(entry for entry in found if entry is not None)
    return GlossaryFile(path, languages[0], languages[1], entries)


def read_tbx(path: Path) -> GlossaryFile:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GlossaryError(f"{path}: cannot read: {exc.strerror}") from None
    return parse_tbx(data, path)


def _add_term(names: _Names, section: ET.Element, text: str, status: str, note: str = "") -> None:
    term_section = ET.SubElement(section, names.term)
    ET.SubElement(term_section, "term").text = text
    ET.SubElement(term_section, "termNote", type="administrativeStatus").text = status
    if note:
        ET.SubElement(term_section, "note").text = note


def _write_concept(
    names: _Names, body: ET.Element, entry: Entry, glossary: Glossary, n: int
) -> None:
    concept = ET.SubElement(body, names.entry, id=f"c{n}")
    for kind, value in (
        ("subjectField", entry.domain),
        ("x-case", "exact" if entry.case == "exact" else None),
    ):
        if value:
            ET.SubElement(concept, "descrip", type=kind).text = value
    if entry.keep:
        ET.SubElement(concept, "descrip", type="x-keep").text = "true"
    if entry.note:
        ET.SubElement(concept, "note").text = entry.note
    source = ET.SubElement(concept, names.lang, {XML_LANG: glossary.source_language})
    for index, form in enumerate(entry.source_forms):
        _add_term(names, source, form, PREFERRED if index == 0 else ADMITTED)
    target = ET.SubElement(concept, names.lang, {XML_LANG: glossary.target_language})
    for index, form in enumerate(entry.renderings):
        _add_term(names, target, form, PREFERRED if index == 0 else ADMITTED)
    for bad in entry.forbidden:
        _add_term(names, target, bad.text, DEPRECATED, bad.why)


def write_tbx(glossary: Glossary, dialect: Dialect = "2019") -> bytes:
    """The glossary as TBX-Basic in the 2019 (default) or 2008 dialect."""
    names = _NAMES[dialect]
    attributes = {"type": "TBX-Basic", XML_LANG: glossary.source_language}
    if dialect == "2019":
        attributes |= {"style": "dca", "xmlns": TBX_NAMESPACE}
    root = ET.Element(names.root, attributes)
    header = ET.SubElement(ET.SubElement(root, names.header), "fileDesc")
    source_desc = ET.SubElement(header, "sourceDesc")
    ET.SubElement(source_desc, "p").text = f"translate glossary {glossary.name} {glossary.version}"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for n, entry in enumerate(glossary.entries, start=1):
        _write_concept(names, body, entry, glossary, n)
    return xml_bytes(root)
