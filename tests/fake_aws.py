"""A fake AWS endpoint on 127.0.0.1 for offline tests of real boto3 calls.

``FakeAWS`` serves the AWS JSON 1.1 protocol (``X-Amz-Target: AWSShineFrontendService_20170701.Op``,
``application/x-amz-json-1.1``) for Amazon Translate's terminology operations, with in-memory state,
and records every request (``Authorization`` scrubbed). It is built to grow:

- another JSON 1.1 operation: ``fake.operations["TranslateText"] = handler`` where ``handler``
  takes the request body (dict) and returns the response body (dict), or raises ``AWSFault``;
- a REST-JSON route such as Bedrock's converse: ``fake.routes.append(("POST",
  r"/model/(?P<model_id>[^/]+)/converse", handler))``; the handler gets ``(body, path_params)``.
  (boto3 reads that endpoint from ``AWS_ENDPOINT_URL_BEDROCK_RUNTIME``.)
- ``fake.fail_next("ImportTerminology", AWSFault(...))`` makes the next call fail (throttling,
  access denied...).

``TranslateText`` is served too, deliberately imperfect as the real service is: it collapses
whitespace, translates a few words the way careless translations do (``instance`` ->
``phiên bản``, ``bucket`` -> ``thùng``), mistranslates AWS names unless they are protected
(``Amazon Connect`` -> ``Amazon Kết nối``), pseudo-accents every other word, keeps tags and
``translate="no"`` elements untouched, and applies a custom terminology imported here while
ignoring one entry in ``ignore_every`` (or a fraction ``miss_rate`` of them, evenly spread from
``miss_offset``), of the rows sorted.
As the service does, it matches a row as written, whole words, ignoring case, and nothing more
(a ``bucket`` row does not apply to ``buckets``). Knobs:
``latency`` (seconds per call), ``rate`` (requests a second, a token bucket holding one
second's worth; over it -> ``TooManyRequestsException``), ``storm(seconds)`` (throttle
everything), ``max_bytes`` (10,000, over it -> ``TextSizeLimitExceededException``), ``mangle``
(rewrite a response); counts: ``translate_requests`` and ``billed_characters``.

Use ``serve_fake_aws(monkeypatch)`` from a fixture: it starts the server and points boto3 at it
with dummy credentials and ``AWS_DEFAULT_REGION=us-east-1``.
"""

from __future__ import annotations

import base64
import contextlib
import csv
import functools
import io
import json
import os
import re
import signal
import sys
import threading
import time
import unicodedata
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

TRANSLATE_TARGET_PREFIX = "AWSShineFrontendService_20170701."
JsonHandler = Callable[[dict[str, Any]], dict[str, Any]]
RestHandler = Callable[[dict[str, Any], dict[str, str]], dict[str, Any]]


class AWSFault(Exception):
    """An AWS error response: HTTP ``status`` and a ``code`` such as ``ThrottlingException``."""

    def __init__(self, status: int, code: str, message: str = "") -> None:
        super().__init__(message or code)
        self.status, self.code, self.message = status, code, message or code


