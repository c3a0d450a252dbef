"""``translate eval``: scores users compare, term accuracy per occurrence, files matched."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from translate.cli import app

DATA = Path(__file__).parent / "data" / "eval"
GLOSSARY = str(DATA / "glossary.yaml")


def run_json(runner: CliRunner, *args: str) -> dict[str, object]:
    result = runner.invoke(app, ["eval", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def score(data: dict[str, object], name: str) -> float:
    value = data[name]
    assert isinstance(value, dict)
    return float(value["score"])


def test_a_translation_against_itself_is_perfect(runner: CliRunner) -> None:
    data = run_json(runner, "--hyp", str(DATA / "vi.md"), "--ref", str(DATA / "vi.md"))
    assert (score(data, "bleu"), score(data, "chrf"), score(data, "ter")) == (100.0, 100.0, 0.0)
    assert "nrefs:1" in str(data["bleu"]) and data["term_accuracy"] is None


def test_a_worse_translation_scores_lower_and_its_worst_segment_is_listed(
    runner: CliRunner,
) -> None:
    data = run_json(runner, "--hyp", str(DATA / "hyp.md"), "--ref", str(DATA / "vi.md"))
    assert score(data, "bleu") < 60 and score(data, "ter") > 20
    worst = data["worst"]
    assert isinstance(worst, list) and worst[0]["line"] == 5  # the latency sentence


def test_term_accuracy_counts_every_source_occurrence(runner: CliRunner) -> None:
    args = [
        "--hyp",
        str(DATA / "hyp.md"),
        "--ref",
        str(DATA / "vi.md"),
        "--src",
        str(DATA / "en.md"),
    ]
    data = run_json(runner, *args, "--glossary", GLOSSARY)
    # two buckets in the source and one in the hypothesis; latency not rendered as độ trễ
    assert data["term_accuracy"] == {"score": 33.33, "matched": 1, "total": 3}
    perfect = run_json(runner, "--hyp", str(DATA / "vi.md"), "--ref", str(DATA / "vi.md"),
                       "--src", str(DATA / "en.md"), "--glossary", GLOSSARY)  # fmt: skip
    assert perfect["term_accuracy"] == {"score": 100.0, "matched": 3, "total": 3}


def test_code_and_urls_do_not_count(runner: CliRunner, tmp_path: Path) -> None:
    hyp = tmp_path / "hyp.md"
    hyp.write_text((DATA / "vi.md").read_text(encoding="utf-8").replace("`curl`", "`wget -q`"))
    data = run_json(runner, "--hyp", str(hyp), "--ref", str(DATA / "vi.md"))
    assert score(data, "bleu") == 100.0


def test_folders_are_matched_by_file_name(runner: CliRunner, tmp_path: Path) -> None:
    for side in ("hyp", "ref", "src"):
        (tmp_path / side / "post").mkdir(parents=True)
    shutil.copy(DATA / "hyp.md", tmp_path / "hyp" / "post" / "_index.vi.md")
    shutil.copy(DATA / "vi.md", tmp_path / "ref" / "post" / "_index.vi.md")
    shutil.copy(DATA / "en.md", tmp_path / "src" / "post" / "_index.md")
    data = run_json(runner, "--hyp", str(tmp_path / "hyp"), "--ref", str(tmp_path / "ref"),
                    "--src", str(tmp_path / "src"), "--glossary", GLOSSARY)  # fmt: skip
    assert data["files"] == 1 and data["term_accuracy"] == {
        "score": 33.33,
        "matched": 1,
        "total": 3,
    }


def test_bad_input_is_a_one_line_error(runner: CliRunner, tmp_path: Path) -> None:
    missing = runner.invoke(
        app, ["eval", "--hyp", str(tmp_path / "nope.md"), "--ref", str(DATA / "vi.md")]
    )
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    bad = runner.invoke(
        app, ["eval", "--hyp", str(DATA / "vi.md"), "--ref", str(DATA / "vi.md"), "--format", "xml"]
    )
    assert bad.exit_code == 2 and "--format" in bad.stderr


def test_a_folder_and_a_file_are_named_as_a_mismatch(runner: CliRunner) -> None:
    for hyp, ref in ((DATA, DATA / "vi.md"), (DATA / "vi.md", DATA)):
        result = runner.invoke(app, ["eval", "--hyp", str(hyp), "--ref", str(ref)])
        assert result.exit_code == 2, result.output
        assert "no such file" not in result.stderr
        assert "both must be files or both folders" in result.stderr
        assert result.stderr.count("\n") == 1 and result.stdout == ""


def test_text_output_prints_signatures(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["eval", "--hyp", str(DATA / "hyp.md"), "--ref", str(DATA / "vi.md")]
    )
    assert result.exit_code == 0
    assert (
        result.stdout.startswith("BLEU")
        and "tok:13a" in result.stdout
        and "chrF++" in result.stdout
    )


def test_a_folder_s_readme_is_not_scored_as_a_translation(
    runner: CliRunner, tmp_path: Path
) -> None:
    for side, text in (("hyp", DATA / "hyp.md"), ("ref", DATA / "vi.md")):
        (tmp_path / side).mkdir()
        shutil.copy(text, tmp_path / side / "post.md")
        (tmp_path / side / "README.md").write_text("# Bài dịch\n\nCác bài dịch.\n")
    data = run_json(runner, "--hyp", str(tmp_path / "hyp"), "--ref", str(tmp_path / "ref"))
    assert data["files"] == 1
