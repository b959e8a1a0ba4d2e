// journalReuseFiles: trimmed segments become free files, later segments are written over them
// (format 2: CRCs seeded by the segment id, end markers), and replay never mistakes a reused
// file's stale records for its own, after a clean roll or after a crash.
import { test, describe, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { journalTestDir, testJournalOptions } from '../../test/bookie/journal-test-dir.js';
import { Journal, type JournalOptions } from './journal.js';
import { JournalRecordType, encodeJournalRecord, type JournalRecord } from './journal-record.js';
import { replayJournal } from './journal-replay.js';
import {
  SEGMENT_VERSION,
  SEGMENT_VERSION_REUSABLE,
  encodeSegmentHeader,
  freeSegmentFileName,
  listFreeSegments,
  listSegments,
  segmentCrcSeed,
  segmentFileName,
} from './journal-segment.js';
import { MAX_FREE_SEGMENT_FILES } from './journal-files.js';
import type { JournalPosition } from './last-mark.js';

const tmp = journalTestDir('quire-journal-reuse-');
let dir = '';
beforeEach(() => {
  dir = tmp.current();
});

/** 4 KiB segments of 3-record groups, so a few dozen records roll several times. */
function options(over: Partial<JournalOptions> = {}): JournalOptions {
  return testJournalOptions(dir, { maxGroupWaitMs: 0, maxEntriesPerBatch: 3, preAllocSize: 1024, maxSegmentSize: 4096, reuseFiles: true, ...over });
}

const data = (ledger: number, i: number): Buffer => Buffer.alloc(200, (ledger * 31 + i) & 0xff);

async function appendAll(j: Journal, ledger: number, from: number, n: number): Promise<void> {
  const ps: Promise<void>[] = [];
  for (let i = from; i < from + n; i++) ps.push(j.append(JournalRecordType.ADD_ENTRY, BigInt(ledger), BigInt(i), data(ledger, i)));
  await Promise.all(ps);
}

async function replayFrom(mark: JournalPosition | undefined): Promise<{ recs: string[]; result: Awaited<ReturnType<typeof replayJournal>> }> {
  const recs: string[] = [];
  const result = await replayJournal(dir, mark, (r: JournalRecord) => {
    if (r.type !== JournalRecordType.ADD_ENTRY) return;
    assert.deepEqual(r.data, data(Number(r.ledgerId), Number(r.entryId)), 'a replayed record has the bytes it was written with');
    recs.push(`${r.ledgerId}/${r.entryId}`);
  });
  return { recs, result };
}

const ids = (ledger: number, from: number, n: number): string[] => Array.from({ length: n }, (_, i) => `${ledger}/${from + i}`);
const inode = (id: number): number => fs.statSync(path.join(dir, segmentFileName(id))).ino;
const versionOf = (id: number): number => fs.readFileSync(path.join(dir, segmentFileName(id))).readUInt32BE(4);

describe('journal file reuse (journalReuseFiles)', () => {
  test('trimmed segments become at most 2 free files; new segments are written over them; replay from the mark sees exactly the later records', async () => {
    const j = await Journal.start(options(), 1);
    const inodes = new Set<number>();
    const created: number[] = [];
    let mark: JournalPosition = j.writtenPosition();
    for (let round = 0; round < 6; round++) {
      await appendAll(j, round + 1, 0, 40); // 40 x 225 bytes: about two segments per round
      for (const id of await listSegments(dir)) {
        if (!created.includes(id)) {
          created.push(id);
          inodes.add(inode(id));
          assert.equal(versionOf(id), SEGMENT_VERSION_REUSABLE);
        }
      }
      mark = j.writtenPosition();
      await j.markCheckpoint(mark);
      assert.ok((await listFreeSegments(dir)).length <= MAX_FREE_SEGMENT_FILES);
    }
    assert.ok(created.length >= 10, `segments created: ${created.length}`);
    // Every segment after the first trims came from a free file: few distinct files in all.
    assert.ok(inodes.size <= MAX_FREE_SEGMENT_FILES + 3, `${created.length} segments in ${inodes.size} files`);
    await appendAll(j, 9, 0, 50); // spans reused segments that roll: their records end at end markers
    await j.close();
    const { recs, result } = await replayFrom(mark);
    assert.deepEqual(recs, ids(9, 0, 50));
    assert.equal(result.tornTail, false);
  });

  test('a crash inside a reused segment: replay returns every acknowledged record and none of the stale ones; the journal goes on', async () => {
    const j = await Journal.start(options({ preAllocSize: 0 }), 1);
    await appendAll(j, 1, 0, 60); // ledger 1 fills several segments
    const mark = j.writtenPosition();
    await j.markCheckpoint(mark); // ... which become free files
    assert.equal((await listFreeSegments(dir)).length, MAX_FREE_SEGMENT_FILES);
    const segBefore = j.writtenPosition().segmentId;
    // Ledger 2 until the journal rolls into a reused file, then a few records in it.
    let n = 0;
    while (j.writtenPosition().segmentId === segBefore) await appendAll(j, 2, n++, 1);
    const reusedId = j.writtenPosition().segmentId;
    assert.equal((await listFreeSegments(dir)).length, MAX_FREE_SEGMENT_FILES - 1, 'the roll took a free file');
    await appendAll(j, 3, 0, 2);
    const file = path.join(dir, segmentFileName(reusedId));
    const end = j.writtenPosition().offset;
    assert.ok(fs.statSync(file).size > end + 1000, 'the reused file still holds ledger 1 records past the new ones');
    await j.abandon(); // kill -9: nothing more written, no end marker
    const { recs, result } = await replayFrom(mark);
    assert.deepEqual(recs, [...ids(2, 0, n), ...ids(3, 0, 2)]);
    assert.equal(result.lastSegmentId, reusedId);
    assert.ok(result.truncatedBytes > 1000);
    assert.equal(fs.statSync(file).size, end);
    // Restart: a new segment; the cut segment is now an older one and replays cleanly.
    const j2 = await Journal.start(options({ preAllocSize: 0 }), reusedId + 1);
    await appendAll(j2, 4, 0, 30);
    await j2.close();
    const again = await replayFrom(mark);
    assert.deepEqual(again.recs, [...ids(2, 0, n), ...ids(3, 0, 2), ...ids(4, 0, 30)]);
  });

  test('a crash between a free file getting its new header and its rename leaves a free file that is reused again', async () => {
    const j = await Journal.start(options(), 1);
    await appendAll(j, 1, 0, 40);
    const mark = j.writtenPosition();
    await j.markCheckpoint(mark);
    await j.close();
    const [freeId] = await listFreeSegments(dir);
    assert.ok(freeId !== undefined);
    const last = (await listSegments(dir)).at(-1)!;
    // The header of segment last+1 (and garbage over the rest) written into the free file, not yet renamed.
    const freeFile = path.join(dir, freeSegmentFileName(freeId));
    const fd = fs.openSync(freeFile, 'r+');
    fs.writeSync(fd, Buffer.from('514a4e4c00000002' + (last + 1).toString(16).padStart(16, '0') + 'ffffffff00000033', 'hex'), 0, 24, 0);
    fs.closeSync(fd);
    const { result } = await replayFrom(mark);
    assert.equal(result.lastSegmentId, last, 'free files are not segments');
    const j2 = await Journal.start(options(), last + 1);
    await appendAll(j2, 2, 0, 5);
    await j2.close();
    const { recs } = await replayFrom(mark);
    assert.deepEqual(recs, ids(2, 0, 5));
  });

  test('with reuse off, free files are deleted at start and segments are format 1', async () => {
    const j = await Journal.start(options(), 1);
    await appendAll(j, 1, 0, 40);
    const mark = j.writtenPosition();
    await j.markCheckpoint(mark);
    await appendAll(j, 1, 40, 5);
    await j.close();
    assert.ok((await listFreeSegments(dir)).length > 0);
    const before = await replayFrom(mark);
    assert.deepEqual(before.recs, ids(1, 40, 5));
    const next = before.result.lastSegmentId! + 1;
    const j2 = await Journal.start(options({ reuseFiles: false }), next);
    assert.deepEqual(await listFreeSegments(dir), []);
    await appendAll(j2, 2, 0, 40);
    assert.equal(versionOf(next), SEGMENT_VERSION);
    await j2.markCheckpoint(j2.writtenPosition());
    assert.deepEqual(await listFreeSegments(dir), [], 'trimmed segments are deleted');
    await j2.close();
  });

  test('records forged inside an entry payload for the segment the file will become never replay (found in review)', async () => {
    // A client controls entry payloads; segment ids are predictable. With a seed of the id alone,
    // records encoded for "segment 3" inside an entry of segment 1 would check once file 1 is
    // reused as segment 3 and a crash leaves the new records ending where they start.
    const recs: string[] = [];
    const j = await Journal.start(options({ preAllocSize: 0 }), 1);
    const forged: Buffer[] = [];
    for (const salt of [0, 1, 0xffffffff]) {
      const seed = segmentCrcSeed(encodeSegmentHeader(3, SEGMENT_VERSION_REUSABLE, salt));
      const victim = Buffer.alloc(40, 0xee);
      victim.writeBigInt64BE(666n, 0);
      forged.push(encodeJournalRecord({ type: JournalRecordType.FENCE, ledgerId: 666n }, seed), encodeJournalRecord({ type: JournalRecordType.ADD_ENTRY, ledgerId: 666n, entryId: 0n, data: victim }, seed));
    }
    // Also what an id-only seed (the first design) would have been.
    forged.push(encodeJournalRecord({ type: JournalRecordType.FENCE, ledgerId: 666n }, 4));
    // Segment 3's only record will be a 1000-byte entry at offset 24 (after the format-2 header),
    // ending at 24 + 25 + 1000; in segment 1 the payload of entry 1/0 starts at 24 + 25: so the
    // forged records start 1000 bytes into that payload, right where segment 3's records end.
    await j.append(JournalRecordType.ADD_ENTRY, 1n, 0n, Buffer.concat([Buffer.alloc(1000, 1), ...forged]));
    await j.append(JournalRecordType.ADD_ENTRY, 1n, 1n, Buffer.alloc(3800, 2)); // rolls to segment 2
    const mark = j.writtenPosition();
    await j.markCheckpoint(mark); // segment 1 -> free file
    while (j.writtenPosition().segmentId === mark.segmentId) await j.append(JournalRecordType.ADD_ENTRY, 2n, 0n, Buffer.alloc(1000, 3));
    assert.deepEqual(j.writtenPosition(), { segmentId: 3, offset: 24 + 25 + 1000 });
    await j.abandon();
    await replayJournal(dir, mark, (r) => void recs.push(`${r.type}:${r.ledgerId}`));
    assert.ok(!recs.some((r) => r.endsWith(':666')), `forged records replayed: ${recs.join(' ')}`);
    assert.equal(recs.at(-1), '1:2', 'the last record replayed is the one that rolled into segment 3');
  });

  test('a roll whose new segment cannot be created fails the journal and leaves no descriptor to close twice', async () => {
    const j = await Journal.start(options({ preAllocSize: 0 }), 1);
    await appendAll(j, 1, 0, 10);
    // The next segment's name is taken by a directory: creating it fails.
    fs.mkdirSync(path.join(dir, segmentFileName(2)));
    await assert.rejects(appendAll(j, 1, 10, 20), { code: 'IO_ERROR' });
    assert.equal(j.failed?.code, 'IO_ERROR');
    const other = fs.openSync(path.join(dir, 'unrelated'), 'w'); // may get the old segment's fd number
    await j.close();
    fs.writeSync(other, 'still open'); // would throw EBADF had close() closed it
    fs.closeSync(other);
  });
});
