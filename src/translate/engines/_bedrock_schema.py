"""Tokens in, tokens out, and the answer checked: the contract between the ``bedrock`` engine and
the model.

Tagged text (``translate.document``) goes to the model with its markup as opaque tokens:
``<g id="N">..</g>`` becomes ``⟦N⟧..⟦/N⟧`` and ``<x id="N"/>`` becomes ``⟦xN⟧``; text is sent
unescaped (``a &lt; b`` as ``a < b``). ``decode`` maps a translation back, and says what is wrong
when a token was dropped, repeated, invented or unbalanced.

``read_answer`` takes a ``converse`` response and returns the translations by id, or the concrete
problems with the answer: cut off (stop reason ``max_tokens``), withheld (``content_filtered``,
``guardrail_intervened``), text instead of the tool call (a refusal, quoted), no tool call,
malformed JSON, extra fields, ids missing, repeated or unknown. A remark around the answer (text
beside the tool call, prose or a code fence around the JSON) is left out: the answer is whole.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from translate.document import escape, tokens
from translate.engines._prompt import TOOL_NAME

MODEL_TOKEN = re.compile(r"⟦(x?)(\d+)⟧|⟦/(\d+)⟧")
#: Stop reasons of an answer the service withheld, and what each means.
_BLOCKED = {
    "content_filtered": "the model's content filter blocked the answer",
    "guardrail_intervened": "a guardrail of the account blocked the answer",
}


# --- tokens ------------------------------------------------------------------------------------


def encode(tagged: str) -> str:
    """Tagged text as the model sees it: tokens for markup, text unescaped."""
    out: list[str] = []
    stack: list[int] = []
    for token in tokens(tagged):
        if token.kind == "text":
            out.append(token.value)
        elif token.kind == "open":
            stack.append(token.id)
            out.append(f"⟦{token.id}⟧")
        elif token.kind == "close":
            out.append(f"⟦/{stack.pop()}⟧" if stack else "")
        else:
            out.append(f"⟦x{token.id}⟧")
    return "".join(out)


def token_list(text: str) -> list[str]:
    """The tokens of model text, in order."""
    return [match.group() for match in MODEL_TOKEN.finditer(text)]


def decode(text: str, expected: Sequence[str]) -> tuple[str | None, list[str]]:
    """Tagged text for a model translation, or None and what is wrong with its tokens."""
    problems = _count_problems(Counter(token_list(text)), Counter(expected))
    if problems:
        return None, problems
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    for match in MODEL_TOKEN.finditer(text):
        out.append(escape(text[pos : match.start()]))
        pos = match.end()
        x, number, closing = match.groups()
        if closing is not None:
            if not stack or stack[-1] != closing:
                return None, [f"{match.group()} closes a pair that is not the innermost one open"]
            stack.pop()
            out.append("</g>")
        elif x:
            out.append(f'<x id="{number}"/>')
        else:
            stack.append(number)
            out.append(f'<g id="{number}">')
    out.append(escape(text[pos:]))
    return "".join(out), []


def _count_problems(got: Counter[str], want: Counter[str]) -> list[str]:
    problems = [f"token {t} is missing" for t in want if got[t] == 0]
    problems += [f"token {t} appears {got[t]} times, not once" for t in want if got[t] > 1]
    problems += [f"token {t} is not in the source segment" for t in got if t not in want]
    return problems


# --- the answer --------------------------------------------------------------------------------


@dataclass
class Answer:
    """What a response says: ``texts`` by id, ``problems`` of the whole answer, ``by_id``
    problems of single ids; ``cut`` when the model stopped at ``maxTokens``; ``withheld`` when
    the content filter or a guardrail blocked it (a repair cannot help)."""

    texts: dict[int, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    by_id: dict[int, list[str]] = field(default_factory=dict)
    cut: bool = False
    withheld: bool = False


def read_answer(response: dict[str, Any], ids: Sequence[int], *, tool: bool) -> Answer:
    """The translations in ``response`` for the segments ``ids``, checked against the contract."""
    stop = response.get("stopReason")
    if stop == "max_tokens":
        return Answer(problems=["the answer was cut off at maxTokens: it was too long"], cut=True)
    if stop in _BLOCKED:
        return Answer(problems=[f"{_BLOCKED[stop]} (stop reason {stop})"], withheld=True)
    content = response.get("output", {}).get("message", {}).get("content", [])
    data, problems = _tool_data(content) if tool else _text_data(content)
    if data is None or problems:
        return Answer(problems=problems)
    items, problems = _items(data)
    if items is None or problems:
        return Answer(problems=problems)
    return _by_id(items, ids)


def _tool_data(content: list[dict[str, Any]]) -> tuple[object, list[str]]:
    """The input of the one call to the tool; a remark beside it is not part of the answer and
    costs no repair."""
    calls = [b["toolUse"] for b in content if "toolUse" in b]
    extra = [b["text"] for b in content if b.get("text", "").strip()]
    if not calls and extra:  # a refusal, or an answer in prose
        return None, [f"the model answered in text, not with the tool {TOOL_NAME}: "
                      f"{_quote(extra[0])}"]  # fmt: skip
    if len(calls) != 1 or calls[0].get("name") != TOOL_NAME:
        return None, [f"the answer must be exactly one call to the tool {TOOL_NAME}"]
    return calls[0].get("input"), []


def _text_data(content: list[dict[str, Any]]) -> tuple[object, list[str]]:
    """The JSON object of a text answer: the whole text, or the object a remark or a code fence
    surrounds (the widest ``{...}`` that parses)."""
    text = "".join(b.get("text", "") for b in content).strip()
    try:
        return json.loads(text), []
    except json.JSONDecodeError as error:
        start, end = text.find("{"), text.rfind("}")
        if 0 <= start < end:
            with contextlib.suppress(json.JSONDecodeError):
                return json.loads(text[start : end + 1]), []
        return None, [f"the answer is not valid JSON ({error.msg} at character {error.pos})"]


def _items(data: object) -> tuple[list[dict[str, Any]] | None, list[str]]:
    if not isinstance(data, dict) or not isinstance(data.get("translations"), list):
        return None, ['the answer must be an object {"translations": [...]}']
    if set(data) != {"translations"}:
        return None, [f"fields other than translations are not allowed: {sorted(set(data))}"]
    items: list[dict[str, Any]] = data["translations"]
    for item in items:
        ok = isinstance(item, dict) and set(item) == {"id", "text"}
        if not ok or not isinstance(item["id"], int) or not isinstance(item["text"], str):
            return None, [f'every item must be {{"id": <integer>, "text": <string>}}: {item!r:.80}']
    return items, []


def _by_id(items: list[dict[str, Any]], ids: Sequence[int]) -> Answer:
    answer = Answer()
    counts = Counter(int(item["id"]) for item in items)
    unknown = sorted(set(counts) - set(ids))
    if unknown:
        answer.problems.append(f"ids {unknown} are not in the batch")
    for item in items:
        if counts[item["id"]] == 1 and item["id"] in ids:
            answer.texts[item["id"]] = item["text"]
    for i in ids:
        if counts[i] != 1:
            answer.by_id[i] = [f"id {i} appears {counts[i]} times in the answer, not once"]
    return answer


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return json.dumps(flat if len(flat) <= 60 else flat[:57] + "...", ensure_ascii=False)
