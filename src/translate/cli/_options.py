"""Options that several commands share, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

To = Annotated[
    str | None,
    typer.Option(
        "--to",
        help="Target language: an Amazon Translate code, any case (an unknown one is an error "
        "that lists them). [default: vi]",
    ),
]
From = Annotated[
    str | None,
    typer.Option("--from", help="Source language: an Amazon Translate code. [default: en]"),
]
Glossary = Annotated[
    list[Path] | None,
    typer.Option(
        "--glossary",
        "-g",
        help="Glossary file or folder (repeatable): native YAML, Amazon Translate CSV/TSV/TMX "
        "or TBX; shipped: the one shipped with translate (-g shipped -g team.tbx uses both). "
        "[default: the glossary setting of translate.toml, else the nearest glossary/ "
        "folder, else the shipped one]",
    ),
]
Out = Annotated[Path | None, typer.Option("--out", "-o", help="Output folder. [default: posts]")]
Profile = Annotated[
    str | None, typer.Option("--profile", help="AWS profile (boto3's credential chain).")
]
Region = Annotated[str | None, typer.Option("--region", help="AWS region.")]
AcceptPartial = Annotated[
    bool,
    typer.Option(
        "--accept-partial",
        help="Translate a page's article even when its Markdown kept under 95% of the "
        "paragraphs or a code block inexactly (without it, that is an error, exit 1; in a "
        "batch, that post fails).",
    ),
]
