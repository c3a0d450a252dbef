"""The README documents every command and option the command line has."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import typer.main

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


def test_readme_gives_the_install_and_test_commands_ci_runs() -> None:
    ci = (Path(__file__).parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert ".venv/bin/pytest" in README and ci.rstrip().endswith(".venv/bin/pytest")
    assert "pip install -e '.[dev]'" in README
