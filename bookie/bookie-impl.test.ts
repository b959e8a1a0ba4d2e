import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openBookie, type BookieImpl } from './bookie-impl.js';
import type { BookieStorageOptions } from './bookie-storage-options.js';
import { type FileIo, nodeFileIo } from '../common/durable-file.js';
import { childLogger } from '../common/logger.js';
import { entryLogFileName, ENTRY_LOG_HEADER_SIZE } from './storage/entry-log-record.js';

const log = childLogger('bookie-impl-test');
log.level = 'silent';

let dir: string;
const open: BookieImpl[] = [];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-bookie-'));
});
afterEach(async () => {
  for (const b of open.splice(0)) await b.close().catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

async function start(over: Partial<BookieStorageOptions> = {}): Promise<BookieImpl> {
  const b = await openBookie({ journalDirectories: [path.join(dir, 'journal')], ledgerDirectories: [path.join(dir, 'ledgers')], journalPreAllocSizeMB: 1, ...over }, log);
  open.push(b);
  return b;
}

const KEY = Buffer.alloc(20, 0xab);
const OTHER_KEY = Buffer.alloc(20, 0xcd);
const NORMAL = { recovery: false, deferredSync: false, highPriority: false };
const RECOVERY = { recovery: true, deferredSync: false, highPriority: true };

/** A digest-wrapped-looking entry: ledgerId, entryId, LAC, length, then payload (opaque to the bookie). */
function mkEntry(ledgerId: bigint, entryId: bigint, lac: bigint, payload = `payload-${ledgerId}-${entryId}`): Buffer {
  const p = Buffer.from(payload);
  const b = Buffer.alloc(32 + p.length);
  b.writeBigInt64BE(ledgerId, 0);
  b.writeBigInt64BE(entryId, 8);
  b.writeBigInt64BE(lac, 16);
  b.writeBigInt64BE(BigInt(p.length), 24);
  p.copy(b, 32);
  return b;
}

function lacBlob(ledgerId: bigint, lac: bigint): Buffer {
  const b = Buffer.alloc(20, 0x11);
  b.writeBigInt64BE(ledgerId, 0);
  b.writeBigInt64BE(lac, 8);
  return b;
}

async function addRange(b: BookieImpl, ledgerId: bigint, from: number, to: number): Promise<void> {
  const ps: Promise<void>[] = [];
  for (let i = from; i < to; i++) ps.push(b.addEntry(ledgerId, BigInt(i), KEY, mkEntry(ledgerId, BigInt(i), BigInt(i) - 1n), NORMAL));
  await Promise.all(ps);
}

/** An io whose fdatasync can be held closed (releases everything when opened). */
function switchableSyncIo(): FileIo & { hold: () => void; release: () => void } {
  let gate: Promise<void> | undefined;
  let open!: () => void;
  return {
    ...nodeFileIo,
    hold() {
      gate = new Promise((r) => (open = r));
    },
    release() {
      gate = undefined;
      open();
    },
    async fdatasync(fd) {
      if (gate) await gate;
      return nodeFileIo.fdatasync(fd);
    },
  };
}

describe('bookie: adds and reads', () => {
  test('add then read, from the write cache and after a checkpoint from the entry log', async () => {
    const b = await start();
    await addRange(b, 1n, 0, 10);
    assert.deepEqual(await b.readEntry(1n, 3n), mkEntry(1n, 3n, 2n));
    await b.checkpoint();
    for (let i = 0; i < 10; i++) assert.deepEqual(await b.readEntry(1n, BigInt(i)), mkEntry(1n, BigInt(i), BigInt(i) - 1n));
    assert.deepEqual(await b.listEntries(1n), Array.from({ length: 10 }, (_, i) => BigInt(i)));
    await addRange(b, 1n, 10, 12);
    assert.deepEqual(await b.listEntries(1n), Array.from({ length: 12 }, (_, i) => BigInt(i)));
  });

  test('entry -1 is the last stored entry; unknown ledger vs missing entry', async () => {
    const b = await start();
    await assert.rejects(b.readEntry(9n, 0n), { code: 'NO_SUCH_LEDGER' });
    await assert.rejects(b.readEntry(9n, -1n), { code: 'NO_SUCH_LEDGER' });
    await assert.rejects(b.getLastAddConfirmed(9n), { code: 'NO_SUCH_LEDGER' });
    await assert.rejects(b.listEntries(9n), { code: 'NO_SUCH_LEDGER' });
    await assert.rejects(b.readLac(9n), { code: 'NO_SUCH_LEDGER' });
    await b.addEntry(2n, 0n, KEY, mkEntry(2n, 0n, -1n), NORMAL);
    await b.addEntry(2n, 5n, KEY, mkEntry(2n, 5n, 0n), NORMAL);
    await b.addEntry(2n, 3n, KEY, mkEntry(2n, 3n, 0n), NORMAL);
    assert.deepEqual(await b.readEntry(2n, -1n), mkEntry(2n, 5n, 0n));
    await assert.rejects(b.readEntry(2n, 4n), { code: 'NO_SUCH_ENTRY' });
    await b.checkpoint();
    assert.deepEqual(await b.readEntry(2n, -1n), mkEntry(2n, 5n, 0n));
    await assert.rejects(b.readEntry(2n, 4n), { code: 'NO_SUCH_ENTRY' });
    // A ledger created by fencing has no entries: -1 is "no such entry", not "no such ledger".
    await b.fenceLedger(3n, KEY);
    await assert.rejects(b.readEntry(3n, -1n), { code: 'NO_SUCH_ENTRY' });
    assert.deepEqual(await b.listEntries(3n), []);
  });

  test('re-adding an entry overwrites and succeeds', async () => {
    const b = await start();
    await b.addEntry(1n, 0n, KEY, mkEntry(1n, 0n, -1n, 'first'), NORMAL);
    await b.addEntry(1n, 0n, KEY, mkEntry(1n, 0n, -1n, 'second'), NORMAL);
    assert.deepEqual(await b.readEntry(1n, 0n), mkEntry(1n, 0n, -1n, 'second'));
    await b.checkpoint();
    await b.addEntry(1n, 0n, KEY, mkEntry(1n, 0n, -1n, 'third'), NORMAL);
    assert.deepEqual(await b.readEntry(1n, 0n), mkEntry(1n, 0n, -1n, 'third'));
    await b.checkpoint();
    assert.deepEqual(await b.readEntry(1n, 0n), mkEntry(1n, 0n, -1n, 'third'));
  });

  test('the bookie keeps its own copy of the entry bytes', async () => {
    const b = await start();
    const socketBuffer = Buffer.concat([Buffer.from('xx'), mkEntry(1n, 0n, -1n, 'abc'), Buffer.from('yy')]);
    const view = socketBuffer.subarray(2, socketBuffer.length - 2);
    const p = b.addEntry(1n, 0n, KEY, view, NORMAL);
    socketBuffer.fill(0);
    await p;
    assert.deepEqual(await b.readEntry(1n, 0n), mkEntry(1n, 0n, -1n, 'abc'));
  });

  test('malformed entries are rejected with a clear error and change nothing', async () => {
    const b = await start();
    await assert.rejects(b.addEntry(1n, 0n, KEY, Buffer.alloc(10), NORMAL), { code: 'INVALID_ARGUMENT' });
    await assert.rejects(b.addEntry(1n, 1n, KEY, mkEntry(1n, 0n, -1n), NORMAL), { code: 'INVALID_ARGUMENT' });
    await assert.rejects(b.readEntry(1n, 0n), { code: 'NO_SUCH_LEDGER' });
  });
});

describe('bookie: master key and fencing', () => {
  test('the first add records the key; a different key is UNAUTHORIZED; an all-zero key may be overwritten', async () => {
    const b = await start();
    await b.addEntry(1n, 0n, KEY, mkEntry(1n, 0n, -1n), NORMAL);
    await assert.rejects(b.addEntry(1n, 1n, OTHER_KEY, mkEntry(1n, 1n, 0n), NORMAL), { code: 'UNAUTHORIZED' });
    await assert.rejects(b.fenceLedger(1n, OTHER_KEY), { code: 'UNAUTHORIZED' });
    await assert.rejects(b.setExplicitLac(1n, OTHER_KEY, lacBlob(1n, 0n)), { code: 'UNAUTHORIZED' });
    await assert.rejects(b.readEntry(1n, 1n), { code: 'NO_SUCH_ENTRY' });
    const zero = Buffer.alloc(20);
    await b.addEntry(2n, 0n, zero, mkEntry(2n, 0n, -1n), NORMAL);
    await b.addEntry(2n, 1n, KEY, mkEntry(2n, 1n, 0n), NORMAL);
    await assert.rejects(b.addEntry(2n, 2n, zero, mkEntry(2n, 2n, 1n), NORMAL), { code: 'UNAUTHORIZED' });
  });

  test('fence: normal adds get LEDGER_FENCED, recovery adds succeed, fencing is idempotent', async () => {
    const b = await start();
    await addRange(b, 1n, 0, 3);
    await b.fenceLedger(1n, KEY);
    await b.fenceLedger(1n, KEY);
    await assert.rejects(b.addEntry(1n, 3n, KEY, mkEntry(1n, 3n, 2n), NORMAL), { code: 'LEDGER_FENCED' });
    await b.addEntry(1n, 3n, KEY, mkEntry(1n, 3n, 2n), RECOVERY);
    assert.deepEqual(await b.readEntry(1n, 3n), mkEntry(1n, 3n, 2n));
    // Unknown ledger: fencing creates it with the key.
    await b.fenceLedger(5n, KEY);
    await assert.rejects(b.addEntry(5n, 0n, KEY, mkEntry(5n, 0n, -1n), NORMAL), { code: 'LEDGER_FENCED' });
    await assert.rejects(b.addEntry(5n, 0n, OTHER_KEY, mkEntry(5n, 0n, -1n), RECOVERY), { code: 'UNAUTHORIZED' });
    await assert.rejects(b.fenceLedger(6n, Buffer.alloc(0)), { code: 'UNAUTHORIZED' });
  });

  test('fence resolves only after the journal fdatasync', async () => {
    const io = switchableSyncIo();
    const b = await start({ fileIo: io });
    await b.addEntry(1n, 0n, KEY, mkEntry(1n, 0n, -1n), NORMAL);
    io.hold();
    let fenced = false;
    const p = b.fenceLedger(1n, KEY).then(() => (fenced = true));
    let again = false;
    const p2 = b.fenceLedger(1n, KEY).then(() => (again = true));
    // Even before it is durable, the fence already stops normal adds.
    await assert.rejects(b.addEntry(1n, 1n, KEY, mkEntry(1n, 1n, 0n), NORMAL), { code: 'LEDGER_FENCED' });
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    assert.equal(fenced, false);
    assert.equal(again, false, 'a repeated fence waits for the first to be durable');
    io.release();
    await Promise.all([p, p2]);
  });
});

describe('bookie: LAC, explicit LAC and long poll', () => {
  test('known LAC is the max of entries\' LAC fields and explicit LACs', async () => {
    const b = await start();
    await b.addEntry(1n, 0n, KEY, mkEntry(1n, 0n, -1n), NORMAL);
    assert.equal(await b.getLastAddConfirmed(1n), -1n);
    await b.addEntry(1n, 2n, KEY, mkEntry(1n, 2n, 1n), NORMAL);
    await b.addEntry(1n, 1n, KEY, mkEntry(1n, 1n, 0n), NORMAL);
    assert.equal(await b.getLastAddConfirmed(1n), 1n);
    await b.setExplicitLac(1n, KEY, lacBlob(1n, 2n));
    assert.equal(await b.getLastAddConfirmed(1n), 2n);
    await b.setExplicitLac(1n, KEY, lacBlob(1n, 0n));
    assert.equal(await b.getLastAddConfirmed(1n), 2n, 'never goes backwards');
    const r = await b.readLac(1n);
    assert.deepEqual(r.lacBody, lacBlob(1n, 0n));
    assert.deepEqual(r.lastEntryBody, mkEntry(1n, 2n, 1n));
    // WRITE_LAC on an unknown ledger creates it (with the key), with no entries.
    await b.setExplicitLac(7n, KEY, lacBlob(7n, 4n));
    assert.deepEqual(await b.readLac(7n), { lacBody: lacBlob(7n, 4n) });
    assert.equal(await b.getLastAddConfirmed(7n), 4n);
    await assert.rejects(b.setExplicitLac(7n, KEY, Buffer.alloc(8)), { code: 'INVALID_ARGUMENT' });
  });

  test('long poll wakes when the LAC passes previousLac, times out with the current LAC, is bounded', async () => {
    const b = await start({ maxLongPollWaiters: 2 });
    await b.addEntry(1n, 0n, KEY, mkEntry(1n, 0n, -1n), NORMAL);
    await b.addEntry(1n, 1n, KEY, mkEntry(1n, 1n, 0n), NORMAL);
    // Already past: answers at once.
    assert.equal((await b.waitForLacUpdate(1n, -1n, 60_000)).lac, 0n);
    const w = b.waitForLacUpdate(1n, 0n, 60_000);
    const w2 = b.waitForLacUpdate(1n, 5n, 60_000);
    await assert.rejects(b.waitForLacUpdate(1n, 5n, 60_000), { code: 'TOO_MANY_REQUESTS' });
    void b.addEntry(1n, 2n, KEY, mkEntry(1n, 2n, 1n), NORMAL);
    const r = await w;
    assert.equal(r.lac, 1n);
    assert.equal(typeof r.lacUpdateTimestampMs, 'number');
    // w2 (previous 5) still waits; a short timeout ends a wait with the current LAC.
    assert.equal((await b.waitForLacUpdate(1n, 5n, 10)).lac, 1n);
    await b.setExplicitLac(1n, KEY, lacBlob(1n, 6n));
    assert.equal((await w2).lac, 6n);
    await assert.rejects(b.waitForLacUpdate(99n, 0n, 10), { code: 'NO_SUCH_LEDGER' });
  });

  test('close ends pending long polls with the current LAC (no timers left behind)', async () => {
    const b = await start();
    await b.addEntry(1n, 0n, KEY, mkEntry(1n, 0n, -1n), NORMAL);
    const w = b.waitForLacUpdate(1n, 3n, 600_000);
    await b.close();
    assert.equal((await w).lac, -1n);
  });
});

describe('bookie: sync modes, read-only, bounds', () => {
  test('deferredSync resolves before the fdatasync; forceLedger waits for it', async () => {
    const io = switchableSyncIo();
    const b = await start({ fileIo: io });
    await b.addEntry(1n, 0n, KEY, mkEntry(1n, 0n, -1n), NORMAL);
    io.hold();
    await b.addEntry(1n, 1n, KEY, mkEntry(1n, 1n, 0n), { ...NORMAL, deferredSync: true });
    let normalDone = false;
    const normal = b.addEntry(1n, 2n, KEY, mkEntry(1n, 2n, 1n), NORMAL).then(() => (normalDone = true));
    let forced = false;
    const force = b.forceLedger(1n).then(() => (forced = true));
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    assert.equal(normalDone, false);
    assert.equal(forced, false);
    io.release();
    await Promise.all([normal, force]);
    await b.forceLedger(1n);
  });

  test('read-only: adds and WRITE_LAC get BOOKIE_READ_ONLY; reads and fencing still work', async () => {
    const b = await start();
    await b.addEntry(1n, 0n, KEY, mkEntry(1n, 0n, -1n), NORMAL);
    b.setReadOnly(true);
    assert.equal(b.isReadOnly, true);
    await assert.rejects(b.addEntry(1n, 1n, KEY, mkEntry(1n, 1n, 0n), NORMAL), { code: 'BOOKIE_READ_ONLY' });
    await assert.rejects(b.addEntry(1n, 1n, KEY, mkEntry(1n, 1n, 0n), RECOVERY), { code: 'BOOKIE_READ_ONLY' });
    await assert.rejects(b.setExplicitLac(1n, KEY, lacBlob(1n, 0n)), { code: 'BOOKIE_READ_ONLY' });
    assert.deepEqual(await b.readEntry(1n, 0n), mkEntry(1n, 0n, -1n));
    await b.fenceLedger(1n, KEY);
    await b.close();
    const hp = await start({ readOnly: true, allowHighPriorityWritesWhenReadOnly: true });
    await hp.addEntry(1n, 1n, KEY, mkEntry(1n, 1n, 0n), RECOVERY);
    await assert.rejects(hp.addEntry(1n, 2n, KEY, mkEntry(1n, 2n, 1n), { ...RECOVERY, highPriority: false }), { code: 'BOOKIE_READ_ONLY' });
  });

  test('a full write cache triggers a checkpoint, and adds get TOO_MANY_REQUESTS rather than grow', async () => {
    const io = switchableSyncIo();
    const b = await start({ fileIo: io, writeCacheMaxSizeBytes: 64 * 1024 });
    await b.addEntry(1n, 0n, KEY, mkEntry(1n, 0n, -1n), NORMAL);
    io.hold(); // checkpoints cannot finish, so the cache cannot drain
    const ps: Promise<void>[] = [];
    let rejected = 0;
    for (let i = 1; i < 200; i++) {
      const p = b.addEntry(1n, BigInt(i), KEY, mkEntry(1n, BigInt(i), -1n, 'x'.repeat(1000)), NORMAL);
      ps.push(p.catch((e: { code: string }) => {
        assert.equal(e.code, 'TOO_MANY_REQUESTS');
        rejected++;
      }));
    }
    await new Promise((r) => setImmediate(r));
    assert.ok(rejected > 0, 'some adds were refused');
    io.release();
    await Promise.all(ps);
    const stored = await b.listEntries(1n);
    assert.equal(stored.length, 200 - rejected);
    for (const id of stored) assert.equal((await b.readEntry(1n, id)).readBigInt64BE(8), id);
  });

  test('adds parked for write-cache room give up after maxThrottleTimeMs; close fails the rest; parked adds write nothing', async () => {
    const io = switchableSyncIo();
    const b = await start({ fileIo: io, writeCacheMaxSizeBytes: 64 * 1024, maxThrottleTimeMs: 200 });
    await b.addEntry(1n, 0n, KEY, mkEntry(1n, 0n, -1n), NORMAL);
    io.hold(); // checkpoints cannot finish, so no room opens up
    const codes: string[] = [];
    const ps: Promise<void>[] = [];
    for (let i = 1; i < 120; i++) {
      ps.push(b.addEntry(1n, BigInt(i), KEY, mkEntry(1n, BigInt(i), -1n, 'x'.repeat(1000)), NORMAL).catch((e: { code: string }) => void codes.push(e.code)));
    }
    await new Promise((r) => setImmediate(r));
    const refusedAtOnce = codes.length; // past the parking bound (half the cache)
    // The parked ones end with TOO_MANY_REQUESTS once their wait runs out (bounded: 10 s here).
    for (let waited = 0; codes.length === refusedAtOnce && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    assert.ok(codes.length > refusedAtOnce, 'parked adds were refused after their wait');
    assert.ok(codes.every((c) => c === 'TOO_MANY_REQUESTS'), codes.join(','));
    io.release();
    await Promise.all(ps);
    const stored = await b.listEntries(1n);
    assert.equal(stored.length, 120 - codes.length, 'a refused add left nothing behind');
    await b.close();

    const io2 = switchableSyncIo();
    const c = await start({ fileIo: io2, writeCacheMaxSizeBytes: 64 * 1024, maxThrottleTimeMs: 60_000 });
    io2.hold();
    const codes2: string[] = [];
    const ps2: Promise<void>[] = [];
    for (let i = 200; i < 320; i++) {
      ps2.push(c.addEntry(1n, BigInt(i), KEY, mkEntry(1n, BigInt(i), -1n, 'y'.repeat(1000)), NORMAL).catch((e: { code: string }) => void codes2.push(e.code)));
    }
    await new Promise((r) => setImmediate(r));
    const before = codes2.length;
    const closing = c.close();
    await new Promise((r) => setImmediate(r));
    assert.ok(codes2.slice(before).length > 0 && codes2.slice(before).every((x) => x === 'SHUTTING_DOWN'), `parked adds end with SHUTTING_DOWN on close: ${codes2.slice(before).join(',')}`);
    io2.release();
    await closing;
    await Promise.all(ps2);
  });

  test('journal fdatasync failure: the add fails with IO_ERROR and the bookie refuses later writes', async () => {
    let fail = false;
    const io: FileIo = {
      ...nodeFileIo,
      async fdatasync(fd) {
        if (fail) throw Object.assign(new Error('EIO: injected'), { code: 'EIO' });
        return nodeFileIo.fdatasync(fd);
      },
    };
    const b = await start({ fileIo: io });
    await b.addEntry(1n, 0n, KEY, mkEntry(1n, 0n, -1n), NORMAL);
    fail = true;
    await assert.rejects(b.addEntry(1n, 1n, KEY, mkEntry(1n, 1n, 0n), NORMAL), { code: 'IO_ERROR' });
    await assert.rejects(b.fenceLedger(1n, KEY), { code: 'IO_ERROR' });
    await assert.rejects(b.addEntry(1n, 2n, KEY, mkEntry(1n, 2n, 0n), NORMAL), { code: 'IO_ERROR' });
    assert.deepEqual(await b.readEntry(1n, 0n), mkEntry(1n, 0n, -1n));
  });

  test('after close every operation fails with SHUTTING_DOWN; close is idempotent', async () => {
    const b = await start();
    await b.close();
    await b.close();
    await assert.rejects(b.addEntry(1n, 0n, KEY, mkEntry(1n, 0n, -1n), NORMAL), { code: 'SHUTTING_DOWN' });
    await assert.rejects(b.readEntry(1n, 0n), { code: 'SHUTTING_DOWN' });
  });

  test('getBookieInfo reports disk capacity', async () => {
    const b = await start();
    const info = await b.getBookieInfo();
    assert.ok(info.totalDiskCapacity > 0n && info.freeDiskSpace > 0n && info.freeDiskSpace <= info.totalDiskCapacity);
  });
});

describe('bookie: restart and integrity', () => {
  async function populate(b: BookieImpl): Promise<void> {
    await addRange(b, 1n, 0, 20);
    await b.checkpoint();
    await addRange(b, 1n, 20, 30); // in the journal only (until the next checkpoint)
    await b.addEntry(2n, 0n, KEY, mkEntry(2n, 0n, -1n), NORMAL);
    await b.fenceLedger(2n, KEY);
    await b.fenceLedger(3n, KEY);
    await b.setExplicitLac(1n, KEY, lacBlob(1n, 29n));
    await b.setExplicitLac(4n, OTHER_KEY, lacBlob(4n, 7n));
  }

  async function verify(b: BookieImpl): Promise<void> {
    for (let i = 0; i < 30; i++) assert.deepEqual(await b.readEntry(1n, BigInt(i)), mkEntry(1n, BigInt(i), BigInt(i) - 1n));
    assert.deepEqual(await b.readEntry(1n, -1n), mkEntry(1n, 29n, 28n));
    assert.equal(await b.getLastAddConfirmed(1n), 29n);
    assert.deepEqual((await b.readLac(1n)).lacBody, lacBlob(1n, 29n));
    await assert.rejects(b.addEntry(2n, 1n, KEY, mkEntry(2n, 1n, 0n), NORMAL), { code: 'LEDGER_FENCED' });
    await assert.rejects(b.addEntry(3n, 0n, KEY, mkEntry(3n, 0n, -1n), NORMAL), { code: 'LEDGER_FENCED' });
    await assert.rejects(b.addEntry(1n, 30n, OTHER_KEY, mkEntry(1n, 30n, 29n), NORMAL), { code: 'UNAUTHORIZED' });
    await assert.rejects(b.setExplicitLac(4n, KEY, lacBlob(4n, 8n)), { code: 'UNAUTHORIZED' });
    assert.equal(await b.getLastAddConfirmed(4n), 7n);
    await b.addEntry(1n, 30n, KEY, mkEntry(1n, 30n, 29n), NORMAL);
    await b.addEntry(2n, 1n, KEY, mkEntry(2n, 1n, 0n), RECOVERY);
  }

  test('clean close and reopen: entries, fence, keys, explicit LAC and LAC survive', async () => {
    const b = await start();
    await populate(b);
    await b.close();
    const b2 = await start();
    await verify(b2);
    await b2.close();
    // Once more, now that everything was checkpointed: old journal segments are trimmed.
    const b3 = await start();
    assert.deepEqual(await b3.readEntry(1n, 30n), mkEntry(1n, 30n, 29n));
    const segs = fs.readdirSync(path.join(dir, 'journal')).filter((n) => n.endsWith('.txn'));
    assert.equal(segs.length, 1, `old segments trimmed: ${segs.join(',')}`);
  });

  test('crash (abandon without close) and reopen: journal replay restores everything acked', async () => {
    const b = await start();
    await populate(b);
    await b.abandon();
    const b2 = await start();
    await verify(b2);
    // Known LAC after restart also covers the last stored entry's LAC field.
    assert.equal(await b2.getLastAddConfirmed(2n), 0n);
  });

  test('a damaged or missing entry log is IO_ERROR on read, never NO_SUCH_ENTRY', async () => {
    const b = await start();
    await addRange(b, 1n, 0, 5);
    await b.close();
    const ledgers = path.join(dir, 'ledgers');
    const logs = fs.readdirSync(ledgers).filter((n) => n.endsWith('.log'));
    assert.equal(logs.length, 1);
    const file = path.join(ledgers, logs[0]!);
    const bytes = fs.readFileSync(file);
    bytes[ENTRY_LOG_HEADER_SIZE + 30]! ^= 0xff; // inside entry 0's bytes
    fs.writeFileSync(file, bytes);
    const b2 = await start();
    await assert.rejects(b2.readEntry(1n, 0n), { code: 'IO_ERROR' });
    assert.deepEqual(await b2.readEntry(1n, 1n), mkEntry(1n, 1n, 0n));
    await b2.close();
    fs.truncateSync(file, ENTRY_LOG_HEADER_SIZE + 10);
    const b3 = await start();
    await assert.rejects(b3.readEntry(1n, 3n), { code: 'IO_ERROR' });
    await b3.close();
    fs.unlinkSync(file);
    assert.ok(!fs.existsSync(path.join(ledgers, entryLogFileName(1))));
    const b4 = await start();
    await assert.rejects(b4.readEntry(1n, 4n), { code: 'IO_ERROR' });
    await assert.rejects(b4.readEntry(1n, 9n), { code: 'NO_SUCH_ENTRY' });
  });

  test('run reads (v2 batch reads): in order without gaps; a damaged entry ends the run, and reading from it is IO_ERROR', async () => {
    const ALL = { maxCount: 100, maxBytes: 1 << 20, perEntryBytes: 4 };
    const b = await start();
    await addRange(b, 1n, 0, 5);
    const ids = (r: { entries: Buffer[] }): bigint[] => r.entries.map((e) => e.readBigInt64BE(8));
    assert.deepEqual(ids(await b.readEntries(1n, 0n, ALL)), [0n, 1n, 2n, 3n, 4n], 'from the write cache');
    await assert.rejects(b.readEntries(9n, 0n, ALL), { code: 'NO_SUCH_LEDGER' });
    await assert.rejects(b.readEntries(1n, 5n, ALL), { code: 'NO_SUCH_ENTRY' });
    await b.close();
    const ledgers = path.join(dir, 'ledgers');
    const file = path.join(ledgers, fs.readdirSync(ledgers).find((n) => n.endsWith('.log'))!);
    const bytes = fs.readFileSync(file);
    const rec = (i: number): number => ENTRY_LOG_HEADER_SIZE + i * (24 + mkEntry(1n, 0n, -1n).length);
    bytes[rec(2) + 30]! ^= 0xff; // inside entry 2's bytes
    fs.writeFileSync(file, bytes);
    const b2 = await start();
    const r = await b2.readEntries(1n, 0n, ALL);
    assert.deepEqual(ids(r), [0n, 1n]);
    assert.equal((r.error as { code?: string }).code, 'IO_ERROR');
    await assert.rejects(b2.readEntries(1n, 2n, ALL), { code: 'IO_ERROR' });
    assert.deepEqual(ids(await b2.readEntries(1n, 3n, ALL)), [3n, 4n]);
    await b2.close();
    fs.unlinkSync(file);
    const b3 = await start();
    await assert.rejects(b3.readEntries(1n, 0n, ALL), { code: 'IO_ERROR' });
  });

  test('entry logs roll at entryLogSizeLimit and all stay readable', async () => {
    const b = await start({ entryLogSizeLimit: 4096 });
    await addRange(b, 1n, 0, 100);
    await b.checkpoint();
    await addRange(b, 2n, 0, 50);
    await b.close();
    const logs = fs.readdirSync(path.join(dir, 'ledgers')).filter((n) => n.endsWith('.log'));
    assert.ok(logs.length >= 3, `logs: ${logs.length}`);
    const b2 = await start({ entryLogSizeLimit: 4096 });
    for (let i = 0; i < 100; i++) assert.deepEqual(await b2.readEntry(1n, BigInt(i)), mkEntry(1n, BigInt(i), BigInt(i) - 1n));
    for (let i = 0; i < 50; i++) assert.deepEqual(await b2.readEntry(2n, BigInt(i)), mkEntry(2n, BigInt(i), BigInt(i) - 1n));
  });

  test('replay larger than the write cache checkpoints as it goes', async () => {
    const b = await start({ writeCacheMaxSizeBytes: 16 * 1024 });
    // Cache checkpoints are triggered by adds too; abandon right after to leave work in the journal.
    for (let i = 0; i < 300; i++) {
      for (;;) {
        try {
          await b.addEntry(1n, BigInt(i), KEY, mkEntry(1n, BigInt(i), BigInt(i) - 1n), NORMAL);
          break;
        } catch (e) {
          assert.equal((e as { code: string }).code, 'TOO_MANY_REQUESTS');
          await new Promise((r) => setTimeout(r, 1));
        }
      }
    }
    await b.abandon();
    const b2 = await start({ writeCacheMaxSizeBytes: 16 * 1024 });
    for (let i = 0; i < 300; i++) assert.deepEqual(await b2.readEntry(1n, BigInt(i)), mkEntry(1n, BigInt(i), BigInt(i) - 1n));
  });
});