class Dropped(Exception):
    """The connection is reset before the answer is sent: the call was made (and billed)."""


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    operation: str | None
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class FakeAWS:
    terminologies: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[RecordedRequest] = field(default_factory=list)
    operations: dict[str, JsonHandler] = field(default_factory=dict)
    routes: list[tuple[str, str, RestHandler]] = field(default_factory=list)
    failures: dict[str, list[AWSFault]] = field(default_factory=dict)
    unlocked: set[str] = field(default_factory=lambda: {"TranslateText"})  # lock themselves
    terms: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # name -> entries
    ignore_every: int = 3
    miss_rate: float | None = None  # instead of ignore_every: this fraction of entries ignored
    miss_offset: int = 0  # which ones: shifts the evenly spread entries ``miss_rate`` ignores
    latency: float = 0.0
    rate: float | None = None
    max_bytes: int = 10_000
    mangle: Callable[[str], str] | None = None
    translate_requests: int = 0
    billed_characters: int = 0
    _storm_until: float = 0.0
    _tokens: float = 0.0
    _refilled: float = 0.0
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.operations.update(
            {
                "ImportTerminology": self.import_terminology,
                "GetTerminology": self.get_terminology,
                "ListTerminologies": self.list_terminologies,
                "DeleteTerminology": self.delete_terminology,
                "TranslateText": self.translate_text,
            }
        )

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> str:
        """Serve on 127.0.0.1 on a free port; return the endpoint URL."""
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = _Server(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def fail_next(self, operation: str, fault: AWSFault) -> None:
        self.failures.setdefault(operation, []).append(fault)

    def calls(self, operation: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.operation == operation]

    # -- dispatch ----------------------------------------------------------------------------
    def handle(
        self, method: str, path: str, headers: dict[str, str], raw: bytes
    ) -> tuple[int, dict[str, Any]]:
        body = json.loads(raw or b"{}")
        target = headers.get("x-amz-target", "")
        operation = target.removeprefix(TRANSLATE_TARGET_PREFIX) if target else None
        scrubbed = {k: v for k, v in headers.items() if k != "authorization"}
        with self._lock:
            self.requests.append(RecordedRequest(method, path, operation, scrubbed, body))
            pending = self.failures.get(operation or path, [])
            fault = pending.pop(0) if pending else None
        try:
            if fault is not None:
                raise fault
            return 200, self._dispatch(method, path, operation, body)
        except AWSFault as error:
            return error.status, {"__type": error.code, "message": error.message}

    def _dispatch(
        self, method: str, path: str, operation: str | None, body: dict[str, Any]
    ) -> dict[str, Any]:
        if operation is not None:
            handler = self.operations.get(operation)
            if handler is None:
                raise AWSFault(400, "UnknownOperationException", f"fake has no {operation}")
            if operation in self.unlocked:
                return handler(body)
            with self._lock:
                return handler(body)
        for route_method, pattern, rest_handler in self.routes:
            match = re.fullmatch(pattern, path)
            if match and route_method == method:
                return rest_handler(body, match.groupdict())
        raise AWSFault(404, "UnknownOperationException", f"fake has no route {method} {path}")

    # -- Amazon Translate terminologies ------------------------------------------------------
    def import_terminology(self, body: dict[str, Any]) -> dict[str, Any]:
        data = body["TerminologyData"]
        rows = list(csv.reader(io.StringIO(base64.b64decode(data["File"]).decode("utf-8"))))
        name = body["Name"]
        self.terms[name] = [(row[0], row[1]) for row in rows[1:] if len(row) > 1]
        _phrases(self._applied(self.terms[name]))  # made ready at import, as the service does
        self.terminologies[name] = {
            "Name": name,
            "Description": body.get("Description", ""),
            "Arn": f"arn:aws:translate:us-east-1:123456789012:terminology/{name}/LATEST",
            "SourceLanguageCode": rows[0][0],
            "TargetLanguageCodes": rows[0][1:],
            "TermCount": len(rows) - 1,
            "Format": data["Format"],
            "Directionality": data.get("Directionality", "UNI"),
            "CreatedAt": time.time(),
            "LastUpdatedAt": time.time(),
        }
        return {"TerminologyProperties": self.terminologies[name]}

    def _applied(self, entries: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
        """The terminology entries the fake applies: all but one in ``ignore_every``, or all but
        ``miss_rate`` of them, spread evenly."""
        if self.miss_rate is not None:
            rate, k = self.miss_rate, self.miss_offset
            return tuple(
                e
                for i, e in enumerate(sorted(entries))
                if int((i + k + 1) * rate) == int((i + k) * rate)
            )
        return tuple(e for i, e in enumerate(sorted(entries)) if (i + 1) % self.ignore_every)

    def _find(self, name: str) -> dict[str, Any]:
        if name not in self.terminologies:
            raise AWSFault(400, "ResourceNotFoundException", f"Terminology {name} does not exist")
        return self.terminologies[name]

    def get_terminology(self, body: dict[str, Any]) -> dict[str, Any]:
        found = self._find(body["Name"])
        location = {"RepositoryType": "S3", "Location": f"https://example.invalid/{found['Name']}"}
        return {"TerminologyProperties": found, "TerminologyDataLocation": location}

    def list_terminologies(self, body: dict[str, Any]) -> dict[str, Any]:
        return {"TerminologyPropertiesList": list(self.terminologies.values())}

    def delete_terminology(self, body: dict[str, Any]) -> dict[str, Any]:
        self._find(body["Name"])
        del self.terminologies[body["Name"]]
        return {}

    # -- Amazon Translate TranslateText ------------------------------------------------------
    def storm(self, seconds: float) -> None:
        """Throttle every TranslateText call for ``seconds`` from now."""
        self._storm_until = time.monotonic() + seconds

    def _admit(self) -> bool:
        with self._lock:
            now = time.monotonic()
            if now < self._storm_until:
                return False
            if self.rate is None:
                return True
            if not self._refilled:
                self._tokens, self._refilled = self.rate, now
            self._tokens = min(self.rate, self._tokens + (now - self._refilled) * self.rate)
            self._refilled = now
            if self._tokens < 1:
                return False
            self._tokens -= 1
            return True

    def translate_text(self, body: dict[str, Any]) -> dict[str, Any]:
        started = time.monotonic()
        if not self._admit():
            time.sleep(self.latency)
            raise AWSFault(429, "TooManyRequestsException", "Rate exceeded")
        try:
            return self._translate_text(body)
        finally:  # the call takes ``latency`` in all, the fake's own work included
            time.sleep(max(0.0, started + self.latency - time.monotonic()))

    def _translate_text(self, body: dict[str, Any]) -> dict[str, Any]:
        text, target = body["Text"], body["TargetLanguageCode"]
        if len(text.encode("utf-8")) > self.max_bytes:
            raise AWSFault(400, "TextSizeLimitExceededException", "Input text size exceeds limit")
        if target not in ("vi", "fr", "de", "ja"):
            raise AWSFault(400, "UnsupportedLanguagePairException", f"en to {target}")
        names = body.get("TerminologyNames", [])
        with self._lock:
            missing = [n for n in names if n not in self.terms]
            entries = [e for n in names for e in self.terms.get(n, [])]
        if missing:
            raise AWSFault(404, "ResourceNotFoundException", f"Terminology {missing[0]} not found")
        translated = fake_translate(text, self._applied(entries))
        if self.mangle is not None:
            translated = self.mangle(translated)
        with self._lock:
            self.translate_requests += 1
            self.billed_characters += len(text)
        applied = [{"Name": n, "Terms": []} for n in names]
        return {
            "TranslatedText": translated,
            "SourceLanguageCode": body["SourceLanguageCode"],
            "TargetLanguageCode": target,
            **({"AppliedTerminologies": applied} if applied else {}),
        }


#: How careless translations render these (the real errors in shared/corpus/TERMS.md).
WORDS = {
    "instance": "phiên bản", "instances": "phiên bản", "bucket": "thùng", "buckets": "thùng",
    "training": "đào tạo", "throughput": "băng thông", "cluster": "cụm", "clusters": "cụm",
    "the": "", "a": "một", "and": "và", "with": "với", "to": "đến", "of": "của", "is": "là",
}  # fmt: skip
#: AWS names mistranslated unless protected.
NAMES = {
    "Amazon Connect": "Amazon Kết nối",
    "Amazon S3": "Dịch vụ lưu trữ đơn giản",
    "AWS Lambda": "Amazon Lambda",
    "Amazon Bedrock": "AWS Bedrock",
    "Amazon SageMaker": "Sagemaker",
    "AWS Batch": "Lô AWS",
}
_ACCENTS = str.maketrans("aeiouyAEIOUY", "ăêìơưỳĂÊÌƠƯỲ")
_MARKUP = re.compile(r"(<[^<>]*>)")
_NO_TRANSLATE = re.compile(r"""\stranslate\s*=\s*["']?no\b""", re.IGNORECASE)  # quoted or not


def fake_translate(html: str, terms: dict[str, str] | tuple[tuple[str, str], ...]) -> str:
    """Translate HTML the fake way; ``translate="no"`` elements and all tags stay as they are."""
    phrases, pattern = _phrases(tuple(terms.items()) if isinstance(terms, dict) else terms)

    def word(match: re.Match[str]) -> str:
        found = match.group()
        low = found.lower()
        if found.startswith("&"):
            return found
        if low in phrases:
            return phrases[low]
        return WORDS.get(low, found.translate(_ACCENTS))

    out: list[str] = []
    stack: list[bool] = []
    for part in _MARKUP.split(html):
        if part.startswith("<"):
            _track(part, stack)
            out.append(part)
        elif any(stack):
            out.append(part)
        else:
            out.append(re.sub(r"\s+", " ", pattern.sub(word, unicodedata.normalize("NFC", part))))
    return "".join(out)


@functools.lru_cache(maxsize=8)
def _phrases(terms: tuple[tuple[str, str], ...]) -> tuple[dict[str, str], re.Pattern[str]]:
    """The phrases the fake translates as a whole (names, terminology) and the pattern of words."""
    phrases = {
        **{k.lower(): v for k, v in NAMES.items()},
        **{k.lower(): v for k, v in terms},
    }
    alternation = _trie_regex(sorted(phrases))
    return phrases, re.compile(rf"&#?\w+;|\b(?:{alternation})\b|[^\W\d_]+", re.IGNORECASE)


def _trie_regex(words: list[str]) -> str:
    """One regular expression for ``words`` that matches the longest of them that fits, built as
    a trie (a flat alternation of hundreds of phrases is tried one by one at every word)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + build(child) for char, child in node.items() if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def _track(tag: str, stack: list[bool]) -> None:
    name = re.match(r"</?\s*(\w+)", tag)
    if name is None or tag.endswith("/>") or name.group(1).lower() in ("br", "img", "hr"):
        return
    if tag.startswith("</"):
        if stack:
            stack.pop()
    else:
        stack.append(_NO_TRANSLATE.search(tag) is not None)


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """Quiet about a client gone (killed on purpose); loud about anything else."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    fake: FakeAWS

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            status, body = self.fake.handle("POST", self.path, headers, raw)
        except Dropped:  # a reset mid-response: no status line, the connection closed
            self.close_connection = True
            return
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read ``FakeAWS.requests`` instead."""


def offline_environment(url: str) -> dict[str, str]:
    """Variables that point boto3's Translate and Bedrock Runtime clients at the fake at ``url``,
    with dummy credentials, us-east-1 and none of the user's AWS configuration."""
    return {
        "AWS_ENDPOINT_URL_TRANSLATE": url,
        "AWS_ENDPOINT_URL_BEDROCK_RUNTIME": url,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": "/nonexistent/aws-config",
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/aws-credentials",
        "AWS_EC2_METADATA_DISABLED": "true",
    }


def serve_fake_aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAWS]:
    """Start a ``FakeAWS`` and point boto3 at it (dummy credentials, us-east-1, no user config)."""
    fake = FakeAWS()
    url = fake.start()
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in offline_environment(url).items():
        monkeypatch.setenv(name, value)
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def fake_aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAWS]:
    """The fake as a fixture (import it into a test module or a conftest)."""
    yield from serve_fake_aws(monkeypatch)


