// A named log's segment ledgers and a blob's chunk ledger are the log's and the blob's: the raw
// ledger API may read them, but an append, close, recover or delete through it is refused with
// LEDGER_MANAGED (409 / FAILED_PRECONDITION) and nothing happens. Before the guard, a raw append
// or close to an open segment took the "ledger without a writer" path, fenced the log's writer and
// sealed the segment; a raw delete cut a hole in the log.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLiveGateway, type LiveGateway } from '../clients/live-gateway.js';
import { QuireGrpcClient } from '../../clients/typescript/grpc-client.js';

let gw: LiveGateway;
before(async () => {
  gw = await startLiveGateway();
});
after(async () => {
  await gw?.stop();
});

async function json(r: Response): Promise<Record<string, unknown>> {
  return (await r.json()) as Record<string, unknown>;
}

async function appendRecord(log: string, text: string): Promise<string> {
  const r = await fetch(`${gw.restUrl}/v1/logs/${encodeURIComponent(log)}/records`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: text });
  assert.equal(r.status, 201, await r.clone().text());
  return String((await json(r)).offset);
}

function assertManaged(status: number, body: Record<string, unknown>, what: string): void {
  assert.equal(status, 409, `${what}: ${JSON.stringify(body)}`);
  assert.equal(body.code, 'LEDGER_MANAGED', what);
}

test('raw append, close, recover and delete of an open log segment are refused; the log writer goes on', async () => {
  const created = await fetch(`${gw.restUrl}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'orders' }) });
  assert.equal(created.status, 201);
  assert.equal(await appendRecord('orders', 'r0'), '0');
  const info = await json(await fetch(`${gw.restUrl}/v1/logs/orders`));
  const segments = info.segments as { ledgerId: string }[];
  const ledgerId = segments[segments.length - 1]!.ledgerId;
  const base = `${gw.restUrl}/v1/ledgers/${ledgerId}`;

  const append = await fetch(`${base}/entries`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: 'raw' });
  assertManaged(append.status, await json(append), 'raw append');
  const close = await fetch(`${base}/close`, { method: 'POST' });
  assertManaged(close.status, await json(close), 'raw close');
  const recover = await fetch(`${base}/recover`, { method: 'POST' });
  assertManaged(recover.status, await json(recover), 'raw recover');
  const del = await fetch(base, { method: 'DELETE' });
  assertManaged(del.status, await json(del), 'raw delete');

  // gRPC answers the same code.
  const client = new QuireGrpcClient({ target: gw.grpcTarget });
  try {
    await assert.rejects(client.closeLedger(BigInt(ledgerId)), (e: { code?: string }) => e.code === 'LEDGER_MANAGED');
  } finally {
    client.close();
  }

  // Nothing was fenced: the segment is still open and the log's writer appends to it.
  const md = await json(await fetch(base));
  assert.equal(md.state, 'OPEN');
  assert.equal(await appendRecord('orders', 'r1'), '1');
  const after = await json(await fetch(`${gw.restUrl}/v1/logs/orders`));
  assert.equal((after.segments as unknown[]).length, segments.length, 'no new segment: the writer was not fenced');
  // Reads of the segment through the ledger API still work.
  const e0 = await fetch(`${base}/entries/0`);
  assert.equal(e0.status, 200);
});

test("a blob's chunk ledger cannot be deleted or sealed through the ledger API", async () => {
  const put = await fetch(`${gw.restUrl}/v1/blobs/snap`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(1000, 7) });
  assert.equal(put.status, 201, await put.clone().text());
  const ledgerId = String((await json(put)).ledgerId);
  const del = await fetch(`${gw.restUrl}/v1/ledgers/${ledgerId}`, { method: 'DELETE', headers: { 'quire-ledger-password': 'quire-blob' } });
  assertManaged(del.status, await json(del), 'raw delete of a blob ledger');
  const get = await fetch(`${gw.restUrl}/v1/blobs/snap`);
  assert.equal(get.status, 200);
  assert.deepEqual(Buffer.from(await get.arrayBuffer()), Buffer.alloc(1000, 7));
});
