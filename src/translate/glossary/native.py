"""Read the native YAML glossary format, with the file and line of every entry.

Parsing uses PyYAML's node graph (libyaml when present), so each value keeps its line. Structure
errors raise ``GlossaryError`` with a one-line ``file:line: entry 'term': what is wrong``. Softer
problems (non-NFC text, empty strings) are recorded as ``Issue`` values: loading refuses empty
strings and silently normalizes to NFC; ``lint`` reports both.
"""

from __future__ import annotations

import gc
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from translate.errors import GlossaryError
from translate.glossary.model import CASE_RULES, CaseRule, Entry, Forbidden

TOP_KEYS = ("source_language", "target_language", "entries")
ENTRY_KEYS = (
    "term",
    "variants",
    "target",
    "keep",
    "case",
    "alternatives",
    "forbidden",
    "domain",
    "note",
    "consistent",
    "always_rendered",
    "other_senses",
    "meant_by",
    "implied_by",
)
FORBIDDEN_KEYS = ("text", "why", "in_context")

_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


@dataclass(frozen=True, slots=True)
class Issue:
    """A problem that does not stop parsing: ``rule`` is ``empty`` or ``non-nfc``."""

    line: int
    entry: str | None
    rule: str
    message: str


@dataclass(frozen=True, slots=True)
class GlossaryFile:
    """One parsed glossary file, entries in file order, language codes not yet validated."""

    path: Path
    source_language: str
    target_language: str
    entries: tuple[Entry, ...]
    language_line: int = 1
    issues: tuple[Issue, ...] = ()


@dataclass
class _Ctx:
    path: Path
    issues: list[Issue] = field(default_factory=list)
    known: str | None = None
    index: int = 0
    node: yaml.Node | None = None  # the entry being read, whose term is peeked at when needed

    @property
    def term(self) -> str | None:
        """The term of the entry being read (as far as it can be told), for messages."""
        if self.known is None and self.node is not None:
            self.known = _peek_term(self.node)
            self.node = None
        return self.known

    def fail(self, node: yaml.Node | None, message: str) -> GlossaryError:
        line = node.start_mark.line + 1 if node is not None else 1
        return GlossaryError(f"{self.path}:{line}: {self.who()}{message}")

    def who(self) -> str:
        if self.term is not None:
            return f"entry {self.term!r}: "
        return f"entry #{self.index}: " if self.index else ""


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _mapping(node: yaml.Node, ctx: _Ctx, allowed: tuple[str, ...], what: str) -> dict[str, Any]:
    if not isinstance(node, yaml.MappingNode):
        raise ctx.fail(node, f"{what} must be a mapping")
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, str) or key not in allowed:
            raise ctx.fail(
                key_node, f"unknown key {key!r} in {what} (allowed: {', '.join(allowed)})"
            )
        if key in result:
            raise ctx.fail(key_node, f"duplicate key {key!r} in {what}")
        result[key] = value_node
    return result


def _text(node: yaml.Node, ctx: _Ctx, what: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or node.tag != _STR:
        raise ctx.fail(node, f"{what} must be a string")
    raw = str(node.value)
    text = raw if raw.isascii() else unicodedata.normalize("NFC", raw)
    if text != raw:
        ctx.issues.append(Issue(_line(node), ctx.term, "non-nfc", f"{what} {text!r} is not NFC"))
    if not text or text.isspace():
        ctx.issues.append(Issue(_line(node), ctx.term, "empty", f"{what} is an empty string"))
    return text


def _optional_text(node: yaml.Node | None, ctx: _Ctx, what: str) -> str | None:
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL):
        return None
    return _text(node, ctx, what)


def _text_list(node: yaml.Node | None, ctx: _Ctx, what: str) -> tuple[str, ...]:
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL):
        return ()
    if not isinstance(node, yaml.SequenceNode):
        raise ctx.fail(node, f"{what} must be a list of strings")
    return tuple(_text(item, ctx, f"{what} item") for item in node.value)


def _bool(node: yaml.Node | None, ctx: _Ctx, what: str) -> bool:
    if node is None:
        return False
    if not isinstance(node, yaml.ScalarNode) or node.tag != _BOOL:
        raise ctx.fail(node, f"{what} must be true or false")
    return bool(yaml.constructor.SafeConstructor.bool_values[str(node.value).lower()])


def _forbidden(node: yaml.Node | None, ctx: _Ctx) -> tuple[Forbidden, ...]:
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL):
        return ()
    if not isinstance(node, yaml.SequenceNode):
        raise ctx.fail(node, "forbidden must be a list of {text, why}")
    result = []
    for item in node.value:
        fields = _mapping(item, ctx, FORBIDDEN_KEYS, "forbidden item")
        if "text" not in fields:
            raise ctx.fail(item, "forbidden item needs 'text'")
        if "why" not in fields:
            raise ctx.fail(item, "forbidden item needs 'why' (say why the rendering is wrong)")
        text, why = _text(fields["text"], ctx, "forbidden text"), _text(fields["why"], ctx, "why")
        in_context = _bool(fields.get("in_context"), ctx, "in_context")
        result.append(Forbidden(text, why, in_context))
    return tuple(result)


def _meant_by(node: yaml.Node | None, ctx: _Ctx) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL):
        return ()
    if not isinstance(node, yaml.MappingNode):
        raise ctx.fail(node, "meant_by must map another entry's term to a list of phrases")
    return tuple(
        (_text(key, ctx, "meant_by term"), _text_list(value, ctx, "meant_by phrases"))
        for key, value in node.value
    )


