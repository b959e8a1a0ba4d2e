// Garbage collection and compaction on a real bookie (journal, entry logs, LevelDB index) with a
// real embedded metadata store: what is deleted, what is kept, bytes given back, concurrent adds.
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openBookie, type BookieImpl } from '../../bookie/bookie-impl.js';
import type { BookieStorageOptions } from '../../bookie/bookie-storage-options.js';
import { childLogger } from '../../common/logger.js';
import type { MetadataService } from '../../metadata/metadata-service.js';
import { BookieGarbageCollector, ledgerManagerGcSource, type GcMetadataSource, type GcOptions } from '../../bookie/storage/garbage-collector.js';
import { GC_TEST_KEY, NORMAL_ADD, createLedgerMetadata, dirBytes, gcTestEntry, openFormattedMetadata } from '../../harness/gc-fixtures.js';
import { COMPACTION_FILE_RE } from '../../bookie/storage/entry-log-compactor.js';

const log = childLogger('gc-test');
log.level = 'silent';

let dir: string;
let md: MetadataService;
const cleanup: Array<() => Promise<void>> = [];
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-gc-'));
  md = await openFormattedMetadata(path.join(dir, 'metadata'));
});
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f().catch(() => undefined);
  await md.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ledgerDir = (): string => path.join(dir, 'ledgers');

async function start(over: Partial<BookieStorageOptions> = {}): Promise<BookieImpl> {
  const b = await openBookie(
    {
      journalDirectories: [path.join(dir, 'journal')],
      ledgerDirectories: [ledgerDir()],
      journalPreAllocSizeMB: 1,
      entryLogSizeLimit: 256 * 1024,
      writeCacheMaxSizeBytes: 512 * 1024,
      flushInterval: 0,
      ...over,
    },
    log,
  );
  cleanup.push(() => b.close());
  return b;
}

/** Forced GC with compaction on demand only (no schedule), unlimited rate, no age grace. */
const FAST: Partial<GcOptions> = { gcWaitTime: 3_600_000, gcLedgerMinAgeMs: 0, compactionRateByEntries: 0, minorCompactionInterval: 0, majorCompactionInterval: 0, forceAllowCompaction: true };

function gcOf(b: BookieImpl, source: GcMetadataSource | undefined = ledgerManagerGcSource(md.ledgers), over: Partial<GcOptions> = {}): BookieGarbageCollector {
  const gc = new BookieGarbageCollector(b, source, { ...FAST, ...over }, log);
  cleanup.push(() => gc.close());
  return gc;
}

async function writeLedger(b: BookieImpl, ledgerId: bigint, entries: number, size = 1000, withMetadata = true): Promise<void> {
  if (withMetadata) await createLedgerMetadata(md.ledgers, ledgerId);
  const ps: Promise<void>[] = [];
  for (let e = 0n; e < BigInt(entries); e++) ps.push(b.addEntry(ledgerId, e, GC_TEST_KEY, gcTestEntry(ledgerId, e, size), NORMAL_ADD));
  await Promise.all(ps);
}

/** Writes ledgers interleaved (as concurrent writers do), so every entry log holds all of them. */
async function writeInterleaved(b: BookieImpl, ids: bigint[], entries: number, size = 1000): Promise<void> {
  for (const id of ids) await createLedgerMetadata(md.ledgers, id);
  for (let e = 0n; e < BigInt(entries); e += 10n) {
    const ps: Promise<void>[] = [];
    for (const id of ids) for (let k = e; k < e + 10n && k < BigInt(entries); k++) ps.push(b.addEntry(id, k, GC_TEST_KEY, gcTestEntry(id, k, size), NORMAL_ADD));
    await Promise.all(ps);
  }
  await b.checkpoint();
}

async function assertLedgerIntact(b: BookieImpl, ledgerId: bigint, entries: number, size = 1000): Promise<void> {
  assert.deepEqual(await b.listEntries(ledgerId), Array.from({ length: entries }, (_, i) => BigInt(i)), `ledger ${ledgerId} entry list`);
  for (let e = 0n; e < BigInt(entries); e++) assert.deepEqual(await b.readEntry(ledgerId, e), gcTestEntry(ledgerId, e, size), `entry ${ledgerId}/${e}`);
}

