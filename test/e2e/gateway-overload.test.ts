// A gateway process far past what it can take: 1,000 appends in flight over REST (and a burst
// over gRPC) against a gateway whose in-flight bound is 64 appends. The excess is refused at once
// with the documented code — 429 TOO_MANY_REQUESTS with Retry-After, retryable (gRPC
// RESOURCE_EXHAUSTED) — never a 5xx or a hang; the gateway's RSS stays bounded; every append that
// was acknowledged (REST or gRPC) reads back with its bytes, and a refused one wrote nothing (the
// sealed ledgers hold exactly the acknowledged entries); and the gateway serves normally afterwards. Without
// the bound (the default 20,000) no request is refused, so the test fails.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { Metadata } from '@grpc/grpc-js';
import { startProcessCluster, type ProcessCluster } from '../../scripts/cluster.js';
import { GrpcLedgerClient } from '../../gateway/grpc/grpc-client.js';

const LIMIT = 64;
let cluster: ProcessCluster;
before(async () => {
  cluster = await startProcessCluster({ bookies: 3, gateways: 1, startTimeoutMs: 120_000, gatewayArgs: ['--limit', `maxPendingAppendsTotal=${LIMIT}`] });
});
after(async () => {
  await cluster?.stop();
});

const rssMiB = (pid: number): number => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

