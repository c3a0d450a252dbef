"""``translate glossary`` through typer's CliRunner, with a stand-in for the top-level handler."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fake_aws import FakeAWS, serve_fake_aws
from translate.cli import app as main_app
from translate.cli.glossary import app
from translate.errors import TranslateError
from translate.glossary import load_glossary
from translate.glossary.paths import shipped_glossary

DATA = Path(__file__).parent / "data" / "glossary"


def run(*args: str) -> tuple[int, str, str]:
    """Invoke the sub-app like the main CLI: TranslateError -> 'Error: ...' and its exit code."""
    result = CliRunner().invoke(app, list(args))
    if isinstance(result.exception, TranslateError):
        return result.exception.exit_code, result.stdout, f"Error: {result.exception}\n"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(DATA / "seed", tmp_path / "glossary")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "glossary"


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAWS]:
    yield from serve_fake_aws(monkeypatch)


def test_list_filters(folder: Path) -> None:
    code, out, _ = run("list", "--domain", "service")
    assert (
        code == 0
        and out.splitlines()[0]
        == "Amazon SageMaker -> (keep); not AWS SageMaker, Sagemaker  [service]"
    )
    assert len(out.splitlines()) == 3
    code, out, _ = run("list", "cụm")
    assert out == "cluster -> cụm; also cluster  [cloud]\n"


def test_add_keeps_comments_and_order(folder: Path) -> None:
    code, out, _ = run(
        "add",
        "compute",
        "--target",
        "điện toán",
        "--variant",
        "computing",
        "--forbid",
        "tính toán",
        "--why",
        "means calculate",
        "--domain",
        "cloud",
    )
    assert code == 0 and out == f"Added 'compute' to {Path('glossary') / 'cloud.yaml'}\n"
    text = (folder / "cloud.yaml").read_text()
    assert "# S3 buckets stay in English." in text
    assert (
        text.index("term: cluster") < text.index("term: compute") < text.index("term: fine-tuning")
    )
    entry = load_glossary([folder]).get("compute")
    assert entry is not None and entry.variants == ("computing",) and entry.forbidden[0].why
    assert run("lint")[0] == 0


def test_add_refuses_duplicates_and_bad_options(folder: Path) -> None:
    before = (folder / "cloud.yaml").read_text()
    code, _, err = run("add", "Bucket", "--target", "x", "--file", "glossary/cloud.yaml")
    assert code == 2 and "entry 'bucket' already exists" in err
    assert run("add", "x", "--keep", "--target", "y", "--file", "glossary/cloud.yaml")[0] == 2
    assert run("add", "x", "--keep", "--forbid", "y", "--file", "glossary/cloud.yaml")[0] == 2
    code, _, err = run("add", "x", "--keep")
    assert code == 2 and "--file" in err
    assert (folder / "cloud.yaml").read_text() == before


def test_remove_keeps_other_comments(folder: Path) -> None:
    code, out, _ = run("remove", "AWS Lambda")
    assert code == 0 and "Removed 'AWS Lambda'" in out
    text = (folder / "aws.yaml").read_text()
    assert "AWS Lambda" not in text and "# Service names: kept in English" in text
    assert "# the service" in text
    assert run("remove", "nothing")[0] == 2


def test_lint_exit_codes(folder: Path) -> None:
    assert run("lint") == (0, "No findings in 2 glossary files.\n", "Glossary: glossary\n")
    (folder / "cloud.yaml").write_text(
        (folder / "cloud.yaml").read_text().replace("term: policy", "term: zzz-policy")
    )
    code, out, _ = run("lint")
    assert code == 1 and "cloud.yaml:28: unsorted: 'version' should come before 'zzz-policy'" in out


def test_list_says_when_no_entry_matches(folder: Path) -> None:
    result = CliRunner().invoke(main_app, ["glossary", "list", "Amazon Web Services Zzz"])
    assert result.exit_code == 0 and result.stdout == ""
    assert "No entry matches 'Amazon Web Services Zzz'." in result.stderr


def test_list_names_the_domains_there_are_for_an_unknown_one(folder: Path) -> None:
    result = CliRunner().invoke(main_app, ["glossary", "list", "--domain", "nosuch"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("Error: --domain 'nosuch': no entry has it; the domains are: ")
    assert "cloud" in result.stderr.splitlines()[0]


def test_import_into_a_folder_writes_a_yaml_file_named_after_the_source(folder: Path) -> None:
    result = CliRunner().invoke(main_app, ["glossary", "import", str(DATA / "terms.csv"),
                                           "--into", "glossary/"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "glossary/terms.yaml" in result.stdout
    assert load_glossary([folder / "terms.yaml"]).entries


def test_import_into_a_name_glossaries_are_not_read_from_is_refused(
    folder: Path, tmp_path: Path
) -> None:
    for into in ("gl", "g.json"):
        result = CliRunner().invoke(
            main_app, ["glossary", "import", str(DATA / "terms.csv"), "--into", into]
        )
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(f"Error: --into {into}: give a .yaml or .yml file")
        assert not (tmp_path / into).exists()


def test_import_and_export(folder: Path, tmp_path: Path) -> None:
    code, _, _ = run("import", str(DATA / "basic-2019.tbx"), "--into", "glossary/ml.yaml")
    assert code == 0 and load_glossary([folder]).get("training") is not None
    assert run("import", str(DATA / "basic-2019.tbx"), "--into", "glossary/ml.yaml")[0] == 2
    for fmt in ("csv", "tsv", "tmx", "tbx"):
        out = tmp_path / f"out.{fmt}"
        assert run("export", "--format", fmt, "--out", str(out))[0] == 0
        assert load_glossary([out]).get("cluster") is not None
    code, out_text, _ = run("export", "--format", "csv")
    assert out_text.startswith("en,vi\n")


def test_a_team_glossary_imported_beside_the_seed_one_overrides_it(
    folder: Path, tmp_path: Path
) -> None:
    team = tmp_path / "team.csv"
    team.write_text("en,vi\ncluster,cụm máy\nnode pool,nhóm nút\n", encoding="utf-8")
    code, _, err = run("import", str(team), "--into", "glossary/team.yaml")
    assert code == 0
    assert err == (
        "Warning: glossary/team.yaml overrides 1 term of glossary/cloud.yaml ('cluster'): "
        "of two files in a folder, the later by name wins\n"
    )
    code, out, _ = run("list", "cluster")
    assert code == 0 and out.startswith("cluster -> cụm máy")
    code, out, _ = run("lint")
    assert code == 0 and "cloud.yaml:12: overridden-term: 'cluster' is defined again at" in out
    code, _, err = run("import", str(team), "--into", "glossary/a-team.yaml")
    assert code == 0 and "1 term of glossary/a-team.yaml overridden by glossary/cloud.yaml" in err
    other = tmp_path / "other.csv"
    other.write_text("en,vi\ncluster,cụm khác\n", encoding="utf-8")
    later_csv = run("list", "cluster", "-g", "glossary", "-g", str(other))[1]
    later_folder = run("list", "cluster", "-g", str(other), "-g", "glossary")[1]
    assert later_csv.startswith("cluster -> cụm khác") and later_folder.startswith(
        "cluster -> cụm máy"
    )


def test_sync_against_fake(folder: Path, fake: FakeAWS) -> None:
    code, out, _ = run("sync", "--dry-run")
    assert code == 0 and out.startswith("Skipped translate-glossary-en-vi-") and not fake.requests
    code, out, _ = run("sync", "--region", "us-east-1")
    assert code == 0 and out.startswith("Uploaded")
    assert run("sync")[1].endswith("already up to date\n")


def test_suggest(folder: Path, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(
        "---\ntitle: Amazon Hidden Thing\n---\nUse Amazon Kendra and Amazon Kendra with "
        "Sagemaker Studio.\n\n```\nAmazon CodeOnly\n```\nSee `Amazon InlineOnly` and "
        "https://aws.amazon.com/Amazon-Url. Amazon SageMaker is known.\n"
    )
    code, out, _ = run("suggest", str(post))
    assert code == 0
    assert "    2  Amazon Kendra  [aws-name]" in out
    assert "Hidden" not in out and "CodeOnly" not in out and "InlineOnly" not in out
    assert "  Amazon SageMaker  " not in out


def test_a_missing_glossary_is_bad_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run("list", "-g", "glossary")
    assert code == 2 and err == "Error: glossary: no such glossary file or folder\n"


def test_without_a_glossary_folder_sync_uploads_the_glossary_post_uses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: FakeAWS
) -> None:
    monkeypatch.chdir(tmp_path)  # no glossary/ here: post uses the shipped glossary
    code, out, err = run("sync", "--region", "us-east-1")
    assert code == 0 and out.startswith("Uploaded translate-glossary-en-vi-"), err
    assert err.startswith("Glossary: the one shipped with translate (")
    assert len(fake.calls("ImportTerminology")) == 1
    Path("p.md").write_text("Keep the logs in an S3 bucket.\n", encoding="utf-8")
    argv = ["post", "p.md", "--engine", "amazon-translate", "--enforce", "terminology"]
    posted = CliRunner().invoke(main_app, [*argv, "--no-memory"])
    assert posted.exit_code == 0, posted.output
    assert len(fake.calls("ImportTerminology")) == 1  # the terminology sync uploaded
    assert fake.calls("TranslateText")[0].body["TerminologyNames"] == [out.split()[1]]


def test_the_glossary_commands_read_the_glossary_post_uses(
    folder: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    shipped = run("list", "-g", str(shipped_glossary()))[1]
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))  # no glossary/ here or above
    code, out, err = run("list")
    assert (code, out) == (0, shipped) and err.startswith("Glossary: the one shipped with")
    exported = run("export", "--format", "csv")
    assert exported[:2] == run("export", "--format", "csv", "-g", str(shipped_glossary()))[:2]
    code, out, err = run("lint")
    assert code == 0 and out.startswith("No findings") and "shipped" in err
    (folder.parent / "sub").mkdir()
    monkeypatch.chdir(folder.parent / "sub")  # the nearest glossary/ is the one above
    code, out, err = run("list", "cụm")
    assert out == "cluster -> cụm; also cluster  [cloud]\n" and err == f"Glossary: {folder}\n"
