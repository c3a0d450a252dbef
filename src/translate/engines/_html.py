"""Tagged text <-> the HTML that Amazon Translate (and any HTML-aware service) translates.

One segment (or one piece of a long segment) becomes one element, and a request is several such
elements side by side::

    <p id="s12">Run <b id="g1">a job</b> with <i translate="no" id="x2">`cmd`</i>.</p>

- ``<g id="N">`` becomes ``<b id="gN">``, a plain tag the service keeps and may move;
- ``<x id="N"/>`` becomes ``<i translate="no" id="xN">TEXT</i>`` holding the text it stands for
  (context for the service; long texts are shortened), which the service must not touch;
- a *kept* run (a glossary term in strict mode) becomes ``<i translate="no" id="tN">RENDERING</i>``
  and comes back as that rendering, as plain text.

``parse_response`` reads a response with the stdlib ``html.parser`` and ``Unit.tagged`` turns one
element back into tagged text, raising ``MarkupError`` unless every placeholder and pair came back
exactly once and every ``translate="no"`` text is unchanged (whitespace aside). Services collapse
whitespace, so the line breaks the source had next to a placeholder (a shortcode on its own line)
are put back.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

from translate.document import escape, tokens
from translate.errors import MarkupError

#: Finds runs to send as kept text: ``text -> [(start, end, rendering)]``, sorted, disjoint.
Keeper = Callable[[str], Sequence[tuple[int, int, str]]]
Event = tuple[str, str, str]  # ("text", data, "") | ("open", id, "") | ("close", "", "")
#                             | ("keep", id, inner text)

KEEP_TEXT_LIMIT = 48
_VOID = {"br", "hr", "img", "wbr", "input", "meta", "link", "area", "col", "source"}
_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?:;])[\"')\]]*(\s+)")


def keep_text(text: str) -> str:
    """What a placeholder's element holds: its text, shortened when long (URLs, HTML)."""
    text = " ".join(text.split()) or "_"
    return text if len(text) <= KEEP_TEXT_LIMIT else text[: KEEP_TEXT_LIMIT - 1] + "…"


def _same(sent: str, got: str) -> bool:
    return sent.split() == got.split()


@dataclass(frozen=True)
class Unit:
    """One element of a request: ``html`` and what its ``translate="no"`` children hold."""

    key: str
    html: str
    kept: dict[str, str] = field(default_factory=dict)  # "x2" / "t1" -> text sent
    pairs: frozenset[str] = frozenset()  # g ids sent
    breaks: dict[str, tuple[bool, bool]] = field(default_factory=dict)  # x id -> (\n before, after)

    @property
    def size(self) -> int:
        """Bytes of UTF-8 this unit adds to a request."""
        return len(self.html.encode("utf-8"))

    def tagged(self, events: Sequence[Event]) -> str:
        """Tagged text for this unit's events; ``MarkupError`` unless all markup is intact."""
        out: list[str] = []
        seen: set[str] = set()
        for kind, value, inner in events:
            if kind == "text":
                out.append(escape(value))
            elif kind == "close":
                out.append("</g>")
            else:
                out.append(self._markup(kind, value, inner, seen))
        missing = sorted((set(self.kept) | self.pairs) - seen)
        if missing:
            raise MarkupError(f"markup lost in translation ({', '.join(missing)})")
        text = _restore_breaks(" ".join("".join(out).split()), self.breaks)
        list(tokens(text))  # raises MarkupError on anything malformed
        return text

    def _markup(self, kind: str, value: str, inner: str, seen: set[str]) -> str:
        known = value in self.pairs if kind == "open" else value in self.kept
        if not known or value in seen:
            raise MarkupError(f"unexpected or repeated markup {value}")
        seen.add(value)
        if kind == "open":
            return f'<g id="{value[1:]}">'
        if not _same(self.kept[value], inner):
            raise MarkupError(f"protected text {value} was changed")
        return f'<x id="{value[1:]}"/>' if value[0] == "x" else escape(self.kept[value])


def _restore_breaks(text: str, breaks: dict[str, tuple[bool, bool]]) -> str:
    for key, (before, after) in breaks.items():
        tag = re.escape(f'<x id="{key[1:]}"/>')
        if before:
            text = re.sub(rf"(?<=\S) ?(?={tag})", "\n", text, count=1)
        if after:
            text = re.sub(rf"(?<={tag}) ?(?=\S)", "\n", text, count=1)
    return text


