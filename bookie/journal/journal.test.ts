import { test, describe, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Journal, type JournalOptions } from './journal.js';
import { JournalRecordType, encodeJournalRecord, type JournalRecord } from './journal-record.js';
import { replayJournal } from './journal-replay.js';
import { encodeSegmentHeader, listSegments, segmentFileName, SEGMENT_HEADER_SIZE } from './journal-segment.js';
import { readLastMark, type JournalPosition } from './last-mark.js';
import { type FileIo, nodeFileIo } from '../../common/durable-file.js';
import { journalTestDir, testJournalOptions } from '../../test/bookie/journal-test-dir.js';

const tmp = journalTestDir('quire-journal-');
let dir = '';
beforeEach(() => {
  dir = tmp.current();
});

function options(over: Partial<JournalOptions> = {}): JournalOptions {
  return testJournalOptions(dir, over);
}

function entry(i: number, size = 100): Buffer {
  return Buffer.alloc(size, i & 0xff);
}

async function replayAll(from?: JournalPosition): Promise<{ recs: JournalRecord[]; result: Awaited<ReturnType<typeof replayJournal>> }> {
  const recs: JournalRecord[] = [];
  const result = await replayJournal(dir, from, (r) => {
    recs.push('data' in r ? ({ ...r, data: Buffer.from(r.data) } as JournalRecord) : r);
  });
  return { recs, result };
}

function addIds(recs: JournalRecord[]): bigint[] {
  return recs.flatMap((r) => (r.type === JournalRecordType.ADD_ENTRY ? [r.entryId] : []));
}

/** An io whose fdatasync calls wait for release(); records what the file held at each call. */
function gatedSyncIo(): FileIo & { syncCalls: number; release: () => void; called: Promise<void> } {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let signal!: () => void;
  const called = new Promise<void>((r) => (signal = r));
  const io = {
    ...nodeFileIo,
    syncCalls: 0,
    release,
    called,
    async fdatasync(fd: number) {
      io.syncCalls++;
      signal();
      await gate;
      return nodeFileIo.fdatasync(fd);
    },
  };
  return io;
}

