#!/usr/bin/env python3
"""Quire over gRPC from Python: create a ledger, append (exactly-once), tail it, close it, and
handle the gateway's typed errors. Stubs: clients/python/gen (scripts/gen-clients.sh).

    pip install grpcio protobuf
    python3 clients/python/example.py --target 127.0.0.1:9090
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import uuid

import grpc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen"))
from quire.v1 import ledger_pb2 as pb  # noqa: E402
from quire.v1 import ledger_pb2_grpc as pb_grpc  # noqa: E402

from quire_errors import QuireError, with_retries  # noqa: E402

PASSWORD = b"example-secret"


def rpc(fn, request, **kw):
    """One unary call; gRPC failures become QuireError with the gateway's code."""
    try:
        return fn(request, timeout=30, **kw)
    except grpc.RpcError as e:
        raise QuireError.from_grpc(e) from None


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--target", default="127.0.0.1:9090", help="gateway gRPC address host:port")
    ap.add_argument("--entries", type=int, default=5)
    args = ap.parse_args()

    with grpc.insecure_channel(args.target) as channel:
        stub = pb_grpc.LedgerServiceStub(channel)

        ledger = rpc(stub.CreateLedger, pb.CreateLedgerRequest(
            ensemble_size=3, write_quorum_size=2, ack_quorum_size=2,
            digest_type=pb.DIGEST_TYPE_CRC32C, password=PASSWORD,
            custom_metadata={"app": "python-example"},
            # Exactly-once appends need the envelope format (default: raw bytes, as sent).
            entry_format=pb.ENTRY_FORMAT_ENVELOPE))
        lid = ledger.ledger_id
        print(f"created ledger {lid} on {list(ledger.segments[0].bookies)}")

        # Exactly-once appends: (producer_id, sequence) makes a retry after a timeout or a
        # gateway failover return the first receipt instead of writing a second entry.
        producer = f"py-{uuid.uuid4()}"
        for seq in range(args.entries):
            req = pb.AppendRequest(ledger_id=lid, data=f"event {seq}".encode(), password=PASSWORD,
                                   producer_id=producer, sequence=seq)
            receipt = with_retries(lambda: rpc(stub.Append, req))
            print(f"appended entry {receipt.entry_id} (lac {receipt.last_add_confirmed}, write set {list(receipt.write_set)})")

        # A deliberate retry of sequence 0: the gateway answers with the original receipt.
        dup = rpc(stub.Append, pb.AppendRequest(ledger_id=lid, data=b"event 0", password=PASSWORD,
                                                producer_id=producer, sequence=0))
        assert dup.duplicate and dup.entry_id == 0, dup

        # Tail: stream confirmed entries from 0 on until we have them all.
        got = []
        stream = stub.Tail(pb.TailRequest(ledger_id=lid, from_entry_id=0, password=PASSWORD, wait_ms=1000), timeout=60)
        try:
            for msg in stream:
                got.extend((e.entry_id, e.data.decode()) for e in msg.entries)
                if len(got) >= args.entries:
                    stream.cancel()
                    break
        except grpc.RpcError as e:
            if e.code() != grpc.StatusCode.CANCELLED:
                raise QuireError.from_grpc(e) from None
        print(f"tailed {len(got)} entries: {got}")
        assert [eid for eid, _ in got] == list(range(args.entries))

        sealed = rpc(stub.Close, pb.CloseRequest(ledger_id=lid, password=PASSWORD))
        print(f"closed: last entry {sealed.last_entry_id}, length {sealed.length}")

        # Typed errors: an append after close is LEDGER_CLOSED (not retryable) with the sealed end.
        try:
            rpc(stub.Append, pb.AppendRequest(ledger_id=lid, data=b"late", password=PASSWORD))
            raise SystemExit("append after close succeeded")
        except QuireError as e:
            closed_error = e
            print(f"append after close -> {e.code} (retryable={e.retryable}, last entry {e.last_entry_id})")
        try:
            rpc(stub.GetMetadata, pb.GetMetadataRequest(ledger_id=2**62))
            raise SystemExit("unknown ledger found")
        except QuireError as e:
            missing_error = e
            print(f"unknown ledger -> {e.code} ({e.status})")

        print(json.dumps({
            "ok": True, "ledgerId": str(lid), "appended": args.entries, "tailed": len(got),
            "lastEntryId": sealed.last_entry_id, "duplicateReplayed": dup.duplicate,
            "closedError": closed_error.code, "closedLastEntryId": closed_error.last_entry_id,
            "closedRetryable": closed_error.retryable, "missingError": missing_error.code,
        }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
