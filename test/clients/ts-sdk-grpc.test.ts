// The TypeScript SDK's shared names (Client, Log, Producer, Consumer, Blob) over gRPC against live
// gateways (test/clients/sdk-live.ts): a `quire local` process SIGKILLed and restarted under a
// producer with batches in flight (every record once, in send order, none lost; the client's
// first endpoint is dead, so every call also fails over), a consumer that dies without its last
// commit resuming from its durable cursor across segments, a blob round trip and a digest
// mismatch refused, a gateway with TLS and tokens (no token: UNAUTHENTICATED as QuireApiError),
// and the producer's linger and batch bounds seen as fewer LogService.Append calls than records.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { SignJWT } from 'jose';
import { Client, QuireApiError, type LogReceipt } from '../../clients/typescript/index.js';
import { startSdkGateways, type SdkGateways } from './sdk-live.js';
import { assertConsumerRestart, assertEachOnceInOrder, produceAcrossKill } from './ts-sdk-scenarios.js';

/** Counts the calls of each gRPC method a client makes, and the ones that failed. */
function callCounter() {
  const calls = new Map<string, number>();
  const failed = new Map<string, number>();
  const interceptor: grpc.Interceptor = (options, next) => {
    const path = options.method_definition.path;
    calls.set(path, (calls.get(path) ?? 0) + 1);
    return new grpc.InterceptingCall(next(options), {
      start(metadata, listener, nextStart) {
        nextStart(metadata, new grpc.ListenerBuilder().withOnReceiveStatus((status, nextStatus) => {
          if (status.code !== grpc.status.OK) failed.set(path, (failed.get(path) ?? 0) + 1);
          nextStatus(status);
        }).build());
      },
    });
  };
  return { interceptor, calls: (p: string) => calls.get(p) ?? 0, failed: (p: string) => failed.get(p) ?? 0 };
}

/** host:port where nothing listens (a gateway that is gone). */
async function deadEndpoint(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return `127.0.0.1:${port}`;
}

const APPEND = '/quire.v1.LogService/Append';

