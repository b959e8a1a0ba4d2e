// The quorum client end to end: three real `quire bookie` processes, the real TCP client, the real
// embedded metadata store, through createBookKeeperClient. Covers the API round trip in both wire
// modes and every digest type, explicit LAC, and bad input (clear error, nothing written).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isQuireError } from '../../common/errors.js';
import { createBookKeeperClient } from '../../clients/quorum/connect.js';
import { DEFAULT_CLIENT_CONFIG } from '../../clients/quorum/client-config.js';
import type { BookKeeperClient } from '../../clients/quorum/index.js';
import { WireClient, readReq } from '../../harness/wire-client.js';
import { StatusCode } from '../../common/errors.js';
import { startLocalCluster, type LocalCluster } from '../../harness/local-cluster.js';

const fails = (code: string, message?: RegExp) => (e: unknown) => {
  assert.ok(isQuireError(e), `expected a QuireError ${code}, got ${String(e)}`);
  assert.equal(e.code, code, `expected ${code}, got ${e.code}: ${e.message}`);
  if (message) assert.match(e.message, message);
  return true;
};

/** Asks every bookie directly whether it stores any entry of the ledger. */
async function storedAnywhere(cluster: LocalCluster, ledgerId: bigint): Promise<boolean> {
  for (const b of cluster.bookies) {
    const c = await WireClient.connect(b.process.port);
    try {
      const r = await c.send(readReq(ledgerId, -1n));
      if (r.status === StatusCode.EOK) return true;
    } finally {
      c.close();
    }
  }
  return false;
}

