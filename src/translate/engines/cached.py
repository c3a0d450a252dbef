"""Caching as a wrapper around any engine: what the translation memory knows is never sent.

``CachedEngine(inner, memory, context)`` is an engine. For a batch it looks every segment up in
the memory (``translate.memory``): a human entry first, then a machine entry made with the same
glossary version. A hit whose markup does not fit the segment (``Segment.restore`` fails) is
ignored. The misses, each distinct key once, go to ``inner`` in chunks of about ``jobs`` x 9,000
bytes of segment text, enough to keep the inner engine's requests in flight, and each chunk's
translations are stored in one transaction as soon as the chunk returns: a run killed midway
(Ctrl-C or ``kill -9``) loses at most the chunk in flight, and the rerun sends only what is
missing. A ``Streaming`` engine (``bedrock``) gets every miss at once and each translation it
accepts is stored as its answer arrives: a run killed, stopped at ``--max-cost`` or failed on
one segment keeps every answer it paid for. Engines that do not translate (``real = False``,
such as ``pseudo``) get their own entries (kind ``test``), never mixed with real translations.
The hits that ``inner`` did not make (a person's translations, or another engine's) are counted
apart, for the file's provenance.

When the run enforces the glossary (``enforce`` other than ``off``, with a glossary), every
translation is verified by the checker's rule for one segment (``term_counts``), as the engines
verify theirs: one with a glossary term wrong is never stored (whatever the engine did with it:
counted in ``terminology`` mode, still wrong after repairs in ``strict`` or ``repair``), and a
machine (or test) hit with a glossary term wrong is not used but sent again, counted in
``usage.memory_wrong``; a human entry is a person's choice and is used as it is. An ``off`` run
verifies nothing: it stores what it gets and uses what it finds, and the next run that enforces
the glossary verifies those entries like any other.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence

from translate.document import Segment, plain_text
from translate.engines.amazon_translate import term_counts
from translate.engines.base import Engine, EngineContext, Progress, Streaming, Usage
from translate.errors import InputError, MarkupError
from translate.glossary.match import TermMatcher
from translate.memory import Entry, Kind, Memory, memory_key

CHUNK_BYTES_PER_JOB = 9_000


class CachedEngine:
    """``inner`` behind the translation memory ``memory``."""

    def __init__(
        self,
        inner: Engine,
        memory: Memory,
        context: EngineContext,
        *,
        chunk_bytes: int | None = None,
    ) -> None:
        self.inner = inner
        self.memory = memory
        self.context = context
        self.name = inner.name
        self.real = inner.real
        self.usage = inner.usage
        self.chunk_bytes = chunk_bytes or max(context.jobs, 1) * CHUNK_BYTES_PER_JOB
        glossary = context.glossary
        self.glossary = glossary.version if glossary is not None else ""
        verify = glossary is not None and not glossary.is_empty and context.enforce != "off"
        self.matcher = TermMatcher(glossary) if glossary is not None and verify else None
        self.kind: Kind = "machine" if inner.real else "test"
        model = getattr(inner, "model", None)
        self.origin = f"{inner.name}:{model}" if model else inner.name
        self._lock = threading.Lock()
        self.streaming = isinstance(inner, Streaming)  # it hands each answer over: store it
        if isinstance(inner, Streaming):
            inner.on_accepted = self._accepted

    def estimate(self, batch: Sequence[Segment]) -> Usage:
        """The inner engine's estimate for the segments the memory does not have."""
        entries, wrong = self._hits(batch)
        targets = [e.target if e else None for e in entries]
        misses = _distinct([s for s, t in zip(batch, targets, strict=True) if t is None])
        usage = self.inner.estimate(misses)
        usage.segments = len(batch)
        usage.memory_hits = sum(t is not None for t in targets)
        usage.memory_wrong = wrong
        return usage

    def translate(self, batch: Sequence[Segment], progress: Progress | None = None) -> list[str]:
        report = progress or (lambda n: None)
        entries, wrong = self._hits(batch)
        targets = [e.target if e else None for e in entries]
        hits = sum(t is not None for t in targets)
        report(hits)
        misses = _distinct([s for s, t in zip(batch, targets, strict=True) if t is None])
        found: dict[str, str] = {}
        for chunk in self._chunks(misses):
            translated = self.inner.translate(chunk, report)
            self._remember(chunk, translated)
            found.update((memory_key(s.text), t) for s, t in zip(chunk, translated, strict=True))
        self.usage.memory_others += sum(e is not None and not self._made(e) for e in entries)
        duplicates = len(batch) - hits - len(misses)
        self.usage.segments += hits + duplicates
        self.usage.memory_hits += hits
        self.usage.memory_wrong += wrong
        report(duplicates)
        return [
            t if t is not None else found[memory_key(s.text)]
            for s, t in zip(batch, targets, strict=True)
        ]

    def _hits(self, batch: Sequence[Segment]) -> tuple[list[Entry | None], int]:
        """The memory's entry for each segment (None when it has none whose markup fits, or a
        machine one with a glossary term wrong), and how many were left out as wrong."""
        c = self.context
        kinds: tuple[Kind, ...] = ("human", self.kind)
        keys = [memory_key(segment.text) for segment in batch]
        known = self.memory.lookup(keys, c.source_language, c.target_language, self.glossary, kinds)
        found = [
            known[key] if key in known and _fits(segment, known[key].target) is not None else None
            for segment, key in zip(batch, keys, strict=True)
        ]
        usable = [
            e if e is None or e.kind == "human" or self._right(s, e.target) else None
            for s, e in zip(batch, found, strict=True)
        ]
        return usable, sum(e is not None for e in found) - sum(e is not None for e in usable)

    def _right(self, segment: Segment, target: str) -> bool:
        """True unless the run enforces the glossary and a term is wrong in ``target``."""
        if self.matcher is None:
            return True
        return term_counts(self.matcher, segment.plain, plain_text(target))[1] == 0

    def _made(self, entry: Entry) -> bool:
        """True when ``entry`` is the inner engine's own translation."""
        return entry.kind != "human" and entry.origin == self.origin

    def _chunks(self, segments: list[Segment]) -> list[list[Segment]]:
        if self.streaming:
            return [segments] if segments else []
        chunks: list[list[Segment]] = []
        size = 0
        for segment in segments:
            length = len(segment.text.encode("utf-8"))
            if not chunks or size + length > self.chunk_bytes:
                chunks.append([])
                size = 0
            chunks[-1].append(segment)
            size += length
        return chunks

    def _accepted(self, pairs: Sequence[tuple[Segment, str]]) -> None:
        """Store what the inner engine accepted (called from its worker threads)."""
        try:
            with self._lock:
                self._remember([s for s, _ in pairs], [t for _, t in pairs])
        except sqlite3.Error as error:
            raise InputError(
                f"{self.memory.path}: cannot store translations in the translation memory "
                f"({error}); nothing was written"
            ) from None

    def _remember(self, chunk: Sequence[Segment], translated: Sequence[str]) -> None:
        c = self.context
        self.memory.store(
            Entry(
                segment.text, target, c.source_language, c.target_language,
                self.kind, self.origin, self.glossary,
            )
            for segment, target in zip(chunk, translated, strict=True)
            if _fits(segment, target) is not None and self._right(segment, target)
        )  # fmt: skip


def _fits(segment: Segment, target: str) -> str | None:
    """``target`` if its markup fits ``segment``, else None."""
    try:
        segment.restore(target)
    except MarkupError:
        return None
    return target


def _distinct(segments: list[Segment]) -> list[Segment]:
    """The first segment of each key, in order."""
    seen: dict[str, Segment] = {}
    for segment in segments:
        seen.setdefault(memory_key(segment.text), segment)
    return list(seen.values())
