"""Property: any post built from Markdown's constructs survives the identity round trip, and a
transformed translation keeps the source's structure."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from translate.document import map_text
from translate.document.markdown import parse, render
from translate.document.structure import outline

WORDS = st.sampled_from(
    ["Amazon S3", "bucket", "the", "data", "*fast*", "**bold**", "`code`", "[link](https://x.test/a)",
     "https://aws.amazon.com/", "&amp;", "<br>", "_under_", "snake_case", "2 * 3", "{{< ref x >}}",
     "![alt](i.png)", "[^1]", "Việt", "a|b", "\\*", "#tag", "1.", "-"]
)  # fmt: skip
LINE = st.lists(WORDS, min_size=1, max_size=8).map(" ".join)
BLOCK = st.one_of(
    LINE,
    LINE.map(lambda s: "## " + s),
    st.lists(LINE, min_size=1, max_size=3).map(lambda ls: "\n".join("- " + x for x in ls)),
    st.lists(LINE, min_size=1, max_size=3).map(lambda ls: "\n".join("> " + x for x in ls)),
    LINE.map(lambda s: f"```\n{s}\n```"),
    st.tuples(LINE, LINE).map(lambda t: f"| {t[0]} | x |\n|---|---|\n| {t[1]} | y |"),
    LINE.map(lambda s: f"    {s}"),
    LINE.map(lambda s: f"<p>{s}</p>"),
    LINE.map(lambda s: f"{{{{% notice %}}}}\n{s}\n{{{{% /notice %}}}}"),
)
ENDING = st.sampled_from(["\n", "\r\n"])
SPACES = st.sampled_from(["", " ", "  ", "\t"])


@st.composite
def posts(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(BLOCK, min_size=1, max_size=6))
    ending = draw(ENDING)
    text = (ending + ending).join(blocks)
    lines = [line + draw(SPACES) for line in text.split("\n")]
    text = ending.join(lines)
    if draw(st.booleans()):
        title = json.dumps(draw(LINE), ensure_ascii=False)
        text = "---" + ending + "title: " + title + ending + "---" + ending + text
    return ("\ufeff" if draw(st.booleans()) else "") + text + draw(st.sampled_from(["", ending]))


@settings(max_examples=150, deadline=None)
@given(posts())
def test_identity_round_trip(text: str) -> None:
    document = parse(text)
    assert render(document, document.identity()) == text


@settings(max_examples=100, deadline=None)
@given(posts())
def test_translated_text_keeps_structure(text: str) -> None:
    document = parse(text)
    targets = [map_text(s.text, lambda t: t.upper().replace("A", "Ă")) for s in document.segments]
    rendered = render(document, targets)
    assert [item for _, item in outline(rendered)] == [item for _, item in outline(text)]
