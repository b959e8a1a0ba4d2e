// `npm run chaos -- --minutes N --seed S [--bookies 4] [--gateways 2] [--out DIR]`: the fault kit.
// Starts the chaos cluster, runs the workload under the seeded nemesis for N minutes, heals
// everything, reads every ledger and log back, then checks the history with the Go checker
// (chaos/checker: porcupine + exactly-once/no-loss). Prints the operations checked, the faults
// injected by kind and the anomalies; exit 1 when there is an anomaly. The history and the
// checker's visualizations stay in --out (default .tmp/chaos-<seed>) for a look afterwards.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ChaosCluster } from './chaos-cluster.js';
import { History } from './history.js';
import { describe, play, schedule, type FaultKind } from './nemesis.js';
import { closeGrpcChannels } from './client-transport.js';
import { Rng } from './rng.js';
import { finalReads, ledgerGroup, logGroup, type Touched } from './workload.js';

const root = fileURLToPath(new URL('../', import.meta.url));

export interface ChaosOptions {
  readonly minutes: number;
  readonly seed: number;
  readonly bookies?: number;
  readonly gateways?: number;
  readonly outDir?: string;
  readonly log?: (line: string) => void;
}

export interface CheckerSummary {
  operations: number;
  byKind: Record<string, number>;
  byTransport: Record<string, number>;
  outcomes: Record<string, number>;
  objects: number;
  linearizable: number;
  undecided: string[];
  ackedAppends: number;
  verifiedAcked: number;
  unverifiedKeys: string[];
  anomalies: { kind: string; key: string; detail: string }[];
}

/** Failure answers the gateway documents for these races: refused after a seal, fenced by a recovery. */
const EXPECTED_CODES = new Set(['LEDGER_CLOSED', 'LEDGER_FENCED']);

/**
 * Failures by operation and code, from the history: the checker only asks whether what happened
 * is consistent, so an answer that is consistent but wrong (a 400 for a well-formed retry) shows here.
 * `unexpected` counts the codes outside EXPECTED_CODES; "gave up" is an operation whose retries ran out.
 */
export function failureCodes(historyPath: string): { byCode: Record<string, number>; unexpected: number; unexpectedByOp: Record<string, number> } {
  const byCode: Record<string, number> = {};
  const unexpectedByOp: Record<string, number> = {};
  let unexpected = 0;
  for (const line of readFileSync(historyPath, 'utf8').split('\n')) {
    if (line === '' || line.includes('"type":"invoke"') || line.includes('"type":"ok"')) continue;
    const l = JSON.parse(line) as { f: string; error?: string; detail?: string };
    const code = l.detail !== undefined ? l.error! : (l.error ?? '').startsWith('gave up') ? 'gave up' : (l.error ?? 'unknown');
    byCode[`${l.f} ${code}`] = (byCode[`${l.f} ${code}`] ?? 0) + 1;
    if (l.detail !== undefined && !EXPECTED_CODES.has(code)) {
      unexpected++;
      unexpectedByOp[l.f] = (unexpectedByOp[l.f] ?? 0) + 1;
    }
  }
  return { byCode, unexpected, unexpectedByOp };
}

export interface ChaosResult {
  readonly historyPath: string;
  readonly faults: Record<string, number>;
  readonly scheduled: number;
  /** Connections each proxied link carried ("gateway-1->bookie-2": 3). */
  readonly links: Record<string, number>;
  /** ZooKeeper sessions the server expired during the run. */
  readonly expiredSessions: number;
  readonly failures: ReturnType<typeof failureCodes>;
  readonly summary: CheckerSummary;
  /** Throughput and memory over the run (samplesTable prints them). */
  readonly samples: readonly Sample[];
}

