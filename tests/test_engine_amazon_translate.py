"""The Amazon Translate engine: HTML round trip, request shapes (Stubber), and end-to-end runs
against the fake server in ``tests/fake_aws.py`` (imperfect on purpose, as the service is)."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from typer.testing import CliRunner

from fake_aws import AWSFault, FakeAWS, serve_fake_aws
from translate.cli import app
from translate.document import Segment, Span
from translate.document.markdown import parse
from translate.engines import base
from translate.engines._aws import Backoff
from translate.engines._html import keep_text, parse_response, split_sentences, to_unit
from translate.engines.amazon_translate import AmazonTranslateEngine, term_counts
from translate.engines.base import Enforce, EngineContext
from translate.engines.cached import CachedEngine
from translate.errors import EngineError, MarkupError
from translate.glossary import Entry, Forbidden, Glossary, TermMatcher
from translate.memory import Memory
from translate.run.pipeline import translate_document

TAGGED = 'Run <g id="1">a job</g> with\n<x id="2"/> &amp; <x id="3"/>.'
SPANS = {2: "`ls -l`", 3: "https://example.com/" + "a" * 80}
X3 = keep_text(SPANS[3])


def roundtrip(tagged: str, response: str | None = None) -> str:
    unit = to_unit(tagged, SPANS)
    [events] = parse_response(unit.html if response is None else response)
    return unit.tagged(events)


def test_tagged_text_becomes_compact_html_the_service_keeps() -> None:
    unit = to_unit(TAGGED, SPANS)
    assert unit.html == (
        f"<p>Run <b>a job</b> with <i translate=no>`ls -l`</i> &amp; <i translate=no>{X3}</i>."
    )
    assert X3 == "https:/…"
    assert unit.size == len(unit.html.encode("utf-8"))


def test_ids_only_where_elements_could_be_confused() -> None:
    unit = to_unit('<g id="1">a</g> <g id="2">b</g> <x id="3"/> <x id="4"/>', {3: "`x`", 4: "`x`"})
    assert unit.html == (
        "<p><b id=g1>a</b> <b id=g2>b</b> <i translate=no id=x3>`x`</i> "
        "<i translate=no id=x4>`x`</i>"
    )
    swapped = (
        '<p><i translate="no" id="x4">`x`</i> <b id="g2">B</b> <b id="g1">A</b> '
        'x<i translate="no" id="x3">`x`</i></p>'
    )  # the service may quote attributes: both read the same
    [events] = parse_response(swapped)
    assert unit.tagged(events) == '<x id="4"/> <g id="2">B</g> <g id="1">A</g> x<x id="3"/>'


def test_the_same_term_twice_needs_no_id() -> None:
    def keeper(text: str) -> list[tuple[int, int, str]]:
        return [(m.start(), m.end(), "bucket") for m in re.finditer("bucket", text)]

    unit = to_unit('A bucket, <x id="1"/> and a bucket.', {1: "`bucket`"}, keeper)
    assert unit.html == (
        "<p>A <i translate=no>bucket</i>, <i translate=no>`bucket`</i> and a "
        "<i translate=no>bucket</i>."
    )
    [events] = parse_response(unit.html.replace("and a", "và một"))
    assert unit.tagged(events) == 'A bucket, <x id="1"/> và một bucket.'
    [twice] = parse_response(unit.html.replace("and a", "<i translate=no>bucket</i>"))
    with pytest.raises(MarkupError, match="repeated"):
        unit.tagged(twice)


def test_html_comes_back_as_the_same_tagged_text() -> None:
    assert roundtrip(TAGGED) == TAGGED  # the line break next to a placeholder is put back


def test_moved_markup_and_collapsed_whitespace_are_accepted() -> None:
    response = (
        "<p> Chạy\n\n<i translate=no>`ls  -l`</i>  với <b>một job</b> &amp; "
        f"<i translate=no>{X3}</i>.</p>"
    )
    expected = 'Chạy\n<x id="2"/> với <g id="1">một job</g> &amp; <x id="3"/>.'
    assert roundtrip(TAGGED, response) == expected


@pytest.mark.parametrize(
    ("response", "message"),
    [
        ('<p>Run <b>a job</b> with <i translate=no>`ls -l`</i></p>', "lost"),
        ('<p><b>a</b><i translate=no>`ls -l`</i><i translate=no>`ls -l`</i></p>',
         "repeated"),
        ('<p><b>a</b><i translate=no>`ls lô`</i></p>', "changed or invented"),
        ('<p><b>a</b><b>b</b></p>', "repeated paired"),
        ('<p><b id="g9">a</b></p>', "unexpected"),
    ],
)  # fmt: skip
def test_lost_repeated_changed_or_invented_markup_is_refused(response: str, message: str) -> None:
    with pytest.raises(MarkupError, match=message):
        roundtrip(TAGGED, response)


def test_line_breaks_next_to_a_shortcode_are_put_back() -> None:
    tagged = '<x id="1"/>\nJobs are retried.\n<x id="2"/>'
    unit = to_unit(tagged, {1: "{{% notice info %}}", 2: "{{% /notice %}}"})
    [events] = parse_response(unit.html.replace("Jobs are retried.", "Công việc được thử lại."))
    assert unit.tagged(events) == '<x id="1"/>\nCông việc được thử lại.\n<x id="2"/>'


def test_kept_terms_come_back_as_their_rendering() -> None:
    def keeper(text: str) -> list[tuple[int, int, str]]:
        start = text.find("instance")
        return [(start, start + len("instance"), "phiên bản máy")] if start >= 0 else []

    unit = to_unit("Stop the instance &amp; wait.", {}, keeper)
    assert unit.html == "<p>Stop the <i translate=no>phiên bản máy</i> &amp; wait."
    [events] = parse_response(unit.html.replace("Stop the", "Dừng"))
    assert unit.tagged(events) == "Dừng phiên bản máy &amp; wait."


def test_several_units_in_one_response_in_order_closed_or_not() -> None:
    first, second = to_unit('<g id="1">One</g>', {}), to_unit("Two &lt;3.", {})
    assert first.html + second.html == "<p><b>One</b><p>Two &lt;3."
    units = parse_response("<p><b>One</b>\n<p>Two &lt;3.</p><br>")
    assert [u.tagged(e) for u, e in zip([first, second], units, strict=True)] == [
        '<g id="1">One</g>',
        "Two &lt;3.",
    ]


def test_long_text_splits_at_sentences_outside_pairs() -> None:
    tagged = 'One. <g id="1">Two. Three.</g> Four? "Five." Six <x id="2"/>. Seven'
    assert split_sentences(tagged) == [
        ("One.", " "),
        ('<g id="1">Two. Three.</g> Four?', " "),
        ('"Five."', " "),
        ('Six <x id="2"/>.', " "),
        ("Seven", ""),
    ]
    assert split_sentences("No boundary here") == [("No boundary here", "")]


# --- the engine, with a Stubber and with an in-process client ---------------------------------

GLOSSARY = Glossary(
    "en",
    "vi",
    (
        Entry("AWS Lambda", keep=True, case="exact", forbidden=(Forbidden("Amazon Lambda"),)),
        Entry("Amazon Connect", keep=True, case="exact"),
        Entry("bucket", target="bucket", forbidden=(Forbidden("thùng"),)),
        Entry("instance", target="instance", forbidden=(Forbidden("phiên bản"),)),
        Entry("training", target="huấn luyện", forbidden=(Forbidden("đào tạo"),)),
    ),
)
IGNORES_BUCKET = 5  # the synced rows sorted: the fifth is "bucket" (the tenth "trainings")
POST = """# Stop an instance

