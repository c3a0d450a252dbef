"""The ``translate`` command line.

The typer application lives in ``translate.cli._app``, each command group in its own module.
Importing typer and building every command costs more than checking a few files, so ``main``
first offers the arguments to ``translate.cli.fast_check``, which runs a plain
``translate check PATH...`` (with any of its options) without typer and declines everything else
(``--help``, a malformed option, a missing argument), which typer then handles as it always has.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from translate.cli._app import app


def main() -> None:
    from translate.cli.fast_check import run

    code = run(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from translate.cli._app import app

    app()


def __getattr__(name: str) -> Any:
    """``app`` on first use, so that ``main`` need not import typer."""
    if name == "app":
        from translate.cli._app import app

        return app
    raise AttributeError(f"module 'translate.cli' has no attribute {name!r}")


__all__ = ["app", "main"]
