"""Quire's gateway errors as Python exceptions, over gRPC and REST alike.

Every gateway error carries a stable code (LEDGER_CLOSED, NO_SUCH_LEDGER, ...) and whether
sending the same request again is safe: gRPC puts them in trailing metadata (quire-error-code,
quire-retryable, quire-retry-after-ms, quire-last-entry-id, quire-error-field), REST in the
application/problem+json body (code, retryable, field, lastEntryId) and Retry-After.
"""
from __future__ import annotations

import random
import time
from typing import Callable, Optional, TypeVar

T = TypeVar("T")


class QuireError(Exception):
    def __init__(self, code: str, message: str, *, retryable: bool, status: str,
                 field: Optional[str] = None, last_entry_id: Optional[int] = None,
                 retry_after_s: Optional[float] = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.retryable = retryable
        self.status = status  # gRPC status name or HTTP status code as text
        self.field = field
        self.last_entry_id = last_entry_id
        self.retry_after_s = retry_after_s

    @classmethod
    def from_grpc(cls, err) -> "QuireError":
        """From a grpc.RpcError. A failure without Quire's trailers (the gateway was never
        reached) keeps gRPC's status name as its code and counts as retryable only for
        UNAVAILABLE, where gRPC guarantees nothing was processed... except that a connection
        lost mid-call may have delivered the request: so only retry writes that carry a
        producer id and sequence."""
        md = {k: v for k, v in (err.trailing_metadata() or ())}
        status = err.code().name
        code = md.get("quire-error-code") or status
        if "quire-retryable" in md:
            retryable = md["quire-retryable"] == "true"
        else:
            retryable = status in ("UNAVAILABLE",)
        last = md.get("quire-last-entry-id")
        after = md.get("quire-retry-after-ms")
        return cls(code, err.details() or "", retryable=retryable, status=status,
                   field=md.get("quire-error-field"),
                   last_entry_id=int(last) if last is not None else None,
                   retry_after_s=int(after) / 1000 if after is not None else None)

    @classmethod
    def from_problem(cls, response) -> "QuireError":
        """From a requests.Response carrying application/problem+json."""
        try:
            p = response.json()
        except ValueError:
            p = {}
        after = response.headers.get("Retry-After")
        last = p.get("lastEntryId")
        return cls(p.get("code", f"HTTP_{response.status_code}"), p.get("detail") or p.get("title") or response.reason,
                   retryable=bool(p.get("retryable", response.status_code in (429, 503))),
                   status=str(response.status_code), field=p.get("field"),
                   last_entry_id=int(last) if last is not None else None,
                   retry_after_s=float(after) if after is not None else None)


def with_retries(call: Callable[[], T], *, attempts: int = 5, base_delay_s: float = 0.05) -> T:
    """Runs call(); retries only errors whose retryable flag is true, with jittered backoff
    (or the server's Retry-After). Use it for reads, and for appends that carry a producer id and
    sequence (exactly-once: a retry returns the first receipt instead of writing twice)."""
    for attempt in range(1, attempts + 1):
        try:
            return call()
        except QuireError as e:
            if not e.retryable or attempt == attempts:
                raise
            delay = e.retry_after_s if e.retry_after_s is not None else base_delay_s * 2 ** (attempt - 1)
            time.sleep(delay * (0.5 + random.random()))
    raise AssertionError("unreachable")
