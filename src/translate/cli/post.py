"""``translate post``: one post, end to end."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from translate.cli._errors import handled
from translate.errors import InputError

if TYPE_CHECKING:
    from translate.config import Settings
    from translate.document import Document
    from translate.engines.base import Engine, EngineContext
    from translate.memory import Kind, Memory
    from translate.output import Provenance
    from translate.pipeline import Translation
    from translate.sources import Source


NOT_TRANSLATIONS = frozenset({"pseudo"})  # engines whose files hold no edits worth learning


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
            help="amazon-translate (Amazon Translate); bedrock (a foundation model on Amazon "
            "Bedrock: --model, --max-cost); memory (offline: the translation memory only, the "
            "rest marked); or pseudo (offline, a visibly fake translation for checking a "
            "pipeline). [default: amazon-translate]",
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
    model: Annotated[
        str | None,
        typer.Option("--model", help="Bedrock model or inference profile id (engine bedrock)."),
    ] = None,
    max_cost: Annotated[
        float | None,
        typer.Option(
            "--max-cost",
            metavar="USD",
            help="Stop before the run would cost more than this (engine bedrock).",
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
            "--force",
            help="Replace a translation edited by hand without learning its edits (the old one "
            "is kept as .bak).",
        ),
    ] = False,
    no_memory: Annotated[
        bool,
        typer.Option(
            "--no-memory",
            help="Do not use the translation memory: send every segment, remember nothing.",
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
        model=model, max_cost=max_cost,
    )  # fmt: skip
    site = _worklog_site(settings, worklog, out, download_images)
    translator, context = _engine(settings, glossary)
    run = _Run(translator, context, None if no_memory else settings.memory_path(), dry_run, force)
    loaded = load_source(source)
    if loaded.warning:
        typer.echo(f"Warning: {loaded.warning}", err=True)
    if site is not None:
        _to_worklog(loaded, site, settings, run, images=download_images)
    else:
        _to_folder(loaded, out, settings, run)


@dataclass(frozen=True)
class _Run:
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


def _engine(settings: Settings, glossary: list[Path] | None) -> tuple[Engine, EngineContext]:
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
        options=_engine_options(settings),
    )
    return create(settings.engine, context), context


def _engine_options(settings: Settings) -> dict[str, object]:
    options: dict[str, object] = {"memory_path": str(settings.memory_path())}
    if settings.model is not None:
        options["model"] = settings.model
    if settings.max_cost is not None:
        options["max_cost_usd"] = settings.max_cost
    return options


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


def _to_folder(loaded: Source, out: Path | None, settings: Settings, run: _Run) -> None:
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
            _dry_run(document, run.cached(memory), [source_copy, target] if pair else [target])
            return
        learned = _learn_edits(memory, run, target, source_copy if pair else None)
        translation = _translate(document, run.cached(memory))
    provenance = _provenance(loaded, settings, run.engine)
    if pair:
        files = {source_copy: loaded.text, target: target_text(translation, provenance)}
    else:
        files = {target: interleaved_text(translation, provenance)}
    written = write_files(files, folder, force=run.force, protect={target}, learned=learned)
    _report(written, document, run.engine)


def _to_worklog(
    loaded: Source, start: Path, settings: Settings, run: _Run, *, images: bool
) -> None:
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
            _dry_run(parse(text), run.cached(memory), entry.paths(settings.target_language))
        return
    pictures = None
    if images:
        pictures = download_images(text, entry.image_folder, entry.image_prefix)
        for warning in pictures.warnings:
            typer.echo(f"Warning: {warning}", err=True)
        text = pictures.text
    document = parse(text)
    with run.memory() as memory:
        learned = _learn_edits(memory, run, target, entry.folder / "_index.md")
        translation = _translate(document, run.cached(memory))
    provenance = _provenance(loaded, settings, run.engine)
    files = worklog.entry_files(entry, text, translation, provenance, loaded.url)
    written = write_files(files, site, force=run.force, protect={target}, learned=learned)
    if pictures is not None:
        written += save_images(pictures.files, site)
    _report(written, document, run.engine)


def _learn_edits(
    memory: Memory | None, run: _Run, target: Path, old_source: Path | None
) -> frozenset[Path]:
    """Learn a hand-edited ``target`` into the memory as human entries (aligned with the source
    it was translated from); ``{target}`` when it may now be replaced, else nothing.

    An edited target that cannot be learned is refused here, before anything is sent.
    """
    from translate.memory import learn_pair
    from translate.output import edited_by_hand, generated

    if run.force or not target.is_file() or not edited_by_hand(target):
        return frozenset()
    if (
        memory is None
        or old_source is None
        or not old_source.is_file()
        or not generated(target)
        or _recorded_engine(target) in NOT_TRANSLATIONS  # a pipeline check, not a translation
    ):
        raise InputError(
            f"{target} was edited by hand since it was generated; "
            "rerun with --force to replace it (the old file is kept as a .bak)"
        )
    c = run.context
    learned = learn_pair(_parsed(old_source), _parsed(target), c.source_language, c.target_language)
    if learned.unmatched:
        lines = ", ".join(str(line) for line in learned.unmatched[:5])
        raise InputError(
            f"{target} was edited by hand, and its block(s) at line(s) {lines} do not match a "
            "source block (a paragraph added or merged, or a link or code span changed), so the "
            "edits cannot be kept; fix them, or rerun with --force to replace the file (the old "
            "one is kept as a .bak)"
        )
    kinds: tuple[Kind, ...] = ("human", "machine" if run.engine.real else "test")
    version = c.glossary.version if c.glossary is not None else ""
    new = memory.store_changed(learned.entries, version, kinds)
    typer.echo(
        f"{target} was edited by hand: learned {new} edited segment(s) into the translation "
        "memory; they are kept, and the old file is saved as a .bak",
        err=True,
    )
    return frozenset({target})


def _recorded_engine(target: Path) -> str | None:
    """The ``engine`` of the target's ``translation:`` provenance, if it has one."""
    from translate.markdown import parse

    front = parse(target.read_text(encoding="utf-8", errors="replace")).front_matter
    record = front.data.get("translation") if front is not None else None
    engine = record.get("engine") if isinstance(record, dict) else None
    return engine if isinstance(engine, str) else None


def _parsed(path: Path) -> Document:
    from translate.markdown import decode, parse

    try:
        return parse(decode(path.read_bytes(), str(path)))
    except InputError as error:
        raise InputError(f"{path}: {error}") from None


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
        output.timestamp(),
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
    summary = getattr(translator, "summary", None)
    if callable(summary):
        typer.echo(f"  {summary()}", err=True)
    if translator.real:
        for line in translator.usage.lines():
            typer.echo(f"  {line}", err=True)
