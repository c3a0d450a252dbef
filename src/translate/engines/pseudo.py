"""The ``pseudo`` engine: a deterministic, offline, visibly fake translation.

It checks a pipeline end to end without a cloud account: every run of text gets
Vietnamese-looking diacritics (``Use the console`` -> ``Ưsê thê cơnsơlê``) and the words of each
segment are wrapped in ``«...»`` so that nobody mistakes it for a translation. Markup is kept
exactly, as a real engine must keep it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from translate.document import Segment, map_text
from translate.engines.base import EngineContext, Progress, Usage

_TAG = re.compile(r"(<[^<>]*>)")
_ACCENTS = str.maketrans("aeiouyAEIOUY", "ăêìơưỳĂÊÌƠƯỲ")


def pseudo(tagged: str) -> str:
    """The pseudo-translation of a segment's tagged text."""
    parts = _TAG.split(map_text(tagged, lambda text: text.translate(_ACCENTS)))
    words = [i for i, part in enumerate(parts) if i % 2 == 0 and any(c.isalpha() for c in part)]
    if words:
        first, last = words[0], words[-1]
        parts[last] = _mark(parts[last], len(parts[last].rstrip()), "»")
        parts[first] = _mark(parts[first], len(parts[first]) - len(parts[first].lstrip()), "«")
    return "".join(parts)


def _mark(text: str, at: int, mark: str) -> str:
    return text[:at] + mark + text[at:]


class PseudoEngine:
    name = "pseudo"
    real = False

    def __init__(self, context: EngineContext) -> None:
        self.context = context
        self.usage = Usage()

    def estimate(self, batch: Sequence[Segment]) -> Usage:
        return Usage(segments=len(batch))

    def translate(self, batch: Sequence[Segment], progress: Progress | None = None) -> list[str]:
        out = [pseudo(segment.text) for segment in batch]
        self.usage.segments += len(batch)
        if progress:
            progress(len(batch))
        return out


def create(context: EngineContext) -> PseudoEngine:
    return PseudoEngine(context)
