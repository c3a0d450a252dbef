"""The README documents every command and option the command line has."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from translate.cli import app

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def commands(command: object, prefix: str) -> Iterator[tuple[str, object]]:
    yield prefix, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from commands(sub, f"{prefix} {name}")


def test_every_command_and_option_is_in_the_readme() -> None:
    for name, command in commands(typer.main.get_command(app), "translate"):
        assert f"`{name}" in README, name
        for param in getattr(command, "params", []):
            for flag in param.opts:
                if flag.startswith("--") and flag not in ("--help", "--version", "--traceback"):
                    assert re.search(rf"(?<![\w-]){flag}(?![\w-])", README), f"{name} {flag}"


def setup_commands() -> list[str]:
    """The README's two set-up commands: the lines of its first ``sh`` block."""
    block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert block is not None
    return block.group(1).strip().splitlines()


def test_ci_runs_the_readme_commands_word_for_word_in_a_new_venv() -> None:
    ci = (Path(__file__).parents[1] / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    install, test = setup_commands()
    assert install == "python3 -m venv .venv && .venv/bin/pip install -e '.[dev]'"
    assert test == ".venv/bin/pytest"
    assert install in ci and test in ci
    assert ci.index("rm -rf .venv") < ci.index(install) < ci.index(test)
    commands = [line for line in ci if not line.lstrip().startswith("#")]
    assert [line for line in commands if re.search(r"\bpip\b", line)] == [install]
    lint = [".venv/bin/ruff check .", ".venv/bin/ruff format --check .", ".venv/bin/mypy"]
    assert [ci.index(line) for line in lint] == sorted(ci.index(line) for line in lint)
    assert ci.index(install) < ci.index(lint[0]) and ci.index(lint[-1]) < ci.index(test)


def test_the_install_brings_what_the_generic_extractor_imports() -> None:
    # trafilatura's justext imports lxml.html.clean, no longer part of lxml
    import justext  # type: ignore[import-untyped]

    assert justext.get_stoplist("English")


FLAG = re.compile(r"(?<![\w-])--?[a-zA-Z][\w-]*")
COMMON = {"glossary": {"--glossary", "-g"}, "memory": {"--memory"}}


def help_options(*command: str) -> set[str]:
    """The options ``translate COMMAND --help`` lists (without --help)."""
    result = CliRunner().invoke(app, [*command, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    options = result.output.split("\nOptions:\n", 1)[1]
    flags = set()
    for line in options.splitlines():
        if line.startswith("  -"):
            flags |= set(FLAG.findall(line.split("  ")[1].split(" <")[0].split(" [")[0]))
    return flags - {"--help"}


def readme_section(command: str) -> str:
    start = README.index(f"### `translate {command}")
    end = README.find("\n### ", start + 1)
    return README[start : end if end > 0 else len(README)]


def table_rows(section: str) -> list[str]:
    """The first cell of each row of the section's tables (the header and rule left out)."""
    rows = [line.split(" | ")[0] for line in section.splitlines() if line.startswith("| `")]
    return [row.removeprefix("| ") for row in rows]


@pytest.mark.parametrize("command", ["post", "batch", "check", "eval"])
def test_each_commands_help_options_are_its_readme_table(command: str) -> None:
    documented = {f for row in table_rows(readme_section(command)) for f in FLAG.findall(row)}
    assert help_options(command) == documented


@pytest.mark.parametrize("group", ["glossary", "memory"])
def test_each_subcommands_help_options_are_its_readme_row(group: str) -> None:
    for row in table_rows(readme_section(group)):
        name = row.strip("`").split()[2]
        documented = set(FLAG.findall(row)) | (
            COMMON[group] if (group, name) != ("glossary", "import") else set()
        )
        assert help_options(group, name) == documented, name


def test_the_quick_start_runs_translate_from_the_venv() -> None:
    start = README.index("## Quick start")
    quick = README[start : README.index("## Command reference")]
    commands = re.findall(
        r"(?:^|`)([^\s`]*translate (?:post|check|batch|eval|glossary|memory)\b)", quick, re.M
    )
    assert commands and all(c.startswith(".venv/bin/translate ") for c in commands), commands


def test_help_says_what_dry_run_prints_and_how_eval_matches_folders() -> None:
    def help_text(*command: str) -> str:
        result = CliRunner().invoke(app, [*command, "--help"], terminal_width=200)
        return " ".join(result.output.split())

    assert "estimated cost, and the files that would be written" in help_text("post")
    assert "the number of jobs and the estimated cost" in help_text("batch")
    assert "Folders are matched by relative path" in help_text("eval")
    assert "Folders are matched by relative path" in README


def test_post_help_names_the_defaults_a_user_can_set_and_what_dry_run_counts() -> None:
    from translate.config import DEFAULT_MODEL

    result = CliRunner().invoke(app, ["post", "--help"], terminal_width=200)
    text = " ".join(result.output.split())
    assert "[default: the glossary setting of translate.toml, else the nearest" in text
    assert f"[default: the model setting, else {DEFAULT_MODEL}]" in text
    assert "Print how many segments and characters would be translated" in text
    assert "print how many segments and characters would be translated" in README
    assert "Print the segments" not in text and "print segments" not in README


def test_the_quick_start_says_to_set_a_region_before_the_first_real_run() -> None:
    quick = README[README.index("## Quick start") : README.index("## Command reference")]
    assert "Set a region before the first real run" in quick and "AWS_REGION" in quick
