"""The asyncio SDK (grpc.aio): AsyncClient, with the same concept map and semantics as the sync
Client (quire.client, quire.log, quire.blob, quire.ledger document them); only the calling
convention differs. AsyncProducer.send() awaits room in the bounded queue (flow control) and then
the record's receipt; send_nowait() returns the future at once."""
from __future__ import annotations

import asyncio
import hashlib
import time
import uuid
from collections import deque
from typing import Any, AsyncIterator, Deque, Dict, List, Optional, Sequence, Tuple, Union

import grpc

from quire.blob import CHUNK_BYTES, Source, chunks_of, digest_mismatch, put_header, sha256_of
from quire.errors import AlreadyExists, QuireError, ResourceExhausted, Unavailable
from quire.ledger import append_request, create_request
from quire.log import PRODUCER_RETRY, default_first_sequence
from quire.transport import AsyncTransport, RetryPolicy, Tls, TokenSource
from quire.types import BlobInfo, Bytes, Cursor, Receipt, Record, RecordIn, RecordPage, log_append_request, log_create_request, to_bytes
from quire.v1 import blob_pb2, ledger_pb2, log_pb2


class AsyncClient:
    """AsyncClient(endpoint, token=..., tls=..., timeout=...): as quire.Client, for asyncio."""

    def __init__(self, endpoint: Union[str, Sequence[str]], *, token: Optional[TokenSource] = None,
                 tls: Union[Tls, bool, None] = None, timeout: float = 30.0, retry: Optional[RetryPolicy] = None) -> None:
        self._transport = AsyncTransport(endpoint, token=token, tls=tls, timeout=timeout, retry=retry)

    def log(self, name: str) -> "AsyncLog":
        return AsyncLog(self._transport, name)

    def blob(self, name: str) -> "AsyncBlob":
        return AsyncBlob(self._transport, name)

    def ledger(self, ledger_id: int, *, password: Bytes = b"") -> "AsyncLedger":
        return AsyncLedger(self._transport, ledger_id, password)

    async def create_ledger(self, *, password: Bytes = b"", **opts: Any) -> "AsyncLedger":
        info = await self._transport.unary("ledger", "CreateLedger", create_request(password=password, **opts), idempotent=False)
        return AsyncLedger(self._transport, int(info.ledger_id), password)

    async def close(self) -> None:
        await self._transport.close()

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


class AsyncLog:
    def __init__(self, t: AsyncTransport, name: str) -> None:
        self._t, self.name = t, name

    async def create(self, *, exist_ok: bool = False, **opts: int) -> log_pb2.LogInfo:
        try:
            info: log_pb2.LogInfo = await self._t.unary("log", "CreateLog", log_create_request(self.name, **opts), idempotent=False)
            return info
        except AlreadyExists:
            if not exist_ok:
                raise
            return await self.info()

    async def info(self) -> log_pb2.LogInfo:
        info: log_pb2.LogInfo = await self._t.unary("log", "GetLog", log_pb2.GetLogRequest(name=self.name), idempotent=True)
        return info

    async def delete(self) -> None:
        await self._t.unary("log", "DeleteLog", log_pb2.DeleteLogRequest(name=self.name), idempotent=True)

    async def append(self, records: Sequence[Union[RecordIn, Bytes]], *, producer_id: Optional[str] = None,
                     sequence: Optional[int] = None, expected_offset: Optional[int] = None,
                     retry: Optional[RetryPolicy] = None) -> List[Receipt]:
        exactly_once = bool(producer_id) and sequence is not None
        r = await self._t.unary("log", "Append", log_append_request(self.name, records, producer_id, sequence, expected_offset),
                                idempotent=False, exactly_once=exactly_once, retry=retry)
        return [Receipt.from_pb(x) for x in r.receipts]

    async def read(self, from_offset: Optional[int] = None, *, max_records: int = 0, max_bytes: int = 0) -> RecordPage:
        req = log_pb2.LogReadRequest(name=self.name, max_records=max_records, max_bytes=max_bytes)
        if from_offset is not None:
            req.from_offset = from_offset
        return RecordPage.from_pb(await self._t.unary("log", "Read", req, idempotent=True))

    async def get_cursor(self, cursor: str) -> Cursor:
        return Cursor.from_pb(await self._t.unary("log", "GetCursor", log_pb2.GetCursorRequest(name=self.name, cursor=cursor), idempotent=True))

    async def advance_cursor(self, cursor: str, offset: int) -> Cursor:
        req = log_pb2.AdvanceCursorRequest(name=self.name, cursor=cursor, offset=offset)
        return Cursor.from_pb(await self._t.unary("log", "AdvanceCursor", req, idempotent=True))

    def producer(self, **opts: Any) -> "AsyncProducer":
        return AsyncProducer(self, **opts)

    def consumer(self, cursor: str, **opts: Any) -> "AsyncConsumer":
        return AsyncConsumer(self, cursor, **opts)


