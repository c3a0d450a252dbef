"""One top-level error handler for every command: ``Error: ...`` on stderr and the exit code."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from translate.errors import TranslateError

P = ParamSpec("P")
R = TypeVar("R")

show_traceback = False


def handled(command: Callable[P, R]) -> Callable[P, R]:
    """Run a command, turning a ``TranslateError`` into its message and exit code.

    1 expected failure, 2 bad input, 3 a bug, 130 interrupted; tracebacks only on request.
    """

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        debug = show_traceback or os.environ.get("TRANSLATE_DEBUG") == "1"
        try:
            return command(*args, **kwargs)
        except TranslateError as error:
            if debug:
                raise
            typer.echo(f"Error: {error}", err=True)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("Interrupted.", err=True)
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise  # typer's own exits (some are RuntimeErrors) keep their codes
        except Exception as error:  # a bug: say so, briefly
            if debug:
                raise
            typer.echo(f"Error: {error} (a bug? rerun with --traceback and report it)", err=True)
            raise typer.Exit(3) from None

    return wrapper
