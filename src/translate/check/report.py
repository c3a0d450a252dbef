"""Findings as text, JSON, SARIF 2.1.0 or GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence

from translate import __version__
from translate.check import RULES, Finding

FORMATS = ("text", "json", "sarif", "github")


def render(findings: Sequence[Finding], form: str) -> str:
    """The findings in ``form`` (one of ``FORMATS``), ending with a newline when not empty."""
    if form == "json":
        return json.dumps([as_json(f) for f in findings], ensure_ascii=False, indent=2) + "\n"
    if form == "sarif":
        return json.dumps(sarif(findings), ensure_ascii=False, indent=2) + "\n"
    lines = [github(f) if form == "github" else text(f) for f in findings]
    return "".join(line + "\n" for line in lines)


def text(finding: Finding) -> str:
    """``path:line:col: severity[rule]: message`` (``==> fix`` when there is an unambiguous one)."""
    fix = f" ==> {finding.fix}" if finding.fix else ""
    where = f"{finding.path}:{finding.line}:{finding.column}"
    return f"{where}: {finding.severity}[{finding.rule}]: {finding.message}{fix}"


def summary(findings: Sequence[Finding], files: int) -> str:
    """The text format's last line: the count of each severity and of the files with findings
    among the ``files`` checked, or a quiet all-clear."""
    if not findings:
        return f"No findings in {_count(files, 'file')}."
    errors = sum(f.severity == "error" for f in findings)
    places = len({f.path for f in findings})
    return (
        f"Found {_count(errors, 'error')}, {_count(len(findings) - errors, 'warning')} "
        f"in {places} of {_count(files, 'file')}."
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def as_json(finding: Finding) -> dict[str, object]:
    return {
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "rule": finding.rule,
        "severity": finding.severity,
        "term": finding.term,
        "found": finding.found,
        "expected": list(finding.expected),
        "message": finding.message,
        "fix": finding.fix,
    }


def github(finding: Finding) -> str:
    level = "error" if finding.severity == "error" else "warning"
    message = finding.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return (
        f"::{level} file={finding.path},line={finding.line},col={finding.column},"
        f"title=translate {finding.rule}::{message}"
    )


def sarif(findings: Sequence[Finding]) -> dict[str, object]:
    rules = [
        {
            "id": name,
            "shortDescription": {"text": description},
            "defaultConfiguration": {"level": severity},
        }
        for name, (severity, description) in RULES.items()
    ]
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "translate", "version": __version__, "rules": rules}},
                "results": [_sarif_result(f) for f in findings],
            }
        ],
    }


def _sarif_result(finding: Finding) -> dict[str, object]:
    region: dict[str, int] = {"startLine": finding.line, "startColumn": finding.column}
    if finding.found:
        region["endColumn"] = finding.column + len(finding.found)
    return {
        "ruleId": finding.rule,
        "ruleIndex": list(RULES).index(finding.rule),
        "level": finding.severity,
        "message": {"text": finding.message},
        "locations": [
            {"physicalLocation": {"artifactLocation": {"uri": finding.path}, "region": region}}
        ],
    }
