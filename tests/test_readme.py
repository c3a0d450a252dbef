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
