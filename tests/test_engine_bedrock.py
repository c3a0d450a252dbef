"""The Bedrock engine: tokens and answer checks, request shapes (Stubber), cost, and end-to-end
runs against the fake model in ``tests/fake_aws.py``, which misbehaves on demand."""

from __future__ import annotations

import json
import re
import sqlite3
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import ANY, Stubber
from typer.testing import CliRunner

from fake_aws import AWSFault, FakeBedrock, serve_fake_bedrock
from translate.cli import app
from translate.document import Segment
from translate.document.markdown import parse
from translate.engines import base
from translate.engines._bedrock_costs import RATES, model_rates
from translate.engines._bedrock_schema import decode, encode, read_answer, token_list
from translate.engines._prompt import TOOL_NAME, glossary_lines, stable_prompt
from translate.engines.base import Enforce, EngineContext
from translate.engines.bedrock import DEFAULT_MODEL, RECENT_RUNS, REPAIR_SHARE, BedrockEngine
from translate.errors import EngineError
from translate.glossary import Entry, Forbidden, Glossary
from translate.memory import Memory

GLOSSARY = Glossary(
    "en",
    "vi",
    (
        Entry("AWS Lambda", keep=True, case="exact", forbidden=(Forbidden("Amazon Lambda"),)),
        Entry("bucket", target="bucket", forbidden=(Forbidden("thùng"),)),
        Entry("instance", target="instance", forbidden=(Forbidden("phiên bản"),)),
        Entry("training", target="huấn luyện", forbidden=(Forbidden("đào tạo"),)),
    ),
)
POST = """# Stop an instance

Stop the instance before training with `aws ec2 stop-instances` and **AWS Lambda**.

Keep the logs of each [training job](https://example.com/jobs) in a bucket, not on the instance.

```bash
aws ec2 stop-instances --instance-ids i-123
```

| Setting | Value |
|---|---|
| Memory | 2048 |
"""
GLOSSARY_YAML = """source_language: en
target_language: vi
entries:
  - term: AWS Lambda
    keep: true
    case: exact
  - term: instance
    target: instance
    forbidden:
      - text: phiên bản
        why: means "version"
  - term: training
    target: huấn luyện
    forbidden:
      - text: đào tạo
        why: human training
"""


def segments(text: str = POST) -> tuple[Segment, ...]:
    return parse(text).segments


def engine(
    glossary: Glossary | None = GLOSSARY,
    enforce: Enforce = "strict",
    client: Any = None,
    jobs: int = 8,
    **options: object,
) -> BedrockEngine:
    context = EngineContext("en", "vi", glossary, enforce, jobs, options=dict(options))
    return BedrockEngine(context, (lambda: client) if client is not None else None)


# --- tokens and answers ------------------------------------------------------------------------


def test_markup_goes_out_as_opaque_tokens_and_comes_back() -> None:
    tagged = 'Use <g id="1">the <g id="2">CLI</g></g> &amp; <x id="3"/> &lt;here&gt;'
    text = encode(tagged)
    assert text == "Use ⟦1⟧the ⟦2⟧CLI⟦/2⟧⟦/1⟧ & ⟦x3⟧ <here>"
    assert token_list(text) == ["⟦1⟧", "⟦2⟧", "⟦/2⟧", "⟦/1⟧", "⟦x3⟧"]
    assert decode(text, token_list(text)) == (tagged, [])
    moved = "⟦x3⟧ & ⟦1⟧dùng ⟦2⟧CLI⟦/2⟧⟦/1⟧ <đây>"
    assert decode(moved, token_list(text))[0] == (
        '<x id="3"/> &amp; <g id="1">dùng <g id="2">CLI</g></g> &lt;đây&gt;'
    )


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        ("⟦1⟧a⟦/1⟧", "token ⟦x2⟧ is missing"),
        ("⟦1⟧a⟦/1⟧ ⟦x2⟧ ⟦x2⟧", "token ⟦x2⟧ appears 2 times, not once"),
        ("⟦1⟧a⟦/1⟧ ⟦x2⟧ ⟦x9⟧", "token ⟦x9⟧ is not in the source segment"),
        ("⟦/1⟧a⟦1⟧ ⟦x2⟧", "closes a pair that is not the innermost one open"),
    ],
)
def test_lost_repeated_invented_or_unbalanced_tokens_are_named(answer: str, problem: str) -> None:
    tagged, problems = decode(answer, ["⟦1⟧", "⟦/1⟧", "⟦x2⟧"])
    assert tagged is None and any(problem in p for p in problems)


