"""Many posts through Amazon Translate batch jobs: what ``translate batch`` does once its options
are read.

``start_batch`` plans the posts (segments the translation memory already holds are never sent),
uploads one HTML document per post (or several, under the service limits) and submits the jobs;
then, as each job finishes, every post whose documents are all back is translated (memory first,
then the job's answers), verified and written exactly as ``translate_post`` writes it.
``resume_batch`` picks up the last unfinished run from its manifest. Both return a
``BatchResult`` and never print: news reaches the caller through the ``Hooks`` it passes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from translate.errors import EngineError, InputError, TranslateError
from translate.run.post import (
    Hooks,
    Run,
    build_engine,
    to_folder,
    to_worklog,
    warn_languages,
    worklog_site,
)

if TYPE_CHECKING:
    from translate.config import Settings
    from translate.engines._html import Event
    from translate.engines.base import EngineContext
    from translate.memory import Memory
    from translate.run.batch import Answers, DocumentPlan, JobPlan, Limits, Manifest, PostPlan
    from translate.run.jobs import Clients, Polling
    from translate.source.sources import Source


@dataclass(frozen=True)
class BatchOptions:
    """What one batch run asks beyond the settings."""

    bucket: str | None = None  # s3://BUCKET/PREFIX for the jobs' input and output
    role_arn: str | None = None  # the IAM role Amazon Translate reads and writes S3 with
    worklog: Path | None = None  # file the posts into this Hugo worklog site
    out: Path | None = None  # the output folder (default: the ``out`` setting)
    glossary: list[Path] | None = None  # glossary files or folders (default: the settings')
    dry_run: bool = False  # plan and estimate; send and write nothing
    force: bool = False  # replace translations edited by hand
    accept_partial: bool = False  # translate a page's article even when it came out partial


@dataclass(frozen=True)
class BatchResult:
    """A batch run's manifest as it ended (every post planned, written or failed)."""

    manifest: Manifest
    dry_run: bool = False

    @property
    def written(self) -> list[PostPlan]:
        return [p for p in self.manifest.posts if p.state == "written"]

    @property
    def failed(self) -> list[PostPlan]:
        return [p for p in self.manifest.posts if p.state == "failed"]

    @property
    def characters(self) -> int:
        return sum(d.characters for d in self.manifest.documents.values())

    def cost_usd(self) -> float:
        """The estimated cost of the characters sent."""
        from translate.run.batch import cost_usd

        return cost_usd(self.characters)


def start_batch(
    settings: Settings, sources: list[str], options: BatchOptions, hooks: Hooks | None = None
) -> BatchResult:
    """Plan ``sources`` (files, folders, URLs); unless a dry run, submit the jobs and finish."""
    o = options
    if not o.dry_run and (o.bucket is None or o.role_arn is None):
        raise InputError("give --bucket s3://BUCKET/PREFIX and --role-arn ARN (or --dry-run)")
    state = State.new(settings, o.glossary, o.worklog, o.out, o.force, hooks or Hooks())
    state.accept_partial = o.accept_partial
    manifest = plan(state, sources, o.bucket or "s3://dry-run", o.role_arn or "", o.dry_run)
    if o.dry_run:
        return BatchResult(manifest, dry_run=True)
    finish(state, manifest)
    return BatchResult(manifest)


def resume_batch(settings: Settings, force: bool, hooks: Hooks | None = None) -> BatchResult:
    """Pick up the last unfinished batch run, as its manifest recorded it."""
    from translate.run.batch import load_manifest, manifest_folder, unfinished_manifest

    hooks = hooks or Hooks()
    path = unfinished_manifest(manifest_folder(settings.memory_path()))
    m = load_manifest(path)
    hooks.note(f"Resuming batch run {m.name} ({path})")
    settings = settings.merged(
        source_language=m.source_language, target_language=m.target_language,
        enforce=m.enforce, layout=m.layout, region=m.region or settings.region,
    )  # fmt: skip
    worklog = Path(m.worklog) if m.worklog else None
    out = Path(m.out) if m.out and not worklog else None
    state = State.new(settings, [Path(g) for g in m.glossary], worklog, out, force, hooks)
    state.accept_partial = m.accept_partial
    if state.glossary_version != m.glossary_version:
        raise InputError(
            f"the glossary changed since batch run {m.name} started; its output was made with "
            "the old one - start a new run with `translate batch SOURCES`"
        )
    finish(state, m)
    return BatchResult(m)


# --- one run's state ---------------------------------------------------------------------------


