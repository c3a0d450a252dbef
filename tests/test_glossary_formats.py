"""CSV/TSV/TMX/TBX import and export, round trips, XML safety, CSV injection, size limits."""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from translate.errors import GlossaryError
from translate.glossary import Entry, Glossary, load_glossary
from translate.glossary.formats import (
    parse_delimited,
    parse_tmx,
    terminology_rows,
    write_delimited,
    write_tmx,
)
from translate.glossary.loader import build_glossary
from translate.glossary.tbx import parse_tbx, write_tbx

DATA = Path(__file__).parent / "data" / "glossary"


@pytest.fixture(scope="module")
def seed() -> Glossary:
    return load_glossary([DATA / "seed"])


def reload(data: bytes, name: str) -> Glossary:
    path = Path(name)
    if name.endswith(".tbx"):
        return build_glossary([parse_tbx(data, path)])
    if name.endswith(".tmx"):
        return build_glossary([parse_tmx(data, path)])
    return build_glossary([parse_delimited(data, path, "\t" if name.endswith(".tsv") else ",")])


@pytest.mark.parametrize("dialect", ["2019", "2008"])
def test_tbx_round_trip_keeps_every_field(seed: Glossary, dialect: str) -> None:
    back = reload(write_tbx(seed, "2019" if dialect == "2019" else "2008"), "x.tbx")
    assert back == seed and back.version == seed.version


def test_tmx_round_trip_keeps_entries_targets_notes_domains(seed: Glossary) -> None:
    back = reload(write_tmx(seed), "x.tmx")
    expected = [
        (e.term, e.variants, e.target, e.keep, e.note, e.domain)
        if e.target != e.term
        else (e.term, e.variants, None, True, e.note, e.domain)  # target == term reads as kept
        for e in seed.entries
    ]
    shape = [(e.term, e.variants, e.target, e.keep, e.note, e.domain) for e in back.entries]
    assert shape == expected


@pytest.mark.parametrize("name", ["x.csv", "x.tsv"])
def test_delimited_round_trip_keeps_every_row(seed: Glossary, name: str) -> None:
    data = write_delimited(seed, delimiter="\t" if name.endswith(".tsv") else ",")
    back = reload(data, name)
    assert sorted(terminology_rows(back)) == sorted(terminology_rows(seed))
    assert data.decode().splitlines()[0] in ("en,vi", "en\tvi")


def test_export_rows_one_per_source_form(seed: Glossary) -> None:
    rows = terminology_rows(seed)
    assert ("SageMaker", "SageMaker") in rows
    assert ("cluster", "cụm") in rows
    assert len(rows) == sum(len(e.source_forms) for e in seed.entries)


def test_csv_import_groups_rows_and_reads_neutralized_cells() -> None:
    glossary = load_glossary([DATA / "terms.csv"])
    by_term = {e.term: e for e in glossary.entries}
    assert by_term["-minus"].target == "trừ"
    assert by_term["bucket"].keep
    assert by_term["model training"].variants == ("training",)
    assert by_term["model training"].target == "huấn luyện mô hình"


def test_csv_export_neutralizes_formulas_and_reads_back() -> None:
    glossary = load_glossary([DATA / "terms.csv"])
    data = write_delimited(glossary)
    cells = [c for row in csv.reader(io.StringIO(data.decode())) for c in row]
    assert "'=cmd|'/C calc'!A0" in cells and "'-minus" in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    assert terminology_rows(reload(data, "x.csv")) == terminology_rows(glossary)
    raw = write_delimited(glossary, safe=False)
    assert "=cmd|'/C calc'!A0" in [c for row in csv.reader(io.StringIO(raw.decode())) for c in row]


def test_tsv_import() -> None:
    glossary = load_glossary([DATA / "terms.tsv"])
    assert [(e.term, e.target, e.keep) for e in glossary.entries] == [
        ("Amazon S3", None, True),
        ("endpoint", "điểm cuối", False),
    ]


def test_tbx_2008_sample() -> None:
    glossary = load_glossary([DATA / "basic-2008.tbx"])
    assert (glossary.source_language, glossary.target_language) == ("en", "vi")
    dynamo, throughput = glossary.entries
    assert dynamo.keep and dynamo.variants == ("DynamoDB",)
    assert throughput.target == "thông lượng" and throughput.alternatives == ("throughput",)
    assert [(f.text, f.why) for f in throughput.forbidden] == [("băng thông", "means bandwidth")]
    assert (throughput.domain, throughput.note) == ("data", "Rate of work, not bandwidth.")
    assert throughput.line == 9


def test_tbx_2019_sample() -> None:
    [training] = load_glossary([DATA / "basic-2019.tbx"]).entries
    assert training.target == "huấn luyện" and training.domain == "ml"
    assert training.forbidden[0].text == "đào tạo"


