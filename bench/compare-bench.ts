// `npm run bench -- compare`: Quire bookies against Apache BookKeeper 4.17.2's Java bookies, on this
// machine, in one run, with the same load generators against each:
//   - BookKeeper's own Java client (test/interop/java/.../JavaBench.java, a BenchThroughputLatency-
//     style loop) and Quire's client (in this process);
//   - one bookie (E1/Qw1/Qa1) and three bookies (E3/Qw2/Qa2), 1 KB entries, closed loop with a
//     bound on outstanding adds; open loop (Java client, latency from the intended send time) at
//     25/50/75 % of the Java bookies' closed-loop maximum, the same absolute rates for both sides;
//   - 100 B, 16 KB and 64 KB entries on three bookies, both clients;
//   - --repeat N runs of each case, reported as medians (compare-report.ts); per case the bookies'
//     bytes written per payload byte, and for 16 KB and up the disk's own rate for that journal
//     pattern, probed right after the case (disk-probe.ts).
// Both kinds of bookie: journalSyncData=true, group wait 2 ms, journal and ledgers on the same disk.
// Java bookies: -Xms512m -Xmx512m -XX:MaxDirectMemorySize=512m. Results go to bench/results/.
import { execSync, spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBookKeeperClient } from '../clients/quorum/connect.js';
import { formatCluster } from '../metadata/cluster-layout.js';
import { openMetadataService } from '../metadata/metadata-service.js';
import { startBookieProcess } from '../harness/bookie-process.js';
import { startJavaBookie } from '../harness/java-bookie.js';
import { freePort, JAR_DIR, JAVA_DIR, startZooKeeper } from '../harness/zookeeper.js';
import { Histogram } from './stats.js';
import { report, type Driver, type Kind, type LoadResult, type Result } from './compare-report.js';
import { probeDiskWrites } from './disk-probe.js';

export type { Kind } from './compare-report.js';
import { Registry } from 'prom-client';
import { ClientLatencyMetrics } from '../gateway/gateway-metrics.js';
import { BOOKIE_STAGES, CLIENT_STAGES, histogramFigures, summaryFigures } from './latency-breakdown.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url)).replace(/\/dist\/$/, '/');
const CLASSES = join(JAVA_DIR, 'target', 'quire-client-classes');
const CLK_TCK = 100;

export interface Bookie {
  readonly pid: number;
  readonly bookieId: string;
  /** Its journal and ledger directories (removed when the bench is done with it). */
  readonly dir: string;
  /** Counters for the table, and the whole /metrics text for the latency breakdown. */
  metrics(): Promise<{ fsyncs: number; entries: number; text: string }>;
  kill(): Promise<unknown>;
}

function procCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime + stime
}

/**
 * Bytes written to the block device that holds `dir`, from its /sys stat (sectors of 512 bytes).
 * Device-wide, so it holds only while the bench runs alone; it is the truthful figure: a process's
 * /proc/<pid>/io write_bytes counts whole page-cache folios dirtied, and on kernels with large
 * folios (6.x ext4) one 1 KB journal write into a 256 KB zero-filled folio counts 256 KB.
 */
