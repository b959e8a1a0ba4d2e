// The TypeScript SDK's LogProducer and LogConsumer across a real gateway crash: `quire local` as a
// child process, SIGKILLed while the producer has batches in flight and started again on the same
// data directory and ports (test/clients/killable-local.ts), the scenario the Go and Python SDKs
// run. Every record is in the log exactly once, in send order; then a consumer that dies without
// committing its last acknowledgements restarts from its durable cursor and misses nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LogConsumer, LogProducer, QuireLogClient, type LogReceipt, type LogRecordOut } from '../../clients/typescript/index.js';
import { startKillableLocal, type KillableLocal } from './killable-local.js';

let local: KillableLocal;
before(async () => {
  local = await startKillableLocal();
});
after(async () => {
  await local?.stop();
});

test('exactly-once LogProducer across a SIGKILLed and restarted gateway; a consumer restarts from its cursor', { timeout: 900_000 }, async () => {
  // Generous retries: the restart of a whole `quire local` takes seconds on a loaded machine.
  const retry = { attempts: 300, baseDelayMs: 100, maxDelayMs: 2000 };
  let failedRequests = 0; // requests that met the dead gateway (connection refused or cut)
  const counting: typeof fetch = (input, init) =>
    fetch(input, init).catch((e: unknown) => {
      failedRequests++;
      throw e;
    });
  const client = new QuireLogClient({ baseUrl: local.restUrl, retry, timeoutMs: 30_000, fetch: counting });
  const log = 'failover/orders';
  await client.createLog({ name: log, rollover: { maxEntries: 25 } });
  const producer = new LogProducer(client, log, { producerId: 'shop', firstSequence: 0n, maxBatchRecords: 5, retry });
  const total = 120;
  const receipts = new Map<number, LogReceipt>();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    sends.push(producer.send(`order-${i}`).then((r) => void receipts.set(i, r)));
    if (i === 50) {
      // Batches are queued and one is in flight: kill the process under it (answers once it is dead).
      const killed = await fetch(`${local.controlUrl}/kill-gateway`, { method: 'POST' });
      assert.equal(killed.status, 200);
    }
  }
  await Promise.all(sends);
  await producer.close();
  assert.equal(local.restartError, undefined);
  assert.equal(local.restarts, 1, 'the gateway process was killed and started again once');
  assert.equal(receipts.size, total);
  assert.ok(failedRequests > 0, 'the producer met the killed gateway and retried');

  // The whole log: each record once, in send order, at its receipt's offset, offsets contiguous.
  const all: LogRecordOut[] = [];
  for (let from = 0n; all.length < total; ) {
    const page = await client.read(log, { from });
    assert.ok(page.records.length > 0, `read from ${from} returned nothing (have ${all.length})`);
    all.push(...page.records);
    from = page.nextOffset;
  }
  assert.equal(all.length, total);
  assert.equal((await client.getLog(log)).nextOffset, String(total), 'nothing written twice');
  all.forEach((r, i) => {
    assert.equal(r.offset, BigInt(i));
    assert.equal(r.data.toString(), `order-${i}`);
    assert.equal(receipts.get(i)!.offset, r.offset);
  });

  // Consumer 1 acknowledges 60, commits at 40, and "crashes" (stops without its final commit).
  const c1 = new LogConsumer(client, log, 'billing', { waitMs: 500, commitIntervalMs: 3_600_000 });
  let seen = 0;
  for await (const r of c1.records()) {
    assert.equal(r.offset, BigInt(seen));
    c1.ack(r.offset);
    seen++;
    if (seen === 40) await c1.commit();
    if (seen === 60) break;
  }
  assert.equal((await client.getCursor(log, 'billing')).offset, 40n);

  // Consumer 2 on the same cursor resumes at 40 (at-least-once: 40..59 again) and reaches the end.
  const c2 = new LogConsumer(client, log, 'billing', { waitMs: 500 });
  assert.equal(await c2.position(), 40n);
  const again: bigint[] = [];
  for await (const r of c2.records()) {
    again.push(r.offset);
    c2.ack(r.offset);
    if (r.offset === BigInt(total - 1)) break;
  }
  await c2.close();
  assert.deepEqual(again, Array.from({ length: total - 40 }, (_, i) => BigInt(40 + i)));
  assert.equal((await client.getCursor(log, 'billing')).offset, BigInt(total));
});
