"""``translate post``: one post, end to end."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from translate.cli import _options
from translate.cli._errors import handled
from translate.errors import InputError

if TYPE_CHECKING:
    from translate.config import Settings
    from translate.engines.base import Engine, EngineContext


@handled
def post(
    source: Annotated[
        str,
        typer.Argument(
            help="The post to translate: an http(s) URL, a saved web page (.html) or a Markdown "
            "file (.md)."
        ),
    ],
    to: _options.To = None,
    from_: _options.From = None,
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
    glossary: _options.Glossary = None,
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
    profile: _options.Profile = None,
    region: _options.Region = None,
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
    out: _options.Out = None,
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
        typer.Option(
            "--dry-run",
            help="Print the segments, billed characters and estimated cost, and the files that "
            "would be written; send nothing, write nothing.",
        ),
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
    from translate.cli import _post_steps as steps
    from translate.config import load_settings
    from translate.sources import load_source

    settings = load_settings().merged(
        target_language=to, source_language=from_, engine=engine, layout=layout,
        glossary=glossary, enforce=enforce, jobs=jobs, profile=profile, region=region,
        model=model, max_cost=max_cost,
    )  # fmt: skip
    site = _worklog_site(settings, worklog, out, download_images)
    translator, context = _engine(settings, glossary)
    run = steps.Run(
        translator, context, None if no_memory else settings.memory_path(), dry_run, force
    )
    loaded = load_source(source)
    if loaded.warning:
        typer.echo(f"Warning: {loaded.warning}", err=True)
    if site is not None:
        steps.to_worklog(loaded, site, settings, run, images=download_images)
    else:
        steps.to_folder(loaded, out, settings, run)


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
