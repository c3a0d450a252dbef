"""The ``pseudo`` engine's round trip: its output passes ``translate check``, and it says how much
of a file came from the translation memory rather than from itself."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from translate.cli import app

POST = (
    "---\ntitle: Run AWS Lambda with Amazon S3\n---\n\n"
    "Invoke AWS Lambda from Amazon SageMaker.\n\nStore the results in Amazon S3.\n\n"
    "Read the results later.\n"
)


def provenance(path: Path) -> dict[str, object]:
    front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    assert isinstance(front, dict)
    return dict(front["translation"])


def test_pseudo_output_keeps_protected_names_and_passes_check(
    runner: CliRunner, in_tmp: Path
) -> None:
    Path("p.md").write_text(POST, encoding="utf-8")
    result = runner.invoke(app, ["post", "p.md", "-e", "pseudo"])
    assert result.exit_code == 0, result.stderr
    target = Path("posts/p/_index.vi.md")
    text = target.read_text(encoding="utf-8")
    assert "AWS Lambda" in text and "Amazon SageMaker" in text and "«Ìnvơkê " in text
    check = runner.invoke(app, ["check", str(target)])
    assert check.exit_code == 0, check.stdout
    assert "memory" not in provenance(target)


@pytest.mark.parametrize("enforce", ["repair", "terminology"])
def test_pseudo_keeps_terms_in_every_enforce_mode_but_off(
    runner: CliRunner, in_tmp: Path, enforce: str
) -> None:
    Path("p.md").write_text(POST, encoding="utf-8")
    Path("translate.toml").write_text(f'enforce = "{enforce}"\n', encoding="utf-8")
    result = runner.invoke(app, ["post", "p.md", "-e", "pseudo"])
    assert result.exit_code == 0, result.stderr
    target = Path("posts/p/_index.vi.md")
    assert "«Ìnvơkê AWS Lambda frơm Amazon SageMaker.»" in target.read_text(encoding="utf-8")
    check = runner.invoke(app, ["check", str(target)])
    assert check.exit_code == 0, check.stdout
    result = runner.invoke(app, ["post", "p.md", "-e", "pseudo", "--enforce", "off", "--no-memory"])
    assert result.exit_code == 0, result.stderr
    assert "ĂWS Lămbdă" in target.read_text(encoding="utf-8")


def test_pseudo_keeps_the_vendor_and_s3_feature_names(runner: CliRunner, in_tmp: Path) -> None:
    Path("p.md").write_text(
        "---\ntitle: Archiving widgets\n---\n\nMove old widgets to S3 Glacier with S3 Batch "
        "Operations and guard them with S3 Object Lock.\n\n"
        "Jane Doe is a widget engineer at Amazon Web Services (AWS).\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["post", "p.md", "-e", "pseudo"])
    assert result.exit_code == 0, result.stderr
    target = Path("posts/p/_index.vi.md")
    text = target.read_text(encoding="utf-8")
    for name in ("S3 Glacier", "S3 Batch Operations", "S3 Object Lock", "Amazon Web Services"):
        assert name in text
    assert runner.invoke(app, ["check", str(target)]).exit_code == 0
    target.write_text(text.replace("Amazon Web Services", "Ămăzơn Wêb Sêrvìcês"), encoding="utf-8")
    check = runner.invoke(app, ["check", str(target)])
    assert check.exit_code == 1 and "'Amazon Web Services'" in check.stdout


def test_pseudo_says_how_many_blocks_came_from_the_memory(runner: CliRunner, in_tmp: Path) -> None:
    Path("p.md").write_text(POST, encoding="utf-8")
    human = POST.replace(
        "Invoke AWS Lambda from Amazon SageMaker.", "Gọi AWS Lambda từ Amazon SageMaker."
    )
    human = human.replace("Store the results in Amazon S3.", "Lưu kết quả vào Amazon S3.")
    Path("p.vi.md").write_text(human, encoding="utf-8")
    learned = runner.invoke(app, ["memory", "learn", "p.md", "p.vi.md"])
    assert learned.exit_code == 0, learned.stderr
    result = runner.invoke(app, ["post", "p.md", "-e", "pseudo"])
    assert result.exit_code == 0, result.stderr
    target = Path("posts/p/_index.vi.md")
    assert "Gọi AWS Lambda từ Amazon SageMaker." in target.read_text(encoding="utf-8")
    assert provenance(target)["engine"] == "pseudo"
    assert provenance(target)["memory"] == 4  # the title and three paragraphs, all learned


def test_pseudo_keeps_the_authors_names_as_they_are_and_passes_check(
    runner: CliRunner, in_tmp: Path
) -> None:
    Path("p.md").write_text(
        '---\ntitle: Widgets at scale\nauthors: ["Jane Doe", "Bao Nguyen"]\n---\n\n'
        "Jane Doe and Bao Nguyen show how to run widgets.\n\n## About the authors\n\n"
        "### Jane Doe\n\nJane Doe writes about widgets.\n\n"
        "### Bao Nguyen\n\n**Bao Nguyen** is a data engineer.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["post", "p.md", "--engine", "pseudo"])
    assert result.exit_code == 0, result.stderr
    target = Path("posts/p/_index.vi.md")
    text = target.read_text(encoding="utf-8")
    assert "\n### Jane Doe\n\nJane Doe «wrìtês ăbơưt wìdgêts.»\n" in text
    assert "\n### Bao Nguyen\n\n**Bao Nguyen** «ìs ă dătă êngìnêêr.»\n" in text
    assert "\nJane Doe «ănd Bao Nguyen shơw hơw tơ rưn wìdgêts.»\n" in text
    assert "«Ăbơưt thê ăưthơrs»" in text and "Jănê" not in text and "Băơ" not in text
    check = runner.invoke(app, ["check", str(target)])
    assert check.exit_code == 0, check.stdout
