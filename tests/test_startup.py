"""The command line starts fast: heavy modules are imported only by the commands that need them."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("boto3", "botocore", "httpx", "sacrebleu", "rich.progress", "bs4", "trafilatura")


def imported_after(code: str) -> list[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def test_help_imports_nothing_heavy() -> None:
    assert imported_after("import translate.cli") == []


def test_markdown_pipeline_imports_nothing_heavy() -> None:
    code = "import translate.run.pipeline, translate.output, translate.engines.pseudo"
    assert imported_after(code) == []
