"""What the ``bedrock`` engine says to the model: the stable system prompt and the per-batch parts.

A ``converse`` request is laid out so that everything that never changes within a run comes
first and is cached by Bedrock (prompt caching):

1. the tool that carries the answer (``toolConfig``: name, description, JSON schema);
2. the stable system prompt: the translator's role, a style guide for technical writing in the
   target language, the token rules and the output contract; then a ``cachePoint``;
3. after the cache point, the glossary entries that occur in this batch only, one per line:
   ``- "instance" => "instance" (also "máy ảo") (never "phiên bản")``, or
   ``- "Apache Airflow" => keep "Apache Airflow" (variant "Airflow")`` for a term kept in English;
4. the user message: the segments as JSON (``{"segments": [{"id": 1, "text": "..."}]}``), and
   for a repair the list of concrete problems the previous answer had.

Caching only applies once the prefix reaches the model's minimum (1,024 tokens for Claude
Sonnet): the style guide is written to be worth those tokens.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from translate.glossary.model import Entry

TOOL_NAME = "submit_translations"
LANGUAGES = {"en": "English", "vi": "Vietnamese", "fr": "French", "de": "German", "ja": "Japanese"}

ANSWER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "translations": {
            "type": "array",
            "description": "One item per input segment, each id exactly once.",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer", "description": "The id of the input segment."},
                    "text": {"type": "string", "description": "The translated segment."},
                },
                "required": ["id", "text"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["translations"],
    "additionalProperties": False,
}

_ROLE = """\
You are a professional technical translator. You translate Amazon Web Services (AWS) technical
blog posts from {source} into {target} for cloud engineers, students and interns who read AWS
documentation every day. Your translation must read as if a senior {target}-speaking engineer had
written it: accurate, natural, concise and consistent."""

_STYLE_VI = """\
Style guide for Vietnamese technical writing:
- Write natural, modern Vietnamese with full and correct diacritics (Unicode NFC). Use a neutral,
  professional register. Address the reader as "bạn"; never use "quý vị" or "các bạn ơi".
- Keep AWS service and feature names in English exactly as written, with their vendor prefix
  (Amazon S3, AWS Lambda, Amazon Bedrock, Amazon SageMaker AI). Never translate, shorten or
  re-prefix a service name ("AWS Bedrock" and "Amazon Lambda" are wrong).
- Keep in English: product names, API operations, parameter names, console labels shown in
  English, file names, commands, error messages, code identifiers and acronyms (API, SDK, CLI, IAM,
  VPC, GPU). Widely used English terms stay English when the glossary says so.
- Translate the meaning, not word by word. Reorder clauses as Vietnamese needs: modifiers follow
  the noun ("mô hình ngôn ngữ lớn", not "lớn ngôn ngữ mô hình"). Prefer active voice; use "được"
  only for a passive that helps the reader, and avoid "bị" unless the meaning is adverse.
- Avoid calques and filler: do not start sentences with "Trong khi đó" or "Ngoài ra" unless the
  source links ideas the same way; do not add "thì", "là", "mà" where nothing needs them.
- Numbers, units, versions, dates, prices and percentages are copied as written (2,048 MB stays
  2,048 MB; v1.2 stays v1.2). Keep the source's punctuation style for lists and headings.
- Headings are short noun phrases or imperatives, as in the source. Do not add a final period to a
  heading or a list item that had none.
- Keep the same sentences: do not merge, split, drop, summarize or add sentences, notes or
  explanations. Do not translate text that is already in {target}.
- Common renderings: "deploy" -> "triển khai", "workload" -> "khối lượng công việc",
  "scalable" -> "có khả năng mở rộng", "best practice" -> "phương pháp hay nhất",
  "use case" -> "trường hợp sử dụng", "prerequisites" -> "điều kiện tiên quyết", "walkthrough" ->
  "hướng dẫn từng bước", "fully managed" -> "được quản lý toàn phần", "on-premises" -> "tại chỗ"
  - unless the glossary below says otherwise; the glossary always wins."""

_STYLE_OTHER = """\
Style guide:
- Write natural, modern, professional {target}. Translate the meaning, not word by word.
- Keep AWS service and feature names, product names, API operations, parameters, commands, code
  identifiers and acronyms exactly as written in {source}.
