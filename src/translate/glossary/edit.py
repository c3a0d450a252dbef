"""Change native glossary files in place, keeping their comments (ruamel.yaml round trip).

Every change is validated before anything is written: the edited text is parsed again and the
whole glossary rebuilt, then the file is replaced atomically.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from translate.errors import GlossaryError, InputError
from translate.files import atomic_write, check_writable
from translate.glossary.loader import build_glossary, read_glossary_file
from translate.glossary.model import CaseRule, Entry, Forbidden, Glossary, sort_key
from translate.glossary.native import GlossaryFile, parse_native
from translate.glossary.paths import expand_paths


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    return yaml


def entry_to_yaml(entry: Entry) -> Any:
    """An entry as a ruamel mapping, keys in the canonical order, lists in flow style."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    def flow(items: Sequence[str]) -> CommentedSeq:
        seq = CommentedSeq(items)
        seq.fa.set_flow_style()
        return seq

    data = CommentedMap(term=entry.term)
    if entry.variants:
        data["variants"] = flow(entry.variants)
    if entry.keep:
        data["keep"] = True
    else:
        data["target"] = entry.target
    if entry.case == "exact":
        data["case"] = "exact"
    if entry.alternatives:
        data["alternatives"] = flow(entry.alternatives)
    if entry.forbidden:
        data["forbidden"] = [
            CommentedMap(text=f.text, why=f.why, **({"in_context": True} if f.in_context else {}))
            for f in entry.forbidden
        ]
    for key in ("domain", "note"):
        if getattr(entry, key):
            data[key] = getattr(entry, key)
    if entry.consistent:
        data["consistent"] = True
    if entry.always_rendered:
        data["always_rendered"] = True
    if entry.other_senses:
        data["other_senses"] = flow(entry.other_senses)
    if entry.meant_by:
        data["meant_by"] = CommentedMap((term, flow(phrases)) for term, phrases in entry.meant_by)
    if entry.implied_by:
        data["implied_by"] = flow(entry.implied_by)
    return data


def dump_native(glossary: Glossary, header: str = "") -> str:
    """A whole glossary as the text of one native YAML file."""
    from ruamel.yaml.comments import CommentedMap

    doc = CommentedMap(
        source_language=glossary.source_language,
        target_language=glossary.target_language,
        entries=[entry_to_yaml(e) for e in glossary.entries],
    )
    out = io.StringIO()
    _yaml().dump(doc, out)
    lines = "".join(f"# {line}\n" for line in header.splitlines())
    return lines + out.getvalue()


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) in one step."""
    check_writable(path)
    atomic_write(path, text)


def _load_doc(path: Path) -> Any:
    return _yaml().load(path.read_text(encoding="utf-8-sig"))


def _dump_doc(doc: Any) -> str:
    out = io.StringIO()
    _yaml().dump(doc, out)
    return out.getvalue()


def _commit(files: list[GlossaryFile], path: Path, text: str) -> None:
    """Validate ``text`` as the new ``path`` together with ``files``; then write it."""
    edited = parse_native(text, path)
    build_glossary(
        [edited if f.path == path else f for f in files]
        + ([] if any(f.path == path for f in files) else [edited])
    )
    write_atomic(path, text)


def add_entry(glossary_paths: Sequence[Path], entry: Entry, file: Path) -> None:
    """Insert ``entry`` into ``file`` at its sorted place; refuse a term already defined."""
    files = [read_glossary_file(p) for p in expand_paths(glossary_paths) if p.exists()]
    existing = build_glossary(files).get(entry.term) if files else None
    if existing is not None:
        raise GlossaryError(
            f"{existing.where()}: entry {existing.term!r} already exists; edit it there"
        )
    if file.exists():
        doc = _load_doc(file)
    else:
        first = files[0] if files else None
        doc = {
            "source_language": first.source_language if first else "en",
            "target_language": first.target_language if first else "vi",
            "entries": [],
        }
    entries = doc.get("entries")
    if entries is None:
        doc["entries"] = entries = []
    position = next(
        (
            i
            for i, item in enumerate(entries)
            if sort_key(str(item.get("term", ""))) > sort_key(entry.term)
        ),
        len(entries),
    )
    entries.insert(position, entry_to_yaml(entry))
    _commit(files, file, _dump_doc(doc))


def remove_entry(glossary_paths: Sequence[Path], term: str) -> Entry:
    """Delete the entry whose term is ``term`` (case-folded) from its file; return it."""
    files = [read_glossary_file(p) for p in expand_paths(glossary_paths)]
    entry = build_glossary(files).get(term)
    if entry is None or entry.path is None:
        raise GlossaryError(f"no entry {term!r} in the glossary")
    if entry.path.suffix not in (".yaml", ".yml"):
        raise GlossaryError(
            f"{entry.where()}: entry {entry.term!r} is in a {entry.path.suffix} file; edit it there"
        )
    doc = _load_doc(entry.path)
    entries = doc["entries"]
    index = next(i for i, item in enumerate(entries) if item.get("term") == entry.term)
    del entries[index]
    _commit(files, entry.path, _dump_doc(doc))
    return entry


def nfc(text: str) -> str:
    """A term or rendering as typed on the command line: stripped, in NFC."""
    return unicodedata.normalize("NFC", text.strip())


def describe(entry: Entry) -> str:
    """One line for ``translate glossary list``: term -> rendering; alternatives; forbidden."""
    rendering = "(keep)" if entry.keep else str(entry.target)
    extra = [f"also {', '.join(entry.alternatives)}"] if entry.alternatives else []
    extra += [f"not {', '.join(f.text for f in entry.forbidden)}"] if entry.forbidden else []
    tags = f"  [{entry.domain}]" if entry.domain else ""
    return f"{entry.term} -> {rendering}{'; ' if extra else ''}{'; '.join(extra)}{tags}"


def file_to_add_to(paths: list[Path], file: Path | None, domain: str | None) -> Path:
    """The native file a new entry goes into: ``file``, the only YAML file given or in the
    folder, or the folder's ``<domain>.yaml``."""
    if file is not None:
        return file
    if len(paths) == 1 and paths[0].suffix in (".yaml", ".yml"):
        return paths[0]
    if len(paths) == 1 and paths[0].is_dir():
        folder = paths[0]
        if domain and (folder / f"{domain}.yaml").is_file():
            return folder / f"{domain}.yaml"
        files = sorted(folder.glob("*.yaml"))
        if len(files) == 1:
            return files[0]
    raise InputError("Choose the file to add to with --file (e.g. --file glossary/cloud.yaml)")


def new_entry(
    term: str,
    target: str | None,
    keep: bool,
    lists: tuple[list[str], list[str], list[str], list[str]],
    case: CaseRule,
    domain: str | None,
    note: str | None,
) -> Entry:
    """An entry from ``translate glossary add``'s options; ``lists`` is (variants, alternatives,
    forbidden renderings, why each is forbidden)."""
    variants, alternatives, forbid, why = lists
    if keep == (target is not None):
        raise InputError("Give exactly one of --target T or --keep")
    if len(forbid) != len(why):
        raise InputError("Give one --why for each --forbid (say why the rendering is wrong)")
    return Entry(
        term=nfc(term),
        target=nfc(target) if target is not None else None,
        keep=keep,
        variants=tuple(nfc(v) for v in variants),
        alternatives=tuple(nfc(a) for a in alternatives),
        forbidden=tuple(Forbidden(nfc(t), nfc(w)) for t, w in zip(forbid, why, strict=True)),
        case=case,
        domain=nfc(domain) if domain else None,
        note=nfc(note) if note else None,
    )
