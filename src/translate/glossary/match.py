"""Find glossary terms in text: one automaton, compiled once, shared by engines and the checker.

How it works: a form (term, variant, rendering, forbidden text) is split into tokens by the one
compiled ``TOKEN`` regex (a run of word characters, or a single other non-space character); the
forms go into a trie keyed by token, where a key starting with a space means "after whitespace or
a hyphen" (so ``fine-tuning`` and ``fine tuning`` are one form) and a key without means "right
after the previous token" (``Node.js``). Matching walks the text's tokens through the trie: time
grows with the text, not with the glossary.

Rules, for both languages:

- whole words only: word characters are Unicode letters, digits, ``_`` and combining marks, so
  ``cụm`` never matches inside ``cụmx`` and ``Lambda`` never inside ``Lambdas3``;
- longest match first, matches never overlap (``Amazon SageMaker Studio`` before ``SageMaker``);
- an entry with ``case: exact`` matches only its own spelling; the others ignore case. Its
  forbidden texts in English (``AWS Bedrock``, ``Sagemaker``) are spellings, matched as written;
  one with other letters is the name translated (``Dịch vụ lưu trữ đơn giản``), wrong in Title
  Case and sentence case alike, so it ignores case;
- source text also matches simple English plurals of the last word (``-s``, ``-es``, ``-ies``),
  and so does target text for kept (untranslated) terms and English (ASCII) renderings.
  A form an entry spells out wins over another entry's plural of the same spelling
  (``Principals``, the IAM console's label, over the plural of the job level ``Principal``).

Input is NFC-normalized before matching; offsets in ``TermMatch`` are always offsets into the text
the caller passed in. The matcher sees plain text only: callers hide code, URLs and front matter
keys by passing their ranges as ``exclude`` (or by calling ``mask_spans``), so no term is ever
found inside them and offsets stay unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from translate.glossary.model import Entry, Glossary

MatchKind = Literal["source", "preferred", "alternative", "forbidden"]

_W = "\\w\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
TOKEN = re.compile(rf"[{_W}]+|[^\s{_W}]")
_STEP = re.compile(rf"(\s+|-(?=[{_W}]))?([{_W}]+|[^\s{_W}])")  # (gap, token) from an offset
_INNER_HYPHEN = re.compile(rf"(?<=[{_W}])-(?=[{_W}])")
_SIMPLE = re.compile(rf"[{_W}]+(?: [{_W}]+)*")
MASK = "\ufffc"
_END = ""


@dataclass(frozen=True, slots=True)
class TermMatch:
    """One occurrence of a glossary form in text; ``start``/``end`` index the caller's text."""

    start: int
    end: int
    entry: Entry
    surface: str
    kind: MatchKind = "source"
    why: str | None = None


_Form = tuple[Entry, str, MatchKind, "str | None", bool]
"""A form in the trie: ``(entry, spelling, kind, why, exact case)``; plain tuples are cheap to
build and to unpickle from the checker cache."""


def mask_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with each ``(start, end)`` range replaced by U+FFFC; offsets are unchanged."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = MASK * (max(start, min(end, len(text))) - start)
    return "".join(chars)


