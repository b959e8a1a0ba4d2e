"""Blobs, synchronously: uploads and downloads streamed over gRPC in chunks, with SHA-256 checks
at both ends. Upload: the digest (computed from bytes or a seekable file, or given) travels in
the header and the gateway refuses a mismatch (BLOB_DIGEST_MISMATCH, nothing becomes visible); a
one-pass stream is hashed as it goes and checked against the committed blob's digest. Download:
the bytes are hashed as they arrive and a whole-blob read that does not match the blob's digest
raises DataLoss (DIGEST_MISMATCH) at its end."""
from __future__ import annotations

import hashlib
from typing import IO, TYPE_CHECKING, Any, Dict, Iterable, Iterator, Optional, Union

import grpc

from quire.errors import DataLoss, QuireError
from quire.types import BlobInfo
from quire.v1 import blob_pb2

if TYPE_CHECKING:
    from quire.client import Client

#: About 1 MiB per message works well (blob.proto).
CHUNK_BYTES = 1 << 20

Source = Union[bytes, bytearray, memoryview, IO[bytes], Iterable[bytes]]


def digest_mismatch(name: str) -> DataLoss:
    return DataLoss("DIGEST_MISMATCH", f"the bytes of blob {name} do not match its sha-256", retryable=True, status="DATA_LOSS")


def sha256_of(data: Source) -> Optional[bytes]:
    """The digest of bytes or a seekable file (rewound after); None for a one-pass stream."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        return hashlib.sha256(data).digest()
    seekable = getattr(data, "seekable", None)
    if callable(seekable) and seekable():
        f: IO[bytes] = data  # type: ignore[assignment]
        start = f.tell()
        h = hashlib.sha256()
        for chunk in iter(lambda: f.read(CHUNK_BYTES), b""):
            h.update(chunk)
        f.seek(start)
        return h.digest()
    return None


def chunks_of(data: Source, chunk_bytes: int) -> Iterator[bytes]:
    if isinstance(data, (bytes, bytearray, memoryview)):
        mv = memoryview(data)
        for i in range(0, len(mv), chunk_bytes):
            yield bytes(mv[i:i + chunk_bytes])
    elif callable(getattr(data, "read", None)):
        f: IO[bytes] = data  # type: ignore[assignment]
        yield from iter(lambda: f.read(chunk_bytes), b"")
    else:
        for c in data:
            yield bytes(c)


def put_header(name: str, digest: Union[bytes, str, None], content_type: str, metadata: Optional[Dict[str, str]],
               if_none_match: bool, size: Optional[int]) -> blob_pb2.PutBlobRequest:
    h = blob_pb2.PutBlobHeader(name=name, content_type=content_type, metadata=metadata or {}, if_none_match=if_none_match)
    if digest is not None:
        h.sha256 = bytes.fromhex(digest) if isinstance(digest, str) else digest
    if size is not None:
        h.size = size
    return blob_pb2.PutBlobRequest(header=h)


class Hashing:
    """Hashes the chunks it passes on (for the one-pass upload check)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.h = hashlib.sha256()
        self.chunks = chunks

    def requests(self, header: blob_pb2.PutBlobRequest) -> Iterator[blob_pb2.PutBlobRequest]:
        yield header
        for c in self.chunks:
            self.h.update(c)
            yield blob_pb2.PutBlobRequest(data=c)


class BlobReader:
    """A download in progress: `info` is known before the first byte; iterate for the chunks."""

    def __init__(self, name: str, info: BlobInfo, messages: Iterator[Any], call: Any, whole: bool) -> None:
        self.name, self.info = name, info
        self._messages, self._call, self._whole = messages, call, whole

    def __iter__(self) -> Iterator[bytes]:
        h = hashlib.sha256()
        try:
            for m in self._messages:
                h.update(m.data)
                yield m.data
        finally:
            self._call.cancel()
        if self._whole and h.hexdigest() != self.info.sha256:
            raise digest_mismatch(self.name)

    def read(self) -> bytes:
        return b"".join(self)

    def close(self) -> None:
        self._call.cancel()


class Blob:
    def __init__(self, client: "Client", name: str) -> None:
        self._t = client._transport
        self.name = name

    def upload(self, data: Source, *, content_type: str = "application/octet-stream", metadata: Optional[Dict[str, str]] = None,
               sha256: Union[bytes, str, None] = None, if_none_match: bool = False, size: Optional[int] = None,
               chunk_bytes: int = CHUNK_BYTES, timeout: Optional[float] = None) -> BlobInfo:
        """Streams `data` (bytes, a binary file, or an iterable of byte chunks) into the blob; it
        becomes visible (replacing an older one unless if_none_match) only when complete and checked.
        `sha256` (raw or hex) is what the bytes must hash to; by default it is computed when it can be."""
        digest = sha256 if sha256 is not None else sha256_of(data)
        if size is None and isinstance(data, (bytes, bytearray, memoryview)):
            size = len(data)
        hashing = Hashing(chunks_of(data, chunk_bytes))
        header = put_header(self.name, digest, content_type, metadata, if_none_match, size)
        r = self._t.unary("blob", "PutBlob", hashing.requests(header), idempotent=False, timeout=timeout or 3600.0)
        info = BlobInfo.from_pb(r.info)
        if info.sha256 != hashing.h.hexdigest():
            raise digest_mismatch(self.name)
        return info

    def open(self, *, offset: int = 0, length: int = 0) -> BlobReader:
        """Starts a download (a byte range with offset/length; 0 length = to the end)."""
        call = self._t.call("blob", "GetBlob", blob_pb2.GetBlobRequest(name=self.name, offset=offset, length=length))
        it = iter(call)
        try:
            first = next(it)
        except grpc.RpcError as e:
            raise QuireError.from_grpc(e) from None
        return BlobReader(self.name, BlobInfo.from_pb(first.info), _converted(it), call, offset == 0 and length == 0)

    def read(self) -> bytes:
        return self.open().read()

    def download_to(self, f: IO[bytes]) -> BlobInfo:
        r = self.open()
        for c in r:
            f.write(c)
        return r.info

    def stat(self) -> BlobInfo:
        return BlobInfo.from_pb(self._t.unary("blob", "StatBlob", blob_pb2.StatBlobRequest(name=self.name), idempotent=True))

    def delete(self) -> None:
        self._t.unary("blob", "DeleteBlob", blob_pb2.DeleteBlobRequest(name=self.name), idempotent=True)


def _converted(it: Iterator[Any]) -> Iterator[Any]:
    try:
        yield from it
    except grpc.RpcError as e:
        raise QuireError.from_grpc(e) from None
