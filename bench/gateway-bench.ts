// Gateway overhead against the direct quorum client, in one run on one local cluster (embedded
// metadata, three bookies with journal fdatasync, in this process): closed-loop appends with one
// request in flight (single entries and batches), REST vs direct, and tail read throughput (REST
// pages and SSE vs the client's tail, on a striped E3/Qw2 ledger and an E3/Qw3 one that batch-reads).
// Target: <= 1 ms p50 added per REST append. Many requests in flight, with the gateway as its own
// process: `gateway-load` (gateway-load-bench.ts).
import { Agent, request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalCluster } from '../cli/local-command.js';
import { createBookKeeperClient } from '../clients/quorum/connect.js';
import { startGateway } from '../gateway/gateway-server.js';
import { formatTable, Histogram } from './stats.js';

export interface GatewayBenchOptions {
  /** Seconds per latency measurement. */
  readonly seconds: number;
  readonly entrySize: number;
  readonly batchSize: number;
  /** Entries pre-written for the tail read measurement. */
  readonly tailEntries: number;
  readonly dir?: string;
}

export const DEFAULT_GATEWAY_BENCH: GatewayBenchOptions = { seconds: 5, entrySize: 1024, batchSize: 10, tailEntries: 20_000 };

export interface GatewayBenchResult {
  readonly rows: { name: string; ops: number; p50: number; p99: number; perSecond: number }[];
  readonly addedP50Ms: number;
  readonly addedBatchP50Ms: number;
  readonly tail: { name: string; entriesPerSecond: number }[];
}

interface HttpAnswer {
  status: number;
  body: Buffer;
}

function http(agent: Agent, url: URL, method: string, headers: Record<string, string>, body?: Buffer): Promise<HttpAnswer> {
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

async function timed(seconds: number, op: () => Promise<void>): Promise<{ hist: Histogram; elapsed: number }> {
  const hist = new Histogram();
  // Warm-up (connections, JIT) is not measured.
  for (let i = 0; i < 200; i++) await op();
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    const t = performance.now();
    await op();
    hist.record(performance.now() - t);
  }
  return { hist, elapsed: (performance.now() - start) / 1000 };
}

