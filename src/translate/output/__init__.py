"""Writers for the two layouts: a Hugo pair and an interleaved bilingual file.

Every write is atomic (a temporary file beside the target, then a rename), stays inside the output
folder, and never clobbers a human's work: each generated translation records the checksum of what
was generated in its front matter (``translation.checksum``), and a target whose text no longer
matches it (or that has none) is only replaced with ``force``, after the old file is saved as
``ROOT/.translate/backups/PATH.YYYYmmdd-HHMMSS.bak`` (``-2``, ``-3``... when a run in the
same second kept one already; ``ROOT``: the Hugo site or output folder,
``PATH``: the file's path in it). Hugo publishes no folder whose name starts with a dot, so a
backup never reaches a site's ``public/``, as a ``.bak`` beside a page in its bundle did. A
generated target edited by hand whose edits were learned into the translation memory first
(``translate post`` does that) is replaced the same way without ``force``: its edits are in the
new text. A file whose new text differs from what it holds by nothing but the ``translated:``
time is left untouched (``write_files`` does not return it), so an unchanged rerun shows no
change in git. ``SOURCE_DATE_EPOCH`` fixes the provenance time.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from translate.document import Translation
from translate.document.markdown import render_blocks
from translate.errors import InputError
from translate.files import temp_beside

_FM_CLOSE = {"---": ("---", "..."), "+++": ("+++",)}


@dataclass(frozen=True)
class Provenance:
    """Where a translation came from, recorded in the target's front matter."""

    source: str | None  # the original's http(s) URL; None: not known (never a local path)
    source_language: str
    target_language: str
    engine: str
    when: datetime
    memory: int = 0  # segments from the memory that the engine did not make (a person's, ...)

    def fields(self) -> dict[str, str | int]:
        fields: dict[str, str | int] = {"source": self.source} if self.source else {}
        fields |= {
            "from": self.source_language,
            "engine": self.engine,
            "translated": self.when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        if self.memory:
            fields["memory"] = self.memory
        return fields


def target_text(translation: Translation, provenance: Provenance) -> str:
    """The target file: the rendered translation with its provenance in the front matter."""
    return _with_provenance(translation.text, provenance)


def interleaved_text(translation: Translation, provenance: Provenance) -> str:
    """One file in which each translated block follows its source block; code shown once."""
    document = translation.document
    blocks = render_blocks(document, translation.targets)
    source = document.source
    spans = document.blocks
    out: list[str] = [source[: spans[0][0]] if spans else source]
    for number, ((_, end), (text, translated)) in enumerate(zip(spans, blocks, strict=True)):
        if document.front_matter and number == 0:
            out.append(translated if translated is not None else text)
        else:
            out.append(text)
            if translated is not None:
                newline = "\r\n" if text.endswith("\r\n") else "\n"
                out.append(("" if text.endswith(("\n", "\r")) else newline) + newline + translated)
        following = spans[number + 1][0] if number + 1 < len(spans) else len(source)
        out.append(source[end:following])
    body = ("\ufeff" if document.bom else "") + "".join(out)
    return _with_provenance(body, provenance)


def _with_provenance(text: str, provenance: Provenance) -> str:
    """Add ``translation:`` (source, engine, time, checksum) to the front matter of ``text``."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    text = text.removeprefix("\ufeff")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    fence = lines[0].rstrip() if lines else ""
    if fence not in _FM_CLOSE:
        head, body, fence, closing = [], text, "---", "---" + newline
    else:
        close = next(i for i in range(1, len(lines)) if lines[i].rstrip() in _FM_CLOSE[fence])
        head, closing = _drop_key(lines[1:close], "translation"), lines[close]
        body = "".join(lines[close + 1 :])
        if not closing.endswith(("\n", "\r")):
            closing += newline
    fields = {**provenance.fields(), "checksum": checksum(body)}
    if fence == "+++":
        block = [f"[translation]{newline}"] + [
            f"{k} = {json.dumps(v)}{newline}" for k, v in fields.items()
        ]
    else:
        block = [f"translation:{newline}"] + [
            f"  {k}: {json.dumps(v, ensure_ascii=False)}{newline}" for k, v in fields.items()
        ]
    return bom + fence + newline + "".join(head) + "".join(block) + closing + body


def _drop_key(lines: list[str], key: str) -> list[str]:
    """Front matter lines without a top-level ``key`` and its indented children."""
    out: list[str] = []
    dropping = False
    for line in lines:
        if line.startswith((f"{key}:", f"[{key}]")):
            dropping = True
            continue
        if dropping and (line[:1] in (" ", "\t") or not line.strip()):
            continue
        dropping = False
        out.append(line)
    return out


def checksum(body: str) -> str:
    return "sha256:" + hashlib.sha256(body.encode("utf-8")).hexdigest()[:32]


def edited_by_hand(path: Path) -> bool:
    """True when ``path`` is not exactly what ``translate`` generated (or was not generated)."""
    text = path.read_text(encoding="utf-8", errors="replace").removeprefix("\ufeff")
    recorded = _recorded_checksum(text)
    if recorded is None:
        return True
    lines = text.splitlines(keepends=True)
    fence = lines[0].rstrip()
    closers = _FM_CLOSE.get(fence, ())
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() in closers), None)
    body = "".join(lines[close + 1 :]) if close is not None else text
    return checksum(body) != recorded


def generated(path: Path) -> bool:
    """True when ``path`` records a checksum, i.e. ``translate`` wrote it (edited since or not)."""
    text = path.read_text(encoding="utf-8", errors="replace").removeprefix("\ufeff")
    return _recorded_checksum(text) is not None


def _recorded_checksum(text: str) -> str | None:
    match = re.search(
        r'^\s+checksum:\s*"?(sha256:[0-9a-f]+)"?\s*$|^checksum = "(sha256:[0-9a-f]+)"', text, re.M
    )
    return None if match is None else (match.group(1) or match.group(2))


def timestamp() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC) when set: reproducible output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC)


def write_files(
    files: Mapping[Path, str],
    root: Path,
    *,
    force: bool,
    protect: set[Path],
    learned: frozenset[Path] = frozenset(),
) -> list[Path]:
    """Write every file atomically under ``root``; refuse before writing anything if unsafe.
    Return the files written and backups kept: a file that would change by nothing but its
    ``translated:`` time (``unchanged``) is not written.

    ``protect`` names targets that must not be clobbered when edited by hand; ``learned`` names
    edited targets whose edits are already in the translation memory (and so in the new text):
    those are replaced, keeping the old file under ``ROOT/.translate/backups/``, without
    ``force``.
    """
    for path in files:
        if not path.resolve().is_relative_to(root.resolve()):
            raise InputError(f"refusing to write {path}: it is outside {root.resolve()}")
    saved: list[Path] = []
    for path in sorted(protect):
        if path.exists() and edited_by_hand(path):
            if not force and path not in learned:
                raise InputError(
                    f"{path} was edited by hand since it was generated; "
                    "rerun with --force to replace it (the old file is kept in .translate/backups/)"
                )
            saved.append(_backup(path, root))
    changed = {path: text for path, text in files.items() if not unchanged(path, text)}
    pending: list[tuple[Path, Path]] = []
    try:
        for path, text in changed.items():
            pending.append((path, temp_beside(path, text)))
    except BaseException:  # a full disk, Ctrl-C: no temporary file is left behind
        for _, temp in pending:
            temp.unlink(missing_ok=True)
        raise
    for path, temp in pending:
        os.replace(temp, path)
    return [*changed, *saved]


_TRANSLATED = re.compile(r'^(\s+translated:\s*|translated = )"[^"\n]*"', re.M)


def unchanged(path: Path, text: str) -> bool:
    """True when ``path`` holds ``text`` already, but for its provenance's ``translated:`` time."""
    try:
        old = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return _TRANSLATED.sub(r"\1", old) == _TRANSLATED.sub(r"\1", text)


BACKUPS = Path(".translate", "backups")


def backup_path(path: Path, root: Path, stamp: str) -> Path:
    """Where the old ``path`` under ``root`` is kept: ``ROOT/.translate/backups/PATH.STAMP.bak``."""
    relative = path.resolve().relative_to(root.resolve())
    return root / BACKUPS / relative.parent / f"{relative.name}.{stamp}.bak"


def _backup(path: Path, root: Path) -> Path:
    """Save ``path`` under a new backup name: one taken already (a second run in the same
    second) gets ``-2``, ``-3``... so no earlier backup is ever overwritten."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    data = path.read_bytes()
    backup_path(path, root, stamp).parent.mkdir(parents=True, exist_ok=True)
    for n in itertools.count(1):
        backup = backup_path(path, root, stamp if n == 1 else f"{stamp}-{n}")
        try:
            with backup.open("xb") as out:
                out.write(data)
        except FileExistsError:
            continue
        return backup
    raise AssertionError("unreachable")
