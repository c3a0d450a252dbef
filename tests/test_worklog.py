"""Filing posts into a Hugo worklog: finding the site, numbering, front matter and section pages."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from translate.cli import app
from translate.document.markdown import parse
from translate.engines.base import EngineContext
from translate.engines.pseudo import PseudoEngine
from translate.errors import InputError
from translate.output import Provenance
from translate.output.worklog import (
    Entry,
    entry_files,
    find_site,
    locate,
    post_text,
    post_title,
    section_link,
)
from translate.run.pipeline import translate_document

URL = "https://aws.amazon.com/blogs/containers/a-post/"
LINK1 = '{{< relref "/3-BlogsTranslated/3.1-Blog1" >}}'


def meta(text: str) -> dict[str, object]:
    data = yaml.safe_load(text.split("---", 2)[1])
    assert isinstance(data, dict)
    return data


def make_site(root: Path, config: str = "hugo.toml") -> Path:
    (root / "content").mkdir(parents=True)
    (root / config).write_text("", encoding="utf-8")
    return root


def filed(entry: Entry, text: str, url: str | None = URL) -> dict[Path, str]:
    translation = translate_document(parse(text), PseudoEngine(EngineContext("en", "vi")))
    provenance = Provenance(url or "post.md", "en", "vi", "pseudo", datetime.now(UTC))
    return entry_files(entry, text, translation, provenance, url)


def test_the_site_is_the_folder_with_content_or_a_hugo_config_above(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", "config.yaml")
    nested = site / "content" / "1-Worklog" / "week-1"
    nested.mkdir(parents=True)
    assert find_site(site) == site
    assert find_site(nested) == site.resolve()
    bare = tmp_path / "bare"
    (bare / "content").mkdir(parents=True)
    assert find_site(bare) == bare


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ({"hugo.yaml": ""}, "has hugo.yaml but no content/ folder"),
        ({"notes.txt": ""}, "is not in a Hugo site"),
    ],
)
def test_a_folder_that_is_no_site_is_a_clear_error(
    tmp_path: Path, setup: dict[str, str], message: str
) -> None:
    for name, text in setup.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        find_site(tmp_path)
    with pytest.raises(InputError, match="no such folder"):
        find_site(tmp_path / "missing")


def titled(text: str, entry: Entry, url: str, today: date) -> str:
    """``post_text`` with the title ``translate post`` gives it (an untitled post: Blog N)."""
    title, _ = post_title(text, f"blog-{entry.number}")
    return post_text(text, entry, url, title, today)


def test_the_next_number_follows_the_highest_and_a_known_source_keeps_its_folder(
    tmp_path: Path,
) -> None:
    site = make_site(tmp_path)
    section = site / "content" / "3-BlogsTranslated"
    for name in ("3.1-Blog1", "3.4-Blog4", "3.x-notes", "images"):
        (section / name).mkdir(parents=True)
    (section / "3.4-Blog4" / "_index.md").write_text(f"---\nsource: {URL}\n---\n", "utf-8")
    (section / "3.1-Blog1" / "_index.md").write_text("---\ntitle: [broken\n---\n", "utf-8")
    assert locate(site, "https://example.com/new/", ()) == Entry(site, 5, "3.5-Blog5")
    assert locate(site, URL, ()) == Entry(site, 4, "3.4-Blog4", existing=True)
    assert locate(make_site(tmp_path / "empty"), URL, ()).name == "3.1-Blog1"


def test_the_post_gets_the_worklog_front_matter(tmp_path: Path) -> None:
    text = (
        '+++\ntitle = "A post"\ndate = 2024-01-02\nslug = "x"\nweight = 9\ntags = ["eks"]\n+++\n'
        "Body.\n"
    )
    entry = Entry(tmp_path, 7, "3.7-Blog7")
    result = titled(text, entry, URL, date(2025, 1, 1))
    assert meta(result) == {
        "title": "A post",
        "date": "2024-01-02",
        "weight": 7,
        "chapter": False,
        "pre": " <b> 3.7. </b> ",
        "tags": ["eks"],
        "source": URL,
    }
    assert result.endswith("---\n\nBody.\n")
    untitled = titled("# Heading here\n\nBody.\n", entry, URL, date(2025, 1, 1))
    assert meta(untitled)["title"] == "Heading here" and meta(untitled)["date"] == "2025-01-01"


def test_section_pages_are_updated_in_place_and_otherwise_kept(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    section = site / "content" / "3-BlogsTranslated"
    section.mkdir()
    page = (
        "---\r\ntitle: Blogs\r\n---\r\nIntro.\r\n\r\n### [Blog 1 - Old](3.1-Blog1/)\r\n\r\n"
        "Old summary\r\non two lines.\r\n\r\n![keep](x.png)\r\n\r\n### [Blog 2 - B](3.2-Blog2/)\r\n"
    )
    (section / "_index.md").write_bytes(page.encode())
    entry = Entry(site, 1, "3.1-Blog1", existing=True)
    text = titled("---\ntitle: New [title]\n---\n\nFirst paragraph.\n", entry, URL, date.today())
    files = filed(entry, text)
    assert files[section / "_index.md"] == page.replace(
        "### [Blog 1 - Old](3.1-Blog1/)\r\n\r\nOld summary\r\non two lines.\r\n",
        f"### [Blog 1 - New \\[title\\]]({LINK1}) {{#blog-1}}\r\n\r\nFirst paragraph.\r\n",
    ).replace("(3.2-Blog2/)", '({{< relref "/3-BlogsTranslated/3.2-Blog2" >}})')
    assert files[section / "_index.vi.md"].endswith(
        f"### [Blog 1 - «Nêw \\[tìtlê\\]»]({LINK1}) {{#blog-1}}\n\n«Fìrst părăgrăph.»\n"
    )


def test_a_new_entry_is_appended_after_a_blank_line(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    section = site / "content" / "3-BlogsTranslated"
    section.mkdir()
    (section / "_index.vi.md").write_text("---\ntitle: Blog\n---\nNo newline", "utf-8")
    entry = Entry(site, 1, "3.1-Blog1")
    files = filed(entry, titled("![pic](p.png)\n\nWords.\n", entry, URL, date.today()))
    assert files[section / "_index.vi.md"] == (
        f"---\ntitle: Blog\n---\nNo newline\n\n### [Blog 1 - «Blơg 1»]({LINK1}) {{#blog-1}}\n\n"
        "«Wơrds.»\n"
    )


def test_a_local_post_writes_no_path_of_this_machine_and_keeps_its_folder(
    runner: CliRunner, in_tmp: Path
) -> None:
    make_site(in_tmp / "site")
    Path("drafts").mkdir()
    Path("drafts/p.md").write_text("---\ntitle: Notes\n---\nHello there.\n", encoding="utf-8")
    command = ["post", "drafts/p.md", "-e", "pseudo", "--worklog", "site"]
    result = runner.invoke(app, command)
    assert result.exit_code == 0, result.stderr
    folder = Path("site/content/3-BlogsTranslated/3.1-Blog1")
    for name in ("_index.md", "_index.vi.md"):
        text = (folder / name).read_text(encoding="utf-8")
        assert "drafts" not in text and "file:" not in text and str(in_tmp) not in text
        assert "Original" not in text and "Bài gốc" not in text and "source" not in meta(text)
    again = runner.invoke(app, [*command, "--force"])
    assert again.exit_code == 0
    assert [p.name for p in folder.parent.iterdir() if p.is_dir()] == ["3.1-Blog1"]


RSS_BODY = (
    "<p>Teams that run nightly reports often copy the same data twice. "
    "This walkthrough shows a simpler way to keep one copy and share it safely.</p>\n"
    "<p>We start with the storage layout, then the permissions each team needs, and finish "
    "with a short checklist you can reuse for your own reports.</p>\n"
    "<h3>Setting up the layout</h3>\n"
    "<p>Create one folder per team and one shared folder for the finished reports, and give "
    "each team read access to the shared folder only.</p>\n"
)


def test_a_body_without_a_title_is_named_from_its_file_with_one_warning(
    runner: CliRunner, in_tmp: Path
) -> None:
    make_site(in_tmp / "site")
    Path("nightly-reports.html").write_text(RSS_BODY, encoding="utf-8")
    command = ["post", "nightly-reports.html", "-e", "pseudo", "--worklog", "site"]
    result = runner.invoke(app, command)
    assert result.exit_code == 0, result.stderr
    text = Path("site/content/3-BlogsTranslated/3.1-Blog1/_index.md").read_text(encoding="utf-8")
    assert meta(text)["title"] == "Nightly reports" and "source" not in meta(text)
    assert "file:" not in text and str(in_tmp) not in text
    [warning] = [line for line in result.stderr.splitlines() if "no title" in line]
    assert '"Nightly reports"' in warning and "title:" in warning
    titled_heading = "<h2>Sharing nightly reports</h2>\n" + RSS_BODY
    Path("nightly-reports.html").write_text(titled_heading, encoding="utf-8")
    again = runner.invoke(app, [*command, "--force"])
    assert again.exit_code == 0 and "no title" not in again.stderr
    text = Path("site/content/3-BlogsTranslated/3.1-Blog1/_index.md").read_text(encoding="utf-8")
    assert meta(text)["title"] == "Sharing nightly reports"  # the same entry, now titled


def test_source_url_names_the_original_of_a_saved_post(runner: CliRunner, in_tmp: Path) -> None:
    make_site(in_tmp / "site")
    Path("p.md").write_text("---\ntitle: Notes\n---\nHello there.\n", encoding="utf-8")
    url = "https://example.com/blog/notes/"
    command = ["post", "p.md", "-e", "pseudo", "--worklog", "site", "--source-url", url]
    assert runner.invoke(app, command).exit_code == 0
    folder = Path("site/content/3-BlogsTranslated/3.1-Blog1")
    english = (folder / "_index.md").read_text(encoding="utf-8")
    assert meta(english)["source"] == url and f"> Original: [Notes]({url})" in english
    vietnamese = (folder / "_index.vi.md").read_text(encoding="utf-8")
    assert f"]({url})" in vietnamese and "> Bài gốc: [" in vietnamese
    assert meta(vietnamese)["translation"]["source"] == url  # type: ignore[index]
    bad = runner.invoke(app, ["post", "p.md", "-e", "pseudo", "--source-url", "notes.html"])
    assert bad.exit_code == 2 and "--source-url notes.html" in bad.stderr


@pytest.mark.parametrize(
    ("folder", "worklog"),
    [("site/content/3-BlogsTranslated", "."), (".", "site/content"), ("site/static", ".")],
)
def test_a_site_without_a_hugo_config_is_found_from_a_folder_inside_it(
    runner: CliRunner, in_tmp: Path, folder: str, worklog: str
) -> None:
    (in_tmp / "site" / "content" / "3-BlogsTranslated").mkdir(parents=True)
    (in_tmp / "site" / "static").mkdir()
    (in_tmp / "p.md").write_text("---\ntitle: Notes\n---\nHello there.\n", encoding="utf-8")
    os.chdir(folder)
    post = os.path.relpath(in_tmp / "p.md")
    result = runner.invoke(app, ["post", post, "-e", "pseudo", "--worklog", worklog])
    assert result.exit_code == 0, result.stderr
    filed = in_tmp / "site" / "content" / "3-BlogsTranslated" / "3.1-Blog1"
    assert sorted(p.name for p in filed.iterdir()) == ["_index.md", "_index.vi.md"]
    assert not (in_tmp / "site" / "content" / "content").exists()


def test_nothing_is_written_through_a_link_that_leaves_the_site(
    runner: CliRunner, in_tmp: Path
) -> None:
    make_site(in_tmp / "site")
    outside = in_tmp / "outside"
    outside.mkdir()
    os.symlink(outside, "site/content/3-BlogsTranslated")
    Path("p.md").write_text("Hello there.\n", encoding="utf-8")
    result = runner.invoke(app, ["post", "p.md", "-e", "pseudo", "--worklog", "site"])
    assert result.exit_code == 2 and "outside" in result.stderr
    assert list(outside.iterdir()) == []


def test_worklog_writes_pairs_only(runner: CliRunner, in_tmp: Path) -> None:
    make_site(in_tmp / "site")
    Path("p.md").write_text("Hello there.\n", encoding="utf-8")
    options = ["--worklog", "site", "--layout", "interleaved"]
    result = runner.invoke(app, ["post", "p.md", "-e", "pseudo", *options])
    assert result.exit_code == 2 and "--layout interleaved" in result.stderr


def test_entries_link_to_their_folder_by_relref_and_old_links_are_rewritten(
    tmp_path: Path,
) -> None:
    """Hugo publishes 3.1-Blog1 as 3.1-blog1/ (or not, with disablePathToLower): relref asks it."""
    site = make_site(tmp_path)
    section = site / "content" / "3-BlogsTranslated"
    section.mkdir()
    old = "---\ntitle: Blogs\n---\n\n### [Blog 1 - A](3.1-Blog1/)\n\nA.\n\nSee [it](3.1-Blog1).\n"
    (section / "_index.md").write_text(old, encoding="utf-8")
    entry = Entry(site, 2, "3.2-Blog2")
    files = filed(entry, titled("Words.\n", entry, URL, date.today()))
    assert files[section / "_index.md"] == (
        f"---\ntitle: Blogs\n---\n\n### [Blog 1 - A]({LINK1})\n\nA.\n\nSee [it]({LINK1}).\n\n"
        '### [Blog 2 - Blog 2]({{< relref "/3-BlogsTranslated/3.2-Blog2" >}}) {#blog-2}\n\n'
        "Words.\n"
    )


def test_the_summary_passes_over_bylines_images_and_captions(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    entry = Entry(site, 1, "3.1-Blog1")
    body = (
        "*By Matt Sidley, Senior Product Manager*\n\n"
        "By Jeff Barr | on 02 JAN 2024\n\n"
        "![Diagram](https://example.com/d.png)\n*Figure 1: the architecture*\n\n"
        "**Note:**\n\n"
        "By using *Amazon S3* you keep data.\n\nMore.\n"
    )
    files = filed(entry, titled(body, entry, URL, date.today()))
    index = files[site / "content" / "3-BlogsTranslated" / "_index.md"]
    assert index.splitlines()[-1] == "By using *Amazon S3* you keep data."


def test_the_readme_command_fixes_the_links_of_an_existing_worklog(tmp_path: Path) -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    [command] = [line for line in readme.splitlines() if line.startswith("sed -i -E ")]
    section = make_site(tmp_path) / "content" / "3-BlogsTranslated"
    section.mkdir()
    old = "### [Blog 1 - A](3.1-Blog1/)\n\nA.\n\n### [Blog 12 - B](3.12-Blog12)\n"
    for name in ("_index.md", "_index.vi.md"):
        (section / name).write_text(old, encoding="utf-8")
    subprocess.run(["sh", "-c", command], cwd=tmp_path, check=True)
    fixed = f"### [Blog 1 - A]({LINK1})\n\nA.\n\n### [Blog 12 - B]({section_link('3.12-Blog12')})\n"
    for name in ("_index.md", "_index.vi.md"):
        assert (section / name).read_text(encoding="utf-8") == fixed


TOML_FIX = 'defaultContentLanguage = "en" and a [languages.vi] table'
YAML_FIX = "defaultContentLanguage: en and a vi: entry under languages:"
JSON_FIX = '"defaultContentLanguage": "en" and a "vi" key in "languages"'


@pytest.mark.parametrize(
    ("name", "config", "warned"),
    [
        (
            "hugo.toml",
            'defaultContentLanguage = "vi"\n[languages.vi]\n[languages.en]\n',
            'sets defaultContentLanguage = "vi"',
        ),
        ("config.yaml", "defaultContentLanguage: en\nlanguages:\n  en: {weight: 1}\n", "no vi"),
        ("hugo.toml", 'defaultContentLanguage = "en"\n[languages.en]\n[languages.vi]\n', ""),
        ("config.toml", 'title = "A site with one language"\n', "no vi"),
        (
            "hugo.json",
            '{"defaultContentLanguage": "vi", "languages": {"vi": {}}}',
            'sets "defaultContentLanguage": "vi"',
        ),
        ("config.toml", 'title = "A site\n', "could not be read"),
        ("hugo.yaml", "languages: [en, vi\n", "could not be read"),
    ],
)
def test_a_site_whose_languages_contradict_the_files_is_warned_about(
    runner: CliRunner, in_tmp: Path, name: str, config: str, warned: str
) -> None:
    site = make_site(in_tmp / "site", name)
    (site / name).write_text(config, encoding="utf-8")
    Path("p.md").write_text("---\ntitle: Notes\n---\nHello there.\n", encoding="utf-8")
    result = runner.invoke(app, ["post", "p.md", "-e", "pseudo", "--worklog", "site"])
    assert result.exit_code == 0, result.stderr
    assert Path("site/content/3-BlogsTranslated/3.1-Blog1/_index.vi.md").is_file()
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning:")]
    if not warned:
        assert warnings == []
        return
    [warning] = warnings
    assert f"site/{name}" in warning and warned in warning
    if warned != "could not be read":
        fix = {".toml": TOML_FIX, ".yaml": YAML_FIX, ".json": JSON_FIX}[Path(name).suffix]
        assert warning.endswith(fix)


def test_a_rerun_on_a_later_day_keeps_the_date_of_a_post_without_one(
    runner: CliRunner, in_tmp: Path
) -> None:
    make_site(in_tmp / "site")
    Path("p.md").write_text("# Notes\n\nHello there.\n", encoding="utf-8")
    command = ["post", "p.md", "-e", "pseudo", "--worklog", "site"]
    assert runner.invoke(app, command).exit_code == 0
    folder = Path("site/content/3-BlogsTranslated/3.1-Blog1")
    today = f'date: "{date.today().isoformat()}"'
    for name in ("_index.md", "_index.vi.md"):  # as if filed on an earlier day
        text = (folder / name).read_text(encoding="utf-8")
        assert today in text
        (folder / name).write_text(text.replace(today, 'date: "2024-01-02"'), encoding="utf-8")
    again = runner.invoke(app, command)
    assert again.exit_code == 0, again.stderr
    assert again.stdout == "" and "_index.vi.md: unchanged" in again.stderr
    for name in ("_index.md", "_index.vi.md"):
        assert meta((folder / name).read_text(encoding="utf-8"))["date"] == "2024-01-02"