- Copy numbers, units, versions, dates and prices as written. Do not merge, split, drop,
  summarize or add sentences, notes or explanations."""

_CONTRACT = """\
Tokens: segments carry markup as opaque tokens. "⟦xN⟧" stands for something that is never
translated (inline code, a URL, an HTML tag, a shortcode); "⟦N⟧...⟦/N⟧" surrounds text with
formatting (bold, italics, link text): translate the text between them. Rules:
- Every token of a segment appears in its translation exactly once, unchanged, with the same
  number; never add, drop, repeat, translate or renumber a token.
- A pair "⟦N⟧...⟦/N⟧" stays a pair and keeps the words it belongs to; you may move it where
  those words go in {target}. Pairs never overlap.
- Keep line breaks that separate lines in a segment. Keep spaces around tokens as the sentence
  needs them.

Glossary: the glossary below lists the terms of this batch. Render each occurrence of a term
with its rendering after "=>" (or one listed as "also"); "keep" means copy the term unchanged in
English, as written (a plural stays plural); a "variant" is another spelling of the same term and
is rendered the same way (a kept variant is copied as written); never use a rendering listed as
"never". This holds inside headings, link text and table cells too. A rendering that opens a
sentence, a title, a heading or a list item starts with a capital letter.

Output contract: call the tool "{tool}" exactly once with {{"translations": [{{"id": <id>,
"text": "<translation>"}}, ...]}}: every input id exactly once, in the input order, and nothing
else: no comments, no notes, no extra fields, no text before or after the tool call. If you are
asked to answer in text instead, the whole answer is that JSON object and nothing else (no code
fence)."""


def language_name(code: str) -> str:
    return LANGUAGES.get(code.split("-")[0].lower(), code)


def stable_prompt(source_language: str, target_language: str) -> str:
    """The system prompt up to the cache point: the same for every request of a run."""
    names = {
        "source": language_name(source_language),
        "target": language_name(target_language),
        "tool": TOOL_NAME,
    }
    style = _STYLE_VI if target_language.lower().startswith("vi") else _STYLE_OTHER
    return "\n\n".join(part.format(**names) for part in (_ROLE, style, _CONTRACT))


def glossary_lines(entries: Iterable[Entry]) -> str:
    """The batch's glossary entries, one line each, in glossary order."""
    lines = []
    for entry in entries:
        if entry.keep:
            line = f'- "{entry.term}" => keep "{entry.term}"'
        else:
            line = f'- "{entry.term}" => "{entry.preferred}"'
            line += "".join(f' (also "{alt}")' for alt in entry.alternatives)
        line += "".join(f' (variant "{variant}")' for variant in entry.variants)
        line += "".join(f' (never "{bad.text}")' for bad in entry.forbidden)
        lines.append(line)
    if not lines:
        return "Glossary for this batch: no entries."
    return "Glossary for this batch:\n" + "\n".join(lines)


def tool_config() -> dict[str, Any]:
    """The answer tool, forced: structured output through tool use."""
    spec = {
        "name": TOOL_NAME,
        "description": "Submit the translation of every segment of the batch.",
        "inputSchema": {"json": ANSWER_SCHEMA},
    }
    return {"tools": [{"toolSpec": spec}], "toolChoice": {"tool": {"name": TOOL_NAME}}}


def user_message(items: Sequence[tuple[int, str]], problems: Sequence[str] = ()) -> str:
    """The segments as JSON, and for a repair the problems the previous answer had."""
    payload = json.dumps(
        {"segments": [{"id": i, "text": text} for i, text in items]}, ensure_ascii=False
    )
    if not problems:
        return f"Translate these segments.\n{payload}"
    listed = "\n".join(f"- {problem}" for problem in problems)
    return (
        "Your previous answer for these segments broke the rules:\n"
        f"{listed}\nTranslate them again, fixing every problem and following the output "
        f"contract.\n{payload}"
    )
