"""Learning a translator's hand edits before a post is translated again.

When the target file of a post was edited by hand since ``translate`` wrote it, its blocks are
aligned with the source the file was translated from (the ``_index.md`` written beside it) and
stored in the translation memory as human translations; the next translation then keeps every
edited segment. An edited file that cannot be learned safely is refused before anything is sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from translate.errors import InputError

if TYPE_CHECKING:
    from translate.document import Document
    from translate.glossary import Glossary
    from translate.memory import Kind, Memory

NOT_TRANSLATIONS = frozenset({"pseudo"})  # engines whose files hold no edits worth learning


@dataclass(frozen=True)
class Learned:
    """What was learned: the target that may now be replaced, and how many segments."""

    target: Path
    segments: int


def learn_edits(
    memory: Memory | None,
    target: Path,
    old_source: Path | None,
    sl: str,
    tl: str,
    *,
    glossary: Glossary | None,
    machine: bool,
) -> Learned | None:
    """Learn a hand-edited ``target`` (``sl`` -> ``tl``) as human entries; None when it was not
    edited. The entries are stored under ``glossary``'s version.

    ``machine`` says whether the engine's output is a translation (else it is stored as test
    output). Raises ``InputError`` when the edits cannot be kept.
    """
    from translate.memory import learn_pair
    from translate.output import edited_by_hand, generated

    if not target.is_file() or not edited_by_hand(target):
        return None
    if (
        memory is None
        or old_source is None
        or not old_source.is_file()
        or not generated(target)
        or recorded_engine(target) in NOT_TRANSLATIONS  # a pipeline check, not a translation
    ):
        raise InputError(
            f"{target} was edited by hand since it was generated; "
            "rerun with --force to replace it (the old file is kept in .translate/backups/)"
        )
    learned = learn_pair(parsed(old_source), parsed(target), sl, tl)
    if learned.unmatched:
        lines = ", ".join(str(line) for line in learned.unmatched[:5])
        raise InputError(
            f"{target} was edited by hand, and its block(s) at line(s) {lines} do not match a "
            "source block (a paragraph added or merged, or a link or code span changed), so the "
            "edits cannot be kept; fix them, or rerun with --force to replace the file (the old "
            "one is kept in .translate/backups/)"
        )
    kinds: tuple[Kind, ...] = ("human", "machine" if machine else "test")
    version = glossary.version if glossary is not None else ""
    return Learned(target, memory.store_changed(learned.entries, version, kinds))


def recorded_engine(target: Path) -> str | None:
    """The ``engine`` of the target's ``translation:`` provenance, if it has one."""
    from translate.document.markdown import parse

    front = parse(target.read_text(encoding="utf-8", errors="replace")).front_matter
    record = front.data.get("translation") if front is not None else None
    engine = record.get("engine") if isinstance(record, dict) else None
    return engine if isinstance(engine, str) else None


def read_pair(source: Path, target: Path) -> tuple[Document, Document]:
    """The posts ``source`` and its translation ``target`` (``translate memory learn``), read
    before the memory is opened, so that a pair that cannot be read leaves no memory behind."""
    from translate.check.runner import parse_file
    from translate.document.markdown import decode

    documents = []
    for path in (source, target):
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        documents.append(parse_file(path, decode(path.read_bytes(), str(path))))
    return documents[0], documents[1]


def learn_files(
    memory: Memory, pair: tuple[Document, Document], sl: str, tl: str
) -> tuple[int, int]:
    """Learn a pair read by ``read_pair``: the entries stored and the blocks left out."""
    from translate.memory import learn_pair

    result = learn_pair(pair[0], pair[1], sl, tl)
    return memory.store(result.entries), result.skipped


def parsed(path: Path) -> Document:
    from translate.document.markdown import decode, parse

    try:
        return parse(decode(path.read_bytes(), str(path)))
    except InputError as error:
        raise InputError(f"{path}: {error}") from None
