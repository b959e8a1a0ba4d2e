// `npm run bench -- compare`: Quire bookies against Apache BookKeeper 4.17.2's Java bookies, on this
// machine, in one run, with the same load generators against each:
//   - BookKeeper's own Java client (test/interop/java/.../JavaBench.java, a BenchThroughputLatency-
//     style loop) and Quire's client (in this process);
//   - one bookie (E1/Qw1/Qa1) and three bookies (E3/Qw2/Qa2), 1 KB entries, closed loop with a
//     bound on outstanding adds; open loop at 25/50/75 % of the measured maximum (p50/p99/p999);
//   - 100 B, 1 KB and 16 KB entries on three bookies.
// Both kinds of bookie: journalSyncData=true, group wait 2 ms, journal and ledgers on the same disk.
// Java bookies: -Xms512m -Xmx512m -XX:MaxDirectMemorySize=512m. Results go to bench/results/.
import { execSync, spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBookKeeperClient } from '../clients/quorum/connect.js';
import { formatCluster } from '../metadata/cluster-layout.js';
import { openMetadataService } from '../metadata/metadata-service.js';
import { startBookieProcess } from '../harness/bookie-process.js';
import { JAVA_BOOKIE_HEAP, startJavaBookie } from '../harness/java-bookie.js';
import { freePort, JAR_DIR, JAVA_DIR, startZooKeeper } from '../harness/zookeeper.js';
import { formatTable, Histogram } from './stats.js';
import { Registry } from 'prom-client';
import { ClientLatencyMetrics } from '../gateway/gateway-metrics.js';
import { BOOKIE_STAGES, CLIENT_STAGES, histogramFigures, summaryFigures, type StageFigures } from './latency-breakdown.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url)).replace(/\/dist\/$/, '/');
const CLASSES = join(JAVA_DIR, 'target', 'quire-client-classes');
const CLK_TCK = 100;

export type Kind = 'quire' | 'java';
type Driver = 'java-client' | 'quire-client';

export interface Bookie {
  readonly pid: number;
  readonly bookieId: string;
  /** Counters for the table, and the whole /metrics text for the latency breakdown. */
  metrics(): Promise<{ fsyncs: number; entries: number; text: string }>;
  kill(): Promise<unknown>;
}

/** What one load generator run reports. */
interface LoadResult {
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

interface Result extends LoadResult {
  scenario: string;
  kind: Kind;
  driver: Driver;
  size: number;
  mode: string;
  cpuSecondsPerMillion: number;
  peakRssMb: number;
  fsyncsPerSec: number;
  entriesPerFsync: number;
  /** The bookies' stages during this case (docs/operations.md "Latency breakdown"). */
  breakdown: StageFigures[];
}

function procCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime + stime
}

function procPeakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function scrape(port: number): Promise<string> {
  return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
}

function metricSum(text: string, name: string, labelFilter = ''): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (!(rest.startsWith(' ') || rest.startsWith('{'))) continue;
    if (labelFilter && !line.includes(labelFilter)) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/** n bookies of one kind on ZooKeeper zk, data under dir (quireSettings: --set k=v for Quire bookies); also used by the read bench (read-bench.ts). */