def tool_answer(items: list[dict[str, Any]], *extra: dict[str, Any]) -> dict[str, Any]:
    call = {"toolUse": {"toolUseId": "t1", "name": TOOL_NAME, "input": {"translations": items}}}
    message = {"role": "assistant", "content": [*extra, call]}
    return {"output": {"message": message}, "stopReason": "tool_use"}


def text_answer(text: str, stop: str = "end_turn") -> dict[str, Any]:
    return {"output": {"message": {"content": [{"text": text}]}}, "stopReason": stop}


def test_an_answer_is_read_by_id_and_its_faults_are_named() -> None:
    good = [{"id": 1, "text": "một"}, {"id": 2, "text": "hai"}]
    assert read_answer(tool_answer(good), [1, 2], tool=True).texts == {1: "một", 2: "hai"}
    answer = read_answer(tool_answer([good[0], good[0]]), [1, 2], tool=True)
    assert answer.texts == {} and "appears 2 times" in answer.by_id[1][0]
    assert "appears 0 times" in answer.by_id[2][0]
    chatty = tool_answer(good, {"text": "Sure! Here you go."})
    assert read_answer(chatty, [1, 2], tool=True).texts == {1: "một", 2: "hai"}
    cut = read_answer(text_answer("{", "max_tokens"), [1], tool=False)
    assert cut.cut and "cut off at maxTokens" in cut.problems[0]
    twice = tool_answer(good, tool_answer(good)["output"]["message"]["content"][0])
    assert "exactly one call" in read_answer(twice, [1, 2], tool=True).problems[0]
    refusal = read_answer(text_answer("I can't help with that."), [1], tool=True)
    assert refusal.problems == [
        f'the model answered in text, not with the tool {TOOL_NAME}: "I can\'t help with that."'
    ]
    for stop, why in [
        ("content_filtered", "content filter"),
        ("guardrail_intervened", "guardrail"),
    ]:
        withheld = read_answer(text_answer("", stop), [1], tool=True)
        assert why in withheld.problems[0] and stop in withheld.problems[0]
    payload = json.dumps({"translations": good})
    assert read_answer(text_answer(payload), [1, 2], tool=False).texts == {1: "một", 2: "hai"}
    for around in (f"Here:\n{payload}\nDone.", f"```json\n{payload}\n```"):
        assert read_answer(text_answer(around), [1, 2], tool=False).texts == {1: "một", 2: "hai"}
    broken = read_answer(text_answer(payload[:20]), [1, 2], tool=False)
    assert "not valid JSON" in broken.problems[0]
    extra = tool_answer([{"id": 1, "text": "x", "note": "y"}])
    assert "every item must be" in read_answer(extra, [1], tool=True).problems[0]


def test_the_prompt_lists_only_the_batch_s_glossary_entries() -> None:
    lines = glossary_lines(GLOSSARY.entries[:3])
    assert lines.splitlines() == [
        "Glossary for this batch:",
        '- "AWS Lambda" => keep "AWS Lambda" (never "Amazon Lambda")',
        '- "bucket" => "bucket" (never "thùng")',
        '- "instance" => "instance" (never "phiên bản")',
    ]
    prompt = stable_prompt("en", "vi")
    assert "from English into Vietnamese" in prompt and "⟦xN⟧" in prompt
    assert len(prompt) + 600 >= 4 * 1024  # worth caching: Claude caches from 1,024 tokens


# --- request shapes and cost -------------------------------------------------------------------


def converse_reply(items: list[dict[str, Any]]) -> dict[str, Any]:
    usage = {"inputTokens": 120, "outputTokens": 40, "totalTokens": 1160,
             "cacheReadInputTokens": 1000, "cacheWriteInputTokens": 0}  # fmt: skip
    return {**tool_answer(items), "usage": usage, "metrics": {"latencyMs": 900}}


