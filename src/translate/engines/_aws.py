"""AWS machinery shared by the AWS engines (Amazon Translate, Bedrock).

The client and the error messages live in ``translate.aws`` (the one seam to AWS); this module
re-exports what engines use from there and adds the machinery they share:

- ``make_client``: ``translate.aws.make_client`` for an engine, with botocore's own retries off
  (our runner requeues throttled calls itself: one client's retry quota is shared by every
  thread, so a throttling storm would exhaust it) and a connection pool as large as the worker
  pool;
- ``pack``: items cut into batches under a byte budget, in order;
- ``run_batches``: a bounded pool of workers with a requeue, exponential backoff with jitter for
  throttled calls (until a deadline) and for transient failures (5xx, dropped connections: a few
  times, ``Backoff.transient_retries``); work found while it runs (a repair) joins the run;
- ``Meter``: requests and billed characters, counted across threads, and ``cost_usd``.

Nothing here knows about one service: the service label, what counts as throttling and how a
call is made are the caller's.
"""

from __future__ import annotations

import heapq
import math
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, cast

from translate import aws as _seam
from translate.aws import THROTTLING as THROTTLING
from translate.aws import aws_error as aws_error
from translate.aws import error_code as error_code
from translate.aws import is_throttling as is_throttling
from translate.aws import is_transient as is_transient
from translate.errors import EngineError

T = TypeVar("T")
R = TypeVar("R")


def make_client(
    service: str, *, profile: str | None = None, region: str | None = None, jobs: int = 8
) -> Any:
    """An engine's boto3 client: ``translate.aws.make_client`` with botocore's retries off (the
    runner retries) and a connection pool for ``jobs`` threads."""
    return _seam.make_client(service, profile=profile, region=region, jobs=jobs, max_attempts=1)


class DeadlineExceeded(EngineError):
    """Throttled calls could not be completed before the run's deadline."""


# --- batching ----------------------------------------------------------------------------------


def pack(items: Sequence[T], size: Callable[[T], int], budget: int) -> list[list[T]]:
    """``items`` in order, cut into batches whose sizes add up to at most ``budget``."""
    batches: list[list[T]] = []
    used = budget + 1
    for item in items:
        cost = size(item)
        if cost > budget:
            raise ValueError(f"an item of {cost} bytes exceeds the budget of {budget}")
        if used + cost > budget:
            batches.append([])
            used = 0
        batches[-1].append(item)
        used += cost
    return batches


@dataclass
class Meter:
    """Requests and billed characters, safe to add to from many threads."""

    requests: int = 0
    characters: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, requests: int = 0, characters: int = 0) -> None:
        with self._lock:
            self.requests += requests
            self.characters += characters


def cost_usd(characters: int, usd_per_million: float) -> float:
    return characters * usd_per_million / 1_000_000


# --- the concurrent runner ---------------------------------------------------------------------


@dataclass(frozen=True)
class Backoff:
    """When to retry a failed call: ``base * 2**attempt`` capped, jittered, until ``deadline``.

    ``deadline`` is seconds from the start of the run; jitter keeps between half and all of the
    delay, so throttled workers do not come back in step.
    """

    base: float = 0.2
    cap: float = 2.0
    deadline: float = 300.0
    transient_retries: int = 3  # for a 5xx or a dropped connection, then it is reported

    def delay(self, attempt: int, rng: random.Random) -> float:
        ceiling = min(self.cap, self.base * 2.0**attempt)
        return ceiling / 2 + rng.uniform(0, ceiling / 2)


@dataclass(order=True)
class _Job(Generic[T]):
    ready: float
    seq: int
    index: int = field(compare=False)
    attempt: int = field(compare=False)
    item: T = field(compare=False)
    faults: int = field(default=0, compare=False)  # transient failures so far


class _Queue(Generic[T, R]):
    """The shared state of one ``run_batches`` call."""

    def __init__(self, items: Sequence[T], jobs: int) -> None:
        self.cond = threading.Condition()
        self.heap = [_Job(0.0, i, i, 0, item) for i, item in enumerate(items)]
        self.results: list[R | None] = [None] * len(items)
        self.pending = len(items)
        self.error: BaseException | None = None
        self.seq = len(items)
        self.workers = min(jobs, len(items))
        self.busy = 0  # calls in flight, with their ``on_done``

    def take(self, clock: Callable[[], float]) -> _Job[T] | None:
        with self.cond:
            while self.error is None and self.pending:
                if self.heap and self.heap[0].ready <= clock():
                    self.busy += 1
                    return heapq.heappop(self.heap)
                wait = self.heap[0].ready - clock() if self.heap else None
                self.cond.wait(wait)
            return None

    def requeue(self, job: _Job[T], ready: float, fault: bool = False) -> None:
        with self.cond:
            self.seq += 1
            again = _Job(ready, self.seq, job.index, job.attempt + 1, job.item, job.faults + fault)
            heapq.heappush(self.heap, again)
            self.cond.notify()

    def add(self, items: Sequence[T]) -> None:
        """More items for the run, taken before the items still waiting (work found by work
        done: a repair); called before the item that found them finishes."""
        with self.cond:
            for item in items:
                self.seq += 1
                ahead = _Job(-math.inf, self.seq, len(self.results), 0, item)
                heapq.heappush(self.heap, ahead)
                self.results.append(None)
                self.pending += 1
            self.cond.notify_all()

    def finish(self, index: int, result: R) -> None:
        with self.cond:
            self.results[index] = result
            self.pending -= 1
            self.cond.notify_all()

    def fail(self, error: BaseException) -> None:
        with self.cond:
            self.error = self.error or error
            self.cond.notify_all()

    def idle(self) -> None:
        """A call taken is over (its ``on_done`` too)."""
        with self.cond:
            self.busy -= 1
            self.cond.notify_all()

    def wait_idle(self) -> None:
        """Wait until no call is in flight."""
        with self.cond:
            while self.busy:
                self.cond.wait()


