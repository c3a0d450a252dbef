"""``translate post`` as a user runs it: files written, files refused, messages and exit codes."""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from translate.cli import app
from translate.document import Segment
from translate.document.structure import outline
from translate.engines import base
from translate.engines.base import EngineContext, Progress, Usage

FULL = Path(__file__).parent / "data" / "markdown" / "full.md"
GLOSSARY = Path(__file__).parent / "data" / "eval" / "glossary.yaml"


def front(text: str) -> dict[str, object]:
    data = yaml.safe_load(text.split("---")[1])
    assert isinstance(data, dict)
    return data


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_pair_layout_keeps_the_skeleton_and_front_matter(runner: CliRunner, in_tmp: Path) -> None:
    shutil.copy(FULL, "batch-jobs.md")
    result = runner.invoke(app, ["post", "batch-jobs.md", "--to", "vi", "--engine", "pseudo"])
    assert result.exit_code == 0, result.output
    source = Path("posts/batch-jobs/_index.md")
    target = Path("posts/batch-jobs/_index.vi.md")
    assert source.read_bytes() == FULL.read_bytes()
    text = target.read_text(encoding="utf-8")
    assert [i for _, i in outline(text)] == [i for _, i in outline(FULL.read_text())]
    meta = front(text)
    kept = {k: meta[k] for k in ("date", "weight", "chapter", "pre")}
    assert kept == {k: front(FULL.read_text())[k] for k in kept}
    assert kept["pre"] == " <b> 3.2. </b> " and kept["weight"] == 2
    assert str(meta["title"]).startswith("«")
    provenance = meta["translation"]
    assert isinstance(provenance, dict)
    assert provenance["engine"] == "pseudo" and "source" not in provenance  # no local path
    assert "pseudo-translation" in result.stderr


def test_interleaved_layout_puts_each_translation_after_its_block(
    runner: CliRunner, in_tmp: Path
) -> None:
    Path("p.md").write_text("# Title\n\nFirst paragraph.\n\n```\ncode\n```\n", encoding="utf-8")
    result = runner.invoke(app, ["post", "p.md", "-e", "pseudo", "--layout", "interleaved"])
    assert result.exit_code == 0, result.output
    assert not Path("posts/p/_index.md").exists()
    body = Path("posts/p/_index.vi.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    assert (
        body == "# Title\n\n# «Tìtlê»\n\nFirst paragraph.\n\n«Fìrst părăgrăph.»\n\n```\ncode\n```\n"
    )


def test_dry_run_writes_nothing(runner: CliRunner, in_tmp: Path) -> None:
    shutil.copy(FULL, "post.md")
    result = runner.invoke(app, ["post", "post.md", "-e", "pseudo", "--dry-run"])
    assert result.exit_code == 0
    assert "Would translate 27 segments" in result.stderr
    assert not Path("posts").exists()


def test_settings_file_supplies_defaults(runner: CliRunner, in_tmp: Path) -> None:
    Path("translate.toml").write_text('engine = "pseudo"\nout = "site/posts"\n', encoding="utf-8")
    Path("p.md").write_text("Hello.\n", encoding="utf-8")
    result = runner.invoke(app, ["post", "p.md"])
    assert result.exit_code == 0, result.output
    assert Path("site/posts/p/_index.vi.md").exists()


def test_unknown_setting_is_rejected_by_name(runner: CliRunner, in_tmp: Path) -> None:
    Path("translate.toml").write_text('engien = "pseudo"\n', encoding="utf-8")
    Path("p.md").write_text("Hello.\n", encoding="utf-8")
    result = runner.invoke(app, ["post", "p.md"])
    assert result.exit_code == 2
    assert "unknown setting 'engien'" in result.stderr


