// `npm run bench -- gateway-overload [--seconds N] [--size B] [--connections C] [--channels K]
// [--streams S] [--limit L] [--transports rest,grpc]`: one gateway process at twice its sustainable
// append rate (issue 20, "Overload and soak"), on scripts/cluster.ts (ZooKeeper, 3 bookies,
// 1 gateway with maxPendingAppendsTotal=L; E3/Qw2/Qa2 ledgers).
//   1. Closed loop: L appends in flight (exactly what the gateway admits) for --closed-seconds:
//      the sustainable rate R of the gateway on this machine, per transport.
//   2. Open loop at 2R for N seconds. Append i is due at i/2R whatever happened before; one due
//      while the load generator already has its bound in flight (C REST keep-alive connections,
//      one request each; or K gRPC channels x S calls) is shed by the generator and counted. The
//      generator's bound is above L, so the gateway's own bound is the one reached: its excess
//      must come back as 429 TOO_MANY_REQUESTS + Retry-After (gRPC RESOURCE_EXHAUSTED with
//      quire-error-code and quire-retry-after-ms). Latency counts from the due time (no
//      coordinated omission).
//   3. The ledgers are closed and read back page by page over REST: every acknowledged append
//      must be there with its bytes. Then the closed loop again (the machine's capacity moves).
// Reported: offered, shed, sent, admitted (201 / OK), refused by code, anything else; admitted
// p50/p99/max and refusal p99 from the due time; the gateway's RSS each second (start, middle,
// end, max).
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { Metadata } from '@grpc/grpc-js';
import { GrpcLedgerClient } from '../gateway/grpc/grpc-client.js';
import { rssBytesOf } from '../harness/bookie-process.js';
import { startCluster } from './process-cluster.js';
import { formatTable, Histogram } from './stats.js';

export type OverloadTransport = 'rest' | 'grpc';

export interface GatewayOverloadBenchOptions {
  readonly seconds: number;
  readonly closedSeconds: number;
  readonly size: number;
  /** REST: keep-alive connections of the load generator (one request in flight each). */
  readonly connections: number;
  /** gRPC: channels (one HTTP/2 connection each) and calls in flight per channel. */
  readonly channels: number;
  readonly streams: number;
  /** The gateway's maxPendingAppendsTotal. */
  readonly limit: number;
  readonly ledgers: number;
  readonly transports: readonly OverloadTransport[];
}

export type Outcome =
  | { readonly kind: 'ok'; readonly entryId: string }
  | { readonly kind: 'refused'; readonly answer: string }
  | { readonly kind: 'other'; readonly answer: string };

/** How the load generator appends over one transport, at most `maxInFlight` at once. */
export interface Appender {
  readonly name: string;
  readonly maxInFlight: number;
  append(i: number, ledgerId: string, data: Buffer): Promise<Outcome>;
  close(): void;
}

const MiB = 2 ** 20;
const rssMiB = (pid: number) => rssBytesOf(pid) / MiB;
/** The machine is shared: each phase says how loaded it was (1-minute load average). */
const load = () => `load ${loadavg()[0]!.toFixed(1)}`;

/** Payload of append i of a run: unique, so a read back proves it is this append's bytes. */
function payloadOf(run: string, i: number, size: number): Buffer {
  const b = Buffer.alloc(size, 0x61 + (i % 26));
  b.write(`${run}-${i}-`);
  return b;
}

export function restAppender(base: string, connections: number): Appender {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  return {
    name: `REST, ${connections} connections`,
    maxInFlight: connections,
    append: (_i, ledgerId, data) =>
      new Promise<Outcome>((resolve) => {
        const req = request(`${base}/v1/ledgers/${ledgerId}/entries`, { method: 'POST', agent, headers: { 'content-type': 'application/octet-stream', 'content-length': String(data.length) } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const body = Buffer.concat(chunks).toString();
            const status = res.statusCode ?? 0;
            if (status === 201) return resolve({ kind: 'ok', entryId: (JSON.parse(body) as { entryId: string }).entryId });
            let code = '';
            try {
              code = (JSON.parse(body) as { code?: string }).code ?? '';
            } catch {
              // not problem+json
            }
            const retryAfter = Number(res.headers['retry-after']);
            if (status === 429 && code === 'TOO_MANY_REQUESTS') return resolve({ kind: 'refused', answer: retryAfter >= 1 ? '429 TOO_MANY_REQUESTS + Retry-After' : '429 TOO_MANY_REQUESTS, no Retry-After' });
            resolve({ kind: 'other', answer: `${status} ${code}` });
          });
          res.on('error', (e) => resolve({ kind: 'other', answer: `response error ${e.message}` }));
        });
        req.setTimeout(120_000, () => req.destroy(new Error('no answer in 120 s')));
        req.on('error', (e) => resolve({ kind: 'other', answer: `request error ${e.message}` }));
        req.end(data);
      }),
    close: () => agent.destroy(),
  };
}