# -- Bedrock Runtime: a deterministic fake model behind POST /model/{id}/converse ---------------

CONVERSE_ROUTE = r"/model/(?P<model_id>[^/]+)/converse"
MODEL_TOKEN = re.compile(r"(⟦/?x?\d+⟧)")
KEEP = "\x00keep"  # the rendering of a term kept as written
_GLOSSARY_LINE = re.compile(r'^- "(?P<term>[^"]+)" => (?:keep "(?P<keep>[^"]+)"|"(?P<to>[^"]+)")')
#: What the fake model can be told to do wrong, one per call (``faults``) or on every call.
MISBEHAVIOURS = frozenset(
    {"throttle", "drop_token", "paraphrase_term", "malformed_json", "max_tokens", "extra_text",
     "drop_segment", "model_error", "kill", "content_filtered", "reset"}
)  # fmt: skip


@dataclass
class FakeBedrock:
    """A fake foundation model that follows the engine's output contract, unless told otherwise.

    It reads the segments (``{"segments": [...]}``) from the user message and the glossary lines
    after the system prompt's cache point (``- "term" => "rendering"``, ``- "term" => keep
    "term"``), keeps every ``⟦..⟧`` token, renders glossary terms as told, pseudo-translates the
    rest (``WORDS`` and accents: ``instance`` -> ``phiên bản`` unless the glossary says
    otherwise), and answers through the forced tool (``toolConfig``) or as JSON text. ``usage``
    counts 4 ASCII characters a token and a token for any other; the prefix up to the cache
    point is written by every request that arrives before one that wrote it has answered, then
    read.

    Knobs: ``faults`` (a queue: the next call does the first; ``"ok"`` behaves), ``always``
    (misbehaviours on every call), ``latency`` (seconds a call) and ``token_latency`` (seconds
    per output token). ``maxTokens`` is honoured: a longer answer is cut, stop reason
    ``max_tokens``. ``model_error`` answers ``ModelErrorException`` (424); ``content_filtered``
    withholds the answer (that stop reason, the service's canned text); ``reset`` makes the
    answer (billed) and drops the connection before sending it; ``kill`` sends SIGKILL
    to the process ``victim`` (the client under test) ``kill_after`` seconds after the call
    arrives and answers nothing, then or later: answers already given had that time to arrive.

    Records: ``calls`` (request bodies), ``models``, ``outputs`` (output tokens of each answer)
    and ``answered`` (the segment texts of each answer and the tokens it billed).
    """

    faults: list[str] = field(default_factory=list)
    always: set[str] = field(default_factory=set)
    latency: float = 0.0
    token_latency: float = 0.0
    calls: list[dict[str, Any]] = field(default_factory=list)
    models: list[str] = field(default_factory=list)
    outputs: list[int] = field(default_factory=list)  # output tokens of each answer
    throttled: int = 0
    answered: list[tuple[list[str], int]] = field(default_factory=list)
    victim: int | None = None
    kill_after: float = 0.3  # seconds between the call that kills and the kill
    killed: bool = False
    aws: FakeAWS | None = None
    _cache: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def attach(self, fake: FakeAWS) -> FakeBedrock:
        fake.routes.append(("POST", CONVERSE_ROUTE, self.converse))
        self.aws = fake
        return self

    def converse(self, body: dict[str, Any], params: dict[str, str]) -> dict[str, Any]:
        with self._lock:
            fault = self.faults.pop(0) if self.faults else "ok"
            if fault == "throttle" or "throttle" in self.always:
                self.throttled += 1
                raise AWSFault(429, "ThrottlingException", "Too many requests, please wait.")
            if fault == "model_error" or "model_error" in self.always:
                raise AWSFault(424, "ModelErrorException", "The model returned an error.")
            killing = fault == "kill" or self.killed
            self.killed = killing
        if killing:
            self._kill()
        with self._lock:
            self.calls.append(body)
            self.models.append(urllib.parse.unquote(params["model_id"]))
        faults = {fault} | self.always
        terms = {} if "paraphrase_term" in faults else _model_glossary(body.get("system", []))
        ids, texts = _model_segments(body)
        out = [fake_model_translate(text, terms) for text in texts]
        if "drop_token" in faults:
            out = _drop_first_token(out)
        items = [{"id": i, "text": t} for i, t in zip(ids, out, strict=True)]
        if "drop_segment" in faults:
            items = items[1:]
        content, stop = _model_content(body, {"translations": items}, faults)
        answer = self._respond(body, content, stop, "max_tokens" in faults)
        with self._lock:
            self.answered.append((texts, answer["usage"]["totalTokens"]))
        if "reset" in faults:
            raise Dropped  # answered, billed, and lost on the way back
        return answer

    def _kill(self) -> None:
        """SIGKILL the client a moment from now; this call and later ones never answer."""
        time.sleep(self.kill_after)
        if self.victim is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.victim, signal.SIGKILL)
        raise AWSFault(500, "InternalServerException", "the client was killed")

    def _respond(
        self, body: dict[str, Any], content: list[dict[str, Any]], stop: str, cut: bool
    ) -> dict[str, Any]:
        output = _tokens_of(json.dumps(content, ensure_ascii=False))
        limit = body.get("inferenceConfig", {}).get("maxTokens", 4096)
        if cut or output > limit:
            content, stop, output = _cut(content), "max_tokens", min(output, limit)
        with self._lock:
            self.outputs.append(output)
        usage = {"outputTokens": output, **self._input_usage(body)}
        time.sleep(self.latency + self.token_latency * output)
        with self._lock:  # readable once the request that wrote it is done, as on Bedrock
            self._cache.add(_prefix(body))
        usage["totalTokens"] = sum(usage.values())
        return {
            "output": {"message": {"role": "assistant", "content": content}},
            "stopReason": stop,
            "usage": usage,
            "metrics": {"latencyMs": int(1000 * (self.latency + self.token_latency * output))},
        }

    def _input_usage(self, body: dict[str, Any]) -> dict[str, int]:
        system = body.get("system", [])
        cut = next((i for i, b in enumerate(system) if "cachePoint" in b), None)
        head = system[:cut] if cut is not None else []
        prefix = _prefix(body)
        rest = json.dumps([system[len(head) :], body.get("messages")], ensure_ascii=False)
        usage = {"inputTokens": _tokens_of(rest), "cacheReadInputTokens": 0,
                 "cacheWriteInputTokens": 0}  # fmt: skip
        if cut is None:
            usage["inputTokens"] += _tokens_of(prefix)
            return usage
        with self._lock:
            hit = prefix in self._cache
        usage["cacheReadInputTokens" if hit else "cacheWriteInputTokens"] = _tokens_of(prefix)
        return usage


