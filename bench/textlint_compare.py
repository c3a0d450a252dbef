"""`translate check` vs textlint + textlint-rule-terminology on the corpus: target >= 5x faster.

Usage: python bench/textlint_compare.py [--corpus DIR]
Installs textlint and textlint-rule-terminology with npm into a temporary folder (if npm fails,
says so and exits 0 with no ratio), writes a terminology rule with the same term list as the
shipped glossary (each forbidden text -> its preferred rendering; mis-cased service names -> their
canonical form; ``defaultTerms: false``), times both tools over the same files in one run, and
prints both times (best of ``--runs`` runs each, the two tools taking turns, after one untimed
warm-up run of each, translate's bytecode compiled first as an installed package has it) and
the ratio.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

from translate.glossary import load_glossary

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpus" / "pairs"


def terms() -> list[list[str]]:
    """textlint-rule-terminology pairs ``[pattern, replacement]`` from the shipped glossary."""
    pairs: list[list[str]] = []
    for entry in load_glossary([ROOT / "glossary"]).entries:
        for bad in entry.forbidden:
            pairs.append([re.escape(bad.text), entry.preferred])
        if entry.keep and entry.case == "exact":
            for form in entry.source_forms:
                if form.lower() != form:  # "Sagemaker" (any casing but the right one)
                    pairs.append([f"(?i)(?<![\\w-])(?!{re.escape(form)})"
                                  f"{re.escape(form)}(?![\\w-])", form])  # fmt: skip
    return pairs


def install(folder: Path) -> bool:
    npm = shutil.which("npm")
    if npm is None:
        return False
    command = [npm, "install", "--silent", "--no-audit", "--no-fund", "textlint",
               "textlint-rule-terminology"]  # fmt: skip
    return subprocess.run(command, cwd=folder, capture_output=True).returncode == 0


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"{command[0]} failed: {result.stderr.strip()[:500]}")
    return elapsed


def compile_bytecode() -> None:
    """translate's modules as bytecode, as pip leaves an installed package (and as any first run
    does, unless PYTHONDONTWRITEBYTECODE is set: then every run would compile them again)."""
    package = ROOT / "src" / "translate"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each tool (best kept)")
    args = parser.parse_args()
    files = sorted(str(p) for p in args.corpus.glob("*/*.md"))
    with tempfile.TemporaryDirectory(prefix="textlint-") as tmp:
        folder = Path(tmp)
        (folder / "package.json").write_text('{"private": true}\n', encoding="utf-8")
        if not install(folder):
            print("npm install textlint textlint-rule-terminology failed: no ratio")
            return 0
        rule = {"defaultTerms": False, "terms": terms(), "skip": ["CodeBlock", "Code", "Link"]}
        config = {"rules": {"terminology": rule}}
        (folder / ".textlintrc.json").write_text(json.dumps(config), encoding="utf-8")
        textlint = [str(folder / "node_modules" / ".bin" / "textlint"), *files]
        translate = [str(Path(sys.executable).parent / "translate"), "check", "--glossary",
                     str(ROOT / "glossary"), *files]  # fmt: skip
        compile_bytecode()
        timed(textlint, folder)  # warm-up: file system cache, translate's checker cache
        timed(translate, folder)
        their_times: list[float] = []
        our_times: list[float] = []
        for _ in range(max(args.runs, 1)):
            their_times.append(timed(textlint, folder))
            our_times.append(timed(translate, folder))
        theirs, ours = min(their_times), min(our_times)
    print(f"{len(files)} files, {len(terms())} terminology patterns, best of {len(our_times)} runs")
    their_median, our_median = median(their_times), median(our_times)
    print(f"textlint + textlint-rule-terminology: {theirs:.3f} s (median {their_median:.3f} s)")
    print(f"translate check:                      {ours:.3f} s (median {our_median:.3f} s)")
    print(f"ratio: translate check is {theirs / ours:.1f}x faster (target >= 5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