export function deviceWrittenBytes(dir: string): number {
  const dev = statSync(dir).dev;
  const major = (dev >> 8) & 0xfff;
  const minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
  return Number(readFileSync(`/sys/dev/block/${major}:${minor}/stat`, 'utf8').trim().split(/\s+/)[6]) * 512;
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
        dir: d,
        pid: p.child.pid!,
        bookieId: p.bookieId,
        async metrics() {
          const t = await scrape(p.httpPort!);
          return { fsyncs: metricSum(t, 'quire_bookie_journal_fsyncs_total'), entries: metricSum(t, 'quire_bookie_journal_records_total'), text: t };
        },
        // SIGTERM when profiling (QUIRE_BOOKIE_NODE_ARGS=--cpu-prof): node writes the profile only on a clean exit.
        kill: () => p.kill(process.env.QUIRE_BOOKIE_NODE_ARGS?.includes('--cpu-prof') ? 'SIGTERM' : 'SIGKILL'),
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
        dir: d,
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

/** One run of one case; cases of 16 KB and more also probe the disk with the journal pattern they showed. */
async function measure(scenario: string, kind: Kind, driver: Driver, zk: string, bookies: Bookie[], l: Load, mode: string, run: number, dir: string): Promise<Result> {
  const cpu0 = bookies.map((b) => procCpuSeconds(b.pid));
  // Dirty pages of the previous case go to disk in its own window, and this case's in this one.
  execSync('sync');
  const w0 = deviceWrittenBytes(dir);
  const m0 = await Promise.all(bookies.map((b) => b.metrics()));
  const r = driver === 'java-client' ? await runJavaClient(zk, l) : await runQuireClient(zk, l);
  const cpu1 = bookies.map((b) => procCpuSeconds(b.pid));
  execSync('sync');
  const w1 = deviceWrittenBytes(dir);
  const m1 = await Promise.all(bookies.map((b) => b.metrics()));
  const cpu = cpu1.reduce((a, v, i) => a + v - cpu0[i]!, 0);
  const fsyncs = m1.reduce((a, v, i) => a + v.fsyncs - m0[i]!.fsyncs, 0);
  const entries = m1.reduce((a, v, i) => a + v.entries - m0[i]!.entries, 0);
  const entriesPerFsync = fsyncs > 0 ? entries / fsyncs : NaN;
  // Each journal's group: its records per fdatasync, each the entry plus BookKeeper's ~60 bytes of header and digest.
  const disk = l.size >= 16384 && Number.isFinite(entriesPerFsync) ? await probeDiskWrites(dir, entriesPerFsync * (l.size + 64), bookies.length, 4) : undefined;
  const res: Result = {
    ...r,
    scenario,
    kind,
    driver,
    size: l.size,
    mode,
    run,
    cpuSecondsPerMillion: r.adds > 0 ? (cpu / r.adds) * 1e6 : NaN,
    peakRssMb: Math.max(...bookies.map((b) => procPeakRssMb(b.pid))),
    fsyncsPerSec: fsyncs / r.seconds,
    entriesPerFsync,
    writeBytes: w1 - w0,
    payloadBytes: r.adds * l.size * l.qw,
    ...(disk ? { disk } : {}),
    breakdown:
      kind === 'quire'
        ? histogramFigures(BOOKIE_STAGES, m0.map((m) => m.text).join('\n'), m1.map((m) => m.text).join('\n'))
        : summaryFigures(BOOKIE_STAGES, m1.map((m) => m.text)),
    load1: loadavg()[0]!,
  };
  const amp = res.payloadBytes > 0 ? (res.writeBytes / res.payloadBytes).toFixed(2) : '-';
  console.error(`  ${scenario} ${kind} bookies, ${driver}, ${l.size} B, ${mode}, run ${run}: ${(res.adds / res.seconds).toFixed(0)} adds/s, p99 ${res.p99.toFixed(2)} ms, write amp ${amp}${disk ? `, disk ${disk.mbPerSec.toFixed(1)} MB/s at ${(disk.blockBytes / 1024).toFixed(0)} KiB x ${disk.writers}` : ''} (load ${res.load1.toFixed(1)})`);
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
  /** Runs per case (--repeat; the report gives their medians). Issue 17's targets: 3 runs of >= 30 s. */
  readonly repeat?: number;
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
  const repeat = Math.max(1, opts.repeat ?? 1);
  const failures: string[] = [];
  // Every run so far, rewritten after each: a suite stopped part way keeps what it measured.
  const partial = join(ROOT, 'bench', 'results', `${new Date().toISOString().replace(/[:.]/g, '-')}-compare.partial.json`);
  /** Kills bookies and removes their data (a 30 s run at 64 KB leaves tens of GB). */
  const stop = async (bs: Bookie[]) => {
    for (const b of bs) {
      await b.kill();
      rmSync(b.dir, { recursive: true, force: true });
    }
  };
  let openRates = '';
  try {
    const md = await openMetadataService(`zk+hierarchical://${zk.connectString}/ledgers`);
    await formatCluster(md.store, md.root);
    await md.close();
    const base = { seconds: opts.seconds, outstanding: opts.outstanding, rate: 0, ledgers: 1 };
    /**
     * `repeat` runs of one case. `fresh` starts new bookies (and removes the old ones' data) before
     * each run: at 16 KB and more one run writes tens of GB, and bookies on a filling disk turn
     * read-only. A run that fails is reported and the suite goes on (the rest still counts).
     */
    const runs = async (scenario: string, kind: Kind, driver: Driver, set: { bookies: Bookie[] }, l: Load, mode: string, fresh = false): Promise<Result[]> => {
      const out: Result[] = [];
      for (let run = 1; run <= repeat; run++) {
        try {
          if (fresh) set.bookies = await restart(kind, set.bookies);
          out.push(await measure(scenario, kind, driver, zk.connectString, set.bookies, l, mode, run, dir));
        } catch (e) {
          failures.push(`${scenario} ${kind} ${driver} ${l.size} B ${mode} run ${run}: ${String(e).split('\n').filter((x) => /Exception|Error|"level":[5-6]0/.test(x)).slice(0, 4).join(' / ')} (bookies: ${await bookieStates(set.bookies)})`);
          console.error(`  FAILED: ${failures[failures.length - 1]}`);
        }
        writeFileSync(partial, JSON.stringify({ results: [...results, ...out], failures }, null, 2));
      }
      results.push(...out);
      return out;
    };
    const restart = async (kind: Kind, old: Bookie[]): Promise<Bookie[]> => {
      await stop(old);
      const next = await startBookies(kind, old.length, zk.connectString, dir, opts.quireSettings);
      await waitRegistered(zk.connectString, next.map((b) => b.bookieId));
      return next;
    };
    const bookieStates = async (bs: Bookie[]): Promise<string> => {
      const md = await openMetadataService(`zk+hierarchical://${zk.connectString}/ledgers`);
      try {
        const writable = new Set(await md.registration.getWritableBookies());
        const free = statfsSync(dir);
        return `${bs.map((b) => `${b.bookieId} ${existsSync(`/proc/${b.pid}`) ? (writable.has(b.bookieId) ? 'writable' : 'not writable') : 'exited'}`).join(', ')}; disk ${((free.bavail * free.bsize) / 2 ** 30).toFixed(1)} GiB free`;
      } finally {
        await md.close();
      }
    };
    const medianRate = (rs: Result[]) => rs.map((r) => r.adds / r.seconds).sort((a, b) => a - b)[Math.floor((rs.length - 1) / 2)]!;
    // Java's bookies go first when both kinds run: the open loop drives both sides at fractions of
    // Java's closed-loop maximum, so the tails are compared at equal absolute load.
    let javaMax: number | undefined;
    for (const kind of [...kinds].sort((a, b) => (a === 'java' ? -1 : b === 'java' ? 1 : 0))) {
      console.error(`\n${kind} bookies:`);
      if (cases.has('1-bookie')) {
        const one = await startBookies(kind, 1, zk.connectString, dir, opts.quireSettings);
        await waitRegistered(zk.connectString, one.map((b) => b.bookieId));
        const set = { bookies: one };
        for (const driver of drivers) await runs('1 bookie E1/Qw1/Qa1', kind, driver, set, { ...base, e: 1, qw: 1, qa: 1, size: 1024 }, `closed ≤${opts.outstanding}`);
        await stop(set.bookies);
      }
      if (!cases.has('3-bookies') && !cases.has('sizes') && !(javaClient && cases.has('open'))) continue;
      const set = { bookies: await startBookies(kind, 3, zk.connectString, dir, opts.quireSettings) };
      await waitRegistered(zk.connectString, set.bookies.map((b) => b.bookieId));
      const three = { ...base, e: 3, qw: 2, qa: 2, ledgers: 3 };
      let max = 0;
      // The open-loop rates are fractions of the Java client's closed-loop maximum: it runs for them.
      for (const driver of drivers) {
        if (!cases.has('3-bookies') && !(driver === 'java-client' && cases.has('open'))) continue;
        const rs = await runs('3 bookies E3/Qw2/Qa2', kind, driver, set, { ...three, size: 1024 }, `closed ≤${opts.outstanding}`);
        if (driver === 'java-client') max = medianRate(rs);
      }
      if (kind === 'java' && max > 0) javaMax = max;
      const openBase = opts.openMax ?? javaMax ?? max;
      for (const pct of javaClient && cases.has('open') ? [25, 50, 75] : []) {
        const rate = Math.max(100, Math.round((openBase * pct) / 100));
        await runs('3 bookies E3/Qw2/Qa2', kind, 'java-client', set, { ...three, size: 1024, rate, outstanding: 5000 }, `open ${pct}% (${rate}/s)`);
      }
      for (const size of cases.has('sizes') ? opts.sizes.filter((x) => x !== 1024) : []) {
        // Large entries: fewer in flight, so the clients' buffers stay bounded (500 x 64 KB = 32 MB).
        const outstanding = size >= 16384 ? Math.min(opts.outstanding, 500) : opts.outstanding;
        for (const driver of drivers) await runs('3 bookies E3/Qw2/Qa2', kind, driver, set, { ...three, size, outstanding }, `closed ≤${outstanding}`, size >= 16384);
      }
      await stop(set.bookies);
    }
    openRates =
      opts.openMax !== undefined
        ? `25/50/75 % of --open-max ${opts.openMax} adds/s for both sides`
        : javaMax !== undefined
          ? `25/50/75 % of the Java bookies' closed-loop median with the Java client (${javaMax.toFixed(0)} adds/s), the same absolute rates for both sides`
          : '25/50/75 % of each side\'s own closed-loop median';
  } finally {
    await zk.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  report(results, { seconds: opts.seconds, repeat, openRates, root: ROOT, failures });
  rmSync(partial, { force: true });
}

