"""``translate check`` as a library call: find the files and their sources, check, maybe fix."""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from translate.check import Checker, Finding, apply_fixes
from translate.document import Document
from translate.document.markdown import decode, parse
from translate.errors import InputError
from translate.folders import is_readme


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)
    files: int = 0


def default_glossary() -> list[Path]:
    """The glossary ``post`` uses: the ``glossary`` setting (``translate.toml``), else the
    nearest ``glossary/`` folder, else the glossary shipped with ``translate``."""
    from translate.config import load_settings

    return load_settings().glossary_paths()


def check_paths(
    paths: Sequence[str | Path], glossary: Sequence[str | Path] | None = None
) -> list[Finding]:
    """The findings of ``translate check PATHS``: every translation under ``paths`` (files or
    folders) checked against ``glossary`` (files or folders; default: as ``post`` finds it,
    see ``default_glossary``) and against its English source when one is found beside it."""
    given = [Path(path) for path in glossary] if glossary else None
    return run_check([Path(path) for path in paths], glossary=given).findings


def run_check(
    paths: Sequence[Path],
    *,
    source: Path | None = None,
    glossary: Sequence[Path] | None = None,
    fix: bool = False,
    all_terms: bool = False,
    consistency: bool = False,
) -> CheckResult:
    """Check every target file under ``paths`` against the glossary (and its source)."""
    from translate.check.cache import load_checker

    checker = load_checker(list(glossary) if glossary else default_glossary())
    checker.all_terms = all_terms
    checker.consistency = consistency
    loaded = checker.matcher.glossary
    pairs = pair_files(paths, loaded.source_language, loaded.target_language, source)
    result = CheckResult(files=len(pairs))
    workers = min(os.cpu_count() or 1, _MAX_WORKERS, len(pairs) // _FILES_PER_WORKER)
    if fix:  # every file that may be fixed can be written, or none is
        from translate.files import check_writable

        for target, _ in pairs:
            check_writable(target)
    if fix or workers < 2 or not hasattr(os, "fork"):
        for target, origin in pairs:
            _check_one(checker, target, origin, fix, result)
        return result
    for findings in _in_parallel(checker, pairs, workers):
        result.findings += findings
    return result


_MAX_WORKERS = 4
_FILES_PER_WORKER = 4  # below this many pairs per worker, forking costs more than it saves
_QUEUE_SLOTS = 1024  # numbers of 4 bytes a pipe holds before anyone reads it (one page)


def _in_parallel(
    checker: Checker, pairs: list[tuple[Path, Path | None]], workers: int
) -> list[list[Finding]]:
    """Findings per pair, checked by this process and ``workers - 1`` forked children.

    The pairs wait in a queue, largest first, and each process takes the next one as soon as it
    is done with the last, so the processes finish together however long each pair takes (a
    pair's size says little of it: code blocks cost nothing, a realigned translation much). A
    child inherits the checker and everything a check imports (nothing is pickled but its
    findings) and sends its findings down a pipe. A pair that failed anywhere, or whose child
    died, is checked again here, in order, so that its error is raised as in a serial run.
    """
    _import_for_checking(any(origin is not None for _, origin in pairs))
    order = sorted(range(len(pairs)), key=lambda k: -_size(pairs[k]))
    size = -(-len(order) // _QUEUE_SLOTS)  # pairs per queued number: one, unless thousands
    batches = [order[k : k + size] for k in range(0, len(order), size)]
    queue = _queue(len(batches))
    children = [_fork(checker, pairs, batches, queue) for _ in range(workers - 1)]
    done: dict[int, list[Finding] | None] = _take(checker, pairs, batches, queue)
    os.close(queue)
    for pid, read in children:
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        with contextlib.suppress(Exception):  # a child that died: its pairs are checked below
            done.update(pickle.loads(data))
    out: list[list[Finding]] = []
    for k, pair in enumerate(pairs):
        findings = done.get(k)
        if findings is None:
            result = CheckResult()
            _check_one(checker, pair[0], pair[1], False, result)
            findings = result.findings
        out.append(findings)
    return out


def _import_for_checking(with_source: bool) -> None:
    """Import what checking a pair imports on first use (YAML for the front matter, and with a
    source the passage and code checks), so that the children inherit it, not import it again."""
    import yaml  # noqa: F401

    if with_source:
        import difflib  # noqa: F401

        from translate.check import code, identifiers, passages, untranslated  # noqa: F401


def _queue(count: int) -> int:
    """A pipe holding the numbers ``0 .. count - 1`` (``count <= _QUEUE_SLOTS``), its write end
    closed: its read end, from which each process reads the next number, 4 bytes at a time."""
    read, write = os.pipe()
    os.write(write, b"".join(k.to_bytes(4, "little") for k in range(count)))
    os.close(write)
    return read


def _take(
    checker: Checker,
    pairs: list[tuple[Path, Path | None]],
    batches: list[list[int]],
    queue: int,
) -> dict[int, list[Finding] | None]:
    """Check the batches of pairs taken from ``queue`` until it is empty: findings by pair."""
    done: dict[int, list[Finding] | None] = {}
    while number := os.read(queue, 4):
        for k in batches[int.from_bytes(number, "little")]:
            done[k] = _findings(checker, pairs[k])
    return done


def _fork(
    checker: Checker,
    pairs: list[tuple[Path, Path | None]],
    batches: list[list[int]],
    queue: int,
) -> tuple[int, int]:
    """Check pairs from ``queue`` in a child process: its id and the pipe its findings come down."""
    read, write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write)
        return pid, read
    code = 1
    try:  # the child: never returns, never runs the parent's exit handlers
        os.close(read)
        data = pickle.dumps(_take(checker, pairs, batches, queue))
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
        code = 0
    finally:
        os._exit(code)


def _findings(checker: Checker, pair: tuple[Path, Path | None]) -> list[Finding] | None:
    """The findings for one pair, or None when checking it failed."""
    result = CheckResult()
    try:
        _check_one(checker, pair[0], pair[1], False, result)
    except Exception:
        return None
    return result.findings


def _size(pair: tuple[Path, Path | None]) -> int:
    try:
        return sum(path.stat().st_size for path in pair if path is not None)
    except OSError:
        return 0


def _check_one(
    checker: Checker, target: Path, origin: Path | None, fix: bool, result: CheckResult
) -> None:
    text = _read(target)
    document = parse_file(target, text)
    source_document = parse_file(origin, _read(origin)) if origin else None
    findings = checker.check(str(target), document, source_document)
    if fix and any(f.fix for f in findings):
        from translate.files import atomic_write

        fixed_text, applied = apply_fixes(document.source, findings)
        if applied:
            atomic_write(target, ("\ufeff" if document.bom else "") + fixed_text)
            result.fixed += applied
            findings = checker.check(
                str(target), parse_file(target, _read(target)), source_document
            )
    result.findings += findings


def read_post(path: Path) -> str:
    """A post's text, decoded as ``translate check`` reads it."""
    return _read(path)


def _read(path: Path) -> str:
    try:
        return decode(path.read_bytes(), str(path))
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from None


def parse_file(path: Path, text: str) -> Document:
    try:
        return parse(text)
    except InputError as error:
        raise InputError(f"{path}: {error}") from None


def pair_files(
    paths: Sequence[Path], source_language: str, target_language: str, source: Path | None
) -> list[tuple[Path, Path | None]]:
    """(target, source or None) for each file to check, each target once, in a stable order."""
    if source is not None:
        if len(paths) != 1 or not paths[0].is_file():
            raise InputError("--source needs exactly one PATH, a file")
        if not source.is_file():
            raise InputError(f"{source}: no such file")
        return [(paths[0], source)]
    pairs: dict[Path, Path | None] = {}
    for path in _markdown_files(paths):
        target, origin = _pair(path, source_language, target_language)
        if target not in pairs:
            pairs[target] = origin
    return list(pairs.items())


def _markdown_files(paths: Sequence[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*.md") if p.is_file() and not is_readme(p))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return files


def _pair(path: Path, source_language: str, target_language: str) -> tuple[Path, Path | None]:
    """A target file and its source (``X.vi.md``/``X.md``, ``vi.md``/``en.md``), if present."""
    suffix = f".{target_language}.md"
    if path.name.endswith(suffix):
        origin = path.with_name(path.name.removesuffix(suffix) + ".md")
        return path, origin if origin.is_file() else None
    if path.name == f"{target_language}.md":
        origin = path.with_name(f"{source_language}.md")
        return path, origin if origin.is_file() else None
    translated = path.with_name(path.name.removesuffix(".md") + suffix)
    if path.name == f"{source_language}.md":
        translated = path.with_name(f"{target_language}.md")
    if translated.is_file():
        return translated, path
    return path, None
