// The gateway's behaviour, written once against the transport-neutral TransportClient and run
// over every transport (scenarios-rest.test.ts; the gRPC suite calls gatewayScenarios with its
// adapter). Every scenario uses real bookies and real gateway instances.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TransportError, transportError, type TransportClient } from './transport-client.js';

export interface ScenarioEnv {
  /** A client of gateway instance i (0-based); at least two instances. */
  client(i: number): TransportClient;
  /** The gatewayId of instance i (as in the ledger's `owner`). */
  gatewayId(i: number): string;
  /** Kills instance i as a crash would: no draining, no sealing, its metadata session ends. */
  crash(i: number): Promise<void>;
  stop(): Promise<void>;
}

const b = (s: string) => Buffer.from(s, 'utf8');
/** An ENVELOPE ledger's stored length: payload + the gateway envelope (2 bytes, + 2 + id + 8 with a producer). */
const stored = (payloads: number[], producerIdBytes?: number) => String(payloads.reduce((n, p) => n + p + 2 + (producerIdBytes === undefined ? 0 : 2 + producerIdBytes + 8), 0));
const sum = (payloads: number[]) => String(payloads.reduce((n, p) => n + p, 0));
/** Receipt facts that hold for every fresh append: ≥ Qa ackers, each in the entry's write set. */
function assertAckedBy(r: { ackedBy?: readonly string[]; writeSet: readonly string[]; ackQuorumSize: number; duplicate: boolean }): void {
  assert.equal(r.duplicate, false);
  assert.ok(r.ackedBy !== undefined && r.ackedBy.length >= r.ackQuorumSize, `ackedBy ${JSON.stringify(r.ackedBy)} has fewer than ${r.ackQuorumSize} bookies`);
  for (const bookie of r.ackedBy) assert.ok(r.writeSet.includes(bookie), `${bookie} acked but is not in the write set ${JSON.stringify(r.writeSet)}`);
  assert.equal(new Set(r.ackedBy).size, r.ackedBy.length);
}

