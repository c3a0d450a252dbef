"""Requests, tokens, cost and wall time of ``--engine bedrock`` against the local fake model.

Usage: python bench/bedrock_speed.py

Translates the ~150-segment post of ``bench/translate_speed.py`` (its ``make_post``) with the
project glossary in strict mode, against the fake model of ``tests/fake_aws.py``, scaled to run
in seconds: 200 ms a call plus 1.5 ms an output token (a real model is 5-10x slower per token).
It prints, from one run each:

- a clean run: requests, tokens (in, out, cache read, cache write), cost at the default model's
  rates, wall time against the slowest single request (the floor when every batch fits in
  ``--jobs``), and the ``--dry-run`` estimate next to it;
- a faulty run: the model drops a token, paraphrases a term, answers malformed JSON, stops at
  ``max_tokens``, adds text, drops a segment and throttles, once each: the extra requests, the
  wall time, and whether the result equals the clean run.

The fake counts 4 characters a token for every language, so its token counts are lower than a
real model's for Vietnamese (the estimate assumes 2); read them as relative figures.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from translate_speed import make_post  # noqa: E402

from fake_aws import FakeAWS, FakeBedrock, offline_environment  # noqa: E402
from translate.document import Segment  # noqa: E402
from translate.document.markdown import parse  # noqa: E402
from translate.engines.base import EngineContext  # noqa: E402
from translate.engines.bedrock import BedrockEngine  # noqa: E402
from translate.glossary import Glossary, load_glossary  # noqa: E402

LATENCY, TOKEN_LATENCY, JOBS = 0.2, 0.0015, 8
FAULTS = ["drop_token", "paraphrase_term", "malformed_json", "max_tokens", "extra_text",
          "drop_segment", "throttle"]  # fmt: skip


@contextmanager
def fake_model() -> Iterator[FakeBedrock]:
    fake = FakeAWS()
    url = fake.start()
    os.environ.update(offline_environment(url))
    try:
        yield FakeBedrock(latency=LATENCY, token_latency=TOKEN_LATENCY).attach(fake)
    finally:
        fake.stop()


def new_engine(glossary: Glossary) -> BedrockEngine:
    engine = BedrockEngine(EngineContext("en", "vi", glossary, "strict", JOBS))
    engine.connect()  # the client before the clock starts
    return engine


def run(
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


def main() -> None:
    post = make_post()
    batch = parse(post).segments
    glossary = load_glossary([ROOT / "glossary"])
    print(f"post: {len(post.split())} words, {len(batch)} segments; fake model {LATENCY * 1000:.0f}"
          f" ms a call + {TOKEN_LATENCY * 1000:.1f} ms a token, --jobs {JOBS}")  # fmt: skip
    with fake_model() as model:
        estimate = new_engine(glossary).estimate(batch)
        print("\n[--dry-run estimate]")
        for line in estimate.lines():
            print(f"  {line}")
        clean, engine, wall = run(model, batch, glossary, "clean run, project glossary, strict")
        model.faults = list(FAULTS)
        faulty, repaired, slow = run(model, batch, glossary, "every misbehaviour once")
        extra = repaired.usage.requests - engine.usage.requests
        print(f"  {extra} extra requests, {model.throttled} throttled, wall {slow / wall:.1f}x the "
              f"clean run; same result as the clean run: {faulty == clean}")  # fmt: skip


if __name__ == "__main__":
    main()
