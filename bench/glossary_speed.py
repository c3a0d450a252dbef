"""Glossary speed: load + compile a synthetic 5,000-entry glossary, then match 2+ MB of prose.

Targets: compiling 5,000 entries < 200 ms; matching >= 2 MB of prose per second.
Run: .venv/bin/python bench/glossary_speed.py
"""

from __future__ import annotations

import random
import string
import tempfile
import time
from pathlib import Path

from translate.glossary import TermMatcher, load_glossary

ENTRIES = 5_000
PROSE_BYTES = 2_500_000
COMPILE_TARGET_S = 0.200
MATCH_TARGET_BPS = 2_000_000


def _words(rng: random.Random, count: int) -> list[str]:
    return [
        "".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 10))) for _ in range(count)
    ]


def _glossary_yaml(rng: random.Random, vocabulary: list[str]) -> tuple[str, list[str]]:
    terms: set[str] = set()
    while len(terms) < ENTRIES:
        terms.add(" ".join(rng.choices(vocabulary, k=rng.choice((1, 1, 2, 2, 3)))))
    lines = ["source_language: en", "target_language: vi", "entries:"]
    for term in sorted(terms, key=str.casefold):
        lines.append(f"  - term: {term}")
        if rng.random() < 0.3:
            lines.append(f"    variants: [{term}-x]")
        if rng.random() < 0.2:
            lines += ["    keep: true", "    case: exact"]
        else:
            lines.append(f"    target: bản dịch {term}")
        if rng.random() < 0.1:
            lines += ["    forbidden:", f"      - text: sai {term}", "        why: wrong"]
    return "\n".join(lines) + "\n", sorted(terms)


def _prose(rng: random.Random, vocabulary: list[str], terms: list[str]) -> str:
    common = "the a of and to in is for with on data service model that this".split()  # noqa: SIM905
    parts: list[str] = []
    size = 0
    while size < PROSE_BYTES:
        roll = rng.random()
        word = (
            rng.choice(terms) if roll < 0.03 else rng.choice(vocabulary if roll < 0.3 else common)
        )
        parts.append(word + (". " if rng.random() < 0.07 else " "))
        size += len(parts[-1])
    return "".join(parts)


def main() -> None:
    rng = random.Random(20240601)
    vocabulary = _words(rng, 4_000)
    text, terms = _glossary_yaml(rng, vocabulary)
    prose = _prose(rng, vocabulary, terms)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "synthetic.yaml"
        path.write_text(text, encoding="utf-8")
        start = time.perf_counter()
        glossary = load_glossary([path])
        loaded = time.perf_counter()
        matcher = TermMatcher(glossary)
        compiled = time.perf_counter()
    found = matcher.find_source(prose)
    matched = time.perf_counter()
    target_found = matcher.find_target(prose)
    target_matched = time.perf_counter()
    load_s, compile_s = loaded - start, compiled - loaded
    size = len(prose.encode("utf-8"))
    source_bps = size / (matched - compiled)
    target_bps = size / (target_matched - matched)
    total_s = load_s + compile_s
    ratio = COMPILE_TARGET_S
    print(f"entries: {len(glossary.entries)}  prose: {size / 1e6:.2f} MB")
    print(f"load (YAML parse + validate): {load_s * 1000:.0f} ms")
    print(f"compile TermMatcher: {compile_s * 1000:.0f} ms ({ratio / compile_s:.1f}x under 200 ms)")
    print(f"load + compile: {total_s * 1000:.0f} ms ({ratio / total_s:.2f}x the 200 ms target)")
    for name, bps, count in (
        ("find_source", source_bps, len(found)),
        ("find_target", target_bps, len(target_found)),
    ):
        share = bps / MATCH_TARGET_BPS
        print(f"{name}: {bps / 1e6:.2f} MB/s, {count} matches ({share:.1f}x the 2 MB/s target)")


if __name__ == "__main__":
    main()
