"""Names that must not be translated, and the ways translations damage them.

``NameIndex`` knows every kept (do-not-translate) form of a glossary, its *core* without the
vendor prefix (``SageMaker`` for ``Amazon SageMaker``) and finds, in target text, names that are
mis-cased (``Sagemaker``), split or joined (``Parallel Cluster``), carry the wrong vendor prefix
(``AWS Bedrock``, ``Amazon Lambda``), are misspelled (``SageMkaer``, by rapidfuzz near-matching;
``Saving Plans``, a name of several words, where the source has the name),
or, when the source says which name to expect, were translated (``Amazon Kết nối``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import pairwise

from translate.glossary import Entry, Glossary

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:[.][A-Za-z0-9_]+)*")  # snake_case is one word
# The next capitalised word from a word boundary, as ``_WORD.finditer`` would cut the text into
# words: what it passes over (other characters, whole words that start in lowercase) is taken
# atomically, so no word is found inside another.
_NEXT_CAPITAL = re.compile(
    r"(?>[^A-Za-z]++|[a-z][A-Za-z0-9_]*+(?:[.][A-Za-z0-9_]++)*+)*+"
    r"([A-Z][A-Za-z0-9_]*+(?:[.][A-Za-z0-9_]++)*+)"
)
_CAPITAL = re.compile(r"[A-Z]")
_VENDORS = ("Amazon", "AWS")
_WINDOW = 4
_TYPO_SCORE = 88.0
_TYPO_BOUND = _TYPO_SCORE - 1e-6  # below this even rounding cannot lift a score to the cutoff


def _squash(text: str) -> str:
    return re.sub(r"[\s-]+", "", text).casefold()


def _joined(text: str) -> str:
    """A name's words run together, casefolded first (a window matches a name only if its own
    first word starts this)."""
    return re.sub(r"[\s-]+", "", text.casefold())


def _core(form: str) -> tuple[str | None, str]:
    """(vendor, rest) of a name: ``("Amazon", "SageMaker")``; vendor None when there is none."""
    head, _, rest = form.partition(" ")
    return (head, rest) if head in _VENDORS and rest else (None, form)


def _distinctive(form: str) -> bool:
    """A form no ordinary word is spelled like: an inner capital or a digit."""
    return any(c.isupper() for c in form[1:]) or any(c.isdigit() for c in form)


class NameIndex:
    """Kept names of a glossary, indexed for the damage translations do to them."""

    def __init__(self, glossary: Glossary) -> None:
        self.exact: set[str] = set()
        self.folded: dict[str, tuple[Entry, str]] = {}
        self.squashed: dict[str, tuple[Entry, str]] = {}
        self.cores: dict[str, tuple[Entry, str, str]] = {}
        for entry in glossary.entries:
            if entry.keep:
                for form in entry.source_forms:
                    self._add(entry, form)
        self.typo_forms = _typo_forms(self.folded)
        runs = {_joined(form) for form in self.exact} | {_joined(key) for key in self.folded}
        self.runs = tuple(sorted(runs | set(self.squashed)))

    def _add(self, entry: Entry, form: str) -> None:
        self.exact.add(form)
        vendor, core = _core(form)
        for name in {form, core}:
            if _distinctive(name) or " " in name:
                self.folded.setdefault(name.casefold(), (entry, name))
                self.squashed.setdefault(_squash(name), (entry, name))
        if vendor is not None:
            self.cores.setdefault(core.casefold(), (entry, form, vendor))

    def altered(
        self, plain: str, covered: Sequence[tuple[int, int]]
    ) -> Iterator[tuple[int, int, Entry, str]]:
        """(start, end, entry, correct form) for each damaged name in target text."""
        if not _CAPITAL.search(plain):
            return  # a name starts with a capital
        pos = 0
        while (capital := _NEXT_CAPITAL.match(plain, pos)) is not None:
            start, pos = capital.span(1)  # only capitalised words open windows
            if not self._may_open(plain, start, pos):
                continue
            words = _window(plain, start, pos)
            found = self._at(plain, words, covered)
            if found is None:
                continue
            size, result = found
            if result is not None:
                yield result
            pos = words[size - 1][1]  # the words of a name examined open no window

    def _may_open(self, plain: str, start: int, end: int) -> bool:
        """Whether ``_at`` can find anything from the word at ``start`` (most capitalised words
        begin a sentence, not a name): its one-word window is a kept name, a damaged one or a
        typo, or it opens a longer window that a vendor or a name's first word begins."""
        word = plain[start:end]
        if word in self.exact or _may_be_typo(word):
            return True
        folded = word.casefold()
        if plain[end : end + 1] in (" ", "-") and _WORD.match(plain, end + 1):
            if word in _VENDORS:
                return True
            at = bisect_left(self.runs, folded)
            return at < len(self.runs) and self.runs[at].startswith(folded)
        return folded in self.folded

    def _at(
        self, plain: str, words: list[tuple[int, int]], covered: Sequence[tuple[int, int]]
    ) -> tuple[int, tuple[int, int, Entry, str] | None] | None:
        """The longest window of ``words`` (a capitalised word and those joined to it) that is a
        kept name (no finding) or a damaged one: its size, and the finding if damaged. A window
        with a lowercase word can only be a kept name as it is."""
        capitals = 1
        while capitals < len(words) and plain[words[capitals][0]].isupper():
            capitals += 1
        start = words[0][0]
        for size in range(len(words), 0, -1):
            end = words[size - 1][1]
            if covered and _overlaps(start, end, covered):
                continue
            text = plain[start:end]
            if text in self.exact:
                return size, None
            if size > capitals:
                continue  # names are capitalised; lowercase words and slugs are something else
            fix = self._damaged(text, size)
            if fix is not None:
                return size, (start, end, fix[0], fix[1])
        return None

    def _damaged(self, text: str, size: int) -> tuple[Entry, str] | None:
        """The name a window of capitalised words (joined by spaces or hyphens) damages."""
        vendor, core = _core(text)
        known = self.cores.get(core.casefold())
        if vendor is not None and known is not None and known[2] != vendor:
            return known[0], known[1]
        folded = self.folded.get(text.casefold())
        if folded is not None and folded[1] != text and not folded[1].replace(" ", "").isupper():
            return folded  # an acronym (RAM) beside a capitalised word (Ram) is another word
        if size > 1:  # (one word has no spaces or hyphens to squash)
            squashed = self.squashed.get(text.replace(" ", "").replace("-", "").casefold())
            if squashed is not None and squashed[1] != text:
                return squashed
        if size == 1 and _may_be_typo(text):
            return self._typo(text)
        return None

    def _typo(self, text: str) -> tuple[Entry, str] | None:
        if not self._near_some_form(text):
            return None  # (nor is rapidfuzz imported: most runs never need it)
        from rapidfuzz import fuzz, process

        best = process.extractOne(
            text.casefold(), list(self.folded), scorer=fuzz.ratio, score_cutoff=_TYPO_SCORE
        )
        if best is None:
            return None
        entry, form = self.folded[best[0]]
        return (entry, form) if form != text and " " not in form else None

    def _near_some_form(self, text: str) -> bool:
        """Whether some one-word form other than ``text`` could score the cutoff against it.

        The score (rapidfuzz's ``fuzz.ratio``) is ``200 * LCS / (len(a) + len(b))``, and the
        longest common subsequence is at most the characters the two have in common, counted
        with their repeats (first bounded cheaply: each shared character once, plus the repeats
        of the string with fewer). A typo's answer is such a form (a form with a space, or
        ``text`` itself, is no answer), so when no form can reach the cutoff, ``_typo`` has
        none to find.
        """
        folded = text.casefold()
        size, chars = len(folded), frozenset(folded)
        repeats = size - len(chars)
        counts: Counter[str] | None = None
        for length, forms in self.typo_forms.items():
            cutoff = _TYPO_BOUND * (size + length)
            if 200 * min(size, length) < cutoff:
                continue
            for form, key, form_chars, form_repeats in forms:
                common = len(chars & form_chars) + min(repeats, form_repeats)
                if 200 * min(common, size, length) < cutoff or form == text:
                    continue
                counts = Counter(folded) if counts is None else counts
                if 200 * (counts & Counter(key)).total() >= cutoff:
                    return True
        return False

    def fix_for(self, surface: str, entry: Entry) -> str | None:
        """The kept form a damaged ``surface`` unambiguously stands for, if any: the form it
        mis-cases or mis-spaces, else the same name with the right vendor prefix (or, for a
        surface without one, the name's own core: ``Sagemaker`` -> ``SageMaker``)."""
        for form in entry.source_forms:
            if form.casefold() == surface.casefold() or _squash(form) == _squash(surface):
                return form
        vendor, core = _core(surface)
        for form in entry.source_forms:
            form_core = _core(form)[1]
            if form_core.casefold() == core.casefold():
                return form if vendor is not None else form_core
        return None

    def translated(self, plain: str, entry: Entry, english: str = "") -> tuple[int, int] | None:
        """Where ``entry``'s vendor prefix opens a name that is no kept name (a translation);
        a name the ``english`` source has too (``Amazon Bedrock Knowledge Bases``, which the
        glossary may not hold) is another name, kept."""
        vendor, core = _core(entry.term)
        if vendor is None:
            return None
        for match in re.finditer(rf"\b{vendor}\b((?:\s+[^\s.,;:!?()\[\]{{}}]+){{1,3}})", plain):
            if not match.group(1).split()[0][0].isupper():
                continue  # "AWS một cách ...": the vendor ends the phrase, no name follows
            if english and _kept_from(english, plain, match.start(), vendor):
                continue
            words = match.group(1).split()
            span = " ".join([vendor, *words[: max(len(core.split()), 1) + 1]])
            named = (name for name in self.exact if name.startswith(f"{vendor} "))  # not "AWS"
            if not any(span.startswith(name) for name in named):
                end = match.start() + len(vendor) + len(match.group(1))
                return match.start(), end
        return None


