import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, openSync, closeSync, readdirSync, rmSync, truncateSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FileIo, nodeFileIo } from '../../common/durable-file.js';
import { ENTRY_LOG_HEADER_SIZE, entryLogRecordSize } from './entry-log-record.js';
import { LedgerStorage } from './ledger-storage.js';

const SIZE = 200;

function entry(ledgerId: bigint, entryId: bigint, fill = Number(entryId % 251n), size = SIZE): Buffer {
  const b = Buffer.alloc(size, fill);
  b.writeBigInt64BE(ledgerId, 0);
  b.writeBigInt64BE(entryId, 8);
  b.writeBigInt64BE(entryId - 1n, 16);
  return b;
}

const ALL = { maxCount: 1_000_000, maxBytes: 1 << 30, perEntryBytes: 4 };

interface Fixture {
  dir: string;
  s: LedgerStorage;
  /** Reads issued on entry-log files (and the index's none: LevelDB does its own I/O). */
  reads: () => number;
  failReads: (on: boolean) => void;
}

async function withStorage(opts: { entryLogSizeLimit?: number; readAhead?: boolean }, fn: (f: Fixture) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'quire-runs-'));
  let reads = 0;
  let fail = false;
  const io: FileIo = {
    ...nodeFileIo,
    read(fd, buf, off, len, pos) {
      reads++;
      if (fail) return Promise.reject(Object.assign(new Error('EIO: injected'), { code: 'EIO' }));
      return nodeFileIo.read(fd, buf, off, len, pos);
    },
  };
  const s = await LedgerStorage.open({
    dir,
    io,
    entryLogSizeLimit: opts.entryLogSizeLimit ?? 1 << 20,
    writeCacheMaxBytes: 8 << 20,
    readAheadCacheMaxBytes: opts.readAhead ? 1 << 20 : 0,
    readAheadBatchSize: opts.readAhead ? 100 : 0,
  });
  try {
    await fn({ dir, s, reads: () => reads, failReads: (on) => (fail = on) });
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function flush(s: LedgerStorage): Promise<void> {
  s.freeze();
  await s.flushFrozen(new Map());
}

function ids(entries: Buffer[]): number[] {
  return entries.map((b) => Number(b.readBigInt64BE(8)));
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

function logFiles(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.endsWith('.log')).sort().map((n) => join(dir, n));
}

describe('run reads (batch reads from entry logs)', () => {
  test('a run spanning several entry logs comes back whole and in order, one pread per log', async () => {
    // ~20 records per log: 100 entries in 5 logs.
    await withStorage({ entryLogSizeLimit: 20 * entryLogRecordSize(SIZE) + ENTRY_LOG_HEADER_SIZE }, async ({ dir, s, reads }) => {
      for (let i = 0n; i < 100n; i++) s.put(1n, i, entry(1n, i));
      await flush(s);
      assert.ok(logFiles(dir).length >= 5, `${logFiles(dir).length} logs`);
      const before = reads();
      const r = await s.getRun(1n, 0n, ALL);
      assert.equal(r.error, undefined);
      assert.deepEqual(ids(r.entries), range(0, 100));
      for (const b of r.entries) assert.deepEqual(b, entry(1n, b.readBigInt64BE(8)));
      assert.equal(reads() - before, logFiles(dir).length, 'one pread per log');
    });
  });

  test('entries interleaved with other ledgers in one log: only the ledger asked for, all of it', async () => {
    await withStorage({}, async ({ dir, s, reads }) => {
      // Each flush writes ledger 1's entries then ledger 2's: in the log, 1's run is broken by 2's.
      for (let round = 0n; round < 3n; round++) {
        for (let i = round * 10n; i < round * 10n + 10n; i++) {
          s.put(1n, i, entry(1n, i));
          s.put(2n, i, entry(2n, i, 7));
        }
        await flush(s);
      }
      assert.equal(logFiles(dir).length, 1);
      const before = reads();
      const r = await s.getRun(1n, 0n, ALL);
      assert.deepEqual(ids(r.entries), range(0, 30));
      for (const b of r.entries) assert.equal(b.readBigInt64BE(0), 1n);
      assert.equal(reads() - before, 3, 'one pread per adjacent stretch');
      const r2 = await s.getRun(2n, 5n, ALL);
      assert.deepEqual(ids(r2.entries), range(5, 30));
      for (const b of r2.entries) assert.deepEqual(b, entry(2n, b.readBigInt64BE(8), 7));
    });
  });

  test('a missing entry in the middle ends the run before it; a run from a missing entry is empty, not an error', async () => {
    await withStorage({}, async ({ s }) => {
      for (let i = 0n; i < 10n; i++) if (i !== 5n) s.put(1n, i, entry(1n, i));
      await flush(s);
      const r = await s.getRun(1n, 0n, ALL);
      assert.equal(r.error, undefined);
      assert.deepEqual(ids(r.entries), range(0, 5));
      assert.deepEqual((await s.getRun(1n, 5n, ALL)).entries, []);
      assert.deepEqual(ids((await s.getRun(1n, 6n, ALL)).entries), range(6, 10));
      assert.deepEqual((await s.getRun(9n, 0n, ALL)).entries, []);
    });
  });

  test('count and byte bounds: at most maxCount; bytes within maxBytes past the first entry, which is always taken', async () => {
    await withStorage({}, async ({ s }) => {
      for (let i = 0n; i < 50n; i++) s.put(1n, i, entry(1n, i));
      await flush(s);
      assert.deepEqual(ids((await s.getRun(1n, 3n, { ...ALL, maxCount: 7 })).entries), range(3, 10));
      assert.deepEqual(ids((await s.getRun(1n, 0n, { maxCount: 100, maxBytes: 3 * (SIZE + 4) + 10, perEntryBytes: 4 })).entries), range(0, 3));
      assert.deepEqual(ids((await s.getRun(1n, 0n, { maxCount: 100, maxBytes: 1, perEntryBytes: 4 })).entries), [0]);
    });
  });

  test('entries in the write cache are served from there: newer copies win, and the run goes on past the index', async () => {
    await withStorage({}, async ({ s }) => {
      for (let i = 0n; i < 10n; i++) s.put(1n, i, entry(1n, i));
      await flush(s);
      s.put(1n, 4n, entry(1n, 4n, 99)); // written again (recovery): the index still points at the old copy
      for (let i = 10n; i < 15n; i++) s.put(1n, i, entry(1n, i));
      const r = await s.getRun(1n, 0n, ALL);
      assert.deepEqual(ids(r.entries), range(0, 15));
      assert.equal(r.entries[4]![100], 99);
      assert.equal(r.entries[5]![100], 5);
    });
  });

  test('a corrupted entry in the middle: the run stops before it with IO_ERROR, and a read from it fails with IO_ERROR', async () => {
    await withStorage({}, async ({ dir, s }) => {
      for (let i = 0n; i < 10n; i++) s.put(1n, i, entry(1n, i));
      await flush(s);
      const [log] = logFiles(dir);
      const fd = openSync(log!, 'r+');
      writeSync(fd, Buffer.from([0xee]), 0, 1, ENTRY_LOG_HEADER_SIZE + 5 * entryLogRecordSize(SIZE) + 100);
      closeSync(fd);
      const r = await s.getRun(1n, 0n, ALL);
      assert.deepEqual(ids(r.entries), range(0, 5));
      assert.equal((r.error as { code?: string } | undefined)?.code, 'IO_ERROR');
      await assert.rejects(s.getRun(1n, 5n, ALL), { code: 'IO_ERROR' });
      assert.deepEqual(ids((await s.getRun(1n, 6n, ALL)).entries), range(6, 10));
    });
  });

  test('a truncated entry log: the run stops at the torn entry with IO_ERROR, never "no such entry"', async () => {
    await withStorage({}, async ({ dir, s }) => {
      for (let i = 0n; i < 10n; i++) s.put(1n, i, entry(1n, i));
      await flush(s);
      const [log] = logFiles(dir);
      truncateSync(log!, ENTRY_LOG_HEADER_SIZE + 7 * entryLogRecordSize(SIZE) + 30);
      const r = await s.getRun(1n, 0n, ALL);
      assert.deepEqual(ids(r.entries), range(0, 7));
      assert.equal((r.error as { code?: string } | undefined)?.code, 'IO_ERROR');
      await assert.rejects(s.getRun(1n, 7n, ALL), { code: 'IO_ERROR' });
      await assert.rejects(s.getRun(1n, 8n, ALL), { code: 'IO_ERROR' });
    });
  });

  test('a failing read is IO_ERROR, not a missing entry', async () => {
    await withStorage({}, async ({ s, failReads }) => {
      for (let i = 0n; i < 10n; i++) s.put(1n, i, entry(1n, i));
      await flush(s);
      failReads(true);
      await assert.rejects(s.getRun(1n, 0n, ALL), { code: 'IO_ERROR' });
      failReads(false);
      assert.deepEqual(ids((await s.getRun(1n, 0n, ALL)).entries), range(0, 10));
    });
  });

  test('read-ahead fills the cache from the run\'s end, not what the run read, and the next run is served from it', async () => {
    await withStorage({ readAhead: true }, async ({ s, reads }) => {
      for (let i = 0n; i < 300n; i++) s.put(1n, i, entry(1n, i));
      s.put(2n, 0n, entry(2n, 0n));
      await flush(s);
      const r = await s.getRun(1n, 0n, { ...ALL, maxCount: 50 });
      assert.deepEqual(ids(r.entries), range(0, 50));
      await s.readAhead.idle();
      assert.equal(s.readAhead.stats.entriesRead, 100);
      for (let i = 0n; i < 50n; i++) assert.equal(s.readAhead.has(1n, i), false, `entry ${i} was read by the run itself`);
      for (let i = 50n; i < 150n; i++) assert.equal(s.readAhead.has(1n, i), true, `entry ${i} read ahead`);
      const before = reads();
      const r2 = await s.getRun(1n, 50n, { ...ALL, maxCount: 100 });
      assert.deepEqual(ids(r2.entries), range(50, 150));
      for (const b of r2.entries) assert.deepEqual(b, entry(1n, b.readBigInt64BE(8)));
      assert.equal(reads(), before, 'served from the read-ahead cache');
      // The run read from memory only: no read-ahead after it. A run to the end never reads another ledger.
      await s.readAhead.idle();
      assert.equal(s.readAhead.stats.batches, 1);
      const r3 = await s.getRun(1n, 150n, ALL);
      assert.deepEqual(ids(r3.entries), range(150, 300));
      await s.readAhead.idle();
      assert.equal(s.readAhead.has(2n, 0n), false);
    });
  });

  test('a run that reaches an entry being read ahead waits for it instead of reading it twice', async () => {
    await withStorage({ readAhead: true }, async ({ s }) => {
      for (let i = 0n; i < 200n; i++) s.put(1n, i, entry(1n, i));
      await flush(s);
      await s.getRun(1n, 0n, { ...ALL, maxCount: 10 }); // read-ahead of 10..109 starts, not awaited
      const r = await s.getRun(1n, 10n, { ...ALL, maxCount: 150 });
      assert.deepEqual(ids(r.entries), range(10, 160));
      await s.readAhead.idle();
      // The 10..109 batch, then 160..199 (the ledger ends there): nothing read twice.
      assert.equal(s.readAhead.stats.entriesRead, 100 + 40);
      assert.equal(s.readAhead.stats.hits, 100);
    });
  });
});
