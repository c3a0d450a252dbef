"""The steps of ``translate batch`` after its options are read: plan the posts, submit and
poll the jobs, then render and write each post as ``translate post`` does."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from translate.errors import EngineError, InputError, TranslateError

if TYPE_CHECKING:
    from translate.batch import Answers, DocumentPlan, JobPlan, Limits, Manifest, PostPlan
    from translate.batch_jobs import Clients, Polling
    from translate.config import Settings
    from translate.engines._html import Event
    from translate.engines.base import EngineContext
    from translate.memory import Memory
    from translate.sources import Source


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
    ) -> State:
        from translate import batch
        from translate.cli.post import _engine, _worklog_site

        start = _worklog_site(settings, site, out, False)
        paths = [p.resolve() for p in settings.glossary_paths(glossary)]
        _, context = _engine(settings.merged(engine="amazon-translate"), paths)
        site_root = None
        if start is not None:
            from translate.worklog import find_site

            site_root = find_site(start).resolve()
        folder = (out if out is not None else settings.resolve(settings.out)).resolve()
        return cls(settings, context, site_root, folder, force, batch.LIMITS, paths)

    @property
    def glossary_version(self) -> str:
        g = self.context.glossary
        return g.version if g is not None else ""

    def folder(self) -> Path:
        from translate.batch import manifest_folder

        return manifest_folder(self.settings.memory_path())

    def clients(self) -> Clients:
        from translate.batch_jobs import clients

        return clients(self.settings.profile, self.settings.region)


# --- planning ----------------------------------------------------------------------------------


def plan(
    state: State, sources: list[str], bucket: str, role_arn: str, dry_run: bool
) -> Manifest | None:
    from translate.batch import Manifest, expand_sources, group_jobs, run_name
    from translate.batch_jobs import parse_bucket

    name = run_name(datetime.now(UTC))
    bucket_name, prefix = parse_bucket(bucket)
    s, site = state.settings, state.site
    manifest = Manifest(
        name, s.source_language, s.target_language, bucket_name, prefix, role_arn, s.enforce,
        [str(p) for p in state.glossary], state.glossary_version,
        None if site else str(state.out), str(site) if site else None, s.layout, s.region,
    )  # fmt: skip
    texts = _plan_posts(state, expand_sources(sources), manifest, dry_run)
    manifest.jobs = group_jobs(name, list(manifest.documents.values()), state.limits)
    if dry_run:
        _print_estimate(manifest)
        return None
    if manifest.jobs:
        _submit(state, manifest, texts)
    return manifest


def _plan_posts(
    state: State, origins: list[str], manifest: Manifest, dry_run: bool
) -> dict[str, str]:
    from translate.batch import JobEngine, PostPlan
    from translate.cli._post_steps import Run
    from translate.cli._progress import progress_bar

    texts: dict[str, str] = {}
    run = Run(JobEngine(state.context), state.context, state.settings.memory_path(), dry_run, False)
    with run.memory() as memory, progress_bar("Planning", len(origins)) as advance:
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
    from translate.batch import JobEngine, post_documents
    from translate.cli._post_steps import Run
    from translate.markdown import parse
    from translate.sources import load_source

    loaded = load_source(post.origin)
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
    from translate import worklog

    entry = worklog.locate(state.site, loaded.identity)
    return worklog.post_text(loaded.text, entry, loaded.identity, date.today())


def _absolute(origin: str) -> str:
    return origin if "://" in origin else str(Path(origin).resolve())


def _print_estimate(manifest: Manifest) -> None:
    from translate.batch import cost_usd

    for document in manifest.documents.values():
        typer.echo(f"{document.name}\t{document.characters} characters")
    characters = sum(d.characters for d in manifest.documents.values())
    planned = [p for p in manifest.posts if p.state == "planned"]
    typer.echo(
        f"Would send {len(manifest.documents)} document(s) for {len(planned)} post(s) "
        f"({characters} characters) in {len(manifest.jobs)} job(s): estimated cost "
        f"USD {cost_usd(characters):.4f} (USD 15 per million characters)"
    )
    if _report_failed(manifest):
        raise typer.Exit(1)  # as the run itself would end


def _submit(state: State, manifest: Manifest, texts: dict[str, str]) -> None:
    from translate.batch import save_manifest
    from translate.batch_jobs import upload

    c = state.clients()
    manifest.terminology = _terminology(state, c)
    for job in manifest.jobs:
        upload(c.s3, manifest, job, texts)
    path = save_manifest(manifest, state.folder())
    typer.echo(f"Batch run {manifest.name}: manifest {path}", err=True)


def _terminology(state: State, c: Clients) -> list[str]:
    """The custom terminology for the jobs: the glossary synced, in ``terminology`` mode."""
    glossary = state.context.glossary
    if state.settings.enforce != "terminology" or glossary is None or glossary.is_empty:
        return []  # strict: every term is sent protected (as the amazon-translate engine does)
    from translate.glossary.sync import sync_terminology

    return [sync_terminology(glossary, client_factory=lambda: c.translate).name]


# --- resuming ----------------------------------------------------------------------------------


# --- jobs, outputs, posts ----------------------------------------------------------------------


def finish(state: State, manifest: Manifest) -> None:
    from translate.batch import save_manifest
    from translate.batch_jobs import run_jobs

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
            progress=lambda m: _progress(m, seen),
            polling=_polling(),
        )
    save_manifest(manifest, folder)
    _summary(manifest)


def _save(manifest: Manifest, folder: Path) -> None:
    from translate.batch import save_manifest

    save_manifest(manifest, folder)


def _polling() -> Polling:
    from translate import batch_jobs

    return batch_jobs.POLLING  # tests poll faster


def _progress(manifest: Manifest, seen: dict[str, str]) -> None:
    for job in manifest.jobs:
        status = "done" if job.done else job.status
        if seen.get(job.name) != status:
            seen[job.name] = status
            typer.echo(f"job {job.name} ({job.job_id or 'not started'}): {status}", err=True)


def _job_finished(state: State, manifest: Manifest, job: JobPlan, c: Clients) -> None:
    """Read the job's output back, then handle every post whose documents are all back."""
    from translate.batch import FINISHED

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
    from translate.batch_jobs import outputs
    from translate.engines._html import parse_response

    if job.name in state.fetched:
        return
    for name, html in outputs(c.s3, manifest, job).items():
        state.outputs[name] = parse_response(html)
    state.fetched.add(job.name)


