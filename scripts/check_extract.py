"""Extract the real AWS blog pages in shared/fixtures/aws-blog-html and check the code blocks.

For each page: title, date, number of code blocks and images. Each fenced code block must equal
the page's ``<pre>`` text (tags stripped, entities decoded, CRLF -> LF), read straight from the
raw HTML with a regular expression rather than through the parser the extractor uses.
Exit status 1 on any mismatch, 2 when there is nothing to check.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path

from markdown_it import MarkdownIt

from translate.source.extract import Article, extract

DEFAULT_FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "aws-blog-html"


def page_pre_texts(raw: str) -> list[str]:
    """The text of every ``<pre>`` in the page, as a reader would copy it."""
    texts = []
    for body in re.findall(r"<pre\b[^>]*>(.*?)</pre>", raw, flags=re.DOTALL | re.IGNORECASE):
        body = re.sub(r"<br\s*/?>", "\n", body, flags=re.IGNORECASE)
        text = html.unescape(re.sub(r"<[^>]+>", "", body))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        texts.append(text if text.endswith("\n") else text + "\n")
    return texts


def check_page(path: Path) -> bool:
    raw = path.read_bytes()
    article: Article = extract(raw, path.resolve().as_uri())
    tokens = MarkdownIt("commonmark").enable("table").parse(article.markdown)
    fences = [t.content for t in tokens if t.type == "fence"]
    images = sum(
        1 for t in tokens if t.type == "inline" for c in t.children or [] if c.type == "image"
    )
    expected = page_pre_texts(raw.decode("utf-8"))
    print(f"{path.name}")
    print(f"  title:       {article.title}")
    print(f"  date:        {article.date}")
    print(f"  authors:     {', '.join(article.authors)}")
    print(f"  generic:     {article.generic}")
    print(f"  images:      {images}")
    print(f"  code blocks: {len(fences)} (page has {len(expected)} <pre>)")
    ok = len(fences) == len(expected)
    for index, (got, want) in enumerate(zip(fences, expected, strict=False), start=1):
        same = got == want
        ok = ok and same
        lines = want.count("\n")
        print(f"    block {index}: {'matches' if same else 'DIFFERS from'} <pre> ({lines} lines)")
    print(f"  result:      {'OK' if ok else 'MISMATCH'}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES, metavar="DIR")
    args = parser.parse_args(argv)
    pages = sorted(args.fixtures.glob("*.html"))
    if not pages:
        print(f"no .html pages in {args.fixtures}", file=sys.stderr)
        return 2
    results = [check_page(page) for page in pages]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
