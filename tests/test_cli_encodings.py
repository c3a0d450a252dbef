"""Posts saved by an editor as UTF-16 or UTF-32 with a byte order mark are read as such."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app

POST = "# A title\n\nStore the objects in a bucket.\n"


def _undated(path: Path) -> str:
    """The file's text without the times a run stamps in it."""
    return re.sub(r"\d{4}-\d\d-\d\dT[\d:]+Z", "TIME", path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_a_post_with_a_byte_order_mark_is_translated_as_its_utf8_copy(
    runner: CliRunner, in_tmp: Path, encoding: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    Path("utf8").mkdir()
    Path("utf8/p.md").write_text(POST, encoding="utf-8")
    Path("wide").mkdir()
    Path("wide/p.md").write_bytes(("\ufeff" + POST).encode(encoding))
    for folder in ("utf8", "wide"):
        monkeypatch.chdir(in_tmp / folder)
        result = runner.invoke(app, ["post", "p.md", "-e", "pseudo", "--no-memory"])
        assert result.exit_code == 0, result.output
    for page in ("_index.md", "_index.vi.md"):
        utf8, wide = (_undated(in_tmp / folder / "posts/p" / page) for folder in ("utf8", "wide"))
        assert wide == utf8


def test_a_utf16_translation_is_checked(runner: CliRunner, in_tmp: Path) -> None:
    Path("p.md").write_text(POST, encoding="utf-8")
    Path("p.vi.md").write_bytes("# Một tiêu đề\n\nLưu đối tượng trong bucket.\n".encode("utf-16"))
    result = runner.invoke(app, ["check", "p.vi.md", "--source", "p.md"])
    assert "binary" not in result.output and "UTF" not in result.output
    assert result.exit_code in (0, 1), result.output


def test_broken_utf16_says_to_save_as_utf8(runner: CliRunner, in_tmp: Path) -> None:
    Path("p.md").write_bytes(b"\xff\xfe#\x00 \x00\x00\xd8")
    result = runner.invoke(app, ["post", "p.md", "-e", "pseudo"])
    assert result.exit_code == 2
    assert result.stderr == "Error: p.md is not valid UTF-16 (byte 6); save it as UTF-8 and retry\n"
