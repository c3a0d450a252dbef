"""``translate post --engine bedrock`` through the translation memory, against the local fake
model: what was paid for is kept when a run is killed, fails or stops at ``--max-cost``; the
estimate ``--dry-run`` prints is the one ``--max-cost`` checks; a glossary term still wrong is
named unless ``--accept-wrong-terms``."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from fake_aws import AWSFault, FakeBedrock, serve_fake_bedrock
from translate import files
from translate.cli import app
from translate.engines.bedrock import DEFAULT_MODEL
from translate.memory import Memory

GLOSSARY_YAML = """source_language: en
target_language: vi
entries:
  - term: instance
    target: instance
    forbidden:
      - text: phiên bản
        why: means "version"
  - term: training
    target: huấn luyện
    forbidden:
      - text: đào tạo
        why: human training
"""
TOPICS = [
    "Each worker reads its queue, writes a log line for every message and sleeps for a second.",
    "Pick a region close to your readers, then copy the settings from the staging account.",
    "The dashboard shows the error rate of the last hour next to the latency of each call.",
    "Keep the deployment small: one function, one table and a role that can read nothing else.",
]
TARGET = Path("posts/p/_index.vi.md")


def make_post(paragraphs: int = 24) -> str:
    """Paragraphs with no glossary term, then one with a term that the model can get wrong."""
    blocks = ["# Run the pipeline"]
    for n in range(paragraphs):
        blocks.append(f"Step {n + 1}. " + " ".join(TOPICS[(n + k) % 4] for k in range(4)))
    blocks.append("Stop the instance before the training starts.")
    return "\n\n".join(blocks) + "\n"


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch, in_tmp: Path) -> Iterator[FakeBedrock]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1714557600")
    Path("terms.yaml").write_text(GLOSSARY_YAML, encoding="utf-8")
    Path("p.md").write_text(make_post(), encoding="utf-8")
    yield from serve_fake_bedrock(monkeypatch)


ARGS = ["post", "p.md", "--engine", "bedrock", "-g", "terms.yaml", "--jobs", "2"]


def post(runner: CliRunner, *args: str, code: int = 0) -> Result:
    result = runner.invoke(app, [*ARGS, *args])
    assert result.exit_code == code, result.output
    return result


def sent(model: FakeBedrock, start: int = 0) -> list[str]:
    """The segment texts the model was asked for, from call ``start`` on."""
    return [text for texts, _ in model.answered[start:] for text in texts]


def stored() -> int:
    with sqlite3.connect(".translate/memory.sqlite") as db:
        return int(db.execute("SELECT COUNT(*) FROM entries").fetchone()[0])


def test_a_run_killed_halfway_pays_again_only_for_what_was_never_answered(
    runner: CliRunner, model: FakeBedrock
) -> None:
    Path("p.md").write_text(make_post(60), encoding="utf-8")
    post(runner, "--out", "whole", "--no-memory")
    assert len(model.answered) >= 7
    model.answered.clear()
    model.faults, model.kill_after = ["ok", "ok", "ok", "kill"], 1.0  # time to store, loaded
    translate = str(Path(sys.executable).parent / "translate")
    child = subprocess.Popen([translate, *ARGS], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    model.victim = child.pid
    _, err = child.communicate(timeout=60)
    assert child.returncode == -9, err.decode()
    assert not TARGET.exists()
    paid = sent(model)
    assert paid and stored() == len(paid)  # every answer paid for is in the memory
    model.faults, model.killed = [], False
    post(runner)
    again = sent(model)[len(paid) :]
    assert again and not set(again) & set(paid)  # nothing paid twice
    assert TARGET.read_bytes() == Path("whole/p/_index.vi.md").read_bytes()


@pytest.mark.parametrize("in_flight", [1, 3])  # the first request alone; two after it
def test_ctrl_c_keeps_the_answers_in_flight_and_says_so_in_one_line(
    runner: CliRunner, model: FakeBedrock, in_flight: int
) -> None:
    Path("p.md").write_text(make_post(60), encoding="utf-8")
    model.latency = 1.0
    translate = str(Path(sys.executable).parent / "translate")
    child = subprocess.Popen([translate, *ARGS], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while len(model.calls) < in_flight and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(model.answered) < in_flight
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 130 and err.decode().startswith("Interrupted: no file was written;")
    assert err.decode().count("\n") == 1
    assert not TARGET.exists()
    while len(model.answered) < in_flight and time.monotonic() < deadline:  # the fake answers
        time.sleep(0.02)
    paid = sent(model)
    assert len(model.answered) == in_flight and stored() == len(paid)  # what was paid is kept
    model.latency = 0.0
    post(runner)
    assert not set(sent(model)[len(paid) :]) & set(paid)  # nothing paid twice


def test_ctrl_c_during_the_amazon_translate_fallback_keeps_its_answers(
    runner: CliRunner, model: FakeBedrock
) -> None:
    model.always = {"paraphrase_term"}  # the last segment's terms go to Amazon Translate
    assert model.aws is not None
    model.aws.latency = 1.5
    translate = str(Path(sys.executable).parent / "translate")
    child = subprocess.Popen([translate, *ARGS], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not model.aws.calls("TranslateText") and time.monotonic() < deadline:
        time.sleep(0.02)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 130 and model.aws.translate_requests == 1, err.decode()
    assert not TARGET.exists() and stored() == len(set(sent(model)))  # the fallback's one too
    model.aws.latency = 0.0
    post(runner)
    assert model.aws.translate_requests == 1  # the memory had it: not paid twice
    assert "phiên bản" not in TARGET.read_text(encoding="utf-8")


def test_what_a_run_killed_while_writing_left_does_not_confuse_the_next(
    runner: CliRunner, model: FakeBedrock
) -> None:
    post(runner, "--out", "whole", "--no-memory")
    Path(".translate").mkdir()
    Path(".translate/memory.sqlite").touch()  # killed before anything was stored
    TARGET.parent.mkdir(parents=True)
    stale = TARGET.parent / f".{TARGET.name}.k1ll3d.tmp"  # killed while writing the post
    stale.write_text("half a transl", encoding="utf-8")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))  # an hour ago
    other = TARGET.parent / f".{TARGET.name}.n0w.tmp"  # another run writing it right now
    other.write_text("another run's", encoding="utf-8")
    assert "USD" in post(runner, "--dry-run").stderr
    post(runner)
    assert TARGET.read_bytes() == Path("whole/p/_index.vi.md").read_bytes()
    assert stored() > 0 and not stale.exists()
    assert sorted(p.name for p in TARGET.parent.iterdir()) == [
        other.name,
        "_index.md",
        "_index.vi.md",
    ]


def test_a_run_that_fails_on_one_segment_keeps_every_other(
    runner: CliRunner, model: FakeBedrock
) -> None:
    Path("p.md").write_text(make_post(3) + "\nRun `make` and **stop** it.\n", encoding="utf-8")
    model.always = {"drop_token"}  # the first segment with markup loses a token, every time
    failed = post(runner, code=1)
    assert "broke 1 segment(s)" in failed.stderr and not TARGET.exists()
    assert stored() == 5  # the heading, three paragraphs and the sentence with terms
    model.always, before = set(), len(model.answered)
    post(runner)
    assert sent(model, before) == ["Run ⟦x1⟧ and ⟦2⟧stop⟦/2⟧ it."]


def test_a_run_stopped_at_max_cost_keeps_what_it_paid_for(
    runner: CliRunner, model: FakeBedrock
) -> None:
    terms = [f"Stop instance {n} before the training starts." for n in range(30)]
    Path("p.md").write_text(make_post(4) + "\n" + "\n\n".join(terms) + "\n", encoding="utf-8")
    with Memory.open(Path(".translate/memory.sqlite")) as memory:  # past runs: few repairs
        memory.record_cost(f"bedrock:{DEFAULT_MODEL}", "vi", 0.01, 0.001)
    dry = post(runner, "--dry-run")
    high = float(dry.stderr.split(" to ")[1].split()[0])
    model.always = {"paraphrase_term"}  # repairs far above the rate of past runs
    stopped = post(runner, "--max-cost", f"{high:.4f}", code=1)
    assert "stopped before going over --max-cost" in stopped.stderr and not TARGET.exists()
    assert stored() == 1 + 4  # the heading and the paragraphs without terms
    model.always, before = set(), len(model.answered)
    post(runner)
    last = "Stop the instance before the training starts."
    assert sorted(sent(model, before)) == sorted([*terms, last])


def test_dry_run_and_max_cost_print_the_same_estimate(
    runner: CliRunner, model: FakeBedrock
) -> None:
    dry = post(runner, "--dry-run")
    [cost] = [line for line in dry.stderr.splitlines() if "estimate: cost:" in line]
    figure = cost.split("cost: ", 1)[1]
    assert figure.startswith("USD ") and " to " in figure and "repairs" in figure
    refused = post(runner, "--max-cost", "0.0001", code=1)
    assert f"would cost {figure} with" in " ".join(refused.stderr.split())
    assert model.calls == [] and not Path("posts").exists()


def test_the_estimate_s_upper_end_follows_the_repairs_past_runs_paid_for(
    runner: CliRunner, model: FakeBedrock
) -> None:
    other = ["post", "q.md", "--engine", "bedrock", "-g", "terms.yaml"]

    def high() -> float:
        dry = runner.invoke(app, [*other, "--dry-run"])
        [cost] = [line for line in dry.stderr.splitlines() if "estimate: cost:" in line]
        return float(cost.split(" to ")[1].split()[0])

    terms = [f"Stop instance {n} before the training starts." for n in range(20)]
    Path("p.md").write_text(make_post(2) + "\n" + "\n\n".join(terms) + "\n", encoding="utf-8")
    Path("q.md").write_text("# Another post\n\nStop the instance at noon.\n", encoding="utf-8")
    usual = high()
    model.always = {"paraphrase_term"}  # every term wrong: repairs, then the fallback
    post(runner, "--accept-wrong-terms", "--no-memory")
    assert high() == usual and not Path(".translate").exists()  # without the memory: not kept
    post(runner, "--accept-wrong-terms")
    learned = high()
    assert learned > usual
    refused = runner.invoke(app, [*other, "--max-cost", "0.0001"])
    assert refused.exit_code == 1 and f" to {learned:.4f} " in refused.stderr  # the same figure


def test_the_summary_counts_every_segment_once(runner: CliRunner, model: FakeBedrock) -> None:
    Path("p.md").write_text("# Notes\n\nSee below.\n\nSee below.\n\nDone.\n", encoding="utf-8")
    result = post(runner)
    assert "Translated 4 segments with bedrock" in result.stderr
    assert "  4 segments, 1 request" in result.stderr


def test_a_term_still_wrong_is_named_or_accepted(runner: CliRunner, model: FakeBedrock) -> None:
    model.always = {"paraphrase_term"}
    assert model.aws is not None
    model.aws.fail_next("TranslateText", AWSFault(400, "AccessDeniedException", "no"))
    refused = post(runner, code=1)
    message = " ".join(refused.stderr.split())
    assert '"instance" rendered "phiên bản"' in message
    assert '"training" rendered "đào tạo"' in message
    assert "line 51:" in message and "Amazon Translate was not used" in message
    assert not Path("posts").exists()
    model.aws.fail_next("TranslateText", AWSFault(400, "AccessDeniedException", "no"))
    accepted = post(runner, "--accept-wrong-terms")
    assert "2 still wrong" in accepted.stderr and "phiên bản" in TARGET.read_text(encoding="utf-8")
    help_text = runner.invoke(app, ["post", "--help"], env={"COLUMNS": "200"}).output
    assert "--accept-wrong-terms" in help_text
    assert os.environ.get("AWS_ENDPOINT_URL_TRANSLATE")  # the fallback went to the fake


def test_a_memory_that_cannot_store_stops_the_run_with_one_clear_line(
    runner: CliRunner, model: FakeBedrock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Memory, entries: object) -> int:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Memory, "store", broken)
    result = post(runner, code=2)
    assert "cannot store translations in the translation memory (disk I/O error)" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not Path("posts").exists()


def test_ctrl_c_while_the_files_are_written_leaves_no_file_half_written(
    runner: CliRunner, model: FakeBedrock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import translate.output

    written: list[Path] = []

    def interrupted(path: Path, text: str | bytes) -> Path:
        if written:
            raise KeyboardInterrupt
        written.append(files.temp_beside(path, text))
        return written[-1]

    monkeypatch.setattr(translate.output, "temp_beside", interrupted)
    result = post(runner, code=130)
    assert result.stderr.startswith("Interrupted: no file was written;") and written
    assert result.stderr.count("\n") == 1
    assert [p.name for p in Path("posts").rglob("*")] == ["p"]  # not even a temporary file
    monkeypatch.setattr(translate.output, "temp_beside", files.temp_beside)
    before = len(model.answered)
    post(runner)
    assert len(model.answered) == before and TARGET.exists()  # from the memory, nothing paid


def test_a_tiny_post_run_minutes_after_another_costs_inside_the_printed_range(
    runner: CliRunner, model: FakeBedrock
) -> None:
    Path("q.md").write_text("# Before\n\nStop the instance.\n", encoding="utf-8")
    runner.invoke(app, ["post", "q.md", "--engine", "bedrock", "-g", "terms.yaml"])
    Path("p.md").write_text("# Notes\n\nStart the instance.\n", encoding="utf-8")
    dry = post(runner, "--dry-run")
    low, high = map(float, re.findall(r"cost: USD ([\d.]+) to ([\d.]+)", dry.stderr)[0])
    done = post(runner)
    cost = float(done.stderr.split("cost: USD ")[1].split()[0])
    assert low <= cost <= high  # its prompt came from the cache the run before wrote: cheaper


def test_a_model_translate_has_no_rates_for_runs_with_the_rates_of_translate_toml(
    runner: CliRunner, model: FakeBedrock
) -> None:
    llama = "us.meta.llama3-3-70b-instruct-v1:0"
    Path("p.md").write_text("# Notes\n\nStart the instance.\n", encoding="utf-8")
    refused = post(runner, "--model", llama, code=1)
    assert "under [bedrock] in translate.toml" in refused.stderr and model.calls == []
    table = "[bedrock]\nusd-per-million-input = 1000\nusd-per-million-output = 0\n"
    Path("translate.toml").write_text(table + 'output = "text"\n', encoding="utf-8")
    done = post(runner, "--model", llama)
    assert model.models == [llama] and "toolConfig" not in model.calls[0]  # output = "text"
    tokens = model.answered[0][1] - model.outputs[0]  # in, cache read and write
    assert f"cost: USD {tokens / 1000:.4f}" in done.stderr  # every input token at USD 1000/M
    Path("translate.toml").write_text(table + "max-tokens = 9\n", encoding="utf-8")
    wrong = post(runner, "--model", llama, code=2)
    assert "unknown setting 'max-tokens' in [bedrock]" in wrong.stderr


def test_credentials_expiring_halfway_say_what_was_spent_and_keep_what_was_paid(
    runner: CliRunner, model: FakeBedrock
) -> None:
    assert model.aws is not None
    method, route, converse = model.aws.routes[-1]
    answered = 0

    def expiring(body: dict[str, Any], params: dict[str, str]) -> dict[str, Any]:
        nonlocal answered
        if answered:
            raise AWSFault(403, "ExpiredTokenException", "The security token is expired")
        answered += 1
        return converse(body, params)

    model.aws.routes[-1] = (method, route, expiring)
    Path("p.md").write_text(make_post(60), encoding="utf-8")
    failed = post(runner, "--jobs", "1", code=1)
    message = " ".join(failed.stderr.split())
    assert "credentials have expired" in message and not TARGET.exists()
    assert "(spent USD 0.0" in message and "on 1 request)" in message
    assert stored() == len(sent(model))  # the answer paid for is kept


def test_a_dry_run_over_max_cost_says_the_run_would_be_refused(
    runner: CliRunner, model: FakeBedrock
) -> None:
    dry = post(runner, "--dry-run", "--max-cost", "0.0001", code=1)
    lines = dry.stderr.splitlines()
    [cost] = [n for n, line in enumerate(lines) if "estimate: cost:" in line]
    refusal = "The run would be refused: this post would cost USD "
    assert lines[cost + 1].startswith(refusal) and "over --max-cost USD 0.0001" in lines[cost + 1]
    assert str(TARGET) in dry.stdout  # the plan is still printed
    assert model.calls == [] and not Path("posts").exists()
    roomy = post(runner, "--dry-run", "--max-cost", "1000")
    assert "refused" not in roomy.stderr
    real = post(runner, "--max-cost", "0.0001", code=1)
    said = lines[cost + 1].removeprefix("The run would be refused: ").rstrip(".")
    assert said in " ".join(real.stderr.split())  # the words the run itself refuses with
