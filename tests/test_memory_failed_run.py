"""A run that fails before anything is translated leaves no translation memory behind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fake_aws import AWSFault, FakeAWS, serve_fake_aws
from translate.cli import app

MEMORY = Path(".translate/memory.sqlite")


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, in_tmp: Path) -> Iterator[FakeAWS]:
    Path("p.md").write_text("Read the steps below once before you start.\n", encoding="utf-8")
    yield from serve_fake_aws(monkeypatch)


def refused(fake: FakeAWS) -> None:
    fault = AWSFault(400, "UnrecognizedClientException", "The security token is invalid.")
    fake.fail_next("TranslateText", fault)


def test_a_run_refused_by_the_service_leaves_no_new_memory_file(
    runner: CliRunner, fake: FakeAWS
) -> None:
    refused(fake)
    result = runner.invoke(app, ["post", "p.md", "--jobs", "1"])
    assert result.exit_code == 1, result.output
    assert not Path(".translate").exists()
    assert not Path("posts").exists()
    assert runner.invoke(app, ["post", "p.md", "--jobs", "1"]).exit_code == 0
    kept = MEMORY.stat().st_size
    Path("p.md").write_text("Write the steps down before you start.\n", encoding="utf-8")
    refused(fake)
    assert runner.invoke(app, ["post", "p.md", "--jobs", "1"]).exit_code == 1
    assert MEMORY.exists() and MEMORY.stat().st_size >= kept > 0  # one it had is kept