class AsyncProducer:
    """quire.log.Producer for asyncio: same batching, sequences, retries and bounds."""

    def __init__(self, log: AsyncLog, *, producer_id: Optional[str] = None, first_sequence: Optional[int] = None,
                 max_batch_records: int = 100, max_batch_bytes: int = 1 << 20, linger_s: float = 0.005,
                 max_queued_records: int = 10_000, retry: RetryPolicy = PRODUCER_RETRY) -> None:
        self.log = log
        self.producer_id = producer_id or f"p-{uuid.uuid4()}"
        self._sequence = first_sequence if first_sequence is not None else default_first_sequence()
        self._max_records, self._max_bytes, self._linger = max_batch_records, max_batch_bytes, linger_s
        self._max_queued, self._retry = max_queued_records, retry
        self._queue: Deque[Tuple[RecordIn, "asyncio.Future[Receipt]"]] = deque()
        self._queued_bytes = 0
        self._closed = False
        self._flushing = 0
        self._changed = asyncio.Event()
        self._room = asyncio.Event()
        self._task: Optional["asyncio.Task[None]"] = None

    def send_nowait(self, data: Union[RecordIn, Bytes]) -> "asyncio.Future[Receipt]":
        if self._closed:
            raise Unavailable("SHUTTING_DOWN", "producer is closed", retryable=False, status="UNAVAILABLE")
        if len(self._queue) >= self._max_queued:
            raise ResourceExhausted("TOO_MANY_REQUESTS", f"producer queue holds {len(self._queue)} records "
                                    f"(limit {self._max_queued})", retryable=True, status="RESOURCE_EXHAUSTED")
        rec = data if isinstance(data, RecordIn) else RecordIn(data)
        fut: "asyncio.Future[Receipt]" = asyncio.get_running_loop().create_future()
        self._queue.append((rec, fut))
        self._queued_bytes += rec.size()
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())
        self._changed.set()
        return fut

    async def send(self, data: Union[RecordIn, Bytes]) -> Receipt:
        while len(self._queue) >= self._max_queued and not self._closed:
            self._room.clear()
            await self._room.wait()
        return await self.send_nowait(data)

    def _full(self) -> bool:
        """A batch goes out: full by count or bytes, or no reason to linger (flush, close)."""
        return len(self._queue) >= self._max_records or self._queued_bytes >= self._max_bytes or self._closed or self._flushing > 0

    async def _run(self) -> None:
        while self._queue:
            if not self._full():
                until = time.monotonic() + self._linger
                while not self._full():
                    left = until - time.monotonic()
                    if left <= 0:
                        break
                    self._changed.clear()
                    try:
                        await asyncio.wait_for(self._changed.wait(), left)
                    except asyncio.TimeoutError:
                        break
            batch: List[Tuple[RecordIn, "asyncio.Future[Receipt]"]] = []
            size = 0
            while self._queue and len(batch) < self._max_records:
                s = self._queue[0][0].size()
                if batch and size + s > self._max_bytes:
                    break
                batch.append(self._queue.popleft())
                size += s
            self._queued_bytes -= size
            self._room.set()
            first = self._sequence
            self._sequence += len(batch)
            try:
                receipts = await self.log.append([r for r, _ in batch], producer_id=self.producer_id, sequence=first, retry=self._retry)
                for (_, f), rc in zip(batch, receipts):
                    if not f.done():
                        f.set_result(rc)
            except Exception as e:
                for _, f in batch:
                    if not f.done():
                        f.set_exception(e)
        self._task = None

    async def flush(self) -> None:
        """Waits until every record sent so far is acknowledged or failed."""
        self._flushing += 1
        self._changed.set()
        try:
            while self._task is not None:
                await asyncio.shield(self._task)
        finally:
            self._flushing -= 1

    async def close(self) -> None:
        self._closed = True
        await self.flush()


class AsyncConsumer:
    """quire.log.Consumer for asyncio: `async for record in consumer`."""

    def __init__(self, log: AsyncLog, cursor: str, *, start_at: Union[str, int] = "earliest", commit_interval_s: float = 1.0,
                 wait_s: float = 10.0, max_records: int = 0, retry: Optional[RetryPolicy] = None) -> None:
        self.log, self.cursor = log, cursor
        self._start_at, self._interval, self._wait, self._max = start_at, commit_interval_s, wait_s, max_records
        self._retry = retry or PRODUCER_RETRY
        self._acked: Optional[int] = None
        self._committed: Optional[int] = None
        self._last_commit = time.monotonic()
        self._stopped = False
        self._call: Any = None

    async def position(self) -> int:
        try:
            return (await self.log.get_cursor(self.cursor)).offset
        except QuireError as e:
            if e.code != "NO_SUCH_CURSOR":
                raise
        if isinstance(self._start_at, int):
            return self._start_at
        info = await self.log.info()
        return int(info.next_offset if self._start_at == "latest" else info.first_offset)

    def __aiter__(self) -> AsyncIterator[Record]:
        return self.records()

    async def records(self) -> AsyncIterator[Record]:
        t = self.log._t
        nxt = await self.position()
        self._committed = nxt
        attempt = 1
        while not self._stopped:
            req = log_pb2.LogTailRequest(name=self.log.name, from_offset=nxt, wait_ms=int(self._wait * 1000), max_records=self._max)
            call = self._call = t.call("log", "Tail", req)
            try:
                async for msg in call:
                    attempt = 1
                    for r in msg.records:
                        yield Record.from_pb(r)
                        nxt = r.offset + 1
                        await self._maybe_commit()
                    await self._maybe_commit()
            except grpc.RpcError as e:
                if self._stopped:
                    return
                err = QuireError.from_grpc(e)
                t.failed(err)
                if not err.retryable or attempt >= self._retry.attempts:
                    raise err from None
                await asyncio.sleep(self._retry.delay(attempt, err))
                attempt += 1
            finally:
                call.cancel()

    def ack(self, offset: int) -> None:
        if self._acked is None or offset > self._acked:
            self._acked = offset

    async def _maybe_commit(self) -> None:
        if time.monotonic() - self._last_commit >= self._interval:
            await self.commit()

    async def commit(self) -> None:
        self._last_commit = time.monotonic()
        if self._acked is None:
            return
        to = self._acked + 1
        if self._committed is not None and to <= self._committed:
            return
        await self.log.advance_cursor(self.cursor, to)
        self._committed = to

    async def close(self) -> None:
        self._stopped = True
        if self._call is not None:
            self._call.cancel()
        await self.commit()


