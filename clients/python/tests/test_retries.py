"""The retry rule, with faults injected by a real gRPC server (grpcio, on a free loopback port)
that answers Append with the gateway's error trailers: retryable errors are retried only for
exactly-once appends (producer id + sequence), APPEND_OUTCOME_UNKNOWN only for those too, other
errors never; the producer's futures fail with the typed error and later batches still go out;
a dead endpoint moves the client to the next one."""
from __future__ import annotations

import socket
import threading
from concurrent import futures
from typing import Any, Iterator, List, Tuple

import grpc
import pytest

from quire import Client, Conflict, QuireError, RetryPolicy, Unavailable
from quire.v1 import log_pb2, log_pb2_grpc

FAST = RetryPolicy(attempts=4, base_delay_s=0.001, max_delay_s=0.01)


class FaultyLog(log_pb2_grpc.LogServiceServicer):
    """Fails the first `fail` Append calls with (status, code, retryable), then appends."""

    def __init__(self) -> None:
        self.calls: List[log_pb2.LogAppendRequest] = []
        self.faults: List[Tuple[grpc.StatusCode, str, bool]] = []
        self.next_offset = 0
        self.lock = threading.Lock()

    def Append(self, request: log_pb2.LogAppendRequest, context: Any) -> log_pb2.LogAppendResponse:
        with self.lock:
            self.calls.append(request)
            if self.faults:
                status, code, retryable = self.faults.pop(0)
                context.set_trailing_metadata((("quire-error-code", code), ("quire-retryable", str(retryable).lower()),
                                               ("quire-retry-after-ms", "1")))
                context.abort(status, f"injected {code}")
            first = self.next_offset
            self.next_offset += len(request.records)
        return log_pb2.LogAppendResponse(receipts=[log_pb2.LogReceipt(offset=first + i) for i in range(len(request.records))])


@pytest.fixture
def server() -> Iterator[Tuple[str, FaultyLog]]:
    svc = FaultyLog()
    srv = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    log_pb2_grpc.add_LogServiceServicer_to_server(svc, srv)  # type: ignore[no-untyped-call]
    port = srv.add_insecure_port("127.0.0.1:0")
    srv.start()
    yield f"127.0.0.1:{port}", svc
    srv.stop(None)


def test_retryable_errors_are_retried_only_for_exactly_once_appends(server: Tuple[str, FaultyLog]) -> None:
    target, svc = server
    with Client(target, retry=FAST) as c:
        log = c.log("l")
        svc.faults = [(grpc.StatusCode.UNAVAILABLE, "LEDGER_OWNED_ELSEWHERE", True)] * 2
        assert log.append([b"a"], producer_id="p", sequence=1)[0].offset == 0
        assert len(svc.calls) == 3 and {(r.producer_id, r.sequence) for r in svc.calls} == {("p", 1)}

        svc.calls.clear()
        svc.faults = [(grpc.StatusCode.UNAVAILABLE, "LEDGER_OWNED_ELSEWHERE", True)]
        with pytest.raises(Unavailable) as e:
            log.append([b"plain"])  # may or may not have been written: never resent
        assert e.value.code == "LEDGER_OWNED_ELSEWHERE" and e.value.retryable and len(svc.calls) == 1

        svc.calls.clear()
        svc.faults = [(grpc.StatusCode.FAILED_PRECONDITION, "SEQUENCE_CONFLICT", False)]
        with pytest.raises(Conflict) as c2:
            log.append([b"x"], producer_id="p", sequence=0)
        assert c2.value.code == "SEQUENCE_CONFLICT" and len(svc.calls) == 1

        svc.calls.clear()
        svc.faults = [(grpc.StatusCode.UNAVAILABLE, "APPEND_OUTCOME_UNKNOWN", False)]
        assert log.append([b"b"], producer_id="p", sequence=2)[0].offset == 1  # the same sequence resolves it
        assert len(svc.calls) == 2

        svc.calls.clear()
        svc.faults = [(grpc.StatusCode.UNAVAILABLE, "TOO_MANY_REQUESTS", True)] * 10
        with pytest.raises(QuireError) as gave_up:
            log.append([b"c"], producer_id="p", sequence=3)
        assert gave_up.value.code == "TOO_MANY_REQUESTS" and len(svc.calls) == FAST.attempts


def test_producer_fails_a_batch_on_a_non_retryable_error_and_goes_on(server: Tuple[str, FaultyLog]) -> None:
    target, svc = server
    with Client(target) as c:
        p = c.log("l").producer(producer_id="p", first_sequence=10, linger_s=0, retry=FAST)
        svc.faults = [(grpc.StatusCode.INVALID_ARGUMENT, "ENTRY_TOO_LARGE", False)]
        bad = p.send(b"too big")
        with pytest.raises(QuireError) as e:
            bad.result(timeout=30)
        assert e.value.code == "ENTRY_TOO_LARGE"
        svc.faults = [(grpc.StatusCode.UNAVAILABLE, "NOT_ENOUGH_BOOKIES", True)]
        good = p.send(b"fine")
        assert good.result(timeout=30).offset == 0
        p.close()
    # The failed batch's sequence is skipped (a gap); the retried one kept its sequence.
    assert [r.sequence for r in svc.calls] == [10, 11, 11]


def test_a_dead_endpoint_moves_the_client_to_the_next(server: Tuple[str, FaultyLog]) -> None:
    target, svc = server
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"127.0.0.1:{s.getsockname()[1]}"  # bound, never listening: connection refused
        with Client([dead, target], retry=FAST) as c:
            assert c.log("l").append([b"a"], producer_id="p", sequence=1)[0].offset == 0
            assert c._transport.endpoints[c._transport._current] == target
