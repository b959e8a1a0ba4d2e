"""gRPC transport shared by Client and AsyncClient: endpoints, TLS, bearer token, deadlines and
the one retry rule.

Retry rule: a call is sent again only when it is safe (reads, cursor advances, closes, and
appends that carry a producer id and sequence: exactly-once, so a retry returns the first
receipts) and the error says `retryable` (or, for an exactly-once append, APPEND_OUTCOME_UNKNOWN:
the gateway lost track of the outcome, which the same sequence resolves). Waits double from
`base_delay_s` up to `max_delay_s`, with jitter, or follow the gateway's retry-after. A failure
that never reached a gateway moves to the next endpoint, so a killed gateway is survived when the
client knows another.
"""
from __future__ import annotations

import asyncio
import random
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union

import grpc
import grpc.aio

from quire.errors import QuireError
from quire.v1 import blob_pb2_grpc, ledger_pb2_grpc, log_pb2_grpc

#: A bearer token, or a function returning a fresh one (called per request).
TokenSource = Union[str, Callable[[], str]]

STUBS: Dict[str, Callable[[Any], Any]] = {
    "ledger": ledger_pb2_grpc.LedgerServiceStub,
    "log": log_pb2_grpc.LogServiceStub,
    "blob": blob_pb2_grpc.BlobServiceStub,
}


@dataclass(frozen=True)
class Tls:
    """TLS to a gateway run with --tls-cert. PEM bytes; `ca` None means the system roots. `cert`
    and `key` are the client certificate for a gateway run with --tls-client-ca."""

    ca: Optional[bytes] = None
    cert: Optional[bytes] = None
    key: Optional[bytes] = None
    #: Name to check the server certificate against, when it differs from the endpoint's host.
    server_name: Optional[str] = None

    @classmethod
    def files(cls, ca: Optional[str] = None, cert: Optional[str] = None, key: Optional[str] = None,
              server_name: Optional[str] = None) -> "Tls":
        def read(p: Optional[str]) -> Optional[bytes]:
            if p is None:
                return None
            with open(p, "rb") as f:
                return f.read()
        return cls(ca=read(ca), cert=read(cert), key=read(key), server_name=server_name)


@dataclass(frozen=True)
class RetryPolicy:
    #: Tries in all (1 = no retry).
    attempts: int = 5
    base_delay_s: float = 0.05
    max_delay_s: float = 5.0

    def delay(self, attempt: int, err: QuireError) -> float:
        d = err.retry_after_s if err.retry_after_s is not None else self.base_delay_s * 2 ** (attempt - 1)
        return min(self.max_delay_s, d) * (0.5 + random.random())


def may_retry(err: QuireError, exactly_once: bool) -> bool:
    return err.retryable or (exactly_once and err.code == "APPEND_OUTCOME_UNKNOWN")


def _endpoints(endpoint: Union[str, Sequence[str]]) -> List[str]:
    eps = [endpoint] if isinstance(endpoint, str) else list(endpoint)
    out = [e.split("://", 1)[1] if "://" in e else e for e in eps]
    if not out:
        raise ValueError("at least one gateway endpoint (host:port) is needed")
    return out


