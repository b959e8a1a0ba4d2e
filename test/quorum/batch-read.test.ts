// Batch reads (BP-62) and sticky reads against four real `quire bookie` processes over TCP: for
// many ranges a batch-reading handle returns exactly what a single-reading one returns (the same
// entries, or the same error), past the LAC, across an ensemble change, with a bookie down, and
// with corrupted copies of entries (another replica's good copy, never wrong data).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isQuireError } from '../../common/errors.js';
import type { BookKeeperClient } from '../../clients/quorum/index.js';
import type { ClientConfig } from '../../clients/quorum/client-config.js';
import { createDigestManager, DigestType, masterKeyOf } from '../../clients/quorum/digest/digest-manager.js';
import { wrapEntry } from '../../clients/quorum/digest/entry-format.js';
import type { LedgerEntry } from '../../clients/quorum/ops/pending-read-op.js';
import { startLocalCluster, type LocalCluster } from '../../harness/local-cluster.js';
import { countedClient, type CountingBookieClient } from './counting-bookie-client.js';

const PASSWORD = 'pw';
/** Small bounds, so replies are cut by count and by size and every run continues. */
const BATCH: Partial<ClientConfig> = { batchReadEnabled: true, maxBatchReadCount: 7, maxBatchReadSize: 4096, maxBatchReadsInFlight: 3, speculativeReadTimeoutMs: 0 };
const SINGLE: Partial<ClientConfig> = { batchReadEnabled: false };

/** Entries as (id, hex payload), or the error code the read ended with. */
async function outcome(read: () => Promise<LedgerEntry[]>): Promise<string[] | string> {
  try {
    return (await read()).map((e) => `${e.entryId}:${e.payload.toString('hex')}`);
  } catch (e) {
    assert.ok(isQuireError(e), `expected a QuireError, got ${String(e)}`);
    return e.code;
  }
}

/** Ranges [a, b] over 0..n-1 (and a little past it): whole, single entries, edges, seeded random ones. */
function ranges(n: number, past: number, count: number, seed: number): [bigint, bigint][] {
  let x = seed;
  const rnd = (m: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % m;
  };
  const out: [number, number][] = [[0, n - 1], [0, 0], [n - 1, n - 1], [6, 7], [7, 13], [n - 8, n - 1]];
  for (let i = 0; i < count; i++) {
    const a = rnd(n + past);
    out.push([a, Math.min(a + rnd(60), n + past - 1)]);
  }
  return out.map(([a, b]) => [BigInt(a), BigInt(b)]);
}

function payload(i: number): Buffer {
  return Buffer.from(`entry-${i}-`.repeat(1 + ((i * 37) % 300)));
}

