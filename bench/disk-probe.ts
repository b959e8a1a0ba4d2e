// What this disk sustains for a bookie's write pattern, measured in the same run as the bookies:
// `writers` files side by side (one per bookie journal), each written in blocks of `blockBytes`
// with an fdatasync after every block — the journal's group commit with the group size the case
// showed. Both kinds of journal write into space zero-filled ahead of them (preallocation), so the
// probe does too: each file is filled and synced first (not timed), then overwritten in a ring.
// The compare bench sets the bookies' MB/s against it (issue 17: >= 80 % at 16 KB and up).
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Histogram } from './stats.js';

export interface DiskProbe {
  readonly blockBytes: number;
  readonly writers: number;
  /** Bytes made durable per second, all writers together, in MB/s (10^6). */
  readonly mbPerSec: number;
  readonly syncP50Ms: number;
  readonly syncP99Ms: number;
}

/** Overwrites preallocated files + fdatasync in `dir` for `seconds`; the files are removed afterwards. */
export async function probeDiskWrites(dir: string, blockBytes: number, writers: number, seconds: number): Promise<DiskProbe> {
  const block = Buffer.alloc(Math.max(512, Math.round(blockBytes)), 0x61);
  const ring = Math.max(64 * 1024 * 1024, 4 * block.length);
  const sync = new Histogram();
  const files = await Promise.all(
    Array.from({ length: writers }, async (_, i) => {
      const fh = await open(join(dir, `disk-probe-${process.pid}-${i}`), 'w');
      const zeros = Buffer.alloc(1024 * 1024);
      for (let off = 0; off < ring; off += zeros.length) await fh.write(zeros, 0, zeros.length, off);
      await fh.datasync();
      return fh;
    }),
  );
  let bytes = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  try {
    await Promise.all(
      files.map(async (fh) => {
        let at = 0;
        while (performance.now() < end) {
          await fh.write(block, 0, block.length, at);
          const t = performance.now();
          await fh.datasync();
          sync.record(performance.now() - t);
          bytes += block.length;
          at = at + 2 * block.length > ring ? 0 : at + block.length;
        }
      }),
    );
  } finally {
    await Promise.all(files.map((fh) => fh.close()));
    await Promise.all(files.map((_, i) => rm(join(dir, `disk-probe-${process.pid}-${i}`), { force: true })));
  }
  const elapsed = (performance.now() - start) / 1000;
  return { blockBytes: block.length, writers, mbPerSec: bytes / elapsed / 1e6, syncP50Ms: sync.p(50), syncP99Ms: sync.p(99) };
}
