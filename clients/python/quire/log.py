"""Named logs, synchronously: `Log` (one call per method), `Producer` (automatic exactly-once
sequences, batching with linger and size bounds, retries of retryable errors only, a bounded
queue that blocks the sender: flow control) and `Consumer` (a durable cursor, tailing across
segments, acknowledgements committed in the background of iteration). docs/logs.md describes
the semantics; the async twins are in quire.aio."""
from __future__ import annotations

import threading
import time
import uuid
from collections import deque
from concurrent.futures import Future
from typing import TYPE_CHECKING, Deque, Iterator, List, Optional, Sequence, Tuple, Union

import grpc

from quire.errors import AlreadyExists, QuireError, ResourceExhausted, Unavailable
from quire.transport import RetryPolicy
from quire.types import Bytes, Cursor, Receipt, Record, RecordIn, RecordPage, log_append_request, log_create_request
from quire.v1 import log_pb2

if TYPE_CHECKING:
    from quire.client import Client

#: A producer keeps retrying what is safe to retry for about two minutes (a gateway's death is
#: noticed by the cluster after its metadata session expires).
PRODUCER_RETRY = RetryPolicy(attempts=60, base_delay_s=0.05, max_delay_s=2.0)


def default_first_sequence() -> int:
    """The current time in microseconds: a restarted producer with the same id stays above its
    earlier sequences (the gateway refuses a sequence at or below the last one it accepted)."""
    return time.time_ns() // 1000


class Log:
    def __init__(self, client: "Client", name: str) -> None:
        self._t = client._transport
        self.name = name

    def create(self, *, exist_ok: bool = False, **opts: int) -> log_pb2.LogInfo:
        """Creates the log; options as log_create_request (ensemble_size, rollover_max_entries, ...).
        exist_ok: a log of that name (LOG_EXISTS) is fine, whatever its settings; returns its info."""
        try:
            info: log_pb2.LogInfo = self._t.unary("log", "CreateLog", log_create_request(self.name, **opts), idempotent=False)
            return info
        except AlreadyExists:
            if not exist_ok:
                raise
            return self.info()

    def info(self) -> log_pb2.LogInfo:
        info: log_pb2.LogInfo = self._t.unary("log", "GetLog", log_pb2.GetLogRequest(name=self.name), idempotent=True)
        return info

    def delete(self) -> None:
        self._t.unary("log", "DeleteLog", log_pb2.DeleteLogRequest(name=self.name), idempotent=True)

    def append(self, records: Sequence[Union[RecordIn, Bytes]], *, producer_id: Optional[str] = None,
               sequence: Optional[int] = None, expected_offset: Optional[int] = None,
               retry: Optional[RetryPolicy] = None) -> List[Receipt]:
        """Appends a batch (record i gets sequence + i). Retried only with a producer id and sequence."""
        exactly_once = bool(producer_id) and sequence is not None
        r = self._t.unary("log", "Append", log_append_request(self.name, records, producer_id, sequence, expected_offset),
                          idempotent=False, exactly_once=exactly_once, retry=retry)
        return [Receipt.from_pb(x) for x in r.receipts]

    def read(self, from_offset: Optional[int] = None, *, max_records: int = 0, max_bytes: int = 0) -> RecordPage:
        req = log_pb2.LogReadRequest(name=self.name, max_records=max_records, max_bytes=max_bytes)
        if from_offset is not None:
            req.from_offset = from_offset
        return RecordPage.from_pb(self._t.unary("log", "Read", req, idempotent=True))

    def truncate(self, before: int) -> int:
        """Drops whole segments below `before`; returns the new first offset."""
        r = self._t.unary("log", "Truncate", log_pb2.TruncateLogRequest(name=self.name, before_offset=before), idempotent=True)
        return int(r.first_offset)

    def get_cursor(self, cursor: str) -> Cursor:
        return Cursor.from_pb(self._t.unary("log", "GetCursor", log_pb2.GetCursorRequest(name=self.name, cursor=cursor), idempotent=True))

    def set_cursor(self, cursor: str, offset: int, *, expected_version: Optional[int] = None) -> Cursor:
        """expected_version -1 creates only; n writes only at version n (CURSOR_CONFLICT otherwise)."""
        req = log_pb2.SetCursorRequest(name=self.name, cursor=cursor, offset=offset)
        if expected_version is not None:
            req.expected_version = expected_version
        return Cursor.from_pb(self._t.unary("log", "SetCursor", req, idempotent=expected_version is not None))

    def advance_cursor(self, cursor: str, offset: int) -> Cursor:
        """Acknowledges every record below `offset` (moves forward only; safe to retry)."""
        req = log_pb2.AdvanceCursorRequest(name=self.name, cursor=cursor, offset=offset)
        return Cursor.from_pb(self._t.unary("log", "AdvanceCursor", req, idempotent=True))

    def producer(self, **opts: object) -> "Producer":
        return Producer(self, **opts)  # type: ignore[arg-type]

    def consumer(self, cursor: str, **opts: object) -> "Consumer":
        return Consumer(self, cursor, **opts)  # type: ignore[arg-type]


