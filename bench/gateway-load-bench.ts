// `npm run bench -- gateway-load [--seconds N] [--size B] [--in-flight 1,64,256] [--connections C]
// [--rows direct,rest,grpc,ghz,autocannon] [--gateway-cpu-prof DIR]`: what a gateway costs per request,
// issue 17's targets, with the gateway as its own process (bench/process-cluster.ts: ZooKeeper,
// 3 bookie processes, 1 gateway; E3/Qw2/Qa2 ledgers) and the load generator in this process, so the
// gateway process's CPU is the server's alone (the in-process `gateway` suite charges the client's
// CPU to the gateway). Closed loops to one ledger per row, N in flight:
//   direct  the quorum client in this process against the same bookies (the baseline);
//   rest    POST /v1/ledgers/{id}/entries, application/octet-stream, a keep-alive agent with N sockets;
//   grpc    unary Append, N calls on one channel (grpc-js in this process);
//   ghz     unary Append, N calls on one connection, driven by ghz (a well-kept gRPC load tool in
//           Go, scripts/ensure-bench-tools.sh installs it): grpc-js's client costs ~165 µs per call,
//           so the grpc row is bounded by its generator near 6k calls/s; ghz's is not;
//   autocannon  the REST append and GET /v1/ledgers/{id}/entries/{entryId} driven by autocannon
//           (a well-kept HTTP load tool) with C connections.
// Each row reports requests/s, p50/p99, the gateway process's CPU seconds over the row (utime +
// stime from /proc/<pid>/stat) and requests/s per gateway core (requests / gateway CPU seconds).
// The machine has few cores, shared by bookies, ZooKeeper and this generator: requests/s is bounded
// by the machine, requests per gateway core is the gateway's own cost.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createBookKeeperClient } from '../clients/quorum/connect.js';
import { createLedgers, grpcAppender, restAppender, type Appender } from './gateway-overload-bench.js';
import { startCluster } from './process-cluster.js';
import { formatTable, Histogram } from './stats.js';

export type LoadRowKind = 'direct' | 'rest' | 'grpc' | 'ghz' | 'autocannon';
export const LOAD_ROW_KINDS: readonly LoadRowKind[] = ['direct', 'rest', 'grpc', 'ghz', 'autocannon'];

const ROOT = fileURLToPath(new URL('../', import.meta.url)).replace(/\/dist\/$/, '/');

export interface GatewayLoadBenchOptions {
  readonly seconds: number;
  readonly size: number;
  /** In-flight counts of the direct, REST and gRPC rows. */
  readonly inFlight: readonly number[];
  /** autocannon's connections (one request in flight each). */
  readonly connections: number;
  readonly rows: readonly LoadRowKind[];
  /** When set, the gateway process runs with node --cpu-prof into this directory (written as it stops). */
  readonly cpuProfDir?: string;
}

interface LoadRow {
  readonly name: string;
  readonly requests: number;
  readonly failed: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p99: number;
  /** CPU seconds of the gateway process and of the load generator (this process, or ghz's) over the row. */
  readonly gatewayCpu: number;
  readonly generatorCpu: number;
}

/** utime + stime of a process, in seconds (fields 14 and 15 of /proc/<pid>/stat; USER_HZ 100 on Linux). */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count fields from its closing parenthesis.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

const generatorCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** What a row's load does: warms up, calls `start()`, then runs and says what it measured. */
type Load = (start: () => void) => Promise<LoadOutcome>;

/** What a load measured: answered requests, their p50/p99 (ms), failures; generatorCpu when the generator is another process. */
interface LoadOutcome {
  readonly requests: number;
  readonly p50: number;
  readonly p99: number;
  readonly failed: number;
  readonly generatorCpu?: number;
}

const outcomeOf = (hist: Histogram, failed: number): LoadOutcome => ({ requests: hist.count, p50: hist.p(50), p99: hist.p(99), failed });

/** Samples the gateway's CPU, this process's CPU and the time from the load's start() to its end. */
async function measured(name: string, pid: number, load: Load): Promise<LoadRow> {
  let cpu0 = 0;
  let gen0 = 0;
  let t0 = 0;
  const r = await load(() => {
    cpu0 = cpuSecondsOf(pid);
    gen0 = generatorCpu();
    t0 = performance.now();
  });
  const seconds = (performance.now() - t0) / 1000;
  return { name, requests: r.requests, failed: r.failed, seconds, p50: r.p50, p99: r.p99, gatewayCpu: cpuSecondsOf(pid) - cpu0, generatorCpu: r.generatorCpu ?? generatorCpu() - gen0 };
}

