"""``translate memory``: the translation memory's stats, TMX import and export, learn, clear."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from translate.cli._errors import handled
from translate.errors import InputError

if TYPE_CHECKING:
    from translate.memory import Memory, MissedTerm

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
    """Entries by origin and by language pair, the file's size, and the learned terms.

    Learned terms are glossary terms Amazon Translate's custom terminology got wrong in an
    --enforce repair run: later runs send them protected from the start (about 20 billed
    characters an occurrence). `memory clear --missed` forgets them.
    """
    if not _path(memory).exists():  # nothing to count, and no empty file left behind
        typer.echo(f"{_path(memory)}: no translation memory yet (a translation run makes it)")
        return
    with _open(memory, write=False) as store:
        found = store.stats()
    typer.echo(f"{found.path}: {found.total} entries, {found.size_bytes / 1024:.1f} KiB")
    for title, counts in (("by origin", found.by_origin), ("by language pair", found.by_pair)):
        typer.echo(f"{title}:")
        for name, count in counts.items():
            typer.echo(f"  {name}: {count}")
    _show_missed(found.missed)


def _show_missed(missed: Sequence[MissedTerm]) -> None:
    typer.echo(f"learned terms (--enforce repair protects them from the start): {len(missed)}")
    for pair, terms in groupby(missed, key=lambda m: m.pair):
        listed = list(terms)
        typer.echo(f"  {pair}: {len(listed)}")
        for term in listed:
            typer.echo(f"    {term.term} -> {term.rendering}")


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
        str | None,
        typer.Option("--from", help="Source language: an Amazon Translate code. [default: en]"),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option("--to", help="Target language: an Amazon Translate code. [default: vi]"),
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
    terms: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[TERM]...",
            help="With --missed: forget only these learned terms (as `memory stats` lists "
            "them), in every language pair.",
            show_default=False,
        ),
    ] = None,
    missed: Annotated[
        bool,
        typer.Option(
            "--missed",
            help="Forget the learned terms instead (every one, or each TERM), and keep the "
            "translations: terms the custom terminology got wrong in an --enforce repair run, "
            "which later runs send protected from the start (billed). Forget one when the "
            "service no longer misses it, or when its glossary rendering changed.",
        ),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    memory: MemoryOption = None,
) -> None:
    """Remove every entry (asks first; without a terminal, --yes is required).

    What runs cost and the learned terms are kept: they are about the services, not
    translations. `--missed` forgets the learned terms instead.
    """
    if missed:
        _forget_missed(terms or [], yes, memory)
        return
    if terms:
        raise InputError(f"{terms[0]!r}: naming terms to forget needs --missed")
    _confirm(
        yes, "clearing the translation memory", "Remove every entry of the translation memory?"
    )
    with _open(memory) as store:
        removed = store.clear()
    typer.echo(f"Removed {removed} entries.", err=True)


def _forget_missed(terms: list[str], yes: bool, memory: Path | None) -> None:
    """Forget the learned terms named (all without ``terms``): each checked before asking."""
    from translate.memory import pick_missed

    chosen = pick_missed(_learned_terms(memory), terms)
    if not chosen:
        typer.echo("No learned terms to forget.", err=True)
        return
    which = ", ".join(sorted({m.term for m in chosen})) if terms else "every learned term"
    _confirm(yes, "forgetting learned terms", f"Forget {which} ({len(chosen)} in all)?")
    with _open(memory) as store:
        forgotten = store.forget_missed(terms)
    typer.echo(f"Forgot {forgotten} learned term(s); the translations are kept.", err=True)


def _learned_terms(memory: Path | None) -> list[MissedTerm]:
    """The learned terms; none when there is no memory file (none is created)."""
    if not _path(memory).exists():
        return []
    with _open(memory, write=False) as store:
        return store.learned_terms()


def _confirm(yes: bool, action: str, question: str) -> None:
    """Ask ``question`` unless ``yes``; without a terminal, --yes is required (exit 2)."""
    if yes:
        return
    if not sys.stdin.isatty():
        raise InputError(f"{action} needs --yes (no terminal to ask)")
    if not typer.confirm(question):
        raise typer.Exit(1)
