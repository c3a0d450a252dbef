"""``translate batch``: many posts through Amazon Translate batch jobs.

The run itself is ``translate.run.batch_run`` (each post is written exactly as ``translate post``
writes it, by ``translate.run.post``); this module reads the options and prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from translate.cli import _options
from translate.cli._errors import Interrupted, handled
from translate.errors import InputError

if TYPE_CHECKING:
    from translate.config import Settings
    from translate.run.batch_run import BatchOptions, BatchResult

# The arguments and options of ``translate batch`` (those shared with other commands are in
# ``_options``).
Sources = Annotated[
    list[str] | None,
    typer.Argument(
        help="Posts: Markdown files, saved pages, folders of posts (their README.md left "
        "out), http(s) URLs, or files listing URLs or paths, one a line.",
        metavar="SOURCES...",
        show_default=False,
    ),
]
Bucket = Annotated[
    str | None,
    typer.Option(
        "--bucket",
        metavar="s3://BUCKET/PREFIX",
        help="Where the job documents go (input and output, under one folder per run).",
    ),
]
RoleArn = Annotated[
    str | None,
    typer.Option(
        "--role-arn",
        metavar="ARN",
        help="IAM role Amazon Translate assumes to read and write the bucket.",
    ),
]
Enforce = Annotated[
    str | None,
    typer.Option(
        "--enforce",
        help="strict: glossary terms sent protected and verified; repair: the glossary "
        "synced as a custom terminology for the job, then the segments verified wrong sent "
        "again (their wrong sentences where they line up) with their wrong terms protected "
        "(real-time requests, billed); terminology: the "
        "custom terminology only, results verified; off. [default: strict]",
    ),
]
Layout = Annotated[
    str | None, typer.Option("--layout", help="pair or interleaved. [default: pair]")
]
Worklog = Annotated[
    Path | None,
    typer.Option("--worklog", metavar="SITE", help="File every post into a Hugo worklog."),
]
DryRun = Annotated[
    bool,
    typer.Option(
        "--dry-run",
        help="Print each document with its characters, the number of jobs and the estimated "
        "cost; upload and start nothing.",
    ),
]
Resume = Annotated[
    bool,
    typer.Option(
        "--resume", help="Pick up the last unfinished run: poll its jobs, never start anew."
    ),
]
Force = Annotated[
    bool,
    typer.Option(
        "--force", help="Replace translations edited by hand (kept in .translate/backups/)."
    ),
]


@handled
def batch(
    sources: Sources = None,
    to: _options.To = None,
    from_: _options.From = None,
    bucket: Bucket = None,
    role_arn: RoleArn = None,
    glossary: _options.Glossary = None,
    enforce: Enforce = None,
    out: _options.Out = None,
    layout: Layout = None,
    worklog: Worklog = None,
    profile: _options.Profile = None,
    region: _options.Region = None,
    dry_run: DryRun = False,
    resume: Resume = False,
    force: Force = False,
    accept_partial: _options.AcceptPartial = False,
) -> None:
    """Translate many posts through Amazon Translate batch jobs over S3.

    Batch jobs are Amazon Translate's only: there is no --engine, and an engine setting in
    translate.toml is not used (a note says so); translate posts one by one with `post` for
    another engine.

    Segments already in the translation memory are never sent; the rest go as one HTML
    document per post. A crashed or interrupted run is picked up with --resume.
    """
    from translate.cli import _show
    from translate.config import DEFAULT_ENGINE, load_settings
    from translate.run.batch_run import BatchOptions

    settings = load_settings().merged(
        target_language=to, source_language=from_, glossary=glossary, enforce=enforce,
        layout=layout, profile=profile, region=region,
    )  # fmt: skip
    if settings.engine != DEFAULT_ENGINE:
        _show.note(
            f"Note: batch translates with Amazon Translate's batch jobs only; the engine setting "
            f"({settings.engine}) is not used (use `translate post` for it)"
        )
    if resume and sources:
        raise InputError("--resume takes no SOURCES: it picks up the last unfinished run")
    if not resume and not sources:
        raise InputError("give the posts to translate (SOURCES...), or --resume")
    options = BatchOptions(bucket, role_arn, worklog, out, glossary, dry_run, force, accept_partial)
    try:
        _run(settings, sources or [], options, resume)
    except KeyboardInterrupt:
        raise Interrupted(
            "Interrupted: a dry run; nothing was sent or written."
            if dry_run
            else "Interrupted: the posts written are kept; `translate batch --resume` picks up "
            "a run whose jobs were started (none is started twice); if it finds none, nothing "
            "was sent: run the command again."
        ) from None


def _run(settings: Settings, sources: list[str], options: BatchOptions, resume: bool) -> None:
    from translate.cli import _show
    from translate.run.batch_run import resume_batch, start_batch

    if resume:
        _finished(resume_batch(settings, options.force, _show.hooks()))
        return
    result = start_batch(settings, sources, options, _show.hooks())
    if result.dry_run:
        _estimate(result)
    else:
        _finished(result)


def _estimate(result: BatchResult) -> None:
    manifest = result.manifest
    for document in manifest.documents.values():
        typer.echo(f"{document.name}\t{document.characters} characters")
    planned = [p for p in manifest.posts if p.state == "planned"]
    typer.echo(
        f"Would send {len(manifest.documents)} document(s) for {len(planned)} post(s) "
        f"({result.characters} characters) in {len(manifest.jobs)} job(s): estimated cost "
        f"USD {result.cost_usd():.4f} (USD 15 per million characters)"
    )
    if _report_failed(result):
        raise typer.Exit(1)  # as the run itself would end


def _finished(result: BatchResult) -> None:
    typer.echo(
        f"Batch run {result.manifest.name}: {len(result.written)} post(s) written.", err=True
    )
    if _report_failed(result):
        raise typer.Exit(1)


def _report_failed(result: BatchResult) -> bool:
    for post in result.failed:
        named = post.name and post.name != post.origin  # a URL that failed is named by itself
        where = f"{post.name} ({post.origin})" if named else post.origin
        typer.echo(f"Failed: {where}: {post.error}", err=True)
    return bool(result.failed)
