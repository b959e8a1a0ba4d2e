// `npm run bench -- reads`: the read path (issue 17), Quire's client against one bookie (E1/Qw1/Qa1),
// a Quire one and then a Java one (Apache BookKeeper 4.17.2, same settings as the compare bench),
// in three parts (--parts sealed,tail,catchup):
//   - sealed: a sealed ledger of --entries (20,000) entries of --size (1 KB), read whole --rounds
//     times per mode with a fresh handle, in read() pages of --page entries, one page after
//     another: single reads (batchReadEnabled=false, readConcurrency in flight) vs batch reads
//     (BATCH_READ_ENTRY, maxBatchReadCount/maxBatchReadSize/maxBatchReadsInFlight defaults);
//   - tail (read-tail.ts): a writer appends for --tail-seconds (8) at --tail-rate (2000/s), then
//     closed loop with --tail-outstanding (100) in flight, while a reader tails at the LAC:
//     delivered entries/s, MB/s, append-to-read latency;
//   - catchup (read-catchup.ts): --catchup-entries (200,000) entries flushed to entry logs, bookie
//     restarted, page cache dropped, read from entry 0 in pages of --catchup-page (4000), against
//     the disk's sequential read rate measured in the same run.
// Prints the tables, a Quire / Java ratio table and the machine's load average (the machine is
// shared), and writes them to bench/results/.
import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBookKeeperClient } from '../clients/quorum/connect.js';
import type { ClientConfig } from '../clients/quorum/client-config.js';
import { formatCluster } from '../metadata/cluster-layout.js';
import { openMetadataService } from '../metadata/metadata-service.js';
import { freePort, startZooKeeper } from '../harness/zookeeper.js';
import { waitRegistered, type Kind } from './compare-bench.js';
import { catchUp, diskSequentialRead, type CatchUpResult } from './read-catchup.js';
import { type KeptBookie, startKeptBookie, writeSealedLedger, zkUri } from './read-bookies.js';
import { tailBench, type TailResult } from './read-tail.js';
import { formatTable, Histogram } from './stats.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url)).replace(/\/dist\/$/, '/');

export interface ReadBenchOptions {
  readonly entries: number;
  readonly size: number;
  readonly page: number;
  readonly rounds: number;
  readonly kinds: readonly Kind[];
  readonly parts: readonly ReadPart[];
  readonly tailSeconds: number;
  readonly tailRate: number;
  readonly tailOutstanding: number;
  readonly catchupEntries: number;
  readonly catchupPage: number;
}

export const READ_PARTS = ['sealed', 'tail', 'catchup'] as const;
export type ReadPart = (typeof READ_PARTS)[number];

interface ReadResult {
  kind: Kind;
  mode: string;
  entries: number;
  seconds: number;
  bytes: number;
  pages: Histogram;
}

const MODES: readonly { name: string; config: Partial<ClientConfig> }[] = [
  { name: 'single reads', config: { batchReadEnabled: false } },
  { name: 'batch reads', config: { batchReadEnabled: true } },
];

function load(): string {
  return loadavg().map((v) => v.toFixed(2)).join(', ');
}

async function readAll(zk: string, kind: Kind, ledgerId: bigint, mode: (typeof MODES)[number], o: ReadBenchOptions): Promise<ReadResult> {
  const bk = await createBookKeeperClient({ metadataServiceUri: zkUri(zk), config: mode.config });
  try {
    const pages = new Histogram();
    let entries = 0;
    let bytes = 0;
    let seconds = 0;
    // One warm-up pass (connections, JIT, the bookie's caches), then the measured rounds.
    for (let round = -1; round < o.rounds; round++) {
      const r = await bk.openLedger(ledgerId, { password: 'bench' });
      const t0 = performance.now();
      for (let first = 0; first < o.entries; first += o.page) {
        const last = Math.min(first + o.page, o.entries) - 1;
        const p0 = performance.now();
        const got = await r.read(BigInt(first), BigInt(last));
        if (round < 0) continue;
        pages.record(performance.now() - p0);
        entries += got.length;
        for (const e of got) bytes += e.payload.length;
      }
      if (round >= 0) seconds += (performance.now() - t0) / 1000;
    }
    console.error(`  ${kind} bookie, ${mode.name}: ${(entries / seconds).toFixed(0)} entries/s, page p99 ${pages.p(99).toFixed(1)} ms (load ${load()})`);
    return { kind, mode: mode.name, entries, seconds, bytes, pages };
  } finally {
    await bk.close();
  }
}

