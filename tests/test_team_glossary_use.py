"""A team's own glossary as a newcomer uses it: imported into ``glossary/``, layered on the
shipped one, and its findings worded for people."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app

TEAM_CSV = "en,vi\nthroughput,thông lượng\ninstance,phiên bản máy chủ ảo\n"
TEAM_TBX = """<?xml version="1.0" encoding="UTF-8"?>
<tbx style="dca" type="TBX-Basic" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>team</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <langSec xml:lang="en"><termSec><term>training</term></termSec></langSec>
      <langSec xml:lang="vi">
        <termSec><term>huấn luyện</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>đào tạo</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""
ENGLISH = (
    "# Scaling\n\nThe throughput of the instance grows with model training.\n\n"
    "For instance, watch the throughput of training sessions.\n"
)
VIETNAMESE = (
    "# Mở rộng\n\nBăng thông của phiên bản tăng theo việc đào tạo mô hình.\n\n"
    "Ví dụ, hãy theo dõi băng thông của các buổi đào tạo.\n"
)


def write_team_files(folder: Path) -> None:
    (folder / "team.csv").write_text(TEAM_CSV, encoding="utf-8")
    (folder / "team.tbx").write_text(TEAM_TBX, encoding="utf-8")
    (folder / "post.md").write_text(ENGLISH, encoding="utf-8")
    (folder / "post.vi.md").write_text(VIETNAMESE, encoding="utf-8")


def findings(runner: CliRunner, *glossary: str) -> list[dict[str, object]]:
    argv = ["check", "post.vi.md", "--format", "json"]
    for path in glossary:
        argv += ["-g", path]
    result = runner.invoke(app, argv)
    assert result.exit_code in (0, 1), result.output
    found: list[dict[str, object]] = json.loads(result.stdout)
    return found


@pytest.mark.parametrize("name", ["team.csv", "team.tbx"])
def test_an_imported_team_file_checks_as_the_file_itself(
    name: str, runner: CliRunner, in_tmp: Path
) -> None:
    write_team_files(in_tmp)
    direct = findings(runner, name)
    result = runner.invoke(app, ["glossary", "import", name, "--into", "glossary/zz-team.yaml"])
    assert result.exit_code == 0, result.output
    assert findings(runner, "glossary/zz-team.yaml") == direct
    assert any(f["rule"] == "forbidden-rendering" for f in direct)
    assert runner.invoke(app, ["glossary", "lint", "-g", "glossary"]).exit_code == 0


