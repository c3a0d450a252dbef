"""The ``bedrock`` engine: a foundation model through Bedrock Runtime ``converse``, held to a
contract.

How a batch is translated:

1. each segment with words becomes a ``Unit``: its tagged text with markup as opaque tokens
   (``engines._bedrock_schema``) and the glossary entries found in it;
2. units are packed, in order, into requests of at most ``max_batch_characters`` and sent on
   ``context.jobs`` threads with our own requeue for throttled calls (``engines._aws``). Each
   request is the stable, cached system prompt (``engines._prompt``), the glossary entries of
   that batch, the segments as JSON, and a forced tool whose input is the answer;
3. every answer is validated: each id once, each token once and balanced (a remark around the
   answer is left out), not cut off at ``maxTokens``, and (unless ``enforce`` is ``off``) every
   glossary term rendered as the glossary says;
4. the segments of a batch that fail are sent again with the list of their problems, up to
   ``repairs`` times, then one by one; an answer cut off at ``maxTokens`` is sent again with
   the problems it was meant to fix and a budget sized to its own segments (never a larger
   one). An answer withheld by the content filter or a guardrail is not repaired (the same
   request would be withheld again): its segments go one by one at once, and a segment
   withheld alone is broken. In ``terminology`` mode a wrong term is counted, not repaired
   (``repair`` mode is ``strict`` here);
5. what still breaks the markup is an ``EngineError`` (nothing is written). In ``strict`` mode a
   segment whose only fault is a glossary term still wrong goes through Amazon Translate's
   strict path (every term sent protected), when the credentials allow it, and is kept if every
   term comes back right; what is still wrong is named (line, term, the rendering found) in an
   ``EngineError``, unless the option ``accept_wrong_terms`` keeps the best translation and
   counts it as still wrong.

Every translation that passes is handed to ``on_accepted`` as its answer arrives (the memory
wrapper, ``engines.cached``, stores it at once). The first request of a run goes alone, so that
it writes the cached system prompt once; the others follow and read it. A throttled call, a
model not ready, out of capacity (``ServiceUnavailableException``) or any other server fault
(5xx, ``InternalServerException``) are retried with backoff until the deadline; a
``ModelErrorException`` (424) and a dropped connection a few times.

Cost comes from the token counts of each response (an answer billed but lost to a dropped
connection: from its request's input, estimated, and the cost is then "about"), at per-model
rates (``RATES``, USD per million tokens; override with the ``usd_per_million_*`` options).
``estimate`` counts characters: ``SOURCE_CHARS_PER_TOKEN`` (4.0, English) and
``TARGET_CHARS_PER_TOKEN`` (2.0 for Vietnamese, whose diacritics cost tokens; 3.0 otherwise)
with the translation ``EXPANSION`` (1.1x) longer.
It is a range: from the first pass with output as dense as the source (no repair) and the system
prompt read from the cache (a run minutes before wrote it) to the first pass at the target's
density, writing the cache, plus the repair share: what repairs, retries billed and the Amazon
Translate fallback added to the first pass, the highest of the ``RECENT_RUNS`` last runs of this
model into this language (each run keeps its first pass and the rest in the translation memory's
``costs``, when the option ``cost_history`` names the memory file), or ``REPAIR_SHARE`` without
a past run. ``--dry-run`` prints it and ``max_cost_usd`` refuses, before any request, a run
whose upper end is over the limit.

``context.options`` (all optional): ``model`` (``DEFAULT_MODEL``), ``temperature`` (0.2),
``max_batch_characters`` (3000), ``max_output_tokens`` (8192), ``repairs`` (2), ``output``
(``tool``, or ``text`` for models without forced tool use), ``max_cost_usd`` (stop before a
request would take the run over it), ``deadline_seconds`` (300), ``accept_wrong_terms``
(False), ``fallback`` (``amazon-translate``, or ``none``), ``cost_history`` (the memory file
that keeps what runs cost), ``usd_per_million_input``,
``usd_per_million_output``, ``usd_per_million_cache_read``, ``usd_per_million_cache_write``.
"""