describe('journal group commit', () => {
  test('an append resolves only after the fdatasync covering it; the bytes were written before it', async () => {
    const io = gatedSyncIo();
    const j = await Journal.start(options(), 1);
    // Start (segment creation syncs) with the real io, then swap in the gate for the records.
    (j as unknown as { io: FileIo }).io = io;
    const settled: boolean[] = [false, false, false];
    const ps = [0, 1, 2].map((i) => j.append(JournalRecordType.ADD_ENTRY, 1n, BigInt(i), entry(i)).then(() => (settled[i] = true)));
    await io.called;
    // fdatasync has been called and is blocked: the records are in the file, none is acked.
    const onDisk = fs.readFileSync(path.join(dir, segmentFileName(1)));
    const expected = Buffer.concat([0, 1, 2].map((i) => encodeJournalRecord({ type: JournalRecordType.ADD_ENTRY, ledgerId: 1n, entryId: BigInt(i), data: entry(i) })));
    assert.deepEqual(onDisk.subarray(SEGMENT_HEADER_SIZE, SEGMENT_HEADER_SIZE + expected.length), expected);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(settled, [false, false, false]);
    io.release();
    await Promise.all(ps);
    assert.deepEqual(settled, [true, true, true]);
    assert.equal(j.stats.syncs, 1, 'one fdatasync for the whole group');
    await j.close();
  });

  test('ackOnWrite (deferred sync) resolves before the fdatasync; barrier waits for it', async () => {
    const io = gatedSyncIo();
    const j = await Journal.start(options(), 1);
    (j as unknown as { io: FileIo }).io = io;
    let synced = false;
    const normal = j.append(JournalRecordType.ADD_ENTRY, 1n, 0n, entry(0)).then(() => (synced = true));
    await j.append(JournalRecordType.ADD_ENTRY, 1n, 1n, entry(1), true);
    await io.called;
    let barrierDone = false;
    const barrier = j.barrier().then(() => (barrierDone = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(synced, false);
    assert.equal(barrierDone, false);
    io.release();
    await Promise.all([normal, barrier]);
    assert.ok(synced && barrierDone);
    await j.close();
  });

  test('fdatasync failure rejects every pending record with IO_ERROR and fails later appends', async () => {
    const j = await Journal.start(options(), 1);
    let fail = false;
    (j as unknown as { io: FileIo }).io = {
      ...nodeFileIo,
      async fdatasync(fd) {
        if (fail) throw Object.assign(new Error('EIO: injected'), { code: 'EIO' });
        return nodeFileIo.fdatasync(fd);
      },
    };
    await j.append(JournalRecordType.FENCE, 1n, 0n, undefined);
    fail = true;
    const ps = Array.from({ length: 50 }, (_, i) => j.append(JournalRecordType.ADD_ENTRY, 1n, BigInt(i), entry(i)));
    const results = await Promise.allSettled(ps);
    for (const r of results) {
      assert.equal(r.status, 'rejected');
      assert.equal((r as PromiseRejectedResult).reason.code, 'IO_ERROR');
    }
    assert.equal(j.failed?.code, 'IO_ERROR');
    await assert.rejects(j.append(JournalRecordType.FENCE, 2n, 0n, undefined), { code: 'IO_ERROR' });
    await assert.rejects(j.barrier(), { code: 'IO_ERROR' });
    assert.throws(() => j.checkAdmit(1), { code: 'IO_ERROR' });
    await j.close();
  });

  test('write failure rejects with IO_ERROR, nothing acked', async () => {
    const j = await Journal.start(options(), 1);
    (j as unknown as { io: FileIo }).io = {
      ...nodeFileIo,
      async write() {
        throw Object.assign(new Error('ENOSPC: injected'), { code: 'ENOSPC' });
      },
    };
    const results = await Promise.allSettled([1, 2, 3].map((i) => j.append(JournalRecordType.FENCE, BigInt(i), 0n, undefined)));
    assert.ok(results.every((r) => r.status === 'rejected' && (r.reason as { code: string }).code === 'IO_ERROR'));
    await j.close();
  });

  test('queue bound: appends beyond queueMaxRecords get TOO_MANY_REQUESTS, and change nothing', async () => {
    const io = gatedSyncIo();
    const j = await Journal.start(options({ queueMaxRecords: 2 }), 1);
    (j as unknown as { io: FileIo }).io = io;
    const first = j.append(JournalRecordType.FENCE, 1n, 0n, undefined);
    await io.called; // written; its fdatasync is blocked
    // Queued behind the blocked fdatasync (written on the next turn, not yet): fills the queue.
    const q = [j.append(JournalRecordType.FENCE, 2n, 0n, undefined), j.append(JournalRecordType.FENCE, 3n, 0n, undefined)];
    assert.throws(() => j.checkAdmit(0), { code: 'TOO_MANY_REQUESTS' });
    await assert.rejects(j.append(JournalRecordType.FENCE, 4n, 0n, undefined), { code: 'TOO_MANY_REQUESTS' });
    io.release();
    await Promise.all([first, ...q]);
    await j.close();
    const { recs } = await replayAll();
    assert.deepEqual(recs.map((r) => r.ledgerId), [1n, 2n, 3n]);
  });

  test('flushWhenQueueEmpty=false waits for the group timer, still one write per group', async () => {
    const j = await Journal.start(options({ flushWhenQueueEmpty: false, maxGroupWaitMs: 5 }), 1);
    await Promise.all(Array.from({ length: 20 }, (_, i) => j.append(JournalRecordType.ADD_ENTRY, 1n, BigInt(i), entry(i))));
    assert.equal(j.stats.writes, 1);
    assert.equal(j.stats.syncs, 1);
    await j.close();
  });
});

describe('journal segments and replay', () => {
  test('replay returns every record in order; rollover splits segments', async () => {
    const j = await Journal.start(options({ maxSegmentSize: 4096, preAllocSize: 1024, maxEntriesPerBatch: 3 }), 1);
    const ps: Promise<void>[] = [];
    for (let i = 0; i < 100; i++) ps.push(j.append(JournalRecordType.ADD_ENTRY, 7n, BigInt(i), entry(i, 200)));
    await Promise.all(ps);
    await j.close();
    const segs = await listSegments(dir);
    assert.ok(segs.length >= 5, `expected rollover into several segments, got ${segs.length}`);
    for (const s of segs) assert.ok(fs.statSync(path.join(dir, segmentFileName(s))).size <= 4096 + 1024);
    const { recs, result } = await replayAll();
    assert.deepEqual(addIds(recs), Array.from({ length: 100 }, (_, i) => BigInt(i)));
    for (const r of recs) if (r.type === JournalRecordType.ADD_ENTRY) assert.deepEqual(r.data, entry(Number(r.entryId), 200));
    assert.equal(result.tornTail, false);
  });

  test('torn tail (truncated mid-record) is cut on replay; nothing before it lost; new writes continue', async () => {
    const j = await Journal.start(options(), 1);
    for (let i = 0; i < 10; i++) await j.append(JournalRecordType.ADD_ENTRY, 1n, BigInt(i), entry(i));
    await j.close();
    const file = path.join(dir, segmentFileName(1));
    const recSize = encodeJournalRecord({ type: JournalRecordType.ADD_ENTRY, ledgerId: 1n, entryId: 0n, data: entry(0) }).length;
    const validEnd = SEGMENT_HEADER_SIZE + 9 * recSize;
    fs.truncateSync(file, validEnd + 37); // the 10th record is torn
    const { recs, result } = await replayAll();
    assert.deepEqual(addIds(recs), Array.from({ length: 9 }, (_, i) => BigInt(i)));
    assert.equal(result.tornTail, true);
    assert.equal(fs.statSync(file).size, validEnd);
    // The journal continues in a new segment; replay sees old + new.
    const j2 = await Journal.start(options(), 2);
    await j2.append(JournalRecordType.ADD_ENTRY, 1n, 100n, entry(100));
    await j2.close();
    const again = await replayAll();
    assert.deepEqual(addIds(again.recs), [...Array.from({ length: 9 }, (_, i) => BigInt(i)), 100n]);
    assert.equal(again.result.tornTail, false);
  });

  test('garbage after the last record (over the zero fill) is cut on replay', async () => {
    const j = await Journal.start(options(), 1);
    for (let i = 0; i < 5; i++) await j.append(JournalRecordType.ADD_ENTRY, 1n, BigInt(i), entry(i));
    const end = j.writtenPosition().offset;
    await j.close();
    const file = path.join(dir, segmentFileName(1));
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.from('this is not a journal record, just bytes from a torn write'), 0, undefined, end);
    fs.closeSync(fd);
    const { recs, result } = await replayAll();
    assert.deepEqual(addIds(recs), [0n, 1n, 2n, 3n, 4n]);
    assert.equal(result.tornTail, true);
    assert.equal(fs.statSync(file).size, end);
  });

  test('a corrupt record in an older (fsync-ed, rolled) segment fails replay loudly', async () => {
    const j = await Journal.start(options(), 1);
    await j.append(JournalRecordType.ADD_ENTRY, 1n, 0n, entry(0));
    await j.close();
    const j2 = await Journal.start(options(), 2);
    await j2.append(JournalRecordType.ADD_ENTRY, 1n, 1n, entry(1));
    await j2.close();
    const file = path.join(dir, segmentFileName(1));
    const b = fs.readFileSync(file);
    b[SEGMENT_HEADER_SIZE + 20]! ^= 0xff;
    fs.writeFileSync(file, b);
    await assert.rejects(replayAll(), { code: 'IO_ERROR' });
  });

  test('an older segment ending in fewer than 8 bytes of zero fill replays (found by the simulation, seed 212)', async () => {
    const j = await Journal.start(options(), 1);
    await j.append(JournalRecordType.ADD_ENTRY, 1n, 0n, entry(0));
    const end = j.writtenPosition().offset;
    await j.close();
    const j2 = await Journal.start(options(), 2);
    await j2.append(JournalRecordType.ADD_ENTRY, 1n, 1n, entry(1));
    await j2.close();
    const file = path.join(dir, segmentFileName(1));
    // The segment was preallocated up to its bound, and the last record ended 2 bytes before it.
    fs.truncateSync(file, end + 2);
    const { recs, result } = await replayAll();
    assert.deepEqual(addIds(recs), [0n, 1n]);
    assert.equal(result.tornTail, false);
    // Non-zero bytes there are still the start of a torn record: corruption in an older segment.
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.from([0, 7]), 0, 2, end);
    fs.closeSync(fd);
    await assert.rejects(replayAll(), { code: 'IO_ERROR' });
  });

  test('writtenPosition while a roll creates the next segment names the old segment (found by the simulation, seed 262)', async () => {
    const j = await Journal.start(options({ maxSegmentSize: 1024, preAllocSize: 0 }), 1);
    await j.append(JournalRecordType.ADD_ENTRY, 1n, 0n, entry(0, 800));
    const before = j.writtenPosition();
    assert.equal(before.segmentId, 1);
    // Hold the new segment's fdatasync (the 2nd of the roll: old segment, then new segment).
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let reached!: () => void;
    const atGate = new Promise<void>((r) => (reached = r));
    (j as unknown as { io: FileIo }).io = {
      ...nodeFileIo,
      async fdatasync(fd) {
        if (++calls === 2) {
          reached();
          await gate;
        }
        return nodeFileIo.fdatasync(fd);
      },
    };
    const p = j.append(JournalRecordType.ADD_ENTRY, 1n, 1n, entry(1, 800)); // does not fit: roll
    await atGate;
    assert.deepEqual(j.writtenPosition(), before, 'a checkpoint now must not get (segment 2, old offset)');
    release();
    await p;
    assert.equal(j.writtenPosition().segmentId, 2);
    await j.close();
    const { recs } = await replayAll(before);
    assert.deepEqual(addIds(recs), [1n], 'replay from that mark finds the record in the new segment');
  });

  test('checkpoint mark: replay starts at the mark; segments before it are trimmed', async () => {
    const j = await Journal.start(options({ maxSegmentSize: 2048, preAllocSize: 0, maxEntriesPerBatch: 2 }), 1);
    for (let i = 0; i < 40; i++) await j.append(JournalRecordType.ADD_ENTRY, 3n, BigInt(i), entry(i));
    const mark = j.writtenPosition();
    const before = await listSegments(dir);
    assert.ok(before.length > 2);
    await j.markCheckpoint(mark);
    assert.deepEqual(await readLastMark(dir), mark);
    const after = await listSegments(dir);
    assert.deepEqual(after, before.filter((s) => s >= mark.segmentId));
    for (let i = 40; i < 45; i++) await j.append(JournalRecordType.ADD_ENTRY, 3n, BigInt(i), entry(i));
    await j.close();
    const { recs } = await replayAll(mark);
    assert.deepEqual(addIds(recs), [40n, 41n, 42n, 43n, 44n]);
  });

  test('a blank newest segment (creation interrupted) is removed', async () => {
    const j = await Journal.start(options(), 1);
    await j.append(JournalRecordType.FENCE, 1n, 0n, undefined);
    await j.close();
    fs.writeFileSync(path.join(dir, segmentFileName(2)), Buffer.alloc(5));
    const { recs, result } = await replayAll();
    assert.equal(recs.length, 1);
    assert.equal(result.lastSegmentId, 2);
    assert.deepEqual(await listSegments(dir), [1]);
  });

  test('a newest segment with a torn header (power cut during creation) is removed; a wrong header still fails (found by the simulation, seed 2399)', async () => {
    const j = await Journal.start(options(), 1);
    await j.append(JournalRecordType.FENCE, 1n, 0n, undefined);
    await j.close();
    const torn = Buffer.alloc(64);
    encodeSegmentHeader(2).copy(torn, 0, 0, 6); // "QJNL" and part of the version, then zeros
    fs.writeFileSync(path.join(dir, segmentFileName(2)), torn);
    const { recs } = await replayAll();
    assert.equal(recs.length, 1);
    assert.deepEqual(await listSegments(dir), [1]);
    const wrong = Buffer.alloc(64);
    encodeSegmentHeader(7).copy(wrong); // a whole header naming another segment
    fs.writeFileSync(path.join(dir, segmentFileName(2)), wrong);
    await assert.rejects(replayAll(), { code: 'IO_ERROR' });
  });
});
