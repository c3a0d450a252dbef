"""``translate check`` on the command line: formats, exit codes, pairing, --fix, pre-commit."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from translate.cli import app

DATA = Path(__file__).parent / "data" / "check"
GLOSSARY = str(DATA / "glossary.yaml")
ROOT = Path(__file__).resolve().parents[1]
BAD = "# Tiêu đề\n\nDùng Sagemaker và AWS Bedrock.\n"
GOOD = "# Tiêu đề\n\nDùng SageMaker và Amazon Bedrock.\n"


def check(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", *args, "--glossary", GLOSSARY])
    return result.exit_code, result.stdout, result.stderr


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_json_keys_per_design(runner: CliRunner, tmp_path: Path) -> None:
    code, out, _ = check(runner, str(write(tmp_path / "a.vi.md", BAD)), "--format", "json")
    findings = json.loads(out)
    assert code == 1 and len(findings) == 2
    assert set(findings[0]) == {
        "path", "line", "column", "rule", "severity", "term", "found", "expected", "message",
        "fix",
    }  # fmt: skip
    first = findings[0]
    assert (first["line"], first["column"], first["rule"]) == (3, 6, "name-altered")
    assert first["found"] == "Sagemaker" and first["expected"] == ["SageMaker"]


def test_json_expected_holds_the_name_or_code_to_keep(runner: CliRunner, tmp_path: Path) -> None:
    english = (
        "# Orders at Contoso\n\nOur partner Contoso keeps every order in a table named "
        "customer_orders, and the nightly job runs `make build` before it copies the data to "
        "the second region.\n\n"
        "Contoso reviews the archive each week.\n\n```bash\naws s3 ls s3://orders-archive\n```\n"
    )
    translation = (
        "# Đơn hàng tại Contoso\n\nĐối tác của chúng tôi lưu mọi đơn hàng trong bảng đơn "
        "hàng khách, và tác vụ ban đêm chạy lệnh dựng trước khi sao chép dữ liệu sang vùng "
        "thứ hai.\n\n"
        "Contoso xem lại kho lưu trữ mỗi tuần.\n\n```bash\naws s3 ls s3://kho-don-hang\n```\n"
    )
    write(tmp_path / "post.md", english)
    code, out, _ = check(
        runner, str(write(tmp_path / "post.vi.md", translation)), "--format", "json"
    )
    expected = {(f["rule"], f["term"]): f["expected"] for f in json.loads(out)}
    assert code == 1 and expected == {
        ("name-altered", "Contoso"): ["Contoso"],
        ("code-mismatch", "customer_orders"): ["customer_orders"],
        ("code-mismatch", "`make build`"): ["`make build`"],
        ("code-mismatch", "aws s3 ls s3://orders-archive"): ["aws s3 ls s3://orders-archive"],
    }


def test_sarif_shape(runner: CliRunner, tmp_path: Path) -> None:
    _, out, _ = check(runner, str(write(tmp_path / "a.vi.md", BAD)), "--format", "sarif")
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} >= {"name-altered", "missing-term"}
    result = run["results"][0]
    assert result["ruleId"] == "name-altered" and result["level"] == "error"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (3, 6)


def test_github_annotations(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path / "a.vi.md", BAD)
    _, out, _ = check(runner, str(path), "--format", "github")
    assert out.splitlines()[0].startswith(f"::error file={path},line=3,col=6,")


def test_exit_codes(runner: CliRunner, tmp_path: Path) -> None:
    good = write(tmp_path / "good.vi.md", GOOD)
    bad = write(tmp_path / "bad.vi.md", BAD)
    assert check(runner, str(good))[0] == 0
    assert check(runner, str(bad))[0] == 1
    assert check(runner, str(good), "--format", "xml")[0] == 2
    assert check(runner, str(tmp_path / "missing.vi.md"))[0] == 2
    en = write(tmp_path / "en.md", "# Title\n")
    assert check(runner, str(good), str(bad), "--source", str(en))[0] == 2


@pytest.mark.parametrize(
    ("target", "source"),
    [("post.vi.md", "post.md"), ("_index.vi.md", "_index.md"), ("vi.md", "en.md")],
)
def test_pairing_conventions(runner: CliRunner, tmp_path: Path, target: str, source: str) -> None:
    write(tmp_path / source, "# Title\n\nKeep the bucket private.\n")
    write(tmp_path / target, "# Tiêu đề\n\nGiữ vùng lưu trữ ở chế độ riêng tư.\n")
    code, out, _ = check(runner, str(tmp_path))
    assert code == 1 and out.count("missing-term") == 1 and target in out


def test_source_option_enables_bilingual_mode(runner: CliRunner, tmp_path: Path) -> None:
    vi = write(tmp_path / "x.md", "Giữ vùng lưu trữ ở chế độ riêng tư.\n")
    en = write(tmp_path / "original.txt.md", "Keep the bucket private.\n")
    assert check(runner, str(vi))[0] == 0
    assert check(runner, str(vi), "--source", str(en))[0] == 1


def test_translated_terms_are_missing_only_with_all_terms(
    runner: CliRunner, tmp_path: Path
) -> None:
    """A term with a Vietnamese rendering is often paraphrased: its misses are opt-in."""
    vi = write(tmp_path / "x.vi.md", "Giữ thời gian chờ thấp.\n")
    write(tmp_path / "x.md", "Keep latency low.\n")
    assert check(runner, str(vi))[0] == 0
    code, out, _ = check(runner, str(vi), "--all-terms")
    assert code == 1 and "'latency' in the source has no rendering here" in out


def test_findings_at_one_place_come_out_in_the_same_order_every_run(tmp_path: Path) -> None:
    """Several terms missing from one block are reported at one line and column: their order
    must not change from run to run (it once followed Python's per-process string hashing)."""
    vi = write(tmp_path / "x.vi.md", "Giữ mọi thứ ở mức thấp.\n")
    write(tmp_path / "x.md", "Keep latency, deployment and bucket costs low.\n")
    outputs = set()
    for seed in ("1", "2", "3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        command = [sys.executable, "-c", "from translate.cli import main; main()", "check",
                   str(vi), "--all-terms", "--glossary", GLOSSARY, "--format", "json"]  # fmt: skip
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        places = [(f["line"], f["column"]) for f in json.loads(result.stdout)]
        assert len(places) >= 3 and len(set(places)) < len(places)  # ties to order
        outputs.add(result.stdout)
    assert len(outputs) == 1


def test_fix_applies_unambiguous_fixes_and_reports(runner: CliRunner, tmp_path: Path) -> None:
    text = BAD + "\nĐộ trễ thấp.\n\nLatency cao.\n"
    path = write(tmp_path / "a.vi.md", text)
    code, out, err = check(runner, str(path), "--fix", "--consistency")
    assert path.read_text(encoding="utf-8") == text.replace("Sagemaker", "SageMaker").replace(
        "AWS Bedrock", "Amazon Bedrock"
    )
    assert "Sagemaker -> SageMaker" in err and "AWS Bedrock -> Amazon Bedrock" in err
    assert code == 0 and "inconsistent-rendering" in out
    assert [p.name for p in tmp_path.iterdir()] == ["a.vi.md"]  # no temporary file left
    code, out, err = check(runner, str(path), "--fix")
    assert err == "" and "name-altered" not in out


def test_check_path_imports_nothing_heavy() -> None:
    heavy = ("boto3", "botocore", "httpx", "sacrebleu", "rich.progress")
    probe = (
        "import translate.check.runner, translate.check, translate.cli.check, sys\n"
        f"print(' '.join(m for m in {heavy!r} if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.split() == []


def test_repository_hook_definitions() -> None:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (hook["id"], hook["entry"], hook["language"]) == (
        "translate-check", "translate check", "python"
    )  # fmt: skip
    assert hook["types"] == ["markdown"]
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert {"ruff", "ruff-format", "mypy"} <= set(hooks)
    assert hooks["translate-check"]["files"] == "^posts/"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pre_commit_hook_blocks_a_bad_translation(tmp_path: Path) -> None:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    translate = Path(sys.executable).parent / "translate"
    local = {key: hook[key] for key in ("id", "name", "types") if key in hook}
    local |= {"language": "system", "entry": f"{translate} check --glossary {GLOSSARY}"}
    local["args"] = list(hook.get("args", []))
    repo = tmp_path / "site"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "test@example.com")
    _git(repo, "config", "user.name", "Test")
    config = {"repos": [{"repo": "local", "hooks": [local]}]}
    write(repo / ".pre-commit-config.yaml", yaml.safe_dump(config))
    post = write(repo / "posts" / "a" / "_index.vi.md", BAD)
    _git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "pre_commit", "run", "--files", str(post.relative_to(repo))]
    failed = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True)
    assert failed.returncode == 1 and "Sagemaker" in failed.stdout
    post.write_text(GOOD, encoding="utf-8")
    _git(repo, "add", ".")
    passed = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True)
    assert passed.returncode == 0, passed.stdout


