// Named logs over gRPC (quire.v1.LogService) on real gateways and bookies: AppendStream's per-record
// acks in order, exactly-once duplicates acked with their original offsets, the bound on
// unacknowledged records (a client that does not read its acks is paused, never buffered beyond
// the bound), Tail across rollovers and from a cursor, and errors with their stable codes in the
// trailers. The routes' shared semantics run over both transports in log-scenarios-*.test.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { status, type ServiceError } from '@grpc/grpc-js';
import { ERROR_TABLE } from '../../../common/errors.js';
import { quireCodeOf } from '../../../gateway/grpc/grpc-errors.js';
import { GrpcLogClient } from '../../../gateway/grpc/grpc-log-client.js';
import { logStreamMessageLimit } from '../../../gateway/grpc/grpc-log-streams.js';
import { STREAM_ACKED_HEADER } from '../../../gateway/grpc/grpc-server.js';
import { startGatewayCluster, type GatewayCluster } from '../gateway-cluster.js';

type Msg = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const BOUND = 8;

async function grpcError(p: Promise<unknown>, code: status, quireCode: keyof typeof ERROR_TABLE): Promise<ServiceError> {
  const err = await p.then(
    () => assert.fail(`expected gRPC status ${status[code]}, got OK`),
    (e: unknown) => e as ServiceError,
  );
  assert.equal(err.code, code, `status ${status[err.code]} (${err.details}), expected ${status[code]}`);
  const q = quireCodeOf(err);
  assert.equal(q.code, quireCode, err.details);
  assert.equal(err.code as number, ERROR_TABLE[quireCode].grpc);
  assert.equal(q.retryable, ERROR_TABLE[quireCode].retryable);
  return err;
}

const rec = (s: string) => ({ data: Buffer.from(s) });
const trailer = (err: ServiceError, k: string) => String(err.metadata.get(k)[0]);

