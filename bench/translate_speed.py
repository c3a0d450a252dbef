"""Speed and cost of ``--engine amazon-translate`` against the local fake Amazon Translate.

Usage: python bench/translate_speed.py [--only post]

(``--only post``: only the three batched runs of the bench post, without a glossary, ``strict``
and ``terminology``, their wall time against the floor first: about half a minute instead of
several.)

Builds a ~150-segment, ~4,000-word post (prose with inline code, links and bold, lists, tables,
code blocks), serves the fake from ``tests/fake_aws.py`` (in a process of its own) with 100 ms
latency per call and a limit of 20 requests a second (a token bucket holding one second's worth),
and prints, from one run:

- wall time of ``translate()`` (the median of five runs) against the floor the rate limit and
  latency allow (target <= 1.3x);
- requests against ceil(total request bytes / 9,000) + 2;
- billed characters (markup included) against the characters of the translatable text
  (target <= 1.15x), without a glossary and with the project glossary in ``strict`` mode (every
  term sent as a ``translate=no`` element: the least that costs is printed) and in
  ``terminology`` mode (the glossary as a custom terminology, synced before the clock starts;
  the sync's own time is printed);
- the speed-up over sending one segment per request, one after the other (target >= 10x);
- a storm: every request throttled for 10 s, then the limit returns; every segment must come back;
- what ``strict`` and ``terminology`` would bill for each real English post of the corpus
  (``../shared/corpus``), against the same 1.15x;
- ``repair`` (terminology first, the wrong segments sent again protected) next to ``strict`` and
  ``terminology``, on this post and on every corpus post, with the fake ignoring 30% and then
  5% of the terminology's rows (and none: the synced rows carry the plurals and other
  spellings the checker counts, yet a few terms are still missed): glossary term accuracy of
  the result (target 1.00), billed
  / translatable characters (<= 1.15x at 5%), wall time / the floor of its requests (<= 1.6x),
  and requests against strict's + ceil(the wrong segments' bytes / 9,000). Each ``repair`` run
  is measured twice: with nothing learned (no memory), and "learned", with a memory the runs
  of that miss rate share, bench post first and then the corpus posts in order, where each run
  keeps the terms the terminology missed and protects them from the start (what a team that
  translates post after post gets). Which rows the fake ignores decides these figures more
  than anything, so ``repair``'s billing at 5% is also given as each post's mean over the 20
  ways of spreading the ignored rows (no latency: billing only).
"""

from __future__ import annotations

import argparse
import gc
import math
import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from statistics import median
from typing import Any, cast

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "pairs"
sys.path.insert(0, str(ROOT / "tests"))

from fake_aws import FakeAWS, offline_environment  # noqa: E402
from translate.document import Segment, plain_text  # noqa: E402
from translate.document.markdown import parse  # noqa: E402
from translate.engines._html import NO  # noqa: E402
from translate.engines.amazon_translate import AmazonTranslateEngine, term_counts  # noqa: E402
from translate.engines.base import Enforce, EngineContext  # noqa: E402
from translate.glossary import Glossary, load_glossary  # noqa: E402

LATENCY, RATE, JOBS = 0.1, 20.0, 8
MISSES = (0.30, 0.05, 0.0)  # fractions of the custom terminology's entries the fake ignores
TRIALS = 5  # batched runs of each kind; the median wall time is the figure
SPREADS = 20  # at 5%, the ways of spreading the ignored rows evenly
SENTENCES = [
    "With **Amazon S3** you store objects in a bucket and read them back at any scale.",
    "Each training job writes its model artifacts to the bucket you name in `OutputDataConfig`.",
    "You can follow the steps in the [developer guide](https://docs.aws.amazon.com/sagemaker/).",
    "The instance type you choose sets the throughput and the cost of the endpoint.",
    "When traffic grows, the cluster adds nodes and spreads the requests across them.",
    "We recommend that you turn on logging before you move the workload to production.",
    "Run `aws sagemaker list-training-jobs` to see the jobs that finished in the last day.",
    "This approach keeps the data in your account and never sends it to a third party.",
    "For more details, see *Monitoring* in the documentation, or ask your account team.",
    "AWS Lambda calls the function for each new object, so there is no server to manage.",
    "Amazon Bedrock gives you a choice of foundation models through a single API.",
    "The policy grants read access to the bucket and nothing else, which is least privilege.",
]


