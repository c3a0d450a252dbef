"""The compiled-checker cache: used when the glossary is unchanged, never when it changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.check.cache import load_checker
from translate.cli import app

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


def test_a_csv_glossary_s_checker_follows_the_shipped_entries_it_borrows_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CSV cannot ban a rendering: its entries take the shipped entry's bans, so an edit of
    the shipped glossary must not be hidden by a checker cached for the same CSV."""
    from translate.check import terms

    monkeypatch.setenv("TRANSLATE_CACHE_DIR", str(tmp_path / "cache"))
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    monkeypatch.setattr("translate.glossary.paths.shipped_glossary", lambda: shipped)
    team = tmp_path / "team.csv"
    team.write_text("en,vi\nwidget,tiện ích\n", encoding="utf-8")
    post = tmp_path / "post.vi.md"
    post.write_text("Thêm một con quay vào trang.\n", encoding="utf-8")
    runner = CliRunner()

    def findings(ban: str) -> str:
        (shipped / "terms.yaml").write_text(
            "source_language: en\ntarget_language: vi\nentries:\n"
            "  - term: widget\n    target: tiện ích\n    forbidden:\n"
            f"      - text: {ban}\n        why: not a page widget\n",
            encoding="utf-8",
        )
        terms._shipped_entries.cache_clear()
        return runner.invoke(app, ["check", "-g", str(team), str(post)]).stdout

    try:
        assert "'con quay'" not in findings("cái quay")
        assert "'con quay'" in findings("con quay")
    finally:  # later tests read the real shipped entries again
        terms._shipped_entries.cache_clear()


def test_a_checker_built_by_other_code_of_the_same_version_is_not_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pre-commit hook moved to a newer commit keeps its version number: its checker is
    built again, not unpickled from what the old code built."""
    import os

    import translate.glossary.match as module

    monkeypatch.setenv("TRANSLATE_CACHE_DIR", str(tmp_path / "cache"))
    load_checker([GLOSSARY])
    code = Path(module.__file__)
    times = code.stat()
    os.utime(code, ns=(times.st_atime_ns, times.st_mtime_ns + 1_000_000_000))
    try:
        monkeypatch.setattr(
            "translate.glossary.load_glossary", lambda paths: pytest.fail("rebuilt")
        )
        with pytest.raises(pytest.fail.Exception, match="rebuilt"):
            load_checker([GLOSSARY])
    finally:
        os.utime(code, ns=(times.st_atime_ns, times.st_mtime_ns))
