"""The command line only parses, prints and exits: the work is in the library it calls.

The packages import one another one way: cli -> run -> (engines, memory, check, output, source,
glossary, ...) -> document, errors.
"""

from __future__ import annotations

import ast
from pathlib import Path

import translate.cli

CLI = Path(translate.cli.__file__).parent
SRC = CLI.parent
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


def arrows() -> dict[str, set[str]]:
    """Which top-level packages (and modules) of translate each one imports, lazily or not."""
    graph: dict[str, set[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).parts
        if parts == ("__init__.py",):
            continue  # the lazy public API, the front door above everything
        package = parts[0].removesuffix(".py")
        targets = {name.split(".")[1] for name in imported(path) if name.startswith("translate.")}
        graph.setdefault(package, set()).update(targets - {package, "__version__"})
    return graph


def cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle as a path (its first package repeated at the end), or []."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str]:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return []
        for target in sorted(graph.get(node, ())):
            found = visit(target, [*path, node])
            if found:
                return found
        done.add(node)
        return []

    for node in sorted(graph):
        found = visit(node, [])
        if found:
            return found
    return []


def test_no_import_cycle_between_the_packages() -> None:
    assert cycle(arrows()) == []


def test_no_arrow_runs_back_up() -> None:
    graph = arrows()
    importers = {"cli": set(), "run": {"cli"}}  # who may import the top two
    above = {
        f"{package} -> {target}"
        for package, targets in graph.items()
        for target in targets
        if target in importers and package not in importers[target]
    }
    assert above == set()
    assert graph["document"] <= {"errors"}
