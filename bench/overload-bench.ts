// `npm run bench -- overload [--seconds N] [--size B] [--connections C] [--window W] [--limit L]`:
// one bookie process at twice its sustainable add rate (issues 17 and 20).
//   1. Closed loop: C connections, W adds outstanding each, for --closed-seconds: the sustainable
//      rate R of this bookie on this disk.
//   2. Open loop at 2R for N seconds, once with maxAddsInProgressLimit=L and once with 0
//      (unlimited, BookKeeper's default), each on a fresh bookie. Add i is due at i/2R whatever
//      happened before; one found its connection's window full is shed by the load generator (as
//      Quire's client refuses past maxPendingAddsPerLedger), everything else is admitted. Latency
//      counts from the due time, so a stall anywhere shows (no coordinated omission).
//   3. Every admitted add answered EOK is read back and compared.
// Reported: admitted and acknowledged throughput, p50/p99/max latency of acknowledged adds, the
// bookie's refusals by status, the most adds in progress at once, how often connections were
// blocked (ADD_ENTRY_BLOCKED_WAIT), and the bookie's RSS each second.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StatusCode } from '../common/errors.js';
import { rssBytesOf, scrapeBookieMetrics, startBookieProcess, type BookieProcess } from '../harness/bookie-process.js';
import { addReq, readReq, WireClient } from '../harness/wire-client.js';
import { entryTemplate } from './bookie-bench.js';
import { formatTable, Histogram } from './stats.js';

const KEY = Buffer.alloc(20, 5);

export interface OverloadBenchOptions {
  readonly seconds: number;
  readonly closedSeconds: number;
  readonly size: number;
  readonly connections: number;
  /** Adds outstanding per connection, closed loop and the open loop's shedding bound. */
  readonly window: number;
  /** maxAddsInProgressLimit of the throttled run. */
  readonly limit: number;
}

const metricsOf = (p: BookieProcess) => scrapeBookieMetrics(p.httpPort!);
const rssMiB = (pid: number) => rssBytesOf(pid) / 2 ** 20;

async function startBookie(dir: string, limit: number): Promise<BookieProcess> {
  return startBookieProcess([
    '--port', '0', '--journal-dir', join(dir, 'journal'), '--ledger-dir', join(dir, 'ledgers'), '--metadata-service-uri', `embedded://${join(dir, 'metadata')}`,
    '--set', 'httpServerEnabled=true', '--set', 'httpServerPort=0', '--set', `maxAddsInProgressLimit=${limit}`,
  ]);
}

interface Second {
  readonly t: number;
  admitted: number;
  shed: number;
  acked: number;
  rssMiB: number;
  inProgress: number;
  blocked: number;
}

interface OpenLoopResult {
  readonly limit: number;
  readonly rate: number;
  readonly seconds: number;
  readonly admitted: number;
  readonly shed: number;
  readonly acked: number;
  readonly refused: Map<number, number>;
  readonly hist: Histogram;
  readonly maxInProgress: number;
  readonly blockedCount: number;
  readonly blockedSeconds: number;
  readonly rssStart: number;
  readonly rssPeak: number;
  readonly rssEnd: number;
  readonly verified: number;
  readonly lost: number;
  readonly timeline: Second[];
}

/** Closed loop: every connection keeps `window` adds outstanding; returns acknowledged adds/s. */
async function closedLoop(p: BookieProcess, o: OverloadBenchOptions): Promise<number> {
  const clients = await Promise.all(Array.from({ length: o.connections }, () => WireClient.connect(p.port, '127.0.0.1', 120_000)));
  let acked = 0;
  const t0 = performance.now();
  const endAt = t0 + o.closedSeconds * 1000;
  await Promise.all(clients.map((c, i) => {
    const ledger = BigInt(1000 + i);
    let next = 0;
    return Promise.all(Array.from({ length: o.window }, async () => {
      const t = entryTemplate(ledger, o.size);
      while (performance.now() < endAt) {
        const e = next++;
        t.setEntry(e);
        if ((await c.send(addReq(ledger, BigInt(e), KEY, t.body))).status === StatusCode.EOK) acked++;
      }
    }));
  }));
  const secs = (performance.now() - t0) / 1000;
  for (const c of clients) c.close();
  return acked / secs;
}

