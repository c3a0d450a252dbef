"""The glossary value objects: ``Entry``, ``Forbidden`` and ``Glossary`` (all frozen).

Text in these objects is NFC. ``path``/``line`` say where an entry came from; they take no part in
equality or in ``Glossary.version``, which hashes the canonical content only.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

CaseRule = Literal["exact", "insensitive"]
CASE_RULES: tuple[CaseRule, ...] = ("exact", "insensitive")

#: Amazon Translate's limit on the length of one term, in UTF-8 bytes.
MAX_TERM_BYTES = 200
#: Amazon Translate's limit on the size of one custom terminology file, in bytes.
MAX_TERMINOLOGY_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Forbidden:
    """A rendering that is wrong, and why. ``in_context``: wrong for this term but an ordinary
    phrase elsewhere (``hiệu trưởng`` for an IAM principal), so reported only where the aligned
    English has the term and its translation is short of accepted renderings."""

    text: str
    why: str = ""
    in_context: bool = False


@dataclass(frozen=True, slots=True)
class Entry:
    """One concept: a canonical source ``term`` and how it may and may not be rendered.

    The checker reads three lists of English phrases (see ``translate.glossary.phrases``):
    ``other_senses``, in which the term means something else; ``meant_by``, by another entry's
    term, the phrases in which that term means this entry; ``implied_by``, phrases that stand
    for this entry though its term is not written out."""

    term: str
    target: str | None = None
    keep: bool = False
    variants: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    forbidden: tuple[Forbidden, ...] = ()
    case: CaseRule = "insensitive"
    domain: str | None = None
    note: str | None = None
    consistent: bool = False
    always_rendered: bool = False
    other_senses: tuple[str, ...] = ()
    meant_by: tuple[tuple[str, tuple[str, ...]], ...] = ()
    implied_by: tuple[str, ...] = ()
    path: Path | None = field(default=None, compare=False)
    line: int = field(default=0, compare=False)

    def __hash__(self) -> int:
        # Entries key the checker's counters: hashing every field, as the generated hash
        # would, costs more than the counting. Equal entries share a term and a target.
        return hash((self.term, self.target))

    @property
    def source_forms(self) -> tuple[str, ...]:
        """The term and its variants, in file order."""
        return (self.term, *self.variants)

    @property
    def preferred(self) -> str:
        """The preferred rendering: the target, or the term itself for a kept term."""
        return self.term if self.keep or self.target is None else self.target

    @property
    def renderings(self) -> tuple[str, ...]:
        """Every acceptable rendering: preferred first, then the admitted ones."""
        if self.keep:
            return self.source_forms
        return (self.preferred, *self.alternatives)

    def where(self) -> str:
        """``file:line`` of the entry, for messages."""
        return f"{self.path or '<glossary>'}:{self.line}"

    def canonical(self) -> dict[str, Any]:
        """The entry's content as plain data (no location), in a stable shape (the checking
        fields only when set, so that a glossary without them keeps its version)."""
        data: dict[str, Any] = {
            "term": self.term,
            "target": self.target,
            "keep": self.keep,
            "variants": list(self.variants),
            "alternatives": list(self.alternatives),
            "forbidden": [
                [f.text, f.why, *([True] if f.in_context else [])] for f in self.forbidden
            ],
            "case": self.case,
            "domain": self.domain,
            "note": self.note,
        }
        if self.consistent:
            data["consistent"] = True
        if self.always_rendered:
            data["always_rendered"] = True
        if self.other_senses:
            data["other_senses"] = list(self.other_senses)
        if self.meant_by:
            data["meant_by"] = {term: list(phrases) for term, phrases in self.meant_by}
        if self.implied_by:
            data["implied_by"] = list(self.implied_by)
        return data


def sort_key(term: str) -> str:
    """The order entries are kept in: case-folded term, then the term itself."""
    return term.casefold()


@dataclass(frozen=True, slots=True)
class Glossary:
    """A whole glossary: one language pair and its entries, sorted by term."""

    source_language: str
    target_language: str
    entries: tuple[Entry, ...] = ()

    @property
    def version(self) -> str:
        """A short sha256 of the canonical content; changes when any entry changes."""
        data = {
            "source_language": self.source_language,
            "target_language": self.target_language,
            "entries": [e.canonical() for e in self.entries],
        }
        blob = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]

    @property
    def is_empty(self) -> bool:
        return not self.entries

    @property
    def name(self) -> str:
        """``<source>-<target>``, used to name exported and uploaded terminologies."""
        return f"{self.source_language}-{self.target_language}"

    def renderings(self, entry: Entry) -> tuple[str, ...]:
        """The preferred rendering of ``entry`` followed by its admitted ones."""
        return entry.renderings

    def get(self, term: str) -> Entry | None:
        """The entry whose canonical term is ``term`` (case-folded), if any."""
        key = term.casefold()
        return next((e for e in self.entries if e.term.casefold() == key), None)
