"""What Bedrock calls cost: per-model rates, token metering across threads, and ``--max-cost``.

Rates are USD per million tokens (input, output, cache read, cache write), on-demand, as listed
on the Amazon Bedrock pricing page for US regions; a cross-region profile id (``us.``, ``eu.``,
``apac.``, ``global.``...) is priced as its model, and so is the ARN of a model or of such a
profile. Override any rate with the engine options
``usd_per_million_input``, ``usd_per_million_output``, ``usd_per_million_cache_read`` and
``usd_per_million_cache_write``; a model not in ``RATES`` needs at least the first two.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from translate.engines._aws import cost_usd
from translate.engines.base import Usage
from translate.errors import EngineError

_GEO = re.compile(r"^(?:us|eu|apac|jp|au|ca|us-gov|global)\.")


@dataclass(frozen=True)
class Rates:
    """USD per million tokens."""

    input: float
    output: float
    cache_read: float
    cache_write: float

    def cost(self, usage: Usage) -> float:
        return (
            cost_usd(usage.input_tokens, self.input)
            + cost_usd(usage.output_tokens, self.output)
            + cost_usd(usage.cache_read_tokens, self.cache_read)
            + cost_usd(usage.cache_write_tokens, self.cache_write)
        )


_SONNET = Rates(3.0, 15.0, 0.30, 3.75)
RATES: dict[str, Rates] = {
    "anthropic.claude-sonnet-4-20250514-v1:0": _SONNET,
    "anthropic.claude-sonnet-4-5-20250929-v1:0": _SONNET,
    "anthropic.claude-3-7-sonnet-20250219-v1:0": _SONNET,
    "anthropic.claude-haiku-4-5-20251001-v1:0": Rates(1.0, 5.0, 0.10, 1.25),
    "anthropic.claude-3-5-haiku-20241022-v1:0": Rates(0.80, 4.0, 0.08, 1.0),
    "amazon.nova-pro-v1:0": Rates(0.80, 3.20, 0.20, 0.0),
    "amazon.nova-lite-v1:0": Rates(0.06, 0.24, 0.015, 0.0),
    "amazon.nova-micro-v1:0": Rates(0.035, 0.14, 0.00875, 0.0),
}
_OPTIONS = {
    "input": "usd_per_million_input",
    "output": "usd_per_million_output",
    "cache_read": "usd_per_million_cache_read",
    "cache_write": "usd_per_million_cache_write",
}


def model_rates(model: str, options: Mapping[str, object]) -> Rates:
    """The rates of ``model``, each overridden by its option when given."""
    given: dict[str, float] = {}
    for name, key in _OPTIONS.items():
        value = options.get(key)
        if value is None:
            continue
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            raise EngineError(f"engine option {key} must be a number >= 0, not {value!r}")
        given[name] = float(value)
    known = RATES.get(_GEO.sub("", model.rsplit("/", 1)[-1]))  # an ARN ends with the id
    if known is None:
        if "input" not in given or "output" not in given:
            raise EngineError(
                f"no token rates known for model {model} - set usd-per-million-input and "
                "usd-per-million-output (and the cache ones) under [bedrock] in translate.toml"
            )
        known = Rates(given["input"], given["output"], given["input"], given["input"])
    return replace(known, **given)


@dataclass
class Meter:
    """Token counts and cost of a run, and the ``max_cost`` guard; safe across threads."""

    usage: Usage
    rates: Rates
    max_cost: float | None = None
    reserved: float = 0.0
    other_usd: float = 0.0  # the Amazon Translate fallback, and estimates of answers lost
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def reserve(self, estimate: float, label: str) -> None:
        """Hold ``estimate`` for a request, or raise if it would take the run over the limit."""
        with self._lock:
            spent = self.usage.cost_usd
            if self.max_cost is not None and spent + self.reserved + estimate > self.max_cost:
                raise EngineError(
                    f"stopped before going over --max-cost USD {self.max_cost:g}: spent USD "
                    f"{spent:.4f}, the next {label} request would cost about USD "
                    f"{estimate:.4f}; nothing was written - raise --max-cost or use a cheaper "
                    "--model"
                )
            self.reserved += estimate

    def release(self, estimate: float) -> None:
        with self._lock:
            self.reserved -= estimate

    def add(self, tokens: Mapping[str, object]) -> None:
        """Count one response's ``usage`` (Bedrock's ``inputTokens`` exclude cached tokens)."""
        with self._lock:
            u = self.usage
            u.requests += 1
            u.input_tokens += _int(tokens.get("inputTokens"))
            u.output_tokens += _int(tokens.get("outputTokens"))
            u.cache_read_tokens += _int(tokens.get("cacheReadInputTokens"))
            u.cache_write_tokens += _int(tokens.get("cacheWriteInputTokens"))
            u.cost_usd = self.rates.cost(u) + self.other_usd

    def add_lost(self, cost: float) -> None:
        """Count a request whose answer was billed but lost on the way back, at ``cost``."""
        with self._lock:
            self.other_usd += cost
            self.usage.requests += 1
            self.usage.lost_answers += 1
            self.usage.cost_usd = self.rates.cost(self.usage) + self.other_usd

    def add_usd(self, cost: float, requests: int, characters: int = 0) -> None:
        """Count ``requests`` to another service that cost ``cost`` USD (billed by the
        ``characters``)."""
        with self._lock:
            self.other_usd += cost
            self.usage.requests += requests
            self.usage.billed_characters += characters
            self.usage.cost_usd = self.rates.cost(self.usage) + self.other_usd


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0