def make_post() -> str:
    blocks = ["---\ntitle: Build a document pipeline on AWS\ndate: 2024-05-01\n---"]
    n = 0
    for section in range(10):
        blocks.append(f"## Step {section + 1}: configure the pipeline stage")
        for _ in range(6):
            blocks.append(" ".join(SENTENCES[(n + k) % len(SENTENCES)] for k in range(4)))
            n += 3
        blocks.append("\n".join(f"- {SENTENCES[(n + k) % len(SENTENCES)]}" for k in range(4)))
        blocks.append(
            "| Setting | Value |\n|---|---|\n"
            "| Instance type | `ml.m5.xlarge`, enough memory for the model |"
        )
        blocks.append("```python\nimport boto3\nclient = boto3.client('s3')\n```")
    return "\n\n".join(blocks) + "\n"


def floor_seconds(requests: int) -> float:
    """The fastest any client could finish: tokens (burst RATE, then RATE/s), JOBS, LATENCY."""
    slots = [0.0] * JOBS
    end = 0.0
    for i in range(requests):
        token = max(0.0, (i + 1 - RATE) / RATE)
        slot = min(range(JOBS), key=lambda j: slots[j])
        start = max(token, slots[slot])
        slots[slot] = start + LATENCY
        end = max(end, slots[slot])
    return end


class FakeProcess:
    """The fake served from a forked process, so that its own work never holds this process's
    GIL (a real service's work does not run on the client's machine); asked over a pipe."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        self._pipe, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child,), daemon=True)
        self._process.start()
        self.url: str = self._pipe.recv()

    def ask(self, *command: object) -> Any:
        self._pipe.send(command)
        return self._pipe.recv()

    def sent_bytes(self) -> list[int]:
        """UTF-8 bytes of every ``TranslateText`` call so far, throttled ones included."""
        return cast(list[int], self.ask("sent"))

    def storm(self, seconds: float) -> None:
        self.ask("storm", seconds)

    def miss(self, rate: float | None) -> None:
        """Ignore this fraction of the terminology's entries (None: one in three)."""
        self.ask("miss", rate)

    def translated(self) -> int:
        return cast(int, self.ask("translated"))

    def stop(self) -> None:
        self._pipe.send(("stop",))
        self._process.join(5)


def _serve(pipe: Connection) -> None:
    fake = FakeAWS(latency=LATENCY, rate=RATE)
    pipe.send(fake.start())
    while True:
        command, *args = pipe.recv()
        if command == "stop":
            fake.stop()
            return
        if command == "sent":
            pipe.send([len(r.body["Text"].encode()) for r in fake.calls("TranslateText")])
        elif command == "storm":
            fake.storm(*args)
            pipe.send(None)
        elif command == "miss":
            fake.miss_rate = args[0]
            pipe.send(None)
        else:
            pipe.send(fake.translate_requests)


@contextmanager
def fake_server() -> Iterator[FakeProcess]:
    fake = FakeProcess()
    os.environ.update(offline_environment(fake.url))
    try:
        yield fake
    finally:
        fake.stop()


def new_engine(
    glossary: Glossary | None = None,
    enforce: Enforce = "strict",
    jobs: int = JOBS,
    quiet: bool = False,
    history: Path | None = None,
) -> AmazonTranslateEngine:
    options: dict[str, object] = {"cost_history": str(history)} if history else {}
    engine = AmazonTranslateEngine(
        EngineContext("en", "vi", glossary, enforce, jobs, options=options)
    )
    started = time.perf_counter()
    engine.connect()  # client and terminology before the clock starts
    if glossary is not None and enforce == "terminology" and not quiet:
        synced = time.perf_counter() - started
        print(f"\n  (terminology sync before the first request: {synced:.3f} s)")
    return engine


def timed(engine: AmazonTranslateEngine, batch: tuple[Segment, ...]) -> tuple[float, list[str]]:
    started = time.perf_counter()
    out = engine.translate(batch)
    return time.perf_counter() - started, out