def translated_before_vendor(plain: str, name: str) -> tuple[int, int] | None:
    """Where a vendor-prefixed name was translated in Vietnamese word order, the vendor last
    (``Trình khám phá chi phí AWS``, ``Dịch vụ lưu trữ đơn giản của Amazon``): a capitalised
    word, then words with a translated (non-ASCII) one, up to the vendor that ends the name."""
    vendor, core = _core(name)
    if vendor is None:
        return None
    most = len(core.split()) + 3
    phrase = re.compile(rf"(\w+(?: \w+){{1,{most}}}?) (?:của )?{vendor}\b(?! [A-Z])")
    for word in re.finditer(r"\b\w", plain):
        match = phrase.match(plain, word.start()) if word.group().isupper() else None
        if match is not None and not match.group(1).isascii():
            return match.span()
    return None


def _kept_from(english: str, plain: str, start: int, vendor: str) -> bool:
    """Whether the vendor at ``start`` of ``plain`` opens a name of English capitalised words
    that ``english`` holds as it is, as a whole name."""
    name = re.match(rf"{vendor}(?: [A-Z][A-Za-z0-9]*)+", plain[start:])
    if name is None:
        return False
    whole = rf"\b{re.escape(name.group())}\b(?! [A-Z])"  # (not the start of a longer name)
    return re.search(whole, english) is not None


