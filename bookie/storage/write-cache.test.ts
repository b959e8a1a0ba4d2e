import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { WriteCache } from './write-cache.js';

function entry(ledgerId: bigint, entryId: bigint, fill: number, size = 40): Buffer {
  const b = Buffer.alloc(size, fill);
  b.writeBigInt64BE(ledgerId, 0);
  b.writeBigInt64BE(entryId, 8);
  return b;
}

describe('write cache', () => {
  test('entriesInOrder is ascending by entry id for any insertion order, with the latest copy of re-adds', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 200 }), (ids) => {
        const c = new WriteCache(1 << 30);
        const last = new Map<number, number>();
        ids.forEach((id, i) => {
          c.put(3n, BigInt(id), entry(3n, BigInt(id), i & 0xff));
          last.set(id, i & 0xff);
        });
        const got = [...c.entriesInOrder(3n)];
        const want = [...last.keys()].sort((a, b) => a - b);
        assert.deepEqual(got.map((b) => Number(b.readBigInt64BE(8))), want);
        for (const b of got) assert.equal(b[30], last.get(Number(b.readBigInt64BE(8))));
        assert.equal(c.count, want.length);
        assert.equal(c.bytes, want.length * 40);
      }),
    );
  });

  test('put returns a private copy; the caller may reuse its buffer', () => {
    const c = new WriteCache(1 << 20);
    const src = entry(1n, 0n, 7);
    const copy = c.put(1n, 0n, src);
    src.fill(0);
    assert.equal(copy[30], 7);
    assert.deepEqual(c.get(1n, 0n), copy);
    // Large entries get their own buffer, small ones share slabs; both read back intact.
    const big = c.put(1n, 1n, entry(1n, 1n, 9, 200_000));
    assert.equal(big.length, 200_000);
    assert.equal(c.get(1n, 1n)![199_999], 9);
    assert.deepEqual(c.sortedLedgerIds(), [1n]);
  });

  test('against a model: puts over several ledgers (small, slab-crossing and large entries, re-adds), deletes, and thousands of records', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            { weight: 20, arbitrary: fc.record({ op: fc.constant('put' as const), ledger: fc.integer({ min: 0, max: 3 }), id: fc.integer({ min: 0, max: 3000 }), size: fc.oneof(fc.integer({ min: 17, max: 2000 }), fc.constant(70_000)) }) },
            { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), ledger: fc.integer({ min: 0, max: 3 }) }) },
          ),
          { minLength: 1, maxLength: 2500 },
        ),
        (ops) => {
          const c = new WriteCache(1 << 30);
          const model = new Map<bigint, Map<number, Buffer>>();
          let n = 0;
          for (const o of ops) {
            const l = BigInt(o.ledger);
            if (o.op === 'delete') {
              c.deleteLedger(l);
              model.delete(l);
              continue;
            }
            const b = entry(l, BigInt(o.id), n++ & 0xff, o.size);
            c.put(l, BigInt(o.id), b);
            let m = model.get(l);
            if (!m) model.set(l, (m = new Map()));
            m.set(o.id, Buffer.from(b));
          }
          let bytes = 0;
          let count = 0;
          for (const [l, m] of model) {
            const ids = [...m.keys()].sort((a, b) => a - b);
            assert.deepEqual([...c.entriesInOrder(l)], ids.map((id) => m.get(id)));
            assert.deepEqual(c.sortedEntries(l).entries, ids.map((id) => m.get(id)));
            for (const id of ids) assert.deepEqual(c.get(l, BigInt(id)), m.get(id));
            for (const b of m.values()) bytes += b.length;
            count += m.size;
          }
          assert.equal(c.bytes, bytes);
          assert.equal(c.count, count);
        },
      ),
      { numRuns: 40 },
    );
  });
});
