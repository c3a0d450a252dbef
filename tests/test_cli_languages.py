"""Language codes: Amazon Translate's, in any case, from the options or the settings file."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app


@pytest.fixture
def post_md(in_tmp: Path) -> Path:
    path = in_tmp / "p.md"
    path.write_text("# Title\n\nHello world.\n", encoding="utf-8")
    return path


def _written(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


@pytest.mark.parametrize(
    "args",
    [
        ["post", "p.md", "-e", "pseudo", "--to", "xx"],
        ["post", "p.md", "-e", "pseudo", "--to", "xx", "--dry-run"],
        ["post", "p.md", "-e", "pseudo", "--from", "english"],
        ["batch", "p.md", "--to", "xx", "--dry-run"],
        ["memory", "learn", "p.md", "--to", "xx"],
    ],
)
def test_an_unknown_language_code_is_refused_and_nothing_is_written(
    runner: CliRunner, post_md: Path, args: list[str]
) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    bad = args[args.index("--to") + 1] if "--to" in args else "english"
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert repr(bad) in result.stderr and "the codes are: af, am" in result.stderr
    assert _written(post_md.parent) == ["p.md"]


def test_the_same_language_twice_is_refused(runner: CliRunner, post_md: Path) -> None:
    result = runner.invoke(app, ["post", "p.md", "-e", "pseudo", "--from", "vi", "--to", "VI"])
    assert result.exit_code == 2 and "same language" in result.stderr
    assert _written(post_md.parent) == ["p.md"]


def test_a_code_in_another_case_is_written_in_the_service_spelling(
    runner: CliRunner, post_md: Path
) -> None:
    result = runner.invoke(app, ["post", "p.md", "-e", "pseudo", "--to", "VI", "--from", "EN"])
    assert result.exit_code == 0, result.output
    assert Path("posts/p/_index.vi.md").is_file()
    result = runner.invoke(app, ["post", "p.md", "-e", "pseudo", "--to", "zh-tw"])
    assert result.exit_code == 0, result.output
    assert Path("posts/p/_index.zh-TW.md").is_file()


def test_a_bad_language_in_the_settings_file_is_refused(runner: CliRunner, post_md: Path) -> None:
    Path("translate.toml").write_text('to = "vn"\n', encoding="utf-8")
    result = runner.invoke(app, ["post", "p.md", "-e", "pseudo"])
    assert result.exit_code == 2 and "'vn' is not an Amazon Translate" in result.stderr
    assert not Path("posts").exists()