def run_batches(
    items: Sequence[T],
    call: Callable[[T], R],
    *,
    jobs: int = 8,
    retryable: Callable[[BaseException], bool] = is_throttling,
    transient: Callable[[BaseException], bool] = is_transient,
    backoff: Backoff = Backoff(),
    on_done: Callable[[T, R], Sequence[T] | None] | None = None,
    label: str = "the service",
    rng: random.Random | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> list[R]:
    """``call(item)`` for every item on ``jobs`` threads; results in order.

    A call that raises a ``retryable`` error goes back in the queue after a backoff; other work
    carries on meanwhile; so does a ``transient`` one (by default ``is_transient``: a 5xx, a
    dropped connection) up to ``backoff.transient_retries`` times. ``on_done(item, result)`` runs
    under a lock as each call succeeds; the items it returns join the run ahead of the items
    still waiting, on the workers already started (their results follow the others', in the
    order they were added). Any other error stops the run (calls in flight finish) and is
    raised; so is ``DeadlineExceeded`` when a retry would start after the deadline. So is a
    ``KeyboardInterrupt`` (Ctrl-C), once the calls in flight have finished and ``on_done`` has
    had their results (they are paid for); a second Ctrl-C stops at once.
    """
    queue: _Queue[T, R] = _Queue(items, jobs)
    if not items:
        return []
    context = _Run(
        queue, call, retryable, transient, backoff, on_done, label, rng or random.Random(), clock
    )
    threads = [threading.Thread(target=context.work, daemon=True) for _ in range(queue.workers)]
    for thread in threads:
        thread.start()
    try:
        _join(threads)
    except KeyboardInterrupt as interrupt:  # Ctrl-C: start nothing new, keep what is paid for
        queue.fail(interrupt)
        queue.wait_idle()  # the calls in flight finish and ``on_done`` takes their answers
        raise  # (not a second join: Python 3.11's join, once interrupted, no longer waits)
    if queue.error is not None:
        raise queue.error
    return cast(list[R], queue.results)


def _join(threads: list[threading.Thread]) -> None:
    for thread in threads:
        thread.join()


@dataclass
class _Run(Generic[T, R]):
    queue: _Queue[T, R]
    call: Callable[[T], R]
    retryable: Callable[[BaseException], bool]
    transient: Callable[[BaseException], bool]
    backoff: Backoff
    on_done: Callable[[T, R], Sequence[T] | None] | None
    label: str
    rng: random.Random
    clock: Callable[[], float]
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.start = self.clock()

    def work(self) -> None:
        while (job := self.queue.take(self.clock)) is not None:
            try:
                self._do(job)
            finally:
                self.queue.idle()

    def _do(self, job: _Job[T]) -> None:
        try:
            result = self.call(job.item)
        except Exception as error:  # handed to the caller's thread
            self._failed(job, error)
            return
        try:
            if self.on_done is not None:
                with self.lock:
                    more = self.on_done(job.item, result)
                if more:
                    self.queue.add(more)
        except Exception as error:
            self.queue.fail(error)
        self.queue.finish(job.index, result)

    def _failed(self, job: _Job[T], error: BaseException) -> None:
        fault = not self.retryable(error) and self.transient(error)
        if not fault and not self.retryable(error):
            self.queue.fail(error)
            return
        with self.lock:
            ready = self.clock() + self.backoff.delay(job.attempt, self.rng)
        late = ready - self.start > self.backoff.deadline
        if fault and (late or job.faults >= self.backoff.transient_retries):
            self.queue.fail(error)  # still failing after a few tries: the service is down
            return
        if late:
            self.queue.fail(self._late(error))
            return
        self.queue.requeue(job, ready, fault)

    def _late(self, error: BaseException) -> DeadlineExceeded:
        """The one line for a call still refused at the deadline, throttled or failing."""
        waited = math.ceil(self.clock() - self.start)
        past = f"for {waited} s, past the deadline of {self.backoff.deadline:g} s - retry later"
        if is_throttling(error):
            return DeadlineExceeded(
                f"{self.label} kept throttling {past}, lower --jobs, or ask AWS for a higher quota"
            )
        code = error_code(error) or type(error).__name__
        return DeadlineExceeded(f"{self.label} kept failing ({code}) {past}")
