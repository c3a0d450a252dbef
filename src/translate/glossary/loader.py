"""``load_glossary``: native YAML files and folders, CSV/TSV/TMX and TBX files, merged into one.

Nothing proceeds on half a glossary: the first problem raises ``GlossaryError`` naming the file,
line and entry. A term defined in two files is no problem: the file given later (inside a folder,
the later by name) wins, so a team's glossary can sit beside the shipped one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from translate.errors import GlossaryError
from translate.glossary.languages import is_language_code
from translate.glossary.model import Entry, Glossary, sort_key
from translate.glossary.native import GlossaryFile, read_native
from translate.glossary.paths import IMPORT_SUFFIXES, NATIVE_SUFFIXES, expand_paths


def read_glossary_file(path: Path) -> GlossaryFile:
    """Parse one file in any supported format, chosen by its extension."""
    suffix = path.suffix.lower()
    if suffix in NATIVE_SUFFIXES:
        return read_native(path)
    if suffix in (".csv", ".tsv", ".txt", ".tmx"):
        from translate.glossary.formats import read_terminology

        return read_terminology(path)
    if suffix == ".tbx":
        from translate.glossary.tbx import read_tbx

        return read_tbx(path)
    known = ", ".join(NATIVE_SUFFIXES + IMPORT_SUFFIXES)
    raise GlossaryError(f"{path}: unknown glossary format {suffix or '(none)'!r} (use {known})")


def _check_languages(files: Sequence[GlossaryFile]) -> tuple[str, str]:
    first = files[0]
    for file in files:
        for code in (file.source_language, file.target_language):
            if not is_language_code(code):
                raise GlossaryError(
                    f"{file.path}:{file.language_line}: {code!r} is not an Amazon Translate "
                    "language code (e.g. en, vi, zh-TW)"
                )
        pair = (file.source_language, file.target_language)
        if pair != (first.source_language, first.target_language):
            raise GlossaryError(
                f"{file.path}:{file.language_line}: language pair {'-'.join(pair)} differs from "
                f"{first.source_language}-{first.target_language} in {first.path}"
            )
    return first.source_language, first.target_language


@dataclass(frozen=True, slots=True)
class Override:
    """A term defined in two files: ``entry`` (the later file's) replaces ``replaced``."""

    entry: Entry
    replaced: Entry


def _check_empty(file: GlossaryFile) -> None:
    for issue in file.issues:
        if issue.rule == "empty":
            who = f"entry {issue.entry!r}: " if issue.entry is not None else ""
            raise GlossaryError(f"{file.path}:{issue.line}: {who}{issue.message}")


def _file_terms(file: GlossaryFile) -> dict[str, Entry]:
    """The file's entries by case-folded term; a term twice in one file is an error."""
    terms: dict[str, Entry] = {}
    for entry in file.entries:
        key = entry.term.casefold()
        if key in terms:
            raise GlossaryError(
                f"{entry.where()}: entry {entry.term!r}: duplicate term, "
                f"already defined at {terms[key].where()} (remove one of them)"
            )
        terms[key] = entry
    return terms


def merge_entries(files: Sequence[GlossaryFile]) -> tuple[list[Entry], list[Override]]:
    """Entries of all files, sorted; a term defined in two files is taken from the later one."""
    merged: dict[str, Entry] = {}
    overrides: list[Override] = []
    for file in files:
        _check_empty(file)
        for key, entry in _file_terms(file).items():
            if key in merged:
                overrides.append(Override(entry, merged[key]))
            merged[key] = entry
    return sorted(merged.values(), key=lambda e: sort_key(e.term)), overrides


def build_glossary(files: Sequence[GlossaryFile]) -> Glossary:
    """Validate parsed files together (languages, duplicates, empty text) and merge them; a
    term defined in two files is taken from the later one."""
    if not files:
        raise GlossaryError("no glossary files given")
    source, target = _check_languages(files)
    return Glossary(source, target, tuple(merge_entries(files)[0]))


def load_glossary(paths: Sequence[Path]) -> Glossary:
    """Load, validate and merge glossary files and folders; raise ``GlossaryError`` if bad."""
    return build_glossary([read_glossary_file(p) for p in expand_paths(paths)])


def folder_overrides(path: Path) -> list[Override]:
    """The overrides between the glossary file ``path`` and the other files of its folder, as
    the folder is read (the later file by name wins)."""
    files = [read_glossary_file(p) for p in expand_paths([path.parent])]
    mine = path.resolve()

    def involved(entry: Entry) -> bool:
        return entry.path is not None and entry.path.resolve() == mine

    return [o for o in merge_entries(files)[1] if involved(o.entry) or involved(o.replaced)]