describe('garbage collection of deleted ledgers', () => {
  test('a ledger deleted from metadata is removed (index, entries, in-memory state); listed ledgers are untouched', async () => {
    const b = await start();
    await writeLedger(b, 1n, 50);
    await writeLedger(b, 2n, 50);
    await b.checkpoint();
    await md.ledgers.removeLedgerMetadata(1n, -1);
    const gc = gcOf(b);
    await gc.triggerGc();
    assert.equal(b.hasLedger(1n), false);
    assert.deepEqual(b.localLedgerIds(), [2n]);
    await assert.rejects(b.readEntry(1n, 0n), { code: 'NO_SUCH_LEDGER' });
    assert.equal(gc.stats().DELETED_LEDGER_TOTAL, 1);
    await assertLedgerIntact(b, 2n, 50);
    await b.close();
    // The deletion is durable: gone after a restart too (journal segments were trimmed by checkpoints).
    const b2 = await start();
    assert.equal(b2.hasLedger(1n), false);
    await assertLedgerIntact(b2, 2n, 50);
  });

  test('entries still in the write cache of a deleted ledger never reach the index', async () => {
    const b = await start({ writeCacheMaxSizeBytes: 64 * 1024 * 1024 });
    await writeLedger(b, 7n, 20);
    await md.ledgers.removeLedgerMetadata(7n, -1);
    await gcOf(b).triggerGc();
    assert.equal(b.hasLedger(7n), false);
    await b.checkpoint();
    await b.close();
    const b2 = await start();
    // Journal replay may bring the ledger back (its records are after the mark): then GC takes it again.
    if (b2.hasLedger(7n)) {
      await gcOf(b2).triggerGc();
      assert.equal(b2.hasLedger(7n), false);
    }
  });

  test('never deletes on a failed or partial listing, or when the direct read is not a clear NoSuchLedger', async () => {
    const b = await start();
    await writeLedger(b, 1n, 5, 100, false);
    await writeLedger(b, 2n, 5, 100, false);
    await b.checkpoint();
    let reads = 0;
    const failing: GcMetadataSource = {
      listAllLedgers: () => Promise.reject(new Error('connection loss')),
      ledgerExists: () => {
        reads++;
        return Promise.resolve(false);
      },
    };
    await gcOf(b, failing).triggerGc();
    assert.deepEqual(b.localLedgerIds().sort(), [1n, 2n], 'listing error: nothing deleted');
    assert.equal(reads, 0);
    // Missing from the listing, but the direct read fails (or says it exists): kept.
    const doubtful: GcMetadataSource = {
      listAllLedgers: () => Promise.resolve(new Set()),
      ledgerExists: (id) => (id === 1n ? Promise.reject(new Error('timeout')) : Promise.resolve(true)),
    };
    await gcOf(b, doubtful).triggerGc();
    assert.deepEqual(b.localLedgerIds().sort(), [1n, 2n], 'doubtful direct reads: nothing deleted');
    // A cluster without LAYOUT (wrong root, wiped store) is not a complete listing.
    await md.store.delete(`${md.root}/LAYOUT`, -1);
    await gcOf(b).triggerGc();
    assert.deepEqual(b.localLedgerIds().sort(), [1n, 2n], 'unformatted root: nothing deleted');
  });

  test('a ledger this bookie has known for less than gcLedgerMinAgeMs is not collected', async () => {
    const b = await start();
    await writeLedger(b, 3n, 5, 100, false);
    const gc = gcOf(b, ledgerManagerGcSource(md.ledgers), { gcLedgerMinAgeMs: 60_000 });
    await gc.triggerGc();
    assert.equal(b.hasLedger(3n), true);
  });
});