async function openLoop(p: BookieProcess, o: OverloadBenchOptions, limit: number, rate: number): Promise<OpenLoopResult> {
  const pid = p.child.pid!;
  const clients = await Promise.all(Array.from({ length: o.connections }, () => WireClient.connect(p.port, '127.0.0.1', 300_000)));
  const outstanding = new Array<number>(o.connections).fill(0);
  const nextEntry = new Array<number>(o.connections).fill(0);
  const acked: Array<Array<number>> = clients.map(() => []);
  const templates = clients.map((_, i) => entryTemplate(BigInt(i + 1), o.size));
  const refused = new Map<number, number>();
  const hist = new Histogram();
  const inflight = new Set<Promise<void>>();
  const timeline: Second[] = [];
  const rssStart = rssMiB(pid);
  let rssPeak = rssStart;
  let admitted = 0;
  let shed = 0;
  let ackedCount = 0;
  let maxInProgress = 0;
  const t0 = performance.now();
  const endAt = t0 + o.seconds * 1000;
  const interval = 1000 / rate;
  let sec: Second = { t: 0, admitted: 0, shed: 0, acked: 0, rssMiB: rssStart, inProgress: 0, blocked: 0 };
  let sampling = Promise.resolve();
  const sample = () => {
    const s = sec;
    sampling = (async () => {
      s.rssMiB = rssMiB(pid);
      const m = await metricsOf(p);
      s.inProgress = m.get('bookkeeper_server_ADD_ENTRY_IN_PROGRESS') ?? 0;
      s.blocked = m.get('bookkeeper_server_ADD_ENTRY_BLOCKED') ?? 0;
      rssPeak = Math.max(rssPeak, s.rssMiB);
    })();
    timeline.push(s);
  };
  let i = 0;
  while (performance.now() < endAt) {
    const now = performance.now();
    while (t0 + i * interval <= now) {
      const dueAt = t0 + i * interval;
      const k = i++ % o.connections;
      const second = Math.floor((dueAt - t0) / 1000);
      if (second > sec.t) {
        sample();
        sec = { t: second, admitted: 0, shed: 0, acked: 0, rssMiB: 0, inProgress: 0, blocked: 0 };
      }
      if (outstanding[k]! >= o.window) {
        shed++;
        sec.shed++;
        continue;
      }
      outstanding[k]!++;
      admitted++;
      sec.admitted++;
      const e = nextEntry[k]!++;
      const t = templates[k]!;
      t.setEntry(e);
      const counted = sec;
      const pr: Promise<void> = clients[k]!.send(addReq(BigInt(k + 1), BigInt(e), KEY, t.body)).then(
        (r) => {
          outstanding[k]!--;
          inflight.delete(pr);
          if (r.status === StatusCode.EOK) {
            hist.record(performance.now() - dueAt);
            acked[k]!.push(e);
            ackedCount++;
            counted.acked++;
          } else refused.set(r.status, (refused.get(r.status) ?? 0) + 1);
        },
        () => {
          outstanding[k]!--;
          inflight.delete(pr);
          refused.set(-1, (refused.get(-1) ?? 0) + 1);
        },
      );
      inflight.add(pr);
    }
    await new Promise((r) => setTimeout(r, Math.max(0, Math.min(1, t0 + i * interval - performance.now()))));
  }
  sample();
  await Promise.all(inflight);
  await sampling;
  const seconds = (performance.now() - t0) / 1000;
  const m = await metricsOf(p);
  maxInProgress = m.get('quire_bookie_add_entry_in_progress_max') ?? 0;
  const rssEnd = rssMiB(pid);
  // Every acknowledged add reads back, `window` reads outstanding per connection.
  let verified = 0;
  let lost = 0;
  await Promise.all(clients.map(async (c, k) => {
    const ledger = BigInt(k + 1);
    const expect = entryTemplate(ledger, o.size);
    const todo = acked[k]!;
    let at = 0;
    await Promise.all(Array.from({ length: Math.min(o.window, 256) }, async () => {
      while (at < todo.length) {
        const e = todo[at++]!;
        const r = await c.send(readReq(ledger, BigInt(e)));
        expect.setEntry(e);
        if (r.status === StatusCode.EOK && r.readResponse?.body?.equals(expect.body)) verified++;
        else lost++;
      }
    }));
  }));
  for (const c of clients) c.close();
  return {
    limit, rate, seconds, admitted, shed, acked: ackedCount, refused, hist, maxInProgress,
    blockedCount: m.get('bookkeeper_server_ADD_ENTRY_BLOCKED_WAIT_count{success="true"}') ?? 0,
    blockedSeconds: m.get('bookkeeper_server_ADD_ENTRY_BLOCKED_WAIT_sum{success="true"}') ?? 0,
    rssStart, rssPeak, rssEnd, verified, lost, timeline,
  };
}