def test_request_shape_with_the_stubber() -> None:
    client = boto3.client(
        "bedrock-runtime", region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s"
    )
    sent: list[dict[str, Any]] = []
    client.meta.events.register(
        "provide-client-params.bedrock-runtime.Converse", lambda params, **kw: sent.append(params)
    )
    items = [{"id": 1, "text": "Dừng instance ⟦x1⟧."}, {"id": 2, "text": "Chạy ⟦1⟧job⟦/1⟧."}]
    expected = {"modelId": DEFAULT_MODEL, "system": ANY, "messages": ANY,
                "inferenceConfig": ANY, "toolConfig": ANY}  # fmt: skip
    with Stubber(client) as stubber:  # validates the request against the service model
        stubber.add_response("converse", converse_reply(items), expected)
        tr = engine(client=client, jobs=1)
        out = tr.translate(segments("Stop the instance `now`.\n\nRun **a job**.\n"))
        stubber.assert_no_pending_responses()
    assert out == ['Dừng instance <x id="1"/>.', 'Chạy <g id="1">job</g>.']
    [request] = sent
    assert request["system"][0] == {"text": stable_prompt("en", "vi")}
    assert request["system"][1] == {"cachePoint": {"type": "default"}}
    assert request["system"][2]["text"].endswith('- "instance" => "instance" (never "phiên bản")')
    assert "bucket" not in request["system"][2]["text"]  # not in this batch
    [message] = request["messages"]
    assert (
        '{"segments": [{"id": 1, "text": "Stop the instance ⟦x1⟧."}'
        in message["content"][0]["text"]
    )
    config = request["inferenceConfig"]
    assert config["temperature"] <= 0.3 and 256 < config["maxTokens"] <= 8192
    tool = request["toolConfig"]
    assert tool["toolChoice"] == {"tool": {"name": TOOL_NAME}}
    assert tool["tools"][0]["toolSpec"]["inputSchema"]["json"]["required"] == ["translations"]
    usage = tr.usage
    assert (usage.requests, usage.input_tokens, usage.output_tokens) == (1, 120, 40)
    assert usage.cache_read_tokens == 1000 and usage.terms_verified == 1
    assert usage.cost_usd == pytest.approx((120 * 3 + 40 * 15 + 1000 * 0.3) / 1e6)


@pytest.mark.parametrize(
    ("code", "detail", "message"),
    [
        ("ResourceNotFoundException", "detail", "not found .* pass another --model"),
        ("AccessDeniedException", "detail", "enable it under Model access"),
        (
            "ExpiredTokenException",
            "The security token included in the request is expired",
            r"credentials have expired \(ExpiredTokenException\) - renew them \(`aws sso login`",
        ),
        (
            "ValidationException",
            "This model doesn't support tool use.",
            r'output = "text" under \[bedrock\]',
        ),
        ("ValidationException", "The provided model identifier is invalid.", r"check --model \("),
        ("ValidationException", "Input is too long for requested model.", "max-batch-characters"),
        (
            "ValidationException",
            "max_tokens: 8192 > 4096, which is the maximum allowed number of output tokens",
            "lower max-output-tokens under",
        ),
    ],
)
def test_service_errors_say_what_to_do(code: str, detail: str, message: str) -> None:
    client = boto3.client(
        "bedrock-runtime", region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s"
    )
    with Stubber(client) as stubber:
        stubber.add_client_error("converse", code, detail, 400)
        with pytest.raises(EngineError, match=message) as caught:
            engine(client=client, jobs=1).translate(segments("Hello.\n"))
    assert "\n" not in str(caught.value)
    if "identifier" in detail:  # a refused model id is not about tool use
        assert "output =" not in str(caught.value)


def test_the_client_waits_as_long_as_a_model_takes_to_write_its_longest_answer(
    model: FakeBedrock,
) -> None:
    bedrock = engine()
    bedrock.connect()
    slow = 30  # output tokens a second, a large model under load
    assert bedrock._client.meta.config.read_timeout >= bedrock.max_output / slow


