"""Segments -> engine -> verified translations -> rendered Markdown.

``translate_document`` is the whole offline spine: the engine translates every segment, each
translation must keep its markup (else the engine failed, never the file), the rendered target
must keep the source's structure (``translate.document.structure``), and only then is there a
result.
"""

from __future__ import annotations

from translate.document import Document, Translation
from translate.document.markdown import render
from translate.document.structure import guard
from translate.engines.base import Engine, Progress
from translate.errors import EngineError, MarkupError


def translate_document(
    document: Document, engine: Engine, progress: Progress | None = None
) -> Translation:
    """Translate, verify markup and structure, render; raise rather than return a broken file."""
    targets = engine.translate(document.segments, progress)
    if len(targets) != len(document.segments):
        raise EngineError(
            f"engine {engine.name} returned {len(targets)} translations "
            f"for {len(document.segments)} segments"
        )
    for segment, target in zip(document.segments, targets, strict=True):
        try:
            segment.restore(target)
        except MarkupError as error:
            raise EngineError(f"engine {engine.name} broke the markup: {error}") from None
    text = render(document, targets)
    guard(document.source, text.removeprefix("\ufeff"))
    return Translation(document, tuple(targets), text, engine.name)