def _answers(state: State, manifest: Manifest, post: PostPlan) -> Answers | None:
    from translate.batch import read_answers

    try:
        return read_answers(manifest.post_documents(post), lambda n: state.outputs[n])
    except EngineError as error:
        post.state, post.error = "failed", str(error)
        return None


def _render(state: State, manifest: Manifest, post: PostPlan, answers: Answers | None) -> None:
    """Translate (memory first, then the job's answers), verify, render and write one post."""
    from translate.batch import JobEngine
    from translate.cli._post_steps import Run, to_folder, to_worklog
    from translate.sources import load_source

    if answers is None:
        return
    run = Run(JobEngine(state.context, answers), state.context,
               state.settings.memory_path(), False, state.force)  # fmt: skip
    try:
        loaded = load_source(post.origin)
        if state.site is not None:
            to_worklog(loaded, state.site, state.settings, run, images=False)
        else:
            to_folder(loaded, state.out, state.settings, run)
    except TranslateError as error:
        post.state, post.error = "failed", str(error)
        return
    post.state = "written"


def _summary(manifest: Manifest) -> None:
    written = sum(1 for p in manifest.posts if p.state == "written")
    typer.echo(f"Batch run {manifest.name}: {written} post(s) written.", err=True)
    if _report_failed(manifest):
        raise typer.Exit(1)


def _report_failed(manifest: Manifest) -> bool:
    failed = [p for p in manifest.posts if p.state == "failed"]
    for post in failed:
        typer.echo(f"Failed: {post.name} ({post.origin}): {post.error}", err=True)
    return bool(failed)