def test_import_into_a_new_folder_ending_with_a_slash(runner: CliRunner, in_tmp: Path) -> None:
    write_team_files(in_tmp)
    result = runner.invoke(app, ["glossary", "import", "team.csv", "--into", "glossary/"])
    assert result.exit_code == 0, result.output
    assert (in_tmp / "glossary" / "team.yaml").is_file()
    result = runner.invoke(app, ["glossary", "import", "team.csv", "--into", "a/b/"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --into a/b/") and not (in_tmp / "a").exists()


def rules_found(runner: CliRunner, *glossary: str) -> set[tuple[str, object]]:
    return {(str(f["rule"]), f["found"]) for f in findings(runner, *glossary)}


EC2 = ("forbidden-rendering", "phiên bản Amazon EC2")
TRAINING = ("forbidden-rendering", "đào tạo")


def write_ec2_post(folder: Path) -> None:
    write_team_files(folder)
    (folder / "post.md").write_text("Start an Amazon EC2 instance for training.\n", "utf-8")
    (folder / "post.vi.md").write_text("Khởi chạy phiên bản Amazon EC2 để đào tạo.\n", "utf-8")


def test_shipped_names_the_shipped_glossary_under_a_team_file(
    runner: CliRunner, in_tmp: Path
) -> None:
    write_ec2_post(in_tmp)
    assert rules_found(runner, "team.tbx") == {TRAINING}  # -g X is X alone
    assert rules_found(runner, "shipped", "team.tbx") == {EC2, TRAINING}
    (in_tmp / "translate.toml").write_text('glossary = ["shipped", "team.tbx"]\n', "utf-8")
    assert rules_found(runner) == {EC2, TRAINING}
    result = runner.invoke(app, ["glossary", "remove", "throughput", "-g", "shipped"])
    assert result.exit_code == 2 and "shipped with translate is not edited" in result.stderr
    (in_tmp / "shipped").mkdir()  # a folder of that name is that folder
    (in_tmp / "shipped" / "mine.yaml").write_text(
        "source_language: en\ntarget_language: vi\nentries:\n"
        "  - term: training\n    target: huấn luyện\n"
        "    forbidden:\n      - text: đào tạo\n        why: a person's training\n",
        encoding="utf-8",
    )
    assert rules_found(runner, "shipped") == {TRAINING}


def test_lint_warns_once_of_a_glossary_without_the_aws_names(
    runner: CliRunner, in_tmp: Path
) -> None:
    write_team_files(in_tmp)
    result = runner.invoke(app, ["glossary", "lint", "-g", "team.tbx", "-g", "team.csv"])
    assert result.exit_code == 0
    assert result.stdout.count("no-aws-names") == 1 and "add shipped" in result.stdout
    result = runner.invoke(app, ["glossary", "lint", "-g", "shipped", "-g", "team.tbx"])
    assert result.exit_code == 0 and "no-aws-names" not in result.stdout


def fix(runner: CliRunner, english: str, vietnamese: str, *glossary: str) -> tuple[str, str]:
    """``check --fix`` on a pair: the translation after it, and what it said on stderr."""
    Path("post.md").write_text(english, encoding="utf-8")
    Path("post.vi.md").write_text(vietnamese, encoding="utf-8")
    argv = ["check", "post.vi.md", "--fix"]
    for path in glossary:
        argv += ["-g", path]
    result = runner.invoke(app, argv)
    return Path("post.vi.md").read_text(encoding="utf-8"), result.stderr


def test_fix_says_what_it_left_to_a_person(runner: CliRunner, in_tmp: Path) -> None:
    english = "Use CloudWatch to watch throughput. Throughput grows.\n"
    vietnamese = "Dùng Cloudwatch để theo dõi băng thông. Băng thông tăng.\n"
    fixed, said = fix(runner, english, vietnamese)  # the shipped glossary: two renderings
    assert fixed == vietnamese.replace("Cloudwatch", "CloudWatch")
    assert said.splitlines()[-1].startswith("2 findings need a person: --fix changes only")


def test_fix_replaces_a_sure_forbidden_rendering_only(runner: CliRunner, in_tmp: Path) -> None:
    write_team_files(in_tmp)
    fixed, _ = fix(runner, "Throughput grows.\n", "Băng thông tăng.\n", "team.csv")
    assert fixed == "Thông lượng tăng.\n"  # capitalised as the text it replaces
    english = "Throughput matters, and so does the network.\n"
    vietnamese = "Băng thông quan trọng, và băng thông của mạng cũng vậy.\n"
    fixed, said = fix(runner, english, vietnamese, "team.csv")
    assert fixed == vietnamese  # one of the two is wrong, and which cannot be told
    assert "need a person" in said


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("deprecatedTerm-admn-sts", "deprecated"),
        ("supersededTerm-admn-sts", "superseded"),
        ("Not recommended", "not recommended"),
    ],
)
def test_a_tbx_status_is_said_in_words(
    written: str, said: str, runner: CliRunner, in_tmp: Path
) -> None:
    write_ec2_post(in_tmp)
    tbx = TEAM_TBX.replace("deprecatedTerm-admn-sts", written)
    (in_tmp / "team.tbx").write_text(tbx, encoding="utf-8")
    [finding] = findings(runner, "team.tbx")
    assert f"(the glossary marks it {said})" in str(finding["message"])
