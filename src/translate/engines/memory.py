"""The ``memory`` engine: offline, no credentials, only what the translation memory knows.

Each segment gets, in this order:

1. an exact match (``translate.memory``: a human entry, else a machine entry of the same glossary
   version), unmarked;
2. a fuzzy match: the entry whose plain source text is most like the segment's (rapidfuzz
   ``fuzz.ratio`` at least ``fuzzy_threshold``, default 90, any glossary version) and whose
   markup fits the segment, its translation prefixed with ``[TM 93%] `` for review;
3. otherwise the source text itself, prefixed with ``[EN] `` (the source language code), so the
   file shows what is left to translate.

Markers are plain text in front of the segment, outside any markup, so every segment keeps its
markup. A segment without letters (a number, a bare name) is left as it is, unmarked.

``context.options``: ``memory_path`` (the memory file; ``translate post`` passes its setting) and
``fuzzy_threshold`` (0-100).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from translate.document import Segment, escape
from translate.engines.base import EngineContext, Progress, Usage
from translate.errors import EngineError, MarkupError
from translate.memory import Entry, Kind, Memory, memory_key

DEFAULT_THRESHOLD = 90.0
_KINDS: tuple[Kind, ...] = ("human", "machine")


class _Pool:
    """The fuzzy-match candidates: plain source texts and their entries, in the same order."""

    def __init__(self, candidates: list[tuple[str, Entry]]) -> None:
        self.plain = [plain for plain, _ in candidates]
        self.entries = [entry for _, entry in candidates]


@dataclass
class Counts:
    exact: int = 0
    fuzzy: int = 0
    untranslated: int = 0


class MemoryEngine:
    name = "memory"
    real = True  # real translations where it has them; the rest is marked, never disguised

    def __init__(self, context: EngineContext) -> None:
        self.context = context
        self.usage = Usage()
        self.counts = Counts()
        path = context.options.get("memory_path")
        if not isinstance(path, str | Path):
            raise EngineError("the memory engine needs a memory file (engine option memory_path)")
        self.path = Path(path)
        threshold = context.options.get("fuzzy_threshold", DEFAULT_THRESHOLD)
        if not isinstance(threshold, int | float) or not 0 < threshold <= 100:
            raise EngineError(f"fuzzy_threshold must be a number in 1-100, not {threshold!r}")
        self.threshold = float(threshold)
        self.glossary = context.glossary.version if context.glossary is not None else ""

    def estimate(self, batch: Sequence[Segment]) -> Usage:
        return Usage(segments=len(batch))

    def translate(self, batch: Sequence[Segment], progress: Progress | None = None) -> list[str]:
        c = self.context
        with Memory.open(self.path) as memory:
            keys = [memory_key(s.text) for s in batch]
            exact = memory.lookup(keys, c.source_language, c.target_language, self.glossary)
            pending = [i for i, s in enumerate(batch) if not _fits(s, exact.get(keys[i]))]
            pool = _Pool(memory.candidates(c.source_language, c.target_language, _KINDS))
        out = [exact[keys[i]].target if i not in pending else "" for i in range(len(batch))]
        for index in pending:
            out[index] = self._fallback(batch[index], pool)
        self.counts.exact += len(batch) - len(pending)
        self.usage.segments += len(batch)
        self.usage.memory_hits = self.counts.exact + self.counts.fuzzy
        if progress:
            progress(len(batch))
        return out

    def summary(self) -> str:
        n, language = self.counts, self.context.source_language.upper()
        return (
            f"{n.exact} from memory, {n.fuzzy} fuzzy (marked [TM nn%], to review), "
            f"{n.untranslated} untranslated (marked [{language}])"
        )

    def _fallback(self, segment: Segment, pool: _Pool) -> str:
        if not any(ch.isalpha() for ch in segment.plain):
            return segment.text
        fuzzy = self._fuzzy(segment, pool)
        if fuzzy is not None:
            self.counts.fuzzy += 1
            return fuzzy
        self.counts.untranslated += 1
        return escape(f"[{self.context.source_language.upper()}] ") + segment.text

    def _fuzzy(self, segment: Segment, pool: _Pool) -> str | None:
        from rapidfuzz import fuzz, process

        found = process.extract(
            segment.plain,
            pool.plain,
            scorer=fuzz.ratio,
            score_cutoff=self.threshold,
            limit=5,
        )
        for _, score, index in found:
            entry = pool.entries[index]
            if _fits(segment, entry):
                return escape(f"[TM {int(score)}%] ") + entry.target
        return None


def _fits(segment: Segment, entry: Entry | None) -> bool:
    if entry is None:
        return False
    try:
        segment.restore(entry.target)
    except MarkupError:
        return False
    return True


def create(context: EngineContext) -> MemoryEngine:
    return MemoryEngine(context)