export function gatewayScenarios(transport: string, makeEnv: () => Promise<ScenarioEnv>): void {
  describe(`gateway scenarios over ${transport}`, () => {
    let env: ScenarioEnv;
    before(async () => {
      env = await makeEnv();
    });
    after(async () => {
      await env.stop();
    });

    test('round trip: create, append one and a batch, read pages, one entry, LAC, close, sealed reads', async () => {
      const c = env.client(0);
      const l = await c.createLedger({ password: 'pw', ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, customMetadata: { app: 'scenarios' } });
      assert.equal(l.state, 'OPEN');
      assert.equal(l.owner, env.gatewayId(0));
      assert.deepEqual(l.customMetadata, { app: 'scenarios' });
      assert.equal(l.entryFormat, 'RAW');
      const r0 = await c.append(l.ledgerId, b('first'), { password: 'pw' });
      assertAckedBy(r0);
      assert.equal(r0.entryId, '0');
      assert.equal(r0.duplicate, false);
      assert.equal(r0.writeSet.length, 2);
      assert.equal(r0.ackQuorumSize, 2);
      assert.ok(BigInt(r0.lastAddConfirmed) >= 0n);
      const rs = await c.appendBatch(l.ledgerId, [b('a'), b(''), b('c'.repeat(1000))], { password: 'pw' });
      assert.deepEqual(rs.map((r) => r.entryId), ['1', '2', '3']);
      rs.forEach(assertAckedBy);
      // The owner knows both lengths of the open ledger (raw: the same number).
      const open = await c.info(l.ledgerId);
      assert.deepEqual([open.lastEntryId, open.storedLength, open.payloadLength], ['3', '1006', '1006']);
      const p1 = await c.read(l.ledgerId, '0', { password: 'pw', limit: 2 });
      assert.deepEqual(p1.entries.map((e) => e.data.toString()), ['first', 'a']);
      assert.equal(p1.nextEntryId, '2');
      assert.equal(p1.sealed, false);
      const p2 = await c.read(l.ledgerId, p1.nextEntryId!, { password: 'pw' });
      assert.deepEqual(p2.entries.map((e) => e.entryId), ['2', '3']);
      assert.equal(p2.entries[0]!.data.length, 0);
      assert.equal(p2.nextEntryId, undefined);
      assert.deepEqual(await c.readEntry(l.ledgerId, '3', { password: 'pw' }), b('c'.repeat(1000)));
      assert.deepEqual(await c.lac(l.ledgerId, { password: 'pw' }), { lastAddConfirmed: '3', sealed: false });
      const seal = await c.close(l.ledgerId, { password: 'pw' });
      // Raw ledger: stored bytes are the payloads, so BookKeeper's length is what the caller sent.
      assert.deepEqual(seal, { ledgerId: l.ledgerId, lastEntryId: '3', length: '1006', storedLength: '1006', payloadLength: '1006' });
      const closedInfo = await c.info(l.ledgerId);
      assert.deepEqual([closedInfo.storedLength, closedInfo.payloadLength, closedInfo.entryFormat], ['1006', '1006', 'RAW']);
      assert.deepEqual(await c.lac(l.ledgerId, { password: 'pw' }), { lastAddConfirmed: '3', sealed: true });
      const sealedPage = await c.read(l.ledgerId, '0', { password: 'pw' });
      assert.equal(sealedPage.sealed, true);
      assert.equal(sealedPage.entries.length, 4);
      await assert.rejects(c.append(l.ledgerId, b('late'), { password: 'pw' }), (e: unknown) => transportError('LEDGER_CLOSED')(e) && (e as { details: Record<string, unknown> }).details.lastEntryId === '3');
      assert.equal((await c.info(l.ledgerId)).state, 'CLOSED');
    });

    test('read pages are bounded by maxBytes but always make progress', async () => {
      const c = env.client(0);
      const l = await c.createLedger();
      await c.appendBatch(l.ledgerId, [Buffer.alloc(100, 1), Buffer.alloc(100, 2), Buffer.alloc(100, 3)]);
      const p = await c.read(l.ledgerId, '0', { maxBytes: 150 });
      assert.deepEqual(p.entries.map((e) => e.entryId), ['0']);
      assert.equal(p.nextEntryId, '1');
      const tiny = await c.read(l.ledgerId, '1', { maxBytes: 1 });
      assert.deepEqual(tiny.entries.map((e) => e.entryId), ['1']);
    });

    test('compare-and-append: the expected id wins once; a stale expectation writes nothing', async () => {
      const c = env.client(0);
      const l = await c.createLedger();
      assert.equal((await c.append(l.ledgerId, b('x'), { expectedEntryId: '0' })).entryId, '0');
      await assert.rejects(c.append(l.ledgerId, b('y'), { expectedEntryId: '0' }), (e: unknown) => transportError('APPEND_CONFLICT', 'expectedEntryId')(e) && (e as { details: Record<string, unknown> }).details.nextEntryId === '1');
      await assert.rejects(c.appendBatch(l.ledgerId, [b('y'), b('z')], { expectedEntryId: '5' }), transportError('APPEND_CONFLICT'));
      assert.equal((await c.lac(l.ledgerId)).lastAddConfirmed, '0');
      assert.deepEqual((await c.appendBatch(l.ledgerId, [b('y'), b('z')], { expectedEntryId: '1' })).map((r) => r.entryId), ['1', '2']);
      // Through another instance (forwarded to the owner) the check is the same.
      await assert.rejects(env.client(1).append(l.ledgerId, b('w'), { expectedEntryId: '2' }), transportError('APPEND_CONFLICT'));
      assert.equal((await env.client(1).append(l.ledgerId, b('w'), { expectedEntryId: '3' })).entryId, '3');
    });

    test('exactly-once: a retry through any instance returns the original receipt', async () => {
      const c0 = env.client(0);
      const c1 = env.client(1);
      const l = await c0.createLedger({ password: 'pw', entryFormat: 'ENVELOPE' });
      assert.equal(l.entryFormat, 'ENVELOPE');
      const first = await c0.append(l.ledgerId, b('once'), { password: 'pw', producerId: 'producer-A', sequence: '7' });
      assertAckedBy(first);
      const again = await c0.append(l.ledgerId, b('once'), { password: 'pw', producerId: 'producer-A', sequence: '7' });
      assert.equal(again.entryId, first.entryId);
      assert.equal(again.duplicate, true);
      assert.equal(again.ackedBy, undefined);
      const viaOther = await c1.append(l.ledgerId, b('once'), { password: 'pw', producerId: 'producer-A', sequence: '7' });
      assert.equal(viaOther.entryId, first.entryId);
      assert.equal(viaOther.duplicate, true);
      // Batches use sequence, sequence+1, ...; a retried batch is a full replay.
      const batch = await c1.appendBatch(l.ledgerId, [b('b0'), b('b1')], { password: 'pw', producerId: 'producer-A', sequence: '8' });
      const replay = await c0.appendBatch(l.ledgerId, [b('b0'), b('b1')], { password: 'pw', producerId: 'producer-A', sequence: '8' });
      assert.deepEqual(replay.map((r) => [r.entryId, r.duplicate]), batch.map((r) => [r.entryId, true]));
      // Another producer with the same sequence is a different append.
      const other = await c0.append(l.ledgerId, b('other'), { password: 'pw', producerId: 'producer-B', sequence: '7' });
      assert.equal(other.duplicate, false);
      const all = await c0.read(l.ledgerId, '0', { password: 'pw' });
      assert.deepEqual(all.entries.map((e) => e.data.toString()), ['once', 'b0', 'b1', 'other']);
      // Lengths: payloads as the callers count them, next to the bytes BookKeeper stores.
      const payloads = [4, 2, 2, 5];
      const storedBytes = String(payloads.reduce((n, p, i) => n + p + 2 + 2 + (i === 3 ? 'producer-B' : 'producer-A').length + 8, 0));
      const open = await c0.info(l.ledgerId);
      assert.deepEqual([open.storedLength, open.payloadLength], [storedBytes, sum(payloads)]);
      const seal = await c1.close(l.ledgerId, { password: 'pw' });
      assert.deepEqual(seal, { ledgerId: l.ledgerId, lastEntryId: '3', length: storedBytes, storedLength: storedBytes, payloadLength: sum(payloads) });
      const sealed = await c1.info(l.ledgerId);
      assert.deepEqual([sealed.entryFormat, sealed.storedLength, sealed.payloadLength], ['ENVELOPE', storedBytes, sum(payloads)]);
      // The format's marker and the recorded payload length are the gateway's own keys, not the caller's.
      assert.deepEqual(sealed.customMetadata, {});
    });

    test('exactly-once on a RAW ledger is refused, through the owner and through another instance; nothing is written', async () => {
      const c0 = env.client(0);
      const l = await c0.createLedger({ entryFormat: 'RAW' });
      assert.equal(l.entryFormat, 'RAW');
      for (const c of [c0, env.client(1)]) {
        await assert.rejects(c.append(l.ledgerId, b('x'), { producerId: 'p', sequence: '0' }), transportError('EXACTLY_ONCE_NOT_ENABLED'));
        await assert.rejects(c.appendBatch(l.ledgerId, [b('x'), b('y')], { producerId: 'p', sequence: '0' }), transportError('EXACTLY_ONCE_NOT_ENABLED'));
      }
      assert.deepEqual(await c0.lac(l.ledgerId), { lastAddConfirmed: '-1', sealed: false });
      // Plain appends still work, and a sealed RAW ledger refuses the same way (not LEDGER_CLOSED).
      assert.equal((await c0.append(l.ledgerId, b('plain'))).entryId, '0');
      await c0.close(l.ledgerId);
      await assert.rejects(env.client(1).append(l.ledgerId, b('x'), { producerId: 'p', sequence: '0' }), transportError('EXACTLY_ONCE_NOT_ENABLED'));
      // The default is RAW.
      assert.equal((await c0.createLedger()).entryFormat, 'RAW');
    });

    test('ownership: appends through a non-owner are forwarded to the owner, in one order', async () => {
      const l = await env.client(1).createLedger();
      assert.equal(l.owner, env.gatewayId(1));
      const rs = await Promise.all([0, 1, 0, 1, 0, 1].map((i, k) => env.client(i).append(l.ledgerId, b(`e${k}`))));
      assert.deepEqual(rs.map((r) => r.entryId).sort(), ['0', '1', '2', '3', '4', '5']);
      assert.equal((await env.client(0).info(l.ledgerId)).owner, env.gatewayId(1));
      // Reads through the non-owner see every acked entry at once (it asks the owner for the LAC).
      const p = await env.client(0).read(l.ledgerId, '0');
      assert.equal(p.entries.length, 6);
      const seal = await env.client(0).close(l.ledgerId);
      assert.equal(seal.lastEntryId, '5');
    });

    test('tail: a long poll returns as soon as an entry is confirmed; a sealed ledger ends it', async () => {
      for (const reader of [0, 1]) {
        const c = env.client(0);
        const l = await c.createLedger();
        const waiting = env.client(reader).tail(l.ledgerId, '0', 20_000);
        await c.append(l.ledgerId, b('tick'));
        const p = await waiting;
        assert.deepEqual(p.entries.map((e) => e.data.toString()), ['tick']);
        await c.close(l.ledgerId);
        const end = await env.client(reader).tail(l.ledgerId, '1', 20_000);
        assert.equal(end.entries.length, 0);
        assert.equal(end.sealed, true);
      }
    });

    test('bad input: unknown ledgers, wrong passwords, oversized entries; nothing is written', async () => {
      const c = env.client(0);
      await assert.rejects(c.info('999999999'), transportError('NO_SUCH_LEDGER'));
      await assert.rejects(c.append('999999999', b('x')), transportError('NO_SUCH_LEDGER'));
      const l = await c.createLedger({ password: 'right' });
      await assert.rejects(c.append(l.ledgerId, b('x'), { password: 'wrong' }), transportError('UNAUTHORIZED'));
      await assert.rejects(env.client(1).append(l.ledgerId, b('x'), { password: 'wrong' }), transportError('UNAUTHORIZED'));
      await assert.rejects(c.read(l.ledgerId, '0', { password: 'wrong' }), transportError('UNAUTHORIZED'));
      await assert.rejects(c.close(l.ledgerId), transportError('UNAUTHORIZED'));
      await assert.rejects(c.append(l.ledgerId, b('x'), { password: 'right', producerId: 'p' }), transportError('INVALID_ARGUMENT'));
      await assert.rejects(c.readEntry(l.ledgerId, '0', { password: 'right' }), transportError('NO_SUCH_ENTRY'));
      assert.deepEqual(await c.lac(l.ledgerId, { password: 'right' }), { lastAddConfirmed: '-1', sealed: false });
    });

    test('recover seals a ledger and reports its end; delete removes it', async () => {
      const c = env.client(0);
      const l = await c.createLedger();
      await c.appendBatch(l.ledgerId, [b('1'), b('22')]);
      const seal = await env.client(1).recover(l.ledgerId);
      assert.deepEqual(seal, { ledgerId: l.ledgerId, lastEntryId: '1', length: '3', storedLength: '3', payloadLength: '3' });
      // The owner finds out at its next append (fenced), and answers with the sealed end.
      await assert.rejects(c.append(l.ledgerId, b('x')), (e: unknown) => e instanceof TransportError && ['LEDGER_FENCED', 'LEDGER_CLOSED'].includes(e.code) && e.details.lastEntryId === '1');
      await assert.rejects(c.append(l.ledgerId, b('x')), transportError('LEDGER_CLOSED'));
      await env.client(1).delete(l.ledgerId);
      await assert.rejects(c.info(l.ledgerId), transportError('NO_SUCH_LEDGER'));
    });
  });

  describe(`gateway failover over ${transport}`, () => {
    let env: ScenarioEnv;
    before(async () => {
      env = await makeEnv();
    });
    after(async () => {
      await env.stop();
    });

    test('owner dies: the next instance seals the ledger, keeps every acked entry, answers retries with the original receipts', async () => {
      const c0 = env.client(0);
      const c1 = env.client(1);
      const l = await c0.createLedger({ password: 'pw', entryFormat: 'ENVELOPE' });
      const receipts = [];
      for (let s = 0; s < 20; s++) receipts.push(await c0.append(l.ledgerId, b(`m${s}`), { password: 'pw', producerId: 'orders', sequence: String(s) }));
      // Tail through the survivor while the owner is alive.
      const seen = await c1.tail(l.ledgerId, '0', 5_000, { password: 'pw' });
      assert.ok(seen.entries.length > 0);
      await env.crash(0);
      // A retry of an acked append through the survivor: the original receipt, never a second copy.
      const retry = await c1.append(l.ledgerId, b('m19'), { password: 'pw', producerId: 'orders', sequence: '19' });
      assert.equal(retry.duplicate, true);
      assert.equal(retry.entryId, receipts[19]!.entryId);
      // A new append cannot continue the ledger: one writer, ever. The answer names the sealed end.
      await assert.rejects(c1.append(l.ledgerId, b('m20'), { password: 'pw', producerId: 'orders', sequence: '20' }), (e: unknown) => transportError('LEDGER_CLOSED')(e) && (e as { details: Record<string, unknown> }).details.lastEntryId === '19');
      const info = await c1.info(l.ledgerId);
      assert.equal(info.state, 'CLOSED');
      assert.equal(info.lastEntryId, '19');
      assert.equal(info.owner, undefined);
      const all = await c1.read(l.ledgerId, '0', { password: 'pw' });
      assert.deepEqual(all.entries.map((e) => e.data.toString()), receipts.map((_, s) => `m${s}`));
      assert.equal(all.sealed, true);
      // Recover on an already sealed ledger reports the same end.
      // Sealed by recovery, an ENVELOPE ledger's payload length is not known (docs/gateway.md): absent.
      const storedBytes = stored(receipts.map((_, s) => `m${s}`.length), 'orders'.length);
      assert.deepEqual(await c1.recover(l.ledgerId, { password: 'pw' }), { ledgerId: l.ledgerId, lastEntryId: '19', length: storedBytes, storedLength: storedBytes });
      assert.equal(info.storedLength, storedBytes);
      assert.equal(info.payloadLength, undefined);
    });
  });
}
