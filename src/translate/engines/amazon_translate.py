"""The ``amazon-translate`` engine: segments as HTML through ``TranslateText``, verified.

How a batch is translated:

1. each segment becomes one HTML element (``engines._html``): protected spans are
   ``translate=no`` elements, paired markup plain tags; in ``strict`` mode every glossary term
   is also sent as a ``translate=no`` element holding its preferred rendering (the term as
   written for a name kept in English). A segment bigger than a request is cut at sentence
   boundaries and joined back after;
2. elements are packed, in order, into requests of at most ``max_request_bytes`` (10,000, the
   service's limit, which botocore does not check) and sent on ``context.jobs`` threads with our
   own requeue for throttled calls (``engines._aws.run_batches``);
3. every element must come back with each placeholder once and unchanged; one that does not is
   sent again alone, then reported (``EngineError``: nothing is written);
4. glossary terms are verified in every translated segment, by the checker's rule for one
   segment (``term_counts``), as each response arrives; in ``strict`` mode a segment with a
   wrong term is sent again alone (a repair), in ``terminology`` mode it is counted as still
   wrong;
5. in ``repair`` mode the first pass protects only the terms the custom terminology is expected
   to miss (``_expected_miss``: no synced row can apply them, or it missed them in an earlier
   run, as the memory keeps), and the terminology does what it can with the rest, nothing
   extra billed. Each segment found wrong is sent again, packed with the other wrong ones:
   only its wrong sentences when the answer's sentences line up one to one with the English
   ones (as many, the same markup in each; each re-sent answer is put back in its place and
   the whole segment verified again), else the whole segment, with its wrong terms protected
   (the others came back right with the terminology, which the re-send has too). A re-send
   leaves as soon as it fills a request (ahead of the first-pass requests still waiting), the
   rest as soon as the last first-pass answer is in. A segment whose re-send got another term
   wrong is sent once more with all its terms protected, as in ``strict`` mode; one still
   wrong is counted as in ``strict`` mode and listed in ``unverified`` (a translation memory
   does not keep it). The terms found wrong, in the first pass or in a re-send that left them
   to the terminology, are kept in the memory for the next runs.

The custom terminology (``translate glossary sync``) is used in ``terminology`` and ``repair``
modes only: in ``strict`` mode every glossary term the terminology could apply is already sent
protected, so syncing it (``GetTerminology``, maybe ``ImportTerminology``, before the first
translation) and having the service apply it to every request would cost time and buy nothing.

``context.options`` (all optional): ``cost_history`` (the memory file, where ``repair`` mode
keeps the terms the terminology missed), ``usd_per_million_characters`` (15.0),
``max_request_bytes`` (10000), ``deadline_seconds`` (300), ``terminology_name`` (use this
custom terminology, in any mode, instead of syncing the glossary), ``formality``
(``FORMAL``/``INFORMAL``, for target languages that have it).
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translate.check import occurrences  # see term_counts
from translate.check import rendered as _rendered
from translate.check import words as _words
from translate.check.terms import in_context
from translate.document import Segment, plain_text
from translate.engines._aws import (
    Backoff,
    Meter,
    aws_error,
    cost_usd,
    error_code,
    make_client,
    pack,
)
from translate.engines._aws import run_batches as _run_batches
from translate.engines._html import Unit, parse_response, split_sentences, to_unit
from translate.engines.base import EngineContext, Progress, Usage, kept_rendering
from translate.errors import EngineError, MarkupError, TranslateError
from translate.glossary import Entry
from translate.glossary.match import TermMatch, TermMatcher

SERVICE = "Amazon Translate"
MAX_REQUEST_BYTES = 10_000
USD_PER_MILLION = 15.0


@dataclass(frozen=True)
class Piece:
    """One element of a request: segment ``segment`` of the batch, part ``part`` of it."""

    segment: int
    part: int
    last: bool
    unit: Unit
    joiner: str  # whitespace the source had after this part
    source: str = field(default="", compare=False)  # the segment's plain text, when whole
    repair: bool = False  # a re-send with the segment's terms protected (``repair`` mode)

    @property
    def key(self) -> tuple[int, int]:
        return (self.segment, self.part)


Results = dict[tuple[int, int], str]
Failures = list[tuple[Piece, str]]


class AmazonTranslateEngine:
    name = "amazon-translate"
    real = True

    def __init__(self, context: EngineContext, client_factory: Callable[[], Any] | None = None):
        self.context = context
        self.usage = Usage()
        options = context.options
        self.budget = int(_number(options, "max_request_bytes", MAX_REQUEST_BYTES))
        self.rate = _number(options, "usd_per_million_characters", USD_PER_MILLION)
        self.backoff = Backoff(deadline=_number(options, "deadline_seconds", 300.0))
        glossary = context.glossary
        self.matcher = TermMatcher(glossary) if glossary and not glossary.is_empty else None
        self._keeper: Keeper | None = None
        if self.matcher and context.enforce == "strict":
            self._keeper = self._keep_terms
        self._repairs = _Repairs() if self.matcher and context.enforce == "repair" else None
        if self._repairs is not None:
            self._keeper = self._keep_expected_misses
        self._rows: frozenset[str] | None = None  # the synced terminology's sources, lower case
        history = context.options.get("cost_history")
        self.history = Path(str(history)) if history else None
        self._missed: frozenset[tuple[str, str]] | None = None  # see ``_learned``
        self.unverified: frozenset[int] = frozenset()  # see ``translate``
        self._client_factory = client_factory or self._make_client
        self._client: Any = None
        self._terminology: list[str] | None = None
        self._sources: dict[str, list[TermMatch]] = {}  # text -> its terms (memo)
        self._checked: dict[int, tuple[int, int]] = {}  # segment -> term counts, as they arrive
        self.meter = Meter()

    # --- public -------------------------------------------------------------------------------

    def estimate(self, batch: Sequence[Segment]) -> Usage:
        """Requests and billed characters for ``batch``, without a request.

        In ``repair`` mode the estimate is a range: from no segment sent again to every segment
        with a glossary term sent again with its terms protected, and once more, alone, each
        one with two terms or more (a re-send that got the other one wrong: the ``_high``
        figures).
        """
        pieces = self._pieces(batch)
        usage = Usage(segments=len(batch), requests=len(self._pack(pieces)))
        self._bill(usage, sum(len(p.unit.html) for p in pieces))
        if self._repairs is not None:
            pieces = self._pieces(batch, protect=True)
            resent = [p for p in pieces if self._source_terms(batch[p.segment].plain)]
            again = [p for p in resent if len(self._entries(batch[p.segment].plain)) > 1]
            usage.requests_high = usage.requests + len(self._pack(resent)) + len(again)
            high = usage.billed_characters + sum(len(p.unit.html) for p in resent + again)
            usage.billed_characters_high = high
            usage.cost_high_usd = cost_usd(high, self.rate)
        return usage

    def _entries(self, text: str) -> set[Entry]:
        return {m.entry for m in _words(text, self._source_terms(text))}

    def _pack(self, pieces: list[Piece]) -> list[list[Piece]]:
        return pack(pieces, lambda p: p.unit.size, self.budget)

    def _bill(self, usage: Usage, characters: int) -> None:
        usage.billed_characters = characters
        usage.cost_usd = cost_usd(characters, self.rate)

    def translate(self, batch: Sequence[Segment], progress: Progress | None = None) -> list[str]:
        """Tagged translations of ``batch``, markup checked and glossary terms verified.

        ``unverified`` then holds the indexes of the segments whose glossary terms are still
        wrong in ``repair`` mode: their translation failed verification (a translation memory
        does not keep them).
        """
        report = progress or (lambda n: None)
        self._checked.clear()
        self.unverified = frozenset()
        if self._repairs is not None:
            self._repairs = _Repairs(batch)
        pieces = self._pieces(batch)
        report(len(batch) - len({p.segment for p in pieces}))  # nothing to translate
        if pieces:
            self.connect()
        results = self._translate_pieces(pieces, report)
        targets = _assemble(batch, pieces, results)
        if self.matcher is not None:
            targets = self._enforce(batch, targets)
        self.usage.segments += len(batch)
        self.usage.requests = self.meter.requests
        self.usage.billed_characters = self.meter.characters
        self.usage.cost_usd = cost_usd(self.meter.characters, self.rate)
        return targets

    # --- building requests --------------------------------------------------------------------

    def _pieces(self, batch: Sequence[Segment], protect: bool | None = None) -> list[Piece]:
        """The elements of ``batch``'s requests, glossary terms protected or not (by default:
        as the mode's first pass sends them)."""
        keeper = self._keeper if protect is None else self._keep_terms if protect else None
        pieces: list[Piece] = []
        for index, segment in enumerate(batch):
            if any(c.isalpha() for c in segment.plain):
                pieces.extend(self._segment_pieces(index, segment, keeper))
        return pieces

    def _segment_pieces(self, index: int, segment: Segment, keeper: Keeper | None) -> list[Piece]:
        spans = _spans(segment)
        unit = to_unit(segment.text, spans, keeper)
        if unit.size <= self.budget:
            return [Piece(index, 0, True, unit, "", segment.plain)]
        groups: list[tuple[str, str]] = []
        for sentence, space in split_sentences(segment.text):
            joined = groups[-1][0] + groups[-1][1] + sentence if groups else ""
            if groups and to_unit(joined, spans, keeper).size <= self.budget:
                groups[-1] = (joined, space)
            else:
                groups.append((sentence, space))
        pieces = [
            Piece(index, part, part == len(groups) - 1, unit, space)
            for part, (text, space) in enumerate(groups)
            for unit in [to_unit(text, spans, keeper)]
        ]
        too_big = next((p for p in pieces if p.unit.size > self.budget), None)
        if too_big is not None:
            raise EngineError(
                f"line {segment.line}: a sentence of {too_big.unit.size} bytes does not fit in "
                f"one {SERVICE} request ({self.budget} bytes) - break it up in the source"
            )
        return pieces

    def _keep_terms(
        self, text: str, only: Callable[[TermMatch], bool] | None = None
    ) -> list[tuple[int, int, str]]:
        """The glossary terms of ``text`` (``only`` those, if given) to send protected, each
        with what the element holds: its preferred rendering (capitalised where it opens a
        sentence, see ``kept_rendering``), a kept name as written."""
        assert self.matcher is not None
        return [
            (m.start, m.end, kept_rendering(text, m))
            for m in _words(text, self._source_terms(text))
            if only is None or only(m)
        ]

    def _keep_expected_misses(self, text: str) -> list[tuple[int, int, str]]:
        """``repair`` mode's first pass: the terms the terminology is expected to miss
        (``_expected_miss``), protected as in ``strict`` mode."""
        return self._keep_terms(text, self._expected_miss)

    def _expected_miss(self, match: TermMatch) -> bool:
        """Whether the custom terminology is expected to miss ``match``: it has missed the term
        before (``_learned``), or, synced from the glossary, none of its rows can apply it. The
        service matches a row as written (ignoring case), so ``root-cause analysis`` is not
        matched by ``root cause analysis``, and the upload has no row for a phrase two entries
        render differently. The rows of a terminology of the user's (``terminology_name``) are
        unknown."""
        if (match.entry.term, match.entry.preferred) in self._learned():
            return True
        if self.context.options.get("terminology_name"):
            return False
        if self._rows is None:
            from translate.glossary.formats import terminology_rows

            assert self.context.glossary is not None
            rows = terminology_rows(self.context.glossary, upload=True)
            self._rows = frozenset(source.lower() for source, _ in rows)
        return " ".join(match.surface.split()).lower() not in self._rows

    def _learned(self) -> frozenset[tuple[str, str]]:
        """The glossary terms, each with its rendering, the custom terminology has missed in
        earlier runs into this language, as the memory keeps them (option ``cost_history``, the
        memory file); none without it (reading never creates it: ``--dry-run`` writes
        nothing). A glossary edited since still finds what it learned about its other terms."""
        if self._missed is None:
            self._missed = frozenset()
            if self.history is not None and self.history.exists():
                from translate.memory import Memory

                with (
                    contextlib.suppress(TranslateError, sqlite3.Error),
                    Memory.open(self.history) as memory,
                ):
                    self._missed = memory.missed_terms(*self._pair)
        return self._missed

    def _learn(self, entries: Iterable[Entry]) -> None:
        """Keep the terms the terminology got wrong (every wrong segment's in the first pass,
        however it is repaired, and a re-send's unprotected ones), so that later runs protect
        them first."""
        terms = {(entry.term, entry.preferred) for entry in entries} - self._learned()
        if not terms:
            return
        self._missed = self._learned() | terms
        if self.history is not None:
            from translate.memory import Memory

            # what is learned only saves later runs money: a memory that cannot keep it does
            # not fail this run
            with (
                contextlib.suppress(TranslateError, sqlite3.Error),
                Memory.open(self.history) as memory,
            ):
                memory.record_missed(*self._pair, terms)

    @property
    def _pair(self) -> tuple[str, str]:
        return self.context.source_language, self.context.target_language

    def _source_terms(self, text: str) -> list[TermMatch]:
        """Glossary terms in source ``text``, matched once (keeping and verifying share them)."""
        assert self.matcher is not None
        found = self._sources.get(text)
        if found is None:
            found = self._sources[text] = self.matcher.find_source(text)
        return found

    # --- sending ------------------------------------------------------------------------------

    def _make_client(self) -> Any:
        c = self.context
        return make_client("translate", profile=c.profile, region=c.region, jobs=c.jobs)

    def connect(self) -> None:
        """Create the client, sync the terminology and read what earlier runs learned now
        (``translate`` does it on first use)."""
        if self._client is None:
            self._client = self._client_factory()
        if self._terminology is None:
            self._terminology = self._terminology_names()
        if self._repairs is not None:
            self._learned()

    def _terminology_names(self) -> list[str]:
        name = self.context.options.get("terminology_name")
        glossary = self.context.glossary
        if name:
            return [str(name)]
        if glossary is None or glossary.is_empty or self.context.enforce in ("strict", "off"):
            return []  # strict: every term is sent protected (see the module's docstring)
        from translate.glossary.sync import sync_terminology

        return [sync_terminology(glossary, client_factory=lambda: self._client).name]

    def _translate_pieces(self, pieces: list[Piece], report: Progress) -> Results:
        results: Results = {}
        failed = self._send(self._pack(pieces), results, report, first=True)
        if failed:  # each broken element gets one more chance, alone
            failed = self._send([[piece] for piece, _ in failed], results, report, first=True)
        if failed:
            piece, why = failed[0]
            raise EngineError(
                f"{SERVICE} broke the markup of {len(failed)} segment(s), even when sent alone "
                f"(first: segment {piece.segment + 1}, {why}); nothing was written - retry, "
                "or use another engine for this post"
            )
        return results

    def _send(
        self, batches: list[list[Piece]], results: Results, report: Progress, first: bool = False
    ) -> Failures:
        """Send ``batches``; a ``first`` pass in ``repair`` mode re-sends wrong segments as it
        goes (``_follow_up``), and their answers are kept apart (``_Repairs.fixed``)."""
        failures: Failures = []
        repairs = self._repairs if first else None
        if repairs is not None:
            repairs.left = len(batches)

        def done(batch: list[Piece], outcome: tuple[Results, Failures]) -> list[list[Piece]]:
            if batch[0].repair and repairs is not None:
                repairs.answers.update(outcome[0])  # a broken one is re-sent after the run
                return []
            results.update(outcome[0])
            failures.extend(outcome[1])
            report(sum(1 for p in batch if p.last and p.key in outcome[0]))
            return self._follow_up(repairs, batch, outcome[0]) if repairs is not None else []

        try:
            _run_batches(
                batches,
                self._request,
                jobs=self.context.jobs,
                backoff=self.backoff,
                on_done=done,
                label=SERVICE,
            )
        except EngineError:
            raise
        except Exception as error:
            raise self._error(error) from error
        return failures

    def _request(self, batch: list[Piece]) -> tuple[Results, Failures]:
        text = "".join(piece.unit.html for piece in batch)
        params: dict[str, Any] = {
            "Text": text,
            "SourceLanguageCode": self.context.source_language,
            "TargetLanguageCode": self.context.target_language,
        }
        if self._terminology:
            params["TerminologyNames"] = self._terminology
        if "formality" in self.context.options:
            params["Settings"] = {"Formality": str(self.context.options["formality"])}
        response = self._client.translate_text(**params)
        self.meter.add(requests=1, characters=len(text))
        ok, failed = _read(batch, str(response["TranslatedText"]))
        if self.matcher is not None:  # verify now, while other requests are still out
            for piece in batch:
                if piece.source and piece.key in ok:
                    self._checked[piece.segment] = self._counts(piece.source, ok[piece.key])
        return ok, failed

    def _error(self, error: Exception) -> EngineError:
        code, c = error_code(error), self.context
        info = getattr(error, "response", {}).get("Error", {})
        detail = " ".join(str(info.get("Message", "")).split())
        pair = f"{c.source_language} to {c.target_language}"
        messages = {
            "UnsupportedLanguagePairException": f"{SERVICE} cannot translate {pair} ({detail}) "
            "- choose another --from/--to",
            "DetectedLanguageLowConfidenceException": f"{SERVICE} could not tell the source "
            "language - pass --from",
            "TextSizeLimitExceededException": f"{SERVICE} refused a request as too large "
            f"({detail}) - this is a bug in translate: please report it",
            "ResourceNotFoundException": f"{SERVICE}: custom terminology {self._terminology} "
            f"not found ({detail}) - run `translate glossary sync`",
        }
        if code in messages:
            return EngineError(messages[code])
        return aws_error(SERVICE, error, "TranslateText")

    # --- glossary enforcement -----------------------------------------------------------------

    def _enforce(self, batch: Sequence[Segment], targets: list[str]) -> list[str]:
        assert self.matcher is not None
        wrong: dict[int, int] = {}
        for index, (segment, target) in enumerate(zip(batch, targets, strict=True)):
            counts = self._checked.pop(index, None)
            verified, bad = counts or self._counts(segment.plain, target)
            self.usage.terms_verified += verified
            if bad:
                wrong[index] = bad
        if wrong and self.context.enforce == "strict":
            wrong = self._repair(batch, targets, wrong)
        elif wrong and self._repairs is not None:
            self._learn(e for i in wrong for e in self._wrong(batch[i].plain, targets[i]))
            wrong = self._take_repairs(batch, targets, wrong)
            self.unverified = frozenset(wrong)
        self.usage.terms_wrong += sum(wrong.values())
        return targets

    def _repair(
        self,
        batch: Sequence[Segment],
        targets: list[str],
        wrong: dict[int, int],
        alone: bool = True,
    ) -> dict[int, int]:
        """Send each wrong segment again, its terms protected: ``alone``, or packed with the
        others, first only its wrong sentences where they line up with its wrong terms
        protected (``_resends``), then whole, all protected, if that got another term wrong
        (``_settle``). The terms still wrong."""
        still: dict[int, int] = {}
        if not alone:
            wrong = dict(wrong)
            still = self._settle(self._repair_sentences(batch, targets, wrong), targets, wrong)
        pieces = [p for p in self._pieces(batch, protect=True) if p.segment in wrong]
        results: Results = {}
        batches = [[p] for p in pieces] if alone else self._pack(pieces)
        for piece, _ in self._send(batches, results, lambda n: None):
            results.pop(piece.key, None)
        again = _assemble(batch, pieces, results, targets)
        for index, before in wrong.items():
            whole = all(p.key in results for p in pieces if p.segment == index)
            _, bad = self._counts(batch[index].plain, again[index]) if whole else (0, before)
            if left := self._accept(targets, index, before, again[index], bad):
                still[index] = left
        return still

    def _repair_sentences(
        self, batch: Sequence[Segment], targets: list[str], wrong: dict[int, int]
    ) -> _Repairs:
        """The wrong segments' re-sends (``_resends``), packed, in one round; their answers."""
        repairs = _Repairs(batch)
        resent = [p for index in wrong for p in self._resends(repairs, index, targets[index])]
        for piece, _ in self._send(self._pack(resent), repairs.answers, lambda n: None):
            repairs.answers.pop(piece.key, None)
        return repairs

    def _take_repairs(
        self, batch: Sequence[Segment], targets: list[str], wrong: dict[int, int]
    ) -> dict[int, int]:
        """``repair`` mode: the re-sends' answers taken where they are better (``_settle``); a
        wrong segment that had none (too big for one element, or its markup broken) or whose
        re-send got another term wrong is repaired as in ``strict`` mode. The terms still
        wrong."""
        assert self._repairs is not None
        return self._settle(self._repairs, targets, wrong) | self._repair(batch, targets, wrong)

    def _settle(
        self, repairs: _Repairs, targets: list[str], wrong: dict[int, int]
    ) -> dict[int, int]:
        """Take each segment whose re-sends all came back out of ``wrong``, its answer taken
        where better; the terms still wrong of those whose re-send got wrong only terms it
        protected (as in ``strict`` mode). One whose re-send got a term wrong it did not
        protect goes back into ``wrong``, to be sent again with all its terms protected; that
        term is learned, as the first pass's wrong ones are (the terminology missed it)."""
        fixed = repairs.fixed = self._stitched(repairs)
        still: dict[int, int] = {}
        for index, (text, (_, bad)) in fixed.items():
            if left := self._accept(targets, index, wrong.pop(index), text, bad):
                missed = self._wrong(repairs.batch[index].plain, text).keys() - repairs.kept[index]
                if missed:
                    self._learn(missed)
                    wrong[index] = left  # a term not protected went wrong: all of them now
                else:
                    still[index] = left  # wrong though protected: as in ``strict`` mode
        return still

    def _accept(self, targets: list[str], index: int, before: int, text: str, bad: int) -> int:
        """Take a re-sent ``text`` with fewer wrong terms (``bad``); the terms still wrong."""
        if bad < before:
            targets[index] = text
            self.usage.terms_repaired += before - bad
        return min(bad, before)

    def _follow_up(self, repairs: _Repairs, batch: list[Piece], ok: Results) -> list[list[Piece]]:
        """``repair`` mode, as each first-pass answer is verified: its wrong segments (or their
        wrong sentences, ``_resends``) join the waiting ones, re-sent with their wrong terms
        protected as soon as they fill a request, the rest once the last first-pass answer is
        in."""
        repairs.left -= 1
        for piece in batch:
            counts = self._checked.get(piece.segment) if piece.key in ok else None
            if piece.source and counts is not None and counts[1]:
                repairs.waiting.extend(self._resends(repairs, piece.segment, ok[piece.key]))
        ready = self._pack(repairs.waiting)
        repairs.waiting = ready.pop() if ready and repairs.left > 0 else []
        return ready

    def _resends(self, repairs: _Repairs, index: int, answer: str) -> list[Piece]:
        """What to send again for wrong segment ``index`` of the batch: only its wrong sentences
        when ``answer``'s sentences line up with the English ones (``_aligned``), else the whole
        segment; nothing if that does not fit in a request. Each goes with its wrong terms
        protected, and the ones the terminology cannot apply (as in the first pass): the others
        came back right with the terminology, which the re-send has too."""
        segment = repairs.batch[index]
        pairs = _aligned(segment.text, answer)
        texts = [
            (k, s[0], wrong)
            for k, (s, t) in enumerate(pairs)
            if (wrong := self._wrong(plain_text(s[0]), t[0]))
        ]
        sentences = [t for _, t in pairs]
        if not texts:
            sentences = [(answer, "")]
            texts = [(0, segment.text, self._wrong(segment.plain, answer))]
        spans = _spans(segment)
        pieces = [
            Piece(index, k, True, to_unit(text, spans, self._keep_wrong(wrong)), "", repair=True)
            for k, text, wrong in texts
        ]
        if any(p.unit.size > self.budget for p in pieces):
            return []
        repairs.split[index] = (sentences, [k for k, _, _ in texts])
        repairs.kept[index] = {entry for _, _, wrong in texts for entry in wrong}
        return pieces

    def _keep_wrong(self, wrong: Counter[Entry]) -> Keeper:
        """A re-send's keeper: the ``wrong`` entries' terms, and those no row can apply."""
        return lambda text: self._keep_terms(
            text, lambda m: m.entry in wrong or self._expected_miss(m)
        )

    def _wrong(self, source: str, target: str) -> Counter[Entry]:
        """The wrong term occurrences by entry: ``source`` plain text, ``target`` tagged."""
        assert self.matcher is not None
        terms = self._source_terms(source)
        return wrong_terms(self.matcher, source, plain_text(target), terms)[1]

    def _stitched(self, repairs: _Repairs) -> dict[int, tuple[str, tuple[int, int]]]:
        """Each segment re-sent whose re-sends all came back: its first-pass answer with the
        re-sent sentences put in, and its term counts (the whole segment verified again)."""
        fixed: dict[int, tuple[str, tuple[int, int]]] = {}
        for index, (sentences, resent) in repairs.split.items():
            if all((index, k) in repairs.answers for k in resent):
                text = "".join(
                    repairs.answers.get((index, k), sentence) + space
                    for k, (sentence, space) in enumerate(sentences)
                )
                fixed[index] = (text, self._counts(repairs.batch[index].plain, text))
        return fixed

    def _counts(self, source: str, target: str) -> tuple[int, int]:
        """Term counts of one segment: ``source`` plain text, ``target`` tagged translation."""
        assert self.matcher is not None
        terms = self._source_terms(source)
        return term_counts(self.matcher, source, plain_text(target), terms)


