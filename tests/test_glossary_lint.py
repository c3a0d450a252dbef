"""Every lint rule, on small glossaries written per test."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from translate.glossary.lint import lint

DATA = Path(__file__).parent / "data" / "glossary"
HEAD = "source_language: en\ntarget_language: vi\nentries:\n"


def rules(tmp_path: Path, *bodies: str, head: str = HEAD) -> list[tuple[str, str, int]]:
    paths = []
    for index, body in enumerate(bodies):
        path = tmp_path / f"{index}.yaml"
        path.write_text(head + body, encoding="utf-8")
        paths.append(path)
    return [(f.rule, f.severity, f.line) for f in lint(paths)]


def test_seed_fixture_is_clean() -> None:
    assert lint([DATA / "seed"]) == []


def test_syntax_error_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(HEAD + "  - term: a\n    colour: red\n", encoding="utf-8")
    [finding] = lint([path])
    assert (finding.rule, finding.line, finding.severity) == ("syntax", 5, "error")
    assert str(finding).startswith(f"{path}:5: syntax: entry 'a': unknown key 'colour'")


def test_a_term_in_two_files_is_an_override_warning(tmp_path: Path) -> None:
    found = rules(
        tmp_path, "  - {term: bucket, target: bucket}\n", "  - {term: Bucket, target: x}\n"
    )
    assert found == [("overridden-term", "warning", 4)]
    [finding] = lint([tmp_path / "0.yaml", tmp_path / "1.yaml"])
    assert str(finding) == (
        f"{tmp_path / '0.yaml'}:4: overridden-term: 'bucket' is defined again at "
        f"{tmp_path / '1.yaml'}:4, which replaces this entry"
    )

    body = "  - {term: bucket, target: bucket}\n  - {term: Bucket, target: x}\n"
    assert ("duplicate-term", "error", 5) in rules(tmp_path, body)  # twice in one file


def test_term_is_variant(tmp_path: Path) -> None:
    body = "  - {term: Amazon S3, keep: true, variants: [S3]}\n  - {term: S3, keep: true}\n"
    assert rules(tmp_path, body) == [("term-is-variant", "error", 4)]


def test_conflicting_targets_and_shadowing(tmp_path: Path) -> None:
    body = (
        "  - {term: ml model, target: mô hình ML, variants: [model]}\n"
        "  - {term: model, target: mẫu}\n"
        "  - {term: x1, target: A, variants: [xx]}\n"
        "  - {term: x2, target: B, variants: [XX]}\n"
        "  - {term: y1, target: A, variants: [yy]}\n"
        "  - {term: y2, target: A, variants: [yy]}\n"
    )
    found = rules(tmp_path, body)
    assert ("term-is-variant", "error", 4) in found
    assert ("conflicting-targets", "error", 7) in found
    assert ("shadowed-form", "warning", 9) in found


def test_exact_case_entries_do_not_shadow_different_spellings(tmp_path: Path) -> None:
    body = (
        "  - {term: Auto, keep: true, case: exact, variants: [AB]}\n"
        "  - {term: auto2, keep: true, case: exact, variants: [ab]}\n"
    )
    assert rules(tmp_path, body) == []


def test_forbidden_equal_to_allowed(tmp_path: Path) -> None:
    body = (
        "  - term: bucket\n    target: bucket\n    alternatives: [vùng lưu trữ]\n"
        "    forbidden: [{text: Vùng lưu trữ, why: x}]\n"
        "  - term: SageMaker\n    keep: true\n    case: exact\n"
        "    forbidden: [{text: Sagemaker, why: casing}]\n"
    )
    assert rules(tmp_path, body) == [("forbidden-allowed", "error", 4)]


def test_bad_language_code(tmp_path: Path) -> None:
    head = "source_language: en\ntarget_language: VI\nentries: []\n"
    assert rules(tmp_path, "", head=head) == [("language", "error", 1)]


def test_non_nfc_and_empty(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "cụm")
    body = f"  - term: cluster\n    target: {decomposed}\n    note: ''\n"
    assert rules(tmp_path, body) == [("non-nfc", "error", 5), ("empty", "error", 6)]


def test_unsorted(tmp_path: Path) -> None:
    body = "  - {term: cluster, target: cụm}\n  - {term: Bucket, target: bucket}\n"
    assert rules(tmp_path, body) == [("unsorted", "error", 5)]


def test_too_long_for_amazon_translate(tmp_path: Path) -> None:
    long_term = "ệ" * 67  # 201 bytes in UTF-8
    body = f"  - {{term: {'a' * 200}, keep: true}}\n  - {{term: x, target: {long_term}}}\n"
    assert rules(tmp_path, body) == [("too-long", "error", 5)]


def test_redundant_variant(tmp_path: Path) -> None:
    assert rules(tmp_path, "  - {term: bucket, target: b, variants: [Bucket]}\n") == [
        ("redundant-variant", "warning", 4)
    ]


def test_language_pairs_disagree(tmp_path: Path) -> None:
    a = tmp_path / "a.yaml"
    b = tmp_path / "b.yaml"
    a.write_text(HEAD + "  []\n", encoding="utf-8")
    b.write_text("source_language: en\ntarget_language: fr\nentries: []\n", encoding="utf-8")
    assert [f.rule for f in lint([a, b])] == ["language"]


def test_meant_by_naming_no_entry_and_bad_sense_phrases(tmp_path: Path) -> None:
    body = (
        "  - term: agent\n    target: agent\n"
        "  - term: contact center agent\n    target: nhân viên tổng đài\n"
        "    meant_by:\n      agnet: [transfer to an agent]\n      agent: [the call queue]\n"
        "  - term: drop table\n    target: xóa bảng\n"
        "    implied_by: [drop <table> table, drop the <name>]\n"
    )
    path = tmp_path / "g.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    found = [str(f).removeprefix(f"{path}:") for f in lint([path])]
    assert found == [
        "6: bad-phrase: meant_by phrase 'the call queue' has no 'agent' in it",
        "6: unknown-entry: meant_by names 'agnet', which is no entry's term",
        "11: bad-phrase: implied_by phrase 'drop <table> table': "
        "'<table>' is no placeholder (the one there is: <name>)",
        "11: bad-phrase: implied_by phrase 'drop the <name>': "
        "<name> must stand alone between two words",
    ]
    good = (
        "  - term: agent\n    target: agent\n"
        "  - term: contact center agent\n    target: nhân viên tổng đài\n"
        "    meant_by:\n      agent: [transfer to an agent, agents and supervisors]\n"
        "  - term: drop table\n    target: xóa bảng\n    implied_by: [drop the <name> table]\n"
    )
    path.write_text(HEAD + good, encoding="utf-8")
    assert lint([path]) == []