const f = (v: number, d = 1): string => (Number.isFinite(v) ? v.toFixed(d) : '-');

interface Results {
  sealed: ReadResult[];
  tail: TailResult[];
  catchup: CatchUpResult[];
  /** The disk's sequential read rate (MB/s), NaN when the page cache could not be dropped. */
  diskMBs: number;
}

/** Every part for one kind of bookie; the bookie keeps one data directory and port throughout. */
async function runKind(zk: string, kind: Kind, dir: string, o: ReadBenchOptions, out: Results): Promise<void> {
  const port = await freePort();
  let bookie: KeptBookie = await startKeptBookie(kind, zk, join(dir, kind), port);
  try {
    await waitRegistered(zk, [bookie.bookieId]);
    if (o.parts.includes('sealed')) {
      const ledgerId = await writeSealedLedger(zk, o.entries, o.size);
      for (const mode of MODES) out.sealed.push(await readAll(zk, kind, ledgerId, mode, o));
    }
    if (o.parts.includes('tail')) out.tail.push(...(await tailBench(zk, kind, { seconds: o.tailSeconds, size: o.size, rate: o.tailRate, outstanding: o.tailOutstanding })));
    if (o.parts.includes('catchup')) {
      const c = await catchUp(zk, bookie, port, { entries: o.catchupEntries, size: o.size, page: o.catchupPage });
      bookie = c.bookie;
      out.catchup.push(c.result);
    }
  } finally {
    await bookie.kill();
  }
}

function tables(o: ReadBenchOptions, r: Results): string[] {
  const out: string[] = [];
  const rate = (n: number, s: number) => n / s;
  if (r.sealed.length > 0) {
    out.push(
      '### Sealed ledger (warm: written just before)\n\n' +
        formatTable(
          ['bookie', 'mode', 'entries/s', 'MB/s', 'page p50 ms', 'page p99 ms', 'page max ms', 'pages'],
          r.sealed.map((x) => [x.kind, x.mode, f(rate(x.entries, x.seconds), 0), f(x.bytes / x.seconds / 1e6), f(x.pages.p(50), 2), f(x.pages.p(99), 2), f(x.pages.p(100), 2), String(x.pages.count)]),
        ),
    );
  }
  if (r.tail.length > 0) {
    out.push(
      '### Tailing reads (ReadHandle.tail at the LAC, from the write cache)\n\n' +
        formatTable(
          ['bookie', 'writer', 'entries/s', 'MB/s', 'append-to-read p50 ms', 'p99 ms', 'max ms', 'entries'],
          r.tail.map((x) => [x.kind, x.mode, f(rate(x.entries, x.seconds), 0), f(x.bytes / x.seconds / 1e6), f(x.latency.p(50), 2), f(x.latency.p(99), 2), f(x.latency.p(100), 2), String(x.entries)]),
        ),
    );
  }
  if (r.catchup.length > 0) {
    const cold = r.catchup.every((x) => x.cold);
    out.push(
      `### Catch-up reads of data in entry logs (${cold ? 'cold: bookie restarted, page cache dropped' : 'WARM: drop_caches was refused (not root?), so these are page-cache reads, not disk reads'})\n\n` +
        formatTable(
          ['bookie', 'entries/s', 'MB/s', 'page p50 ms', 'page p99 ms', 'bookie disk reads MB', 'bookie disk MB/s', 'MB/s / disk seq MB/s'],
          r.catchup.map((x) => [x.kind, f(rate(x.entries, x.seconds), 0), f(x.bytes / x.seconds / 1e6), f(x.pages.p(50), 1), f(x.pages.p(99), 1), f(x.diskBytes / 1e6, 0), f(x.diskBytes / x.seconds / 1e6), f(x.bytes / x.seconds / 1e6 / r.diskMBs, 2)]),
        ) +
        `\n\nDisk sequential read rate, same run (a ${f((o.catchupEntries * o.size) / 1e6, 0)} MB file in the bookies' data directory, page cache dropped, 4 MiB reads): ${Number.isFinite(r.diskMBs) ? `${f(r.diskMBs)} MB/s` : 'not measured (drop_caches refused)'}.`,
    );
  }
  // Quire / Java for every row both kinds ran.
  const rows: string[][] = [];
  const pair = <T extends { kind: Kind }>(xs: T[], key: (x: T) => string, tput: (x: T) => number, p99: (x: T) => number, part: string) => {
    for (const q of xs.filter((x) => x.kind === 'quire')) {
      const j = xs.find((x) => x.kind === 'java' && key(x) === key(q));
      if (j) rows.push([part, key(q), f(tput(q) / tput(j), 2), f(p99(j) / p99(q), 2)]);
    }
  };
  pair(r.sealed, (x) => x.mode, (x) => x.entries / x.seconds, (x) => x.pages.p(99), 'sealed');
  pair(r.tail, (x) => x.mode, (x) => x.entries / x.seconds, (x) => x.latency.p(99), 'tail');
  pair(r.catchup, () => 'batch reads', (x) => x.entries / x.seconds, (x) => x.pages.p(99), 'catch-up');
  if (rows.length > 0) out.push('### Quire / Java (target: entries/s >= 1.25)\n\n' + formatTable(['part', 'mode', 'Quire / Java entries/s', 'Java p99 / Quire p99 (> 1: Quire lower)'], rows));
  return out;
}

