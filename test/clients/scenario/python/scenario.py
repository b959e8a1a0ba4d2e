"""The cross-language scenario (test/clients/scenario/README.md) with the Python SDK's public API
only (`quire`): `produce <log> <n>`, `consume <log> <cursor> <count>`.
Gateway: QUIRE_ENDPOINT (gRPC host:port); the produce step's kill: QUIRE_CONTROL_URL."""
from __future__ import annotations

import base64
import json
import os
import sys
import urllib.request

from quire import Client, RetryPolicy

LANG = "python"
# Outlasts a `quire local` restart on a loaded machine (the process starts three bookies first).
RETRY = RetryPolicy(attempts=300, base_delay_s=0.05, max_delay_s=1.0)


def need(name: str) -> str:
    v = os.environ.get(name)
    if not v:
        raise SystemExit(f"{name} is not set (test/clients/cross-language.test.ts sets it)")
    return v


def produce(client: Client, name: str, n: int) -> None:
    log = client.log(name)
    log.create(rollover_max_entries=64)
    half = n // 2
    with log.producer(producer_id=f"xlang-{LANG}", first_sequence=1, max_batch_records=10, retry=RETRY) as producer:
        futures = []
        for i in range(n):
            futures.append(producer.send(f"{LANG}-{i}".encode()))
            if i == half:
                futures[half - 1].result()
                req = urllib.request.Request(need("QUIRE_CONTROL_URL") + "/kill-gateway", method="POST")
                with urllib.request.urlopen(req) as answer:
                    if answer.status != 200:
                        raise SystemExit(f"kill-gateway answered {answer.status}")
    receipts = [f.result() for f in futures]
    seen = set()
    duplicates = 0
    for r in receipts:
        if r.offset in seen:
            duplicates += 1
        seen.add(r.offset)
    gaps = sum(1 for i in range(n) if i not in seen)
    print(json.dumps({"scenario": "produce", "lang": LANG, "log": name, "producerId": producer.producer_id, "sent": n,
                      "acked": len(receipts), "duplicates": duplicates, "gaps": gaps,
                      "recognisedRetries": sum(1 for r in receipts if r.duplicate)}))


def consume(client: Client, name: str, cursor: str, count: int) -> None:
    log = client.log(name)
    records = []
    duplicates = gaps = 0
    with log.consumer(cursor, wait_s=1.0) as consumer:
        start = consumer.position()
        expected = start
        if count > 0:
            for r in consumer:
                if r.offset < expected:
                    duplicates += 1
                elif r.offset > expected:
                    gaps += 1
                expected = r.offset + 1
                records.append({"offset": r.offset, "producerId": r.producer_id,
                                "sequence": -1 if r.sequence is None else r.sequence,
                                "data": base64.b64encode(r.data).decode()})
                consumer.ack(r.offset)
                if len(records) == count:
                    break
    end = log.info().next_offset
    print(json.dumps({"scenario": "consume", "lang": LANG, "log": name, "cursor": cursor, "start": start, "read": len(records),
                      "duplicates": duplicates, "gaps": gaps, "end": end, "records": records}))


def main(argv: list[str]) -> None:
    with Client(need("QUIRE_ENDPOINT"), timeout=30, retry=RETRY) as client:
        if len(argv) == 3 and argv[0] == "produce":
            produce(client, argv[1], int(argv[2]))
        elif len(argv) == 4 and argv[0] == "consume":
            consume(client, argv[1], argv[2], int(argv[3]))
        else:
            raise SystemExit("usage: scenario.py produce <log> <n> | consume <log> <cursor> <count>")


if __name__ == "__main__":
    main(sys.argv[1:])
