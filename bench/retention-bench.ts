// Retention benchmark (issue 12): writers create, fill and delete ledgers in a rolling window, as a
// message store with a retention period does. Runs twice on fresh directories, the same workload
// each time: with the garbage collector and compaction running, and without any GC. Prints the
// ledger directory's size over time (with GC it must level off; without it grows with the data
// written), compaction MB/s, and add throughput and p99 latency in both runs.
//
// The bookie (journal, write cache, entry logs, LevelDB index, GC) runs in this process with a real
// embedded metadata store, and the writers call it directly: compaction competes with adds for
// the same event loop and disk, which is the interference being measured (no network in between).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { childLogger } from '../common/logger.js';
import { openBookie, type BookieImpl } from '../bookie/bookie-impl.js';
import { BookieGarbageCollector, ledgerManagerGcSource } from '../bookie/storage/garbage-collector.js';
import { GC_TEST_KEY, NORMAL_ADD, createLedgerMetadata, dirBytes, gcTestEntry, openFormattedMetadata } from '../harness/gc-fixtures.js';
import { formatTable, Histogram } from './stats.js';

export interface RetentionBenchOptions {
  readonly seconds: number;
  /**
   * Ledgers kept by writer 0; writer k keeps window·2^(k mod 4) (retention periods differ per
   * stream, so entry logs mix short- and long-lived ledgers and only compaction frees them).
   */
  readonly window: number;
  readonly writers: number;
  readonly entrySize: number;
  readonly entriesPerLedger: number;
  readonly outstandingPerWriter: number;
  readonly dir?: string;
}

export const DEFAULT_RETENTION_OPTIONS: RetentionBenchOptions = {
  seconds: 30,
  window: 1,
  writers: 4,
  entrySize: 1024,
  entriesPerLedger: 2000,
  outstandingPerWriter: 32,
};

interface RunResult {
  readonly label: string;
  readonly adds: number;
  readonly seconds: number;
  readonly hist: Histogram;
  readonly samples: Array<{ t: number; bytes: number }>;
  readonly writtenBytes: number;
  readonly gc?: ReturnType<BookieGarbageCollector['stats']>;
}

const MB = 1024 * 1024;

async function run(label: string, withGc: boolean, o: RetentionBenchOptions, root: string): Promise<RunResult> {
  const dir = fs.mkdtempSync(path.join(root, `retention-${withGc ? 'gc' : 'nogc'}-`));
  const log = childLogger('retention-bench');
  const md = await openFormattedMetadata(path.join(dir, 'metadata'));
  const ledgerDir = path.join(dir, 'ledgers');
  const bookie: BookieImpl = await openBookie(
    {
      journalDirectories: [path.join(dir, 'journal')],
      ledgerDirectories: [ledgerDir],
      journalPreAllocSizeMB: 4,
      journalMaxSizeMB: 64,
      entryLogSizeLimit: 8 * MB,
      writeCacheMaxSizeBytes: 16 * MB,
      flushInterval: 1000,
    },
    log,
  );
  const gc = withGc
    ? new BookieGarbageCollector(
        bookie,
        ledgerManagerGcSource(md.ledgers),
        {
          gcWaitTime: 2000,
          gcLedgerMinAgeMs: 0,
          majorCompactionThreshold: 0.5,
          majorCompactionInterval: 2,
          minorCompactionThreshold: 0.2,
          minorCompactionInterval: 0,
          isThrottleByBytes: true,
          compactionRateByBytes: 64 * MB,
        },
        log,
      )
    : undefined;
  gc?.start();
  const hist = new Histogram();
  const samples: Array<{ t: number; bytes: number }> = [];
  let adds = 0;
  let nextLedger = 1n;
  const t0 = Date.now();
  const endAt = t0 + o.seconds * 1000;
  const sampler = setInterval(() => samples.push({ t: (Date.now() - t0) / 1000, bytes: dirBytes(ledgerDir) }), 1000);
  const writer = async (k: number): Promise<void> => {
    const keep = o.window << (k % 4);
    const mine: bigint[] = [];
    while (Date.now() < endAt) {
      const id = nextLedger++;
      await createLedgerMetadata(md.ledgers, id);
      mine.push(id);
      let next = 0;
      const sender = async (): Promise<void> => {
        while (next < o.entriesPerLedger && Date.now() < endAt) {
          const e = BigInt(next++);
          const entry = gcTestEntry(id, e, o.entrySize);
          const s = performance.now();
          for (;;) {
            try {
              await bookie.addEntry(id, e, GC_TEST_KEY, entry, NORMAL_ADD);
              break;
            } catch (err) {
              if ((err as { code?: string }).code !== 'TOO_MANY_REQUESTS') throw err;
              await new Promise((r) => setTimeout(r, 1));
            }
          }
          hist.record(performance.now() - s);
          adds++;
        }
      };
      await Promise.all(Array.from({ length: o.outstandingPerWriter }, () => sender()));
      // Retention: the writer's oldest ledger beyond the window is deleted, as an application would.
      while (mine.length > keep) await md.ledgers.removeLedgerMetadata(mine.shift()!, -1);
    }
  };
  await Promise.all(Array.from({ length: o.writers }, (_, k) => writer(k)));
  const seconds = (Date.now() - t0) / 1000;
  clearInterval(sampler);
  samples.push({ t: seconds, bytes: dirBytes(ledgerDir) });
  const gcStats = gc?.stats();
  await gc?.close();
  await bookie.close();
  await md.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { label, adds, seconds, hist, samples, writtenBytes: adds * (o.entrySize + 32), ...(gcStats ? { gc: gcStats } : {}) };
}

