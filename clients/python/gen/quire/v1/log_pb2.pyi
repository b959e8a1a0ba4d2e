from quire.v1 import ledger_pb2 as _ledger_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class LogRolloverPolicy(_message.Message):
    __slots__ = ("max_entries", "max_bytes", "max_age_ms")
    MAX_ENTRIES_FIELD_NUMBER: _ClassVar[int]
    MAX_BYTES_FIELD_NUMBER: _ClassVar[int]
    MAX_AGE_MS_FIELD_NUMBER: _ClassVar[int]
    max_entries: int
    max_bytes: int
    max_age_ms: int
    def __init__(self, max_entries: _Optional[int] = ..., max_bytes: _Optional[int] = ..., max_age_ms: _Optional[int] = ...) -> None: ...

class LogRetentionPolicy(_message.Message):
    __slots__ = ("max_age_ms", "max_bytes", "wait_for_cursors")
    MAX_AGE_MS_FIELD_NUMBER: _ClassVar[int]
    MAX_BYTES_FIELD_NUMBER: _ClassVar[int]
    WAIT_FOR_CURSORS_FIELD_NUMBER: _ClassVar[int]
    max_age_ms: int
    max_bytes: int
    wait_for_cursors: bool
    def __init__(self, max_age_ms: _Optional[int] = ..., max_bytes: _Optional[int] = ..., wait_for_cursors: _Optional[bool] = ...) -> None: ...

class CreateLogRequest(_message.Message):
    __slots__ = ("name", "ensemble_size", "write_quorum_size", "ack_quorum_size", "digest_type", "rollover", "retention")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ENSEMBLE_SIZE_FIELD_NUMBER: _ClassVar[int]
    WRITE_QUORUM_SIZE_FIELD_NUMBER: _ClassVar[int]
    ACK_QUORUM_SIZE_FIELD_NUMBER: _ClassVar[int]
    DIGEST_TYPE_FIELD_NUMBER: _ClassVar[int]
    ROLLOVER_FIELD_NUMBER: _ClassVar[int]
    RETENTION_FIELD_NUMBER: _ClassVar[int]
    name: str
    ensemble_size: int
    write_quorum_size: int
    ack_quorum_size: int
    digest_type: _ledger_pb2.DigestType
    rollover: LogRolloverPolicy
    retention: LogRetentionPolicy
    def __init__(self, name: _Optional[str] = ..., ensemble_size: _Optional[int] = ..., write_quorum_size: _Optional[int] = ..., ack_quorum_size: _Optional[int] = ..., digest_type: _Optional[_Union[_ledger_pb2.DigestType, str]] = ..., rollover: _Optional[_Union[LogRolloverPolicy, _Mapping]] = ..., retention: _Optional[_Union[LogRetentionPolicy, _Mapping]] = ...) -> None: ...

class LogSegment(_message.Message):
    __slots__ = ("ledger_id", "start_offset", "entry_count", "bytes", "created_ms", "sealed", "max_timestamp_ms")
    LEDGER_ID_FIELD_NUMBER: _ClassVar[int]
    START_OFFSET_FIELD_NUMBER: _ClassVar[int]
    ENTRY_COUNT_FIELD_NUMBER: _ClassVar[int]
    BYTES_FIELD_NUMBER: _ClassVar[int]
    CREATED_MS_FIELD_NUMBER: _ClassVar[int]
    SEALED_FIELD_NUMBER: _ClassVar[int]
    MAX_TIMESTAMP_MS_FIELD_NUMBER: _ClassVar[int]
    ledger_id: int
    start_offset: int
    entry_count: int
    bytes: int
    created_ms: int
    sealed: bool
    max_timestamp_ms: int
    def __init__(self, ledger_id: _Optional[int] = ..., start_offset: _Optional[int] = ..., entry_count: _Optional[int] = ..., bytes: _Optional[int] = ..., created_ms: _Optional[int] = ..., sealed: _Optional[bool] = ..., max_timestamp_ms: _Optional[int] = ...) -> None: ...

