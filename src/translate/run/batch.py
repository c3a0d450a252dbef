"""Many posts through Amazon Translate batch jobs (``StartTextTranslationJob`` over S3).

A run (``translate batch``) goes:

1. *plan*: each post is segmented as ``translate post`` segments it; the segments the
   translation memory has are left out (the ``CachedEngine`` lookup), and the rest become one
   HTML document per post, built by the ``amazon-translate`` engine itself (one ``<p>`` per
   segment or piece, protected spans as ``translate=no`` elements, glossary terms kept in
   ``strict`` mode). A document over ``Limits.document_bytes`` is cut into several; documents
   are grouped into jobs under the service's limits (documents and bytes per job);
2. the documents are uploaded (``translate.run.jobs``) and the *manifest* is recorded in
   ``.translate/batch/<run>.json`` beside the memory: the run's settings, each document's
   post and segments (as key hashes, in order), each job's name, client token, id and state;
3. jobs are started (at most ``Limits.concurrent_jobs`` at once) and polled; each job id is
   recorded as soon as it is known, and a job is started with a client token derived from
   the run, so ``--resume`` after a crash polls the recorded jobs and never pays twice;
4. each finished job's output documents are read back; a post whose documents all came back
   is translated by ``JobEngine`` (the engine's own reading of a response: every placeholder
   once and unchanged, glossary terms verified) behind the memory, rendered and written as
   ``translate post`` writes it. A post with a failed or broken document is reported by name.

Nothing here prints, sleeps or talks to AWS.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from translate.document import Segment
from translate.engines._aws import pack
from translate.engines._html import Event
from translate.engines.amazon_translate import AmazonTranslateEngine, Piece, Results
from translate.engines.base import EngineContext, Progress, Usage
from translate.errors import EngineError, InputError, MarkupError
from translate.files import atomic_write
from translate.folders import is_readme
from translate.memory import memory_key

USD_PER_MILLION = 15.0  # batch translation is billed per character like real-time translation
HTML_HEAD = '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>\n'
HTML_TAIL = "\n</body></html>\n"
FINISHED = frozenset({"COMPLETED", "COMPLETED_WITH_ERROR", "FAILED", "STOPPED"})


@dataclass(frozen=True)
class Limits:
    """The service's batch limits we plan under.

    A document may be 20 MB, but only 1 MB of it may be translatable text, and our documents
    are nearly all text: 1,000,000 bytes is the budget of a document.
    """

    document_bytes: int = 1_000_000
    documents_per_job: int = 1_000_000
    job_bytes: int = 5 * 1024**3
    concurrent_jobs: int = 10


LIMITS = Limits()

# --- the manifest ------------------------------------------------------------------------------


@dataclass
class DocumentPlan:
    """One input document: its post, its segments (key hash, part) in order, its size."""

    name: str
    post: str
    pieces: list[tuple[str, int]]
    characters: int
    size: int


@dataclass
class JobPlan:
    """One batch job: its documents, its id once started, the service's last status, and
    ``done`` once its output was read and its posts handled."""

    name: str
    documents: list[str]
    client_token: str
    job_id: str = ""
    status: str = "PLANNED"
    message: str = ""
    failed: dict[str, str] = field(default_factory=dict)  # document -> the service's error
    done: bool = False


@dataclass
class PostPlan:
    """One post: where it came from and what became of it (``planned``, ``written``,
    ``failed``)."""

    name: str
    origin: str
    documents: list[str] = field(default_factory=list)
    state: str = "planned"
    error: str = ""


@dataclass
class Manifest:
    """What ``--resume`` needs to pick a run up where it stopped."""

    name: str
    source_language: str
    target_language: str
    bucket: str
    prefix: str
    role_arn: str
    enforce: str
    glossary: list[str]
    glossary_version: str
    out: str | None
    worklog: str | None
    layout: str
    region: str | None = None
    accept_partial: bool = False  # posts whose article came out partial are translated anyway
    terminology: list[str] = field(default_factory=list)
    posts: list[PostPlan] = field(default_factory=list)
    documents: dict[str, DocumentPlan] = field(default_factory=dict)
    jobs: list[JobPlan] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        return all(post.state != "planned" for post in self.posts)

    def input_uri(self, job: JobPlan) -> str:
        return f"s3://{self.bucket}/{self._key(job, 'input/')}"

    def output_uri(self, job: JobPlan) -> str:
        return f"s3://{self.bucket}/{self._key(job, 'output/')}"

    def input_key(self, job: JobPlan, document: str) -> str:
        return self._key(job, f"input/{document}")

    def _key(self, job: JobPlan, rest: str) -> str:
        return "/".join(p for p in (self.prefix.strip("/"), self.name, job.name, rest) if p)

    def post_documents(self, post: PostPlan) -> list[DocumentPlan]:
        return [self.documents[name] for name in post.documents]


def manifest_folder(memory_path: Path) -> Path:
    """``.translate/batch`` beside the translation memory."""
    return memory_path.parent / "batch"


def save_manifest(manifest: Manifest, folder: Path) -> Path:
    """Write the manifest atomically; its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{manifest.name}.json"
    atomic_write(path, json.dumps(asdict(manifest), ensure_ascii=False, indent=1))
    return path


