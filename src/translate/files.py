"""Atomic file writes: a temporary file beside the target, flushed, then renamed over it.

The temporary file (``mkstemp`` makes it 0600) is given the mode the target would have had if
written in place: a file replaced keeps its mode, a new file gets the umask's (0644 under the
usual 022). A temporary file a writer killed midway (SIGKILL) left beside the target is
removed by the next write of that target, once it is ``STALE_SECONDS`` old: a younger one may
be another run's, writing the same target at the same time.
"""

from __future__ import annotations

import contextlib
import glob
import os
import stat
import tempfile
import time
from pathlib import Path

from translate.errors import InputError

STALE_SECONDS = 600


def temp_beside(path: Path, text: str | bytes) -> Path:
    """Write ``text`` (UTF-8, newlines as given; or bytes) to a new temporary file by ``path``,
    with the mode ``path`` has (or would get when created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):  # a writer killed
        with contextlib.suppress(OSError):
            if time.time() - stale.stat().st_mtime > STALE_SECONDS:
                stale.unlink()
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        with os.fdopen(handle, "wb") as stream:
            os.fchmod(stream.fileno(), mode_for(path))
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def mode_for(path: Path) -> int:
    """The permission bits of ``path``, or those a new file gets under the current umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process umask (only readable by setting it; set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically."""
    _rename(temp_beside(path, data), path)


def atomic_write(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that readers see the old or the new file, never half."""
    _rename(temp_beside(path, text), path)


def _rename(temp: Path, path: Path) -> None:
    """``temp`` renamed over ``path``; removed if that fails (``path`` is a folder, say)."""
    try:
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def check_writable(path: Path, *, in_place: bool = False) -> None:
    """Raise ``InputError`` unless the file ``path`` can be written now: it is not a folder, and
    the nearest folder above it that exists can be written into (so that nothing needs to be
    created before finding out). ``in_place``: an existing ``path`` must itself be writable, as a
    database written where it is (not replaced by a rename) must."""
    if path.is_dir():
        raise InputError(f"cannot write {path}: it is a folder")
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise InputError(f"cannot write {path}: {folder} is a file")
    writable = os.access(folder, os.W_OK | os.X_OK)
    if in_place and path.exists():
        writable = writable and os.access(path, os.R_OK | os.W_OK)
    if not writable:
        raise InputError(f"cannot write {path}: permission denied")