def _prefix(body: dict[str, Any]) -> str:
    """What a request caches: the tool and the system prompt up to the cache point."""
    system = body.get("system", [])
    cut = next((i for i, b in enumerate(system) if "cachePoint" in b), 0)
    return json.dumps([body.get("toolConfig"), system[:cut]], ensure_ascii=False)


def fake_model_translate(text: str, terms: dict[str, str]) -> str:
    """The fake model's translation: tokens kept, glossary terms as told (plurals too), the
    rest pseudo."""
    plurals = {t[:-1] + "ies": r for t, r in terms.items() if re.search(r"[^aeiou]y$", t)}
    terms = {**plurals, **terms}
    ordered = sorted(terms, key=len, reverse=True)
    pattern = "|".join(re.escape(t) for t in ordered)
    glossary = re.compile(rf"\b(?P<t>{pattern})(?:e?s)?\b", re.IGNORECASE) if ordered else None
    lookup = {t.lower(): r for t, r in terms.items()}

    def term(match: re.Match[str]) -> str:
        rendering = lookup[match["t"].lower()]
        return match.group() if rendering == KEEP else rendering  # kept: as written

    def words(part: str) -> str:
        part = re.sub(r"\b[Tt]he (?=\w|$)", "", part)  # a dropped word takes its space along
        return re.sub(
            r"[^\W\d_]+",
            lambda m: WORDS.get(m.group().lower(), m.group().translate(_ACCENTS)),
            part,
        )

    out: list[str] = []
    for part in MODEL_TOKEN.split(text):
        if MODEL_TOKEN.fullmatch(part):
            out.append(part)
            continue
        pos = 0
        for match in glossary.finditer(part) if glossary else ():
            out.append(words(part[pos : match.start()]))
            out.append(term(match))
            pos = match.end()
        out.append(words(part[pos:]))
    return "".join(out)


