"""``translate glossary``: list, add, remove, lint, import, export, sync, suggest.

A thin layer over ``translate.glossary``: parse options, call the library, print. Failures are
raised as ``TranslateError`` subclasses; the top-level handler prints them and picks the exit code.
The commands that read or write other files live in ``translate.cli.glossary_files``.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from translate.cli._errors import handled
from translate.cli.glossary_files import (
    EditedGlossaryOption,
    GlossaryOption,
    export,
    given_paths,
    import_command,
    load,
    say_which,
    suggest,
    sync,
    used_paths,
)
from translate.errors import InputError

if TYPE_CHECKING:
    from translate.glossary.model import Entry

app = typer.Typer(
    help="Maintain the glossary: list, add, remove, lint, import, export, sync, suggest.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)


class CaseOption(StrEnum):
    exact = "exact"
    insensitive = "insensitive"


@app.command("list")
@handled
def list_entries(
    search: Annotated[str | None, typer.Argument(help="Show entries containing this text.")] = None,
    domain: Annotated[str | None, typer.Option(help="Only entries with this domain tag.")] = None,
    glossary: GlossaryOption = None,
) -> None:
    """List glossary entries. Says so on stderr when none matches (exit 0); an unknown
    --domain is an error (exit 2) that names the domains there are."""
    from translate.glossary.edit import describe, nfc

    entries: Sequence[Entry] = load(glossary).entries
    if domain is not None:
        entries = _in_domain(entries, domain)
    needle = nfc(search).casefold() if search else None
    shown = 0
    for entry in entries:
        texts = (*entry.source_forms, *entry.renderings)
        if needle is None or any(needle in t.casefold() for t in texts):
            typer.echo(describe(entry))
            shown += 1
    if not shown:
        where = f" in domain {domain!r}" if domain is not None else ""
        typer.echo(f"No entry matches {search!r}{where}.", err=True)
    say_which(glossary)


def _in_domain(entries: Sequence[Entry], domain: str) -> list[Entry]:
    """The entries tagged ``domain``; an ``InputError`` naming the domains when none is."""
    found = [entry for entry in entries if entry.domain == domain]
    if not found:
        domains = ", ".join(sorted({entry.domain for entry in entries if entry.domain}))
        raise InputError(f"--domain {domain!r}: no entry has it; the domains are: {domains}")
    return found


@app.command()
@handled
def add(
    term: Annotated[str, typer.Argument(help="The canonical source term.")],
    target: Annotated[str | None, typer.Option(help="Preferred rendering.")] = None,
    keep: Annotated[bool, typer.Option("--keep", help="Do not translate the term.")] = False,
    variant: Annotated[list[str] | None, typer.Option(help="Another source form.")] = None,
    alt: Annotated[list[str] | None, typer.Option(help="An admitted rendering.")] = None,
    forbid: Annotated[list[str] | None, typer.Option(help="A wrong rendering.")] = None,
    why: Annotated[list[str] | None, typer.Option(help="Why the --forbid is wrong.")] = None,
    note: Annotated[str | None, typer.Option(help="The reason for the choice.")] = None,
    domain: Annotated[str | None, typer.Option(help="Tag: service, cloud, ml ...")] = None,
    case: Annotated[CaseOption, typer.Option(help="Case rule.")] = CaseOption.insensitive,
    file: Annotated[Path | None, typer.Option(help="The YAML file to add to.")] = None,
    glossary: EditedGlossaryOption = None,
) -> None:
    """Add an entry at its sorted place, keeping the file's comments."""
    from translate.glossary.edit import add_entry, file_to_add_to, new_entry

    lists = (variant or [], alt or [], forbid or [], why or [])
    entry = new_entry(term, target, keep, lists, case.value, domain, note)
    paths = given_paths(glossary)
    destination = file_to_add_to(paths, file, domain)
    add_entry(paths, entry, destination)
    typer.echo(f"Added {entry.term!r} to {destination}")


@app.command()
@handled
def remove(
    term: Annotated[str, typer.Argument(help="The term to remove.")],
    glossary: EditedGlossaryOption = None,
) -> None:
    """Remove an entry, keeping the file's other comments."""
    from translate.glossary.edit import nfc, remove_entry

    entry = remove_entry(given_paths(glossary), nfc(term))
    typer.echo(f"Removed {entry.term!r} from {entry.path}")


@app.command("lint")
@handled
def lint_command(glossary: GlossaryOption = None) -> None:
    """Check the glossary files; one summary line when clean; exit 1 when a finding is an
    error."""
    from translate.glossary.lint import lint, no_aws_names
    from translate.glossary.paths import expand_paths

    paths = used_paths(glossary)
    findings = lint(paths)
    findings += [f for f in [no_aws_names(paths)] if f is not None]
    for finding in findings:
        typer.echo(str(finding))
    say_which(glossary)
    if not findings:
        files = len(expand_paths(paths))
        typer.echo(f"No findings in {files} glossary file{'' if files == 1 else 's'}.")
        return
    errors = sum(f.severity == "error" for f in findings)
    typer.echo(f"{errors} error(s), {len(findings) - errors} warning(s)", err=True)
    if errors:
        raise typer.Exit(1)


app.command("import")(import_command)
app.command()(export)
app.command()(sync)
app.command()(suggest)
