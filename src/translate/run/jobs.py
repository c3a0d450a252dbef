"""The AWS side of a batch run: documents to S3, jobs started and polled, outputs read back.

Clients come from ``translate.aws.make_client`` (boto3's own credential chain; Amazon Translate
honours ``AWS_ENDPOINT_URL_TRANSLATE``, S3 ``AWS_ENDPOINT_URL_S3``). Where the service puts
things: input ``s3://BUCKET/PREFIX/<run>/<job>/input/<post>.html``; output under
``.../<job>/output/<account>-TranslateText-<job id>/``, one ``<lang>.<input name>`` per
translated document and ``details/<lang>.auxiliary-translation-details.json`` with the
per-document errors.

``run_jobs`` starts jobs (at most ``Limits.concurrent_jobs`` of ours at once), polls
``DescribeTextTranslationJob`` with capped exponential backoff and jitter until each job ends or
the deadline passes, and hands each finished job to a callback; ``on_change`` is called whenever
a job's recorded state changed, so that the manifest is saved at once.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from translate.aws import aws_errors, make_client
from translate.engines._aws import Backoff
from translate.errors import EngineError, InputError
from translate.run.batch import FINISHED, JobPlan, Limits, Manifest

S3 = "Amazon S3"
TRANSLATE = "translate"


@dataclass(frozen=True)
class Clients:
    translate: Any
    s3: Any


def clients(profile: str | None, region: str | None) -> Clients:
    return Clients(
        make_client("translate", profile=profile, region=region),
        make_client("s3", profile=profile, region=region),
    )


def parse_bucket(uri: str) -> tuple[str, str]:
    """``s3://BUCKET/PREFIX`` as (bucket, prefix); ``InputError`` for anything else."""
    if not uri.startswith("s3://") or not uri[5:].split("/", 1)[0]:
        raise InputError(f"--bucket {uri!r}: give an S3 location such as s3://my-bucket/translate")
    bucket, _, prefix = uri[5:].partition("/")
    return bucket, prefix.strip("/")


# --- S3 ----------------------------------------------------------------------------------------


def upload(s3: Any, manifest: Manifest, job: JobPlan, texts: Mapping[str, str]) -> None:
    """Put the job's input documents (``text/html``, UTF-8)."""
    with aws_errors(S3, "PutObject"):
        for name in job.documents:
            s3.put_object(
                Bucket=manifest.bucket,
                Key=manifest.input_key(job, name),
                Body=texts[name].encode("utf-8"),
                ContentType="text/html; charset=utf-8",
            )


def outputs(s3: Any, manifest: Manifest, job: JobPlan) -> dict[str, str]:
    """The job's translated documents by input name, and its per-document errors recorded in
    ``job.failed`` (from the details file; a document with neither is failed too)."""
    prefix = manifest.output_uri(job).removeprefix(f"s3://{manifest.bucket}/")
    folder = f"-TranslateText-{job.job_id}/"
    lang = manifest.target_language
    found: dict[str, str] = {}
    with aws_errors(S3, "GetObject"):
        for key in _keys(s3, manifest.bucket, prefix):
            if folder not in key:
                continue
            name = key.rsplit("/", 1)[-1]
            if key.endswith(f"/details/{lang}.auxiliary-translation-details.json"):
                job.failed.update(_errors(_read(s3, manifest.bucket, key)))
            elif name.startswith(f"{lang}.") and "/details/" not in key:
                found[name.removeprefix(f"{lang}.")] = _read(s3, manifest.bucket, key)
    for name in job.documents:
        if name not in found and name not in job.failed:
            job.failed[name] = job.message or f"no output document (job {job.status})"
    return {name: text for name, text in found.items() if name not in job.failed}


def _keys(s3: Any, bucket: str, prefix: str) -> list[str]:
    keys: list[str] = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        keys.extend(item["Key"] for item in page.get("Contents", []))
    return keys


def _read(s3: Any, bucket: str, key: str) -> str:
    return bytes(s3.get_object(Bucket=bucket, Key=key)["Body"].read()).decode("utf-8")


