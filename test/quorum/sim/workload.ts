// One seeded simulation run: a writer, concurrent recoverers and readers against simulated
// bookies with crashes, partitions, drops, delays and read I/O errors (kept within what the quorum
// tolerates: crashes lose only unacknowledged writes and every fault heals), then checkers on the
// end state. Throws with the seed in the message when a property fails.
import { isQuireError } from '../../../common/errors.js';
import { createDigestManager, parseDigestType } from '../../../clients/quorum/digest/digest-manager.js';
import { unwrapEntry } from '../../../clients/quorum/digest/entry-format.js';
import { writeSet } from '../../../clients/quorum/ensemble/distribution-schedule.js';
import { segmentFor } from '../../../clients/quorum/ensemble/ensemble-change.js';
import type { WriteHandle } from '../../../clients/quorum/index.js';
import { sleepOn } from '../../../clients/quorum/clock.js';
import { SimCluster } from './sim-cluster.js';

const QUORUMS: [number, number, number][] = [
  [3, 3, 2],
  [3, 2, 2],
  [3, 3, 3],
  [2, 2, 1],
  [3, 2, 1],
  [4, 3, 2],
  [4, 2, 2],
  [5, 3, 2],
];

export interface RunSummary {
  seed: number;
  quorum: [number, number, number];
  submitted: number;
  acked: number;
  lastEntryId: bigint;
  writerOutcome: string;
  recoveries: number;
  ensembleChanges: number;
  simTimeMs: number;
}

export class SimFailure extends Error {}

