"""``translate glossary``: list, add, remove, lint, import, export, sync, suggest.

A thin layer over ``translate.glossary``: parse options, call the library, print. Failures are
raised as ``TranslateError`` subclasses; the top-level handler prints them and picks the exit code.
"""

from __future__ import annotations

import sys
import unicodedata
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from translate.errors import InputError

if TYPE_CHECKING:  # the glossary code is imported by the commands that use it
    from translate.glossary.model import Entry, Glossary

app = typer.Typer(
    help="Maintain the glossary: list, add, remove, lint, import, export, sync, suggest.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)

GlossaryOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--glossary",
        "-g",
        help="Glossary file or folder (repeatable); also .csv .tsv .tmx .tbx. Default: glossary/",
    ),
]


class CaseOption(StrEnum):
    exact = "exact"
    insensitive = "insensitive"


class ExportFormat(StrEnum):
    csv = "csv"
    tsv = "tsv"
    tmx = "tmx"
    tbx = "tbx"


def _paths(glossary: list[Path] | None) -> list[Path]:
    return glossary or [Path("glossary")]


def _load(glossary: list[Path] | None) -> Glossary:
    from translate.glossary import load_glossary

    return load_glossary(_paths(glossary))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def _describe(entry: Entry) -> str:
    rendering = "(keep)" if entry.keep else str(entry.target)
    extra = [f"also {', '.join(entry.alternatives)}"] if entry.alternatives else []
    extra += [f"not {', '.join(f.text for f in entry.forbidden)}"] if entry.forbidden else []
    tags = f"  [{entry.domain}]" if entry.domain else ""
    return f"{entry.term} -> {rendering}{'; ' if extra else ''}{'; '.join(extra)}{tags}"


@app.command("list")
def list_entries(
    search: Annotated[str | None, typer.Argument(help="Show entries containing this text.")] = None,
    domain: Annotated[str | None, typer.Option(help="Only entries with this domain tag.")] = None,
    glossary: GlossaryOption = None,
) -> None:
    """List glossary entries."""
    needle = _nfc(search).casefold() if search else None
    for entry in _load(glossary).entries:
        if domain is not None and entry.domain != domain:
            continue
        texts = (*entry.source_forms, *entry.renderings)
        if needle is None or any(needle in t.casefold() for t in texts):
            typer.echo(_describe(entry))


def _target_file(paths: list[Path], file: Path | None, domain: str | None) -> Path:
    if file is not None:
        return file
    if len(paths) == 1 and paths[0].suffix in (".yaml", ".yml"):
        return paths[0]
    if len(paths) == 1 and paths[0].is_dir():
        folder = paths[0]
        if domain and (folder / f"{domain}.yaml").is_file():
            return folder / f"{domain}.yaml"
        files = sorted(folder.glob("*.yaml"))
        if len(files) == 1:
            return files[0]
    raise InputError("Choose the file to add to with --file (e.g. --file glossary/cloud.yaml)")


def _entry(
    term: str,
    target: str | None,
    keep: bool,
    lists: tuple[list[str], list[str], list[str], list[str]],
    case: CaseOption,
    domain: str | None,
    note: str | None,
) -> Entry:
    from translate.glossary import Entry, Forbidden

    variants, alternatives, forbid, why = lists
    if keep == (target is not None):
        raise InputError("Give exactly one of --target T or --keep")
    if len(forbid) != len(why):
        raise InputError("Give one --why for each --forbid (say why the rendering is wrong)")
    return Entry(
        term=_nfc(term),
        target=_nfc(target) if target is not None else None,
        keep=keep,
        variants=tuple(_nfc(v) for v in variants),
        alternatives=tuple(_nfc(a) for a in alternatives),
        forbidden=tuple(Forbidden(_nfc(t), _nfc(w)) for t, w in zip(forbid, why, strict=True)),
        case=case.value,
        domain=_nfc(domain) if domain else None,
        note=_nfc(note) if note else None,
    )


@app.command()
def add(
    term: Annotated[str, typer.Argument(help="The canonical source term.")],
    target: Annotated[str | None, typer.Option(help="Preferred rendering.")] = None,
    keep: Annotated[bool, typer.Option("--keep", help="Do not translate the term.")] = False,
    variant: Annotated[list[str] | None, typer.Option(help="Another source form.")] = None,
    alt: Annotated[list[str] | None, typer.Option(help="An admitted rendering.")] = None,
    forbid: Annotated[list[str] | None, typer.Option(help="A wrong rendering.")] = None,
    why: Annotated[list[str] | None, typer.Option(help="Why the --forbid is wrong.")] = None,
    note: Annotated[str | None, typer.Option(help="The reason for the choice.")] = None,
    domain: Annotated[str | None, typer.Option(help="Tag: service, cloud, ml ...")] = None,
    case: Annotated[CaseOption, typer.Option(help="Case rule.")] = CaseOption.insensitive,
    file: Annotated[Path | None, typer.Option(help="The YAML file to add to.")] = None,
    glossary: GlossaryOption = None,
) -> None:
    """Add an entry at its sorted place, keeping the file's comments."""
    from translate.glossary.edit import add_entry

    lists = (variant or [], alt or [], forbid or [], why or [])
    entry = _entry(term, target, keep, lists, case, domain, note)
    paths = _paths(glossary)
    destination = _target_file(paths, file, domain)
    add_entry(paths, entry, destination)
    typer.echo(f"Added {entry.term!r} to {destination}")


