"""The glossary: model, file formats (native YAML, CSV/TSV/TMX, TBX), term matching and lint.

Public API::

    load_glossary(paths) -> Glossary          # translate.glossary.loader
    Glossary, Entry, Forbidden                 # translate.glossary.model
    TermMatcher, TermMatch, mask_spans         # translate.glossary.match
    lint(paths) -> list[LintFinding]           # translate.glossary.lint

Importing this package stays cheap (no boto3, no rapidfuzz, no XML): ``translate check`` uses it.
"""

from __future__ import annotations

from translate.glossary.lint import LintFinding, lint
from translate.glossary.loader import load_glossary
from translate.glossary.match import TermMatch, TermMatcher, mask_spans
from translate.glossary.model import Entry, Forbidden, Glossary

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
