"""Exactly-once across a gateway kill: two `quire gateway` processes on one cluster (started by
test/clients/python-sdk-failover.test.ts). A Producer that knows both endpoints sends through the
first; the test SIGKILLs that gateway's process mid-stream; the producer's in-flight batch fails
without an answer and is resent with the same sequences through the second gateway (which takes
the log over). Every record ends up in the log exactly once, in order, at its receipt's offset."""
from __future__ import annotations

import os
import signal
from concurrent.futures import Future
from typing import List

from conftest import env
from quire import Client, Receipt


def test_exactly_once_across_a_gateway_kill(name: str) -> None:
    endpoints = env("QUIRE_GRPC_ENDPOINTS").split(",")
    victim = int(env("QUIRE_KILL_PID"))
    total = 400
    with Client(endpoints, timeout=20) as client:
        log = client.log(name)
        log.create(ensemble_size=3, write_quorum_size=2, ack_quorum_size=2, rollover_max_entries=50)
        futures: List["Future[Receipt]"] = []
        with log.producer(producer_id="failover", first_sequence=0, max_batch_records=5) as p:
            for i in range(total):
                futures.append(p.send(f"order-{i}".encode()))
                if i == 150:
                    futures[100].result(timeout=120)  # some acknowledged through the first gateway...
                    os.kill(victim, signal.SIGKILL)  # ...and then it dies with batches in flight
                if i % 20 == 19:
                    p.flush()
        receipts = [f.result() for f in futures]
        assert client._transport.endpoints[client._transport._current] == endpoints[1], "the producer moved to the live gateway"
        records = []
        nxt = 0
        while True:
            page = log.read(nxt)
            records.extend(page.records)
            if page.next_offset >= page.end_offset:
                break
            nxt = page.next_offset
    assert [r.offset for r in records] == list(range(total)), "dense offsets, none skipped"
    assert [r.data for r in records] == [f"order-{i}".encode() for i in range(total)], "each record once, in order"
    assert [r.sequence for r in records] == list(range(total))
    for i, rc in enumerate(receipts):
        assert records[rc.offset].data == f"order-{i}".encode()
