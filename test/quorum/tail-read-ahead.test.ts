// ReadHandle.tail reads the range behind the LAC in steps with the next step in flight (bounded
// read-ahead), then long-polls at the LAC: every entry in order, on striped (E > Qw) ledgers with
// single reads and on E == Qw ledgers with batch reads, across ensemble changes, with a bookie
// down, never past the LAC, and a read that no replica can serve ends the tail with its error
// (never as "no such entry", never with a gap).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isQuireError } from '../../common/errors.js';
import type { ClientConfig } from '../../clients/quorum/client-config.js';
import type { WriteHandle } from '../../clients/quorum/index.js';
import { SimCluster } from './sim/sim-cluster.js';

/** readConcurrency 2: a single-read step is 32 entries. */
const SMALL_STEPS: Partial<ClientConfig> = { readConcurrency: 2, maxBatchReadCount: 5, maxBatchReadsInFlight: 2, speculativeReadTimeoutMs: 0 };
const STEP_SINGLE = 32;
const STEP_BATCH = 10;

async function write(sim: SimCluster, w: WriteHandle, from: number, to: number): Promise<void> {
  for (let b = from; b < to; b += 20) await sim.run(Promise.all(Array.from({ length: Math.min(20, to - b) }, (_, i) => w.append(Buffer.from(`e${b + i}`)))));
}

/** Writes n entries, crashing a bookie of the current ensemble before each of `changes` points (one ensemble change each). */
async function ledgerWithChanges(sim: SimCluster, e: number, qw: number, n: number, changes: number[]): Promise<WriteHandle> {
  const w = await sim.run(sim.client().createLedger({ ensembleSize: e, writeQuorumSize: qw, ackQuorumSize: 2 }));
  let at = 0;
  for (const c of changes) {
    await write(sim, w, at, c);
    const segs = w.ledgerMetadata.segments;
    sim.bookies.get(segs[segs.length - 1]!.bookies[0]!)!.crash();
    at = c;
  }
  await write(sim, w, at, n);
  assert.equal(w.ledgerMetadata.segments.length, changes.length + 1);
  return w;
}

/** Reads requested per bookie, and the highest entry id any read asked for. */
function watchReads(sim: SimCluster): { highest: () => bigint; onRead: (f: (entryId: bigint) => void) => void } {
  let highest = -1n;
  let hook: ((entryId: bigint) => void) | undefined;
  sim.network.rules.push((m) => {
    if ((m.op === 'read' || m.op === 'batchRead') && m.entryId >= 0n) {
      if (m.entryId > highest) highest = m.entryId;
      hook?.(m.entryId);
    }
    return undefined;
  });
  return { highest: () => highest, onRead: (f) => (hook = f) };
}

describe('ReadHandle.tail read-ahead (simulated bookies)', () => {
  for (const [e, qw, step, mode] of [
    [3, 2, STEP_SINGLE, 'striped, single reads'],
    [3, 3, STEP_BATCH, 'E == Qw, batch reads'],
  ] as const) {
    test(`${mode}: a sealed ledger with two ensemble changes, tailed with a bookie down: every entry in order, read-ahead bounded`, async () => {
      const sim = new SimCluster({ seed: 31 + e + qw, bookies: 6 });
      const n = 300;
      const w = await ledgerWithChanges(sim, e, qw, n, [90, 200]);
      await sim.run(w.close());
      // The bookies crashed for the changes come back (with the earlier segments' entries); one
      // bookie of every segment is then down, and every entry still has a live replica.
      for (const b of sim.bookies.values()) if (b.crashed) await sim.run(b.restart());
      sim.bookies.get(w.ledgerMetadata.segments[2]!.bookies[1]!)!.crash();
      const reads = watchReads(sim);
      const r = await sim.run(sim.client(SMALL_STEPS).openLedger(w.ledgerId));
      let yielded = 0;
      let worstAhead = 0;
      reads.onRead((id) => (worstAhead = Math.max(worstAhead, Number(id) - yielded)));
      const seen: string[] = [];
      await sim.run(
        (async () => {
          for await (const x of r.tail(0n, 1000)) {
            assert.equal(x.entryId, BigInt(seen.length));
            seen.push(x.payload.toString());
            yielded++;
          }
        })(),
      );
      assert.deepEqual(seen, Array.from({ length: n }, (_, i) => `e${i}`));
      assert.ok(reads.highest() <= BigInt(n - 1), `a read asked for entry ${reads.highest()} past the last entry ${n - 1}`);
      // The step being yielded plus one step ahead, and that step did go out early.
      assert.ok(worstAhead >= step, `no read ran a step ahead of the consumer (at most ${worstAhead})`);
      assert.ok(worstAhead < 2 * step, `a read ran ${worstAhead} entries ahead of the consumer (bound ${2 * step})`);
    });
  }

  test('a live striped tail follows the writer across an ensemble change, never past the LAC, to the close', async () => {
    const sim = new SimCluster({ seed: 41, bookies: 5 });
    const bk = sim.client();
    const w = await sim.run(bk.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2 }));
    await write(sim, w, 0, 100);
    const r = await sim.run(sim.client(SMALL_STEPS).openLedger(w.ledgerId));
    const seen: bigint[] = [];
    const tailing = (async () => {
      for await (const x of r.tail(0n, 1000)) {
        assert.ok(x.entryId <= r.lastAddConfirmed, `entry ${x.entryId} yielded past the LAC ${r.lastAddConfirmed}`);
        assert.equal(x.payload.toString(), `e${x.entryId}`);
        seen.push(x.entryId);
      }
    })();
    const writing = (async () => {
      await write(sim, w, 100, 160);
      sim.bookies.get(w.ledgerMetadata.segments[0]!.bookies[2]!)!.crash();
      await write(sim, w, 160, 250);
      await w.close();
    })();
    await sim.run(Promise.all([tailing, writing]));
    assert.equal(w.ledgerMetadata.segments.length, 2);
    assert.deepEqual(seen, Array.from({ length: 250 }, (_, i) => BigInt(i)));
  });

  for (const [qw, mode] of [
    [2, 'single reads'],
    [3, 'batch reads'],
  ] as const) {
    test(`${mode}: entries no live bookie holds end the tail with the read error after a gap-free prefix, not NO_SUCH_ENTRY`, async () => {
      const sim = new SimCluster({ seed: 51 + qw, bookies: 3 });
      const w = await sim.run(sim.client().createLedger({ ensembleSize: 3, writeQuorumSize: qw, ackQuorumSize: 2 }));
      await write(sim, w, 0, 120);
      await sim.run(w.close());
      const r = await sim.run(sim.client(SMALL_STEPS).openLedger(w.ledgerId));
      for (const b of w.ledgerMetadata.segments[0]!.bookies) sim.bookies.get(b)!.crash();
      const seen: bigint[] = [];
      const err = await sim.run(
        (async () => {
          try {
            for await (const x of r.tail(0n, 1000)) seen.push(x.entryId);
          } catch (e) {
            return e;
          }
          return null;
        })(),
      );
      assert.ok(err !== null, 'the tail ended as if it had read every entry');
      assert.ok(isQuireError(err) && err.code !== 'NO_SUCH_ENTRY' && err.code !== 'NO_SUCH_LEDGER', `tail ended with ${String(err)}`);
      assert.deepEqual(seen, Array.from({ length: seen.length }, (_, i) => BigInt(i)));
    });
  }
});
