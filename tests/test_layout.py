"""The command line only parses, prints and exits: the work is in the library it calls."""

from __future__ import annotations

import ast
from pathlib import Path

import translate.cli

CLI = Path(translate.cli.__file__).parent
ALLOWED = {"run", "check", "glossary", "memory", "evaluate", "config", "errors", "cli"}


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "translate":
                names.update(f"translate.{alias.name}" for alias in node.names)
            else:
                names.add(node.module)
    return names


def test_the_command_line_imports_only_the_library_front_doors() -> None:
    outside = {
        f"{path.name}: {name}"
        for path in sorted(CLI.glob("*.py"))
        for name in imported(path)
        if name.startswith("translate.")
        and name != "translate.__version__"
        and name.split(".")[1] not in ALLOWED
    }
    assert outside == set()
