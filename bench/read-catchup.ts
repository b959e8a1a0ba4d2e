// Cold catch-up reads (bench/read-bench.ts): a sealed ledger larger than the bookie's caches is
// written, the bookie is stopped cleanly (its final checkpoint moves the write cache into entry
// logs and the journal replays nothing on start) and started again over the same directories, the
// OS page cache is dropped, and Quire's client reads the ledger from entry 0 with batch reads. The
// disk's own sequential read rate is measured the same way (a file of the same size in the same
// directory, page cache dropped, 4 MiB reads), so catch-up MB/s can be given as a fraction of it.
import { closeSync, fsyncSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createBookKeeperClient } from '../clients/quorum/connect.js';
import type { Kind } from './compare-bench.js';
import { waitRegistered } from './compare-bench.js';
import { dropCaches, type KeptBookie, procReadBytes, startKeptBookie, writeSealedLedger, zkUri } from './read-bookies.js';
import { Histogram } from './stats.js';

export interface CatchUpOptions {
  readonly entries: number;
  readonly size: number;
  /** Entries per read() call (the client keeps maxBatchReadsInFlight batches of up to maxBatchReadCount in flight within one). */
  readonly page: number;
}

export interface CatchUpResult {
  kind: Kind;
  entries: number;
  bytes: number;
  seconds: number;
  pages: Histogram;
  /** Whether the page cache was dropped before the read (false: the figures are warm reads). */
  cold: boolean;
  /** Bytes the bookie process fetched from the storage layer while reading. */
  diskBytes: number;
}

const MIB = 1024 * 1024;

/** Writes `bytes` to a file under dir, drops the page cache and reads it back in 4 MiB reads: MB/s (NaN without drop_caches). */
export function diskSequentialRead(dir: string, bytes: number): number {
  const path = join(dir, 'sequential-read-probe');
  const buf = Buffer.alloc(4 * MIB, 0x61);
  try {
    const fd = openSync(path, 'w');
    for (let done = 0; done < bytes; done += buf.length) writeSync(fd, buf, 0, Math.min(buf.length, bytes - done));
    fsyncSync(fd);
    closeSync(fd);
    if (!dropCaches()) return NaN;
    const rfd = openSync(path, 'r');
    const t0 = performance.now();
    let read = 0;
    for (let n; (n = readSync(rfd, buf, 0, buf.length, null)) > 0; ) read += n;
    const seconds = (performance.now() - t0) / 1000;
    closeSync(rfd);
    return read / seconds / 1e6;
  } finally {
    rmSync(path, { force: true });
  }
}

/**
 * Writes the data set to `bookie`, restarts it over the same data, drops the page cache and reads
 * it all; returns the result and the restarted bookie (the caller stops it).
 */
export async function catchUp(zk: string, bookie: KeptBookie, port: number, o: CatchUpOptions): Promise<{ result: CatchUpResult; bookie: KeptBookie }> {
  const ledgerId = await writeSealedLedger(zk, o.entries, o.size);
  await bookie.stop();
  const again = await startKeptBookie(bookie.kind, zk, bookie.dir, port);
  await waitRegistered(zk, [again.bookieId]);
  const bk = await createBookKeeperClient({ metadataServiceUri: zkUri(zk) });
  try {
    const r = await bk.openLedger(ledgerId, { password: 'bench' });
    const cold = dropCaches();
    const io0 = procReadBytes(again.pid);
    const pages = new Histogram();
    let entries = 0;
    let bytes = 0;
    const t0 = performance.now();
    for (let first = 0; first < o.entries; first += o.page) {
      const p0 = performance.now();
      const got = await r.read(BigInt(first), BigInt(Math.min(first + o.page, o.entries) - 1));
      pages.record(performance.now() - p0);
      entries += got.length;
      for (const e of got) bytes += e.payload.length;
    }
    const seconds = (performance.now() - t0) / 1000;
    const result = { kind: bookie.kind, entries, bytes, seconds, pages, cold, diskBytes: procReadBytes(again.pid) - io0 };
    console.error(
      `  ${bookie.kind} bookie, ${cold ? 'cold' : 'WARM (no drop_caches)'} catch-up: ${(entries / seconds).toFixed(0)} entries/s, ${(bytes / seconds / 1e6).toFixed(1)} MB/s, bookie read ${(result.diskBytes / 1e6).toFixed(0)} MB from disk, page p99 ${pages.p(99).toFixed(1)} ms`,
    );
    return { result, bookie: again };
  } catch (e) {
    await again.kill();
    throw e;
  } finally {
    await bk.close();
  }
}
