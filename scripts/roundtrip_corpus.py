"""Identity round trip over the corpus: parse every en.md and vi.md, render each segment as itself.

Usage: python scripts/roundtrip_corpus.py [--corpus DIR]
Prints one line per file and a total such as ``30/30 files identical``; exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from translate.document.markdown import parse, render

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pairs"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT, help="folder of */en.md, */vi.md")
    args = parser.parse_args()
    files = sorted(args.corpus.glob("*/en.md")) + sorted(args.corpus.glob("*/vi.md"))
    if not files:
        print(f"no */en.md or */vi.md under {args.corpus}", file=sys.stderr)
        return 2
    same = 0
    for path in files:
        text = path.read_bytes().decode("utf-8")
        document = parse(text)
        identical = render(document, document.identity()) == text
        same += identical
        status = "identical" if identical else "DIFFERENT"
        print(f"{status}  {len(document.segments):4d} segments  {path.parent.name}/{path.name}")
    print(f"{same}/{len(files)} files identical")
    return 0 if same == len(files) else 1


if __name__ == "__main__":
    sys.exit(main())