class LogInfo(_message.Message):
    __slots__ = ("name", "created_ms", "ensemble_size", "write_quorum_size", "ack_quorum_size", "digest_type", "rollover", "retention", "first_offset", "next_offset", "segments", "owner")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CREATED_MS_FIELD_NUMBER: _ClassVar[int]
    ENSEMBLE_SIZE_FIELD_NUMBER: _ClassVar[int]
    WRITE_QUORUM_SIZE_FIELD_NUMBER: _ClassVar[int]
    ACK_QUORUM_SIZE_FIELD_NUMBER: _ClassVar[int]
    DIGEST_TYPE_FIELD_NUMBER: _ClassVar[int]
    ROLLOVER_FIELD_NUMBER: _ClassVar[int]
    RETENTION_FIELD_NUMBER: _ClassVar[int]
    FIRST_OFFSET_FIELD_NUMBER: _ClassVar[int]
    NEXT_OFFSET_FIELD_NUMBER: _ClassVar[int]
    SEGMENTS_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    name: str
    created_ms: int
    ensemble_size: int
    write_quorum_size: int
    ack_quorum_size: int
    digest_type: _ledger_pb2.DigestType
    rollover: LogRolloverPolicy
    retention: LogRetentionPolicy
    first_offset: int
    next_offset: int
    segments: _containers.RepeatedCompositeFieldContainer[LogSegment]
    owner: str
    def __init__(self, name: _Optional[str] = ..., created_ms: _Optional[int] = ..., ensemble_size: _Optional[int] = ..., write_quorum_size: _Optional[int] = ..., ack_quorum_size: _Optional[int] = ..., digest_type: _Optional[_Union[_ledger_pb2.DigestType, str]] = ..., rollover: _Optional[_Union[LogRolloverPolicy, _Mapping]] = ..., retention: _Optional[_Union[LogRetentionPolicy, _Mapping]] = ..., first_offset: _Optional[int] = ..., next_offset: _Optional[int] = ..., segments: _Optional[_Iterable[_Union[LogSegment, _Mapping]]] = ..., owner: _Optional[str] = ...) -> None: ...

class GetLogRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class DeleteLogRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class DeleteLogResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListLogsRequest(_message.Message):
    __slots__ = ("prefix", "page_size", "page_token")
    PREFIX_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    prefix: str
    page_size: int
    page_token: str
    def __init__(self, prefix: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListLogsResponse(_message.Message):
    __slots__ = ("names", "next_page_token")
    NAMES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    names: _containers.RepeatedScalarFieldContainer[str]
    next_page_token: str
    def __init__(self, names: _Optional[_Iterable[str]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class RecordHeader(_message.Message):
    __slots__ = ("name", "value")
    NAME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    name: str
    value: bytes
    def __init__(self, name: _Optional[str] = ..., value: _Optional[bytes] = ...) -> None: ...

class RecordInput(_message.Message):
    __slots__ = ("data", "key", "headers", "timestamp_ms")
    DATA_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    HEADERS_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_MS_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    key: bytes
    headers: _containers.RepeatedCompositeFieldContainer[RecordHeader]
    timestamp_ms: int
    def __init__(self, data: _Optional[bytes] = ..., key: _Optional[bytes] = ..., headers: _Optional[_Iterable[_Union[RecordHeader, _Mapping]]] = ..., timestamp_ms: _Optional[int] = ...) -> None: ...

class LogAppendRequest(_message.Message):
    __slots__ = ("name", "records", "producer_id", "sequence", "expected_offset")
    NAME_FIELD_NUMBER: _ClassVar[int]
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    PRODUCER_ID_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_OFFSET_FIELD_NUMBER: _ClassVar[int]
    name: str
    records: _containers.RepeatedCompositeFieldContainer[RecordInput]
    producer_id: str
    sequence: int
    expected_offset: int
    def __init__(self, name: _Optional[str] = ..., records: _Optional[_Iterable[_Union[RecordInput, _Mapping]]] = ..., producer_id: _Optional[str] = ..., sequence: _Optional[int] = ..., expected_offset: _Optional[int] = ...) -> None: ...

class LogReceipt(_message.Message):
    __slots__ = ("offset", "ledger_id", "entry_id", "last_add_confirmed", "write_set", "ack_quorum_size", "duplicate")
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    LEDGER_ID_FIELD_NUMBER: _ClassVar[int]
    ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    LAST_ADD_CONFIRMED_FIELD_NUMBER: _ClassVar[int]
    WRITE_SET_FIELD_NUMBER: _ClassVar[int]
    ACK_QUORUM_SIZE_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_FIELD_NUMBER: _ClassVar[int]
    offset: int
    ledger_id: int
    entry_id: int
    last_add_confirmed: int
    write_set: _containers.RepeatedScalarFieldContainer[str]
    ack_quorum_size: int
    duplicate: bool
    def __init__(self, offset: _Optional[int] = ..., ledger_id: _Optional[int] = ..., entry_id: _Optional[int] = ..., last_add_confirmed: _Optional[int] = ..., write_set: _Optional[_Iterable[str]] = ..., ack_quorum_size: _Optional[int] = ..., duplicate: _Optional[bool] = ...) -> None: ...

class LogAppendResponse(_message.Message):
    __slots__ = ("receipts",)
    RECEIPTS_FIELD_NUMBER: _ClassVar[int]
    receipts: _containers.RepeatedCompositeFieldContainer[LogReceipt]
    def __init__(self, receipts: _Optional[_Iterable[_Union[LogReceipt, _Mapping]]] = ...) -> None: ...

class LogRecord(_message.Message):
    __slots__ = ("offset", "timestamp_ms", "key", "headers", "producer_id", "sequence", "data")
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_MS_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    HEADERS_FIELD_NUMBER: _ClassVar[int]
    PRODUCER_ID_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    offset: int
    timestamp_ms: int
    key: bytes
    headers: _containers.RepeatedCompositeFieldContainer[RecordHeader]
    producer_id: str
    sequence: int
    data: bytes
    def __init__(self, offset: _Optional[int] = ..., timestamp_ms: _Optional[int] = ..., key: _Optional[bytes] = ..., headers: _Optional[_Iterable[_Union[RecordHeader, _Mapping]]] = ..., producer_id: _Optional[str] = ..., sequence: _Optional[int] = ..., data: _Optional[bytes] = ...) -> None: ...

class LogReadRequest(_message.Message):
    __slots__ = ("name", "from_offset", "max_records", "max_bytes", "cursor")
    NAME_FIELD_NUMBER: _ClassVar[int]
    FROM_OFFSET_FIELD_NUMBER: _ClassVar[int]
    MAX_RECORDS_FIELD_NUMBER: _ClassVar[int]
    MAX_BYTES_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    name: str
    from_offset: int
    max_records: int
    max_bytes: int
    cursor: str
    def __init__(self, name: _Optional[str] = ..., from_offset: _Optional[int] = ..., max_records: _Optional[int] = ..., max_bytes: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class LogReadResponse(_message.Message):
    __slots__ = ("records", "next_offset", "first_offset", "end_offset", "immutable")
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    NEXT_OFFSET_FIELD_NUMBER: _ClassVar[int]
    FIRST_OFFSET_FIELD_NUMBER: _ClassVar[int]
    END_OFFSET_FIELD_NUMBER: _ClassVar[int]
    IMMUTABLE_FIELD_NUMBER: _ClassVar[int]
    records: _containers.RepeatedCompositeFieldContainer[LogRecord]
    next_offset: int
    first_offset: int
    end_offset: int
    immutable: bool
    def __init__(self, records: _Optional[_Iterable[_Union[LogRecord, _Mapping]]] = ..., next_offset: _Optional[int] = ..., first_offset: _Optional[int] = ..., end_offset: _Optional[int] = ..., immutable: _Optional[bool] = ...) -> None: ...

class LogTailRequest(_message.Message):
    __slots__ = ("name", "from_offset", "cursor", "wait_ms", "max_records", "max_bytes")
    NAME_FIELD_NUMBER: _ClassVar[int]
    FROM_OFFSET_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    WAIT_MS_FIELD_NUMBER: _ClassVar[int]
    MAX_RECORDS_FIELD_NUMBER: _ClassVar[int]
    MAX_BYTES_FIELD_NUMBER: _ClassVar[int]
    name: str
    from_offset: int
    cursor: str
    wait_ms: int
    max_records: int
    max_bytes: int
    def __init__(self, name: _Optional[str] = ..., from_offset: _Optional[int] = ..., cursor: _Optional[str] = ..., wait_ms: _Optional[int] = ..., max_records: _Optional[int] = ..., max_bytes: _Optional[int] = ...) -> None: ...

class SeekByTimestampRequest(_message.Message):
    __slots__ = ("name", "timestamp_ms")
    NAME_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_MS_FIELD_NUMBER: _ClassVar[int]
    name: str
    timestamp_ms: int
    def __init__(self, name: _Optional[str] = ..., timestamp_ms: _Optional[int] = ...) -> None: ...

class SeekByTimestampResponse(_message.Message):
    __slots__ = ("offset",)
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    offset: int
    def __init__(self, offset: _Optional[int] = ...) -> None: ...

class TruncateLogRequest(_message.Message):
    __slots__ = ("name", "before_offset")
    NAME_FIELD_NUMBER: _ClassVar[int]
    BEFORE_OFFSET_FIELD_NUMBER: _ClassVar[int]
    name: str
    before_offset: int
    def __init__(self, name: _Optional[str] = ..., before_offset: _Optional[int] = ...) -> None: ...

class EnforceRetentionRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class TruncateLogResponse(_message.Message):
    __slots__ = ("first_offset", "deleted_segments")
    FIRST_OFFSET_FIELD_NUMBER: _ClassVar[int]
    DELETED_SEGMENTS_FIELD_NUMBER: _ClassVar[int]
    first_offset: int
    deleted_segments: int
    def __init__(self, first_offset: _Optional[int] = ..., deleted_segments: _Optional[int] = ...) -> None: ...

class Cursor(_message.Message):
    __slots__ = ("name", "offset", "version", "updated_ms")
    NAME_FIELD_NUMBER: _ClassVar[int]
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    UPDATED_MS_FIELD_NUMBER: _ClassVar[int]
    name: str
    offset: int
    version: int
    updated_ms: int
    def __init__(self, name: _Optional[str] = ..., offset: _Optional[int] = ..., version: _Optional[int] = ..., updated_ms: _Optional[int] = ...) -> None: ...

class ListCursorsRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ListCursorsResponse(_message.Message):
    __slots__ = ("cursors",)
    CURSORS_FIELD_NUMBER: _ClassVar[int]
    cursors: _containers.RepeatedCompositeFieldContainer[Cursor]
    def __init__(self, cursors: _Optional[_Iterable[_Union[Cursor, _Mapping]]] = ...) -> None: ...

class GetCursorRequest(_message.Message):
    __slots__ = ("name", "cursor")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    name: str
    cursor: str
    def __init__(self, name: _Optional[str] = ..., cursor: _Optional[str] = ...) -> None: ...

class SetCursorRequest(_message.Message):
    __slots__ = ("name", "cursor", "offset", "expected_version")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    name: str
    cursor: str
    offset: int
    expected_version: int
    def __init__(self, name: _Optional[str] = ..., cursor: _Optional[str] = ..., offset: _Optional[int] = ..., expected_version: _Optional[int] = ...) -> None: ...

class AdvanceCursorRequest(_message.Message):
    __slots__ = ("name", "cursor", "offset")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    name: str
    cursor: str
    offset: int
    def __init__(self, name: _Optional[str] = ..., cursor: _Optional[str] = ..., offset: _Optional[int] = ...) -> None: ...

class DeleteCursorRequest(_message.Message):
    __slots__ = ("name", "cursor")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    name: str
    cursor: str
    def __init__(self, name: _Optional[str] = ..., cursor: _Optional[str] = ...) -> None: ...

class DeleteCursorResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
