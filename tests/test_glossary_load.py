"""Loading native glossaries: validation, one-line errors with file:line, NFC, merging."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from translate.errors import GlossaryError
from translate.glossary import Entry, Forbidden, Glossary, load_glossary

DATA = Path(__file__).parent / "data" / "glossary"
HEAD = "source_language: en\ntarget_language: vi\nentries:\n"


def write(tmp_path: Path, body: str, name: str = "g.yaml", head: str = HEAD) -> Path:
    path = tmp_path / name
    path.write_text(head + body, encoding="utf-8")
    return path


def error_of(paths: list[Path]) -> str:
    with pytest.raises(GlossaryError) as info:
        load_glossary(paths)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_seed_folder_loads_sorted_and_merged() -> None:
    glossary = load_glossary([DATA / "seed"])
    terms = [e.term for e in glossary.entries]
    assert terms == sorted(terms, key=str.casefold)
    assert (glossary.source_language, glossary.target_language) == ("en", "vi")
    sagemaker = glossary.get("amazon sagemaker")
    assert sagemaker is not None
    assert sagemaker.keep and sagemaker.case == "exact" and sagemaker.variants == ("SageMaker",)
    assert sagemaker.forbidden[1] == Forbidden("Sagemaker", "wrong casing")
    assert sagemaker.path == DATA / "seed" / "aws.yaml" and sagemaker.line == 5
    assert glossary.renderings(sagemaker) == ("Amazon SageMaker", "SageMaker")
    bucket = glossary.get("bucket")
    assert bucket is not None and glossary.renderings(bucket) == ("bucket", "vùng lưu trữ")


def test_version_tracks_content_not_location(tmp_path: Path) -> None:
    one = write(tmp_path, "  - term: bucket\n    target: bucket\n", "a.yaml")
    two = write(tmp_path, "\n\n  - {term: bucket, target: bucket}\n", "b.yaml")
    three = write(tmp_path, "  - term: bucket\n    target: thùng chứa\n", "c.yaml")
    versions = [load_glossary([p]).version for p in (one, two, three)]
    assert versions[0] == versions[1] != versions[2]
    assert len(versions[0]) == 12


def test_empty_glossary(tmp_path: Path) -> None:
    glossary = load_glossary(
        [write(tmp_path, "", head=HEAD.replace("entries:\n", "entries: []\n"))]
    )
    assert glossary.is_empty and glossary == Glossary("en", "vi", ())


def test_non_nfc_input_is_normalized(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "cụm")
    glossary = load_glossary([write(tmp_path, f"  - term: cluster\n    target: {decomposed}\n")])
    assert glossary.entries[0].target == "cụm"


def test_malformed_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "  - term: bucket\n    target: [unclosed\n  - term: x\n")
    message = error_of([path])
    assert message.startswith(f"{path}:")
    assert "malformed YAML" in message


@pytest.mark.parametrize(
    ("body", "line", "expected"),
    [
        (
            "  - term: bucket\n    target: bucket\n    colour: red\n",
            6,
            "entry 'bucket': unknown key 'colour'",
        ),
        (
            "  - term: bucket\n    target: bucket\n    keep: true\n",
            4,
            "entry 'bucket': has both 'target' and 'keep",
        ),
        ("  - term: bucket\n", 4, "entry 'bucket': needs 'target' or 'keep: true'"),
        ("  - target: bucket\n", 4, "entry #1: missing 'term'"),
        ("  - term: 42\n    target: x\n", 4, "entry #1: term must be a string"),
        ("  - term: bucket\n    target: x\n    variants: buckets\n", 6, "variants must be a list"),
        ("  - term: bucket\n    target: x\n    keep: maybe\n", 6, "keep must be true or false"),
        (
            "  - term: bucket\n    target: x\n    case: upper\n",
            6,
            "case must be exact or insensitive",
        ),
        ("  - term: b\n    target: x\n    forbidden: [{text: y}]\n", 6, "needs 'why'"),
        (
            "  - term: b\n    target: x\n    forbidden: [{text: y, why: z, w: 1}]\n",
            6,
            "unknown key 'w'",
        ),
        ("  - term: ''\n    target: x\n", 4, "term is an empty string"),
        ("  - term: b\n    target: x\n    target: y\n", 6, "duplicate key 'target'"),
        ("  - just a string\n", 4, "entry must be a mapping"),
    ],
)
def test_bad_entries(tmp_path: Path, body: str, line: int, expected: str) -> None:
    path = write(tmp_path, body)
    message = error_of([path])
    assert message.startswith(f"{path}:{line}: ")
    assert expected in message


def test_bad_language_code(tmp_path: Path) -> None:
    path = write(tmp_path, "", head="source_language: en\ntarget_language: vn\nentries: []\n")
    assert "'vn' is not an Amazon Translate language code" in error_of([path])


def test_missing_language_and_unknown_top_key(tmp_path: Path) -> None:
    assert "missing 'target_language'" in error_of(
        [write(tmp_path, "", head="source_language: en\n")]
    )
    path = write(tmp_path, "", head=HEAD + "  []\nversion: 2\n")
    assert "unknown key 'version' in glossary file" in error_of([path])


def test_a_term_in_two_files_is_taken_from_the_later_one(tmp_path: Path) -> None:
    first = write(tmp_path, "  - term: Bucket\n    target: bucket\n", "a.yaml")
    second = write(
        tmp_path, "  - term: cluster\n    target: cụm\n  - term: bucket\n    target: x\n", "b.yaml"
    )

    def preferred(paths: list[Path]) -> str | None:
        entry = load_glossary(paths).get("bucket")
        return entry.preferred if entry else None

    assert preferred([first, second]) == "x"
    assert preferred([second, first]) == "bucket"
    assert preferred([tmp_path]) == "x"  # inside a folder, the later file by name
    assert len(load_glossary([first, second]).entries) == 2


def test_a_term_twice_in_one_file_is_an_error(tmp_path: Path) -> None:
    path = write(
        tmp_path, "  - term: Bucket\n    target: bucket\n  - term: bucket\n    target: x\n"
    )
    message = error_of([path])
    assert message == (
        f"{path}:6: entry 'bucket': duplicate term, already defined at {path}:4 "
        "(remove one of them)"
    )


def test_language_pairs_must_agree(tmp_path: Path) -> None:
    first = write(tmp_path, "", "a.yaml", head=HEAD + "  []\n")
    second = write(tmp_path, "", "b.yaml", head="source_language: en\ntarget_language: fr\n")
    assert "language pair en-fr differs from en-vi" in error_of([first, second])


def test_missing_path_and_unknown_format(tmp_path: Path) -> None:
    assert "no such glossary file or folder" in error_of([tmp_path / "nope.yaml"])
    (tmp_path / "g.json").write_text("{}")
    assert "unknown glossary format '.json'" in error_of([tmp_path / "g.json"])
    (tmp_path / "empty").mkdir()
    assert "holds no *.yaml" in error_of([tmp_path / "empty"])


def test_entry_renderings_and_preferred() -> None:
    kept = Entry("AWS Lambda", keep=True, variants=("Lambda",))
    translated = Entry("cluster", target="cụm", alternatives=("cluster",))
    assert kept.preferred == "AWS Lambda" and kept.renderings == ("AWS Lambda", "Lambda")
    assert translated.preferred == "cụm" and translated.renderings == ("cụm", "cluster")


def test_sense_phrases_survive_a_native_round_trip(tmp_path: Path) -> None:
    from translate.glossary.edit import dump_native

    path = tmp_path / "g.yaml"
    path.write_text(
        "source_language: en\ntarget_language: vi\nentries:\n"
        "  - term: agent\n    target: agent\n"
        "  - term: contact center agent\n    target: nhân viên tổng đài\n"
        "    meant_by:\n      agent: [transfer to an agent]\n"
        "  - term: drop table\n    target: xóa bảng\n    implied_by: [drop the <name> table]\n",
        encoding="utf-8",
    )
    loaded = load_glossary([path])
    entry = loaded.get("contact center agent")
    assert entry is not None and entry.meant_by == (("agent", ("transfer to an agent",)),)
    again = tmp_path / "again.yaml"
    again.write_text(dump_native(loaded), encoding="utf-8")
    assert load_glossary([again]) == loaded
