"""The steps of ``translate post`` after its options are read: translate into a folder or a
worklog, learn hand edits first, report what was written."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from translate.errors import InputError

if TYPE_CHECKING:
    from translate.config import Settings
    from translate.document import Document
    from translate.engines.base import Engine, EngineContext
    from translate.memory import Memory
    from translate.output import Provenance
    from translate.pipeline import Translation
    from translate.sources import Source


@dataclass(frozen=True)
class Run:
    """What every step of one ``post`` needs: the engine, its context, the memory, the flags."""

    engine: Engine
    context: EngineContext
    memory_path: Path | None
    dry_run: bool
    force: bool

    @contextmanager
    def memory(self) -> Iterator[Memory | None]:
        """The translation memory, opened now (created unless this is a dry run), or None."""
        from translate.memory import Memory

        path = self.memory_path
        if path is None or (self.dry_run and not path.exists()):
            yield None
            return
        with Memory.open(path) as memory:
            yield memory

    def cached(self, memory: Memory | None) -> Engine:
        """The engine behind the memory (as it is without one; the memory engine is one)."""
        from translate.engines.cached import CachedEngine

        if memory is None or self.engine.name == "memory":
            return self.engine
        return CachedEngine(self.engine, memory, self.context)


def to_folder(loaded: Source, out: Path | None, settings: Settings, run: Run) -> None:
    from translate.markdown import parse
    from translate.output import interleaved_text, target_text, write_files

    document = parse(loaded.text)
    folder = out if out is not None else settings.resolve(settings.out)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"--out {folder} is a file, not a folder")
    target = folder / loaded.slug / f"_index.{settings.target_language}.md"
    source_copy = folder / loaded.slug / "_index.md"
    pair = settings.layout != "interleaved"
    with run.memory() as memory:
        if run.dry_run:
            dry_run(document, run.cached(memory), [source_copy, target] if pair else [target])
            return
        learned = learn(memory, run, target, source_copy if pair else None)
        translation = translate(document, run.cached(memory))
    provenance = provenance_of(loaded, settings, run.engine)
    if pair:
        files = {source_copy: loaded.text, target: target_text(translation, provenance)}
    else:
        files = {target: interleaved_text(translation, provenance)}
    written = write_files(files, folder, force=run.force, protect={target}, learned=learned)
    report(written, document, run.engine)


def to_worklog(loaded: Source, start: Path, settings: Settings, run: Run, *, images: bool) -> None:
    from translate import worklog
    from translate.images import download_images, save_images
    from translate.markdown import parse
    from translate.output import write_files

    site = worklog.find_site(start)
    entry = worklog.locate(site, loaded.identity)
    text = worklog.post_text(loaded.text, entry, loaded.identity, date.today())
    target = entry.folder / f"_index.{settings.target_language}.md"
    if run.dry_run:
        with run.memory() as memory:
            dry_run(parse(text), run.cached(memory), entry.paths(settings.target_language))
        return
    pictures = None
    if images:
        pictures = download_images(text, entry.image_folder, entry.image_prefix)
        for warning in pictures.warnings:
            typer.echo(f"Warning: {warning}", err=True)
        text = pictures.text
    document = parse(text)
    with run.memory() as memory:
        learned = learn(memory, run, target, entry.folder / "_index.md")
        translation = translate(document, run.cached(memory))
    provenance = provenance_of(loaded, settings, run.engine)
    files = worklog.entry_files(entry, text, translation, provenance, loaded.url)
    written = write_files(files, site, force=run.force, protect={target}, learned=learned)
    if pictures is not None:
        written += save_images(pictures.files, site)
    report(written, document, run.engine)


def learn(
    memory: Memory | None, run: Run, target: Path, old_source: Path | None
) -> frozenset[Path]:
    """Learn a hand-edited ``target`` (see ``translate.edits``); ``{target}`` when it may now be
    replaced, else nothing."""
    from translate.edits import learn_edits

    if run.force:
        return frozenset()
    learned = learn_edits(memory, run.context, target, old_source, machine=run.engine.real)
    if learned is None:
        return frozenset()
    typer.echo(
        f"{target} was edited by hand: learned {learned.segments} edited segment(s) into the "
        "translation memory; they are kept, and the old file is saved as a .bak",
        err=True,
    )
    return frozenset({target})


def dry_run(document: Document, translator: Engine, files: list[Path]) -> None:
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


def translate(document: Document, translator: Engine) -> Translation:
    from translate.cli._progress import progress_bar
    from translate.pipeline import translate_document

    with progress_bar("Translating", len(document.segments)) as advance:
        return translate_document(document, translator, advance)


def provenance_of(loaded: Source, settings: Settings, translator: Engine) -> Provenance:
    from translate import output

    return output.Provenance(
        loaded.origin,
        settings.source_language,
        settings.target_language,
        translator.name,
        output.timestamp(),
        memory=translator.usage.memory_others,
    )


def report(written: list[Path], document: Document, translator: Engine) -> None:
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
    summary = getattr(translator, "summary", None)
    if callable(summary):
        typer.echo(f"  {summary()}", err=True)
    if translator.real:
        for line in translator.usage.lines():
            typer.echo(f"  {line}", err=True)