describe('entry log ledgers map', () => {
  test('written as a footer at close, rebuilt by a scan after a crash; both give the same map', async () => {
    const b = await start();
    await writeInterleaved(b, [1n, 2n, 3n], 200);
    const logIds = b.ledgerStorage.finishedLogIds();
    assert.ok(logIds.length >= 2, `expected several finished logs, got ${logIds.length}`);
    const before = new Map<number, Map<bigint, number>>();
    for (const id of logIds) before.set(id, new Map((await b.ledgerStorage.logMetadata(id))!.ledgers));
    await b.close();
    const b2 = await start();
    for (const id of logIds) {
      const m = await b2.ledgerStorage.logMetadata(id);
      assert.equal(m?.fromScan, false, `log ${id} read from its footer`);
      assert.deepEqual(m?.ledgers, before.get(id));
    }
    // The log that was current at close also got a footer.
    const lastAtClose = Math.max(...b2.ledgerStorage.finishedLogIds());
    assert.equal((await b2.ledgerStorage.logMetadata(lastAtClose))?.fromScan, false);
    await writeLedger(b2, 4n, 100);
    await b2.checkpoint();
    await b2.abandon();
    const b3 = await start();
    const crashed = Math.max(...b3.ledgerStorage.finishedLogIds());
    const scanned = await b3.ledgerStorage.logMetadata(crashed);
    assert.equal(scanned?.fromScan, true);
    assert.equal(scanned?.ledgers.get(4n), 100 * (24 + 1032));
  });
});

