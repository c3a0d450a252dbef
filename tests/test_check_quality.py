"""The labelled check cases are well formed, and bench/check_quality.py scores them correctly."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from translate.glossary.tbx import read_tbx

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "data" / "check-cases"
HELDOUT = ROOT / "tests" / "data" / "check-heldout"
HELDOUT2 = ROOT / "tests" / "data" / "check-heldout2"
HELDOUT3 = ROOT / "tests" / "data" / "check-heldout3"
HELDOUT4 = ROOT / "tests" / "data" / "check-heldout4"


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_quality", ROOT / "bench/check_quality.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_quality"] = module
    spec.loader.exec_module(module)
    return module


Q = _scorer()


def test_a_finding_on_the_planted_line_with_the_planted_term_and_kind_is_a_hit() -> None:
    labels = [Q.Label("c", 3, "instance", "forbidden-rendering")]
    result = Q.score(labels, [Q.Found("c", 3, "Instance", "forbidden-rendering")])
    assert (len(result.hits), result.misses, result.false_alarms) == (1, [], [])
    assert (result.precision(), result.recall()) == (1.0, 1.0)


def test_wrong_line_term_kind_or_case_is_a_miss_and_a_false_alarm() -> None:
    label = Q.Label("c", 3, "instance", "forbidden-rendering")
    for wrong in (
        Q.Found("c", 4, "instance", "forbidden-rendering"),
        Q.Found("c", 3, "bucket", "forbidden-rendering"),
        Q.Found("c", 3, "instance", "missing-term"),
        Q.Found("d", 3, "instance", "forbidden-rendering"),
    ):
        result = Q.score([label], [wrong])
        assert (result.hits, result.misses, result.false_alarms) == ([], [label], [wrong])
        assert (result.precision(), result.recall()) == (0.0, 0.0)


def test_a_tolerated_line_matches_and_the_exact_one_is_preferred() -> None:
    near = Q.Label("c", 5, "bucket", "missing-term", tolerance=1)
    off_by_one = Q.Found("c", 6, "bucket", "missing-term")
    exact = Q.Found("c", 5, "bucket", "missing-term")
    assert len(Q.score([near], [off_by_one]).hits) == 1
    result = Q.score([near], [off_by_one, exact])
    assert result.hits == [(near, exact)] and result.false_alarms == [off_by_one]
    assert Q.score([near], [Q.Found("c", 7, "bucket", "missing-term")]).misses == [near]


def test_one_finding_matches_one_label_only() -> None:
    labels = [Q.Label("c", 2, None, "number-mismatch"), Q.Label("c", 2, None, "number-mismatch")]
    result = Q.score(labels, [Q.Found("c", 2, "30", "number-mismatch")])
    assert (len(result.hits), len(result.misses)) == (1, 1)
    assert (result.precision(), result.recall()) == (1.0, 0.5)


def test_a_vendor_prefix_does_not_change_the_term() -> None:
    assert Q.same_term("Amazon SageMaker", "SageMaker")
    assert Q.same_term("AWS Lambda", "aws lambda")
    assert not Q.same_term("Amazon EC2", "Amazon S3")
    assert Q.same_term(None, "30") and not Q.same_term("30", None)


def test_a_term_matches_the_longer_entry_that_holds_it_as_whole_words() -> None:
    assert Q.same_term("data pipeline", "pipeline")
    assert Q.same_term("instance", "instance type")
    assert not Q.same_term("stack", "Stackdriver")
    assert not Q.same_term("latency", "inference")


def test_a_second_kind_named_by_also_matches_and_counts_under_the_first() -> None:
    label = Q.Label("c", 1, "throughput", "wrong-meaning", also="dropped-term")
    result = Q.score([label], [Q.Found("c", 1, "throughput", "dropped-term")])
    assert result.of_kind("wrong-meaning").recall() == 1.0
    assert Q.score([label], [Q.Found("c", 1, "throughput", "missing-term")]).misses == [label]


def test_scores_per_kind_and_with_nothing_reported() -> None:
    labels = [Q.Label("c", 1, "x", "name-altered"), Q.Label("c", 2, None, "dropped-passage")]
    result = Q.score(labels, [Q.Found("c", 1, "x", "name-altered")])
    assert result.of_kind("name-altered").recall() == 1.0
    assert result.of_kind("dropped-passage").recall() == 0.0
    assert Q.score([], []).precision() == 1.0


def _cases(folder: Path = CASES) -> list[Path]:
    return sorted(p.parent for p in folder.glob("*/expected.json"))


def test_the_set_has_enough_pairs_and_every_kind() -> None:
    cases = _cases()
    labels = [row for c in cases for row in json.loads((c / "expected.json").read_text())]
    assert len(cases) >= 80
    assert sum(1 for c in cases if json.loads((c / "expected.json").read_text()) == []) >= 30
    planted = {row["kind"] for row in labels}
    assert planted >= set(Q.KINDS) - {"inconsistent-rendering", "missing-term"}


@pytest.mark.parametrize(
    "case",
    _cases() + _cases(HELDOUT) + _cases(HELDOUT2) + _cases(HELDOUT3) + _cases(HELDOUT4),
    ids=lambda p: p.name,
)
def test_every_label_points_at_a_line_of_its_translation(case: Path) -> None:
    lines = (case / "vi.md").read_text(encoding="utf-8").splitlines()
    assert (case / "en.md").is_file()
    for row in json.loads((case / "expected.json").read_text(encoding="utf-8")):
        assert set(row) <= {"line", "term", "kind", "tolerance", "also", "why"}
        assert row["kind"] in Q.KINDS and row.get("also", row["kind"]) in Q.KINDS
        assert 1 <= row["line"] <= len(lines) and lines[row["line"] - 1].strip()
        assert row.get("why") or not ({"tolerance", "also"} & set(row))


@pytest.mark.parametrize(
    "folder", [CASES, HELDOUT, HELDOUT2, HELDOUT3, HELDOUT4], ids=lambda p: p.name
)
def test_the_set_glossary_is_tbx_the_reader_accepts(folder: Path) -> None:
    glossary = read_tbx(folder / "glossary.tbx")
    assert (glossary.source_language, glossary.target_language) == ("en", "vi")
    assert len(glossary.entries) >= 30


def test_a_set_named_by_a_relative_path_is_scored_with_its_own_tbx(tmp_path: Path) -> None:
    shutil.copytree(HELDOUT / "clean-other-senses", tmp_path / "set" / "one")
    shutil.copy(HELDOUT / "glossary.tbx", tmp_path / "set")
    command = [sys.executable, str(ROOT / "bench/check_quality.py"), "--cases", "set"]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "# set: 1 pairs, 1 clean, 0 planted mistakes" in done.stdout
    assert "## set TBX" in done.stdout


def test_a_set_with_a_csv_glossary_is_scored_with_it_too() -> None:
    assert [name for name, _ in Q.set_glossaries(HELDOUT)] == ["shipped glossary", "set TBX"]
    assert [name for name, _ in Q.set_glossaries(HELDOUT2)] == [
        "shipped glossary",
        "set TBX",
        "set CSV",
    ]
