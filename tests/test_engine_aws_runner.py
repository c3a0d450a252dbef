"""The shared AWS machinery: client seam, error messages, byte-budget packing, the runner."""

from __future__ import annotations

import random
import threading
import time
from typing import Any

import pytest
from botocore.exceptions import (
    ClientError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
)

from translate.engines._aws import (
    Backoff,
    DeadlineExceeded,
    Meter,
    aws_error,
    cost_usd,
    is_throttling,
    is_transient,
    make_client,
    pack,
    run_batches,
)
from translate.errors import EngineError


def client_error(code: str, message: str = "nope") -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}}, "TranslateText")


def test_pack_keeps_order_and_stays_under_the_byte_budget() -> None:
    items = ["a" * 40, "ệ" * 20, "b" * 30, "語" * 10, "c" * 100]
    batches = pack(items, lambda s: len(s.encode("utf-8")), 100)
    assert [x for batch in batches for x in batch] == items
    assert all(sum(len(s.encode()) for s in batch) <= 100 for batch in batches)
    assert len(batches) == 3  # 40+60 | 30+30 | 100
    with pytest.raises(ValueError, match="101 bytes"):
        pack(["x" * 101], len, 100)
    assert pack([], len, 100) == []


def test_runner_returns_results_in_order_with_bounded_concurrency() -> None:
    running, peak, lock = 0, 0, threading.Lock()
    done: list[int] = []

    def call(n: int) -> int:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.01)
        with lock:
            running -= 1
        return n * n

    result = run_batches(list(range(20)), call, jobs=3, on_done=lambda n, r: done.append(n))
    assert result == [n * n for n in range(20)]
    assert peak <= 3 and sorted(done) == list(range(20))


def test_throttled_calls_are_requeued_while_other_work_goes_on() -> None:
    attempts: dict[int, int] = {}
    order: list[int] = []

    def call(n: int) -> int:
        attempts[n] = attempts.get(n, 0) + 1
        if n == 0 and attempts[n] < 3:
            raise client_error("TooManyRequestsException")
        order.append(n)
        return n

    backoff = Backoff(base=0.02, cap=0.05, deadline=5)
    assert run_batches([0, 1, 2], call, jobs=1, backoff=backoff) == [0, 1, 2]
    assert attempts[0] == 3 and order == [1, 2, 0]


def test_a_throttling_storm_ends_and_every_item_completes() -> None:
    storm_until = time.monotonic() + 0.5

    def call(n: int) -> int:
        if time.monotonic() < storm_until:
            raise client_error("ThrottlingException")
        return n

    result = run_batches(list(range(16)), call, jobs=8, backoff=Backoff(0.05, 0.2, 10))
    assert result == list(range(16))


def test_the_deadline_turns_an_endless_storm_into_a_clear_error() -> None:
    def call(n: int) -> int:
        raise client_error("ThrottlingException")

    with pytest.raises(DeadlineExceeded, match=r"kept throttling .* deadline of 0.3 s"):
        run_batches([1, 2], call, backoff=Backoff(0.05, 0.1, 0.3), label="Amazon Translate")


def test_other_errors_stop_the_run() -> None:
    def call(n: int) -> int:
        if n == 3:
            raise client_error("AccessDeniedException")
        return n

    with pytest.raises(ClientError):
        run_batches(list(range(50)), call, jobs=2)
    assert run_batches([], call) == []


def test_a_transient_server_error_is_retried_a_few_times_then_reported() -> None:
    attempts: dict[int, int] = {}

    def flaky(n: int) -> int:
        attempts[n] = attempts.get(n, 0) + 1
        if n == 1 and attempts[n] <= 2:
            raise client_error("ServiceUnavailableException")
        return n

    backoff = Backoff(base=0.01, cap=0.02, deadline=5)
    assert run_batches([0, 1, 2], flaky, jobs=2, backoff=backoff) == [0, 1, 2]
    assert attempts[1] == 3

    calls = 0

    def down(n: int) -> int:
        nonlocal calls
        calls += 1
        raise EndpointConnectionError(endpoint_url="https://x")

    with pytest.raises(EndpointConnectionError):
        run_batches([1], down, backoff=Backoff(0.01, 0.02, 5, transient_retries=3))
    assert calls == 4  # the first try and three retries


def test_backoff_grows_is_capped_and_jittered() -> None:
    backoff, rng = Backoff(base=0.1, cap=1.0), random.Random(1)
    delays = [backoff.delay(attempt, rng) for attempt in range(8)]
    assert 0.05 <= delays[0] <= 0.1 and all(0.5 <= d <= 1.0 for d in delays[4:])
    assert len(set(delays[4:])) == 4


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (NoCredentialsError(), "No AWS credentials found - run `aws configure`, set AWS_PROFILE"),
        (NoRegionError(), "No AWS region set - pass --region, set AWS_REGION"),
        (client_error("AccessDeniedException", "not authorized"), "access denied (not authorized)"),
        (client_error("ServiceUnavailableException"), "unreachable or down"),
        (client_error("InternalServerException"), "retry later"),
        (EndpointConnectionError(endpoint_url="https://x"), "unreachable"),
        (client_error("TooManyRequestsException"), "throttling"),
        (client_error("UnrecognizedClientException"), "rejected the credentials"),
        (client_error("ValidationException", "bad"), "Amazon Translate TranslateText failed"),
    ],
)
def test_errors_become_one_line_messages_that_say_the_fix(error: Exception, expected: str) -> None:
    message = str(aws_error("Amazon Translate", error, "TranslateText"))
    assert expected in message and "\n" not in message


def test_is_throttling_and_meter_and_cost() -> None:
    assert is_throttling(client_error("ThrottlingException"))
    assert not is_throttling(client_error("AccessDeniedException")) and not is_throttling(OSError())
    assert is_transient(client_error("InternalServerException"))
    assert is_transient(EndpointConnectionError(endpoint_url="https://x"))
    assert not is_transient(client_error("ThrottlingException"))
    assert not is_transient(client_error("AccessDeniedException"))
    meter = Meter()
    meter.add(requests=1, characters=500_000)
    meter.add(requests=1, characters=500_000)
    assert (meter.requests, meter.characters) == (2, 1_000_000)
    assert cost_usd(meter.characters, 15.0) == pytest.approx(15.0)


def test_client_seam_turns_botocore_retries_down(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    client = make_client("translate", region="eu-west-1", jobs=5)
    assert client.meta.region_name == "eu-west-1"
    assert client.meta.config.retries["total_max_attempts"] == 1
    assert client.meta.config.max_pool_connections == 5
    with pytest.raises(EngineError, match="profile not found"):
        make_client("translate", profile="no-such-profile", region="eu-west-1")


def test_the_engine_seam_is_the_one_in_translate_aws(monkeypatch: pytest.MonkeyPatch) -> None:
    from translate import aws

    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "7")
    plain: Any = aws.make_client("translate", region="eu-west-1")  # botocore's own retries
    assert plain.meta.config.retries["total_max_attempts"] == 7
    assert aws_error is aws.aws_error and is_throttling is aws.is_throttling


def test_work_found_by_a_call_joins_the_run_ahead_of_the_waiting_items() -> None:
    order: list[int] = []

    def call(n: int) -> int:
        order.append(n)
        return n

    def found(item: int, result: int) -> list[int]:
        return [100 + item] if item < 2 else []  # 0 and 1 each find one more item

    results = run_batches([0, 1, 2, 3], call, jobs=1, on_done=found)
    assert order == [0, 100, 1, 101, 2, 3]  # taken as soon as found, not after the last item
    assert results == [0, 1, 2, 3, 100, 101]
