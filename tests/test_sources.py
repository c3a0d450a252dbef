"""load_source(): Markdown files, saved pages and URLs become one Markdown post, or an error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from translate.document.markdown import parse
from translate.errors import InputError
from translate.source.sources import front_matter_text, load_source, slug_from_url

HTML = Path(__file__).parent / "data" / "html"


def meta(text: str) -> dict[str, object]:
    data = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(data, dict)
    return data


def test_a_markdown_file_is_read_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "My Post.md"
    text = "---\ntitle: Hi\nsource: https://aws.amazon.com/blogs/x/hi/\n---\nHello.\r\n"
    path.write_bytes(text.encode())
    source = load_source(str(path))
    assert (source.text, source.slug, source.origin) == (text, "my-post", str(path))
    assert source.url == "https://aws.amazon.com/blogs/x/hi/" and source.warning is None


def test_a_markdown_file_without_a_url_is_known_by_its_path(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text("Hello.\n", encoding="utf-8")
    source = load_source(str(path))
    assert source.url is None and "source:" not in source.text


def test_a_saved_page_without_a_url_records_no_path_unless_given_one(tmp_path: Path) -> None:
    page = tmp_path / "item.html"
    words = " ".join(f"word{n}" for n in range(80))
    page.write_text(f"<p>{words}.</p><p>{words}.</p>", encoding="utf-8")
    source = load_source(str(page), accept_partial=True)
    assert source.url is None and "source:" not in source.text
    assert "file:" not in source.text and str(tmp_path) not in source.text
    given = load_source(str(page), accept_partial=True, url="https://example.com/b/item/")
    assert meta(given.text)["source"] == given.url == "https://example.com/b/item/"


def test_a_saved_aws_page_becomes_markdown_with_front_matter(tmp_path: Path) -> None:
    page = tmp_path / "Saved Page.html"
    shutil.copy(HTML / "aws-current.html", page)
    source = load_source(str(page))
    assert meta(source.text) == {
        "title": "Build a gadget pipeline with Amazon Gadget",
        "date": "2023-11-26",
        "authors": ["Ana Silva", "Bao Nguyen"],
        "categories": ["Analytics", "Amazon Gadget"],
        "tags": ["pipelines", "gadget"],
        "source": "https://aws.amazon.com/blogs/big-data/build-a-gadget-pipeline/",
    }
    assert source.url == "https://aws.amazon.com/blogs/big-data/build-a-gadget-pipeline/"
    assert source.slug == "build-a-gadget-pipeline" and source.warning is None
    body = source.text.split("---\n", 2)[2]
    assert body.startswith("\nData teams build [gadget pipelines]")
    assert '```bash\naws gadget create \\\n    --name "my-gadget"   \\\n' in body
    document = parse(source.text)
    assert document.segments[0].text == "Build a gadget pipeline with Amazon Gadget"


def test_a_page_that_is_not_an_aws_blog_page_comes_with_a_warning() -> None:
    source = load_source(str(HTML / "generic.html"))
    assert source.warning is not None and "not an AWS blog page" in source.warning
    assert meta(source.text)["title"] == "Tuning a home espresso machine"
    assert source.slug == "generic"  # no canonical URL: named from the file


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("paper.pdf", b"%PDF-1.4", "expected a Markdown file (.md), a saved web page (.html)"),
        ("empty.html", b"<html><body><nav>Home</nav></body></html>", "no article found"),
        ("missing.md", None, "no such file"),
    ],
)
def test_files_that_are_not_posts_are_one_line_errors(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=r"^[^\n]+$") as error:
        load_source(str(path))
    assert message in str(error.value)


@pytest.mark.parametrize("url", ["ftp://example.com/post.html", "file:///tmp/post.html"])
def test_only_http_and_https_urls_are_sources(url: str) -> None:
    with pytest.raises(InputError, match=r"give an http:// or https:// URL"):
        load_source(url)


def test_a_folder_is_not_a_source(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        load_source(str(tmp_path))


@pytest.mark.parametrize(
    ("url", "slug"),
    [
        ("https://aws.amazon.com/blogs/machine-learning/some-post/", "some-post"),
        ("https://aws.amazon.com/blogs/x/Build_A%20Thing!", "build-a-thing"),
        ("https://example.com/2024/05/post.html?utm=1#top", "post"),
        ("https://example.com/", "example-com"),
        ("https://example.com/blogs/../../etc/passwd/", "passwd"),
        ("https://example.com/blogs/%2E%2E%2F%2E%2E%2Fescape", "escape"),
    ],
)
def test_slugs_come_from_the_url_path(url: str, slug: str) -> None:
    assert slug_from_url(url) == slug


@pytest.mark.parametrize(
    "title",
    ['He said "yes": no # comment', "Tiếng Việt: ổn", "- dash [x] {y} & *z*", "a\u2028b"],
)
def test_front_matter_values_survive_yaml(title: str) -> None:
    text = front_matter_text({"title": title, "weight": 3, "chapter": False, "tags": ["a: b"]})
    assert meta(text) == {"title": title, "weight": 3, "chapter": False, "tags": ["a: b"]}
    assert len(text.splitlines()) == 6
