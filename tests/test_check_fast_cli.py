"""``translate check`` without typer (``translate.cli.fast_check``): what it runs, it runs exactly
as the typer command does (output, messages, exit code); everything else it leaves to typer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.cli.fast_check import run

GLOSSARY = str(Path(__file__).parent / "data" / "check" / "glossary.yaml")
BAD = "# Tiêu đề\n\nDùng Sagemaker và AWS Bedrock.\n"
SOURCE = "# Title\n\nUse SageMaker and Amazon Bedrock to call a model.\n"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "post").mkdir()
    (tmp_path / "post" / "index.vi.md").write_text(BAD, encoding="utf-8")
    (tmp_path / "post" / "index.md").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "lone.vi.md").write_text(BAD, encoding="utf-8")
    (tmp_path / "broken.vi.md").write_text("---\ntitle: [open\n---\nx\n", encoding="utf-8")
    names = ("post", "post/index.vi.md", "post/index.md", "lone.vi.md", "broken.vi.md")
    return {name: str(tmp_path / name) for name in names} | {"missing": str(tmp_path / "no.md")}


CASES = [
    ["check", "post"],
    ["check", "post", "--format", "json"],
    ["check", "--format", "sarif", "post"],
    ["check", "post", "lone.vi.md", "--format", "github", "--all-terms"],
    ["check", "post", "--format", "xml"],
    ["check", "missing"],
    ["check", "broken.vi.md"],
    ["check", "lone.vi.md", "--source", "post/index.md"],
    ["check", "post", "lone.vi.md", "--source", "post/index.md"],
    ["check", "post", "-g", "missing"],
]


@pytest.mark.parametrize("case", CASES, ids=" ".join)
def test_the_fast_path_answers_as_typer_does(
    case: list[str], files: dict[str, str], runner: CliRunner, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [files.get(arg, arg) for arg in case] + ["--glossary", GLOSSARY]
    code = run(argv)
    fast = capsys.readouterr()
    typed = runner.invoke(app, argv)
    assert code is not None
    assert (code, fast.out, fast.err) == (typed.exit_code, typed.stdout, typed.stderr)


def test_the_fast_path_fixes_as_typer_does(
    files: dict[str, str], runner: CliRunner, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["check", files["lone.vi.md"], "--fix", "--glossary", GLOSSARY]
    code = run(argv)
    fast, fixed = capsys.readouterr(), Path(files["lone.vi.md"]).read_text(encoding="utf-8")
    Path(files["lone.vi.md"]).write_text(BAD, encoding="utf-8")
    typed = runner.invoke(app, argv)
    assert fixed != BAD and fixed == Path(files["lone.vi.md"]).read_text(encoding="utf-8")
    assert (code, fast.out, fast.err) == (typed.exit_code, typed.stdout, typed.stderr)
    assert "fixed " in fast.err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--help"],
        ["--traceback", "check", "a.md"],
        ["post", "a.md"],
        ["check"],
        ["check", "--help"],
        ["check", "a.md", "-h"],
        ["check", "a.md", "--format=json"],
        ["check", "a.md", "--format", "json", "--format", "text"],
        ["check", "a.md", "--source", "a.md", "--source", "b.md"],
        ["check", "a.md", "--glossary"],
        ["check", "a.md", "--glossary", "--fix"],
        ["check", "a.md", "--", "b.md"],
        ["check", "-"],
        ["check", ""],
    ],
)
def test_everything_else_is_left_to_typer(argv: list[str]) -> None:
    assert run(argv) is None


def test_tracebacks_are_left_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRANSLATE_DEBUG", "1")
    assert run(["check", "a.md"]) is None


def test_translate_check_does_not_import_typer(files: dict[str, str]) -> None:
    probe = (
        "import sys\n"
        f"sys.argv = ['translate', 'check', {files['lone.vi.md']!r}, '-g', {GLOSSARY!r}]\n"
        "from translate.cli import main\n"
        "main()"
    )
    command = [sys.executable, "-X", "importtime", "-c", probe]
    result = subprocess.run(command, capture_output=True, text=True)
    imported = {line.rpartition("|")[2].strip() for line in result.stderr.splitlines()}
    assert result.returncode == 1 and "name-altered" in result.stdout
    assert "translate.check.runner" in imported and "typer" not in imported


def test_other_commands_still_run_through_typer() -> None:
    probe = (
        "import sys\n"
        "sys.argv = ['translate', '--version']\n"
        "from translate.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exit:\n"
        "    print(exit.code, 'typer' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stdout.split()[-2:] == ["0", "True"]
