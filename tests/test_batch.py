"""``translate batch``: a folder of posts through Amazon Translate batch jobs, end to end, against
moto's S3 and the local fake Translate server (``FakeBatchJobs``)."""

from __future__ import annotations

import re
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws
from typer.testing import CliRunner

from fake_aws import FakeAWS, FakeBatchJobs, serve_fake_aws
from translate.cli import app
from translate.memory import Memory
from translate.run import batch
from translate.run import jobs as batch_jobs

POSTS = Path(__file__).parent / "data" / "batch" / "posts"
BUCKET = "blog-batch"
ROLE = "arn:aws:iam::123456789012:role/TranslateBatch"
SLUGS = sorted(p.stem for p in POSTS.glob("*.md"))


@pytest.fixture
def jobs(monkeypatch: pytest.MonkeyPatch, in_tmp: Path) -> Iterator[FakeBatchJobs]:
    """The fake Translate server with batch jobs, moto's S3 with a bucket, fast polling."""
    served = serve_fake_aws(monkeypatch)
    fake = next(served)
    monkeypatch.delenv("AWS_ENDPOINT_URL_S3", raising=False)
    monkeypatch.setattr(batch_jobs, "POLLING", batch_jobs.Polling(0.001, 0.005, 30.0))
    shutil.copytree(POSTS, in_tmp / "posts-en")
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=BUCKET)
        yield FakeBatchJobs().attach(fake)
    next(served, None)


def run(*args: str) -> Any:
    base = ["batch", *args]
    if "--resume" not in args and "--dry-run" not in args:
        base += ["--bucket", f"s3://{BUCKET}/translate", "--role-arn", ROLE]
    return CliRunner().invoke(app, [*base, "--out", "out"] if "--resume" not in args else base)


def aws(fake: FakeBatchJobs) -> FakeAWS:
    assert fake.aws is not None
    return fake.aws


def written(slug: str) -> str:
    return Path("out", slug, "_index.vi.md").read_text(encoding="utf-8")


def test_a_folder_of_ten_posts_is_translated_and_the_failed_one_is_reported(
    jobs: FakeBatchJobs,
) -> None:
    jobs.fail["lambda-cold-starts.html"] = "the document could not be translated"
    result = run("posts-en")
    assert result.exit_code == 1, result.output
    assert re.search(r"Failed: lambda-cold-starts \(.*\): .*could not be translated", result.stderr)
    assert len(aws(jobs).calls("StartTextTranslationJob")) == 1
    assert sorted(jobs.received) == [f"{slug}.html" for slug in SLUGS]
    for slug in SLUGS:
        assert Path("out", slug, "_index.vi.md").exists() == (slug != "lambda-cold-starts")
    target = written("amazon-s3-lifecycle")
    assert "aws s3api put-bucket-lifecycle-configuration --bucket demo" in target  # code kept
    assert "Amazon S3" in target and "Dịch vụ lưu trữ đơn giản" not in target  # term protected
    assert 'engine: "amazon-translate"' in target and "checksum:" in target
    assert "(https://docs.aws.amazon.com/amazon-s3-lifecycle/)" in target

    jobs.fail.clear()  # the rerun sends only the failed post: the rest is in the memory
    jobs.received.clear()
    again = run("posts-en")
    assert again.exit_code == 0, again.output
    assert list(jobs.received) == ["lambda-cold-starts.html"]
    assert "AWS Lambda" in written("lambda-cold-starts")


def test_memory_hits_are_never_sent(jobs: FakeBatchJobs) -> None:
    assert run("posts-en/ec2-spot-savings.md").exit_code == 0
    post = Path("posts-en/ec2-spot-savings.md")
    post.write_text(post.read_text() + "\nA new closing paragraph about savings.\n")
    jobs.received.clear()
    result = run("posts-en/ec2-spot-savings.md")
    assert result.exit_code == 0, result.output
    [sent] = jobs.received.values()
    assert sent.count("<p>") == 1 and "A new closing paragraph" in sent
    target = written("ec2-spot-savings")
    assert "một nêw clơsìng" in target and "Săvìng với Spot Instance" in target