def batched_run(
    fake: FakeProcess,
    batch: tuple[Segment, ...],
    glossary: Glossary | None,
    enforce: Enforce = "strict",
    plain_billed: int = 0,
) -> tuple[float, int]:
    """Batched runs, TRIALS of them: (median wall seconds, billed characters)."""
    label = f"project glossary, {enforce}" if glossary else "no glossary"
    walls: list[float] = []
    for _ in range(TRIALS):
        time.sleep(1.0)  # let the token bucket refill
        engine = new_engine(glossary, enforce)
        gc.collect()  # the garbage of the runs before is not this run's
        before = len(fake.sent_bytes())
        wall, out = timed(engine, batch)
        walls.append(wall)
        sent = fake.sent_bytes()[before:]
    wall = median(walls)
    request_bytes = sum(sent)
    requests = engine.usage.requests
    floor = floor_seconds(requests)
    translatable = sum(len(s.plain) for s in batch)
    bound = math.ceil(request_bytes / 9000) + 2
    billed = engine.usage.billed_characters / translatable
    print(f"\n[{label}] {len(batch)} segments, {translatable} translatable characters")
    trials = ", ".join(f"{w:.3f}" for w in walls)
    print(f"  wall {wall:.3f} s (median of {trials}), floor {floor:.3f} s, "
          f"ratio {wall / floor:.2f} (<= 1.3)")  # fmt: skip
    print(f"  requests {requests} (throttled {len(sent) - requests}), bound {bound}")
    print(f"  billed {engine.usage.billed_characters} chars, {billed:.3f}x translatable (<= 1.15)")
    if glossary is not None and enforce == "strict" and plain_billed:
        kept = sum(len(p.unit.kept) for p in engine._pieces(batch)) - _placeholders(engine, batch)
        markup = len(f"<i {NO}></i>")
        least = (plain_billed + kept * markup) / translatable
        print(f"  {kept} protected term occurrences at {markup} characters of markup each: "
              f"strict cannot bill less than {least:.3f}x with this glossary")  # fmt: skip
    for line in engine.usage.lines():
        print(f"  {line}")
    assert len(out) == len(batch)
    return wall, engine.usage.billed_characters


def _placeholders(engine: AmazonTranslateEngine, batch: tuple[Segment, ...]) -> int:
    return sum(1 for p in engine._pieces(batch) for name in p.unit.kept if name[0] == "x")


def sequential_run(batch: tuple[Segment, ...]) -> float:
    time.sleep(1.0)
    engine = new_engine(jobs=1)
    started = time.perf_counter()
    for segment in batch:
        engine.translate([segment])
    wall = time.perf_counter() - started
    print(f"\n[one segment per request, in a row] {engine.usage.requests} requests, {wall:.2f} s")
    return wall


def storm_run(fake: FakeProcess, batch: tuple[Segment, ...]) -> None:
    engine = new_engine()
    fake.storm(10.0)
    wall, out = timed(engine, batch)
    done = sum(1 for s, t in zip(batch, out, strict=True) if t != s.text)
    throttled = len(fake.sent_bytes()) - fake.translated()
    print(f"\n[storm: every request throttled for 10 s] finished in {wall:.1f} s, "
          f"{done}/{len(batch)} segments translated, {throttled} throttled calls")  # fmt: skip


def corpus_billing(glossary: Glossary) -> None:
    """What each mode would bill (``--dry-run``'s estimate, no request) for the real posts."""
    posts = sorted(CORPUS.glob("*/en.md"))
    if not posts:
        print(f"\n[real posts] no corpus at {CORPUS}: skipped")
        return
    ratios: dict[Enforce, list[float]] = {"strict": [], "terminology": []}
    for path in posts:
        batch = parse(path.read_text(encoding="utf-8")).segments
        translatable = sum(len(s.plain) for s in batch)
        for enforce in ratios:
            engine = AmazonTranslateEngine(EngineContext("en", "vi", glossary, enforce, JOBS))
            ratios[enforce].append(engine.estimate(batch).billed_characters / translatable)
    print(f"\n[real posts: {len(posts)} English posts of the corpus, billed / translatable]")
    for enforce, values in ratios.items():
        within = sum(1 for v in values if v <= 1.15)
        print(f"  {enforce}: min {min(values):.2f}x, median {median(values):.2f}x, max "
              f"{max(values):.2f}x; {within} of {len(values)} posts within 1.15x")  # fmt: skip


@dataclass(frozen=True)
class Figures:
    """One mode's run on one post against the fake."""

    wall: float
    requests: int
    throttled: int
    billed: int
    translatable: int
    accuracy: float  # glossary term occurrences right in the result, by the checker's rule
    wrong_bytes: int  # UTF-8 bytes of the first-pass elements of the segments sent again
    first_requests: int  # the first pass's share of ``requests``

    @property
    def floor(self) -> float:
        return floor_seconds(self.requests)

    @property
    def rounds_floor(self) -> float:
        """The floor of a first pass followed by the re-sends it needs (two dependent rounds)."""
        again = self.requests - self.first_requests
        return floor_seconds(self.first_requests) + (floor_seconds(again) if again else 0.0)


