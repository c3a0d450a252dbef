"""The one seam to AWS: ``make_client``, and the one mapping of botocore failures to errors.

boto3 is imported inside functions only, so importing this module costs nothing. Credentials,
region and endpoints come from boto3's own chain (``AWS_PROFILE``, ``~/.aws``, SSO, instance
roles, ``AWS_ENDPOINT_URL_TRANSLATE``...); nothing here reads secrets itself. The region is
``--region``, else ``AWS_REGION``, else boto3's (``AWS_DEFAULT_REGION``, then the profile's
``region``): the AWS CLI v2's order. botocore alone never reads ``AWS_REGION``, the variable the
other AWS SDKs, the AWS CLI v2 and Lambda use.

- ``make_client``: a client from a fresh session; ``jobs`` sizes its connection pool for that many
  threads and ``max_attempts`` overrides botocore's retries (the engines pass 1: their runner
  requeues throttled calls itself, as one client's retry quota is shared by every thread);
- ``aws_error`` / ``aws_errors``: any botocore failure as a one-line ``EngineError`` that says
  the fix;
- ``error_code``, ``is_throttling``, ``is_transient``: what kind of failure it was.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal, overload

from translate.errors import EngineError

if TYPE_CHECKING:
    from mypy_boto3_translate import TranslateClient

THROTTLING = frozenset(
    {
        "ThrottlingException",
        "TooManyRequestsException",
        "Throttling",
        "RequestLimitExceeded",
        "SlowDown",
        "ProvisionedThroughputExceededException",
    }
)
#: Server-side failures worth a few retries before the service is reported down.
TRANSIENT = frozenset(
    {"ServiceUnavailableException", "ServiceUnavailable", "InternalServerException",
     "InternalFailure", "InternalServerError"}
)  # fmt: skip
_DENIED = {"AccessDeniedException", "AccessDenied", "UnauthorizedOperation"}
_BAD_CREDENTIALS = {
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "ExpiredTokenException",
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
}
_EXPIRED = {"ExpiredTokenException", "ExpiredToken", "RequestExpired"}
#: Seconds to wait for an answer, by service (else 60): a model writing its longest answer
#: (8,192 tokens) at 30 tokens a second takes over 4 minutes, and an answer cut off by the
#: timeout is paid for and asked again.
_READ_TIMEOUT = {"bedrock-runtime": 300}
_CREDENTIALS_FIX = "run `aws configure`, set AWS_PROFILE, or pass --profile"
#: boto3 service name -> (label in messages, IAM action prefix or "" when it is not the same).
_SERVICES = {
    "translate": ("Amazon Translate", "translate"),
    "bedrock-runtime": ("Amazon Bedrock", ""),
}


# --- the client seam ---------------------------------------------------------------------------


@overload
def make_client(
    service: Literal["translate"],
    *,
    profile: str | None = None,
    region: str | None = None,
    jobs: int | None = None,
    max_attempts: int | None = None,
) -> TranslateClient: ...
@overload
def make_client(
    service: str,
    *,
    profile: str | None = None,
    region: str | None = None,
    jobs: int | None = None,
    max_attempts: int | None = None,
) -> Any: ...
def make_client(
    service: str,
    *,
    profile: str | None = None,
    region: str | None = None,
    jobs: int | None = None,
    max_attempts: int | None = None,
) -> Any:
    """A boto3 client for ``service`` from a fresh session; failures become ``EngineError``.

    ``region``: None for ``AWS_REGION``, else boto3's own choice; ``jobs``: threads that will
    share the client (its connection pool); ``max_attempts``: total attempts per call botocore
    makes (``None``: botocore's own setting, ``AWS_MAX_ATTEMPTS``).
    """
    import boto3.session
    from botocore.config import Config

    options: dict[str, Any] = {
        "connect_timeout": 10,
        "read_timeout": _READ_TIMEOUT.get(service, 60),
    }
    if jobs is not None:
        options["max_pool_connections"] = max(jobs, 1)
    if max_attempts is not None:
        options["retries"] = {"total_max_attempts": max_attempts, "mode": "standard"}
    with aws_errors(service):
        region = region or os.environ.get("AWS_REGION", "").strip() or None
        session = boto3.session.Session(profile_name=profile, region_name=region)
        return session.client(service, config=Config(**options))  # type: ignore[call-overload]


# --- errors ------------------------------------------------------------------------------------


def error_code(error: BaseException) -> str | None:
    """The AWS error code of a ``ClientError`` (e.g. ``ResourceNotFoundException``), else None."""
    response = getattr(error, "response", None)
    if isinstance(response, dict):
        code = response.get("Error", {}).get("Code")
        return str(code) if code is not None else None
    return None


def is_throttling(error: BaseException) -> bool:
    """The service refused the call for its rate: retry after a backoff."""
    return error_code(error) in THROTTLING


def is_transient(error: BaseException) -> bool:
    """A server-side 5xx or a dropped connection: worth a few retries before giving up."""
    from botocore import exceptions as bce

    if isinstance(error, bce.ConnectionError | bce.HTTPClientError):
        return True  # EndpointConnectionError, ConnectionClosedError, timeouts
    if error_code(error) in TRANSIENT:
        return True
    response = getattr(error, "response", None)
    status = response.get("ResponseMetadata", {}).get("HTTPStatusCode") if response else None
    return isinstance(status, int) and status >= 500 and not is_throttling(error)


def aws_error(service: str, error: BaseException, operation: str = "") -> EngineError:
    """The one-line ``EngineError`` for a botocore failure calling ``service``.

    ``service`` is a boto3 service name (``translate``) or a label (``Amazon Translate``);
    ``operation`` defaults to the one the error names.
    """
    from botocore import exceptions as bce

    if isinstance(error, EngineError):
        return error
    label, iam = _SERVICES.get(service, (service, ""))
    iam = iam or next((p for name, p in _SERVICES.values() if name == label), "")
    if isinstance(error, bce.NoCredentialsError | bce.PartialCredentialsError):
        return EngineError(f"No AWS credentials found - {_CREDENTIALS_FIX}")
    if isinstance(error, bce.NoRegionError):
        return EngineError("No AWS region set - pass --region, set AWS_REGION, or run "
                           "`aws configure`")  # fmt: skip
    if isinstance(error, bce.ProfileNotFound):
        return EngineError(f"AWS profile not found ({error}) - check ~/.aws/config or --profile")
    if isinstance(error, bce.ConnectionError | bce.HTTPClientError):
        return EngineError(f"{label} is unreachable ({_one_line(error)}) - check the network, "
                           "the region and AWS_ENDPOINT_URL_*, or retry later")  # fmt: skip
    return EngineError(_client_message(label, iam, error, operation))


def _client_message(label: str, iam: str, error: BaseException, operation: str) -> str:
    code = error_code(error)
    detail = _one_line(getattr(error, "response", {}).get("Error", {}).get("Message", error))
    operation = operation or str(getattr(error, "operation_name", ""))
    action = f" {operation}" if operation else ""
    if code in _DENIED:
        permission = f" {iam}:{operation}" if iam and operation else ""
        return (f"{label}{action}: access denied ({detail}) - grant the IAM permission"
                f"{permission} to your identity, or use another --profile")  # fmt: skip
    if code in _EXPIRED:
        return (f"the AWS credentials have expired ({code}) - renew them (`aws sso login`, or "
                "new session credentials) and run again")  # fmt: skip
    if code in _BAD_CREDENTIALS:
        return f"AWS rejected the credentials ({code}) - {_CREDENTIALS_FIX}"
    if code in THROTTLING:
        return f"{label} is throttling requests ({code}) - retry later, or lower --jobs"
    if code in TRANSIENT or is_transient(error):
        return f"{label} is unreachable or down ({code or detail}) - retry later"
    if code is None:
        return f"{label}{action}: {detail}"
    return f"{label}{action} failed: {code}: {detail}"


@contextmanager
def aws_errors(service: str, operation: str = "") -> Iterator[None]:
    """Turn botocore exceptions raised inside the block into ``EngineError``."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        yield
    except (BotoCoreError, ClientError) as error:
        raise aws_error(service, error, operation) from error


def _one_line(value: object) -> str:
    return " ".join(str(value).split())