def normalize_form(text: str) -> str:
    """A form as matching sees it: NFC, hyphens between words and whitespace runs as one space."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if "-" in text:
        text = _INNER_HYPHEN.sub(" ", text)
    return " ".join(text.split())


def english_plurals(form: str) -> list[str]:
    """Plurals of an ASCII last word: ``-s``, ``-es`` after s/x/z/ch/sh, ``-ies`` for ``-y``."""
    last = form.rpartition(" ")[2]
    if not last.isascii() or not last[-1:].isalpha():
        return []
    if last.isupper():
        return [form + "s"]
    lower = last.lower()
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return [form + "es"]
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return [form[:-1] + "ies", form + "s"]
    return [form + "s"]


def _keys(form: str) -> list[str]:
    """Trie keys of a normalized form: tokens, with a leading space after a gap."""
    low = form.lower()
    if _SIMPLE.fullmatch(form):  # words and single spaces: "a b" -> ["a", " b"]
        return low.replace(" ", "\0 ").split("\0") if " " in low else [low]
    keys: list[str] = []
    end = 0
    for token in TOKEN.finditer(low):
        gap = token.start() > end
        keys.append((" " if gap and keys else "") + token.group())
        end = token.end()
    return keys


def _nfc(text: str) -> tuple[str, list[int] | None]:
    """NFC text and, when normalizing changed it, the original offset of each NFC offset."""
    if unicodedata.is_normalized("NFC", text):
        return text, None
    parts: list[str] = []
    offsets: list[int] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or unicodedata.combining(text[index]) == 0:
            piece = unicodedata.normalize("NFC", text[start:index])
            parts.append(piece)
            offsets.extend([start] * len(piece))
            start = index
    offsets.append(len(text))
    return "".join(parts), offsets


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


_Trie = dict[str, Any]
"""A trie node: child nodes by key, and under ``_END`` (no key is empty) the forms ending here,
exact-case forms first."""


class _Automaton:
    """A token trie; ``find`` walks a text's tokens through it, longest match first."""

    def __init__(self) -> None:
        self.root: _Trie = {}

    def add(
        self,
        entry: Entry,
        form: str,
        kind: MatchKind,
        why: str | None,
        plurals: bool,
        exact: bool | None = None,
    ) -> None:
        """Add ``form`` (and, with ``plurals``, its English plurals, which differ from it in the
        last key only: ``y`` -> ``ies`` or a suffix); ``exact`` case as the entry's unless told."""
        spelling = normalize_form(form)
        keys = _keys(spelling)
        if not keys:
            return
        exact = entry.case == "exact" if exact is None else exact
        node = self.root
        for key in keys[:-1]:
            child = node.get(key)
            if child is None:
                child = node[key] = {}
            node = child
        last = keys[-1]
        _end(node, last, (entry, spelling, kind, why, exact))
        if plurals:  # (a generated plural yields to a form an entry spells out: Principals)
            for plural in english_plurals(form):
                if plural.startswith(form):
                    suffix = plural[len(form) :]
                    form_ = (entry, spelling + suffix, kind, why, exact)
                    _end(node, last + suffix, form_, generated=True)
                else:
                    form_ = (entry, spelling[:-1] + "ies", kind, why, exact)
                    _end(node, last[:-1] + "ies", form_, generated=True)

    def _ends(self, node: _Trie, low: str, end: int) -> list[tuple[int, list[_Form]]]:
        ends: list[tuple[int, list[_Form]]] = []
        while True:
            forms = node.get(_END)
            if forms is not None:
                ends.append((end, forms))
                if len(node) == 1:
                    return ends
            step = _STEP.match(low, end)  # the next token, and whether a gap comes first
            if step is None:
                return ends
            gap, token = step.group(1, 2)
            if gap is None:
                child, end = node.get(token), step.end()
            elif gap == "-" and "-" in node:  # a hyphen is a token right after this one first
                child, end = node["-"], end + 1
            else:
                child, end = node.get(" " + token), step.end()
            if child is None:
                return ends
            node = child

    def find(self, text: str, every: bool) -> list[tuple[int, int, list[_Form]]]:
        """``(start, end, accepted forms)`` in ``text`` (NFC); one form each unless ``every``."""
        low = _lower(text)
        found: list[tuple[int, int, list[_Form]]] = []
        resume = 0
        first = self.root.get
        for token in TOKEN.finditer(low):
            node = first(token[0])
            if node is None:
                continue
            start = token.start()
            if start < resume:
                continue
            if len(node) == 1 and _END in node:  # a one-token form, nothing longer: no walk
                ends = [(token.end(), node[_END])]
            else:
                ends = self._ends(node, low, token.end())
            for end, forms in reversed(ends):
                if forms[0][4]:  # exact-case forms come first: only then does spelling matter
                    surface = normalize_form(text[start:end])
                    accepted = [f for f in forms if not f[4] or f[1] == surface]
                else:
                    accepted = forms
                if accepted:
                    found.append((start, end, accepted if every else accepted[:1]))
                    resume = end
                    break
        return found


def _end(node: _Trie, key: str, form: _Form, generated: bool = False) -> None:
    """Note ``form`` as ending at ``node``'s child ``key`` (exact-case forms are tried first; a
    ``generated`` plural after the exact-case forms already there)."""
    child = node.get(key)
    if child is None:
        child = node[key] = {}
    ending = child.get(_END)
    if ending is None:
        child[_END] = [form]
    elif form[4]:
        at = sum(1 for f in ending if f[4]) if generated else 0
        ending.insert(at, form)
    else:
        ending.append(form)


def _source_automaton(glossary: Glossary) -> _Automaton:
    automaton = _Automaton()
    for entry in glossary.entries:
        for form in entry.source_forms:
            automaton.add(entry, form, "source", None, True)
    return automaton


def _target_automaton(glossary: Glossary) -> _Automaton:
    automaton = _Automaton()
    for entry in glossary.entries:
        for index, form in enumerate(entry.renderings):
            kind: MatchKind = "preferred" if index == 0 else "alternative"
            # English renderings (kept terms, or an English alternative) take English plurals
            automaton.add(entry, form, kind, None, entry.keep or form.isascii())
        for bad in entry.forbidden:  # a name translated is wrong in any case (see the docstring)
            exact = entry.case == "exact" and bad.text.isascii()
            automaton.add(entry, bad.text, "forbidden", bad.why, False, exact)
    return automaton


class TermMatcher:
    """Glossary terms in source text and renderings in target text; build once, reuse."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self._source = _source_automaton(glossary)
        self._target = _target_automaton(glossary)

    def find_source(self, text: str, exclude: Sequence[tuple[int, int]] = ()) -> list[TermMatch]:
        """Non-overlapping glossary terms in source-language ``text``, in order."""
        return self._find(self._source, text, exclude, every=False)

    def find_target(self, text: str, exclude: Sequence[tuple[int, int]] = ()) -> list[TermMatch]:
        """Preferred, alternative and forbidden renderings in target-language ``text``.

        Spans never overlap; one span yields several matches when the same text belongs to
        several entries (``phiên bản`` forbidden for *instance*, preferred for *version*).
        """
        return self._find(self._target, text, exclude, every=True)

    def _find(
        self, automaton: _Automaton, text: str, exclude: Sequence[tuple[int, int]], every: bool
    ) -> list[TermMatch]:
        nfc, offsets = _nfc(mask_spans(text, exclude) if exclude else text)
        matches: list[TermMatch] = []
        for start, end, forms in automaton.find(nfc, every):
            if offsets is not None:
                start, end = offsets[start], offsets[end]
            if len(forms) == 1:
                entry, _, kind, why, _ = forms[0]
                matches.append(TermMatch(start, end, entry, text[start:end], kind, why))
                continue
            seen: set[tuple[str, MatchKind]] = set()
            for entry, _, kind, why, _ in forms:
                if (entry.term, kind) not in seen:
                    seen.add((entry.term, kind))
                    matches.append(TermMatch(start, end, entry, text[start:end], kind, why))
        return matches
