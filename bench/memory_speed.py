"""The translation memory's three promises, measured against the local fake Amazon Translate.

Usage: python bench/memory_speed.py

Serves the fake from ``tests/fake_aws.py`` (100 ms a call, 20 requests a second) and runs the real
command line, ``translate post``, as a user would (a new process each time, the project glossary
in strict mode, ``SOURCE_DATE_EPOCH`` set) on a ~150-segment post, then prints, from one run:

1. a rerun with nothing changed: requests (target 0) and wall time (target < 1 s, process
   start-up included);
2. a rerun after one paragraph of the source was edited: billed characters against that
   paragraph's own billed characters (target <= 1.05x);
3. a run killed with SIGKILL once part of it is stored, then rerun: billed characters of the rerun
   against what the segments missing from the memory cost (target 1.00x), characters paid twice
   (only the requests in flight at the kill), and whether the output equals an uninterrupted
   run's byte for byte. This run uses ``--jobs 2`` so that the post takes several chunks (with
   the default 8 jobs the whole post is one chunk of about 8 requests: nothing returns before
   everything does, so there is no "halfway" to resume from).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from translate_speed import SENTENCES  # noqa: E402

from fake_aws import FakeAWS, offline_environment  # noqa: E402
from translate.document.markdown import parse  # noqa: E402
from translate.engines.amazon_translate import AmazonTranslateEngine  # noqa: E402
from translate.engines.base import EngineContext  # noqa: E402
from translate.engines.cached import CachedEngine  # noqa: E402
from translate.glossary import load_glossary  # noqa: E402
from translate.memory import Memory  # noqa: E402

LATENCY, RATE = 0.1, 20.0
TRANSLATE = str(Path(sys.executable).parent / "translate")
EDIT = "This paragraph was rewritten after the post went out, with one new sentence."


def make_post(edited: bool = False) -> str:
    blocks = ["---\ntitle: Build a document pipeline on AWS\ndate: 2024-05-01\n---"]
    for section in range(13):
        blocks.append(f"## Step {section + 1}: configure stage {section + 1} of the pipeline")
        for p in range(8):
            n = section * 8 + p
            words = " ".join(SENTENCES[(n + k) % len(SENTENCES)] for k in range(5))
            extra = f" {EDIT}" if edited and n == 40 else ""
            blocks.append(f"Paragraph {n + 1}. {words}{extra}")
        blocks.append(
            "\n".join(f"- {SENTENCES[(section + k) % len(SENTENCES)]}" for k in (2, 5, 7))
        )
        blocks.append("```python\nimport boto3\nclient = boto3.client('s3')\n```")
    return "\n\n".join(blocks) + "\n"


def start_fake() -> FakeAWS:
    fake = FakeAWS(latency=LATENCY, rate=RATE)
    os.environ.update(offline_environment(fake.start()), SOURCE_DATE_EPOCH="1714557600")
    return fake


def post(folder: Path, *args: str) -> float:
    """Run ``translate post`` in ``folder``; its wall time."""
    started = time.perf_counter()
    command = [TRANSLATE, "post", "p.md", "--glossary", str(ROOT / "glossary"), *args]
    subprocess.run(command, cwd=folder, check=True, capture_output=True)
    return time.perf_counter() - started


def context(jobs: int = 8) -> EngineContext:
    return EngineContext("en", "vi", load_glossary([ROOT / "glossary"]), "strict", jobs)


def rerun(fake: FakeAWS, folder: Path) -> None:
    requests = fake.translate_requests
    wall = post(folder)
    sent = fake.translate_requests - requests
    print("\n[1] rerun, nothing changed")
    print(f"  requests {sent} (target 0); wall {wall:.2f} s (target < 1 s): {wall / 1.0:.2f}x")


def one_paragraph(fake: FakeAWS, folder: Path) -> None:
    text = make_post(edited=True)
    (folder / "p.md").write_text(text, encoding="utf-8")
    billed, requests = fake.billed_characters, fake.translate_requests
    post(folder)
    billed, requests = fake.billed_characters - billed, fake.translate_requests - requests
    [segment] = [s for s in parse(text).segments if EDIT in s.text]
    own = AmazonTranslateEngine(context()).estimate([segment]).billed_characters
    print("\n[2] rerun after editing one paragraph")
    print(f"  requests {requests}; billed {billed} chars, the paragraph's own {own}: "
          f"{billed / own:.3f}x (target <= 1.05)")  # fmt: skip


def killed(fake: FakeAWS, base: Path) -> None:
    whole, cut = base / "whole", base / "cut"
    for folder in (whole, cut):
        folder.mkdir()
        (folder / "p.md").write_text(make_post(), encoding="utf-8")
    time.sleep(1.0)
    billed = fake.billed_characters
    post(whole, "--jobs", "2")
    full = fake.billed_characters - billed
    time.sleep(1.0)
    billed = fake.billed_characters
    command = [TRANSLATE, "post", "p.md", "--glossary", str(ROOT / "glossary"), "--jobs", "2"]
    child = subprocess.Popen(command, cwd=cut, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    memory = cut / ".translate" / "memory.sqlite"
    while stored(memory) == 0 and child.poll() is None:
        time.sleep(0.01)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    time.sleep(1.0)  # a request in flight at the kill is billed all the same
    first = fake.billed_characters - billed
    segments = parse(make_post()).segments
    with Memory.open(memory) as store:
        missing = CachedEngine(AmazonTranslateEngine(context(2)), store, context(2))
        owed = missing.estimate(segments).billed_characters
    done = stored(memory)
    billed = fake.billed_characters
    post(cut, "--jobs", "2")
    second = fake.billed_characters - billed
    same = (cut / "posts/p/_index.vi.md").read_bytes() == (
        whole / "posts/p/_index.vi.md"
    ).read_bytes()
    print("\n[3] kill -9 once part of the run is stored, then rerun (--jobs 2)")
    print(
        f"  uninterrupted run billed {full} chars; killed run billed {first} "
        f"({done} of {len(segments)} segments stored at the kill)"
    )
    print(
        f"  rerun billed {second} chars for the missing segments' {owed}: {second / owed:.3f}x "
        "(target 1.00)"
    )
    print(f"  paid twice: {first + second - full} chars (the requests in flight at the kill)")
    print(f"  output equals the uninterrupted run byte for byte: {same} (target True)")  # fmt: skip


def stored(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(path, timeout=5) as db:
            return int(db.execute("SELECT COUNT(*) FROM entries").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def main() -> None:
    text = make_post()
    print(f"post: {len(text.split())} words, {len(parse(text).segments)} segments; latency "
          f"{LATENCY * 1000:.0f} ms, {RATE:g} requests/s; project glossary, strict")  # fmt: skip
    fake = start_fake()
    try:
        with tempfile.TemporaryDirectory() as name:
            base = Path(name)
            (base / "p.md").write_text(text, encoding="utf-8")
            wall = post(base)
            print(f"\n[0] first run: {fake.translate_requests} requests, "
                  f"{fake.billed_characters} billed chars, {wall:.2f} s")  # fmt: skip
            rerun(fake, base)
            one_paragraph(fake, base)
            killed(fake, base)
    finally:
        fake.stop()


if __name__ == "__main__":
    main()
