"""``translate memory``: the translation memory's stats, TMX import and export, learn, clear."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from translate.cli._errors import handled
from translate.errors import InputError

if TYPE_CHECKING:
    from translate.memory import Memory

app = typer.Typer(
    help="The translation memory: every segment translated, human edits first.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

MemoryOption = Annotated[
    Path | None,
    typer.Option(
        "--memory",
        metavar="FILE",
        help="The memory file. [default: the memory setting, else .translate/memory.sqlite "
        "beside translate.toml]",
    ),
]


def _path(path: Path | None) -> Path:
    from translate.config import load_settings

    return path if path is not None else load_settings().memory_path()


def _open(path: Path | None, *, write: bool = True) -> Memory:
    """The memory, refused (exit 2) before it is opened when it is to be written and cannot be."""
    from translate.memory import Memory

    return Memory.open(_path(path), writable=write)


@app.command()
@handled
def stats(memory: MemoryOption = None) -> None:
    """Entries by origin and by language pair, and the file's size."""
    with _open(memory, write=False) as store:
        found = store.stats()
    typer.echo(f"{found.path}: {found.total} entries, {found.size_bytes / 1024:.1f} KiB")
    for title, counts in (("by origin", found.by_origin), ("by language pair", found.by_pair)):
        typer.echo(f"{title}:")
        for name, count in counts.items():
            typer.echo(f"  {name}: {count}")


@app.command("import", no_args_is_help=True)
@handled
def import_(
    file: Annotated[Path, typer.Argument(help="A TMX 1.4b file.")],
    memory: MemoryOption = None,
) -> None:
    """Add the translation units of a TMX file (human translations unless it says otherwise)."""
    from translate.memory.tmx import read_tmx

    read = read_tmx(file)
    with _open(memory) as store:
        stored = store.store(read.entries)
    typer.echo(f"Imported {stored} entries from {file}.", err=True)
    if read.skipped:
        lines = ", ".join(str(line) for line in read.skipped[:10])
        typer.echo(
            f"Warning: skipped {len(read.skipped)} <tu> whose markup could not be read "
            f"(lines {lines})",
            err=True,
        )


@app.command(no_args_is_help=True)
@handled
def export(
    file: Annotated[Path, typer.Argument(help="The TMX 1.4b file to write.")],
    memory: MemoryOption = None,
) -> None:
    """Write every entry to a TMX 1.4b file, for a CAT tool or another memory."""
    from translate.memory.tmx import export_tmx

    count = export_tmx(_path(memory), file)
    typer.echo(f"Exported {count} entries to {file}.", err=True)


@app.command(no_args_is_help=True)
@handled
def learn(
    source: Annotated[
        Path, typer.Argument(help="The source post (EN.md), or a folder of translated pairs.")
    ],
    target: Annotated[
        Path | None, typer.Argument(help="Its translation (VI.md). [default: X.<to>.md]")
    ] = None,
    from_: Annotated[
        str | None, typer.Option("--from", help="Source language code. [default: en]")
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", help="Target language code. [default: vi]")
    ] = None,
    memory: MemoryOption = None,
) -> None:
    """Learn an existing translation as human entries, block by block, as the checker aligns.

    A folder is searched for X.md / X.<to>.md, _index.md / _index.<to>.md and en.md / vi.md pairs.
    """
    from translate.check.runner import pair_files
    from translate.config import load_settings
    from translate.memory.edits import learn_files, read_pair

    settings = load_settings().merged(source_language=from_, target_language=to)
    sl, tl = settings.source_language, settings.target_language
    if target is not None:
        pairs: list[tuple[Path, Path | None]] = [(target, source)]
    else:
        pairs = pair_files([source], sl, tl, None)
    found = [(t, s) for t, s in pairs if s is not None]
    if not found:
        raise InputError(f"{source}: no translated pair found (X.md with X.{tl}.md)")
    documents = [read_pair(original, translated) for translated, original in found if original]
    learned = skipped = 0
    with _open(memory) as store:
        for pair in documents:
            result = learn_files(store, pair, sl, tl)
            learned, skipped = learned + result[0], skipped + result[1]
    typer.echo(f"Learned {learned} segments from {len(found)} pair(s).", err=True)
    if skipped:
        typer.echo(
            f"  {skipped} block(s) left out: not aligned with a source block, with markup "
            "other than the source's, or carrying a [TM nn%] or [EN] marker",
            err=True,
        )


@app.command()
@handled
def clear(
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    memory: MemoryOption = None,
) -> None:
    """Remove every entry (asks first; without a terminal, --yes is required)."""
    if not yes:
        if not sys.stdin.isatty():
            raise InputError("clearing the translation memory needs --yes (no terminal to ask)")
        if not typer.confirm("Remove every entry of the translation memory?"):
            raise typer.Exit(1)
    with _open(memory) as store:
        removed = store.clear()
    typer.echo(f"Removed {removed} entries.", err=True)
