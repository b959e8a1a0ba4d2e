// Gateway tails over a striped (E3/Qw2) ledger with an ensemble change, read with a bookie of the
// first ensemble down: JSON tail pages (by count and cut by bytes, read in chunks sized from the
// entries seen: gateway/read-chunk.ts) and the SSE tail return every entry once, in order.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startGatewayCluster, type GatewayCluster } from './gateway-cluster.js';

let c: GatewayCluster;
before(async () => {
  c = await startGatewayCluster({ bookies: 4, gateways: 2 });
});
after(async () => {
  await c?.stop();
});

const H = { 'Quire-Ledger-Password': 'pw' };
const N = 300;
const data = (i: number) => `e${i}-`.repeat(1 + ((i * 37) % 40));

interface Page {
  entries: { entryId: string; data: string }[];
  nextEntryId?: string;
  sealed: boolean;
}

test('tail pages and the SSE tail of a sealed striped ledger with an ensemble change, a bookie down: every entry in order', async () => {
  const [g1, g2] = c.gateways;
  const id = ((await (await fetch(`${g1!.url}/v1/ledgers`, { method: 'POST', headers: H })).json()) as { ledgerId: string }).ledgerId;
  const append = async (from: number, to: number) => {
    const body = JSON.stringify({ entries: Array.from({ length: to - from }, (_, i) => ({ data: Buffer.from(data(from + i)).toString('base64') })) });
    const r = await fetch(`${g1!.url}/v1/ledgers/${id}/entries`, { method: 'POST', headers: { ...H, 'content-type': 'application/json' }, body });
    assert.equal(r.status, 201, await r.text());
  };
  for (let i = 0; i < N / 2; i += 50) await append(i, i + 50);
  const info = async () => (await (await fetch(`${g1!.url}/v1/ledgers/${id}`, { headers: H })).json()) as { segments: { bookies: string[] }[] };
  const victim = (await info()).segments[0]!.bookies[0]!;
  const bookie = c.cluster.bookies.find((b) => b.bookieId === victim || victim.endsWith(`:${b.port}`));
  assert.ok(bookie, `no bookie ${victim}`);
  await bookie.stop();
  for (let i = N / 2; i < N; i += 50) await append(i, i + 50);
  assert.equal((await fetch(`${g1!.url}/v1/ledgers/${id}/close`, { method: 'POST', headers: H })).status, 200);
  assert.equal((await info()).segments.length, 2, 'the stopped bookie caused an ensemble change');

  const expected = Array.from({ length: N }, (_, i) => `${i}:${data(i)}`);
  for (const query of ['limit=1000', 'limit=100', 'maxBytes=700']) {
    const got: string[] = [];
    let from = '0';
    for (let pages = 0; ; pages++) {
      assert.ok(pages < N, `${query}: no progress`);
      const r = await fetch(`${g2!.url}/v1/ledgers/${id}/tail?from=${from}&waitMs=0&${query}`, { headers: { ...H, accept: 'application/json' } });
      assert.equal(r.status, 200);
      const page = (await r.json()) as Page;
      for (const e of page.entries) got.push(`${e.entryId}:${Buffer.from(e.data, 'base64').toString()}`);
      if (query.startsWith('maxBytes')) assert.ok(page.entries.length >= 1);
      if (!page.nextEntryId) break;
      from = page.nextEntryId;
    }
    assert.deepEqual(got, expected, query);
  }
  const sse = await (await fetch(`${g2!.url}/v1/ledgers/${id}/tail?from=0`, { headers: { ...H, accept: 'text/event-stream' } })).text();
  const events = [...sse.matchAll(/\nevent: entry\ndata: (.*)\n/g)].map((m) => {
    const e = JSON.parse(m[1]!) as { entryId: string; data: string };
    return `${e.entryId}:${Buffer.from(e.data, 'base64').toString()}`;
  });
  assert.deepEqual(events, expected);
  assert.match(sse, /event: sealed/);
});
