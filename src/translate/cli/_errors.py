"""One top-level error handler for every command: ``Error: ...`` on stderr and the exit code.

``outcome`` says what an escaped exception means, without typer, so that the typer-free
``translate check`` (``translate.cli.fast_check``) reports errors exactly as ``handled`` does.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from translate.errors import TranslateError

P = ParamSpec("P")
R = TypeVar("R")

show_traceback = False


def outcome(error: Exception) -> tuple[str, int]:
    """The one-line message and the exit code of an exception a command let out.

    A ``TranslateError`` carries both. An ``OSError`` about a named file (a folder that cannot
    be written, a file that is a folder) is bad input, 2: the user can act on it. Anything else
    is a bug, 3.
    """
    if isinstance(error, TranslateError):
        return str(error), error.exit_code
    if isinstance(error, OSError) and error.filename is not None:
        name = error.filename2 if error.filename2 is not None else error.filename
        return f"{os.fsdecode(name)}: {reason(error)}", 2
    return f"{error} (a bug? rerun with --traceback and report it)", 3


class Interrupted(KeyboardInterrupt):
    """Ctrl-C, with the one line that says what state the command left things in."""


CLOSED_PIPE = 141  # 128 + SIGPIPE: what a shell reports for a Unix tool whose reader left


def closed_pipe() -> int:
    """Stop quietly when the reader of the output has gone (``| head -1``), as Unix tools do.

    Standard output is pointed at the null device so that the flush at exit raises nothing.
    """
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # no real file descriptor (a test runner's stream): nothing is flushed at exit
    return CLOSED_PIPE


def reason(error: OSError) -> str:
    """What went wrong, as the rest of a sentence: ``permission denied``."""
    text = error.strerror or str(error)
    return text[:1].lower() + text[1:]


def handled(command: Callable[P, R]) -> Callable[P, R]:
    """Run a command, turning an exception into its ``Error:`` line and exit code (``outcome``).

    1 expected failure, 2 bad input, 3 a bug, 130 interrupted (with the line an ``Interrupted``
    carries), 141 the output's reader closed
    the pipe (quietly); tracebacks only on request.
    """

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        import typer

        debug = show_traceback or os.environ.get("TRANSLATE_DEBUG") == "1"
        try:
            return command(*args, **kwargs)
        except KeyboardInterrupt as interrupt:
            typer.echo(str(interrupt) or "Interrupted.", err=True)
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise  # typer's own exits (some are RuntimeErrors) keep their codes
        except BrokenPipeError:
            raise typer.Exit(closed_pipe()) from None
        except Exception as error:
            if debug:
                raise
            message, code = outcome(error)
            typer.echo(f"Error: {message}", err=True)
            raise typer.Exit(code) from None

    return wrapper