Stop the instance before training with `aws ec2 stop-instances` and **AWS Lambda**.

Route calls with [Amazon Connect](https://aws.amazon.com/connect/) and keep logs in a bucket.

```bash
aws ec2 stop-instances --instance-ids i-123
```

| Setting | Value |
|---|---|
| Memory | 2048 |
"""


def segments(text: str = POST) -> tuple[Segment, ...]:
    return parse(text).segments


def engine(
    client: Any = None,
    enforce: Enforce = "strict",
    glossary: Glossary | None = None,
    jobs: int = 8,
    **options: object,
) -> AmazonTranslateEngine:
    context = EngineContext("en", "vi", glossary, enforce, jobs, options=dict(options))
    return AmazonTranslateEngine(context, (lambda: client) if client is not None else None)


def bucket_wrong(text: str, n: int) -> str:
    """A service that gets every "bucket" not sent protected wrong."""
    return text.replace(" bucket", " thùng")


class EchoClient:
    """An in-process client: ``translate_text`` answers ``fn(Text, call number)``."""

    def __init__(self, fn: Callable[[str, int], str] = lambda text, n: text) -> None:
        self.fn = fn
        self.calls: list[dict[str, Any]] = []
        self.lock = threading.Lock()

    def translate_text(self, **params: Any) -> dict[str, Any]:
        with self.lock:
            self.calls.append(params)
            n = len(self.calls)
        return {"TranslatedText": self.fn(params["Text"], n)}


def test_request_shape_with_the_stubber() -> None:
    client = boto3.client(
        "translate", region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s"
    )
    sent = "<p>First <i translate=no>`code`</i>.<p>Second <b>bold</b>."
    answer = sent.replace("First", "Đầu").replace("Second", "Hai").replace("bold", "đậm")
    params = {
        "Text": sent,
        "SourceLanguageCode": "en",
        "TargetLanguageCode": "vi",
        "TerminologyNames": ["my-terms"],
        "Settings": {"Formality": "FORMAL"},
    }
    reply = {"TranslatedText": answer, "SourceLanguageCode": "en", "TargetLanguageCode": "vi"}
    with Stubber(client) as stubber:
        stubber.add_response("translate_text", reply, params)
        tr = engine(client, jobs=1, terminology_name="my-terms", formality="FORMAL")
        out = tr.translate(segments("First `code`.\n\nSecond **bold**.\n"))
        stubber.assert_no_pending_responses()
    assert out == ['Đầu <x id="1"/>.', 'Hai <g id="1">đậm</g>.']
    assert (tr.usage.requests, tr.usage.billed_characters) == (1, len(sent))


@pytest.mark.parametrize(
    ("code", "status", "message"),
    [
        ("UnsupportedLanguagePairException", 400, "cannot translate en to vi"),
        ("DetectedLanguageLowConfidenceException", 400, "pass --from"),
        ("TextSizeLimitExceededException", 400, "a bug in translate"),
        ("AccessDeniedException", 400, "access denied"),
        ("ServiceUnavailableException", 503, "unreachable or down"),  # after 3 retries
        ("InternalServerException", 500, "retry later"),
        ("ResourceNotFoundException", 404, "translate glossary sync"),
    ],
)
def test_service_errors_become_messages_that_say_what_to_do(
    code: str, status: int, message: str
) -> None:
    client = boto3.client(
        "translate", region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s"
    )
    tr = engine(client, jobs=1)
    tr.backoff = Backoff(base=0.01, cap=0.02)
    with Stubber(client) as stubber:
        for _ in range(4 if status >= 500 else 1):
            stubber.add_client_error("translate_text", code, "detail", status)
        with pytest.raises(EngineError, match=message) as caught:
            tr.translate(segments("Hello.\n"))
        stubber.assert_no_pending_responses()
    assert "\n" not in str(caught.value)


def test_batches_stay_under_10000_bytes_with_multibyte_text() -> None:
    words = ["Nhóm phiên bản", "東京リージョン", "données", "plain words"]
    text = "\n\n".join(f"{words[i % 4]} paragraph {i} with `code {i}`." for i in range(400))
    client = EchoClient()
    tr = engine(client)
    batch = segments(text)
    out = tr.translate(batch)
    assert out == [s.text for s in batch]
    sizes = [len(call["Text"].encode("utf-8")) for call in client.calls]
    assert max(sizes) <= 10_000 and len(sizes) == tr.estimate(batch).requests
    assert len(sizes) <= -(-sum(sizes) // 9_000) + 1  # packed full
    assert all(s.restore(t) for s, t in zip(batch, out, strict=True))


def test_a_segment_over_the_limit_is_split_at_sentences_and_joined() -> None:
    sentence = "This sentence about Vietnamese text has some bytes in it, ế ở ữ."
    paragraph = " ".join(f"{sentence} Number `{i}`." for i in range(200))
    client = EchoClient(lambda text, n: text.replace("sentence", "câu"))
    [segment] = segments(paragraph + "\n")
    [out] = engine(client).translate([segment])
    assert len(client.calls) >= 3
    assert all(len(c["Text"].encode()) <= 10_000 for c in client.calls)
    assert out == segment.text.replace("sentence", "câu")
    assert segment.restore(out).count("`") == 400


def test_segments_without_words_cost_nothing() -> None:
    client = EchoClient()
    wordless = Segment(0, '<x id="1"/> 2048', "table_cell", 1, (Span(1, "code", "`x`"),))
    out = engine(client).translate([wordless, Segment(1, "Word", "paragraph", 2)])
    assert out == [wordless.text, "Word"]
    assert len(client.calls) == 1 and "2048" not in client.calls[0]["Text"]


def drop_placeholders(text: str, n: int) -> str:
    return re.sub(r"<i translate=no[^>]*>`[^<]*</i>", "", text)


def test_a_segment_that_loses_a_placeholder_is_retried_alone() -> None:
    client = EchoClient(lambda text, n: drop_placeholders(text, n) if n == 1 else text)
    tr = engine(client)
    batch = segments()
    assert tr.translate(batch) == [s.text for s in batch]
    assert len(client.calls) == 1 + 1  # the segment with code sent again, alone


def test_a_segment_that_keeps_losing_it_is_reported_and_nothing_is_written() -> None:
    with pytest.raises(
        EngineError, match=r"broke the markup of 1 segment\(s\), even when sent alone"
    ):
        engine(EchoClient(drop_placeholders)).translate(segments())


def test_estimate_matches_what_a_run_costs() -> None:
    batch = segments()
    tr = engine(EchoClient(), glossary=GLOSSARY, terminology_name="t")
    estimate = tr.estimate(batch)
    tr.translate(batch)
    assert estimate.requests == tr.usage.requests == 1
    assert estimate.billed_characters == tr.usage.billed_characters > 0
    assert estimate.cost_usd == pytest.approx(tr.usage.billed_characters * 15 / 1e6)
    assert tr.usage.segments == len(batch)
    cheap = engine(glossary=GLOSSARY, usd_per_million_characters=1.5).estimate(batch)
    assert cheap.cost_usd == pytest.approx(estimate.cost_usd / 10, rel=0.2)
    with pytest.raises(EngineError, match="positive number"):
        engine(EchoClient(), max_request_bytes="big")


def test_term_counts() -> None:
    matcher = TermMatcher(GLOSSARY)
    assert term_counts(matcher, "Stop the instance.", "Dừng instance.") == (1, 0)
    assert term_counts(matcher, "Stop the instance.", "Dừng phiên bản.") == (0, 1)
    assert term_counts(matcher, "Two instances, one bucket.", "Hai instance, một thùng.") == (1, 1)
    assert term_counts(matcher, "No terms here.", "Không.") == (0, 0)
    # the checker's rule: a term inside an identifier is no occurrence
    assert term_counts(matcher, "Set my-bucket-name and training.", "Đặt huấn luyện.") == (1, 0)


def test_a_text_forbidden_only_in_context_is_wrong_only_where_renderings_are_short() -> None:
    glossary = Glossary(
        "en",
        "vi",
        (
            Entry(
                term="Principal",
                target="Principal",
                alternatives=("Chính",),
                case="exact",
                forbidden=(Forbidden("cấp cao", "Senior", in_context=True),),
            ),
        ),
    )
    matcher = TermMatcher(glossary)
    source = "A Principal Engineer and a Senior Engineer."
    assert term_counts(matcher, source, "Một Kỹ sư Chính và một Kỹ sư cấp cao.") == (1, 0)
    assert term_counts(matcher, source, "Một Kỹ sư cấp cao và một Kỹ sư cấp cao.") == (0, 1)


def test_strict_mode_protects_terms_but_not_identifiers_that_contain_them() -> None:
    client = EchoClient()
    tr = engine(client, glossary=GLOSSARY)
    [out] = tr.translate(segments("Upload training-data to the bucket for training.\n"))
    [call] = client.calls
    assert call["Text"] == (
        "<p>Upload training-data to the <i translate=no>bucket</i> for "
        "<i translate=no>huấn luyện</i>."
    )
    assert out == "Upload training-data to the bucket for huấn luyện."
    assert (tr.usage.terms_verified, tr.usage.terms_wrong) == (2, 0)
    assert "TerminologyNames" not in call


# --- end to end, against the fake server on 127.0.0.1 -----------------------------------------


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAWS]:
    yield from serve_fake_aws(monkeypatch)


def test_strict_mode_keeps_every_glossary_term_the_service_would_get_wrong(fake: FakeAWS) -> None:
    batch = segments()
    plain = engine(glossary=GLOSSARY, enforce="off").translate(batch)
    assert "phiên bản" in plain[1] and "Amazon Kết nối" in plain[2] and "thùng" in plain[2]
    tr = engine(glossary=GLOSSARY)
    out = tr.translate(batch)
    assert "instance" in out[1] and "huấn luyện" in out[1] and "AWS Lambda" in out[1]
    assert "Amazon Connect" in out[2] and "bucket" in out[2] and "thùng" not in out[2]
    assert (tr.usage.terms_verified, tr.usage.terms_repaired, tr.usage.terms_wrong) == (6, 0, 0)
    [request] = fake.calls("TranslateText")[-1:]
    assert "TerminologyNames" not in request.body  # every term is protected: no terminology
    assert fake.calls("GetTerminology") == fake.calls("ImportTerminology") == []


def test_terminology_mode_is_best_effort_and_still_wrong_terms_are_counted(fake: FakeAWS) -> None:
    fake.ignore_every = IGNORES_BUCKET
    tr = engine(glossary=GLOSSARY, enforce="terminology")
    out = tr.translate(segments())
    assert "Amazon Connect" in out[2] and "huấn luyện" in out[1]  # the terminology applied...
    assert "thùng" in out[2]  # ...except for the entry the service ignored
    assert tr.usage.terms_wrong == 1 and tr.usage.terms_verified == 5
    assert "1 still wrong" in tr.usage.lines()[-1]


def test_the_terminology_gets_plurals_right_too(fake: FakeAWS) -> None:
    fake.miss_rate = 0.0  # the service applies every row, as written
    tr = engine(glossary=GLOSSARY, enforce="terminology")
    [out] = tr.translate(segments("Stop the instances and empty the buckets before training.\n"))
    assert "phiên bản" not in out and "thùng" not in out
    assert "instance" in out and "bucket" in out and "huấn luyện" in out
    assert (tr.usage.terms_verified, tr.usage.terms_wrong) == (3, 0)


def test_whole_post_through_the_pipeline_keeps_markup_and_structure(fake: FakeAWS) -> None:
    document = parse((Path(__file__).parent / "data" / "markdown" / "full.md").read_text())
    tr = engine()
    result = translate_document(document, tr)
    assert "```" in result.text and "{{% notice info %}}\n" in result.text
    assert tr.usage.requests == fake.translate_requests == 1
    assert tr.usage.billed_characters == fake.billed_characters


def test_a_sentence_too_big_for_a_request_is_refused_before_anything_is_sent() -> None:
    client = EchoClient()
    short = "".join(f"Short paragraph number {i}, before the long one.\n\n" for i in range(8))
    batch = segments(short + "word " * 80 + "without an end.\n")
    with pytest.raises(EngineError, match=r"line 17: a sentence of \d+ bytes does not fit"):
        engine(client, max_request_bytes=200).translate(batch)
    assert client.calls == []  # nothing billed for a run that cannot finish


def test_throttled_requests_are_requeued_until_done(fake: FakeAWS) -> None:
    fake.rate = 4  # a bucket of 4 against 8 requests sent at once: some are throttled
    batch = segments("\n\n".join(f"Paragraph number {i} about buckets." for i in range(60)))
    tr = engine(max_request_bytes=200)
    out = tr.translate(batch)
    assert len(out) == 60 and all("thùng" in t for t in out)
    sent = tr.usage.requests
    assert len(fake.calls("TranslateText")) > fake.translate_requests == sent
    assert sent == tr.estimate(batch).requests >= 10


def test_a_throttling_storm_passes_and_every_segment_is_translated(fake: FakeAWS) -> None:
    fake.storm(0.6)
    started = time.monotonic()
    batch = segments()
    out = engine(max_request_bytes=300).translate(batch)
    assert time.monotonic() - started >= 0.6
    assert all(t != s.text for s, t in zip(batch, out, strict=True))


def test_a_storm_past_the_deadline_is_a_clear_error(fake: FakeAWS) -> None:
    fake.storm(30)
    with pytest.raises(EngineError, match=r"kept throttling .* deadline of 0.5 s - retry later"):
        engine(deadline_seconds=0.5).translate(segments())


def test_a_service_that_is_briefly_down_is_retried(fake: FakeAWS) -> None:
    for _ in range(2):
        fake.fail_next("TranslateText", AWSFault(503, "ServiceUnavailableException", "busy"))
    tr = engine(jobs=1)
    tr.backoff = Backoff(base=0.01, cap=0.02)
    batch = segments()
    out = tr.translate(batch)
    assert all(t != s.text for s, t in zip(batch, out, strict=True))
    assert len(fake.calls("TranslateText")) == 3 and tr.usage.requests == 1
    for _ in range(4):
        fake.fail_next("TranslateText", AWSFault(500, "InternalServerException", "broken"))
    with pytest.raises(EngineError, match=r"unreachable or down \(InternalServerException\)"):
        tr.translate(batch)
    assert len(fake.calls("TranslateText")) == 3 + 4  # the first try and three retries


def test_requests_run_in_parallel_under_latency(fake: FakeAWS) -> None:
    fake.latency = 0.1
    batch = segments("\n\n".join(f"Paragraph {i} of many." for i in range(16)))
    started = time.monotonic()
    engine(max_request_bytes=30).translate(batch)
    assert fake.translate_requests == 16 and time.monotonic() - started < 1.2  # 1.6 s in a row


def test_setup_errors_say_what_to_do(fake: FakeAWS, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(EngineError, match="cannot translate en to xx"):
        AmazonTranslateEngine(EngineContext("en", "xx")).translate(segments())
    with pytest.raises(EngineError, match=r"custom terminology .* not found"):
        engine(terminology_name="missing").translate(segments())
    fake.fail_next("TranslateText", AWSFault(400, "AccessDeniedException", "no"))
    with pytest.raises(EngineError, match="access denied"):
        engine(jobs=1).translate(segments())
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    with pytest.raises(EngineError, match="No AWS credentials found - run `aws configure`"):
        engine().translate(segments())
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    monkeypatch.delenv("AWS_REGION", raising=False)
    with pytest.raises(EngineError, match="No AWS region set - pass --region"):
        engine().translate(segments())


def test_an_unreachable_endpoint_is_a_clear_error(
    fake: FakeAWS, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.stop()
    monkeypatch.setenv("AWS_ENDPOINT_URL_TRANSLATE", "http://127.0.0.1:9")
    with pytest.raises(EngineError, match="unreachable"):
        engine().translate(segments())


def test_translate_post_with_amazon_translate(
    fake: FakeAWS, runner: CliRunner, in_tmp: Path
) -> None:
    assert base.REGISTRY["amazon-translate"] == "translate.engines.amazon_translate"
    Path("p.md").write_text(POST, encoding="utf-8")
    result = runner.invoke(
        app, ["post", "p.md", "--engine", "amazon-translate", "--enforce", "off"]
    )
    assert result.exit_code == 0, result.output
    assert Path("posts/p/_index.md").read_text(encoding="utf-8") == POST
    target = Path("posts/p/_index.vi.md").read_text(encoding="utf-8")
    assert "```bash\naws ec2 stop-instances --instance-ids i-123\n```" in target
    assert "`aws ec2 stop-instances`" in target and "(https://aws.amazon.com/connect/)" in target
    assert "phiên bản" in target  # no glossary given: the service's own choice
    assert fake.translate_requests == 1


def test_post_takes_its_region_from_aws_region(
    fake: FakeAWS, runner: CliRunner, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    Path("p.md").write_text(POST, encoding="utf-8")
    result = runner.invoke(app, ["post", "p.md", "-o", "out", "--enforce", "off"])
    assert result.exit_code == 0, result.output
    assert Path("out/p/_index.vi.md").is_file() and fake.translate_requests == 1


def test_a_failed_run_writes_nothing(fake: FakeAWS, runner: CliRunner, in_tmp: Path) -> None:
    fake.mangle = lambda text: drop_placeholders(text, 0)
    Path("p.md").write_text(POST, encoding="utf-8")
    result = runner.invoke(app, ["post", "p.md", "--engine", "amazon-translate"])
    assert result.exit_code == 1 and "broke the markup" in result.stderr
    assert not Path("posts").exists()


# --- repair mode: terminology first, only the wrong segments again, protected -----------------


def test_repair_mode_resends_only_the_wrong_segments_with_their_terms_protected(
    fake: FakeAWS,
) -> None:
    fake.ignore_every = IGNORES_BUCKET
    tr = engine(glossary=GLOSSARY, enforce="repair")
    out = tr.translate(segments())
    assert "Amazon Connect" in out[2] and "bucket" in out[2] and "thùng" not in out[2]
    assert "huấn luyện" in out[1] and "instance" in out[1]
    assert (tr.usage.terms_verified, tr.usage.terms_repaired, tr.usage.terms_wrong) == (5, 1, 0)
    first, again = fake.calls("TranslateText")
    assert first.body["TerminologyNames"] and "translate=no>bucket" not in first.body["Text"]
    assert again.body["Text"].startswith("<p>Route calls") and "Stop" not in again.body["Text"]
    assert "<i translate=no>bucket</i>" in again.body["Text"]
    assert tr.usage.requests == 2 and tr.usage.billed_characters == fake.billed_characters
    assert tr.unverified == frozenset()


def test_repair_mode_counts_a_segment_still_wrong_as_strict_does_and_does_not_remember_it(
    fake: FakeAWS, tmp_path: Path
) -> None:
    fake.mangle = lambda html: html.replace("kêêp", "thùng")  # a forbidden rendering, every time
    fake.ignore_every = IGNORES_BUCKET
    results: dict[str, tuple[int, str]] = {}
    modes: tuple[Enforce, ...] = ("strict", "repair")
    for mode in modes:
        context = EngineContext("en", "vi", GLOSSARY, mode)
        with Memory.open(tmp_path / f"{mode}.sqlite") as memory:
            tr = AmazonTranslateEngine(context)
            CachedEngine(tr, memory, context).translate(segments())
            remembered = {e.source for e in memory.entries()}
        results[mode] = tr.usage.terms_wrong, tr.usage.lines()[-1]
        if mode == "repair":
            assert tr.unverified == {2}
            assert not any(s.startswith("Route calls") for s in remembered)
            assert any(s.startswith("Stop the instance") for s in remembered)
    assert results["repair"] == results["strict"] == (1, results["strict"][1])
    assert "1 still wrong" in results["repair"][1]


def test_repair_mode_sends_the_first_repairs_before_the_first_pass_is_over() -> None:
    client = EchoClient(bucket_wrong)
    post = "".join(f"Paragraph {i} keeps logs in a bucket.\n\n" for i in range(6))
    tr = engine(client, "repair", GLOSSARY, jobs=1, max_request_bytes=130, terminology_name="t")
    out = tr.translate(segments(post))
    assert all("bucket" in target for target in out) and tr.usage.terms_wrong == 0
    protected = ["translate=no>bucket" in call["Text"] for call in client.calls]
    assert protected.index(True) < len(protected) - 1 - protected[::-1].index(False)
    assert tr.usage.requests == 2 + 3  # three segments fill a first request, two a re-send


def test_repair_mode_resends_only_the_wrong_sentences_when_they_line_up() -> None:
    post = "Stop the instance first. Then keep the instance logs in a bucket. Start it later.\n"

    client = EchoClient(bucket_wrong)
    tr = engine(client, "repair", GLOSSARY, terminology_name="t")
    [out] = tr.translate(segments(post))
    first, again = (call["Text"] for call in client.calls)
    assert again == "<p>Then keep the instance logs in a <i translate=no>bucket</i>."  # only
    # its wrong term protected: the terminology got "instance" right
    assert out == post.strip() and tr.usage.terms_wrong == 0 and tr.usage.terms_repaired == 1
    assert tr.usage.billed_characters == len(first) + len(again)

    def merging(text: str, n: int) -> str:  # and two sentences made one: no line-up
        return bucket_wrong(text, n).replace("first. Then", "first, then")

    client = EchoClient(merging)
    [out] = engine(client, "repair", GLOSSARY, terminology_name="t").translate(segments(post))
    whole = client.calls[1]["Text"]  # the whole paragraph again
    assert whole.startswith("<p>Stop the ") and whole.endswith(" it later.")
    assert "<i translate=no>bucket</i>" in whole and "thùng" not in out


def test_repair_mode_protects_from_the_start_the_terms_no_synced_row_can_apply(
    fake: FakeAWS,
) -> None:
    glossary = Glossary(
        "en",
        "vi",
        (
            Entry("root cause analysis", target="phân tích nguyên nhân gốc"),
            Entry("Principal", target="Principal", case="exact"),
            Entry("principal", target="chủ thể", case="exact"),
            Entry("bucket", target="bucket", forbidden=(Forbidden("thùng"),)),
        ),
    )
    post = "A Principal engineer ran a root-cause analysis of the bucket.\n"
    tr = engine(glossary=glossary, enforce="repair")
    [out] = tr.translate(segments(post))
    [request] = fake.calls("TranslateText")  # one round: nothing came back wrong
    text = request.body["Text"]
    assert "<i translate=no>Principal</i>" in text  # the upload has no row for it
    assert "<i translate=no>phân tích nguyên nhân gốc</i>" in text  # written otherwise
    assert "a bucket" not in text and "the bucket." in text  # the terminology has "bucket"
    assert "Principal" in out and "phân tích nguyên nhân gốc" in out and "thùng" not in out
    assert tr.usage.terms_wrong == 0 and tr.usage.terms_repaired == 0

    client = EchoClient()  # the user's own terminology: its rows are unknown
    engine(client, "repair", glossary, terminology_name="t").translate(segments(post))
    assert client.calls[0]["Text"] == "<p>" + post.strip()  # nothing protected first


def test_repair_mode_protects_first_the_terms_the_terminology_missed_in_earlier_runs(
    fake: FakeAWS, tmp_path: Path
) -> None:
    fake.ignore_every = IGNORES_BUCKET  # the service never applies the "bucket" row
    history = tmp_path / "memory.sqlite"
    first = engine(glossary=GLOSSARY, enforce="repair", cost_history=str(history))
    first.translate(segments())
    assert first.usage.requests == 2 and first.usage.terms_repaired == 1
    with Memory.open(history) as memory:
        assert memory.missed_terms("en", "vi") == {("bucket", "bucket")}
        assert memory.missed_terms("en", "fr") == frozenset()

    edited = Glossary("en", "vi", (*GLOSSARY.entries, Entry("zone", target="vùng")))
    later = engine(glossary=edited, enforce="repair", cost_history=str(history))
    out = later.translate(segments())
    text = fake.calls("TranslateText")[-1].body["Text"]
    assert later.usage.requests == 1 and "<i translate=no>bucket</i>" in text  # one round
    assert "<i translate=no>instance</i>" not in text  # the terminology applies that one
    assert "bucket" in out[2] and later.usage.terms_wrong == later.usage.terms_repaired == 0

    forgetful = engine(glossary=GLOSSARY, enforce="repair")  # no memory: nothing learned
    forgetful.translate(segments())
    assert forgetful.usage.requests == 2


def test_repair_mode_learns_the_terms_of_a_segment_too_big_for_one_request(
    tmp_path: Path,
) -> None:
    post = "Stop the instance first. Then keep the logs in a bucket. Start it again later.\n"

    def run(client: EchoClient) -> AmazonTranslateEngine:
        history = str(tmp_path / "memory.sqlite")
        return engine(
            client,
            "repair",
            GLOSSARY,
            terminology_name="t",
            max_request_bytes=70,
            cost_history=history,
        )

    first = run(EchoClient(bucket_wrong))
    [out] = first.translate(segments(post))  # in two requests: repaired as in strict mode
    assert "thùng" not in out and first.usage.terms_repaired == 1
    client = EchoClient(bucket_wrong)
    later = run(client)
    later.translate(segments(post))
    assert any("<i translate=no>bucket</i>" in call["Text"] for call in client.calls)
    assert later.usage.terms_repaired == later.usage.terms_wrong == 0  # learned: protected first


def test_repair_mode_protects_every_term_when_a_resend_gets_another_one_wrong() -> None:
    post = "Stop the instance. Then keep the instance logs in a bucket.\n"

    def service(text: str, n: int) -> str:  # the re-send gets "instance" wrong
        text = text.replace(" bucket", " thùng")
        return text.replace(" instance ", " phiên bản ") if n == 2 else text

    client = EchoClient(service)
    tr = engine(client, "repair", GLOSSARY, terminology_name="t")
    estimate = tr.estimate(segments(post))
    [out] = tr.translate(segments(post))
    last = client.calls[-1]["Text"]
    assert len(client.calls) == 3 and last.startswith("<p>Stop the <i translate=no>instance</i>")
    assert tr.usage.requests <= estimate.requests_high  # within the dry run's range
    assert tr.usage.billed_characters <= estimate.billed_characters_high
    assert "<i translate=no>bucket</i>" in last
    assert out == post.strip() and tr.usage.terms_wrong == 0 and tr.unverified == frozenset()


def test_repair_mode_learns_a_term_only_a_resend_got_wrong(tmp_path: Path) -> None:
    post = "Stop the instance. Then keep the instance logs in a bucket.\n"

    def service(text: str, n: int) -> str:  # the re-send gets "instance" wrong
        text = text.replace(" bucket", " thùng")
        return text.replace(" instance ", " phiên bản ") if n == 2 else text

    history = tmp_path / "memory.sqlite"
    tr = engine(EchoClient(service), "repair", GLOSSARY, terminology_name="t",
                cost_history=str(history))  # fmt: skip
    tr.translate(segments(post))
    with Memory.open(history) as memory:
        assert memory.missed_terms("en", "vi") == {("bucket", "bucket"), ("instance", "instance")}

    client = EchoClient(service)
    later = engine(client, "repair", GLOSSARY, terminology_name="t", cost_history=str(history))
    later.translate(segments(post))  # both protected from the start: one request
    [request] = client.calls
    assert request["Text"].count("<i translate=no>instance</i>") == 2
    assert later.usage.terms_wrong == later.usage.terms_repaired == 0


def test_repair_mode_dry_run_estimate_is_a_range() -> None:
    usage = engine(EchoClient(), "repair", GLOSSARY).estimate(segments())
    strict = engine(EchoClient(), "strict", GLOSSARY).estimate(segments())
    plain = engine(EchoClient(), "terminology", GLOSSARY).estimate(segments())
    assert usage.billed_characters == plain.billed_characters
    assert plain.billed_characters < strict.billed_characters < usage.billed_characters_high
    assert f"1 to 4 requests, {usage.billed_characters} to " in usage.lines()[0]  # 2 with 2+ terms
    assert "cost: USD 0.0031 to " in usage.lines()[1]
    assert usage.lines()[1].endswith("(no segment sent again to every one with a glossary term)")


def test_the_authors_names_are_sent_untranslatable_and_come_back_as_they_are(
    fake: FakeAWS,
) -> None:
    post = (
        '---\nauthors: ["Jane Doe", "Bao Nguyen"]\n---\n\n### Bao Nguyen\n\n'
        "Jane Doe and Bao Nguyen stop the instance every day.\n"
    )
    [segment] = segments(post)  # the heading that is only a name is not sent
    [out] = engine(enforce="off").translate([segment])
    [request] = fake.calls("TranslateText")
    text = request.body["Text"]
    assert "<i translate=no>Jane Doe</i>" in text
    restored = segment.restore(out)
    assert restored.startswith("Jane Doe ") and " Bao Nguyen " in restored
    assert "phiên bản" in restored  # the rest was translated
