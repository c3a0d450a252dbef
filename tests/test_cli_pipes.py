"""Output read by a pipe that closes early (``| head -1``): stop quietly, as Unix tools do."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

MAIN = "from translate.cli import main; main()"


def _into_a_closed_pipe(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``translate ARGS`` with standard output a pipe whose reader has already gone."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [sys.executable, "-c", MAIN, *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            cwd=cwd,
            timeout=120,
        )
    finally:
        os.close(write_end)


@pytest.mark.parametrize(
    "args",
    [
        ["glossary", "list"],
        ["memory", "stats"],
        ["check", "p.md", "--source", "en.md"],  # translate check runs without typer
    ],
)
def test_a_closed_pipe_ends_the_command_quietly(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "en.md").write_text("# Title\n\nUse Amazon S3 today.\n", encoding="utf-8")
    (tmp_path / "p.md").write_text("# Tiêu đề\n\nDùng nó hôm nay.\n", encoding="utf-8")
    result = _into_a_closed_pipe(args, tmp_path)
    assert result.stderr == ""
    assert result.returncode == 141
