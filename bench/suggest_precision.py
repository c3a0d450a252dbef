"""`glossary suggest` on the real corpus posts, against hand labels: precision per post.

Usage: .venv/bin/python bench/suggest_precision.py [--corpus DIR] [--glossary PATH]
Runs suggest() on each corpus pair's en.md with the shipped glossary and the default limit, and
counts the suggestions that tests/data/glossary/suggest/corpus-terms.tsv lists as terms a
translator would want in a glossary; any other suggestion is noise (an unlabelled one too, so
a new suggestion needs a label before it counts). Also prints the time for all posts.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from translate.glossary import load_glossary
from translate.glossary.suggest import read_posts, suggest

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "corpus" / "pairs"
LABELS = ROOT / "tests" / "data" / "glossary" / "suggest" / "corpus-terms.tsv"


def _terms() -> dict[str, set[str]]:
    terms: dict[str, set[str]] = {}
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            pair, term = line.split("\t")
            terms.setdefault(pair, set()).add(term)
    return terms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT, help="folder of */en.md")
    parser.add_argument("--glossary", type=Path, default=ROOT / "glossary")
    args = parser.parse_args()
    posts = sorted(args.corpus.glob("*/en.md"))
    if not posts:
        print(f"no */en.md under {args.corpus}", file=sys.stderr)
        return 2
    glossary, labels = load_glossary([args.glossary]), _terms()
    good = total = 0
    started = time.perf_counter()
    for post in posts:
        found = [s.term for s in suggest(read_posts([post]), glossary)]
        terms = sum(term in labels.get(post.parent.name, set()) for term in found)
        good, total = good + terms, total + len(found)
        share = terms / len(found) if found else 1.0
        print(f"{post.parent.name:40s} {terms:3d} of {len(found):2d} are terms  {share:.2f}")
    elapsed = time.perf_counter() - started
    print(
        f"all {len(posts)} posts: {good} of {total} suggestions are terms, precision "
        f"{good / max(total, 1):.2f}; {elapsed:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
