"""The gateway's errors as typed Python exceptions.

Every gateway error carries a stable code (docs/errors.md: LEDGER_CLOSED, NO_SUCH_LOG,
BLOB_DIGEST_MISMATCH, ...) and whether sending the same request again is safe. gRPC puts them in
trailing metadata (quire-error-code, quire-retryable, quire-retry-after-ms, quire-last-entry-id,
quire-error-field and the other quire-<detail> headers). A failure that never reached the gateway
(no trailers) keeps gRPC's status name as its code and is retryable for UNAVAILABLE and
DEADLINE_EXCEEDED.

The subclass follows the gRPC status (one table, GRPC_STATUS_CLASSES), so `except NotFound`
catches NO_SUCH_LOG, NO_SUCH_CURSOR, BLOB_NOT_FOUND, ...; `e.code` tells them apart.
"""
from __future__ import annotations

from typing import Dict, Mapping, Optional, Type

import grpc


class QuireError(Exception):
    """A gateway (or transport) error. `code` is Quire's stable code; `retryable` says whether
    the same request may be sent again; `details` holds every quire-<name> trailer by name."""

    def __init__(self, code: str, message: str, *, retryable: bool, status: str = "UNKNOWN",
                 details: Optional[Mapping[str, str]] = None, reached_gateway: bool = True) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.retryable = retryable
        #: gRPC status name (UNAVAILABLE, NOT_FOUND, ...).
        self.status = status
        self.details: Dict[str, str] = dict(details or {})
        #: False when the gateway never answered (connection refused or lost): another endpoint may.
        self.reached_gateway = reached_gateway

    @property
    def field(self) -> Optional[str]:
        return self.details.get("error-field")

    @property
    def last_entry_id(self) -> Optional[int]:
        """The sealed end of the ledger (LEDGER_CLOSED, LEDGER_FENCED), when the gateway knows it."""
        return _int(self.details.get("last-entry-id"))

    @property
    def retry_after_s(self) -> Optional[float]:
        ms = _int(self.details.get("retry-after-ms"))
        return ms / 1000 if ms is not None else None

    @property
    def first_offset(self) -> Optional[int]:
        """OUT_OF_RANGE on a log: the first retained offset."""
        return _int(self.details.get("first-offset"))

    @property
    def last_sequence(self) -> Optional[int]:
        """SEQUENCE_CONFLICT: the producer's last accepted sequence."""
        return _int(self.details.get("last-sequence"))

    @classmethod
    def from_grpc(cls, err: grpc.RpcError) -> "QuireError":
        """From a grpc.RpcError (sync or grpc.aio); the class follows the status."""
        call = err  # grpc.Call and grpc.aio.AioRpcError share code()/details()/trailing_metadata()
        md: Dict[str, str] = {}
        for k, v in (call.trailing_metadata() or ()):
            if isinstance(v, bytes):
                continue
            md[k] = v
        status = call.code().name
        details = {k[len("quire-"):]: v for k, v in md.items() if k.startswith("quire-")}
        code = details.pop("error-code", None)
        reached = code is not None
        # Without trailers nothing says the request was not processed, but a read or an exactly-once
        # append may always be sent again; the transport retries only those.
        retryable = details["retryable"] == "true" if "retryable" in details else status in ("UNAVAILABLE", "DEADLINE_EXCEEDED")
        return error_for(code or status, call.details() or "", retryable=retryable,
                         status=status, details=details, reached_gateway=reached)


class InvalidArgument(QuireError):
    """INVALID_ARGUMENT: BAD_REQUEST, ENTRY_TOO_LARGE, BLOB_DIGEST_MISMATCH, BLOB_TOO_LARGE, ..."""


class NotFound(QuireError):
    """NOT_FOUND: NO_SUCH_LEDGER, NO_SUCH_LOG, NO_SUCH_CURSOR, BLOB_NOT_FOUND, ..."""


class AlreadyExists(QuireError):
    """ALREADY_EXISTS: LOG_EXISTS, LEDGER_EXISTS, BLOB_EXISTS."""


class Conflict(QuireError):
    """FAILED_PRECONDITION / ABORTED: LEDGER_CLOSED, LEDGER_FENCED, APPEND_CONFLICT,
    SEQUENCE_CONFLICT, CURSOR_CONFLICT, ..."""


class OutOfRange(QuireError):
    """OUT_OF_RANGE: below a log's first offset, a blob range outside the blob."""


class Unauthenticated(QuireError):
    """UNAUTHENTICATED: the bearer token is missing, malformed, expired or badly signed."""


class PermissionDenied(QuireError):
    """PERMISSION_DENIED: the token does not grant this action (or a wrong ledger password)."""


class ResourceExhausted(QuireError):
    """RESOURCE_EXHAUSTED: TOO_MANY_REQUESTS (retryable), LOG_FULL (not)."""


class Unavailable(QuireError):
    """UNAVAILABLE / DEADLINE_EXCEEDED: gateway, bookies or metadata not reachable right now."""


class DataLoss(QuireError):
    """DATA_LOSS: DIGEST_MISMATCH (bytes failed their checksum), METADATA_CORRUPT."""


GRPC_STATUS_CLASSES: Dict[str, Type[QuireError]] = {
    "INVALID_ARGUMENT": InvalidArgument,
    "NOT_FOUND": NotFound,
    "ALREADY_EXISTS": AlreadyExists,
    "FAILED_PRECONDITION": Conflict,
    "ABORTED": Conflict,
    "OUT_OF_RANGE": OutOfRange,
    "UNAUTHENTICATED": Unauthenticated,
    "PERMISSION_DENIED": PermissionDenied,
    "RESOURCE_EXHAUSTED": ResourceExhausted,
    "UNAVAILABLE": Unavailable,
    "DEADLINE_EXCEEDED": Unavailable,
    "DATA_LOSS": DataLoss,
}


def error_for(code: str, message: str, *, retryable: bool, status: str,
              details: Optional[Mapping[str, str]] = None, reached_gateway: bool = True) -> QuireError:
    cls = GRPC_STATUS_CLASSES.get(status, QuireError)
    return cls(code, message, retryable=retryable, status=status, details=details, reached_gateway=reached_gateway)


def _int(v: Optional[str]) -> Optional[int]:
    try:
        return int(v) if v is not None else None
    except ValueError:
        return None