def test_merge_several_formats() -> None:
    glossary = load_glossary([DATA / "seed", DATA / "basic-2019.tbx", DATA / "terms.tsv"])
    assert {"training", "endpoint", "Amazon SageMaker"} <= {e.term for e in glossary.entries}


@pytest.mark.parametrize(
    "declaration",
    [
        '<!DOCTYPE lolz [<!ENTITY lol "lol">]>',
        '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd" [<!ENTITY e SYSTEM "file:///x">]>',
    ],
)
def test_xml_entity_declarations_refused(declaration: str) -> None:
    data = f'<?xml version="1.0"?>\n{declaration}\n<martif><text><body/></text></martif>'.encode()
    with pytest.raises(GlossaryError, match=r"x\.tbx:2: DOCTYPE/ENTITY declarations are refused"):
        parse_tbx(data, Path("x.tbx"))


def test_tmx_and_tbx_without_terms() -> None:
    with pytest.raises(GlossaryError, match=r"x\.tmx:1: no <tu> holds a term"):
        parse_tmx(b"<tmx><header srclang='en'/><body/></tmx>", Path("x.tmx"))
    with pytest.raises(GlossaryError, match=r"x\.tbx:1: no concept holds a term"):
        parse_tbx(b"<martif xml:lang='en'><text><body/></text></martif>", Path("x.tbx"))


def test_malformed_xml_and_wrong_root() -> None:
    with pytest.raises(GlossaryError, match=r"x\.tbx:1: malformed XML"):
        parse_tbx(b"<martif><text>", Path("x.tbx"))
    with pytest.raises(GlossaryError, match="not TBX"):
        parse_tbx(b"<html/>", Path("x.tbx"))


def test_bad_csv_header_and_rows(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="several target languages and no 'vi'"):
        parse_delimited(b"en,ja,fr\na,b,c\n", Path("x.csv"), ",")
    with pytest.raises(GlossaryError, match=r"x\.csv:3: expected a term in both columns"):
        parse_delimited(b"en,vi\na,b\nc,\n", Path("x.csv"), ",")
    with pytest.raises(GlossaryError, match="must name the language of each column"):
        (tmp_path / "t.csv").write_bytes(b"source,target\na,b\n")
        load_glossary([tmp_path / "t.csv"])


def test_200_byte_limit_on_export() -> None:
    ok = Glossary("en", "vi", (Entry("a" * 200, keep=True),))
    assert terminology_rows(ok)
    too_long = Glossary("en", "vi", (Entry("x", target="ệ" * 67),))
    with pytest.raises(GlossaryError, match="over Amazon Translate's 200-byte term limit"):
        write_delimited(too_long)


def test_10_mb_limit() -> None:
    with pytest.raises(GlossaryError, match="10 MB"):
        parse_delimited(b"en,vi\n" + b"a,b\n" * (3 * 1024 * 1024), Path("x.csv"), ",")


_text = (
    st.text(
        alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs", "S")), min_size=1
    )
    .map(lambda s: unicodedata.normalize("NFC", s).strip())
    .filter(lambda s: 0 < len(s.encode()) <= 200)
)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(_text, _text, min_size=1, max_size=8))
@example({"0": "'="})  # a target that starts with an apostrophe before a formula character
def test_csv_round_trip_property(pairs: dict[str, str]) -> None:
    unique: dict[str, tuple[str, str]] = {}
    for source, target in pairs.items():
        unique.setdefault(source.casefold(), (source, target))
    entries = tuple(Entry(s, target=t) for s, t in unique.values())
    glossary = Glossary("en", "vi", entries)
    back = reload(write_delimited(glossary), "x.csv")
    assert sorted(terminology_rows(back)) == sorted(terminology_rows(glossary))


def test_tbx_concept_with_no_translation_yet_is_kept_only_when_it_is_a_name() -> None:
    """A termbase lists concepts before anyone translates them: a lowercase one with no
    Vietnamese is left out (holding it in English would flag every translation of it), a
    capitalised one is a name kept as written."""
    data = """<?xml version="1.0"?>
<martif type="TBX-Basic" xml:lang="en"><text><body>
<termEntry id="c1"><langSet xml:lang="en"><tig><term>load balancer</term></tig></langSet>
</termEntry>
<termEntry id="c2"><langSet xml:lang="en"><tig><term>Amazon S3</term></tig></langSet></termEntry>
<termEntry id="c3"><langSet xml:lang="en"><tig><term>throughput</term></tig></langSet>
<langSet xml:lang="vi"><tig><term>thông lượng</term></tig></langSet></termEntry>
</body></text></martif>""".encode()
    entries = {e.term: e for e in parse_tbx(data, Path("team.tbx")).entries}
    assert set(entries) == {"Amazon S3", "throughput"}
    assert entries["Amazon S3"].keep and entries["Amazon S3"].case == "exact"
    assert entries["throughput"].target == "thông lượng"