def test_a_model_error_is_retried_a_few_times_then_reported(model: FakeBedrock) -> None:
    model.faults = ["model_error", "model_error"]
    out = engine().translate(segments())
    assert "huấn luyện" in out[1] and len(model.calls) == 1  # answered on the third try
    model.always = {"model_error"}
    with pytest.raises(EngineError, match=r"model .* failed \(The model returned an error.\)"):
        engine().translate(segments())


def test_rates_per_model_and_overrides() -> None:
    assert model_rates(DEFAULT_MODEL, {}) == RATES["anthropic.claude-sonnet-4-20250514-v1:0"]
    arn = "arn:aws:bedrock:ap-southeast-1:123456789012:inference-profile/apac."
    assert model_rates(arn + DEFAULT_MODEL[3:], {}) == model_rates(DEFAULT_MODEL, {})
    nova = model_rates("us.amazon.nova-pro-v1:0", {"usd_per_million_output": 3})
    assert (nova.input, nova.output) == (0.8, 3.0)
    with pytest.raises(EngineError, match=r"set usd-per-million-input and .* under \[bedrock\]"):
        engine(model="acme.unknown-v1")
    own = engine(model="acme.unknown-v1", usd_per_million_input=1, usd_per_million_output=2)
    assert own.rates.output == 2.0
    with pytest.raises(EngineError, match="max_batch_characters must be a number"):
        engine(max_batch_characters="big")


# --- end to end, against the fake model on 127.0.0.1 ------------------------------------------


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeBedrock]:
    yield from serve_fake_bedrock(monkeypatch)


def test_a_clean_run_keeps_markup_and_glossary_terms(model: FakeBedrock) -> None:
    batch = segments()
    plain = engine(glossary=None).translate(batch)
    assert "phiên bản" in plain[0]  # what the model says without a glossary
    tr = engine()
    out = tr.translate(batch)
    assert out[0] == "Stơp ăn instance" and "huấn luyện" in out[1] and "thùng" not in out[2]
    assert '<g id="2">AWS Lambda</g>' in out[1] and '<x id="1"/>' in out[1]
    assert all(s.restore(t) for s, t in zip(batch, out, strict=True))
    assert (tr.usage.terms_verified, tr.usage.terms_repaired, tr.usage.terms_wrong) == (7, 0, 0)
    assert len(model.calls) == 2 and model.models[-1] == DEFAULT_MODEL
    assert tr.usage.cache_read_tokens > 1000  # the second run read the cached prefix


@pytest.mark.parametrize(
    "fault",
    ["drop_token", "paraphrase_term", "malformed_json", "max_tokens", "drop_segment"],
)
def test_each_misbehaviour_is_repaired_with_its_problems(model: FakeBedrock, fault: str) -> None:
    model.faults = [fault]
    batch = segments()
    tr = engine()
    out = tr.translate(batch)
    assert out == engine().translate(batch)  # the same as a clean run
    assert tr.usage.requests == 2 and tr.usage.terms_wrong == 0
    repair = model.calls[1]["messages"][0]["content"][0]["text"]
    assert repair.startswith("Your previous answer for these segments broke the rules:")
    if fault == "paraphrase_term":
        assert tr.usage.terms_repaired > 0
        assert 'glossary term "instance": use "instance" for every occurrence' in repair
        assert '{"id": 1,' in repair and '{"id": 4,' not in repair  # only what failed


def test_a_throttled_call_is_requeued(model: FakeBedrock) -> None:
    model.faults = ["throttle", "throttle"]
    out = engine().translate(segments())
    assert model.throttled == 2 and len(model.calls) == 1 and "huấn luyện" in out[1]


def test_a_model_out_of_capacity_for_a_while_is_waited_for_as_throttling_is(
    model: FakeBedrock,
) -> None:
    assert model.aws is not None
    path = "/model/" + urllib.parse.quote(DEFAULT_MODEL, safe="") + "/converse"
    busy = AWSFault(503, "ServiceUnavailableException", "Too many connections, please wait.")
    for _ in range(8):  # more than the few retries a server fault gets
        model.aws.fail_next(path, busy)
    out = engine().translate(segments())
    assert len(model.calls) == 1 and "huấn luyện" in out[1]


