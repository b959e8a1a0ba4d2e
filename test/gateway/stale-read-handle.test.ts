// The ledger side of test/gateway/logs/stale-read-handle.test.ts (found by npm run chaos, seed 1):
// a gateway whose read handle was opened while the ledger was young, asked after the writing
// gateway crashed, must still show the last acknowledged entry (the writer's explicit LAC), not
// stop one entry short at the LAC piggybacked on the last entry.
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

test('after the writer crashes, a gateway with an older read handle still reads the last acknowledged entry', async () => {
  const [g1, g2] = c.gateways;
  const created = await fetch(`${g1!.url}/v1/ledgers`, { method: 'POST', headers: H });
  const id = ((await created.json()) as { ledgerId: string }).ledgerId;
  const append = async (i: number) => assert.equal((await fetch(`${g1!.url}/v1/ledgers/${id}/entries`, { method: 'POST', headers: { ...H, 'content-type': 'application/octet-stream' }, body: `e${i}` })).status, 201);
  for (let i = 0; i < 3; i++) await append(i);
  assert.equal((await fetch(`${g2!.url}/v1/ledgers/${id}/entries/1`, { headers: H })).status, 200); // opens and caches a handle
  for (let i = 3; i < 5; i++) await append(i);
  await new Promise((r) => setTimeout(r, 1000)); // the explicit LAC (every 100 ms) reaches the bookies
  await g1!.crash();
  const lac = (await (await fetch(`${g2!.url}/v1/ledgers/${id}/lac`, { headers: H })).json()) as { lastAddConfirmed: string };
  assert.equal(lac.lastAddConfirmed, '4');
  const last = await fetch(`${g2!.url}/v1/ledgers/${id}/entries/4`, { headers: H });
  assert.equal(last.status, 200);
  assert.equal(Buffer.from(await last.arrayBuffer()).toString(), 'e4');
});