def test_many_files_are_checked_in_parallel_with_the_same_findings(tmp_path: Path) -> None:
    from translate.check import runner as checking

    for number in range(10):
        write(tmp_path / f"p{number}.md", "# Title\n\nKeep the bucket private.\n")
        write(tmp_path / f"p{number}.vi.md", "# Tiêu đề\n\nGiữ vùng lưu trữ riêng tư.\n")
    glossary = [Path(__file__).parent / "data" / "check" / "glossary.yaml"]
    parallel = checking.run_check([tmp_path], glossary=glossary).findings
    serial = checking.run_check([tmp_path], glossary=glossary, fix=True).findings  # fix: serial
    assert len(parallel) == 10 and sorted(parallel, key=str) == sorted(serial, key=str)


def test_without_a_glossary_folder_the_shipped_glossary_is_used(
    runner: CliRunner, in_tmp: Path
) -> None:
    """A worklog repository that uses the pre-commit hook has no glossary/ of its own."""
    write(in_tmp / "post.vi.md", "Dùng AWS Bedrock để gọi mô hình.\n")
    result = runner.invoke(app, ["check", "post.vi.md"])
    assert result.exit_code == 1
    assert "'AWS Bedrock'" in result.stdout and "==> Amazon Bedrock" in result.stdout


