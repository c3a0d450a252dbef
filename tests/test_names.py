"""``NameIndex`` skips work that cannot find a damaged name, and finds the same names as without."""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from translate.check.names import NameIndex
from translate.glossary import Entry, load_glossary

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def names() -> NameIndex:
    return NameIndex(load_glossary([ROOT / "glossary"]))


def _typo_unfiltered(names: NameIndex, text: str) -> tuple[Entry, str] | None:
    """``NameIndex._typo`` as it was: rapidfuzz over every folded form."""
    best = process.extractOne(
        text.casefold(), list(names.folded), scorer=fuzz.ratio, score_cutoff=88.0
    )
    if best is None:
        return None
    entry, form = names.folded[best[0]]
    return (entry, form) if form != text and " " not in form else None


def _damage(form: str, rng: random.Random) -> str:
    chars = list(form.replace(" ", ""))
    for _ in range(rng.randint(0, 3)):
        at = rng.randrange(len(chars))
        choice = rng.random()
        if choice < 0.3 and len(chars) > 1:
            del chars[at]
        elif choice < 0.6:
            chars.insert(at, rng.choice(string.ascii_letters + string.digits))
        else:
            chars[at] = rng.choice(string.ascii_letters)
    return "".join(chars)


def test_typos_are_found_as_rapidfuzz_over_every_form_finds_them(names: NameIndex) -> None:
    rng = random.Random(7)
    forms = sorted(form for _, form in names.folded.values())
    words = ["SageMkaer", "DynamoBD", "Route53", "CloudInteract", "HealthTech", "OpenFold3"]
    words += [_damage(rng.choice(forms), rng) for _ in range(3000)]
    found = 0
    for word in words:
        expected = _typo_unfiltered(names, word)
        assert names._typo(word) == expected, word
        found += expected is not None
    assert found > 50  # the sample holds real typos, not only words far from every name


def test_damaged_names_in_text_are_found(names: NameIndex) -> None:
    text = "Dùng Sagemaker, AWS Bedrock, Amazon Lambda và SageMkaer; Các dịch vụ Parallel Cluster."
    fixes = [fix for _, _, _, fix in names.altered(text, [])]
    assert fixes == ["SageMaker", "Amazon Bedrock", "AWS Lambda", "SageMaker", "ParallelCluster"]


def test_a_word_near_no_name_needs_no_rapidfuzz(names: NameIndex) -> None:
    assert not names._near_some_form("BaoMinhTranHuynh")
    assert names._typo("BaoMinhTranHuynh") is None


def _altered_by_every_word(
    names: NameIndex, plain: str, covered: list[tuple[int, int]]
) -> list[tuple[int, int, Entry, str]]:
    """``NameIndex.altered`` as it was: every word found first, a window tried at each capital."""
    from translate.check.names import _WINDOW, _WORD, _overlaps

    words = [m.span() for m in _WORD.finditer(plain)]
    out: list[tuple[int, int, Entry, str]] = []
    resume = 0
    for index, (start, _) in enumerate(words):
        if index < resume or not plain[start].isupper():
            continue
        joined = 1
        while joined < min(_WINDOW, len(words) - index):
            if plain[words[index + joined - 1][1] : words[index + joined][0]] not in (" ", "-"):
                break
            joined += 1
        capitals = 1
        while capitals < joined and plain[words[index + capitals][0]].isupper():
            capitals += 1
        for size in range(joined, 0, -1):
            end = words[index + size - 1][1]
            if covered and _overlaps(start, end, covered):
                continue
            if plain[start:end] in names.exact:
                resume = index + size
                break
            fix = names._damaged(plain[start:end], size) if size <= capitals else None
            if fix is not None:
                out.append((start, end, *fix))
                resume = index + size
                break
    return out


@settings(
    max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.data())
def test_names_in_any_text_are_found_as_word_by_word(names: NameIndex, data: st.DataObject) -> None:
    forms = sorted({form for _, form in names.folded.values()} | names.exact)
    piece = st.one_of(
        st.sampled_from(forms),
        st.sampled_from(forms).map(str.lower),
        st.sampled_from(forms).map(lambda form: form.replace(" ", "")),
        st.sampled_from(forms).map(lambda form: form.replace(" ", "-")),
        st.sampled_from(forms).map(lambda form: "AWS " + form.split(" ", 1)[-1]),
        st.text(alphabet="aAbZz09_. -éÉ\t", max_size=6),
    )
    parts = data.draw(st.lists(st.tuples(st.sampled_from(["", " ", "-", ".", "_", "x"]), piece)))
    plain = "".join(gap + part for gap, part in parts)
    assert list(names.altered(plain, [])) == _altered_by_every_word(names, plain, [])