@dataclass
class State:
    settings: Settings
    context: EngineContext
    site: Path | None
    out: Path | None
    force: bool
    limits: Limits
    glossary: list[Path]
    hooks: Hooks
    accept_partial: bool = False
    outputs: dict[str, list[list[Event]]] = field(default_factory=dict)
    fetched: set[str] = field(default_factory=set)

    @classmethod
    def new(
        cls,
        settings: Settings,
        glossary: list[Path] | None,
        site: Path | None,
        out: Path | None,
        force: bool,
        hooks: Hooks,
    ) -> State:
        from translate.run import batch

        start = worklog_site(settings, site, out, False)
        paths = [p.resolve() for p in settings.glossary_paths(glossary)]
        _, context = build_engine(settings.merged(engine="amazon-translate"), paths)
        site_root = None
        if start is not None:
            from translate.output.worklog import find_site

            site_root = find_site(start).resolve()
            warn_languages(site_root, settings, hooks)
        folder = (out if out is not None else settings.resolve(settings.out)).resolve()
        return cls(settings, context, site_root, folder, force, batch.LIMITS, paths, hooks)

    @property
    def glossary_version(self) -> str:
        g = self.context.glossary
        return g.version if g is not None else ""

    def folder(self) -> Path:
        from translate.run.batch import manifest_folder

        return manifest_folder(self.settings.memory_path())

    def clients(self) -> Clients:
        from translate.run.jobs import clients

        return clients(self.settings.profile, self.settings.region)


# --- planning ----------------------------------------------------------------------------------


def plan(state: State, sources: list[str], bucket: str, role_arn: str, dry_run: bool) -> Manifest:
    """The manifest of a new run: its posts, documents and jobs (submitted unless a dry run)."""
    from translate.run.batch import Manifest, expand_sources, group_jobs, run_name
    from translate.run.jobs import parse_bucket

    name = run_name(datetime.now(UTC))
    bucket_name, prefix = parse_bucket(bucket)
    s, site = state.settings, state.site
    manifest = Manifest(
        name, s.source_language, s.target_language, bucket_name, prefix, role_arn, s.enforce,
        [str(p) for p in state.glossary], state.glossary_version,
        None if site else str(state.out), str(site) if site else None, s.layout, s.region,
        accept_partial=state.accept_partial,
    )  # fmt: skip
    texts = _plan_posts(state, expand_sources(sources), manifest, dry_run)
    manifest.jobs = group_jobs(name, list(manifest.documents.values()), state.limits)
    if manifest.jobs and not dry_run:
        _submit(state, manifest, texts)
    return manifest


def _plan_posts(
    state: State, origins: list[str], manifest: Manifest, dry_run: bool
) -> dict[str, str]:
    from translate.run.batch import JobEngine, PostPlan

    texts: dict[str, str] = {}
    run = Run(JobEngine(state.context), state.context, state.settings.memory_path(), dry_run, False)
    with run.memory() as memory, state.hooks.progress("Planning", len(origins)) as advance:
        for origin in origins:
            post = PostPlan("", _absolute(origin))
            try:
                documents = _plan_post(state, post, memory, manifest)
            except TranslateError as error:
                post.name, post.state, post.error = post.name or origin, "failed", str(error)
                documents = []
            manifest.posts.append(post)
            for plan, html in documents:
                manifest.documents[plan.name] = plan
                texts[plan.name] = html
            advance(1)
    return texts


def _plan_post(
    state: State, post: PostPlan, memory: Memory | None, manifest: Manifest
) -> list[tuple[DocumentPlan, str]]:
    from translate.document.markdown import parse
    from translate.run.batch import JobEngine, post_documents
    from translate.source.sources import load_source

    loaded = load_source(post.origin, accept_partial=state.accept_partial)
    if loaded.warning:
        state.hooks.warn(loaded.warning)
    post.name = loaded.slug
    if any(p.name == loaded.slug for p in manifest.posts):
        raise InputError(f"another post in this batch has the slug {loaded.slug}")
    engine = JobEngine(state.context)
    run = Run(engine, state.context, None, False, state.force)
    run.cached(memory).estimate(parse(_text(state, loaded)).segments)
    documents = post_documents(loaded.slug, engine.planned, state.limits)
    post.documents = [plan.name for plan, _ in documents]
    return documents


def _text(state: State, loaded: Source) -> str:
    """The Markdown ``post`` would translate: the source, with the worklog's front matter."""
    if state.site is None:
        return loaded.text
    from translate.output import worklog

    language = state.settings.target_language
    return worklog.filed(state.site, loaded.text, loaded.url, loaded.slug, language, date.today())[
        1
    ]


def _absolute(origin: str) -> str:
    return origin if "://" in origin else str(Path(origin).resolve())


