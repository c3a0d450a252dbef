"""Tagged text <-> the HTML that Amazon Translate (and any HTML-aware service) translates.

One segment (or one piece of a long segment) becomes one ``<p>`` element, and a request is
several of them side by side, matched back by order. Markup is kept as small as it can be,
because every character sent is billed: ``</p>`` is left out (HTML closes a paragraph at the
next ``<p>``; a response may have it or not) and attribute values are unquoted (valid HTML, as
long as the value has no space, quote, ``=``, ``<``, ``>`` or backquote)::

    <p>Run <b>a job</b> with <i translate=no>`cmd`</i> &amp; more.

- ``<g id="N">`` becomes ``<b>``, a plain tag the service keeps and may move; when a segment
  has several pairs each carries its id (``<b id=g2>``);
- ``<x id="N"/>`` becomes ``<i translate=no>TEXT</i>`` holding the text it stands for, cut to
  a few characters when longer (it is billed, and tells the service little), which the service
  must not touch;
- a *kept* run (a glossary term in strict mode) becomes ``<i translate=no>RENDERING</i>`` and
  comes back as that rendering, as plain text.

Protected elements are told apart by the text they hold. Kept runs holding the same text are
interchangeable (each comes back as that text), so they never need an id; a placeholder carries
one (``id=x3``) only when another element of its segment holds the same text.

``parse_response`` reads a response as ``html.parser`` would (but faster) and ``Unit.tagged``
turns one element back into tagged text, raising ``MarkupError`` unless every placeholder and
pair came back exactly once and every ``translate="no"`` text is unchanged (whitespace aside).
Services collapse whitespace, so the line breaks the source had next to a placeholder (a
shortcode on its own line) are put back.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from translate.document import escape, tokens, unescape
from translate.errors import MarkupError

#: Finds runs to send as kept text: ``text -> [(start, end, rendering)]``, sorted, disjoint.
Keeper = Callable[[str], Sequence[tuple[int, int, str]]]
Event = tuple[str, str, str]  # ("text", data, "") | ("open", id, "") | ("close", "", "")
#                             | ("keep", id, inner text); id is "" when the element had none

KEEP_TEXT_LIMIT = 8
_VOID = {"br", "hr", "img", "wbr", "input", "meta", "link", "area", "col", "source"}
_SPACES = re.compile(r"\s+")
_MARKUP = re.compile(r'<g id="(\d+)">|(</g>)|<x id="(\d+)"/>')
_ROLE = re.compile(r"[gxt]\d+")
NO = "translate=no"  # the attribute the service honours; unquoted is valid HTML and 2 bytes less
_SENTENCE_END = re.compile(r"(?<=[.!?:;])[\"')\]]*(\s+)")


def keep_text(text: str) -> str:
    """What a placeholder's element holds: its text, shortened when long (URLs, HTML)."""
    text = " ".join(text.split()) or "_"
    return text if len(text) <= KEEP_TEXT_LIMIT else text[: KEEP_TEXT_LIMIT - 1] + "…"