@app.command()
def remove(
    term: Annotated[str, typer.Argument(help="The term to remove.")],
    glossary: GlossaryOption = None,
) -> None:
    """Remove an entry, keeping the file's other comments."""
    from translate.glossary.edit import remove_entry

    entry = remove_entry(_paths(glossary), _nfc(term))
    typer.echo(f"Removed {entry.term!r} from {entry.path}")


@app.command("lint")
def lint_command(glossary: GlossaryOption = None) -> None:
    """Check the glossary files; one summary line when clean; exit 1 when a finding is an
    error."""
    from translate.glossary.lint import lint
    from translate.glossary.paths import expand_paths

    findings = lint(_paths(glossary))
    for finding in findings:
        typer.echo(str(finding))
    if not findings:
        files = len(expand_paths(_paths(glossary)))
        typer.echo(f"No findings in {files} glossary file{'' if files == 1 else 's'}.")
        return
    errors = sum(f.severity == "error" for f in findings)
    typer.echo(f"{errors} error(s), {len(findings) - errors} warning(s)", err=True)
    if errors:
        raise typer.Exit(1)


@app.command("import")
def import_command(
    source: Annotated[Path, typer.Argument(help="A .csv .tsv .tmx .tbx or .yaml file.")],
    into: Annotated[Path, typer.Option(help="The native YAML file to write.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite --into if it exists.")] = False,
) -> None:
    """Convert a terminology file into a native glossary file."""
    from translate.glossary import load_glossary
    from translate.glossary.edit import dump_native, write_atomic

    if into.exists() and not force:
        raise InputError(f"{into} exists; pass --force to overwrite it")
    imported = load_glossary([source])
    write_atomic(into, dump_native(imported, header=f"Imported from {source.name}"))
    typer.echo(f"Wrote {len(imported.entries)} entries to {into}")


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", help="Output format.")],
    out: Annotated[Path | None, typer.Option(help="Output file; default stdout.")] = None,
    glossary: GlossaryOption = None,
) -> None:
    """Export the glossary as Amazon Translate CSV/TSV/TMX or TBX-Basic (2019)."""
    from translate.glossary.formats import write_delimited, write_tmx
    from translate.glossary.tbx import write_tbx

    loaded = _load(glossary)
    writers = {
        ExportFormat.csv: lambda: write_delimited(loaded),
        ExportFormat.tsv: lambda: write_delimited(loaded, delimiter="\t"),
        ExportFormat.tmx: lambda: write_tmx(loaded),
        ExportFormat.tbx: lambda: write_tbx(loaded),
    }
    data = writers[format]()
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        out.write_bytes(data)
        typer.echo(f"Wrote {out} ({format.value}, {len(loaded.entries)} entries)", err=True)


@app.command()
def sync(
    profile: Annotated[str | None, typer.Option(help="AWS profile.")] = None,
    region: Annotated[str | None, typer.Option(help="AWS region.")] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be uploaded; upload nothing.")
    ] = False,
    prefix: Annotated[str, typer.Option(help="Terminology name prefix.")] = "translate-glossary",
    glossary: GlossaryOption = None,
) -> None:
    """Upload the glossary to Amazon Translate as a custom terminology (once per version)."""
    from translate.aws import make_client
    from translate.glossary.sync import sync_terminology

    result = sync_terminology(
        _load(glossary),
        client_factory=lambda: make_client("translate", profile=profile, region=region),
        name_prefix=prefix,
        dry_run=dry_run,
    )
    action = "Uploaded" if result.uploaded else "Skipped"
    typer.echo(f"{action} {result.name} ({result.term_count} terms): {result.reason}")


@app.command()
def suggest(
    posts: Annotated[list[Path], typer.Argument(help="English Markdown posts.")],
    limit: Annotated[int, typer.Option(help="At most this many suggestions.")] = 50,
    min_count: Annotated[int, typer.Option(help="Minimum count for plain phrases.")] = 2,
    glossary: GlossaryOption = None,
) -> None:
    """Suggest terms the glossary lacks, most frequent first."""
    from translate.glossary.suggest import suggest as find

    texts = []
    for post in posts:
        try:
            texts.append(post.read_text(encoding="utf-8-sig"))
        except OSError as error:
            raise InputError(f"{post}: cannot read: {error.strerror}") from None
    for item in find(texts, _load(glossary), min_count=min_count, limit=limit):
        similar = f"  (similar to {item.similar_to!r})" if item.similar_to else ""
        typer.echo(f"{item.count:5d}  {item.term}  [{item.kind}]{similar}")
