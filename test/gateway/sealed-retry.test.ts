// Found by the fault kit (npm run chaos, seed 1): an exactly-once append retried on a gateway that
// is not the writer, after the ledger was closed, was answered 400 INVALID_ARGUMENT ("entry N is
// beyond the last add confirmed") when that gateway had a read handle cached from before the close:
// the rebuild of the sealed ledger's (producer, sequence) table read to the sealed end through a
// handle that still had the old LAC. The answer must be the original receipt (a duplicate) for a
// written sequence and LEDGER_CLOSED for a new one, whatever that gateway read before.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startGatewayCluster, type GatewayCluster } from './gateway-cluster.js';

let c: GatewayCluster;
before(async () => {
  c = await startGatewayCluster({ gateways: 2 });
});
after(async () => {
  await c?.stop();
});

const H = { 'Quire-Ledger-Password': 'pw' };

test('a retry after close on a gateway with a read handle from before the close: duplicate receipt or LEDGER_CLOSED, never 400', async () => {
  const [g1, g2] = c.gateways;
  const created = await fetch(`${g1!.url}/v1/ledgers`, { method: 'POST', headers: { ...H, 'content-type': 'application/json' }, body: JSON.stringify({ entryFormat: 'ENVELOPE' }) });
  assert.equal(created.status, 201);
  const id = ((await created.json()) as { ledgerId: string }).ledgerId;
  const append = (url: string, seq: number) =>
    fetch(`${url}/v1/ledgers/${id}/entries`, { method: 'POST', headers: { ...H, 'content-type': 'application/octet-stream', 'Quire-Producer-Id': 'p', 'Quire-Sequence': String(seq) }, body: `payload-${seq}` });
  assert.equal((await append(g1!.url, 0)).status, 201);
  // gateway 2 opens (and caches) a read handle while the ledger is open at entry 0.
  const read = await fetch(`${g2!.url}/v1/ledgers/${id}/entries/0`, { headers: H });
  assert.equal(read.status, 200);
  for (let seq = 1; seq <= 3; seq++) assert.equal((await append(g1!.url, seq)).status, 201);
  const closed = await fetch(`${g1!.url}/v1/ledgers/${id}/close`, { method: 'POST', headers: H });
  assert.equal(closed.status, 200);
  assert.equal(((await closed.json()) as { lastEntryId: string }).lastEntryId, '3');

  const retry = await append(g2!.url, 3);
  const retryBody = (await retry.json()) as { entryId?: string; duplicate?: boolean; code?: string; detail?: string };
  assert.equal(retry.status, 200, JSON.stringify(retryBody));
  assert.equal(retryBody.entryId, '3');
  assert.equal(retryBody.duplicate, true);

  const fresh = await append(g2!.url, 4);
  const freshBody = (await fresh.json()) as { code?: string };
  assert.equal(fresh.status, 409, JSON.stringify(freshBody));
  assert.equal(freshBody.code, 'LEDGER_CLOSED');

  // Reads through the same gateway see the sealed end too.
  const last = await fetch(`${g2!.url}/v1/ledgers/${id}/entries/3`, { headers: H });
  assert.equal(last.status, 200);
  assert.equal(Buffer.from(await last.arrayBuffer()).toString(), 'payload-3');
});