class _Base:
    def __init__(self, endpoint: Union[str, Sequence[str]], *, token: Optional[TokenSource], tls: Union[Tls, bool, None],
                 timeout: float, retry: Optional[RetryPolicy]) -> None:
        self.endpoints = _endpoints(endpoint)
        self.token = token
        self.tls = Tls() if tls is True else (tls or None)
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self._current = 0
        self._channels: Dict[int, Any] = {}
        self._stubs: Dict[Tuple[int, str], Any] = {}
        # A producer's sender thread and the caller's thread share the channels.
        self._lock = threading.Lock()

    def metadata(self) -> Optional[List[Tuple[str, str]]]:
        if self.token is None:
            return None
        tok = self.token() if callable(self.token) else self.token
        return [("authorization", f"Bearer {tok}")]

    def _options(self) -> List[Tuple[str, Any]]:
        opts: List[Tuple[str, Any]] = [("grpc.max_receive_message_length", 64 << 20)]
        if self.tls is not None and self.tls.server_name:
            opts.append(("grpc.ssl_target_name_override", self.tls.server_name))
        return opts

    def _credentials(self) -> grpc.ChannelCredentials:
        t = self.tls
        assert t is not None
        return grpc.ssl_channel_credentials(root_certificates=t.ca, private_key=t.key, certificate_chain=t.cert)

    def _make_channel(self, target: str) -> Any:
        raise NotImplementedError

    def stub(self, service: str) -> Any:
        with self._lock:
            i = self._current
            s = self._stubs.get((i, service))
            if s is None:
                ch = self._channels.get(i)
                if ch is None:
                    ch = self._channels[i] = self._make_channel(self.endpoints[i])
                s = self._stubs[(i, service)] = STUBS[service](ch)
            return s

    def failed(self, err: QuireError) -> None:
        """After an error: one that never reached a gateway moves on to the next endpoint."""
        if not err.reached_gateway and len(self.endpoints) > 1:
            with self._lock:
                self._current = (self._current + 1) % len(self.endpoints)


class SyncTransport(_Base):
    def _make_channel(self, target: str) -> grpc.Channel:
        if self.tls is None:
            return grpc.insecure_channel(target, options=self._options())
        return grpc.secure_channel(target, self._credentials(), options=self._options())

    def unary(self, service: str, method: str, request: Any, *, idempotent: bool, exactly_once: bool = False,
              retry: Optional[RetryPolicy] = None, timeout: Optional[float] = None) -> Any:
        policy = retry or self.retry
        attempt = 1
        while True:
            try:
                return getattr(self.stub(service), method)(request, timeout=timeout or self.timeout, metadata=self.metadata())
            except grpc.RpcError as e:
                err = QuireError.from_grpc(e)
                self.failed(err)
                if not (idempotent or exactly_once) or not may_retry(err, exactly_once) or attempt >= policy.attempts:
                    raise err from None
                time.sleep(policy.delay(attempt, err))
                attempt += 1

    def call(self, service: str, method: str, request: Any, *, timeout: Optional[float] = None) -> Any:
        """A streaming call, not retried (the caller resumes at its own position)."""
        return getattr(self.stub(service), method)(request, timeout=timeout, metadata=self.metadata())

    def close(self) -> None:
        for ch in self._channels.values():
            ch.close()
        self._channels.clear()
        self._stubs.clear()


class AsyncTransport(_Base):
    def _make_channel(self, target: str) -> grpc.aio.Channel:
        if self.tls is None:
            return grpc.aio.insecure_channel(target, options=self._options())
        return grpc.aio.secure_channel(target, self._credentials(), options=self._options())

    async def unary(self, service: str, method: str, request: Any, *, idempotent: bool, exactly_once: bool = False,
                    retry: Optional[RetryPolicy] = None, timeout: Optional[float] = None) -> Any:
        policy = retry or self.retry
        attempt = 1
        while True:
            try:
                return await getattr(self.stub(service), method)(request, timeout=timeout or self.timeout, metadata=self.metadata())
            except grpc.RpcError as e:
                err = QuireError.from_grpc(e)
                self.failed(err)
                if not (idempotent or exactly_once) or not may_retry(err, exactly_once) or attempt >= policy.attempts:
                    raise err from None
                await asyncio.sleep(policy.delay(attempt, err))
                attempt += 1

    def call(self, service: str, method: str, request: Any, *, timeout: Optional[float] = None) -> Any:
        return getattr(self.stub(service), method)(request, timeout=timeout, metadata=self.metadata())

    async def close(self) -> None:
        for ch in self._channels.values():
            await ch.close()
        self._channels.clear()
        self._stubs.clear()
