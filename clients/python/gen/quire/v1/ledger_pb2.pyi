from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DigestType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DIGEST_TYPE_UNSPECIFIED: _ClassVar[DigestType]
    DIGEST_TYPE_CRC32: _ClassVar[DigestType]
    DIGEST_TYPE_CRC32C: _ClassVar[DigestType]
    DIGEST_TYPE_HMAC: _ClassVar[DigestType]
    DIGEST_TYPE_DUMMY: _ClassVar[DigestType]

class EntryFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ENTRY_FORMAT_UNSPECIFIED: _ClassVar[EntryFormat]
    ENTRY_FORMAT_RAW: _ClassVar[EntryFormat]
    ENTRY_FORMAT_ENVELOPE: _ClassVar[EntryFormat]

class LedgerState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LEDGER_STATE_UNSPECIFIED: _ClassVar[LedgerState]
    LEDGER_STATE_OPEN: _ClassVar[LedgerState]
    LEDGER_STATE_IN_RECOVERY: _ClassVar[LedgerState]
    LEDGER_STATE_CLOSED: _ClassVar[LedgerState]
DIGEST_TYPE_UNSPECIFIED: DigestType
DIGEST_TYPE_CRC32: DigestType
DIGEST_TYPE_CRC32C: DigestType
DIGEST_TYPE_HMAC: DigestType
DIGEST_TYPE_DUMMY: DigestType
ENTRY_FORMAT_UNSPECIFIED: EntryFormat
ENTRY_FORMAT_RAW: EntryFormat
ENTRY_FORMAT_ENVELOPE: EntryFormat
LEDGER_STATE_UNSPECIFIED: LedgerState
LEDGER_STATE_OPEN: LedgerState
LEDGER_STATE_IN_RECOVERY: LedgerState
LEDGER_STATE_CLOSED: LedgerState

class CreateLedgerRequest(_message.Message):
    __slots__ = ("ensemble_size", "write_quorum_size", "ack_quorum_size", "digest_type", "password", "custom_metadata", "entry_format", "request_id")
    class CustomMetadataEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ENSEMBLE_SIZE_FIELD_NUMBER: _ClassVar[int]
    WRITE_QUORUM_SIZE_FIELD_NUMBER: _ClassVar[int]
    ACK_QUORUM_SIZE_FIELD_NUMBER: _ClassVar[int]
    DIGEST_TYPE_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_METADATA_FIELD_NUMBER: _ClassVar[int]
    ENTRY_FORMAT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ensemble_size: int
    write_quorum_size: int
    ack_quorum_size: int
    digest_type: DigestType
    password: bytes
    custom_metadata: _containers.ScalarMap[str, str]
    entry_format: EntryFormat
    request_id: str
    def __init__(self, ensemble_size: _Optional[int] = ..., write_quorum_size: _Optional[int] = ..., ack_quorum_size: _Optional[int] = ..., digest_type: _Optional[_Union[DigestType, str]] = ..., password: _Optional[bytes] = ..., custom_metadata: _Optional[_Mapping[str, str]] = ..., entry_format: _Optional[_Union[EntryFormat, str]] = ..., request_id: _Optional[str] = ...) -> None: ...

class Segment(_message.Message):
    __slots__ = ("first_entry_id", "bookies")
    FIRST_ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    BOOKIES_FIELD_NUMBER: _ClassVar[int]
    first_entry_id: int
    bookies: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, first_entry_id: _Optional[int] = ..., bookies: _Optional[_Iterable[str]] = ...) -> None: ...