export async function overloadBench(o: OverloadBenchOptions): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'quire-overload-bench-'));
  console.log(`\n## Overload: one bookie at 2x its sustainable add rate (${o.size} B entries, ${o.connections} connections, window ${o.window} adds each, journalSyncData=true)`);
  try {
    const first = await startBookie(join(root, 'closed'), o.limit);
    let sustainable: number;
    try {
      sustainable = await closedLoop(first, o);
    } finally {
      await first.kill('SIGTERM');
    }
    const rate = Math.max(100, Math.round(sustainable * 2));
    console.log(`closed loop (${o.closedSeconds} s, maxAddsInProgressLimit=${o.limit}): ${sustainable.toFixed(0)} adds/s sustainable; open loop at ${rate} adds/s for ${o.seconds} s`);
    const results: OpenLoopResult[] = [];
    for (const limit of [o.limit, 0]) {
      const p = await startBookie(join(root, `open-${limit}`), limit);
      try {
        results.push(await openLoop(p, o, limit, rate));
      } finally {
        await p.kill('SIGTERM');
      }
    }
    console.log();
    console.log(formatTable(
      ['maxAddsInProgressLimit', 'offered/s', 'admitted/s', 'shed by client', 'acked/s', 'refused by bookie', 'p50 ms', 'p99 ms', 'max ms', 'max in progress', 'times blocked', 'blocked s', 'RSS start MiB', 'RSS peak MiB', 'RSS end MiB', 'acked read back', 'lost'],
      results.map((r) => [
        r.limit === 0 ? '0 (unlimited)' : String(r.limit),
        String(r.rate),
        (r.admitted / r.seconds).toFixed(0),
        String(r.shed),
        (r.acked / r.seconds).toFixed(0),
        r.refused.size === 0 ? '0' : [...r.refused].map(([s, n]) => `${s === -1 ? 'no reply' : s === StatusCode.ETOOMANYREQUESTS ? 'ETOOMANYREQUESTS' : `status ${s}`}: ${n}`).join(', '),
        r.hist.p(50).toFixed(1),
        r.hist.p(99).toFixed(1),
        r.hist.p(100).toFixed(1),
        String(r.maxInProgress),
        String(r.blockedCount),
        r.blockedSeconds.toFixed(1),
        r.rssStart.toFixed(0),
        r.rssPeak.toFixed(0),
        r.rssEnd.toFixed(0),
        `${r.verified}/${r.acked}`,
        String(r.lost),
      ]),
    ));
    for (const r of results) {
      console.log(`\nper second, maxAddsInProgressLimit=${r.limit === 0 ? '0 (unlimited)' : r.limit} (adds by due time; RSS, in progress and blocked sampled at the second's end):\n`);
      console.log(formatTable(
        ['s', 'admitted', 'shed', 'acked', 'bookie RSS MiB', 'ADD_ENTRY_IN_PROGRESS', 'ADD_ENTRY_BLOCKED'],
        r.timeline.map((s) => [String(s.t), String(s.admitted), String(s.shed), String(s.acked), s.rssMiB.toFixed(0), String(s.inProgress), String(s.blocked)]),
      ));
    }
    if (results.some((r) => r.lost > 0)) process.exitCode = 1;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
