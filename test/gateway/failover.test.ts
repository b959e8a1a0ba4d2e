// Gateway failover with real bookies: an owner that crashes mid-stream or stops cleanly. The
// checks are the invariants, whatever the timing: every acknowledged append is in the sealed
// ledger at the entry id its receipt named; a retried (producer, sequence) never makes a second
// copy; nothing is written after the seal (one writer, ever).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEnvelope } from '../../gateway/entry-envelope.js';
import { startGatewayCluster, type GatewayCluster } from './gateway-cluster.js';
import { RestTransport } from './rest-transport.js';
import { TransportError, type ReceiptView, type TransportClient } from './transport-client.js';

/** Retries retryable answers (owner unreachable while its session ends, bookies busy), bounded. */
async function withRetries<T>(f: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await f();
    } catch (e) {
      if (!(e instanceof TransportError) || !e.retryable || attempt >= 50) throw e;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

describe('gateway failover', () => {
  let gc: GatewayCluster;
  before(async () => {
    gc = await startGatewayCluster({ gateways: 3 });
  });
  after(async () => {
    await gc.stop();
  });

  test('owner crashes mid-stream: acked appends survive at their ids, retries through the survivor never duplicate', async () => {
    const [owner, survivor] = [gc.gateways[0]!, gc.gateways[1]!];
    const viaOwner: TransportClient = new RestTransport(owner.url);
    const viaSurvivor: TransportClient = new RestTransport(survivor.url);
    const l = await viaOwner.createLedger({ password: 'pw', entryFormat: 'ENVELOPE' });
    const total = 200;
    const acked = new Map<number, ReceiptView>();
    let crash: Promise<void> | null = null;
    let next = 0;
    // 8 concurrent producers' worth of appends, half straight to the owner, half forwarded by the survivor.
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        while (next < total) {
          const seq = next++;
          const c = w % 2 === 0 ? viaOwner : viaSurvivor;
          try {
            acked.set(seq, await c.append(l.ledgerId, Buffer.from(`m${seq}`), { password: 'pw', producerId: 'orders', sequence: String(seq) }));
          } catch {
            // Not acknowledged: may or may not be in the ledger; the retry below finds out.
          }
          if (acked.size >= 60 && crash === null) crash = owner.crash();
        }
      }),
    );
    await crash;
    assert.ok(acked.size >= 60);
    // Retry every sequence through the survivor.
    let duplicates = 0;
    for (let seq = 0; seq < total; seq++) {
      try {
        const r = await withRetries(() => viaSurvivor.append(l.ledgerId, Buffer.from(`m${seq}`), { password: 'pw', producerId: 'orders', sequence: String(seq) }));
        assert.equal(r.duplicate, true, `sequence ${seq} was written again after the owner died`);
        duplicates++;
        const first = acked.get(seq);
        if (first) assert.equal(r.entryId, first.entryId, `sequence ${seq} moved`);
      } catch (e) {
        assert.ok(e instanceof TransportError && e.code === 'LEDGER_CLOSED', `sequence ${seq}: ${String(e)}`);
        assert.ok(!acked.has(seq), `acknowledged sequence ${seq} is missing from the sealed ledger`);
        assert.equal(typeof e.details.lastEntryId, 'string');
      }
    }
    assert.ok(duplicates >= acked.size);
    // The sealed ledger: each sequence at most once, each acked one at its receipt's id.
    const lac = await viaSurvivor.lac(l.ledgerId, { password: 'pw' });
    assert.equal(lac.sealed, true);
    const seen = new Map<string, string>();
    let from = '0';
    for (;;) {
      const page = await viaSurvivor.read(l.ledgerId, from, { password: 'pw' });
      for (const e of page.entries) {
        const text = e.data.toString();
        assert.ok(!seen.has(text), `${text} is in the ledger twice`);
        seen.set(text, e.entryId);
      }
      if (page.nextEntryId === undefined) break;
      from = page.nextEntryId;
    }
    assert.equal(seen.size, duplicates);
    for (const [seq, r] of acked) assert.equal(seen.get(`m${seq}`), r.entryId);
    assert.equal(BigInt(lac.lastAddConfirmed) + 1n, BigInt(seen.size));
  });

  test('owner stops cleanly: its ledgers are sealed; a retry through another instance gets the original receipt', async () => {
    const [owner, other] = [gc.gateways[2]!, gc.gateways[1]!];
    const viaOwner = new RestTransport(owner.url);
    const viaOther = new RestTransport(other.url);
    const l = await viaOwner.createLedger({ entryFormat: 'ENVELOPE' });
    const receipts = await viaOwner.appendBatch(l.ledgerId, [0, 1, 2, 3, 4].map((i) => Buffer.from(`s${i}`)), { producerId: 'svc', sequence: '100' });
    await owner.stop();
    const retry = await viaOther.append(l.ledgerId, Buffer.from('s3'), { producerId: 'svc', sequence: '103' });
    // The original receipt, minus who acked it (a replay does not know).
    const { ackedBy, ...original } = receipts[3]!;
    assert.ok(ackedBy !== undefined && ackedBy.length >= original.ackQuorumSize);
    assert.deepEqual({ ...retry }, { ...original, lastAddConfirmed: '4', duplicate: true });
    // The clean stop closed the ledger itself, so it recorded the payload length in the seal.
    const sealed = await viaOther.info(l.ledgerId);
    assert.deepEqual([sealed.state, sealed.payloadLength, sealed.storedLength], ['CLOSED', '10', String(5 * (2 + 2 + 2 + 'svc'.length + 8))]);
    const batchRetry = await viaOther.appendBatch(l.ledgerId, [Buffer.from('s0'), Buffer.from('s1')], { producerId: 'svc', sequence: '100' });
    assert.deepEqual(batchRetry.map((r) => r.entryId), ['0', '1']);
    await assert.rejects(viaOther.append(l.ledgerId, Buffer.from('s5'), { producerId: 'svc', sequence: '105' }), (e: unknown) => e instanceof TransportError && e.code === 'LEDGER_CLOSED' && e.details.lastEntryId === '4');
    // The stored entries carry the envelope; readers through the gateway see only the payload.
    const raw = await other.client.openLedger(BigInt(l.ledgerId), { password: '' });
    const [e3] = await raw.read(3n, 3n);
    assert.deepEqual(decodeEnvelope(e3!.payload), { producerId: 'svc', sequence: 103n, payload: Buffer.from('s3') });
    assert.deepEqual(await viaOther.readEntry(l.ledgerId, '3'), Buffer.from('s3'));
  });
});
