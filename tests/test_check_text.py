"""The checker's words of a segment: ``texts`` joins runs of text as ``_layout`` lays out
characters (placeholders masked, invisible characters dropped, link text kept apart)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from translate.check.text import _layout, texts
from translate.document.markdown import parse

PIECES = ["Amazon", "S3", " ", "x", "[link](https://a.b)", "**bold**", "*em*", "`code`",
          "<br>", "{{< ref >}}", "&amp;", "\u200b", "\u00ad", "é", "![alt](i.png)", "[^1]",
          "trong[kiến trúc](u)trực", "a&b", "<", "_", "~~s~~", "https://x.y/z"]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12))
def test_words_are_those_layout_gives(pieces: list[str]) -> None:
    document = parse("# T\n\n" + "".join(pieces) + "\n\n- " + "".join(reversed(pieces)) + "\n")
    for text in texts(document):
        assert text.plain == _layout(text.segment, text.slot, with_offsets=False)[0]
        assert len(text.offsets) == len(text.plain) + 1
