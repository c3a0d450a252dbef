"""extract(): AWS blog pages (2019 and current templates) and other pages -> Article."""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from translate.errors import FetchError
from translate.source.extract import Article, extract
from translate.source.htmlmd import html_to_markdown

HTML = Path(__file__).parent / "data" / "html"
URL_2019 = "https://aws.amazon.com/blogs/aws/new-widget-batch-mode/"
URL_CURRENT = "https://aws.amazon.com/blogs/big-data/build-a-gadget-pipeline/"
HANDLER = (  # the blank line after the client holds four spaces, as in the page
    "import boto3\n"
    "def handler(event, context):\n"
    "    client = boto3.client('widgets')\n"
    "    \n"
    '    for item in event["items"]:\n'
    '        print(item & 1, "<done>")\n'
    "\n"
    "    return {\"status\": 'ok'}\n"
)


def _page(name: str) -> bytes:
    return (HTML / name).read_bytes()


@cache
def _article(name: str) -> Article:
    return extract(_page(name), f"file:///tmp/{name}")


def _tokens(markdown: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(markdown)


def _headings(markdown: str) -> list[tuple[str, str]]:
    tokens = _tokens(markdown)
    return [
        (t.tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"
    ]


def _fences(markdown: str) -> list[tuple[str, str]]:
    return [(t.info, t.content) for t in _tokens(markdown) if t.type == "fence"]


def _outside_code(markdown: str) -> str:
    return re.sub(r"^(`{3,})[^\n]*\n.*?^\1$", "", markdown, flags=re.DOTALL | re.MULTILINE)


def test_2019_page_metadata() -> None:
    article = _article("aws-2019.html")
    assert article.title == "New \u2013 Widget Service Batch Mode"
    assert article.authors == ("Jane Doe",)
    assert article.date == "2019-05-02"
    assert article.categories == ("Compute", "Launch")
    assert article.tags == ("widgets", "batch")
    assert article.canonical_url == URL_2019
    assert not article.generic


def test_current_page_metadata() -> None:
    article = _article("aws-current.html")
    assert article.title == "Build a gadget pipeline with Amazon Gadget"
    assert article.authors == ("Ana Silva", "Bao Nguyen")
    assert article.date == "2023-11-26"
    assert article.categories == ("Analytics", "Amazon Gadget")
    assert article.tags == ("pipelines", "gadget")
    assert article.canonical_url == URL_CURRENT


def test_front_matter_for_hugo() -> None:
    assert _article("aws-current.html").front_matter() == {
        "title": "Build a gadget pipeline with Amazon Gadget",
        "date": "2023-11-26",
        "authors": ["Ana Silva", "Bao Nguyen"],
        "categories": ["Analytics", "Amazon Gadget"],
        "tags": ["pipelines", "gadget"],
        "source": URL_CURRENT,
    }


def test_date_falls_back_to_meta_and_to_the_visible_date() -> None:
    page = _page("aws-2019.html").replace(b'datetime="2019-05-02T17:00:00+00:00"', b"")
    assert extract(page, URL_2019).date == "2019-05-02"
    page = page.replace(b"article:published_time", b"x")
    assert extract(page, URL_2019).date == "2019-05-02"


def test_fake_bold_underline_headings_become_real_headings() -> None:
    markdown = _article("aws-2019.html").markdown
    assert _headings(markdown)[:3] == [
        ("h3", "Batch Mode"),
        ("h3", "Things to Know"),
        ("h4", "Pricing"),
    ]
    assert "### Batch Mode\n\nToday I would like to tell you about batch mode." in markdown


def test_text_after_a_fake_heading_keeps_its_spaces() -> None:
    html = "<p><strong><u>Setup</u></strong><br> Use <b>one</b> <i>two</i> <code>x</code>.</p>"
    assert html_to_markdown(html, "https://x/") == "### Setup\n\nUse **one** *two* `x`.\n"


def test_real_headings_keep_their_level() -> None:
    assert _headings(_article("aws-current.html").markdown) == [
        ("h2", "Prerequisites"),
        ("h3", "Step 1: Create the gadget"),
        ("h2", "Conclusion"),
        ("h2", "About the Authors"),  # the bios' heading is always a section of its own
    ]


def test_nested_lists() -> None:
    markdown = _article("aws-current.html").markdown
    assert (
        "- An AWS account with [IAM](https://aws.amazon.com/iam/) permissions\n"
        "  - gadget:Create\n"
        "  - gadget:Describe\n"
        "    1. in the console\n"
        "    2. from the CLI\n"
        "- Python 3.11\n\n"
    ) in markdown
    opened = [t.type for t in _tokens(markdown) if t.type.endswith("list_open")]
    assert opened[:3] == ["bullet_list_open", "bullet_list_open", "ordered_list_open"]


def test_ordered_list_with_wide_markers_nests_its_content() -> None:
    items = "".join(f"<li>item {n}</li>" for n in range(1, 10))
    html = f"<ol>{items}<li>ten<ul><li>inner</li></ul><pre>x\n  y</pre></li></ol>"
    markdown = html_to_markdown(html, "https://example.com/")
    assert "10. ten\n    - inner\n\n    ```\n    x\n      y\n    ```" in markdown
    assert _fences(markdown) == [("", "x\n  y\n")]


def test_table_with_bold_first_row_is_a_pipe_table_with_a_header() -> None:
    markdown = _article("aws-current.html").markdown
    assert (
        "| Type | Use \\| purpose | Price |\n"
        "| --- | --- | --- |\n"
        "| Small | Tests a\\|b | $1 |\n"
        "| Large | Production | $10 |\n"
    ) in markdown
    cells = [t.children[0].content for t in _tokens(markdown) if t.type == "inline"]  # type: ignore[index]
    assert "Use | purpose" in cells
    assert "Tests a|b" in cells


def test_code_blocks_keep_language_and_exact_whitespace() -> None:
    assert _fences(_article("aws-2019.html").markdown) == [("python", HANDLER)]
    assert _fences(_article("aws-current.html").markdown) == [
        ("bash", 'aws gadget create \\\n    --name "my-gadget"   \\\n    --size small\n'),
        ("yaml", "gadget:\n  name: my-gadget\n  notes: |\n    uses ```triple``` backticks\n"),
    ]
    assert "````yaml\n" in _article("aws-current.html").markdown


def test_crlf_code_is_normalised_to_lf() -> None:
    page = _page("aws-2019.html")
    start, end = page.index(b"import boto3"), page.index(b"</code></pre>")
    crlf = page[:start] + page[start:end].replace(b"\n", b"\r\n") + page[end:]
    assert b"\r\n    \r\n" in crlf
    assert _fences(extract(crlf, URL_2019).markdown) == [("python", HANDLER)]


def test_images_are_absolute_with_alt_and_caption_below() -> None:
    markdown = _article("aws-2019.html").markdown
    assert (
        "![The widget console](https://media.example.com/blog/2019/widget_console.png)" in markdown
    )
    assert (
        "![Batch flow](https://aws.amazon.com/images/2019/batch-flow.png)\n\n"
        "*Figure 1. The batch flow*\n"
    ) in markdown
    assert (
        "![Gadget architecture](https://aws.amazon.com/blogs/big-data/images/gadget-architecture.png)"
        "\n\n*Solution architecture*\n"
    ) in _article("aws-current.html").markdown


def test_links_are_absolute_and_inline_markup_is_kept() -> None:
    markdown = _article("aws-current.html").markdown
    assert "[gadget pipelines](https://aws.amazon.com/blogs/big-data/gadget-basics/)" in markdown
    assert "Choose **Create gadget**." in markdown
    markdown = _article("aws-2019.html").markdown
    assert "[Amazon Widget Service](https://aws.amazon.com/widgets/)" in markdown
    assert "and *most* of them are **small**." in markdown
    assert "Run it with `widget --batch` and relax." in markdown
    assert "Line one of an address\\\nLine two of an address\n" in markdown


def test_blockquote() -> None:
    assert "> Gadgets are **the** way to go.\n" in _article("aws-current.html").markdown


def test_about_the_authors_is_kept_with_bios_and_images() -> None:
    markdown = _article("aws-current.html").markdown
    about = markdown[markdown.index("## About the Authors") :]
    assert about == (
        "## About the Authors\n\n"
        "![Ana Silva](https://d2908q01vomqb2.cloudfront.net/ana.jpg)\n\n"
        "**Ana Silva** is a Solutions Architect who loves gadgets.\n\n"
        "![Bao Nguyen](https://d2908q01vomqb2.cloudfront.net/bao.jpg)\n\n"
        "**Bao Nguyen** is a Data Engineer based in Hanoi.\n"
    )


def test_a_2019_page_ends_with_the_bio_of_its_author_box() -> None:
    markdown = _article("aws-2019.html").markdown
    assert markdown.endswith(
        "\n\n## About the Author\n\n"
        "![Jane Doe](https://media.example.com/jane.jpg)\n\n"
        "### Jane Doe\n\n"
        "Jane Doe writes about widgets.\n"
    )
    assert markdown.count("About the Author") == 1


def test_a_bold_about_the_author_paragraph_becomes_a_heading() -> None:
    html = "<p><strong>About the author</strong></p><p>Kim builds things.</p>"
    assert html_to_markdown(html, "https://x/") == "## About the author\n\nKim builds things.\n"


@pytest.mark.parametrize("name", ["aws-2019.html", "aws-current.html"])
def test_widgets_scripts_and_footers_are_dropped(name: str) -> None:
    markdown = _article(name).markdown
    assert "SHOULD-NOT-APPEAR" not in markdown
    assert "Polly" not in markdown
    assert "polly" not in markdown
    assert "TAGS" not in markdown
    assert "Share" not in markdown


@pytest.mark.parametrize("name", ["aws-2019.html", "aws-current.html", "generic.html"])
def test_markdown_is_clean(name: str) -> None:
    markdown = _article(name).markdown
    assert markdown.endswith("\n")
    assert not markdown.endswith("\n\n")
    assert "\n\n\n" not in markdown
    prose = _outside_code(markdown)
    assert not re.search(r"[ \t]$", prose, re.MULTILINE)


@pytest.mark.parametrize("name", ["aws-2019.html", "aws-current.html"])
def test_markdown_renders_back_to_the_same_structure(name: str) -> None:
    markdown = _article(name).markdown
    again = html_to_markdown(
        MarkdownIt("commonmark").enable("table").render(markdown), "https://x/"
    )
    assert again == markdown


def test_text_that_looks_like_markdown_is_escaped() -> None:
    html = "<p>1. Not a list, *not emphasis*, [not a link] and &lt;b&gt;</p><p># not a heading</p>"
    markdown = html_to_markdown(html, "https://example.com/")
    tokens = _tokens(markdown)
    assert [t.type for t in tokens if t.type.endswith("_open")] == ["paragraph_open"] * 2
    assert MarkdownIt("commonmark").render(markdown) == (
        "<p>1. Not a list, *not emphasis*, [not a link] and &lt;b&gt;</p>\n<p># not a heading</p>\n"
    )


def test_other_pages_fall_back_to_generic_extraction() -> None:
    article = extract(_page("generic.html"), "https://blog.example.com/espresso/")
    assert article.generic
    assert article.title == "Tuning a home espresso machine"
    assert article.authors == ("Sam Roaster",)
    assert article.date == "2022-03-14"
    assert ("h2", "Grind size") in _headings(article.markdown)
    assert "[grinder guide](https://blog.example.com/guides/grinders/)" in article.markdown
    assert "Home" not in article.markdown


def test_a_page_without_an_article_is_a_fetch_error() -> None:
    with pytest.raises(FetchError, match=r"^no article found in https://example\.com/app: "):
        extract(_page("no-article.html"), "https://example.com/app")


def test_an_aws_page_with_an_empty_body_is_a_fetch_error() -> None:
    page = '<section property="articleBody"><table id="amazon-polly-audio-table"></table></section>'
    with pytest.raises(FetchError, match="no article found"):
        extract(page, URL_2019)


def test_a_technical_page_that_is_not_aws_keeps_its_code_through_content_detection() -> None:
    page = _page("tech-generic.html")
    article = extract(page, "https://notes.example.dev/2023/09/vacuum/")
    assert article.generic and article.found_by == "content detection"
    pre_texts = [
        html.unescape(re.sub(r"<[^>]+>", "", body))
        for body in re.findall(r"<pre\b[^>]*>(.*?)</pre>", page.decode(), flags=re.DOTALL)
    ]
    assert _fences(article.markdown) == [("sql", pre_texts[0] + "\n"), ("sql", pre_texts[1] + "\n")]
    assert "\tn_live_tup   \n" in pre_texts[0]
    markdown = article.markdown
    assert "how to tune `autovacuum_vacuum_scale_factor` for one table" in markdown
    assert "2. Lower the scale factor" in markdown and "3. Raise the cost limit" in markdown
    assert "| `scale_factor` | 0.2 | 0.01 |" in markdown
    for chrome in ("Archive", "Recent notes", "Subscribe", "Written and published", "Ida Berg,"):
        assert chrome not in markdown
