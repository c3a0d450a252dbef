"""Uploading the glossary as an Amazon Translate terminology: fake server and Stubber."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import boto3
import pytest
from botocore.stub import ANY, Stubber

from fake_aws import AWSFault, FakeAWS, serve_fake_aws
from translate.aws import make_client
from translate.errors import EngineError
from translate.glossary import Entry, Glossary, load_glossary
from translate.glossary.formats import terminology_rows
from translate.glossary.sync import sync_terminology, terminology_name

DATA = Path(__file__).parent / "data" / "glossary"


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAWS]:
    yield from serve_fake_aws(monkeypatch)


@pytest.fixture
def glossary() -> Glossary:
    return load_glossary([DATA / "seed"])


def test_upload_then_skip_then_new_version(fake: FakeAWS, glossary: Glossary) -> None:
    first = sync_terminology(glossary, client_factory=lambda: make_client("translate"))
    assert first.uploaded and first.name == terminology_name(glossary)
    assert first.name.startswith("translate-glossary-en-vi-")
    stored = fake.terminologies[first.name]
    assert stored["TermCount"] == first.term_count == 12 + 14  # forms, other spellings
    assert (stored["SourceLanguageCode"], stored["TargetLanguageCodes"]) == ("en", ["vi"])
    [request] = fake.calls("ImportTerminology")
    assert request.body["MergeStrategy"] == "OVERWRITE"
    assert request.body["TerminologyData"]["Format"] == "CSV"
    assert "authorization" not in request.headers

    again = sync_terminology(glossary, client_factory=lambda: make_client("translate"))
    assert not again.uploaded and again.reason == "already up to date"
    assert len(fake.calls("ImportTerminology")) == 1

    changed = replace(glossary, entries=(*glossary.entries, Entry("zone", target="vùng")))
    third = sync_terminology(changed, client_factory=lambda: make_client("translate"))
    assert third.uploaded and third.name != first.name
    assert sorted(fake.terminologies) == sorted([first.name, third.name])


def test_the_upload_has_a_row_for_each_spelling_the_checker_counts(
    fake: FakeAWS, glossary: Glossary
) -> None:
    sync_terminology(glossary, client_factory=lambda: make_client("translate"))
    [rows] = fake.terms.values()
    assert ("bucket", "bucket") in rows and ("buckets", "bucket") in rows
    assert ("policies", "chính sách") in rows and ("policys", "chính sách") not in rows
    assert ("fine tuning", "tinh chỉnh") in rows and ("Lambdas", "Lambdas") in rows
    assert ("version", "phiên bản") in rows and ("versions", "phiên bản") in rows
    assert len({source.lower() for source, _ in rows}) == len(rows)


def test_the_upload_leaves_out_a_phrase_two_entries_render_differently(fake: FakeAWS) -> None:
    """The service matches rows ignoring case: ``Principal`` (the job level) and ``principal``
    (the IAM identity) would be one phrase with two translations, so neither is uploaded."""
    glossary = Glossary(
        "en",
        "vi",
        (
            Entry("Principal", target="Principal", case="exact"),
            Entry("principal", target="chủ thể", case="exact"),
            Entry("bucket", target="bucket"),
        ),
    )
    sync_terminology(glossary, client_factory=lambda: make_client("translate"))
    [rows] = fake.terms.values()
    assert sorted(rows) == [("bucket", "bucket"), ("buckets", "bucket")]
    assert ("principal", "chủ thể") in terminology_rows(glossary)  # an export keeps both


def test_dry_run_and_empty_glossary_do_not_call_aws(fake: FakeAWS, glossary: Glossary) -> None:
    def factory() -> object:
        raise AssertionError("no client expected")

    dry = sync_terminology(glossary, client_factory=factory, dry_run=True)  # type: ignore[arg-type]
    assert not dry.uploaded and dry.reason == "dry run"
    empty = sync_terminology(Glossary("en", "vi"), client_factory=factory)  # type: ignore[arg-type]
    assert not empty.uploaded and empty.term_count == 0
    assert fake.requests == []


def test_access_denied_says_the_fix(fake: FakeAWS, glossary: Glossary) -> None:
    fake.fail_next("GetTerminology", AWSFault(400, "AccessDeniedException", "not allowed"))
    with pytest.raises(EngineError, match="grant the IAM permission translate:GetTerminology"):
        sync_terminology(glossary, client_factory=lambda: make_client("translate"))


def test_throttled_import(
    fake: FakeAWS, glossary: Glossary, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    for _ in range(2):
        fake.fail_next("ImportTerminology", AWSFault(400, "ThrottlingException", "slow down"))
    with pytest.raises(EngineError, match="throttling requests"):
        sync_terminology(glossary, client_factory=lambda: make_client("translate"))


def test_no_credentials(monkeypatch: pytest.MonkeyPatch, glossary: Glossary) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/c")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/s")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_ENDPOINT_URL_TRANSLATE", "http://127.0.0.1:9")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.delenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", raising=False)
    monkeypatch.delenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", raising=False)
    with pytest.raises(EngineError, match=r"^No AWS credentials found - run `aws configure`"):
        sync_terminology(glossary, client_factory=lambda: make_client("translate"))


def test_no_region_and_unknown_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/c")
    with pytest.raises(EngineError, match="No AWS region set - pass --region"):
        make_client("translate")
    with pytest.raises(EngineError, match="AWS profile not found"):
        make_client("translate", profile="nobody", region="us-east-1")


def test_aws_region_is_honoured_after_region_and_before_boto3s_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/c")
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    for service in ("translate", "bedrock-runtime", "s3"):
        assert make_client(service).meta.region_name == "eu-west-1"
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-west-2")
    assert make_client("translate").meta.region_name == "eu-west-1"  # as the AWS CLI v2
    assert make_client("translate", region="ap-southeast-1").meta.region_name == "ap-southeast-1"
    monkeypatch.delenv("AWS_REGION")
    assert make_client("translate").meta.region_name == "us-west-2"


def test_request_shapes_with_stubber(glossary: Glossary) -> None:
    translate = boto3.session.Session(
        aws_access_key_id="x", aws_secret_access_key="y", region_name="us-east-1"
    ).client("translate")
    name = terminology_name(glossary)
    with Stubber(translate) as stub:
        stub.add_client_error(
            "get_terminology",
            service_error_code="ResourceNotFoundException",
            expected_params={"Name": name, "TerminologyDataFormat": "CSV"},
        )
        stub.add_response(
            "import_terminology",
            {"TerminologyProperties": {"Name": name}},
            expected_params={
                "Name": name,
                "MergeStrategy": "OVERWRITE",
                "Description": ANY,
                "TerminologyData": {"File": ANY, "Format": "CSV", "Directionality": "UNI"},
            },
        )
        result = sync_terminology(glossary, client_factory=lambda: translate)
        stub.assert_no_pending_responses()
    assert result.uploaded


def test_existing_terminology_with_stubber(glossary: Glossary) -> None:
    translate = boto3.session.Session(
        aws_access_key_id="x", aws_secret_access_key="y", region_name="us-east-1"
    ).client("translate")
    with Stubber(translate) as stub:
        stub.add_response("get_terminology", {"TerminologyProperties": {"Name": "n"}})
        result = sync_terminology(glossary, client_factory=lambda: translate)
    assert not result.uploaded
