// The named-log service on real bookies and several instances: offsets, rollover, exactly-once
// across rollovers and takeovers, compare-and-append, reads across segments, tail, seek,
// truncation, retention and cursors.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isQuireError } from '../../../common/errors.js';
import type { GatewayError } from '../../../gateway/gateway-error.js';
import type { LogReceipt } from '../../../gateway/logs/log-service.js';
import { startLogInstances, type LogInstances } from './log-instances.js';

const b = (s: string) => Buffer.from(s, 'utf8');
const rec = (s: string) => ({ payload: b(s) });
const hasCode = (code: string) => (e: unknown) => isQuireError(e) && e.code === code;

async function readAll(svc: LogInstances['instances'][number]['service'], name: string, from = 0n) {
  const out = [];
  let next = from;
  for (;;) {
    const p = await svc.read(name, { fromOffset: next, maxRecords: 7 });
    out.push(...p.records);
    if (p.records.length === 0 || p.nextOffset >= p.endOffset) return { records: out, end: p.endOffset };
    next = p.nextOffset;
  }
}

describe('named logs', () => {
  let li: LogInstances;
  before(async () => {
    li = await startLogInstances({ instances: 3 });
  });
  after(async () => {
    await li.stop();
  });
  const svc = (i: number) => li.instances[i]!.service;

  test('create, get, list with prefix and pages, delete; names validated; errors coded', async () => {
    const info = await svc(0).createLog({ name: 'team/orders', rollover: { maxEntries: 100 }, retention: { maxBytes: 1 << 20 } });
    assert.equal(info.name, 'team/orders');
    assert.equal(info.nextOffset, 0n);
    assert.deepEqual(info.retention, { maxBytes: 1 << 20, waitForCursors: false });
    await svc(1).createLog({ name: 'team/payments' });
    await svc(1).createLog({ name: 'other/x' });
    await assert.rejects(svc(2).createLog({ name: 'team/orders' }), hasCode('LOG_EXISTS'));
    await assert.rejects(svc(2).createLog({ name: 'bad//name' }), (e: GatewayError) => e.code === 'INVALID_ARGUMENT' && e.field === 'name');
    await assert.rejects(svc(2).createLog({ name: 'q', ensembleSize: 2, writeQuorumSize: 3 }), (e: GatewayError) => e.field === 'writeQuorumSize');
    const p1 = await svc(2).listLogs({ prefix: 'team/', pageSize: 1 });
    assert.deepEqual(p1.names, ['team/orders']);
    const p2 = await svc(2).listLogs({ prefix: 'team/', pageSize: 1, pageToken: p1.nextPageToken! });
    assert.deepEqual(p2, { names: ['team/payments'] });
    assert.equal((await svc(2).getLog('team/payments')).ensembleSize, 3);
    await svc(1).append('team/payments', [rec('x')]);
    await svc(2).deleteLog('team/payments');
    await assert.rejects(svc(0).getLog('team/payments'), hasCode('NO_SUCH_LOG'));
    await assert.rejects(svc(0).append('team/payments', [rec('y')]), hasCode('NO_SUCH_LOG'));
    await assert.rejects(svc(1).read('nope', { fromOffset: 0n }), hasCode('NO_SUCH_LOG'));
  });

  test('dense offsets across rollovers; records keep key, headers, timestamp; reads cross segment boundaries with bounds', async () => {
    await svc(0).createLog({ name: 'roll', rollover: { maxEntries: 3 } });
    const receipts: LogReceipt[] = [];
    for (let i = 0; i < 8; i++) receipts.push(...(await svc(0).append('roll', [{ payload: b(`r${i}`), key: b(`k${i % 2}`), headers: [{ name: 'n', value: b(String(i)) }], timestampMs: 1000 + i }])));
    receipts.push(...(await svc(1).append('roll', [rec('r8'), rec('r9'), rec('r10'), rec('r11')])));
    assert.deepEqual(receipts.map((r) => r.offset), Array.from({ length: 12 }, (_, i) => BigInt(i)));
    for (const r of receipts) {
      assert.equal(r.duplicate, false);
      assert.equal(r.writeSet.length, 2);
      assert.ok(r.entryId >= 1n, 'entry 0 of a segment is its header');
    }
    const info = await svc(2).getLog('roll');
    assert.ok(info.segments.length >= 3, `${info.segments.length} segments`);
    assert.equal(info.nextOffset, 12n);
    for (const s of info.segments.slice(0, -1)) assert.ok(s.sealed && s.entryCount === 3n, JSON.stringify(s, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
    const all = await readAll(svc(2), 'roll');
    assert.deepEqual(all.records.map((r) => r.payload.toString()), Array.from({ length: 12 }, (_, i) => `r${i}`));
    assert.deepEqual(all.records.map((r) => r.offset), receipts.map((r) => r.offset));
    assert.deepEqual(all.records[3]!.key, b('k1'));
    assert.deepEqual(all.records[3]!.headers, [{ name: 'n', value: b('3') }]);
    assert.equal(all.records[3]!.timestampMs, 1003);
    const bytesPage = await svc(1).read('roll', { fromOffset: 1n, maxBytes: 5 });
    assert.deepEqual(bytesPage.records.map((r) => r.offset), [1n, 2n], 'a page stops at about maxBytes');
    assert.equal(bytesPage.nextOffset, 3n);
    const sealedPage = await svc(1).read('roll', { fromOffset: 0n, maxRecords: 3 });
    assert.equal(sealedPage.immutable, true);
    assert.equal((await svc(1).seek('roll', 1005)).offset, 5n);
    assert.equal((await svc(1).seek('roll', 0)).offset, 0n);
    assert.equal((await svc(1).seek('roll', Date.now() + 3600_000)).offset, 12n);
  });

  test('exactly-once by (producer, sequence) across rollovers; stale sequences are refused, never rewritten', async () => {
    await svc(0).createLog({ name: 'eo', rollover: { maxEntries: 2 } });
    const first: LogReceipt[] = [];
    for (let s = 0; s < 5; s++) first.push(...(await svc(0).append('eo', [rec(`m${s}`)], { producerId: 'p1', sequence: BigInt(s) })));
    // Retries through any instance, of records now in sealed segments, answer the original offsets.
    for (let s = 0; s < 5; s++) {
      const [again] = await svc(s % 3).append('eo', [rec(`m${s}`)], { producerId: 'p1', sequence: BigInt(s) });
      assert.equal(again!.duplicate, true);
      assert.equal(again!.offset, first[s]!.offset);
      assert.equal(again!.ledgerId, first[s]!.ledgerId);
    }
    // A batch retried with one more record at the end: the prefix is duplicate, the rest new.
    const batch = await svc(1).append('eo', [rec('m3'), rec('m4'), rec('m5')], { producerId: 'p1', sequence: 3n });
    assert.deepEqual(batch.map((r) => [r.offset, r.duplicate]), [[3n, true], [4n, true], [5n, false]]);
    // Another producer writes in between: p1's run restarts, its older sequences are stale now.
    await svc(0).append('eo', [rec('q0')], { producerId: 'p2', sequence: 0n });
    await svc(0).append('eo', [rec('m6')], { producerId: 'p1', sequence: 6n });
    await assert.rejects(svc(2).append('eo', [rec('m5')], { producerId: 'p1', sequence: 5n }), hasCode('SEQUENCE_CONFLICT'));
    const all = await readAll(svc(2), 'eo');
    assert.deepEqual(all.records.map((r) => r.payload.toString()), ['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'q0', 'm6']);
    await assert.rejects(svc(0).append('eo', [rec('x')], { producerId: 'p1' }), (e: GatewayError) => e.field === 'sequence');
  });

  test('compare-and-append on the expected next offset', async () => {
    await svc(1).createLog({ name: 'wal' });
    const [r0] = await svc(1).append('wal', [rec('a')], { expectedOffset: 0n });
    assert.equal(r0!.offset, 0n);
    await assert.rejects(svc(0).append('wal', [rec('b')], { expectedOffset: 0n }), (e: GatewayError) => e.code === 'APPEND_CONFLICT' && e.details.nextOffset === '1');
    const [r1] = await svc(0).append('wal', [rec('b')], { expectedOffset: 1n });
    assert.equal(r1!.offset, 1n);
    assert.equal((await readAll(svc(2), 'wal')).records.length, 2);
  });

  test('takeover after the writer crashes: the log continues, exactly-once holds, no offset skipped', async () => {
    const extra = await li.add();
    const idx = li.instances.indexOf(extra);
    await extra.service.createLog({ name: 'failover', rollover: { maxEntries: 4 } });
    const acked = new Map<number, LogReceipt>();
    for (let s = 0; s < 6; s++) acked.set(s, (await extra.service.append('failover', [rec(`m${s}`)], { producerId: 'p', sequence: BigInt(s) }))[0]!);
    // Through another instance while the owner lives: forwarded.
    acked.set(6, (await svc(0).append('failover', [rec('m6')], { producerId: 'p', sequence: 6n }))[0]!);
    assert.equal((await svc(0).getLog('failover')).owner, extra.id);
    // In flight when the owner dies.
    const inflight = extra.service.append('failover', [rec('m7')], { producerId: 'p', sequence: 7n }).catch(() => undefined);
    await li.crash(idx);
    await inflight;
    // The survivor takes over: retries of 5..7 are duplicates or new at the next offsets, then 8.. continue.
    for (let s = 5; s < 10; s++) {
      const [r] = await svc(1).append('failover', [rec(`m${s}`)], { producerId: 'p', sequence: BigInt(s) });
      const before = acked.get(s);
      if (before) {
        assert.equal(r!.duplicate, true, `sequence ${s}`);
        assert.equal(r!.offset, before.offset);
      }
      acked.set(s, r!);
    }
    const info = await svc(2).getLog('failover');
    assert.equal(info.owner, li.instances[1]!.id);
    const all = await readAll(svc(2), 'failover');
    assert.deepEqual(all.records.map((r) => r.payload.toString()), Array.from({ length: 10 }, (_, i) => `m${i}`));
    assert.deepEqual(all.records.map((r) => r.offset), Array.from({ length: 10 }, (_, i) => BigInt(i)));
    for (const [s, r] of acked) assert.equal(all.records[Number(r.offset)]!.sequence, BigInt(s));
  });

  test('a writer fenced under it (someone recovered its segment) reopens the log and goes on; two writers never both ack', async () => {
    await svc(0).createLog({ name: 'fenced' });
    await svc(0).append('fenced', [rec('a')], { producerId: 'p', sequence: 0n });
    const seg = (await svc(1).getLog('fenced')).segments.at(-1)!;
    await li.inspector.openLedger(seg.ledgerId, { password: Buffer.alloc(0), recovery: true });
    const [r] = await svc(0).append('fenced', [rec('b')], { producerId: 'p', sequence: 1n });
    assert.equal(r!.offset, 1n);
    assert.notEqual(r!.ledgerId, seg.ledgerId);
    // Without a producer id the outcome of a fenced append is unknown, and said so.
    const seg2 = (await svc(1).getLog('fenced')).segments.at(-1)!;
    await li.inspector.openLedger(seg2.ledgerId, { password: Buffer.alloc(0), recovery: true });
    await assert.rejects(svc(0).append('fenced', [rec('c')]), hasCode('APPEND_OUTCOME_UNKNOWN'));
    const [r2] = await svc(0).append('fenced', [rec('d')]);
    const all = await readAll(svc(2), 'fenced');
    assert.deepEqual(all.records.map((x) => x.payload.toString()), ['a', 'b', 'd']);
    assert.equal(r2!.offset, 2n);
  });

  test('tail: a long poll on another instance wakes on a commit, across a rollover', async () => {
    await svc(0).createLog({ name: 'tail', rollover: { maxEntries: 1 } });
    await svc(0).append('tail', [rec('t0')]);
    const waiting = svc(1).tail('tail', { fromOffset: 1n, waitMs: 10_000 });
    const waitingOwner = svc(0).tail('tail', { fromOffset: 1n, waitMs: 10_000 });
    await new Promise((r) => setTimeout(r, 150));
    await svc(2).append('tail', [rec('t1')]);
    const [p, q] = await Promise.all([waiting, waitingOwner]);
    assert.deepEqual(p.records.map((r) => [r.offset, r.payload.toString()]), [[1n, 't1']]);
    assert.deepEqual(q.records.map((r) => [r.offset, r.payload.toString()]), [[1n, 't1']]);
    const none = await svc(1).tail('tail', { fromOffset: 2n, waitMs: 50 });
    assert.deepEqual(none.records, []);
    assert.equal(none.nextOffset, 2n);
  });

  test('truncation and retention delete whole segments and their ledgers; reads below answer OUT_OF_RANGE with the first offset', async () => {
    await svc(0).createLog({ name: 'trim', rollover: { maxEntries: 2 } });
    for (let i = 0; i < 7; i++) await svc(0).append('trim', [rec(`x${i}`)]);
    const before = await svc(1).getLog('trim');
    const t = await svc(1).truncate('trim', 3n);
    assert.deepEqual(t, { firstOffset: 3n, deletedSegments: 1 });
    await assert.rejects(li.inspector.openLedger(before.segments[0]!.ledgerId), hasCode('NO_SUCH_LEDGER'));
    await assert.rejects(svc(2).read('trim', { fromOffset: 2n }), (e: GatewayError) => e.code === 'OUT_OF_RANGE' && e.details.firstOffset === '3');
    const rest = await readAll(svc(2), 'trim', 3n);
    assert.deepEqual(rest.records.map((r) => r.payload.toString()), ['x3', 'x4', 'x5', 'x6']);
    await assert.rejects(svc(1).truncate('trim', 100n), (e: GatewayError) => e.code === 'INVALID_ARGUMENT' && e.details.endOffset === '7');

    // Retention by size that waits for a cursor.
    await svc(0).createLog({ name: 'keep', rollover: { maxEntries: 2 }, retention: { maxBytes: 1, waitForCursors: true } });
    await svc(2).setCursor('keep', 'slow', 0n);
    for (let i = 0; i < 7; i++) await svc(0).append('keep', [rec(`y${i}`)]);
    assert.equal((await svc(1).getLog('keep')).firstOffset, 0n, 'retention after each rollover kept what the cursor has not passed');
    await svc(2).advanceCursor('keep', 'slow', 2n);
    const r1 = await svc(2).enforceRetention('keep');
    assert.deepEqual(r1, { firstOffset: 2n, deletedSegments: 1 }, 'the cursor at 2 keeps offsets 2..');
    await svc(2).advanceCursor('keep', 'slow', 6n);
    const r2 = await svc(2).enforceRetention('keep');
    assert.equal(r2.firstOffset, 6n);
    await assert.rejects(svc(1).read('keep', { fromOffset: 0n }), (e: GatewayError) => e.code === 'OUT_OF_RANGE' && e.details.firstOffset === '6');
  });

  test('cursors: create, compare-and-set, advance forward only, read from the cursor, list, delete', async () => {
    await svc(0).createLog({ name: 'cur' });
    await svc(0).append('cur', [rec('a'), rec('b'), rec('c')]);
    await assert.rejects(svc(1).getCursor('cur', 'c1'), hasCode('NO_SUCH_CURSOR'));
    const c0 = await svc(1).setCursor('cur', 'c1', 0n, -1);
    assert.equal(c0.version, 0);
    await assert.rejects(svc(2).setCursor('cur', 'c1', 1n, -1), hasCode('CURSOR_CONFLICT'));
    const c1 = await svc(2).setCursor('cur', 'c1', 2n, 0);
    assert.equal(c1.version, 1);
    await assert.rejects(svc(0).setCursor('cur', 'c1', 1n, 0), hasCode('CURSOR_CONFLICT'));
    const adv = await svc(0).advanceCursor('cur', 'c1', 1n);
    assert.equal(adv.offset, 2n, 'advance never moves back');
    await assert.rejects(svc(0).advanceCursor('cur', 'c1', 4n), (e: GatewayError) => e.field === 'offset');
    const got = await svc(1).getCursor('cur', 'c1');
    const page = await svc(1).read('cur', { fromOffset: got.offset });
    assert.deepEqual(page.records.map((r) => r.payload.toString()), ['c']);
    await svc(1).advanceCursor('cur', 'c2', 3n);
    assert.deepEqual((await svc(2).listCursors('cur')).map((c) => [c.name, c.offset]), [['c1', 2n], ['c2', 3n]]);
    await svc(2).deleteCursor('cur', 'c2');
    await assert.rejects(svc(2).getCursor('cur', 'c2'), hasCode('NO_SUCH_CURSOR'));
    await assert.rejects(svc(2).getCursor('cur', 'a/b'), (e: GatewayError) => e.field === 'cursor');
  });
});
