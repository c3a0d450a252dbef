"""A cache of the compiled checker, so that ``translate check`` in pre-commit starts fast.

Building the checker (loading the glossary, compiling its matcher and name index) costs about a
tenth of a second on every run; unpickling it costs a third of that. The cache key is the content
of every glossary file (and of the shipped one, whose entries lend their phrases to a TBX, CSV,
TSV or TMX glossary), the versions of ``translate`` and Python, and the size and time of the
modules that build a checker, so a stale entry is never used. It lives in
``$TRANSLATE_CACHE_DIR``, else ``$XDG_CACHE_HOME/translate``, else ``~/.cache/translate``; any
failure to read or write it just means building afresh.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Sequence
from pathlib import Path

from translate import __version__
from translate.check import Checker

_KEEP = 8  # cached checkers kept; older ones are removed
_FORMAT = 11  # the layout of the pickled checker: bump when its classes change shape


def cache_dir() -> Path:
    explicit = os.environ.get("TRANSLATE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "translate"


def load_checker(paths: Sequence[Path]) -> Checker:
    """The checker for the glossary at ``paths``, from the cache when it is there."""
    from translate.glossary.paths import IMPORT_SUFFIXES, expand_paths, shipped_glossary

    files = expand_paths(paths)
    if any(file.suffix.lower() in IMPORT_SUFFIXES for file in files):
        files += expand_paths([shipped_glossary()])  # its entries lend their phrases and bans
    digest = hashlib.sha256(f"{__version__} {_FORMAT} {sys.version}".encode())
    digest.update(_code_stamp())
    for file in files:
        digest.update(str(file.resolve()).encode() + b"\0" + file.read_bytes() + b"\0")
    path = cache_dir() / f"checker-{digest.hexdigest()[:24]}.pickle"
    try:
        cached = pickle.loads(path.read_bytes())
        if isinstance(cached, Checker):
            return cached
    except Exception:  # missing, truncated or from another version: build afresh
        pass
    from translate.glossary import TermMatcher, load_glossary  # YAML only when building

    checker = Checker(TermMatcher(load_glossary(paths)))
    _store(path, checker)
    return checker


def _code_stamp() -> bytes:
    """The code that reads a glossary and builds a checker (``translate.glossary`` and
    ``translate.check``): each module's name, size and time, so that another build of the same
    version (an upgrade of a pre-commit hook pinned to a commit, an edited checkout) never
    reuses a checker the old code built."""
    package = Path(__file__).resolve().parents[1]
    stamps = []
    for folder in ("glossary", "check"):
        for entry in sorted(os.scandir(package / folder), key=lambda e: e.name):
            if entry.name.endswith(".py"):
                stat = entry.stat()
                stamps.append(f"{folder}/{entry.name} {stat.st_size} {stat.st_mtime_ns}")
    return "\n".join(stamps).encode()


def _store(path: Path, checker: Checker) -> None:
    from translate.files import atomic_write_bytes

    try:
        atomic_write_bytes(path, pickle.dumps(checker, protocol=pickle.HIGHEST_PROTOCOL))
        old = sorted(path.parent.glob("checker-*.pickle"), key=lambda p: p.stat().st_mtime)
        for stale in old[:-_KEEP]:
            stale.unlink(missing_ok=True)
    except (OSError, RecursionError, pickle.PicklingError):
        pass
