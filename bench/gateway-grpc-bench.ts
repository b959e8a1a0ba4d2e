// The gRPC transport against the direct quorum client, in one run on one local cluster (embedded
// metadata, three bookies with journal fdatasync, in this process, as the REST gateway bench):
// closed-loop appends to one E3/Qw2/Qa2 ledger with the same number in flight for the direct
// client, gRPC unary Append (one call per entry, concurrent calls) and gRPC AppendStream (one
// stream, a window of unacknowledged appends); plus unary with one append in flight for latency.
// Target: streaming >= 50 % of the direct client's appends/s. The gRPC client runs in this process
// too, so its CPU is charged to the gateway's side of the comparison: `gateway-load`
// (gateway-load-bench.ts) runs the gateway as its own process and reports its CPU alone.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { startLocalCluster } from '../cli/local-command.js';
import { createBookKeeperClient } from '../clients/quorum/connect.js';
import { startGateway } from '../gateway/gateway-server.js';
import { GrpcLedgerClient } from '../gateway/grpc/grpc-client.js';
import { startGrpcGateway } from '../gateway/grpc/grpc-server.js';
import { formatTable, Histogram } from './stats.js';

export interface GrpcGatewayBenchOptions {
  /** Seconds per measurement. */
  readonly seconds: number;
  readonly entrySize: number;
  /** Appends in flight (direct lanes, concurrent unary calls, stream window). */
  readonly inFlight: number;
  /** Most appends a streaming client puts in one AppendStream message. */
  readonly perMessage: number;
  readonly dir?: string;
}

export const DEFAULT_GRPC_GATEWAY_BENCH: GrpcGatewayBenchOptions = { seconds: 5, entrySize: 1024, inFlight: 256, perMessage: 64 };

export interface GrpcBenchRow {
  readonly name: string;
  readonly appends: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
}

export interface GrpcGatewayBenchResult {
  readonly rows: GrpcBenchRow[];
  /** Streaming appends/s over the direct client's appends/s. */
  readonly streamingVsDirect: number;
  readonly unaryVsDirect: number;
  /** The service alone (no transport) over the direct client: the ceiling for any transport. */
  readonly serviceVsDirect: number;
}

type Msg = Record<string, unknown>;

/** Closed loop: `lanes` workers each keep one append in flight until time is up. */
async function lanes(name: string, seconds: number, n: number, op: () => Promise<unknown>): Promise<GrpcBenchRow> {
  for (let i = 0; i < 200; i++) await op(); // warm-up: connections, JIT
  const hist = new Histogram();
  const start = performance.now();
  const end = start + seconds * 1000;
  const lane = async () => {
    while (performance.now() < end) {
      const t = performance.now();
      await op();
      hist.record(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: n }, lane));
  const elapsed = (performance.now() - start) / 1000;
  return { name, appends: hist.count, perSecond: hist.count / elapsed, p50: hist.p(50), p99: hist.p(99) };
}

/** One AppendStream with a window of unacknowledged appends; latency from write to its ack. */
async function streaming(client: GrpcLedgerClient, ledgerId: string, payload: Buffer, seconds: number, window: number, perMessage: number): Promise<GrpcBenchRow> {
  const hist = new Histogram();
  const stream = client.appendStream();
  const sentAt: number[] = [];
  let head = 0;
  let acked = 0;
  let measuring = false;
  let wake: (() => void) | undefined;
  const done = new Promise<void>((resolve, reject) => {
    stream.on('status', (s: { code: number; details: string }) => (s.code === 0 ? resolve() : reject(new Error(`AppendStream ended: ${s.details}`))));
    stream.on('error', reject);
  });
  stream.on('data', (m: { receipts: unknown[] }) => {
    const now = performance.now();
    for (let i = 0; i < m.receipts.length; i++) {
      const t = sentAt[head++]!;
      if (measuring) {
        acked++;
        hist.record(now - t);
      }
    }
    if (head > 65_536) {
      sentAt.splice(0, head);
      head = 0;
    }
    wake?.();
  });
  const warmupEnd = performance.now() + 500;
  let start = 0;
  let end = Infinity;
  for (;;) {
    const now = performance.now();
    if (!measuring && now >= warmupEnd) {
      measuring = true;
      start = now;
      end = start + seconds * 1000;
    }
    if (now >= end) break;
    const room = window - (sentAt.length - head);
    if (room <= 0) {
      await new Promise<void>((r) => (wake = r));
      wake = undefined;
      continue;
    }
    // As a client library would: every append ready now goes in one message (at most perMessage).
    const k = Math.min(room, perMessage);
    const appends: Msg[] = [];
    for (let i = 0; i < k; i++) {
      sentAt.push(now);
      appends.push({ ledgerId, data: payload });
    }
    if (!stream.write({ appends })) await once(stream, 'drain');
    // Let acks arrive between sends (a real producer would be producing meanwhile).
    await new Promise<void>((r) => setImmediate(r));
  }
  const elapsed = (performance.now() - start) / 1000;
  stream.end();
  await done;
  return { name: `gRPC AppendStream, window ${window}, <= ${perMessage}/msg`, appends: acked, perSecond: acked / elapsed, p50: hist.p(50), p99: hist.p(99) };
}

