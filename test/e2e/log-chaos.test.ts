// Named logs under kill -9, as processes: real ZooKeeper, four `quire bookie` processes and three
// `quire gateway` processes. One SDK LogProducer appends exactly-once through a random live gateway
// per request while gateways and bookies are SIGKILLed and started again; an SDK LogConsumer follows
// with a durable cursor and itself restarts without committing its last acknowledgements. At the
// end: every acknowledged record is in the log exactly once, at its receipt's offset, in producer
// order, across at least 10 segment rollovers, and no offset is skipped (offsets are 0..n-1).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LogConsumer, LogProducer, QuireLogClient, type LogReceipt } from '../../clients/typescript/index.js';
import { startProcessCluster, type ProcessCluster } from '../../scripts/cluster.js';

let cluster: ProcessCluster;
const down = new Set<number>();
before(async () => {
  cluster = await startProcessCluster({ bookies: 4, gateways: 3, startTimeoutMs: 120_000 });
});
after(async () => {
  await cluster?.stop();
});

/** Each request goes to a random gateway that is up (a load balancer's view). */
const anyGateway: typeof fetch = (input, init) => {
  const live = cluster.info.gateways.filter((_, i) => !down.has(i));
  const g = live[Math.floor(Math.random() * live.length)]!;
  const req = input instanceof Request ? input : new Request(input, init);
  const u = new URL(req.url);
  return fetch(new Request(`${g.rest}${u.pathname}${u.search}`, req));
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('producer and consumer through random gateways while gateways and bookies are killed and restarted: exactly once, in order, no gap', async () => {
  const client = new QuireLogClient({ baseUrl: 'http://lb', fetch: anyGateway, timeoutMs: 20_000, retry: { attempts: 60, baseDelayMs: 50, maxDelayMs: 2000 } });
  await client.createLog({ name: 'e2e/orders', ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, rollover: { maxEntries: 25 } });
  const producer = new LogProducer(client, 'e2e/orders', { producerId: 'shop', firstSequence: 0n, maxBatchRecords: 5, retry: { attempts: 60, baseDelayMs: 50, maxDelayMs: 2000 } });
  // At least 400 records, and more (up to 4,000) until two kills have landed mid-stream: how fast
  // 400 records go depends on the machine's load, the kill schedule does not.
  let total = 0;
  const acked = new Map<number, LogReceipt>();
  let producing = true;
  let kills = 0;

  // Chaos: a gateway, then a bookie, killed and started again, several rounds while producing.
  const chaos = (async () => {
    for (let round = 0; producing && round < 4; round++) {
      await sleep(1500);
      const g = round % 3;
      down.add(g);
      await cluster.killGateway(g);
      kills++;
      await sleep(500);
      const b = round % 4;
      await cluster.killBookie(b);
      kills++;
      await sleep(1000);
      await cluster.restartGateway(g);
      down.delete(g);
      await cluster.restartBookie(b);
    }
  })();

  // Consumer 1 follows while the producer runs, commits as it goes, and "crashes" midway.
  const consumed: bigint[] = [];
  const consumer1 = (async () => {
    const c = new LogConsumer(client, 'e2e/orders', 'audit', { waitMs: 1000, commitIntervalMs: 200 });
    for await (const r of c.records()) {
      consumed.push(r.offset);
      c.ack(r.offset);
      if (consumed.length === 150) break; // no final commit: a crash
    }
  })();

  const sends: Promise<void>[] = [];
  for (let i = 0; i < 400 || (kills < 2 && i < 4000); i++) {
    sends.push(producer.send(`order-${i}`).then((r) => void acked.set(i, r)));
    total = i + 1;
    if (i % 20 === 19) await producer.flush(); // paced, so the chaos lands mid-stream
  }
  await Promise.all(sends);
  await producer.close();
  const killsWhileProducing = kills;
  producing = false;
  await chaos;
  await consumer1;
  assert.equal(acked.size, total);
  assert.ok(killsWhileProducing >= 2, `only ${killsWhileProducing} kills landed while producing`);

  // Consumer 2 restarts from the durable cursor: at or before where consumer 1 got to, nothing skipped.
  const cursor = (await client.getCursor('e2e/orders', 'audit')).offset;
  assert.ok(cursor <= BigInt(consumed.length) && cursor > 0n, `cursor ${cursor} after ${consumed.length} consumed`);
  const c2 = new LogConsumer(client, 'e2e/orders', 'audit', { waitMs: 1000 });
  const after2: bigint[] = [];
  for await (const r of c2.records()) {
    after2.push(r.offset);
    c2.ack(r.offset);
    if (r.offset === BigInt(total - 1)) break;
  }
  await c2.close();
  assert.deepEqual(consumed, Array.from({ length: consumed.length }, (_, i) => BigInt(i)));
  assert.deepEqual(after2, Array.from({ length: total - Number(cursor) }, (_, i) => cursor + BigInt(i)));

  const all: { offset: bigint; data: string }[] = [];
  for (let from = 0n; ; ) {
    const p = await client.read('e2e/orders', { from });
    all.push(...p.records.map((r) => ({ offset: r.offset, data: r.data.toString() })));
    if (p.nextOffset >= p.endOffset) break;
    from = p.nextOffset;
  }
  assert.deepEqual(all.map((r) => r.offset), Array.from({ length: total }, (_, i) => BigInt(i)), 'dense offsets, none skipped');
  assert.deepEqual(all.map((r) => r.data), Array.from({ length: total }, (_, i) => `order-${i}`), 'each record once, in producer order');
  for (const [i, r] of acked) assert.equal(all[Number(r.offset)]!.data, `order-${i}`, `receipt of order-${i}`);
  const info = await client.getLog('e2e/orders');
  assert.ok(info.segments.length >= 11, `${info.segments.length} segments`);
});
