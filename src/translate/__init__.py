"""Translate AWS blog posts into bilingual Hugo Markdown."""

__version__ = "0.1.0"
