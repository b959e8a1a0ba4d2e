// Named logs through the gateway (docs/logs.md), on one local cluster (embedded metadata, three
// bookies with journal fdatasync, in this process): append throughput of REST batches and of a
// gRPC AppendStream against
// direct ledger appends with the same number in flight; end-to-end latency from an append to a
// consumer long-polling the log's tail; the cost of a rollover (latency of the append that opens a
// new segment) and of a takeover (the first append after the writer's gateway crashed, which
// fences, recovers and scans the last segment).
import { Agent, request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalCluster } from '../cli/local-command.js';
import { createBookKeeperClient } from '../clients/quorum/connect.js';
import { startGateway } from '../gateway/gateway-server.js';
import { GrpcLogClient } from '../gateway/grpc/grpc-log-client.js';
import { formatTable, Histogram } from './stats.js';

export interface LogBenchOptions {
  readonly seconds: number;
  readonly recordSize: number;
  readonly batchSize: number;
}

function http(agent: Agent, url: URL, method: string, headers: Record<string, string>, body?: Buffer): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const json = (v: unknown) => Buffer.from(JSON.stringify(v));

/** Records/s of one LogService.AppendStream kept full (the server bounds what is unacknowledged). */
async function grpcStreamRate(address: string, payload: Buffer, o: LogBenchOptions): Promise<number> {
  const client = new GrpcLogClient(address);
  try {
    const msg = { name: 'bench/tput', records: Array.from({ length: o.batchSize }, () => ({ data: payload })) };
    const s = client.appendStream();
    const window = Math.max(1, Math.floor(1000 / o.batchSize)); // messages in flight: the server's default bound
    let sent = 0;
    let acked = 0;
    let t0 = 0;
    let measuring = false;
    let counted = 0;
    let tEnd = 0;
    const deadline = () => measuring && performance.now() - t0 >= o.seconds * 1000;
    await new Promise<void>((resolve, reject) => {
      const pump = () => {
        while (sent - acked < window && !deadline()) {
          s.write(msg);
          sent++;
        }
        if (deadline() && sent === acked) s.end();
      };
      s.on('data', () => {
        acked++;
        if (acked === 20 && !measuring) {
          measuring = true;
          t0 = performance.now();
        } else if (measuring && !deadline()) {
          counted += o.batchSize;
          tEnd = performance.now();
        }
        pump();
      });
      s.on('end', resolve);
      s.on('error', reject);
      pump();
    });
    return counted / ((tEnd - t0) / 1000);
  } finally {
    client.close();
  }
}