from __future__ import annotations

import contextlib
import math
import sqlite3
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from translate import config
from translate.document import Segment, plain_text
from translate.engines import _prompt
from translate.engines._aws import Backoff, aws_error, error_code, is_throttling, is_transient, pack
from translate.engines._aws import make_client as _make_client
from translate.engines._aws import run_batches as _run_batches
from translate.engines._bedrock_costs import Meter, Rates, model_rates
from translate.engines._bedrock_schema import Answer, decode, encode, read_answer, token_list
from translate.engines.amazon_translate import AmazonTranslateEngine, term_counts
from translate.engines.base import Accepted, EngineContext, Progress, Usage
from translate.errors import EngineError, MarkupError, TranslateError
from translate.glossary.match import TermMatcher
from translate.glossary.model import Entry

SERVICE = "Amazon Bedrock"
FALLBACK = "Amazon Translate"
DEFAULT_MODEL = config.DEFAULT_MODEL
SOURCE_CHARS_PER_TOKEN = 4.0
TARGET_CHARS_PER_TOKEN = {"vi": 2.0}
EXPANSION = 1.1
#: What repairs and retries add to the first pass when no past run says: the highest share
#: ``bench/bedrock_speed.py`` measured (15 posts, clean and with every misbehaviour once),
#: rounded up.
REPAIR_SHARE = 2.1
RECENT_RUNS = 10  # the past runs whose highest repair share the estimate uses
#: Waited for as throttling is, until the deadline: a model not ready, and one out of capacity
#: (Bedrock's 503, "Too many connections, please wait"), as every other 5xx is.
_RETRYABLE = {"ModelNotReadyException", "ServiceUnavailableException"}
_TRANSIENT = {"ModelErrorException"}  # 424: the model failed this once; a few retries
_JSON_CHARS = 24  # an answer's item around its text: {"id": 12, "text": ""},
_TABLE = "under [bedrock] in translate.toml"  # where a user sets the engine's options


@dataclass(frozen=True)
class Unit:
    """One segment as the model sees it: ``id`` in the request, ``text`` with tokens."""

    index: int
    segment: Segment
    text: str
    terms: tuple[Entry, ...]

    @property
    def id(self) -> int:
        return self.index + 1


@dataclass(frozen=True)
class Job:
    """One request: units, the problems to fix (a repair) and the output budget."""

    units: tuple[Unit, ...]
    max_tokens: int
    problems: tuple[str, ...] = ()

    def problems_of(self, unit: Unit) -> tuple[str, ...]:
        return tuple(p for p in self.problems if p.startswith(f"segment {unit.id}:"))


@dataclass
class Outcome:
    """What one answer gave: translations accepted, units failed with their problems."""

    done: dict[int, str] = field(default_factory=dict)
    failed: dict[int, list[str]] = field(default_factory=dict)
    cut: bool = False
    withheld: bool = False  # blocked by the content filter or a guardrail


@dataclass(frozen=True)
class RunCost:
    """What one run cost: its first pass, and what repairs, billed retries and the fallback
    added to it."""

    first_pass_usd: float
    repairs_usd: float

    @property
    def share(self) -> float:
        return self.repairs_usd / self.first_pass_usd if self.first_pass_usd > 0 else 0.0


@dataclass
class _Run:
    """The state of one ``translate`` call: best translations and first term counts so far."""

    units: dict[int, Unit] = field(default_factory=dict)
    done: dict[int, str] = field(default_factory=dict)
    best: dict[int, tuple[str, int]] = field(default_factory=dict)  # terms still wrong
    first: dict[int, tuple[int, int]] = field(default_factory=dict)  # (terms, wrong) first time
    broken: dict[int, list[str]] = field(default_factory=dict)  # markup never right
    fallback: str = ""  # what Amazon Translate did with the terms still wrong