Keeper = Callable[[str], list[tuple[int, int, str]]]


Sentences = list[tuple[str, str]]  # tagged sentences, each with the whitespace after it


@dataclass
class _Repairs:
    """``repair`` mode's state for one batch: first-pass requests not answered yet, re-sends
    waiting to leave, each wrong segment's first-pass answer in sentences with the ones re-sent
    (``split``), the re-sends' answers by (segment, sentence), the entries each segment's
    re-sends protected because they were wrong (``kept``), and then each segment with its
    re-sent sentences put back and its term counts (``fixed``)."""

    batch: Sequence[Segment] = ()
    left: int = 0
    waiting: list[Piece] = field(default_factory=list)
    split: dict[int, tuple[Sentences, list[int]]] = field(default_factory=dict)
    answers: Results = field(default_factory=dict)
    kept: dict[int, set[Entry]] = field(default_factory=dict)  # the entries a re-send protected
    fixed: dict[int, tuple[str, tuple[int, int]]] = field(default_factory=dict)


def _spans(segment: Segment) -> dict[int, str]:
    """The protected spans a request carries (paired markup travels as tags)."""
    return {span.id: span.text for span in segment.spans if not span.paired}


_MARKS = re.compile(r'<(?:g|x) id="(\d+)"')


def _aligned(source: str, target: str) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """The sentences of tagged ``source`` and of its translation ``target`` paired one to one,
    when they line up: as many of each, more than one, each pair holding the same markup."""
    sources, targets = split_sentences(source), split_sentences(target)
    if len(sources) < 2 or len(sources) != len(targets):
        return []
    pairs = list(zip(sources, targets, strict=True))
    if any(sorted(_MARKS.findall(s)) != sorted(_MARKS.findall(t)) for (s, _), (t, _) in pairs):
        return []
    return pairs