export async function retentionBench(options: Partial<RetentionBenchOptions> = {}): Promise<string> {
  const o = { ...DEFAULT_RETENTION_OPTIONS, ...options };
  const root = o.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'quire-retention-'));
  let kept = 0;
  for (let k = 0; k < o.writers; k++) kept += o.window << (k % 4);
  const live = kept * o.entriesPerLedger * (o.entrySize + 32);
  const lines: string[] = [];
  const say = (s: string): void => {
    console.log(s);
    lines.push(s);
  };
  const keeps = Array.from({ length: o.writers }, (_, k) => o.window << (k % 4)).join('/');
  say(`\n## Retention: ${o.writers} writers keeping their last ${keeps} ledgers of ${o.entriesPerLedger} × ${o.entrySize} B (≈ ${(live / MB).toFixed(0)} MiB retained), ${o.seconds} s per run`);
  say('bookie in-process (journal fdatasync on, 8 MiB entry logs, 16 MiB write cache); GC every 2 s, major compaction below 50% live, ≤ 64 MiB/s');
  try {
    const withGc = await run('GC + compaction', true, o, root);
    const without = await run('no GC', false, o, root);
    const rows: string[][] = [];
    const n = Math.max(withGc.samples.length, without.samples.length);
    const step = Math.max(1, Math.round(n / 15));
    for (let i = 0; i < n; i += step) {
      const a = withGc.samples[i];
      const b = without.samples[i];
      rows.push([((a ?? b)!.t).toFixed(0), a ? (a.bytes / MB).toFixed(1) : '', b ? (b.bytes / MB).toFixed(1) : '']);
    }
    const lastA = withGc.samples.at(-1)!;
    const lastB = without.samples.at(-1)!;
    rows.push([`end ${lastA.t.toFixed(0)}`, (lastA.bytes / MB).toFixed(1), (lastB.bytes / MB).toFixed(1)]);
    say('\nLedger directory size (MiB) over time:\n');
    say(formatTable(['t (s)', 'GC + compaction', 'no GC'], rows));
    const res = (r: RunResult): string[] => [
      r.label,
      (r.adds / r.seconds).toFixed(0),
      ((r.writtenBytes / MB) / r.seconds).toFixed(1),
      r.hist.p(50).toFixed(2),
      r.hist.p(99).toFixed(2),
      (r.writtenBytes / MB).toFixed(0),
    ];
    say('\nAdds:\n');
    say(formatTable(['run', 'adds/s', 'MiB/s', 'p50 ms', 'p99 ms', 'written MiB'], [res(withGc), res(without)]));
    const g = withGc.gc!;
    const mbps = g.compactionMillis > 0 ? g.compactedBytes / MB / (g.compactionMillis / 1000) : 0;
    say('\nGarbage collection:\n');
    say(
      formatTable(
        ['ledgers deleted', 'logs deleted whole (MiB)', 'compactions', 'copied MiB', 'compaction MiB/s', 'reclaimed by compaction (MiB)'],
        [[String(g.DELETED_LEDGER_TOTAL), (g.RECLAIMED_DELETION_SPACE_BYTES / MB).toFixed(1), String(g.MAJOR_COMPACTION_TOTAL + g.MINOR_COMPACTION_TOTAL), (g.compactedBytes / MB).toFixed(1), mbps.toFixed(1), (g.RECLAIMED_COMPACTION_SPACE_BYTES / MB).toFixed(1)]],
      ),
    );
  } finally {
    if (o.dir === undefined) fs.rmSync(root, { recursive: true, force: true });
  }
  return lines.join('\n');
}
