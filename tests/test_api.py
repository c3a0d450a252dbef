"""The Python API: what ``translate post`` and ``translate check`` do, called from Python."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import translate
from translate.errors import InputError

DATA = Path(__file__).parent / "data"
GLOSSARY = DATA / "check" / "glossary.yaml"
POST = "---\ntitle: Scaling on AWS\n---\n\n# Scaling\n\nStart with a small cluster.\n"


@pytest.fixture
def settings(tmp_path: Path) -> translate.Settings:
    return translate.Settings(
        engine="pseudo", out=str(tmp_path / "site"), memory=str(tmp_path / "memory.sqlite")
    )


def test_translate_post_writes_the_pair_and_says_what_it_did(
    tmp_path: Path, settings: translate.Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "scaling.md"
    source.write_text(POST, encoding="utf-8")
    result = translate.translate_post(source, settings)
    folder = tmp_path / "site" / "scaling"
    assert result.written == [folder / "_index.md", folder / "_index.vi.md"]
    assert (folder / "_index.md").read_text(encoding="utf-8") == POST
    assert "title:" in (folder / "_index.vi.md").read_text(encoding="utf-8")
    assert (result.segments, result.engine, result.real) == (3, "pseudo", False)
    assert capsys.readouterr() == ("", "")  # the library never prints


def test_translate_post_dry_run_writes_nothing(
    tmp_path: Path, settings: translate.Settings
) -> None:
    source = tmp_path / "scaling.md"
    source.write_text(POST, encoding="utf-8")
    options = translate.PostOptions(dry_run=True)
    result = translate.translate_post(source, settings, options)
    assert result.dry_run and result.written == [] and len(result.planned) == 2
    assert not (tmp_path / "site").exists()


def test_translate_post_raises_instead_of_exiting(settings: translate.Settings) -> None:
    with pytest.raises(InputError, match="no such file"):
        translate.translate_post("nowhere.md", settings)


def test_check_paths_returns_the_findings(tmp_path: Path) -> None:
    (tmp_path / "post.vi.md").write_text("# Tiêu đề\n\nDùng Sagemaker.\n", encoding="utf-8")
    findings = translate.check_paths([tmp_path], [GLOSSARY])
    assert [(f.path, f.line, f.found) for f in findings] == [
        (str(tmp_path / "post.vi.md"), 3, "Sagemaker")
    ]
    assert isinstance(findings[0], translate.Finding)


def test_the_api_is_imported_only_when_used() -> None:
    probe = (
        "import sys, translate\n"
        "print(sorted(m for m in sys.modules if 'translate.' in m))\n"
        "translate.check_paths\n"
        "print('translate.check.runner' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stdout.split("\n")[:2] == ["[]", "True"]