export async function grpcGatewayBench(opts: Partial<GrpcGatewayBenchOptions> = {}): Promise<GrpcGatewayBenchResult> {
  const o = { ...DEFAULT_GRPC_GATEWAY_BENCH, ...opts };
  const dir = o.dir ?? (await mkdtemp(join(tmpdir(), 'quire-grpc-bench-')));
  const cluster = await startLocalCluster({ dataDir: dir, bookies: 3, basePort: 0, host: '127.0.0.1' });
  const gw = await startGateway({
    metadataServiceUri: cluster.metadataServiceUri,
    host: '127.0.0.1',
    restPort: 0,
    gatewayId: 'grpc-bench',
    // The bench's window must fit the service's per-ledger bound.
    limits: { maxPendingAppendsPerLedger: Math.max(5000, o.inFlight * 2), maxPendingAppendsTotal: Math.max(20_000, o.inFlight * 4) },
  });
  const grpc = await startGrpcGateway(gw.service, { host: '127.0.0.1', port: 0, limits: gw.limits, streamMaxInFlight: Math.max(1000, o.inFlight) });
  const client = new GrpcLedgerClient(`127.0.0.1:${grpc.port}`);
  const bk = await createBookKeeperClient({ metadataServiceUri: cluster.metadataServiceUri });
  const payload = Buffer.alloc(o.entrySize, 0x61);
  const rows: GrpcBenchRow[] = [];
  try {
    const sizes = { ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2 };
    const w = await bk.createLedger(sizes);
    rows.push(await lanes(`direct client, ${o.inFlight} in flight`, o.seconds, o.inFlight, () => w.append(payload)));
    await w.close();

    // The gateway's service without any transport: what the transport adds is the difference.
    const l0 = (await gw.service.createLedger(sizes)).ledgerId;
    rows.push(await lanes(`LedgerService (no transport), ${o.inFlight} in flight`, o.seconds, o.inFlight, () => gw.service.append(l0, payload)));

    const newLedger = async () => ((await client.unary('CreateLedger', sizes)) as { ledgerId: string }).ledgerId;
    const l1 = await newLedger();
    rows.push(await lanes('gRPC unary Append, 1 in flight', o.seconds, 1, () => client.unary('Append', { ledgerId: l1, data: payload })));
    const l2 = await newLedger();
    rows.push(await lanes(`gRPC unary Append, ${o.inFlight} in flight`, o.seconds, o.inFlight, () => client.unary('Append', { ledgerId: l2, data: payload })));
    const l3 = await newLedger();
    rows.push(await streaming(client, l3, payload, o.seconds, o.inFlight, o.perMessage));
    const l4 = await newLedger();
    rows.push(await streaming(client, l4, payload, o.seconds, o.inFlight, 1));

    const direct = rows[0]!.perSecond;
    const result: GrpcGatewayBenchResult = { rows, streamingVsDirect: rows[4]!.perSecond / direct, unaryVsDirect: rows[3]!.perSecond / direct, serviceVsDirect: rows[1]!.perSecond / direct };
    console.log(`\n## gRPC gateway vs direct client (${o.entrySize} B entries, E3/Qw2/Qa2, ${o.seconds} s each)\n`);
    console.log(
      formatTable(
        ['mode', 'appends', 'appends/s', 'p50 ms', 'p99 ms'],
        rows.map((r) => [r.name, String(r.appends), r.perSecond.toFixed(0), r.p50.toFixed(2), r.p99.toFixed(2)]),
      ),
    );
    const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
    console.log(`\nstreaming / direct = ${pct(result.streamingVsDirect)} (target >= 50 %); unary (${o.inFlight} in flight) / direct = ${pct(result.unaryVsDirect)}; service without transport / direct = ${pct(result.serviceVsDirect)}`);
    return result;
  } finally {
    client.close();
    await grpc.stop();
    await gw.stop();
    await bk.close();
    await cluster.stop();
    if (!o.dir) await rm(dir, { recursive: true, force: true });
  }
}