def test_a_post_entirely_in_memory_starts_no_job(jobs: FakeBatchJobs) -> None:
    assert run("posts-en/eks-autoscaling.md").exit_code == 0
    Path("out/eks-autoscaling/_index.vi.md").unlink()
    result = run("posts-en/eks-autoscaling.md")
    assert result.exit_code == 0, result.output
    assert len(aws(jobs).calls("StartTextTranslationJob")) == 1  # the first run's only
    assert Path("out/eks-autoscaling/_index.vi.md").exists()


@pytest.mark.parametrize("crash_in", ["describe", "start"])
def test_a_crashed_run_resumes_the_recorded_job_without_paying_again(
    jobs: FakeBatchJobs, monkeypatch: pytest.MonkeyPatch, crash_in: str
) -> None:
    real = getattr(batch_jobs, crash_in)

    def crash(*args: Any) -> None:
        real(*args)  # the call reached the service, then the process died
        raise KeyboardInterrupt

    monkeypatch.setattr(batch_jobs, crash_in, crash)
    crashed = run("posts-en")
    assert crashed.exit_code == 130 and "`translate batch --resume` picks up" in crashed.stderr
    assert not Path("out").exists()
    monkeypatch.setattr(batch_jobs, crash_in, real)

    resumed = run("--resume")
    assert resumed.exit_code == 0, resumed.output
    assert "Resuming batch run translate-" in resumed.stderr
    assert len(jobs.jobs) == 1  # the same job: recorded, or found again by its client token
    assert jobs.billed_characters == sum(len(h) for h in jobs.received.values())
    assert all(Path("out", slug, "_index.vi.md").exists() for slug in SLUGS)
    finished = run("--resume")
    assert finished.exit_code == 2 and "no unfinished batch run" in finished.stderr


