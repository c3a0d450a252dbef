"""The translation memory: every translated segment, on an embedded SQLite database.

An entry maps a source segment to its translation for one language pair. Its *key* is the
segment's tagged text (``translate.document``), NFC-normalized with runs of whitespace collapsed
to one space, so a paragraph re-wrapped in the source is the same segment. Placeholders are ids,
not what they stand for: a segment whose inline code or link destination changed is still found,
and its translation is restored with the new spans (``Segment.restore``).

Each entry has a ``kind``:

- ``machine``: an engine's output, stored with the glossary version it was made with
  (``Glossary.version``, ``""`` without a glossary). It is found only with that same version, so
  a glossary change re-translates (and re-verifies) what the old glossary produced;
- ``human``: a translator's version (learned from an edited file, a past translation or a TMX
  file). It is found whatever the glossary version, and it wins over a machine entry;
- ``test``: output of an engine that does not translate (``pseudo``); only such engines see it.

``origin`` says where an entry came from (``human``, or the engine and model), ``created`` when
(UTC, ISO 8601). Beside the entries, ``costs`` keeps what each paid run cost (``record_cost``): its
first pass and what repairs and retries added, per engine and model, so that an estimate can use
the repair share recent runs really had (``repair_shares``); and ``missed_terms`` the glossary
terms (with their renderings) Amazon Translate's custom terminology was seen to miss in a language
pair (``record_missed``), which ``--enforce repair`` then sends protected from the start. ``clear``
keeps both; ``forget_missed`` forgets learned terms, all or some. The database runs in WAL mode
with a busy timeout, so several ``translate`` processes can read and write one memory at once;
every ``store`` is one transaction, so a run killed midway keeps everything stored before the kill.
"""

from __future__ import annotations

import os
import random
import re
import sqlite3
import time
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from translate.document import Document, Segment, Span, escape, plain_text, tokens
from translate.errors import InputError, MarkupError
from translate.files import check_writable

