"""``translate.document.front_yaml`` reads what it reads exactly as PyYAML does, and declines the
rest."""

from __future__ import annotations

import datetime

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.document import front_yaml
from translate.document.markdown import parse

KEYS = ["title", "description", "date", "weight", "a-b", "_x", "y", "n", "on", "No", "null",
        "1a", "tags", " title", "title "]  # fmt: skip
VALUES = [
    '"Blog 3"', "'Blog 3'", '" <b> 3.3. </b> "', '"a \\" b"', "'it''s'", '"x" # note', '"x"#c',
    '"x"  ', "Xây dựng pipeline", "It's fine", "a, b [c] {d}", "2025-09-10", "2025-02-30",
    "2025-9-1", "1", "0", "012", "1_000", "1.5", ".5", "-1", "+1", "0x1F", "1:20", "yes", "No",
    "TRUE", "yEs", "off", "~", "null", "Null", "", "# only", "3 # note", "a#b", "a: b", "a:b",
    "[1, 2]", "{a: 1}", "- x", "&anchor x", "*alias", "!tag x", "|", ">", "%x", "@x", "`x`",
    "<< x", "= x", "x\ty", "\ttab", "x\x85y", "x\u2028y", "\ufeffx", "x\x07", "é", "'open",
    '"open', "a  b   ",
]  # fmt: skip


def _typed(data: object) -> object:
    if isinstance(data, dict):
        return [(type(k), k, type(v), v) for k, v in data.items()]
    return data


def _agrees(text: str) -> None:
    ours = front_yaml.load(text)
    if ours is None:
        return
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for theirs in (yaml.load(text, Loader=loader), yaml.safe_load(text)):
        assert _typed(ours) == _typed(theirs or {})


line = st.one_of(
    st.builds(
        lambda key, gap, value: f"{key}{gap}{value}",
        st.sampled_from(KEYS),
        st.sampled_from([": ", ":  ", ":", " : ", ":\t"]),
        st.one_of(st.sampled_from(VALUES), st.text(max_size=12)),
    ),
    st.sampled_from(["", "   ", "  nested: 1", "- item", "# comment", "---", "..."]),
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(line, max_size=6), st.sampled_from(["\n", "\r\n", "\r"]))
def test_reads_front_matter_as_pyyaml_does(lines: list[str], newline: str) -> None:
    _agrees(newline.join(lines))


@pytest.mark.parametrize("value", VALUES)
def test_each_value_is_read_as_pyyaml_does_or_declined(value: str) -> None:
    _agrees(f"title: {value}\nweight: 1\n")


def test_the_usual_front_matter_needs_no_pyyaml() -> None:
    text = 'title: "Blog 3"\ndate: 2025-09-10\nweight: 3 # moved\nchapter: false\npre: " <b> 3.3. </b> " # kept\n'  # noqa: E501
    assert front_yaml.load(text) == {
        "title": "Blog 3", "date": datetime.date(2025, 9, 10), "weight": 3, "chapter": False,
        "pre": " <b> 3.3. </b> ",
    }  # fmt: skip


@pytest.mark.parametrize("text", ["tags: [a, b]\n", "title: a: b\n", "k:\n  - x\n", "x: 'a\\b'\n"])
def test_anything_else_is_left_to_pyyaml(text: str) -> None:
    assert front_yaml.load(text) is None


def test_an_impossible_date_is_still_pyyamls_error() -> None:
    with pytest.raises(ValueError):
        parse("---\ndate: 2025-02-30\n---\n\nText.\n")