class BedrockEngine:
    name = "bedrock"
    real = True

    def __init__(self, context: EngineContext, client_factory: Callable[[], Any] | None = None):
        self.context = context
        self.usage = Usage()
        options = context.options
        self.model = str(options.get("model") or DEFAULT_MODEL)
        self.rates: Rates = model_rates(self.model, options)
        self.temperature = _number(options, "temperature", 0.2, minimum=0.0)
        self.budget = int(_number(options, "max_batch_characters", 3000))
        self.max_output = int(_number(options, "max_output_tokens", 8192))
        self.repairs = int(_number(options, "repairs", 2, minimum=0.0))
        self.tool = str(options.get("output", "tool")) != "text"
        self.accept_wrong_terms = bool(options.get("accept_wrong_terms", False))
        self.fallback = str(options.get("fallback", "amazon-translate")) != "none"
        limit = options.get("max_cost_usd")
        max_cost = None if limit is None else _number(options, "max_cost_usd", 0.0, minimum=0.0)
        self.meter = Meter(self.usage, self.rates, max_cost)
        self.backoff = Backoff(deadline=_number(options, "deadline_seconds", 300.0))
        glossary = context.glossary
        use = glossary is not None and not glossary.is_empty and context.enforce != "off"
        self.matcher = TermMatcher(glossary) if use and glossary is not None else None
        self.prefix = _prompt.stable_prompt(context.source_language, context.target_language)
        self._client_factory = client_factory or self._make_client
        self._client: Any = None
        self._warm = False  # a request has written the cached system prompt
        history = options.get("cost_history")
        self.history = Path(str(history)) if history else None
        self.last_cost: RunCost | None = None  # of the last ``translate`` that sent a request
        self.on_accepted: Accepted | None = None

    # --- public -------------------------------------------------------------------------------

    def estimate(self, batch: Sequence[Segment]) -> Usage:
        """Requests, tokens and a cost range for ``batch`` from its characters, without a
        request: output as dense as the source, no repair and the system prompt already cached
        (by a run a few minutes before), to the target's density, the prompt written to the
        cache and repairs at ``repair_share``."""
        jobs = self._jobs(self._units(batch))
        usage = self._estimate(jobs, len(batch))
        usage.cost_high_usd = usage.cost_usd * (1 + self.repair_share())
        usage.cost_usd = self._estimate(jobs, 0, low=True).cost_usd
        return usage

    def translate(self, batch: Sequence[Segment], progress: Progress | None = None) -> list[str]:
        """Tagged translations of ``batch``, each checked against the contract and glossary."""
        report = progress or (lambda n: None)
        units = self._units(batch)
        report(len(batch) - len(units))  # nothing to translate
        targets = [segment.text for segment in batch]
        if units:
            jobs = self._jobs(units)
            self._check_total(batch)
            self.connect()
            try:
                done = self._translate_jobs(jobs, report)
            except EngineError as error:
                raise self._spent(error) from error
            for index, text in done.items():
                targets[index] = text
        self.usage.segments += len(batch)
        return targets

    def _spent(self, error: EngineError) -> EngineError:
        """``error`` saying what the run had spent when it failed, which its message may not."""
        usage = self.usage
        if not usage.requests or "spent USD" in str(error):
            return error
        requests = f"{usage.requests} request{'s' if usage.requests > 1 else ''}"
        about = "about " if usage.lost_answers else ""
        return type(error)(f"{error} (spent {about}USD {usage.cost_usd:.4f} on {requests})")

    def repair_share(self) -> float:
        """What repairs and retries add to the first pass: the highest share of the recent runs
        of this model the memory kept, or ``REPAIR_SHARE`` when it kept none."""
        if self.history is None or not self.history.exists():
            return REPAIR_SHARE
        from translate.memory import Memory

        with Memory.open(self.history) as memory:
            shares = memory.repair_shares(self._origin, self.context.target_language, RECENT_RUNS)
        return max(shares, default=REPAIR_SHARE)

    def connect(self) -> None:
        """Create the client now (``translate`` does it on first use)."""
        if self._client is None:
            self._client = self._client_factory()

    # --- units, jobs and estimates ------------------------------------------------------------

    def _units(self, batch: Sequence[Segment]) -> list[Unit]:
        units = []
        for index, segment in enumerate(batch):
            if any(c.isalpha() for c in segment.plain):
                units.append(Unit(index, segment, encode(segment.text), self._terms(segment)))
        return units

    def _terms(self, segment: Segment) -> tuple[Entry, ...]:
        if self.matcher is None:
            return ()
        found = {m.entry.term: m.entry for m in self.matcher.find_source(segment.plain)}
        return tuple(found.values())

    def _jobs(self, units: Sequence[Unit]) -> list[Job]:
        groups = pack(units, lambda u: min(len(u.text), self.budget), self.budget)
        return [Job(tuple(group), self._max_tokens(group)) for group in groups]

    def _max_tokens(self, units: Sequence[Unit]) -> int:
        return min(self.max_output, 2 * self._output_tokens(units) + 256)

    def _output_tokens(self, units: Sequence[Unit], low: bool = False) -> int:
        """Output tokens of ``units``; ``low``: as dense as the source and no longer."""
        language = self.context.target_language.split("-")[0]
        ratio = SOURCE_CHARS_PER_TOKEN if low else TARGET_CHARS_PER_TOKEN.get(language, 3.0)
        text = sum(len(u.text) for u in units) * (1.0 if low else EXPANSION)
        return math.ceil((text + _JSON_CHARS * len(units) + 40) / ratio)

    def _estimate(self, jobs: Sequence[Job], segments: int, low: bool = False) -> Usage:
        """Tokens from characters; the first request writes the cache, later ones read it
        (``low``: every one reads it, as a run a few minutes before wrote it)."""
        usage = Usage(segments=segments, requests=len(jobs))
        prefix = _tokens(self.prefix + str(_prompt.tool_config()))
        for n, job in enumerate(jobs):
            if n == 0 and not (self._warm or low):
                usage.cache_write_tokens += prefix
            else:
                usage.cache_read_tokens += prefix
            usage.input_tokens += _tokens(self._glossary_block(job.units) + self._user_text(job))
            usage.output_tokens += self._output_tokens(job.units, low)
        usage.cost_usd = self.rates.cost(usage)
        return usage

    def _check_total(self, batch: Sequence[Segment]) -> None:
        """Refuse, before any request, a run whose estimate's upper end is over ``max_cost``."""
        limit = self.meter.max_cost
        total = self.estimate(batch)
        if limit is not None and self.usage.cost_usd + total.cost_high_usd > limit:
            raise EngineError(total.over_max_cost(self.model, limit))

    def _glossary_block(self, units: Sequence[Unit]) -> str:
        entries = {e.term: e for u in units for e in u.terms}
        return _prompt.glossary_lines(sorted(entries.values(), key=lambda e: e.term.casefold()))

    def _user_text(self, job: Job) -> str:
        return _prompt.user_message([(u.id, u.text) for u in job.units], job.problems)

    # --- the rounds ---------------------------------------------------------------------------

    def _translate_jobs(self, jobs: list[Job], report: Progress) -> dict[int, str]:
        """Batches, then up to ``repairs`` repairs, then what still fails one segment at a time."""
        run = _Run(units={u.index: u for job in jobs for u in job.units})
        start = self.usage.cost_usd
        jobs = self._round(jobs, run, report)
        first = self.usage.cost_usd - start
        try:
            for _ in range(self.repairs):
                if not jobs:
                    return self._finish(run, report)
                jobs = self._round(jobs, run, report)
            if jobs:
                singles = [self._single(job, unit) for job in jobs for unit in job.units]
                self._round(singles, run, report)
            return self._finish(run, report)
        finally:
            self._keep_cost(RunCost(first, self.usage.cost_usd - start - first))

    def _keep_cost(self, cost: RunCost) -> None:
        """Remember what this run's first pass and the rest cost (in the memory, when given)."""
        self.last_cost = cost
        if self.history is None or cost.first_pass_usd <= 0:
            return
        from translate.memory import Memory

        # the history only sets later estimates: a memory that cannot keep it does not fail
        # this run (nor hide why it failed); its translations, stored apart, are checked
        with (
            contextlib.suppress(TranslateError, sqlite3.Error),
            Memory.open(self.history) as memory,
        ):
            memory.record_cost(
                self._origin, self.context.target_language, cost.first_pass_usd, cost.repairs_usd
            )

    @property
    def _origin(self) -> str:
        return f"{self.name}:{self.model}"

    def _single(self, job: Job, unit: Unit) -> Job:
        return Job((unit,), self._max_tokens([unit]), job.problems_of(unit))

    def _round(self, jobs: list[Job], run: _Run, report: Progress) -> list[Job]:
        """Send ``jobs``; the repair jobs for the units that failed, each with a budget sized to
        its units (an answer cut off is asked again with the problems it was meant to fix). A
        withheld answer is not repaired: its segments go one by one, and one withheld alone
        is left failed (``_finish`` names it)."""
        outcomes = self._send(jobs, run, report)
        repairs: list[Job] = []
        for job, outcome in zip(jobs, outcomes, strict=True):
            failed = tuple(u for u in job.units if u.index in outcome.failed)
            if failed and outcome.withheld:
                repairs += [self._single(job, u) for u in failed if len(job.units) > 1]
            elif failed:
                problems = tuple(p for u in failed for p in _problems(job, outcome, u))
                repairs.append(Job(failed, self._max_tokens(failed), problems))
        return repairs

    def _finish(self, run: _Run, report: Progress) -> dict[int, str]:
        """Refuse what still breaks the markup; try Amazon Translate on what only has wrong
        terms, then name what is still wrong (or keep its best with ``accept_wrong_terms``)."""
        broken = {i: p for i, p in run.broken.items() if i not in run.done and i not in run.best}
        if broken:
            index, problems = min(broken.items())
            raise EngineError(
                f"{SERVICE} ({self.model}) broke {len(broken)} segment(s), even after repairs "
                f"and alone (first: {'; '.join(problems[:3]) or f'segment {index + 1}'}); "
                "nothing was written - retry, use another --model, or another engine"
            )
        if run.best and self.fallback:
            self._fall_back(run, report)
        if run.best and not self.accept_wrong_terms:
            raise EngineError(self._wrong_terms_message(run))
        for index, (text, bad) in sorted(run.best.items()):
            run.done[index] = text
            self._count_terms(run, index, bad)
            report(1)
        return run.done

    # --- terms still wrong --------------------------------------------------------------------

    def _fall_back(self, run: _Run, report: Progress) -> None:
        """The segments still term-wrong through Amazon Translate's strict path (each term sent
        protected), a request a segment; each translation whose terms are all right is kept,
        and handed to ``on_accepted``, as it arrives (so Ctrl-C keeps what was paid for)."""
        units = [run.units[index] for index in sorted(run.best)]
        fixed: list[int] = []

        def done(unit: Unit, text: str) -> None:
            if self._term_counts(unit, text)[1] == 0:
                del run.best[unit.index]
                run.done[unit.index] = text
                self._count_terms(run, unit.index, 0)
                fixed.append(unit.index)
                report(1)
                if self.on_accepted is not None:
                    self.on_accepted([(unit.segment, text)])

        try:
            estimate = self._translator().estimate([u.segment for u in units])
            self.meter.reserve(estimate.cost_usd, FALLBACK)
            call = self._fallback_call()
            _run_batches(units, call, jobs=self.context.jobs, retryable=_never,
                         transient=_never, on_done=done, label=FALLBACK)  # fmt: skip
        except TranslateError as error:
            so_far = f"fixed {len(fixed)} of {len(units)}, then was stopped" if fixed else ""
            run.fallback = f"{FALLBACK} {so_far or 'was not used'}: {error}"
            return
        run.fallback = f"{FALLBACK} fixed {len(fixed)} of {len(units)}"

    def _translator(self, client: Any = None) -> AmazonTranslateEngine:
        """Amazon Translate's strict path, on ``client`` when given."""
        context = replace(self.context, enforce="strict", options={})
        return AmazonTranslateEngine(context, None if client is None else lambda: client)

    def _fallback_call(self) -> Callable[[Unit], str]:
        """One segment through Amazon Translate, its cost counted even when it fails."""
        c = self.context
        client = _make_client("translate", profile=c.profile, region=c.region, jobs=c.jobs)

        def call(unit: Unit) -> str:
            translator = self._translator(client)
            try:
                return translator.translate([unit.segment])[0]
            finally:
                usage = translator.usage
                self.meter.add_usd(usage.cost_usd, usage.requests, usage.billed_characters)

        return call

    def _wrong_terms_message(self, run: _Run) -> str:
        named = [
            f"line {run.units[index].segment.line}: {problem}"
            for index, (text, _) in sorted(run.best.items())
            for problem in self._named(run.units[index], text) or ["a glossary term"]
        ]
        more = f"; and {len(named) - 5} more" if len(named) > 5 else ""
        tried = f" ({run.fallback})" if run.fallback else ""
        return (
            f"{SERVICE} ({self.model}) left {len(named)} glossary term(s) wrong in "
            f"{len(run.best)} segment(s), even after repairs{tried}: {'; '.join(named[:5])}{more}"
            " - nothing was written; fix the glossary or the source, use another --model, or "
            "pass --accept-wrong-terms to write them and fix them by hand"
        )

    def _named(self, unit: Unit, tagged: str) -> list[str]:
        """Each term wrong in ``tagged``: what was found in its place, what is wanted."""
        named = []
        for entry, seen in self._wrong_terms(unit, tagged):
            found = f'rendered "{seen}"' if seen else "missing"
            want = entry.term if entry.keep else entry.preferred
            named.append(f'"{entry.term}" {found} (want "{want}")')
        return named

    # --- sending ------------------------------------------------------------------------------

    def _make_client(self) -> Any:
        c = self.context
        return _make_client("bedrock-runtime", profile=c.profile, region=c.region, jobs=c.jobs)

    def _send(self, jobs: list[Job], run: _Run, report: Progress) -> list[Outcome]:
        """Outcomes of ``jobs``; the very first request goes alone, to write the prompt cache."""
        if not self._warm and len(jobs) > 1:
            return self._send(jobs[:1], run, report) + self._send(jobs[1:], run, report)

        def done(job: Job, outcome: Outcome) -> None:
            self._record(job, outcome, run, report)

        try:
            outcomes = _run_batches(
                jobs,
                self._call,
                jobs=self.context.jobs,
                retryable=_retryable,
                transient=_transient,
                backoff=self.backoff,
                on_done=done,
                label=SERVICE,
            )
        except TranslateError:
            raise  # already ours: a failed answer, or the memory that stores answers
        except Exception as error:
            raise self._error(error) from error
        self._warm = True
        return outcomes

    def _call(self, job: Job) -> Outcome:
        estimate = self._estimate([job], 0).cost_usd
        self.meter.reserve(estimate, self.model)
        try:
            response = self._client.converse(**self._request(job))
        except Exception as error:
            if _answer_lost(error):  # made and billed, then lost: count its input at least
                sent = replace(self._estimate([job], 0), output_tokens=0)
                self.meter.add_lost(self.rates.cost(sent))
            raise
        finally:
            self.meter.release(estimate)
        self.meter.add(response.get("usage", {}))
        answer = read_answer(response, [u.id for u in job.units], tool=self.tool)
        return self._judge(job, answer)

    def _request(self, job: Job) -> dict[str, Any]:
        system: list[dict[str, Any]] = [
            {"text": self.prefix},
            {"cachePoint": {"type": "default"}},
            {"text": self._glossary_block(job.units)},
        ]
        request: dict[str, Any] = {
            "modelId": self.model,
            "system": system,
            "messages": [{"role": "user", "content": [{"text": self._user_text(job)}]}],
            "inferenceConfig": {"maxTokens": job.max_tokens, "temperature": self.temperature},
        }
        if self.tool:
            request["toolConfig"] = _prompt.tool_config()
        return request

    def _error(self, error: Exception) -> EngineError:
        code = error_code(error)
        info = getattr(error, "response", {}).get("Error", {})
        detail = " ".join(str(info.get("Message", "")).split())
        model = f"model {self.model}"
        messages = {
            "ResourceNotFoundException": f"{SERVICE}: {model} not found ({detail}) - pass "
            "another --model, or the --region that offers it",
            "AccessDeniedException": f"{SERVICE}: no access to {model} ({detail}) - enable it "
            "under Model access in the Bedrock console, or grant bedrock:InvokeModel",
            "ValidationException": f"{SERVICE} refused the request to {model} ({detail}) - "
            + _validation_fix(detail),
            "ModelTimeoutException": f"{SERVICE}: {model} timed out ({detail}) - retry, or "
            f"lower max-batch-characters {_TABLE}",
            "ModelErrorException": f"{SERVICE}: {model} failed ({detail}) - retry later",
        }
        if code in messages:
            return EngineError(messages[code])
        return aws_error(SERVICE, error, "Converse")

    # --- judging an answer --------------------------------------------------------------------

    def _judge(self, job: Job, answer: Answer) -> Outcome:
        """Each unit's translation checked: tokens, markup, glossary terms."""
        outcome = Outcome(cut=answer.cut, withheld=answer.withheld)
        for unit in job.units:
            text = answer.texts.get(unit.id)
            if text is None:
                why = answer.by_id.get(unit.id) or answer.problems or ["no translation came back"]
                outcome.failed[unit.index] = [f"segment {unit.id}: {p}" for p in why]
                continue
            tagged, problems = self._check(unit, text)
            if tagged is not None:
                outcome.done[unit.index] = tagged
            if problems:
                outcome.failed[unit.index] = [f"segment {unit.id}: {p}" for p in problems]
        return outcome

    def _check(self, unit: Unit, text: str) -> tuple[str | None, list[str]]:
        """Tagged text (None if the markup is broken) and the problems of one translation."""
        if not text.strip():
            return None, ["the translation is empty"]
        tagged, problems = decode(text, token_list(unit.text))
        if tagged is None:
            return None, problems
        try:
            unit.segment.restore(tagged)
        except MarkupError as error:
            return None, [str(error)]
        return tagged, self._term_problems(unit, tagged)

    def _term_problems(self, unit: Unit, tagged: str) -> list[str]:
        return [_term_problem(entry, seen) for entry, seen in self._wrong_terms(unit, tagged)]

    def _wrong_terms(self, unit: Unit, tagged: str) -> list[tuple[Entry, str | None]]:
        """The glossary terms of ``unit`` short of a rendering in ``tagged``, each with the
        forbidden rendering found in its place (None: none)."""
        if self.matcher is None or not unit.terms:
            return []
        need = Counter(m.entry.term for m in self.matcher.find_source(unit.segment.plain))
        found = self.matcher.find_target(plain_text(tagged))
        good = Counter(m.entry.term for m in found if m.kind != "forbidden")
        bad = {m.entry.term: m.surface for m in reversed(found) if m.kind == "forbidden"}
        return [(e, bad.get(e.term)) for e in unit.terms if good[e.term] < need[e.term]]

    # --- bookkeeping (``on_done`` runs under the runner's lock) -------------------------------

    def _record(self, job: Job, outcome: Outcome, run: _Run, report: Progress) -> None:
        """Accept what passed; keep the best term-wrong translation; note broken markup."""
        strict = self.context.enforce in ("strict", "repair")  # repair: as strict, for a model
        accepted = []
        for unit in job.units:
            tagged = outcome.done.get(unit.index)
            if tagged is None:
                run.broken[unit.index] = outcome.failed.get(unit.index, [])
                continue
            counts = self._term_counts(unit, tagged)
            run.first.setdefault(unit.index, counts)
            bad = counts[1]
            if bad and strict:
                if unit.index not in run.best or bad < run.best[unit.index][1]:
                    run.best[unit.index] = (tagged, bad)
                continue
            outcome.failed.pop(unit.index, None)
            run.best.pop(unit.index, None)
            run.done[unit.index] = tagged
            self._count_terms(run, unit.index, bad)
            accepted.append((unit.segment, tagged))
            report(1)
        if accepted and self.on_accepted is not None:
            self.on_accepted(accepted)

    def _term_counts(self, unit: Unit, tagged: str) -> tuple[int, int]:
        """(occurrences, wrong) of glossary terms in this translation."""
        if self.matcher is None or not unit.terms:
            return 0, 0
        verified, wrong = term_counts(self.matcher, unit.segment.plain, plain_text(tagged))
        return verified + wrong, wrong

    def _count_terms(self, run: _Run, index: int, bad: int) -> None:
        need, first = run.first.get(index, (0, 0))
        self.usage.terms_verified += need - first
        self.usage.terms_repaired += max(first - bad, 0)
        self.usage.terms_wrong += min(bad, first)


