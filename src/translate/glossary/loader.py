"""``load_glossary``: native YAML files and folders, CSV/TSV/TMX and TBX files, merged into one.

Nothing proceeds on half a glossary: the first problem raises ``GlossaryError`` naming the file,
line and entry.
"""

from __future__ import annotations

from collections.abc import Sequence
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


def _check_entries(files: Sequence[GlossaryFile]) -> list[Entry]:
    seen: dict[str, Entry] = {}
    for file in files:
        for issue in file.issues:
            if issue.rule == "empty":
                who = f"entry {issue.entry!r}: " if issue.entry is not None else ""
                raise GlossaryError(f"{file.path}:{issue.line}: {who}{issue.message}")
        for entry in file.entries:
            key = entry.term.casefold()
            if key in seen:
                raise GlossaryError(
                    f"{entry.where()}: entry {entry.term!r}: duplicate term, "
                    f"already defined at {seen[key].where()}"
                )
            seen[key] = entry
    return sorted(seen.values(), key=lambda e: sort_key(e.term))


def build_glossary(files: Sequence[GlossaryFile]) -> Glossary:
    """Validate parsed files together (languages, duplicates, empty text) and merge them."""
    if not files:
        raise GlossaryError("no glossary files given")
    source, target = _check_languages(files)
    return Glossary(source, target, tuple(_check_entries(files)))


def load_glossary(paths: Sequence[Path]) -> Glossary:
    """Load, validate and merge glossary files and folders; raise ``GlossaryError`` if bad."""
    return build_glossary([read_glossary_file(p) for p in expand_paths(paths)])