def test_text_output_says_error_or_warning_and_ends_with_a_summary(
    runner: CliRunner, tmp_path: Path
) -> None:
    bad = write(tmp_path / "a.vi.md", BAD + "\nĐộ trễ thấp.\n\nLatency cao.\n")
    write(tmp_path / "b.vi.md", GOOD)
    code, out, _ = check(runner, str(tmp_path), "--consistency")
    lines = out.splitlines()
    assert code == 1
    assert lines[0] == (
        f"{bad}:3:6: error[name-altered]: 'Sagemaker' should be written 'SageMaker' ==> SageMaker"
    )
    assert any(line.startswith(f"{bad}:") and ": warning[inconsistent-rendering]: " in line
               for line in lines)  # fmt: skip
    assert lines[-1] == "Found 2 errors, 1 warning in 1 of 2 files."


def test_a_clean_check_prints_one_quiet_line(runner: CliRunner, tmp_path: Path) -> None:
    write(tmp_path / "a.vi.md", GOOD)
    write(tmp_path / "b.vi.md", GOOD)
    assert check(runner, str(tmp_path))[:2] == (0, "No findings in 2 files.\n")
    translate = Path(sys.executable).parent / "translate"  # the fast path, without typer
    command = [str(translate), "check", str(tmp_path), "--glossary", GLOSSARY]
    result = subprocess.run(command, capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (0, "No findings in 2 files.\n")


def test_a_readme_is_checked_only_when_named(runner: CliRunner, tmp_path: Path) -> None:
    write(tmp_path / "a.vi.md", GOOD)
    readme = write(tmp_path / "Readme.md", BAD)
    write(tmp_path / "docs" / "README.vi.md", BAD)
    assert check(runner, str(tmp_path))[:2] == (0, "No findings in 1 file.\n")
    code, out, _ = check(runner, str(readme))
    assert code == 1 and out.splitlines()[-1] == "Found 2 errors, 0 warnings in 1 of 1 file."


def test_check_without_a_path_is_an_error_with_the_usage(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 2
    assert "Usage: translate check" in result.stderr and "Error: Missing argument" in result.stderr
    assert "--all-terms" not in result.output  # the usage, not the whole help


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pre_commit_prints_each_finding_of_a_worklog_once(tmp_path: Path) -> None:
    """pre-commit runs files in parallel, and a post's _index.md and _index.vi.md are a pair."""
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    translate = Path(sys.executable).parent / "translate"
    local = {key: value for key, value in hook.items() if key not in ("entry", "language")}
    local |= {"language": "system", "entry": f"{translate} check --glossary {GLOSSARY}"}
    local["files"] = "^content/3-BlogsTranslated/"
    repo = tmp_path / "worklog"
    repo.mkdir()
    _git(repo, "init", "-q")
    config = {"repos": [{"repo": "local", "hooks": [local]}]}
    write(repo / ".pre-commit-config.yaml", yaml.safe_dump(config))
    for number in range(1, 6):  # 10 files: pre-commit runs at least 4 in one process
        post = repo / "content" / "3-BlogsTranslated" / f"3.{number}-Blog{number}"
        write(post / "_index.md", "# Title\n\nUse SageMaker and Amazon Bedrock.\n")
        write(post / "_index.vi.md", BAD)
    _git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "pre_commit", "run", "--all-files"]
    result = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True)
    lines = result.stdout.splitlines()
    assert result.returncode == 1, result.stdout + result.stderr
    findings = [line for line in lines if "error[" in line or "warning[" in line]
    assert len(findings) == len(set(findings)) >= 10  # each once; at least 2 a file
    assert [line for line in lines if line.startswith("Found ")] == [
        f"Found {len(findings)} errors, 0 warnings in 5 of 5 files."
    ]


