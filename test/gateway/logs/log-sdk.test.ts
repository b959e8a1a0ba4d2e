// The SDK's LogProducer and LogConsumer against real gateway instances: the producer appends
// through a random live gateway per request while the log's writer crashes and a new gateway
// joins; the consumer follows with a durable cursor and itself restarts without committing its
// last acknowledgements. At the end every acknowledged record is in the log exactly once, at its
// receipt's offset, in producer order, across many rollovers, with no offset skipped.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LogConsumer, LogProducer, QuireLogClient, type LogReceipt } from '../../../clients/typescript/index.js';
import type { RunningGateway } from '../../../gateway/gateway-server.js';
import { startGatewayCluster, type GatewayCluster } from '../gateway-cluster.js';

let gc: GatewayCluster;
const alive = new Set<RunningGateway>();
before(async () => {
  gc = await startGatewayCluster({ gateways: 3 });
  for (const g of gc.gateways) alive.add(g);
});
after(async () => {
  await gc.stop();
});

/** A fetch that sends each request to a random live gateway. */
const anyGateway: typeof fetch = (input, init) => {
  const live = [...alive];
  const g = live[Math.floor(Math.random() * live.length)]!;
  const req = input instanceof Request ? input : new Request(input, init);
  const u = new URL(req.url);
  return fetch(new Request(`${g.url}${u.pathname}${u.search}`, req));
};

test('producer through random gateways while the writer crashes; consumer with a cursor restarts; exactly once, in order, no gaps', async () => {
  const client = new QuireLogClient({ baseUrl: 'http://placeholder', fetch: anyGateway, retry: { attempts: 30, baseDelayMs: 20 } });
  await client.createLog({ name: 'sdk/orders', rollover: { maxEntries: 20 } });
  const producer = new LogProducer(client, 'sdk/orders', { producerId: 'shop', firstSequence: 0n, maxBatchRecords: 7 });
  const total = 300;
  const acked = new Map<number, LogReceipt>();
  const sends: Promise<void>[] = [];
  let crashed = false;
  for (let i = 0; i < total; i++) {
    sends.push(producer.send(`order-${i}`).then((r) => void acked.set(i, r)));
    if (i === 120) {
      await producer.flush();
      // Crash the log's writer mid-stream and start a fresh gateway.
      const owner = (await client.getLog('sdk/orders')).owner;
      const victim = gc.gateways.find((g) => g.gatewayId === owner)!;
      alive.delete(victim);
      await victim.crash();
      alive.add(await gc.addGateway());
      crashed = true;
    }
  }
  await Promise.all(sends);
  await producer.close();
  assert.ok(crashed);
  assert.equal(acked.size, total);

  // Consumer 1 reads about half, acknowledges, commits part, and "crashes" (no final commit).
  const c1 = new LogConsumer(client, 'sdk/orders', 'billing', { waitMs: 500, commitIntervalMs: 60_000 });
  let seen = 0;
  for await (const r of c1.records()) {
    c1.ack(r.offset);
    if (++seen === 100) await c1.commit();
    if (seen === 150) break;
  }
  const cursor = await client.getCursor('sdk/orders', 'billing');
  assert.equal(cursor.offset, 100n, 'committed through offset 99');
  // Consumer 2 restarts from the cursor: sees everything after it, in order, none skipped.
  const c2 = new LogConsumer(client, 'sdk/orders', 'billing', { waitMs: 500 });
  const got: { offset: bigint; data: string }[] = [];
  for await (const r of c2.records()) {
    got.push({ offset: r.offset, data: r.data.toString() });
    c2.ack(r.offset);
    if (r.offset === BigInt(total - 1)) break;
  }
  await c2.close();
  assert.deepEqual(got.map((g) => g.offset), Array.from({ length: total - 100 }, (_, i) => BigInt(100 + i)));
  assert.equal((await client.getCursor('sdk/orders', 'billing')).offset, BigInt(total));

  // The whole log: each record once, at its receipt's offset, in producer order, dense offsets.
  const all: { offset: bigint; data: string }[] = [];
  for (let from = 0n; ; ) {
    const p = await client.read('sdk/orders', { from });
    all.push(...p.records.map((r) => ({ offset: r.offset, data: r.data.toString() })));
    if (p.nextOffset >= p.endOffset) break;
    from = p.nextOffset;
  }
  assert.deepEqual(all.map((r) => r.data), Array.from({ length: total }, (_, i) => `order-${i}`));
  assert.deepEqual(all.map((r) => r.offset), Array.from({ length: total }, (_, i) => BigInt(i)));
  for (const [i, r] of acked) assert.equal(all[Number(r.offset)]!.data, `order-${i}`);
  const info = await client.getLog('sdk/orders');
  assert.ok(info.segments.length >= 10, `${info.segments.length} segments (rollovers and a takeover)`);
});
