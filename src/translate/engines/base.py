"""The engine interface and the registry of engines.

An engine takes a batch of segments and returns one tagged translation per segment, in order
(see ``translate.document`` for tagged text). Engines are plain modules exposing
``create(context) -> Engine``; the registry maps a name to that module so that choosing an engine
imports only that engine (and boto3 only when an AWS engine is used).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

from translate.document import Segment
from translate.errors import InputError

if TYPE_CHECKING:
    from translate.glossary import Glossary, TermMatch

Enforce = Literal["strict", "repair", "terminology", "off"]

REGISTRY: dict[str, str] = {
    "pseudo": "translate.engines.pseudo",
    "amazon-translate": "translate.engines.amazon_translate",
    "bedrock": "translate.engines.bedrock",
    "memory": "translate.engines.memory",
}

# Before a sentence's first word: the run's start, or an end of sentence and space, then any
# opening quotes or brackets.
_SENTENCE_START = re.compile("(?:^|[.!?]\\s+)[\"'\u201c\u2018(\\[]*$")


def kept_rendering(text: str, match: TermMatch) -> str:
    """What a kept run (a ``translate="no"`` element) holds for the glossary term ``match``
    found in ``text``, a run of a segment: a kept name as written, any other term its preferred
    rendering, with a capital first letter where the English has one only for its place (a
    lowercase term opening a sentence, a title, a heading or a list item: ``Throughput is`` ->
    ``Thông lượng``)."""
    entry = match.entry
    if entry.keep:
        return match.surface
    rendering = entry.preferred
    if (
        match.surface[:1].isupper()
        and entry.term[:1].islower()
        and rendering[:1].islower()
        and _SENTENCE_START.search(text, 0, match.start)
    ):
        return rendering[:1].upper() + rendering[1:]
    return rendering


Progress = Callable[[int], None]
#: Translations an engine has accepted, as (segment, tagged translation) pairs.
Accepted = Callable[[Sequence[tuple[Segment, str]]], None]


@dataclass(frozen=True)
class EngineContext:
    """What every engine is built with: the language pair, the glossary and shared options."""

    source_language: str
    target_language: str
    glossary: Glossary | None = None
    enforce: Enforce = "strict"
    jobs: int = 8
    profile: str | None = None
    region: str | None = None
    options: dict[str, object] = field(default_factory=dict)  # engine-specific settings


@dataclass
class Usage:
    """What a run cost and what the glossary checks found; engines add to it as they go."""

    segments: int = 0
    requests: int = 0
    billed_characters: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    cost_usd: float = 0.0
    cost_high_usd: float = 0.0  # an estimate's upper end (repairs included), when it has one
    terms_verified: int = 0
    terms_repaired: int = 0
    terms_wrong: int = 0
    memory_hits: int = 0  # segments the translation memory supplied (never sent)
    memory_others: int = 0  # of those, translations a person or another engine made
    memory_wrong: int = 0  # machine entries found with a glossary term wrong, sent again
    requests_high: int = 0  # an estimate's upper ends, when it has them (``--enforce repair``)
    billed_characters_high: int = 0
    lost_answers: int = 0  # billed, lost to a dropped connection: their cost is estimated

    def lines(self) -> list[str]:
        """Human-readable summary lines, leaving out what does not apply."""
        most = max(self.requests, self.requests_high)
        requests = _range(self.requests, most)
        out = [f"{_count(self.segments, 'segment')}, {requests} request{_s(most)}"]
        if self.billed_characters or self.billed_characters_high:
            billed = _range(self.billed_characters, self.billed_characters_high)
            out[0] += f", {billed} billed characters"
        if self.memory_hits:
            out[0] += f", {self.memory_hits} from memory"
        if self.memory_wrong:
            entries = "entry" if self.memory_wrong == 1 else "entries"
            out[0] += f", {self.memory_wrong} memory {entries} with a wrong term sent again"
        if self.input_tokens or self.output_tokens:
            out.append(
                f"tokens: {self.input_tokens} in, {self.output_tokens} out, "
                f"{self.cache_read_tokens} cache read, {self.cache_write_tokens} cache write"
            )
        out.append(f"cost: {self.cost_text()}")
        if self.terms_verified or self.terms_repaired or self.terms_wrong:
            out.append(
                f"glossary terms: {self.terms_verified} verified, {self.terms_repaired} repaired, "
                f"{self.terms_wrong} still wrong"
            )
        return out

    def over_max_cost(self, model: str, limit: float) -> str:
        """Why a run this estimate prices is refused by ``--max-cost`` (``limit``, USD)."""
        return (
            f"this post would cost {self.cost_text()} with {model}, over --max-cost "
            f"USD {limit:g}; nothing was sent - raise --max-cost or use a cheaper --model"
        )

    def cost_text(self) -> str:
        """``USD 0.0700``, or for an estimate with repairs ``USD 0.0700 to 0.1400 (...)``, or
        ``about USD 0.0700 (...)`` when answers lost on the way back were counted from their
        requests."""
        if self.lost_answers:
            lost = _count(self.lost_answers, "answer")
            return (
                f"about USD {self.cost_usd:.4f} ({lost} billed but lost to a dropped "
                "connection, counted from the input tokens sent)"
            )
        if self.cost_high_usd <= self.cost_usd:
            return f"USD {self.cost_usd:.4f}"
        if self.requests_high:  # Amazon Translate's ``repair`` mode
            why = "no segment sent again to every one with a glossary term"
        else:
            why = "no repair to repairs at the usual rate"
        return f"USD {self.cost_usd:.4f} to {self.cost_high_usd:.4f} ({why})"


class Engine(Protocol):
    """Translate a batch of segments: same number out as in, tagged text, in order."""

    name: str
    real: bool  # False for engines whose output is not a translation (pseudo)
    usage: Usage  # what the engine's calls so far cost

    def translate(self, batch: Sequence[Segment], progress: Progress | None = None) -> list[str]:
        """Tagged translations of ``batch``; ``progress(n)`` reports n more segments done."""
        ...

    def estimate(self, batch: Sequence[Segment]) -> Usage:
        """What translating ``batch`` would cost, without a single request (``--dry-run``)."""
        ...


@runtime_checkable
class Streaming(Protocol):
    """An engine that hands over what it accepts as each answer arrives: ``on_accepted``, when
    set, is called (from any thread, one call at a time) with every translation that passed
    its checks, while the rest of the batch is still being translated."""

    on_accepted: Accepted | None


def create(name: str, context: EngineContext) -> Engine:
    """The engine called ``name``, or an ``InputError`` naming the ones there are."""
    module_name = REGISTRY.get(name)
    if module_name is None:
        known = ", ".join(sorted(REGISTRY))
        raise InputError(f"unknown engine {name!r}; choose one of: {known}")
    factory: Callable[[EngineContext], Engine] = importlib.import_module(module_name).create
    return factory(context)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{_s(number)}"


def _s(number: int) -> str:
    return "" if number == 1 else "s"


def _range(least: int, most: int) -> str:
    return str(least) if most <= least else f"{least} to {most}"