def test_the_sense_phrases_of_a_team_s_own_glossary_decide_what_check_reports(
    runner: CliRunner, tmp_path: Path
) -> None:
    entries = (
        "  - term: agent\n    target: agent\n    alternatives: [tác nhân]\n"
        "  - term: contact center agent\n    target: nhân viên tổng đài\n    forbidden:\n"
        "      - {text: tác nhân, why: a person, in_context: true}\n"
        "    meant_by:\n      agent: [transfers to agents]\n"
    )
    glossary = write(
        tmp_path / "g.yaml", f"source_language: en\ntarget_language: vi\nentries:\n{entries}"
    )
    en = write(
        tmp_path / "post.md", "The menu shortens transfers to agents.\n\nThe agent calls a tool.\n"
    )
    vi = "Menu rút ngắn việc chuyển tiếp {}.\n\nTác nhân gọi một công cụ.\n"
    args = ["check", "--source", str(en), "--glossary", str(glossary), "--format", "json"]
    result = runner.invoke(app, [*args, str(write(tmp_path / "post.vi.md", vi.format("tác nhân")))])
    [finding] = json.loads(result.stdout)
    assert result.exit_code == 1
    assert (finding["line"], finding["term"], finding["found"]) == (
        1, "contact center agent", "tác nhân"
    )  # fmt: skip
    result = runner.invoke(
        app, [*args, str(write(tmp_path / "post.vi.md", vi.format("nhân viên tổng đài")))]
    )
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_check_reads_the_glossary_the_settings_name_as_post_does(
    runner: CliRunner, in_tmp: Path
) -> None:
    """A worklog whose translate.toml names its team glossary is checked against that one."""
    write(
        in_tmp / "team" / "terms.yaml",
        "source_language: en\ntarget_language: vi\nentries:\n"
        "  - term: widget\n    target: tiện ích\n    forbidden:\n"
        "      - text: con quay\n        why: a spinning top, not a page widget\n",
    )
    write(in_tmp / "translate.toml", 'glossary = ["team"]\n')
    write(in_tmp / "post.vi.md", "Thêm một con quay vào trang.\n")
    result = runner.invoke(app, ["check", "post.vi.md"])
    assert result.exit_code == 1
    assert "'con quay'" in result.stdout and "tiện ích" in result.stdout
