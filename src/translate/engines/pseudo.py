"""The ``pseudo`` engine: a deterministic, offline, visibly fake translation.

It checks a pipeline end to end without a cloud account: every run of text gets
Vietnamese-looking diacritics (``Use the console`` -> ``Ưsê thê cơnsơlê``) and the words of each
segment are wrapped in ``«...»`` so that nobody mistakes it for a translation. Markup is kept
exactly, as a real engine must keep it, and with every ``enforce`` but ``off`` so are glossary
terms, as strict mode sends them to a real engine: a name kept in English as it is
(``AWS Lambda``), any other term as its preferred rendering (it has no custom terminology to stand
in for ``repair`` or ``terminology``). So ``translate check`` passes on a pseudo-translation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from translate.check import words
from translate.document import Segment, map_text
from translate.engines.base import EngineContext, Progress, Usage, kept_rendering
from translate.glossary.match import TermMatcher

_TAG = re.compile(r"(<[^<>]*>)")
_ACCENTS = str.maketrans("aeiouyAEIOUY", "ăêìơưỳĂÊÌƠƯỲ")

#: Finds the terms to keep in a run of text: ``text -> [(start, end, rendering)]``, in order.
Keeper = Callable[[str], Sequence[tuple[int, int, str]]]


def pseudo(tagged: str, keep: Keeper | None = None) -> str:
    """The pseudo-translation of a segment's tagged text, the runs ``keep`` finds kept."""
    parts = _TAG.split(map_text(tagged, lambda text: _accented(text, keep)))
    words = [i for i, part in enumerate(parts) if i % 2 == 0 and any(c.isalpha() for c in part)]
    if words:
        first, last = words[0], _closing(parts, words[-1])
        if last % 2:  # a closing tag: the words ended inside a link or emphasis
            parts[last] += "»"
        else:
            parts[last] = _mark(parts[last], len(parts[last].rstrip()), "»")
        parts[first] = _mark(parts[first], len(parts[first]) - len(parts[first].lstrip()), "«")
    return "".join(parts)


def _closing(parts: list[str], last: int) -> int:
    """Where the closing mark goes after the last words, ``parts[last]``: past the closing tags
    and the punctuation that follow them (``[the console](...).``), not inside the link."""
    end = last
    for index in range(last + 1, len(parts)):
        part = parts[index]
        if index % 2 and not part.startswith("</"):
            break
        if index % 2 or part.strip():
            end = index
    return end


def _accented(text: str, keep: Keeper | None) -> str:
    if keep is None:
        return text.translate(_ACCENTS)
    out: list[str] = []
    pos = 0
    for start, end, rendering in keep(text):
        out += [text[pos:start].translate(_ACCENTS), rendering]
        pos = end
    return "".join(out) + text[pos:].translate(_ACCENTS)


def _mark(text: str, at: int, mark: str) -> str:
    return text[:at] + mark + text[at:]


class PseudoEngine:
    name = "pseudo"
    real = False

    def __init__(self, context: EngineContext) -> None:
        self.context = context
        self.usage = Usage()
        glossary = context.glossary
        enforced = glossary is not None and not glossary.is_empty and context.enforce != "off"
        self.matcher = TermMatcher(glossary) if glossary is not None and enforced else None

    def estimate(self, batch: Sequence[Segment]) -> Usage:
        return Usage(segments=len(batch))

    def translate(self, batch: Sequence[Segment], progress: Progress | None = None) -> list[str]:
        keep = self._kept if self.matcher is not None else None
        out = [pseudo(segment.text, keep) for segment in batch]
        self.usage.segments += len(batch)
        if progress:
            progress(len(batch))
        return out

    def _kept(self, text: str) -> list[tuple[int, int, str]]:
        """Glossary terms as strict mode sends them: a name kept as it is, a term rendered
        (capitalised where it opens a sentence)."""
        assert self.matcher is not None
        return [
            (m.start, m.end, kept_rendering(text, m))
            for m in words(text, self.matcher.find_source(text))
        ]


def create(context: EngineContext) -> PseudoEngine:
    return PseudoEngine(context)
