// Explicit LAC writing (spec §5.6, BookKeeper's explicitLacInterval) on simulated bookies: the
// writer sends WRITE_LAC to the write set of entry LAC only when the LAC advanced past what its
// entries carried, readers see the full LAC through READ_LAC, and nothing is sent when it is off.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sleepOn } from '../../clients/quorum/clock.js';
import type { Message } from './sim/sim-network.js';
import { SimCluster } from './sim/sim-cluster.js';

function recorder(sim: SimCluster): Message[] {
  const seen: Message[] = [];
  sim.network.rules.push((m) => {
    if (m.op === 'writeLac') seen.push(m);
    return undefined;
  });
  return seen;
}

describe('explicit LAC', () => {
  test('off (default): readers see the LAC carried by the last entry, one behind', async () => {
    const sim = new SimCluster({ seed: 11, bookies: 3 });
    const writes = recorder(sim);
    const w = await sim.run(sim.client().createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, password: 'p' }));
    for (let i = 0; i < 5; i++) await sim.run(w.append(Buffer.from(`e${i}`)));
    await sim.run(sleepOn(sim.sched, 1000));
    const r = await sim.run(sim.client().openLedger(w.ledgerId, { password: 'p' }));
    assert.equal(r.lastAddConfirmed, 3n);
    assert.equal(await sim.run(r.readExplicitLastAddConfirmed()), 3n);
    assert.equal(writes.length, 0);
  });

  test('on: WRITE_LAC to the write set of entry LAC, once per LAC advance; readers see it', async () => {
    const sim = new SimCluster({ seed: 12, bookies: 4 });
    const writes = recorder(sim);
    const w = await sim.run(sim.client({ explicitLacIntervalMs: 100 }).createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, password: 'p' }));
    for (let i = 0; i < 5; i++) await sim.run(w.append(Buffer.from(`e${i}`)));
    await sim.run(sleepOn(sim.sched, 1000));
    const ensemble = w.ledgerMetadata.segments[0]!.bookies;
    // Entry 4's write set is ensemble indexes (4 + i) mod 3 = 1, 2; one round, not one per tick.
    assert.deepEqual(writes.map((m) => m.bookieId).sort(), [ensemble[1]!, ensemble[2]!].sort());
    assert.ok(writes.every((m) => m.ledgerId === w.ledgerId));
    const r = await sim.run(sim.client().openLedger(w.ledgerId, { password: 'p' }));
    assert.equal(r.lastAddConfirmed, 4n);
    assert.equal(await sim.run(r.readExplicitLastAddConfirmed()), 4n);
    assert.deepEqual((await sim.run(r.read(0n, 4n))).map((e) => e.payload.toString()), ['e0', 'e1', 'e2', 'e3', 'e4']);

    // An entry that carries the newest LAC makes the explicit write unnecessary until the LAC moves again.
    await sim.run(w.append(Buffer.from('e5')));
    await sim.run(sleepOn(sim.sched, 1000));
    assert.equal(writes.length, 4);
    assert.equal(await sim.run(r.readExplicitLastAddConfirmed()), 5n);
    await sim.run(w.close());
    const before = writes.length;
    await sim.run(sleepOn(sim.sched, 1000));
    assert.equal(writes.length, before, 'no WRITE_LAC after close');
  });
});
