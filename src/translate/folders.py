"""Which files of a folder of posts are posts: everything but the folder's README."""

from __future__ import annotations

from pathlib import Path


def is_readme(path: Path) -> bool:
    """Whether ``path`` is a README (``README.md``, ``readme.md``, ``README.vi.md``, ...), which is
    never a post when a folder of posts is walked (one named on its own still is)."""
    return path.name.split(".", 1)[0].casefold() == "readme"
