"""Generate glossary/aws-services.yaml: every AWS service name, kept in English.

The names come from the service models botocore ships (``serviceFullName`` and
``serviceAbbreviation`` of each ``service-2`` model); scripts/services_overrides.yaml holds the hand
corrections (odd botocore names, runtime/data-plane APIs folded into their product, products
botocore has no model for). The output is deterministic: same botocore + same overrides, same bytes.

    .venv/bin/python scripts/gen_services_glossary.py            # write glossary/aws-services.yaml
    .venv/bin/python scripts/gen_services_glossary.py --check    # exit 1 if the file is stale
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
OVERRIDES = ROOT / "scripts" / "services_overrides.yaml"
OUTPUT = ROOT / "glossary" / "aws-services.yaml"
TERMS = ROOT / "glossary" / "terms.yaml"
COMMAND = ".venv/bin/python scripts/gen_services_glossary.py"

VENDORS = ("Amazon", "AWS")
_PAREN = re.compile(r"\s*\(([^)]*)\)")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9-]+$")
_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#\n]*(?<!\s)$")


class OverrideError(Exception):
    """The overrides file is inconsistent with botocore or with itself."""


@dataclass
class Forbidden:
    text: str
    why: str


@dataclass
class Service:
    term: str
    variants: list[str] = field(default_factory=list)
    forbidden: list[Forbidden] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    botocore_name: str | None = None
    note: str | None = None

    def allowed(self) -> list[str]:
        return [self.term, *self.variants]


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def _str_list(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise OverrideError(f"{where}: expected a list of non-empty strings")
    return [_nfc(v) for v in value]


def _forbidden_list(value: Any, where: str) -> list[Forbidden]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise OverrideError(f"{where}: forbidden must be a list of {{text, why}}")
    out = []
    for item in value:
        if not isinstance(item, dict) or set(item) != {"text", "why"}:
            raise OverrideError(f"{where}: forbidden item {item!r} needs exactly text and why")
        out.append(Forbidden(_nfc(str(item["text"])), _nfc(str(item["why"]))))
    return out


def load_botocore() -> dict[str, tuple[str, str | None]]:
    """``{service id: (serviceFullName, serviceAbbreviation)}`` for every botocore model."""
    import botocore.session

    session = botocore.session.get_session()
    names: dict[str, tuple[str, str | None]] = {}
    for service in session.get_available_services():
        metadata = session.get_service_model(service).metadata
        full = metadata.get("serviceFullName") or service
        abbreviation = metadata.get("serviceAbbreviation")
        names[service] = (_nfc(str(full)), _nfc(str(abbreviation)) if abbreviation else None)
    return names


def vendor_split(name: str) -> tuple[str | None, str]:
    """``("Amazon", "DynamoDB")`` for ``Amazon DynamoDB``; ``(None, name)`` without a prefix."""
    first, _, rest = name.partition(" ")
    if first in VENDORS and rest:
        return first, rest
    return None, name


def strip_parens(name: str) -> tuple[str, list[str]]:
    """Drop ``(...)`` from a name; return acronyms found inside as extra forms."""
    extras = [m for m in _PAREN.findall(name) if _ACRONYM.match(m)]
    return _PAREN.sub("", name).strip(), extras


def acceptable_abbreviation(abbreviation: str) -> bool:
    """A prefixed name (``Amazon EC2``) or an acronym (``IAM``); not glued API ids."""
    vendor, rest = vendor_split(abbreviation)
    if vendor is not None:
        return " " not in rest or all(w[:1].isupper() or w[:1].isdigit() for w in rest.split())
    return bool(_ACRONYM.match(abbreviation))


def looks_like_name(form: str, allow: set[str]) -> bool:
    """Whether an unprefixed form is distinctive enough to stand for the service alone."""
    if form in allow:
        return True
    if " " in form:
        return True
    if any(c.isdigit() for c in form) or "@" in form:
        return True
    if _ACRONYM.match(form):
        return True
    return bool(re.search(r"[a-z][A-Z]", form))


def miscased(token: str) -> str | None:
    """``Sagemaker`` for ``SageMaker``; None when the token is not CamelCase."""
    if not token[:1].isupper() or token.isupper() or not any(c.islower() for c in token):
        return None
    if not any(c.isupper() for c in token[1:]):
        return None
    wrong = token[:1] + token[1:].lower()
    return wrong if wrong != token else None


def _contains(haystack: str, needle: str) -> bool:
    """Whole-word, case-sensitive containment."""
    pattern = r"(?<![\w@])" + re.escape(needle) + r"(?![\w@])"
    return re.search(pattern, haystack) is not None


def build(
    botocore_names: dict[str, tuple[str, str | None]], overrides: dict[str, Any]
) -> list[Service]:
    """Apply the overrides to botocore's names; return the entries sorted by term."""
    per_service: dict[str, dict[str, Any]] = overrides.get("services") or {}
    unknown = sorted(set(per_service) - set(botocore_names))
    if unknown:
        raise OverrideError(f"overrides name services botocore does not have: {unknown}")
    prefer = set(_str_list(overrides.get("prefer_abbreviation"), "prefer_abbreviation"))
    short = overrides.get("short_forms") or {}
    allow = set(_str_list(short.get("allow"), "short_forms.allow"))
    deny = set(_str_list(short.get("deny"), "short_forms.deny"))
    skip_miscasing = set(_str_list(overrides.get("miscasing_skip"), "miscasing_skip"))

    entries: dict[str, Service] = {}
    folds: dict[str, list[str]] = defaultdict(list)
    for sid in sorted(botocore_names):
        full, abbreviation = botocore_names[sid]
        rule = per_service.get(sid) or {}
        extra = set(rule) - {"term", "variants", "drop_variants", "forbidden", "fold", "skip"}
        if extra:
            raise OverrideError(f"services.{sid}: unknown keys {sorted(extra)}")
        if "skip" in rule:
            continue
        if "fold" in rule:
            target = str(rule["fold"])
            target_rule = per_service.get(target) or {}
            if target not in botocore_names or "fold" in target_rule or "skip" in target_rule:
                raise OverrideError(f"services.{sid}: fold target {target!r} is not an entry")
            folds[target].append(sid)
            continue
        variants: list[str] = []
        if "term" in rule:
            term = _nfc(str(rule["term"]))
        else:
            term, acronyms = strip_parens(full)
            variants += acronyms
            if abbreviation and acceptable_abbreviation(abbreviation):
                if sid in prefer:
                    term, variants = abbreviation, [*variants, full]
                else:
                    variants.append(abbreviation)
        variants += _str_list(rule.get("variants"), f"services.{sid}.variants")
        service = Service(
            term=term,
            variants=variants,
            forbidden=_forbidden_list(rule.get("forbidden"), f"services.{sid}.forbidden"),
            ids=[sid],
            botocore_name=full if term != full else None,
        )
        service.variants = [v for v in variants if v not in set(rule.get("drop_variants") or [])]
        if term in entries:
            raise OverrideError(f"{sid} and {entries[term].ids} both give {term!r}: fold one")
        entries[term] = service
    by_id = {s.ids[0]: s for s in entries.values()}
    for target, sids in folds.items():
        by_id[target].ids += sorted(sids)

    for i, item in enumerate(overrides.get("additions") or []):
        where = f"additions[{i}]"
        extra = set(item) - {"term", "variants", "forbidden", "note"}
        if extra or "term" not in item:
            raise OverrideError(
                f"{where}: needs term; allowed keys term, variants, forbidden, note"
            )
        term = _nfc(str(item["term"]))
        if term in entries:
            raise OverrideError(f"{where}: {term!r} already comes from botocore")
        entries[term] = Service(
            term=term,
            variants=_str_list(item.get("variants"), f"{where}.variants"),
            forbidden=_forbidden_list(item.get("forbidden"), f"{where}.forbidden"),
            note=_nfc(str(item["note"])) if item.get("note") else None,
        )

    services = sorted(entries.values(), key=lambda s: (s.term.casefold(), s.term))
    _add_short_forms(services, allow, deny)
    _drop_shared_forms(services)
    _add_generated_forbidden(services, skip_miscasing)
    return services


