// The client over the real metadata layer (metadata/: embedded store, BookKeeper's znode layout
// and binary metadata format), with simulated bookies on the system clock. Checks that what the
// client writes is what BookKeeper's layout expects: OPEN -> ensemble change -> CLOSED, recovery
// through IN_RECOVERY, deletes and listing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isQuireError } from '../../common/errors.js';
import { openMetadataService, type MetadataService } from '../../metadata/metadata-service.js';
import { BookKeeperClient } from '../../clients/quorum/index.js';
import { LedgerManagerPort } from '../../clients/quorum/metadata-adapters.js';
import type { Clock } from '../../clients/quorum/clock.js';
import { Prng } from './sim/prng.js';
import { SimBookieNode } from './sim/sim-bookie-node.js';
import { systemTimers } from '../../common/timers.js';
import { SimNetwork } from './sim/sim-network.js';
import { StaticBookieRegistry } from './sim/in-memory-metadata.js';

// The system clock's timers are unref'd (sockets keep a real client alive); here nothing else
// would, so use referenced timers.
const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (cb, ms) => setTimeout(cb, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

describe('quorum client over the embedded metadata store', () => {
  let dir: string;
  let service: MetadataService;
  const ids = ['127.0.0.1:3181', '127.0.0.2:3181', '127.0.0.3:3181', '127.0.0.4:3181'];
  const bookies = new Map<string, SimBookieNode>();
  let network: SimNetwork;
  const client = () =>
    new BookKeeperClient({ bookies: network, metadata: new LedgerManagerPort(service.ledgers), registry: new StaticBookieRegistry(ids.filter((b) => !bookies.get(b)!.crashed)), clock: systemClock, config: { speculativeReadTimeoutMs: 0 } });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'quire-client-md-'));
    service = await openMetadataService(`embedded://${dir}`);
    const rng = new Prng(42);
    for (const id of ids) {
      // The real bookie over a simulated disk, on real time (systemTimers: referenced timers).
      const b = new SimBookieNode(id, systemTimers, rng.fork());
      b.disk.faults = { readErrorRate: 0, latencyMs: [0, 1], syncErrorRate: 0 };
      bookies.set(id, b);
    }
    await Promise.all([...bookies.values()].map((b) => b.ready));
    network = new SimNetwork(systemClock, rng.fork(), bookies);
    network.faults = { dropRequestRate: 0, dropReplyRate: 0, delayMs: [0, 1] };
  });
  after(async () => {
    for (const b of bookies.values()) b.kill();
    await service.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('create, ensemble change, close, recover, delete', async () => {
    const bk = client();
    const w = await bk.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, password: 'pw', digestType: 'CRC32C', customMetadata: { app: 'test' } });
    const stored = await service.ledgers.readLedgerMetadata(w.ledgerId);
    assert.equal(stored.metadata.state, 'OPEN');
    assert.equal(stored.metadata.digestType, 'CRC32C');
    assert.equal(stored.metadata.customMetadata.get('app')?.toString(), 'test');
    for (let i = 0; i < 5; i++) await w.append(Buffer.from(`m${i}`));
    bookies.get(w.ledgerMetadata.segments[0]!.bookies[0]!)!.crash();
    for (let i = 5; i < 8; i++) await w.append(Buffer.from(`m${i}`));
    const changed = await service.ledgers.readLedgerMetadata(w.ledgerId);
    assert.deepEqual(changed.metadata.segments.map((s) => s.firstEntryId), [0n, 5n]);
    await w.close();
    const closed = await service.ledgers.readLedgerMetadata(w.ledgerId);
    assert.equal(closed.metadata.state, 'CLOSED');
    assert.equal(closed.metadata.lastEntryId, 7n);
    assert.equal(closed.metadata.length, 16n);
    const r = await client().openLedger(w.ledgerId, { password: 'pw' });
    assert.deepEqual((await r.read(0n, 7n)).map((e) => e.payload.toString()), ['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
    for (const b of bookies.values()) if (b.crashed) await b.restart();

    const w2 = await bk.createLedger({ password: 'pw' });
    for (let i = 0; i < 3; i++) await w2.append(Buffer.from(`n${i}`));
    const rec = await client().openLedger(w2.ledgerId, { password: 'pw', recovery: true });
    assert.equal(rec.ledgerMetadata.lastEntryId, 2n);
    const recStored = await service.ledgers.readLedgerMetadata(w2.ledgerId);
    assert.equal(recStored.metadata.state, 'CLOSED');
    await assert.rejects(w2.append(Buffer.from('late')), (e) => isQuireError(e, 'LEDGER_FENCED'));

    assert.deepEqual(await bk.listLedgers(), [w.ledgerId, w2.ledgerId].sort((a, b) => (a < b ? -1 : 1)));
    await bk.deleteLedger(w.ledgerId);
    await assert.rejects(bk.openLedger(w.ledgerId), (e) => isQuireError(e, 'NO_SUCH_LEDGER'));
  });
});
