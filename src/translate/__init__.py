"""Translate AWS blog posts into bilingual Hugo Markdown.

The Python API (each name is imported on first use, so ``import translate`` stays cheap)::

    from translate import Settings, check_paths, translate_post

    result = translate_post("post.md", Settings(engine="pseudo", out="site"))
    findings = check_paths(["site"], ["glossary"])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from translate.check import Finding as Finding
    from translate.check.runner import check_paths as check_paths
    from translate.config import Settings as Settings
    from translate.config import load_settings as load_settings
    from translate.run.post import Hooks as Hooks
    from translate.run.post import PostOptions as PostOptions
    from translate.run.post import PostResult as PostResult
    from translate.run.post import translate_post as translate_post

_API = {
    "translate_post": "translate.run.post",
    "PostOptions": "translate.run.post",
    "PostResult": "translate.run.post",
    "Hooks": "translate.run.post",
    "check_paths": "translate.check.runner",
    "Finding": "translate.check",
    "Settings": "translate.config",
    "load_settings": "translate.config",
}


def __getattr__(name: str) -> Any:
    """A name of the API, imported from its module on first use."""
    if name in _API:
        from importlib import import_module

        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'translate' has no attribute {name!r}")


__all__ = [*_API, "__version__"]
