// `npm run bench -- journal-files`: what journalReuseFiles buys, measured at two levels in one run.
//
// 1. The disk alone: the journal's write pattern (one group write, then fdatasync, repeated) into
//    a file that was written before (what a reused segment is), one zero-filled ahead of the
//    writes while they run (a new segment: the zeros share every fdatasync), one whose size is set
//    but whose blocks are holes (sparse, what BookKeeper's Java journal does), and a plain append.
// 2. The real Journal class, reuse off vs on, rounds alternating: closed loop of 1 KB records,
//    64 MiB segments, a checkpoint mark (trim) every 32 MiB, after a warm-up that has rolled and
//    trimmed a few segments (so reuse has free files, as on a bookie that has run for a while).
//    Records/s, append p50/p99, fdatasync p50/p99, records per fdatasync, and bytes the block
//    device wrote per payload byte (the machine must be otherwise idle for that last figure).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal, type JournalOptions } from '../bookie/journal/journal.js';
import { deviceWrittenBytes } from './compare-bench.js';
import { Histogram, formatTable } from './stats.js';

export interface JournalFilesBenchOptions {
  readonly seconds: number;
  readonly size: number;
  readonly outstanding: number;
  readonly rounds: number;
  readonly segmentMb: number;
}

type Pattern = 'reused' | 'zero-filled ahead' | 'sparse' | 'append';

async function diskPattern(dir: string, pattern: Pattern, group: number, totalBytes: number): Promise<string[]> {
  const file = join(dir, `pattern-${group}`);
  const fh = await open(file, 'w+');
  const zeros = Buffer.alloc(256 * 1024);
  const data = Buffer.alloc(group, 0x61);
  const ahead = 16 * 1024 * 1024;
  try {
    if (pattern === 'reused') {
      for (let p = 0; p < totalBytes + ahead; p += zeros.length) await fh.write(zeros, 0, zeros.length, p);
      await fh.datasync();
    } else if (pattern === 'sparse') {
      await fh.truncate(totalBytes + ahead);
      await fh.datasync();
    }
    let filled = 0;
    if (pattern === 'zero-filled ahead') {
      for (; filled < ahead; filled += zeros.length) await fh.write(zeros, 0, zeros.length, filled);
      await fh.datasync();
    }
    const sync = new Histogram();
    const t0 = performance.now();
    let n = 0;
    for (let pos = 0; pos + group <= totalBytes; pos += group, n++) {
      // The journal's background fill keeps zeros `ahead` bytes past the writes, in 256 KiB pieces.
      const fill = pattern === 'zero-filled ahead' ? (async () => {
        for (; filled < pos + group + ahead; filled += zeros.length) await fh.write(zeros, 0, zeros.length, filled);
      })() : Promise.resolve();
      await fh.write(data, 0, group, pos);
      await fill;
      const s = performance.now();
      await fh.datasync();
      sync.record(performance.now() - s);
    }
    const secs = (performance.now() - t0) / 1000;
    return [pattern, `${group / 1024} KiB`, (n / secs).toFixed(0), ((n * group) / secs / 1e6).toFixed(1), sync.p(50).toFixed(3), sync.p(99).toFixed(3)];
  } finally {
    await fh.close();
    rmSync(file, { force: true });
  }
}

interface JournalRun {
  readonly records: number;
  readonly seconds: number;
  readonly append: Histogram;
  readonly sync: Histogram;
  readonly groups: number;
  readonly payloadBytes: number;
  readonly deviceBytes: number;
}