class LedgerInfo(_message.Message):
    __slots__ = ("ledger_id", "state", "ensemble_size", "write_quorum_size", "ack_quorum_size", "digest_type", "last_entry_id", "length", "segments", "custom_metadata", "created_at_ms", "owner", "entry_format", "stored_length", "payload_length")
    class CustomMetadataEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    LEDGER_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ENSEMBLE_SIZE_FIELD_NUMBER: _ClassVar[int]
    WRITE_QUORUM_SIZE_FIELD_NUMBER: _ClassVar[int]
    ACK_QUORUM_SIZE_FIELD_NUMBER: _ClassVar[int]
    DIGEST_TYPE_FIELD_NUMBER: _ClassVar[int]
    LAST_ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    LENGTH_FIELD_NUMBER: _ClassVar[int]
    SEGMENTS_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_METADATA_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    ENTRY_FORMAT_FIELD_NUMBER: _ClassVar[int]
    STORED_LENGTH_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_LENGTH_FIELD_NUMBER: _ClassVar[int]
    ledger_id: int
    state: LedgerState
    ensemble_size: int
    write_quorum_size: int
    ack_quorum_size: int
    digest_type: DigestType
    last_entry_id: int
    length: int
    segments: _containers.RepeatedCompositeFieldContainer[Segment]
    custom_metadata: _containers.ScalarMap[str, str]
    created_at_ms: int
    owner: str
    entry_format: EntryFormat
    stored_length: int
    payload_length: int
    def __init__(self, ledger_id: _Optional[int] = ..., state: _Optional[_Union[LedgerState, str]] = ..., ensemble_size: _Optional[int] = ..., write_quorum_size: _Optional[int] = ..., ack_quorum_size: _Optional[int] = ..., digest_type: _Optional[_Union[DigestType, str]] = ..., last_entry_id: _Optional[int] = ..., length: _Optional[int] = ..., segments: _Optional[_Iterable[_Union[Segment, _Mapping]]] = ..., custom_metadata: _Optional[_Mapping[str, str]] = ..., created_at_ms: _Optional[int] = ..., owner: _Optional[str] = ..., entry_format: _Optional[_Union[EntryFormat, str]] = ..., stored_length: _Optional[int] = ..., payload_length: _Optional[int] = ...) -> None: ...

class AppendRequest(_message.Message):
    __slots__ = ("ledger_id", "data", "password", "expected_entry_id", "producer_id", "sequence")
    LEDGER_ID_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    PRODUCER_ID_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    ledger_id: int
    data: bytes
    password: bytes
    expected_entry_id: int
    producer_id: str
    sequence: int
    def __init__(self, ledger_id: _Optional[int] = ..., data: _Optional[bytes] = ..., password: _Optional[bytes] = ..., expected_entry_id: _Optional[int] = ..., producer_id: _Optional[str] = ..., sequence: _Optional[int] = ...) -> None: ...

class DurabilityReceipt(_message.Message):
    __slots__ = ("ledger_id", "entry_id", "last_add_confirmed", "write_set", "ack_quorum_size", "duplicate", "acked_by")
    LEDGER_ID_FIELD_NUMBER: _ClassVar[int]
    ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    LAST_ADD_CONFIRMED_FIELD_NUMBER: _ClassVar[int]
    WRITE_SET_FIELD_NUMBER: _ClassVar[int]
    ACK_QUORUM_SIZE_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_FIELD_NUMBER: _ClassVar[int]
    ACKED_BY_FIELD_NUMBER: _ClassVar[int]
    ledger_id: int
    entry_id: int
    last_add_confirmed: int
    write_set: _containers.RepeatedScalarFieldContainer[str]
    ack_quorum_size: int
    duplicate: bool
    acked_by: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, ledger_id: _Optional[int] = ..., entry_id: _Optional[int] = ..., last_add_confirmed: _Optional[int] = ..., write_set: _Optional[_Iterable[str]] = ..., ack_quorum_size: _Optional[int] = ..., duplicate: _Optional[bool] = ..., acked_by: _Optional[_Iterable[str]] = ...) -> None: ...

class AppendBatchRequest(_message.Message):
    __slots__ = ("ledger_id", "entries", "password", "expected_entry_id", "producer_id", "sequence")
    LEDGER_ID_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    PRODUCER_ID_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    ledger_id: int
    entries: _containers.RepeatedScalarFieldContainer[bytes]
    password: bytes
    expected_entry_id: int
    producer_id: str
    sequence: int
    def __init__(self, ledger_id: _Optional[int] = ..., entries: _Optional[_Iterable[bytes]] = ..., password: _Optional[bytes] = ..., expected_entry_id: _Optional[int] = ..., producer_id: _Optional[str] = ..., sequence: _Optional[int] = ...) -> None: ...

