"""Raw ledger access, synchronously: BookKeeper's model as the gateway serves it (create, append
with optional exactly-once producer id and sequence, read, tail, close, recover, delete). Results
are the generated protobuf messages (quire.v1.ledger_pb2), typed by their .pyi stubs."""
from __future__ import annotations

from typing import TYPE_CHECKING, Dict, Iterator, List, Optional, Sequence, Tuple

import grpc

from quire.errors import QuireError
from quire.types import Bytes, to_bytes
from quire.v1 import ledger_pb2

if TYPE_CHECKING:
    from quire.client import Client

ENVELOPE = ledger_pb2.ENTRY_FORMAT_ENVELOPE
RAW = ledger_pb2.ENTRY_FORMAT_RAW


def create_request(*, ensemble_size: int = 0, write_quorum_size: int = 0, ack_quorum_size: int = 0,
                   password: Bytes = b"", exactly_once: bool = True, custom_metadata: Optional[Dict[str, str]] = None,
                   digest_type: "ledger_pb2.DigestType" = ledger_pb2.DIGEST_TYPE_UNSPECIFIED) -> ledger_pb2.CreateLedgerRequest:
    """exactly_once: the envelope entry format, which producer ids and sequences need."""
    return ledger_pb2.CreateLedgerRequest(ensemble_size=ensemble_size, write_quorum_size=write_quorum_size,
                                          ack_quorum_size=ack_quorum_size, password=to_bytes(password),
                                          custom_metadata=custom_metadata or {}, digest_type=digest_type,
                                          entry_format=ENVELOPE if exactly_once else RAW)


def append_request(ledger_id: int, data: Bytes, password: bytes, producer_id: Optional[str], sequence: Optional[int],
                   expected_entry_id: Optional[int]) -> ledger_pb2.AppendRequest:
    req = ledger_pb2.AppendRequest(ledger_id=ledger_id, data=to_bytes(data), password=password, producer_id=producer_id or "")
    if sequence is not None:
        req.sequence = sequence
    if expected_entry_id is not None:
        req.expected_entry_id = expected_entry_id
    return req


class Ledger:
    def __init__(self, client: "Client", ledger_id: int, password: Bytes = b"") -> None:
        self._t = client._transport
        self.ledger_id = ledger_id
        self.password = to_bytes(password)

    def info(self) -> ledger_pb2.LedgerInfo:
        info: ledger_pb2.LedgerInfo = self._t.unary("ledger", "GetMetadata", ledger_pb2.GetMetadataRequest(ledger_id=self.ledger_id), idempotent=True)
        return info

    def append(self, data: Bytes, *, producer_id: Optional[str] = None, sequence: Optional[int] = None,
               expected_entry_id: Optional[int] = None) -> ledger_pb2.DurabilityReceipt:
        """Retried (on retryable errors) only with a producer id and sequence: exactly-once."""
        req = append_request(self.ledger_id, data, self.password, producer_id, sequence, expected_entry_id)
        r: ledger_pb2.DurabilityReceipt = self._t.unary("ledger", "Append", req, idempotent=False,
                                                         exactly_once=bool(producer_id) and sequence is not None)
        return r

    def append_batch(self, entries: Sequence[Bytes], *, producer_id: Optional[str] = None, sequence: Optional[int] = None,
                     expected_entry_id: Optional[int] = None) -> List[ledger_pb2.DurabilityReceipt]:
        req = ledger_pb2.AppendBatchRequest(ledger_id=self.ledger_id, entries=[to_bytes(e) for e in entries],
                                            password=self.password, producer_id=producer_id or "")
        if sequence is not None:
            req.sequence = sequence
        if expected_entry_id is not None:
            req.expected_entry_id = expected_entry_id
        r = self._t.unary("ledger", "AppendBatch", req, idempotent=False, exactly_once=bool(producer_id) and sequence is not None)
        return list(r.receipts)

    def read(self, entry_id: int, *, unconfirmed: bool = False) -> bytes:
        req = ledger_pb2.ReadEntryRequest(ledger_id=self.ledger_id, entry_id=entry_id, password=self.password, unconfirmed=unconfirmed)
        return bytes(self._t.unary("ledger", "ReadEntry", req, idempotent=True).data)

    def last_add_confirmed(self) -> Tuple[int, bool]:
        """(last add confirmed, sealed)."""
        r = self._t.unary("ledger", "GetLastAddConfirmed", ledger_pb2.GetLastAddConfirmedRequest(
            ledger_id=self.ledger_id, password=self.password), idempotent=True)
        return int(r.last_add_confirmed), bool(r.sealed)

    def tail(self, from_entry_id: int = 0, *, wait_s: float = 10.0) -> Iterator[Tuple[int, bytes]]:
        """Confirmed entries (entry id, data) from `from_entry_id` on, in order; ends when the ledger
        is sealed and fully delivered. Breaking out of the loop cancels the stream."""
        req = ledger_pb2.TailRequest(ledger_id=self.ledger_id, from_entry_id=from_entry_id, password=self.password,
                                     wait_ms=int(wait_s * 1000))
        call = self._t.call("ledger", "Tail", req)
        try:
            for msg in call:
                for e in msg.entries:
                    yield int(e.entry_id), bytes(e.data)
        except grpc.RpcError as e:
            raise QuireError.from_grpc(e) from None
        finally:
            call.cancel()

    def close(self) -> ledger_pb2.SealResult:
        r: ledger_pb2.SealResult = self._t.unary("ledger", "Close", ledger_pb2.CloseRequest(ledger_id=self.ledger_id, password=self.password), idempotent=True)
        return r

    def recover(self) -> ledger_pb2.SealResult:
        r: ledger_pb2.SealResult = self._t.unary("ledger", "Recover", ledger_pb2.RecoverRequest(ledger_id=self.ledger_id, password=self.password), idempotent=True)
        return r

    def delete(self) -> None:
        self._t.unary("ledger", "Delete", ledger_pb2.DeleteRequest(ledger_id=self.ledger_id, password=self.password), idempotent=True)