def test_documents_and_jobs_are_split_under_the_service_limits(
    jobs: FakeBatchJobs, monkeypatch: pytest.MonkeyPatch
) -> None:
    limits = batch.Limits(document_bytes=700, documents_per_job=4, concurrent_jobs=2)
    monkeypatch.setattr(batch, "LIMITS", limits)
    result = run("posts-en")
    assert result.exit_code == 0, result.output
    assert all(len(html.encode()) <= 700 for html in jobs.received.values())
    assert "bedrock-agents--2.html" in jobs.received  # one post, several documents
    starts = aws(jobs).calls("StartTextTranslationJob")
    assert len(starts) == -(-len(jobs.received) // 4) and jobs.max_running <= 2
    assert all(Path("out", slug, "_index.vi.md").exists() for slug in SLUGS)


def test_a_document_whose_markup_came_back_broken_fails_only_its_post(
    jobs: FakeBatchJobs,
) -> None:
    jobs.mangle["dynamodb-streams.html"] = lambda html: html.replace("translate=no", "lang=vi")
    result = run("posts-en")
    assert result.exit_code == 1
    assert "Failed: dynamodb-streams" in result.stderr and "markup" in result.stderr
    assert not Path("out/dynamodb-streams").exists()
    assert Path("out/eks-autoscaling/_index.vi.md").exists()


def test_dry_run_prints_documents_characters_and_cost_and_sends_nothing(
    jobs: FakeBatchJobs,
) -> None:
    result = run("posts-en", "--dry-run")
    assert result.exit_code == 0, result.output
    for slug in SLUGS:
        assert re.search(rf"^{slug}\.html\t\d+ characters$", result.stdout, re.M)
    summary = re.search(r"Would send 10 document\(s\) for 10 post\(s\) \((\d+) characters\) in "
                        r"1 job\(s\): estimated cost USD (\d+\.\d+)", result.stdout)  # fmt: skip
    assert summary and float(summary[2]) == pytest.approx(int(summary[1]) * 15 / 1e6, abs=1e-4)
    assert aws(jobs).requests == [] and not Path("out").exists()
    listed = boto3.client("s3", region_name="us-east-1").list_objects_v2(Bucket=BUCKET)
    assert "Contents" not in listed


def test_an_engine_setting_batch_cannot_use_is_named_once(jobs: FakeBatchJobs) -> None:
    Path("translate.toml").write_text('engine = "pseudo"\n', encoding="utf-8")
    result = run("posts-en", "--dry-run")
    assert result.exit_code == 0, result.output
    [note] = [line for line in result.stderr.splitlines() if "engine setting" in line]
    assert "(pseudo) is not used" in note and "Amazon Translate's batch jobs only" in note
    assert "Would send 10 document(s)" in result.stdout
    Path("translate.toml").unlink()
    assert "engine setting" not in run("posts-en", "--dry-run").stderr


def test_a_readme_in_a_folder_of_posts_is_not_a_post(jobs: FakeBatchJobs) -> None:
    Path("posts-en/README.md").write_text("# Our posts\n\nOne a file.\n", encoding="utf-8")
    result = run("posts-en", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "readme" not in result.stdout.lower()
    assert "Would send 10 document(s) for 10 post(s)" in result.stdout


def test_terminology_mode_starts_the_job_with_the_synced_terminology(jobs: FakeBatchJobs) -> None:
    result = run("posts-en/connect-contact-flows.md", "--enforce", "terminology")
    assert result.exit_code == 0, result.output
    [imported] = aws(jobs).calls("ImportTerminology")
    [started] = aws(jobs).calls("StartTextTranslationJob")
    assert started.body["TerminologyNames"] == [imported.body["Name"]]
    assert started.body["InputDataConfig"]["ContentType"] == "text/html"


def test_repair_mode_sends_only_the_wrong_segments_again_after_the_job(
    jobs: FakeBatchJobs,
) -> None:
    wrong = "Dịch vụ lưu trữ đơn giản"
    jobs.mangle["amazon-s3-lifecycle.html"] = lambda html: html.replace("Amazon S3", wrong)
    with Memory.open(Path(".translate/memory.sqlite")) as memory:  # what a `post` run learned
        memory.record_missed("en", "vi", [("Amazon S3", "Amazon S3")])  # is not used: a job's
        # documents are read back in a later run
    result = run("posts-en/amazon-s3-lifecycle.md", "--enforce", "repair")
    assert result.exit_code == 0, result.output
    [imported] = aws(jobs).calls("ImportTerminology")
    [started] = aws(jobs).calls("StartTextTranslationJob")
    assert started.body["TerminologyNames"] == [imported.body["Name"]]
    assert "<i translate=no>Amazon S3</i>" not in jobs.received["amazon-s3-lifecycle.html"]
    resent = aws(jobs).calls("TranslateText")
    assert resent and all("<i translate=no>Amazon S3</i>" in r.body["Text"] for r in resent)
    texts = " ".join(r.body["Text"] for r in resent)  # only the wrong sentence of a paragraph
    assert "This post shows how " in texts and " is configured with " not in texts
    target = written("amazon-s3-lifecycle")
    assert "Amazon S3" in target and wrong not in target


def test_posts_are_filed_into_a_worklog_one_folder_each(jobs: FakeBatchJobs) -> None:
    Path("site/content").mkdir(parents=True)
    Path("site/hugo.toml").write_text('defaultContentLanguage = "vi"\n', encoding="utf-8")
    args = ["batch", "posts-en/eks-autoscaling.md", "posts-en/bedrock-agents.md", "--bucket",
            f"s3://{BUCKET}", "--role-arn", ROLE, "--worklog", "site"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stderr.count('sets defaultContentLanguage = "vi"') == 1  # once, not per post
    section = Path("site/content/3-BlogsTranslated")
    assert (section / "3.1-Blog1/_index.vi.md").exists()
    assert (section / "3.2-Blog2/_index.vi.md").exists()
    assert "Blog 2 - Building agents" in (section / "_index.md").read_text()


def test_a_file_of_sources_and_bad_usage(jobs: FakeBatchJobs) -> None:
    Path("list.txt").write_text("# posts to translate\nposts-en/eks-autoscaling.md\n\n")
    assert batch.expand_sources(["list.txt"]) == ["posts-en/eks-autoscaling.md"]
    Path("posts-en/eks-autoscaling.vi.md").write_text("# đã dịch\n")
    assert "posts-en/eks-autoscaling.vi.md" not in batch.expand_sources(["posts-en"])
    no_bucket = CliRunner().invoke(app, ["batch", "posts-en"])
    assert no_bucket.exit_code == 2 and "--bucket" in no_bucket.stderr
    bad = CliRunner().invoke(app, ["batch", "posts-en", "--bucket", "b", "--role-arn", ROLE])
    assert bad.exit_code == 2 and "s3://" in bad.stderr
    both = CliRunner().invoke(app, ["batch", "posts-en", "--resume"])
    assert both.exit_code == 2 and "--resume takes no SOURCES" in both.stderr


def test_job_requests_match_the_service_model() -> None:
    from botocore.stub import Stubber

    client = boto3.client(
        "translate", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    manifest = batch.Manifest(
        "translate-20250101-000000-abcd", "en", "vi", BUCKET, "translate/", ROLE, "terminology",
        [], "", "out", None, "pair", terminology=["translate-glossary-en-vi-1234"],
    )  # fmt: skip
    job = batch.JobPlan(f"{manifest.name}-1", ["a.html"], "0" * 32)
    folder = f"s3://{BUCKET}/translate/{manifest.name}/{job.name}"
    expected = {
        "JobName": job.name,
        "InputDataConfig": {"S3Uri": f"{folder}/input/", "ContentType": "text/html"},
        "OutputDataConfig": {"S3Uri": f"{folder}/output/"},
        "DataAccessRoleArn": ROLE,
        "SourceLanguageCode": "en",
        "TargetLanguageCodes": ["vi"],
        "TerminologyNames": ["translate-glossary-en-vi-1234"],
        "ClientToken": "0" * 32,
    }
    described = {"JobId": "j1", "JobStatus": "FAILED", "Message": "role cannot read the bucket"}
    with Stubber(client) as stub:
        stub.add_response("start_text_translation_job", {"JobId": "j1", "JobStatus": "SUBMITTED"},
                          expected)  # fmt: skip
        stub.add_response("describe_text_translation_job",
                          {"TextTranslationJobProperties": described}, {"JobId": "j1"})  # fmt: skip
        batch_jobs.start(client, manifest, job)
        batch_jobs.describe(client, job)
    assert (job.job_id, job.status, job.message) == ("j1", "FAILED", described["Message"])


def test_a_partial_page_fails_its_post_unless_accept_partial(jobs: FakeBatchJobs) -> None:
    shutil.copy(Path(__file__).parent / "data" / "html" / "partial.html", "posts-en/partial.html")
    refused = run("posts-en", "--dry-run")
    assert refused.exit_code == 1
    assert re.search(r"Failed: .*partial\.html.*came out partial.*--accept-partial", refused.stderr)

    result = run("posts-en", "--accept-partial")
    assert result.exit_code == 0, result.output
    assert "Warning: " in result.stderr and "came out partial (kept 3 of 6" in result.stderr
    assert Path("out/order-widgets-in-bulk/_index.vi.md").is_file()  # its canonical URL's slug
    assert all(Path("out", slug, "_index.vi.md").is_file() for slug in SLUGS)


def test_repair_mode_protects_every_term_when_a_resend_after_the_job_gets_another_wrong(
    jobs: FakeBatchJobs,
) -> None:
    Path("posts-en/s3-buckets.md").write_text(
        "# Buckets\n\nAmazon S3 keeps each bucket. Nothing else is said here.\n"
    )
    wrong = "Dịch vụ lưu trữ đơn giản"
    jobs.mangle["s3-buckets.html"] = lambda html: html.replace("Amazon S3", wrong)
    aws(jobs).mangle = lambda html: html.replace(" bucket", " thùng")  # unprotected: wrong
    result = run("posts-en/s3-buckets.md", "--enforce", "repair")
    assert result.exit_code == 0, result.output
    last = aws(jobs).calls("TranslateText")[-1].body["Text"]
    assert "<i translate=no>Amazon S3</i>" in last and "<i translate=no>bucket</i>" in last
    target = written("s3-buckets")
    assert "Amazon S3 keeps each bucket" not in target  # translated, not copied
    assert "Amazon S3" in target and "bucket" in target and "thùng" not in target


def test_a_url_that_cannot_be_fetched_is_named_once_with_the_reason(in_tmp: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}/blogs/a-post/"
    Path("urls.txt").write_text(f"{url}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["batch", "urls.txt", "--dry-run"])
    assert result.exit_code == 1, result.output
    failed = [line for line in result.stderr.splitlines() if line.startswith("Failed:")]
    assert len(failed) == 1 and failed[0].startswith(f"Failed: {url}: could not connect")
    assert failed[0].count(url) == 1