function post(agent: Agent, url: string, body: Buffer): Promise<{ status: number; body: string; retryAfter: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/octet-stream', 'content-length': String(body.length) } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, retryAfter: res.headers['retry-after'] as string | undefined }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('1,000 REST appends in flight against a bound of 64: the excess is 429 with Retry-After, nothing acked is lost, RSS bounded', async (t) => {
  const gw = cluster.info.gateways[0]!;
  const ledgers: string[] = [];
  for (let i = 0; i < 4; i++) {
    const r = await fetch(`${gw.rest}/v1/ledgers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(r.status, 201);
    ledgers.push(((await r.json()) as { ledgerId: string }).ledgerId);
  }
  const agent = new Agent({ keepAlive: true, maxSockets: 1000 });
  const rssBefore = rssMiB(gw.pid);
  const acked: { ledgerId: string; entryId: string; payload: Buffer }[] = [];
  let refused = 0;
  const other: string[] = [];
  for (let round = 0; round < 4; round++) {
    await Promise.all(Array.from({ length: 1000 }, async (_, i) => {
      const ledgerId = ledgers[i % ledgers.length]!;
      const payload = Buffer.from(`r${round}-i${i}-`.padEnd(2048, 'z'));
      const r = await post(agent, `${gw.rest}/v1/ledgers/${ledgerId}/entries`, payload);
      if (r.status === 201) {
        acked.push({ ledgerId, entryId: (JSON.parse(r.body) as { entryId: string }).entryId, payload });
      } else if (r.status === 429) {
        const problem = JSON.parse(r.body) as { code: string; retryable: boolean };
        assert.equal(problem.code, 'TOO_MANY_REQUESTS');
        assert.equal(problem.retryable, true);
        assert.ok(r.retryAfter !== undefined && Number(r.retryAfter) >= 1, 'Retry-After is set');
        refused++;
      } else {
        other.push(`${r.status} ${r.body.slice(0, 200)}`);
      }
    }));
  }
  const rssAfter = rssMiB(gw.pid);
  agent.destroy();
  t.diagnostic(`acked ${acked.length}, refused ${refused}, RSS ${rssBefore.toFixed(0)} → ${rssAfter.toFixed(0)} MiB`);
  assert.deepEqual(other, [], 'every answer is 201 or 429');
  assert.ok(refused > 0, 'the bound was reached: some appends were refused');
  assert.ok(acked.length > 0, 'admitted work went through');
  assert.ok(rssAfter - rssBefore < 256, `gateway RSS grew ${(rssAfter - rssBefore).toFixed(0)} MiB`);
  // Every acknowledged append reads back with its bytes.
  for (const a of acked) {
    const r = await fetch(`${gw.rest}/v1/ledgers/${a.ledgerId}/entries/${a.entryId}`);
    assert.equal(r.status, 200);
    assert.ok(Buffer.from(await r.arrayBuffer()).equals(a.payload), `entry ${a.ledgerId}/${a.entryId}`);
  }
  // And the gateway still serves.
  const after = await fetch(`${gw.rest}/v1/ledgers/${ledgers[0]}/entries`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: 'after' });
  assert.equal(after.status, 201);
  // A refused append wrote nothing: sealed, the ledgers hold exactly the acknowledged entries (and 'after').
  let stored = 0;
  for (const l of ledgers) stored += (await readAll(gw.rest, l)).size;
  assert.equal(stored, acked.length + 1, 'entries stored = appends acknowledged');
});

/** Seals the ledger and reads it page by page over REST: entry id -> bytes. */
async function readAll(rest: string, ledgerId: string): Promise<Map<string, Buffer>> {
  assert.equal((await fetch(`${rest}/v1/ledgers/${ledgerId}/close`, { method: 'POST' })).status, 200);
  const out = new Map<string, Buffer>();
  for (let from: string | undefined = '0'; from !== undefined;) {
    const r = await fetch(`${rest}/v1/ledgers/${ledgerId}/entries?from=${from}`);
    assert.equal(r.status, 200);
    const page = (await r.json()) as { entries: { entryId: string; data: string }[]; nextEntryId?: string };
    for (const e of page.entries) out.set(e.entryId, Buffer.from(e.data, 'base64'));
    from = page.entries.length > 0 ? page.nextEntryId : undefined;
  }
  return out;
}

test('a gRPC burst past the bound gets RESOURCE_EXHAUSTED with the code trailer, not UNAVAILABLE or a hang', async () => {
  const gw = cluster.info.gateways[0]!;
  // Eight channels (each its own HTTP/2 connection) with 150 calls each: far more appends in
  // flight than the bound, whatever one connection's stream limit is.
  const clients = Array.from({ length: 8 }, () => new GrpcLedgerClient(gw.grpc));
  try {
    const created = (await clients[0]!.unary('CreateLedger', { ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2 })) as { ledgerId: string };
    const codes = new Map<string, number>();
    const acked = new Map<string, Buffer>();
    await Promise.all(clients.flatMap((client, c) => Array.from({ length: 150 }, async (_, i) => {
      const data = Buffer.alloc(16 * 1024, (c * 150 + i) % 251);
      data.writeUInt32BE(c * 150 + i);
      try {
        const receipt = await client.unary<{ entryId: string }>('Append', { ledgerId: created.ledgerId, data }, { timeoutMs: 60_000 });
        acked.set(receipt.entryId, data);
        codes.set('OK', (codes.get('OK') ?? 0) + 1);
      } catch (e) {
        const err = e as { code?: number; metadata?: Metadata };
        const key = `${err.code}:${String(err.metadata?.get('quire-error-code')[0] ?? '')}`;
        codes.set(key, (codes.get(key) ?? 0) + 1);
      }
    })));
    assert.ok((codes.get('OK') ?? 0) > 0, JSON.stringify([...codes]));
    assert.ok((codes.get('8:TOO_MANY_REQUESTS') ?? 0) > 0, `RESOURCE_EXHAUSTED (8) seen: ${JSON.stringify([...codes])}`);
    assert.deepEqual([...codes.keys()].filter((k) => k !== 'OK' && k !== '8:TOO_MANY_REQUESTS'), []);
    // Every acknowledged gRPC append reads back under its receipt's entry id, and the refused ones
    // wrote nothing: the sealed ledger holds exactly the acknowledged entries.
    const stored = await readAll(cluster.info.gateways[0]!.rest, created.ledgerId);
    assert.equal(stored.size, acked.size, 'entries stored = appends acknowledged');
    for (const [entryId, data] of acked) assert.ok(stored.get(entryId)?.equals(data), `entry ${entryId}`);
  } finally {
    for (const c of clients) c.close();
  }
});
