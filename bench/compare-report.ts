// The compare bench's report: every run, the median of each case's runs (--repeat), Quire/Java
// ratios of the medians, write amplification and the disk's own rate for the case's write pattern,
// and each case's add-path latency breakdown. Printed and written to bench/results/.
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { JAVA_BOOKIE_HEAP } from '../harness/java-bookie.js';
import type { DiskProbe } from './disk-probe.js';
import type { StageFigures } from './latency-breakdown.js';
import { formatTable } from './stats.js';

export type Kind = 'quire' | 'java';
export type Driver = 'java-client' | 'quire-client';

/** What one load generator run reports. */
export interface LoadResult {
  adds: number;
  /** Adds the bookies refused (the client saw an error); a fast run with failures is no win. */
  failed: number;
  seconds: number;
  p50: number;
  p99: number;
  p999: number;
  /** The Quire client's stages (quire-client driver only). */
  clientBreakdown?: StageFigures[];
}

export interface Result extends LoadResult {
  scenario: string;
  kind: Kind;
  driver: Driver;
  size: number;
  /** "closed ≤N" or "open P% (R/s)". */
  mode: string;
  /** 1-based run of this case (--repeat). */
  run: number;
  cpuSecondsPerMillion: number;
  peakRssMb: number;
  fsyncsPerSec: number;
  entriesPerFsync: number;
  /** Bytes written to the bookies' disk during the case, synced at its end (journal, zero fill, entry logs, index, filesystem journal; the bench runs alone). */
  writeBytes: number;
  /** Payload bytes the bookies were asked to store: acked adds x size x write quorum. */
  payloadBytes: number;
  /** The disk's rate for this case's journal pattern (cases of 16 KB and more), measured right after it. */
  disk?: DiskProbe;
  /** The bookies' stages during this case (docs/operations.md "Latency breakdown"). */
  breakdown: StageFigures[];
  /** One-minute load average when the case ended (the machine was quiet, or it was not). */
  load1: number;
}

const f = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '-');
const median = (xs: number[]) => {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  return v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
};
/** A case is its scenario, bookies, driver, size and mode without the rate (open loop rates differ per side when not equal). */
const caseKey = (r: Result) => `${r.scenario}|${r.driver}|${r.size}|${r.mode.replace(/ \(.*\)/, '')}`;
const rate = (r: Result) => r.adds / r.seconds;
const writeAmp = (r: Result) => (r.payloadBytes > 0 ? r.writeBytes / r.payloadBytes : NaN);
/** The bookies' disk writes per second against what the probe wrote with the same pattern. */
const diskShare = (r: Result) => (r.disk ? r.writeBytes / r.seconds / 1e6 / r.disk.mbPerSec : NaN);

interface Median {
  key: string;
  kind: Kind;
  first: Result;
  runs: Result[];
  addsPerSec: number;
  minAdds: number;
  maxAdds: number;
  p50: number;
  p99: number;
  p999: number;
  cpu: number;
  rss: number;
  entriesPerFsync: number;
  writeAmp: number;
  payloadMBps: number;
  bookieDiskMBps: number;
  diskMBps: number;
  diskShare: number;
}

