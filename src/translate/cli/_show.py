"""How the command line shows a run: its warnings and news on stderr, the files on stdout."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from translate.cli._progress import progress_bar

if TYPE_CHECKING:
    from translate.run.post import Hooks, PostResult


def hooks() -> Hooks:
    """The hooks through which a run reports to the terminal."""
    from translate.run.post import Hooks

    return Hooks(warn=warn, note=note, progress=progress_bar, posted=post_result)


def warn(message: str) -> None:
    typer.echo(f"Warning: {message}", err=True)


def note(message: str) -> None:
    typer.echo(message, err=True)


def post_result(result: PostResult) -> None:
    """The files written (stdout) and what the engine did (stderr), or a dry run's plan."""
    if result.dry_run:
        _dry_run(result)
        return
    for file in result.written:
        typer.echo(str(file))
    for file in result.unchanged:
        note(f"{file}: unchanged")
    fake = " (a pseudo-translation for checking the pipeline, not a translation)"
    note(
        f"Translated {result.segments} segments with {result.engine}{'' if result.real else fake}."
    )
    if result.summary is not None:
        note(f"  {result.summary}")
    if result.real:
        for line in result.usage.lines():
            note(f"  {line}")


def _dry_run(result: PostResult) -> None:
    note(
        f"Would translate {result.segments} segments ({result.characters} characters) "
        f"with {result.engine}:"
    )
    for line in result.usage.lines():
        note(f"  estimate: {line}")
    if result.over_max_cost is not None:
        note(f"The run would be refused: {result.over_max_cost}.")
    note("and write:")
    for file in result.planned:
        typer.echo(str(file))
