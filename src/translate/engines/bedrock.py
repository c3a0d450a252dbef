"""The ``bedrock`` engine: a foundation model through Bedrock Runtime ``converse``, held to a
contract.

How a batch is translated:

1. each segment with words becomes a ``Unit``: its tagged text with markup as opaque tokens
   (``engines._bedrock_schema``) and the glossary entries found in it;
2. units are packed, in order, into requests of at most ``max_batch_characters`` and sent on
   ``context.jobs`` threads with our own requeue for throttled calls (``engines._aws``). Each
   request is the stable, cached system prompt (``engines._prompt``), the glossary entries of
   that batch, the segments as JSON, and a forced tool whose input is the answer;
3. every answer is validated: each id once, each token once and balanced, no text outside the
   answer, not cut off at ``maxTokens``, and (unless ``enforce`` is ``off``) every glossary term
   rendered as the glossary says;
4. the segments of a batch that fail are sent again with the list of their problems, up to
   ``repairs`` times, then one by one; in ``terminology`` mode a wrong term is counted, not
   repaired (``repair`` mode is ``strict`` here). What still breaks the markup is an
   ``EngineError`` (nothing is written); what only has a wrong term keeps its best translation
   and counts as still wrong.

Cost comes from the token counts of each response, at per-model rates (``RATES``, USD per million
tokens; override with the ``usd_per_million_*`` options). ``estimate`` counts characters:
``SOURCE_CHARS_PER_TOKEN`` (4.0, English) and ``TARGET_CHARS_PER_TOKEN`` (2.0 for Vietnamese,
whose diacritics cost tokens; 3.0 otherwise) with the translation ``EXPANSION`` (1.1x) longer.

``context.options`` (all optional): ``model`` (``DEFAULT_MODEL``), ``temperature`` (0.2),
``max_batch_characters`` (3000), ``max_output_tokens`` (8192), ``repairs`` (2), ``output``
(``tool``, or ``text`` for models without forced tool use), ``max_cost_usd`` (stop before a
request would take the run over it), ``deadline_seconds`` (300), ``usd_per_million_input``,
``usd_per_million_output``, ``usd_per_million_cache_read``, ``usd_per_million_cache_write``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from translate.document import Segment, plain_text
from translate.engines import _prompt
from translate.engines._aws import Backoff, aws_error, error_code, is_throttling, pack
from translate.engines._aws import make_client as _make_client
from translate.engines._aws import run_batches as _run_batches
from translate.engines._bedrock_costs import Meter, Rates, model_rates
from translate.engines._bedrock_schema import Answer, decode, encode, read_answer, token_list
from translate.engines.amazon_translate import term_counts
from translate.engines.base import EngineContext, Progress, Usage
from translate.errors import EngineError, MarkupError
from translate.glossary.match import TermMatcher
from translate.glossary.model import Entry

SERVICE = "Amazon Bedrock"
DEFAULT_MODEL = "us.anthropic.claude-sonnet-4-20250514-v1:0"
SOURCE_CHARS_PER_TOKEN = 4.0
TARGET_CHARS_PER_TOKEN = {"vi": 2.0}
EXPANSION = 1.1
_RETRYABLE = {"ModelNotReadyException"}  # 5xx: the runner retries transient faults itself


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


@dataclass
class Outcome:
    """What one answer gave: translations accepted, units failed with their problems."""

    done: dict[int, str] = field(default_factory=dict)
    failed: dict[int, list[str]] = field(default_factory=dict)
    cut: bool = False


@dataclass
class _Run:
    """The state of one ``translate`` call: best translations and first term counts so far."""

    done: dict[int, str] = field(default_factory=dict)
    best: dict[int, tuple[str, int]] = field(default_factory=dict)  # terms still wrong
    first: dict[int, tuple[int, int]] = field(default_factory=dict)  # (terms, wrong) first time
    broken: dict[int, list[str]] = field(default_factory=dict)  # markup never right


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

    # --- public -------------------------------------------------------------------------------

    def estimate(self, batch: Sequence[Segment]) -> Usage:
        """Requests, tokens and cost of ``batch`` from its characters, without a request."""
        return self._estimate(self._jobs(self._units(batch)), len(batch))

    def translate(self, batch: Sequence[Segment], progress: Progress | None = None) -> list[str]:
        """Tagged translations of ``batch``, each checked against the contract and glossary."""
        report = progress or (lambda n: None)
        units = self._units(batch)
        report(len(batch) - len(units))  # nothing to translate
        targets = [segment.text for segment in batch]
        if units:
            jobs = self._jobs(units)
            self._check_total(jobs)
            self.connect()
            for index, text in self._translate_jobs(jobs, report).items():
                targets[index] = text
        self.usage.segments += len(batch)
        return targets

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

    def _output_tokens(self, units: Sequence[Unit]) -> int:
        ratio = TARGET_CHARS_PER_TOKEN.get(self.context.target_language.split("-")[0], 3.0)
        chars = sum(len(u.text) for u in units) * EXPANSION
        return math.ceil(chars / ratio) + 12 * len(units) + 20

    def _estimate(self, jobs: Sequence[Job], segments: int) -> Usage:
        """Tokens from characters; the first wave of requests writes the cache, later ones read."""
        usage = Usage(segments=segments, requests=len(jobs))
        prefix = _tokens(self.prefix + str(_prompt.tool_config()))
        for n, job in enumerate(jobs):
            if n < self.context.jobs:
                usage.cache_write_tokens += prefix
            else:
                usage.cache_read_tokens += prefix
            usage.input_tokens += _tokens(self._glossary_block(job.units) + self._user_text(job))
            usage.output_tokens += self._output_tokens(job.units)
        usage.cost_usd = self.rates.cost(usage)
        return usage

    def _check_total(self, jobs: Sequence[Job]) -> None:
        """Refuse, before any request, a run whose estimate is over ``max_cost``."""
        limit = self.meter.max_cost
        total = self._estimate(jobs, 0).cost_usd
        if limit is not None and self.usage.cost_usd + total > limit:
            raise EngineError(
                f"this post would cost about USD {total:.4f} with {self.model}, over --max-cost "
                f"USD {limit:g}; nothing was sent - raise --max-cost or use a cheaper --model"
            )

    def _glossary_block(self, units: Sequence[Unit]) -> str:
        entries = {e.term: e for u in units for e in u.terms}
        return _prompt.glossary_lines(sorted(entries.values(), key=lambda e: e.term.casefold()))

    def _user_text(self, job: Job) -> str:
        return _prompt.user_message([(u.id, u.text) for u in job.units], job.problems)

    # --- the rounds ---------------------------------------------------------------------------

    def _translate_jobs(self, jobs: list[Job], report: Progress) -> dict[int, str]:
        """Batches, then up to ``repairs`` repairs, then what still fails one segment at a time."""
        run = _Run()
        for _ in range(1 + self.repairs):
            jobs = self._round(jobs, run, report)
            if not jobs:
                return self._finish(run, report)
        self._round([self._single(job, unit) for job in jobs for unit in job.units], run, report)
        return self._finish(run, report)

    def _single(self, job: Job, unit: Unit) -> Job:
        mine = tuple(p for p in job.problems if p.startswith(f"segment {unit.id}:"))
        tokens = max(self._max_tokens([unit]), min(job.max_tokens, self.max_output))
        return Job((unit,), tokens, mine)

    def _round(self, jobs: list[Job], run: _Run, report: Progress) -> list[Job]:
        """Send ``jobs``; the repair jobs for the units that failed."""
        outcomes = self._send(jobs, run, report)
        repairs: list[Job] = []
        for job, outcome in zip(jobs, outcomes, strict=True):
            failed = tuple(u for u in job.units if u.index in outcome.failed)
            if failed:
                problems = tuple(p for u in failed for p in outcome.failed[u.index])
                tokens = self._max_tokens(failed)
                if outcome.cut:
                    tokens = min(self.max_output, max(tokens, job.max_tokens * 2))
                repairs.append(Job(failed, tokens, problems))
        return repairs

    def _finish(self, run: _Run, report: Progress) -> dict[int, str]:
        """Keep the best of what only has wrong terms; refuse what still breaks the markup."""
        for index, (text, bad) in sorted(run.best.items()):
            run.done[index] = text
            self._count_terms(run, index, bad)
            report(1)
        broken = {i: p for i, p in run.broken.items() if i not in run.done}
        if broken:
            index, problems = min(broken.items())
            raise EngineError(
                f"{SERVICE} ({self.model}) broke {len(broken)} segment(s), even after repairs "
                f"and alone (first: {'; '.join(problems[:3]) or f'segment {index + 1}'}); "
                "nothing was written - retry, use another --model, or another engine"
            )
        return run.done

    # --- sending ------------------------------------------------------------------------------

    def _make_client(self) -> Any:
        c = self.context
        return _make_client("bedrock-runtime", profile=c.profile, region=c.region, jobs=c.jobs)

    def _send(self, jobs: list[Job], run: _Run, report: Progress) -> list[Outcome]:
        def done(job: Job, outcome: Outcome) -> None:
            self._record(job, outcome, run, report)

        try:
            return _run_batches(
                jobs,
                self._call,
                jobs=self.context.jobs,
                retryable=_retryable,
                backoff=self.backoff,
                on_done=done,
                label=SERVICE,
            )
        except EngineError:
            raise
        except Exception as error:
            raise self._error(error) from error

    def _call(self, job: Job) -> Outcome:
        estimate = self._estimate([job], 0).cost_usd
        self.meter.reserve(estimate, self.model)
        try:
            response = self._client.converse(**self._request(job))
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
            "check --model; a model without tool use needs the engine option output=text",
            "ModelTimeoutException": f"{SERVICE}: {model} timed out ({detail}) - retry, or "
            "lower the engine option max_batch_characters",
            "ModelErrorException": f"{SERVICE}: {model} failed ({detail}) - retry later",
        }
        if code in messages:
            return EngineError(messages[code])
        return aws_error(SERVICE, error, "Converse")

    # --- judging an answer --------------------------------------------------------------------

    def _judge(self, job: Job, answer: Answer) -> Outcome:
        """Each unit's translation checked: tokens, markup, glossary terms."""
        outcome = Outcome(cut=answer.cut)
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
        if self.matcher is None or not unit.terms:
            return []
        need = Counter(m.entry.term for m in self.matcher.find_source(unit.segment.plain))
        found = self.matcher.find_target(plain_text(tagged))
        good = Counter(m.entry.term for m in found if m.kind != "forbidden")
        return [
            _term_problem(entry, [m.surface for m in found if m.entry.term == entry.term])
            for entry in unit.terms
            if good[entry.term] < need[entry.term]
        ]

    # --- bookkeeping (``on_done`` runs under the runner's lock) -------------------------------

    def _record(self, job: Job, outcome: Outcome, run: _Run, report: Progress) -> None:
        """Accept what passed; keep the best term-wrong translation; note broken markup."""
        strict = self.context.enforce in ("strict", "repair")  # repair: as strict, for a model
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
            report(1)

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


def _term_problem(entry: Entry, forbidden: list[str]) -> str:
    wanted = f'keep "{entry.term}" in English' if entry.keep else f'use "{entry.preferred}"'
    also = "" if entry.keep else "".join(f' or "{alt}"' for alt in entry.alternatives)
    wrong = f', not "{forbidden[0]}"' if forbidden else ""
    return f'glossary term "{entry.term}": {wanted}{also} for every occurrence{wrong}'


def _tokens(text: str) -> int:
    return math.ceil(len(text) / SOURCE_CHARS_PER_TOKEN)


def _retryable(error: BaseException) -> bool:
    return is_throttling(error) or error_code(error) in _RETRYABLE


def _number(
    options: dict[str, object], key: str, default: float, *, minimum: float = 1e-12
) -> float:
    value = options.get(key, default)
    if not isinstance(value, int | float) or isinstance(value, bool) or value < minimum:
        raise EngineError(f"engine option {key} must be a number >= {minimum:g}, not {value!r}")
    return float(value)


def create(context: EngineContext) -> BedrockEngine:
    return BedrockEngine(context)