/** Closed loop: `n` lanes each keep one request in flight for `seconds` (after a 1 s warm-up). */
const lanes = (seconds: number, n: number, op: () => Promise<boolean>): Load => async (start) => {
  const hist = new Histogram();
  let failed = 0;
  const loop = async (endAt: number, count: boolean) => {
    await Promise.all(Array.from({ length: n }, async () => {
      while (performance.now() < endAt) {
        const t = performance.now();
        const ok = await op();
        if (!count) continue;
        if (ok) hist.record(performance.now() - t);
        else failed++;
      }
    }));
  };
  await loop(performance.now() + 1000, false);
  start();
  await loop(performance.now() + seconds * 1000, true);
  return outcomeOf(hist, failed);
};

/** An autocannon run; latencies come from its per-response event (its own histogram is whole ms). */
const cannon = (seconds: number, connections: number, opts: Omit<autocannon.Options, 'duration' | 'connections'>): Load => async (start) => {
  await autocannon({ ...opts, connections, duration: 1 }); // warm-up: connections, JIT
  const hist = new Histogram();
  let failed = 0;
  start();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ ...opts, connections, duration: seconds }, (err, r) => (err ? reject(err as Error) : resolve(r)));
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) hist.record(ms);
      else failed++;
    });
  });
  return outcomeOf(hist, failed + result.errors);
};

interface GhzReport {
  readonly count: number;
  readonly total: number;
  readonly latencyDistribution: readonly { readonly percentage: number; readonly latency: number }[] | null;
  readonly statusCodeDistribution?: Record<string, number>;
}

/** One ghz run (JSON report on stdout) and its CPU seconds (sampled from /proc until it exits). */
async function runGhz(args: readonly string[]): Promise<{ report: GhzReport; cpu: number }> {
  // The project's toolchain environment (GOBIN on PATH), as chaos/run-chaos.ts runs Go.
  const child = spawn('bash', ['-c', 'eval "$(node scripts/toolchain-env.mjs --sh)" && exec ghz "$@"', 'ghz', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let cpu = 0;
  const sampler = setInterval(() => {
    try {
      cpu = cpuSecondsOf(child.pid!);
    } catch {
      // exited between samples: the last sample stands
    }
  }, 100);
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err = (err + d).slice(-4000)));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(sampler);
  if (code !== 0) throw new Error(`ghz exited ${code}: ${err}${out.slice(0, 2000)}`);
  return { report: JSON.parse(out) as GhzReport, cpu };
}

/** unary Append driven by ghz: `n` calls in flight on one connection for `seconds` (after a 1 s warm-up). */
const ghzLoad = (address: string, seconds: number, n: number, ledgerId: string, payload: Buffer): Load => async (start) => {
  const args = (s: number) => [
    '--insecure', '--import-paths', 'proto', '--proto', 'proto/quire/v1/ledger.proto', '--call', 'quire.v1.LedgerService.Append',
    '-d', JSON.stringify({ ledgerId, data: payload.toString('base64') }), '-c', String(n), '--connections', '1',
    '-z', `${s}s`, '--format', 'json', '--skipFirst', '0', address,
  ];
  await runGhz(args(1));
  start();
  const { report, cpu } = await runGhz(args(seconds));
  const ok = report.statusCodeDistribution?.OK ?? 0;
  // ghz cancels the calls still in flight when its duration ends (status Canceled): not failures.
  const cut = report.statusCodeDistribution?.Canceled ?? 0;
  // ghz reports percentiles in ns.
  const at = (pct: number) => (report.latencyDistribution?.find((d) => d.percentage === pct)?.latency ?? NaN) / 1e6;
  return { requests: ok, p50: at(50), p99: at(99), failed: report.count - ok - cut, generatorCpu: cpu };
};

const appendOp = (a: Appender, ledgerId: string, payload: Buffer) => {
  let i = 0;
  return async () => (await a.append(i++, ledgerId, payload)).kind === 'ok';
};