describe('TypeScript SDK over gRPC', () => {
  let gws: SdkGateways;
  before(async () => {
    gws = await startSdkGateways('quire-ts-grpc-');
  });
  after(async () => {
    await gws?.stop();
  });

  test('exactly-once Producer across a SIGKILLed and restarted gateway (with a dead first endpoint); a Consumer restarts from its cursor', { timeout: 900_000 }, async () => {
    const local = gws.local;
    // Generous retries: the restart of a whole `quire local` takes seconds on a loaded machine.
    const retry = { attempts: 300, baseDelayMs: 100, maxDelayMs: 2000 };
    const counter = callCounter();
    const client = new Client({ endpoints: [await deadEndpoint(), local.grpcTarget], retry, timeoutMs: 30_000, interceptors: [counter.interceptor] });
    try {
      const log = client.log('grpc/orders');
      await log.create({ rollover: { maxEntries: 25 } });
      const producer = log.producer({ producerId: 'shop', firstSequence: 0n, maxBatchRecords: 5, retry });
      const total = 120;
      const receipts = await produceAcrossKill(local, (d) => producer.send(d), total);
      await producer.close();
      assert.equal(local.restartError, undefined);
      assert.equal(local.restarts, 1, 'the gateway process was killed and started again once');
      assert.ok(counter.failed(APPEND) > 0, 'appends met the killed gateway and were sent again');
      const all = await assertEachOnceInOrder((from) => log.read({ from }), receipts, total);
      assert.equal((await log.info()).nextOffset, String(total), 'nothing written twice');
      assert.ok((await log.info()).segments.length >= 4, 'the log rolled over into several segments');
      all.forEach((r, i) => assert.deepEqual([r.producerId, r.sequence], ['shop', BigInt(i)]));
      await assertConsumerRestart((o) => log.consumer('billing', o), async () => (await log.cursor('billing')).offset, total);
    } finally {
      client.close();
    }
  });

  test('linger and the batch bounds: fewer LogService.Append calls than records; the queue bound pushes back', { timeout: 300_000 }, async () => {
    const counter = callCounter();
    const client = new Client({ endpoints: gws.local.grpcTarget, interceptors: [counter.interceptor] });
    try {
      const log = client.log('grpc/linger');
      await log.create();
      // Records arrive one at a time (each send awaits a turn of the event loop); with a long
      // linger a batch leaves only when it holds maxBatchRecords records.
      const lingering = log.producer({ lingerMs: 600_000, maxBatchRecords: 10 });
      const sent: Promise<LogReceipt>[] = [];
      for (let i = 0; i < 30; i++) {
        sent.push(lingering.send(`l-${i}`));
        await new Promise((r) => setImmediate(r));
      }
      await Promise.all(sent);
      await lingering.close();
      assert.equal(counter.calls(APPEND), 3, '30 records in 3 appends of 10');
      assert.equal(lingering.batchesSent, 3);
      // maxBatchBytes: 100-byte records, 250 bytes per batch -> two records per append.
      // (The last two records make no full batch: close() flushes them.)
      const bounded = log.producer({ lingerMs: 600_000, maxBatchBytes: 250 });
      const pending = Promise.all(Array.from({ length: 10 }, (_, i) => bounded.send(Buffer.alloc(100, i))));
      await bounded.close();
      const big = await pending;
      assert.equal(counter.calls(APPEND), 3 + 5, '10 records of 100 bytes in 5 appends');
      assert.deepEqual(big.map((r) => r.offset), Array.from({ length: 10 }, (_, i) => BigInt(30 + i)));
      // Without linger, a record sent after the previous one was acknowledged goes alone.
      const eager = log.producer({ lingerMs: 0 });
      for (let i = 0; i < 5; i++) await eager.send(`e-${i}`);
      await eager.close();
      assert.equal(counter.calls(APPEND), 8 + 5);
      assert.equal((await log.info()).nextOffset, '45');

      // Backpressure: at most maxQueuedRecords wait; up to as many more sends wait for room, then go in order.
      const narrow = log.producer({ maxQueuedRecords: 5, maxBatchRecords: 5, lingerMs: 600_000 });
      const waiting: Promise<LogReceipt>[] = [];
      for (let i = 0; i < 10; i++) {
        waiting.push(narrow.send(`q-${i}`));
        assert.ok(narrow.queued <= 5, `queue bound held (${narrow.queued})`);
      }
      assert.deepEqual((await Promise.all(waiting)).map((r) => r.offset), Array.from({ length: 10 }, (_, i) => BigInt(45 + i)));
      await narrow.close();
      // A full queue that does not drain in blockMs refuses the send (retryable TOO_MANY_REQUESTS).
      const stuck = log.producer({ maxQueuedRecords: 1, lingerMs: 600_000, blockMs: 50 });
      const first = stuck.send('s-0');
      await assert.rejects(stuck.send('s-1'), (e: unknown) => e instanceof QuireApiError && e.code === 'TOO_MANY_REQUESTS' && e.retryable);
      await stuck.close();
      assert.equal((await first).offset, 55n);
    } finally {
      client.close();
    }
  });

  test('blob round trip streamed both ways; a digest mismatch is refused and stores nothing', { timeout: 300_000 }, async () => {
    const client = new Client({ endpoints: gws.local.grpcTarget });
    try {
      const data = randomBytes(2 * 1024 * 1024 + 333);
      const blob = client.blob('grpc/snapshot');
      const up = await blob.upload(data, { contentType: 'application/x-test', metadata: { origin: 'ts' } });
      assert.equal(up.info.size, BigInt(data.length));
      assert.equal(up.info.sha256, createHash('sha256').update(data).digest('hex'));
      assert.ok((await blob.read()).equals(data));
      const st = await blob.stat();
      assert.deepEqual(st?.metadata, { origin: 'ts' });
      const part = await blob.open({ range: { start: 1000, end: 1999 } });
      const chunks: Buffer[] = [];
      for await (const c of part.body) chunks.push(c as Buffer);
      assert.ok(Buffer.concat(chunks).equals(data.subarray(1000, 2000)));

      const bad = client.blob('grpc/bad');
      await assert.rejects(bad.upload(Buffer.from('tampered'), { sha256: createHash('sha256').update('original').digest() }), (e: unknown) => e instanceof QuireApiError && e.code === 'BLOB_DIGEST_MISMATCH' && e.status === grpc.status.INVALID_ARGUMENT && e.reachedGateway);
      assert.equal(await bad.stat(), undefined);
      await assert.rejects(client.blob('grpc/none').read(), (e: unknown) => e instanceof QuireApiError && e.code === 'BLOB_NOT_FOUND' && e.status === grpc.status.NOT_FOUND);
      await blob.delete();
      assert.equal(await blob.stat(), undefined);
    } finally {
      client.close();
    }
  });

  test('TLS with a token is served; without a token UNAUTHENTICATED is a QuireApiError', { timeout: 300_000 }, async () => {
    const env = gws.env;
    const ca = readFileSync(env.QUIRE_TLS_CA!);
    const secret = new Uint8Array(Buffer.from(readFileSync(env.QUIRE_AUTH_SECRET_FILE!, 'utf8').trim(), 'utf8'));
    const token = await new SignJWT({ quire: { perms: [{ actions: ['admin'] }] } }).setProtectedHeader({ alg: 'HS256' }).setSubject('ts-sdk').setAudience(env.QUIRE_AUTH_AUDIENCE!).setExpirationTime('10m').sign(secret);
    const ok = new Client({ endpoints: env.QUIRE_TLS_ENDPOINT!, tls: { ca }, token: () => token });
    const anon = new Client({ endpoints: env.QUIRE_TLS_ENDPOINT!, tls: { ca } });
    try {
      const log = ok.log('secure/orders');
      await log.create({ existOk: true });
      const p = log.producer();
      const r = await p.send('secret');
      await p.close();
      assert.equal((await log.read({ from: r.offset })).records[0]!.data.toString(), 'secret');
      assert.equal((await ok.blob('secure/b').upload(Buffer.from('hi'))).info.size, 2n);
      await assert.rejects(anon.log('secure/orders').info(), (e: unknown) => e instanceof QuireApiError && e.code === 'UNAUTHENTICATED' && e.status === grpc.status.UNAUTHENTICATED && !e.retryable);
      const refused = anon.log('secure/orders').producer({ retry: { attempts: 3 } });
      await assert.rejects(refused.send('x'), (e: unknown) => e instanceof QuireApiError && e.code === 'UNAUTHENTICATED');
      await refused.close();
    } finally {
      ok.close();
      anon.close();
    }
  });
});
