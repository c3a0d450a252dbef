"""Requests, tokens, cost, repairs, term accuracy, money lost to a kill and the estimate of
``--engine bedrock`` against the local fake model.

Usage: python bench/bedrock_speed.py [--corpus DIR]

Part 1, wall time: the ~150-segment post of ``bench/translate_speed.py`` (its ``make_post``)
with the project glossary in strict mode, against the fake model of ``tests/fake_aws.py``
scaled to run in seconds: 200 ms a call plus 1.5 ms an output token (a real model is 5-10x
slower per token). A clean run (requests, tokens, cost, wall time against the slowest single
request), then one where the model drops a token, paraphrases a term, answers malformed JSON,
stops at ``max_tokens``, adds text, drops a segment, throttles and fails with
``ModelErrorException``, once each (extra requests, wall time, same result as the clean run).

Part 2, money: the bench post and every English post of the corpus (``../shared/corpus``), each
with the project glossary, strict, ``--jobs 8``, a fake model at 20 ms a call:

- the ``--dry-run`` estimate, a range from no repair to the first pass plus the repair share
  (``REPAIR_SHARE`` with no past run); and the upper end the same engine gives when the memory
  holds the costs of the runs of the posts above it ("top, past runs"), as ``translate post``
  keeps them: the highest share of the last 10 runs;
- a clean run and a run with those faults once each: requests, tokens in/out/cache read/cache
  write, cost, repairs (requests beyond the first pass), term accuracy after repair (the
  scorer's rule, ``translate eval``; a run that ends with a term still wrong exits 1 and names
  it: counted as "named"), the repair share (what repairs, billed retries and the Amazon
  Translate fallback added to the run's first pass) and whether each cost is inside the range;
  last, "actual inside the printed range: N of M";
- ``translate post`` (a process of its own) killed with SIGKILL by the fake when its request
  half-way through the first pass arrives, then run again: the tokens of answers paid for
  before the kill whose segments the rerun asks for again ("paid twice", target 0).

The fake counts 4 ASCII characters a token and a token for any other character, near what a
real tokenizer does with Vietnamese; its translations are pseudo-Vietnamese, so read token
counts as relative figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import chdir, contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "pairs"
sys.path.insert(0, str(ROOT / "tests"))

from translate_speed import make_post  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from fake_aws import FakeAWS, FakeBedrock, offline_environment  # noqa: E402
from translate.cli import app  # noqa: E402
from translate.document import Segment  # noqa: E402
from translate.document.markdown import parse  # noqa: E402
from translate.engines.base import EngineContext, Usage  # noqa: E402
from translate.engines.bedrock import REPAIR_SHARE, BedrockEngine  # noqa: E402
from translate.errors import EngineError, TranslateError  # noqa: E402
from translate.evaluate import Triple, collect  # noqa: E402
from translate.glossary import Glossary, TermMatcher, load_glossary  # noqa: E402
from translate.memory import memory_key  # noqa: E402
from translate.run.pipeline import translate_document  # noqa: E402

LATENCY, TOKEN_LATENCY, JOBS = 0.2, 0.0015, 8
FAULTS = ["drop_token", "paraphrase_term", "malformed_json", "max_tokens", "extra_text",
          "drop_segment", "throttle", "model_error"]  # fmt: skip
GLOSSARY = ROOT / "glossary"


@contextmanager
def fake_model(latency: float, token_latency: float) -> Iterator[FakeBedrock]:
    fake = FakeAWS()
    url = fake.start()
    os.environ.update(offline_environment(url))
    try:
        yield FakeBedrock(latency=latency, token_latency=token_latency).attach(fake)
    finally:
        fake.stop()


def new_engine(glossary: Glossary, history: Path | None = None) -> BedrockEngine:
    options: dict[str, object] = {"cost_history": str(history)} if history else {}
    engine = BedrockEngine(EngineContext("en", "vi", glossary, "strict", JOBS, options=options))
    engine.connect()  # the client before the clock starts
    return engine


# --- part 1: wall time ---------------------------------------------------------------------------


def timed(
    model: FakeBedrock, batch: tuple[Segment, ...], glossary: Glossary, label: str
) -> tuple[list[str], BedrockEngine, float]:
    engine = new_engine(glossary)
    before = len(model.calls)
    started = time.perf_counter()
    out = engine.translate(batch)
    wall = time.perf_counter() - started
    slowest = LATENCY + TOKEN_LATENCY * max(model.outputs[before:])
    print(f"\n[{label}] {engine.usage.requests} requests, wall {wall:.2f} s")
    print(f"  slowest single request {slowest:.2f} s: wall / slowest {wall / slowest:.2f}")
    for line in engine.usage.lines():
        print(f"  {line}")
    return out, engine, wall


def wall_time(post: str, glossary: Glossary) -> None:
    batch = parse(post).segments
    print(f"post: {len(post.split())} words, {len(batch)} segments; fake model {LATENCY * 1000:.0f}"
          f" ms a call + {TOKEN_LATENCY * 1000:.1f} ms a token, --jobs {JOBS}")  # fmt: skip
    with fake_model(LATENCY, TOKEN_LATENCY) as model:
        estimate = new_engine(glossary).estimate(batch)
        print("\n[--dry-run estimate]")
        for line in estimate.lines():
            print(f"  {line}")
        clean, engine, wall = timed(model, batch, glossary, "clean run, project glossary, strict")
        model.faults = list(FAULTS)
        faulty, repaired, slow = timed(model, batch, glossary, "every misbehaviour once")
        extra = repaired.usage.requests - engine.usage.requests
        print(f"  {extra} extra requests, {model.throttled} throttled, wall {slow / wall:.1f}x the "
              f"clean run; same result as the clean run: {faulty == clean}")  # fmt: skip


# --- part 2: money -------------------------------------------------------------------------------


@dataclass
class Outcome:
    usage: Usage
    accuracy: float | None  # term accuracy after repair, None when the post has no term
    named: int  # terms named as still wrong (the run exits 1)
    share: float = 0.0  # what repairs, billed retries and the fallback added to the first pass


def run(
    model: FakeBedrock, text: str, glossary: Glossary, faults: list[str], history: Path
) -> Outcome:
    model.faults = list(faults)
    engine = new_engine(glossary, history)
    document = parse(text)
    try:
        translation = translate_document(document, engine)
    except EngineError as error:
        named = str(error).count(" rendered ") + str(error).count(" missing (want ")
        return Outcome(engine.usage, None, named or -1, share(engine))
    except TranslateError as error:
        print(f"  ({error})")
        return Outcome(engine.usage, None, -1, share(engine))
    finally:
        model.faults = []
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder, "en.md"), Path(folder, "vi.md")
        source.write_text(text, encoding="utf-8")
        target.write_text(translation.text, encoding="utf-8")
        pairs = collect([Triple(target, target, source)], TermMatcher(glossary))
    accuracy = pairs.terms_matched / pairs.terms_total if pairs.terms_total else None
    return Outcome(engine.usage, accuracy, 0, share(engine))


def share(engine: BedrockEngine) -> float:
    return engine.last_cost.share if engine.last_cost is not None else 0.0


def paid_twice(model: FakeBedrock, text: str, first_pass: int) -> tuple[int, int, int, int]:
    """``translate post`` killed when request ``first_pass // 2 + 1`` arrives, then run again:
    requests answered before the kill, the tokens they cost, and of those tokens: the share of
    segments the rerun asks for again and accepts at once (paid twice: an answer that passed but
    was not kept), and of segments it asks for again to repair (rejected answers)."""
    translate = str(Path(sys.executable).parent / "translate")
    args = ["post", "p.md", "--engine", "bedrock", "-g", str(GLOSSARY), "--jobs", str(JOBS),
            "--accept-wrong-terms"]  # fmt: skip
    with tempfile.TemporaryDirectory() as folder, chdir(folder):
        Path("p.md").write_text(text, encoding="utf-8")
        model.answered.clear()
        model.faults, model.killed = ["ok"] * (first_pass // 2) + ["kill"], False
        child = subprocess.Popen([translate, *args], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)  # fmt: skip
        model.victim = child.pid
        child.wait(timeout=120)
        paid = list(model.answered)
        model.faults, model.killed = [], False
        CliRunner().invoke(app, args)
    asked = Counter(t for texts, _ in model.answered[len(paid) :] for t in texts)
    twice = {"lost": 0, "rejected": 0}
    for texts, tokens in paid:
        size = max(1, sum(len(t) for t in texts))
        for t in texts:
            if asked[t]:
                twice["lost" if asked[t] == 1 else "rejected"] += tokens * len(t) // size
    return len(paid), sum(tokens for _, tokens in paid), twice["lost"], twice["rejected"]


def money(posts: list[tuple[str, str]], glossary: Glossary) -> None:
    print(f"\n[money] {len(posts)} posts, project glossary, strict, --jobs {JOBS}, fake model 20 ms"
          " a call; faults: each misbehaviour once")  # fmt: skip
    print(f"  {'post':34} {'words':>5} {'estimate USD':>15} {'top, past runs':>14}"
          f" {'clean USD':>9} {'faulty USD':>10}"
          f" {'repair share':>12} {'req':>7} {'tokens in/out/read/write (faulty)':>34} {'acc':>4}"
          f" {'killed: paid/twice/rejected':>27}")  # fmt: skip
    inside = learned = twice_total = again_total = posts_with_kill = 0
    shares: list[float] = []
    worst = 1.0
    with fake_model(0.02, 0.0) as model, tempfile.TemporaryDirectory() as folder:
        history = Path(folder, "memory.sqlite")  # what each run cost, as translate post keeps it
        for name, text in posts:
            segments = parse(text).segments
            estimate = new_engine(glossary).estimate(segments)
            top = new_engine(glossary, history).estimate(segments).cost_high_usd
            distinct = {memory_key(s.text): s for s in segments}  # what post sends
            requests = new_engine(glossary).estimate(list(distinct.values())).requests
            clean = run(model, text, glossary, [], history)
            faulty = run(model, text, glossary, FAULTS, history)
            u = faulty.usage
            ok = [estimate.cost_usd <= o.usage.cost_usd <= estimate.cost_high_usd
                  for o in (clean, faulty)]  # fmt: skip
            inside += sum(ok)
            held = sum(estimate.cost_usd <= o.usage.cost_usd <= top for o in (clean, faulty))
            learned += held
            shares += [clean.share, faulty.share]
            accuracy = faulty.accuracy if faulty.named == 0 else None
            worst = min(worst, accuracy if accuracy is not None else 1.0)
            shown = f"{accuracy:.2f}" if accuracy is not None else (
                f"named {faulty.named}" if faulty.named else "-")  # fmt: skip
            killed = "-"
            if requests > 1:
                answered, paid, twice, again = paid_twice(model, text, requests)
                twice_total += twice
                again_total += again
                posts_with_kill += 1
                killed = f"{answered} req {paid}/{twice}/{again}"
            tokens = (f"{u.input_tokens}/{u.output_tokens}/{u.cache_read_tokens}/"
                      f"{u.cache_write_tokens}")  # fmt: skip
            print(
                f"  {name[:34]:34} {len(text.split()):>5} "
                f"{estimate.cost_usd:.3f}-{estimate.cost_high_usd:.3f}{'':>3} "
                f"{top:>8.3f} {held}/2 "
                f"{clean.usage.cost_usd:>7.3f}{' ' if ok[0] else '!'} "
                f"{u.cost_usd:>8.3f}{' ' if ok[1] else '!'} "
                f"{clean.share:>5.2f}/{faulty.share:<5.2f} "
                f"{clean.usage.requests:>3}+{u.requests - clean.usage.requests:<3} "
                f"{tokens:>34} {shown:>4} {killed:>27}"
            )
    print(
        "  (req: clean run + repairs of the faulty run; '!': cost outside the estimated range;"
        " repair share: what repairs and retries added to the first pass, clean/faulty;"
        " top, past runs: the upper end from the cost history of the posts above, and how many"
        " of the two runs it holds)"
    )
    print(f"  repair share, highest: {max(shares):.2f}, median: {statistics.median(shares):.2f}"
          f" (the estimate with no past run uses {REPAIR_SHARE})")  # fmt: skip
    print(f"  with the share the earlier posts' runs measured (the memory's cost history): "
          f"{learned} of {2 * len(posts)} inside")  # fmt: skip
    print(f"  term accuracy after repair, worst post: {worst:.2f} (target 1.00, or named)")
    print(f"  killed half-way, {posts_with_kill} posts: tokens paid twice {twice_total} (target 0);"
          f" tokens of rejected answers asked again {again_total}")  # fmt: skip
    print(f"  actual inside the printed range: {inside} of {2 * len(posts)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    post = make_post()
    glossary = load_glossary([GLOSSARY])
    wall_time(post, glossary)
    corpus = [(p.parent.name, p.read_text(encoding="utf-8"))
              for p in sorted(args.corpus.glob("*/en.md"))]  # fmt: skip
    money([("bench post (translate_speed)", post), *corpus], glossary)


if __name__ == "__main__":
    main()
