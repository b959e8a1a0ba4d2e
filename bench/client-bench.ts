// Quorum client benchmark in the spirit of BookKeeper's BenchThroughputLatency: three local bookie
// processes (journal fdatasync on), ledgers with E3/Qw2/Qa2, 1 KiB entries, a bound on adds in
// flight spread over several ledgers. A closed-loop run measures the maximum; an open-loop run at
// half of it reports latency from each add's scheduled time (no coordinated omission). Bookie
// fsyncs and CPU come from the bookies' /metrics; client CPU from this process.
import { createBookKeeperClient } from '../clients/quorum/connect.js';
import type { WriteHandle } from '../clients/quorum/index.js';
import type { BookieProcess } from '../harness/bookie-process.js';
import { startLocalCluster, type LocalCluster } from '../harness/local-cluster.js';
import { formatTable, Histogram } from './stats.js';

export interface ClientBenchOptions {
  readonly seconds: number;
  /** Adds in flight at once, over all ledgers (BenchThroughputLatency's -throttle). */
  readonly maxOutstanding: number;
  readonly ledgers: number;
  readonly entrySize: number;
  readonly ensemble: number;
  readonly writeQuorum: number;
  readonly ackQuorum: number;
  readonly protocol: 'v3' | 'v2';
  /** Extra open-loop runs at these rates (adds/s), after the one at half the maximum. */
  readonly openRates?: readonly number[];
  /** Keep the bookies' data here (default: a temporary directory, deleted afterwards). */
  readonly dir?: string;
}

export const DEFAULT_CLIENT_BENCH: ClientBenchOptions = {
  seconds: 10,
  maxOutstanding: 2000,
  ledgers: 4,
  entrySize: 1024,
  ensemble: 3,
  writeQuorum: 2,
  ackQuorum: 2,
  protocol: 'v3',
};