def _problems(job: Job, outcome: Outcome, unit: Unit) -> tuple[str, ...]:
    """What a repair of ``unit`` must fix: its problems in ``outcome``, and when the answer was
    cut off, also those it was sent to fix."""
    before = job.problems_of(unit) if outcome.cut else ()
    return (*before, *outcome.failed[unit.index])


def _term_problem(entry: Entry, seen: str | None) -> str:
    wanted = f'keep "{entry.term}" in English' if entry.keep else f'use "{entry.preferred}"'
    also = "" if entry.keep else "".join(f' or "{alt}"' for alt in entry.alternatives)
    wrong = f', not "{seen}"' if seen else ""
    return f'glossary term "{entry.term}": {wanted}{also} for every occurrence{wrong}'


def _tokens(text: str) -> int:
    """Input tokens: ``SOURCE_CHARS_PER_TOKEN`` ASCII characters a token, any other character a
    token (the Vietnamese renderings of a glossary, the problems a repair quotes)."""
    wide = sum(1 for c in text if not c.isascii())
    return math.ceil((len(text) - wide) / SOURCE_CHARS_PER_TOKEN) + wide


def _validation_fix(detail: str) -> str:
    """What to do about a request the service refused, from its message."""
    text = detail.lower()
    if "tool" in text:
        return f'a model without tool use needs output = "text" {_TABLE}'
    if "max_tokens" in text or "maxtokens" in text or "output tokens" in text:
        return f"lower max-output-tokens {_TABLE} to the model's maximum"
    if "too long" in text or "too many" in text:
        return f"lower max-batch-characters {_TABLE}"
    return "check --model (a model id or inference profile id the --region offers)"


def _answer_lost(error: BaseException) -> bool:
    """The connection dropped or timed out once the request was sent: the model's answer was
    billed and never arrived."""
    from botocore import exceptions as bce

    return isinstance(error, bce.ConnectionClosedError | bce.ReadTimeoutError)


def _never(error: BaseException) -> bool:
    return False


def _retryable(error: BaseException) -> bool:
    """Waited for until the deadline: throttling, a model not ready, and any server fault the
    service answered with (5xx); a dropped connection is not (its answer may have been paid)."""
    server_fault = is_transient(error) and error_code(error) is not None
    return is_throttling(error) or error_code(error) in _RETRYABLE or server_fault


def _transient(error: BaseException) -> bool:
    return is_transient(error) or error_code(error) in _TRANSIENT


def _number(
    options: dict[str, object], key: str, default: float, *, minimum: float = 1e-12
) -> float:
    value = options.get(key, default)
    if not isinstance(value, int | float) or isinstance(value, bool) or value < minimum:
        raise EngineError(f"engine option {key} must be a number >= {minimum:g}, not {value!r}")
    return float(value)


def create(context: EngineContext) -> BedrockEngine:
    return BedrockEngine(context)
