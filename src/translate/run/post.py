"""One post, end to end: what ``translate post`` does once its options are read.

``translate_post`` loads a source, opens the translation memory, wraps the engine behind it,
learns a translation edited by hand, translates, guards the structure and writes the files into
a folder or a Hugo worklog site, then returns a ``PostResult`` (files written, segments, usage).
It raises ``TranslateError``s and never prints: warnings and news reach the caller through the
``Hooks`` it passes, and a progress bar is one of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from translate.errors import InputError

if TYPE_CHECKING:
    from translate.config import Settings
    from translate.document import Document, Translation
    from translate.engines.base import Engine, EngineContext, Usage
    from translate.memory import Memory
    from translate.output import Provenance
    from translate.source.sources import Source

Advance = Callable[[int], None]
ProgressBar = Callable[[str, int], AbstractContextManager[Advance]]


@contextmanager
def no_progress(description: str, total: int) -> Iterator[Advance]:
    """The progress a caller gets when it asks for none."""
    yield lambda n: None


def _ignore(message: str) -> None:
    pass


@dataclass(frozen=True)
class Hooks:
    """How a run talks to its caller while it works (every hook is optional).

    ``warn``: something went wrong but the run goes on (the command line prints
    ``Warning: <message>``); ``note``: news the user should see (a hand edit learned, a batch job
    started); ``progress(description, total)``: a context yielding ``advance(n)``;
    ``posted``: a post was finished (``translate batch`` finishes many).
    """

    warn: Callable[[str], None] = _ignore
    note: Callable[[str], None] = _ignore
    progress: ProgressBar = no_progress
    posted: Callable[[PostResult], None] = lambda result: None


@dataclass(frozen=True)
class PostOptions:
    """What one run asks beyond the settings: where to write and how."""

    out: Path | None = None  # the output folder (default: the ``out`` setting)
    worklog: Path | None = None  # a Hugo worklog site, or a folder inside one
    download_images: bool = False  # with a worklog: copy the images into the site
    dry_run: bool = False  # translate and write nothing; say what would be done
    force: bool = False  # replace a translation edited by hand without learning it
    memory: bool = True  # use the translation memory
    glossary: list[Path] | None = None  # glossary files or folders (default: the settings')
    accept_partial: bool = False  # translate a page's article even when it came out partial
    accept_wrong_terms: bool = False  # bedrock: write terms still wrong after repairs (counted)
    source_url: str | None = None  # the original post's URL (a saved page, a file)
    source_given: bool = False  # --from was given: trust it, even for a post in the target language


@dataclass(frozen=True)
class PostResult:
    """What a run did: the files written (none on a dry run) and what the engine did."""

    written: list[Path]
    segments: int
    characters: int
    engine: str
    real: bool  # False for the pseudo engine: the text is not a translation
    usage: Usage  # what the engine's calls cost (an estimate on a dry run)
    summary: str | None = None  # the engine's own summary (the memory engine has one)
    dry_run: bool = False
    planned: list[Path] = field(default_factory=list)  # a dry run: what would be written
    unchanged: list[Path] = field(default_factory=list)  # left as they were: nothing new in them
    over_max_cost: str | None = None  # a dry run: why the run would be refused by --max-cost


def translate_post(
    source: str | Path,
    settings: Settings,
    options: PostOptions | None = None,
    hooks: Hooks | None = None,
) -> PostResult:
    """Translate one post (an http(s) URL, a saved ``.html`` page or a Markdown file).

    Nothing is written unless the translation keeps the source's structure; a translation edited
    by hand is learned into the memory first (or refused, unless ``force``).
    """
    from translate.source.sources import load_source

    options = options or PostOptions()
    hooks = hooks or Hooks()
    site = worklog_site(settings, options.worklog, options.out, options.download_images)
    translator, context = build_engine(
        settings,
        options.glossary,
        accept_wrong_terms=options.accept_wrong_terms,
        memory=options.memory,
    )
    memory_path = settings.memory_path() if options.memory else None
    run = Run(translator, context, memory_path, options.dry_run, options.force, hooks)
    loaded = load_source(str(source), accept_partial=options.accept_partial, url=options.source_url)
    if not options.source_given:
        refuse_target_language(loaded, settings)
    if loaded.warning:
        hooks.warn(loaded.warning)
    if loaded.local_images and not options.download_images:
        hooks.warn(
            f"{loaded.local_images} image(s) of {source} are files saved beside it, linked as "
            "file: URLs; give --worklog SITE --download-images to copy them into the site"
        )
    if site is not None:
        warn_languages(site, settings, hooks)
        return to_worklog(loaded, site, settings, run, images=options.download_images)
    return to_folder(loaded, options.out, settings, run)


def refuse_target_language(loaded: Source, settings: Settings) -> None:
    """Raise ``InputError`` when ``loaded`` is already written in the language to translate it
    into (its page declares it, or its text plainly is)."""
    from translate.glossary.languages import language_code

    target = language_code(settings.target_language)
    if loaded.language is None or language_code(loaded.language) != target:
        return
    raise InputError(
        f"{loaded.origin} is already in {target}, the language asked for (--to {target}); "
        f"nothing was written. To translate it from {target}, give --from {target} and another "
        f"--to; if its text is in fact in {settings.source_language}, give "
        f"--from {settings.source_language}"
    )


def build_engine(
    settings: Settings,
    glossary: list[Path] | None,
    *,
    accept_wrong_terms: bool = False,
    memory: bool = True,
) -> tuple[Engine, EngineContext]:
    """The engine, built with the glossary and AWS options (no request is made yet); with the
    ``memory``, an engine that learns what its runs cost keeps it there."""
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
        options=_engine_options(settings, accept_wrong_terms, memory),
    )
    return create(settings.engine, context), context


def _engine_options(
    settings: Settings, accept_wrong_terms: bool, memory: bool
) -> dict[str, object]:
    options: dict[str, object] = {
        "memory_path": str(settings.memory_path()),
        **dict(settings.bedrock),
    }
    if memory:
        options["cost_history"] = str(settings.memory_path())
    if accept_wrong_terms:
        options["accept_wrong_terms"] = True
    if settings.model is not None:
        options["model"] = settings.model
    if settings.max_cost is not None:
        options["max_cost_usd"] = settings.max_cost
    return options


def worklog_site(
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


def warn_languages(start: Path, settings: Settings, hooks: Hooks) -> None:
    """Warn when the Hugo config of the site around ``start`` contradicts the files a post is
    filed as (``translate.output.worklog.language_problem``)."""
    from translate.output import worklog

    site = worklog.find_site(start)
    problem = worklog.language_problem(site, settings.source_language, settings.target_language)
    if problem:
        hooks.warn(problem)


@dataclass(frozen=True)
class Run:
    """What every step of one post needs: the engine, its context, the memory, the flags."""

    engine: Engine
    context: EngineContext
    memory_path: Path | None
    dry_run: bool
    force: bool
    hooks: Hooks = Hooks()

    @contextmanager
    def memory(self) -> Iterator[Memory | None]:
        """The translation memory, opened now (created unless this is a dry run), or None. A
        memory this run created is removed again when the run fails before storing anything."""
        from translate.memory import Memory

        path = self.memory_path
        if path is None or (self.dry_run and not path.exists()):
            yield None
            return
        created = [p for p in (path.parent, path) if not p.exists()]
        memory = Memory.open(path)
        failed_empty = False
        try:
            yield memory
        except BaseException:
            failed_empty = path in created and memory.is_empty()
            raise
        finally:
            memory.close()
            if failed_empty:
                _remove(path, created)

    def check_writable(self, files: list[Path]) -> None:
        """Refuse (``InputError``) before anything is created or translated when one of
        ``files`` or the memory could not be written; a dry run writes nothing."""
        from translate.files import check_writable

        if self.dry_run:
            return
        for file in files:
            check_writable(file)
        if self.memory_path is not None:
            check_writable(self.memory_path, in_place=True)

    def cached(self, memory: Memory | None) -> Engine:
        """The engine behind the memory (as it is without one; the memory engine is one)."""
        from translate.engines.cached import CachedEngine

        if memory is None or self.engine.name == "memory":
            return self.engine
        return CachedEngine(self.engine, memory, self.context)


def _remove(path: Path, created: list[Path]) -> None:
    """Remove the memory file at ``path`` (and its folder when it was ``created`` and is left
    empty): a failed run leaves nothing behind."""
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        file.unlink(missing_ok=True)
    if path.parent in created:
        with suppress(OSError):
            path.parent.rmdir()


def to_folder(loaded: Source, out: Path | None, settings: Settings, run: Run) -> PostResult:
    """Translate ``loaded`` into ``OUT/<slug>/`` (a pair of files, or one interleaved file)."""
    from translate.document.markdown import parse
    from translate.output import interleaved_text, target_text, write_files

    document = parse(loaded.text)
    folder = out if out is not None else settings.resolve(settings.out)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"--out {folder} is a file, not a folder")
    target = folder / loaded.slug / f"_index.{settings.target_language}.md"
    source_copy = folder / loaded.slug / "_index.md"
    pair = settings.layout != "interleaved"
    run.check_writable([source_copy, target] if pair else [target])
    with run.memory() as memory:
        if run.dry_run:
            planned = [source_copy, target] if pair else [target]
            return dry_run(document, run.cached(memory), planned, settings)
        learned = learn(memory, run, target, source_copy if pair else None)
        translation = translate(document, run.cached(memory), run.hooks)
    provenance = provenance_of(loaded, settings, run.engine)
    if pair:
        files = {source_copy: loaded.text, target: target_text(translation, provenance)}
    else:
        files = {target: interleaved_text(translation, provenance)}
    written = write_files(files, folder, force=run.force, protect={target}, learned=learned)
    return result(written, document, run.engine, [p for p in files if p not in written])


def to_worklog(
    loaded: Source, start: Path, settings: Settings, run: Run, *, images: bool
) -> PostResult:
    """Translate ``loaded`` into its entry of the worklog site around ``start``."""
    from translate.document.markdown import parse
    from translate.output import worklog, write_files
    from translate.output.images import download_images, save_images

    site = worklog.find_site(start)
    language = settings.target_language
    entry, text, guessed = worklog.filed(
        site, loaded.text, loaded.url, loaded.slug, language, date.today()
    )
    if guessed is not None:
        run.hooks.warn(
            f"{loaded.origin} has no title (no `title:` and no heading opening it): filed as "
            f'"{guessed}", from its name; give it a `title:` (or a <title>) and file it again'
        )
    worklog.check_section(entry, language)
    target = entry.folder / f"_index.{settings.target_language}.md"
    run.check_writable(entry.paths(settings.target_language))
    if run.dry_run:
        with run.memory() as memory:
            paths = entry.paths(settings.target_language)
            return dry_run(parse(text), run.cached(memory), paths, settings)
    pictures = None
    if images:
        pictures = download_images(text, entry.image_folder, entry.image_prefix)
        for warning in pictures.warnings:
            run.hooks.warn(warning)
        text = pictures.text
    document = parse(text)
    with run.memory() as memory:
        learned = learn(memory, run, target, entry.folder / "_index.md")
        translation = translate(document, run.cached(memory), run.hooks)
    provenance = provenance_of(loaded, settings, run.engine)
    files = worklog.entry_files(entry, text, translation, provenance, loaded.url)
    written = write_files(files, site, force=run.force, protect={target}, learned=learned)
    if pictures is not None:
        written += save_images(pictures.files, site)
    return result(written, document, run.engine, [p for p in files if p not in written])


def learn(
    memory: Memory | None, run: Run, target: Path, old_source: Path | None
) -> frozenset[Path]:
    """Learn a hand-edited ``target`` (see ``translate.memory.edits``); ``{target}`` when it may
    now be replaced, else nothing."""
    from translate.memory.edits import learn_edits

    if run.force:
        return frozenset()
    context = run.context
    learned = learn_edits(
        memory,
        target,
        old_source,
        context.source_language,
        context.target_language,
        glossary=context.glossary,
        machine=run.engine.real,
    )
    if learned is None:
        return frozenset()
    run.hooks.note(
        f"{target} was edited by hand: learned {learned.segments} edited segment(s) into the "
        "translation memory; they are kept, and the old file is saved in .translate/backups/ "
        "(listed below)"
    )
    return frozenset({target})


def dry_run(
    document: Document, translator: Engine, files: list[Path], settings: Settings
) -> PostResult:
    """What a run would do: the segments, an estimate of the cost, the files, and whether
    ``--max-cost`` would refuse the run (checked on the estimate's upper end, as the run does)."""
    characters = sum(len(segment.plain) for segment in document.segments)
    estimate = translator.estimate(document.segments)
    return PostResult(
        [], len(document.segments), characters, translator.name, translator.real, estimate,
        dry_run=True, planned=files, over_max_cost=_over_max_cost(estimate, settings),
    )  # fmt: skip


#: The engines that take ``--max-cost``.
MAX_COST_ENGINES = frozenset({"bedrock"})


def _over_max_cost(estimate: Usage, settings: Settings) -> str | None:
    """The refusal the run would meet from ``--max-cost``, in its words, or None."""
    limit = settings.max_cost
    if limit is None or settings.engine not in MAX_COST_ENGINES:
        return None
    if max(estimate.cost_usd, estimate.cost_high_usd) <= limit:
        return None
    from translate.config import DEFAULT_MODEL

    return estimate.over_max_cost(settings.model or DEFAULT_MODEL, limit)


def translate(document: Document, translator: Engine, hooks: Hooks) -> Translation:
    from translate.run.pipeline import translate_document

    with hooks.progress("Translating", len(document.segments)) as advance:
        return translate_document(document, translator, advance)


def provenance_of(loaded: Source, settings: Settings, translator: Engine) -> Provenance:
    from translate import output

    return output.Provenance(
        loaded.url,
        settings.source_language,
        settings.target_language,
        translator.name,
        output.timestamp(),
        memory=translator.usage.memory_others,
    )


def result(
    written: list[Path], document: Document, translator: Engine, unchanged: list[Path]
) -> PostResult:
    characters = sum(len(segment.plain) for segment in document.segments)
    summary = getattr(translator, "summary", None)
    return PostResult(
        written, len(document.segments), characters, translator.name, translator.real,
        translator.usage, summary() if callable(summary) else None, unchanged=unchanged,
    )  # fmt: skip