async function scrape(p: BookieProcess): Promise<Map<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${p.httpPort}/metrics`)).text();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(quire_bookie_journal_fsyncs_total|quire_bookie_journal_records_total|quire_bookie_process_cpu_seconds_total) ([0-9.e+]+)$/.exec(line);
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

async function scrapeAll(cluster: LocalCluster): Promise<Map<string, number>> {
  const sum = new Map<string, number>();
  for (const b of cluster.bookies) for (const [k, v] of await scrape(b.process)) sum.set(k, (sum.get(k) ?? 0) + v);
  return sum;
}

interface RunResult {
  readonly mode: string;
  readonly adds: number;
  readonly failed: number;
  readonly seconds: number;
  readonly hist: Histogram;
  readonly fsyncs: number;
  readonly records: number;
  readonly bookieCpu: number;
  readonly clientCpu: number;
}

async function run(cluster: LocalCluster, handles: WriteHandle[], o: ClientBenchOptions, targetRate: number | undefined): Promise<RunResult> {
  const payload = Buffer.alloc(o.entrySize, 0x61);
  const hist = new Histogram();
  const before = await scrapeAll(cluster);
  const cpu0 = process.cpuUsage();
  let adds = 0;
  let failed = 0;
  let inFlight = 0;
  let rr = 0;
  const t0 = performance.now();
  const endAt = t0 + o.seconds * 1000;
  const send = (scheduledAt: number): Promise<void> => {
    const h = handles[rr++ % handles.length]!;
    inFlight++;
    return h.append(payload).then(
      () => {
        inFlight--;
        adds++;
        hist.record(performance.now() - scheduledAt);
      },
      () => {
        inFlight--;
        failed++;
      },
    );
  };
  if (targetRate === undefined) {
    // Closed loop: each lane keeps one add in flight.
    const lane = async (): Promise<void> => {
      while (performance.now() < endAt) await send(performance.now());
    };
    await Promise.all(Array.from({ length: o.maxOutstanding }, lane));
  } else {
    // Open loop: adds are due at a fixed rate; latency counts from the due time. If the bound on
    // adds in flight is reached, due adds wait (and their latency grows), nothing is dropped.
    const interval = 1000 / targetRate;
    let due = t0;
    const pending: Promise<void>[] = [];
    await new Promise<void>((resolve) => {
      const tick = (): void => {
        const now = performance.now();
        while (due <= now && due < endAt && inFlight < o.maxOutstanding) {
          pending.push(send(due));
          due += interval;
        }
        if (due >= endAt) resolve();
        // A 1 ms timer, not a busy loop: the client shares two cores with three bookies.
        else setTimeout(tick, 1);
      };
      tick();
    });
    await Promise.all(pending);
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const after = await scrapeAll(cluster);
  const d = (k: string) => (after.get(k) ?? 0) - (before.get(k) ?? 0);
  return {
    mode: targetRate === undefined ? `closed, ${o.maxOutstanding} in flight` : `open, ${Math.round(targetRate)}/s`,
    adds,
    failed,
    seconds,
    hist,
    fsyncs: d('quire_bookie_journal_fsyncs_total'),
    records: d('quire_bookie_journal_records_total'),
    bookieCpu: d('quire_bookie_process_cpu_seconds_total'),
    clientCpu: (cpu.user + cpu.system) / 1e6,
  };
}

/** Runs the closed-loop and the half-load open-loop measurements and prints a table. */
export async function clientBench(opts: Partial<ClientBenchOptions> = {}): Promise<{ maxAddsPerSec: number; halfLoadP99Ms: number }> {
  const o = { ...DEFAULT_CLIENT_BENCH, ...opts };
  console.log(
    `\n## Quorum client (BenchThroughputLatency-style): 3 bookie processes, journalSyncData=true, E${o.ensemble} Qw${o.writeQuorum} Qa${o.ackQuorum}, ` +
      `${o.entrySize} B entries, ${o.ledgers} ledgers, ${o.protocol}`,
  );
  const cluster = await startLocalCluster({
    bookies: 3,
    bookieSettings: ['httpServerEnabled=true', 'httpServerPort=0', 'dbStorage_writeCacheMaxSizeMb=256', ...(process.env.QUIRE_BENCH_BOOKIE_SET ?? '').split(' ').filter((kv) => kv !== '')],
    ...(opts.dir ? { dir: opts.dir } : {}),
  });
  const bk = await createBookKeeperClient({ metadataService: cluster.service, protocol: o.protocol, config: { maxPendingAddsPerLedger: Math.max(10_000, o.maxOutstanding) } });
  const rows: RunResult[] = [];
  try {
    const open = async () => Promise.all(Array.from({ length: o.ledgers }, () => bk.createLedger({ ensembleSize: o.ensemble, writeQuorumSize: o.writeQuorum, ackQuorumSize: o.ackQuorum, digestType: 'CRC32C' })));
    // Warm-up (JIT, connections), not reported.
    const warm = await open();
    await run(cluster, warm, { ...o, seconds: Math.min(2, o.seconds) }, undefined);
    await Promise.all(warm.map((h) => h.close()));

    const closedHandles = await open();
    const max = await run(cluster, closedHandles, o, undefined);
    rows.push(max);
    await Promise.all(closedHandles.map((h) => h.close()));

    const half = Math.max(100, max.adds / max.seconds / 2);
    const openHandles = await open();
    rows.push(await run(cluster, openHandles, o, half));
    await Promise.all(openHandles.map((h) => h.close()));
    for (const rate of o.openRates ?? []) {
      const hs = await open();
      rows.push(await run(cluster, hs, o, rate));
      await Promise.all(hs.map((h) => h.close()));
    }
  } finally {
    await bk.close();
    await cluster.stop();
  }
  console.log(
    formatTable(
      ['mode', 'adds/s', 'MB/s', 'p50 ms', 'p95 ms', 'p99 ms', 'p999 ms', 'failed', 'fsyncs/s', 'records/fsync', 'bookie CPU %', 'client CPU %'],
      rows.map((r) => [
        r.mode,
        (r.adds / r.seconds).toFixed(0),
        ((r.adds * o.entrySize) / r.seconds / 1e6).toFixed(1),
        r.hist.p(50).toFixed(2),
        r.hist.p(95).toFixed(2),
        r.hist.p(99).toFixed(2),
        r.hist.p(99.9).toFixed(2),
        String(r.failed),
        (r.fsyncs / r.seconds).toFixed(0),
        r.fsyncs > 0 ? (r.records / r.fsyncs).toFixed(1) : '-',
        ((100 * r.bookieCpu) / r.seconds).toFixed(0),
        ((100 * r.clientCpu) / r.seconds).toFixed(0),
      ]),
    ),
  );
  return { maxAddsPerSec: rows[0]!.adds / rows[0]!.seconds, halfLoadP99Ms: rows[1]!.hist.p(99) };
}

// `node --import tsx bench/client-bench.ts [--seconds N] [--outstanding N] [--ledgers N] [--protocol v2] [--rates 2000,5000]` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const flag = (name: string): string | undefined => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const num = (name: string): number | undefined => (flag(name) === undefined ? undefined : Number(flag(name)));
  await clientBench({
    ...(num('seconds') !== undefined ? { seconds: num('seconds')! } : {}),
    ...(num('outstanding') !== undefined ? { maxOutstanding: num('outstanding')! } : {}),
    ...(num('ledgers') !== undefined ? { ledgers: num('ledgers')! } : {}),
    ...(num('size') !== undefined ? { entrySize: num('size')! } : {}),
    ...(flag('protocol') === 'v2' ? { protocol: 'v2' as const } : {}),
    ...(flag('rates') !== undefined ? { openRates: flag('rates')!.split(',').map(Number) } : {}),
  });
}
