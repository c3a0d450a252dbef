"""Upload a glossary to Amazon Translate as a custom terminology, once per content version.

The upload has a row for every source form and for each other spelling the checker counts as
that form (plurals, a hyphen for a space), since the service matches rows as written, and none
for a phrase two rows render differently, since it ignores case
(``terminology_rows(upload=True)``). It is named ``<prefix>-<source>-<target>-<hash of the
rows>``: a changed glossary (or changed rows) gets a new name, an unchanged one is found by
``GetTerminology`` and not uploaded again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from translate.aws import aws_error, aws_errors, error_code
from translate.glossary.formats import terminology_rows, write_delimited
from translate.glossary.model import Glossary

if TYPE_CHECKING:
    from mypy_boto3_translate import TranslateClient

DEFAULT_PREFIX = "translate-glossary"


@dataclass(frozen=True, slots=True)
class SyncResult:
    name: str
    version: str
    term_count: int
    uploaded: bool
    reason: str


def client_factory(profile: str | None, region: str | None) -> Callable[[], TranslateClient]:
    """An Amazon Translate client made on first use, with these AWS options."""
    from translate.aws import make_client

    return lambda: make_client("translate", profile=profile, region=region)


def terminology_name(glossary: Glossary, name_prefix: str = DEFAULT_PREFIX) -> str:
    """``<prefix>-<source>-<target>-<hash>``, valid as an Amazon Translate name; the hash is of
    the file ``sync_terminology`` uploads."""
    return _name(name_prefix, glossary, _upload(glossary))


def _upload(glossary: Glossary) -> bytes:
    return write_delimited(glossary, safe=False, upload=True)


def _name(prefix: str, glossary: Glossary, data: bytes) -> str:
    return f"{prefix}-{glossary.name}-{hashlib.sha256(data).hexdigest()[:12]}"


def _exists(client: TranslateClient, name: str) -> bool:
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        client.get_terminology(Name=name, TerminologyDataFormat="CSV")
    except (BotoCoreError, ClientError) as error:
        if error_code(error) == "ResourceNotFoundException":
            return False
        raise aws_error("translate", error) from error
    return True


def sync_terminology(
    glossary: Glossary,
    *,
    client_factory: Callable[[], TranslateClient],
    name_prefix: str = DEFAULT_PREFIX,
    dry_run: bool = False,
) -> SyncResult:
    """Upload ``glossary`` as a CSV custom terminology unless that version is already there."""
    data = _upload(glossary)
    name = _name(name_prefix, glossary, data)
    count = len(terminology_rows(glossary, upload=True))
    if glossary.is_empty:
        return SyncResult(name, glossary.version, 0, False, "the glossary is empty")
    if dry_run:
        return SyncResult(name, glossary.version, count, False, "dry run")
    client = client_factory()
    if _exists(client, name):
        return SyncResult(name, glossary.version, count, False, "already up to date")
    with aws_errors("translate"):
        client.import_terminology(
            Name=name,
            MergeStrategy="OVERWRITE",
            Description=f"translate glossary {glossary.name} version {glossary.version}",
            TerminologyData={"File": data, "Format": "CSV", "Directionality": "UNI"},
        )
    return SyncResult(name, glossary.version, count, True, "uploaded")