export async function runSeed(seed: number): Promise<RunSummary> {
  const probe = new SimCluster({ seed, bookies: 1 }).rng; // first draws pick the world's shape
  const bookieCount = probe.int(4, 6);
  const quorum = probe.pick(QUORUMS.filter(([e]) => e <= bookieCount));
  const sim = new SimCluster({ seed, bookies: bookieCount, metadataDelayMs: [0, probe.int(0, 8)] });
  const rng = sim.rng.fork();
  const fail = (msg: string): never => {
    if (process.env.QUIRE_SIM_DEBUG) {
      console.error({ bookieCount, quorum });
      for (const h of sim.metadata.history) console.error(h.metadata.state, h.metadata.lastEntryId, h.metadata.segments.map((s) => `${s.firstEntryId}:${s.bookies.join(',')}`).join(' | '));
      for (const b of sim.bookies.values()) console.error(b.id, b.log.join('; '));
    }
    throw new SimFailure(`seed ${seed} (replay: QUIRE_SIM_SEED=${seed}): ${msg}`);
  };
  const [E, Qw, Qa] = quorum;
  sim.network.faults = { dropRequestRate: rng.next() * 0.02, dropReplyRate: rng.next() * 0.02, delayMs: [1, rng.int(3, 40)] };
  for (const b of sim.bookies.values()) b.faults = { readIoErrorRate: rng.next() * 0.05, diskDelayMs: [1, rng.int(2, 20)] };
  const config = { speculativeReadTimeoutMs: rng.pick([0, 50, 300, 2000]), recoveryRetryBackoffMs: 50, recoveryStepAttempts: 6 };
  const password = `pw-${seed}`;

  const writerClient = sim.client(config);
  const w: WriteHandle = await sim.run(writerClient.createLedger({ ensembleSize: E, writeQuorumSize: Qw, ackQuorumSize: Qa, password, digestType: rng.pick(['CRC32', 'CRC32C', 'HMAC'] as const) }), 'create');
  const ledgerId = w.ledgerId;

  // ---- writer ----
  const submitted: Buffer[] = [];
  const acked = new Set<bigint>();
  const writerLacs: bigint[] = [];
  let writerOutcome = 'abandoned';
  const entryCount = rng.int(5, 60);
  const maxInFlight = rng.int(1, 8);
  const closes = rng.chance(0.5);
  const writerRng = rng.fork();
  const writer = (async () => {
    const inFlight = new Set<Promise<unknown>>();
    for (let i = 0; i < entryCount; i++) {
      if (w.error) break;
      const payload = Buffer.concat([Buffer.from(`s${seed}e${i}:`), writerRng.bytes(writerRng.int(0, 40))]);
      const index = submitted.length;
      submitted.push(payload);
      const p = w.append(payload).then(
        (id) => {
          if (id !== BigInt(index)) fail(`append #${index} got entry id ${id}`);
          acked.add(id);
          writerLacs.push(w.lastAddConfirmed);
        },
        () => undefined,
      );
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
      if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
      await sleepOn(sim.sched, writerRng.int(0, 30));
    }
    await Promise.allSettled([...inFlight]);
    if (closes) {
      try {
        await w.close();
        writerOutcome = 'closed';
      } catch (e) {
        writerOutcome = `close failed: ${isQuireError(e) ? e.code : String(e)}`;
      }
    }
  })();

  // ---- recoverers ----
  const recovered: { lastEntryId: bigint; length: bigint }[] = [];
  const recoverer = async (startMs: number) => {
    await sleepOn(sim.sched, startMs);
    const c = sim.client(config);
    for (let attempt = 0; attempt < 40; attempt++) {
      try {
        const r = await c.openLedger(ledgerId, { password, recovery: true });
        recovered.push({ lastEntryId: r.ledgerMetadata.lastEntryId, length: r.ledgerMetadata.length });
        return;
      } catch (e) {
        if (!isQuireError(e)) throw e;
        if (e.code === 'UNAUTHORIZED' || e.code === 'INTERNAL' || e.code === 'DIGEST_MISMATCH') fail(`recovery failed with ${e.code}: ${e.message}`);
        await sleepOn(sim.sched, 500);
      }
    }
    fail('recovery did not succeed in 40 attempts');
  };
  const recoverers = Array.from({ length: rng.int(0, 3) }, () => recoverer(rng.int(0, 3000)));

  // ---- readers ----
  const observedLacs: bigint[][] = [];
  const reader = async (startMs: number) => {
    await sleepOn(sim.sched, startMs);
    const c = sim.client(config);
    let handle;
    try {
      handle = await c.openLedger(ledgerId, { password });
    } catch {
      return;
    }
    const seen: bigint[] = [handle.lastAddConfirmed];
    observedLacs.push(seen);
    for (let i = 0; i < 6; i++) {
      await sleepOn(sim.sched, rng.int(50, 600));
      try {
        const lac = await handle.readLastAddConfirmed();
        seen.push(lac);
        if (lac >= 0n) {
          const first = lac > 5n ? lac - 5n : 0n;
          for (const e of await handle.read(first, lac)) {
            if (!e.payload.equals(submitted[Number(e.entryId)] ?? Buffer.alloc(0))) fail(`reader saw wrong payload for entry ${e.entryId}`);
          }
        }
      } catch (e) {
        if (isQuireError(e, 'DIGEST_MISMATCH') || isQuireError(e, 'INTERNAL') || isQuireError(e, 'UNAUTHORIZED')) fail(`reader error ${String(e)}`);
      }
    }
  };
  const readers = Array.from({ length: rng.int(1, 2) }, () => reader(rng.int(0, 2000)));

  // ---- faults, then heal ----
  const faultRng = rng.fork();
  const maxDown = faultRng.pick([1, 1, 2]);
  const down = new Set<string>();
  const ids = [...sim.bookies.keys()];
  const faultEndMs = 4000;
  const faults = (async () => {
    while (sim.sched.now() < faultEndMs) {
      await sleepOn(sim.sched, faultRng.int(50, 500));
      const id = faultRng.pick(ids);
      if (down.has(id) || down.size >= maxDown) continue;
      const b = sim.bookies.get(id)!;
      const duration = faultRng.int(100, 2500);
      down.add(id);
      if (faultRng.chance(0.6)) {
        b.crash();
        sim.sched.setTimeout(() => {
          b.restart();
          down.delete(id);
        }, duration);
      } else {
        sim.network.partitioned.add(id);
        sim.sched.setTimeout(() => {
          sim.network.partitioned.delete(id);
          down.delete(id);
        }, duration);
      }
    }
    await sleepOn(sim.sched, 3000);
    for (const b of sim.bookies.values()) {
      if (b.crashed) b.restart();
      b.faults = { readIoErrorRate: 0, diskDelayMs: [1, 3] };
    }
    sim.network.partitioned.clear();
    sim.network.faults = { dropRequestRate: 0, dropReplyRate: 0, delayMs: [1, 5] };
  })();

  await sim.run(Promise.all([writer, ...recoverers, ...readers, faults]), 'workload', 900_000);

  // ---- final recovery with everything healed ----
  const finalHandle = await sim.run(sim.client(config).openLedger(ledgerId, { password, recovery: true }), 'final recovery');
  const stored = sim.metadata.store.get(ledgerId)!;
  const md = stored.metadata;
  if (md.state !== 'CLOSED') fail(`final state ${md.state}`);
  const L = md.lastEntryId;

  // acked => readable, and part of the closed ledger
  for (const e of acked) if (e > L) fail(`acked entry ${e} is beyond the closed ledger's last entry ${L}`);
  if (L >= BigInt(submitted.length)) fail(`closed at ${L} but only ${submitted.length} entries were ever submitted`);
  if (L >= 0n) {
    const entries = await sim.run(finalHandle.read(0n, L), 'final read');
    for (const e of entries) if (!e.payload.equals(submitted[Number(e.entryId)]!)) fail(`entry ${e.entryId} reads back different bytes`);
  }
  // no divergence: every entry up to L has >= Qa durable, identical copies in its final write set
  const digest = createDigestManager(parseDigestType(md.digestType!), md.password!);
  let expectedLength = 0n;
  for (let e = 0n; e <= L; e++) {
    const ensemble = segmentFor(md.segments, e).bookies;
    let copies = 0;
    for (const i of writeSet(e, E, Qw)) {
      const bytes = sim.bookies.get(ensemble[i]!)!.durableEntry(ledgerId, e);
      if (!bytes) continue;
      copies++;
      const f = unwrapEntry(digest, bytes, ledgerId, e);
      if (!f.payload.equals(submitted[Number(e)]!)) fail(`bookie ${ensemble[i]} holds different bytes for entry ${e}`);
    }
    if (copies < Qa) fail(`entry ${e} has ${copies} durable copies in its write set, fewer than Qa=${Qa}`);
    expectedLength += BigInt(submitted[Number(e)]!.length);
  }
  if (md.length !== expectedLength) fail(`closed length ${md.length}, entries add up to ${expectedLength}`);
  // concurrent recoveries agree
  for (const r of recovered) {
    if (r.lastEntryId !== L || r.length !== md.length) fail(`a recovery ended at ${r.lastEntryId}/${r.length}, the ledger at ${L}/${md.length}`);
  }
  // LAC never goes back, and never passes the end of the ledger
  for (const seq of [...observedLacs, writerLacs]) {
    for (let i = 1; i < seq.length; i++) if (seq[i]! < seq[i - 1]!) fail(`LAC went back: ${seq.join(',')}`);
    for (const lac of seq) if (lac > L) fail(`a reader saw LAC ${lac} beyond the closed ledger's end ${L}`);
  }
  if (writerOutcome === 'closed' && w.lastAddConfirmed !== L) fail(`writer closed with LAC ${w.lastAddConfirmed}, ledger says ${L}`);
  // closed metadata is never overwritten
  const history = sim.metadata.history.filter((h) => h.ledgerId === ledgerId).map((h) => h.metadata);
  const firstClosed = history.findIndex((h) => h.state === 'CLOSED');
  if (history.slice(firstClosed + 1).length > 0) fail(`metadata changed after it was closed`);

  const ensembleChanges = history.reduce((n, h, i) => (i > 0 && h.segments.length !== history[i - 1]!.segments.length ? n + 1 : n), 0);
  return {
    seed,
    quorum,
    submitted: submitted.length,
    acked: acked.size,
    lastEntryId: L,
    writerOutcome,
    recoveries: recovered.length,
    ensembleChanges,
    simTimeMs: sim.sched.now(),
  };
}
