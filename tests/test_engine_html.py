"""Responses are read exactly as the standard library's HTML parser reads them.

``engines._html.parse_response`` tokenizes with regular expressions (a response is ten
kilobytes of small tags, and reading it is on the critical path of every request); whatever a
service sends back, even broken HTML, it must come to the same events as ``html.parser`` would.
"""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from translate.engines import _html

PIECES = [
    "<p>", "</p>", "<P>", "<b>", "</b>", "<b id=g1>", '<b id="g2">', "<i translate=no>",
    '<i translate="no" id=x2>', "<I TRANSLATE='no'>", "</i>", "</ b>", "</>", "</ 1>", "<br>",
    "<br/>", "<b/>", "<span>", "</span>", '<a href="x>y">', "<i id=''>", "<i id>", "<!-- c -->",
    "<!DOCTYPE html>", "<?xml?>", "< p>", "<", ">", "&amp;", "&lt;", "&#39;", "&#x41;", "&amp",
    "&bogus;", "text ", " ", "\n", "đường ống", "Amazon S3",
]  # fmt: skip


class _Reference(HTMLParser):
    """The events, read by ``html.parser`` itself."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events = _html._ResponseParser()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.events.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        self.events.handle_data(data)


def reference(text: str) -> list[list[_html.Event]]:
    parser = _Reference()
    parser.feed(text)
    parser.close()
    parser.events.flush()
    return parser.events.units


def merged(units: list[list[_html.Event]]) -> list[list[_html.Event]]:
    """Adjacent text events as one (where text is cut in two does not matter)."""
    out: list[list[_html.Event]] = []
    for unit in units:
        events: list[_html.Event] = []
        for event in unit:
            if event[0] == "text" and events and events[-1][0] == "text":
                events[-1] = ("text", events[-1][1] + event[1], "")
            elif event != ("text", "", ""):
                events.append(event)
        out.append(events)
    return out


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_any_response_reads_as_html_parser_reads_it(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert merged(_html.parse_response(text)) == merged(reference(text))


def test_a_real_response_shape_reads_to_its_events() -> None:
    response = (
        '<p>Chạy <b id=g1>một job</b> với <i translate="no">`cmd`</i> &amp; hơn.</p>'
        "<p>Dùng <I TRANSLATE=no id=x2>Amazon S3</I><br>ngay"
    )
    assert _html.parse_response(response) == [
        [("text", "Chạy ", ""), ("open", "g1", ""), ("text", "một job", ""), ("close", "", ""),
         ("text", " với ", ""), ("keep", "", "`cmd`"), ("text", " & hơn.", "")],
        [("text", "Dùng ", ""), ("keep", "x2", "Amazon S3"), ("text", " ", ""),
         ("text", "ngay", "")],
    ]  # fmt: skip
