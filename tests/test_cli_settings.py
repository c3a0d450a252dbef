"""Settings files and error display, as a user meets them."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app


def test_tool_translate_in_pyproject_is_read(runner: CliRunner, in_tmp: Path) -> None:
    Path("pyproject.toml").write_text(
        '[project]\nname = "site"\n\n[tool.translate]\nengine = "pseudo"\nout = "built"\n',
        encoding="utf-8",
    )
    (in_tmp / "sub").mkdir()
    Path("sub/p.md").write_text("Hello.\n", encoding="utf-8")
    result = runner.invoke(app, ["post", "sub/p.md"])
    assert result.exit_code == 0, result.output
    assert Path("built/p/_index.vi.md").exists()  # relative to the settings file


def test_a_wrong_type_in_settings_is_named(runner: CliRunner, in_tmp: Path) -> None:
    Path("translate.toml").write_text('jobs = "eight"\n', encoding="utf-8")
    Path("p.md").write_text("Hello.\n", encoding="utf-8")
    result = runner.invoke(app, ["post", "p.md", "-e", "pseudo"])
    assert result.exit_code == 2 and "setting 'jobs' must be a whole number" in result.stderr


def test_errors_are_one_line_unless_a_traceback_is_asked_for(
    runner: CliRunner, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quiet = runner.invoke(app, ["post", "missing.md", "-e", "pseudo"])
    assert quiet.exit_code == 2 and quiet.stderr == "Error: missing.md: no such file\n"
    loud = runner.invoke(app, ["--traceback", "post", "missing.md", "-e", "pseudo"])
    assert (
        loud.exit_code != 0 and loud.exception is not None and "no such file" in str(loud.exception)
    )
    monkeypatch.setenv("TRANSLATE_DEBUG", "1")
    debug = runner.invoke(app, ["post", "missing.md", "-e", "pseudo"])
    assert debug.exception is not None and type(debug.exception).__name__ == "InputError"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "usd-per-million-input = -1",
            "'usd-per-million-input' in [bedrock] must be a number >= 0",
        ),
        ("max-output-tokens = 0", "'max-output-tokens' in [bedrock] must be a whole number >= 1"),
        ("max-batch-characters = -5", "'max-batch-characters' in [bedrock] must be a whole number"),
    ],
)
def test_an_out_of_range_bedrock_setting_is_named(
    runner: CliRunner, in_tmp: Path, line: str, message: str
) -> None:
    Path("translate.toml").write_text(f"[bedrock]\n{line}\n", encoding="utf-8")
    Path("p.md").write_text("Hello.\n", encoding="utf-8")
    result = runner.invoke(app, ["post", "p.md", "-e", "pseudo"])
    assert result.exit_code == 2 and result.stderr.startswith("Error: ")
    assert "translate.toml: setting " + message in result.stderr
    assert len(result.stderr.splitlines()) == 1 and not Path("posts").exists()