def test_a_server_fault_for_a_while_is_waited_for_until_the_deadline(
    model: FakeBedrock,
) -> None:
    assert model.aws is not None
    path = "/model/" + urllib.parse.quote(DEFAULT_MODEL, safe="") + "/converse"
    down = AWSFault(500, "InternalServerException", "An internal server error occurred.")
    for _ in range(6):  # a short outage: more than a few quick retries
        model.aws.fail_next(path, down)
    out = engine().translate(segments())
    assert len(model.calls) == 1 and "huấn luyện" in out[1]
    for _ in range(50):
        model.aws.fail_next(path, down)
    with pytest.raises(EngineError) as caught:
        engine(deadline_seconds=0.5).translate(segments())
    message = str(caught.value)
    assert "\n" not in message and "InternalServerException" in message
    assert "deadline of 0.5 s" in message and "throttl" not in message


def test_an_answer_lost_to_a_reset_connection_is_counted_in_the_cost(model: FakeBedrock) -> None:
    out = engine().translate(segments())
    warm = engine()  # the prompt cached, as for the run below
    assert warm.translate(segments()) == out
    model.faults = ["reset"]  # answered and billed, then the connection drops
    tr = engine()
    assert tr.translate(segments()) == out and len(model.answered) == 4
    assert tr.usage.requests == warm.usage.requests + 1
    sent = warm.usage
    sent.output_tokens = 0  # the lost answer's input, its prompt read from the cache or written
    read, written = sent.cache_read_tokens, sent.cache_write_tokens
    least = warm.rates.cost(sent)
    sent.cache_read_tokens, sent.cache_write_tokens = written, read
    most = warm.rates.cost(sent)
    assert 0.8 * least < tr.usage.cost_usd - warm.usage.cost_usd < 1.2 * most
    assert tr.usage.cost_text().startswith("about USD") and "lost" in tr.usage.cost_text()


def test_a_throttling_storm_past_the_deadline_is_a_clear_error(model: FakeBedrock) -> None:
    model.always = {"throttle"}
    with pytest.raises(EngineError, match=r"kept throttling .* deadline of 0.5 s"):
        engine(deadline_seconds=0.5).translate(segments())


def test_a_batch_that_keeps_failing_is_retried_segment_by_segment(model: FakeBedrock) -> None:
    model.faults = ["drop_token"] * 3  # the batch and both repairs
    batch = segments()
    out = engine().translate(batch)
    assert all(s.restore(t) for s, t in zip(batch, out, strict=True))
    singles = [json.loads(c["messages"][0]["content"][0]["text"].split("\n")[-1]) for c in
               model.calls[3:]]  # fmt: skip
    assert [len(s["segments"]) for s in singles] == [1]  # only the segment that lost a token


def test_a_repair_cut_off_is_asked_again_for_its_term_within_its_own_budget(
    model: FakeBedrock,
) -> None:
    model.faults = ["paraphrase_term", "max_tokens"]  # the repair answer comes back truncated
    tr = engine()
    out = tr.translate(segments())
    assert out == engine().translate(segments()) and tr.usage.terms_wrong == 0
    again = model.calls[2]["messages"][0]["content"][0]["text"]
    assert 'glossary term "instance": use "instance"' in again  # the repair goes on
    assert "cut off at maxTokens" in again
    budgets = [c["inferenceConfig"]["maxTokens"] for c in model.calls[:3]]
    assert budgets[2] == budgets[1] < budgets[0]  # sized to what is repaired, not doubled


def test_segments_cut_off_alone_get_budgets_sized_to_each(model: FakeBedrock) -> None:
    model.always = {"max_tokens"}
    with pytest.raises(EngineError, match="broke 6 segment"):
        engine().translate(segments())
    budgets = [c["inferenceConfig"]["maxTokens"] for c in model.calls]
    assert len(budgets) == 3 + 6 and max(budgets[3:]) < budgets[0]
    assert len(set(budgets[3:])) > 1  # each segment's own size


