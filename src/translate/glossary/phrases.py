"""Sense phrases: the English phrases a glossary entry lists in ``other_senses``, ``meant_by``
and ``implied_by``, matched as whole words, case aside.

A phrase may hold the placeholder ``<name>`` (no YAML quoting needed), between two words: it
stands for up to two words of a name (``drop <name> table`` is ``drop the Iceberg table``, ``drop
orders table``), after an optional article (the, a, an, this, that, these, those, each, your,
our). Function words (as, at, in, on, of, to, and, or, by, for, from, with, when, if) are no part
of a name, so ``drop <name> table`` is not ``prices drop as the table shows``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

PLACEHOLDER = "<name>"
_ARTICLE = r"(?:(?:the|a|an|this|that|these|those|each|your|our)\s+)?"
_NAME_WORD = r"(?!(?:as|at|in|on|of|to|and|or|by|for|from|with|when|if|the|a|an)\b)[\w-]+\s+"
_NAME = rf"{_ARTICLE}(?:{_NAME_WORD}){{0,2}}"
_BRACKETED = r"<[^>]*>|[<>]"  # compiled on first use: the checker imports this module


def has_placeholder(phrase: str) -> bool:
    """Whether ``phrase`` holds ``<name>`` (and is matched as a pattern, not as plain text)."""
    return PLACEHOLDER in phrase


def problem(phrase: str) -> str | None:
    """What is wrong with ``phrase`` as a sense phrase, or None: a placeholder other than
    ``<name>``, or ``<name>`` that does not stand between two words."""
    unknown = [b for b in re.findall(_BRACKETED, phrase) if b != PLACEHOLDER]
    if unknown:
        return f"{unknown[0]!r} is no placeholder (the one there is: {PLACEHOLDER})"
    words = phrase.split()
    if PLACEHOLDER in words[:1] + words[-1:] or any(
        PLACEHOLDER in w and w != PLACEHOLDER for w in words
    ):
        return f"{PLACEHOLDER} must stand alone between two words"
    return None


def _regex(phrase: str) -> str:
    parts = [_NAME if word == PLACEHOLDER else re.escape(word) + r"\s+" for word in phrase.split()]
    return "".join(parts)[: -len(r"\s+")]  # the last word ends the phrase, no space after it


@lru_cache(maxsize=256)
def pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for ``phrases`` (any of them, leftmost first), whole words, case aside."""
    either = "|".join(_regex(p) for p in phrases)
    return re.compile(rf"(?<![\w-])(?:{either})\b", re.IGNORECASE)


def spans(text: str, phrases: Iterable[str]) -> list[tuple[int, int]]:
    """Where ``phrases`` with a placeholder occur in ``text``."""
    wanted = tuple(p for p in phrases if has_placeholder(p))
    if not wanted:
        return []
    return [m.span() for m in pattern(wanted).finditer(text)]
