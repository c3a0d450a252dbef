"""Run ``translate check`` over the corpus pairs with the shipped glossary; print counts per rule.

Usage: python scripts/check_corpus.py [--corpus DIR] [--glossary G] [--show RULE] [--sample N]
       [--seed S]

Prints one line per pair (findings by rule) and the totals. ``--show RULE`` also prints findings of
that rule (all of them, or a random ``--sample N``) with the aligned English and Vietnamese blocks,
for precision review.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

from translate.check import RULES, Checker, Finding, Text, texts, windows
from translate.document import Document
from translate.document.markdown import decode, parse
from translate.glossary import TermMatcher, load_glossary

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpus" / "pairs"


def _block(document: Document, items: list[Text], finding: Finding) -> int:
    """Index of the target block holding ``finding``."""
    for index, text in enumerate(items):
        if text.offsets and text.offsets[0] <= finding.offset <= text.offsets[-1]:
            return index
    return -1


def _review(checker: Checker, finding: Finding, en: Document | None, vi: Document) -> str:
    sources, targets = (texts(en) if en else []), texts(vi)
    index = _block(vi, targets, finding)
    found = [checker.matcher.find_target(t.plain) for t in targets]
    pairs = checker.align(sources, targets, found)[1]
    spans = {j: (i, lo, hi) for i, j, lo, hi in windows(pairs, len(targets))}
    if index in spans:
        i, lo, hi = spans[index]
        english = sources[i].plain
        index_text = " | ".join(targets[k].plain for k in range(lo, hi))
    else:
        english, index_text = "(no aligned source block)", targets[index].plain
    vietnamese = index_text
    return (
        f"--- {finding.path}:{finding.line}:{finding.column} {finding.rule} "
        f"term={finding.term!r} found={finding.found!r}\n    {finding.message}\n"
        f"    EN: {english[:250]}\n    VI: {vietnamese[:250]}\n"
    )


def _load(path: Path) -> Document:
    return parse(decode(path.read_bytes(), str(path)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT, help="folder of */en.md, */vi.md")
    parser.add_argument("--glossary", type=Path, default=ROOT / "glossary")
    parser.add_argument("--show", choices=list(RULES), help="print findings of this rule")
    parser.add_argument("--sample", type=int, default=0, help="print a random sample of N")
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    folders = sorted(p.parent for p in args.corpus.glob("*/vi.md"))
    if not folders:
        print(f"no */vi.md under {args.corpus}", file=sys.stderr)
        return 2
    checker = Checker(TermMatcher(load_glossary([args.glossary])))
    total: Counter[str] = Counter()
    shown: list[tuple[Finding, Document | None, Document]] = []
    for folder in folders:
        vi = _load(folder / "vi.md")
        en = _load(folder / "en.md") if (folder / "en.md").is_file() else None
        findings = checker.check(f"{folder.name}/vi.md", vi, en)
        counts = Counter(f.rule for f in findings)
        total += counts
        print(f"{folder.name:40s} " + "  ".join(f"{r}={counts[r]}" for r in RULES))
        shown += [(f, en, vi) for f in findings if f.rule == args.show]
    print(f"{'TOTAL':40s} " + "  ".join(f"{r}={total[r]}" for r in RULES))
    print(f"{sum(total.values())} findings in {len(folders)} pairs")
    if args.sample and len(shown) > args.sample:
        shown = random.Random(args.seed).sample(shown, args.sample)
    for finding, en, vi in shown:
        print(_review(checker, finding, en, vi))
    return 0


if __name__ == "__main__":
    sys.exit(main())
