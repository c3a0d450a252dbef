"""A worklog filed by ``translate post`` and built by a real ``hugo``: every entry of the section
pages links to a page Hugo published, whatever case Hugo gives the path."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from typer.testing import CliRunner

from translate.cli import app

HUGO = shutil.which("hugo")
BASE = "https://example.org/worklog/"  # a project site: pages live under a path
CONFIG = f"""baseURL = "{BASE}"
defaultContentLanguage = "en"
{{extra}}
[languages.en]
weight = 1
[languages.vi]
weight = 2
"""
LAYOUT = "<html><body>{{ .Content }}</body></html>\n"
ENTRY = re.compile(r'<h3[^>]*><a href="([^"]*)">Blog \d+ - ')

pytestmark = pytest.mark.skipif(HUGO is None, reason="hugo is not installed (apt-get install hugo)")


def file_posts(runner: CliRunner, site: Path) -> None:
    (site / "content").mkdir(parents=True)
    for name in ("list", "single"):
        layout = site / "layouts" / "_default" / f"{name}.html"
        layout.parent.mkdir(parents=True, exist_ok=True)
        layout.write_text(LAYOUT, encoding="utf-8")
    for number in (1, 2):
        post = site.parent / f"post{number}.md"
        post.write_text(f"---\ntitle: Post {number}\n---\nHello number {number}.\n", "utf-8")
        result = runner.invoke(app, ["post", str(post), "-e", "pseudo", "--worklog", str(site)])
        assert result.exit_code == 0, result.stderr


def published(public: Path, url: str) -> bool:
    path = urlsplit(url).path
    assert path.startswith(urlsplit(BASE).path), url
    page = public / path.removeprefix(urlsplit(BASE).path)
    return (page / "index.html").is_file() if url.endswith("/") else page.is_file()


@pytest.mark.parametrize("extra", ["", "disablePathToLower = true"])
def test_every_section_link_resolves_in_the_published_site(
    runner: CliRunner, in_tmp: Path, extra: str
) -> None:
    site = in_tmp / "site"
    file_posts(runner, site)
    (site / "hugo.toml").write_text(CONFIG.format(extra=extra), encoding="utf-8")
    build_site(site)
    public = site / "public"
    sections = [
        p for p in public.rglob("index.html") if p.parent.name.lower() == "3-blogstranslated"
    ]
    assert len(sections) == 2  # English and Vietnamese
    for section in sections:
        page_url = urljoin(BASE, section.parent.relative_to(public).as_posix() + "/")
        html = section.read_text(encoding="utf-8")
        links = ENTRY.findall(html)
        assert len(links) == 2, section
        assert re.findall(r'<h3 id="([^"]*)"', html) == ["blog-1", "blog-2"]  # no shortcode noise
        for link in links:
            assert published(public, urljoin(page_url, link)), f"{section}: {link} is not published"


def build_site(site: Path) -> None:
    """``hugo`` builds ``site`` into ``site/public``, or the test fails with hugo's output."""
    assert HUGO is not None
    build = subprocess.run(
        [HUGO, "--source", str(site), "--destination", "public"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert build.returncode == 0, build.stdout + build.stderr


def test_a_backup_of_a_hand_edited_translation_is_not_published(
    runner: CliRunner, in_tmp: Path
) -> None:
    site = in_tmp / "site"
    file_posts(runner, site)
    (site / "hugo.toml").write_text(CONFIG.format(extra=""), encoding="utf-8")
    target = site / "content/3-BlogsTranslated/3.1-Blog1/_index.vi.md"
    target.write_text(target.read_text(encoding="utf-8") + "\nSửa tay.\n", encoding="utf-8")
    post = str(in_tmp / "post1.md")
    forced = runner.invoke(app, ["post", post, "-e", "pseudo", "--worklog", str(site), "--force"])
    assert forced.exit_code == 0, forced.stderr
    assert len(list((site / ".translate/backups").rglob("_index.vi.md.*.bak"))) == 1
    build_site(site)
    assert not [p for p in (site / "public").rglob("*") if ".bak" in p.name]