function medians(results: Result[]): Median[] {
  const groups = new Map<string, Result[]>();
  for (const r of results) {
    const k = `${r.kind}|${caseKey(r)}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups.values()].map((runs) => ({
    key: caseKey(runs[0]!),
    kind: runs[0]!.kind,
    first: runs[0]!,
    runs,
    addsPerSec: median(runs.map(rate)),
    minAdds: Math.min(...runs.map(rate)),
    maxAdds: Math.max(...runs.map(rate)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    p999: median(runs.map((r) => r.p999)),
    cpu: median(runs.map((r) => r.cpuSecondsPerMillion)),
    rss: Math.max(...runs.map((r) => r.peakRssMb)),
    entriesPerFsync: median(runs.map((r) => r.entriesPerFsync)),
    writeAmp: median(runs.map(writeAmp)),
    payloadMBps: median(runs.map((r) => (rate(r) * r.size) / 1e6)),
    bookieDiskMBps: median(runs.map((r) => r.writeBytes / r.seconds / 1e6)),
    diskMBps: median(runs.map((r) => r.disk?.mbPerSec ?? NaN)),
    diskShare: median(runs.map(diskShare)),
  }));
}

export interface ReportOptions {
  readonly seconds: number;
  readonly repeat: number;
  /** How the open-loop rates were chosen, for the header. */
  readonly openRates: string;
  /** The repository (git commit, bench/results/). */
  readonly root: string;
  /** Runs that failed (the suite went on without them). */
  readonly failures?: readonly string[];
}

export function report(results: Result[], opts: ReportOptions): void {
  const runs = formatTable(
    ['scenario', 'bookies', 'driver', 'size', 'mode', 'run', 'adds/s', 'failed', 'MB/s', 'p50 ms', 'p99 ms', 'p999 ms', 'CPU s/M adds', 'peak RSS MB', 'fsyncs/s', 'entries/fsync', 'disk MB/s written', 'write amp', 'load'],
    results.map((r) => [r.scenario, r.kind, r.driver, String(r.size), r.mode, String(r.run), f(rate(r), 0), String(r.failed), f((r.adds * r.size) / r.seconds / 1e6), f(r.p50, 2), f(r.p99, 2), f(r.p999, 2), f(r.cpuSecondsPerMillion, 0), f(r.peakRssMb, 0), f(r.fsyncsPerSec, 0), f(r.entriesPerFsync), f(r.writeBytes / r.seconds / 1e6), f(writeAmp(r), 2), f(r.load1, 1)]),
  );
  const ms = medians(results);
  const medianTable = formatTable(
    ['scenario', 'bookies', 'driver', 'size', 'mode', 'runs', 'adds/s (median)', 'adds/s min–max', 'p50 ms', 'p99 ms', 'p999 ms', 'CPU s/M adds', 'peak RSS MB', 'entries/fsync', 'write amp'],
    ms.map((m) => [m.first.scenario, m.kind, m.first.driver, String(m.first.size), m.first.mode, String(m.runs.length), f(m.addsPerSec, 0), `${f(m.minAdds, 0)}–${f(m.maxAdds, 0)}`, f(m.p50, 2), f(m.p99, 2), f(m.p999, 2), f(m.cpu, 0), f(m.rss, 0), f(m.entriesPerFsync), f(m.writeAmp, 2)]),
  );
  const ratios: string[][] = [];
  for (const q of ms.filter((m) => m.kind === 'quire')) {
    const j = ms.find((m) => m.kind === 'java' && m.key === q.key);
    if (!j) continue;
    ratios.push([q.first.scenario, q.first.driver, String(q.first.size), q.first.mode.replace(/ \(.*\)/, ''), f(q.addsPerSec / j.addsPerSec, 2), f(q.p99 / j.p99, 2), f(q.cpu / j.cpu, 2), f(q.rss / j.rss, 2), f(q.writeAmp / j.writeAmp, 2)]);
  }
  const ratioTable = formatTable(['scenario', 'driver', 'size', 'mode', 'adds/s Q/J', 'p99 Q/J', 'CPU/add Q/J', 'RSS Q/J', 'write amp Q/J'], ratios);
  const big = ms.filter((m) => m.first.disk !== undefined);
  const diskTable = formatTable(
    ['bookies', 'driver', 'size', 'mode', 'payload MB/s', 'bookies wrote MB/s', 'write amp', 'journal block (probe)', 'disk MB/s (probe)', 'probe fdatasync p99 ms', 'bookies / disk'],
    big.map((m) => [m.kind, m.first.driver, String(m.first.size), m.first.mode, f(m.payloadMBps), f(m.bookieDiskMBps), f(m.writeAmp, 2), `${f(m.first.disk!.blockBytes / 1024, 0)} KiB x ${m.first.disk!.writers}`, f(m.diskMBps), f(m.first.disk!.syncP99Ms, 2), f(m.diskShare, 2)]),
  );
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: opts.root, encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  const header = `Quire vs Apache BookKeeper 4.17.2 — ${new Date().toISOString()} — commit ${commit} — ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB — node ${process.version} — Java bookie heap ${JAVA_BOOKIE_HEAP.join(' ')} — ${opts.seconds} s per run, ${opts.repeat} run(s) per case — open loop: ${opts.openRates} — load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' ')}`;
  const text = [
    header,
    ...(opts.failures && opts.failures.length > 0 ? [`Runs that failed (left out of the medians):\n\n${opts.failures.map((x) => `- ${x}`).join('\n')}`] : []),
    `Medians of ${opts.repeat} run(s) per case (ratios below are of these):`,
    medianTable,
    'Ratios of the medians (Quire / Java; > 1 means Quire has more of it):',
    ratioTable,
    'Write amplification and the disk (cases of 16 KB and more): "bookies wrote" is every byte written to the block device of the bookies during the case (its /sys stat, after a sync at the end: journal with its zero-filled preallocation, entry logs, index, the own journal of the filesystem; the bench runs alone on the machine) per second; "write amp" that over the payload stored (adds x size x write quorum); the probe writes the journal pattern of the case (blocks of its bytes per fdatasync, one file per bookie, fdatasync after each) on the same disk right after it.',
    diskTable,
    'Every run:',
    runs,
    breakdownTable(results),
  ].join('\n\n');
  console.log(`\n## Side by side\n${text}\n`);
  const resultsDir = join(opts.root, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  writeFileSync(join(resultsDir, `${stamp}-compare.md`), `# ${text}\n`);
  writeFileSync(join(resultsDir, `${stamp}-compare.json`), JSON.stringify({ header, commit, results }, null, 2));
}

