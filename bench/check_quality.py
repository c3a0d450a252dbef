"""Precision and recall of `translate check` on the labelled pairs in tests/data/check-cases/.

Usage: python bench/check_quality.py [--cases DIR ...] [--verbose]
By default five sets are scored: tests/data/check-cases/ (written alongside the rules), and
tests/data/check-heldout/, tests/data/check-heldout2/, tests/data/check-heldout3/ (six whole
posts) and tests/data/check-heldout4/ (a team glossary that differs from the shipped one), each
written blind, before the checker was run on it (see their READMEs).
Each case folder holds en.md, vi.md and expected.json (a list of {"line", "term", "kind"}, the
line in vi.md, 1-based; an empty list for a clean pair). The `translate` executable of this
interpreter's environment checks every vi.md against its en.md twice, once with the shipped
glossary and once with the set's own TBX (tests/data/check-cases/glossary.tbx), and a third time
with the set's Amazon Translate CSV where it has one (glossary.csv). Findings are
matched one to one to expected entries (same kind, same term or an expected term of null, same
line or within an entry's "tolerance"; an entry's "also" names a second kind that reports the
same mistake, e.g. a wrong meaning seen as a dropped term). Precision and recall are printed per
glossary, overall and per kind, with the wall time; --verbose lists misses and false alarms.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# The checker's rule names, and the kind of mistake each one reports. A rule missing from this
# table is scored under its own name.
RULE_KINDS: dict[str, str] = {
    "missing-term": "missing-term",
    "forbidden-rendering": "forbidden-rendering",
    "name-altered": "name-altered",
    "inconsistent-rendering": "inconsistent-rendering",
    "wrong-meaning": "wrong-meaning",
    "dropped-term": "dropped-term",
    "dropped-passage": "dropped-passage",
    "dropped-clause": "dropped-clause",
    "number-mismatch": "number-mismatch",
    "link-mismatch": "link-mismatch",
    "code-mismatch": "code-mismatch",
    "untranslated-text": "untranslated-text",
}
KINDS = (
    "name-altered", "wrong-meaning", "forbidden-rendering", "dropped-term", "dropped-clause",
    "dropped-passage", "number-mismatch", "link-mismatch", "code-mismatch", "missing-term",
    "inconsistent-rendering", "untranslated-text",
)  # fmt: skip
ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "data" / "check-cases"
HELDOUT = ROOT / "tests" / "data" / "check-heldout"
HELDOUT2 = ROOT / "tests" / "data" / "check-heldout2"
HELDOUT3 = ROOT / "tests" / "data" / "check-heldout3"
HELDOUT4 = ROOT / "tests" / "data" / "check-heldout4"
SHIPPED = ROOT / "src" / "translate" / "seed_glossary"
VENDORS = ("amazon ", "aws ")


@dataclass(frozen=True)
class Label:
    """One expected finding: a planted mistake at a line of vi.md."""

    case: str
    line: int
    term: str | None
    kind: str
    tolerance: int = 0
    also: str | None = None


@dataclass(frozen=True)
class Found:
    """One finding of the checker, with its rule already mapped to a kind."""

    case: str
    line: int
    term: str | None
    kind: str


@dataclass
class Score:
    """Matched pairs, labels no finding matched, findings no label matched."""

    hits: list[tuple[Label, Found]] = field(default_factory=list)
    misses: list[Label] = field(default_factory=list)
    false_alarms: list[Found] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.hits += other.hits
        self.misses += other.misses
        self.false_alarms += other.false_alarms

    def precision(self) -> float:
        reported = len(self.hits) + len(self.false_alarms)
        return len(self.hits) / reported if reported else 1.0

    def recall(self) -> float:
        planted = len(self.hits) + len(self.misses)
        return len(self.hits) / planted if planted else 1.0

    def of_kind(self, kind: str) -> Score:
        return Score(
            [h for h in self.hits if h[0].kind == kind],
            [m for m in self.misses if m.kind == kind],
            [f for f in self.false_alarms if f.kind == kind],
        )


def same_term(expected: str | None, found: str | None) -> bool:
    """A null expected term matches any; otherwise equal up to case and a vendor prefix, or one
    is a whole-word part of the other (the glossary decides whether "đường ống dữ liệu" is
    forbidden under "pipeline" or under "data pipeline")."""
    if expected is None:
        return True
    if found is None:
        return False
    a, b = _unprefixed(expected.casefold().strip()), _unprefixed(found.casefold().strip())
    return a == b or _within(a, b) or _within(b, a)


def _within(part: str, whole: str) -> bool:
    return f" {part} " in f" {whole} "


def _unprefixed(term: str) -> str:
    for vendor in VENDORS:
        if term.startswith(vendor):
            return term[len(vendor) :]
    return term


def matches(label: Label, found: Found) -> bool:
    return (
        label.case == found.case
        and found.kind in (label.kind, label.also)
        and abs(label.line - found.line) <= label.tolerance
        and same_term(label.term, found.term)
    )


def score(labels: Sequence[Label], findings: Sequence[Found]) -> Score:
    """Match findings to labels one to one; an exact line is preferred over a tolerated one."""
    result = Score()
    left = list(findings)
    for label in sorted(labels, key=lambda lab: lab.tolerance):
        candidates = [f for f in left if matches(label, f)]
        if not candidates:
            result.misses.append(label)
            continue
        best = min(candidates, key=lambda f: abs(f.line - label.line))
        left.remove(best)
        result.hits.append((label, best))
    result.false_alarms = left
    return result


def load_labels(case: Path) -> list[Label]:
    rows = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    fields = ("line", "term", "kind", "tolerance", "also")
    return [Label(case.name, **{k: row[k] for k in fields if k in row}) for row in rows]


def run_check(translate: Path, case: Path, glossary: Path) -> list[Found]:
    command = [str(translate), "check", "--format", "json", "--source", "en.md"]
    command += ["--glossary", str(glossary), "vi.md"]
    done = subprocess.run(command, cwd=case, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(f"Error: translate check failed on {case.name}: {done.stderr.strip()}")
    return [
        Found(case.name, row["line"], row.get("term"), RULE_KINDS.get(row["rule"], row["rule"]))
        for row in json.loads(done.stdout or "[]")
    ]


def measure(translate: Path, cases: Iterable[Path], glossary: Path) -> Score:
    total = Score()
    for case in cases:
        total.add(score(load_labels(case), run_check(translate, case, glossary)))
    return total


def report(name: str, result: Score, seconds: float, verbose: bool) -> None:
    print(f"\n## {name}: {seconds:.1f} s")
    print(f"{'kind':24} {'planted':>7} {'found':>6} {'hits':>5} {'precision':>9} {'recall':>7}")
    for kind in ("all", *KINDS):
        part = result if kind == "all" else result.of_kind(kind)
        planted = len(part.hits) + len(part.misses)
        reported = len(part.hits) + len(part.false_alarms)
        if kind != "all" and not planted and not reported:
            continue
        print(
            f"{kind:24} {planted:7} {reported:6} {len(part.hits):5} "
            f"{part.precision():9.2f} {part.recall():7.2f}"
        )
    if verbose:
        for label in result.misses:
            print(f"  miss        {label.case}/vi.md:{label.line} {label.kind} {label.term}")
        for found in result.false_alarms:
            print(f"  false alarm {found.case}/vi.md:{found.line} {found.kind} {found.term}")


def set_glossaries(folder: Path) -> list[tuple[str, Path]]:
    """The shipped glossary, the set's TBX, and its Amazon Translate CSV when it has one."""
    found = [("shipped glossary", SHIPPED), ("set TBX", folder / "glossary.tbx")]
    if (folder / "glossary.csv").is_file():
        found.append(("set CSV", folder / "glossary.csv"))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cases", type=Path, nargs="+", default=[CASES, HELDOUT, HELDOUT2, HELDOUT3, HELDOUT4]
    )
    parser.add_argument("--verbose", action="store_true", help="list misses and false alarms")
    args = parser.parse_args()
    translate = Path(sys.executable).parent / "translate"
    for number, given in enumerate(args.cases):
        folder = given.resolve()  # each check runs in its case's folder
        cases = sorted(p.parent for p in folder.glob("*/expected.json"))
        labels = sum(len(load_labels(c)) for c in cases)
        clean = sum(1 for c in cases if not load_labels(c))
        print(f"{chr(10) if number else ''}# {folder.name}: {len(cases)} pairs, {clean} clean, "
              f"{labels} planted mistakes")  # fmt: skip
        for name, glossary in set_glossaries(folder):
            start = time.perf_counter()
            result = measure(translate, cases, glossary)
            report(name, result, time.perf_counter() - start, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
