// Bookie benchmark in the spirit of BookKeeper's BenchBookie: a bookie in its own process, adds
// sent over one v3 connection — one at a time (latency) and pipelined (throughput) — at several
// entry sizes, with the disk's raw write+fdatasync rate measured in the same run for comparison.
// fsyncs and entries per fsync come from the bookie's own /metrics.
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StatusCode } from '../common/errors.js';
import { startBookieProcess, type BookieProcess } from '../harness/bookie-process.js';
import { addReq, WireClient } from '../harness/wire-client.js';
import { formatTable, Histogram } from './stats.js';

const KEY = Buffer.alloc(20, 1);

export interface BookieBenchOptions {
  readonly sizes: number[];
  readonly seconds: number;
  readonly maxOutstanding: number;
  readonly dir?: string;
}

async function scrape(p: BookieProcess): Promise<Map<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${p.httpPort}/metrics`)).text();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(quire_bookie_journal_\w+|quire_bookie_process_cpu_seconds_total|quire_bookie_process_resident_memory_bytes) ([0-9.e+]+)$/.exec(line);
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

/** Raw disk: 4 KiB write + fdatasync in a loop, as the journal would with no batching. */
export function rawFsyncRate(dir: string, seconds: number): { opsPerSec: number; hist: Histogram } {
  const path = join(dir, 'raw-fsync.bin');
  const fd = openSync(path, 'w');
  const buf = Buffer.alloc(4096, 1);
  const hist = new Histogram();
  const end = Date.now() + seconds * 1000;
  let ops = 0;
  let pos = 0;
  const t0 = process.hrtime.bigint();
  while (Date.now() < end) {
    const s = process.hrtime.bigint();
    writeSync(fd, buf, 0, buf.length, pos);
    fdatasyncSync(fd);
    hist.record(Number(process.hrtime.bigint() - s) / 1e6);
    pos += buf.length;
    ops++;
  }
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  closeSync(fd);
  rmSync(path, { force: true });
  return { opsPerSec: ops / elapsed, hist };
}

interface RunResult {
  mode: string;
  size: number;
  adds: number;
  seconds: number;
  hist: Histogram;
  fsyncs: number;
  records: number;
  cpuSeconds: number;
  /** CPU of this (load generator) process during the run. */
  clientCpuSeconds: number;
  rssBytes: number;
}

/**
 * A reusable DUMMY-digest entry body (the dummyEntry layout) for one sender: the ids are written in
 * place before each send. Safe because WireClient.send encodes (copies) the body synchronously.
 */
export function entryTemplate(ledgerId: bigint, size: number): { body: Buffer; setEntry(e: number): void } {
  const body = Buffer.alloc(32 + size, 0x61);
  body.writeBigInt64BE(ledgerId, 0);
  body.writeBigInt64BE(BigInt(size), 24);
  return {
    body,
    setEntry(e: number) {
      // entryId = e, lac = e - 1, as plain 32-bit halves (e < 2^32 in any run).
      body.writeUInt32BE(0, 8);
      body.writeUInt32BE(e, 12);
      body.writeInt32BE(e === 0 ? -1 : 0, 16);
      body.writeUInt32BE(e === 0 ? 0xffffffff : e - 1, 20);
    },
  };
}

async function runAdds(p: BookieProcess, ledgerId: bigint, size: number, seconds: number, outstanding: number, targetRate?: number): Promise<RunResult> {
  const c = await WireClient.connect(p.port, '127.0.0.1', 30_000);
  const hist = new Histogram();
  const before = await scrape(p);
  const cpu0 = process.cpuUsage();
  let next = 0;
  let done = 0;
  let failed = 0;
  const start = process.hrtime.bigint();
  const t0 = performance.now();
  const endAt = t0 + seconds * 1000;
  const onReply = (r: { status: number }, sentAt: number) => {
    if (r.status === StatusCode.EOK) {
      done++;
      hist.record(performance.now() - sentAt);
    } else failed++;
  };
  if (targetRate === undefined) {
    // Closed loop: `outstanding` senders, each sends its next add when the previous one is answered.
    const worker = async () => {
      const t = entryTemplate(ledgerId, size);
      while (performance.now() < endAt) {
        const e = next++;
        t.setEntry(e);
        const sentAt = performance.now();
        onReply(await c.send(addReq(ledgerId, BigInt(e), KEY, t.body)), sentAt);
      }
    };
    await Promise.all(Array.from({ length: outstanding }, () => worker()));
  } else {
    // Open loop: add i is due at t0 + i/rate whatever happened to earlier ones; one pacing loop
    // sends everything due (no timer per request), and latency counts from the due time, so a
    // stall anywhere (bookie or load generator) is not hidden (no coordinated omission).
    const interval = 1000 / targetRate;
    const t = entryTemplate(ledgerId, size);
    const inflight = new Set<Promise<void>>();
    while (performance.now() < endAt) {
      const now = performance.now();
      while (t0 + next * interval <= now) {
        const e = next++;
        const dueAt = t0 + e * interval;
        t.setEntry(e);
        const pr: Promise<void> = c.send(addReq(ledgerId, BigInt(e), KEY, t.body)).then(
          (r) => {
            onReply(r, dueAt);
            inflight.delete(pr);
          },
          () => {
            failed++;
            inflight.delete(pr);
          },
        );
        inflight.add(pr);
      }
      await new Promise((r) => setTimeout(r, Math.max(0, Math.min(1, t0 + next * interval - performance.now()))));
    }
    await Promise.all(inflight);
  }
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const after = await scrape(p);
  c.close();
  if (failed > 0) console.error(`  (${failed} adds were refused, e.g. ETOOMANYREQUESTS)`);
  const d = (k: string) => (after.get(k) ?? 0) - (before.get(k) ?? 0);
  return {
    mode: targetRate ? `open ${targetRate}/s` : outstanding === 1 ? 'one at a time' : `pipelined ${outstanding}`,
    size,
    adds: done,
    seconds: secs,
    hist,
    fsyncs: d('quire_bookie_journal_fsyncs_total'),
    records: d('quire_bookie_journal_records_total'),
    cpuSeconds: d('quire_bookie_process_cpu_seconds_total'),
    clientCpuSeconds: (cpu.user + cpu.system) / 1e6,
    rssBytes: after.get('quire_bookie_process_resident_memory_bytes') ?? 0,
  };
}

export async function bookieBench(opts: BookieBenchOptions): Promise<void> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'quire-bench-'));
  console.log(`\n## Bookie (BenchBookie-style), one v3 connection, journalSyncData=true, journalMaxGroupWaitMSec=2, data in ${dir}`);
  const raw = rawFsyncRate(dir, Math.min(3, opts.seconds));
  console.log(`raw disk: 4 KiB write+fdatasync ${raw.opsPerSec.toFixed(0)}/s, p50 ${raw.hist.p(50).toFixed(2)} ms, p99 ${raw.hist.p(99).toFixed(2)} ms`);
  const p = await startBookieProcess([
    '--port', '0', '--journal-dir', join(dir, 'journal'), '--ledger-dir', join(dir, 'ledgers'), '--metadata-service-uri', `embedded://${join(dir, 'metadata')}`,
    '--set', 'httpServerEnabled=true', '--set', 'httpServerPort=0', '--set', 'dbStorage_writeCacheMaxSizeMb=256',
    // Extra bookie settings for experiments, e.g. QUIRE_BENCH_BOOKIE_SET="journalSyncData=false".
    ...(process.env.QUIRE_BENCH_BOOKIE_SET ?? '').split(' ').filter((kv) => kv !== '').flatMap((kv) => ['--set', kv]),
  ]);
  const rows: RunResult[] = [];
  try {
    let ledger = 1n;
    for (const size of opts.sizes) {
      rows.push(await runAdds(p, ledger++, size, Math.max(1, opts.seconds / 2), 1));
      const pipelined = await runAdds(p, ledger++, size, opts.seconds, size >= 16384 ? Math.min(opts.maxOutstanding, 200) : opts.maxOutstanding);
      rows.push(pipelined);
      if (size === 1024) {
        // p99 at half the measured maximum, open loop.
        const half = Math.max(100, Math.round(pipelined.adds / pipelined.seconds / 2));
        rows.push(await runAdds(p, ledger++, size, opts.seconds, Math.min(2000, Math.max(50, Math.ceil(half / 100))), half));
      }
    }
  } finally {
    await p.kill('SIGTERM');
    if (!opts.dir) rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    formatTable(
      ['size', 'mode', 'adds/s', 'MB/s', 'p50 ms', 'p99 ms', 'p999 ms', 'fsyncs/s', 'entries/fsync', 'CPU s/M adds', 'client CPU s/M', 'bookie RSS MB'],
      rows.map((r) => [
        String(r.size),
        r.mode,
        (r.adds / r.seconds).toFixed(0),
        ((r.adds * r.size) / r.seconds / 1e6).toFixed(1),
        r.hist.p(50).toFixed(2),
        r.hist.p(99).toFixed(2),
        r.hist.p(99.9).toFixed(2),
        (r.fsyncs / r.seconds).toFixed(0),
        r.fsyncs > 0 ? (r.records / r.fsyncs).toFixed(1) : '-',
        r.adds > 0 ? ((r.cpuSeconds / r.adds) * 1e6).toFixed(0) : '-',
        r.adds > 0 ? ((r.clientCpuSeconds / r.adds) * 1e6).toFixed(0) : '-',
        (r.rssBytes / 1e6).toFixed(0),
      ]),
    ),
  );
}