class Producer:
    """Records go out in batches, one batch in flight at a time (so the log keeps the producer's
    order), each with the next sequences of `producer_id`. A batch that fails with a retryable error
    (or a lost connection, or an unknown outcome) is sent again with the same sequences, through
    whichever endpoint answers: exactly-once, so never duplicated. Other errors fail that batch's
    futures; their sequences are skipped (gaps are allowed). A batch closes at `max_batch_records`,
    at `max_batch_bytes`, or `linger_s` after its first record. At most `max_queued_records` wait:
    send() blocks up to `block_s` for room, then raises ResourceExhausted (TOO_MANY_REQUESTS)."""

    def __init__(self, log: Log, *, producer_id: Optional[str] = None, first_sequence: Optional[int] = None,
                 max_batch_records: int = 100, max_batch_bytes: int = 1 << 20, linger_s: float = 0.005,
                 max_queued_records: int = 10_000, block_s: float = 30.0, retry: RetryPolicy = PRODUCER_RETRY) -> None:
        self.log = log
        self.producer_id = producer_id or f"p-{uuid.uuid4()}"
        self._sequence = first_sequence if first_sequence is not None else default_first_sequence()
        self._max_records, self._max_bytes, self._linger = max_batch_records, max_batch_bytes, linger_s
        self._max_queued, self._block_s, self._retry = max_queued_records, block_s, retry
        self._queue: Deque[Tuple[RecordIn, "Future[Receipt]"]] = deque()
        self._queued_bytes = 0
        self._in_flight = 0
        self._flushing = 0
        self._closed = False
        self._cv = threading.Condition()
        self._thread: Optional[threading.Thread] = None

    def send(self, data: Union[RecordIn, Bytes], *, key: Optional[Bytes] = None,
             headers: Sequence[Tuple[str, Bytes]] = (), timestamp_ms: Optional[int] = None) -> "Future[Receipt]":
        """Queues one record; the future resolves with its receipt once an ack quorum fsync'd it."""
        rec = data if isinstance(data, RecordIn) else RecordIn(data, key, headers, timestamp_ms)
        fut: "Future[Receipt]" = Future()
        with self._cv:
            if self._closed:
                raise Unavailable("SHUTTING_DOWN", "producer is closed", retryable=False, status="UNAVAILABLE")
            deadline = time.monotonic() + self._block_s
            while len(self._queue) >= self._max_queued:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise ResourceExhausted("TOO_MANY_REQUESTS", f"producer queue holds {len(self._queue)} records "
                                            f"(limit {self._max_queued})", retryable=True, status="RESOURCE_EXHAUSTED")
                self._cv.wait(left)
            self._queue.append((rec, fut))
            self._queued_bytes += rec.size()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=f"quire-producer-{self.producer_id}", daemon=True)
                self._thread.start()
            self._cv.notify_all()
        return fut

    def _full(self) -> bool:
        return len(self._queue) >= self._max_records or self._queued_bytes >= self._max_bytes

    def _take(self) -> List[Tuple[RecordIn, "Future[Receipt]"]]:
        batch: List[Tuple[RecordIn, "Future[Receipt]"]] = []
        size = 0
        while self._queue and len(batch) < self._max_records:
            s = self._queue[0][0].size()
            if batch and size + s > self._max_bytes:
                break
            batch.append(self._queue.popleft())
            size += s
        self._queued_bytes -= size
        return batch

    def _run(self) -> None:
        while True:
            with self._cv:
                while not self._queue and not self._closed:
                    self._cv.wait()
                if not self._queue:
                    return
                until = time.monotonic() + self._linger
                while not self._full() and not self._closed and not self._flushing:
                    left = until - time.monotonic()
                    if left <= 0:
                        break
                    self._cv.wait(left)
                batch = self._take()
                first = self._sequence
                self._sequence += len(batch)
                self._in_flight += len(batch)
                self._cv.notify_all()
            try:
                receipts = self.log.append([r for r, _ in batch], producer_id=self.producer_id, sequence=first, retry=self._retry)
                for (_, f), rc in zip(batch, receipts):
                    f.set_result(rc)
            except BaseException as e:  # every future must settle, whatever went wrong
                for _, f in batch:
                    f.set_exception(e)
            finally:
                with self._cv:
                    self._in_flight -= len(batch)
                    self._cv.notify_all()

    def flush(self) -> None:
        """Waits until every record sent so far is acknowledged or failed."""
        with self._cv:
            self._flushing += 1
            self._cv.notify_all()
            try:
                while self._queue or self._in_flight:
                    self._cv.wait()
            finally:
                self._flushing -= 1

    def close(self) -> None:
        with self._cv:
            self._closed = True
            self._cv.notify_all()
        self.flush()
        if self._thread is not None:
            self._thread.join()

    def __enter__(self) -> "Producer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Consumer:
    """Reads a log through a durable cursor: iterating yields every committed record from the
    cursor's offset on, in order, across segments (the gateway's Tail stream, resumed after any
    retryable failure); `ack(offset)` marks everything up to it done, and the cursor advances every
    `commit_interval_s` while iterating, on commit() and on close(). After a crash the next
    consumer of the cursor restarts at the last committed offset: records after it are seen again
    (at-least-once), none is skipped."""

    def __init__(self, log: Log, cursor: str, *, start_at: Union[str, int] = "earliest", commit_interval_s: float = 1.0,
                 wait_s: float = 10.0, max_records: int = 0, retry: Optional[RetryPolicy] = None) -> None:
        self.log, self.cursor = log, cursor
        self._start_at, self._interval, self._wait, self._max = start_at, commit_interval_s, wait_s, max_records
        self._retry = retry or PRODUCER_RETRY
        self._acked: Optional[int] = None
        self._committed: Optional[int] = None
        self._last_commit = time.monotonic()
        self._stopped = False
        self._call: Optional[grpc.Call] = None

    def position(self) -> int:
        """Where iteration starts: the cursor's offset, or (no cursor yet) start_at."""
        try:
            return self.log.get_cursor(self.cursor).offset
        except QuireError as e:
            if e.code != "NO_SUCH_CURSOR":
                raise
        if isinstance(self._start_at, int):
            return self._start_at
        info = self.log.info()
        return int(info.next_offset if self._start_at == "latest" else info.first_offset)

    def __iter__(self) -> Iterator[Record]:
        return self.records()

    def records(self) -> Iterator[Record]:
        t = self.log._t
        nxt = self.position()
        self._committed = nxt
        attempt = 1
        while not self._stopped:
            req = log_pb2.LogTailRequest(name=self.log.name, from_offset=nxt, wait_ms=int(self._wait * 1000), max_records=self._max)
            call = self._call = t.call("log", "Tail", req)
            try:
                for msg in call:
                    attempt = 1
                    for r in msg.records:
                        yield Record.from_pb(r)
                        nxt = r.offset + 1
                        self._maybe_commit()
                    self._maybe_commit()
            except grpc.RpcError as e:
                if self._stopped:
                    return
                err = QuireError.from_grpc(e)
                t.failed(err)
                if not err.retryable or attempt >= self._retry.attempts:
                    raise err from None
                time.sleep(self._retry.delay(attempt, err))
                attempt += 1
            finally:
                call.cancel()

    def ack(self, offset: int) -> None:
        """Everything up to and including `offset` is processed."""
        if self._acked is None or offset > self._acked:
            self._acked = offset

    def _maybe_commit(self) -> None:
        if time.monotonic() - self._last_commit >= self._interval:
            self.commit()

    def commit(self) -> None:
        """Advances the durable cursor to the last acknowledged offset + 1."""
        self._last_commit = time.monotonic()
        if self._acked is None:
            return
        to = self._acked + 1
        if self._committed is not None and to <= self._committed:
            return
        self.log.advance_cursor(self.cursor, to)
        self._committed = to

    def close(self) -> None:
        """Stops iteration (also from another thread) and commits what was acknowledged."""
        self._stopped = True
        if self._call is not None:
            self._call.cancel()
        self.commit()

    def __enter__(self) -> "Consumer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
