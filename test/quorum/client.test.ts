// The quorum client's public API on simulated bookies without faults (plus targeted failures):
// create/append/read/close, validation, recovery basics, ensemble change, WriteAdv, long poll, tail.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isQuireError } from '../../common/errors.js';
import { DigestType } from '../../clients/quorum/index.js';
import { SimCluster } from './sim/sim-cluster.js';

const code = (c: string) => (e: unknown) => isQuireError(e) && e.code === c;

describe('quorum client API (simulated bookies, no faults)', () => {
  test('create, append pipelined, read back, close, reopen', async () => {
    const sim = new SimCluster({ seed: 1, bookies: 4 });
    const bk = sim.client();
    const w = await sim.run(bk.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, password: 'pw', digestType: 'CRC32C' }));
    const ids = await sim.run(Promise.all([0, 1, 2, 3, 4].map((i) => w.append(Buffer.from(`entry-${i}`)))));
    assert.deepEqual(ids, [0n, 1n, 2n, 3n, 4n]);
    assert.equal(w.lastAddConfirmed, 4n);
    await sim.run(w.close());
    assert.equal(w.ledgerMetadata.state, 'CLOSED');
    assert.equal(w.ledgerMetadata.lastEntryId, 4n);
    assert.equal(w.ledgerMetadata.length, 5n * 7n);
    await assert.rejects(w.append(Buffer.from('late')), code('LEDGER_CLOSED'));

    const r = await sim.run(bk.openLedger(w.ledgerId, { password: 'pw' }));
    assert.equal(r.lastAddConfirmed, 4n);
    const entries = await sim.run(r.read(0n, 4n));
    assert.deepEqual(entries.map((e) => e.payload.toString()), ['entry-0', 'entry-1', 'entry-2', 'entry-3', 'entry-4']);
    await assert.rejects(sim.run(r.read(0n, 5n)), code('NO_SUCH_ENTRY'));
    await assert.rejects(sim.run(bk.openLedger(w.ledgerId, { password: 'nope' })), code('UNAUTHORIZED'));
    assert.deepEqual(await sim.run(bk.listLedgers()), [w.ledgerId]);
    await sim.run(bk.deleteLedger(w.ledgerId));
    assert.deepEqual(await sim.run(bk.listLedgers()), []);
  });

  test('validation: quorum sizes, ids, sizes; nothing is written', async () => {
    const sim = new SimCluster({ seed: 2, bookies: 3 });
    const bk = sim.client({ maxEntrySizeBytes: 1024 });
    await assert.rejects(sim.run(bk.createLedger({ ensembleSize: 2, writeQuorumSize: 3, ackQuorumSize: 2 })), code('INVALID_ARGUMENT'));
    await assert.rejects(sim.run(bk.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 3 })), code('INVALID_ARGUMENT'));
    await assert.rejects(sim.run(bk.createLedger({ digestType: 'SHA256' as never })), code('INVALID_ARGUMENT'));
    await assert.rejects(sim.run(bk.createLedger({ ensembleSize: 4, writeQuorumSize: 2, ackQuorumSize: 2 })), code('NOT_ENOUGH_BOOKIES'));
    await assert.rejects(sim.run(bk.createLedger({ ledgerId: -5n })), code('INVALID_ARGUMENT'));
    assert.equal(sim.metadata.store.size, 0);
    const w = await sim.run(bk.createLedger({ ensembleSize: 3, writeQuorumSize: 3, ackQuorumSize: 2 }));
    await assert.rejects(w.append(Buffer.alloc(1025)), code('ENTRY_TOO_LARGE'));
    await assert.rejects(w.append('text' as never), code('INVALID_ARGUMENT'));
    await assert.rejects(w.appendAt(0n, Buffer.from('x')), code('INVALID_ARGUMENT'));
    assert.equal(sim.network.sent, 0);
    assert.equal(await sim.run(w.append(Buffer.alloc(1024))), 0n);
    await assert.rejects(sim.run(bk.openLedger(-1n)), code('INVALID_ARGUMENT'));
    await assert.rejects(sim.run(bk.openLedger(77n)), code('NO_SUCH_LEDGER'));
    const r = await sim.run(bk.openLedger(w.ledgerId));
    await assert.rejects(sim.run(r.read(1n, 0n)), code('INVALID_ARGUMENT'));
    await assert.rejects(sim.run(r.read(0n, 1n)), code('INVALID_ARGUMENT')); // beyond the LAC
  });

  test('every digest type round-trips', async () => {
    for (const digestType of [DigestType.CRC32, DigestType.CRC32C, DigestType.HMAC, DigestType.DUMMY]) {
      const sim = new SimCluster({ seed: 3, bookies: 3 });
      const bk = sim.client();
      const w = await sim.run(bk.createLedger({ digestType, password: 'secret' }));
      await sim.run(w.append(Buffer.from('a')));
      await sim.run(w.append(Buffer.from('bc')));
      await sim.run(w.close());
      const r = await sim.run(bk.openLedger(w.ledgerId, { password: 'secret' }));
      assert.deepEqual((await sim.run(r.read(0n, 1n))).map((e) => e.payload.toString()), ['a', 'bc']);
    }
  });

  test('a bookie failure triggers an ensemble change at LAC+1 and entries are resent', async () => {
    const sim = new SimCluster({ seed: 4, bookies: 5 });
    const bk = sim.client();
    const w = await sim.run(bk.createLedger({ ensembleSize: 3, writeQuorumSize: 3, ackQuorumSize: 2 }));
    for (let i = 0; i < 5; i++) await sim.run(w.append(Buffer.from(`a${i}`)));
    const victim = w.ledgerMetadata.segments[0]!.bookies[1]!;
    sim.bookies.get(victim)!.crash();
    const more = Promise.all([5, 6, 7, 8].map((i) => w.append(Buffer.from(`a${i}`))));
    assert.deepEqual(await sim.run(more), [5n, 6n, 7n, 8n]);
    const segs = w.ledgerMetadata.segments;
    assert.equal(segs.length, 2);
    assert.equal(segs[1]!.firstEntryId, 5n);
    assert.ok(!segs[1]!.bookies.includes(victim));
    assert.equal(sim.metadata.store.get(w.ledgerId)!.metadata.segments.length, 2);
    await sim.run(w.close());
    const r = await sim.run(bk.openLedger(w.ledgerId));
    assert.equal((await sim.run(r.read(0n, 8n))).map((e) => e.payload.toString()).join(','), 'a0,a1,a2,a3,a4,a5,a6,a7,a8');
  });

  test('close adds custom metadata in the closing compare-and-set, computed after the appends settled', async () => {
    const sim = new SimCluster({ seed: 21, bookies: 3 });
    const bk = sim.client();
    const w = await sim.run(bk.createLedger({ customMetadata: { app: 'orders' } }));
    let settled = 0;
    const appends = [0, 1, 2].map((i) => w.append(Buffer.from(`e${i}`)).then(() => settled++));
    const closed = w.close({ customMetadata: () => ({ 'test.settled': String(settled) }) });
    await sim.run(Promise.all([...appends, closed]));
    const stored = sim.metadata.store.get(w.ledgerId)!.metadata;
    assert.equal(stored.state, 'CLOSED');
    assert.equal(stored.lastEntryId, 2n);
    assert.equal(stored.customMetadata.get('app')?.toString(), 'orders');
    assert.equal(stored.customMetadata.get('test.settled')?.toString(), '3');
  });

  test('recovery closes an abandoned ledger; its writer is fenced and cannot overwrite', async () => {
    const sim = new SimCluster({ seed: 5, bookies: 3 });
    const writer = sim.client();
    const w = await sim.run(writer.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, password: 'p' }));
    for (let i = 0; i < 7; i++) await sim.run(w.append(Buffer.from(`e${i}`)));
    const r = await sim.run(sim.client().openLedger(w.ledgerId, { password: 'p', recovery: true }));
    assert.equal(r.ledgerMetadata.state, 'CLOSED');
    assert.equal(r.ledgerMetadata.lastEntryId, 6n);
    assert.equal(r.ledgerMetadata.length, 14n);
    await assert.rejects(sim.run(w.append(Buffer.from('after'))), code('LEDGER_FENCED'));
    await assert.rejects(sim.run(w.close()), code('LEDGER_FENCED'));
    const md = sim.metadata.store.get(w.ledgerId)!.metadata;
    assert.equal(md.lastEntryId, 6n);
    // A second recovery is a no-op on a closed ledger.
    const again = await sim.run(sim.client().openLedger(w.ledgerId, { password: 'p', recovery: true }));
    assert.equal(again.ledgerMetadata.lastEntryId, 6n);
  });

  test('recovery of an empty ledger closes it at -1', async () => {
    const sim = new SimCluster({ seed: 6, bookies: 3 });
    const w = await sim.run(sim.client().createLedger({}));
    const r = await sim.run(sim.client().openLedger(w.ledgerId, { recovery: true }));
    assert.equal(r.ledgerMetadata.lastEntryId, -1n);
    assert.equal(r.ledgerMetadata.length, 0n);
  });

  test('WriteAdv: out-of-order explicit ids complete in entry order', async () => {
    const sim = new SimCluster({ seed: 7, bookies: 3 });
    const bk = sim.client();
    const w = await sim.run(bk.createLedger({ explicitEntryIds: true }));
    await assert.rejects(w.append(Buffer.from('x')), code('INVALID_ARGUMENT'));
    const order: bigint[] = [];
    const ps = [2n, 0n, 1n].map((id) => w.appendAt(id, Buffer.from(`v${id}`)).then((x) => order.push(x)));
    await sim.run(Promise.all(ps));
    assert.deepEqual(order, [0n, 1n, 2n]);
    await assert.rejects(w.appendAt(1n, Buffer.from('dup')), code('INVALID_ARGUMENT'));
    await sim.run(w.close());
    const r = await sim.run(bk.openLedger(w.ledgerId));
    assert.deepEqual((await sim.run(r.read(0n, 2n))).map((e) => e.payload.toString()), ['v0', 'v1', 'v2']);
  });

  test('LAC: read, try-read, long poll, tail follows the writer to the close', async () => {
    const sim = new SimCluster({ seed: 8, bookies: 3 });
    const bk = sim.client();
    const w = await sim.run(bk.createLedger({ ensembleSize: 3, writeQuorumSize: 3, ackQuorumSize: 2 }));
    for (let i = 0; i < 3; i++) await sim.run(w.append(Buffer.from(`t${i}`)));
    const r = await sim.run(bk.openLedger(w.ledgerId));
    // Entry 2's LAC field is 1: bookies learn a LAC only from later entries.
    assert.equal(r.lastAddConfirmed, 1n);
    assert.equal(await sim.run(r.tryReadLastAddConfirmed()), 1n);
    const waiting = r.waitForLac(1n, 60_000);
    await sim.run(w.append(Buffer.from('t3')));
    assert.equal(await sim.run(waiting), 2n);
    const seen: string[] = [];
    const tailing = (async () => {
      for await (const e of r.tail(0n, 1000)) seen.push(e.payload.toString());
    })();
    const writing = (async () => {
      for (let i = 4; i < 8; i++) await w.append(Buffer.from(`t${i}`));
      await w.close();
    })();
    await sim.run(Promise.all([tailing, writing]));
    assert.deepEqual(seen, ['t0', 't1', 't2', 't3', 't4', 't5', 't6', 't7']);
    assert.equal(await sim.run(r.readLastAddConfirmed()), 7n);
  });

  test('bounded pipeline: too many appends in flight are refused', async () => {
    const sim = new SimCluster({ seed: 9, bookies: 3 });
    const w = await sim.run(sim.client({ maxPendingAddsPerLedger: 4 }).createLedger({}));
    const ok = [0, 1, 2, 3].map(() => w.append(Buffer.from('x')));
    await assert.rejects(w.append(Buffer.from('y')), code('TOO_MANY_REQUESTS'));
    assert.equal((await sim.run(Promise.all(ok))).length, 4);
  });
});
