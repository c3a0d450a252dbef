"""The checker's behaviour on real translations: opt-in consistency, other senses, dropped
passages and the exact Markdown checks (numbers, links, inline code)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from translate.check import Checker, Finding
from translate.glossary import TermMatcher, load_glossary
from translate.markdown import parse

DATA = Path(__file__).parent / "data" / "check"
GLOSSARY = DATA / "glossary.yaml"


def make_checker(*paths: Path, consistency: bool = False) -> Checker:
    return Checker(TermMatcher(load_glossary(list(paths or [GLOSSARY]))), consistency=consistency)


def run(checker: Checker, vi: str, en: str | None = None) -> list[Finding]:
    return checker.check("post.vi.md", parse(vi), parse(en) if en is not None else None)


def rules(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.rule, f.term) for f in findings]


def glossary_file(tmp_path: Path, entries: str) -> Path:
    path = tmp_path / "glossary.yaml"
    path.write_text("source_language: en\ntarget_language: vi\nentries:\n" + entries, "utf-8")
    return path


# inconsistent-rendering: opt-in


def test_two_accepted_renderings_are_no_warning_by_default() -> None:
    vi = "Độ trễ thấp.\n\nLatency cao.\n"
    assert run(make_checker(), vi) == []
    assert rules(run(make_checker(consistency=True), vi)) == [("inconsistent-rendering", "latency")]


def test_a_term_marked_consistent_is_checked_by_default(tmp_path: Path) -> None:
    path = glossary_file(
        tmp_path,
        "  - term: latency\n    target: độ trễ\n    alternatives: [latency]\n"
        "    consistent: true\n"
        "  - term: query\n    target: truy vấn\n    alternatives: [query]\n",
    )
    vi = "Độ trễ thấp, truy vấn nhanh.\n\nLatency cao, query chậm.\n"
    assert rules(run(make_checker(path), vi)) == [("inconsistent-rendering", "latency")]


def test_an_abbreviation_in_the_plural_is_not_another_rendering() -> None:
    en = "Large language models are big.\n\nSome LLMs are small.\n"
    vi = "Các mô hình ngôn ngữ lớn rất lớn.\n\nMột số LLMs thì nhỏ.\n"
    assert run(make_checker(consistency=True), vi, en) == []


def test_a_term_inside_a_compound_kept_in_english_is_not_another_rendering() -> None:
    en = "Run the query.\n\nOpen the query editor.\n"
    vi = "Chạy truy vấn.\n\nMở query editor.\n"
    assert run(make_checker(consistency=True), vi, en) == []


@pytest.mark.parametrize("fast", [True, False])
def test_consistency_option_on_the_command_line(tmp_path: Path, fast: bool) -> None:
    path = tmp_path / "a.vi.md"
    path.write_text("Độ trễ thấp.\n\nLatency cao.\n", encoding="utf-8")
    entry = "from translate.cli import main; main()"
    if not fast:  # the typer command (a --flag=value form is left to typer)
        entry = "import sys; sys.argv[1:1] = []; from translate.cli import main; main()"
    base = [sys.executable, "-c", entry, "check", str(path), "--glossary", str(GLOSSARY)]
    if not fast:
        base += ["--format=text"]
    quiet = subprocess.run(base, capture_output=True, text=True)
    loud = subprocess.run([*base, "--consistency"], capture_output=True, text=True)
    assert quiet.returncode == 0 and quiet.stdout == ""
    assert loud.returncode == 0 and "inconsistent-rendering" in loud.stdout