async function journalRun(dir: string, reuse: boolean, o: JournalFilesBenchOptions): Promise<JournalRun> {
  let sync = new Histogram();
  let groups = 0;
  const opts: JournalOptions = {
    dir,
    syncData: true,
    maxGroupWaitMs: 2,
    bufferedWritesThreshold: 512 * 1024,
    maxEntriesPerBatch: 5000,
    flushWhenQueueEmpty: true,
    preAllocSize: 16 * 1024 * 1024,
    maxSegmentSize: o.segmentMb * 1024 * 1024,
    queueMaxBytes: 256 * 1024 * 1024,
    queueMaxRecords: 100_000,
    reuseFiles: reuse,
    observer: {
      sync: (s) => sync.record(s * 1000),
      recordDurable: () => undefined,
      groupCommit: () => {
        groups++;
      },
    },
  };
  const j = await Journal.start(opts, 1);
  const entry = Buffer.alloc(o.size, 0x62);
  entry.writeBigInt64BE(1n, 0);
  const trimEvery = 32 * 1024 * 1024;
  let written = 0;
  let sinceTrim = 0;
  let measuring = false;
  let records = 0;
  const append = new Histogram();
  let stop = false;
  let checkpoints: Promise<void> = Promise.resolve();
  // Warm-up: three segments rolled and trimmed, so a reusing journal has its free files.
  const warmBytes = 3 * opts.maxSegmentSize;
  const writer = async (): Promise<void> => {
    while (!stop) {
      const t = performance.now();
      await j.appendEntry(entry);
      written += entry.length;
      sinceTrim += entry.length;
      if (measuring) {
        records++;
        append.record(performance.now() - t);
      }
      if (sinceTrim >= trimEvery) {
        sinceTrim = 0;
        // One checkpoint at a time, as the bookie's checkpointer does.
        const mark = j.writtenPosition();
        checkpoints = checkpoints.then(() => j.markCheckpoint(mark));
      }
    }
  };
  const writers = Array.from({ length: o.outstanding }, writer);
  while (written < warmBytes) await new Promise((r) => setTimeout(r, 50));
  const dev0 = deviceWrittenBytes(dir);
  const t0 = performance.now();
  sync = new Histogram();
  groups = 0;
  measuring = true;
  await new Promise((r) => setTimeout(r, o.seconds * 1000));
  measuring = false;
  const seconds = (performance.now() - t0) / 1000;
  const payload = records * o.size;
  stop = true;
  await Promise.all(writers);
  await checkpoints;
  await j.close();
  // What the page cache still holds of the measured window reaches the device by the sync below.
  execFileSync('sync');
  const deviceBytes = deviceWrittenBytes(dir) - dev0;
  return { records, seconds, append, sync, groups, payloadBytes: payload, deviceBytes };
}

export async function journalFilesBench(o: JournalFilesBenchOptions): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'quire-journal-files-'));
  const out: string[] = [];
  const say = (s: string): void => {
    console.log(s);
    out.push(s);
  };
  try {
    say(`## The disk: group write + fdatasync, four file strategies (${tmpdir()})\n`);
    const rows: string[][] = [];
    for (const group of [16 * 1024, 256 * 1024]) {
      const total = Math.min(512 * 1024 * 1024, group * 4000);
      for (const p of ['reused', 'zero-filled ahead', 'sparse', 'append'] as const) rows.push(await diskPattern(root, p, group, total));
    }
    say(formatTable(['file', 'group', 'fdatasyncs/s', 'MB/s', 'fdatasync p50 ms', 'p99 ms'], rows));
    say(`\n## The journal: journalReuseFiles off vs on (${o.size} B records, ${o.outstanding} in flight, ${o.segmentMb} MiB segments, trim every 32 MiB, ${o.seconds} s per run after a 3-segment warm-up)\n`);
    const jrows: string[][] = [];
    for (let round = 1; round <= o.rounds; round++) {
      for (const reuse of round % 2 === 1 ? [false, true] : [true, false]) {
        const dir = join(root, `journal-${round}-${reuse ? 'reuse' : 'new'}`);
        mkdirSync(dir);
        const r = await journalRun(dir, reuse, o);
        rmSync(dir, { recursive: true, force: true });
        const row = [
          reuse ? 'on' : 'off',
          String(round),
          (r.records / r.seconds).toFixed(0),
          ((r.payloadBytes / r.seconds) / 1e6).toFixed(1),
          r.append.p(50).toFixed(2),
          r.append.p(99).toFixed(2),
          r.sync.p(50).toFixed(3),
          r.sync.p(99).toFixed(3),
          (r.records / Math.max(1, r.groups)).toFixed(0),
          (r.deviceBytes / Math.max(1, r.payloadBytes)).toFixed(2),
        ];
        jrows.push(row);
        console.error(`  journalReuseFiles=${row[0]} round ${round}: ${row[2]} records/s, fdatasync p50 ${row[6]} ms, device bytes/payload ${row[9]}`);
      }
    }
    say(formatTable(['journalReuseFiles', 'round', 'records/s', 'payload MB/s', 'append p50 ms', 'append p99 ms', 'fdatasync p50 ms', 'fdatasync p99 ms', 'records/fdatasync', 'device bytes / payload'], jrows));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return out.join('\n');
}