def load_manifest(path: Path) -> Manifest:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        data["posts"] = [PostPlan(**p) for p in data["posts"]]
        data["jobs"] = [JobPlan(**j) for j in data["jobs"]]
        data["documents"] = {
            name: DocumentPlan(**{**d, "pieces": [tuple(p) for p in d["pieces"]]})
            for name, d in data["documents"].items()
        }
        return Manifest(**data)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise InputError(f"{path}: not a batch manifest ({error})") from None


def unfinished_manifest(folder: Path) -> Path:
    """The most recent run with posts still to handle, or an ``InputError``."""
    paths = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in paths:
        if not load_manifest(path).finished:
            return path
    raise InputError(
        f"no unfinished batch run in {folder}; start one with `translate batch SOURCES`"
    )


# --- sources ----------------------------------------------------------------------------------

POST_SUFFIXES = (".md", ".markdown", ".html", ".htm")
_TRANSLATION = re.compile(r"[^.]+\.[a-z]{2,3}(?:-[A-Za-z]{2,4})?\.(?:md|markdown)")


def expand_sources(given: Sequence[str]) -> list[str]:
    """Posts from SOURCES: URLs, post files, folders (their posts, translations left out) and
    files listing URLs or paths, one a line (blank lines and ``#`` comments skipped)."""
    found: list[str] = []
    for item in given:
        path = Path(item)
        if "://" in item or path.suffix.lower() in POST_SUFFIXES:
            found.append(item)
        elif path.is_dir():
            found.extend(
                str(p)
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and p.suffix.lower() in POST_SUFFIXES
                and not _TRANSLATION.fullmatch(p.name)
                and not is_readme(p)
            )
        elif path.is_file():
            data = path.read_bytes()
            if b"\x00" in data:
                raise InputError(f"{item} is a binary file, not a list of posts")
            lines = data.decode("utf-8", errors="replace").splitlines()
            found.extend(line.strip() for line in lines if line.strip()[:1] not in ("", "#"))
        else:
            raise InputError(f"{item}: no such file or folder")
    return list(dict.fromkeys(found))


def run_name(now: datetime) -> str:
    """A run's name: ``translate-<UTC time>-<4 hex>``, valid as a job name and a file name."""
    return f"translate-{now.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(2)}"


# --- documents and jobs ------------------------------------------------------------------------


def key_id(key: str) -> str:
    """A segment's memory key, hashed: the manifest stays small."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def post_documents(
    post: str, planned: Sequence[tuple[str, Piece]], limits: Limits
) -> list[tuple[DocumentPlan, str]]:
    """The HTML documents carrying a post's planned pieces, cut under the document limit."""
    budget = limits.document_bytes - len((HTML_HEAD + HTML_TAIL).encode("utf-8"))
    parts = pack(list(planned), lambda item: item[1].unit.size + 1, budget)
    out: list[tuple[DocumentPlan, str]] = []
    for number, part in enumerate(parts, 1):
        name = f"{post}.html" if number == 1 else f"{post}--{number}.html"
        body = "\n".join(piece.unit.html for _, piece in part)
        html = HTML_HEAD + body + HTML_TAIL
        pieces = [(key_id(key), piece.part) for key, piece in part]
        plan = DocumentPlan(name, post, pieces, len(html), len(html.encode("utf-8")))
        out.append((plan, html))
    return out