class AppendBatchResponse(_message.Message):
    __slots__ = ("receipts",)
    RECEIPTS_FIELD_NUMBER: _ClassVar[int]
    receipts: _containers.RepeatedCompositeFieldContainer[DurabilityReceipt]
    def __init__(self, receipts: _Optional[_Iterable[_Union[DurabilityReceipt, _Mapping]]] = ...) -> None: ...

class AppendStreamRequest(_message.Message):
    __slots__ = ("appends",)
    APPENDS_FIELD_NUMBER: _ClassVar[int]
    appends: _containers.RepeatedCompositeFieldContainer[AppendRequest]
    def __init__(self, appends: _Optional[_Iterable[_Union[AppendRequest, _Mapping]]] = ...) -> None: ...

class AppendStreamResponse(_message.Message):
    __slots__ = ("receipts",)
    RECEIPTS_FIELD_NUMBER: _ClassVar[int]
    receipts: _containers.RepeatedCompositeFieldContainer[DurabilityReceipt]
    def __init__(self, receipts: _Optional[_Iterable[_Union[DurabilityReceipt, _Mapping]]] = ...) -> None: ...

class Entry(_message.Message):
    __slots__ = ("entry_id", "data")
    ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    entry_id: int
    data: bytes
    def __init__(self, entry_id: _Optional[int] = ..., data: _Optional[bytes] = ...) -> None: ...

class ReadEntryRequest(_message.Message):
    __slots__ = ("ledger_id", "entry_id", "password", "unconfirmed")
    LEDGER_ID_FIELD_NUMBER: _ClassVar[int]
    ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    UNCONFIRMED_FIELD_NUMBER: _ClassVar[int]
    ledger_id: int
    entry_id: int
    password: bytes
    unconfirmed: bool
    def __init__(self, ledger_id: _Optional[int] = ..., entry_id: _Optional[int] = ..., password: _Optional[bytes] = ..., unconfirmed: _Optional[bool] = ...) -> None: ...

class ReadRangeRequest(_message.Message):
    __slots__ = ("ledger_id", "from_entry_id", "to_entry_id", "max_entries", "max_bytes", "password", "unconfirmed")
    LEDGER_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    TO_ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    MAX_ENTRIES_FIELD_NUMBER: _ClassVar[int]
    MAX_BYTES_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    UNCONFIRMED_FIELD_NUMBER: _ClassVar[int]
    ledger_id: int
    from_entry_id: int
    to_entry_id: int
    max_entries: int
    max_bytes: int
    password: bytes
    unconfirmed: bool
    def __init__(self, ledger_id: _Optional[int] = ..., from_entry_id: _Optional[int] = ..., to_entry_id: _Optional[int] = ..., max_entries: _Optional[int] = ..., max_bytes: _Optional[int] = ..., password: _Optional[bytes] = ..., unconfirmed: _Optional[bool] = ...) -> None: ...

class ReadRangeResponse(_message.Message):
    __slots__ = ("entries", "last_add_confirmed", "sealed", "next_entry_id")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    LAST_ADD_CONFIRMED_FIELD_NUMBER: _ClassVar[int]
    SEALED_FIELD_NUMBER: _ClassVar[int]
    NEXT_ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[Entry]
    last_add_confirmed: int
    sealed: bool
    next_entry_id: int
    def __init__(self, entries: _Optional[_Iterable[_Union[Entry, _Mapping]]] = ..., last_add_confirmed: _Optional[int] = ..., sealed: _Optional[bool] = ..., next_entry_id: _Optional[int] = ...) -> None: ...

class GetLastAddConfirmedRequest(_message.Message):
    __slots__ = ("ledger_id", "password")
    LEDGER_ID_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    ledger_id: int
    password: bytes
    def __init__(self, ledger_id: _Optional[int] = ..., password: _Optional[bytes] = ...) -> None: ...

