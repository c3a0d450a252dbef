"""The glossary: model, file formats (native YAML, CSV/TSV/TMX, TBX), term matching and lint.

Public API::

    load_glossary(paths) -> Glossary          # translate.glossary.loader
    Glossary, Entry, Forbidden                 # translate.glossary.model
    TermMatcher, TermMatch, mask_spans         # translate.glossary.match
    lint(paths) -> list[LintFinding]           # translate.glossary.lint

Importing this package stays cheap (no boto3, no rapidfuzz, no XML): ``translate check`` uses it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from translate.glossary.lint import LintFinding, lint
    from translate.glossary.loader import load_glossary
    from translate.glossary.match import TermMatch, TermMatcher, mask_spans
    from translate.glossary.model import Entry, Forbidden, Glossary

_EXPORTS = {
    "Entry": "model",
    "Forbidden": "model",
    "Glossary": "model",
    "LintFinding": "lint",
    "TermMatch": "match",
    "TermMatcher": "match",
    "lint": "lint",
    "load_glossary": "loader",
    "mask_spans": "match",
}


def __getattr__(name: str) -> Any:
    """Import each part on first use: the checker, once cached, needs no YAML or lint code."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'translate.glossary' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"translate.glossary.{module}"), name)
    globals()[name] = value  # also over the submodule ``lint`` that the import just bound
    return value


__all__ = [
    "Entry",
    "Forbidden",
    "Glossary",
    "LintFinding",
    "TermMatch",
    "TermMatcher",
    "lint",
    "load_glossary",
    "mask_spans",
]
