// AddResult.ackedBy: the quorum client names the bookies whose add response was OK when the entry
// completed, not its whole write set. Scripted message rules on simulated bookies choose who
// answers late, who never answers and who fails, then the result is checked against that script.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SimCluster } from './sim/sim-cluster.js';

describe('quorum client: ackedBy on the add result', () => {
  test('a write-set bookie whose reply never arrives is not listed; the two that answered are', async () => {
    const sim = new SimCluster({ seed: 11, bookies: 3 });
    const bk = sim.client();
    const w = await sim.run(bk.createLedger({ ensembleSize: 3, writeQuorumSize: 3, ackQuorumSize: 2 }));
    const ensemble = w.ledgerMetadata.segments[0]!.bookies;
    const silent = ensemble[1]!;
    sim.network.rules.push((m) => (m.op === 'add' && m.bookieId === silent ? 'drop-reply' : undefined));
    const r = await sim.run(w.appendWithResult(Buffer.from('x')));
    assert.equal(r.entryId, 0n);
    assert.deepEqual(r.ackedBy, [ensemble[0], ensemble[2]]);
  });

  test('listed in write-set order; a late ack after the entry completed is not included', async () => {
    const sim = new SimCluster({ seed: 12, bookies: 3 });
    const bk = sim.client();
    const w = await sim.run(bk.createLedger({ ensembleSize: 3, writeQuorumSize: 3, ackQuorumSize: 2 }));
    const ensemble = w.ledgerMetadata.segments[0]!.bookies;
    const late = ensemble[0]!;
    sim.network.rules.push((m) => (m.op === 'add' && m.bookieId === late ? { delayReplyMs: 1000 } : undefined));
    const r = await sim.run(w.appendWithResult(Buffer.from('x')));
    assert.deepEqual(r.ackedBy, [ensemble[1], ensemble[2]]);
    // The late bookie did store the entry: the receipt only omits it because it answered afterwards.
    await sim.run(new Promise<void>((resolve) => sim.sched.setTimeout(resolve, 2000)));
    assert.ok(await sim.run(sim.bookies.get(late)!.storedEntry(w.ledgerId, 0n)));
  });

  test('with E3/Qw2 the ackers are the entry write set that answered, and change with the entry id', async () => {
    const sim = new SimCluster({ seed: 13, bookies: 3 });
    const bk = sim.client();
    const w = await sim.run(bk.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2 }));
    const e = w.ledgerMetadata.segments[0]!.bookies;
    const results = await sim.run(Promise.all([0, 1, 2].map((i) => w.appendWithResult(Buffer.from(`e${i}`)))));
    // BookKeeper's round-robin write set: entry i goes to ensemble[i % E], ensemble[(i+1) % E].
    assert.deepEqual(
      results.map((r) => r.ackedBy),
      [
        [e[0], e[1]],
        [e[1], e[2]],
        [e[2], e[0]],
      ],
    );
  });

  test('after an ensemble change the failed bookie is not listed and its replacement is', async () => {
    const sim = new SimCluster({ seed: 14, bookies: 4 });
    const bk = sim.client();
    const w = await sim.run(bk.createLedger({ ensembleSize: 3, writeQuorumSize: 3, ackQuorumSize: 3 }));
    const before = w.ledgerMetadata.segments[0]!.bookies;
    await sim.run(w.appendWithResult(Buffer.from('a')));
    const victim = before[2]!;
    sim.bookies.get(victim)!.crash();
    const r = await sim.run(w.appendWithResult(Buffer.from('b')));
    const after = w.ledgerMetadata.segments.at(-1)!.bookies;
    assert.notEqual(after[2], victim);
    assert.equal(r.ackedBy.length, 3);
    assert.ok(!r.ackedBy.includes(victim));
    // Entry 1's write set starts at ensemble index 1.
    assert.deepEqual(r.ackedBy, [after[1], after[2], after[0]]);
  });

  test('append still resolves with the entry id only', async () => {
    const sim = new SimCluster({ seed: 15, bookies: 3 });
    const w = await sim.run(sim.client().createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2 }));
    assert.equal(await sim.run(w.append(Buffer.from('a'))), 0n);
  });
});