def test_a_withheld_batch_goes_straight_to_single_segments(model: FakeBedrock) -> None:
    model.faults = ["content_filtered"]  # the batch is withheld; each segment alone is not
    batch = segments()
    out = engine().translate(batch)
    assert out == engine().translate(batch)
    singles = [json.loads(c["messages"][0]["content"][0]["text"].split("\n")[-1]) for c in
               model.calls[1:-1]]  # fmt: skip
    assert [len(s["segments"]) for s in singles] == [1] * 6  # no repair round of the batch


def test_a_segment_withheld_alone_is_named_without_repairs(model: FakeBedrock) -> None:
    model.always = {"content_filtered"}
    with pytest.raises(EngineError, match=r"broke 6 segment.*content filter blocked"):
        engine().translate(segments())
    assert len(model.calls) == 1 + 6  # the batch, then each segment once


@pytest.mark.parametrize("fault", ["drop_token", "malformed_json", "max_tokens", "drop_segment"])
def test_what_never_comes_back_right_is_reported(model: FakeBedrock, fault: str) -> None:
    model.always = {fault}
    with pytest.raises(EngineError, match=r"broke \d+ segment\(s\), even after repairs") as e:
        engine().translate(segments())
    assert "nothing was written" in str(e.value) and "segment " in str(e.value)


def test_a_term_still_wrong_after_repairs_is_named_unless_accepted(model: FakeBedrock) -> None:
    model.always = {"paraphrase_term"}
    with pytest.raises(EngineError) as caught:
        engine(fallback="none").translate(segments())
    message = str(caught.value)
    assert "left 7 glossary term(s) wrong in 3 segment(s)" in message
    assert 'line 1: "instance" rendered "phiên bản" (want "instance")' in message
    assert 'line 3: "training" rendered "đào tạo" (want "huấn luyện")' in message
    assert "nothing was written" in message and "--accept-wrong-terms" in message
    assert len(model.calls) == 1 + 2 + 3  # batch, two repairs, each wrong segment alone
    for call in model.calls[3:]:  # the last pass: one segment, only its wrong terms quoted
        text = call["messages"][0]["content"][0]["text"]
        [segment] = json.loads(text.split("\n")[-1])["segments"]
        problems = [line for line in text.splitlines() if line.startswith("- ")]
        assert problems and all(
            p.startswith(f"- segment {segment['id']}: glossary term ") for p in problems
        )
    tr = engine(fallback="none", accept_wrong_terms=True)
    out = tr.translate(segments())
    assert "phiên bản" in out[0] and tr.usage.terms_wrong == 7
    assert "7 still wrong" in tr.usage.lines()[-1]


def test_terms_still_wrong_go_through_amazon_translate_strict(model: FakeBedrock) -> None:
    model.always = {"paraphrase_term"}
    tr = engine()
    batch = segments()
    out = tr.translate(batch)
    assert out[0] == "Stơp ăn instance" and "huấn luyện" in out[1] and "thùng" not in out[2]
    assert all(s.restore(t) for s, t in zip(batch, out, strict=True))
    assert model.aws is not None and model.aws.translate_requests == 3  # a request a segment
    assert tr.usage.terms_wrong == 0 and tr.usage.terms_repaired == 7
    assert tr.usage.billed_characters > 0 and tr.usage.requests == 6 + 3


def test_terms_still_wrong_are_named_when_amazon_translate_is_denied(model: FakeBedrock) -> None:
    model.always = {"paraphrase_term"}
    assert model.aws is not None
    for _ in range(3):  # each segment's request
        model.aws.fail_next("TranslateText", AWSFault(400, "AccessDeniedException", "not allowed"))
    with pytest.raises(EngineError, match=r"Amazon Translate was not used: .*not allowed.*"
                       r'line 1: "instance" rendered "phiên bản"'):  # fmt: skip
        engine().translate(segments())


def test_terminology_mode_counts_wrong_terms_without_repairing(model: FakeBedrock) -> None:
    model.faults = ["paraphrase_term"]
    tr = engine(enforce="terminology")
    tr.translate(segments())
    assert len(model.calls) == 1 and tr.usage.terms_wrong == 7


