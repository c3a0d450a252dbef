"""The typer application: every command, registered once; each lives in its own module.

Commands parse options, load settings, call the library, print, and choose the exit code.
Heavy modules (the Markdown parser, engines, boto3, httpx) are imported inside the commands so
that ``translate --help`` starts fast.
"""

from __future__ import annotations

from typing import Annotated

import typer

from translate import __version__
from translate.cli import _errors
from translate.cli.batch import batch
from translate.cli.check import check
from translate.cli.evaluate import evaluate
from translate.cli.glossary import app as glossary_app
from translate.cli.memory import app as memory_app
from translate.cli.post import post

app = typer.Typer(
    name="translate",
    help="Translate AWS blog posts into bilingual Hugo Markdown, held to a glossary.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)
app.command(no_args_is_help=True)(post)
app.command()(check)  # no PATH: an Error: line and the usage
app.command(no_args_is_help=True)(batch)
app.add_typer(glossary_app, name="glossary")
app.add_typer(memory_app, name="memory")
app.command("eval", no_args_is_help=True)(evaluate)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"translate {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    traceback: Annotated[
        bool, typer.Option("--traceback", help="Show the full traceback on errors.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Translate AWS blog posts into bilingual Hugo Markdown, held to a glossary.

    Exit codes: 0 success, 1 findings or a failed translation, 2 bad usage or bad input
    (one Error: line, nothing written), 3 a bug, 130 interrupted, 141 the reader of the output
    closed the pipe (as with | head -1; nothing printed).
    Set TRANSLATE_DEBUG=1 (or pass --traceback) to see tracebacks.
    """
    _errors.show_traceback = traceback
