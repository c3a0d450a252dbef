"""``translate post``: one post, end to end."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from translate.cli import _options
from translate.cli._errors import Interrupted, handled
from translate.config import DEFAULT_MODEL

# The arguments and options of ``translate post`` (those shared with other commands are in
# ``_options``).
Source = Annotated[
    str,
    typer.Argument(
        help="The post to translate: an http(s) URL, a saved web page (.html) or a Markdown "
        "file (.md)."
    ),
]
Engine = Annotated[
    str | None,
    typer.Option(
        "--engine",
        "-e",
        help="amazon-translate (Amazon Translate); bedrock (a foundation model on Amazon "
        "Bedrock: --model, --max-cost); memory (offline: the translation memory only, the "
        "rest marked); or pseudo (offline, a visibly fake translation for checking a "
        "pipeline). [default: amazon-translate]",
    ),
]
Enforce = Annotated[
    str | None,
    typer.Option(
        "--enforce",
        help="strict: glossary terms sent protected and verified; repair: the glossary as "
        "Amazon Translate custom terminology (terms it cannot apply, or missed in earlier "
        "runs as `memory stats` lists them, protected), then only the segments verified "
        "wrong sent again (their wrong sentences where they line up) with their wrong terms "
        "protected; terminology: custom terminology only, results verified; off: not "
        "enforced. All but off keep only verified translations in the memory and send again "
        "a machine one found wrong there. [default: strict]",
    ),
]
Jobs = Annotated[
    int | None, typer.Option("--jobs", help="Requests in flight at once. [default: 8]")
]
Model = Annotated[
    str | None,
    typer.Option(
        "--model",
        help="Bedrock model or inference profile id (engine bedrock). "
        f"[default: the model setting, else {DEFAULT_MODEL}]",
    ),
]
MaxCost = Annotated[
    float | None,
    typer.Option(
        "--max-cost",
        metavar="USD",
        help="Stop before the run would cost more than this (engine bedrock).",
    ),
]
Layout = Annotated[
    str | None,
    typer.Option(
        "--layout",
        help="pair: OUT/<slug>/_index.md + _index.<to>.md; interleaved: one "
        "OUT/<slug>/_index.<to>.md, each translated block after its source. [default: pair]",
    ),
]
Worklog = Annotated[
    Path | None,
    typer.Option(
        "--worklog",
        metavar="SITE",
        help="File the post into a Hugo worklog site (SITE or a folder inside it) as "
        "content/3-BlogsTranslated/3.N-BlogN/ and list it in that section's index pages.",
    ),
]
DownloadImages = Annotated[
    bool,
    typer.Option(
        "--download-images",
        help="With --worklog: save the images under SITE/static/images/ and link the copies.",
    ),
]
DryRun = Annotated[
    bool,
    typer.Option(
        "--dry-run",
        help="Print how many segments and characters would be translated, the requests, "
        "billed characters and estimated cost, and the files that would be written; send "
        "nothing, write nothing. Exit 1 when --max-cost would refuse the run.",
    ),
]
Force = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Replace a translation edited by hand without learning its edits (the old one "
        "is kept in .translate/backups/ of the site or output folder).",
    ),
]
NoMemory = Annotated[
    bool,
    typer.Option(
        "--no-memory",
        help="Do not use the translation memory: send every segment, remember nothing.",
    ),
]
SourceUrl = Annotated[
    str | None,
    typer.Option(
        "--source-url",
        metavar="URL",
        help="The original post's http(s) URL, for a saved page or file that does not give "
        "it: recorded as its source and linked as the original in a worklog. A local path is "
        "never recorded.",
    ),
]
AcceptWrongTerms = Annotated[
    bool,
    typer.Option(
        "--accept-wrong-terms",
        help="With --engine bedrock: write the translation even when glossary terms are "
        "still wrong after repairs (they are named and counted; without it: exit 1, nothing "
        "written).",
    ),
]


@handled
def post(
    source: Source,
    to: _options.To = None,
    from_: _options.From = None,
    engine: Engine = None,
    glossary: _options.Glossary = None,
    enforce: Enforce = None,
    jobs: Jobs = None,
    profile: _options.Profile = None,
    region: _options.Region = None,
    model: Model = None,
    max_cost: MaxCost = None,
    accept_wrong_terms: AcceptWrongTerms = False,
    out: _options.Out = None,
    layout: Layout = None,
    worklog: Worklog = None,
    download_images: DownloadImages = False,
    dry_run: DryRun = False,
    force: Force = False,
    no_memory: NoMemory = False,
    accept_partial: _options.AcceptPartial = False,
    source_url: SourceUrl = None,
) -> None:
    """Translate one post into a pair of Hugo files (or one interleaved file).

    Code, URLs, shortcodes, HTML and front matter keys are never translated, and nothing is
    written unless the translation keeps the source's structure.
    """
    from translate.cli import _show
    from translate.config import load_settings
    from translate.run.post import PostOptions, translate_post

    settings = load_settings().merged(
        target_language=to, source_language=from_, engine=engine, layout=layout,
        glossary=glossary, enforce=enforce, jobs=jobs, profile=profile, region=region,
        model=model, max_cost=max_cost,
    )  # fmt: skip
    options = PostOptions(
        out, worklog, download_images, dry_run, force, memory=not no_memory, glossary=glossary,
        accept_partial=accept_partial, accept_wrong_terms=accept_wrong_terms,
        source_url=source_url, source_given=from_ is not None,
    )  # fmt: skip
    try:
        result = translate_post(source, settings, options, _show.hooks())
    except KeyboardInterrupt:
        raise Interrupted(_interrupted(dry_run, not no_memory)) from None
    _show.post_result(result)
    if result.over_max_cost is not None:
        raise typer.Exit(1)  # as the run itself would end, like a batch --dry-run


def _interrupted(dry_run: bool, memory: bool) -> str:
    """What an interrupted ``post`` leaves: no file; the memory keeps what was translated."""
    if dry_run:
        return "Interrupted: a dry run; nothing was sent or written."
    if not memory:
        return "Interrupted: no file was written and, with --no-memory, nothing was kept."
    return (
        "Interrupted: no file was written; what was translated is kept in the translation "
        "memory, so running the command again sends only the rest."
    )