/** Runs the Go checker on a history file (module chaos/checker, porcupine from the Go module proxy). */
export function runChecker(historyPath: string, vizDir: string): CheckerSummary {
  // The project-local Go module cache (scripts/toolchain-env.mjs is the one definition of it).
  const script = 'eval "$(node ../../scripts/toolchain-env.mjs --sh)" && exec go run . -viz "$1" "$2"';
  const r = spawnSync('bash', ['-c', script, 'checker', vizDir, historyPath], { cwd: join(root, 'chaos', 'checker'), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error || (r.status !== 0 && r.status !== 1)) throw new Error(`chaos checker failed (exit ${r.status}): ${r.error?.message ?? ''}${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as CheckerSummary;
}

/** The cluster of the run in progress, so a signal can stop its processes and unmount its tmpfs. */
let active: ChaosCluster | undefined;

/** One point of the soak's time series: operations finished in the interval and each process's RSS. */
export interface Sample {
  readonly atSeconds: number;
  readonly ok: number;
  readonly failedOrUnknown: number;
  readonly rssMiB: Record<string, number>;
}

/** About 30 points over a run, at least 10 s apart. */
function sampleEveryMs(durationMs: number): number {
  return Math.max(10_000, Math.round(durationMs / 30));
}

function rssMiBOf(pid: number): number | undefined {
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Math.round(Number(kb) / 1024);
  } catch {
    return undefined; // the process just died (a kill fault)
  }
}

/** Samples throughput (from the history's completion counts) and memory while the workload runs. */
function startSampler(cluster: ChaosCluster, h: History, t0: number, everyMs: number): { stop(): Sample[] } {
  const out: Sample[] = [];
  let last = { ok: 0, other: 0 };
  const take = (): void => {
    let ok = 0;
    let other = 0;
    for (const [k, v] of h.counts) if (k.endsWith(':ok')) ok += v;
    else other += v;
    const rssMiB: Record<string, number> = {};
    for (const [name, pid] of cluster.livePids()) {
      const r = rssMiBOf(pid);
      if (r !== undefined) rssMiB[name] = r;
    }
    out.push({ atSeconds: Math.round((Date.now() - t0) / 1000), ok: ok - last.ok, failedOrUnknown: other - last.other, rssMiB });
    last = { ok, other };
  };
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return out;
    },
  };
}

/** The soak's table: throughput and memory over time. */
export function samplesTable(samples: readonly Sample[]): string {
  const names = [...new Set(samples.flatMap((s) => Object.keys(s.rssMiB)))].sort();
  const head = ['t (s)', 'ok ops/s', 'fail+info', ...names.map((n) => `${n} RSS MiB`)];
  let prev = 0;
  const rows = samples.map((s) => {
    const secs = Math.max(1, s.atSeconds - prev);
    prev = s.atSeconds;
    return [String(s.atSeconds), (s.ok / secs).toFixed(1), String(s.failedOrUnknown), ...names.map((n) => (s.rssMiB[n] === undefined ? '-' : String(s.rssMiB[n])))];
  });
  return [head.join(' | '), ...rows.map((r) => r.join(' | '))].join('\n');
}

export async function runChaos(opts: ChaosOptions): Promise<ChaosResult> {
  const log = opts.log ?? ((l: string) => console.error(`chaos: ${l}`));
  const outDir = resolve(opts.outDir ?? join(root, '.tmp', `chaos-${opts.seed}`));
  mkdirSync(outDir, { recursive: true });
  const historyPath = join(outDir, 'history.jsonl');
  const cluster = new ChaosCluster({ bookies: opts.bookies ?? 4, gateways: opts.gateways ?? 2, log, logDir: join(outDir, 'logs') });
  active = cluster;
  let faults = new Map<FaultKind, number>();
  let scheduled = 0;
  let links: Record<string, number> = {};
  let expired = 0;
  let samples: Sample[] = [];
  try {
    await cluster.start();
    const durationMs = Math.round(opts.minutes * 60_000);
    const plan = schedule(opts.seed, durationMs, { bookies: cluster.bookieNames, gateways: cluster.gatewayNames, links: cluster.links(), clientLinks: cluster.clientLinks(), disk: cluster.diskDir !== undefined });
    scheduled = plan.length;
    log(`seed ${opts.seed}: ${plan.length} faults over ${opts.minutes} min; first: ${plan.slice(0, 3).map(describe).join('; ')}`);
    const h = new History(historyPath);
    const rng = new Rng(opts.seed ^ 0x9e3779b9);
    const t0 = Date.now();
    const running = () => Date.now() - t0 < durationMs;
    const gw = { live: () => cluster.liveGateways() };
    const touched: Touched = { ledgers: new Set(), logs: new Set() };
    const workers = [
      ledgerGroup({ h, gw, rng: rng.fork(), running }, 0, [0, 1, 2], touched),
      ledgerGroup({ h, gw, rng: rng.fork(), running }, 1, [3, 4, 5], touched),
      logGroup({ h, gw, rng: rng.fork(), running }, 0, [6, 7, 8], touched, opts.seed),
    ];
    const sampler = startSampler(cluster, h, t0, sampleEveryMs(durationMs));
    faults = await play(cluster, plan, t0, () => !running(), log);
    await Promise.all(workers);
    samples = sampler.stop();
    log('workload done; healing everything and reading back');
    cluster.healAll();
    for (const n of ['zk', ...cluster.bookieNames, ...cluster.gatewayNames]) await cluster.startNode(n);
    await finalReads({ h, gw, rng: rng.fork(), running: () => true }, touched, 9);
    await h.close();
    links = cluster.linkConnections();
    expired = cluster.expiredSessions();
  } finally {
    closeGrpcChannels();
    active = undefined;
    await cluster.stop();
  }
  log(`checking ${historyPath}`);
  const summary = runChecker(historyPath, join(outDir, 'viz'));
  return { historyPath, faults: Object.fromEntries(faults), scheduled, links, expiredSessions: expired, failures: failureCodes(historyPath), summary, samples };
}

export function report(r: ChaosResult): string {
  const s = r.summary;
  const lines = [
    `operations checked: ${s.operations} (${Object.entries(s.byKind).map(([k, v]) => `${k} ${v}`).join(', ')})`,
    `by transport: ${Object.entries(s.byTransport ?? {}).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`,
    `outcomes: ${Object.entries(s.outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `objects: ${s.objects}, linearizable ${s.linearizable}, undecided ${s.undecided.length}${s.undecided.length ? ` (${s.undecided.join(' ')})` : ''}`,
    `acknowledged appends: ${s.ackedAppends}, verified in the final reads ${s.verifiedAcked}${s.unverifiedKeys.length ? `; objects without a final read: ${s.unverifiedKeys.join(' ')}` : ''}`,
    `faults injected: ${Object.entries(r.faults).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'} (of ${r.scheduled} scheduled); ZooKeeper sessions expired: ${r.expiredSessions}`,
    `links carried: ${Object.keys(r.links).length} (${Object.entries(r.links).map(([k, v]) => `${k} ${v}`).join(', ')})`,
    `failed answers: ${Object.entries(r.failures.byCode).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}; unexpected codes: ${r.failures.unexpected}`,
    `anomalies: ${s.anomalies.length}`,
    ...(r.samples.length > 0 ? ['throughput and memory over time (RSS of the Quire processes; - = down at that moment):', samplesTable(r.samples)] : []),
    ...s.anomalies.map((a) => `  ${a.kind} ${a.key}: ${a.detail}`),
    `history: ${r.historyPath}`,
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { minutes: { type: 'string', default: '2' }, seed: { type: 'string', default: '1' }, bookies: { type: 'string', default: '4' }, gateways: { type: 'string', default: '2' }, out: { type: 'string' } } });
  const minutes = Number(values.minutes);
  const seed = Number(values.seed);
  if (!(minutes > 0) || !Number.isInteger(seed)) {
    console.error('chaos: --minutes must be > 0 and --seed an integer');
    process.exit(2);
  }
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      console.error(`chaos: ${sig}: stopping the cluster`);
      void (active?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
    });
  }
  const r = await runChaos({ minutes, seed, bookies: Number(values.bookies), gateways: Number(values.gateways), ...(values.out ? { outDir: values.out } : {}) });
  console.log(report(r));
  process.exit(r.summary.anomalies.length > 0 ? 1 : 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