def partly_translated(plain: str, name: str) -> tuple[int, int] | None:
    """Where a name of three words or more keeps its first and last words around a translated
    middle (``Signature Phiên bản 4`` for *Signature Version 4*). A vendor-prefixed name is left
    to ``NameIndex.translated``."""
    words = name.split()
    if len(words) < 3 or words[0] in _VENDORS:
        return None
    first, last = map(re.escape, (words[0], words[-1]))
    for match in re.finditer(rf"(?<!\w){first}((?:\s+\S+){{1,3}}?)\s+{last}(?!\w)", plain):
        if not match.group(1).isascii():
            return match.span()
    return None


def misspelled(plain: str, name: str) -> tuple[int, int] | None:
    """Where a kept name of two words or more is misspelled (``Saving Plans`` for *Savings
    Plans*): as many words, one space apart, each opening with the letter of the name's word,
    near the name in spelling (rapidfuzz's ``ratio``, the cutoff of a one-word typo)."""
    wanted = name.split()
    if len(wanted) < 2:
        return None
    initials = [word[0].casefold() for word in wanted]
    spans = [m.span() for m in re.finditer(r"[^\W\d_][\w-]*", plain)]
    for n in range(len(spans) - len(wanted) + 1):
        window = spans[n : n + len(wanted)]
        if any(plain[a].casefold() != c for (a, _), c in zip(window, initials, strict=True)):
            continue
        if any(plain[b:a] != " " for (_, b), (a, _) in pairwise(window)):
            continue
        start, end = window[0][0], window[-1][1]
        if _near(plain[start:end], name):
            return start, end
    return None


