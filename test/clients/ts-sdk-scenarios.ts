// The crash scenario the TypeScript SDK's failover tests share (REST: ts-sdk-failover.test.ts,
// gRPC: ts-sdk-grpc.test.ts), as the Go, Java and Python suites run it: a producer with batches in
// flight while the `quire local` process is SIGKILLed and restarted, every record then read back
// once, in send order; and a consumer that dies without its last commit restarting from its cursor.
import assert from 'node:assert/strict';
import type { Consumer, ConsumerOptions, LogReceipt, LogRecordOut, RecordPage } from '../../clients/typescript/index.js';
import type { KillableLocal } from './killable-local.js';

/** Sends `order-<i>` for i < total, killing the gateway process after record killAt; returns the receipts by i. */
export async function produceAcrossKill(local: KillableLocal, send: (data: string) => Promise<LogReceipt>, total: number, killAt = 50): Promise<Map<number, LogReceipt>> {
  const receipts = new Map<number, LogReceipt>();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    sends.push(send(`order-${i}`).then((r) => void receipts.set(i, r)));
    if (i === killAt) {
      // Batches are queued and one is in flight: kill the process under it (answers once it is dead).
      const killed = await fetch(`${local.controlUrl}/kill-gateway`, { method: 'POST' });
      assert.equal(killed.status, 200);
    }
  }
  await Promise.all(sends);
  return receipts;
}

/** The whole log read page by page: each record once, in send order, at its receipt's offset. */
export async function assertEachOnceInOrder(read: (from: bigint) => Promise<RecordPage>, receipts: Map<number, LogReceipt>, total: number): Promise<LogRecordOut[]> {
  assert.equal(receipts.size, total);
  const all: LogRecordOut[] = [];
  for (let from = 0n; all.length < total; ) {
    const page = await read(from);
    assert.ok(page.records.length > 0, `read from ${from} returned nothing (have ${all.length})`);
    all.push(...page.records);
    from = page.nextOffset;
  }
  assert.equal(all.length, total);
  all.forEach((r, i) => {
    assert.equal(r.offset, BigInt(i));
    assert.equal(r.data.toString(), `order-${i}`);
    assert.equal(receipts.get(i)!.offset, r.offset);
  });
  return all;
}

/**
 * Consumer 1 acknowledges 60, commits at 40 and "crashes" (stops without its final commit);
 * consumer 2 on the same cursor resumes at 40 (at-least-once: 40..59 again) and reaches the end.
 */
export async function assertConsumerRestart(consumer: (opts: ConsumerOptions) => Consumer, cursorOffset: () => Promise<bigint>, total: number): Promise<void> {
  const c1 = consumer({ waitMs: 500, commitIntervalMs: 3_600_000 });
  let seen = 0;
  for await (const r of c1.records()) {
    assert.equal(r.offset, BigInt(seen));
    c1.ack(r.offset);
    seen++;
    if (seen === 40) await c1.commit();
    if (seen === 60) break;
  }
  assert.equal(await cursorOffset(), 40n);
  const c2 = consumer({ waitMs: 500 });
  assert.equal(await c2.position(), 40n);
  const again: bigint[] = [];
  for await (const r of c2.records()) {
    again.push(r.offset);
    c2.ack(r.offset);
    if (r.offset === BigInt(total - 1)) break;
  }
  await c2.close();
  assert.deepEqual(again, Array.from({ length: total - 40 }, (_, i) => BigInt(40 + i)));
  assert.equal(await cursorOffset(), BigInt(total));
}
