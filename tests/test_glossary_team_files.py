"""A team's glossary as real tools save it: Excel and Google Sheets exports, CAT-tool TMX, TBX
from terminology tools. Each file is read for the same terms, ``check`` with it finds the
planted mistakes of ``post/bad.vi.md`` and nothing in ``post/good.vi.md``, and a file that
cannot be read stops every command with one ``Error:`` line and nothing written."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.glossary import Entry, Glossary, load_glossary

TOOLS = Path(__file__).parent / "data" / "glossary" / "tools"
POST = TOOLS / "post"

SPREADSHEETS = [
    "excel-utf8-bom.csv",  # BOM, CRLF, trailing empty column, blank rows, quoted cells
    "excel-semicolon.csv",  # ';' between cells, commas inside them
    "excel-sep-hint.csv",  # a first line 'sep=;' naming the separator
    "excel-unicode-text.tsv",  # UTF-16 LE with BOM, tabs
    "excel-unicode-text.txt",  # the same, under the name Excel gives it
    "excel-windows-vietnamese.csv",  # "CSV" on a Vietnamese Windows: code page 1258, ';'
    "google-sheets.tsv",  # trailing tabs, a row of tabs
    "header-region-codes.csv",  # en-US, vi-VN
    "header-upper-underscore.csv",  # EN, vi_VN
    "header-names.csv",  # English, Vietnamese
    "three-languages.csv",  # en, vi, ja
]
TMX = ["memoq-export.tmx", "trados-export.tmx", "omegat-project.tmx", "omegat-level2.tmx"]
TBX = [
    "basic-2008-doctype.tbx",
    "basic-2019-dca.tbx",
    "basic-2019-dct.tbx",
    "core-v3.tbx",
    "multiterm-export.tbx",
]
TBX_WITH_DEPRECATED = [name for name in TBX if name != "core-v3.tbx"]


def entries(name: str) -> dict[str, Entry]:
    return entries_of(TOOLS / name)


def entries_of(path: Path) -> dict[str, Entry]:
    glossary = load_glossary([path])
    assert (glossary.source_language, glossary.target_language) == ("en", "vi")
    return {entry.term: entry for entry in glossary.entries}


def renderings(glossary: dict[str, Entry]) -> dict[str, str | None]:
    return {term: entry.target for term, entry in glossary.items()}


@pytest.mark.parametrize("name", SPREADSHEETS)
def test_spreadsheet_exports_read_as_written(name: str) -> None:
    glossary = entries(name)
    assert renderings(glossary).items() >= {
        ("Availability Zone", "Vùng sẵn sàng"),
        ("security group", "nhóm bảo mật"),
        ("cold start", "khởi động nguội"),
    }
    assert glossary["Amazon DynamoDB"].keep and glossary["Amazon DynamoDB"].case == "exact"


def test_excel_cells_with_a_comma_or_a_line_break_are_one_term() -> None:
    glossary = renderings(entries("excel-utf8-bom.csv"))
    assert glossary["extract, transform, load"] == "trích xuất, chuyển đổi, tải"
    assert glossary["point-in-time recovery"] == "khôi phục tại một thời điểm"
    assert renderings(entries("excel-semicolon.csv"))["extract, transform, load"] == (
        "trích xuất, chuyển đổi, tải"
    )


def test_columns_are_found_by_language_not_by_position() -> None:
    assert renderings(entries("vi-first.csv")) == {
        "Availability Zone": "Vùng sẵn sàng",
        "security group": "nhóm bảo mật",
    }


@pytest.mark.parametrize("name", TMX)
def test_cat_tool_tmx_read_without_inline_codes(name: str) -> None:
    glossary = renderings(entries(name))
    assert glossary
    assert all("<" not in f"{term}{target}" for term, target in glossary.items())
    if name == "trados-export.tmx":  # srclang="*all*", <hi>, a unit in Japanese only
        assert glossary == {
            "load balancer": "bộ cân bằng tải",
            "read replica": "bản sao chỉ đọc",
            "security group": "nhóm bảo mật",
        }
    if name == "memoq-export.tmx":  # EN-US / VI-VN, <bpt>/<ept>/<ph>
        assert glossary["security group"] == "nhóm bảo mật"
        assert glossary["cold start"] == "khởi động nguội"


@pytest.mark.parametrize("name", TBX)
def test_tbx_dialects_read_the_same_concepts(name: str) -> None:
    glossary = entries(name)
    assert glossary["cold start"].target == "khởi động nguội"
    assert glossary["Amazon DynamoDB"].keep and glossary["Amazon DynamoDB"].case == "exact"
    if name in TBX_WITH_DEPRECATED:
        assert [f.text for f in glossary["cold start"].forbidden] == ["khởi động lạnh"]


@pytest.mark.parametrize("name", ["basic-2008-doctype.tbx", "basic-2019-dct.tbx"])
def test_tbx_superseded_is_forbidden_and_an_abbreviation_a_variant(name: str) -> None:
    zone = entries(name)["Availability Zone"]
    assert zone.variants == ("AZ",)
    assert [f.text for f in zone.forbidden] == ["khu vực sẵn có"]
    assert "khu vực sẵn có" not in zone.alternatives


def test_tbx_full_form_is_the_term_when_the_abbreviation_comes_first() -> None:
    [zone] = entries("abbreviation-first.tbx").values()
    assert (zone.term, zone.variants, zone.target) == (
        "Availability Zone",
        ("AZ",),
        "Vùng sẵn sàng",
    )


def test_tbx_concepts_in_one_language_or_with_an_empty_term_are_left_out() -> None:
    assert "snapshot" not in entries("basic-2008-doctype.tbx")  # <term></term> in Vietnamese
    assert set(entries("basic-2019-dca.tbx")) == {  # the last concept is only Vietnamese
        "Amazon DynamoDB",
        "Availability Zone",
        "cold start",
        "load balancer",
    }


def test_tbx_in_three_languages_with_statuses_spelled_as_words() -> None:
    [cold] = entries("three-languages-picklist.tbx").values()  # ja-JP first, vi-VN, en-GB
    assert cold.term == "cold start" and cold.target == "khởi động nguội"
    assert [f.text for f in cold.forbidden] == ["khởi động lạnh"]  # "Not recommended"


def test_a_term_written_twice_is_one_entry_with_both_renderings() -> None:
    rows = entries("duplicate-rows.csv")
    assert (rows["table"].target, rows["table"].alternatives) == ("bảng", ("bảng dữ liệu",))
    assert (rows["Region"].target, rows["Region"].alternatives) == ("Region", ("vùng",))
    [stack] = entries("homonyms.tbx").values()  # two concepts, two senses of one word
    assert (stack.target, stack.alternatives) == ("stack", ("ngăn xếp",))
    assert [f.text for f in stack.forbidden] == ["chồng"]  # ngăn xếp is right in one sense


def test_a_termbase_export_over_amazon_translates_10_mb_is_read(tmp_path: Path) -> None:
    text = (TOOLS / "multiterm-export.tbx").read_text(encoding="utf-16")
    padding = "<!-- " + "history " * (6 * 1024 * 1024 // 8) + "-->"  # 12 MB in UTF-16
    path = tmp_path / "termbase.tbx"
    path.write_text(text.replace("<text>", padding + "<text>"), encoding="utf-16")
    assert "cold start" in entries_of(path)


def test_a_doctype_naming_a_dtd_is_read_and_the_dtd_never_fetched(tmp_path: Path) -> None:
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_error(404)

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        text = (TOOLS / "basic-2008-doctype.tbx").read_text(encoding="utf-8")
        url = f"http://127.0.0.1:{server.server_port}/TBXBasiccoreStructV02.dtd"
        path = tmp_path / "team.tbx"
        path.write_text(text.replace('"TBXBasiccoreStructV02.dtd"', f'"{url}"'), "utf-8")
        assert load_glossary([path]).entries
    finally:
        server.shutdown()
        server.server_close()
    assert requests == []


@pytest.mark.parametrize("name", SPREADSHEETS + TMX + TBX)
def test_import_then_lint_is_clean(name: str, runner: CliRunner, in_tmp: Path) -> None:
    result = runner.invoke(app, ["glossary", "import", str(TOOLS / name), "--into", "team.yaml"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["glossary", "lint", "-g", "team.yaml"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("name", SPREADSHEETS + TMX + TBX)
def test_lint_of_a_team_file_does_not_ask_for_our_order(name: str, runner: CliRunner) -> None:
    result = runner.invoke(app, ["glossary", "lint", "-g", str(TOOLS / name)])
    assert result.exit_code == 0, result.output


def check(runner: CliRunner, name: str, translation: str) -> tuple[int, str]:
    argv = ["check", str(POST / translation), "--source", str(POST / "en.md")]
    result = runner.invoke(app, [*argv, "-g", str(TOOLS / name), "--format", "json"])
    return result.exit_code, result.stdout


@pytest.mark.parametrize("name", SPREADSHEETS + TBX)
def test_check_with_a_team_file(name: str, runner: CliRunner, in_tmp: Path) -> None:
    assert check(runner, name, "good.vi.md") == (0, "[]\n")
    code, found = check(runner, name, "bad.vi.md")
    assert code == 1
    assert '"rule": "name-altered"' in found and "Dynamo DB" in found
    assert ('"found": "khởi động lạnh"' in found) == (name in TBX_WITH_DEPRECATED)


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("workbook-renamed.csv", "a spreadsheet workbook, not text"),
        ("no-vietnamese.csv", "several target languages and no 'vi'"),
        ("windows-western.csv", "not UTF-8 or UTF-16 text"),
        ("external-entity.tbx", "DOCTYPE/ENTITY declarations are refused"),
    ],
)
def test_unreadable_file_one_error_nothing_written(
    name: str, why: str, runner: CliRunner, in_tmp: Path
) -> None:
    for argv in (
        ["glossary", "import", str(TOOLS / name), "--into", "team.yaml"],
        [
            "check",
            str(POST / "good.vi.md"),
            "--source",
            str(POST / "en.md"),
            "-g",
            str(TOOLS / name),
        ],
    ):
        result = runner.invoke(app, argv)
        assert result.exit_code == 2
        [line] = result.stderr.splitlines()
        assert line.startswith("Error: ") and name in line and why in line
    assert list(in_tmp.iterdir()) == []


def test_glossary_from_a_team_file_merges_with_native(tmp_path: Path) -> None:
    native = tmp_path / "extra.yaml"
    native.write_text(
        "source_language: en\ntarget_language: vi\nentries:\n"
        "  - term: read replica\n    target: bản sao chỉ đọc\n",
        encoding="utf-8",
    )
    merged: Glossary = load_glossary([TOOLS / "excel-unicode-text.txt", native])
    assert {"read replica", "cold start"} <= {e.term for e in merged.entries}