class AsyncBlob:
    def __init__(self, t: AsyncTransport, name: str) -> None:
        self._t, self.name = t, name

    async def upload(self, data: Source, *, content_type: str = "application/octet-stream", metadata: Optional[Dict[str, str]] = None,
                     sha256: Union[bytes, str, None] = None, if_none_match: bool = False, size: Optional[int] = None,
                     chunk_bytes: int = CHUNK_BYTES, timeout: Optional[float] = None) -> BlobInfo:
        digest = sha256 if sha256 is not None else sha256_of(data)
        if size is None and isinstance(data, (bytes, bytearray, memoryview)):
            size = len(data)
        h = hashlib.sha256()

        async def requests() -> AsyncIterator[blob_pb2.PutBlobRequest]:
            yield put_header(self.name, digest, content_type, metadata, if_none_match, size)
            for c in chunks_of(data, chunk_bytes):
                h.update(c)
                yield blob_pb2.PutBlobRequest(data=c)
        r = await self._t.unary("blob", "PutBlob", requests(), idempotent=False, timeout=timeout or 3600.0)
        info = BlobInfo.from_pb(r.info)
        if info.sha256 != h.hexdigest():
            raise digest_mismatch(self.name)
        return info

    async def chunks(self, *, offset: int = 0, length: int = 0) -> AsyncIterator[bytes]:
        """The blob's bytes in chunks; a whole-blob read is checked against its digest at the end."""
        call = self._t.call("blob", "GetBlob", blob_pb2.GetBlobRequest(name=self.name, offset=offset, length=length))
        h = hashlib.sha256()
        info: Optional[BlobInfo] = None
        try:
            async for m in call:
                if m.HasField("info"):
                    info = BlobInfo.from_pb(m.info)
                    continue
                h.update(m.data)
                yield m.data
        except grpc.RpcError as e:
            raise QuireError.from_grpc(e) from None
        finally:
            call.cancel()
        if offset == 0 and length == 0 and (info is None or h.hexdigest() != info.sha256):
            raise digest_mismatch(self.name)

    async def read(self) -> bytes:
        return b"".join([c async for c in self.chunks()])

    async def stat(self) -> BlobInfo:
        return BlobInfo.from_pb(await self._t.unary("blob", "StatBlob", blob_pb2.StatBlobRequest(name=self.name), idempotent=True))

    async def delete(self) -> None:
        await self._t.unary("blob", "DeleteBlob", blob_pb2.DeleteBlobRequest(name=self.name), idempotent=True)


class AsyncLedger:
    def __init__(self, t: AsyncTransport, ledger_id: int, password: Bytes = b"") -> None:
        self._t, self.ledger_id, self.password = t, ledger_id, to_bytes(password)

    async def append(self, data: Bytes, *, producer_id: Optional[str] = None, sequence: Optional[int] = None,
                     expected_entry_id: Optional[int] = None) -> ledger_pb2.DurabilityReceipt:
        req = append_request(self.ledger_id, data, self.password, producer_id, sequence, expected_entry_id)
        r: ledger_pb2.DurabilityReceipt = await self._t.unary("ledger", "Append", req, idempotent=False,
                                                               exactly_once=bool(producer_id) and sequence is not None)
        return r

    async def read(self, entry_id: int) -> bytes:
        req = ledger_pb2.ReadEntryRequest(ledger_id=self.ledger_id, entry_id=entry_id, password=self.password)
        return bytes((await self._t.unary("ledger", "ReadEntry", req, idempotent=True)).data)

    async def close(self) -> ledger_pb2.SealResult:
        r: ledger_pb2.SealResult = await self._t.unary("ledger", "Close", ledger_pb2.CloseRequest(
            ledger_id=self.ledger_id, password=self.password), idempotent=True)
        return r

    async def delete(self) -> None:
        await self._t.unary("ledger", "Delete", ledger_pb2.DeleteRequest(ledger_id=self.ledger_id, password=self.password), idempotent=True)