def _case(node: yaml.Node | None, ctx: _Ctx) -> CaseRule:
    if node is None:
        return "insensitive"
    value = _text(node, ctx, "case")
    for rule in CASE_RULES:
        if value == rule:
            return rule
    raise ctx.fail(node, f"case must be exact or insensitive, not {value!r}")


def _peek_term(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "term" and isinstance(value, yaml.ScalarNode) and value.tag == _STR:
                return unicodedata.normalize("NFC", str(value.value))
    return None


def _entry(node: yaml.Node, ctx: _Ctx) -> Entry:
    ctx.known, ctx.node = None, node
    fields = _mapping(node, ctx, ENTRY_KEYS, "entry")
    if "term" not in fields:
        raise ctx.fail(node, "missing 'term'")
    term = _text(fields["term"], ctx, "term")
    ctx.known, ctx.node = term, None
    target = _optional_text(fields.get("target"), ctx, "target")
    keep = _bool(fields.get("keep"), ctx, "keep")
    if keep and target is not None:
        raise ctx.fail(node, "has both 'target' and 'keep: true'; choose one")
    if not keep and target is None:
        raise ctx.fail(node, "needs 'target' or 'keep: true'")
    return Entry(
        term=term,
        target=target,
        keep=keep,
        variants=_text_list(fields.get("variants"), ctx, "variants"),
        alternatives=_text_list(fields.get("alternatives"), ctx, "alternatives"),
        forbidden=_forbidden(fields.get("forbidden"), ctx),
        case=_case(fields.get("case"), ctx),
        domain=_optional_text(fields.get("domain"), ctx, "domain"),
        note=_optional_text(fields.get("note"), ctx, "note"),
        consistent=_bool(fields.get("consistent"), ctx, "consistent"),
        always_rendered=_bool(fields.get("always_rendered"), ctx, "always_rendered"),
        other_senses=_text_list(fields.get("other_senses"), ctx, "other_senses"),
        meant_by=_meant_by(fields.get("meant_by"), ctx),
        implied_by=_text_list(fields.get("implied_by"), ctx, "implied_by"),
        path=ctx.path,
        line=_line(node),
    )


_BASE_LOADER: Any = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader


class _Loader(_BASE_LOADER):  # type: ignore[misc]
    """The safe loader with a fast path in tag resolution, which is most of composing a large
    glossary: a quoted scalar, or a plain one whose first character starts no implicit type
    (null, bool, int, float ...), is a string, exactly as PyYAML's resolver would decide."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if not implicit[0] and implicit[1]:
                return _STR
            if value and value[0] not in self.yaml_implicit_resolvers:
                return _STR
            # the rest (keys such as term/target/text, true, null) depends on the value alone
            # (no path resolvers): resolve each distinct one once per file
            known = self._resolved.get((value, implicit))
            if known is None:
                known = self._resolved[value, implicit] = str(
                    super().resolve(kind, value, implicit)
                )
            return known
        elif kind is yaml.SequenceNode:
            return _SEQ
        elif kind is yaml.MappingNode:
            return _MAP
        return str(super().resolve(kind, value, implicit))

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._resolved: dict[tuple[str, tuple[bool, bool]], str] = {}


def _compose(text: str, path: Path) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        raise GlossaryError(f"{path}:{line}: malformed YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise GlossaryError(f"{path}:1: malformed YAML: {' '.join(str(exc).split())}") from None


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cycle collector off while a file becomes nodes and entries. They form no reference
    cycles, yet the collector, run after every few hundred new objects, walks all those built so
    far again and again: a third of reading 5,000 entries. Reference counting still frees what
    is dropped, and the collector runs again after (unless it was off already)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_native(text: str, path: Path) -> GlossaryFile:
    """Parse the text of one native glossary file; raise ``GlossaryError`` on a structure error."""
    with _collector_paused():
        return _parse_native(text, path)


def _parse_native(text: str, path: Path) -> GlossaryFile:
    ctx = _Ctx(path)
    root = _compose(text, path)
    if root is None:
        raise GlossaryError(
            f"{path}:1: empty glossary file (needs source_language, target_language)"
        )
    top = _mapping(root, ctx, TOP_KEYS, "glossary file")
    languages = []
    for key in ("source_language", "target_language"):
        if key not in top:
            raise ctx.fail(root, f"missing {key!r}")
        languages.append(_text(top[key], ctx, key))
    entries_node = top.get("entries")
    entries: list[Entry] = []
    if entries_node is not None and not (
        isinstance(entries_node, yaml.ScalarNode) and entries_node.tag == _NULL
    ):
        if not isinstance(entries_node, yaml.SequenceNode):
            raise ctx.fail(entries_node, "entries must be a list")
        for index, item in enumerate(entries_node.value, start=1):
            ctx.index = index
            entries.append(_entry(item, ctx))
    return GlossaryFile(
        path=path,
        source_language=languages[0],
        target_language=languages[1],
        entries=tuple(entries),
        language_line=_line(top["source_language"]),
        issues=tuple(ctx.issues),
    )


def read_native(path: Path) -> GlossaryFile:
    """Read and parse one native glossary file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GlossaryError(f"{path}:1: not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise GlossaryError(f"{path}: cannot read: {exc.strerror}") from None
    return parse_native(text, path)