def measure(
    fake: FakeProcess,
    batch: tuple[Segment, ...],
    glossary: Glossary,
    enforce: Enforce,
    trials: int,
    history: Path | None = None,
) -> Figures:
    """``trials`` runs of ``enforce`` on ``batch`` (the median wall time), the last one's counts;
    with a memory file (``history``), the runs keep there the terms the terminology missed."""
    walls: list[float] = []
    for _ in range(trials):
        time.sleep(1.0)  # let the token bucket refill
        engine = new_engine(glossary, enforce, quiet=True, history=history)
        gc.collect()
        before = len(fake.sent_bytes())
        wall, out = timed(engine, batch)
        walls.append(wall)
        sent = len(fake.sent_bytes()) - before
    resent = set(engine._repairs.split) if engine._repairs is not None else set()
    first = {p.segment: p.unit.size for p in engine._pieces(batch) if p.source}
    return Figures(
        wall=median(walls),
        requests=engine.usage.requests,
        throttled=sent - engine.usage.requests,
        billed=engine.usage.billed_characters,
        translatable=sum(len(s.plain) for s in batch),
        accuracy=accuracy(engine, batch, out),
        wrong_bytes=sum(first.get(i, 0) for i in resent),
        first_requests=len(engine._pack(engine._pieces(batch))),
    )


def accuracy(engine: AmazonTranslateEngine, batch: tuple[Segment, ...], out: list[str]) -> float:
    assert engine.matcher is not None
    right = total = 0
    for segment, target in zip(batch, out, strict=True):
        verified, wrong = term_counts(engine.matcher, segment.plain, plain_text(target))
        right, total = right + verified, total + verified + wrong
    return right / total if total else 1.0


def figures_line(label: str, f: Figures, strict: Figures | None = None) -> str:
    line = (
        f"{label:<25} accuracy {f.accuracy:.3f}, billed {f.billed / f.translatable:.3f}x, "
        f"wall {f.wall:.3f} s / floor {f.floor:.3f} s = {f.wall / f.floor:.2f}x, "
        f"requests {f.requests}"
    )
    if strict is not None:
        line += f" (bound {strict.requests + math.ceil(f.wrong_bytes / 9000)})"
        line += f", wall / two-round floor {f.wall / f.rounds_floor:.2f}x"
    return line + (f", throttled {f.throttled}" if f.throttled else "")


def repair_runs(
    fake: FakeProcess,
    batch: tuple[Segment, ...],
    glossary: Glossary,
    trials: int,
    memories: dict[str, Path],
) -> dict[str, tuple[Figures, Figures | None]]:
    """Each miss rate: repair without a memory (nothing learned) and terminology, then repair
    with that rate's memory (``memories``, shared by every post of the bench: what earlier runs
    learned); strict under the key "strict"."""
    strict = measure(fake, batch, glossary, "strict", trials)
    runs: dict[str, tuple[Figures, Figures | None]] = {"strict": (strict, None)}
    for rate in MISSES:
        fake.miss(rate)
        runs[f"{rate:.0%} miss"] = (
            measure(fake, batch, glossary, "repair", trials),
            measure(fake, batch, glossary, "terminology", trials),
        )
        runs[f"{rate:.0%} miss, learned"] = (
            measure(fake, batch, glossary, "repair", trials, memories[f"{rate:.0%}"]),
            None,
        )
    fake.miss(None)
    return runs


def show_repair(runs: dict[str, tuple[Figures, Figures | None]]) -> None:
    strict = runs["strict"][0]
    print(f"  {figures_line('strict', strict)}")
    for rate, (repair, terminology) in runs.items():
        if rate != "strict":
            print(f"  {figures_line(f'repair, {rate}', repair, strict)}")
        if terminology is not None:
            print(f"  {figures_line(f'terminology, {rate}', terminology)}")


def corpus_repair(fake: FakeProcess, glossary: Glossary, memories: dict[str, Path]) -> None:
    """``repair`` against ``strict`` and ``terminology`` on every corpus post, one run each."""
    posts = sorted(CORPUS.glob("*/en.md"))
    if not posts:
        print(f"\n[real posts, repair] no corpus at {CORPUS}: skipped")
        return
    print(f"\n[real posts, repair: {len(posts)} English posts of the corpus, one run each]")
    met: dict[str, list[float]] = {}
    spread: dict[str, list[float]] = {}
    for path in posts:
        batch = parse(path.read_text(encoding="utf-8")).segments
        runs = repair_runs(fake, batch, glossary, 1, memories)
        print(f"{path.parent.name}:")
        show_repair(runs)
        for rate, (repair, _) in runs.items():
            label = "strict" if rate == "strict" else f"repair, {rate}"
            spread.setdefault(f"{label}: billed", []).append(repair.billed / repair.translatable)
            spread.setdefault(f"{label}: wall / floor", []).append(repair.wall / repair.floor)
            if rate != "strict":
                spread.setdefault(f"{label}: wall / two-round floor", []).append(
                    repair.wall / repair.rounds_floor
                )
                within = _within(repair, runs["strict"][0])
                for name, value in zip(
                    ("accuracy", "billed", "wall", "requests"), within, strict=True
                ):
                    met.setdefault(f"{label}: {name}", []).append(value)
    print("\n[real posts, repair: min / median / max over the posts]")
    for key, values in sorted(spread.items()):
        print(f"  {key} {min(values):.2f}x / {median(values):.2f}x / {max(values):.2f}x")
    print("\n[real posts, repair: posts within each target]")
    for key, values in met.items():
        print(f"  {key}: {sum(values):.0f} of {len(values)}")