export async function gatewayBench(opts: Partial<GatewayBenchOptions> = {}): Promise<GatewayBenchResult> {
  const o = { ...DEFAULT_GATEWAY_BENCH, ...opts };
  const dir = o.dir ?? (await mkdtemp(join(tmpdir(), 'quire-gateway-bench-')));
  const cluster = await startLocalCluster({ dataDir: dir, bookies: 3, basePort: 0, host: '127.0.0.1' });
  const gw = await startGateway({ metadataServiceUri: cluster.metadataServiceUri, host: '127.0.0.1', restPort: 0, gatewayId: 'bench' });
  const bk = await createBookKeeperClient({ metadataServiceUri: cluster.metadataServiceUri });
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const payload = Buffer.alloc(o.entrySize, 0x61);
  const rows: GatewayBenchResult['rows'] = [];
  const tail: GatewayBenchResult['tail'] = [];
  try {
    const record = (name: string, ops: number, r: { hist: Histogram; elapsed: number }) =>
      rows.push({ name, ops, p50: r.hist.p(50), p99: r.hist.p(99), perSecond: (r.hist.count * ops) / r.elapsed });

    // Direct client, one append in flight.
    const w = await bk.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2 });
    const direct = await timed(o.seconds, async () => {
      await w.append(payload);
    });
    record('direct append (1 entry)', 1, direct);
    const directBatch = await timed(o.seconds, async () => {
      await Promise.all(Array.from({ length: o.batchSize }, () => w.append(payload)));
    });
    record(`direct append (${o.batchSize} entries)`, o.batchSize, directBatch);
    await w.close();

    // REST, one request in flight.
    const created = await http(agent, new URL('/v1/ledgers', gw.url), 'POST', { 'content-type': 'application/json' }, Buffer.from('{}'));
    const ledgerId = (JSON.parse(created.body.toString()) as { ledgerId: string }).ledgerId;
    const entriesUrl = new URL(`/v1/ledgers/${ledgerId}/entries`, gw.url);
    const rest = await timed(o.seconds, async () => {
      const r = await http(agent, entriesUrl, 'POST', { 'content-type': 'application/octet-stream' }, payload);
      if (r.status !== 201) throw new Error(`append answered ${r.status}: ${r.body.toString()}`);
    });
    record('REST append (1 entry, octet-stream)', 1, rest);
    const batchBody = Buffer.from(JSON.stringify({ entries: Array.from({ length: o.batchSize }, () => ({ data: payload.toString('base64') })) }));
    const restBatch = await timed(o.seconds, async () => {
      const r = await http(agent, entriesUrl, 'POST', { 'content-type': 'application/json' }, batchBody);
      if (r.status !== 201) throw new Error(`batch answered ${r.status}: ${r.body.toString()}`);
    });
    record(`REST append (${o.batchSize} entries, JSON batch)`, o.batchSize, restBatch);
    // Exactly-once needs a ledger that stores envelopes (entryFormat ENVELOPE); a RAW ledger answers 409.
    const eoCreated = await http(agent, new URL('/v1/ledgers', gw.url), 'POST', { 'content-type': 'application/json' }, Buffer.from('{"entryFormat":"ENVELOPE"}'));
    const eoUrl = new URL(`/v1/ledgers/${(JSON.parse(eoCreated.body.toString()) as { ledgerId: string }).ledgerId}/entries`, gw.url);
    const restEo = await timed(o.seconds, (() => {
      let seq = 0;
      return async () => {
        const r = await http(agent, eoUrl, 'POST', { 'content-type': 'application/octet-stream', 'quire-producer-id': 'bench', 'quire-sequence': String(seq++) }, payload);
        if (r.status !== 201) throw new Error(`exactly-once append answered ${r.status}: ${r.body.toString()}`);
      };
    })());
    record('REST append (1 entry, exactly-once)', 1, restEo);

    // Tail throughput: a sealed ledger of tailEntries entries, read from the start; E3/Qw2 (the
    // default: striped, single reads) and E3/Qw3 (every bookie holds every entry: batch reads).
    for (const quorum of [{ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2 }, { ensembleSize: 3, writeQuorumSize: 3, ackQuorumSize: 2 }]) {
      const q = quorum.writeQuorumSize === 2 ? '' : ` (E3/Qw3, batch reads)`;
      const tw = await bk.createLedger(quorum);
      const tailLedger = (JSON.parse((await http(agent, new URL('/v1/ledgers', gw.url), 'POST', { 'content-type': 'application/json' }, Buffer.from(JSON.stringify(quorum)))).body.toString()) as { ledgerId: string }).ledgerId;
      const fillBody = Buffer.from(JSON.stringify({ entries: Array.from({ length: 500 }, () => ({ data: payload.toString('base64') })) }));
      for (let n = 0; n < o.tailEntries; n += 500) {
        await Promise.all(Array.from({ length: 500 }, () => tw.append(payload)));
        await http(agent, new URL(`/v1/ledgers/${tailLedger}/entries`, gw.url), 'POST', { 'content-type': 'application/json' }, fillBody);
      }
      await tw.close();
      await http(agent, new URL(`/v1/ledgers/${tailLedger}/close`, gw.url), 'POST', {});
      {
        const rh = await bk.openLedger(tw.ledgerId);
        const t = performance.now();
        let n = 0;
        for await (const _e of rh.tail(0n)) n++;
        tail.push({ name: `direct ReadHandle.tail${q}`, entriesPerSecond: n / ((performance.now() - t) / 1000) });
      }
      {
        const t = performance.now();
        let n = 0;
        let from = '0';
        for (;;) {
          const r = await http(agent, new URL(`/v1/ledgers/${tailLedger}/tail?from=${from}&waitMs=0&limit=1000`, gw.url), 'GET', { accept: 'application/json' });
          const page = JSON.parse(r.body.toString()) as { entries: unknown[]; nextEntryId?: string; sealed: boolean };
          n += page.entries.length;
          if (!page.nextEntryId) break;
          from = page.nextEntryId;
        }
        tail.push({ name: `REST tail pages (JSON, 1000/page)${q}`, entriesPerSecond: n / ((performance.now() - t) / 1000) });
      }
      {
        const t = performance.now();
        const r = await http(agent, new URL(`/v1/ledgers/${tailLedger}/tail?from=0`, gw.url), 'GET', { accept: 'text/event-stream' });
        const n = (r.body.toString().match(/\nevent: entry\n/g) ?? []).length;
        tail.push({ name: `REST tail (SSE)${q}`, entriesPerSecond: n / ((performance.now() - t) / 1000) });
      }
    }
  } finally {
    agent.destroy();
    await bk.close();
    await gw.stop();
    await cluster.stop();
    if (o.dir === undefined) await rm(dir, { recursive: true, force: true });
  }
  const find = (prefix: string) => rows.find((r) => r.name.startsWith(prefix))!;
  const result: GatewayBenchResult = {
    rows,
    addedP50Ms: find('REST append (1 entry, octet').p50 - find('direct append (1').p50,
    addedBatchP50Ms: find('REST append (' + o.batchSize).p50 - find('direct append (' + o.batchSize).p50,
    tail,
  };
  console.log(`\n## Gateway overhead (${o.entrySize}-byte entries, E3/Qw2/Qa2, one request in flight, ${o.seconds}s each)\n`);
  console.log(formatTable(['path', 'p50 ms', 'p99 ms', 'entries/s'], rows.map((r) => [r.name, r.p50.toFixed(3), r.p99.toFixed(3), r.perSecond.toFixed(0)])));
  console.log(`\nadded p50 per REST append: ${result.addedP50Ms.toFixed(3)} ms (target <= 1 ms); per ${o.batchSize}-entry batch: ${result.addedBatchP50Ms.toFixed(3)} ms`);
  console.log(`\n## Tail read throughput (${o.tailEntries} entries, sealed ledger; E3/Qw2 unless the row says otherwise)\n`);
  console.log(formatTable(['reader', 'entries/s'], tail.map((t) => [t.name, t.entriesPerSecond.toFixed(0)])));
  return result;
}

// `npx tsx bench/gateway-bench.ts [seconds]` runs it on its own.
if (import.meta.url === `file://${process.argv[1]}`) {
  await gatewayBench({ seconds: Number(process.argv[2] ?? DEFAULT_GATEWAY_BENCH.seconds) });
}