describe('batch reads and sticky reads on real bookies', () => {
  let cluster: LocalCluster;
  const clients: BookKeeperClient[] = [];
  const client = (config: Partial<ClientConfig>, protocol: 'v3' | 'v2' = 'v3'): { bk: BookKeeperClient; io: CountingBookieClient } => {
    const c = countedClient(cluster.service, config, protocol);
    clients.push(c.bk);
    return c;
  };
  let writer: { bk: BookKeeperClient; io: CountingBookieClient };

  async function writeLedger(e: number, qw: number, qa: number, n: number, close = true) {
    const w = await writer.bk.createLedger({ ensembleSize: e, writeQuorumSize: qw, ackQuorumSize: qa, digestType: 'CRC32C', password: PASSWORD });
    for (let b = 0; b < n; b += 50) await Promise.all(Array.from({ length: Math.min(50, n - b) }, (_, i) => w.append(payload(b + i))));
    if (close) await w.close();
    return w;
  }

  before(async () => {
    cluster = await startLocalCluster({ bookies: 4, startTimeoutMs: 120_000 });
    writer = client({});
  });
  after(async () => {
    for (const c of clients) await c.close();
    await cluster.stop();
  });

  for (const protocol of ['v3', 'v2'] as const) {
    test(`${protocol}: a sealed E3/Qw3 ledger, 60 ranges: batch reads return what single reads return, and only batch reads went out`, async () => {
      const w = await writeLedger(3, 3, 2, 400);
      const single = client(SINGLE, protocol);
      const batch = client(BATCH, protocol);
      const rs = await single.bk.openLedger(w.ledgerId, { password: PASSWORD });
      const rb = await batch.bk.openLedger(w.ledgerId, { password: PASSWORD });
      batch.io.reset();
      for (const [a, b] of ranges(400, 3, 54, 17)) {
        assert.deepEqual(await outcome(() => rb.read(a, b)), await outcome(() => rs.read(a, b)), `range [${a}, ${b}]`);
      }
      assert.deepEqual(await outcome(() => rb.read(0n, 399n)), Array.from({ length: 400 }, (_, i) => `${i}:${payload(i).toString('hex')}`));
      assert.ok(batch.io.total('batchRead') > 0, 'batch reads were sent');
      assert.equal(batch.io.total('read'), 0, 'no single reads were needed');
    });
  }

  test('E3/Qw2 (not every bookie holds every entry): single reads only, as BookKeeper; sticky reads stay off', async () => {
    const w = await writeLedger(3, 2, 2, 120);
    const batch = client({ ...BATCH, stickyReadsEnabled: true });
    const r = await batch.bk.openLedger(w.ledgerId, { password: PASSWORD });
    batch.io.reset();
    assert.equal((await r.read(0n, 119n)).length, 120);
    assert.equal(batch.io.total('batchRead'), 0);
    assert.equal(r.stickyBookieIndex, -1);
    assert.equal(batch.io.readBookies().size, 3, 'reads spread over the write sets');
  });

  test('past the LAC of an open ledger: readUnconfirmed and read end the same way with batch and single reads', async () => {
    const w = await writeLedger(3, 3, 2, 0, false);
    for (let i = 0; i < 60; i++) await w.append(payload(i));
    const single = client(SINGLE);
    const batch = client(BATCH);
    const rs = await single.bk.openLedger(w.ledgerId, { password: PASSWORD });
    const rb = await batch.bk.openLedger(w.ledgerId, { password: PASSWORD });
    assert.equal(rb.lastAddConfirmed, 58n);
    for (const [a, b] of ranges(60, 12, 30, 5)) {
      assert.deepEqual(await outcome(() => rb.readUnconfirmed(a, b)), await outcome(() => rs.readUnconfirmed(a, b)), `unconfirmed [${a}, ${b}]`);
      assert.deepEqual(await outcome(() => rb.read(a, b)), await outcome(() => rs.read(a, b)), `read [${a}, ${b}]`);
    }
    assert.equal(await outcome(() => rb.readUnconfirmed(55n, 70n)), 'NO_SUCH_ENTRY');
    assert.equal((await rb.readUnconfirmed(50n, 59n)).length, 10);
    await w.close();
  });

  test('corrupted copies: batch reads take another replica for a bad first entry and stop at a bad later one; all copies bad fails with DIGEST_MISMATCH', async () => {
    const w = await writer.bk.createLedger({ ensembleSize: 3, writeQuorumSize: 3, ackQuorumSize: 3, digestType: 'CRC32C', password: PASSWORD });
    const ensemble = w.ledgerMetadata.segments[0]!.bookies;
    const digest = createDigestManager(DigestType.CRC32C, Buffer.from(PASSWORD));
    const key = masterKeyOf(Buffer.from(PASSWORD));
    // Entry i's bad copies: on two of three bookies for 3, 11 and 12, on all three for 30.
    const badOn = (i: number): readonly number[] => (i === 30 ? [0, 1, 2] : i === 3 ? [0, 1] : i === 11 ? [1, 2] : i === 12 ? [0, 2] : []);
    let length = 0n;
    for (let i = 0; i < 40; i++) {
      length += BigInt(payload(i).length);
      const good = wrapEntry(digest, { ledgerId: w.ledgerId, entryId: BigInt(i), lastAddConfirmed: BigInt(i - 1), length, payload: payload(i) });
      const bad = Buffer.from(good);
      bad.writeUInt8(bad[bad.length - 1]! ^ 0x55, bad.length - 1);
      await Promise.all(ensemble.map((b, j) => writer.io.addEntry(b, w.ledgerId, BigInt(i), key, badOn(i).includes(j) ? bad : good)));
    }
    for (const sticky of [false, true]) {
      const single = client({ ...SINGLE, stickyReadsEnabled: sticky });
      const batch = client({ ...BATCH, stickyReadsEnabled: sticky });
      const rs = await single.bk.openLedger(w.ledgerId, { password: PASSWORD });
      const rb = await batch.bk.openLedger(w.ledgerId, { password: PASSWORD });
      const want = Array.from({ length: 30 }, (_, i) => `${i}:${payload(i).toString('hex')}`);
      for (const [a, b] of [[0n, 29n], [3n, 3n], [2n, 14n], [11n, 12n], [12n, 29n]] as const) {
        const got = await outcome(() => rb.readUnconfirmed(a, b));
        assert.deepEqual(got, want.slice(Number(a), Number(b) + 1), `batch [${a}, ${b}] sticky=${sticky}`);
        assert.deepEqual(got, await outcome(() => rs.readUnconfirmed(a, b)));
      }
      assert.equal(await outcome(() => rb.readUnconfirmed(25n, 35n)), 'DIGEST_MISMATCH');
      assert.equal(await outcome(() => rs.readUnconfirmed(25n, 35n)), 'DIGEST_MISMATCH');
      assert.ok(batch.io.total('batchRead') > 0);
    }
  });

  test('fallback: batch reads refused with BOOKIE_UNAVAILABLE everywhere stop batching for the handle; other failures fall back for that run only', async () => {
    const w = await writeLedger(3, 3, 2, 100);
    const single = client(SINGLE);
    const want = await outcome(async () => (await single.bk.openLedger(w.ledgerId, { password: PASSWORD })).read(0n, 99n));
    for (const code of ['BOOKIE_UNAVAILABLE', 'TOO_MANY_REQUESTS'] as const) {
      const c = client(BATCH);
      const r = await c.bk.openLedger(w.ledgerId, { password: PASSWORD });
      c.io.failBatchReads = code;
      assert.deepEqual(await outcome(() => r.read(0n, 99n)), want, code);
      assert.ok(c.io.total('read') >= 100, 'single reads served the range');
      const batches = c.io.total('batchRead');
      assert.ok(batches > 0);
      c.io.failBatchReads = null;
      c.io.reset();
      assert.deepEqual(await outcome(() => r.read(0n, 99n)), want);
      if (code === 'BOOKIE_UNAVAILABLE') assert.equal(c.io.total('batchRead'), 0, 'the handle no longer batches (notSupportBatch)');
      else assert.equal(c.io.total('read'), 0, 'the handle still batches');
    }
  });

  test('sticky reads: every read of a handle goes to one bookie of the ensemble, batch or single', async () => {
    const w = await writeLedger(3, 3, 2, 200);
    const ensemble = w.ledgerMetadata.segments[0]!.bookies;
    for (const config of [{ ...SINGLE, stickyReadsEnabled: true }, { ...BATCH, stickyReadsEnabled: true }]) {
      const c = client(config);
      const r = await c.bk.openLedger(w.ledgerId, { password: PASSWORD });
      assert.ok(r.stickyBookieIndex >= 0 && r.stickyBookieIndex < 3);
      c.io.reset();
      for (const [a, b] of ranges(200, 0, 20, 3)) await r.read(a, b);
      assert.deepEqual([...c.io.readBookies()], [ensemble[r.stickyBookieIndex]!]);
    }
  });

  test('ensemble change and a bookie down: batch and sticky reads return what single reads return', async () => {
    const w = await writeLedger(3, 3, 2, 150, false);
    const first = w.ledgerMetadata.segments[0]!.bookies;
    const victim = cluster.bookies.findIndex((b) => b.bookieId === first[0]);
    await cluster.kill(victim);
    for (let b = 150; b < 300; b += 50) await Promise.all(Array.from({ length: 50 }, (_, i) => w.append(payload(b + i))));
    await w.close();
    assert.ok(w.ledgerMetadata.segments.length >= 2, 'the writer changed its ensemble');
    const single = client(SINGLE);
    const rs = await single.bk.openLedger(w.ledgerId, { password: PASSWORD });
    for (const config of [BATCH, { ...BATCH, stickyReadsEnabled: true }, { ...BATCH, maxBatchReadCount: 1000, maxBatchReadSize: 1024 * 1024 }]) {
      const c = client(config);
      const rb = await c.bk.openLedger(w.ledgerId, { password: PASSWORD });
      for (const [a, b] of ranges(300, 2, 30, 11)) {
        assert.deepEqual(await outcome(() => rb.read(a, b)), await outcome(() => rs.read(a, b)), `range [${a}, ${b}]`);
      }
      assert.ok(c.io.total('batchRead') > 0, 'batch reads stayed on with one bookie down');
      if (config.stickyReadsEnabled) {
        // The sticky bookie moved off the dead one; from then on every read goes to one live bookie.
        c.io.reset();
        assert.equal((await rb.read(0n, 299n)).length, 300);
        const used = [...c.io.readBookies()];
        assert.equal(used.length, 1);
        assert.notEqual(used[0], first[0]);
      }
    }
  });
});
