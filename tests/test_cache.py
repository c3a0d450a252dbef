"""The compiled-checker cache: used when the glossary is unchanged, never when it changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from translate.check.cache import load_checker

GLOSSARY = Path(__file__).parent / "data" / "check" / "glossary.yaml"


def test_unchanged_glossary_is_read_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRANSLATE_CACHE_DIR", str(tmp_path / "cache"))
    first = load_checker([GLOSSARY])
    assert len(list((tmp_path / "cache").glob("checker-*.pickle"))) == 1
    monkeypatch.setattr("translate.glossary.load_glossary", lambda paths: pytest.fail("rebuilt"))
    second = load_checker([GLOSSARY])
    assert second.matcher.glossary == first.matcher.glossary


def test_an_edited_glossary_is_never_served_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRANSLATE_CACHE_DIR", str(tmp_path / "cache"))
    copy = tmp_path / "glossary.yaml"
    shutil.copy(GLOSSARY, copy)
    before = load_checker([copy])
    copy.write_text(
        copy.read_text(encoding="utf-8").replace("term: latency", "term: lag"), encoding="utf-8"
    )
    after = load_checker([copy])
    assert before.matcher.glossary.get("latency") is not None
    assert after.matcher.glossary.get("latency") is None and after.matcher.glossary.get("lag")


def test_a_corrupt_or_unwritable_cache_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("TRANSLATE_CACHE_DIR", str(cache))
    load_checker([GLOSSARY])
    for stored in cache.glob("checker-*.pickle"):
        stored.write_bytes(b"not a pickle")
    assert load_checker([GLOSSARY]).matcher.glossary.get("bucket") is not None
    monkeypatch.setenv("TRANSLATE_CACHE_DIR", str(GLOSSARY))  # a file: cannot be a folder
    assert load_checker([GLOSSARY]).matcher.glossary.get("bucket") is not None
