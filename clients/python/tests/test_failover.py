"""Exactly-once across a gateway kill: two `quire gateway` processes on one cluster (started by
test/clients/python-sdk-failover.test.ts). A Producer that knows both endpoints sends through the
first; the test SIGKILLs that gateway's process mid-stream; the producer's in-flight batch fails
without an answer and is resent with the same sequences through the second gateway (which takes
the log over). Every record ends up in the log exactly once, in order, at its receipt's offset. A
Consumer following the log through the same first gateway resumes its Tail stream on the second,
from the offset after the last record it yielded: it sees every record once, in order.

Then the second gateway is SIGKILLed too and started again as a new process at the same address
(what a supervisor or Kubernetes does): a producer that knows only that address waits it out
with its retries and resumes with the same sequences, exactly once."""
from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import threading
from concurrent.futures import Future
from typing import List

from conftest import env
from quire import Client, Receipt


def test_exactly_once_across_a_gateway_kill(name: str) -> None:
    endpoints = env("QUIRE_GRPC_ENDPOINTS").split(",")
    victim = int(env("QUIRE_KILL_PID"))
    total = 400
    consumed: List[int] = []
    consumer_error: List[BaseException] = []

    def consume() -> None:
        try:
            with Client(endpoints, timeout=20) as c:
                consumer = c.log(name).consumer("follower", start_at=0, wait_s=1, commit_interval_s=0.2)
                for r in consumer:
                    assert r.data == f"order-{r.offset}".encode()
                    consumed.append(r.offset)
                    consumer.ack(r.offset)
                    if r.offset == total - 1:
                        break
                consumer.close()
        except BaseException as e:  # reported by the main thread
            consumer_error.append(e)

    with Client(endpoints, timeout=20) as client:
        log = client.log(name)
        log.create(ensemble_size=3, write_quorum_size=2, ack_quorum_size=2, rollover_max_entries=50)
        follower = threading.Thread(target=consume, daemon=True)
        follower.start()
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
        follower.join(timeout=300)
        assert not follower.is_alive(), f"the consumer stopped at {consumed[-1:]}"
        assert not consumer_error, consumer_error
        assert log.get_cursor("follower").offset == total
    assert [r.offset for r in records] == list(range(total)), "dense offsets, none skipped"
    assert [r.data for r in records] == [f"order-{i}".encode() for i in range(total)], "each record once, in order"
    assert [r.sequence for r in records] == list(range(total))
    for i, rc in enumerate(receipts):
        assert records[rc.offset].data == f"order-{i}".encode()
    assert consumed == list(range(total)), "the consumer saw each record once, in order, across the kill"


def test_exactly_once_across_a_gateway_restart_at_the_same_address(name: str) -> None:
    endpoint = env("QUIRE_GRPC_ENDPOINTS").split(",")[1]
    victim = int(env("QUIRE_RESTART_PID"))
    port = endpoint.rsplit(":", 1)[1]
    total = 200
    restarted = None
    with tempfile.TemporaryFile() as gateway_log, Client(endpoint, timeout=20) as client:
        try:
            log = client.log(name)
            log.create(ensemble_size=3, write_quorum_size=2, ack_quorum_size=2)
            futures: List["Future[Receipt]"] = []
            with log.producer(producer_id="restart", first_sequence=0, max_batch_records=5) as p:
                for i in range(total):
                    futures.append(p.send(f"order-{i}".encode()))
                    if i == 80:
                        futures[50].result(timeout=120)
                        os.kill(victim, signal.SIGKILL)
                        # The same gateway id and gRPC port, a new process (QUIRE_LOG_LEVEL=warn).
                        restarted = subprocess.Popen(
                            [env("QUIRE_NODE"), "--import", "tsx", "cli/main.ts", "gateway", "--metadata-service-uri",
                             env("QUIRE_METADATA_URI"), "--gateway-id", env("QUIRE_RESTART_ID"), "--host", "127.0.0.1",
                             "--rest-port", "0", "--grpc-port", port, "--peer-port", "0"],
                            cwd=env("QUIRE_REPO_ROOT"), stdin=subprocess.DEVNULL, stdout=gateway_log, stderr=gateway_log,
                            env={**os.environ, "QUIRE_LOG_LEVEL": "warn"})
                    if i % 20 == 19:
                        p.flush()
            receipts = [f.result() for f in futures]
            page = log.read(0, max_records=total)
        finally:
            if restarted is not None:
                restarted.terminate()
                try:
                    restarted.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    restarted.kill()
                    restarted.wait()
            if restarted is None or restarted.returncode not in (0, -signal.SIGTERM):
                gateway_log.seek(0)
                print(gateway_log.read().decode(errors="replace")[-4000:])
    assert restarted is not None
    assert [r.offset for r in page.records] == list(range(total))
    assert [r.data for r in page.records] == [f"order-{i}".encode() for i in range(total)]
    assert [rc.offset for rc in receipts] == list(range(total))
