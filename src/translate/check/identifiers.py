"""``code-mismatch`` for a resource's name written as prose: ``a table named customer``,
``a bucket called my-logs``. The name is an identifier, which a translation keeps as it is
(``bảng customer``); translating it (``bảng khách hàng``) breaks every command that uses it.

Only a name right after a resource noun and ``named`` or ``called`` is read, so that ordinary
words (``called by the handler``, ``named after``) are not taken for one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_RESOURCES = (
    "table", "database", "bucket", "column", "function", "role", "user", "index", "queue",
    "topic", "stream", "cluster", "schema", "folder", "directory", "file", "attribute", "field",
    "variable", "parameter", "stack", "repository", "branch", "catalog", "namespace", "view",
    "policy", "secret", "workgroup", "crawler", "collection", "key", "domain", "project",
)  # fmt: skip
_NAMED = re.compile(
    rf"\b(?:{'|'.join(_RESOURCES)})(?:s|es)?\s+(?:named|called)\s+"
    r"(?P<name>[A-Za-z0-9_\\][A-Za-z0-9_\\.\-/]*[A-Za-z0-9_])",
    re.IGNORECASE,
)
_NOT_NAMES = frozenset({
    "a", "an", "the", "by", "from", "to", "with", "in", "on", "at", "for", "when", "after",
    "before", "and", "or", "once", "twice", "every", "each", "only", "automatically",
    "directly", "again", "later", "first", "next", "this", "that", "its", "their", "your", "our",
})  # fmt: skip


def named_identifiers(english: str) -> list[str]:
    """The resource names ``english`` gives in prose, Markdown escapes removed, in order."""
    lowered = english.lower()
    if "named" not in lowered and "called" not in lowered:
        return []  # (most blocks name nothing, and the search below is slow to say so)
    names = (m.group("name").replace("\\", "") for m in _NAMED.finditer(english))
    return list(dict.fromkeys(n for n in names if n.casefold() not in _NOT_NAMES))


def missing_identifiers(english: str, translation: Iterable[str]) -> list[str]:
    """The resource names of ``english`` that no text of its ``translation`` holds."""
    names = named_identifiers(english)
    if not names:
        return []
    text = " ".join(translation).replace("\\", "")
    return [n for n in names if not re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text)]