def _read(batch: list[Piece], translated: str) -> tuple[Results, Failures]:
    units = parse_response(translated)
    if len(units) != len(batch):
        why = f"{len(units)} elements came back for {len(batch)} sent"
        return {}, [(piece, why) for piece in batch]
    ok: Results = {}
    failed: Failures = []
    for piece, events in zip(batch, units, strict=True):
        try:
            ok[piece.key] = piece.unit.tagged(events)
        except MarkupError as error:
            failed.append((piece, str(error)))
    return ok, failed


def _assemble(
    batch: Sequence[Segment],
    pieces: list[Piece],
    results: Results,
    default: Sequence[str] | None = None,
) -> list[str]:
    targets = list(default) if default is not None else [s.text for s in batch]
    parts: dict[int, list[str]] = {}
    for piece in pieces:
        text = results.get(piece.key)
        if text is not None:
            parts.setdefault(piece.segment, []).append(text + piece.joiner)
    for index, texts in parts.items():
        targets[index] = "".join(texts)
    return targets


def term_counts(
    matcher: TermMatcher,
    source: str,
    target: str,
    source_terms: list[TermMatch] | None = None,
) -> tuple[int, int]:
    """(verified, wrong) glossary term occurrences of ``source`` in its translation ``target``.

    The checker's rule for one segment pair, for every glossary term (``translate check
    --all-terms``): occurrences are counted as ``translate.check.occurrences`` does (not inside
    identifiers, a glossed abbreviation once) and renderings as the checker accepts them
    (preferred or admitted, English forms where the entry admits English). An occurrence is
    wrong when its rendering is missing, or when a forbidden rendering stands in the target (a
    forbidden text that is also a wanted term's rendering does not count).
    """
    total, wrong = wrong_terms(matcher, source, target, source_terms)
    return total - sum(wrong.values()), sum(wrong.values())


