"""Settings: defaults < ``translate.toml`` (or ``[tool.translate]``) < command-line options.

The settings file is found by walking up from the current folder to the first ``translate.toml``,
or ``pyproject.toml`` with a ``[tool.translate]`` table. Unknown keys are rejected by name.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from translate.errors import ConfigError

LAYOUTS = ("pair", "interleaved")

# file key -> (Settings attribute, expected type)
_KEYS: dict[str, tuple[str, type]] = {
    "from": ("source_language", str),
    "to": ("target_language", str),
    "engine": ("engine", str),
    "out": ("out", str),
    "layout": ("layout", str),
    "worklog": ("worklog", str),
}


@dataclass(frozen=True)
class Settings:
    source_language: str = "en"
    target_language: str = "vi"
    engine: str | None = None
    out: str = "posts"
    layout: str = "pair"
    worklog: str | None = None  # a Hugo worklog site: posts are filed there unless --out is given
    root: Path | None = None  # the folder of the settings file; relative paths start there

    def resolve(self, path: str) -> Path:
        """A path from the settings file, relative to that file's folder."""
        return Path(path) if self.root is None else self.root / path

    def merged(self, **options: Any) -> Settings:
        """These settings with every option that was given (not None) on top."""
        given = {key: value for key, value in options.items() if value is not None}
        unknown = set(given) - {field.name for field in fields(self)}
        if unknown:
            raise ConfigError(f"unknown setting {sorted(unknown)[0]!r}")
        merged = replace(self, **given)
        if merged.layout not in LAYOUTS:
            raise ConfigError(f"layout must be one of {', '.join(LAYOUTS)}, not {merged.layout!r}")
        return merged


def find_settings_file(start: Path) -> Path | None:
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / "translate.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "[tool.translate]" in pyproject.read_text(encoding="utf-8"):
            return pyproject
    return None


def load_settings(start: Path | None = None) -> Settings:
    """Settings from the nearest settings file above ``start`` (default: the current folder)."""
    path = find_settings_file(start or Path.cwd())
    if path is None:
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("translate", {})
    return _from_mapping(data, path)


def _from_mapping(data: dict[str, Any], path: Path) -> Settings:
    values: dict[str, Any] = {"root": path.parent}
    for key, value in data.items():
        if key not in _KEYS:
            known = ", ".join(sorted(_KEYS))
            raise ConfigError(f"{path}: unknown setting {key!r} (known settings: {known})")
        attribute, expected = _KEYS[key]
        if not isinstance(value, expected):
            raise ConfigError(f"{path}: setting {key!r} must be a {expected.__name__}")
        values[attribute] = value
    return Settings().merged(**values)
