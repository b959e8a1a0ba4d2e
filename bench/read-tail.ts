// Tailing reads (bench/read-bench.ts): one client appends to an open E1 ledger, at a steady rate
// (open loop) or with a bound on appends in flight (closed loop), while a second client in this
// process follows it with ReadHandle.tail (long-poll LAC reads, then batch reads up to the LAC), so
// the bookie serves it from its write cache. Latency counts from the append's send time to the
// entry reaching the tail, so it includes the piggybacked-LAC lag (entry N is visible once the
// bookie learned LAC >= N, normally from entry N+1) and both clients sharing one event loop.
import { createBookKeeperClient } from '../clients/quorum/connect.js';
import type { Kind } from './compare-bench.js';
import { zkUri } from './read-bookies.js';
import { Histogram } from './stats.js';

export interface TailOptions {
  readonly seconds: number;
  readonly size: number;
  /** Open loop: appends per second. */
  readonly rate: number;
  /** Closed loop: appends in flight. */
  readonly outstanding: number;
}

export interface TailResult {
  kind: Kind;
  mode: string;
  entries: number;
  bytes: number;
  /** First append sent to the last entry read. */
  seconds: number;
  latency: Histogram;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Long-poll wait of the tail: short, so the tail notices the close soon after the last entry. */
const POLL_MS = 500;

async function tailOnce(zk: string, kind: Kind, openLoop: boolean, o: TailOptions): Promise<TailResult> {
  const writer = await createBookKeeperClient({ metadataServiceUri: zkUri(zk) });
  const reader = await createBookKeeperClient({ metadataServiceUri: zkUri(zk) });
  try {
    const w = await writer.createLedger({ ensembleSize: 1, writeQuorumSize: 1, ackQuorumSize: 1, digestType: 'CRC32C', password: 'bench' });
    const data = Buffer.alloc(o.size, 0x61);
    // A long poll on a ledger the bookie has no entry of yet fails (NO_SUCH_LEDGER), so the tail
    // starts once entry 0 is stored; entry 0's latency is left out.
    await w.append(data);
    const r = await reader.openLedger(w.ledgerId, { password: 'bench' });
    // Entry ids follow the order appends are called in, so sent[id] is that entry's send time.
    const sent: number[] = [NaN];
    const latency = new Histogram();
    let entries = 0;
    let bytes = 0;
    let lastRead = 0;
    const reading = (async () => {
      for await (const e of r.tail(0n, POLL_MS)) {
        lastRead = performance.now();
        // The last entry only becomes visible with the close; its wait is not a tailing latency.
        if (e.entryId > 0n && e.entryId < BigInt(sent.length - 1)) latency.record(lastRead - sent[Number(e.entryId)]!);
        entries++;
        bytes += e.payload.length;
      }
    })();
    // Awaited after the writer is done; a failure before then must not be an unhandled rejection.
    reading.catch(() => undefined);
    const t0 = performance.now();
    const end = t0 + o.seconds * 1000;
    const pending = new Set<Promise<unknown>>();
    let failed: unknown;
    const issue = (): void => {
      sent.push(performance.now());
      const p: Promise<unknown> = w.append(data).then(
        () => {
          pending.delete(p);
          if (!openLoop && performance.now() < end && failed === undefined) issue();
        },
        (e: unknown) => {
          pending.delete(p);
          failed ??= e;
        },
      );
      pending.add(p);
    };
    if (openLoop) {
      // Each millisecond (or as soon as the loop gets to run), send the appends now due.
      while (performance.now() < end && failed === undefined) {
        const due = Math.floor(((performance.now() - t0) * o.rate) / 1000);
        while (sent.length < due) issue();
        await sleep(1);
      }
    } else {
      for (let i = 0; i < o.outstanding; i++) issue();
      while (performance.now() < end && failed === undefined) await sleep(50);
    }
    while (pending.size > 0) await Promise.all([...pending]);
    if (failed !== undefined) throw failed;
    await w.close();
    await reading;
    if (entries !== sent.length) throw new Error(`tail read ${entries} entries of ${sent.length} appended`);
    return { kind, mode: openLoop ? `open loop ${o.rate}/s` : `closed loop ${o.outstanding} in flight`, entries, bytes, seconds: (lastRead - t0) / 1000, latency };
  } finally {
    await reader.close();
    await writer.close();
  }
}

/** Both variants against the bookie already registered on zk. */
export async function tailBench(zk: string, kind: Kind, o: TailOptions): Promise<TailResult[]> {
  const out: TailResult[] = [];
  for (const openLoop of [true, false]) {
    const t = await tailOnce(zk, kind, openLoop, o);
    console.error(`  ${kind} bookie, tail ${t.mode}: ${(t.entries / t.seconds).toFixed(0)} entries/s, append-to-read p50 ${t.latency.p(50).toFixed(2)} ms p99 ${t.latency.p(99).toFixed(2)} ms`);
    out.push(t);
  }
  return out;
}
