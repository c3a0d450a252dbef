"""Settings: defaults < ``translate.toml`` (or ``[tool.translate]``) < command-line options.

The settings file is found by walking up from the current folder to the first ``translate.toml``,
or ``pyproject.toml`` with a ``[tool.translate]`` table. Unknown keys are rejected by name.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from translate.errors import ConfigError

LAYOUTS = ("pair", "interleaved")
ENFORCE = ("strict", "repair", "terminology", "off")
DEFAULT_ENGINE = "amazon-translate"
DEFAULT_MODEL = "us.anthropic.claude-sonnet-4-20250514-v1:0"  # engine bedrock, without --model

# file key -> (Settings attribute, expected type)
_KEYS: dict[str, tuple[str, type]] = {
    "from": ("source_language", str),
    "to": ("target_language", str),
    "engine": ("engine", str),
    "out": ("out", str),
    "layout": ("layout", str),
    "worklog": ("worklog", str),
    "glossary": ("glossary", list),
    "enforce": ("enforce", str),
    "jobs": ("jobs", int),
    "profile": ("profile", str),
    "region": ("region", str),
    "model": ("model", str),
    "max-cost": ("max_cost", float),
    "memory": ("memory", str),
    "bedrock": ("bedrock", dict),
}
#: The keys of the ``[bedrock]`` table (options of the bedrock engine) and their types.
BEDROCK_KEYS: dict[str, type] = {
    "output": str,
    "max-batch-characters": int,
    "max-output-tokens": int,
    "usd-per-million-input": float,
    "usd-per-million-output": float,
    "usd-per-million-cache-read": float,
    "usd-per-million-cache-write": float,
}
#: The least value of each number in ``[bedrock]``: a budget is at least 1, a rate at least 0.
BEDROCK_MINIMUM: dict[str, int] = {
    key: 1 if kind is int else 0 for key, kind in BEDROCK_KEYS.items()
}


_KINDS = {
    str: "a string",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "a table",
}


@dataclass(frozen=True)
class Settings:
    source_language: str = "en"
    target_language: str = "vi"
    engine: str = DEFAULT_ENGINE
    out: str = "posts"
    layout: str = "pair"
    worklog: str | None = None  # a Hugo worklog site: posts are filed there unless --out is given
    glossary: tuple[str, ...] = ()  # glossary files or folders; default: the nearest glossary/
    enforce: str = "strict"
    jobs: int = 8
    profile: str | None = None
    region: str | None = None
    model: str | None = None  # the Bedrock model; None: DEFAULT_MODEL
    max_cost: float | None = None  # USD; the Bedrock engine stops before going over
    memory: str | None = None  # the translation memory file; default .translate/memory.sqlite
    bedrock: tuple[tuple[str, Any], ...] = ()  # the [bedrock] table: (engine option, value)
    root: Path | None = None  # the folder of the settings file; relative paths start there

    def resolve(self, path: str) -> Path:
        """A path from the settings file, relative to that file's folder."""
        return Path(path) if self.root is None else self.root / path

    def memory_path(self) -> Path:
        """The translation memory: the setting, else ``.translate/memory.sqlite`` beside the
        settings file (or in the current folder when there is none)."""
        if self.memory:
            return self.resolve(self.memory)
        return (self.root or Path.cwd()) / ".translate" / "memory.sqlite"

    def merged(self, **options: Any) -> Settings:
        """These settings with every option that was given (not None) on top."""
        given = {key: value for key, value in options.items() if value is not None}
        unknown = set(given) - {field.name for field in fields(self)}
        if unknown:
            raise ConfigError(f"unknown setting {sorted(unknown)[0]!r}")
        if isinstance(given.get("glossary"), list):
            given["glossary"] = tuple(str(item) for item in given["glossary"])
        merged = _with_languages(replace(self, **given))
        if merged.layout not in LAYOUTS:
            raise ConfigError(f"layout must be one of {', '.join(LAYOUTS)}, not {merged.layout!r}")
        if merged.enforce not in ENFORCE:
            raise ConfigError(
                f"enforce must be one of {', '.join(ENFORCE)}, not {merged.enforce!r}"
            )
        if merged.jobs < 1:
            raise ConfigError(f"jobs must be at least 1, not {merged.jobs}")
        if merged.max_cost is not None and merged.max_cost <= 0:
            raise ConfigError(f"max-cost must be more than 0, not {merged.max_cost}")
        return merged

    def glossary_paths(self, given: list[Path] | None = None) -> list[Path]:
        """The glossary to use: the option, the setting, the nearest ``glossary/`` folder, or
        the glossary shipped with ``translate`` (which the name ``shipped`` also stands for)."""
        from translate.glossary.paths import named_glossary, nearest_glossary

        if given:
            return [named_glossary(path) for path in given]
        if self.glossary:
            return [self._glossary_path(path) for path in self.glossary]
        return nearest_glossary()

    def _glossary_path(self, path: str) -> Path:
        """A path of the ``glossary`` setting; ``shipped`` names the glossary shipped with
        ``translate`` unless the settings file's folder has a file or folder of that name."""
        from translate.glossary.paths import SHIPPED, shipped_glossary

        resolved = self.resolve(path)
        return shipped_glossary() if path == SHIPPED and not resolved.exists() else resolved


