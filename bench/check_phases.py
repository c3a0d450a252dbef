"""Where `translate check`'s CPU goes on the corpus: start-up, first use, and work per file.

Usage: python bench/check_phases.py [--corpus DIR] [--runs N]
In a fresh interpreter (``--runs`` of them, 5 by default, the least of each kept: a shared
machine only adds to CPU time), as the command runs:
CPU time of importing what ``translate check`` imports, of loading the cached checker, of what
checking the first pair costs beyond checking it again (what each process pays once: YAML and the
checks imported, regular expressions compiled), and of a pass over all the pairs once warm (the
work per file), split into parsing and checking. A forked child inherits the imports and the
checker; the first-use cost it inherits only when the parent paid it before forking
(``translate.check.runner`` does).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpus" / "pairs"

PROBE = """
import json, sys, time
clock = time.process_time
start = clock()
import translate.cli.fast_check, translate.check.report
from pathlib import Path
from translate.check.cache import load_checker
from translate.check.runner import pair_files, parse_file, read_post
imported = clock()
checker = load_checker([Path(sys.argv[1])])
loaded = clock()
glossary = checker.matcher.glossary
pairs = pair_files([Path(p) for p in sys.argv[2:]], glossary.source_language,
                   glossary.target_language, None)

def one_pass(pairs):
    parsing = checking = 0.0
    for target, origin in pairs:
        began = clock()
        document = parse_file(target, read_post(target))
        source = parse_file(origin, read_post(origin)) if origin else None
        parsed = clock()
        checker.check(str(target), document, source)
        parsing, checking = parsing + parsed - began, checking + clock() - parsed
    return parsing, checking

cold = sum(one_pass(pairs[:1]))
warm = one_pass(pairs)
again = sum(one_pass(pairs[:1]))
print(json.dumps({"imports": imported - start, "checker": loaded - imported,
                  "first pair": cold, "first pair again": again, "parse": warm[0], "check": warm[1],
                  "pairs": len(pairs)}))
"""


def measure(files: list[str], runs: int) -> dict[str, float]:
    command = [sys.executable, "-c", PROBE, str(ROOT / "glossary"), *files]
    subprocess.run(command, capture_output=True, check=True)  # the checker cache, warm
    samples = [
        json.loads(subprocess.run(command, capture_output=True, check=True, text=True).stdout)
        for _ in range(runs)
    ]
    return {key: min(s[key] for s in samples) for key in samples[0]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=5, help="fresh interpreters (least kept)")
    args = parser.parse_args()
    files = sorted(str(p) for p in args.corpus.glob("*/*.md"))
    got = measure(files, max(args.runs, 1))
    work = got["parse"] + got["check"]
    first_use = got["first pair"] - got["first pair again"]
    print(f"{len(files)} files, {int(got['pairs'])} pairs; CPU, least of {args.runs} processes")
    print(f"start-up: imports {got['imports']:.3f} s, the cached checker {got['checker']:.3f} s")
    print(f"first use (once per process): {first_use:.3f} s")
    print(f"per-file work: {work:.3f} s = parsing {got['parse']:.3f} s "
          f"({got['parse'] / work:.0%}) + checking {got['check']:.3f} s "
          f"({got['check'] / work:.0%})")  # fmt: skip
    once = got["imports"] + got["checker"] + first_use
    print(f"paid once per run: {once:.3f} s, {once / (once + work):.0%} of a serial run's CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
