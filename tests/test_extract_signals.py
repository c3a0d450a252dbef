"""extract(): an AWS post is known by any one of its signals, and every path converts its body
the same way (tests/data/html/body.html wrapped in the page shells of tests/data/html/shells)."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from translate.cli import app
from translate.source.extract import Article, extract
from translate.source.sources import load_source

HTML = Path(__file__).parent / "data" / "html"
BODY = (HTML / "body.html").read_text(encoding="utf-8")
POST_URL = "https://aws.amazon.com/blogs/compute/run-gadgets-at-scale/"


def _page(shell: str) -> bytes:
    page = (HTML / "shells" / f"{shell}.html").read_text(encoding="utf-8")
    return page.replace("<!-- BODY -->", BODY).encode("utf-8")


def _extract(shell: str, url: str = "file:///saved/run-gadgets.html") -> Article:
    return extract(_page(shell), url)


def _body_alone() -> Article:
    return extract(BODY, "file:///saved/body.html")


def test_schema_org_article_body_names_the_body_and_the_metadata() -> None:
    article = _extract("schema-org")
    assert article.signals[0] == "schema.org" and article.found_by == "schema.org"
    assert (article.title, article.date) == ("Run gadgets at scale", "2024-05-28")
    assert (article.authors, article.categories) == (("Minh Tran",), ("Compute",))
    assert article.tags == ("gadgets",)


def test_the_2021_blog_post_content_section_names_the_body() -> None:
    article = _extract("blog-post-content")
    assert article.signals[0] == "blog-post-content" and article.found_by == "blog-post-content"
    assert (article.title, article.date, article.authors) == (
        "Run gadgets at scale",
        "2024-05-28",
        ("Minh Tran",),
    )


def test_json_ld_fills_the_metadata_of_a_page_without_markup() -> None:
    article = _extract("json-ld")
    assert article.signals == ("json-ld", "url") and not article.generic
    assert article.found_by == "content detection"
    assert article.front_matter() == {
        "title": "Run gadgets at scale",
        "date": "2024-05-28",
        "authors": ["Minh Tran", "Lea Novak"],
        "categories": ["Compute", "Amazon Gadget"],
        "source": POST_URL,
    }


def test_og_tags_name_an_aws_page() -> None:
    article = _extract("og")
    assert article.signals[0] == "og" and not article.generic
    assert (article.title, article.date, article.canonical_url) == (
        "Run gadgets at scale",
        "2024-05-28",
        POST_URL,
    )


def test_the_aws_page_settings_script_names_an_aws_page() -> None:
    article = _extract("aws-page-settings")
    assert article.signals == ("aws-page-settings",) and not article.generic


def test_an_aws_blog_url_names_an_aws_page() -> None:
    assert _extract("no-marker", POST_URL).signals == ("url",)
    assert _extract("no-marker", "https://aws.amazon.com/vi/blogs/compute/x/").signals == ("url",)
    assert _extract("no-marker", "https://example.com/blogs/compute/x/").signals == ()


def test_a_page_without_any_signal_is_generic() -> None:
    article = _extract("no-marker")
    assert article.signals == () and article.generic
    assert article.title == "Run gadgets at scale"


def test_a_body_alone_is_converted_whole_without_a_warning(tmp_path: Path) -> None:
    article = _body_alone()
    assert article.found_by == "fragment" and not article.generic
    saved = tmp_path / "saved-body.html"
    saved.write_text(BODY, encoding="utf-8")
    assert load_source(str(saved)).warning is None


@pytest.mark.parametrize(
    "shell", ["schema-org", "blog-post-content", "json-ld", "og", "aws-page-settings", "no-marker"]
)
def test_every_shell_gives_the_markdown_of_the_body_alone(shell: str) -> None:
    assert _extract(shell).markdown == _body_alone().markdown


def test_the_body_keeps_code_inline_code_numbers_tables_and_images() -> None:
    markdown = _body_alone().markdown
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    fences = [(t.info, t.content) for t in tokens if t.type == "fence"]
    assert fences[0] == (
        "bash",
        'aws gadget start-run \\\n    --name "nightly"   \\\n    --size small\n',
    )
    assert fences[1][1].startswith("import boto3\n\ndef handler(event, context):\n")
    assert '        print(item & 1, "<done>", `x`)\n' in fences[1][1]
    assert "read its result with `DescribeRun`, and keep" in markdown
    assert "[`StartRun API`](https://docs.example.com/gadget/API_StartRun.html)" in markdown
    assert "3. Open the **Gadget** console.\n4. Choose **Create run**, then:\n" in markdown
    assert (
        "| `small` | up to 10 | ![A small run](https://media.example.com/2024/small-run.png) |"
        in (markdown)
    )
    assert markdown.endswith(
        "### Lea Novak\n\nLea is a Developer Advocate who writes samples for the widget SDKs.\n"
    )


def test_an_aws_page_found_by_content_detection_warns_to_check_it(tmp_path: Path) -> None:
    saved = tmp_path / "run-gadgets.html"
    saved.write_bytes(_page("json-ld"))
    warning = load_source(str(saved)).warning
    assert warning is not None and "template was not recognised" in warning
    assert "not an AWS blog page" not in warning


def test_the_bios_end_the_source_and_the_translation(runner: CliRunner, in_tmp: Path) -> None:
    page = in_tmp / "widget-batch.html"
    page.write_bytes((HTML / "aws-2019.html").read_bytes())
    result = runner.invoke(
        app, ["post", str(page), "--to", "vi", "--engine", "pseudo", "--no-memory", "--out", "o"]
    )
    assert result.exit_code == 0, result.stderr
    for name in ("_index.md", "_index.vi.md"):
        text = (in_tmp / "o" / "new-widget-batch-mode" / name).read_text(encoding="utf-8")
        sections = [line for line in text.splitlines() if line.startswith("## ")]
        assert sections[-1] in ("## About the Author", "## «Ăbơưt thê Ăưthơr»")
        assert text.rstrip().endswith(("Jane Doe writes about widgets.", "wìdgêts.»"))
