#!/usr/bin/env python3
"""Quire over plain REST from Python (requests): create, append one entry (octet-stream) and a
batch (JSON, base64), read a page, long-poll the tail, close, and typed errors from
application/problem+json. Ids are decimal strings in JSON.

    pip install requests
    python3 clients/python/rest_example.py --url http://127.0.0.1:8080
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import sys
import uuid

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from quire_errors import QuireError, with_retries  # noqa: E402

PASSWORD = "example-secret"


def call(session: requests.Session, method: str, url: str, **kw) -> requests.Response:
    """One HTTP call; a problem+json answer becomes QuireError, a lost connection a retryable one."""
    try:
        r = session.request(method, url, timeout=30, **kw)
    except requests.ConnectionError as e:
        raise QuireError("UNAVAILABLE", str(e), retryable=True, status="connection") from None
    if r.status_code >= 400:
        raise QuireError.from_problem(r)
    return r


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://127.0.0.1:8080", help="gateway REST base URL")
    args = ap.parse_args()
    base = args.url.rstrip("/")
    s = requests.Session()
    s.headers["Quire-Ledger-Password"] = PASSWORD

    info = call(s, "POST", f"{base}/v1/ledgers", json={"ensembleSize": 3, "writeQuorumSize": 2, "ackQuorumSize": 2,
                                                            "entryFormat": "ENVELOPE"}).json()
    lid = info["ledgerId"]
    print(f"created ledger {lid}")

    producer = f"py-rest-{uuid.uuid4()}"
    one = with_retries(lambda: call(s, "POST", f"{base}/v1/ledgers/{lid}/entries", data=b"hello",
                                    headers={"Content-Type": "application/octet-stream",
                                             "Quire-Producer-Id": producer, "Quire-Sequence": "0"})).json()
    print(f"appended entry {one['entryId']} (write set {one['writeSet']})")
    batch = {"entries": [{"data": base64.b64encode(f"batch {i}".encode()).decode()} for i in range(3)]}
    many = with_retries(lambda: call(s, "POST", f"{base}/v1/ledgers/{lid}/entries", json=batch,
                                     headers={"Quire-Producer-Id": producer, "Quire-Sequence": "1"})).json()
    print(f"appended batch: entries {[r['entryId'] for r in many['receipts']]}")

    page = with_retries(lambda: call(s, "GET", f"{base}/v1/ledgers/{lid}/entries", params={"from": "0"})).json()
    datas = [base64.b64decode(e["data"]).decode() for e in page["entries"]]
    print(f"read {len(datas)} entries: {datas}")

    tail = call(s, "GET", f"{base}/v1/ledgers/{lid}/tail", params={"from": "3", "waitMs": "1000"}).json()
    print(f"tail from 3: {[e['entryId'] for e in tail['entries']]}")

    sealed = call(s, "POST", f"{base}/v1/ledgers/{lid}/close").json()
    print(f"closed: last entry {sealed['lastEntryId']}")

    try:
        call(s, "POST", f"{base}/v1/ledgers/{lid}/entries", data=b"late", headers={"Content-Type": "application/octet-stream"})
        raise SystemExit("append after close succeeded")
    except QuireError as e:
        closed_error = e
        print(f"append after close -> {e.code} (HTTP {e.status}, retryable={e.retryable}, last entry {e.last_entry_id})")
    try:
        call(s, "GET", f"{base}/v1/ledgers/not-a-number")
        raise SystemExit("bad id accepted")
    except QuireError as e:
        bad_error = e
        print(f"bad ledger id -> {e.code} (HTTP {e.status}, field {e.field})")

    print(json.dumps({"ok": True, "ledgerId": lid, "read": datas, "lastEntryId": sealed["lastEntryId"],
                      "closedError": closed_error.code, "closedLastEntryId": closed_error.last_entry_id,
                      "badIdError": bad_error.code, "badIdStatus": bad_error.status}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
