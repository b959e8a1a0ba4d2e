"""Raw ledgers through the SDK: exactly-once appends, reads, tail, close and typed errors."""
from __future__ import annotations

import pytest

from quire import Client, Conflict, NotFound


def test_ledger_append_read_tail_close(client: Client) -> None:
    ledger = client.create_ledger(password=b"pw", ensemble_size=3, write_quorum_size=2, ack_quorum_size=2)
    for seq in range(5):
        r = ledger.append(f"e{seq}".encode(), producer_id="py-ledger", sequence=seq)
        assert r.entry_id == seq
    dup = ledger.append(b"e0", producer_id="py-ledger", sequence=0)
    assert dup.duplicate and dup.entry_id == 0
    assert [x.entry_id for x in ledger.append_batch([b"b0", b"b1"])] == [5, 6]
    assert ledger.read(2) == b"e2"
    got = []
    for entry_id, data in ledger.tail(0, wait_s=1):
        got.append((entry_id, data))
        if entry_id == 6:
            break
    assert [e for e, _ in got] == list(range(7))
    sealed = ledger.close()
    assert sealed.last_entry_id == 6
    with pytest.raises(Conflict) as e:
        ledger.append(b"late")
    assert e.value.code == "LEDGER_CLOSED" and e.value.last_entry_id == 6 and not e.value.retryable
    with pytest.raises(NotFound) as missing:
        client.ledger(2**62).info()
    assert missing.value.code == "NO_SUCH_LEDGER"
