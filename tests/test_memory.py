"""The translation memory store, TMX 1.4b, learning from a translated pair, and its commands."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.document.markdown import parse
from translate.memory import Entry, Kind, Memory, learn_pair, memory_key
from translate.memory.tmx import read_tmx, write_tmx

DATA = Path(__file__).parent / "data" / "memory"
TAGGED = 'Run <g id="1">the job</g> with <x id="2"/> &amp; more.'


def entry(target: str, kind: Kind = "machine", glossary: str = "g1") -> Entry:
    return Entry(TAGGED, target, "en", "vi", kind, "human" if kind == "human" else "x", glossary)


def test_key_ignores_wrapping_and_unicode_form() -> None:
    assert memory_key(" Run  the\n job. ") == "Run the job."
    assert memory_key("Cafe\u0301") == memory_key("Café")
    assert memory_key("a\n b") == "a b"


def test_human_entries_win_and_machine_entries_need_the_same_glossary(tmp_path: Path) -> None:
    with Memory.open(tmp_path / "tm" / "memory.sqlite") as memory:
        assert memory.journal_mode() == "wal"
        memory.store([entry("máy g1"), entry("máy g2", glossary="g2")])
        assert memory.lookup([memory_key(TAGGED)], "en", "vi", "g2")[TAGGED].target == "máy g2"
        assert memory.lookup([TAGGED], "en", "vi", "g3") == {}
        assert memory.lookup([TAGGED], "en", "fr", "g1") == {}
        memory.store([entry("người", kind="human")])
        for version in ("g1", "g3", ""):
            assert memory.lookup([TAGGED], "en", "vi", version)[TAGGED].target == "người"
        memory.store([entry("giả", kind="test")])
        assert memory.lookup([TAGGED], "en", "vi", "g1", ("test",))[TAGGED].target == "giả"
        assert memory.stats().total == 4


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite"
    script = (
        "import sys\nfrom translate.memory import Entry, Memory\n"
        "m = Memory.open(__import__('pathlib').Path(sys.argv[1]))\n"
        "for batch in range(20):\n"
        "    m.store(Entry(f'{sys.argv[2]} {batch} {i}', 'x', 'en', 'vi') for i in range(25))\n"
    )
    writers = [subprocess.Popen([sys.executable, "-c", script, str(path), name]) for name in "ab"]
    assert [w.wait(timeout=30) for w in writers] == [0, 0]
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("SELECT COUNT(*) FROM entries").fetchone() == (1000,)


def test_tmx_round_trip_keeps_markup_origin_kind_and_glossary(tmp_path: Path) -> None:
    entries = [
        Entry(TAGGED, 'Chạy <x id="2"/> với <g id="1">công việc</g> &amp; hơn.', "en", "vi",
              "machine", "amazon-translate", "abc123", "2024-05-01T10:00:00Z"),
        Entry('Hi <g id="1"><g id="2">x</g></g>', 'Chào <g id="1"><g id="2">x</g></g>',
              "en", "vi", "human", "human", "", "2024-05-02T00:00:00Z"),
    ]  # fmt: skip
    path = tmp_path / "m.tmx"
    path.write_bytes(write_tmx(entries))
    text = path.read_text(encoding="utf-8")
    assert '<tmx version="1.4">' in text and 'segtype="block"' in text
    assert '<ph x="2">' in text and '<bpt i="1" x="1">' in text and '<ept i="1">' in text
    assert read_tmx(path).entries == entries


def test_tmx_from_a_cat_tool_is_human_and_broken_units_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "cat.tmx"
    path.write_text(
        '<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="en-US" segtype="sentence" '
        'datatype="plaintext" adminlang="en" creationtool="x" creationtoolversion="1" '
        'o-tmf="x"/><body>\n'
        '<tu><tuv xml:lang="en-US"><seg>Open <ph x="1">{1}</ph>.</seg></tuv>'
        '<tuv xml:lang="vi-VN"><seg>Mở <ph x="1">{1}</ph>.</seg></tuv></tu>\n'
        '<tu><tuv xml:lang="en-US"><seg>Lost <ph x="1">{1}</ph>.</seg></tuv>'
        '<tuv xml:lang="vi-VN"><seg>Mất.</seg></tuv></tu>\n</body></tmx>\n',
        encoding="utf-8",
    )
    read = read_tmx(path)
    assert [(e.source, e.target, e.kind, e.target_language) for e in read.entries] == [
        ('Open <x id="1"/>.', 'Mở <x id="1"/>.', "human", "vi")
    ]
    assert read.skipped == [4]
    path.write_text('<!DOCTYPE x [<!ENTITY a "b">]><tmx/>', encoding="utf-8")
    with pytest.raises(Exception, match="DOCTYPE"):
        read_tmx(path)


def test_tmx_naming_its_dtd_is_read(tmp_path: Path) -> None:
    """OmegaT writes a DOCTYPE naming tmx14.dtd; it is read, the DTD never fetched."""
    path = tmp_path / "project_save.tmx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
        '<tmx version="1.4"><header srclang="en" creationtool="OmegaT" segtype="sentence" '
        'datatype="plaintext" adminlang="EN-US" o-tmf="OmegaT TMX"/><body>\n'
        '<tu><tuv xml:lang="en"><seg>Create a bucket.</seg></tuv>'
        '<tuv xml:lang="vi"><seg>Tạo một bucket.</seg></tuv></tu>\n</body></tmx>\n',
        encoding="utf-8",
    )
    assert [(e.source, e.target) for e in read_tmx(path).entries] == [
        ("Create a bucket.", "Tạo một bucket.")
    ]


def test_learning_a_pair_renumbers_moved_markup() -> None:
    source = parse((DATA / "en.md").read_text(encoding="utf-8"))
    target = parse((DATA / "vi.md").read_text(encoding="utf-8"))
    learned = learn_pair(source, target, "en", "vi")
    assert learned.skipped == 0 and len(learned.entries) == len(source.segments) == 6
    moved = learned.entries[3]
    assert moved.source.startswith('Run <x id="1"/> to test')
    assert moved.target.startswith('Đọc <g id="2">hướng dẫn')
    assert moved.target.endswith('chạy <x id="1"/> để kiểm thử hàm.')
    assert all(e.kind == "human" for e in learned.entries)


def test_blocks_with_lost_markup_or_a_memory_marker_are_not_learned() -> None:
    source = parse("Run `ls` now.\n\nSecond one.\n\nThird one.\n")
    target = parse("Chạy ngay.\n\n[TM 93%] Cái thứ hai.\n\n[EN] Third one.\n")
    learned = learn_pair(source, target, "en", "vi")
    assert learned.entries == [] and learned.unmatched == [1] and learned.marked == 2


def test_memory_commands(runner: CliRunner, in_tmp: Path) -> None:
    learned = runner.invoke(app, ["memory", "learn", str(DATA / "en.md"), str(DATA / "vi.md")])
    assert learned.exit_code == 0, learned.output
    assert "Learned 6 segments from 1 pair(s)" in learned.stderr
    assert Path(".translate/memory.sqlite").is_file()
    stats = runner.invoke(app, ["memory", "stats"])
    # the title and the heading are the same text: one entry
    assert "5 entries" in stats.stdout and "human: 5" in stats.stdout
    assert "en -> vi: 5" in stats.stdout
    assert runner.invoke(app, ["memory", "export", "all.tmx"]).exit_code == 0
    other = ["--memory", "other.sqlite"]
    imported = runner.invoke(app, ["memory", "import", "all.tmx", *other])
    assert imported.exit_code == 0 and "Imported 5 entries" in imported.stderr
    assert runner.invoke(app, ["memory", "export", "again.tmx", *other]).exit_code == 0
    assert _units(Path("again.tmx")) == _units(Path("all.tmx"))
    refused = runner.invoke(app, ["memory", "clear", *other])
    assert refused.exit_code == 2 and "--yes" in refused.stderr
    cleared = runner.invoke(app, ["memory", "clear", "--yes", *other])
    assert cleared.exit_code == 0 and "Removed 5 entries" in cleared.stderr


def _learned(path: Path) -> dict[str, frozenset[tuple[str, str]]]:
    with Memory.open(path) as memory:
        return {to: memory.missed_terms("en", to) for to in ("vi", "fr")}


def test_stats_lists_the_terms_learned_as_missed(runner: CliRunner, in_tmp: Path) -> None:
    with Memory.open(Path(".translate/memory.sqlite")) as memory:
        memory.record_missed("en", "vi", [("instance", "instance"), ("bucket", "bucket")])
        memory.record_missed("en", "fr", [("bucket", "compartiment")])
    stats = runner.invoke(app, ["memory", "stats"])
    assert stats.exit_code == 0, stats.output
    listed = stats.stdout.split("learned terms")[1].splitlines()
    assert listed[1:] == [
        "  en -> fr: 1",
        "    bucket -> compartiment",
        "  en -> vi: 2",
        "    bucket -> bucket",
        "    instance -> instance",
    ]
    assert listed[0].endswith(": 3")


def test_clear_keeps_learned_terms_and_missed_forgets_them(runner: CliRunner, in_tmp: Path) -> None:
    path = Path(".translate/memory.sqlite")
    with Memory.open(path) as memory:
        memory.store([entry('Chạy <g id="1">việc</g> với <x id="2"/> &amp; nữa.')])
        memory.record_missed("en", "vi", [("bucket", "bucket"), ("instance", "instance")])
        memory.record_missed("en", "fr", [("bucket", "compartiment")])
    everything = _learned(path)
    cleared = runner.invoke(app, ["memory", "clear", "--yes"])
    assert cleared.exit_code == 0 and "Removed 1 entries" in cleared.stderr
    assert _learned(path) == everything  # translations gone, learned terms kept

    for refused, why in (
        (["--missed", "bucket"], "needs --yes"),  # no terminal to ask
        (["--missed", "bucket", "Bucket", "--yes"], "'Bucket' is not a learned term"),
        (["bucket", "--yes"], "needs --missed"),
    ):
        result = runner.invoke(app, ["memory", "clear", *refused])
        assert result.exit_code == 2 and result.stderr.count("\n") == 1
        assert result.stderr.startswith("Error: ") and why in result.stderr
        assert _learned(path) == everything  # nothing removed

    one = runner.invoke(app, ["memory", "clear", "--missed", "bucket", "--yes"])
    assert one.exit_code == 0, one.output
    assert _learned(path) == {"vi": {("instance", "instance")}, "fr": frozenset()}
    with Memory.open(path) as memory:
        memory.store([entry('Chạy <g id="1">việc</g> với <x id="2"/> &amp; nữa.')])
    every = runner.invoke(app, ["memory", "clear", "--missed", "--yes"])
    assert every.exit_code == 0 and "translations are kept" in every.stderr
    assert _learned(path) == {"vi": frozenset(), "fr": frozenset()}
    with Memory.open(path) as memory:
        assert memory.stats().total == 1


def _units(path: Path) -> list[Entry]:
    return read_tmx(path).entries


def test_learn_finds_pairs_in_a_folder(runner: CliRunner, in_tmp: Path) -> None:
    posts = Path("site/post")
    posts.mkdir(parents=True)
    (posts / "_index.md").write_bytes((DATA / "en.md").read_bytes())
    (posts / "_index.vi.md").write_bytes((DATA / "vi.md").read_bytes())
    (posts / "lonely.md").write_text("No translation.\n", encoding="utf-8")
    result = runner.invoke(app, ["memory", "learn", "site"])
    assert result.exit_code == 0, result.output
    assert "Learned 6 segments from 1 pair(s)" in result.stderr
    none = runner.invoke(app, ["memory", "learn", "site/post/lonely.md"])
    assert none.exit_code == 2 and "no translated pair" in none.stderr


def test_memory_setting_moves_the_file(runner: CliRunner, in_tmp: Path) -> None:
    Path("translate.toml").write_text('memory = "tm/team.sqlite"\n', encoding="utf-8")
    Path("sub").mkdir()
    result = runner.invoke(app, ["memory", "stats"])
    assert result.exit_code == 0 and str(Path("tm", "team.sqlite")) in result.stdout
    assert not Path(".translate").exists()


def test_stats_without_a_memory_says_so_and_creates_none(runner: CliRunner, in_tmp: Path) -> None:
    result = runner.invoke(app, ["memory", "stats"])
    assert result.exit_code == 0
    assert "no translation memory yet" in result.stdout
    assert not (in_tmp / ".translate").exists()
