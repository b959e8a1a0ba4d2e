"""`Client`: one gateway connection (or several endpoints, tried in turn when one cannot be
reached) with TLS, a bearer token and a per-call timeout; the entry point to logs, blobs and
ledgers. The asyncio twin is quire.aio.AsyncClient."""
from __future__ import annotations

from typing import Any, List, Optional, Sequence, Union

from quire.blob import Blob
from quire.ledger import Ledger, create_request
from quire.log import Log
from quire.transport import RetryPolicy, SyncTransport, Tls, TokenSource
from quire.types import BlobInfo, Bytes
from quire.v1 import blob_pb2, ledger_pb2, log_pb2


class Client:
    """Client("127.0.0.1:9090", token=..., tls=Tls.files(ca="ca.pem"), timeout=30).

    `endpoint` is host:port of a gateway's gRPC port, or a list of them (a failure that never
    reached a gateway moves to the next). `token` is a bearer token or a function returning a
    fresh one. `tls` True uses the system roots; a Tls gives a CA and/or client certificate.
    `timeout` bounds each unary call (seconds); `retry` is the policy of retryable calls."""

    def __init__(self, endpoint: Union[str, Sequence[str]], *, token: Optional[TokenSource] = None,
                 tls: Union[Tls, bool, None] = None, timeout: float = 30.0, retry: Optional[RetryPolicy] = None) -> None:
        self._transport = SyncTransport(endpoint, token=token, tls=tls, timeout=timeout, retry=retry)

    def log(self, name: str) -> Log:
        return Log(self, name)

    def blob(self, name: str) -> Blob:
        return Blob(self, name)

    def ledger(self, ledger_id: int, *, password: Bytes = b"") -> Ledger:
        return Ledger(self, ledger_id, password)

    def create_ledger(self, *, password: Bytes = b"", **opts: Any) -> Ledger:
        """A new ledger (envelope format unless exactly_once=False); opts as ledger.create_request."""
        info = self._transport.unary("ledger", "CreateLedger", create_request(password=password, **opts), idempotent=False)
        return Ledger(self, int(info.ledger_id), password)

    def list_logs(self, prefix: str = "") -> List[str]:
        names: List[str] = []
        token = ""
        while True:
            r = self._transport.unary("log", "ListLogs", log_pb2.ListLogsRequest(prefix=prefix, page_token=token), idempotent=True)
            names.extend(r.names)
            token = r.next_page_token
            if not token:
                return names

    def list_blobs(self, prefix: str = "") -> List[BlobInfo]:
        out: List[BlobInfo] = []
        token = ""
        while True:
            r = self._transport.unary("blob", "ListBlobs", blob_pb2.ListBlobsRequest(prefix=prefix, page_token=token), idempotent=True)
            out.extend(BlobInfo.from_pb(b) for b in r.blobs)
            token = r.next_page_token
            if not token:
                return out

    def list_ledgers(self) -> List[int]:
        ids: List[int] = []
        token = ""
        while True:
            r = self._transport.unary("ledger", "List", ledger_pb2.ListRequest(page_token=token), idempotent=True)
            ids.extend(int(i) for i in r.ledger_ids)
            token = r.next_page_token
            if not token:
                return ids

    def close(self) -> None:
        self._transport.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
