"""The SDK's value types (plain dataclasses, ints for 64-bit ids and offsets) and their
conversions from and to the generated protobuf messages, shared by the sync and async clients."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple, Union

from quire.v1 import blob_pb2, log_pb2

Bytes = Union[bytes, bytearray, memoryview, str]


def to_bytes(v: Bytes) -> bytes:
    return v.encode() if isinstance(v, str) else bytes(v)


@dataclass(frozen=True)
class RecordIn:
    """A record to append. `headers` are (name, value) pairs."""
    data: Bytes
    key: Optional[Bytes] = None
    headers: Sequence[Tuple[str, Bytes]] = ()
    timestamp_ms: Optional[int] = None

    def size(self) -> int:
        return len(to_bytes(self.data)) + (len(to_bytes(self.key)) if self.key is not None else 0) + sum(
            len(n) + len(to_bytes(v)) for n, v in self.headers)

    def to_pb(self) -> log_pb2.RecordInput:
        r = log_pb2.RecordInput(data=to_bytes(self.data),
                                headers=[log_pb2.RecordHeader(name=n, value=to_bytes(v)) for n, v in self.headers])
        if self.key is not None:
            r.key = to_bytes(self.key)
        if self.timestamp_ms is not None:
            r.timestamp_ms = self.timestamp_ms
        return r


def record_in(r: Union[RecordIn, Bytes]) -> RecordIn:
    return r if isinstance(r, RecordIn) else RecordIn(data=r)


@dataclass(frozen=True)
class Receipt:
    """An appended record: its offset in the log, and where it lives (segment ledger and entry)."""
    offset: int
    ledger_id: int
    entry_id: int
    last_add_confirmed: int
    write_set: Tuple[str, ...]
    ack_quorum_size: int
    #: True when this is a retry of an append the gateway already had (exactly-once).
    duplicate: bool

    @classmethod
    def from_pb(cls, r: log_pb2.LogReceipt) -> "Receipt":
        return cls(r.offset, r.ledger_id, r.entry_id, r.last_add_confirmed, tuple(r.write_set), r.ack_quorum_size, r.duplicate)


@dataclass(frozen=True)
class Record:
    offset: int
    timestamp_ms: int
    data: bytes
    key: Optional[bytes] = None
    headers: Tuple[Tuple[str, bytes], ...] = ()
    producer_id: str = ""
    sequence: Optional[int] = None

    @classmethod
    def from_pb(cls, r: log_pb2.LogRecord) -> "Record":
        return cls(offset=r.offset, timestamp_ms=r.timestamp_ms, data=r.data,
                   key=r.key if r.HasField("key") else None,
                   headers=tuple((h.name, h.value) for h in r.headers),
                   producer_id=r.producer_id, sequence=r.sequence if r.HasField("sequence") else None)


@dataclass(frozen=True)
class RecordPage:
    records: List[Record]
    next_offset: int
    first_offset: int
    end_offset: int

    @classmethod
    def from_pb(cls, p: log_pb2.LogReadResponse) -> "RecordPage":
        return cls([Record.from_pb(r) for r in p.records], p.next_offset, p.first_offset, p.end_offset)


@dataclass(frozen=True)
class Cursor:
    name: str
    offset: int
    version: int
    updated_ms: int

    @classmethod
    def from_pb(cls, c: log_pb2.Cursor) -> "Cursor":
        return cls(c.name, c.offset, c.version, c.updated_ms)


@dataclass(frozen=True)
class BlobInfo:
    name: str
    size: int
    #: Hex SHA-256 of the whole blob.
    sha256: str
    content_type: str
    metadata: Dict[str, str] = field(default_factory=dict)
    ledger_id: int = 0
    chunk_bytes: int = 0
    created_at_ms: int = 0

    @classmethod
    def from_pb(cls, b: blob_pb2.BlobInfo) -> "BlobInfo":
        return cls(b.name, b.size, b.sha256, b.content_type, dict(b.metadata), b.ledger_id, b.chunk_bytes, b.created_at_ms)


def log_create_request(name: str, *, ensemble_size: int = 0, write_quorum_size: int = 0, ack_quorum_size: int = 0,
                       rollover_max_entries: int = 0, rollover_max_bytes: int = 0, rollover_max_age_ms: int = 0,
                       retention_max_age_ms: Optional[int] = None, retention_max_bytes: Optional[int] = None) -> log_pb2.CreateLogRequest:
    req = log_pb2.CreateLogRequest(name=name, ensemble_size=ensemble_size, write_quorum_size=write_quorum_size,
                                   ack_quorum_size=ack_quorum_size)
    if rollover_max_entries or rollover_max_bytes or rollover_max_age_ms:
        req.rollover.CopyFrom(log_pb2.LogRolloverPolicy(max_entries=rollover_max_entries, max_bytes=rollover_max_bytes,
                                                        max_age_ms=rollover_max_age_ms))
    if retention_max_age_ms is not None or retention_max_bytes is not None:
        ret = log_pb2.LogRetentionPolicy()
        if retention_max_age_ms is not None:
            ret.max_age_ms = retention_max_age_ms
        if retention_max_bytes is not None:
            ret.max_bytes = retention_max_bytes
        req.retention.CopyFrom(ret)
    return req


def log_append_request(name: str, records: Sequence[Union[RecordIn, Bytes]], producer_id: Optional[str],
                       sequence: Optional[int], expected_offset: Optional[int]) -> log_pb2.LogAppendRequest:
    req = log_pb2.LogAppendRequest(name=name, records=[record_in(r).to_pb() for r in records], producer_id=producer_id or "")
    if sequence is not None:
        req.sequence = sequence
    if expected_offset is not None:
        req.expected_offset = expected_offset
    return req
