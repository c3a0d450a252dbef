"""``translate post`` through the translation memory, against the local fake Amazon Translate:
reruns send nothing, an edited paragraph is all that is sent, a killed run resumes without paying
twice, hand edits survive, and the ``memory`` engine works offline."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, tzinfo
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from fake_aws import FakeAWS, serve_fake_aws
from translate.cli import app
from translate.document.markdown import parse
from translate.engines.amazon_translate import AmazonTranslateEngine
from translate.engines.base import EngineContext
from translate.engines.cached import CachedEngine
from translate.glossary import load_glossary
from translate.glossary.paths import nearest_glossary
from translate.memory import Memory

DATA = Path(__file__).parent / "data" / "memory"
SENTENCES = [
    "Amazon S3 stores each object in a bucket that you name when you create it.",
    "Run `aws s3 ls` to list the buckets in your account and the Region of each one.",
    "The training job writes its model to the [output path](https://example.com/out) you set.",
    "Choose an instance type with enough memory for the **largest** document you expect.",
    "When traffic grows, the cluster adds nodes and spreads the requests across them.",
    "Turn on logging before you move the workload to production, then watch the metrics.",
]


def make_post(paragraphs: int = 36, changed: int | None = None) -> str:
    blocks = ["---\ntitle: Build a document pipeline\n---"]
    for n in range(paragraphs):
        if n % 6 == 0:
            blocks.append(f"## Step {n // 6 + 1}")
        words = " ".join(SENTENCES[(n + k) % len(SENTENCES)] for k in range(9))
        edit = " This sentence was added later." if n == changed else ""
        blocks.append(f"Paragraph {n + 1}. {words}{edit}")
        if n % 9 == 4:
            blocks.append("```sh\naws s3 cp file.txt s3://bucket/\n```")
    return "\n\n".join(blocks) + "\n"


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, in_tmp: Path) -> Iterator[FakeAWS]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1714557600")
    yield from serve_fake_aws(monkeypatch)


def post(runner: CliRunner, *args: str) -> Result:
    result = runner.invoke(app, ["post", "p.md", "--jobs", "1", "--enforce", "off", *args])
    assert result.exit_code == 0, result.output
    return result


TARGET = Path("posts/p/_index.vi.md")


def test_a_rerun_with_nothing_changed_sends_nothing(runner: CliRunner, fake: FakeAWS) -> None:
    Path("p.md").write_text(make_post(), encoding="utf-8")
    post(runner)
    first, requests = TARGET.read_bytes(), fake.translate_requests
    assert requests >= 3  # chunks of ~9,000 bytes with --jobs 1
    again = post(runner)
    assert fake.translate_requests == requests
    assert TARGET.read_bytes() == first
    assert "0 requests" in again.stderr and "from memory" in again.stderr
    dry = runner.invoke(app, ["post", "p.md", "--enforce", "off", "--dry-run"])
    assert "estimate: " in dry.stderr and " 0 requests" in dry.stderr


def test_an_edited_paragraph_is_all_that_is_sent(runner: CliRunner, fake: FakeAWS) -> None:
    Path("p.md").write_text(make_post(), encoding="utf-8")
    post(runner)
    before = fake.billed_characters
    text = make_post(changed=10)
    Path("p.md").write_text(text, encoding="utf-8")
    post(runner)
    [segment] = [s for s in parse(text).segments if "added later" in s.text]
    paragraph = AmazonTranslateEngine(EngineContext("en", "vi")).estimate([segment])
    billed = fake.billed_characters - before
    assert 0 < billed <= 1.05 * paragraph.billed_characters
    assert "«" not in TARGET.read_text(encoding="utf-8")


def test_a_killed_run_resumes_and_ends_byte_for_byte_like_an_uninterrupted_one(
    runner: CliRunner, fake: FakeAWS
) -> None:
    Path("p.md").write_text(make_post(), encoding="utf-8")
    post(runner, "--out", "whole", "--no-memory")
    whole, full_bill = Path("whole/p/_index.vi.md").read_bytes(), fake.billed_characters
    fake.latency = 0.3
    translate = str(Path(sys.executable).parent / "translate")
    command = [translate, "post", "p.md", "--jobs", "1", "--enforce", "off"]
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while _stored() == 0:
            assert child.poll() is None, "the run ended before it could be killed"
            time.sleep(0.02)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert not TARGET.exists()
    time.sleep(fake.latency + 0.1)  # the request in flight at the kill is billed all the same
    fake.latency = 0.0
    paid = fake.billed_characters - full_bill
    stored = _stored()
    glossary = load_glossary(nearest_glossary())  # what post uses: the memory keys on its version
    context = EngineContext("en", "vi", glossary=glossary, enforce="off", jobs=1)
    with Memory.open(Path(".translate/memory.sqlite")) as memory:
        owed = CachedEngine(AmazonTranslateEngine(context), memory, context).estimate(
            parse(make_post()).segments
        )
    result = post(runner)
    assert TARGET.read_bytes() == whole
    resumed = fake.billed_characters - full_bill - paid
    assert f"{stored} from memory" in result.stderr
    assert resumed == owed.billed_characters < full_bill  # only what was missing
    assert owed.memory_hits == stored > 0


def _stored() -> int:
    path = Path(".translate/memory.sqlite")
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(path, timeout=5) as db:
            return int(db.execute("SELECT COUNT(*) FROM entries").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def test_hand_edits_survive_a_rerun_on_an_updated_source(runner: CliRunner, fake: FakeAWS) -> None:
    Path("p.md").write_text(make_post(12), encoding="utf-8")
    post(runner)
    machine = TARGET.read_text(encoding="utf-8")
    line = next(ln for ln in machine.splitlines() if ln.startswith("Părăgrăph 3."))
    edited = machine.replace(line, line.replace("Părăgrăph 3.", "Đoạn 3."))
    TARGET.write_text(edited, encoding="utf-8")
    requests = fake.translate_requests
    Path("p.md").write_text(make_post(12, changed=7), encoding="utf-8")
    result = post(runner)
    assert "learned 1 edited segment" in result.stderr, result.stderr
    text = TARGET.read_text(encoding="utf-8")
    assert line.replace("Părăgrăph 3.", "Đoạn 3.") in text and line not in text
    assert "Thìs sêntêncê wăs ăddêd lătêr." in text  # the changed paragraph, translated
    assert fake.translate_requests == requests + 1
    [backup] = Path("posts/.translate/backups/p").glob("_index.vi.md.*.bak")
    assert backup.read_text(encoding="utf-8") == edited
    post(runner)  # ours again: replaced silently, the human sentence still there
    assert "Đoạn 3." in TARGET.read_text(encoding="utf-8")
    assert fake.translate_requests == requests + 1


def test_an_edit_that_drops_a_link_is_refused_not_lost(runner: CliRunner, fake: FakeAWS) -> None:
    Path("p.md").write_text(make_post(6), encoding="utf-8")
    post(runner)
    machine = TARGET.read_text(encoding="utf-8")
    line = next(ln for ln in machine.splitlines() if ln.startswith("Părăgrăph 2."))
    TARGET.write_text(machine.replace(line, "Đoạn 2, không còn liên kết."), encoding="utf-8")
    Path("p.md").write_text(make_post(6, changed=4), encoding="utf-8")
    result = runner.invoke(app, ["post", "p.md"])
    assert result.exit_code == 2 and "do not match a source block" in result.stderr
    assert "Đoạn 2, không còn liên kết." in TARGET.read_text(encoding="utf-8")


def test_force_replaces_an_edited_translation_and_keeps_a_backup(
    runner: CliRunner, fake: FakeAWS
) -> None:
    Path("p.md").write_text(make_post(6), encoding="utf-8")
    post(runner)
    edited = TARGET.read_text(encoding="utf-8").replace("Părăgrăph 2.", "Đoạn 2.")
    TARGET.write_text(edited, encoding="utf-8")
    result = post(runner, "--force")
    assert "learned" not in result.stderr
    assert "Đoạn 2." not in TARGET.read_text(encoding="utf-8")
    [backup] = Path("posts/.translate/backups/p").glob("_index.vi.md.*.bak")
    assert backup.read_text(encoding="utf-8") == edited


def test_a_file_we_did_not_write_is_still_refused(runner: CliRunner, fake: FakeAWS) -> None:
    Path("p.md").write_text(make_post(2), encoding="utf-8")
    TARGET.parent.mkdir(parents=True)
    TARGET.write_text("Bản dịch của tôi.\n", encoding="utf-8")
    Path("posts/p/_index.md").write_text(make_post(2), encoding="utf-8")
    result = runner.invoke(app, ["post", "p.md"])
    assert result.exit_code == 2 and "edited by hand" in result.stderr
    assert fake.translate_requests == 0


def test_the_memory_engine_translates_offline_from_a_learned_pair(
    runner: CliRunner, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_TRANSLATE", "http://127.0.0.1:9")  # nothing listens
    learned = runner.invoke(app, ["memory", "learn", str(DATA / "en.md"), str(DATA / "vi.md")])
    assert learned.exit_code == 0, learned.output
    Path("p.md").write_bytes((DATA / "new.md").read_bytes())
    result = runner.invoke(app, ["post", "p.md", "--engine", "memory"])
    assert result.exit_code == 0, result.output
    assert "4 from memory, 1 fuzzy" in result.stderr and "1 untranslated" in result.stderr
    body = TARGET.read_text(encoding="utf-8").split("---\n", 2)[2]
    assert body.splitlines() == [
        "# Xử lý tài liệu với AWS Lambda",
        "",
        "[TM 95%] Bài viết này hướng dẫn cách xử lý mỗi tài liệu mới ngay khi nó được đưa "
        "vào bucket.",
        "",
        "Đọc [hướng dẫn dành cho nhà phát triển](https://docs.aws.amazon.com/lambda/) để biết "
        "chi tiết, sau khi chạy `aws lambda invoke` để kiểm thử hàm.",
        "",
        "## [EN] Monitor the function",
        "",
        "Xóa **stack** khi bạn không cần nó nữa, để không phải trả tiền cho các tài nguyên của nó.",
    ]


def test_hand_edits_survive_in_a_worklog_too(runner: CliRunner, fake: FakeAWS) -> None:
    Path("site/content").mkdir(parents=True)
    Path("p.md").write_text(make_post(6), encoding="utf-8")
    post(runner, "--worklog", "site")
    target = Path("site/content/3-BlogsTranslated/3.1-Blog1/_index.vi.md")
    machine = target.read_text(encoding="utf-8")
    target.write_text(machine.replace("Părăgrăph 2.", "Đoạn 2."), encoding="utf-8")
    Path("p.md").write_text(make_post(6, changed=4), encoding="utf-8")
    result = post(runner, "--worklog", "site")
    assert "learned 1 edited segment" in result.stderr
    text = target.read_text(encoding="utf-8")
    assert "Đoạn 2." in text and "Thìs sêntêncê wăs ăddêd lătêr." in text


def test_an_edited_interleaved_file_is_refused_before_anything_is_sent(
    runner: CliRunner, fake: FakeAWS
) -> None:
    Path("p.md").write_text(make_post(2), encoding="utf-8")
    post(runner, "--layout", "interleaved")
    requests = fake.translate_requests
    TARGET.write_text(TARGET.read_text(encoding="utf-8") + "\nThêm.\n", encoding="utf-8")
    Path("p.md").write_text(make_post(2, changed=1), encoding="utf-8")
    result = runner.invoke(app, ["post", "p.md", "--layout", "interleaved"])
    assert result.exit_code == 2 and "edited by hand" in result.stderr
    assert fake.translate_requests == requests


def test_blocks_filled_in_by_hand_after_the_memory_engine_are_learned(
    runner: CliRunner, in_tmp: Path
) -> None:
    runner.invoke(app, ["memory", "learn", str(DATA / "en.md"), str(DATA / "vi.md")])
    Path("p.md").write_bytes((DATA / "new.md").read_bytes())
    assert runner.invoke(app, ["post", "p.md", "-e", "memory"]).exit_code == 0
    text = TARGET.read_text(encoding="utf-8").replace("[EN] Monitor the function", "Giám sát hàm")
    TARGET.write_text(text, encoding="utf-8")
    again = runner.invoke(app, ["post", "p.md", "-e", "memory"])
    assert again.exit_code == 0, again.output
    assert "learned 1 edited segment" in again.stderr and "0 untranslated" in again.stderr
    assert "## Giám sát hàm\n" in TARGET.read_text(encoding="utf-8")
    assert "[TM 95%]" in TARGET.read_text(encoding="utf-8")  # still to review


def test_two_forced_runs_in_the_same_second_keep_both_backups(
    runner: CliRunner, fake: FakeAWS, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Frozen(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> Frozen:
            return cls(2024, 5, 1, 10, 0, 0, tzinfo=tz)

    monkeypatch.setattr("translate.output.datetime", Frozen)
    Path("p.md").write_text(make_post(6), encoding="utf-8")
    post(runner)
    edits = []
    for n in (2, 3):
        edited = TARGET.read_text(encoding="utf-8").replace(f"Părăgrăph {n}.", f"Đoạn {n}.")
        TARGET.write_text(edited, encoding="utf-8")
        edits.append(edited)
        assert post(runner, "--force").exit_code == 0
    kept = sorted(Path("posts/.translate/backups/p").glob("_index.vi.md.*.bak"))
    assert [path.name for path in kept] == [
        "_index.vi.md.20240501-100000-2.bak",
        "_index.vi.md.20240501-100000.bak",
    ]
    assert [path.read_text(encoding="utf-8") for path in reversed(kept)] == edits