def _submit(state: State, manifest: Manifest, texts: dict[str, str]) -> None:
    from translate.run.batch import save_manifest
    from translate.run.jobs import upload

    c = state.clients()
    manifest.terminology = _terminology(state, c)
    for job in manifest.jobs:
        upload(c.s3, manifest, job, texts)
    path = save_manifest(manifest, state.folder())
    state.hooks.note(f"Batch run {manifest.name}: manifest {path}")


def _terminology(state: State, c: Clients) -> list[str]:
    """The custom terminology for the jobs: the glossary synced, in ``terminology`` and
    ``repair`` modes."""
    glossary = state.context.glossary
    if state.settings.enforce not in ("terminology", "repair") or not glossary or glossary.is_empty:
        return []  # strict: every term is sent protected (as the amazon-translate engine does)
    from translate.glossary.sync import sync_terminology

    return [sync_terminology(glossary, client_factory=lambda: c.translate).name]


# --- jobs, outputs, posts ----------------------------------------------------------------------


def finish(state: State, manifest: Manifest) -> None:
    from translate.run.batch import save_manifest
    from translate.run.jobs import run_jobs

    folder = state.folder()
    for post in manifest.posts:  # all in memory: nothing to wait for
        if post.state == "planned" and not post.documents:
            _render(state, manifest, post, {})
    if manifest.jobs:
        c = state.clients()
        seen: dict[str, str] = {}
        run_jobs(
            c.translate,
            manifest,
            state.limits,
            on_change=lambda: _save(manifest, folder),
            on_finished=lambda job: _job_finished(state, manifest, job, c),
            progress=lambda m: _progress(state.hooks, m, seen),
            polling=_polling(),
        )
    save_manifest(manifest, folder)


def _save(manifest: Manifest, folder: Path) -> None:
    from translate.run.batch import save_manifest

    save_manifest(manifest, folder)


def _polling() -> Polling:
    from translate.run import jobs as batch_jobs

    return batch_jobs.POLLING  # tests poll faster


def _progress(hooks: Hooks, manifest: Manifest, seen: dict[str, str]) -> None:
    for job in manifest.jobs:
        status = "done" if job.done else job.status
        if seen.get(job.name) != status:
            seen[job.name] = status
            hooks.note(f"job {job.name} ({job.job_id or 'not started'}): {status}")


def _job_finished(state: State, manifest: Manifest, job: JobPlan, c: Clients) -> None:
    """Read the job's output back, then handle every post whose documents are all back."""
    from translate.run.batch import FINISHED

    _fetch(state, manifest, job, c)
    owner = {name: j for j in manifest.jobs for name in j.documents}
    for post in manifest.posts:
        jobs = {owner[name].name: owner[name] for name in post.documents}
        if post.state != "planned" or job.name not in jobs:
            continue
        if any(j.status not in FINISHED for j in jobs.values()):
            continue  # another of its documents is still being translated
        for other in jobs.values():
            _fetch(state, manifest, other, c)
        failed = [f"{name}: {e}" for j in jobs.values() for name, e in j.failed.items()
                  if name in post.documents]  # fmt: skip
        if failed:
            post.state, post.error = "failed", f"the batch job failed {'; '.join(failed)}"
            continue
        _render(state, manifest, post, _answers(state, manifest, post))


def _fetch(state: State, manifest: Manifest, job: JobPlan, c: Clients) -> None:
    from translate.engines._html import parse_response
    from translate.run.jobs import outputs

    if job.name in state.fetched:
        return
    for name, html in outputs(c.s3, manifest, job).items():
        state.outputs[name] = parse_response(html)
    state.fetched.add(job.name)


def _answers(state: State, manifest: Manifest, post: PostPlan) -> Answers | None:
    from translate.run.batch import read_answers

    try:
        return read_answers(manifest.post_documents(post), lambda n: state.outputs[n])
    except EngineError as error:
        post.state, post.error = "failed", str(error)
        return None


def _render(state: State, manifest: Manifest, post: PostPlan, answers: Answers | None) -> None:
    """Translate (memory first, then the job's answers), verify, render and write one post."""
    from translate.run.batch import JobEngine
    from translate.source.sources import load_source

    if answers is None:
        return
    run = Run(JobEngine(state.context, answers), state.context,
               state.settings.memory_path(), False, state.force, state.hooks)  # fmt: skip
    try:
        loaded = load_source(post.origin, accept_partial=state.accept_partial)
        if state.site is not None:
            result = to_worklog(loaded, state.site, state.settings, run, images=False)
        else:
            result = to_folder(loaded, state.out, state.settings, run)
    except TranslateError as error:
        post.state, post.error = "failed", str(error)
        return
    post.state = "written"
    state.hooks.posted(result)