Kind = Literal["human", "machine", "test"]
Term = tuple[str, str]  # a glossary term and the rendering it was wanted in
_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    key TEXT NOT NULL,
    source_language TEXT NOT NULL,
    target_language TEXT NOT NULL,
    glossary TEXT NOT NULL,
    kind TEXT NOT NULL,
    origin TEXT NOT NULL,
    source TEXT NOT NULL,
    plain TEXT NOT NULL,
    target TEXT NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (key, source_language, target_language, glossary, kind)
);
CREATE TABLE IF NOT EXISTS costs (
    engine TEXT NOT NULL,
    target_language TEXT NOT NULL,
    first_pass_usd REAL NOT NULL,
    repairs_usd REAL NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS missed_terms (
    source_language TEXT NOT NULL,
    target_language TEXT NOT NULL,
    term TEXT NOT NULL,
    rendering TEXT NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (source_language, target_language, term, rendering)
);
"""
_UPSERT = """
INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (key, source_language, target_language, glossary, kind) DO UPDATE SET
    origin = excluded.origin, source = excluded.source, plain = excluded.plain,
    target = excluded.target, created = excluded.created
"""
_COLUMNS = "key, source_language, target_language, glossary, kind, origin, source, target, created"
_RANK = {"human": 0, "machine": 1, "test": 1}
_CHUNK = 500  # keys per SELECT, under SQLite's variable limit
_MARKER = re.compile(r"^\s*\[(?:TM \d+%|[A-Z]{2}(?:-[A-Z]{2})?)\] ")


def memory_key(tagged: str) -> str:
    """The lookup key of a segment's tagged text: NFC, whitespace runs as one space."""
    return " ".join(unicodedata.normalize("NFC", tagged).split())


@dataclass(frozen=True)
class Entry:
    """One remembered translation."""

    source: str
    target: str
    source_language: str
    target_language: str
    kind: Kind = "machine"
    origin: str = "human"
    glossary: str = ""
    created: str = ""

    @property
    def key(self) -> str:
        return memory_key(self.source)


@dataclass(frozen=True)
class MissedTerm:
    """A glossary term, with its rendering, a custom terminology was seen to miss (learned)."""

    source_language: str
    target_language: str
    term: str
    rendering: str
    created: str

    @property
    def pair(self) -> str:
        return f"{self.source_language} -> {self.target_language}"


@dataclass(frozen=True)
class Stats:
    """How many entries there are, by kind and origin and by language pair, the file size, and
    the terms learned as missed by a custom terminology."""

    path: Path
    total: int
    by_origin: dict[str, int]
    by_pair: dict[str, int]
    size_bytes: int
    missed: tuple[MissedTerm, ...] = ()


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _set_up(db: sqlite3.Connection, attempts: int = 50) -> None:
    """WAL mode and the schema. Two processes opening a new file at once can find it locked
    while the other switches it to WAL (that switch does not wait on the busy timeout), so a
    locked database is tried again for a few seconds."""
    for attempt in range(attempts):
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # durable across a killed process in WAL
            db.executescript(_SCHEMA)
            return
        except sqlite3.OperationalError as error:
            if ("locked" not in str(error) and "busy" not in str(error)) or attempt == attempts - 1:
                raise
            time.sleep(0.05 + 0.05 * random.random())


def _can_write(path: Path) -> bool:
    """Whether the database ``path`` and its folder (where SQLite keeps its journal) can be
    written."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def _read_only(path: Path) -> sqlite3.Connection:
    """``path`` opened read-only; ``immutable`` when SQLite cannot even keep its shared-memory
    file beside it (a read-only folder), so that it reads the file as it is."""
    failure: sqlite3.Error | None = None
    for query in ("mode=ro", "mode=ro&immutable=1"):
        uri = f"{path.resolve().as_uri()}?{query}"
        try:
            db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as error:
            failure = error
            continue
        try:
            db.execute("SELECT 1 FROM entries LIMIT 1").fetchall()
            return db
        except sqlite3.Error as error:
            db.close()
            failure = error
    raise InputError(f"{path}: cannot open the translation memory ({failure})")


class Memory:
    """A translation memory file; open it with ``Memory.open`` and close it (or use ``with``)."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db = connection

    @classmethod
    def open(cls, path: Path, *, writable: bool = False) -> Memory:
        """Open (creating the file and its folder if needed) the memory at ``path``; when it is
        to be ``writable``, first refuse one that could not be written (``InputError``). One
        that is not to be written and cannot be (a read-only file or folder, a shared mount) is
        opened read-only."""
        if writable:
            check_writable(path, in_place=True)
        elif path.is_file() and not _can_write(path):
            return cls(path, _read_only(path))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # an engine stores answers from its worker threads, one at a time
            db = sqlite3.connect(path, timeout=30.0, isolation_level=None, check_same_thread=False)
            _set_up(db)
        except (OSError, sqlite3.Error) as error:
            raise InputError(f"{path}: cannot open the translation memory ({error})") from None
        return cls(path, db)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Memory:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def journal_mode(self) -> str:
        return str(self._db.execute("PRAGMA journal_mode").fetchone()[0])

    # --- reading ---------------------------------------------------------------------------

    def lookup(
        self,
        keys: Iterable[str],
        source_language: str,
        target_language: str,
        glossary: str = "",
        kinds: Sequence[Kind] = ("human", "machine"),
    ) -> dict[str, Entry]:
        """The best entry per key: human first, then machine (or test) of this glossary version."""
        wanted = sorted(set(keys))
        found: dict[str, Entry] = {}
        marks = ", ".join("?" for _ in kinds)
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            query = (
                f"SELECT {_COLUMNS} FROM entries WHERE source_language = ? AND "
                f"target_language = ? AND kind IN ({marks}) AND (kind = 'human' OR glossary = ?) "
                f"AND key IN ({', '.join('?' for _ in chunk)})"
            )
            params = [source_language, target_language, *kinds, glossary, *chunk]
            for row in self._db.execute(query, params):
                entry = _entry(row)
                best = found.get(row[0])
                if best is None or _RANK[entry.kind] < _RANK[best.kind]:
                    found[row[0]] = entry
        return found

    def candidates(
        self, source_language: str, target_language: str, kinds: Sequence[Kind]
    ) -> list[tuple[str, Entry]]:
        """Every entry of a language pair with its plain source text (for fuzzy matching)."""
        marks = ", ".join("?" for _ in kinds)
        rows = self._db.execute(
            f"SELECT plain, {_COLUMNS} FROM entries WHERE source_language = ? AND "
            f"target_language = ? AND kind IN ({marks}) ORDER BY kind, key",
            [source_language, target_language, *kinds],
        )
        return [(row[0], _entry(row[1:])) for row in rows]

    def entries(self) -> Iterator[Entry]:
        """Every entry, in a stable order."""
        query = f"SELECT {_COLUMNS} FROM entries ORDER BY source_language, target_language, key"
        for row in self._db.execute(query):
            yield _entry(row)

    def repair_shares(self, engine: str, target_language: str, recent: int) -> list[float]:
        """What repairs and retries added to the first pass (0.5: half as much again) in the
        ``recent`` last runs of ``engine`` (an engine and model, ``bedrock:<model id>``) into
        ``target_language``, newest first."""
        rows = self._db.execute(
            "SELECT repairs_usd / first_pass_usd FROM costs WHERE engine = ? AND "
            "target_language = ? AND first_pass_usd > 0 ORDER BY rowid DESC LIMIT ?",
            [engine, target_language, recent],
        )
        return [float(row[0]) for row in rows]

    def missed_terms(self, source_language: str, target_language: str) -> frozenset[Term]:
        """The glossary terms, each with its rendering, that Amazon Translate's custom
        terminology has been seen to miss for this language pair (``record_missed``)."""
        rows = self._db.execute(
            "SELECT term, rendering FROM missed_terms WHERE source_language = ? AND "
            "target_language = ?",
            [source_language, target_language],
        )
        return frozenset((str(term), str(rendering)) for term, rendering in rows)

    def learned_terms(self) -> list[MissedTerm]:
        """Every term learned as missed (``record_missed``), by language pair and term."""
        rows = self._db.execute(
            "SELECT source_language, target_language, term, rendering, created FROM missed_terms "
            "ORDER BY source_language, target_language, term, rendering"
        )
        return [MissedTerm(*(str(value) for value in row)) for row in rows]

    def is_empty(self) -> bool:
        """True when the memory holds nothing: no entry, no run's cost, no learned term."""
        tables = ("entries", "costs", "missed_terms")
        return not any(
            self._db.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0]
            for table in tables
        )

    def stats(self) -> Stats:
        by_origin = dict(
            self._db.execute(
                "SELECT CASE WHEN kind = origin THEN kind ELSE kind || ' (' || origin || ')' END, "
                "COUNT(*) FROM entries GROUP BY 1 ORDER BY 1"
            ).fetchall()
        )
        by_pair = dict(
            self._db.execute(
                "SELECT source_language || ' -> ' || target_language, COUNT(*) FROM entries "
                "GROUP BY 1 ORDER BY 1"
            ).fetchall()
        )
        size = sum(
            p.stat().st_size
            for p in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm"))
            if p.exists()
        )
        missed = tuple(self.learned_terms())
        return Stats(self.path, sum(by_pair.values()), by_origin, by_pair, size, missed)

    # --- writing ---------------------------------------------------------------------------

    def store(self, entries: Iterable[Entry]) -> int:
        """Add or replace ``entries`` in one transaction; the number stored."""
        rows = [
            (
                e.key, e.source_language, e.target_language,
                "" if e.kind == "human" else e.glossary, e.kind, e.origin, e.source,
                plain_text(e.source), e.target, e.created or now(),
            )
            for e in entries
        ]  # fmt: skip
        if not rows:
            return 0
        with self._transaction():
            self._db.executemany(_UPSERT, rows)
        return len(rows)

    def store_changed(self, entries: Sequence[Entry], glossary: str, kinds: Sequence[Kind]) -> int:
        """Store the entries whose target differs from what a lookup gives now; how many."""
        found: dict[tuple[str, str], dict[str, Entry]] = {}
        for sl, tl in {(e.source_language, e.target_language) for e in entries}:
            keys = [e.key for e in entries if (e.source_language, e.target_language) == (sl, tl)]
            found[sl, tl] = self.lookup(keys, sl, tl, glossary, kinds)
        changed = [
            e
            for e in entries
            if (known := found[e.source_language, e.target_language].get(e.key)) is None
            or memory_key(known.target) != memory_key(e.target)
        ]
        return self.store(changed)

    def record_cost(
        self, engine: str, target_language: str, first_pass_usd: float, repairs_usd: float
    ) -> None:
        """Keep what one run of ``engine`` cost: its first pass, and what repairs and retries
        added to it."""
        with self._transaction():
            self._db.execute(
                "INSERT INTO costs VALUES (?, ?, ?, ?, ?)",
                [engine, target_language, first_pass_usd, repairs_usd, now()],
            )

    def record_missed(
        self, source_language: str, target_language: str, terms: Iterable[Term]
    ) -> None:
        """Keep that Amazon Translate's custom terminology got these glossary terms (each with
        its rendering) wrong in a run."""
        with self._transaction():
            self._db.executemany(
                "INSERT OR IGNORE INTO missed_terms VALUES (?, ?, ?, ?, ?)",
                [(source_language, target_language, *term, now()) for term in sorted(set(terms))],
            )

    def clear(self) -> int:
        """Remove every entry; the number removed."""
        with self._transaction():
            removed = self._db.execute("DELETE FROM entries").rowcount
        self._db.execute("VACUUM")
        return int(removed)

    def forget_missed(self, terms: Collection[str] = ()) -> int:
        """Forget the learned terms (``record_missed``) named in ``terms``, in every language
        pair, or every learned term without ``terms``; the number of rows removed. A term not
        learned is an ``InputError`` and nothing is removed."""
        with self._transaction():
            chosen = pick_missed(self.learned_terms(), terms)
            self._db.executemany(
                "DELETE FROM missed_terms WHERE source_language = ? AND target_language = ? AND "
                "term = ? AND rendering = ?",
                [(m.source_language, m.target_language, m.term, m.rendering) for m in chosen],
            )
        return len(chosen)

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` (or ``ROLLBACK`` on an exception)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *_: object) -> None:
        self._db.execute("COMMIT" if kind is None else "ROLLBACK")


def pick_missed(learned: Sequence[MissedTerm], terms: Collection[str]) -> list[MissedTerm]:
    """The ``learned`` terms named in ``terms`` (NFC, as written), every one without ``terms``;
    an ``InputError`` names a term that is not learned (and one that differs only in case)."""
    if not terms:
        return list(learned)
    wanted = {unicodedata.normalize("NFC", term) for term in terms}
    for term in sorted(wanted - {m.term for m in learned}):
        like = sorted({m.term for m in learned if m.term.casefold() == term.casefold()})
        hint = f" (did you mean {like[0]!r}?)" if like else ""
        raise InputError(
            f"{term!r} is not a learned term{hint}; `translate memory stats` lists them"
        )
    return [m for m in learned if m.term in wanted]


def _entry(row: Sequence[object]) -> Entry:
    _, sl, tl, glossary, kind, origin, source, target, created = (str(v) for v in row)
    return Entry(source, target, sl, tl, kind, origin, glossary, created)  # type: ignore[arg-type]


# --- learning from a translated post -------------------------------------------------------------


@dataclass(frozen=True)
class Learned:
    """Human entries from an aligned pair of posts, and what was left out: the lines of target
    blocks that could not be matched to a source block (unpaired, or with other markup), and how
    many blocks still carry a ``memory`` engine marker."""

    entries: list[Entry]
    unmatched: list[int]
    marked: int = 0

    @property
    def skipped(self) -> int:
        return len(self.unmatched) + self.marked


def learn_pair(
    source: Document, target: Document, source_language: str, target_language: str
) -> Learned:
    """Human entries for the blocks of ``target`` aligned with blocks of ``source``.

    Blocks are aligned as the checker aligns them (``translate.check.align``). A pair is left out
    when its markup differs (the translator dropped a link or a code span) or when the target still
    carries a ``memory`` engine marker (``[TM 93%]``, ``[EN]``): that is not a human translation.
    """
    from translate.check.align import align

    entries: list[Entry] = []
    marked = 0
    pairs = dict((j, i) for i, j in align(source.segments, target.segments))
    unmatched = [t.line for j, t in enumerate(target.segments) if j not in pairs]
    for j, i in pairs.items():
        segment, translated = source.segments[i], target.segments[j]
        mapped = map_markup(segment, translated)
        if _MARKER.match(translated.plain):
            marked += 1
        elif mapped is None:
            unmatched.append(translated.line)
        else:
            entries.append(Entry(segment.text, mapped, source_language, target_language, "human"))
    return Learned(entries, sorted(unmatched), marked)


def map_markup(source: Segment, target: Segment) -> str | None:
    """``target``'s tagged text with its markup renumbered as ``source``'s, or None if it differs.

    Spans are matched by what they hold (the same inline code, the same link destination), in
    order; a pair of emphasis markers matches a pair of the same kind.
    """
    free = list(source.spans)
    ids: dict[int, int] = {}
    for span in target.spans:
        match = next((s for s in free if _same(s, span)), None)
        if match is None and span.paired:
            match = next((s for s in free if s.paired and s.kind == span.kind), None)
        if match is None:
            return None
        free.remove(match)
        ids[span.id] = match.id
    out: list[str] = []
    for token in tokens(target.text):
        if token.kind == "text":
            out.append(escape(token.value))
        elif token.kind == "close":
            out.append("</g>")
        else:
            tag = "g" if token.kind == "open" else "x"
            out.append(f'<{tag} id="{ids[token.id]}"' + (">" if tag == "g" else "/>"))
    mapped = "".join(out)
    try:
        source.restore(mapped)
    except MarkupError:
        return None
    return mapped


def _same(a: Span, b: Span) -> bool:
    return (a.kind, a.text, a.close) == (b.kind, b.text, b.close)
