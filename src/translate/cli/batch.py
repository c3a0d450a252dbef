"""``translate batch``: many posts through Amazon Translate batch jobs (see ``translate.batch``).

Each post is planned, then rendered and written exactly as ``translate post`` does it (the
same ``to_folder`` / ``to_worklog`` of ``cli._post_steps``), with an engine that answers from
the job's output.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from translate.cli import _options
from translate.cli._errors import handled
from translate.errors import InputError

if TYPE_CHECKING:
    from translate.config import Settings


@handled
def batch(
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            help="Posts: Markdown files, saved pages, folders of posts, http(s) URLs, or files "
            "listing URLs or paths, one a line.",
            metavar="SOURCES...",
            show_default=False,
        ),
    ] = None,
    to: _options.To = None,
    from_: _options.From = None,
    bucket: Annotated[
        str | None,
        typer.Option(
            "--bucket",
            metavar="s3://BUCKET/PREFIX",
            help="Where the job documents go (input and output, under one folder per run).",
        ),
    ] = None,
    role_arn: Annotated[
        str | None,
        typer.Option(
            "--role-arn",
            metavar="ARN",
            help="IAM role Amazon Translate assumes to read and write the bucket.",
        ),
    ] = None,
    glossary: _options.Glossary = None,
    enforce: Annotated[
        str | None,
        typer.Option(
            "--enforce",
            help="strict: glossary terms sent protected and verified; terminology: the glossary "
            "synced as a custom terminology for the job, results verified; off. "
            "[default: strict]",
        ),
    ] = None,
    out: _options.Out = None,
    layout: Annotated[
        str | None, typer.Option("--layout", help="pair or interleaved. [default: pair]")
    ] = None,
    worklog: Annotated[
        Path | None,
        typer.Option("--worklog", metavar="SITE", help="File every post into a Hugo worklog."),
    ] = None,
    profile: _options.Profile = None,
    region: _options.Region = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Print each document with its characters, the number of jobs and the estimated "
            "cost; upload and start nothing.",
        ),
    ] = False,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume", help="Pick up the last unfinished run: poll its jobs, never start anew."
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace translations edited by hand (kept as .bak).")
    ] = False,
) -> None:
    """Translate many posts through Amazon Translate batch jobs over S3.

    Segments already in the translation memory are never sent; the rest go as one HTML
    document per post. A crashed or interrupted run is picked up with --resume.
    """
    from translate.config import load_settings

    settings = load_settings().merged(
        target_language=to, source_language=from_, glossary=glossary, enforce=enforce,
        layout=layout, profile=profile, region=region,
    )  # fmt: skip
    if resume:
        if sources:
            raise InputError("--resume takes no SOURCES: it picks up the last unfinished run")
        _resume(settings, force)
        return
    if not sources:
        raise InputError("give the posts to translate (SOURCES...), or --resume")
    from translate.cli import _batch_steps as steps

    if not dry_run and (bucket is None or role_arn is None):
        raise InputError("give --bucket s3://BUCKET/PREFIX and --role-arn ARN (or --dry-run)")
    state = steps.State.new(settings, glossary, worklog, out, force)
    manifest = steps.plan(state, sources, bucket or "s3://dry-run", role_arn or "", dry_run)
    if manifest is not None:
        steps.finish(state, manifest)


def _resume(settings: Settings, force: bool) -> None:
    from translate.batch import load_manifest, manifest_folder, unfinished_manifest
    from translate.cli import _batch_steps as steps

    path = unfinished_manifest(manifest_folder(settings.memory_path()))
    m = load_manifest(path)
    typer.echo(f"Resuming batch run {m.name} ({path})", err=True)
    settings = settings.merged(
        source_language=m.source_language, target_language=m.target_language,
        enforce=m.enforce, layout=m.layout, region=m.region or settings.region,
    )  # fmt: skip
    worklog = Path(m.worklog) if m.worklog else None
    out = Path(m.out) if m.out and not worklog else None
    state = steps.State.new(settings, [Path(g) for g in m.glossary], worklog, out, force)
    if state.glossary_version != m.glossary_version:
        raise InputError(
            f"the glossary changed since batch run {m.name} started; its output was made with "
            "the old one - start a new run with `translate batch SOURCES`"
        )
    steps.finish(state, m)
