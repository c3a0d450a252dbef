"""What `translate post` keeps of real AWS blog pages: a table per page, and the totals.

Usage: python scripts/check_extract.py [--pages DIR ...] [--shell KIND]

Each page goes through the real `translate post PAGE.html --engine pseudo --no-memory` (in
process, into a temporary folder); the `_index.md` it writes is compared with the page's article
(``translate.source.fidelity``): paragraphs, code blocks equal byte for byte to the page's
``<pre>`` text, headings, list items, tables, images and links kept, and junk lines (text that is
not in the article). The article is the page itself for a body-only file (an RSS item's content)
and, for a full page, the body its markup names with the widgets dropped and its authors' bios
added (what ``translate.source.extract`` converts). ``--shell KIND`` first wraps body-only files
in one of the test page shells (tests/data/html/shells/KIND.html). By default the pages are
../shared/fixtures/aws-blog-html (two full 2019 pages) and ../shared/aws-pages/rss-bodies (eight
2022-2026 bodies) beside the project. Exit 1 when a page is not whole (under 95% of its
paragraphs, or a code block not byte for byte), 2 when there is nothing to check.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import fields
from pathlib import Path

from typer.testing import CliRunner

from translate.cli import app
from translate.source.extract import extract
from translate.source.fidelity import Count, Fidelity, measure

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEFAULT_PAGES = [SHARED / "fixtures" / "aws-blog-html", SHARED / "aws-pages" / "rss-bodies"]
SHELLS = ROOT / "tests" / "data" / "html" / "shells"
COLUMNS = ["paragraphs", "code", "headings", "items", "tables", "images", "links", "junk"]


def _languages(page: Path) -> list[str]:
    """A Vietnamese page (named ``vi-...`` or ``...-vi-...``) is translated into English: a post
    already in the target language is refused."""
    vietnamese = "vi" in page.stem.split("-")
    return ["--from", "vi", "--to", "en"] if vietnamese else ["--to", "vi"]


def written_markdown(page: Path, work: Path) -> str:
    """The Markdown body `translate post` writes for ``page`` (front matter left out)."""
    out = work / "out" / page.stem
    result = CliRunner().invoke(
        app,
        [
            "post",
            str(page),
            *_languages(page),
            "--engine",
            "pseudo",
            "--no-memory",
            "--out",
            str(out),
        ],
    )
    if result.exit_code != 0:
        raise SystemExit(f"{page.name}: translate post failed: {result.stderr.strip()}")
    (source,) = out.glob("*/_index.md")
    return source.read_text(encoding="utf-8").split("---\n", 2)[2]


def check_page(page: Path, work: Path, shell: str | None) -> Fidelity:
    raw = page.read_bytes()
    body_only = b"<html" not in raw.lower()
    if body_only and shell:
        wrapped = (SHELLS / f"{shell}.html").read_text(encoding="utf-8")
        page = work / page.name
        page.write_text(wrapped.replace("<!-- BODY -->", raw.decode("utf-8")), encoding="utf-8")
    article = extract(page.read_bytes(), page.resolve().as_uri())
    reference = raw.decode("utf-8") if body_only else article.body_html
    return measure(reference, written_markdown(page, work), article.canonical_url)


def cells(kept: Fidelity) -> list[str]:
    counts = [getattr(kept, f.name) for f in fields(kept) if f.name != "junk_lines"]
    return [str(count) for count in counts] + [str(kept.junk_lines)]


def totals(results: list[Fidelity]) -> list[str]:
    out = []
    for f in fields(Fidelity):
        if f.name == "junk_lines":
            out.append(str(sum(r.junk_lines for r in results)))
        else:
            counts: list[Count] = [getattr(r, f.name) for r in results]
            out.append(str(Count(sum(c.kept for c in counts), sum(c.total for c in counts))))
    return out


def print_table(rows: list[tuple[str, list[str], str]]) -> None:
    header = ("page", COLUMNS, "whole")
    widths = [max(len(r[0]) for r in [*rows, header])]
    widths += [max(len(r[1][i]) for r in [*rows, header]) for i in range(len(COLUMNS))]
    for name, values, whole in [header, *rows]:
        line = [name.ljust(widths[0])] + [
            v.rjust(w) for v, w in zip(values, widths[1:], strict=True)
        ]
        print("  ".join(line) + "  " + whole)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pages", type=Path, nargs="+", default=DEFAULT_PAGES, metavar="DIR")
    parser.add_argument("--shell", choices=sorted(p.stem for p in SHELLS.glob("*.html")))
    args = parser.parse_args(argv)
    pages = [page for folder in args.pages for page in sorted(folder.glob("*.html"))]
    if not pages:
        print(f"no .html pages in {', '.join(map(str, args.pages))}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as work:
        results = [check_page(page, Path(work), args.shell) for page in pages]
    rows = [
        (p.stem, cells(r), "yes" if r.whole else "NO") for p, r in zip(pages, results, strict=True)
    ]
    whole = sum(r.whole for r in results)
    rows.append((f"total ({len(pages)} pages)", totals(results), f"{whole}/{len(pages)}"))
    print_table(rows)
    return 0 if whole == len(pages) else 1


if __name__ == "__main__":
    sys.exit(main())
