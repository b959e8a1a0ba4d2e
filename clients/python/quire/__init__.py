"""Quire's Python SDK over the gateway's gRPC API.

    from quire import Client
    with Client("127.0.0.1:9090") as client:
        log = client.log("orders")
        with log.producer() as p:
            p.send(b"order 1").result()

Concepts (the same in every Quire SDK): Client (endpoints, TLS, token, timeouts); Log with a
Producer (exactly-once sequences, batching, retries) and a Consumer (durable cursor); Blob
(streamed, checksummed); Ledger (raw access); QuireError and its subclasses (stable codes).
AsyncClient (quire.aio) is the asyncio twin. The generated stubs are quire.v1.
"""
import os as _os

# From a checkout (not installed) the generated stubs live in ../gen/quire/v1 (where
# scripts/gen-clients.sh writes them); installed, they are the subpackage quire.v1 itself.
_gen = _os.path.join(_os.path.dirname(_os.path.dirname(_os.path.abspath(__file__))), "gen", "quire")
if not _os.path.isdir(_os.path.join(_os.path.dirname(_os.path.abspath(__file__)), "v1")) and _os.path.isdir(_gen):
    __path__.append(_gen)  # noqa: F821 (a package's __path__)

from quire.errors import (AlreadyExists, Conflict, DataLoss, InvalidArgument, NotFound, OutOfRange,  # noqa: E402
                          PermissionDenied, QuireError, ResourceExhausted, Unauthenticated, Unavailable)
from quire.transport import RetryPolicy, Tls, TokenSource  # noqa: E402
from quire.types import BlobInfo, Cursor, Receipt, Record, RecordIn, RecordPage  # noqa: E402
from quire.log import Consumer, Log, Producer  # noqa: E402
from quire.blob import Blob, BlobReader  # noqa: E402
from quire.ledger import Ledger  # noqa: E402
from quire.client import Client  # noqa: E402
from quire.aio import AsyncBlob, AsyncClient, AsyncConsumer, AsyncLedger, AsyncLog, AsyncProducer  # noqa: E402

__all__ = [
    "Client", "AsyncClient", "Log", "Producer", "Consumer", "Blob", "BlobReader", "Ledger",
    "AsyncLog", "AsyncProducer", "AsyncConsumer", "AsyncBlob", "AsyncLedger",
    "Tls", "RetryPolicy", "TokenSource", "Receipt", "Record", "RecordIn", "RecordPage", "Cursor", "BlobInfo",
    "QuireError", "InvalidArgument", "NotFound", "AlreadyExists", "Conflict", "OutOfRange", "Unauthenticated",
    "PermissionDenied", "ResourceExhausted", "Unavailable", "DataLoss",
]
