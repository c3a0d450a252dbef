"""The one seam to AWS: ``make_client`` and the mapping of boto3 failures to ``EngineError``.

boto3 is imported inside functions only, so importing this module costs nothing. Credentials,
region and endpoints come from boto3's own chain (``AWS_PROFILE``, ``~/.aws``, SSO, instance
roles, ``AWS_ENDPOINT_URL_TRANSLATE``...); nothing here reads secrets itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal, overload

from translate.errors import EngineError

if TYPE_CHECKING:
    from mypy_boto3_translate import TranslateClient

_CREDENTIALS_FIX = "run `aws configure`, set AWS_PROFILE, or pass --profile"
_DENIED = {"AccessDeniedException", "AccessDenied", "UnauthorizedOperation"}
_BAD_CREDENTIALS = {
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "ExpiredTokenException",
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
}
_THROTTLED = {"ThrottlingException", "TooManyRequestsException", "LimitExceededException"}


@overload
def make_client(
    service: Literal["translate"], *, profile: str | None = None, region: str | None = None
) -> TranslateClient: ...
@overload
def make_client(service: str, *, profile: str | None = None, region: str | None = None) -> Any: ...
def make_client(service: str, *, profile: str | None = None, region: str | None = None) -> Any:
    """A boto3 client for ``service`` from a fresh session; failures become ``EngineError``."""
    import boto3.session

    with aws_errors(service):
        session = boto3.session.Session(profile_name=profile, region_name=region)
        return session.client(service)  # type: ignore[call-overload]


def _client_error_message(service: str, error: Any) -> str:
    info = error.response.get("Error", {})
    code = str(info.get("Code", "Unknown"))
    detail = " ".join(str(info.get("Message", "")).split())
    operation = getattr(error, "operation_name", "call")
    if code in _DENIED:
        grant = f"grant the IAM permission {service}:{operation}"
        return f"{service} {operation} denied ({detail}) - {grant}"
    if code in _BAD_CREDENTIALS:
        return f"AWS rejected the credentials ({code}) - {_CREDENTIALS_FIX}"
    if code in _THROTTLED:
        return f"{service} {operation} throttled ({code}) - wait and retry, or lower concurrency"
    return f"{service} {operation} failed: {code}: {detail}"


def engine_error(service: str, error: Exception) -> EngineError:
    """The one-line ``EngineError`` for a boto3/botocore exception, saying the fix."""
    from botocore import exceptions as bce

    if isinstance(error, bce.NoCredentialsError | bce.PartialCredentialsError):
        return EngineError(f"No AWS credentials found - {_CREDENTIALS_FIX}")
    if isinstance(error, bce.ProfileNotFound):
        return EngineError(f"AWS profile not found ({error}) - check ~/.aws/config or --profile")
    if isinstance(error, bce.NoRegionError):
        return EngineError(
            "No AWS region set - pass --region, set AWS_REGION, or run `aws configure`"
        )
    if isinstance(error, bce.EndpointConnectionError | bce.ConnectTimeoutError):
        return EngineError(f"Cannot reach {service} ({error}) - check the network and region")
    if isinstance(error, bce.ClientError):
        return EngineError(_client_error_message(service, error))
    return EngineError(f"{service}: {' '.join(str(error).split())}")


@contextmanager
def aws_errors(service: str) -> Iterator[None]:
    """Turn botocore exceptions raised inside the block into ``EngineError``."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        yield
    except (BotoCoreError, ClientError) as error:
        raise engine_error(service, error) from error


def error_code(error: BaseException) -> str | None:
    """The AWS error code of a ``ClientError`` (e.g. ``ResourceNotFoundException``), else None."""
    response = getattr(error, "response", None)
    if isinstance(response, dict):
        code = response.get("Error", {}).get("Code")
        return str(code) if code is not None else None
    return None
