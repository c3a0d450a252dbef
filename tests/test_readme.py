"""The README documents every command and option the command line has."""

from __future__ import annotations

from pathlib import Path

import typer.main

from translate.cli import app

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_command_and_option_is_in_the_readme() -> None:
    command = typer.main.get_command(app)
    assert hasattr(command, "commands")
    for name, sub in command.commands.items():
        assert f"`translate {name}" in README, name
        for param in sub.params:
            for flag in param.opts:
                if flag.startswith("--") and flag != "--help":
                    assert f"`{flag}" in README, f"translate {name} {flag}"


def test_readme_gives_the_install_and_test_commands_ci_runs() -> None:
    ci = (Path(__file__).parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert ".venv/bin/pytest" in README and ci.rstrip().endswith(".venv/bin/pytest")
    assert "pip install -e '.[dev]'" in README
