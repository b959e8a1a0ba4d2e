// A bookie process is SIGKILLed in the middle of a stream of appends: the writer replaces it
// (ensemble change in the metadata), keeps going without failing an append, and every acked entry
// reads back, byte for byte, through another client after close and after recovery.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBookKeeperClient } from '../../clients/quorum/connect.js';
import { startLocalCluster } from '../../harness/local-cluster.js';

const payloadOf = (i: number) => Buffer.from(`entry-${i}-`.padEnd(100 + (i % 13) * 17, String.fromCharCode(97 + (i % 26))));

for (const { e, qw, qa, protocol } of [
  { e: 3, qw: 2, qa: 2, protocol: 'v3' as const },
  { e: 3, qw: 3, qa: 2, protocol: 'v2' as const },
]) {
  test(`E${e} Qw${qw} Qa${qa} (${protocol}): SIGKILL of an ensemble bookie mid-stream loses no acked entry`, async () => {
    const cluster = await startLocalCluster({ bookies: 4 });
    const bk = await createBookKeeperClient({ metadataService: cluster.service, protocol });
    const reader = await createBookKeeperClient({ metadataService: cluster.service, protocol });
    try {
      const w = await bk.createLedger({ ensembleSize: e, writeQuorumSize: qw, ackQuorumSize: qa, password: 'pw', digestType: 'CRC32C' });
      const firstEnsemble = w.ledgerMetadata.segments[0]!.bookies;
      const victim = cluster.bookies.find((b) => b.bookieId === firstEnsemble[1])!;
      const acked = new Map<bigint, Buffer>();
      const failures: unknown[] = [];
      const killAt = 1500;
      // The stream goes on for 1500 more entries after the bookie is dead (so the kill is mid-stream).
      let stopAt = Number.MAX_SAFE_INTEGER;
      let next = 0;
      let killed: Promise<void> | undefined;
      // 64 appends in flight; the kill lands while many are outstanding.
      const lane = async () => {
        while (next < stopAt) {
          const i = next++;
          const p = payloadOf(i);
          try {
            const id = await w.append(p);
            assert.equal(id, BigInt(i));
            acked.set(id, p);
          } catch (err) {
            failures.push(err);
            return;
          }
          if (acked.size === killAt) {
            killed = cluster.kill(victim.index).then(() => {
              stopAt = next + 1500;
            });
          }
        }
      };
      await Promise.all(Array.from({ length: 64 }, lane));
      await killed;
      assert.deepEqual(failures, [], 'no append failed');
      const total = next;
      assert.equal(acked.size, total);
      assert.equal(victim.process.child.signalCode, 'SIGKILL');

      const segments = w.ledgerMetadata.segments;
      assert.ok(segments.length >= 2, 'the ensemble changed');
      const last = segments[segments.length - 1]!;
      assert.ok(!last.bookies.includes(victim.bookieId), 'the killed bookie was replaced');
      assert.ok(last.firstEntryId > 0n && last.firstEntryId <= BigInt(total));
      // The stored metadata agrees with the writer's view.
      const stored = await cluster.service.ledgers.readLedgerMetadata(w.ledgerId);
      assert.deepEqual(stored.metadata.segments, segments);

      // Every acked entry reads back from the open ledger (up to the reader's LAC) ...
      const open = await reader.openLedger(w.ledgerId, { password: 'pw' });
      const confirmed = await open.read(0n, open.lastAddConfirmed);
      for (const en of confirmed) assert.ok(en.payload.equals(acked.get(en.entryId)!), `entry ${en.entryId} differs`);

      // ... and after close, all of them.
      await w.close();
      assert.equal(w.ledgerMetadata.lastEntryId, BigInt(total - 1));
      const r = await reader.openLedger(w.ledgerId, { password: 'pw', recovery: true });
      assert.equal(r.lastAddConfirmed, BigInt(total - 1));
      const all = await r.read(0n, r.lastAddConfirmed);
      assert.equal(all.length, total);
      for (const en of all) assert.ok(en.payload.equals(acked.get(en.entryId)!), `entry ${en.entryId} differs`);
    } finally {
      await bk.close();
      await reader.close();
      await cluster.stop();
    }
  });
}