def _model_glossary(system: list[dict[str, Any]]) -> dict[str, str]:
    cut = next((i for i, b in enumerate(system) if "cachePoint" in b), len(system))
    terms: dict[str, str] = {}
    for block in system[cut + 1 :]:
        for line in block.get("text", "").splitlines():
            match = _GLOSSARY_LINE.match(line)
            if match:
                rendering = KEEP if match["keep"] else match["to"]
                for form in (match["term"], *re.findall(r'\(variant "([^"]+)"\)', line)):
                    terms[form] = rendering
    return terms


def _model_segments(body: dict[str, Any]) -> tuple[list[int], list[str]]:
    text = "".join(b.get("text", "") for b in body["messages"][-1]["content"])
    segments = json.loads(text[text.index('{"segments"') :])["segments"]
    return [s["id"] for s in segments], [s["text"] for s in segments]


def _drop_first_token(texts: list[str]) -> list[str]:
    for n, text in enumerate(texts):
        if MODEL_TOKEN.search(text):
            return [*texts[:n], MODEL_TOKEN.sub("", text, count=1), *texts[n + 1 :]]
    return texts


def _model_content(
    body: dict[str, Any], answer: dict[str, Any], faults: set[str]
) -> tuple[list[dict[str, Any]], str]:
    text = json.dumps(answer, ensure_ascii=False)
    if "malformed_json" in faults:
        return [{"text": text[: len(text) // 2] + '", "id": }'}], "end_turn"
    if "content_filtered" in faults:  # withheld: the service's canned text, no answer
        return [{"text": "The generated text has been blocked by our content filters."}], (
            "content_filtered"
        )
    chatter = (
        [{"text": "Here are the translations you asked for:"}] if "extra_text" in faults else []
    )
    tool = body.get("toolConfig", {}).get("toolChoice", {}).get("tool", {}).get("name")
    if tool is None:
        if chatter:
            return [{"text": f"{chatter[0]['text']}\n{text}\nHope this helps!"}], "end_turn"
        return [{"text": text}], "end_turn"
    call = {"toolUse": {"toolUseId": "tooluse_fake", "name": tool, "input": answer}}
    return [*chatter, call], "tool_use"


def _cut(content: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What a model cut off at ``maxTokens`` returns: half the translations."""
    out: list[dict[str, Any]] = []
    for block in content:
        if "toolUse" in block:
            items = block["toolUse"]["input"].get("translations", [])
            half = {"translations": items[: len(items) // 2]}
            out.append({"toolUse": {**block["toolUse"], "input": half}})
        elif "text" in block:
            out.append({"text": block["text"][: len(block["text"]) // 2]})
    return out


def _tokens_of(text: str) -> int:
    """Tokens as a model's tokenizer counts them, roughly: 4 ASCII characters a token, and a
    token for each other character (a Vietnamese letter with its marks costs one)."""
    wide = sum(1 for c in text if not c.isascii())
    return -(-(len(text) - wide) // 4) + wide


def serve_fake_bedrock(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeBedrock]:
    """``serve_fake_aws`` with a ``FakeBedrock`` attached (its ``aws`` is the server)."""
    served = serve_fake_aws(monkeypatch)
    fake = next(served)
    try:
        yield FakeBedrock().attach(fake)
    finally:
        next(served, None)  # runs the server's clean-up


# -- Amazon Translate batch jobs: StartTextTranslationJob and friends over S3 (moto) ------------

ACCOUNT = "123456789012"
_RUNNING = ("SUBMITTED", "IN_PROGRESS")
_ROLE_ARN = re.compile(r"arn:aws(-[^:]+)?:iam::[0-9]{12}:role/.+")


@dataclass
class FakeBatchJobs:
    """Batch translation jobs, run as the service runs them, on S3 in this process (moto).

    ``StartTextTranslationJob`` checks the request as the service does (``text/html`` input, a
    role ARN, a known terminology) and answers a repeated ``ClientToken`` with the same job.
    Each ``DescribeTextTranslationJob`` moves a job on: ``SUBMITTED`` for ``steps`` calls, then
    ``IN_PROGRESS`` for ``steps`` calls, then it runs: every object under the input prefix is
    translated by ``fake_translate`` (with the job's terminology) and written to
    ``<output>/<account>-TranslateText-<job id>/<lang>.<name>``, with
    ``details/<lang>.auxiliary-translation-details.json`` listing each document, and an
    ``auxiliaryData.error`` for each one that failed; the job ends ``COMPLETED``, or
    ``COMPLETED_WITH_ERROR`` when a document failed.

    Knobs: ``fail`` (input file name -> error message: that document fails), ``mangle`` (input
    file name -> rewrite of its output: broken markup). Records: ``received`` (input name ->
    the HTML the job read), ``billed_characters``, ``max_running`` (most jobs submitted or in
    progress at once).
    """

    fail: dict[str, str] = field(default_factory=dict)
    mangle: dict[str, Callable[[str], str]] = field(default_factory=dict)
    steps: int = 1
    jobs: dict[str, dict[str, Any]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    received: dict[str, str] = field(default_factory=dict)
    billed_characters: int = 0
    max_running: int = 0
    aws: FakeAWS | None = None

    def attach(self, fake: FakeAWS) -> FakeBatchJobs:
        fake.operations.update(
            {
                "StartTextTranslationJob": self.start,
                "DescribeTextTranslationJob": self.describe,
                "ListTextTranslationJobs": self.list_jobs,
            }
        )
        self.aws = fake
        return self

    def start(self, body: dict[str, Any]) -> dict[str, Any]:
        token = body["ClientToken"]
        if token in self.tokens:
            job = self.jobs[self.tokens[token]]
            return {"JobId": job["JobId"], "JobStatus": job["JobStatus"]}
        self._check(body)
        job_id = f"{len(self.jobs) + 1:032x}"
        self.jobs[job_id] = {
            **{k: v for k, v in body.items() if k != "ClientToken"},
            "JobId": job_id,
            "JobStatus": "SUBMITTED",
            "SubmittedTime": time.time(),
            "_calls": 0,
        }
        self.tokens[token] = job_id
        running = sum(1 for j in self.jobs.values() if j["JobStatus"] in _RUNNING)
        self.max_running = max(self.max_running, running)
        return {"JobId": job_id, "JobStatus": "SUBMITTED"}

    def _check(self, body: dict[str, Any]) -> None:
        if body["InputDataConfig"]["ContentType"] not in ("text/html", "text/plain"):
            raise AWSFault(400, "InvalidRequestException", "unsupported ContentType")
        if not _ROLE_ARN.fullmatch(body["DataAccessRoleArn"]):
            raise AWSFault(400, "ValidationException", "DataAccessRoleArn is not a role ARN")
        assert self.aws is not None
        for name in body.get("TerminologyNames", []):
            if name not in self.aws.terms:
                raise AWSFault(400, "ResourceNotFoundException", f"Terminology {name} not found")

    def describe(self, body: dict[str, Any]) -> dict[str, Any]:
        job = self.jobs.get(body["JobId"])
        if job is None:
            raise AWSFault(400, "ResourceNotFoundException", f"job {body['JobId']} not found")
        job["_calls"] += 1
        if job["JobStatus"] == "SUBMITTED" and job["_calls"] > self.steps:
            job["JobStatus"] = "IN_PROGRESS"
        elif job["JobStatus"] == "IN_PROGRESS" and job["_calls"] > 2 * self.steps:
            self._run(job)
        return {"TextTranslationJobProperties": _public(job)}

    def list_jobs(self, body: dict[str, Any]) -> dict[str, Any]:
        wanted = body.get("Filter", {}).get("JobStatus")
        found = [_public(j) for j in self.jobs.values() if wanted in (None, j["JobStatus"])]
        return {"TextTranslationJobPropertiesList": found}

    def _run(self, job: dict[str, Any]) -> None:
        import boto3

        s3 = boto3.client("s3", region_name="us-east-1")
        bucket, _, prefix = job["InputDataConfig"]["S3Uri"][5:].partition("/")
        out_bucket, _, out_prefix = job["OutputDataConfig"]["S3Uri"][5:].partition("/")
        folder = f"{out_prefix.rstrip('/')}/{ACCOUNT}-TranslateText-{job['JobId']}/"
        lang = job["TargetLanguageCodes"][0]
        assert self.aws is not None
        terms = dict(e for n in job.get("TerminologyNames", []) for e in self.aws.terms[n])
        details: list[dict[str, Any]] = []
        listed = s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])
        for item in listed:
            name = item["Key"].rsplit("/", 1)[-1]
            html = s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read().decode("utf-8")
            self.received[name] = html
            if name in self.fail:
                error = {"errorCode": "InternalServerException", "errorMessage": self.fail[name]}
                details.append({"sourceFile": name, "auxiliaryData": {"error": error}})
                continue
            translated = fake_translate(html, terms)
            if name in self.mangle:
                translated = self.mangle[name](translated)
            s3.put_object(Bucket=out_bucket, Key=f"{folder}{lang}.{name}", Body=translated.encode())
            self.billed_characters += len(html)
            details.append({"sourceFile": name, "targetFile": f"{lang}.{name}",
                            "auxiliaryData": {"appliedTerminologies": []}})  # fmt: skip
        failed = sum(1 for d in details if "error" in d["auxiliaryData"])
        report = {"sourceLanguageCode": job["SourceLanguageCode"], "targetLanguageCode": lang,
                  "documentCountWithCustomerError": "0",
                  "documentCountWithServerError": str(failed), "details": details}  # fmt: skip
        key = f"{folder}details/{lang}.auxiliary-translation-details.json"
        s3.put_object(Bucket=out_bucket, Key=key, Body=json.dumps(report).encode())
        job["JobStatus"] = "COMPLETED_WITH_ERROR" if failed else "COMPLETED"
        job["JobDetails"] = {"TranslatedDocumentsCount": len(details) - failed,
                             "DocumentsWithErrorsCount": failed,
                             "InputDocumentsCount": len(details)}  # fmt: skip
        job["OutputDataConfig"] = {"S3Uri": f"s3://{out_bucket}/{folder}"}


def _public(job: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in job.items() if not k.startswith("_") and k != "ClientToken"}