export async function startBookies(kind: Kind, n: number, zk: string, dir: string, quireSettings: readonly string[] = []): Promise<Bookie[]> {
  const out: Bookie[] = [];
  for (let i = 0; i < n; i++) {
    const d = join(dir, `${kind}-${i}-${Date.now()}`);
    if (kind === 'quire') {
      const p = await startBookieProcess([
        '--port', '0', '--journal-dir', join(d, 'journal'), '--ledger-dir', join(d, 'ledgers'),
        '--metadata-service-uri', `zk+hierarchical://${zk}/ledgers`, '--set', 'httpServerEnabled=true', '--set', 'httpServerPort=0',
        ...quireSettings.flatMap((kv) => ['--set', kv]),
      ]);
      out.push({
        pid: p.child.pid!,
        bookieId: p.bookieId,
        async metrics() {
          const t = await scrape(p.httpPort!);
          return { fsyncs: metricSum(t, 'quire_bookie_journal_fsyncs_total'), entries: metricSum(t, 'quire_bookie_journal_records_total'), text: t };
        },
        kill: () => p.kill('SIGKILL'),
      });
    } else {
      const statsPort = await freePort();
      const b = await startJavaBookie({
        zkConnect: zk,
        dir: d,
        settings: {
          statsProviderClass: 'org.apache.bookkeeper.stats.prometheus.PrometheusMetricsProvider',
          prometheusStatsHttpPort: String(statsPort),
          prometheusStatsHttpAddress: '127.0.0.1',
          // Its summaries show the last complete window: 1 s, so the scrape after a case shows its last second.
          prometheusStatsLatencyRolloverSeconds: '1',
        },
      });
      out.push({
        pid: b.child.pid!,
        bookieId: b.bookieId,
        async metrics() {
          const t = await scrape(statsPort);
          return {
            fsyncs: metricSum(t, 'bookie_journal_JOURNAL_SYNC_count', 'success="true"'),
            entries: metricSum(t, 'bookie_journal_JOURNAL_FORCE_WRITE_BATCH_ENTRIES_sum'),
            text: t,
          };
        },
        kill: () => b.kill('SIGKILL'),
      });
    }
  }
  return out;
}