def _errors(details: str) -> dict[str, str]:
    """Document -> error message from an auxiliary translation details file."""
    try:
        data = json.loads(details)
    except ValueError:
        return {}
    failed: dict[str, str] = {}
    for item in data.get("details", []) if isinstance(data, dict) else []:
        error = item.get("auxiliaryData", {}).get("error") or item.get("error")
        if isinstance(error, dict) and item.get("sourceFile"):
            code, message = error.get("errorCode", ""), error.get("errorMessage", "")
            failed[str(item["sourceFile"])] = ": ".join(p for p in (code, message) if p)
    return failed


# --- jobs --------------------------------------------------------------------------------------


def start(client: Any, manifest: Manifest, job: JobPlan) -> None:
    """Start ``job``; its client token makes a second start of the same job return the first."""
    params: dict[str, Any] = {
        "JobName": job.name,
        "InputDataConfig": {"S3Uri": manifest.input_uri(job), "ContentType": "text/html"},
        "OutputDataConfig": {"S3Uri": manifest.output_uri(job)},
        "DataAccessRoleArn": manifest.role_arn,
        "SourceLanguageCode": manifest.source_language,
        "TargetLanguageCodes": [manifest.target_language],
        "ClientToken": job.client_token,
    }
    if manifest.terminology:
        params["TerminologyNames"] = manifest.terminology
    with aws_errors(TRANSLATE, "StartTextTranslationJob"):
        response = client.start_text_translation_job(**params)
    job.job_id, job.status = str(response["JobId"]), str(response["JobStatus"])


def describe(client: Any, job: JobPlan) -> None:
    """Update ``job``'s status (and the service's message) from ``DescribeTextTranslationJob``."""
    with aws_errors(TRANSLATE, "DescribeTextTranslationJob"):
        found = client.describe_text_translation_job(JobId=job.job_id)
    properties = found["TextTranslationJobProperties"]
    job.status = str(properties["JobStatus"])
    job.message = str(properties.get("Message", ""))


@dataclass(frozen=True)
class Polling:
    """How often to ask: from ``base`` seconds, doubling to ``cap``, jittered, until
    ``deadline`` seconds have passed (then the run can be resumed later)."""

    base: float = 5.0
    cap: float = 60.0
    deadline: float = 24 * 3600.0


POLLING = Polling()


def run_jobs(
    client: Any,
    manifest: Manifest,
    limits: Limits,
    *,
    on_change: Callable[[], None],
    on_finished: Callable[[JobPlan], None],
    progress: Callable[[Manifest], None] = lambda m: None,
    polling: Polling = POLLING,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> None:
    """Start, poll and finish every job of ``manifest`` that is not done."""
    backoff = Backoff(base=polling.base, cap=polling.cap, deadline=polling.deadline)
    rng, began, attempt = random.Random(), clock(), 0
    while True:
        _start_some(client, manifest, limits, on_change)
        for job in [j for j in manifest.jobs if j.job_id and not j.done]:
            if job.status not in FINISHED:
                before = job.status
                describe(client, job)
                if job.status != before:
                    on_change()
            if job.status in FINISHED:
                on_finished(job)
                job.done = True
                on_change()
        progress(manifest)
        if all(job.done for job in manifest.jobs):
            return
        wait = backoff.delay(attempt, rng)
        if clock() + wait - began > polling.deadline:
            raise EngineError(
                f"batch run {manifest.name}: jobs still running after {polling.deadline:g} s - "
                "run `translate batch --resume` later to pick them up"
            )
        sleep(wait)
        attempt += 1


def _start_some(
    client: Any, manifest: Manifest, limits: Limits, on_change: Callable[[], None]
) -> None:
    running = sum(1 for j in manifest.jobs if j.job_id and j.status not in FINISHED)
    for job in manifest.jobs:
        if running >= limits.concurrent_jobs:
            return
        if not job.job_id:
            start(client, manifest, job)
            on_change()
            running += 1