describe('compaction', () => {
  test('deleting ledgers gives the bytes back on disk; live ledgers read back intact', async () => {
    const b = await start();
    const ids = Array.from({ length: 10 }, (_, i) => BigInt(i + 1));
    await writeInterleaved(b, ids, 300);
    await b.close(); // finishes the current log too
    const b2 = await start();
    const bytesBefore = dirBytes(ledgerDir());
    for (const id of ids.slice(2)) await md.ledgers.removeLedgerMetadata(id, -1);
    const gc = gcOf(b2);
    await gc.triggerGc();
    const bytesAfter = dirBytes(ledgerDir());
    const st = gc.stats();
    assert.equal(st.DELETED_LEDGER_TOTAL, 8);
    assert.equal(st.MAJOR_COMPACTION_TOTAL, 1);
    assert.ok(st.compactedEntries >= 600, `compaction copied ${st.compactedEntries} entries`);
    // 80% of the data was deleted; what is left is the 20% plus the index and small overheads.
    assert.ok(bytesAfter < bytesBefore * 0.45, `ledger directory ${bytesBefore} → ${bytesAfter} bytes`);
    for (const id of ids.slice(0, 2)) await assertLedgerIntact(b2, id, 300);
    for (const id of ids.slice(2)) await assert.rejects(b2.readEntry(id, 0n), { code: 'NO_SUCH_LEDGER' });
    assert.deepEqual(fs.readdirSync(ledgerDir()).filter((n) => COMPACTION_FILE_RE.test(n)), []);
    await b2.close();
    const b3 = await start();
    for (const id of ids.slice(0, 2)) await assertLedgerIntact(b3, id, 300);
  });

  test('two ledger directories (and two journals): deleted ledgers\' space comes back in both; live ledgers read back intact', async () => {
    const dirs = [path.join(dir, 'ledgers0'), path.join(dir, 'ledgers1')];
    const over: Partial<BookieStorageOptions> = { ledgerDirectories: dirs, journalDirectories: [path.join(dir, 'journal0'), path.join(dir, 'journal1')] };
    const logsIn = (d: string): Map<string, number> =>
      new Map(fs.readdirSync(d).filter((n) => /^[0-9a-f]{16}\.log$/.test(n)).map((n) => [n, fs.statSync(path.join(d, n)).size]));
    const logBytes = (d: string): number => [...logsIn(d).values()].reduce((a, n) => a + n, 0);
    const b = await start(over);
    const ids = Array.from({ length: 10 }, (_, i) => BigInt(i + 1));
    await writeInterleaved(b, ids, 300);
    await b.close();
    const b2 = await start(over);
    const before = dirs.map(logsIn);
    const bytesBefore = dirs.map(logBytes);
    for (const [i, logs] of before.entries()) assert.ok(logs.size >= 3, `ledger dir ${i} holds ${logs.size} logs`);
    for (const id of ids.slice(2)) await md.ledgers.removeLedgerMetadata(id, -1);
    const gc = gcOf(b2);
    await gc.triggerGc();
    assert.equal(gc.stats().DELETED_LEDGER_TOTAL, 8);
    for (const [i, d] of dirs.entries()) {
      const after = logsIn(d);
      const removed = [...before[i]!.keys()].filter((n) => !after.has(n));
      assert.ok(removed.length > 0, `ledger dir ${i}: compacted logs removed`);
      // 80% deleted: each directory's entry logs shrink to the 20% left plus headers and footers.
      assert.ok(logBytes(d) < bytesBefore[i]! * 0.45, `ledger dir ${i}: entry logs ${bytesBefore[i]} → ${logBytes(d)} bytes`);
      assert.deepEqual(fs.readdirSync(d).filter((n) => COMPACTION_FILE_RE.test(n)), [], `ledger dir ${i}: no compaction leftovers`);
    }
    for (const id of ids.slice(0, 2)) await assertLedgerIntact(b2, id, 300);
    for (const id of ids.slice(2)) await assert.rejects(b2.readEntry(id, 0n), { code: 'NO_SUCH_LEDGER' });
    await b2.close();
    const b3 = await start(over);
    for (const id of ids.slice(0, 2)) await assertLedgerIntact(b3, id, 300);
    for (const id of ids.slice(2)) assert.equal(b3.hasLedger(id), false);
  });

  test('compaction under concurrent adds keeps every live entry', async () => {
    const b = await start();
    const ids = Array.from({ length: 8 }, (_, i) => BigInt(i + 1));
    await writeInterleaved(b, ids, 200);
    for (const id of ids.slice(1)) if (id % 2n === 0n) await md.ledgers.removeLedgerMetadata(id, -1);
    const gc = gcOf(b);
    // Writers keep adding to live ledgers (new ones and ones being compacted) while GC runs.
    let stop = false;
    const written = new Map<bigint, number>();
    const writer = async (id: bigint, from: number): Promise<void> => {
      if (from === 0) await createLedgerMetadata(md.ledgers, id);
      let e = from;
      while (!stop || e < from + 50) {
        await b.addEntry(id, BigInt(e), GC_TEST_KEY, gcTestEntry(id, BigInt(e), 1000), NORMAL_ADD);
        written.set(id, ++e);
        if (e % 20 === 0) await b.checkpoint();
      }
    };
    const writers = [writer(1n, 200), writer(3n, 200), writer(100n, 0), writer(101n, 0)];
    await gc.triggerGc();
    stop = true;
    await Promise.all(writers);
    assert.ok(gc.stats().compactedEntries > 0, 'compaction ran');
    for (const id of [1n, 3n, 5n, 7n, 100n, 101n]) await assertLedgerIntact(b, id, written.get(id) ?? 200);
    await b.close();
    const b2 = await start();
    for (const id of [1n, 3n, 5n, 7n, 100n, 101n]) await assertLedgerIntact(b2, id, written.get(id) ?? 200);
    for (const id of [2n, 4n, 6n, 8n]) assert.equal(b2.hasLedger(id), false);
  });

  test('suspend stops compaction, resume lets it run; thresholds choose the logs', async () => {
    const b = await start();
    const ids = Array.from({ length: 4 }, (_, i) => BigInt(i + 1));
    await writeInterleaved(b, ids, 200);
    await md.ledgers.removeLedgerMetadata(4n, -1); // logs stay 75% live
    const gc = gcOf(b, ledgerManagerGcSource(md.ledgers), { minorCompactionThreshold: 0.2, majorCompactionThreshold: 0.8 });
    gc.suspendMajor();
    gc.suspendMinor();
    assert.equal(gc.isMajorGcSuspended && gc.isMinorGcSuspended, true);
    await gc.triggerGc();
    assert.equal(gc.stats().compactedEntries, 0);
    assert.equal(gc.details()[0]!.majorCompactionCounter, 0);
    gc.resumeMinor();
    await gc.triggerGc({ forceMinor: true, forceMajor: false });
    assert.equal(gc.stats().compactedEntries, 0, 'minor threshold 0.2: a 75% live log is left alone');
    assert.equal(gc.details()[0]!.minorCompactionCounter, 1);
    gc.resumeMajor();
    const p = gc.triggerGc();
    assert.equal(gc.isInForceGc, true);
    await p;
    assert.equal(gc.isInForceGc, false);
    assert.ok(gc.stats().compactedEntries > 0 && gc.stats().RECLAIMED_COMPACTION_SPACE_BYTES > 0, 'major threshold 0.8 compacts the 75% live logs');
    const d = gc.details()[0]!;
    assert.equal(d.majorCompactionCounter, 1);
    assert.equal(d.majorCompacting, false);
    assert.equal(typeof d.lastMajorCompactionTime, 'number');
    for (const id of ids.slice(0, 3)) await assertLedgerIntact(b, id, 200);
  });

  test('majorCompactionMaxTimeMillis: a compaction past its time starts no new log', async () => {
    const b = await start();
    const ids = Array.from({ length: 4 }, (_, i) => BigInt(i + 1));
    await writeInterleaved(b, ids, 200);
    for (const id of ids.slice(1)) await md.ledgers.removeLedgerMetadata(id, -1);
    const sparse = async (): Promise<number> => {
      let n = 0;
      for (const id of b.ledgerStorage.finishedLogIds()) if ((await b.ledgerStorage.logMetadata(id))!.usage < 0.8) n++;
      return n;
    };
    // The compaction's clock: its start and the check before the first log read 0, every later
    // reading 1000 ms — one log compacted per pass however fast this machine compacts (reset per pass).
    let readings = 0;
    const gc = gcOf(b, ledgerManagerGcSource(md.ledgers), { majorCompactionMaxTimeMillis: 1, now: () => (readings++ < 2 ? 0 : 1000) });
    await gc.triggerGc();
    const before = await sparse();
    assert.ok(before >= 2, `expected several sparse logs, got ${before}`);
    // The first pass removed the ledgers and compacted one log: one per pass.
    readings = 0;
    await gc.triggerGc();
    assert.equal(await sparse(), before - 1);
    await assertLedgerIntact(b, 1n, 200);
  });

  test('compaction settings BookKeeper rejects are rejected', async () => {
    const b = await start();
    const make = (o: Partial<GcOptions>) => () => new BookieGarbageCollector(b, undefined, { gcWaitTime: 10_000, ...o }, log);
    assert.throws(make({ minorCompactionInterval: 5 }), { code: 'CONFIG_INVALID' });
    assert.throws(make({ majorCompactionInterval: 5, minorCompactionInterval: 0 }), { code: 'CONFIG_INVALID' });
    assert.throws(make({ minorCompactionInterval: 100, majorCompactionInterval: 50 }), { code: 'CONFIG_INVALID' });
    assert.throws(make({ minorCompactionThreshold: 0.9, majorCompactionThreshold: 0.8 }), { code: 'CONFIG_INVALID' });
    make({})();
  });

  test('a disk reported full suspends compaction unless isForceGCAllowWhenNoSpace', async () => {
    const b = await start();
    const gc = gcOf(b);
    gc.onDiskFull();
    assert.equal(gc.isMajorGcSuspended && gc.isMinorGcSuspended, true);
    gc.onDiskWritable();
    assert.equal(gc.isMajorGcSuspended || gc.isMinorGcSuspended, false);
    gc.onDiskAlmostFull();
    assert.deepEqual([gc.isMajorGcSuspended, gc.isMinorGcSuspended], [true, false]);
    const allowed = gcOf(b, undefined, { isForceGCAllowWhenNoSpace: true });
    allowed.onDiskFull();
    assert.equal(allowed.isMajorGcSuspended || allowed.isMinorGcSuspended, false);
  });
});
