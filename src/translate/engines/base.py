"""The engine interface and the registry of engines.

An engine takes a batch of segments and returns one tagged translation per segment, in order
(see ``translate.document`` for tagged text). Engines are plain modules exposing
``create(context) -> Engine``; the registry maps a name to that module so that choosing an engine
imports only that engine (and boto3 only when an AWS engine is used).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from translate.document import Segment
from translate.errors import InputError

REGISTRY: dict[str, str] = {
    "pseudo": "translate.engines.pseudo",
}

Progress = Callable[[int], None]


@dataclass(frozen=True)
class EngineContext:
    """What every engine is built with."""

    source_language: str
    target_language: str
    options: dict[str, object] = field(default_factory=dict)


class Engine(Protocol):
    """Translate a batch of segments: same number out as in, tagged text, in order."""

    name: str
    real: bool  # False for engines whose output is not a translation (pseudo)

    def translate(self, batch: Sequence[Segment], progress: Progress | None = None) -> list[str]:
        """Tagged translations of ``batch``; ``progress(n)`` reports n more segments done."""
        ...


def create(name: str, context: EngineContext) -> Engine:
    """The engine called ``name``, or an ``InputError`` naming the ones there are."""
    module_name = REGISTRY.get(name)
    if module_name is None:
        known = ", ".join(sorted(REGISTRY))
        raise InputError(f"unknown engine {name!r}; choose one of: {known}")
    factory: Callable[[EngineContext], Engine] = importlib.import_module(module_name).create
    return factory(context)
