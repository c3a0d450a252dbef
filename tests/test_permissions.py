"""What cannot be written (a read-only output folder or memory, a memory path that is a folder)
is refused with exit 2 and one ``Error:`` line, before anything is created or translated.

The commands run as a user without root's rights (``unprivileged.run_translate``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from translate.memory import Entry, Memory
from unprivileged import give, run_translate, user_folder

GLOSSARY = "source_language: en\ntarget_language: vi\nentries:\n  - term: bucket\n    keep: true\n"
POST = "# Title\n\nA bucket holds objects.\n"
TMX = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en"/><body>\n'
    '<tu><tuv xml:lang="en"><seg>Hello.</seg></tuv><tuv xml:lang="vi"><seg>Xin chào.</seg></tuv>'
    "</tu>\n</body></tmx>\n"
)


@pytest.fixture
def home() -> Iterator[Path]:
    """A folder with a post, owned by the user the commands run as."""
    with user_folder() as folder:
        (folder / "p.md").write_text(POST, encoding="utf-8")
        (folder / "tm.tmx").write_text(TMX, encoding="utf-8")
        yield folder


def files(folder: Path) -> dict[str, bytes | None]:
    return {
        str(p.relative_to(folder)): None if p.is_dir() else p.read_bytes()
        for p in sorted(folder.rglob("*"))
    }


def make_memory(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with Memory.open(path) as memory:
        memory.store([Entry("Title", "Tiêu đề", "en", "vi", "human")])


def refused(home: Path, argv: list[str], message: str) -> None:
    """``argv`` exits 2 with the one line ``Error: <message>`` and leaves ``home`` as it was."""
    give(home)
    before = files(home)
    result = run_translate(argv, home)
    assert (result.code, result.stderr) == (2, f"Error: {message}\n"), result
    assert result.stdout == ""
    assert files(home) == before


def test_a_read_only_output_folder_is_refused_before_the_memory_is_created(home: Path) -> None:
    (home / "out").mkdir(mode=0o555)
    argv = ["post", "p.md", "-e", "pseudo", "--out", "out"]
    refused(home, argv, "cannot write out/p/_index.md: permission denied")


def test_a_memory_folder_that_cannot_be_written_is_refused(home: Path) -> None:
    (home / ".translate").mkdir(mode=0o555)
    argv = ["post", "p.md", "-e", "pseudo"]
    refused(home, argv, f"cannot write {home}/.translate/memory.sqlite: permission denied")


def test_a_read_only_memory_is_refused_before_anything_is_translated(home: Path) -> None:
    make_memory(home / ".translate" / "memory.sqlite")
    (home / ".translate" / "memory.sqlite").chmod(0o444)
    argv = ["post", "p.md", "-e", "pseudo"]
    refused(home, argv, f"cannot write {home}/.translate/memory.sqlite: permission denied")


def test_a_memory_path_that_is_a_folder_is_refused(home: Path) -> None:
    (home / ".translate" / "memory.sqlite").mkdir(parents=True)
    argv = ["post", "p.md", "-e", "pseudo"]
    refused(home, argv, f"cannot write {home}/.translate/memory.sqlite: it is a folder")


def test_a_read_only_memory_is_read_but_not_imported_into(home: Path) -> None:
    make_memory(home / "tm.sqlite")
    (home / "tm.sqlite").chmod(0o444)
    argv = ["memory", "import", "tm.tmx", "--memory", "tm.sqlite"]
    refused(home, argv, "cannot write tm.sqlite: permission denied")
    result = run_translate(["memory", "stats", "--memory", "tm.sqlite"], home)
    assert result.code == 0, result
    assert result.stdout.startswith("tm.sqlite: 1 entries")


def test_a_memory_in_a_read_only_folder_is_read_but_not_written(home: Path) -> None:
    """A shared memory the user cannot write (SQLite cannot keep its journal beside it) is
    read by stats, export and a dry run, and leaves the folder as it was; writing is refused."""
    make_memory(home / ".translate" / "memory.sqlite")
    (home / "tm.tmx").unlink()
    give(home)
    (home / ".translate").chmod(0o555)
    shared = files(home / ".translate")
    result = run_translate(["memory", "stats"], home)
    assert (result.code, result.stderr) == (0, ""), result
    assert result.stdout.startswith(f"{home}/.translate/memory.sqlite: 1 entries")
    result = run_translate(["memory", "export", "tm.tmx"], home)
    assert (result.code, result.stderr) == (0, "Exported 1 entries to tm.tmx.\n"), result
    assert "Tiêu đề" in (home / "tm.tmx").read_text(encoding="utf-8")
    result = run_translate(["post", "p.md", "-e", "pseudo", "--dry-run"], home)
    assert result.code == 0, result
    assert "1 from memory" in result.stderr
    assert files(home / ".translate") == shared
    message = f"cannot write {home}/.translate/memory.sqlite: permission denied"
    refused(home, ["memory", "import", "tm.tmx"], message)
    refused(home, ["memory", "clear", "--yes"], message)


@pytest.mark.parametrize(
    "argv",
    [
        ["glossary", "add", "vpc", "--keep"],
        ["glossary", "remove", "bucket"],
        ["glossary", "import", "glossary/cloud.yaml", "--into", "glossary/copy.yaml"],
        ["glossary", "export", "--format", "csv", "-o", "glossary/cloud.csv"],
    ],
    ids=lambda argv: " ".join(argv[:2]),
)
def test_a_glossary_folder_that_cannot_be_written_is_named(argv: list[str], home: Path) -> None:
    (home / "glossary").mkdir()
    (home / "glossary" / "cloud.yaml").write_text(GLOSSARY, encoding="utf-8")
    give(home)
    (home / "glossary").chmod(0o555)
    written = argv[-1] if argv[-1].startswith("glossary/") else "glossary/cloud.yaml"
    refused(home, argv, f"cannot write {written}: permission denied")


def test_check_fix_with_a_file_it_cannot_write_fixes_none(home: Path) -> None:
    glossary = Path(__file__).parent / "data" / "check" / "glossary.yaml"
    for folder in ("a", "b"):
        (home / folder).mkdir()
        (home / folder / "x.vi.md").write_text("# Tiêu đề\n\nDùng Sagemaker.\n", encoding="utf-8")
    give(home)
    (home / "b").chmod(0o555)
    before = files(home)
    result = run_translate(["check", "a", "b", "--fix", "--glossary", str(glossary)], home)
    assert (result.code, result.stderr) == (2, "Error: cannot write b/x.vi.md: permission denied\n")
    assert files(home) == before
