"""Every command meets bad input the same way: exit 2, one ``Error: ...`` line on stderr, no
traceback, and nothing written or overwritten."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from translate.cli import app

TBX_WITH_DOCTYPE = (
    '<?xml version="1.0"?>\n'
    '<!DOCTYPE martif [<!ENTITY bomb "boom">]>\n'
    '<martif type="TBX-Basic"><text><body/></text></martif>\n'
)
GLOSSARY = (
    "source_language: en\ntarget_language: vi\nentries:\n"
    "  - term: bucket\n    keep: true\n  - term: latency\n    target: độ trễ\n"
)

# Bad input for every command: the command, its arguments, and what the message must name.
CASES = [
    ("post", ["post", "p.md", "-e", "pseudo", "--out", "out"], "out/p/_index.md"),
    ("check", ["check", "p.vi.md", "-g", "bad.tbx"], "bad.tbx:2"),
    ("batch", ["batch", "p.md", "--dry-run", "-g", "bad.tbx"], "bad.tbx:2"),
    ("batch", ["batch", "binary.txt", "--dry-run"], "binary.txt"),
    ("eval", ["eval", "--hyp", "p.vi.md", "--ref", "p.md", "--src", "p.md", "-g", "bad.tbx"],
     "bad.tbx:2"),
    ("glossary list", ["glossary", "list", "-g", "bad.tbx"], "bad.tbx:2"),
    ("glossary add",
     ["glossary", "add", "vpc", "--keep", "-g", "bad.tbx", "--file", "glossary/cloud.yaml"],
     "bad.tbx:2"),
    ("glossary remove", ["glossary", "remove", "bucket", "-g", "bad.tbx"], "bad.tbx:2"),
    ("glossary lint", ["glossary", "lint", "-g", "missing"], "missing"),
    ("glossary import", ["glossary", "import", "bad.tbx", "--into", "new.yaml"], "bad.tbx:2"),
    ("glossary export", ["glossary", "export", "--format", "csv", "--out", "folder"], "folder"),
    ("glossary sync", ["glossary", "sync", "--dry-run", "-g", "bad.tbx"], "bad.tbx:2"),
    ("glossary suggest", ["glossary", "suggest", "folder"], "folder"),
    ("glossary suggest", ["glossary", "suggest", "binary.md"], "binary.md"),
    ("memory stats", ["memory", "stats", "--memory", "folder"], "folder"),
    ("memory import", ["memory", "import", "bad.tmx", "--memory", "tm.sqlite"], "bad.tmx:2"),
    ("memory import", ["memory", "import", "p.md", "--memory", "tm.sqlite"],
     "p.md is not XML: expected a .tmx file"),
    ("memory export", ["memory", "export", "folder", "--memory", "tm.sqlite"], "folder"),
    ("memory learn", ["memory", "learn", "folder", "--memory", "tm.sqlite"], "folder"),
    ("memory learn", ["memory", "learn", "p.md", "binary.md", "--memory", "tm.sqlite"],
     "binary.md"),
    ("memory clear", ["memory", "clear", "--yes", "--memory", "folder"], "folder"),
]  # fmt: skip


def command_names(command: object, prefix: str = "") -> Iterator[str]:
    commands = getattr(command, "commands", None)
    if commands is None:
        yield prefix.strip()
        return
    for name, sub in commands.items():
        yield from command_names(sub, f"{prefix} {name}")


@pytest.fixture
def workdir(in_tmp: Path) -> Path:
    Path("p.md").write_text("# Title\n\nA bucket holds objects.\n", encoding="utf-8")
    Path("p.vi.md").write_text("# Tiêu đề\n\nMột bucket chứa các đối tượng.\n", encoding="utf-8")
    Path("bad.tbx").write_text(TBX_WITH_DOCTYPE, encoding="utf-8")
    Path("bad.tmx").write_text(TBX_WITH_DOCTYPE.replace("martif", "tmx"), encoding="utf-8")
    Path("glossary").mkdir()
    Path("glossary/cloud.yaml").write_text(GLOSSARY, encoding="utf-8")
    Path("folder").mkdir()
    Path("binary.md").write_bytes(b"\x00\xff\xfe binary")
    Path("binary.txt").write_bytes(b"https://example.com/a\n\x00\xff\xfe\n")
    Path("out/p/_index.md").mkdir(parents=True)  # where post would write a file
    return in_tmp


def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {
        str(p.relative_to(folder)): None if p.is_dir() else p.read_bytes()
        for p in sorted(folder.rglob("*"))
    }


def test_every_command_has_a_bad_input_case() -> None:
    assert sorted(command_names(typer.main.get_command(app))) == sorted({c[0] for c in CASES})


@pytest.mark.parametrize(("name", "argv", "named"), CASES, ids=[" ".join(c[1]) for c in CASES])
def test_bad_input_is_one_error_line_exit_2_nothing_written(
    name: str, argv: list[str], named: str, workdir: Path, runner: CliRunner
) -> None:
    before = snapshot(workdir)
    result = runner.invoke(app, argv)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert named in lines[0] and "a bug?" not in lines[0]
    assert "Traceback" not in result.output
    assert snapshot(workdir) == before


@pytest.mark.parametrize(
    ("page", "text", "reason"),
    [
        ("_index.md", "---\ntitle: Blogs\n\nEvery post.\n", "is never closed"),
        ("_index.vi.md", "---\ntitle: [Blogs\n---\n\nMọi bài.\n", "is not valid YAML"),
    ],
)
def test_a_section_page_with_broken_front_matter_stops_the_post_before_it_is_translated(
    page: str, text: str, reason: str, runner: CliRunner, in_tmp: Path
) -> None:
    """The new entry could land inside front matter whose end is unknown: refused, exit 2."""
    section = Path("site/content/3-BlogsTranslated")
    section.mkdir(parents=True)
    (section / page).write_text(text, encoding="utf-8")
    Path("p.md").write_text("# Title\n\nA bucket holds objects.\n", encoding="utf-8")
    before = snapshot(in_tmp)
    result = runner.invoke(app, ["post", "p.md", "-e", "pseudo", "--worklog", "site"])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"Error: {section / page}: front matter ")
    assert reason in result.stderr and len(result.stderr.splitlines()) == 1
    assert snapshot(in_tmp) == before


def test_a_batch_dry_run_with_a_post_it_cannot_read_exits_1_as_the_run_would(
    runner: CliRunner, in_tmp: Path
) -> None:
    Path("p.md").write_text("# Title\n\nA bucket holds objects.\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", "p.md", "missing.md", "--dry-run"])
    assert result.exit_code == 1, result.output
    assert "Would send 1 document(s) for 1 post(s)" in result.stdout
    assert result.stderr.splitlines()[-1].startswith("Failed: missing.md")
    assert sorted(p.name for p in in_tmp.iterdir()) == ["p.md"]


@pytest.mark.parametrize(
    ("options", "state"),
    [
        ([], "no file was written; what was translated is kept in the translation memory"),
        (["--no-memory"], "no file was written and, with --no-memory, nothing was kept"),
        (["--dry-run"], "a dry run; nothing was sent or written"),
    ],
)
def test_ctrl_c_in_post_says_what_state_it_left(
    workdir: Path,
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    options: list[str],
    state: str,
) -> None:
    import translate.run.post

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(translate.run.post, "translate", interrupt)
    monkeypatch.setattr(translate.run.post, "dry_run", interrupt)
    before = snapshot(workdir)
    result = runner.invoke(app, ["post", "p.md", "-e", "pseudo", "-o", "posts", *options])
    assert result.exit_code == 130
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Interrupted: {state}")
    assert not Path("posts").exists()
    assert snapshot(workdir) == before
