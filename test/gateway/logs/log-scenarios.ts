// The named-log scenarios every transport must pass with the same outcome: run over REST by
// log-scenarios-rest.test.ts and over gRPC by log-scenarios-grpc.test.ts, on real gateways
// (three instances: writes through a non-owner are forwarded to the writer) and real bookies.
// What only one transport has (REST's Location, ETag/304, SSE; gRPC's AppendStream) is tested
// in log-rest.test.ts and log-grpc.test.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startGatewayCluster, type GatewayCluster } from '../gateway-cluster.js';
import type { RunningGateway } from '../../../gateway/gateway-server.js';
import { LogCallError, type LogTransport } from './log-transport.js';

async function fails(p: Promise<unknown>, code: string): Promise<LogCallError> {
  const e = await p.then(
    () => assert.fail(`expected ${code}, got success`),
    (err: unknown) => err,
  );
  assert.ok(e instanceof LogCallError, String(e));
  assert.equal(e.code, code, e.message);
  return e;
}

export function logScenarios(kind: string, connect: (gw: RunningGateway) => LogTransport): void {
  describe(`named-log scenarios over ${kind}`, () => {
    let gc: GatewayCluster;
    let a: LogTransport;
    let b: LogTransport;
    let c: LogTransport;
    before(async () => {
      gc = await startGatewayCluster({ gateways: 3, gateway: { grpcPort: 0 } });
      [a, b, c] = gc.gateways.map(connect) as [LogTransport, LogTransport, LogTransport];
    });
    after(async () => {
      for (const t of [a, b, c]) t?.close();
      await gc.stop();
    });

    test('create, list, get, append one and a batch, read, forwarding to the writer, seek, delete', async () => {
      const created = await a.create('team/orders', { maxEntries: 1 });
      assert.equal(created.nextOffset, '0');
      await fails(b.create('team/orders'), 'LOG_EXISTS');
      await fails(b.create('a//b'), 'INVALID_ARGUMENT');
      await b.create('team/payments');
      const list = await b.list('team/', 1);
      assert.deepEqual(list.names, ['team/orders']);
      assert.equal(list.nextPageToken, 'team/orders');

      const [one] = await a.append('team/orders', [{ data: 'first', key: 'k', timestampMs: 1000 }]);
      assert.equal(one!.offset, '0');
      assert.equal(one!.entryId, '1');
      const batch = await b.append('team/orders', [{ data: 'x', headers: [{ name: 'h', value: 'v' }] }, { data: 'y' }, { data: 'z', timestampMs: 5 }]);
      assert.deepEqual(batch.map((r) => r.offset), ['1', '2', '3']);
      const info = await c.get('team/orders');
      assert.equal(info.owner, gc.gateways[0]!.gatewayId);
      assert.equal(info.nextOffset, '4');
      assert.ok(info.segments >= 2);

      const page = await b.read('team/orders', 0, 10);
      assert.deepEqual(page.records.map((r) => r.data), ['first', 'x', 'y', 'z']);
      assert.equal(page.records[0]!.key, 'k');
      assert.equal(page.records[0]!.timestampMs, 1000);
      assert.deepEqual(page.records[1]!.headers, [{ name: 'h', value: 'v' }]);
      assert.equal(page.endOffset, '4');
      assert.equal((await b.read('team/orders', 0, 1)).immutable, true);
      assert.equal(await b.seek('team/orders', 999), '0');

      await b.remove('team/payments');
      await fails(a.get('team/payments'), 'NO_SUCH_LOG');
    });

    test('exactly-once and compare-and-append; the writer crashes and the log goes on through another instance', async () => {
      const extraGw = await gc.addGateway();
      const extra = connect(extraGw);
      try {
        await extra.create('eo', { maxEntries: 3 });
        const receipts = [];
        for (let s = 0; s < 5; s++) receipts.push((await extra.append('eo', [{ data: `m${s}` }], { producerId: 'p', sequence: s }))[0]!);
        const [dup] = await b.append('eo', [{ data: 'm1' }], { producerId: 'p', sequence: 1 });
        assert.equal(dup!.duplicate, true);
        assert.equal(dup!.offset, receipts[1]!.offset);
        const cas = await fails(b.append('eo', [{ data: 'w' }], { expectedOffset: 0 }), 'APPEND_CONFLICT');
        assert.equal(cas.details.nextOffset, '5');
        await extraGw.crash();
        for (let s = 3; s < 7; s++) {
          const [r] = await b.append('eo', [{ data: `m${s}` }], { producerId: 'p', sequence: s });
          if (s < 5) {
            assert.equal(r!.duplicate, true);
            assert.equal(r!.offset, receipts[s]!.offset);
          } else assert.equal(r!.offset, String(s));
        }
        assert.deepEqual((await a.read('eo', 0)).records.map((r) => r.data), ['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']);
      } finally {
        extra.close();
      }
    });

    test('tail waits for the next record, across segments', async () => {
      await a.create('tail', { maxEntries: 1 });
      await a.append('tail', [{ data: 't0' }]);
      const waiting = b.tail('tail', 1, 10_000);
      await new Promise((r) => setTimeout(r, 150));
      await a.append('tail', [{ data: 't1' }, { data: 't2' }]);
      assert.deepEqual((await waiting).map((r) => r.data).slice(0, 1), ['t1']);
    });

    test('truncate, OUT_OF_RANGE with the first offset, retention, cursors', async () => {
      await a.create('trim', { maxEntries: 2 });
      for (let i = 0; i < 5; i++) await a.append('trim', [{ data: `x${i}` }]);
      assert.deepEqual(await b.truncate('trim', 2), { firstOffset: '2', deletedSegments: 1 });
      const below = await fails(b.read('trim', 0), 'OUT_OF_RANGE');
      assert.equal(below.details.firstOffset, '2');
      assert.equal((await b.retention('trim')).firstOffset, '2');

      await fails(b.getCursor('trim', 'c'), 'NO_SUCH_CURSOR');
      const c0 = await b.setCursor('trim', 'c', 2, -1);
      assert.equal(c0.version, 0);
      await fails(a.setCursor('trim', 'c', 3, 5), 'CURSOR_CONFLICT');
      assert.equal((await a.advance('trim', 'c', 4)).offset, '4');
      assert.deepEqual((await a.readCursor('trim', 'c')).records.map((r) => r.data), ['x4']);
      assert.deepEqual(await a.listCursors('trim'), ['c']);
      await a.deleteCursor('trim', 'c');
      await fails(a.getCursor('trim', 'c'), 'NO_SUCH_CURSOR');
    });
  });
}