def _with_languages(settings: Settings) -> Settings:
    """``settings`` with both languages in Amazon Translate's spelling (``VI`` -> ``vi``).

    An unknown code or the same language twice is a ``ConfigError``.
    """
    from translate.glossary.languages import AMAZON_TRANSLATE_LANGUAGES, amazon_translate_code

    codes = []
    for key, given in (("from", settings.source_language), ("to", settings.target_language)):
        code = amazon_translate_code(given)
        if code is None:
            known = ", ".join(sorted(AMAZON_TRANSLATE_LANGUAGES, key=str.casefold))
            raise ConfigError(
                f"{key} language {given!r} is not an Amazon Translate language code "
                f"(--{key} or {key!r} in translate.toml); the codes are: {known}"
            )
        codes.append(code)
    source, target = codes
    if source == target:
        raise ConfigError(f"from and to are the same language ({source!r}): nothing to translate")
    return replace(settings, source_language=source, target_language=target)


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
    import tomllib  # only with a settings file: its regexes cost translate check's start-up

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
        if key == "glossary" and isinstance(value, str):
            value = [value]
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or isinstance(value, bool) != (expected is bool):
            kind = _KINDS.get(expected, expected.__name__)
            raise ConfigError(f"{path}: setting {key!r} must be {kind}")
        values[attribute] = _bedrock(data[key], path) if key == "bedrock" else value
    return Settings().merged(**values)


def _bedrock(table: dict[str, Any], path: Path) -> tuple[tuple[str, Any], ...]:
    """The ``[bedrock]`` table as engine options (``max-output-tokens`` -> ``max_output_tokens``),
    each key known and each value of its type."""
    options = []
    for key, value in table.items():
        expected = BEDROCK_KEYS.get(key)
        if expected is None:
            known = ", ".join(BEDROCK_KEYS)
            raise ConfigError(f"{path}: unknown setting {key!r} in [bedrock] (known: {known})")
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or isinstance(value, bool):
            raise ConfigError(f"{path}: setting {key!r} in [bedrock] must be {_KINDS[expected]}")
        if isinstance(value, int | float) and value < BEDROCK_MINIMUM[key]:
            kind = f"{_KINDS[expected]} >= {BEDROCK_MINIMUM[key]}"
            raise ConfigError(f"{path}: setting {key!r} in [bedrock] must be {kind}, not {value:g}")
        if key == "output" and value not in ("tool", "text"):
            raise ConfigError(f"{path}: setting 'output' in [bedrock] must be tool or text")
        options.append((key.replace("-", "_"), value))
    return tuple(options)