def to_unit(key: str, tagged: str, spans: dict[int, str], keeper: Keeper | None = None) -> Unit:
    """The element for ``tagged`` (a segment or a piece of one); ``spans`` maps x ids to text."""
    out: list[str] = []
    kept: dict[str, str] = {}
    pairs: set[str] = set()
    breaks: dict[str, tuple[bool, bool]] = {}
    stack: list[str] = []
    for token in tokens(tagged):
        if token.kind == "text":
            out.append(_text_html(token.value, keeper, kept))
        elif token.kind == "open":
            pairs.add(f"g{token.id}")
            stack.append(f"g{token.id}")
            out.append(f'<b id="g{token.id}">')
        elif token.kind == "close":
            stack.pop()
            out.append("</b>")
        else:
            name = f"x{token.id}"
            kept[name] = keep_text(spans.get(token.id, ""))
            out.append(f'<i translate="no" id="{name}">{html.escape(kept[name], False)}</i>')
    _find_breaks(tagged, breaks)
    body = "".join(out)
    return Unit(key, f'<p id="s{key}">{body}</p>', kept, frozenset(pairs), breaks)


def _find_breaks(tagged: str, breaks: dict[str, tuple[bool, bool]]) -> None:
    for match in re.finditer(r'(\n[ \t]*)?<x id="(\d+)"/>([ \t]*\n)?', tagged):
        if match.group(1) or match.group(3):
            breaks[f"x{match.group(2)}"] = (bool(match.group(1)), bool(match.group(3)))


def _text_html(text: str, keeper: Keeper | None, kept: dict[str, str]) -> str:
    text = _SPACES.sub(" ", text)  # services collapse whitespace anyway: do not pay for it
    if keeper is None:
        return html.escape(text, False)
    out: list[str] = []
    pos = 0
    for start, end, rendering in keeper(text):
        name = f"t{sum(1 for k in kept if k[0] == 't') + 1}"
        kept[name] = rendering
        out.append(html.escape(text[pos:start], False))
        out.append(f'<i translate="no" id="{name}">{html.escape(rendering, False)}</i>')
        pos = end
    out.append(html.escape(text[pos:], False))
    return "".join(out)


def split_sentences(tagged: str) -> list[tuple[str, str]]:
    """``tagged`` cut after each sentence outside any pair: ``[(piece, whitespace after)]``."""
    pieces: list[tuple[str, str]] = []
    depth, start = 0, 0
    for match in re.finditer(r'<g id="\d+">|</g>|<x id="\d+"/>|[^<]+', tagged):
        part = match.group()
        depth += 1 if part.startswith("<g ") else -1 if part == "</g>" else 0
        if depth or part.startswith("<"):
            continue
        for cut in _SENTENCE_END.finditer(part):
            at = match.start() + cut.start(1)
            if at > start and at + len(cut.group(1)) < len(tagged):
                pieces.append((tagged[start:at], cut.group(1)))
                start = at + len(cut.group(1))
    pieces.append((tagged[start:], ""))
    return pieces


class _ResponseParser(HTMLParser):
    """Collects each ``<p id="sKEY">`` element's events; notes keys seen more than once."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.units: dict[str, list[Event]] = {}
        self.repeated: set[str] = set()
        self._key: str | None = None
        self._stack: list[tuple[str, str]] = []  # (tag, role): role "g3", "x2", "t1" or ""
        self._keep: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ident = dict(attrs).get("id") or ""
        if tag in _VOID:
            self.handle_data(" ")
        elif self._key is None:
            if tag == "p" and ident.startswith("s"):
                self._open_unit(ident[1:])
        elif self._keep is not None:
            self._stack.append((tag, ""))
        else:
            role = ident if re.fullmatch(r"[gxt]\d+", ident) else ""
            self._stack.append((tag, role))
            if role.startswith("g"):
                self._emit(("open", role, ""))
            elif role:
                self._keep = []

    def _open_unit(self, key: str) -> None:
        if key in self.units:
            self.repeated.add(key)
        self._key = key
        self.units[key] = []

    def handle_endtag(self, tag: str) -> None:
        if self._key is None or tag in _VOID:
            return
        if not self._stack:
            if tag == "p":
                self._key = None
            return
        while self._stack:
            open_tag, role = self._stack.pop()
            self._close(role)
            if open_tag == tag:
                return

    def _close(self, role: str) -> None:
        if role.startswith("g"):
            self._emit(("close", "", ""))
        elif role and self._keep is not None:
            inner, self._keep = "".join(self._keep), None
            self._emit(("keep", role, inner))

    def handle_data(self, data: str) -> None:
        if self._keep is not None:
            self._keep.append(data)
        elif self._key is not None:
            self._emit(("text", data, ""))

    def _emit(self, event: Event) -> None:
        assert self._key is not None
        self.units[self._key].append(event)


def parse_response(text: str) -> tuple[dict[str, list[Event]], set[str]]:
    """Each unit's events by key, and the keys that came back more than once."""
    parser = _ResponseParser()
    parser.feed(text)
    parser.close()
    return parser.units, parser.repeated
