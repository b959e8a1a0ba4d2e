// Several journalDirectories: one journal per directory, each ledger bound to journal
// signSafeMod(ledgerId, n) as BookKeeper routes it; per-journal lastMark, trim and replay; a
// checkpoint covering every journal; one failed journal stopping the bookie's writes.
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openBookie, type BookieImpl } from './bookie-impl.js';
import type { BookieStorageOptions } from './bookie-storage-options.js';
import { type FileSystem, nodeFileSystem } from '../common/durable-file.js';
import { childLogger } from '../common/logger.js';
import { signSafeMod } from './journal/journal-list.js';
import { JournalRecordType } from './journal/journal-record.js';
import { replayJournal } from './journal/journal-replay.js';
import { listSegments } from './journal/journal-segment.js';
import { readLastMark } from './journal/last-mark.js';

const log = childLogger('bookie-journals-test');
log.level = 'silent';

let dir: string;
const open: BookieImpl[] = [];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-journals-'));
});
afterEach(async () => {
  for (const b of open.splice(0)) await b.close().catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

const journalDirs = (n: number): string[] => Array.from({ length: n }, (_, i) => path.join(dir, `journal${i}`));

async function start(n: number, over: Partial<BookieStorageOptions> = {}): Promise<BookieImpl> {
  const b = await openBookie({ journalDirectories: journalDirs(n), ledgerDirectories: [path.join(dir, 'ledgers')], journalPreAllocSizeMB: 1, flushInterval: 0, ...over }, log);
  open.push(b);
  return b;
}

const KEY = Buffer.alloc(20, 0xab);
const NORMAL = { recovery: false, deferredSync: false, highPriority: false };

function mkEntry(ledgerId: bigint, entryId: bigint): Buffer {
  const p = Buffer.from(`payload-${ledgerId}-${entryId}`);
  const b = Buffer.alloc(32 + p.length);
  b.writeBigInt64BE(ledgerId, 0);
  b.writeBigInt64BE(entryId, 8);
  b.writeBigInt64BE(entryId - 1n, 16);
  b.writeBigInt64BE(BigInt(p.length), 24);
  p.copy(b, 32);
  return b;
}

async function addRange(b: BookieImpl, ledgerId: bigint, from: number, to: number): Promise<void> {
  const ps: Promise<void>[] = [];
  for (let i = from; i < to; i++) ps.push(b.addEntry(ledgerId, BigInt(i), KEY, mkEntry(ledgerId, BigInt(i)), NORMAL));
  await Promise.all(ps);
}

async function assertRange(b: BookieImpl, ledgerId: bigint, to: number): Promise<void> {
  for (let i = 0; i < to; i++) assert.deepEqual(await b.readEntry(ledgerId, BigInt(i)), mkEntry(ledgerId, BigInt(i)), `entry ${ledgerId}/${i}`);
}

/** Ledger ids with records in the journal in `jdir` (every segment, from the start). */
async function ledgersIn(jdir: string): Promise<Set<bigint>> {
  const ids = new Set<bigint>();
  await replayJournal(jdir, undefined, (r) => void ids.add(r.ledgerId));
  return ids;
}

describe('signSafeMod (BookKeeper MathUtils.signSafeMod)', () => {
  test('Java long remainder moved into [0, n)', () => {
    assert.equal(signSafeMod(0n, 3), 0);
    assert.equal(signSafeMod(7n, 3), 1);
    assert.equal(signSafeMod(-1n, 3), 2);
    assert.equal(signSafeMod(-3n, 3), 0);
    assert.equal(signSafeMod(-4n, 3), 2);
    // Long.MAX_VALUE % 3 == 1; Long.MIN_VALUE % 3 == -2 in Java, so signSafeMod gives 1.
    assert.equal(signSafeMod(9223372036854775807n, 3), 1);
    assert.equal(signSafeMod(-9223372036854775808n, 3), 1);
    assert.equal(signSafeMod(-9223372036854775808n, 2), 0);
    assert.equal(signSafeMod(123456789123456789n, 1), 0);
    assert.throws(() => signSafeMod(1n, 0), RangeError);
  });
});

describe('several journals', () => {
  test('every record of a ledger (key, entries, fence, explicit LAC) goes to journal signSafeMod(ledgerId, n)', async () => {
    const b = await start(3);
    const ledgers = [0n, 1n, 2n, 3n, 4n, 5n, 1000n, -7n];
    for (const l of ledgers) await addRange(b, l, 0, 5);
    await b.fenceLedger(4n, KEY);
    const lac = Buffer.alloc(16);
    lac.writeBigInt64BE(5n, 0);
    lac.writeBigInt64BE(3n, 8);
    await b.setExplicitLac(5n, KEY, lac);
    await b.forceLedger(2n);
    const perJournal = b.stats.journals;
    assert.equal(perJournal.length, 3);
    assert.ok(perJournal.every((s) => s.syncs > 0), 'each journal fdatasyncs its own records');
    assert.equal(b.stats.journal.records, perJournal.reduce((n, s) => n + s.records, 0));
    await b.abandon();
    const dirs = journalDirs(3);
    for (const [i, jd] of dirs.entries()) {
      const expected = new Set(ledgers.filter((l) => signSafeMod(l, 3) === i));
      assert.deepEqual(await ledgersIn(jd), expected, `journal ${i} holds exactly its ledgers`);
    }
    // The fence and the explicit LAC are in their ledger's journal, after its entries.
    const types = new Map<bigint, JournalRecordType[]>();
    for (const jd of dirs) await replayJournal(jd, undefined, (r) => void types.set(r.ledgerId, [...(types.get(r.ledgerId) ?? []), r.type]));
    assert.equal(types.get(4n)!.at(-1), JournalRecordType.FENCE);
    assert.equal(types.get(5n)!.at(-1), JournalRecordType.EXPLICIT_LAC);
    assert.equal(types.get(1000n)![0], JournalRecordType.MASTER_KEY);
  });

  test('a checkpoint moves every journal\'s lastMark to its own position and trims each journal', async () => {
    const b = await start(2, { journalMaxSizeMB: 1 });
    // ~1.5 MiB per journal: each journal rolls to a second segment.
    const big = (l: bigint, e: bigint): Buffer => {
      const x = Buffer.alloc(32 + 64 * 1024, Number(e % 251n));
      x.writeBigInt64BE(l, 0);
      x.writeBigInt64BE(e, 8);
      x.writeBigInt64BE(e - 1n, 16);
      return x;
    };
    for (let e = 0n; e < 24n; e++) await Promise.all([b.addEntry(10n, e, KEY, big(10n, e), NORMAL), b.addEntry(11n, e, KEY, big(11n, e), NORMAL)]);
    await b.addEntry(11n, 24n, KEY, big(11n, 24n), NORMAL); // journal 1 ends further on
    const dirs = journalDirs(2);
    for (const jd of dirs) assert.ok((await listSegments(jd)).length >= 2, `${jd} rolled`);
    const positions = b.journals!.writtenPositions();
    await b.checkpoint();
    for (const [i, jd] of dirs.entries()) {
      const mark = await readLastMark(jd);
      assert.deepEqual(mark, positions[i], `journal ${i} lastMark is its own written position`);
      assert.deepEqual(await listSegments(jd), [mark!.segmentId], `journal ${i}: older segments trimmed`);
    }
    assert.notDeepEqual(positions[0], positions[1]);
  });

  test('crash and reopen: every journal is replayed from its own lastMark', async () => {
    const b = await start(2);
    await addRange(b, 1n, 0, 20); // journal 1
    await addRange(b, 2n, 0, 20); // journal 0
    await b.checkpoint();
    const marks = await Promise.all(journalDirs(2).map((d) => readLastMark(d)));
    await addRange(b, 1n, 20, 40);
    await addRange(b, 2n, 20, 30);
    await b.fenceLedger(2n, KEY);
    await addRange(b, 3n, 0, 10); // journal 1
    await b.abandon();
    // What each journal holds after its mark is exactly its ledgers' records since the checkpoint.
    const after = await Promise.all(
      journalDirs(2).map(async (d, i) => {
        const ids: string[] = [];
        await replayJournal(d, marks[i], (r) => void ids.push(`${r.ledgerId}/${r.type === JournalRecordType.ADD_ENTRY ? r.entryId : r.type}`));
        return ids;
      }),
    );
    assert.equal(after[0]!.filter((x) => x.startsWith('2/')).length, 11);
    assert.ok(after[0]!.every((x) => x.startsWith('2/')));
    assert.equal(after[1]!.filter((x) => x.startsWith('1/')).length, 20);
    assert.ok(after[1]!.every((x) => x.startsWith('1/') || x.startsWith('3/')));
    const b2 = await start(2);
    await assertRange(b2, 1n, 40);
    await assertRange(b2, 2n, 30);
    await assertRange(b2, 3n, 10);
    assert.equal(b2.isFenced(2n), true);
    await assert.rejects(b2.addEntry(2n, 30n, KEY, mkEntry(2n, 30n), NORMAL), { code: 'LEDGER_FENCED' });
  });

  test('replay larger than the write cache checkpoints as it goes, in each journal', async () => {
    const b = await start(2, { writeCacheMaxSizeBytes: 16 * 1024 });
    for (let i = 0; i < 200; i++) {
      for (const l of [1n, 2n]) {
        for (;;) {
          try {
            await b.addEntry(l, BigInt(i), KEY, mkEntry(l, BigInt(i)), NORMAL);
            break;
          } catch (e) {
            assert.equal((e as { code: string }).code, 'TOO_MANY_REQUESTS');
            await new Promise((r) => setTimeout(r, 1));
          }
        }
      }
    }
    await b.abandon();
    const b2 = await start(2, { writeCacheMaxSizeBytes: 16 * 1024 });
    await assertRange(b2, 1n, 200);
    await assertRange(b2, 2n, 200);
    await b2.abandon();
    // And again: the marks written by replay's own checkpoints hold.
    const b3 = await start(2, { writeCacheMaxSizeBytes: 16 * 1024 });
    await assertRange(b3, 1n, 200);
    await assertRange(b3, 2n, 200);
  });

  test('deferredSync: forceLedger waits for the fdatasync of the ledger\'s own journal', async () => {
    const b = await start(2);
    await b.addEntry(3n, 0n, KEY, mkEntry(3n, 0n), { ...NORMAL, deferredSync: true });
    const before = b.stats.journals.map((s) => s.syncs);
    await b.forceLedger(3n);
    const afterSyncs = b.stats.journals.map((s) => s.syncs);
    assert.ok(afterSyncs[1]! > before[1]!, `journal 1 (ledger 3's) fdatasync'd: ${before} → ${afterSyncs}`);
    assert.equal(afterSyncs[0], before[0], 'journal 0 is left alone');
    await b.abandon();
    const b2 = await start(2);
    await assertRange(b2, 3n, 1);
  });

  test('one failed journal (fdatasync EIO): its add fails with IO_ERROR and the bookie refuses every later write', async () => {
    const dirs = journalDirs(2);
    let fail = false;
    const bad = new Set<number>();
    const fsys: FileSystem = {
      ...nodeFileSystem,
      open: async (file, flags) => {
        const fd = await nodeFileSystem.open(file, flags);
        if (file.startsWith(dirs[1]! + path.sep)) bad.add(fd);
        return fd;
      },
      close: async (fd) => {
        bad.delete(fd);
        await nodeFileSystem.close(fd);
      },
      fdatasync: async (fd) => {
        if (fail && bad.has(fd)) throw Object.assign(new Error('EIO: injected'), { code: 'EIO' });
        await nodeFileSystem.fdatasync(fd);
      },
    };
    const b = await start(2, { fileSystem: fsys });
    const failures: string[] = [];
    b.onFailure((e, where) => failures.push(`${where}:${e.code}`));
    await addRange(b, 1n, 0, 3);
    await addRange(b, 2n, 0, 3);
    fail = true;
    await assert.rejects(b.addEntry(1n, 3n, KEY, mkEntry(1n, 3n), NORMAL), { code: 'IO_ERROR' });
    assert.deepEqual(failures, ['journal:IO_ERROR']);
    // The other journal is healthy, but a bookie with a failed journal takes no writes at all.
    await assert.rejects(b.addEntry(2n, 3n, KEY, mkEntry(2n, 3n), NORMAL), { code: 'IO_ERROR' });
    await assert.rejects(b.fenceLedger(2n, KEY), { code: 'IO_ERROR' });
    await assertRange(b, 1n, 3);
    await assertRange(b, 2n, 3);
  });

  test('one journal directory behaves as before (the single-journal fast path)', async () => {
    const b = await start(1);
    await addRange(b, -5n, 0, 5);
    await addRange(b, 6n, 0, 5);
    assert.equal(b.journals!.size, 1);
    await b.abandon();
    assert.deepEqual(await ledgersIn(journalDirs(1)[0]!), new Set([-5n, 6n]));
    const b2 = await start(1);
    await assertRange(b2, -5n, 5);
    await assertRange(b2, 6n, 5);
  });

  test('one journal, then two after a crash: the restart replays the old journal before routing changes', async () => {
    const b = await start(1);
    await addRange(b, 1n, 0, 10);
    await addRange(b, 2n, 0, 10);
    await b.abandon();
    const b2 = await start(2); // journal0 is the old journal; journal1 is new
    await assertRange(b2, 1n, 10);
    await assertRange(b2, 2n, 10);
    await addRange(b2, 1n, 10, 20); // ledger 1 now goes to journal 1
    await b2.abandon();
    assert.ok((await ledgersIn(journalDirs(2)[1]!)).has(1n));
    const b3 = await start(2);
    await assertRange(b3, 1n, 20);
    await assertRange(b3, 2n, 10);
  });

  test('a directory named twice in journalDirectories is refused', async () => {
    const d = path.join(dir, 'j');
    await assert.rejects(openBookie({ journalDirectories: [d, d], ledgerDirectories: [path.join(dir, 'ledgers')] }, log), { code: 'CONFIG_INVALID' });
  });
});