export async function logBench(opts: Partial<LogBenchOptions> = {}): Promise<void> {
  const o: LogBenchOptions = { seconds: 5, recordSize: 1024, batchSize: 50, ...opts };
  const dir = await mkdtemp(join(tmpdir(), 'quire-log-bench-'));
  const cluster = await startLocalCluster({ dataDir: dir, bookies: 3, basePort: 0, host: '127.0.0.1' });
  const gw1 = await startGateway({ metadataServiceUri: cluster.metadataServiceUri, host: '127.0.0.1', restPort: 0, grpcPort: 0, gatewayId: 'bench-1' });
  const gw2 = await startGateway({ metadataServiceUri: cluster.metadataServiceUri, host: '127.0.0.1', restPort: 0, gatewayId: 'bench-2' });
  const bk = await createBookKeeperClient({ metadataServiceUri: cluster.metadataServiceUri });
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const payload = Buffer.alloc(o.recordSize, 0x61);
  const rows: string[][] = [];
  try {
    // Throughput: one batch of batchSize in flight, closed loop.
    const w = await bk.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2 });
    let n = 0;
    let t0 = performance.now();
    while (performance.now() - t0 < o.seconds * 1000) {
      await Promise.all(Array.from({ length: o.batchSize }, () => w.append(payload)));
      n += o.batchSize;
    }
    const direct = n / ((performance.now() - t0) / 1000);
    await w.close();
    await http(agent, new URL('/v1/logs', gw1.url), 'POST', { 'content-type': 'application/json' }, json({ name: 'bench/tput', rollover: { maxEntries: 50_000 } }));
    const batch = json({ records: Array.from({ length: o.batchSize }, () => ({ data: payload.toString('base64') })) });
    const url = new URL('/v1/logs/bench%2Ftput/records', gw1.url);
    for (let i = 0; i < 20; i++) await http(agent, url, 'POST', { 'content-type': 'application/json' }, batch);
    n = 0;
    t0 = performance.now();
    while (performance.now() - t0 < o.seconds * 1000) {
      const r = await http(agent, url, 'POST', { 'content-type': 'application/json' }, batch);
      if (r.status !== 201) throw new Error(`append answered ${r.status}: ${r.body.toString()}`);
      n += o.batchSize;
    }
    const rest = n / ((performance.now() - t0) / 1000);
    rows.push([`direct ledger appends (${o.batchSize} in flight)`, direct.toFixed(0), '1.00']);
    rows.push([`REST log batch (${o.batchSize} records/request, 1 request in flight)`, rest.toFixed(0), (rest / direct).toFixed(2)]);
    const fwdUrl = new URL('/v1/logs/bench%2Ftput/records', gw2.url);
    n = 0;
    t0 = performance.now();
    while (performance.now() - t0 < o.seconds * 1000) {
      await http(agent, fwdUrl, 'POST', { 'content-type': 'application/json' }, batch);
      n += o.batchSize;
    }
    const fwd = n / ((performance.now() - t0) / 1000);
    rows.push([`REST log batch through a non-owner (forwarded over the peer listener)`, fwd.toFixed(0), (fwd / direct).toFixed(2)]);
    const streamed = await grpcStreamRate(`127.0.0.1:${gw1.grpc!.port}`, payload, o);
    rows.push([`gRPC AppendStream (${o.batchSize} records/message, up to 1000 records unacked)`, streamed.toFixed(0), (streamed / direct).toFixed(2)]);

    // End-to-end latency: one record at a time; a consumer long-polls the tail on the other instance.
    await http(agent, new URL('/v1/logs', gw1.url), 'POST', { 'content-type': 'application/json' }, json({ name: 'bench/e2e', rollover: { maxEntries: 25 } }));
    const sentAt = new Map<bigint, number>();
    const e2e = new Histogram();
    const rollover = new Histogram();
    const normal = new Histogram();
    let stop = false;
    const consumer = (async () => {
      let from = 0n;
      while (!stop) {
        const r = await http(agent, new URL(`/v1/logs/bench%2Fe2e/tail?from=${from}&waitMs=1000`, gw2.url), 'GET', { accept: 'application/json' });
        const page = JSON.parse(r.body.toString()) as { records: { offset: string }[]; nextOffset: string };
        const now = performance.now();
        for (const rec of page.records) {
          const s = sentAt.get(BigInt(rec.offset));
          if (s !== undefined) e2e.record(now - s);
        }
        from = BigInt(page.nextOffset);
      }
    })();
    const e2eUrl = new URL('/v1/logs/bench%2Fe2e/records', gw1.url);
    t0 = performance.now();
    let offsetGuess = 0n;
    while (performance.now() - t0 < o.seconds * 1000) {
      const t = performance.now();
      sentAt.set(offsetGuess, t);
      const r = await http(agent, e2eUrl, 'POST', { 'content-type': 'application/octet-stream' }, payload);
      const receipt = JSON.parse(r.body.toString()) as { offset: string; entryId: string };
      const took = performance.now() - t;
      // Entry 1 of a later segment: this append waited for a rollover (offset 0 opened the log).
      if (receipt.offset !== '0') (receipt.entryId === '1' ? rollover : normal).record(took);
      offsetGuess = BigInt(receipt.offset) + 1n;
    }
    await new Promise((r) => setTimeout(r, 300));
    stop = true;
    await consumer;

    // Takeover: the writer's gateway crashes; the first append through the other one takes the log over.
    await http(agent, new URL('/v1/logs', gw1.url), 'POST', { 'content-type': 'application/json' }, json({ name: 'bench/takeover', rollover: { maxEntries: 5000 } }));
    const tkUrl1 = new URL('/v1/logs/bench%2Ftakeover/records', gw1.url);
    for (let i = 0; i < 4000 / o.batchSize; i++) await http(agent, tkUrl1, 'POST', { 'content-type': 'application/json', 'quire-producer-id': 'p', 'quire-sequence': String(i * o.batchSize) }, batch);
    await gw1.crash();
    const t = performance.now();
    const tk = await http(agent, new URL('/v1/logs/bench%2Ftakeover/records', gw2.url), 'POST', { 'content-type': 'application/octet-stream', 'quire-producer-id': 'p', 'quire-sequence': '4000' }, payload);
    const takeoverMs = performance.now() - t;
    if (tk.status !== 201) throw new Error(`takeover append answered ${tk.status}: ${tk.body.toString()}`);

    console.log(`\n## Named logs (${o.recordSize}-byte records, E3/Qw2/Qa2, ${o.seconds}s each)\n`);
    console.log(formatTable(['path', 'records/s', 'ratio to direct'], rows));
    console.log(`\nappend -> tailing consumer on another instance (one record at a time, ${e2e.count} records): p50 ${e2e.p(50).toFixed(2)} ms, p99 ${e2e.p(99).toFixed(2)} ms, p999 ${e2e.p(99.9).toFixed(2)} ms`);
    console.log(`rollover (every 25 records): the append that opens a segment p50 ${rollover.p(50).toFixed(2)} ms, max ${rollover.p(100).toFixed(2)} ms (n=${rollover.count}) vs other appends p50 ${normal.p(50).toFixed(2)} ms, p99 ${normal.p(99).toFixed(2)} ms`);
    console.log(`takeover after the writer's gateway crashed (last segment 4000 records to fence, recover and scan): first append ${takeoverMs.toFixed(1)} ms`);
  } finally {
    agent.destroy();
    await bk.close();
    await gw2.stop();
    await gw1.stop();
    await cluster.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

// `npx tsx bench/log-bench.ts [seconds]` runs it on its own.
if (import.meta.url === `file://${process.argv[1]}`) {
  await logBench({ seconds: Number(process.argv[2] ?? 5) });
}