export async function waitRegistered(zk: string, ids: string[]): Promise<void> {
  const md = await openMetadataService(`zk+hierarchical://${zk}/ledgers`);
  try {
    const deadline = Date.now() + 60_000;
    while (true) {
      const up = new Set(await md.registration.getWritableBookies());
      if (ids.every((i) => up.has(i))) return;
      if (Date.now() > deadline) throw new Error(`bookies not registered: ${ids.join(',')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await md.close();
  }
}

interface Load {
  e: number;
  qw: number;
  qa: number;
  size: number;
  seconds: number;
  outstanding: number;
  rate: number;
  ledgers: number;
}

function runJavaClient(zk: string, l: Load): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('java', ['-Xmx1g', '-cp', `${CLASSES}:${JAR_DIR}/*`, 'dev.quire.interop.JavaBench', zk, String(l.e), String(l.qw), String(l.qa), String(l.size), String(l.seconds), String(l.outstanding), String(l.rate), String(l.ledgers), 'false'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err = (err + d).slice(-4000)));
    child.on('exit', (code) => {
      const line = out.split('\n').find((x) => x.startsWith('{'));
      if (code === 0 && line) resolve(JSON.parse(line) as LoadResult);
      else reject(new Error(`JavaBench exited ${code}: ${out}\n${err}`));
    });
  });
}

async function runQuireClient(zk: string, l: Load): Promise<LoadResult> {
  const registry = new Registry();
  const latency = new ClientLatencyMetrics(registry);
  const bk = await createBookKeeperClient({ metadataServiceUri: `zk+hierarchical://${zk}/ledgers`, metrics: latency.sink() });
  try {
    const ledgers = await Promise.all(Array.from({ length: l.ledgers }, () => bk.createLedger({ ensembleSize: l.e, writeQuorumSize: l.qw, ackQuorumSize: l.qa, digestType: 'CRC32C', password: 'bench' })));
    const data = Buffer.alloc(l.size, 0x61);
    for (let i = 0; i < 200; i++) await ledgers[i % ledgers.length]!.append(data);
    const warm = await registry.metrics();
    // The client's own process: time its work waits to run is in every client-side figure.
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const hist = new Histogram();
    let sent = 0;
    let adds = 0;
    const start = performance.now();
    const end = start + l.seconds * 1000;
    const interval = l.rate > 0 ? 1000 / l.rate : 0;
    const lane = async (w: number) => {
      let due = start + (interval * w) / l.outstanding;
      while (performance.now() < end) {
        if (interval > 0) {
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        }
        const scheduled = interval > 0 ? due : performance.now();
        await ledgers[sent++ % ledgers.length]!.append(data);
        hist.record(performance.now() - scheduled);
        adds++;
        due += interval * l.outstanding;
      }
    };
    await Promise.all(Array.from({ length: l.outstanding }, (_, w) => lane(w)));
    const seconds = (performance.now() - start) / 1000;
    loop.disable();
    const clientBreakdown = histogramFigures(CLIENT_STAGES, warm, await registry.metrics());
    clientBreakdown.push({ metric: 'client process event-loop delay', what: 'client: any work in the bench process waits this long to run', count: NaN, p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, source: 'histogram' });
    await Promise.all(ledgers.map((w) => w.close()));
    // The Quire client changes ensembles on bookie errors; an append that still fails ends the run.
    return { adds, failed: 0, seconds, p50: hist.p(50), p99: hist.p(99), p999: hist.p(99.9), clientBreakdown };
  } finally {
    await bk.close();
  }
}

async function measure(scenario: string, kind: Kind, driver: Driver, zk: string, bookies: Bookie[], l: Load, mode: string): Promise<Result> {
  const cpu0 = bookies.map((b) => procCpuSeconds(b.pid));
  const m0 = await Promise.all(bookies.map((b) => b.metrics()));
  const r = driver === 'java-client' ? await runJavaClient(zk, l) : await runQuireClient(zk, l);
  const cpu1 = bookies.map((b) => procCpuSeconds(b.pid));
  const m1 = await Promise.all(bookies.map((b) => b.metrics()));
  const cpu = cpu1.reduce((a, v, i) => a + v - cpu0[i]!, 0);
  const fsyncs = m1.reduce((a, v, i) => a + v.fsyncs - m0[i]!.fsyncs, 0);
  const entries = m1.reduce((a, v, i) => a + v.entries - m0[i]!.entries, 0);
  const res: Result = {
    ...r,
    scenario,
    kind,
    driver,
    size: l.size,
    mode,
    cpuSecondsPerMillion: r.adds > 0 ? (cpu / r.adds) * 1e6 : NaN,
    peakRssMb: Math.max(...bookies.map((b) => procPeakRssMb(b.pid))),
    fsyncsPerSec: fsyncs / r.seconds,
    entriesPerFsync: fsyncs > 0 ? entries / fsyncs : NaN,
    breakdown:
      kind === 'quire'
        ? histogramFigures(BOOKIE_STAGES, m0.map((m) => m.text).join('\n'), m1.map((m) => m.text).join('\n'))
        : summaryFigures(BOOKIE_STAGES, m1.map((m) => m.text)),
  };
  console.error(`  ${scenario} ${kind} bookies, ${driver}, ${l.size} B, ${mode}: ${(res.adds / res.seconds).toFixed(0)} adds/s, p99 ${res.p99.toFixed(2)} ms`);
  return res;
}

/** The groups of cases, for running a part of the suite (--cases). */
export const COMPARE_CASES = ['1-bookie', '3-bookies', 'open', 'sizes'] as const;
export type CompareCase = (typeof COMPARE_CASES)[number];

export interface CompareOptions {
  readonly seconds: number;
  readonly outstanding: number;
  readonly sizes: number[];
  /** Which bookies (--kinds quire,java; default both). */
  readonly kinds?: readonly Kind[];
  /** Which load generators (--drivers java-client,quire-client; default both). */
  readonly drivers?: readonly Driver[];
  /** Which groups of cases (--cases 1-bookie,3-bookies,open,sizes; default all). */
  readonly cases?: readonly CompareCase[];
  /** Open-loop rates as fractions of this absolute rate (--open-max), not of the measured maximum: equal load across runs (A/B). */
  readonly openMax?: number;
  /** Extra settings for Quire bookies (--bookie-set key=value,key=value), e.g. to A/B one setting. */
  readonly quireSettings?: readonly string[];
}

export async function compareBench(opts: CompareOptions): Promise<void> {
  const kinds = opts.kinds ?? (['quire', 'java'] as const);
  const drivers = opts.drivers ?? (['java-client', 'quire-client'] as const);
  const cases = new Set<CompareCase>(opts.cases ?? COMPARE_CASES);
  const javaClient = drivers.includes('java-client');
  // Java is needed for Java bookies, the Java client, and the open-loop and size cases (Java client).
  if (kinds.includes('java') || javaClient) {
    execSync('bash scripts/ensure-java-deps.sh', { cwd: ROOT, stdio: 'inherit' });
    mkdirSync(CLASSES, { recursive: true });
    execSync(`javac -d ${CLASSES} -cp '${JAR_DIR}/*' ${join(JAVA_DIR, 'src/main/java/dev/quire/interop/JavaBench.java')}`, { stdio: 'inherit' });
  }
  const zk = await startZooKeeper();
  const dir = mkdtempSync(join(tmpdir(), 'quire-compare-'));
  const results: Result[] = [];
  try {
    const md = await openMetadataService(`zk+hierarchical://${zk.connectString}/ledgers`);
    await formatCluster(md.store, md.root);
    await md.close();
    const base = { seconds: opts.seconds, outstanding: opts.outstanding, rate: 0, ledgers: 1 };
    for (const kind of kinds) {
      console.error(`\n${kind} bookies:`);
      if (cases.has('1-bookie')) {
        const one = await startBookies(kind, 1, zk.connectString, dir, opts.quireSettings);
        await waitRegistered(zk.connectString, one.map((b) => b.bookieId));
        for (const driver of drivers) {
          results.push(await measure('1 bookie E1/Qw1/Qa1', kind, driver, zk.connectString, one, { ...base, e: 1, qw: 1, qa: 1, size: 1024 }, `closed ≤${opts.outstanding}`));
        }
        for (const b of one) await b.kill();
      }
      if (!cases.has('3-bookies') && !(javaClient && (cases.has('open') || cases.has('sizes')))) continue;
      const bookies = await startBookies(kind, 3, zk.connectString, dir, opts.quireSettings);
      await waitRegistered(zk.connectString, bookies.map((b) => b.bookieId));
      const three = { ...base, e: 3, qw: 2, qa: 2, ledgers: 3 };
      let max = 0;
      // The open-loop rates are fractions of the Java client's closed-loop maximum: it runs for them.
      for (const driver of drivers) {
        if (!cases.has('3-bookies') && !(driver === 'java-client' && cases.has('open'))) continue;
        const r = await measure('3 bookies E3/Qw2/Qa2', kind, driver, zk.connectString, bookies, { ...three, size: 1024 }, `closed ≤${opts.outstanding}`);
        results.push(r);
        if (driver === 'java-client') max = r.adds / r.seconds;
      }
      for (const pct of javaClient && cases.has('open') ? [25, 50, 75] : []) {
        const rate = Math.max(100, Math.round(((opts.openMax ?? max) * pct) / 100));
        results.push(await measure('3 bookies E3/Qw2/Qa2', kind, 'java-client', zk.connectString, bookies, { ...three, size: 1024, rate, outstanding: 5000 }, `open ${pct}% (${rate}/s)`));
      }
      for (const size of javaClient && cases.has('sizes') ? opts.sizes.filter((s) => s !== 1024) : []) {
        results.push(await measure('3 bookies E3/Qw2/Qa2', kind, 'java-client', zk.connectString, bookies, { ...three, size, outstanding: size >= 16384 ? Math.min(opts.outstanding, 500) : opts.outstanding }, `closed ≤${size >= 16384 ? Math.min(opts.outstanding, 500) : opts.outstanding}`));
      }
      for (const b of bookies) await b.kill();
    }
  } finally {
    await zk.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  report(results, opts);
}

function report(results: Result[], opts: CompareOptions): void {
  const f = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '-');
  const table = formatTable(
    ['scenario', 'bookies', 'driver', 'size', 'mode', 'adds/s', 'failed', 'MB/s', 'p50 ms', 'p99 ms', 'p999 ms', 'CPU s/M adds', 'peak RSS MB', 'fsyncs/s', 'entries/fsync'],
    results.map((r) => [r.scenario, r.kind, r.driver, String(r.size), r.mode, f(r.adds / r.seconds, 0), String(r.failed), f((r.adds * r.size) / r.seconds / 1e6), f(r.p50, 2), f(r.p99, 2), f(r.p999, 2), f(r.cpuSecondsPerMillion, 0), f(r.peakRssMb, 0), f(r.fsyncsPerSec, 0), f(r.entriesPerFsync)]),
  );
  const ratios: string[][] = [];
  for (const q of results.filter((r) => r.kind === 'quire')) {
    const j = results.find((r) => r.kind === 'java' && r.scenario === q.scenario && r.driver === q.driver && r.size === q.size && r.mode.split(' ')[0] === q.mode.split(' ')[0] && r.mode.split(' ')[1] === q.mode.split(' ')[1]);
    if (!j) continue;
    ratios.push([q.scenario, q.driver, String(q.size), q.mode.replace(/ \(.*\)/, ''), f(q.adds / q.seconds / (j.adds / j.seconds), 2), f(q.p99 / j.p99, 2), f(q.cpuSecondsPerMillion / j.cpuSecondsPerMillion, 2), f(q.peakRssMb / j.peakRssMb, 2)]);
  }
  const ratioTable = formatTable(['scenario', 'driver', 'size', 'mode', 'adds/s Q/J', 'p99 Q/J', 'CPU/add Q/J', 'RSS Q/J'], ratios);
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  const header = `Quire vs Apache BookKeeper 4.17.2 — ${new Date().toISOString()} — commit ${commit} — ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB — node ${process.version} — Java bookie heap ${JAVA_BOOKIE_HEAP.join(' ')} — ${opts.seconds} s per run`;
  const breakdown = breakdownTable(results);
  const text = `${header}\n\n${table}\n\nRatios (Quire / Java; > 1 means Quire has more of it):\n\n${ratioTable}\n\n${breakdown}\n`;
  console.log(`\n## Side by side\n${text}`);
  const resultsDir = join(ROOT, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  writeFileSync(join(resultsDir, `${stamp}-compare.md`), `# ${header}\n\n${table}\n\n${ratioTable}\n\n${breakdown}\n`);
  writeFileSync(join(resultsDir, `${stamp}-compare.json`), JSON.stringify({ header, commit, results }, null, 2));
}

/** Stages that are parts of the add, not the whole of it (the whole and the journal total contain the rest). */
const PART_STAGES = new Set(['bookie_add_entry', 'bookie_journal_JOURNAL_QUEUE_LATENCY', 'bookie_journal_JOURNAL_FLUSH_LATENCY', 'bookie_journal_JOURNAL_SYNC', 'bookkeeper_server_CHANNEL_WRITE']);

/** Every case's stages (bookies, then the Quire client), and the part with the largest p99. */
function breakdownTable(results: Result[]): string {
  const f = (v: number, d: number) => (Number.isFinite(v) ? v.toFixed(d) : '-');
  const rows: string[][] = [];
  const dominant: string[] = [];
  for (const r of results) {
    const c = `${r.scenario} ${r.kind} ${r.driver} ${r.size} B ${r.mode}`;
    for (const st of [...r.breakdown, ...(r.clientBreakdown ?? [])]) {
      const ms = !st.metric.endsWith('BATCH_ENTRIES');
      rows.push([c, st.metric, st.what, st.source === 'summary' ? 'window' : f(st.count, 0), f(st.p50, ms ? 3 : 0), f(st.p99, ms ? 3 : 0)]);
    }
    const top = r.breakdown.filter((st) => PART_STAGES.has(st.metric) && Number.isFinite(st.p99)).sort((a, b) => b.p99 - a.p99)[0];
    if (top) dominant.push(`- ${c}: ${top.metric} (${top.what}), p99 ${top.p99.toFixed(3)} ms`);
  }
  const table = formatTable(['case', 'stage', 'what', 'count', 'p50', 'p99'], rows);
  return [
    'Latency breakdown (ms, counts for records per fdatasync). Quire: histograms of this case (scrape before and after; bucket-interpolated). Java: BookKeeper\'s summaries of the last full second of the case (rollover 1 s), count "window"; a "-" is a stage the bookie does not export.',
    '',
    table,
    '',
    'Largest p99 among the parts of a bookie add (write cache, queue wait, write, fdatasync, reply write):',
    '',
    ...dominant,
  ].join('\n');
}