export function grpcAppender(address: string, channels: number, streams: number): Appender {
  // A local subchannel pool: each client its own HTTP/2 connection, not one shared by all.
  const clients = Array.from({ length: channels }, () => new GrpcLedgerClient(address, { 'grpc.use_local_subchannel_pool': 1 }));
  return {
    name: `gRPC, ${channels} channels x ${streams} calls`,
    maxInFlight: channels * streams,
    async append(i, ledgerId, data) {
      try {
        const r = await clients[i % channels]!.unary<{ entryId: string }>('Append', { ledgerId, data }, { timeoutMs: 120_000 });
        return { kind: 'ok', entryId: r.entryId };
      } catch (e) {
        const err = e as { code?: number; metadata?: Metadata };
        const code = String(err.metadata?.get('quire-error-code')[0] ?? '');
        const hint = err.metadata?.get('quire-retry-after-ms')[0];
        if (err.code === 8 && code === 'TOO_MANY_REQUESTS') return { kind: 'refused', answer: `RESOURCE_EXHAUSTED TOO_MANY_REQUESTS${hint !== undefined ? ' + quire-retry-after-ms' : ', no quire-retry-after-ms'}` };
        return { kind: 'other', answer: `gRPC ${err.code ?? '?'} ${code}` };
      }
    },
    close: () => {
      for (const c of clients) c.close();
    },
  };
}

