import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerStorage } from './ledger-storage.js';
import { ReadAheadCache } from './read-ahead-cache.js';

function entry(ledgerId: bigint, entryId: bigint, fill: number, size = 200): Buffer {
  const b = Buffer.alloc(size, fill);
  b.writeBigInt64BE(ledgerId, 0);
  b.writeBigInt64BE(entryId, 8);
  b.writeBigInt64BE(entryId - 1n, 16);
  return b;
}

describe('read-ahead cache', () => {
  test('bounded by bytes: the oldest entries go first', () => {
    const c = new ReadAheadCache(1000, 10);
    for (let i = 0n; i < 20n; i++) c.put(1n, i, Buffer.alloc(100));
    assert.equal(c.bytes, 1000);
    assert.equal(c.get(1n, 9n), undefined);
    assert.ok(c.get(1n, 10n));
    assert.ok(c.get(1n, 19n));
    c.put(1n, 99n, Buffer.alloc(2000));
    assert.equal(c.get(1n, 99n), undefined, 'an entry larger than the bound is not kept');
    c.invalidateLedger(1n);
    assert.equal(c.bytes, 0);
  });

  test('a sequential reader after a checkpoint reads the entry log once per batch; contents exact; re-adds win', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quire-readahead-'));
    const s = await LedgerStorage.open({ dir, entryLogSizeLimit: 1 << 20, writeCacheMaxBytes: 8 << 20, readAheadCacheMaxBytes: 1 << 20, readAheadBatchSize: 100 });
    try {
      for (let i = 0n; i < 300n; i++) s.put(5n, i, entry(5n, i, Number(i % 251n)));
      s.put(6n, 0n, entry(6n, 0n, 1));
      s.freeze();
      await s.flushFrozen(new Map());
      for (let i = 0n; i < 300n; i++) {
        const b = await s.get(5n, i);
        assert.deepEqual(b, entry(5n, i, Number(i % 251n)));
        await s.readAhead.idle();
      }
      // Misses at 0, 101 and 202 (each followed by a batch of 100): everything else from memory.
      assert.equal(s.readAhead.stats.misses, 3);
      assert.equal(s.readAhead.stats.hits, 297);
      assert.equal(s.readAhead.stats.batches, 3);
      assert.ok(s.readAhead.bytes <= s.readAhead.maxBytes);
      // Read-ahead never crosses into another ledger.
      assert.equal(s.readAhead.get(6n, 0n), undefined);
      // An entry written again: the new copy is served, from the write cache and after its flush.
      s.put(5n, 299n, entry(5n, 299n, 77));
      assert.equal((await s.get(5n, 299n))![100], 77);
      s.freeze();
      await s.flushFrozen(new Map());
      assert.equal((await s.get(5n, 299n))![100], 77);
    } finally {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