export async function readBench(o: ReadBenchOptions): Promise<void> {
  if (o.kinds.includes('java')) execSync('bash scripts/ensure-java-deps.sh', { cwd: ROOT, stdio: 'inherit' });
  const loadBefore = load();
  const uptimeBefore = execSync('uptime', { encoding: 'utf8' }).trim();
  const zk = await startZooKeeper();
  const dir = mkdtempSync(join(tmpdir(), 'quire-reads-'));
  const results: Results = { sealed: [], tail: [], catchup: [], diskMBs: NaN };
  try {
    const md = await openMetadataService(zkUri(zk.connectString));
    await formatCluster(md.store, md.root);
    await md.close();
    for (const kind of o.kinds) {
      console.error(`\n${kind} bookie:`);
      await runKind(zk.connectString, kind, dir, o, results);
    }
    if (o.parts.includes('catchup')) {
      results.diskMBs = diskSequentialRead(dir, o.catchupEntries * o.size);
      console.error(`  disk sequential read: ${f(results.diskMBs)} MB/s`);
    }
  } finally {
    await zk.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  const header = [
    `Reads through Quire's client — ${new Date().toISOString()} — commit ${commit} — ${cpus().length} cores (${cpus()[0]?.model ?? '?'}) — node ${process.version}`,
    `One bookie (E1/Qw1/Qa1, CRC32C), ${o.size} B entries; MB/s counts payload bytes. Sealed: ${o.entries} entries read whole ${o.rounds} times per mode after one warm-up pass, in read() pages of ${o.page}, one page at a time. ` +
      `Tail: ${o.tailSeconds} s per writer, latency from each append's send time to the tail yielding it (writer and reader share this process). Catch-up: ${o.catchupEntries} entries, pages of ${o.catchupPage}, one page at a time.`,
    `Machine load (shared machine): before \`${uptimeBefore}\`; after: load average ${load()} (was ${loadBefore}).`,
  ].join('\n');
  const text = `${header}\n\n${tables(o, results).join('\n\n')}\n`;
  console.log(`\n## Reads\n${text}`);
  const resultsDir = join(ROOT, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-reads${o.kinds.length > 1 ? '-compare' : ''}.md`), `# ${text}`);
}
