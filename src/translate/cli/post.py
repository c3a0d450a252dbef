"""``translate post``: one post, end to end."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from translate.cli._errors import handled
from translate.errors import InputError

if TYPE_CHECKING:
    from translate.config import Settings
    from translate.document import Document
    from translate.engines.base import Engine
    from translate.output import Provenance
    from translate.pipeline import Translation
    from translate.sources import Source


@handled
def post(
    source: Annotated[
        str,
        typer.Argument(
            help="The post to translate: an http(s) URL, a saved web page (.html) or a Markdown "
            "file (.md)."
        ),
    ],
    to: Annotated[
        str | None, typer.Option("--to", help="Target language code, e.g. vi. [default: vi]")
    ] = None,
    from_: Annotated[
        str | None, typer.Option("--from", help="Source language code. [default: en]")
    ] = None,
    engine: Annotated[
        str | None,
        typer.Option(
            "--engine",
            "-e",
            help="amazon-translate (Amazon Translate), or pseudo (offline, a visibly fake "
            "translation for checking a pipeline). [default: amazon-translate]",
        ),
    ] = None,
    glossary: Annotated[
        list[Path] | None,
        typer.Option(
            "--glossary",
            "-g",
            help="Glossary file or folder (repeatable): native YAML, Amazon Translate CSV/TSV/TMX "
            "or TBX. [default: the nearest glossary/ folder]",
        ),
    ] = None,
    enforce: Annotated[
        str | None,
        typer.Option(
            "--enforce",
            help="strict: glossary terms sent protected and verified; terminology: the glossary "
            "as Amazon Translate custom terminology only; off. [default: strict]",
        ),
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", help="Requests in flight at once. [default: 8]")
    ] = None,
    profile: Annotated[
        str | None, typer.Option("--profile", help="AWS profile (boto3's credential chain).")
    ] = None,
    region: Annotated[str | None, typer.Option("--region", help="AWS region.")] = None,
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
    worklog: Annotated[
        Path | None,
        typer.Option(
            "--worklog",
            metavar="SITE",
            help="File the post into a Hugo worklog site (SITE or a folder inside it) as "
            "content/3-BlogsTranslated/3.N-BlogN/ and list it in that section's index pages.",
        ),
    ] = None,
    download_images: Annotated[
        bool,
        typer.Option(
            "--download-images",
            help="With --worklog: save the images under SITE/static/images/ and link the copies.",
        ),
    ] = False,
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
    from translate.sources import load_source

    settings = load_settings().merged(
        target_language=to, source_language=from_, engine=engine, layout=layout,
        glossary=glossary, enforce=enforce, jobs=jobs, profile=profile, region=region,
    )  # fmt: skip
    site = _worklog_site(settings, worklog, out, download_images)
    translator = _engine(settings, glossary)
    loaded = load_source(source)
    if loaded.warning:
        typer.echo(f"Warning: {loaded.warning}", err=True)
    if site is not None:
        _to_worklog(
            loaded, site, settings, translator, images=download_images, dry_run=dry_run, force=force
        )
    else:
        _to_folder(loaded, out, settings, translator, dry_run=dry_run, force=force)


def _engine(settings: Settings, glossary: list[Path] | None) -> Engine:
    """The engine, built with the glossary and AWS options (no request is made yet)."""
    from translate.engines.base import EngineContext, create
    from translate.glossary import load_glossary

    paths = settings.glossary_paths(glossary)
    loaded = load_glossary(paths) if paths else None
    context = EngineContext(
        settings.source_language,
        settings.target_language,
        glossary=loaded,
        enforce=settings.enforce,  # type: ignore[arg-type]
        jobs=settings.jobs,
        profile=settings.profile,
        region=settings.region,
    )
    return create(settings.engine, context)


def _worklog_site(
    settings: Settings, worklog: Path | None, out: Path | None, images: bool
) -> Path | None:
    """Where the worklog starts (the option, else the setting unless --out), or None."""
    if worklog is not None and out is not None:
        raise InputError("give either --out or --worklog, not both")
    site = worklog
    if site is None and out is None and settings.worklog:
        site = settings.resolve(settings.worklog)
    if images and site is None:
        raise InputError("--download-images needs --worklog SITE (or `worklog` in translate.toml)")
    if site is not None and settings.layout != "pair":
        raise InputError("--worklog writes a pair of files; it cannot use --layout interleaved")
    return site


def _to_folder(
    loaded: Source,
    out: Path | None,
    settings: Settings,
    translator: Engine,
    *,
    dry_run: bool,
    force: bool,
) -> None:
    from translate.markdown import parse
    from translate.output import interleaved_text, target_text, write_files

    document = parse(loaded.text)
    folder = out if out is not None else settings.resolve(settings.out)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"--out {folder} is a file, not a folder")
    target = folder / loaded.slug / f"_index.{settings.target_language}.md"
    source_copy = folder / loaded.slug / "_index.md"
    if dry_run:
        pair = settings.layout != "interleaved"
        _dry_run(document, translator, [source_copy, target] if pair else [target])
        return
    translation = _translate(document, translator)
    provenance = _provenance(loaded, settings, translator)
    if settings.layout == "interleaved":
        files = {target: interleaved_text(translation, provenance)}
    else:
        files = {source_copy: loaded.text, target: target_text(translation, provenance)}
    _report(write_files(files, folder, force=force, protect={target}), document, translator)


def _to_worklog(
    loaded: Source,
    start: Path,
    settings: Settings,
    translator: Engine,
    *,
    images: bool,
    dry_run: bool,
    force: bool,
) -> None:
    from translate import worklog
    from translate.images import download_images, save_images
    from translate.markdown import parse
    from translate.output import write_files

    site = worklog.find_site(start)
    entry = worklog.locate(site, loaded.identity)
    text = worklog.post_text(loaded.text, entry, loaded.identity, date.today())
    if dry_run:
        _dry_run(parse(text), translator, entry.paths(settings.target_language))
        return
    pictures = None
    if images:
        pictures = download_images(text, entry.image_folder, entry.image_prefix)
        for warning in pictures.warnings:
            typer.echo(f"Warning: {warning}", err=True)
        text = pictures.text
    document = parse(text)
    translation = _translate(document, translator)
    provenance = _provenance(loaded, settings, translator)
    files = worklog.entry_files(entry, text, translation, provenance, loaded.url)
    target = entry.folder / f"_index.{settings.target_language}.md"
    written = write_files(files, site, force=force, protect={target})
    if pictures is not None:
        written += save_images(pictures.files, site)
    _report(written, document, translator)


def _dry_run(document: Document, translator: Engine, files: list[Path]) -> None:
    characters = sum(len(segment.plain) for segment in document.segments)
    typer.echo(
        f"Would translate {len(document.segments)} segments ({characters} characters) "
        f"with {translator.name}:",
        err=True,
    )
    for line in translator.estimate(document.segments).lines():
        typer.echo(f"  estimate: {line}", err=True)
    typer.echo("and write:", err=True)
    for file in files:
        typer.echo(str(file))


def _translate(document: Document, translator: Engine) -> Translation:
    from translate.cli._progress import progress_bar
    from translate.pipeline import translate_document

    with progress_bar("Translating", len(document.segments)) as advance:
        return translate_document(document, translator, advance)


def _provenance(loaded: Source, settings: Settings, translator: Engine) -> Provenance:
    from translate import output

    return output.Provenance(
        loaded.origin,
        settings.source_language,
        settings.target_language,
        translator.name,
        datetime.now(UTC),
    )


def _report(written: list[Path], document: Document, translator: Engine) -> None:
    for file in written:
        typer.echo(str(file))
    note = (
        ""
        if translator.real
        else " (a pseudo-translation for checking the pipeline, not a translation)"
    )
    typer.echo(
        f"Translated {len(document.segments)} segments with {translator.name}{note}.", err=True
    )
    if translator.real:
        for line in translator.usage.lines():
            typer.echo(f"  {line}", err=True)