export async function createLedgers(base: string, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await fetch(`${base}/v1/ledgers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2 }) });
    if (r.status !== 201) throw new Error(`create ledger answered ${r.status}: ${await r.text()}`);
    out.push(((await r.json()) as { ledgerId: string }).ledgerId);
  }
  return out;
}

/** Closed loop with `concurrency` appends in flight; returns acknowledged appends/s. */
async function closedLoop(a: Appender, ledgers: string[], o: GatewayOverloadBenchOptions, concurrency: number): Promise<{ rate: number; failed: number }> {
  let i = 0;
  let acked = 0;
  let failed = 0;
  const loop = async (endAt: number, count: boolean) => {
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (performance.now() < endAt) {
        const n = i++;
        const r = await a.append(n, ledgers[n % ledgers.length]!, payloadOf('closed', n, o.size));
        if (!count) continue;
        if (r.kind === 'ok') acked++;
        else failed++;
      }
    }));
  };
  await loop(performance.now() + 1000, false); // connections, JIT: not measured
  const t0 = performance.now();
  await loop(t0 + o.closedSeconds * 1000, true);
  return { rate: acked / ((performance.now() - t0) / 1000), failed };
}

interface Second {
  readonly t: number;
  offered: number;
  shed: number;
  admitted: number;
  refused: number;
  other: number;
  inFlight: number;
  rssMiB: number;
  /** Admitted latency of this second's appends: does it grow over the run? */
  readonly latency: Histogram;
}

interface OpenLoopResult {
  readonly name: string;
  readonly closedRate: number;
  readonly closedAfter: number;
  readonly closedFailed: number;
  readonly rate: number;
  readonly seconds: number;
  readonly offered: number;
  readonly shed: number;
  readonly admitted: number;
  readonly answers: Map<string, number>;
  readonly admittedHist: Histogram;
  readonly refusedHist: Histogram;
  readonly rss: { start: number; middle: number; end: number; max: number };
  readonly maxInFlight: number;
  readonly verified: number;
  readonly lost: number;
  readonly timeline: Second[];
}

async function openLoop(a: Appender, ledgers: string[], run: string, o: GatewayOverloadBenchOptions, rate: number, pid: number): Promise<Omit<OpenLoopResult, 'name' | 'closedRate' | 'closedAfter' | 'closedFailed' | 'verified' | 'lost'> & { acked: Map<string, [string, number][]> }> {
  const acked = new Map<string, [string, number][]>(ledgers.map((l) => [l, []]));
  const answers = new Map<string, number>();
  const admittedHist = new Histogram();
  const refusedHist = new Histogram();
  const inflight = new Set<Promise<void>>();
  const timeline: Second[] = [];
  const rssStart = rssMiB(pid);
  let rssMax = rssStart;
  let shed = 0;
  let admitted = 0;
  let maxInFlight = 0;
  const newSecond = (t: number): Second => ({ t, offered: 0, shed: 0, admitted: 0, refused: 0, other: 0, inFlight: 0, rssMiB: 0, latency: new Histogram() });
  let sec = newSecond(0);
  const closeSecond = () => {
    sec.rssMiB = rssMiB(pid);
    sec.inFlight = inflight.size;
    rssMax = Math.max(rssMax, sec.rssMiB);
    timeline.push(sec);
  };
  const t0 = performance.now();
  const endAt = t0 + o.seconds * 1000;
  const interval = 1000 / rate;
  let i = 0;
  while (performance.now() < endAt) {
    const now = performance.now();
    while (t0 + i * interval <= now) {
      const dueAt = t0 + i * interval;
      const n = i++;
      const second = Math.floor((dueAt - t0) / 1000);
      if (second > sec.t) {
        closeSecond();
        sec = newSecond(second);
      }
      sec.offered++;
      if (inflight.size >= a.maxInFlight) {
        shed++;
        sec.shed++;
        continue;
      }
      const ledgerId = ledgers[n % ledgers.length]!;
      const counted = sec;
      const pr: Promise<void> = a.append(n, ledgerId, payloadOf(run, n, o.size)).then((r) => {
        inflight.delete(pr);
        const ms = performance.now() - dueAt;
        if (r.kind === 'ok') {
          admitted++;
          counted.admitted++;
          admittedHist.record(ms);
          counted.latency.record(ms);
          acked.get(ledgerId)!.push([r.entryId, n]);
          return;
        }
        answers.set(r.answer, (answers.get(r.answer) ?? 0) + 1);
        if (r.kind === 'refused') {
          counted.refused++;
          refusedHist.record(ms);
        } else counted.other++;
      });
      inflight.add(pr);
      maxInFlight = Math.max(maxInFlight, inflight.size);
    }
    await new Promise((r) => setTimeout(r, Math.max(0, Math.min(1, t0 + i * interval - performance.now()))));
  }
  closeSecond();
  await Promise.all(inflight);
  const seconds = (performance.now() - t0) / 1000;
  const rssEnd = rssMiB(pid);
  const middle = timeline[Math.floor(timeline.length / 2)]?.rssMiB ?? rssStart;
  return {
    rate, seconds, offered: i, shed, admitted, answers, admittedHist, refusedHist, maxInFlight, timeline, acked,
    rss: { start: rssStart, middle, end: rssEnd, max: Math.max(rssMax, rssEnd) },
  };
}

/** Closes each ledger and reads it back in pages over REST: acknowledged appends found intact. */
async function readBack(base: string, run: string, size: number, acked: Map<string, [string, number][]>): Promise<{ verified: number; lost: number }> {
  let verified = 0;
  let lost = 0;
  for (const [ledgerId, list] of acked) {
    const closed = await fetch(`${base}/v1/ledgers/${ledgerId}/close`, { method: 'POST' });
    if (closed.status !== 200) throw new Error(`close ${ledgerId} answered ${closed.status}: ${await closed.text()}`);
    const stored = new Map<string, string>();
    for (let from: string | undefined = '0'; from !== undefined;) {
      const r = await fetch(`${base}/v1/ledgers/${ledgerId}/entries?from=${from}&limit=1000`);
      if (r.status !== 200) throw new Error(`read ${ledgerId} from ${from} answered ${r.status}: ${await r.text()}`);
      const page = (await r.json()) as { entries: { entryId: string; data: string }[]; nextEntryId?: string };
      for (const e of page.entries) stored.set(e.entryId, e.data);
      from = page.entries.length > 0 ? page.nextEntryId : undefined;
    }
    for (const [entryId, n] of list) {
      if (stored.get(entryId) === payloadOf(run, n, size).toString('base64')) verified++;
      else lost++;
    }
  }
  return { verified, lost };
}

export async function gatewayOverloadBench(o: GatewayOverloadBenchOptions): Promise<void> {
  console.log(`\n## Gateway overload: one gateway process at 2x its sustainable append rate (${o.size} B entries, maxPendingAppendsTotal=${o.limit}, ${o.ledgers} ledgers E3/Qw2/Qa2, 3 bookie processes, ZooKeeper)`);
  const cluster = await startCluster(['--bookies', '3', '--gateways', '1', `--gateway-arg=--limit=maxPendingAppendsTotal=${o.limit}`]);
  const results: OpenLoopResult[] = [];
  try {
    const gw = cluster.info.gateways[0]!;
    for (const transport of o.transports) {
      const a = transport === 'rest' ? restAppender(gw.rest, o.connections) : grpcAppender(gw.grpc, o.channels, o.streams);
      try {
        const closed = await closedLoop(a, await createLedgers(gw.rest, o.ledgers), o, o.limit);
        const rate = Math.max(1, Math.round(2 * closed.rate));
        console.log(`${a.name}: closed loop (${o.closedSeconds} s, ${o.limit} in flight) ${closed.rate.toFixed(0)} appends/s sustainable${closed.failed > 0 ? ` (${closed.failed} not acknowledged)` : ''} (${load()}); open loop at ${rate}/s for ${o.seconds} s`);
        const ledgers = await createLedgers(gw.rest, o.ledgers);
        const r = await openLoop(a, ledgers, transport, o, rate, gw.pid);
        const back = await readBack(gw.rest, transport, o.size, r.acked);
        // Measured again after: on a shared machine the sustainable rate itself moves.
        const again = await closedLoop(a, await createLedgers(gw.rest, o.ledgers), o, o.limit);
        console.log(`${a.name}: open loop done; closed loop again ${again.rate.toFixed(0)} appends/s (${load()})`);
        results.push({ ...r, name: a.name, closedRate: closed.rate, closedAfter: again.rate, closedFailed: closed.failed + again.failed, ...back });
      } finally {
        a.close();
      }
    }
  } finally {
    await cluster.stop();
  }
  printResults(results);
  if (results.some((r) => r.lost > 0)) process.exitCode = 1;
}

function printResults(results: readonly OpenLoopResult[]): void {
  const perS = (n: number, r: OpenLoopResult) => (n / r.seconds).toFixed(0);
  console.log();
  console.log(formatTable(
    ['load generator', 'sustainable/s before, after', 'offered/s', 'shed by generator', 'most in flight', 'admitted/s', 'refused', 'other answers', 'admitted p50 ms', 'p99 ms', 'max ms', 'refusal p99 ms', 'RSS start MiB', 'middle', 'end', 'max', 'acked read back', 'lost'],
    results.map((r) => {
      const refused = [...r.answers].filter(([k]) => k.includes('TOO_MANY_REQUESTS'));
      const other = [...r.answers].filter(([k]) => !k.includes('TOO_MANY_REQUESTS'));
      return [
        r.name, `${r.closedRate.toFixed(0)}, ${r.closedAfter.toFixed(0)}`, perS(r.offered, r), String(r.shed), String(r.maxInFlight), perS(r.admitted, r),
        refused.length === 0 ? '0' : refused.map(([k, n]) => `${n} ${k}`).join(', '),
        other.length === 0 ? '0' : other.map(([k, n]) => `${n} ${k}`).join(', '),
        r.admittedHist.p(50).toFixed(1), r.admittedHist.p(99).toFixed(1), r.admittedHist.p(100).toFixed(1), r.refusedHist.p(99).toFixed(1),
        r.rss.start.toFixed(0), r.rss.middle.toFixed(0), r.rss.end.toFixed(0), r.rss.max.toFixed(0),
        `${r.verified}/${r.admitted}`, String(r.lost),
      ];
    }),
  ));
  for (const r of results) {
    console.log(`\nper second, ${r.name} (appends by due time; gateway RSS and the generator's appends in flight sampled at the second's end):\n`);
    console.log(formatTable(
      ['s', 'offered', 'shed', 'admitted', 'refused', 'other', 'admitted p99 ms', 'in flight', 'gateway RSS MiB'],
      r.timeline.map((s) => [String(s.t), String(s.offered), String(s.shed), String(s.admitted), String(s.refused), String(s.other), s.latency.p(99).toFixed(0), String(s.inFlight), s.rssMiB.toFixed(0)]),
    ));
  }
}