def _norm(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Unit:
    """One element of a request: ``html`` and what its ``translate="no"`` children hold."""

    html: str
    kept: dict[str, str] = field(default_factory=dict)  # "x2" / "t1" -> text sent
    pairs: frozenset[str] = frozenset()  # g ids sent
    breaks: dict[str, tuple[bool, bool]] = field(default_factory=dict)  # x id -> (\n before, after)
    ids: frozenset[str] = frozenset()  # kept names sent with an id

    @property
    def size(self) -> int:
        """Bytes of UTF-8 this unit adds to a request."""
        return len(self.html.encode("utf-8"))

    def tagged(self, events: Sequence[Event]) -> str:
        """Tagged text for this unit's events; ``MarkupError`` unless all markup is intact."""
        out: list[str] = []
        seen: set[str] = set()
        by_text: dict[str, list[str]] = {}
        for name, kept in self.kept.items():
            if name not in self.ids:
                by_text.setdefault(_norm(kept), []).append(name)
        for kind, value, inner in events:
            if kind == "text":
                out.append(escape(value))
            elif kind == "close":
                out.append("</g>")
            elif kind == "open":
                out.append(self._pair(value, seen))
            else:
                names = by_text.get(_norm(inner), ["?"])
                name = value or next((n for n in names if n not in seen), names[0])
                out.append(self._kept(name, inner, seen))
        missing = sorted((set(self.kept) | self.pairs) - seen)
        if missing:
            raise MarkupError(f"markup lost in translation ({', '.join(missing)})")
        text = _restore_breaks(" ".join("".join(out).split()), self.breaks)
        list(tokens(text))  # raises MarkupError on anything malformed
        return text

    def _pair(self, name: str, seen: set[str]) -> str:
        if not name and len(self.pairs) == 1:
            name = next(iter(self.pairs))
        if name not in self.pairs or name in seen:
            raise MarkupError(f"unexpected or repeated paired markup {name or '<b>'}")
        seen.add(name)
        return f'<g id="{name[1:]}">'

    def _kept(self, name: str, inner: str, seen: set[str]) -> str:
        if name not in self.kept:
            raise MarkupError(f"protected text {_norm(inner)!r} was changed or invented")
        if name in seen:
            raise MarkupError(f"protected text {name} repeated")
        if _norm(self.kept[name]) != _norm(inner):
            raise MarkupError(f"protected text {name} was changed")
        seen.add(name)
        return f'<x id="{name[1:]}"/>' if name[0] == "x" else escape(self.kept[name])


def _restore_breaks(text: str, breaks: dict[str, tuple[bool, bool]]) -> str:
    for key, (before, after) in breaks.items():
        tag = re.escape(f'<x id="{key[1:]}"/>')
        if before:
            text = re.sub(rf"(?<=\S) ?(?={tag})", "\n", text, count=1)
        if after:
            text = re.sub(rf"(?<={tag}) ?(?=\S)", "\n", text, count=1)
    return text


def to_unit(tagged: str, spans: dict[int, str], keeper: Keeper | None = None) -> Unit:
    """The element for ``tagged`` (a segment or a piece of one); ``spans`` maps x ids to text."""
    text = _SPACES.sub(" ", tagged)  # services collapse whitespace anyway: do not pay for it
    parts: list[tuple[str, str]] = []  # ("html", markup) | ("g", id) | ("keep", name)
    kept: dict[str, str] = {}
    pos = 0
    for match in _MARKUP.finditer(text):
        parts.extend(_run(text[pos : match.start()], keeper, kept))
        pos = match.end()
        if match.group(1):
            parts.append(("g", f"g{match.group(1)}"))
        elif match.group(2):
            parts.append(("html", "</b>"))
        else:
            kept[f"x{match.group(3)}"] = keep_text(spans.get(int(match.group(3)), ""))
            parts.append(("keep", f"x{match.group(3)}"))
    parts.extend(_run(text[pos:], keeper, kept))
    pairs = frozenset(value for kind, value in parts if kind == "g")
    ids: frozenset[str] = frozenset()
    if len(kept) > 1 and any(name[0] == "x" for name in kept):
        texts = Counter(_norm(t) for t in kept.values())
        ids = frozenset(n for n, t in kept.items() if n[0] == "x" and texts[_norm(t)] > 1)
    body = "".join(_render(kind, value, kept, len(pairs) > 1, ids) for kind, value in parts)
    return Unit(f"<p>{body}", kept, pairs, _find_breaks(tagged), ids)


def _render(
    kind: str, value: str, kept: dict[str, str], pair_ids: bool, ids: frozenset[str]
) -> str:
    if kind == "html":
        return value
    if kind == "g":
        return f"<b id={value}>" if pair_ids else "<b>"
    ident = f" id={value}" if value in ids else ""
    return f"<i {NO}{ident}>{html.escape(kept[value], False)}</i>"


def _run(text: str, keeper: Keeper | None, kept: dict[str, str]) -> list[tuple[str, str]]:
    """A run of escaped tagged text as HTML parts, glossary terms (if any) kept."""
    if not text:
        return []
    if keeper is None:
        return [("html", text)]  # tagged text escapes &, < and >: it is already HTML
    plain = unescape(text)
    parts: list[tuple[str, str]] = []
    pos = 0
    for start, end, rendering in keeper(plain):
        name = f"t{len(kept) + 1}"  # unique in the unit, as x names are x + a tagged id
        kept[name] = rendering
        parts += [("html", html.escape(plain[pos:start], False)), ("keep", name)]
        pos = end
    parts.append(("html", html.escape(plain[pos:], False)))
    return parts


def _find_breaks(tagged: str) -> dict[str, tuple[bool, bool]]:
    breaks: dict[str, tuple[bool, bool]] = {}
    if "\n" not in tagged:
        return breaks
    for match in re.finditer(r'(\n[ \t]*)?<x id="(\d+)"/>([ \t]*\n)?', tagged):
        if match.group(1) or match.group(3):
            breaks[f"x{match.group(2)}"] = (bool(match.group(1)), bool(match.group(3)))
    return breaks


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


class _ResponseParser:
    """Collects each top-level ``<p>`` element's events, in order, from ``feed``'s tokens."""

    def __init__(self) -> None:
        self.units: list[list[Event]] = []
        self._open = False
        self._stack: list[tuple[str, str, str]] = []  # (tag, role "pair"/"keep"/"", id)
        self._keep: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        ident = found.get("id") or ""
        ident = ident if _ROLE.fullmatch(ident) else ""
        if tag in _VOID:
            self.handle_data(" ")
        elif tag == "p":  # a new segment closes whatever the previous one left open
            self.flush()
            self._open = True
            self.units.append([])
        elif not self._open:
            return
        elif self._keep is not None:
            self._stack.append((tag, "", ""))
        elif found.get("translate") == "no" or ident[:1] in ("x", "t"):
            self._stack.append((tag, "keep", ident))
            self._keep = []
        elif tag == "b" or ident.startswith("g"):
            self._stack.append((tag, "pair", ident))
            self.units[-1].append(("open", ident, ""))
        else:
            self._stack.append((tag, "", ""))

    def handle_endtag(self, tag: str) -> None:
        if not self._open or tag in _VOID:
            return
        if tag == "p":
            self.flush()
            self._open = False
        while self._stack:
            if self._pop() == tag:
                return

    def _pop(self) -> str:
        open_tag, role, ident = self._stack.pop()
        if role == "pair":
            self.units[-1].append(("close", "", ""))
        elif role == "keep" and self._keep is not None:
            self.units[-1].append(("keep", ident, "".join(self._keep)))
            self._keep = None
        return open_tag

    def flush(self) -> None:
        """Close what the current segment left open."""
        while self._stack:
            self._pop()

    def handle_data(self, data: str) -> None:
        if self._keep is not None:
            self._keep.append(data)
        elif self._open:
            self.units[-1].append(("text", data, ""))

    def feed(self, text: str) -> None:
        """Tokens as ``html.parser`` reads them (tag and attribute names lowercased, references
        resolved), with a few regular expressions: a response is big and made of small tags."""
        for token in _TOKEN.finditer(text):
            data, end, name, attrs = token.group(0, "end", "name", "attrs")
            if end is not None:
                self.handle_endtag(end.lower())
            elif name is not None:
                name = name.lower()
                self.handle_starttag(name, _attributes(attrs) if attrs else [])
                if attrs.endswith("/"):
                    self.handle_endtag(name)
            elif data[:2] not in ("<!", "</", "<?") or data == "<":
                self.handle_data(html.unescape(data) if "&" in data else data)


_TOKEN = re.compile(
    r"<!--.*?-->|</\s*(?P<end>[a-zA-Z][^\t\n\r\f />\x00]*)[^>]*>"
    r"|<(?P<name>[a-zA-Z][^\t\n\r\f />\x00]*)"
    r"""(?P<attrs>[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*)>|<[!?/][^>]*>|[^<]+|<""",
    re.DOTALL,
)
_ATTRIBUTE = re.compile(r"""([^\s/>=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]*))?""")


def _attributes(text: str) -> list[tuple[str, str | None]]:
    found: list[tuple[str, str | None]] = []
    for match in _ATTRIBUTE.finditer(text):
        value = match.group(2)
        if value is not None and value[:1] in ("'", '"'):
            value = html.unescape(value[1:-1])
        elif value is not None:
            value = html.unescape(value)
        found.append((match.group(1).lower(), value))
    return found


def parse_response(text: str) -> list[list[Event]]:
    """Each ``<p>`` element's events, in the order they came back."""
    parser = _ResponseParser()
    parser.feed(text)
    parser.flush()
    return parser.units