def _add_short_forms(services: list[Service], allow: set[str], deny: set[str]) -> None:
    for service in services:
        forms: list[str] = []
        for name in service.allowed():
            vendor, rest = vendor_split(name)
            if vendor is not None and rest not in deny and looks_like_name(rest, allow):
                forms.append(rest)
        seen = {service.term}
        unique = []
        for form in [*service.variants, *forms]:
            if form not in seen:
                seen.add(form)
                unique.append(form)
        service.variants = sorted(unique, key=lambda v: (v.casefold(), v))


def _drop_shared_forms(services: list[Service]) -> None:
    """A form claimed by two entries (as term or variant) is kept only where it is the term."""
    owners: dict[str, list[Service]] = defaultdict(list)
    for service in services:
        for form in service.allowed():
            owners[form].append(service)
    for form, claimants in sorted(owners.items()):
        if len(claimants) < 2:
            continue
        terms = [s for s in claimants if s.term == form]
        if len(terms) > 1:
            raise OverrideError(f"{form!r} is the term of {len(terms)} entries")
        for service in claimants:
            if service.term != form:
                service.variants.remove(form)
                print(f"note: dropped shared form {form!r} from {service.term}", file=sys.stderr)


def _add_generated_forbidden(services: list[Service], skip_miscasing: set[str]) -> None:
    allowed = [(form, s) for s in services for form in s.allowed()]
    # Mis-casings of each CamelCase word go to the shortest name containing that word.
    owner: dict[str, Service] = {}
    for service in sorted(services, key=lambda s: (len(s.term), s.term)):
        _, rest = vendor_split(service.term)
        for token in re.findall(r"\w+", rest):
            if token not in skip_miscasing and miscased(token) and token not in owner:
                owner[token] = service
    for token, service in sorted(owner.items()):
        wrong = miscased(token)
        assert wrong is not None
        why = f"wrong casing; the name is written {token}"
        service.forbidden.append(Forbidden(wrong, why))
    for service in services:
        vendor, rest = vendor_split(service.term)
        if vendor is not None:
            other = "AWS" if vendor == "Amazon" else "Amazon"
            why = f"wrong vendor prefix; the service is {service.term}"
            service.forbidden.append(Forbidden(f"{other} {rest}", why))
    # Drop a forbidden text that a correct name contains, or that another forbidden text covers.
    all_forbidden = {f.text for s in services for f in s.forbidden}
    for service in services:
        kept: list[Forbidden] = []
        for bad in service.forbidden:
            if any(bad.text == k.text for k in kept):
                continue
            clash = [s.term for form, s in allowed if _contains(form, bad.text)]
            if clash:
                print(f"note: not forbidding {bad.text!r}: inside {clash[0]!r}", file=sys.stderr)
                continue
            if any(o != bad.text and _contains(bad.text, o) for o in all_forbidden):
                continue
            kept.append(bad)
        service.forbidden = kept


