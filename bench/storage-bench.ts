// Storage-path benchmark: drives openBookie directly (no network) with C concurrent writers, each
// adding 1 KiB entries one at a time (closed loop), and prints adds/s and journal fsyncs/s.
// Usage: node --import tsx bench/storage-bench.ts [--adds N] [--concurrency C] [--size B]
//          [--no-sync] [--no-flush-when-empty] [--prealloc-mb M] [--write-threshold-kb K] [--dir D]
//          [--journals J]   (J journal directories under the base dir; the 16 ledgers spread over them)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openBookie } from '../bookie/bookie-impl.js';
import { childLogger } from '../common/logger.js';

const { values } = parseArgs({
  options: {
    adds: { type: 'string', default: '300000' },
    concurrency: { type: 'string', default: '1000' },
    size: { type: 'string', default: '1024' },
    'no-sync': { type: 'boolean', default: false },
    'no-flush-when-empty': { type: 'boolean', default: false },
    'prealloc-mb': { type: 'string', default: '16' },
    'write-threshold-kb': { type: 'string', default: '512' },
    dir: { type: 'string' },
    journals: { type: 'string', default: '1' },
  },
});

const total = Number(values.adds);
const conc = Number(values.concurrency);
const size = Number(values.size);
const base = values.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'quire-storage-bench-'));
const log = childLogger('storage-bench');
log.level = 'warn';

const bookie = await openBookie(
  {
    journalDirectories: Array.from({ length: Number(values.journals) }, (_, i) => path.join(base, i === 0 ? 'journal' : `journal${i}`)),
    ledgerDirectories: [path.join(base, 'ledgers')],
    journalSyncData: !values['no-sync'],
    journalFlushWhenQueueEmpty: !values['no-flush-when-empty'],
    journalPreAllocSizeMB: Number(values['prealloc-mb']),
    journalBufferedWritesThreshold: Number(values['write-threshold-kb']) * 1024,
  },
  log,
);
const key = Buffer.alloc(20, 7);
const opts = { recovery: false, deferredSync: false, highPriority: false };
let next = 0;
let tooMany = 0;
const lat: number[] = [];

async function writer(w: number): Promise<void> {
  const ledgerId = BigInt(w % 16) + 1n;
  for (;;) {
    const i = next++;
    if (i >= total) return;
    const entryId = BigInt(i);
    const e = Buffer.alloc(size);
    e.writeBigInt64BE(ledgerId, 0);
    e.writeBigInt64BE(entryId, 8);
    e.writeBigInt64BE(-1n, 16);
    const t = performance.now();
    try {
      await bookie.addEntry(ledgerId, entryId, key, e, opts);
    } catch (err) {
      if ((err as { code?: string }).code === 'TOO_MANY_REQUESTS') {
        tooMany++;
        next--; // retry later
        await new Promise((r) => setTimeout(r, 1));
        continue;
      }
      throw err;
    }
    if ((i & 15) === 0) lat.push(performance.now() - t);
  }
}

const s0 = { ...bookie.stats.journal };
const t0 = performance.now();
await Promise.all(Array.from({ length: conc }, (_, w) => writer(w)));
const secs = (performance.now() - t0) / 1000;
const s1 = bookie.stats.journal;
lat.sort((a, b) => a - b);
const pct = (p: number): string => (lat[Math.min(lat.length - 1, Math.floor(lat.length * p))] ?? 0).toFixed(2);
console.log(
  JSON.stringify({
    adds: total,
    concurrency: conc,
    journals: Number(values.journals),
    entryBytes: size,
    syncData: !values['no-sync'],
    flushWhenQueueEmpty: !values['no-flush-when-empty'],
    seconds: +secs.toFixed(2),
    addsPerSec: Math.round(total / secs),
    fsyncsPerSec: Math.round((s1.syncs - s0.syncs) / secs),
    writesPerSec: Math.round((s1.writes - s0.writes) / secs),
    recordsPerFsync: +((s1.records - s0.records) / Math.max(1, s1.syncs - s0.syncs)).toFixed(1),
    checkpoints: bookie.stats.checkpoints,
    tooManyRequests: tooMany,
    latencyMs: { p50: pct(0.5), p99: pct(0.99), max: pct(1) },
  }),
);
await bookie.close();
if (!values.dir) fs.rmSync(base, { recursive: true, force: true });