def test_repair_mode_repairs_wrong_terms_as_strict_does(model: FakeBedrock) -> None:
    model.faults = ["paraphrase_term"]
    tr = engine(enforce="repair")
    tr.translate(segments())
    assert len(model.calls) > 1 and tr.usage.terms_wrong == 0 and tr.usage.terms_repaired == 7


def test_text_output_for_models_without_tool_use(model: FakeBedrock) -> None:
    model.faults = ["malformed_json"]
    out = engine(output="text", model="us.amazon.nova-pro-v1:0").translate(segments())
    assert "huấn luyện" in out[1] and "toolConfig" not in model.calls[0]
    assert len(model.calls) == 2


@pytest.mark.parametrize("output", ["tool", "text"])
def test_a_remark_around_the_answer_costs_no_repair(model: FakeBedrock, output: str) -> None:
    model.always = {"extra_text"}  # "Here are the translations you asked for:" ...
    bedrock = engine(output=output)
    out = bedrock.translate(segments())
    assert "huấn luyện" in out[1] and bedrock.usage.requests == 1


def test_the_estimate_is_a_range_that_holds_what_a_run_costs(model: FakeBedrock) -> None:
    batch = segments(
        "\n\n".join(f"Paragraph {i} about the instance and `code`." for i in range(80))
    )
    estimate = engine(max_batch_characters=800).estimate(batch)
    tr = engine(max_batch_characters=800)
    tr.translate(batch)
    assert estimate.requests == tr.usage.requests == len(model.calls) >= 4
    assert estimate.input_tokens == pytest.approx(tr.usage.input_tokens, rel=0.3)
    assert estimate.cache_write_tokens == pytest.approx(tr.usage.cache_write_tokens, rel=0.1)
    assert estimate.cost_usd <= tr.usage.cost_usd <= estimate.cost_high_usd
    model.faults = ["paraphrase_term", "drop_token", "max_tokens"]
    repaired = engine(max_batch_characters=800)
    repaired.translate(batch)
    assert tr.usage.cost_usd < repaired.usage.cost_usd <= estimate.cost_high_usd
    assert f"cost: USD {estimate.cost_usd:.4f} to {estimate.cost_high_usd:.4f}" in "\n".join(
        estimate.lines()
    )


def test_a_run_keeps_what_its_first_pass_and_its_repairs_cost(
    model: FakeBedrock, tmp_path: Path
) -> None:
    history = tmp_path / "memory.sqlite"
    clean = engine(cost_history=str(history))
    clean.translate(segments())
    model.faults = ["paraphrase_term", "model_error", "max_tokens"]
    repaired = engine(cost_history=str(history))
    repaired.translate(segments())
    assert clean.last_cost is not None and repaired.last_cost is not None
    assert clean.last_cost.repairs_usd == 0
    spent = repaired.last_cost.first_pass_usd + repaired.last_cost.repairs_usd
    assert spent == pytest.approx(repaired.usage.cost_usd) and repaired.last_cost.share > 0.5
    with Memory.open(history) as memory:
        shares = memory.repair_shares(f"bedrock:{DEFAULT_MODEL}", "vi", 10)
    assert shares == pytest.approx([repaired.last_cost.share, 0.0])


