"""The translation memory and the glossary: a run that enforces the glossary never stores a
translation with a glossary term wrong, and sends again a machine entry found wrong; a person's
entry is used as it is (against the local fake Amazon Translate)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from fake_aws import FakeAWS, FakeBedrock, serve_fake_aws, serve_fake_bedrock
from translate.cli import app
from translate.memory import Entry, Memory

PLAIN = "Read the steps below once before you start."
BUCKET = "Keep the logs in a bucket that only your team can read."
SECOND = "Each night, copy the bucket to another account."
MEMORY = Path(".translate/memory.sqlite")
GLOSSARY_YAML = """source_language: en
target_language: vi
entries:
  - term: instance
    target: instance
    forbidden:
      - text: phiên bản
        why: means "version"
"""
INSTANCE = "Stop the instance before you change its size."


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, in_tmp: Path) -> Iterator[FakeAWS]:
    for served in serve_fake_aws(monkeypatch):
        served.ignore_every = 1  # the custom terminology applies no row: "bucket" comes back wrong
        yield served


def post(runner: CliRunner, out: str, *args: str) -> Result:
    result = runner.invoke(app, ["post", "p.md", "--jobs", "1", "--out", out, *args])
    assert result.exit_code == 0, result.output
    return result


def sent(fake: FakeAWS) -> str:
    return "\n".join(call.body["Text"] for call in fake.calls("TranslateText"))


def stored() -> dict[str, Entry]:
    with Memory.open(MEMORY) as memory:
        return {entry.source: entry for entry in memory.entries()}


def test_a_terminology_run_keeps_only_its_verified_translations(
    runner: CliRunner, fake: FakeAWS
) -> None:
    Path("p.md").write_text(f"{PLAIN}\n\n{BUCKET}\n", encoding="utf-8")
    first = post(runner, "a", "--enforce", "terminology")
    assert "0 still wrong" not in first.stderr and "still wrong" in first.stderr
    assert set(stored()) == {PLAIN}  # the segment with "bucket" wrong is not kept


def test_a_strict_run_after_a_terminology_run_sends_again_what_it_got_wrong(
    runner: CliRunner, fake: FakeAWS
) -> None:
    Path("p.md").write_text(f"{PLAIN}\n\n{BUCKET}\n", encoding="utf-8")
    post(runner, "a", "--enforce", "terminology")
    before = len(fake.calls("TranslateText"))
    again = post(runner, "b")
    resent = "\n".join(c.body["Text"] for c in fake.calls("TranslateText")[before:])
    assert "bucket" in resent and "steps below" not in resent  # the verified one is reused
    assert "1 from memory" in again.stderr
    assert "0 still wrong" in again.stderr
    check = runner.invoke(app, ["check", "b"])
    assert check.exit_code == 0, check.output
    assert "thùng" not in Path("b/p/_index.vi.md").read_text(encoding="utf-8")


def test_a_wrong_machine_entry_is_sent_again_and_a_human_one_kept(
    runner: CliRunner, fake: FakeAWS
) -> None:
    Path("p.md").write_text(f"{PLAIN}\n\n{BUCKET}\n\n{SECOND}\n", encoding="utf-8")
    post(runner, "a", "--enforce", "off")  # stores what it gets: "bucket" wrong twice
    assert set(stored()) == {PLAIN, BUCKET, SECOND}
    mine = "Giữ log trong một thùng mà chỉ nhóm của bạn đọc được."  # a person's choice
    with Memory.open(MEMORY) as memory:
        memory.store([Entry(BUCKET, mine, "en", "vi", kind="human")])
    before = len(fake.calls("TranslateText"))
    again = post(runner, "b")
    resent = "\n".join(c.body["Text"] for c in fake.calls("TranslateText")[before:])
    assert "Each night, copy" in resent
    assert "Keep the logs" not in resent and "steps below" not in resent
    assert "2 from memory" in again.stderr
    assert "1 memory entry with a wrong term sent again" in again.stderr
    text = Path("b/p/_index.vi.md").read_text(encoding="utf-8")
    assert mine in text
    assert stored()[SECOND].target in text and "thùng" not in stored()[SECOND].target


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch, in_tmp: Path) -> Iterator[FakeBedrock]:
    Path("terms.yaml").write_text(GLOSSARY_YAML, encoding="utf-8")
    Path("p.md").write_text(f"{PLAIN}\n\n{INSTANCE}\n", encoding="utf-8")
    yield from serve_fake_bedrock(monkeypatch)


def test_bedrock_in_terminology_mode_keeps_only_its_verified_translations(
    runner: CliRunner, model: FakeBedrock
) -> None:
    bedrock = ["--engine", "bedrock", "-g", "terms.yaml"]
    model.always = {"paraphrase_term"}  # "instance" comes back as "phiên bản"
    first = post(runner, "a", *bedrock, "--enforce", "terminology")
    assert "1 still wrong" in first.stderr
    assert set(stored()) == {PLAIN}
    model.always = set()
    before = len(model.answered)
    post(runner, "b", *bedrock)
    assert [text for texts, _ in model.answered[before:] for text in texts] == [INSTANCE]
    assert "phiên bản" not in Path("b/p/_index.vi.md").read_text(encoding="utf-8")


def test_pseudo_reuses_no_entry_with_a_term_it_left_unprotected(
    runner: CliRunner, in_tmp: Path
) -> None:
    Path("p.md").write_text(f"{PLAIN}\n\n{BUCKET}\n", encoding="utf-8")
    post(runner, "a", "--engine", "pseudo", "--enforce", "off")  # protects no term
    post(runner, "b", "--engine", "pseudo")
    check = runner.invoke(app, ["check", "b"])
    assert check.exit_code == 0, check.output