def group_jobs(run: str, documents: Sequence[DocumentPlan], limits: Limits) -> list[JobPlan]:
    """Documents grouped, in order, into jobs under the per-job limits."""
    jobs: list[JobPlan] = []
    size = 0
    for document in documents:
        full = jobs and len(jobs[-1].documents) >= limits.documents_per_job
        if not jobs or full or size + document.size > limits.job_bytes:
            number = len(jobs) + 1
            token = hashlib.sha256(f"{run}/{number}".encode()).hexdigest()[:32]
            jobs.append(JobPlan(f"{run}-{number}", [], token))
            size = 0
        jobs[-1].documents.append(document.name)
        size += document.size
    return jobs


def cost_usd(characters: int, usd_per_million: float = USD_PER_MILLION) -> float:
    return characters * usd_per_million / 1_000_000


# --- the engine that reads a job's output ------------------------------------------------------

Answers = dict[tuple[str, int], list[Event]]


def _no_client() -> Any:
    raise EngineError("a batch job's output is read from S3, not translated again")


class JobEngine(AmazonTranslateEngine):
    """The ``amazon-translate`` engine answering from batch job output, not ``TranslateText``.

    Planning: behind a ``CachedEngine``, ``estimate`` receives the segments the memory lacks and
    records their pieces in ``planned`` (what a document carries). Translating: ``answers``
    maps (key hash, part) to the events of a job's output element; the engine's own reading
    (``Unit.tagged``), assembly and glossary verification run as for a response. A missing or
    broken answer is an ``EngineError`` (the post is not written). In ``repair`` mode the
    segments verified wrong are sent again (only their wrong sentences where the answer's
    sentences line up with the English ones), packed, in a round of ``TranslateText`` requests
    with their wrong terms protected, and a segment whose re-send got another term wrong once
    more with all of them protected; in ``strict`` mode (terms already protected in the job)
    wrong terms are counted, as in ``terminology`` mode.
    """

    def __init__(self, context: EngineContext, answers: Answers | None = None) -> None:
        super().__init__(context, client_factory=_no_client)
        self.answers: Answers = answers or {}
        self.planned: list[tuple[str, Piece]] = []
        self._batch: Sequence[Segment] = ()

    def estimate(self, batch: Sequence[Segment]) -> Usage:
        self.planned = [(memory_key(batch[p.segment].text), p) for p in self._pieces(batch)]
        return super().estimate(batch)

    def translate(self, batch: Sequence[Segment], progress: Progress | None = None) -> list[str]:
        self._batch = batch
        return super().translate(batch, progress)

    def connect(self) -> None:
        """No client: the job already translated everything."""

    def _learned(self) -> frozenset[tuple[str, str]]:
        """None: a job's documents, planned in one run and read back in another (``--resume``),
        must protect the same terms, whatever runs in between learned."""
        return frozenset()

    def _translate_pieces(self, pieces: list[Piece], report: Progress) -> Results:
        results: Results = {}
        for piece in pieces:
            segment = self._batch[piece.segment]
            events = self.answers.get((key_id(memory_key(segment.text)), piece.part))
            if events is None:
                raise EngineError(
                    f"line {segment.line}: this segment is not in the batch job's output (the "
                    "post changed since the job started?) - run `translate batch` on it again"
                )
            try:
                results[piece.key] = piece.unit.tagged(events)
            except MarkupError as error:
                raise EngineError(
                    f"line {segment.line}: the batch job broke the markup ({error})"
                ) from None
        self.meter.add(characters=sum(len(p.unit.html) for p in pieces))
        report(sum(1 for p in pieces if p.last))
        return results

    def _repair(
        self,
        batch: Sequence[Segment],
        targets: list[str],
        wrong: dict[int, int],
        alone: bool = True,
    ) -> dict[int, int]:
        if self.context.enforce != "repair":
            return wrong
        if self._client is None:
            self._client = self._make_client()
        return super()._repair(batch, targets, wrong, alone=False)


def read_answers(
    documents: Sequence[DocumentPlan], outputs: Callable[[str], list[list[Event]]]
) -> Answers:
    """A post's answers from its documents' parsed outputs; ``EngineError`` if one is broken."""
    answers: Answers = {}
    for document in documents:
        units = outputs(document.name)
        if len(units) != len(document.pieces):
            raise EngineError(
                f"{document.name}: {len(units)} elements came back for "
                f"{len(document.pieces)} sent - the job broke the document's markup"
            )
        answers.update(zip(document.pieces, units, strict=True))
    return answers