def corpus_repair_billing(glossary: Glossary) -> None:
    """``repair``'s billed / translatable at 5% misses on every corpus post, averaged over the
    ``SPREADS`` ways the fake can spread evenly the rows it ignores (which terms are missed
    decides one run's figure more than anything), with no latency: without a memory, and
    learned (a memory for each way, shared by the posts in order)."""
    posts = sorted(CORPUS.glob("*/en.md"))
    if not posts:
        print(f"\n[real posts, repair billing] no corpus at {CORPUS}: skipped")
        return
    batches = [parse(path.read_text(encoding="utf-8")).segments for path in posts]
    ratios: dict[str, list[list[float]]] = {"no memory": [], "learned": []}
    fake = FakeAWS(miss_rate=0.05)
    os.environ.update(offline_environment(fake.start()))
    try:
        with tempfile.TemporaryDirectory() as folder:
            for offset in range(SPREADS):
                fake.miss_offset = offset
                memory = Path(folder) / f"{offset}.sqlite"
                for label, history in (("no memory", None), ("learned", memory)):
                    ratios[label].append([_billed(glossary, batch, history) for batch in batches])
    finally:
        fake.stop()
    print(f"\n[real posts, repair billed / translatable at 5% misses: each post's mean over the "
          f"{SPREADS} ways of spreading the ignored rows]")  # fmt: skip
    for label, runs in ratios.items():
        means = [sum(run[i] for run in runs) / len(runs) for i in range(len(posts))]
        within = sum(1 for m in means if m <= 1.15)
        print(f"  repair, {label}: min {min(means):.2f}x, median {median(means):.3f}x, max "
              f"{max(means):.2f}x; {within} of {len(means)} posts within 1.15x")  # fmt: skip


def _billed(glossary: Glossary, batch: tuple[Segment, ...], history: Path | None) -> float:
    engine = new_engine(glossary, "repair", quiet=True, history=history)
    engine.translate(batch)
    return engine.usage.billed_characters / sum(len(s.plain) for s in batch)


def _within(repair: Figures, strict: Figures) -> tuple[float, float, float, float]:
    """1.0 for each target ``repair`` meets: accuracy, billed, wall time, requests."""
    bound = strict.requests + math.ceil(repair.wrong_bytes / 9000)
    return (
        float(repair.accuracy >= 1.0),
        float(repair.billed / repair.translatable <= 1.15),
        float(repair.wall / repair.floor <= 1.6),
        float(repair.requests <= bound),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("--only", choices=["post"], help="only the bench post's batched runs")
    only = parser.parse_args().only
    post = make_post()
    batch = parse(post).segments
    glossary = load_glossary([ROOT / "glossary"])
    print(f"post: {len(post.split())} words, {len(batch)} segments; latency {LATENCY * 1000:.0f}"
          f" ms, {RATE:g} requests/s, --jobs {JOBS}")  # fmt: skip
    with fake_server() as fake:
        fast, plain_billed = batched_run(fake, batch, None)
        batched_run(fake, batch, glossary, "strict", plain_billed)
        batched_run(fake, batch, glossary, "terminology")
        if only == "post":
            return
        slow = sequential_run(batch)
        print(f"  speed-up of batched over sequential: {slow / fast:.0f}x (>= 10)")
        storm_run(fake, batch)
        with tempfile.TemporaryDirectory() as folder:
            memories = {f"{rate:.0%}": Path(folder) / f"{rate:.0%}.sqlite" for rate in MISSES}
            print(f"\n[repair on this post, median of {TRIALS} runs each; 'learned': the runs"
                  " share a memory]")  # fmt: skip
            show_repair(repair_runs(fake, batch, glossary, TRIALS, memories))
            corpus_repair(fake, glossary, memories)
    corpus_billing(glossary)
    corpus_repair_billing(glossary)


if __name__ == "__main__":
    main()
