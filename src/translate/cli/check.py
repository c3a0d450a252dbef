"""``translate check``: flag mistranslated terms; the pre-commit hook runs this.

The typer command; its body is ``translate.cli.fast_check.report``, which ``translate`` also runs
without typer for the plain forms of the command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from translate.cli._errors import handled


@handled
def check(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...",
            help="Translated Markdown files or folders to check (a folder's README.md "
            "is left out).",
        ),
    ],
    source: Annotated[
        Path | None,
        typer.Option(
            "--source",
            help="The English source of a single PATH. Without it, X.vi.md is paired with X.md "
            "and _index.vi.md with _index.md when they exist.",
        ),
    ] = None,
    glossary: Annotated[
        list[Path] | None,
        typer.Option(
            "--glossary",
            "-g",
            help="Glossary file or folder (repeatable; shipped: the one shipped with translate, "
            "-g shipped -g team.tbx uses both). [default: as for post: the glossary "
            "setting, the nearest glossary/ folder, else the shipped one]",
        ),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", help="text, json, sarif or github.")
    ] = "text",
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help="Apply unambiguous fixes (casing, vendor prefix, a forbidden "
            "rendering with one replacement) in place, and report them and how many "
            "findings need a person.",
        ),
    ] = False,
    all_terms: Annotated[
        bool,
        typer.Option(
            "--all-terms",
            help="Report a missing rendering for every glossary term, not only for terms kept "
            "in English (more findings, some of them legitimate paraphrases).",
        ),
    ] = False,
    consistency: Annotated[
        bool,
        typer.Option(
            "--consistency",
            help="Warn when any term is rendered two different ways in one file (by default "
            "only terms the glossary marks 'consistent: true').",
        ),
    ] = False,
) -> None:
    """Flag glossary terms that are missing, forbidden, altered or inconsistent.

    Exit 0 when there is no error-level finding, 1 when there is, 2 on bad usage.
    """
    from translate.cli.fast_check import report

    code = report(
        paths, source=source, glossary=glossary, output_format=output_format, fix=fix,
        all_terms=all_terms, echo=typer.echo, consistency=consistency,
    )  # fmt: skip
    if code:
        raise typer.Exit(code)