export async function gatewayLoadBench(o: GatewayLoadBenchOptions): Promise<LoadRow[]> {
  console.log(`\n## Gateway cost per request, gateway as its own process (${o.size} B entries, E3/Qw2/Qa2, 3 bookie processes, ZooKeeper, ${o.seconds} s per row)\n`);
  if (o.rows.includes('ghz')) {
    // Before the cluster starts: an install that compiles would load the machine under the rows.
    const install = spawnSync('bash', [join(ROOT, 'scripts/ensure-bench-tools.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (install.status !== 0) throw new Error(`scripts/ensure-bench-tools.sh exited ${install.status}`);
  }
  const prof = o.cpuProfDir ? ['--gateway-node-arg=--cpu-prof', `--gateway-node-arg=--cpu-prof-dir=${o.cpuProfDir}`] : [];
  const cluster = await startCluster(['--bookies', '3', '--gateways', '1', ...prof]);
  const gw = cluster.info.gateways[0]!;
  const payload = Buffer.alloc(o.size, 0x61);
  const rows: LoadRow[] = [];
  const push = (r: LoadRow) => {
    rows.push(r);
    console.error(`gateway-load: ${r.name}: ${(r.requests / r.seconds).toFixed(0)}/s (${loadavg()[0]!.toFixed(1)} load)`);
  };
  try {
    if (o.rows.includes('direct')) {
      const bk = await createBookKeeperClient({ metadataServiceUri: cluster.info.metadataServiceUri });
      try {
        for (const n of o.inFlight) {
          const w = await bk.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2 });
          push(await measured(`direct client append, ${n} in flight`, gw.pid, lanes(o.seconds, n, async () => {
            await w.append(payload);
            return true;
          })));
          await w.close();
        }
      } finally {
        await bk.close();
      }
    }
    if (o.rows.includes('rest')) {
      for (const n of o.inFlight) {
        const a = restAppender(gw.rest, n);
        const [ledgerId] = await createLedgers(gw.rest, 1);
        push(await measured(`REST append (octet-stream), ${n} in flight`, gw.pid, lanes(o.seconds, n, appendOp(a, ledgerId!, payload))));
        a.close();
      }
    }
    if (o.rows.includes('grpc')) {
      for (const n of o.inFlight) {
        const a = grpcAppender(gw.grpc, 1, n);
        const [ledgerId] = await createLedgers(gw.rest, 1);
        push(await measured(`gRPC unary Append, ${n} in flight (1 channel)`, gw.pid, lanes(o.seconds, n, appendOp(a, ledgerId!, payload))));
        a.close();
      }
    }
    if (o.rows.includes('ghz')) {
      for (const n of o.inFlight) {
        const [ledgerId] = await createLedgers(gw.rest, 1);
        push(await measured(`ghz gRPC unary Append, ${n} in flight (1 connection)`, gw.pid, ghzLoad(gw.grpc, o.seconds, n, ledgerId!, payload)));
      }
    }
    if (o.rows.includes('autocannon')) {
      const [ledgerId] = await createLedgers(gw.rest, 1);
      const url = `${gw.rest}/v1/ledgers/${ledgerId}/entries`;
      push(await measured(`autocannon POST entries (octet-stream), ${o.connections} connections`, gw.pid, 
        cannon(o.seconds, o.connections, { url, method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: payload })));
      // Reads cycle over the entries just written (all confirmed once the appends were answered).
      let n = 0;
      push(await measured(`autocannon GET one entry, ${o.connections} connections`, gw.pid, 
        cannon(o.seconds, o.connections, { url, requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/v1/ledgers/${ledgerId}/entries/${n++ % 1000}` }) }] })));
    }
  } finally {
    await cluster.stop();
  }
  console.log(formatTable(
    ['load (generator in its own process)', 'requests', 'failed', 'req/s', 'p50 ms', 'p99 ms', 'gateway CPU s', 'gateway cores busy', 'req/s per gateway core', 'generator CPU s'],
    rows.map((r) => {
      const direct = r.name.startsWith('direct');
      return [
        r.name, String(r.requests), String(r.failed), (r.requests / r.seconds).toFixed(0), r.p50.toFixed(3), r.p99.toFixed(3), r.gatewayCpu.toFixed(2),
        (r.gatewayCpu / r.seconds).toFixed(2), direct ? '-' : (r.requests / r.gatewayCpu).toFixed(0), r.generatorCpu.toFixed(2),
      ];
    }),
  ));
  const perSecond = (prefix: string) => {
    const r = rows.find((x) => x.name.startsWith(prefix));
    return r ? r.requests / r.seconds : NaN;
  };
  const ratios = o.inFlight.map((n) => {
    const d = perSecond(`direct client append, ${n} in`);
    return `${n} in flight: REST ${((100 * perSecond(`REST append (octet-stream), ${n} in`)) / d).toFixed(0)} %, gRPC unary ${((100 * perSecond(`gRPC unary Append, ${n} in`)) / d).toFixed(0)} % (ghz: ${((100 * perSecond(`ghz gRPC unary Append, ${n} in`)) / d).toFixed(0)} %)`;
  });
  if (o.rows.includes('direct')) console.log(`\nappends/s vs the direct client (issue 17: gRPC unary >= 60 %): ${ratios.join('; ')}`);
  return rows;
}
