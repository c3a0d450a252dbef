"""``translate eval``: BLEU, chrF++, TER and term accuracy of a translation against a reference."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from translate.cli._errors import handled
from translate.errors import InputError


@handled
def evaluate(
    hyp: Annotated[Path, typer.Option("--hyp", help="The translation to score: a file or folder.")],
    ref: Annotated[
        Path, typer.Option("--ref", help="The reference translation: a file or folder, as --hyp.")
    ],
    src: Annotated[
        Path | None,
        typer.Option("--src", help="The English source (file or folder), for term accuracy."),
    ] = None,
    glossary: Annotated[
        list[Path] | None,
        typer.Option(
            "--glossary",
            "-g",
            help="Glossary for term accuracy. [default: as for post: the glossary setting, the "
            "nearest glossary/ folder, else the shipped one]",
        ),
    ] = None,
    output_format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """Score a translation against a reference: corpus BLEU, chrF++ and TER (sacrebleu, with
    signatures) on aligned segments without code or URLs, term accuracy when --src is given,
    and the worst segments. Folders are matched by relative path: each translated file of --hyp
    (X.vi.md, _index.vi.md, vi.md; every Markdown file when there is none) with the file at the
    same path in --ref, and its source in --src by the X.md, _index.md and en.md conventions."""
    from translate.evaluate import evaluate as run
    from translate.evaluate import match_files
    from translate.glossary import TermMatcher, load_glossary

    if output_format not in ("text", "json"):
        raise InputError(f"--format must be text or json, not {output_format!r}")
    matcher = None
    if src is not None:
        from translate.check.runner import default_glossary

        loaded = load_glossary(list(glossary) if glossary else default_glossary())
        matcher = TermMatcher(loaded)
    languages = (
        (matcher.glossary.source_language, matcher.glossary.target_language)
        if matcher
        else ("en", "vi")
    )
    result = run(match_files(hyp, ref, src, *languages), matcher)
    typer.echo(as_json(result) if output_format == "json" else as_text(result))


def as_text(result: object) -> str:
    from translate.evaluate import Evaluation

    assert isinstance(result, Evaluation)
    lines = [f"{s.name:7s} {s.score:6.2f}  {s.signature}" for s in result.scores]
    accuracy = result.term_accuracy
    pairs = result.pairs
    if accuracy is not None:
        lines.append(
            f"term accuracy {accuracy:.1f}% ({pairs.terms_matched}/{pairs.terms_total} occurrences)"
        )
    lines.append(
        f"{result.files} files, {len(pairs.hypotheses)} aligned segments, "
        f"{pairs.unaligned_hypothesis} only in the hypothesis, "
        f"{pairs.unaligned_reference} only in the reference"
    )
    lines.append("worst segments (chrF++):")
    for path, line, score, hyp_text, ref_text in result.worst:
        lines.append(
            f"  {path}:{line}  {score:.1f}\n    hyp: {hyp_text[:120]}\n    ref: {ref_text[:120]}"
        )
    return "\n".join(lines)


_JSON_NAMES = {"BLEU": "bleu", "chrF++": "chrf", "TER": "ter"}


def as_json(result: object) -> str:
    from translate.evaluate import Evaluation

    assert isinstance(result, Evaluation)
    pairs = result.pairs
    data: dict[str, object] = {
        "files": result.files,
        "segments": {
            "aligned": len(pairs.hypotheses),
            "hypothesis_only": pairs.unaligned_hypothesis,
            "reference_only": pairs.unaligned_reference,
        },
    }
    for score in result.scores:
        data[_JSON_NAMES[score.name]] = {
            "score": round(score.score, 2),
            "signature": score.signature,
        }
    accuracy = result.term_accuracy
    data["term_accuracy"] = None
    if accuracy is not None:
        data["term_accuracy"] = {
            "score": round(accuracy, 2),
            "matched": pairs.terms_matched,
            "total": pairs.terms_total,
        }
    data["worst"] = [
        {"path": path, "line": line, "chrf": round(value, 2), "hypothesis": hyp, "reference": ref}
        for path, line, value, hyp, ref in result.worst
    ]
    return json.dumps(data, ensure_ascii=False, indent=2)
