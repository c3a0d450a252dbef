"""An option that several commands take is spelled the same way on each of them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import typer.main
from typer.testing import CliRunner

from translate.cli import app

GLOSSARY = Path(__file__).parent / "data" / "eval" / "glossary.yaml"


def options(command: object, name: str = "translate") -> Iterator[tuple[str, str, str | None]]:
    """(command, long option, its short form or None) for every option of every command."""
    for sub_name, sub in getattr(command, "commands", {}).items():
        yield from options(sub, f"{name} {sub_name}")
    for param in getattr(command, "params", []):
        if param.param_type_name != "option":
            continue
        names = [*param.opts, *param.secondary_opts]
        short = next((n for n in names if not n.startswith("--")), None)
        for long in (n for n in names if n.startswith("--")):
            yield name, long, short


def test_an_option_has_the_same_short_form_on_every_command() -> None:
    shorts: dict[str, dict[str | None, list[str]]] = defaultdict(lambda: defaultdict(list))
    for command, long, short in options(typer.main.get_command(app)):
        shorts[long][short].append(command)
    differing = {long: dict(forms) for long, forms in shorts.items() if len(forms) > 1}
    assert differing == {}


def test_a_short_form_stands_for_one_option() -> None:
    longs: dict[str, set[str]] = defaultdict(set)
    for _, long, short in options(typer.main.get_command(app)):
        if short is not None:
            longs[short].add(long)
    assert {short: names for short, names in longs.items() if len(names) > 1} == {}


def test_glossary_export_writes_to_the_file_given_with_o(runner: CliRunner, in_tmp: Path) -> None:
    argv = ["glossary", "export", "--format", "csv", "-g", str(GLOSSARY), "-o", "terms.csv"]
    result = runner.invoke(app, argv)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "latency,độ trễ" in Path("terms.csv").read_text(encoding="utf-8")
