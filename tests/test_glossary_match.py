"""Term matching in source and target text."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from translate.glossary import Entry, Forbidden, Glossary, TermMatcher, load_glossary, mask_spans
from translate.glossary.match import english_plurals

DATA = Path(__file__).parent / "data" / "glossary"


@pytest.fixture(scope="module")
def matcher() -> TermMatcher:
    return TermMatcher(load_glossary([DATA / "seed"]))


def source(matcher: TermMatcher, text: str) -> list[tuple[str, str]]:
    return [(m.surface, m.entry.term) for m in matcher.find_source(text)]


def target(matcher: TermMatcher, text: str) -> list[tuple[str, str, str]]:
    return [(m.surface, m.entry.term, m.kind) for m in matcher.find_target(text)]


def test_longest_match_first(matcher: TermMatcher) -> None:
    text = "Open Amazon SageMaker Studio, then SageMaker Studio, then SageMaker."
    assert source(matcher, text) == [
        ("Amazon SageMaker Studio", "Amazon SageMaker Studio"),
        ("SageMaker Studio", "Amazon SageMaker Studio"),
        ("SageMaker", "Amazon SageMaker"),
    ]


def test_offsets_index_the_input(matcher: TermMatcher) -> None:
    text = "A bucket and a cluster."
    for match in matcher.find_source(text):
        assert text[match.start : match.end] == match.surface


def test_plurals_and_hyphen_space_forms(matcher: TermMatcher) -> None:
    text = "Buckets, clusters, policies; fine tuning or fine-tunings or fine\n  tuning."
    assert [s for s, _ in source(matcher, text)] == [
        "Buckets",
        "clusters",
        "policies",
        "fine tuning",
        "fine-tunings",
        "fine\n  tuning",
    ]


def test_whole_words_only(matcher: TermMatcher) -> None:
    assert source(matcher, "subbucket buckety bucket_name Lambdas3 clusterfuck") == []


def test_case_rules(matcher: TermMatcher) -> None:
    assert source(matcher, "BUCKET and Cluster") == [("BUCKET", "bucket"), ("Cluster", "cluster")]
    assert source(matcher, "amazon sagemaker, Sagemaker, SAGEMAKER") == []


def test_exact_case_rejection_falls_back_to_shorter_match() -> None:
    glossary = Glossary(
        "en",
        "vi",
        (
            Entry("Auto Scaling", keep=True, case="exact"),
            Entry("auto", target="tự động"),
        ),
    )
    found = TermMatcher(glossary).find_source("auto scaling and Auto Scaling")
    assert [(m.surface, m.entry.term) for m in found] == [
        ("auto", "auto"),
        ("Auto Scaling", "Auto Scaling"),
    ]


def test_target_renderings_and_forbidden(matcher: TermMatcher) -> None:
    text = "Các cụm, thùng S3, AWS SageMaker, Sagemaker, SageMaker và phiên bản."
    assert target(matcher, text) == [
        ("cụm", "cluster", "preferred"),
        ("thùng", "bucket", "forbidden"),
        ("AWS SageMaker", "Amazon SageMaker", "forbidden"),
        ("Sagemaker", "Amazon SageMaker", "forbidden"),
        ("SageMaker", "Amazon SageMaker", "alternative"),
        ("phiên bản", "instance", "forbidden"),
        ("phiên bản", "version", "preferred"),
    ]
    forbidden = [m for m in matcher.find_target(text) if m.kind == "forbidden"]
    assert forbidden[0].why == 'literal "barrel"; S3 buckets are kept in English'


def test_vietnamese_word_boundaries(matcher: TermMatcher) -> None:
    assert target(matcher, "cụmx xcụm cụm_1 cụm") == [("cụm", "cluster", "preferred")]


def test_decomposed_diacritics_in_input(matcher: TermMatcher) -> None:
    text = unicodedata.normalize("NFD", "Dùng cụm và tinh chỉnh")
    found = matcher.find_target(text)
    assert [m.entry.term for m in found] == ["cluster", "fine-tuning"]
    for match in found:
        assert unicodedata.normalize("NFC", text[match.start : match.end]) == match.entry.target
    # a combining mark after a word glues to it: "cụm" + U+0301 is another word
    assert matcher.find_target("cụm\u0301") == []


def test_excluded_ranges_and_mask_spans(matcher: TermMatcher) -> None:
    text = "Put the `bucket` in a bucket: https://example.com/bucket"
    code = (text.index("`"), text.index("`", 9) + 1)
    url = (text.index("https"), len(text))
    found = matcher.find_source(text, exclude=[code, url])
    assert [(m.start, m.surface) for m in found] == [(22, "bucket")]
    masked = mask_spans(text, [code])
    assert len(masked) == len(text) and "bucket" not in masked[: code[1]]


def test_mask_does_not_join_words_across_code() -> None:
    glossary = Glossary("en", "vi", (Entry("Amazon SageMaker", keep=True),))
    text = "Amazon `x` SageMaker"
    assert TermMatcher(glossary).find_source(text, exclude=[(7, 10)]) == []


def test_terms_with_punctuation() -> None:
    glossary = Glossary(
        "en",
        "vi",
        (Entry("Node.js", keep=True), Entry("CI/CD", keep=True), Entry("C++", keep=True)),
    )
    found = TermMatcher(glossary).find_source("Node.js or node js, CI/CD in C++.")
    assert [m.surface for m in found] == ["Node.js", "CI/CD", "C++"]


def test_forbidden_longer_than_allowed_wins() -> None:
    entry = Entry(
        "Amazon Bedrock",
        keep=True,
        variants=("Bedrock",),
        forbidden=(Forbidden("AWS Bedrock", "wrong prefix"),),
    )
    found = TermMatcher(Glossary("en", "vi", (entry,))).find_target("Dùng AWS Bedrock.")
    assert [(m.surface, m.kind) for m in found] == [("AWS Bedrock", "forbidden")]


@pytest.mark.parametrize(
    ("form", "plurals"),
    [
        ("bucket", ["buckets"]),
        ("policy", ["policies", "policys"]),
        ("key", ["keys"]),
        ("index", ["indexes"]),
        ("AZ", ["AZs"]),
        ("S3", []),
        ("cụm", []),
    ],
)
def test_english_plurals(form: str, plurals: list[str]) -> None:
    assert english_plurals(form) == plurals


def test_a_form_an_entry_spells_out_wins_over_another_entrys_generated_plural() -> None:
    job = Entry(term="Principal", target="Principal", case="exact")
    iam = Entry(term="IAM principal", target="chủ thể", variants=("Principals",), case="exact")
    for entries in ((iam, job), (job, iam)):
        found = TermMatcher(Glossary("en", "vi", entries)).find_source("For Principals, pick one.")
        assert [(m.surface, m.entry.term) for m in found] == [("Principals", "IAM principal")]
