// The TypeScript SDK's LogProducer and LogConsumer across a real gateway crash: `quire local` as a
// child process, SIGKILLed while the producer has batches in flight and started again on the same
// data directory and ports (test/clients/killable-local.ts), the scenario the Go and Python SDKs
// run. Every record is in the log exactly once, in send order; then a consumer that dies without
// committing its last acknowledgements restarts from its durable cursor and misses nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LogConsumer, LogProducer, QuireLogClient } from '../../clients/typescript/index.js';
import { startKillableLocal, type KillableLocal } from './killable-local.js';
import { assertConsumerRestart, assertEachOnceInOrder, produceAcrossKill } from './ts-sdk-scenarios.js';

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
  const receipts = await produceAcrossKill(local, (d) => producer.send(d), total);
  await producer.close();
  assert.equal(local.restartError, undefined);
  assert.equal(local.restarts, 1, 'the gateway process was killed and started again once');
  assert.ok(failedRequests > 0, 'the producer met the killed gateway and retried');
  await assertEachOnceInOrder((from) => client.read(log, { from }), receipts, total);
  assert.equal((await client.getLog(log)).nextOffset, String(total), 'nothing written twice');
  await assertConsumerRestart((o) => new LogConsumer(client, log, 'billing', o), async () => (await client.getCursor(log, 'billing')).offset, total);
});
