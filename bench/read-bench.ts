// `npm run bench -- reads`: the read path (issue 17). One bookie (E1/Qw1/Qa1), a Quire one and then
// a Java one (Apache BookKeeper 4.17.2, started as the compare bench does), holds a sealed ledger of
// --entries (20,000) entries of --size (1 KB) written by Quire's client; Quire's client reads it
// all, --rounds times per mode with a fresh handle, in read() pages of --page entries, one page
// after another: single reads (batchReadEnabled=false, readConcurrency entries in flight) vs batch
// reads (BATCH_READ_ENTRY, maxBatchReadCount/maxBatchReadSize/maxBatchReadsInFlight defaults).
// Prints entries/s, payload MB/s and the page latency percentiles, with the machine's load average
// (the machine is shared), and writes the table to bench/results/.
import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBookKeeperClient } from '../clients/quorum/connect.js';
import type { ClientConfig } from '../clients/quorum/client-config.js';
import { formatCluster } from '../metadata/cluster-layout.js';
import { openMetadataService } from '../metadata/metadata-service.js';
import { startZooKeeper } from '../harness/zookeeper.js';
import { startBookies, waitRegistered, type Kind } from './compare-bench.js';
import { formatTable, Histogram } from './stats.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url)).replace(/\/dist\/$/, '/');

export interface ReadBenchOptions {
  readonly entries: number;
  readonly size: number;
  readonly page: number;
  readonly rounds: number;
  readonly kinds: readonly Kind[];
}

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
  const bk = await createBookKeeperClient({ metadataServiceUri: `zk+hierarchical://${zk}/ledgers`, config: mode.config });
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

export async function readBench(o: ReadBenchOptions): Promise<void> {
  if (o.kinds.includes('java')) execSync('bash scripts/ensure-java-deps.sh', { cwd: ROOT, stdio: 'inherit' });
  const loadBefore = load();
  const uptimeBefore = execSync('uptime', { encoding: 'utf8' }).trim();
  const zk = await startZooKeeper();
  const dir = mkdtempSync(join(tmpdir(), 'quire-reads-'));
  const results: ReadResult[] = [];
  try {
    const md = await openMetadataService(`zk+hierarchical://${zk.connectString}/ledgers`);
    await formatCluster(md.store, md.root);
    await md.close();
    for (const kind of o.kinds) {
      console.error(`\n${kind} bookie:`);
      const [bookie] = await startBookies(kind, 1, zk.connectString, dir);
      await waitRegistered(zk.connectString, [bookie!.bookieId]);
      const bk = await createBookKeeperClient({ metadataServiceUri: `zk+hierarchical://${zk.connectString}/ledgers` });
      let ledgerId: bigint;
      try {
        const w = await bk.createLedger({ ensembleSize: 1, writeQuorumSize: 1, ackQuorumSize: 1, digestType: 'CRC32C', password: 'bench' });
        const data = Buffer.alloc(o.size, 0x61);
        for (let b = 0; b < o.entries; b += 500) await Promise.all(Array.from({ length: Math.min(500, o.entries - b) }, () => w.append(data)));
        await w.close();
        ledgerId = w.ledgerId;
      } finally {
        await bk.close();
      }
      for (const mode of MODES) results.push(await readAll(zk.connectString, kind, ledgerId, mode, o));
      await bookie!.kill();
    }
  } finally {
    await zk.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  const f = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '-');
  const table = formatTable(
    ['bookie', 'mode', 'entries/s', 'MB/s', `page p50 ms`, 'page p99 ms', 'page max ms', 'pages'],
    results.map((r) => [r.kind, r.mode, f(r.entries / r.seconds, 0), f(r.bytes / r.seconds / 1e6), f(r.pages.p(50), 2), f(r.pages.p(99), 2), f(r.pages.p(100), 2), String(r.pages.count)]),
  );
  const ratios = formatTable(
    ['bookie', 'batch / single entries/s'],
    o.kinds.map((k) => {
      const s = results.find((r) => r.kind === k && r.mode === 'single reads');
      const b = results.find((r) => r.kind === k && r.mode === 'batch reads');
      return [k, s && b ? f(b.entries / b.seconds / (s.entries / s.seconds), 2) : '-'];
    }),
  );
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  const header = [
    `Reads through Quire's client — ${new Date().toISOString()} — commit ${commit} — ${cpus().length} cores (${cpus()[0]?.model ?? '?'}) — node ${process.version}`,
    `One bookie (E1/Qw1/Qa1), a sealed ledger of ${o.entries} entries of ${o.size} B (CRC32C), read whole ${o.rounds} times per mode after one warm-up pass, in read() pages of ${o.page} entries, one page at a time; MB/s counts payload bytes.`,
    `Machine load (shared machine): before \`${uptimeBefore}\`; after: load average ${load()} (was ${loadBefore}).`,
  ].join('\n');
  const text = `${header}\n\n${table}\n\n${ratios}\n`;
  console.log(`\n## Reads\n${text}`);
  const resultsDir = join(ROOT, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-reads.md`), `# ${text}`);
}
