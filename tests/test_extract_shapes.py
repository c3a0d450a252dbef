"""Page shapes beyond the 2019 and 2021+ templates: a browser's saved copy, older and newer
bylines, a 2015 page, a page known only by JSON-LD, and markup inside the body (pictures, tabs,
code toolbars, share blocks)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from translate.cli import app
from translate.source.extract import extract
from translate.source.fidelity import Count, measure
from translate.source.htmlmd import html_to_markdown

POST = "https://aws.amazon.com/blogs/security/rotate-keys-calmly/"
WORDS = "Every sentence here is long enough to read as the text of a post and not as a menu. "


def _page(head: str, body: str) -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def _section(inner: str) -> str:
    return f'<article><section property="articleBody">{inner}</section></article>'


SAVED = f"<!DOCTYPE html>\n<!-- saved from url=(0052){POST} -->\n" + _page(
    f'<base href="{POST}"><title>Rotate keys calmly</title>',
    _section(f'<p>{WORDS}See <a href="../key-basics/">the basics</a> first.</p>'),
)


def test_a_saved_copy_takes_its_address_from_the_browser_and_links_from_its_base() -> None:
    article = extract(SAVED, "file:///home/me/Downloads/Rotate%20keys.html")
    assert article.canonical_url == POST
    assert "[the basics](https://aws.amazon.com/blogs/security/key-basics/)" in article.markdown


def test_a_saved_copy_is_filed_under_the_slug_of_its_address(tmp_path: Path) -> None:
    page = tmp_path / "Rotate keys calmly _ AWS Security Blog.html"
    page.write_text(SAVED, encoding="utf-8")
    out = tmp_path / "out"
    args = ["post", str(page), "--to", "vi", "--engine", "pseudo", "--no-memory", "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    written = (out / "rotate-keys-calmly" / "_index.md").read_text(encoding="utf-8")
    assert f'source: "{POST}"' in written


def test_a_page_with_no_web_address_has_no_source_in_its_front_matter() -> None:
    page = _page("<title>Rotate keys calmly</title>", _section(f"<p>{WORDS}</p>"))
    front = extract(page, "file:///home/me/rotate.html").front_matter()
    assert "source" not in front


def test_authors_from_byline_links_to_their_author_pages() -> None:
    byline = (
        '<div class="blog-post-meta">by <a href="/blogs/ml/author/priya/">Priya Raman</a> and '
        '<a href="/blogs/ml/author/tomas/">Tomás Ferreira</a> | on 04 FEB 2025</div>'
    )
    page = _page("", f'<article class="blog-post">{byline}' + _section(f"<p>{WORDS}</p>")[9:])
    assert extract(page, POST).authors == ("Priya Raman", "Tomás Ferreira")


def test_an_author_meta_tag_naming_several_authors_gives_each() -> None:
    head = '<meta name="author" content="Olusegun Adeyemi, Marta Kowalska and Lea Novak">'
    article = extract(_page(head, _section(f"<p>{WORDS}</p>")), POST)
    assert article.authors == ("Olusegun Adeyemi", "Marta Kowalska", "Lea Novak")


def test_a_2015_page_gives_its_title_author_and_date_from_its_hatom_markup() -> None:
    post = (
        '<div class="post hentry"><h2 class="entry-title"><a href="x">Fan out thumbnails</a></h2>'
        '<div class="postmeta"><span class="author vcard">by <span class="fn">Dmitri Volkov'
        '</span></span> | on <abbr class="published" title="2015-06-10T09:00:00+00:00">10 Jun'
        f'</abbr></div><div class="entry-content"><p>{WORDS * 3}</p></div></div>'
    )
    article = extract(_page("<title>AWS Compute Blog » Fan out thumbnails</title>", post), POST)
    assert (article.title, article.authors, article.date) == (
        "Fan out thumbnails",
        ("Dmitri Volkov",),
        "2015-06-10",
    )


def test_a_blog_name_before_the_title_is_not_part_of_it() -> None:
    page = _page("<title>AWS Compute Blog » Fan out thumbnails</title>", _section(WORDS))
    assert extract(page, POST).title == "Fan out thumbnails"


def test_content_detection_leaves_out_what_the_page_marks_as_banner_dialog_or_footer() -> None:
    prose = "".join(f"<p>{WORDS}Paragraph {n} of the post.</p>" for n in range(6))
    page = _page(
        '<meta property="og:url" content="' + POST + '">',
        '<div class="x1"><div class="x2" role="banner"><p>Sign in to try every service for free'
        ' today</p></div><div class="x3" role="dialog"><p>We use cookies to improve your '
        'experience on this site.</p></div><div class="x4"><div class="x5">'
        f"{prose}</div></div><div class='x6' role='contentinfo'><p>Copyright 2026, the site "
        "owner and its affiliates.</p></div></div>",
    )
    markdown = extract(page, POST).markdown
    assert "Paragraph 5 of the post." in markdown
    assert "cookies" not in markdown and "Copyright" not in markdown and "Sign in" not in markdown


def test_a_share_block_and_a_code_toolbar_are_not_part_of_the_post() -> None:
    body = (
        f"<p>{WORDS}</p>"
        '<div class="code-toolbar"><span>YAML</span><button>Copy</button></div>'
        "<pre>key: value\n</pre>"
        '<div class="toolbar-wrap"><pre>kept: yes\n</pre></div>'
        '<div class="sharedaddy"><h3>Share this:</h3><ul><li><a href="x">X</a></li></ul></div>'
    )
    markdown = extract(_page("", _section(body)), POST).markdown
    assert "YAML" not in markdown and "Share this" not in markdown
    assert "```\nkey: value\n```" in markdown and "```\nkept: yes\n```" in markdown


def test_a_picture_keeps_its_image() -> None:
    html = '<p><picture><source srcset="r.webp"><img src="/r.png" alt="R"></picture> after</p>'
    assert html_to_markdown(html, POST) == "![R](https://aws.amazon.com/r.png) after\n"


def test_text_after_an_embed_is_kept() -> None:
    assert html_to_markdown('<p>See <embed src="d.svg"> the diagram.</p>', POST) == (
        "See the diagram.\n"
    )


def test_an_image_with_only_a_srcset_takes_its_widest_candidate() -> None:
    html = '<img srcset="https://c/a-480.png 480w, https://c/a-960.png 960w" alt="A">'
    assert html_to_markdown(html, POST) == "![A](https://c/a-960.png)\n"


def test_each_tab_panel_follows_its_tab_name_and_the_tab_list_is_left_out() -> None:
    html = (
        '<div role="tablist"><a role="tab" id="t1" aria-controls="p1">Python</a>'
        '<a role="tab" id="t2" aria-controls="p2">Go</a></div>'
        '<div role="tabpanel" id="p1" aria-labelledby="t1"><pre>print(1)</pre></div>'
        '<div role="tabpanel" id="p2" hidden><pre>fmt.Println(1)</pre></div>'
    )
    assert html_to_markdown(html, POST) == (
        "Python\n\n```\nprint(1)\n```\n\nGo\n\n```\nfmt.Println(1)\n```\n"
    )


def test_a_vietnamese_about_the_authors_section_ends_the_post() -> None:
    html = "<h3>Về các tác giả</h3><p>Hà là kiến trúc sư.</p><h2>Kết luận</h2><p>Hết.</p>"
    assert html_to_markdown(html, POST) == (
        "## Kết luận\n\nHết.\n\n## Về các tác giả\n\nHà là kiến trúc sư.\n"
    )


def test_a_heading_link_to_itself_is_left_out() -> None:
    html = '<h2 id="setup"><a class="anchor" href="#setup" aria-hidden="true">#</a>Setup</h2>'
    assert html_to_markdown(html, POST) == "## Setup\n"


def test_a_bio_photo_inside_the_bold_name_goes_before_the_paragraph() -> None:
    html = '<p><strong><img src="/s.jpg" alt="">Sven Lind</strong> is an architect.</p>'
    assert html_to_markdown(html, POST) == (
        "![](https://aws.amazon.com/s.jpg)\n\n**Sven Lind** is an architect.\n"
    )


def test_an_author_card_after_the_body_gives_the_bio_and_its_byline_the_author() -> None:
    page = _page(
        "",
        '<main><h1>Replay events</h1><div class="post-byline">by <a href="/blogs/compute/'
        'author/hannah/">Hannah Vogel</a></div>'
        + _section(f"<p>{WORDS}</p>")
        + '<div class="rgc-author-card"><img src="/h.jpg" alt="Hannah Vogel"><p class='
        '"rgc-author-name">Hannah Vogel</p><p>Hannah advocates for serverless.</p></div></main>',
    )
    article = extract(page, POST)
    assert article.authors == ("Hannah Vogel",)
    assert article.markdown.endswith(
        "## About the Author\n\n![Hannah Vogel](https://aws.amazon.com/h.jpg)\n\n"
        "### Hannah Vogel\n\nHannah advocates for serverless.\n"
    )


def test_a_heading_without_its_link_to_itself_counts_as_kept() -> None:
    html = '<h2 id="setup"><a href="#setup">#</a>Setup</h2><p>Install it.</p>'
    kept = measure(html, "## Setup\n\nInstall it.\n", POST)
    assert (kept.headings, kept.links) == (Count(1, 1), Count(0, 0))


def test_a_body_that_opens_with_the_title_does_not_repeat_it() -> None:
    prose = "".join(f"<p>{WORDS}Part {n}.</p>" for n in range(5))
    page = _page("<title>Fan out | AWS Compute Blog</title>", f"<article><h1>Fan out</h1>{prose}")
    article = extract(page, POST)
    assert article.title == "Fan out"
    assert "Fan out" not in article.markdown and "Part 4." in article.markdown


def test_a_byline_inside_the_found_article_is_not_part_of_the_post() -> None:
    prose = "".join(f"<p>{WORDS}Part {n}.</p>" for n in range(5))
    byline = '<p class="post-byline">by <a href="/blogs/compute/author/ann/">Ann Lee</a></p>'
    article = extract(_page("<title>Fan out</title>", f"<article>{byline}{prose}</article>"), POST)
    assert article.authors == ("Ann Lee",)
    assert "Ann Lee" not in article.markdown and "Part 4." in article.markdown


def test_a_table_caption_is_kept_above_the_table() -> None:
    html = "<table><caption>Prices</caption><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td>"
    assert html_to_markdown(html + "</tr></table>", POST) == (
        "*Prices*\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n"
    )