describe('quorum client with real bookie processes (embedded metadata)', () => {
  let cluster: LocalCluster;
  const clients: BookKeeperClient[] = [];
  const client = async (o: Parameters<typeof createBookKeeperClient>[0] = {}) => {
    const c = await createBookKeeperClient({ metadataService: cluster.service, ...o });
    clients.push(c);
    return c;
  };

  before(async () => {
    cluster = await startLocalCluster({ bookies: 3 });
  });
  after(async () => {
    for (const c of clients) await c.close();
    await cluster.stop();
  });

  for (const protocol of ['v3', 'v2'] as const) {
    for (const digestType of ['CRC32', 'CRC32C', 'HMAC', 'DUMMY'] as const) {
      test(`${protocol}, ${digestType}: create, append, read, close, reopen, list, delete`, async () => {
        const bk = await client({ protocol });
        const w = await bk.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, digestType, password: 'secret', customMetadata: { test: 'e2e' } });
        const payloads = Array.from({ length: 200 }, (_, i) => Buffer.from(`${protocol}-${digestType}-entry-${i}-`.repeat(1 + (i % 7))));
        // Pipelined in batches: entries carry the LAC of the moment they were sent.
        const ids: bigint[] = [];
        for (let b = 0; b < 200; b += 50) ids.push(...(await Promise.all(payloads.slice(b, b + 50).map((p) => w.append(p)))));
        assert.deepEqual(ids, payloads.map((_, i) => BigInt(i)));
        assert.equal(w.lastAddConfirmed, 199n);

        // A reader on the open ledger (no recovery) sees the LAC the last batch carried.
        const open = await bk.openLedger(w.ledgerId, { password: 'secret' });
        assert.equal(open.isClosed, false);
        assert.equal(open.lastAddConfirmed, 149n);
        assert.deepEqual((await open.read(0n, 9n)).map((e) => e.payload), payloads.slice(0, 10));

        await w.close();
        const total = payloads.reduce((n, p) => n + BigInt(p.length), 0n);
        assert.equal(w.ledgerMetadata.state, 'CLOSED');
        assert.equal(w.ledgerMetadata.lastEntryId, 199n);
        assert.equal(w.ledgerMetadata.length, total);

        const other = await client({ protocol });
        const r = await other.openLedger(w.ledgerId, { password: 'secret', recovery: true });
        assert.equal(r.isClosed, true);
        assert.equal(r.lastAddConfirmed, 199n);
        assert.equal(r.length, total);
        const back = await r.read(0n, 199n);
        assert.deepEqual(back.map((e) => e.entryId), ids);
        assert.ok(back.every((e, i) => e.payload.equals(payloads[i]!)), 'payloads read back intact');
        assert.equal(r.ledgerMetadata.customMetadata.get('test')?.toString(), 'e2e');

        assert.ok((await other.listLedgers()).includes(w.ledgerId));
        await other.deleteLedger(w.ledgerId);
        assert.ok(!(await other.listLedgers()).includes(w.ledgerId));
        await assert.rejects(other.openLedger(w.ledgerId, { password: 'secret' }), fails('NO_SUCH_LEDGER'));
      });
    }
  }

  test('explicit LAC: an idle ledger shows readers its full LAC only with explicitLacIntervalMs', async () => {
    const plain = await client();
    const w0 = await plain.createLedger({ password: 'p' });
    for (let i = 0; i < 5; i++) await w0.append(Buffer.from(`x${i}`));
    const r0 = await plain.openLedger(w0.ledgerId, { password: 'p' });
    assert.equal(await r0.readExplicitLastAddConfirmed(), 3n, 'without explicit LAC the last entry carries LAC 3');

    const bk = await client({ config: { explicitLacIntervalMs: 20 } });
    const w = await bk.createLedger({ password: 'p' });
    for (let i = 0; i < 5; i++) await w.append(Buffer.from(`y${i}`));
    const r = await plain.openLedger(w.ledgerId, { password: 'p' });
    // Bounded wait for the periodic WRITE_LAC (no timing assertion: only the outcome is checked).
    let lac = await r.readExplicitLastAddConfirmed();
    for (let i = 0; i < 500 && lac < 4n; i++) {
      await new Promise((res) => setTimeout(res, 10));
      lac = await r.readExplicitLastAddConfirmed();
    }
    assert.equal(lac, 4n);
    assert.equal((await r.read(4n, 4n))[0]!.payload.toString(), 'y4');
    // A long poll past 3 returns at once now: the bookies know LAC 4.
    assert.equal(await r.waitForLac(3n, 5000), 4n);
    await w.close();
    await w0.close();
  });

  test('bad input: clear errors, nothing written', async () => {
    const bk = await client();
    const before = await bk.listLedgers();
    await assert.rejects(bk.createLedger({ ensembleSize: 2, writeQuorumSize: 3, ackQuorumSize: 2 }), fails('INVALID_ARGUMENT', /ensembleSize \(2\).*writeQuorumSize \(3\)|writeQuorumSize \(3\).*ensembleSize \(2\)/));
    await assert.rejects(bk.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 3 }), fails('INVALID_ARGUMENT', /writeQuorumSize \(2\) must be >= ackQuorumSize \(3\)/));
    await assert.rejects(bk.createLedger({ ensembleSize: 4, writeQuorumSize: 2, ackQuorumSize: 2 }), fails('NOT_ENOUGH_BOOKIES'));
    assert.deepEqual(await bk.listLedgers(), before, 'no ledger was created by invalid requests');

    await assert.rejects(createBookKeeperClient({ metadataService: cluster.service, protocol: 'v2', config: { explicitLacIntervalMs: 10 } }), fails('INVALID_ARGUMENT', /v3/));
    await assert.rejects(bk.openLedger(987_654_321n, { password: 'x' }), fails('NO_SUCH_LEDGER', /987654321/));

    const w = await bk.createLedger({ password: 'right' });
    await assert.rejects(bk.openLedger(w.ledgerId, { password: 'wrong' }), fails('UNAUTHORIZED', /password/));
    await assert.rejects(bk.openLedger(w.ledgerId, { password: 'wrong', recovery: true }), fails('UNAUTHORIZED'));
    assert.equal((await cluster.service.ledgers.readLedgerMetadata(w.ledgerId)).metadata.state, 'OPEN', 'a wrong password does not start recovery');

    // Over the frame limit: refused before anything is sent; nothing is stored, no id is used.
    const max = DEFAULT_CLIENT_CONFIG.maxEntrySizeBytes;
    await assert.rejects(w.append(Buffer.alloc(5 * 1024 * 1024)), fails('ENTRY_TOO_LARGE', /exceeds/));
    assert.equal(await storedAnywhere(cluster, w.ledgerId), false);
    // The largest accepted entry does fit the bookies' frame limit.
    assert.equal(await w.append(Buffer.alloc(max, 7)), 0n);
    assert.equal(await w.append(Buffer.from('small')), 1n);

    const r = await bk.openLedger(w.ledgerId, { password: 'right' });
    await assert.rejects(r.read(0n, 5n), fails('INVALID_ARGUMENT', /beyond the last add confirmed/));
    await w.close();
    await assert.rejects(w.append(Buffer.from('late')), fails('LEDGER_CLOSED', /closed/));
    const closed = await bk.openLedger(w.ledgerId, { password: 'right' });
    await assert.rejects(closed.read(0n, 2n), fails('NO_SUCH_ENTRY', /closed at entry 1/));
    const e0 = (await closed.read(0n, 0n))[0]!;
    assert.equal(e0.payload.length, max);
    assert.ok(e0.payload.every((b) => b === 7));
    assert.equal((await cluster.service.ledgers.readLedgerMetadata(w.ledgerId)).metadata.lastEntryId, 1n, 'the late append changed nothing');

    // A writer whose ledger was recovered under it is fenced.
    const w2 = await bk.createLedger({ password: 'pw' });
    await w2.append(Buffer.from('a'));
    await (await client()).openLedger(w2.ledgerId, { password: 'pw', recovery: true });
    await assert.rejects(w2.append(Buffer.from('b')), fails('LEDGER_FENCED'));
    await assert.rejects(w2.close(), fails('LEDGER_FENCED'));
    assert.equal((await cluster.service.ledgers.readLedgerMetadata(w2.ledgerId)).metadata.lastEntryId, 0n);
  });
  for (const protocol of ['v3', 'v2'] as const) {
    test(`${protocol}: a tail opened on a fresh ledger waits for its first entries (bookies that hold nothing of it yet are "nothing confirmed", not an error)`, async () => {
      const bk = await client({ protocol });
      const w = await bk.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, password: 'tail' });
      const reader = await client({ protocol });
      const r = await reader.openLedger(w.ledgerId, { password: 'tail' });
      // Before any append: every bookie answers the long poll with no-such-ledger at once.
      assert.equal(await storedAnywhere(cluster, w.ledgerId), false);
      const got: string[] = [];
      const tailing = (async () => {
        for await (const e of r.tail(0n, 500)) {
          got.push(e.payload.toString());
          if (got.length === 3) break;
        }
      })();
      await new Promise((res) => setTimeout(res, 700)); // a few empty polls
      for (const p of ['a', 'b', 'c', 'd']) await w.append(Buffer.from(p));
      await tailing;
      assert.deepEqual(got, ['a', 'b', 'c']);
      await w.close();
    });
  }
});
