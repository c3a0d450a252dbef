"""The Amazon Translate engine: HTML round trip, request shapes (Stubber), and end-to-end runs
against the fake server in ``tests/fake_aws.py`` (imperfect on purpose, as the service is)."""

from __future__ import annotations

import pytest

from translate.engines._html import keep_text, parse_response, split_sentences, to_unit
from translate.errors import MarkupError

TAGGED = 'Run <g id="1">a job</g> with\n<x id="2"/> &amp; <x id="3"/>.'
SPANS = {2: "`aws batch submit-job`", 3: "https://example.com/" + "a" * 80}


def roundtrip(tagged: str, response: str | None = None) -> str:
    unit = to_unit("7", tagged, SPANS)
    units, repeated = parse_response(unit.html if response is None else response)
    assert not repeated
    return unit.tagged(units["7"])


def test_tagged_text_becomes_html_the_service_keeps() -> None:
    unit = to_unit("7", TAGGED, SPANS)
    assert unit.html.startswith(
        '<p id="s7">Run <b id="g1">a job</b> with <i translate="no" id="x2">'
    )
    assert "&amp;" in unit.html and "\n" not in unit.html
    assert unit.kept["x3"] == keep_text(SPANS[3]) and len(unit.kept["x3"]) == 48
    assert unit.size == len(unit.html.encode("utf-8"))


def test_html_comes_back_as_the_same_tagged_text() -> None:
    assert roundtrip(TAGGED) == TAGGED  # the line break next to a placeholder is put back


def test_moved_pairs_and_collapsed_whitespace_are_accepted() -> None:
    response = (
        '<p id="s7"> Chạy\n\n<i translate="no" id="x2">`aws batch submit-job`</i>  với '
        '<b id="g1">một job</b> &amp; <i translate="no" id="x3">'
        + keep_text(SPANS[3])
        + "</i>.</p>"
    )
    assert (
        roundtrip(TAGGED, response)
        == 'Chạy\n<x id="2"/> với <g id="1">một job</g> &amp; <x id="3"/>.'
    )


@pytest.mark.parametrize(
    ("response", "message"),
    [
        ('<p id="s7">Run <b id="g1">a job</b> with <i translate="no" id="x2">'
         '`aws batch submit-job`</i></p>', "lost"),
        ('<p id="s7"><b id="g1">a</b><i translate="no" id="x2">`aws batch submit-job`</i>'
         '<i translate="no" id="x2">`aws batch submit-job`</i></p>', "repeated"),
        ('<p id="s7"><b id="g1">a</b><i translate="no" id="x2">`aws lô submit-job`</i>'
         '<i translate="no" id="x3">x</i></p>', "changed"),
        ('<p id="s7"><b id="g9">a</b></p>', "unexpected"),
    ],
)  # fmt: skip
def test_lost_repeated_changed_or_invented_markup_is_refused(response: str, message: str) -> None:
    with pytest.raises(MarkupError, match=message):
        roundtrip(TAGGED, response)


def test_line_breaks_next_to_a_shortcode_are_put_back() -> None:
    tagged = '<x id="1"/>\nJobs are retried.\n<x id="2"/>'
    spans = {1: "{{% notice info %}}", 2: "{{% /notice %}}"}
    unit = to_unit("1", tagged, spans)
    response = unit.html.replace("Jobs are retried.", "Công việc được thử lại.")
    units, _ = parse_response(response)
    assert unit.tagged(units["1"]) == '<x id="1"/>\nCông việc được thử lại.\n<x id="2"/>'


def test_kept_terms_come_back_as_their_rendering() -> None:
    def keeper(text: str) -> list[tuple[int, int, str]]:
        start = text.find("instance")
        return [(start, start + len("instance"), "phiên bản máy")] if start >= 0 else []

    unit = to_unit("3", "Stop the instance & wait.", {}, keeper)
    assert '<i translate="no" id="t1">phiên bản máy</i>' in unit.html
    units, _ = parse_response(unit.html.replace("Stop the", "Dừng"))
    assert unit.tagged(units["3"]) == "Dừng phiên bản máy &amp; wait."


def test_several_units_in_one_response_and_repeats_noted() -> None:
    first, second = to_unit("1", "One.", {}), to_unit("2", "Two.", {})
    units, repeated = parse_response(first.html + "\n" + second.html + second.html + "<br>")
    assert set(units) == {"1", "2"} and repeated == {"2"}
    assert first.tagged(units["1"]) == "One."


def test_long_text_splits_at_sentences_outside_pairs() -> None:
    tagged = 'One. <g id="1">Two. Three.</g> Four? "Five." Six <x id="2"/>. Seven'
    assert split_sentences(tagged) == [
        ("One.", " "),
        ('<g id="1">Two. Three.</g> Four?', " "),
        ('"Five."', " "),
        ('Six <x id="2"/>.', " "),
        ("Seven", ""),
    ]
    assert split_sentences("No boundary here") == [("No boundary here", "")]
