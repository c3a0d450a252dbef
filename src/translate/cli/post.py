"""``translate post``: one post, end to end."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from translate.cli._errors import handled
from translate.errors import InputError

_SOURCE_SUFFIXES = (".md", ".markdown")


@handled
def post(
    source: Annotated[str, typer.Argument(help="The post to translate: a Markdown file (.md).")],
    to: Annotated[
        str | None, typer.Option("--to", help="Target language code, e.g. vi. [default: vi]")
    ] = None,
    from_: Annotated[
        str | None, typer.Option("--from", help="Source language code. [default: en]")
    ] = None,
    engine: Annotated[
        str | None,
        typer.Option(
            "--engine", "-e", help="Engine: pseudo (offline, a visibly fake translation)."
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output folder. [default: posts]")
    ] = None,
    layout: Annotated[
        str | None,
        typer.Option(
            "--layout",
            help="pair: OUT/<slug>/_index.md + _index.<to>.md; interleaved: one "
            "OUT/<slug>/_index.<to>.md, each translated block after its source. [default: pair]",
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Show what would be translated and written; do nothing."),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace a translation edited by hand (the old one is kept as .bak)."
        ),
    ] = False,
) -> None:
    """Translate one post into a pair of Hugo files (or one interleaved file).

    Code, URLs, shortcodes, HTML and front matter keys are never translated, and nothing is
    written unless the translation keeps the source's structure.
    """
    from translate.config import load_settings
    from translate.engines.base import REGISTRY, EngineContext, create
    from translate.markdown import parse
    from translate.output import Provenance, interleaved_text, slug_for, target_text, write_files
    from translate.pipeline import translate_document

    settings = load_settings().merged(
        target_language=to, source_language=from_, engine=engine, layout=layout
    )
    path = Path(source)
    text = _read_source(path)
    document = parse(text)
    if settings.engine is None:
        raise InputError(
            f"choose an engine with --engine ({', '.join(sorted(REGISTRY))}) "
            "or set `engine` in translate.toml"
        )
    folder = out if out is not None else settings.resolve(settings.out)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"--out {folder} is a file, not a folder")
    slug = slug_for(path, document.front_matter.data if document.front_matter else {})
    target = folder / slug / f"_index.{settings.target_language}.md"
    source_copy = folder / slug / "_index.md"
    written = [target] if settings.layout == "interleaved" else [source_copy, target]
    if dry_run:
        characters = sum(len(segment.plain) for segment in document.segments)
        typer.echo(
            f"Would translate {len(document.segments)} segments ({characters} characters) "
            f"with {settings.engine} and write:",
            err=True,
        )
        for file in written:
            typer.echo(str(file))
        return
    context = EngineContext(settings.source_language, settings.target_language)
    translator = create(settings.engine, context)
    from translate.cli._progress import progress_bar

    with progress_bar("Translating", len(document.segments)) as advance:
        translation = translate_document(document, translator, advance)
    provenance = Provenance(
        str(path),
        settings.source_language,
        settings.target_language,
        translator.name,
        datetime.now(UTC),
    )
    if settings.layout == "interleaved":
        files = {target: interleaved_text(translation, provenance)}
    else:
        files = {source_copy: text, target: target_text(translation, provenance)}
    for file in write_files(files, folder, force=force, protect={target}):
        typer.echo(str(file))
    note = (
        ""
        if translator.real
        else " (a pseudo-translation for checking the pipeline, not a translation)"
    )
    typer.echo(
        f"Translated {len(document.segments)} segments with {translator.name}{note}.", err=True
    )


def _read_source(path: Path) -> str:
    from translate.markdown import decode

    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path} is a folder; give a Markdown file")
    if path.suffix.lower() not in _SOURCE_SUFFIXES:
        raise InputError(f"{path}: expected a Markdown file (.md)")
    return decode(path.read_bytes(), str(path))
