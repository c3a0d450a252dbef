"""Which files a glossary path names; light, so the checker's cache can key on them fast."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from translate.errors import GlossaryError

NATIVE_SUFFIXES = (".yaml", ".yml")
IMPORT_SUFFIXES = (".csv", ".tsv", ".txt", ".tmx", ".tbx")
#: The name that stands for the glossary shipped with ``translate`` wherever a glossary path goes
#: (``-g shipped -g team.tbx``), unless a file or folder of that name is there.
SHIPPED = "shipped"


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files named by ``paths``: a folder stands for its ``*.yaml`` files, sorted by name."""
    files: list[Path] = []
    for path in map(named_glossary, paths):
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in NATIVE_SUFFIXES and p.is_file())
            if not found:
                raise GlossaryError(f"{path}: folder holds no *.yaml glossary files")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise GlossaryError(f"{path}: no such glossary file or folder")
    return files


def named_glossary(path: Path) -> Path:
    """``path``, or the shipped glossary when it is the name ``shipped`` and no file or folder
    of that name is there (one that is wins, as any path does)."""
    return shipped_glossary() if path == Path(SHIPPED) and not path.exists() else path


def shipped_glossary() -> Path:
    """The seed glossary installed with ``translate`` (the repository's ``glossary/``)."""
    return Path(__file__).resolve().parents[1] / "seed_glossary"


def nearest_glossary(start: Path | None = None) -> list[Path]:
    """The ``glossary/`` folder in ``start`` (default: the current folder) or the nearest one
    above it, else the glossary shipped with ``translate``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "glossary").is_dir():
            return [folder / "glossary"]
    return [shipped_glossary()]
