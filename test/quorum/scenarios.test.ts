// Targeted simulations of failures that broke Apache BookKeeper's client in the past. Each one
// sets up the exact interleaving with scripted message rules, then checks the property that the
// historical bug violated.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isQuireError } from '../../common/errors.js';
import { SimCluster } from './sim/sim-cluster.js';

const code = (c: string) => (e: unknown) => isQuireError(e) && e.code === c;
const quiet = { speculativeReadTimeoutMs: 0, recoveryRetryBackoffMs: 50 };

describe('historical bug scenarios', () => {
  test('fence request lost: recovery reads fence the bookie themselves (apache/bookkeeper#2614)', async () => {
    const sim = new SimCluster({ seed: 11, bookies: 3 });
    sim.network.faults.delayMs = [1, 1];
    const w = await sim.run(sim.client(quiet).createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, password: 'p' }));
    for (let i = 0; i < 5; i++) await sim.run(w.append(Buffer.from(`e${i}`)));
    const c = w.ledgerMetadata.segments[0]!.bookies[2]!;
    // The fencing LAC read never reaches bookie index 2; coverage is met by the other two.
    sim.network.rules.push((m) => (m.bookieId === c && m.op === 'read' && m.entryId === -1n && m.fence ? 'drop-request' : undefined));
    const r = await sim.run(sim.client(quiet).openLedger(w.ledgerId, { password: 'p', recovery: true }));
    assert.equal(r.ledgerMetadata.lastEntryId, 4n);
    // Recovery read entry 5 (absent) first from bookie index 2: that read carried the fence.
    assert.ok(sim.bookies.get(c)!.isFenced(w.ledgerId), 'bookie whose fence request was lost must be fenced by a recovery read');
    assert.ok(sim.bookies.get(c)!.log.some((l) => l === `fence ${w.ledgerId} (read 5)`));
    await assert.rejects(sim.run(w.append(Buffer.from('late'))), code('LEDGER_FENCED'));
    await assert.rejects(sim.run(w.close()), code('LEDGER_FENCED'));
    assert.equal(sim.metadata.store.get(w.ledgerId)!.metadata.lastEntryId, 4n);
  });

  test('recovery starts from the last segment after ensemble changes', async () => {
    const sim = new SimCluster({ seed: 12, bookies: 5 });
    const w = await sim.run(sim.client(quiet).createLedger({ ensembleSize: 3, writeQuorumSize: 3, ackQuorumSize: 2 }));
    for (let i = 0; i < 10; i++) await sim.run(w.append(Buffer.from(`a${i}`)));
    const first = w.ledgerMetadata.segments[0]!.bookies;
    sim.bookies.get(first[0]!)!.crash();
    for (let i = 10; i < 13; i++) await sim.run(w.append(Buffer.from(`a${i}`)));
    sim.bookies.get(first[1]!)!.crash();
    for (let i = 13; i < 16; i++) await sim.run(w.append(Buffer.from(`a${i}`)));
    const segs = sim.metadata.store.get(w.ledgerId)!.metadata.segments;
    assert.deepEqual(segs.map((s) => s.firstEntryId), [0n, 10n, 13n]);
    // The writer dies; two bookies of the first segment stay down, so the first segment could
    // never be covered: recovery must work on the last one.
    const r = await sim.run(sim.client(quiet).openLedger(w.ledgerId, { recovery: true }));
    assert.equal(r.ledgerMetadata.lastEntryId, 15n);
    const last = segs[2]!.bookies;
    for (const b of last) assert.ok(sim.bookies.get(b)!.isFenced(w.ledgerId), `last-segment bookie ${b} fenced`);
    const all = await sim.run(r.read(10n, 15n));
    assert.deepEqual(all.map((e) => e.payload.toString()), ['a10', 'a11', 'a12', 'a13', 'a14', 'a15']);
  });

  test('recovery from LAC+1 of the last segment when its bookies hold nothing yet', async () => {
    const sim = new SimCluster({ seed: 13, bookies: 4 });
    const w = await sim.run(sim.client(quiet).createLedger({ ensembleSize: 3, writeQuorumSize: 3, ackQuorumSize: 2 }));
    for (let i = 0; i < 4; i++) await sim.run(w.append(Buffer.from(`b${i}`)));
    const victim = w.ledgerMetadata.segments[0]!.bookies[0]!;
    sim.bookies.get(victim)!.crash();
    // Entry 4 reaches nobody: its failure on the victim makes a new segment at 4 = LAC+1, and the
    // bookies of that segment hold nothing past entry 3, whose LAC field is only 2.
    sim.network.rules.push((m) => (m.op === 'add' && m.entryId === 4n && m.bookieId !== victim ? 'drop-request' : undefined));
    const p = w.append(Buffer.from('b4'));
    p.catch(() => undefined);
    await sim.run(new Promise((resolve) => sim.sched.setTimeout(() => resolve(undefined), 1000)));
    const segs = sim.metadata.store.get(w.ledgerId)!.metadata.segments;
    assert.deepEqual(segs.map((s) => s.firstEntryId), [0n, 4n]);
    const r = await sim.run(sim.client(quiet).openLedger(w.ledgerId, { recovery: true }));
    assert.equal(r.ledgerMetadata.lastEntryId, 3n);
    assert.equal(r.ledgerMetadata.length, 8n);
    // The writer's entry 4 can never be acked now (fenced, or no bookie left to replace with).
    await assert.rejects(sim.run(p), (e) => isQuireError(e) && ['LEDGER_FENCED', 'NOT_ENOUGH_BOOKIES'].includes(e.code));
  });

  test('an I/O error is not "no such entry" during recovery (apache/bookkeeper#2908)', async () => {
    const sim = new SimCluster({ seed: 14, bookies: 3 });
    sim.network.faults.delayMs = [1, 1];
    const w = await sim.run(sim.client(quiet).createLedger({ ensembleSize: 3, writeQuorumSize: 3, ackQuorumSize: 2 }));
    for (let i = 0; i < 5; i++) await sim.run(w.append(Buffer.from(`c${i}`)));
    const [a, , c] = w.ledgerMetadata.segments[0]!.bookies as [string, string, string];
    // Entry 5 reaches bookies 0 and 1 only: acked (Qa=2) but absent on bookie 2.
    sim.network.rules.push((m) => (m.op === 'add' && m.entryId === 5n && m.bookieId === c ? 'drop-request' : undefined));
    assert.equal(await sim.run(w.append(Buffer.from('c5'))), 5n);
    sim.network.rules = [];
    // Bookie 0 now fails reads of entry 5 with EIO. Read order for entry 5 is 2, 0, 1: one
    // ENOENTRY plus one EIO must not make Qw-Qa+1 = 2 "absent" answers.
    sim.bookies.get(a)!.readHook = (_l, e) => (e === 5n ? 'ioerror' : undefined);
    const r = await sim.run(sim.client(quiet).openLedger(w.ledgerId, { recovery: true }));
    assert.equal(r.ledgerMetadata.lastEntryId, 5n, 'the acked entry 5 must survive recovery');
    assert.equal((await sim.run(r.read(5n, 5n)))[0]!.payload.toString(), 'c5');
  });

  test('recovery fails (and retries) rather than truncating when replicas only give errors', async () => {
    const sim = new SimCluster({ seed: 15, bookies: 3 });
    const w = await sim.run(sim.client(quiet).createLedger({ ensembleSize: 3, writeQuorumSize: 3, ackQuorumSize: 2 }));
    for (let i = 0; i < 3; i++) await sim.run(w.append(Buffer.from(`d${i}`)));
    for (const b of sim.bookies.values()) b.readHook = (_l, e) => (e === 2n ? 'ioerror' : undefined);
    await assert.rejects(sim.run(sim.client({ ...quiet, recoveryStepAttempts: 3 }).openLedger(w.ledgerId, { recovery: true })), code('IO_ERROR'));
    assert.equal(sim.metadata.store.get(w.ledgerId)!.metadata.state, 'IN_RECOVERY');
    for (const b of sim.bookies.values()) b.readHook = null;
    const r = await sim.run(sim.client(quiet).openLedger(w.ledgerId, { recovery: true }));
    assert.equal(r.ledgerMetadata.lastEntryId, 2n);
  });

  test('a writer that loses the race to recovery is fenced and never overwrites closed metadata', async () => {
    const sim = new SimCluster({ seed: 16, bookies: 4, metadataDelayMs: [1, 20] });
    const w = await sim.run(sim.client(quiet).createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2 }));
    const acked: bigint[] = [];
    const errors: string[] = [];
    const writing = (async () => {
      for (let i = 0; i < 200 && !w.error; i++) {
        await w.append(Buffer.from(`w${i}`)).then(
          (id) => void acked.push(id),
          (e: unknown) => void errors.push(isQuireError(e) ? e.code : String(e)),
        );
      }
    })();
    const recovering = (async () => {
      await new Promise((r) => sim.sched.setTimeout(() => r(undefined), 150));
      return sim.client(quiet).openLedger(w.ledgerId, { recovery: true });
    })();
    const [, r] = await sim.run(Promise.all([writing, recovering]));
    assert.ok(acked.length > 0 && acked.length < 200, `writer acked ${acked.length}`);
    assert.ok(errors.includes('LEDGER_FENCED'), `writer errors: ${errors.join(',')}`);
    const closedAt = r.ledgerMetadata.lastEntryId;
    assert.ok(acked.every((e) => e <= closedAt), 'every acked entry is inside the recovered ledger');
    const before = sim.metadata.store.get(w.ledgerId)!;
    await assert.rejects(sim.run(w.close()), (e) => isQuireError(e) && (e.code === 'LEDGER_FENCED' || e.code === 'LEDGER_CLOSED'));
    assert.equal(sim.metadata.store.get(w.ledgerId), before, 'closed metadata untouched');
  });

  test('an ensemble change that meets IN_RECOVERY fences the writer (metadata untouched)', async () => {
    const sim = new SimCluster({ seed: 17, bookies: 4 });
    const w = await sim.run(sim.client(quiet).createLedger({ ensembleSize: 3, writeQuorumSize: 3, ackQuorumSize: 2 }));
    await sim.run(w.append(Buffer.from('x')));
    const v = sim.metadata.store.get(w.ledgerId)!;
    await sim.run(sim.metadata.update(w.ledgerId, { ...v.metadata, state: 'IN_RECOVERY' }, v.version));
    sim.bookies.get(w.ledgerMetadata.segments[0]!.bookies[0]!)!.crash();
    await assert.rejects(sim.run(w.append(Buffer.from('y'))), code('LEDGER_FENCED'));
    const after = sim.metadata.store.get(w.ledgerId)!.metadata;
    assert.equal(after.state, 'IN_RECOVERY');
    assert.equal(after.segments.length, 1);
  });

  test('a writer closing with the same end as a racing recovery succeeds', async () => {
    const sim = new SimCluster({ seed: 18, bookies: 3 });
    const w = await sim.run(sim.client(quiet).createLedger({}));
    for (let i = 0; i < 3; i++) await sim.run(w.append(Buffer.from(`z${i}`)));
    // Entry 2's LAC is known to nobody but the writer; recovery still finds and keeps it.
    await sim.run(sim.client(quiet).openLedger(w.ledgerId, { recovery: true }));
    await sim.run(w.close());
    assert.equal(sim.metadata.store.get(w.ledgerId)!.metadata.lastEntryId, 2n);
  });

  test('an ack from a bookie that was replaced does not count toward Qa', async () => {
    const sim = new SimCluster({ seed: 19, bookies: 4 });
    sim.network.faults.delayMs = [1, 1];
    const w = await sim.run(sim.client(quiet).createLedger({ ensembleSize: 3, writeQuorumSize: 3, ackQuorumSize: 2 }));
    for (let i = 0; i < 4; i++) await sim.run(w.append(Buffer.from(`r${i}`)));
    const [a, b, c] = w.ledgerMetadata.segments[0]!.bookies as [string, string, string];
    const d = [...sim.bookies.keys()].find((x) => ![a, b, c].includes(x))!;
    // Entry 4: bookie 0 acks at once, bookie 1 never gets it, bookie 2 answers after 3 s, and
    // the replacement for bookie 0 never gets it either.
    sim.network.rules.push((m) => {
      if (m.op !== 'add' || m.entryId !== 4n || m.recovery) return undefined;
      if (m.bookieId === b || m.bookieId === d) return 'drop-request';
      if (m.bookieId === c) return { delayReplyMs: 3000 };
      return undefined;
    });
    const acked: bigint[] = [];
    const p4 = w.append(Buffer.from('r4')).then((id) => void acked.push(id), () => undefined);
    await sim.run(new Promise((r) => sim.sched.setTimeout(() => r(undefined), 100)));
    sim.bookies.get(a)!.crash(); // bookie 0 acked entry 4 (durably), then dies
    const p5 = w.append(Buffer.from('r5')).then((id) => void acked.push(id), () => undefined);
    await sim.run(Promise.all([p4, p5]));
    // Entry 4 is now only on bookie 2 within its write set [d, b, c]: it must not have been acked.
    assert.deepEqual(acked, []);
    const r = await sim.run(sim.client(quiet).openLedger(w.ledgerId, { recovery: true }));
    assert.ok(acked.every((e) => e <= r.ledgerMetadata.lastEntryId));
  });

  test('a writer stopped by another error still never overwrites a recovery close', async () => {
    const sim = new SimCluster({ seed: 20, bookies: 3 });
    sim.network.faults.delayMs = [1, 1];
    const w = await sim.run(sim.client(quiet).createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2 }));
    for (let i = 0; i < 5; i++) await sim.run(w.append(Buffer.from(`s${i}`)));
    // Entry 5 is stored on its two bookies but both acks are lost: the writer never learns.
    sim.network.rules.push((m) => (m.op === 'add' && m.entryId === 5n && !m.recovery ? 'drop-reply' : undefined));
    const p5 = w.append(Buffer.from('s5'));
    p5.catch(() => undefined);
    const r = await sim.run(sim.client(quiet).openLedger(w.ledgerId, { recovery: true }));
    assert.equal(r.ledgerMetadata.lastEntryId, 5n);
    // The add times out; no spare bookie exists, so the writer stops with NOT_ENOUGH_BOOKIES (not a fence).
    await assert.rejects(sim.run(p5), (e) => isQuireError(e) && ['NOT_ENOUGH_BOOKIES', 'LEDGER_FENCED', 'LEDGER_CLOSED'].includes(e.code));
    assert.equal(w.lastAddConfirmed, 4n);
    const before = sim.metadata.store.get(w.ledgerId)!;
    await assert.rejects(sim.run(w.close()), (e) => isQuireError(e) && ['LEDGER_FENCED', 'LEDGER_CLOSED'].includes(e.code));
    assert.equal(sim.metadata.store.get(w.ledgerId), before, 'the recovered close (entry 5) stands');
  });
});