def check_against_terms(services: list[Service], terms_path: Path) -> list[str]:
    """Forms that glossary/terms.yaml also claims (the linter rejects them)."""
    if not terms_path.exists():
        return []
    data = yaml.safe_load(terms_path.read_text(encoding="utf-8")) or {}
    ours = {form.casefold(): s.term for s in services for form in s.allowed()}
    problems = []
    for entry in data.get("entries") or []:
        for form in [entry.get("term"), *(entry.get("variants") or [])]:
            if isinstance(form, str) and form.casefold() in ours:
                problems.append(f"{form!r} is in terms.yaml and in {ours[form.casefold()]!r}")
    return problems


def note_for(service: Service) -> str:
    if not service.ids:
        base = service.note or "Product name."
        return f"{base} Not in botocore: added in scripts/services_overrides.yaml."
    first, *folded = service.ids
    text = f"Service name from botocore ({first})"
    if service.botocore_name:
        text += f", where it is named {service.botocore_name!r}"
    if folded:
        text += f"; also covers {', '.join(folded)}"
    return text + "."


def scalar(text: str, flow: bool = False) -> str:
    """``text`` as a YAML scalar: plain when that reads back unchanged, else double-quoted."""
    plain = _PLAIN.match(text) is not None and not (flow and re.search(r"[,\[\]{}]", text))
    if plain and " #" not in text and yaml.safe_load(text) == text:
        return text
    return json.dumps(text, ensure_ascii=False)


def render(services: list[Service]) -> str:
    lines = [
        "# GENERATED FILE, do not edit by hand.",
        f"# Regenerate with: {COMMAND}",
        "# Source: the service models botocore ships (serviceFullName, serviceAbbreviation).",
        "# Hand corrections (renames, folded runtime APIs, additions, short forms) go into",
        "# scripts/services_overrides.yaml; see glossary/README.md.",
        "source_language: en",
        "target_language: vi",
        "entries:",
    ]
    for s in services:
        lines.append(f"  - term: {scalar(s.term)}")
        if s.variants:
            lines.append(f"    variants: [{', '.join(scalar(v, flow=True) for v in s.variants)}]")
        lines += ["    keep: true", "    case: exact"]
        if s.forbidden:
            lines.append("    forbidden:")
            for f in s.forbidden:
                lines += [f"      - text: {scalar(f.text)}", f"        why: {scalar(f.why)}"]
        lines += ["    domain: service", f"    note: {scalar(note_for(s))}"]
    return "\n".join(lines) + "\n"


def verify(text: str, services: list[Service]) -> None:
    """The rendered YAML must read back as exactly the entries we meant."""
    data = yaml.safe_load(text)
    assert [e["term"] for e in data["entries"]] == [s.term for s in services]
    for entry, s in zip(data["entries"], services, strict=True):
        assert entry.get("variants", []) == s.variants, entry["term"]
        assert [(f["text"], f["why"]) for f in entry.get("forbidden", [])] == [
            (f.text, f.why) for f in s.forbidden
        ], entry["term"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if the output is out of date")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)

    overrides = yaml.safe_load(OVERRIDES.read_text(encoding="utf-8")) or {}
    try:
        services = build(load_botocore(), overrides)
    except OverrideError as error:
        print(f"error: {OVERRIDES.relative_to(ROOT)}: {error}", file=sys.stderr)
        return 2
    problems = check_against_terms(services, TERMS)
    for problem in problems:
        print(f"error: {problem}; add it to short_forms.deny or rename", file=sys.stderr)
    if problems:
        return 2
    text = render(services)
    verify(text, services)
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date; run {COMMAND}", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {len(services)} entries to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
