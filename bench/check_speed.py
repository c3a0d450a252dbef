"""`translate check` on 10 corpus files as pre-commit runs it: target under 0.5 s wall, start-up in.

Usage: python bench/check_speed.py [--corpus DIR] [--every-rule]
Copies 5 corpus pairs (vi.md + en.md, 10 files) into a temporary folder, runs the `translate`
executable of this interpreter's environment on the 10 files 5 times, and prints the median wall
time and its ratio to the target. ``--every-rule`` adds ``--all-terms --consistency`` (every rule
on).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 0.5
ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpus" / "pairs"


def copy_pairs(corpus: Path, into: Path, count: int = 5) -> list[Path]:
    files: list[Path] = []
    for folder in sorted(p.parent for p in corpus.glob("*/en.md"))[:count]:
        for name in ("vi.md", "en.md"):
            target = into / folder.name / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(folder / name, target)
            files.append(target)
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--every-rule", action="store_true", help="--all-terms --consistency")
    args = parser.parse_args()
    translate = Path(sys.executable).parent / "translate"
    with tempfile.TemporaryDirectory() as tmp:
        files = copy_pairs(args.corpus, Path(tmp))
        command = [str(translate), "check", "--glossary", str(ROOT / "glossary"), *map(str, files)]
        if args.every_rule:
            command += ["--all-terms", "--consistency"]
        times = []
        for _ in range(5):
            start = time.perf_counter()
            result = subprocess.run(command, capture_output=True, text=True)
            times.append(time.perf_counter() - start)
            if result.returncode not in (0, 1):
                print(result.stderr, file=sys.stderr)
                return 1
    median = statistics.median(times)
    print(f"translate check on {len(files)} files: median {median:.3f} s of 5 runs")
    print(f"target {TARGET_S} s: {median / TARGET_S:.2f}x of the budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
