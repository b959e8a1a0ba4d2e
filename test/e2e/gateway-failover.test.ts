// The stateless tier under kill -9: real ZooKeeper, three `quire bookie` processes and two
// `quire gateway` processes (npm run cluster's topology). A producer appends exactly-once through
// gateway A, A is killed with SIGKILL mid-stream, and the producer continues through gateway B:
// nothing acknowledged is lost, nothing is written twice, and B never writes to A's ledger.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startProcessCluster, type ProcessCluster } from '../../scripts/cluster.js';

interface Receipt {
  entryId: string;
  duplicate?: boolean;
}
interface Problem {
  code: string;
  lastEntryId?: string;
}

const payload = (seq: number) => `order-${seq}`;

async function append(gw: string, ledger: string, seq: number): Promise<{ status: number; body: Receipt | Problem }> {
  const r = await fetch(`${gw}/v1/ledgers/${ledger}/entries`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', 'quire-producer-id': 'producer-1', 'quire-sequence': String(seq), 'quire-ledger-password': 'pw' },
    body: payload(seq),
  });
  return { status: r.status, body: (await r.json()) as Receipt | Problem };
}

/**
 * Appends, retrying what the gateway calls retryable (problem+json `retryable`): right after the
 * kill the dead owner's ZooKeeper session still holds its ownership record, and B answers 503
 * LEDGER_OWNED_ELSEWHERE until the session expires. Bounded: 60 s.
 */
async function appendRetrying(gw: string, ledger: string, seq: number): Promise<{ status: number; body: Receipt | Problem }> {
  const deadline = Date.now() + 60_000;
  while (true) {
    const r = await append(gw, ledger, seq);
    const retryable = r.status >= 500 && (r.body as Problem & { retryable?: boolean }).retryable === true;
    if (!retryable || Date.now() > deadline) return r;
    await new Promise((res) => setTimeout(res, 500));
  }
}

async function createLedger(gw: string): Promise<string> {
  const r = await fetch(`${gw}/v1/ledgers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'quire-ledger-password': 'pw' },
    // ENVELOPE: the producer appends exactly-once (producer id + sequence), which raw ledgers refuse.
    body: JSON.stringify({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, entryFormat: 'ENVELOPE' }),
  });
  assert.equal(r.status, 201);
  return ((await r.json()) as { ledgerId: string }).ledgerId;
}

async function readAll(gw: string, ledger: string): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  let from = '0';
  while (true) {
    const r = await fetch(`${gw}/v1/ledgers/${ledger}/entries?from=${from}`, { headers: { 'quire-ledger-password': 'pw' } });
    assert.equal(r.status, 200);
    const page = (await r.json()) as { entries: { entryId: string; data: string }[]; nextEntryId?: string };
    for (const e of page.entries) out.set(Number(e.entryId), Buffer.from(e.data, 'base64').toString());
    if (!page.nextEntryId || page.entries.length === 0) return out;
    from = page.nextEntryId;
  }
}

let cluster: ProcessCluster;
before(async () => {
  cluster = await startProcessCluster({ bookies: 3, gateways: 2, startTimeoutMs: 120_000 });
});
after(async () => {
  await cluster?.stop();
});

test('kill -9 of the owning gateway mid-stream: the producer continues through the other, nothing acked is lost or doubled', async () => {
  const [a, b] = cluster.info.gateways;
  assert.ok(a && b);
  const l1 = await createLedger(a.rest);
  const acked = new Map<number, { ledger: string; entryId: number }>();
  let next = 0;
  let killed = false;
  const lane = async () => {
    while (!killed && next < 100_000) {
      const seq = next++;
      try {
        const r = await append(a.rest, l1, seq);
        if (r.status === 201 || r.status === 200) acked.set(seq, { ledger: l1, entryId: Number((r.body as Receipt).entryId) });
      } catch {
        return; // connection to A died
      }
    }
  };
  const lanes = Array.from({ length: 8 }, lane);
  // Bounded: appends that never succeed fail the test instead of hanging it.
  const ackDeadline = Date.now() + 120_000;
  while (acked.size < 300) {
    assert.ok(Date.now() < ackDeadline, `only ${acked.size} of 300 appends acknowledged through A in 120 s`);
    await new Promise((r) => setTimeout(r, 5));
  }
  process.kill(a.pid, 'SIGKILL');
  killed = true;
  await Promise.all(lanes);
  const sent = next;

  // Through B: every sequence A did not confirm is retried on the same ledger first. B finds the
  // owner gone, recovers (fences) the ledger and answers: a duplicate receipt if the entry made it,
  // else LEDGER_CLOSED with the sealed end; those go to a new ledger.
  let l2: string | undefined;
  let sealedAt: number | undefined;
  for (let seq = 0; seq < sent; seq++) {
    if (acked.has(seq)) continue;
    const r = await appendRetrying(b.rest, l1, seq);
    if (r.status === 200) {
      assert.equal((r.body as Receipt).duplicate, true);
      acked.set(seq, { ledger: l1, entryId: Number((r.body as Receipt).entryId) });
      continue;
    }
    assert.equal(r.status, 409, JSON.stringify(r.body));
    assert.equal((r.body as Problem).code, 'LEDGER_CLOSED');
    sealedAt = Number((r.body as Problem).lastEntryId);
    l2 ??= await createLedger(b.rest);
    const again = await append(b.rest, l2, seq);
    assert.equal(again.status, 201, JSON.stringify(again.body));
    acked.set(seq, { ledger: l2, entryId: Number((again.body as Receipt).entryId) });
  }
  // A retry of an acknowledged append through B is recognised too.
  const replay = await appendRetrying(b.rest, l1, 0);
  assert.equal(replay.status, 200);
  assert.equal((replay.body as Receipt).duplicate, true);
  assert.equal(Number((replay.body as Receipt).entryId), acked.get(0)!.entryId);

  const meta = (await (await fetch(`${b.rest}/v1/ledgers/${l1}`, { headers: { 'quire-ledger-password': 'pw' } })).json()) as { state: string; lastEntryId: string };
  assert.equal(meta.state, 'CLOSED');
  if (sealedAt !== undefined) assert.equal(Number(meta.lastEntryId), sealedAt);

  const e1 = await readAll(b.rest, l1);
  const e2 = l2 ? await readAll(b.rest, l2) : new Map<number, string>();
  for (const [seq, where] of acked) {
    const got = (where.ledger === l1 ? e1 : e2).get(where.entryId);
    assert.equal(got, payload(seq), `acked seq ${seq} at ${where.ledger}:${where.entryId}`);
  }
  const all = [...e1.values(), ...e2.values()];
  assert.equal(new Set(all).size, all.length, 'no sequence written twice');
  assert.equal(all.length, sent, 'every sequence sent is stored exactly once');
});