def wrong_terms(
    matcher: TermMatcher,
    source: str,
    target: str,
    source_terms: list[TermMatch] | None = None,
) -> tuple[int, Counter[Entry]]:
    """The glossary term occurrences of ``source``, and the wrong ones in ``target`` by entry
    (``term_counts``' rule)."""
    wanted = occurrences(source, matcher.find_source(source) if source_terms is None else
                         source_terms)  # fmt: skip
    if not wanted:
        return 0, Counter()
    found = matcher.find_target(target)
    forbidden = Counter(m.entry for m in found if m.kind == "forbidden")
    good = _rendered(target, found, []) - forbidden
    if any(good[entry] < n for entry, n in wanted.items()):  # English forms, only when needed
        good = _rendered(target, found, matcher.find_source(target)) - forbidden
    bad = _forbidden(found, wanted)
    wrong = Counter(
        {entry: min(n, max(n - good[entry], bad[entry])) for entry, n in wanted.items()}
    )
    return sum(wanted.values()), +wrong


def _forbidden(found: list[TermMatch], wanted: Counter[Entry]) -> Counter[Entry]:
    """Forbidden renderings of wanted terms; a text forbidden only in context (``cấp cao`` for
    *Principal*, right for *Senior* beside it) is wrong only where renderings are short, which
    the caller counts already."""
    accepted = {(m.start, m.end) for m in found if m.kind != "forbidden" and m.entry in wanted}
    return Counter(
        m.entry
        for m in found
        if m.kind == "forbidden" and m.entry in wanted and (m.start, m.end) not in accepted
        and not in_context(m)
    )  # fmt: skip


def _number(options: dict[str, object], key: str, default: float) -> float:
    value = options.get(key, default)
    if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
        raise EngineError(f"engine option {key} must be a positive number, not {value!r}")
    return float(value)


def create(context: EngineContext) -> AmazonTranslateEngine:
    return AmazonTranslateEngine(context)