describe('named logs over gRPC', () => {
  let gc: GatewayCluster;
  let a: GrpcLogClient;
  let b: GrpcLogClient;
  let maxPending = 0;
  let pausedSeen = 0;
  before(async () => {
    gc = await startGatewayCluster({
      gateways: 2,
      gateway: {
        grpcPort: 0,
        grpc: {
          logStreamMaxUnacked: BOUND,
          logStreamProbe: {
            onPending: (n, bound) => {
              maxPending = Math.max(maxPending, n);
              if (n + logStreamMessageLimit(bound, 1000) > bound) pausedSeen++;
            },
          },
        },
      },
    });
    a = new GrpcLogClient(`127.0.0.1:${gc.gateways[0]!.grpc!.port}`);
    // A small HTTP/2 window, so acks the client does not read back up quickly.
    b = new GrpcLogClient(`127.0.0.1:${gc.gateways[1]!.grpc!.port}`, { 'grpc-node.flow_control_window': 1024 });
  });
  after(async () => {
    a.close();
    b.close();
    await gc.stop();
  });

  test('unary admin, append and read; errors carry the stable codes; metrics name the log methods', async () => {
    const info = await a.unary<Msg>('CreateLog', { name: 'g/orders', rollover: { maxEntries: 1 } });
    assert.equal(info.name, 'g/orders');
    assert.equal(info.nextOffset, '0');
    assert.equal(info.rollover.maxEntries, 1);
    await grpcError(b.unary('CreateLog', { name: 'g/orders' }), status.ALREADY_EXISTS, 'LOG_EXISTS');
    await grpcError(b.unary('CreateLog', { name: 'a//b' }), status.INVALID_ARGUMENT, 'INVALID_ARGUMENT');
    await b.unary('CreateLog', { name: 'g/payments' });
    const list = await b.unary<Msg>('ListLogs', { prefix: 'g/', pageSize: 1 });
    assert.deepEqual(list.names, ['g/orders']);
    assert.equal(list.nextPageToken, 'g/orders');
    const rest = await b.unary<Msg>('ListLogs', { prefix: 'g/', pageToken: 'g/orders' });
    assert.deepEqual(rest.names, ['g/payments']);

    const one = await a.unary<Msg>('Append', { name: 'g/orders', records: [{ data: Buffer.from('first'), key: Buffer.from('k'), timestampMs: '1000' }] });
    assert.equal(one.receipts[0].offset, '0');
    assert.equal(one.receipts[0].entryId, '1');
    // Through the other instance: forwarded to the writer.
    const batch = await b.unary<Msg>('Append', { name: 'g/orders', records: [{ data: Buffer.from('x'), headers: [{ name: 'h', value: Buffer.from('v') }] }, rec('y'), { data: Buffer.from('z'), timestampMs: '5' }] });
    assert.deepEqual(batch.receipts.map((r: Msg) => r.offset), ['1', '2', '3']);
    const got = await b.unary<Msg>('GetLog', { name: 'g/orders' });
    assert.equal(got.owner, gc.gateways[0]!.gatewayId);
    assert.equal(got.nextOffset, '4');
    assert.ok(got.segments.length >= 2);

    const page = await b.unary<Msg>('Read', { name: 'g/orders', fromOffset: '0', maxRecords: 10 });
    assert.deepEqual(page.records.map((r: Msg) => String(r.data)), ['first', 'x', 'y', 'z']);
    assert.equal(String(page.records[0].key), 'k');
    assert.equal(page.records[0].timestampMs, '1000');
    assert.deepEqual(page.records[1].headers.map((h: Msg) => [h.name, String(h.value)]), [['h', 'v']]);
    assert.equal(page.endOffset, '4');
    assert.equal((await b.unary<Msg>('Read', { name: 'g/orders', fromOffset: '0', maxRecords: 1 })).immutable, true);
    assert.equal((await b.unary<Msg>('SeekByTimestamp', { name: 'g/orders', timestampMs: '999' })).offset, '0');

    await b.unary('DeleteLog', { name: 'g/payments' });
    await grpcError(a.unary('GetLog', { name: 'g/payments' }), status.NOT_FOUND, 'NO_SUCH_LOG');
    const cas = await grpcError(b.unary('Append', { name: 'g/orders', records: [rec('w')], expectedOffset: '0' }), status.FAILED_PRECONDITION, 'APPEND_CONFLICT');
    assert.equal(trailer(cas, 'quire-next-offset'), '4');

    const text = (await gc.gateways[0]!.metrics.registry.metrics()) + (await gc.gateways[1]!.metrics.registry.metrics());
    assert.match(text, /quire_gateway_grpc_requests_total\{[^}]*method="LogService.Append"[^}]*code="OK"[^}]*\}/);
    assert.match(text, /quire_gateway_grpc_requests_total\{[^}]*method="LogService.GetLog"[^}]*code="NOT_FOUND"[^}]*\}/);
  });

  test('AppendStream: one ack per message in order; duplicates acked with their original offsets; a conflict ends the stream with its code', async () => {
    await a.unary('CreateLog', { name: 'stream', rollover: { maxEntries: 3 } });
    const s = b.appendStream();
    const acks: Msg[] = [];
    s.on('data', (m: Msg) => acks.push(m));
    const ended = new Promise<void>((resolve, reject) => {
      s.on('end', resolve);
      s.on('error', reject);
    });
    for (let i = 0; i < 10; i++) s.write({ name: 'stream', records: [rec(`r${i}`)], producerId: 'p', sequence: String(i) });
    s.write({ name: 'stream', records: [rec('b10'), rec('b11')], producerId: 'p', sequence: '10' });
    // A retry of sequences 3..4 (exactly-once): the original receipts.
    s.write({ name: 'stream', records: [rec('r3'), rec('r4')], producerId: 'p', sequence: '3' });
    s.end();
    await ended;
    assert.equal(acks.length, 12);
    assert.deepEqual(acks.slice(0, 10).map((m) => m.receipts.map((r: Msg) => r.offset)), [...Array(10).keys()].map((i) => [String(i)]));
    assert.deepEqual(acks[10]!.receipts.map((r: Msg) => r.offset), ['10', '11']);
    assert.ok(acks.slice(0, 12).every((m) => m.receipts.every((r: Msg) => r.ledgerId !== '0' && BigInt(r.entryId) >= 1n)));
    assert.deepEqual(acks[11]!.receipts.map((r: Msg) => [r.offset, r.duplicate]), [['3', true], ['4', true]]);
    // Same segment position as the first time: the original receipts, not new entries.
    assert.deepEqual(acks[11]!.receipts.map((r: Msg) => [r.ledgerId, r.entryId]), [3, 4].map((i) => [acks[i]!.receipts[0].ledgerId, acks[i]!.receipts[0].entryId]));

    // Compare-and-append that fails: FAILED_PRECONDITION with APPEND_CONFLICT, what was acked before it counted.
    const c = a.appendStream();
    const cAcks: Msg[] = [];
    c.on('data', (m: Msg) => cAcks.push(m));
    const cEnd = new Promise<unknown>((resolve, reject) => {
      c.on('error', resolve);
      c.on('end', () => reject(new Error('stream ended OK, expected APPEND_CONFLICT')));
    });
    c.write({ name: 'stream', records: [rec('c0')], expectedOffset: '12' });
    c.write({ name: 'stream', records: [rec('c1')], expectedOffset: '12' });
    c.end();
    const err = await grpcError(cEnd.then((e) => Promise.reject(e)), status.FAILED_PRECONDITION, 'APPEND_CONFLICT');
    assert.equal(trailer(err, 'quire-next-offset'), '13');
    assert.equal(trailer(err, STREAM_ACKED_HEADER), '1');
    assert.deepEqual(cAcks.map((m) => m.receipts[0].offset), ['12']);

    // A message with more records than the stream allows is INVALID_ARGUMENT.
    const big = a.appendStream();
    big.on('data', () => undefined);
    const bigEnd = new Promise<unknown>((resolve, reject) => {
      big.on('error', resolve);
      big.on('end', () => reject(new Error('expected INVALID_ARGUMENT')));
    });
    big.write({ name: 'stream', records: Array.from({ length: logStreamMessageLimit(BOUND, 1000) + 1 }, () => rec('x')) });
    big.end();
    await grpcError(bigEnd.then((e) => Promise.reject(e)), status.INVALID_ARGUMENT, 'INVALID_ARGUMENT');
    const nf = a.appendStream();
    nf.on('data', () => undefined);
    const nfEnd = new Promise<unknown>((resolve, reject) => {
      nf.on('error', resolve);
      nf.on('end', () => reject(new Error('expected NO_SUCH_LOG')));
    });
    nf.write({ name: 'nope', records: [rec('x')] });
    nf.end();
    await grpcError(nfEnd.then((e) => Promise.reject(e)), status.NOT_FOUND, 'NO_SUCH_LOG');
  });

  test('AppendStream flow control: a client that does not read its acks is paused at the bound, then every append is acked in order', async () => {
    await a.unary('CreateLog', { name: 'flow' });
    maxPending = 0;
    pausedSeen = 0;
    const total = 300;
    const s = b.appendStream({ timeoutMs: 120_000 });
    const ended = new Promise<void>((resolve, reject) => {
      s.on('end', resolve);
      s.on('error', reject);
    });
    for (let i = 0; i < total; i++) s.write({ name: 'flow', records: [rec(`f${i}`)] });
    s.end();
    // Not reading: the server reads ahead only until its pending records reach the bound, then
    // stops reading the stream. Wait for that state (an event, not a time). (grpc-js's client
    // itself keeps receiving acks into its own buffer even when the application does not read
    // them, so what this asserts is the server's bound, not a stall on unread acks.)
    while (pausedSeen === 0) await new Promise((r) => setTimeout(r, 20));
    const info = await a.unary<Msg>('GetLog', { name: 'flow' });
    assert.ok(Number(info.nextOffset) < total, `server kept appending while paused: ${info.nextOffset}`);
    const acks: Msg[] = [];
    for await (const m of s) acks.push(m as Msg);
    await ended;
    assert.equal(acks.length, total);
    assert.deepEqual(acks.map((m) => m.receipts[0].offset), [...Array(total).keys()].map(String));
    assert.ok(maxPending <= BOUND, `pending reached ${maxPending} > bound ${BOUND}`);
    assert.ok(maxPending > BOUND - logStreamMessageLimit(BOUND, 1000), `the bound was never reached (max pending ${maxPending})`);
  });

  test('Tail follows across rollovers (committed records only) and from a cursor; OUT_OF_RANGE carries the first offset; cursor conflicts', async () => {
    await a.unary('CreateLog', { name: 'tail', rollover: { maxEntries: 2 } });
    await a.unary('Append', { name: 'tail', records: [rec('t0')] });
    const t = b.tail({ name: 'tail', fromOffset: '0', waitMs: 5000 }, { timeoutMs: 60_000 });
    const seen: string[] = [];
    const offsets: string[] = [];
    const done = (async () => {
      for await (const m of t) {
        for (const r of (m as Msg).records as Msg[]) {
          seen.push(String(r.data));
          offsets.push(r.offset as string);
        }
        if (seen.length >= 7) break;
      }
    })();
    for (let i = 1; i < 7; i++) await a.unary('Append', { name: 'tail', records: [rec(`t${i}`)] });
    await done;
    t.cancel();
    assert.deepEqual(seen, ['t0', 't1', 't2', 't3', 't4', 't5', 't6']);
    assert.deepEqual(offsets, ['0', '1', '2', '3', '4', '5', '6']);
    const log = await b.unary<Msg>('GetLog', { name: 'tail' });
    assert.ok(log.segments.length >= 4, `expected rollovers, got ${log.segments.length} segments`);

    const tr = await b.unary<Msg>('Truncate', { name: 'tail', beforeOffset: '2' });
    assert.deepEqual([tr.firstOffset, tr.deletedSegments], ['2', 1]);
    const oor = await grpcError(b.unary('Read', { name: 'tail', fromOffset: '0' }), status.OUT_OF_RANGE, 'OUT_OF_RANGE');
    assert.equal(trailer(oor, 'quire-first-offset'), '2');
    const oorTail = b.tail({ name: 'tail', fromOffset: '1' });
    await grpcError((async () => { for await (const _ of oorTail) void _; })(), status.OUT_OF_RANGE, 'OUT_OF_RANGE');
    assert.equal((await b.unary<Msg>('EnforceRetention', { name: 'tail' })).firstOffset, '2');

    await grpcError(b.unary('GetCursor', { name: 'tail', cursor: 'c' }), status.NOT_FOUND, 'NO_SUCH_CURSOR');
    const c0 = await b.unary<Msg>('SetCursor', { name: 'tail', cursor: 'c', offset: '5', expectedVersion: -1 });
    assert.equal(c0.version, 0);
    await grpcError(a.unary('SetCursor', { name: 'tail', cursor: 'c', offset: '3', expectedVersion: 5 }), status.FAILED_PRECONDITION, 'CURSOR_CONFLICT');
    assert.equal((await a.unary<Msg>('AdvanceCursor', { name: 'tail', cursor: 'c', offset: '6' })).offset, '6');
    assert.equal((await a.unary<Msg>('AdvanceCursor', { name: 'tail', cursor: 'c', offset: '4' })).offset, '6');
    assert.deepEqual(((await a.unary<Msg>('Read', { name: 'tail', cursor: 'c' })).records as Msg[]).map((r) => String(r.data)), ['t6']);
    const fromCursor = b.tail({ name: 'tail', cursor: 'c', waitMs: 2000 }, { timeoutMs: 30_000 });
    let first: Msg | undefined;
    for await (const m of fromCursor) {
      if (((m as Msg).records as Msg[]).length > 0) {
        first = (m as Msg).records[0];
        break;
      }
    }
    fromCursor.cancel();
    assert.equal(first?.offset, '6');
    assert.deepEqual(((await a.unary<Msg>('ListCursors', { name: 'tail' })).cursors as Msg[]).map((c) => c.name), ['c']);
    await a.unary('DeleteCursor', { name: 'tail', cursor: 'c' });
    await grpcError(a.unary('GetCursor', { name: 'tail', cursor: 'c' }), status.NOT_FOUND, 'NO_SUCH_CURSOR');
  });
});