BAD_INPUTS = [
    ("empty.md", b"", "is empty"),
    ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
    ("latin1.md", "Café crème\n".encode("latin-1"), "not valid UTF-8"),
    ("yaml.md", b"---\ntitle: [oops\n---\nBody\n", "not valid YAML"),
    ("fence.md", b"Intro\n\n```\ncode\n\nProse after a fence that never closes.\n", "never closed"),
    ("huge.md", b"word " * 2_100_000, "over 2 MB"),
    ("post.pdf", b"%PDF-1.4", "post.pdf"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_INPUTS)
def test_bad_input_is_one_line_exit_2_and_nothing_changes(
    runner: CliRunner, in_tmp: Path, name: str, content: bytes, message: str
) -> None:
    Path(name).write_bytes(content)
    existing = Path("posts") / Path(name).stem / "_index.vi.md"
    existing.parent.mkdir(parents=True)
    existing.write_text("a translator's work\n", encoding="utf-8")
    before = snapshot(in_tmp)
    result = runner.invoke(app, ["post", name, "-e", "pseudo"])
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: ")
    assert snapshot(in_tmp) == before


def test_missing_source_and_unknown_engine(runner: CliRunner, in_tmp: Path) -> None:
    missing = runner.invoke(app, ["post", "nope.md", "-e", "pseudo"])
    assert missing.exit_code == 2 and "nope.md: no such file" in missing.stderr
    Path("p.md").write_text("Hi.\n", encoding="utf-8")
    unknown = runner.invoke(app, ["post", "p.md", "-e", "google"])
    assert unknown.exit_code == 2 and "unknown engine 'google'" in unknown.stderr
    default = runner.invoke(app, ["post", "p.md", "--dry-run", "--glossary", str(GLOSSARY)])
    assert default.exit_code == 0 and "with amazon-translate" in default.stderr
    assert "cost: USD" in default.stderr  # an estimate, made without credentials or requests


def test_dry_run_in_repair_mode_estimates_from_no_segment_sent_again_to_all(
    runner: CliRunner, in_tmp: Path
) -> None:
    Path("p.md").write_text("Keep the bucket close.\n\nNothing to see here.\n", encoding="utf-8")
    args = ["post", "p.md", "--dry-run", "--glossary", str(GLOSSARY), "--enforce", "repair"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "estimate: 2 segments, 1 to 2 requests, " in result.stderr
    assert re.search(r"estimate: cost: USD 0\.\d{4} to 0\.\d{4}", result.stderr)
    assert sorted(str(p) for p in Path().rglob("*")) == ["p.md"]  # nothing written


def test_slug_cannot_escape_the_output_folder(runner: CliRunner, in_tmp: Path) -> None:
    Path("p.md").write_text("---\nslug: ../../../etc/evil\n---\nHi.\n", encoding="utf-8")
    result = runner.invoke(app, ["post", "p.md", "-e", "pseudo", "--out", "out"])
    assert result.exit_code == 0
    assert [str(p) for p in sorted(Path().rglob("*.md")) if p.name != "p.md"] == [
        "out/evil/_index.md", "out/evil/_index.vi.md"
    ]  # fmt: skip


@pytest.mark.parametrize(
    "name", ["en.md", "EN.md", "pt-PT.md", "is.md", "en-US.md", "en_GB.md", "pt-BR.md", "zh-TW.md"]
)
def test_a_file_named_for_its_language_takes_its_folder_s_name(
    runner: CliRunner, in_tmp: Path, name: str
) -> None:
    post = in_tmp / "queue-tuning" / name
    post.parent.mkdir()
    post.write_text("Hello world.\n", encoding="utf-8")
    result = runner.invoke(app, ["post", str(post), "-e", "pseudo"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in Path("posts").iterdir()) == ["queue-tuning"]


def test_a_word_that_is_no_language_tag_names_its_post(runner: CliRunner, in_tmp: Path) -> None:
    """``go`` is no language code and ``en-post`` no tag: each names its post, where ``en-US``
    (a code and a region) is the folder's language, as ``en`` is."""
    for folder, name in (
        ("drafts", "go.md"),
        ("drafts", "en-post.md"),
        ("queue-tuning", "EN-us.md"),
    ):
        post = in_tmp / folder / name
        post.parent.mkdir(exist_ok=True)
        post.write_text("Hello world.\n", encoding="utf-8")
        result = runner.invoke(app, ["post", str(post), "-e", "pseudo"])
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in Path("posts").iterdir()) == ["en-post", "go", "queue-tuning"]


def test_a_saved_page_takes_the_slug_of_its_canonical_url(runner: CliRunner, in_tmp: Path) -> None:
    page = (Path(__file__).parent / "data" / "html" / "aws-2019.html").read_bytes()
    Path("Saved copy.html").write_bytes(page)
    Path("no-link.html").write_bytes(re.sub(rb"<link rel=.canonical[^>]*>", b"", page))
    for saved in ("Saved copy.html", "no-link.html"):
        result = runner.invoke(app, ["post", saved, "-e", "pseudo"])
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in Path("posts").iterdir()) == ["new-widget-batch-mode", "no-link"]


def test_hand_edited_translation_is_kept_unless_forced(runner: CliRunner, in_tmp: Path) -> None:
    Path("p.md").write_text("Hello world.\n", encoding="utf-8")
    assert runner.invoke(app, ["post", "p.md", "-e", "pseudo"]).exit_code == 0
    target = Path("posts/p/_index.vi.md")
    assert runner.invoke(app, ["post", "p.md", "-e", "pseudo"]).exit_code == 0  # ours: replaced
    edited = target.read_text(encoding="utf-8").replace("«Hêllơ wơrld.»", "Xin chào thế giới.")
    target.write_text(edited, encoding="utf-8")
    refused = runner.invoke(app, ["post", "p.md", "-e", "pseudo"])
    assert refused.exit_code == 2 and "edited by hand" in refused.stderr
    assert target.read_text(encoding="utf-8") == edited
    forced = runner.invoke(app, ["post", "p.md", "-e", "pseudo", "--force"])
    assert forced.exit_code == 0
    backups = list(Path("posts/.translate/backups/p").glob("_index.vi.md.*.bak"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == edited


class BrokenEngine:
    """Drops every placeholder, as a careless engine would."""

    name = "broken"
    real = True

    def __init__(self, context: EngineContext) -> None:
        self.usage = Usage()

    def estimate(self, batch: Sequence[Segment]) -> Usage:
        return Usage(segments=len(batch))

    def translate(self, batch: Sequence[Segment], progress: Progress | None = None) -> list[str]:
        return [segment.plain for segment in batch]


class HeadingEngine(BrokenEngine):
    """Keeps markup but turns prose into a heading: the structure guard must stop it."""

    def translate(self, batch: Sequence[Segment], progress: Progress | None = None) -> list[str]:
        return [
            "# " + segment.text if segment.kind == "paragraph" else segment.text
            for segment in batch
        ]


@pytest.mark.parametrize(
    ("engine", "message"),
    [(BrokenEngine, "broke the markup"), (HeadingEngine, "structure differs")],
)
def test_engine_failures_write_nothing(
    runner: CliRunner, in_tmp: Path, monkeypatch: pytest.MonkeyPatch, engine: type, message: str
) -> None:
    import sys
    import types

    module = types.ModuleType("fake_engine")
    module.create = engine  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fake_engine", module)
    monkeypatch.setitem(base.REGISTRY, "fake", "fake_engine")
    Path("p.md").write_text("Run `ls` now.\n\nSecond paragraph.\n", encoding="utf-8")
    result = runner.invoke(app, ["post", "p.md", "-e", "fake"])
    assert result.exit_code == 1
    assert message in result.stderr
    assert not Path("posts").exists()


def test_help_lists_commands_and_options(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0 and "post" in result.stdout
    post_help = runner.invoke(app, ["post", "--help"])
    for option in ("--to", "--from", "--engine", "--out", "--layout", "--dry-run", "--force"):
        assert option in post_help.stdout


def test_an_unchanged_rerun_leaves_both_files_untouched(
    runner: CliRunner, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Path("p.md").write_text("---\ntitle: Hello\n---\nHello world.\n", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert runner.invoke(app, ["post", "p.md", "-e", "pseudo"]).exit_code == 0
    files = [Path("posts/p/_index.md"), Path("posts/p/_index.vi.md")]
    before = [file.read_bytes() for file in files]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    again = runner.invoke(app, ["post", "p.md", "-e", "pseudo"])
    assert again.exit_code == 0 and again.stdout == ""
    assert [file.read_bytes() for file in files] == before
    assert f"{files[1]}: unchanged" in again.stderr
    Path("p.md").write_text("---\ntitle: Hello\n---\nHello there.\n", encoding="utf-8")
    changed = runner.invoke(app, ["post", "p.md", "-e", "pseudo"])
    assert changed.stdout.split() == [str(file) for file in files]
    assert '"2027-01-15T08:00:00Z"' in files[1].read_text(encoding="utf-8")
