"""Files ``translate`` writes get the permissions a user expects: a file replaced keeps its mode,
a new file gets the one the umask gives (as if written by any editor)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app

GLOSSARY = str(Path(__file__).parent / "data" / "check" / "glossary.yaml")


@pytest.fixture
def umask_027() -> Iterator[None]:
    old = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_files_get_the_umask_mode_and_replaced_files_keep_theirs(
    runner: CliRunner, in_tmp: Path, umask_027: None
) -> None:
    (in_tmp / "site" / "content" / "3-BlogsTranslated").mkdir(parents=True)
    section = in_tmp / "site" / "content" / "3-BlogsTranslated" / "_index.md"
    section.write_text("---\ntitle: Blogs\n---\n", encoding="utf-8")
    section.chmod(0o664)  # the user's own page, group-writable
    Path("p.md").write_text("---\ntitle: Notes\n---\nHello there.\n", encoding="utf-8")
    result = runner.invoke(app, ["post", "p.md", "-e", "pseudo", "--worklog", "site"])
    assert result.exit_code == 0, result.stderr
    post = section.parent / "3.1-Blog1"
    assert mode(section) == 0o664
    assert mode(post / "_index.md") == mode(post / "_index.vi.md") == 0o640
    assert mode(section.parent / "_index.vi.md") == 0o640
    (post / "_index.vi.md").chmod(0o644)
    again = runner.invoke(app, ["post", "p.md", "-e", "pseudo", "--worklog", "site"])
    assert again.exit_code == 0, again.stderr
    assert mode(post / "_index.vi.md") == 0o644 and mode(section) == 0o664


def test_check_fix_keeps_the_mode_of_the_file_it_fixes(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.vi.md"
    path.write_text("# Tiêu đề\n\nDùng Sagemaker.\n", encoding="utf-8")
    path.chmod(0o664)
    result = runner.invoke(app, ["check", str(path), "--fix", "--glossary", GLOSSARY])
    assert "SageMaker" in path.read_text(encoding="utf-8"), result.stderr
    assert mode(path) == 0o664


def test_glossary_edits_keep_the_glossary_file_mode(runner: CliRunner, tmp_path: Path) -> None:
    glossary = tmp_path / "terms.yaml"
    glossary.write_text("source_language: en\ntarget_language: vi\nentries: []\n", "utf-8")
    glossary.chmod(0o664)
    result = runner.invoke(
        app, ["glossary", "add", "widget", "--target", "tiện ích", "-g", str(glossary)]
    )
    assert result.exit_code == 0, result.stderr
    assert "widget" in glossary.read_text(encoding="utf-8") and mode(glossary) == 0o664
