// The gateway's gRPC transport against the real service over real bookies: streaming appends
// (ordering, flow control, first failure), reads (ReadEntry, ReadRange paging, LAC) and tails
// (resume, cancel, deadline, instance shutdown). Unary RPCs, health, reflection: grpc-ledger-rpcs.test.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Metadata, status } from '@grpc/grpc-js';
import type { GrpcLedgerClient } from '../../gateway/grpc/grpc-client.js';
import { STREAM_ACKED_HEADER } from '../../gateway/grpc/grpc-server.js';
import { eventually } from '../metadata/eventually.js';
import { grpcError, ledgerCalls, LIMITS, PW, pwHeader, withGrpcStack, type GrpcStack, type Msg } from './grpc-harness.js';

describe('gRPC gateway over a real cluster: streams, reads and tails', () => {
  let st: GrpcStack;
  let c: GrpcLedgerClient;
  const { create, append, readAll } = ledgerCalls(() => c);
  withGrpcStack((s) => {
    st = s;
    c = s.client;
  });

  test('AppendStream: many appends acknowledged in order, all durable', async () => {
    const { ledgerId } = await create();
    const n = 2000;
    const s = c.appendStream({ metadata: pwHeader('secret') });
    const acks: string[] = [];
    s.on('data', (m: Msg) => acks.push(...(m.receipts as Msg[]).map((r) => r.entryId as string)));
    const trailers = new Promise<Metadata>((resolve, reject) => s.on('status', (x) => (x.code === status.OK ? resolve(x.metadata) : reject(new Error(x.details)))));
    // One append per message, then several per message: both are the same appends.
    for (let i = 0; i < n / 2; i++) s.write({ appends: [{ ledgerId, data: Buffer.from(`e${i}`) }] });
    for (let i = n / 2; i < n; i += 10) s.write({ appends: Array.from({ length: 10 }, (_, k) => ({ ledgerId, data: Buffer.from(`e${i + k}`) })) });
    s.end();
    const md = await trailers;
    assert.equal(md.get(STREAM_ACKED_HEADER)[0], String(n));
    assert.deepEqual(acks, Array.from({ length: n }, (_, i) => String(i)));
    const entries = await readAll(ledgerId, { maxEntries: n });
    assert.equal(entries.length, n);
    entries.forEach((e, i) => assert.equal(e.data.toString(), `e${i}`));
  });

  test('AppendStream under a tight in-flight bound: the gateway pauses reading, nothing lost or reordered', async () => {
    const g = await st.addGateway({ limits: LIMITS, grpc: { streamMaxInFlight: 4, streamMaxInFlightBytes: 1024 } });
    const { ledgerId } = (await g.client.unary('CreateLedger', { password: PW })) as Msg;
    const s = g.client.appendStream();
    const acks: string[] = [];
    s.on('data', (m: Msg) => acks.push(...(m.receipts as Msg[]).map((r) => r.entryId as string)));
    const done = new Promise<void>((resolve, reject) => s.on('status', (x) => (x.code === status.OK ? resolve() : reject(new Error(x.details)))));
    for (let i = 0; i < 300; i += 3) s.write({ appends: [0, 1, 2].map((k) => ({ ledgerId, data: Buffer.alloc(500, (i + k) % 256), password: PW })) });
    s.end();
    await done;
    assert.deepEqual(acks, Array.from({ length: 300 }, (_, i) => String(i)));
  });

  test('AppendStream: the first failure ends the stream with its status and the count of acks delivered', async () => {
    const { ledgerId } = await create();
    const s = c.appendStream();
    let acks = 0;
    s.on('data', (m: Msg) => (acks += (m.receipts as Msg[]).length));
    const status$ = new Promise<{ code: number; metadata: Metadata }>((resolve) => s.on('status', resolve));
    s.on('error', () => undefined);
    s.write({ appends: [{ ledgerId, data: Buffer.from('ok-0'), password: PW }] });
    s.write({ appends: [{ ledgerId, data: Buffer.from('ok-1'), password: PW }] });
    s.write({ appends: [{ ledgerId, data: Buffer.from('bad'), password: Buffer.from('wrong') }, { ledgerId, data: Buffer.from('never'), password: PW }] });
    const st2 = await status$;
    assert.equal(st2.code, status.PERMISSION_DENIED);
    assert.equal(st2.metadata.get('quire-error-code')[0], 'UNAUTHORIZED');
    assert.equal(st2.metadata.get(STREAM_ACKED_HEADER)[0], String(acks));
    assert.equal(acks, 2);
    s.end();
  });

  test('AppendStream: an empty or oversized stream message is INVALID_ARGUMENT', async () => {
    const { ledgerId } = await create();
    for (const appends of [[], Array.from({ length: LIMITS.maxBatchEntries + 1 }, () => ({ ledgerId, data: Buffer.from('x'), password: PW }))]) {
      const s = c.appendStream();
      s.on('data', () => undefined);
      s.on('error', () => undefined);
      const st2 = new Promise<{ code: number; metadata: Metadata }>((resolve) => s.on('status', resolve));
      s.write({ appends });
      const r = await st2;
      assert.equal(r.code, status.INVALID_ARGUMENT);
      assert.equal(r.metadata.get('quire-error-field')[0], 'appends');
      s.end();
    }
    assert.equal((await c.unary('GetLastAddConfirmed', { ledgerId, password: PW })).lastAddConfirmed, '-1');
  });

  test('ReadEntry: confirmed entries only unless asked; beyond the LAC is NOT_FOUND', async () => {
    const { ledgerId } = await create();
    await append(ledgerId, 'first');
    await append(ledgerId, 'second');
    const e = (await c.unary('ReadEntry', { ledgerId, entryId: '1', password: PW })) as Msg;
    assert.equal(e.entryId, '1');
    assert.equal(e.data.toString(), 'second');
    await grpcError(c.unary('ReadEntry', { ledgerId, entryId: '2', password: PW }), status.NOT_FOUND, 'NO_SUCH_ENTRY');
    await grpcError(c.unary('ReadEntry', { ledgerId, entryId: '50', password: PW, unconfirmed: true }), status.NOT_FOUND);
  });

  test('ReadRange: pages by bytes, bounded by max_entries with next_entry_id to resume, honours to_entry_id', async () => {
    const { ledgerId } = await create();
    const entries = Array.from({ length: 30 }, (_, i) => Buffer.alloc(1000, i));
    await c.unary('AppendBatch', { ledgerId, password: PW, entries });
    const msgs = await c.collect('ReadRange', { ledgerId, fromEntryId: '0', maxBytes: 4000, password: PW });
    assert.ok(msgs.length >= 8, `expected several messages of <= 4 entries, got ${msgs.length}`);
    for (const m of msgs) assert.ok((m.entries as Msg[]).length <= 4);
    const all = msgs.flatMap((m: Msg) => m.entries as Msg[]);
    assert.deepEqual(all.map((e) => e.entryId), Array.from({ length: 30 }, (_, i) => String(i)));
    all.forEach((e, i) => assert.ok(e.data.equals(entries[i]!)));
    assert.equal(msgs.at(-1)!.lastAddConfirmed, '29');
    assert.equal(msgs.at(-1)!.nextEntryId, undefined);

    const cut = await c.collect('ReadRange', { ledgerId, fromEntryId: '5', maxEntries: 10, password: PW });
    const got = cut.flatMap((m: Msg) => m.entries as Msg[]);
    assert.deepEqual(got.map((e) => e.entryId), Array.from({ length: 10 }, (_, i) => String(i + 5)));
    assert.equal(cut.at(-1)!.nextEntryId, '15');

    const window = (await c.collect('ReadRange', { ledgerId, fromEntryId: '3', toEntryId: '6', password: PW })).flatMap((m: Msg) => m.entries as Msg[]);
    assert.deepEqual(window.map((e) => e.entryId), ['3', '4', '5', '6']);

    const empty = await c.collect<Msg>('ReadRange', { ledgerId, fromEntryId: '100', password: PW });
    assert.equal(empty.length, 1);
    assert.equal(empty[0]!.entries.length, 0);
    assert.equal(empty[0]!.lastAddConfirmed, '29');
  });

  test('GetLastAddConfirmed follows appends and reports sealed after Close', async () => {
    const { ledgerId } = await create();
    assert.deepEqual(await c.unary('GetLastAddConfirmed', { ledgerId, password: PW }), { lastAddConfirmed: '-1', sealed: false });
    await append(ledgerId, 'x');
    assert.equal((await c.unary('GetLastAddConfirmed', { ledgerId, password: PW })).lastAddConfirmed, '0');
    await c.unary('Close', { ledgerId, password: PW });
    assert.deepEqual(await c.unary('GetLastAddConfirmed', { ledgerId, password: PW }), { lastAddConfirmed: '0', sealed: true });
  });

  test('Tail: streams confirmed entries as they come, heartbeats while idle, ends OK once sealed', async () => {
    const { ledgerId } = await create();
    await append(ledgerId, 'before');
    const tail = c.serverStream('Tail', { ledgerId, fromEntryId: '0', password: PW, waitMs: 100 });
    const seen: string[] = [];
    let heartbeats = 0;
    let lastMsg: Msg | undefined;
    let grew: (() => void) | undefined;
    tail.on('data', (m: Msg) => {
      lastMsg = m;
      if (m.entries.length === 0) heartbeats++;
      for (const e of m.entries as Msg[]) seen.push(`${e.entryId}:${e.data.toString()}`);
      grew?.();
    });
    const ended = new Promise<number>((resolve) => tail.on('status', (s) => resolve(s.code)));
    const waitFor = (n: number) => new Promise<void>((resolve) => {
      grew = () => seen.length >= n && resolve();
      grew();
    });
    await waitFor(1);
    await eventually('a heartbeat while idle', () => heartbeats > 0);
    await append(ledgerId, 'later-1');
    await append(ledgerId, 'later-2');
    await waitFor(3);
    await c.unary('Close', { ledgerId, password: PW });
    assert.equal(await ended, status.OK);
    assert.deepEqual(seen, ['0:before', '1:later-1', '2:later-2']);
    assert.equal(lastMsg!.sealed, true);
  });

  test('Tail resumes from an entry id after a cancelled stream: no gap, no duplicate; the server side stops', async () => {
    const { ledgerId } = await create();
    await c.unary('AppendBatch', { ledgerId, password: PW, entries: Array.from({ length: 10 }, (_, i) => Buffer.from(`m${i}`)) });
    const first = c.serverStream('Tail', { ledgerId, fromEntryId: '0', password: PW, waitMs: 5000, maxEntries: 4 });
    const got: string[] = [];
    const cancelled = new Promise<number>((resolve) => first.on('status', (s) => resolve(s.code)));
    first.on('error', () => undefined);
    await new Promise<void>((resolve) =>
      first.on('data', (m: Msg) => {
        for (const e of m.entries as Msg[]) got.push(e.entryId);
        if (got.length >= 4) resolve();
      }),
    );
    first.cancel();
    assert.equal(await cancelled, status.CANCELLED);
    // The server's tail loop notices the cancel (after at most one long-poll round) and ends.
    await eventually('server side of the cancelled tail stops', () => st.grpc.activeStreams() === 0);
    const resumeFrom = BigInt(got.at(-1)!) + 1n;
    await c.unary('Close', { ledgerId, password: PW });
    const rest = (await c.collect('Tail', { ledgerId, fromEntryId: resumeFrom.toString(), password: PW })).flatMap((m: Msg) => m.entries as Msg[]);
    const all = [...got, ...rest.map((e) => e.entryId)];
    assert.deepEqual(all, Array.from({ length: 10 }, (_, i) => String(i)));
  });

  test('Tail honours the deadline: DEADLINE_EXCEEDED, and the long poll stops', async () => {
    const { ledgerId } = await create();
    const err = await grpcError(c.collect('Tail', { ledgerId, fromEntryId: '0', password: PW, waitMs: 60_000 }, { timeoutMs: 300 }), status.DEADLINE_EXCEEDED);
    assert.ok(err);
    await eventually('server side of the expired tail stops', () => st.grpc.activeStreams() === 0);
  });

  test('stopping an instance ends its tails with UNAVAILABLE (SHUTTING_DOWN, retryable) so callers resume elsewhere', async () => {
    const g = await st.addGateway({ limits: LIMITS, grpc: { shutdownGraceMs: 30_000 } });
    const { ledgerId } = await create();
    await append(ledgerId, 'a');
    const tail = g.client.serverStream('Tail', { ledgerId, fromEntryId: '0', password: PW, waitMs: 100 });
    tail.on('error', () => undefined);
    const ended = new Promise<{ code: number; metadata: Metadata }>((resolve) => tail.on('status', resolve));
    await new Promise<void>((resolve) => tail.once('data', () => resolve()));
    await g.grpc.stop();
    const s = await ended;
    assert.equal(s.code, status.UNAVAILABLE);
    assert.equal(s.metadata.get('quire-error-code')[0], 'SHUTTING_DOWN');
    assert.equal(s.metadata.get('quire-retryable')[0], 'true');
    assert.equal(g.grpc.activeStreams(), 0);
  });
});
