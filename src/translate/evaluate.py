"""Quality figures for translations: BLEU, chrF++ and TER (sacrebleu) and term accuracy.

Hypothesis and reference posts are cut into segments (``translate.document.markdown``) and aligned
(``translate.check.align``); metrics are computed at corpus level on the aligned segments' words, so
code blocks, inline code and URLs never count. Term accuracy follows the WMT 2021 terminology
task (Alam et al., 2021): for every occurrence of a glossary term in the source, does the aligned
hypothesis segment contain one of the glossary's renderings (exact match)?
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from translate.check.align import align
from translate.document import Document, Segment
from translate.document.markdown import decode, parse
from translate.errors import InputError
from translate.glossary import TermMatcher
from translate.glossary.match import MASK

WORST = 5


@dataclass(frozen=True)
class Triple:
    """One file to evaluate: hypothesis, reference and (optionally) source."""

    hypothesis: Path
    reference: Path
    source: Path | None = None


@dataclass
class Pairs:
    """Aligned segment texts of every file, with where each hypothesis segment stands."""

    hypotheses: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    places: list[tuple[str, int]] = field(default_factory=list)
    unaligned_hypothesis: int = 0
    unaligned_reference: int = 0
    terms_total: int = 0
    terms_matched: int = 0


@dataclass(frozen=True)
class Score:
    name: str
    score: float
    signature: str


@dataclass(frozen=True)
class Evaluation:
    files: int
    pairs: Pairs
    scores: tuple[Score, ...]
    worst: tuple[tuple[str, int, float, str, str], ...]

    @property
    def term_accuracy(self) -> float | None:
        if not self.pairs.terms_total:
            return None
        return 100.0 * self.pairs.terms_matched / self.pairs.terms_total


def words(segment: Segment) -> str:
    """A segment's words for scoring: markup dropped, placeholders (code, URLs) removed."""
    return " ".join(segment.plain.replace(MASK, " ").split())


def load(path: Path) -> Document:
    try:
        return parse(decode(path.read_bytes(), str(path)))
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from None
    except InputError as error:
        raise InputError(f"{path}: {error}") from None


def collect(triples: Sequence[Triple], matcher: TermMatcher | None) -> Pairs:
    """Aligned hypothesis/reference segments and term counts over every file."""
    pairs = Pairs()
    for triple in triples:
        hypothesis, reference = load(triple.hypothesis), load(triple.reference)
        matched = align(reference.segments, hypothesis.segments)
        for i, j in matched:
            pairs.references.append(words(reference.segments[i]))
            pairs.hypotheses.append(words(hypothesis.segments[j]))
            pairs.places.append((str(triple.hypothesis), hypothesis.segments[j].line))
        pairs.unaligned_hypothesis += len(hypothesis.segments) - len(matched)
        pairs.unaligned_reference += len(reference.segments) - len(matched)
        if triple.source is not None and matcher is not None:
            _count_terms(load(triple.source), hypothesis, matcher, pairs)
    return pairs


def _count_terms(
    source: Document, hypothesis: Document, matcher: TermMatcher, pairs: Pairs
) -> None:
    for i, j in align(source.segments, hypothesis.segments):
        wanted = Counter(m.entry for m in matcher.find_source(source.segments[i].plain))
        found = Counter(
            m.entry
            for m in matcher.find_target(hypothesis.segments[j].plain)
            if m.kind != "forbidden"
        )
        for entry, count in wanted.items():
            pairs.terms_total += count
            pairs.terms_matched += min(count, found[entry])


def evaluate(triples: Sequence[Triple], matcher: TermMatcher | None = None) -> Evaluation:
    """Corpus-level BLEU, chrF++ and TER, term accuracy and the worst segments."""
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF
    from sacrebleu.metrics.ter import TER

    pairs = collect(triples, matcher)
    if not pairs.hypotheses:
        raise InputError("no aligned segments to score: are these translations of the same post?")
    scores = []
    for name, metric in (("BLEU", BLEU()), ("chrF++", CHRF(word_order=2)), ("TER", TER())):
        result = metric.corpus_score(pairs.hypotheses, [pairs.references])
        scores.append(Score(name, float(result.score), str(metric.get_signature())))
    return Evaluation(len(triples), pairs, tuple(scores), tuple(_worst(pairs)))


def _worst(pairs: Pairs) -> list[tuple[str, int, float, str, str]]:
    from sacrebleu.metrics.chrf import CHRF

    chrf = CHRF(word_order=2)
    rows = []
    for (path, line), hyp, ref in zip(
        pairs.places, pairs.hypotheses, pairs.references, strict=True
    ):
        rows.append((path, line, float(chrf.sentence_score(hyp, [ref]).score), hyp, ref))
    return sorted(rows, key=lambda row: row[2])[:WORST]


def _mismatch(hypothesis: Path, reference: Path) -> str:
    """Why ``--hyp`` and ``--ref`` are not two files or two folders."""
    for option, path in (("--hyp", hypothesis), ("--ref", reference)):
        if not path.exists():
            return f"{option} {path}: no such file or folder (give two files or two folders)"
    kinds = ["a folder" if path.is_dir() else "a file" for path in (hypothesis, reference)]
    return (
        f"--hyp {hypothesis} is {kinds[0]} and --ref {reference} is {kinds[1]}: "
        "both must be files or both folders"
    )


def match_files(
    hypothesis: Path,
    reference: Path,
    source: Path | None,
    source_language: str,
    target_language: str,
) -> list[Triple]:
    """Files to compare: three files, or folders matched by relative path and the
    ``X.vi.md``/``X.md``, ``_index.vi.md``/``_index.md`` and ``vi.md``/``en.md`` conventions."""
    if hypothesis.is_file() and reference.is_file():
        if source is not None and not source.is_file():
            raise InputError(f"--src {source}: expected a file, like --hyp and --ref")
        return [Triple(hypothesis, reference, source)]
    if not (hypothesis.is_dir() and reference.is_dir()):
        raise InputError(_mismatch(hypothesis, reference))
    triples = []
    for hyp in _translations(hypothesis, target_language):
        relative = hyp.relative_to(hypothesis)
        ref = reference / relative
        if ref.is_file():
            src = (
                _source_of(source / relative, source_language, target_language) if source else None
            )
            triples.append(Triple(hyp, ref, src))
    if not triples:
        raise InputError(f"no file in {hypothesis} has a counterpart in {reference}")
    return triples


def _translations(folder: Path, target_language: str) -> list[Path]:
    """The folder's translated files (``*.vi.md``, ``vi.md``), or all its Markdown if none is;
    never a README (``translate.folders``)."""
    from translate.folders import is_readme

    files = sorted(p for p in folder.rglob("*.md") if not is_readme(p))
    marked = [
        p
        for p in files
        if p.name == f"{target_language}.md" or p.name.endswith(f".{target_language}.md")
    ]
    return marked or files


def _source_of(path: Path, source_language: str, target_language: str) -> Path | None:
    name = path.name
    if name == f"{target_language}.md":
        name = f"{source_language}.md"
    else:
        name = name.replace(f".{target_language}.md", ".md")
    candidate = path.with_name(name)
    return candidate if candidate.is_file() else None