def _near(text: str, name: str) -> bool:
    from rapidfuzz import fuzz  # (only for a name its block lacks)

    folded = text.casefold()
    return folded != name.casefold() and fuzz.ratio(folded, name.casefold()) >= _TYPO_SCORE


def translated_before_gloss(plain: str, full: str, short: str) -> tuple[int, int] | None:
    """Where a name's short form in parentheses follows a translation of its full name
    (``Dịch vụ Kubernetes Đàn hồi của Amazon (Amazon EKS)`` for *Amazon Elastic Kubernetes
    Service (Amazon EKS)*): the words before it (back to the clause's start, at most two more
    than twice the name's) hold a translated (non-ASCII) word and do not end with the name."""
    for match in re.finditer(rf"\(\s*{re.escape(short)}\s*\)", plain):
        clause = re.split(r"[.!?;:,(]\s", plain[: match.start()])[-1]
        offset = match.start() - len(clause)
        words = [w.span() for w in re.finditer(r"\S+", clause)][-2 * len(full.split()) - 2 :]
        if not words or clause.rstrip().endswith(full):
            continue
        capital = next((w for w in words if clause[w[0]].isupper()), words[0])
        start, end = offset + capital[0], offset + words[-1][1]  # (a name opens with a capital)
        if not plain[start:end].isascii():
            return start, end
    return None


def _window(plain: str, start: int, end: int) -> list[tuple[int, int]]:
    """The word at ``start`` and up to ``_WINDOW - 1`` words after it, each joined to the one
    before by a single space or hyphen (a word right after one starts a word)."""
    words = [(start, end)]
    while len(words) < _WINDOW and plain[end : end + 1] in (" ", "-"):
        word = _WORD.match(plain, end + 1)
        if word is None:
            break
        words.append(word.span())
        end = word.end()
    return words


def _may_be_typo(word: str) -> bool:
    """A word rapidfuzz is asked about: distinctive, five letters or more, not an acronym."""
    return len(word) >= 5 and not word.isupper() and _distinctive(word)


def _typo_forms(
    folded: dict[str, tuple[Entry, str]],
) -> dict[int, list[tuple[str, str, frozenset[str], int]]]:
    """The one-word forms a typo can be corrected to, by length: ``(form, casefolded, its
    characters, how many of them repeat)``."""
    forms: dict[int, list[tuple[str, str, frozenset[str], int]]] = {}
    for key, (_, form) in folded.items():
        if " " not in form:
            chars = frozenset(key)
            forms.setdefault(len(key), []).append((form, key, chars, len(key) - len(chars)))
    return forms


def _overlaps(start: int, end: int, covered: Sequence[tuple[int, int]]) -> bool:
    """A glossary match crosses the window's edge (one wholly inside it, ``Bedrock`` in ``AWS
    Bedrock``, is part of the name being examined)."""
    return any(a < end and start < b and not (start <= a and b <= end) for a, b in covered)
