"""Named logs through the SDK: the producer's exactly-once sequences and batching, the consumer's
cursor (restart from it, tail across segment rollovers), typed errors, and the asyncio twins."""
from __future__ import annotations

import asyncio
import threading
from typing import List

import pytest

from quire import AsyncClient, Client, Conflict, NotFound, QuireError, RecordIn


def test_producer_sends_in_order_with_sequences_and_a_retry_is_a_duplicate(client: Client, name: str) -> None:
    log = client.log(name)
    log.create(ensemble_size=3, write_quorum_size=2, ack_quorum_size=2)
    with log.producer(producer_id="orders", first_sequence=100, max_batch_records=4, linger_s=0.05) as p:
        futures = [p.send(f"order-{i}".encode()) for i in range(10)]
        p.flush()
        receipts = [f.result() for f in futures]
    assert [r.offset for r in receipts] == list(range(10))
    assert not any(r.duplicate for r in receipts)
    page = log.read(0)
    assert [r.data for r in page.records] == [f"order-{i}".encode() for i in range(10)]
    assert [r.sequence for r in page.records] == list(range(100, 110))
    assert {r.producer_id for r in page.records} == {"orders"}
    # The same producer id and sequence again (what a retry after a lost answer sends): the first receipt.
    again = log.append([b"order-3"], producer_id="orders", sequence=103)
    assert again[0].duplicate and again[0].offset == 3
    assert log.info().next_offset == 10


def test_batches_respect_the_record_and_byte_bounds(client: Client, name: str) -> None:
    log = client.log(name)
    log.create()
    # 1 KiB records with a 3 KiB batch bound: at most 3 per batch, so sequences advance in 3s.
    with log.producer(producer_id="big", first_sequence=0, max_batch_records=100, max_batch_bytes=3 * 1024, linger_s=0.2) as p:
        futures = [p.send(RecordIn(data=bytes([i]) * 1024, key=b"k", headers=[("h", b"v")])) for i in range(7)]
    receipts = [f.result() for f in futures]
    assert [r.offset for r in receipts] == list(range(7))
    rec = log.read(0).records
    assert rec[0].key == b"k" and rec[0].headers == (("h", b"v"),)
    assert [r.sequence for r in rec] == list(range(7))


def test_producer_queue_is_bounded(client: Client, name: str) -> None:
    log = client.log(name)
    log.create()
    p = log.producer(max_queued_records=2, block_s=0.0, linger_s=5.0, max_batch_records=100)
    # The sender thread lingers 5 s for more records, so the first two wait in the queue.
    p.send(b"a")
    p.send(b"b")
    with pytest.raises(QuireError) as e:
        p.send(b"c")
    assert e.value.code == "TOO_MANY_REQUESTS" and e.value.retryable
    p.close()
    assert log.info().next_offset == 2


def test_consumer_restarts_from_its_cursor_and_tails_across_segments(client: Client, name: str) -> None:
    log = client.log(name)
    log.create(rollover_max_entries=4)
    for i in range(10):  # one by one: a segment rolls over between appends (a batch stays in one)
        log.append([f"r{i}".encode()])
    seen: List[int] = []
    c1 = log.consumer("audit", commit_interval_s=3600)
    for r in c1:
        seen.append(r.offset)
        if r.offset <= 5:
            c1.ack(r.offset)
        if r.offset == 5:
            c1.commit()
        if r.offset == 7:
            break  # a crash: acknowledged 0..5 committed, 6 and 7 seen but not committed
    assert seen == list(range(8))
    assert log.get_cursor("audit").offset == 6

    c2 = log.consumer("audit", wait_s=1)
    got: List[bytes] = []
    producer_done = threading.Event()

    def more() -> None:  # records appended while c2 waits at the end of the log
        for i in range(10, 14):
            log.append([f"r{i}".encode()])
        producer_done.set()
    threading.Timer(0.5, more).start()
    for r in c2:
        got.append(r.data)
        c2.ack(r.offset)
        if r.offset == 13:
            break
    c2.close()
    assert got == [f"r{i}".encode() for i in range(6, 14)]
    assert producer_done.is_set()
    assert log.get_cursor("audit").offset == 14
    assert len(log.info().segments) >= 3


def test_typed_errors_carry_stable_codes(client: Client, name: str) -> None:
    with pytest.raises(NotFound) as e:
        client.log(name).info()
    assert e.value.code == "NO_SUCH_LOG" and not e.value.retryable and e.value.reached_gateway
    log = client.log(name)
    log.create()
    with pytest.raises(QuireError) as dup:
        log.create()
    assert dup.value.code == "LOG_EXISTS"
    log.append([b"x"])
    with pytest.raises(Conflict) as conflict:
        log.append([b"y"], expected_offset=0)
    assert conflict.value.code == "APPEND_CONFLICT"
    with pytest.raises(NotFound) as cur:
        log.get_cursor("nobody")
    assert cur.value.code == "NO_SUCH_CURSOR"


def test_async_producer_and_consumer(endpoint: str, name: str) -> None:
    async def run() -> None:
        async with AsyncClient(endpoint) as client:
            log = client.log(name)
            await log.create(rollover_max_entries=3)
            p = log.producer(producer_id="async", first_sequence=1, max_batch_records=4)
            receipts = await asyncio.gather(*[p.send(f"a{i}".encode()) for i in range(9)])
            await p.close()
            assert [r.offset for r in receipts] == list(range(9))
            bounded = log.producer(max_queued_records=1, linger_s=5.0)
            first = bounded.send_nowait(b"queued")
            with pytest.raises(QuireError) as full:
                bounded.send_nowait(b"no room")
            assert full.value.code == "TOO_MANY_REQUESTS"
            await bounded.close()
            assert (await first).offset == 9
            again = await log.append([b"a0"], producer_id="async", sequence=1)
            assert again[0].duplicate and again[0].offset == 0
            c = log.consumer("async-cursor", wait_s=1)
            got = []
            async for r in c:
                got.append(r.data)
                c.ack(r.offset)
                if r.offset == 9:
                    break
            await c.close()
            assert got == [f"a{i}".encode() for i in range(9)] + [b"queued"]
            assert (await log.get_cursor("async-cursor")).offset == 10
            with pytest.raises(NotFound) as missing:
                await client.log(name + "-missing").info()
            assert missing.value.code == "NO_SUCH_LOG" and missing.value.field == "name"
    asyncio.run(run())
