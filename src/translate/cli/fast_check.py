"""``translate check`` without typer: its body, shared with the typer command, and a fast path.

``translate check`` runs in pre-commit on every commit, and importing typer and building the
application costs about as much as checking a dozen files. ``run`` therefore takes the plain
forms of the command (``check``, then paths and the check options, each option spelled in full
and given once, its value a separate argument) and does what typer would: the same checks of
the arguments, the same output, the same messages and exit codes. Anything else (``--help``, an
unknown or misspelled option, ``--format=json``, no path, ``TRANSLATE_DEBUG=1``, shell
completion, a stream typer would re-encode) is declined with ``None``, for typer to handle.
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from translate.cli._errors import closed_pipe, outcome


class Echo(Protocol):
    def __call__(self, message: str, *, nl: bool = ..., err: bool = ...) -> None: ...


def report(
    paths: Sequence[Path],
    *,
    source: Path | None,
    glossary: Sequence[Path] | None,
    output_format: str,
    fix: bool,
    all_terms: bool,
    echo: Echo,
    consistency: bool = False,
) -> int:
    """Check, print the findings (and the fixes, on stderr); 1 when there is an error finding."""
    from translate.check.report import FORMATS, render, summary
    from translate.check.runner import run_check
    from translate.errors import InputError

    if output_format not in FORMATS:
        raise InputError(f"--format must be one of {', '.join(FORMATS)}, not {output_format!r}")
    result = run_check(
        paths, source=source, glossary=glossary, fix=fix, all_terms=all_terms,
        consistency=consistency,
    )  # fmt: skip
    echo(render(result.findings, output_format), nl=False)
    if output_format == "text":
        echo(summary(result.findings, result.files))
    for finding in result.fixed:
        echo(
            f"fixed {finding.path}:{finding.line}:{finding.column}: "
            f"{finding.found} -> {finding.fix}",
            err=True,
        )
    if fix and result.findings:
        echo(_left_to_a_person(len(result.findings)), err=True)
    return 1 if any(f.severity == "error" for f in result.findings) else 0


def _left_to_a_person(count: int) -> str:
    """Why ``--fix`` left ``count`` findings: it applies only one sure replacement."""
    many = count > 1
    return (
        f"{count} finding{'s' if many else ''} need{'' if many else 's'} a person: --fix "
        "changes only what has one sure replacement (a name's casing or vendor prefix, a "
        "forbidden rendering of a term with one rendering)"
    )


def run(argv: Sequence[str]) -> int | None:
    """The exit code of ``translate`` run with ``argv``, or None to leave it to typer."""
    if not argv or argv[0] != "check" or not _plain_environment():
        return None
    paths: list[Path] = []
    glossary: list[Path] = []
    source: Path | None = None
    output_format: str | None = None
    flags: set[str] = set()
    rest = iter(argv[1:])
    for arg in rest:
        if arg in ("--fix", "--all-terms", "--consistency"):
            flags.add(arg)
        elif arg in ("--format", "--source", "--glossary", "-g"):
            value = next(rest, None)
            if not value or value.startswith("-"):
                return None  # typer's message (or typer's reading of it)
            if arg == "--format":
                if output_format is not None:
                    return None  # given twice: typer decides which counts
                output_format = value
            elif arg == "--source":
                if source is not None:
                    return None
                source = Path(value)
            else:
                glossary.append(Path(value))
        elif not arg or arg.startswith("-"):
            return None
        else:
            paths.append(Path(arg))
    named = [*paths, *glossary, *([source] if source else [])]
    if not paths or not all(map(_readable, named)):
        return None
    return _handled(
        paths,
        source=source,
        glossary=glossary or None,
        output_format=output_format or "text",
        fix="--fix" in flags,
        all_terms="--all-terms" in flags,
        consistency="--consistency" in flags,
    )


def _handled(
    paths: list[Path],
    *,
    source: Path | None,
    glossary: list[Path] | None,
    output_format: str,
    fix: bool,
    all_terms: bool,
    consistency: bool = False,
) -> int:
    """``report`` with the errors ``translate.cli._errors.handled`` reports, reported alike."""
    try:
        return report(
            paths, source=source, glossary=glossary, output_format=output_format, fix=fix,
            all_terms=all_terms, echo=_echo, consistency=consistency,
        )  # fmt: skip
    except KeyboardInterrupt:
        _echo("Interrupted.", err=True)
        return 130
    except BrokenPipeError:
        return closed_pipe()
    except Exception as error:
        message, code = outcome(error)
        _echo(f"Error: {message}", err=True)
        return code


def _plain_environment() -> bool:
    """No traceback wanted, no shell completion asked for, and streams typer writes as they are
    (it re-encodes a stream whose encoding is ASCII)."""
    if os.environ.get("TRANSLATE_DEBUG") == "1":
        return False
    if any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ):
        return False
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "ascii"
        try:
            if codecs.lookup(encoding).name == "ascii":
                return False
        except LookupError:
            return False
    return True


def _readable(path: Path) -> bool:
    """False for an existing path that cannot be read (typer rejects it before checking)."""
    try:
        os.stat(path)
    except OSError:
        return True
    return os.access(path, os.R_OK)


def _echo(message: str, *, nl: bool = True, err: bool = False) -> None:
    """``typer.echo`` for text that holds no ANSI escape (which typer strips off a pipe)."""
    if "\x1b" in message:
        import typer

        typer.echo(message, nl=nl, err=err)
        return
    stream = sys.stderr if err else sys.stdout
    if stream is None:
        return
    out = message + "\n" if nl else message
    if out:
        stream.write(out)
    stream.flush()
