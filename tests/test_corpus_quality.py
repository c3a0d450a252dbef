"""The corpus scorer's matching: labels by (pair, line, rule, term), misses found within a line."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "check_corpus_quality", ROOT / "bench" / "check_corpus_quality.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


q = _scorer()


def _label(line: int, rule: str, term: str, verdict: str) -> dict[str, object]:
    return {"pair": "p", "line": line, "rule": rule, "term": term, "verdict": verdict}


def _labels(tmp_path: Path, items: list[dict[str, object]]) -> Path:
    path = tmp_path / "labels.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def test_findings_are_scored_by_their_verdict_and_unlabelled_ones_listed(tmp_path: Path) -> None:
    labels = q.load_labels(
        _labels(
            tmp_path,
            [
                _label(3, "missing-term", "bucket", "ban"),
                _label(5, "name-altered", "Amazon S3", "mistake"),
                _label(9, "inconsistent-rendering", "query", "false-alarm"),
            ],
        )
    )
    findings = [
        q.Finding("p", 3, "missing-term", "error", "bucket"),
        q.Finding("p", 5, "name-altered", "error", "Amazon S3"),
        q.Finding("p", 9, "inconsistent-rendering", "warning", "query"),
        q.Finding("p", 9, "inconsistent-rendering", "warning", "model"),
    ]
    result = q.score(findings, labels, [])
    assert result.verdicts["error"] == {"ban": 1, "mistake": 1}
    assert result.verdicts["warning"] == {"false-alarm": 1}
    assert [f.term for f in result.unlabelled] == ["model"]
    text = "\n".join(q.summary(result, 1, 0, []))
    assert "errors real    2/2 = 1.00" in text
    assert "warnings real  0/1 = 0.00" in text


def test_a_miss_is_found_by_a_fitting_rule_within_one_line_on_the_same_pair() -> None:
    miss = q.Miss("p", 10, "dropped-term", "latency", "")
    near = q.Finding("p", 11, "missing-term", "error", "latency")
    assert q.is_found(miss, [near])
    assert not q.is_found(miss, [q.Finding("p", 12, "missing-term", "error", "latency")])
    assert not q.is_found(miss, [q.Finding("other", 10, "missing-term", "error", "latency")])
    assert not q.is_found(miss, [q.Finding("p", 10, "name-altered", "error", "latency")])
    result = q.score([near], {}, [miss, q.Miss("p", 40, "name-altered", "Amazon S3", "")])
    assert [m.line for m in result.found] == [10]
    assert [m.line for m in result.missed] == [40]
    assert q.by_kind(result) == "dropped-term 1/1, name-altered 0/1"


def test_an_english_fragment_left_untranslated_finds_a_wrong_meaning_miss_on_its_line() -> None:
    miss = q.Miss("p", 25, "wrong-meaning", None, "English fragment left mid-sentence")
    assert q.is_found(miss, [q.Finding("p", 25, "untranslated-text", "warning", "left as is")])
    assert not q.is_found(miss, [q.Finding("p", 27, "untranslated-text", "warning", "left")])
    fragment = q.Finding("p", 25, "untranslated-text", "warning", "an English fragment")
    assert fragment.key[3].startswith("sha1:")


def test_a_labels_file_with_an_unknown_verdict_or_a_repeated_finding_is_refused(
    tmp_path: Path,
) -> None:
    with pytest.raises(ValueError, match="unknown verdict"):
        q.load_labels(_labels(tmp_path, [_label(1, "missing-term", "x", "maybe")]))
    twice = [_label(1, "missing-term", "x", "ban"), _label(1, "missing-term", "x", "mistake")]
    with pytest.raises(ValueError, match="two labels"):
        q.load_labels(_labels(tmp_path, twice))


def test_a_passage_or_code_line_is_named_by_a_digest_so_labels_hold_no_corpus_text() -> None:
    passage = q.Finding("p", 4, "dropped-passage", "warning", "A whole English sentence.")
    assert passage.key[3].startswith("sha1:")
    assert "English" not in passage.key[3]
    assert q.Finding("p", 4, "missing-term", "error", "bucket").key[3] == "bucket"


def test_the_shipped_labels_and_misses_files_load() -> None:
    labels = q.load_labels(q.LABELS)
    assert labels
    assert all(label["reason"] for label in labels.values())
    assert all(key[3].startswith("sha1:") for key in labels if key[2] in q.DIGEST_RULES)
    pairs_read, misses = q.load_misses(q.MISSES)
    assert {m.pair for m in misses} <= set(pairs_read)
