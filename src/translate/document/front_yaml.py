"""The usual YAML front matter, read without PyYAML (importing it costs more than a small post).

``load(text)`` reads front matter whose every line is blank or ``key: value`` at the margin
(perhaps followed by `` # a comment``), each value a quoted string with no escapes or quotes
inside, a plain word or sentence, a whole number, a date or a YAML 1.1 boolean or null, and
returns what ``yaml.safe_load`` returns for it (the same keys, values and types). For anything
else (nesting, lists, escapes, a colon or ``#`` in a plain value, a number or word YAML would
read otherwise) it returns None and the caller asks PyYAML.
"""

from __future__ import annotations

import re

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_KEY_VALUE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,99}): +(.*)")
_COMMENT = re.compile(r" *| +#.*")  # after a quoted value
_INT = re.compile(r"0|[1-9][0-9]{0,17}")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_WORDS = {  # the plain scalars that YAML 1.1 resolves to a boolean or null
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
    **dict.fromkeys(("null", "Null", "NULL", "~"), None),
}
_NOT_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`<=+.~0123456789")  # indicators, numbers


def load(text: str) -> dict[str, object] | None:
    """The mapping ``yaml.safe_load(text)`` gives, or None when ``text`` needs PyYAML."""
    data: dict[str, object] = {}
    for line in _LINE_BREAK.split(text):
        if not line.strip(" "):
            continue
        match = _KEY_VALUE.fullmatch(line)
        if match is None or not line.isprintable() or match.group(1) in _WORDS:
            return None  # (a tab, a control character: PyYAML decides)
        value = _scalar(match.group(2))
        if value is _UNKNOWN:
            return None
        data[match.group(1)] = value
    return data


_UNKNOWN = object()


def _scalar(rest: str) -> object:
    """The value of what follows ``key: ``."""
    quote = rest[:1]
    if quote in ("'", '"'):
        close = rest.find(quote, 1)
        inner = rest[1:close]
        if close < 0 or "\\" in inner or not _COMMENT.fullmatch(rest, close + 1):
            return _UNKNOWN
        return inner
    raw = rest.partition(" #")[0].rstrip(" ")
    if raw in _WORDS:
        return _WORDS[raw]
    if _INT.fullmatch(raw):
        return int(raw)
    if date := _DATE.fullmatch(raw):
        from datetime import date as make_date

        try:
            return make_date(int(date.group(1)), int(date.group(2)), int(date.group(3)))
        except ValueError:
            return _UNKNOWN  # PyYAML raises it
    if not raw or raw[0] in _NOT_PLAIN_START or ":" in raw or "#" in raw:
        return _UNKNOWN
    return raw