def test_a_memory_that_cannot_keep_the_cost_does_not_fail_the_run(
    model: FakeBedrock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Memory, *args: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(Memory, "record_cost", broken)
    model.faults = ["paraphrase_term"]
    out = engine(cost_history=str(tmp_path / "memory.sqlite")).translate(segments())
    assert "huấn luyện" in out[1]


def test_the_estimate_s_upper_end_uses_the_highest_recent_repair_share(tmp_path: Path) -> None:
    history = tmp_path / "memory.sqlite"
    none = engine(cost_history=str(history)).estimate(segments())
    first = none.cost_high_usd / (1 + REPAIR_SHARE)  # the first pass at the target's density
    with Memory.open(history) as memory:
        for share in (0.2, 2.5, 0.4):
            memory.record_cost(f"bedrock:{DEFAULT_MODEL}", "vi", 0.01, 0.01 * share)
        memory.record_cost("bedrock:us.amazon.nova-lite-v1:0", "vi", 0.01, 0.05)
    seen = engine(cost_history=str(history)).estimate(segments())
    assert seen.cost_usd == none.cost_usd
    assert seen.cost_high_usd == pytest.approx(first * 3.5)
    with Memory.open(history) as memory:
        for _ in range(RECENT_RUNS):
            memory.record_cost(f"bedrock:{DEFAULT_MODEL}", "vi", 0.01, 0.003)
    recent = engine(cost_history=str(history)).estimate(segments())
    assert recent.cost_high_usd == pytest.approx(first * 1.3)


def test_the_first_request_writes_the_prompt_cache_alone(model: FakeBedrock) -> None:
    model.latency = 0.05  # the others would start while it is being written
    batch = segments("\n\n".join(f"Paragraph {i} about the instance." for i in range(40)))
    tr = engine(max_batch_characters=400)
    tr.translate(batch)
    assert len(model.calls) >= 4
    assert tr.usage.cache_read_tokens == (len(model.calls) - 1) * tr.usage.cache_write_tokens


def test_max_cost_refuses_a_run_over_it_before_any_request(model: FakeBedrock) -> None:
    with pytest.raises(EngineError, match=r"would cost USD .* to .* over --max-cost USD 0.001"):
        engine(max_cost_usd=0.001).translate(segments())
    assert model.calls == []


def test_max_cost_counts_repairs_before_any_request(model: FakeBedrock) -> None:
    estimate = engine().estimate(segments())
    between = (estimate.cost_usd + estimate.cost_high_usd) / 2  # the first pass fits
    with pytest.raises(EngineError, match=f"would cost {re.escape(estimate.cost_text())} "):
        engine(max_cost_usd=between).translate(segments())
    assert model.calls == []


def test_max_cost_stops_before_a_repair_would_go_over(model: FakeBedrock) -> None:
    limit = engine().estimate(segments()).cost_high_usd
    model.always = {"paraphrase_term"}
    tr = engine(max_cost_usd=limit, fallback="none", repairs=6)  # far above the usual share
    with pytest.raises(EngineError, match="stopped before going over --max-cost"):
        tr.translate(segments())
    assert len(model.calls) > 1 and tr.usage.cost_usd <= limit


def test_translate_post_with_bedrock(
    model: FakeBedrock, runner: CliRunner, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert base.REGISTRY["bedrock"] == "translate.engines.bedrock"
    model.faults = ["drop_token", "throttle"]
    Path("p.md").write_text(POST, encoding="utf-8")
    Path("terms.yaml").write_text(GLOSSARY_YAML, encoding="utf-8")
    result = runner.invoke(app, ["post", "p.md", "--engine", "bedrock", "-g", "terms.yaml"])
    assert result.exit_code == 0, result.output
    assert Path("posts/p/_index.md").read_text(encoding="utf-8") == POST
    target = Path("posts/p/_index.vi.md").read_text(encoding="utf-8")
    assert "```bash\naws ec2 stop-instances --instance-ids i-123\n```" in target
    assert "`aws ec2 stop-instances`" in target and "(https://example.com/jobs)" in target
    assert "**AWS Lambda**" in target and "phiên bản" not in target
    assert "tokens:" in result.stderr and "cache read" in result.stderr
    assert "cost: USD" in result.stderr


def test_model_and_max_cost_options_reach_the_engine(
    model: FakeBedrock, runner: CliRunner, in_tmp: Path
) -> None:
    Path("p.md").write_text(POST, encoding="utf-8")
    Path("terms.yaml").write_text(GLOSSARY_YAML, encoding="utf-8")
    args = ["post", "p.md", "--engine", "bedrock", "-g", "terms.yaml"]
    refused = runner.invoke(app, [*args, "--max-cost", "0.000001"])
    assert refused.exit_code == 1 and "max-cost" in refused.stderr
    assert model.calls == [] and not Path("posts").exists()
    chosen = runner.invoke(app, [*args, "--model", "us.amazon.nova-lite-v1:0"])
    assert chosen.exit_code == 0, chosen.output
    assert model.models and set(model.models) == {"us.amazon.nova-lite-v1:0"}