class GetLastAddConfirmedResponse(_message.Message):
    __slots__ = ("last_add_confirmed", "sealed")
    LAST_ADD_CONFIRMED_FIELD_NUMBER: _ClassVar[int]
    SEALED_FIELD_NUMBER: _ClassVar[int]
    last_add_confirmed: int
    sealed: bool
    def __init__(self, last_add_confirmed: _Optional[int] = ..., sealed: _Optional[bool] = ...) -> None: ...

class TailRequest(_message.Message):
    __slots__ = ("ledger_id", "from_entry_id", "password", "wait_ms", "max_entries", "max_bytes")
    LEDGER_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    WAIT_MS_FIELD_NUMBER: _ClassVar[int]
    MAX_ENTRIES_FIELD_NUMBER: _ClassVar[int]
    MAX_BYTES_FIELD_NUMBER: _ClassVar[int]
    ledger_id: int
    from_entry_id: int
    password: bytes
    wait_ms: int
    max_entries: int
    max_bytes: int
    def __init__(self, ledger_id: _Optional[int] = ..., from_entry_id: _Optional[int] = ..., password: _Optional[bytes] = ..., wait_ms: _Optional[int] = ..., max_entries: _Optional[int] = ..., max_bytes: _Optional[int] = ...) -> None: ...

class TailResponse(_message.Message):
    __slots__ = ("entries", "last_add_confirmed", "sealed")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    LAST_ADD_CONFIRMED_FIELD_NUMBER: _ClassVar[int]
    SEALED_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[Entry]
    last_add_confirmed: int
    sealed: bool
    def __init__(self, entries: _Optional[_Iterable[_Union[Entry, _Mapping]]] = ..., last_add_confirmed: _Optional[int] = ..., sealed: _Optional[bool] = ...) -> None: ...

class CloseRequest(_message.Message):
    __slots__ = ("ledger_id", "password")
    LEDGER_ID_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    ledger_id: int
    password: bytes
    def __init__(self, ledger_id: _Optional[int] = ..., password: _Optional[bytes] = ...) -> None: ...

class RecoverRequest(_message.Message):
    __slots__ = ("ledger_id", "password")
    LEDGER_ID_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    ledger_id: int
    password: bytes
    def __init__(self, ledger_id: _Optional[int] = ..., password: _Optional[bytes] = ...) -> None: ...

class SealResult(_message.Message):
    __slots__ = ("ledger_id", "last_entry_id", "length", "stored_length", "payload_length")
    LEDGER_ID_FIELD_NUMBER: _ClassVar[int]
    LAST_ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    LENGTH_FIELD_NUMBER: _ClassVar[int]
    STORED_LENGTH_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_LENGTH_FIELD_NUMBER: _ClassVar[int]
    ledger_id: int
    last_entry_id: int
    length: int
    stored_length: int
    payload_length: int
    def __init__(self, ledger_id: _Optional[int] = ..., last_entry_id: _Optional[int] = ..., length: _Optional[int] = ..., stored_length: _Optional[int] = ..., payload_length: _Optional[int] = ...) -> None: ...

class DeleteRequest(_message.Message):
    __slots__ = ("ledger_id", "password")
    LEDGER_ID_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    ledger_id: int
    password: bytes
    def __init__(self, ledger_id: _Optional[int] = ..., password: _Optional[bytes] = ...) -> None: ...

class DeleteResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListResponse(_message.Message):
    __slots__ = ("ledger_ids", "next_page_token")
    LEDGER_IDS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ledger_ids: _containers.RepeatedScalarFieldContainer[int]
    next_page_token: str
    def __init__(self, ledger_ids: _Optional[_Iterable[int]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetMetadataRequest(_message.Message):
    __slots__ = ("ledger_id",)
    LEDGER_ID_FIELD_NUMBER: _ClassVar[int]
    ledger_id: int
    def __init__(self, ledger_id: _Optional[int] = ...) -> None: ...
