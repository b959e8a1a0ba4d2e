// The auditor and the replication worker run in this process (so their stats are visible)
// against real `quire bookie` processes and a real ZooKeeper: closed, empty and open ledgers
// lose a bookie; the auditor marks them in BookKeeper's format, the worker copies the fragments,
// swaps the bookie in the metadata and deletes the marks. Disabling auto-recovery holds the
// worker back; enabling it lets the worker go on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBookKeeperClient } from '../../clients/quorum/connect.js';
import { startLocalCluster, type LocalCluster } from '../../harness/local-cluster.js';
import { startZooKeeper } from '../../harness/zookeeper.js';
import { startAutoRecovery, type AutoRecoveryMain } from '../../autorecovery/autorecovery-main.js';
import { eventually } from '../metadata/eventually.js';

test('in-process auditor and worker repair closed, empty and idle open ledgers', { timeout: 600_000 }, async () => {
  const zk = await startZooKeeper();
  let cluster: LocalCluster | undefined;
  let ar: AutoRecoveryMain | undefined;
  let bk: Awaited<ReturnType<typeof createBookKeeperClient>> | undefined;
  try {
    cluster = await startLocalCluster({ bookies: 4, metadataServiceUri: `zk+hierarchical://${zk.connectString}/ledgers`, bookieSettings: ['zkTimeout=4000'], startTimeoutMs: 180_000 });
    const c = cluster;
    bk = await createBookKeeperClient({ metadataService: c.service });
    const ids: bigint[] = [];
    for (let l = 0; l < 4; l++) {
      const w = await bk.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, password: 'pw', digestType: 'CRC32C' });
      for (let i = 0; i < (l === 3 ? 0 : 50); i++) await w.append(Buffer.from(`e${i}`));
      if (l !== 2) await w.close(); // ledger 2 stays open, its writer idle
      ids.push(w.ledgerId);
    }
    ar = await startAutoRecovery({ service: c.service, id: 'test-worker', options: { openLedgerRereplicationGracePeriod: 1000, rwRereplicateBackoffMs: 200, underreplicatedPollIntervalMs: 200 } });
    await eventually('this process is the auditor', () => ar!.elector.auditor !== undefined);
    const urm = ar.underreplication;
    await urm.disableLedgerReplication();
    const victim = c.bookies[0]!;
    await c.kill(victim.index);
    const named = async () => {
      const out: bigint[] = [];
      for (const id of ids) if ((await c.service.ledgers.readLedgerMetadata(id)).metadata.segments.some((s) => s.bookies.includes(victim.bookieId))) out.push(id);
      return out;
    };
    const affected = await named();
    assert.ok(affected.length > 0, 'the victim is in some ensemble');
    // Disabled: the auditor does not mark (its audit is skipped) and the worker takes nothing.
    await eventually('the victim is no longer registered', async () => !(await c.service.registration.getWritableBookies()).includes(victim.bookieId));
    await urm.enableLedgerReplication();
    await eventually('every affected ledger was marked or repaired', async () => ar!.elector.auditor!.stats.ledgersMarked >= affected.length);
    await eventually('no ledger names the victim', async () => (await named()).length === 0, 240_000);
    await eventually('no marks left', async () => {
      for await (const _ of urm.listLedgersToRereplicate()) return false;
      return true;
    });
    assert.ok(ar.worker.stats.fragmentsReplicated >= affected.length);
    const r = await bk.openLedger(ids[0]!, { password: 'pw' });
    assert.equal((await r.read(0n, 49n)).length, 50);
    assert.equal((await c.service.ledgers.readLedgerMetadata(ids[2]!)).metadata.state, affected.includes(ids[2]!) ? 'CLOSED' : 'OPEN');
  } finally {
    await ar?.stop();
    await bk?.close();
    await cluster?.stop();
    await zk.destroy();
  }
});
