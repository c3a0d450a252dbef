"""``translate glossary``'s commands that read or write other files: import, export, sync,
suggest (registered on the group in ``translate.cli.glossary``), and the options every
glossary command shares."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from translate.cli._errors import handled, reason
from translate.errors import InputError

if TYPE_CHECKING:  # the glossary code is imported by the commands that use it
    from translate.glossary.model import Glossary

GlossaryOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--glossary",
        "-g",
        help="Glossary file or folder (repeatable; a term in two files is taken from the later); "
        "also .csv .tsv .txt .tmx .tbx; shipped: the one shipped with translate. "
        "[default: as for post: the glossary setting, the nearest "
        "glossary/ folder, else the shipped one]",
    ),
]
EditedGlossaryOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--glossary",
        "-g",
        help="Glossary file or folder (repeatable); also .csv .tsv .txt .tmx .tbx. "
        "[default: glossary/]",
    ),
]


class ExportFormat(StrEnum):
    csv = "csv"
    tsv = "tsv"
    tmx = "tmx"
    tbx = "tbx"


def given_paths(glossary: list[Path] | None) -> list[Path]:
    """The glossary ``add`` and ``remove`` edit: the option, else ``glossary/``; never the
    one shipped with translate by its name ``shipped`` (an upgrade would undo the edit)."""
    from translate.glossary.paths import SHIPPED, named_glossary

    paths = glossary or [Path("glossary")]
    if any(named_glossary(path) != path for path in paths):
        raise InputError(
            f"-g {SHIPPED}: the glossary shipped with translate is not edited; "
            "add to a glossary of your own (-g glossary/team.yaml)"
        )
    return paths


def used_paths(glossary: list[Path] | None) -> list[Path]:
    """The glossary a command reads, found as ``post`` finds it: the option, the glossary
    setting, the nearest ``glossary/`` folder, else the shipped one."""
    from translate.config import load_settings

    return load_settings().glossary_paths(glossary)


def say_which(glossary: list[Path] | None) -> None:
    """Say on stderr, once a command is done, which glossary it read when the option did not
    name it (a failure stays one ``Error:`` line)."""
    if not glossary:
        typer.echo(f"Glossary: {_where(used_paths(glossary))}", err=True)


def _where(paths: list[Path]) -> str:
    """Where a glossary is, as a user would name it."""
    from translate.glossary.paths import shipped_glossary

    if paths == [shipped_glossary()]:
        return f"the one shipped with translate ({paths[0]})"
    here = Path.cwd()
    return ", ".join(
        "shipped"
        if p == shipped_glossary()
        else str(p.relative_to(here) if p.is_relative_to(here) else p)
        for p in paths
    )


def load(glossary: list[Path] | None) -> Glossary:
    from translate.glossary import load_glossary

    return load_glossary(used_paths(glossary))


def _native_file(given: str, source: Path) -> Path:
    """The file ``glossary import`` writes: ``given``, or ``<given>/<source stem>.yaml`` when
    ``given`` is a folder or ends with ``/`` (a new folder, made in one that exists); anything
    but a ``.yaml``/``.yml`` name is refused."""
    from translate.glossary.paths import NATIVE_SUFFIXES

    into = Path(given)
    if given.endswith(("/", os.sep)) and not into.exists() and not into.parent.is_dir():
        raise InputError(f"--into {given}: {into.parent} is no folder (give one that exists)")
    if into.is_dir() or given.endswith(("/", os.sep)):
        into = into / f"{source.stem}.yaml"
    if into.suffix not in NATIVE_SUFFIXES:
        raise InputError(
            f"--into {into}: give a .yaml or .yml file (glossary folders are read for those) "
            "or a folder (ending with /)"
        )
    return into


@handled
def import_command(
    source: Annotated[
        Path, typer.Argument(help="A .csv .tsv .txt (tab-separated) .tmx .tbx or .yaml file.")
    ],
    into: Annotated[
        str,
        typer.Option(
            metavar="PATH",
            help="The native YAML file to write (.yaml or .yml), or a folder to write "
            "<folder>/<FILE's name>.yaml in (an existing one, or a new one ending with /).",
        ),
    ],
    force: Annotated[bool, typer.Option("--force", help="Overwrite --into if it exists.")] = False,
) -> None:
    """Convert a terminology file into a native glossary file.

    A term the new file shares with another file of its folder is taken from the file later by
    name; a warning says which."""
    from dataclasses import replace

    from translate.check.terms import as_checked
    from translate.glossary import load_glossary
    from translate.glossary.edit import dump_native, write_atomic

    into_file = _native_file(into, source)
    if into_file.exists() and not force:
        raise InputError(f"{into_file} exists; pass --force to overwrite it")
    imported = load_glossary([source])
    imported = replace(imported, entries=as_checked(imported.entries))
    write_atomic(into_file, dump_native(imported, header=f"Imported from {source.name}"))
    typer.echo(f"Wrote {len(imported.entries)} entries to {into_file}")
    _warn_overrides(into_file)


def _warn_overrides(into: Path) -> None:
    """Warn on stderr of the terms ``into`` shares with the other files of its folder: of two
    files, the later by name wins."""
    from translate.errors import GlossaryError
    from translate.glossary.loader import folder_overrides

    try:
        overrides = folder_overrides(into)
    except GlossaryError:  # the folder has other trouble; the next command reports it
        return
    by_file: dict[tuple[Path, bool], list[str]] = {}
    for o in overrides:
        wins = o.entry.path is not None and o.entry.path.resolve() == into.resolve()
        other = o.replaced.path if wins else o.entry.path
        by_file.setdefault((other or Path("?"), wins), []).append(o.entry.term)
    rule = "of two files in a folder, the later by name wins"
    for (other, wins), terms in by_file.items():
        shown = ", ".join(repr(t) for t in terms[:3]) + (", ..." if len(terms) > 3 else "")
        count = f"{len(terms)} term{'s' if len(terms) > 1 else ''}"
        if wins:
            typer.echo(f"Warning: {into} overrides {count} of {other} ({shown}): {rule}", err=True)
        else:
            typer.echo(
                f"Warning: {count} of {into} overridden by {other} ({shown}): {rule}; "
                f"name it to sort after {other.name} for yours to win",
                err=True,
            )


@handled
def export(
    format: Annotated[ExportFormat, typer.Option("--format", help="Output format.")],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output file. [default: stdout]")
    ] = None,
    glossary: GlossaryOption = None,
) -> None:
    """Export the glossary as Amazon Translate CSV/TSV/TMX or TBX-Basic (2019)."""
    from translate.glossary.formats import export_bytes

    loaded = load(glossary)
    data = export_bytes(loaded, format.value)
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        try:
            out.write_bytes(data)
        except OSError as error:
            raise InputError(f"cannot write {out}: {reason(error)}") from None
        typer.echo(f"Wrote {out} ({format.value}, {len(loaded.entries)} entries)", err=True)
    say_which(glossary)


@handled
def sync(
    profile: Annotated[str | None, typer.Option(help="AWS profile.")] = None,
    region: Annotated[str | None, typer.Option(help="AWS region.")] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be uploaded; upload nothing.")
    ] = False,
    prefix: Annotated[str, typer.Option(help="Terminology name prefix.")] = "translate-glossary",
    glossary: GlossaryOption = None,
) -> None:
    """Upload the glossary to Amazon Translate as a custom terminology (once per version).

    Without --glossary, the glossary post uses (said on stderr), so that post --enforce
    terminology or repair finds the terminology uploaded.
    """
    from translate.glossary.sync import client_factory, sync_terminology

    result = sync_terminology(
        load(glossary),
        client_factory=client_factory(profile, region),
        name_prefix=prefix,
        dry_run=dry_run,
    )
    action = "Uploaded" if result.uploaded else "Skipped"
    typer.echo(f"{action} {result.name} ({result.term_count} terms): {result.reason}")
    say_which(glossary)


@handled
def suggest(
    posts: Annotated[list[Path], typer.Argument(help="English Markdown posts.")],
    limit: Annotated[int, typer.Option(help="At most this many suggestions.")] = 50,
    min_count: Annotated[int, typer.Option(help="Minimum count for noun phrases.")] = 2,
    glossary: GlossaryOption = None,
    translations: Annotated[
        bool,
        typer.Option(
            "--translations",
            help="POSTS are reviewed translations (X.vi.md beside X.md): suggest other "
            "renderings of glossary terms that they use where a term has none of its own.",
        ),
    ] = False,
) -> None:
    """Suggest terms the glossary lacks (or, with --translations, other renderings).

    Proposes AWS names, product words, acronyms the post spells out and noun phrases it
    repeats, the most frequent and AWS-like first; authors' names and bios, verb phrases and
    plain English are left out.
    """
    if translations:
        _suggest_alternates(posts, glossary, min_count, limit)
        say_which(glossary)
        return
    from translate.glossary.suggest import read_posts
    from translate.glossary.suggest import suggest as find

    texts = read_posts(posts)
    for item in find(texts, load(glossary), min_count=min_count, limit=limit):
        similar = f"  (similar to {item.similar_to!r})" if item.similar_to else ""
        expands = f"  (for {item.expands!r})" if item.expands else ""
        typer.echo(f"{item.count:5d}  {item.term}  [{item.kind}]{expands}{similar}")
    say_which(glossary)


def _suggest_alternates(
    posts: list[Path], glossary: list[Path] | None, min_count: int, limit: int
) -> None:
    from translate.check.alternates import alternates_in

    for item in alternates_in(posts, load(glossary), min_count=min_count)[:limit]:
        typer.echo(f"{item.count:3d}/{item.blocks:<3d} {item.term} -> {item.rendering}")