/** Stages that are parts of the add, not the whole of it (the whole and the journal total contain the rest). */
const PART_STAGES = new Set(['bookie_add_entry', 'bookie_journal_JOURNAL_QUEUE_LATENCY', 'bookie_journal_JOURNAL_FLUSH_LATENCY', 'bookie_journal_JOURNAL_SYNC', 'bookkeeper_server_CHANNEL_WRITE']);

/** Every case's stages (bookies, then the Quire client) of its first run, and the part with the largest p99. */
function breakdownTable(results: Result[]): string {
  const rows: string[][] = [];
  const dominant: string[] = [];
  for (const r of results.filter((x) => x.run === 1)) {
    const c = `${r.scenario} ${r.kind} ${r.driver} ${r.size} B ${r.mode}`;
    for (const st of [...r.breakdown, ...(r.clientBreakdown ?? [])]) {
      const isTime = !st.metric.endsWith('BATCH_ENTRIES');
      rows.push([c, st.metric, st.what, st.source === 'summary' ? 'window' : f(st.count, 0), f(st.p50, isTime ? 3 : 0), f(st.p99, isTime ? 3 : 0)]);
    }
    const top = r.breakdown.filter((st) => PART_STAGES.has(st.metric) && Number.isFinite(st.p99)).sort((a, b) => b.p99 - a.p99)[0];
    if (top) dominant.push(`- ${c}: ${top.metric} (${top.what}), p99 ${top.p99.toFixed(3)} ms`);
  }
  return [
    'Latency breakdown of each case\'s first run (ms, counts for records per fdatasync). Quire: histograms of this case (scrape before and after; bucket-interpolated). Java: BookKeeper\'s summaries of the last full second of the case (rollover 1 s), count "window"; a "-" is a stage the bookie does not export.',
    formatTable(['case', 'stage', 'what', 'count', 'p50', 'p99'], rows),
    'Largest p99 among the parts of a bookie add (write cache, queue wait, write, fdatasync, reply write):',
    dominant.join('\n'),
  ].join('\n\n');
}
