"""What `translate post` keeps of real AWS blog pages, in totals (scripts/check_extract.py).

Usage: python bench/extract_fidelity.py
Runs scripts/check_extract.py on the two full 2019 pages and the eight 2022-2026 bodies of
../shared (the bodies as saved files), then on the eight bodies wrapped in each test page shell,
and prints the per-page table once and each run's totals: paragraphs, code blocks byte for byte,
headings, list items, tables, images and links kept, junk lines, and the pages that came out whole
(target: all of them, 0 junk lines).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "check_extract.py"
BODIES = ROOT.parent / "shared" / "aws-pages" / "rss-bodies"
SHELLS = ["schema-org", "blog-post-content", "json-ld", "no-marker"]


def run(*args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, cwd=ROOT
    )
    if done.returncode == 2:
        raise SystemExit(done.stderr.strip())
    return done.stdout.rstrip("\n").splitlines()


def main() -> None:
    table = run()
    print("Full 2019 pages and 2022-2026 bodies, as saved files:")
    print("\n".join(table))
    print()
    print("The eight bodies wrapped in each page shell, totals:")
    rows = [["shell", *table[0].split()[1:]]]
    for shell in SHELLS:
        rows.append([shell, *run("--pages", str(BODIES), "--shell", shell)[-1].split()[3:]])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print(
            "  ".join(
                cell.rjust(w) if i else cell.ljust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
        )


if __name__ == "__main__":
    main()
