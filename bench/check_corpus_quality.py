"""Score `translate check` on the real corpus pairs against hand labels: precision and recall.

Usage: python bench/check_corpus_quality.py [--corpus DIR] [--all-terms] [--consistency] [--strict]
       [--verbose]

Runs the `translate` executable of this interpreter's environment on every corpus pair (vi.md with
en.md as its source, shipped glossary, default options; `--all-terms` and `--consistency` are passed
on to `translate check`) and matches
each finding to the hand verdicts of tests/data/corpus-labels.json by (pair, line, rule, term).
Prints the share of error findings that are real (a translation mistake or a rendering the glossary
bans), the same for warnings, and the recall on tests/data/corpus-misses.json, the mistakes found by
reading pairs side by side: a mistake counts as found when a finding of a fitting rule is on the
same pair within one line of it. Findings with no verdict are listed; `--strict` exits 1 if any.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpus" / "pairs"
LABELS = ROOT / "tests" / "data" / "corpus-labels.json"
MISSES = ROOT / "tests" / "data" / "corpus-misses.json"
TARGETS = {"errors": 0.95, "warnings": 0.80, "recall": 0.80}
REAL = {"mistake", "ban"}
VERDICTS = REAL | {"false-alarm"}

# Which checker rules can report a mistake of each kind (a kind may have several).
KIND_RULES: dict[str, set[str]] = {
    "name-altered": {"name-altered", "missing-term"},
    # (an English fragment left in a sentence is a wrong-meaning mistake the reviewers listed)
    "wrong-meaning": {"forbidden-rendering", "missing-term", "wrong-meaning", "untranslated-text"},
    "forbidden-rendering": {"forbidden-rendering"},
    "dropped-term": {"missing-term", "dropped-term"},
    "dropped-clause": {"dropped-passage", "dropped-clause"},
    "dropped-passage": {"dropped-passage"},
    "number-mismatch": {"number-mismatch", "dropped-passage"},
    "link-mismatch": {"link-mismatch", "dropped-passage"},
    "code-mismatch": {"code-mismatch", "dropped-passage"},
    "missing-term": {"missing-term"},
    "inconsistent-rendering": {"inconsistent-rendering"},
}

Key = tuple[str, int, str, str]
# Rules whose term is a passage, an English fragment or a line of code: labels name it by a
# digest, so that they hold no corpus text.
DIGEST_RULES = {"dropped-passage", "dropped-clause", "code-mismatch", "untranslated-text"}


def term_key(rule: str, term: str) -> str:
    """The term as labels name it: itself, or a short digest of a passage or a line of code."""
    if rule in DIGEST_RULES:
        return "sha1:" + hashlib.sha1(term.encode("utf-8")).hexdigest()[:12]
    return term


@dataclass(frozen=True)
class Finding:
    pair: str
    line: int
    rule: str
    severity: str
    term: str

    @property
    def key(self) -> Key:
        return (self.pair, self.line, self.rule, term_key(self.rule, self.term))


@dataclass(frozen=True)
class Miss:
    pair: str
    line: int
    kind: str
    term: str | None
    note: str


@dataclass
class Score:
    verdicts: dict[str, Counter[str]]  # severity -> verdict -> count
    unlabelled: list[Finding]
    found: list[Miss]
    missed: list[Miss]
    false_alarms: list[tuple[Finding, str]]


def load_labels(path: Path) -> dict[Key, dict[str, Any]]:
    """Labels by (pair, line, rule, term); a bad verdict or a repeated key is an error."""
    labels: dict[Key, dict[str, Any]] = {}
    for item in json.loads(path.read_text(encoding="utf-8")):
        key: Key = (item["pair"], int(item["line"]), item["rule"], item["term"] or "")
        if item["verdict"] not in VERDICTS:
            raise ValueError(f"{path}: unknown verdict {item['verdict']!r} for {key}")
        if key in labels:
            raise ValueError(f"{path}: two labels for {key}")
        labels[key] = item
    return labels


def load_misses(path: Path) -> tuple[list[str], list[Miss]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    misses = [
        Miss(m["pair"], int(m["line"]), m["kind"], m.get("term"), m.get("note", ""))
        for m in data["misses"]
    ]
    unknown = {m.kind for m in misses} - set(KIND_RULES)
    if unknown:
        raise ValueError(f"{path}: unknown kinds {sorted(unknown)}")
    return list(data["pairs_read"]), misses


def is_found(miss: Miss, findings: list[Finding]) -> bool:
    """A finding of a fitting rule on the same pair, within one line of the mistake."""
    rules = KIND_RULES[miss.kind]
    return any(
        f.pair == miss.pair and f.rule in rules and abs(f.line - miss.line) <= 1 for f in findings
    )


def score(findings: list[Finding], labels: dict[Key, dict[str, Any]], misses: list[Miss]) -> Score:
    verdicts: dict[str, Counter[str]] = {"error": Counter(), "warning": Counter()}
    result = Score(verdicts, [], [], [], [])
    for finding in findings:
        label = labels.get(finding.key)
        if label is None:
            result.unlabelled.append(finding)
            continue
        verdicts.setdefault(finding.severity, Counter())[label["verdict"]] += 1
        if label["verdict"] == "false-alarm":
            result.false_alarms.append((finding, label.get("reason", "")))
    for miss in misses:
        (result.found if is_found(miss, findings) else result.missed).append(miss)
    return result


def ratio(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / whole:.2f}" if whole else "0/0 = n/a"


def summary(result: Score, pairs: int, pairs_read: int, options: list[str]) -> list[str]:
    options_text = " ".join(options) or "default options"
    total = sum(sum(c.values()) for c in result.verdicts.values()) + len(result.unlabelled)
    lines = [f"Corpus check quality: {pairs} real pairs, shipped glossary, {options_text}"]
    lines.append(f"  findings {total}, without a verdict {len(result.unlabelled)}")
    for severity, name in (("error", "errors"), ("warning", "warnings")):
        counts = result.verdicts.get(severity, Counter())
        real = counts["mistake"] + counts["ban"]
        lines.append(
            f"  {name + ' real':14s} {ratio(real, sum(counts.values())):18s} "
            f"(mistake {counts['mistake']}, ban {counts['ban']}, "
            f"false alarm {counts['false-alarm']})  target >= {TARGETS[name]:.2f}"
        )
    found = len(result.found)
    lines.append(
        f"  {'recall':14s} {ratio(found, found + len(result.missed)):18s} "
        f"(mistakes found by reading {pairs_read} pairs side by side)  "
        f"target >= {TARGETS['recall']:.2f}"
    )
    lines.append("  recall by kind " + by_kind(result))
    return lines


def by_kind(result: Score) -> str:
    found = Counter(m.kind for m in result.found)
    total = found + Counter(m.kind for m in result.missed)
    return ", ".join(f"{kind} {found[kind]}/{n}" for kind, n in sorted(total.items()))


def details(result: Score, verbose: bool) -> list[str]:
    lines = [
        f"  no verdict: {f.pair}:{f.line} {f.rule} {term_key(f.rule, f.term)} {f.term[:80]!r}"
        for f in result.unlabelled
    ]
    if verbose:
        lines += [
            f"  false alarm: {f.pair}:{f.line} {f.rule} {f.term!r} ({why})"
            for f, why in result.false_alarms
        ]
        lines += [
            f"  missed: {m.pair}:{m.line} {m.kind} {m.term!r} ({m.note})" for m in result.missed
        ]
    return lines


def run_check(translate: Path, folder: Path, options: list[str]) -> list[Finding]:
    command = [str(translate), "check", str(folder / "vi.md"), "--format", "json"]
    if (folder / "en.md").is_file():
        command += ["--source", str(folder / "en.md")]
    command += options
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"translate check failed on {folder}: {done.stderr.strip()}")
    return [
        Finding(folder.name, f["line"], f["rule"], f["severity"], f["term"] or "")
        for f in json.loads(done.stdout)
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT, help="folder of */vi.md, */en.md")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--misses", type=Path, default=MISSES)
    parser.add_argument("--all-terms", action="store_true", help="check with --all-terms")
    parser.add_argument("--consistency", action="store_true", help="check with --consistency")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a finding has no verdict")
    parser.add_argument("--verbose", action="store_true", help="list false alarms and misses")
    args = parser.parse_args()
    folders = sorted(p.parent for p in args.corpus.glob("*/vi.md"))
    if not folders:
        print(f"no */vi.md under {args.corpus}", file=sys.stderr)
        return 2
    translate = Path(sys.executable).parent / "translate"
    options = [
        o for o, on in (("--all-terms", args.all_terms), ("--consistency", args.consistency)) if on
    ]
    findings = [f for folder in folders for f in run_check(translate, folder, options)]
    pairs_read, misses = load_misses(args.misses)
    result = score(findings, load_labels(args.labels), misses)
    lines = summary(result, len(folders), len(pairs_read), options)
    print("\n".join(lines + details(result, args.verbose)))
    return 1 if args.strict and result.unlabelled else 0


if __name__ == "__main__":
    sys.exit(main())
