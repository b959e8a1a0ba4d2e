// Found by the fault kit (npm run chaos, seed 1): an acknowledged record was not readable at the
// end of the run. The gateway that served the read had a read handle on the log's open segment
// cached from an earlier read, when the segment's LAC was lower; once the writing gateway was gone
// (no owner to ask for the committed end), the end came from that handle's tryReadLastAddConfirmed,
// which only moves with the LAC piggybacked on the last entry, one behind the explicit LAC the
// writer sent: the last record stayed invisible for good. Every acknowledged record must be
// readable through any gateway once the writer is gone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startGatewayCluster, type GatewayCluster } from '../gateway-cluster.js';

let c: GatewayCluster;
before(async () => {
  c = await startGatewayCluster({ gateways: 2 });
});
after(async () => {
  await c?.stop();
});

test('after the writer crashes, a gateway with an older read handle still reads every acknowledged record', async () => {
  const [g1, g2] = c.gateways;
  const name = 'stale-handle';
  assert.equal((await fetch(`${g1!.url}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) })).status, 201);
  const append = async (i: number) => {
    const r = await fetch(`${g1!.url}/v1/logs/${name}/records`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'Quire-Producer-Id': 'p', 'Quire-Sequence': String(i) }, body: `r${i}` });
    assert.equal(r.status, 201);
  };
  const page = async () => (await (await fetch(`${g2!.url}/v1/logs/${name}/records?from=0&limit=100`)).json()) as { records: { offset: string }[]; endOffset: string };
  for (let i = 0; i < 3; i++) await append(i);
  // gateway 2 reads while the log is young: it opens (and caches) a handle on the open segment.
  assert.equal((await page()).records.length, 3);
  for (let i = 3; i < 5; i++) await append(i);
  // The writer's explicit LAC (every 100 ms) reaches the bookies; then the writer crashes.
  await new Promise((r) => setTimeout(r, 1000));
  await c.gateways[0]!.crash();
  const p = await page();
  assert.equal(p.endOffset, '5', JSON.stringify(p));
  assert.deepEqual(p.records.map((r) => r.offset), ['0', '1', '2', '3', '4']);
});
