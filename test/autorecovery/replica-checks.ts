// What the auto-recovery tests check after a bookie is lost for good, shared by the all-Quire
// test (autorecovery-e2e) and the mixed Java/Quire interop test: no metadata names the dead
// bookie, no under-replication mark is left, and every acked entry reads back from each bookie
// of its write set directly (not through the client).
import assert from 'node:assert/strict';
import { createDigestManager, parseDigestType, segmentFor, unwrapEntry, writeSet, type BookKeeperClient, type TcpBookieClient, type WriteHandle } from '../../clients/quorum/index.js';
import type { LocalCluster } from '../../harness/local-cluster.js';
import type { UnderreplicationManager } from '../../metadata/underreplication-manager.js';

/** A ledger the test wrote, with every entry the client acknowledged. */
export interface Tracked {
  readonly handle: WriteHandle;
  readonly acked: Map<bigint, Buffer>;
}

/** Creates an E3 Qw2 Qa2 ledger, writes n entries (payloadOf(ledger number, i)), closes it if asked; tracked from then on. */
export async function createTracked(bk: BookKeeperClient, tracked: Map<bigint, Tracked>, n: number, close: boolean, password: string, payloadOf: (ledger: number, i: number) => Buffer): Promise<Tracked> {
  const handle = await bk.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, password, digestType: 'CRC32C' });
  const t: Tracked = { handle, acked: new Map() };
  tracked.set(handle.ledgerId, t);
  const ledger = tracked.size;
  for (let i = 0; i < n; i++) {
    const p = payloadOf(ledger, i);
    t.acked.set(await handle.append(p), p);
  }
  if (close) await handle.close();
  return t;
}

/** True when no ledger's metadata names any of the dead bookies. */
export async function noMetadataNames(cluster: LocalCluster, dead: readonly string[]): Promise<boolean> {
  for (const id of await cluster.service.ledgers.listLedgers()) {
    const md = (await cluster.service.ledgers.readLedgerMetadata(id)).metadata;
    if (md.segments.some((s) => s.bookies.some((b) => dead.includes(b)))) return false;
  }
  return true;
}

/** True when no ledger is marked under-replicated. */
export async function noMarks(urm: UnderreplicationManager): Promise<boolean> {
  for await (const _ of urm.listLedgersToRereplicate()) return false;
  return true;
}

/**
 * Reads every acked entry from each bookie of its write set in the ledger's current metadata
 * (CRC32C ledgers with `password`); returns the number of replicas read, per bookie.
 */
export async function checkEveryReplica(cluster: LocalCluster, raw: TcpBookieClient, tracked: Map<bigint, Tracked>, password: string): Promise<Map<string, number>> {
  const digest = createDigestManager(parseDigestType('CRC32C'), Buffer.from(password));
  const reads = new Map<string, number>();
  for (const [ledgerId, t] of tracked) {
    const md = (await cluster.service.ledgers.readLedgerMetadata(ledgerId)).metadata;
    for (const [entryId, payload] of t.acked) {
      const seg = segmentFor(md.segments, entryId);
      for (const i of writeSet(entryId, md.ensembleSize, md.writeQuorumSize)) {
        const bookie = seg.bookies[i]!;
        const stored = await raw.readEntry(bookie, ledgerId, entryId);
        const fields = unwrapEntry(digest, stored.entry, ledgerId, entryId);
        assert.ok(fields.payload.equals(payload), `ledger ${ledgerId} entry ${entryId} differs on ${bookie}`);
        reads.set(bookie, (reads.get(bookie) ?? 0) + 1);
      }
    }
  }
  return reads;
}

/** The total of checkEveryReplica's per-bookie counts. */
export const totalReads = (reads: Map<string, number>): number => [...reads.values()].reduce((a, b) => a + b, 0);
