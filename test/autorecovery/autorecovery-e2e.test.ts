// The headline test of issue 13's auto-recovery, with real processes over real TCP and a real
// ZooKeeper: five `quire bookie` processes with autoRecoveryDaemonEnabled, ledgers E3 Qw2 Qa2
// (closed ones, open ones with writers appending, open idle ones). One bookie is SIGKILLed and
// its directories deleted: within a bounded wait no metadata names it, no mark is left, and every
// entry of every ledger is on the Qw bookies of its current ensemble, checked by reading each
// entry from each of those bookies directly (not through the client). Then the auditor's own
// bookie is killed: another bookie is elected and repairs the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { createBookKeeperClient } from '../../clients/quorum/connect.js';
import { RegistrationPort, TcpBookieClient } from '../../clients/quorum/index.js';
import { startLocalCluster, type LocalCluster } from '../../harness/local-cluster.js';
import { startZooKeeper } from '../../harness/zookeeper.js';
import { getCurrentAuditor } from '../../metadata/auditor-election.js';
import { UnderreplicationManager } from '../../metadata/underreplication-manager.js';
import { eventually } from '../metadata/eventually.js';
import { checkEveryReplica, createTracked, noMarks, noMetadataNames, totalReads, type Tracked } from './replica-checks.js';

const PASSWORD = 'pw';
const payloadOf = (ledger: number, i: number) => Buffer.from(`l${ledger}-e${i}-`.padEnd(64 + (i % 7) * 31, 'x'));

test('five bookies, E3 Qw2 Qa2: a bookie lost for good is re-replicated away, then the auditor\'s own bookie too', { timeout: 600_000 }, async () => {
  const zk = await startZooKeeper();
  const uri = `zk+hierarchical://${zk.connectString}/ledgers`;
  let cluster: LocalCluster | undefined;
  let bk: Awaited<ReturnType<typeof createBookKeeperClient>> | undefined;
  let raw: TcpBookieClient | undefined;
  let urm: UnderreplicationManager | undefined;
  try {
    cluster = await startLocalCluster({
      bookies: 5,
      metadataServiceUri: uri,
      // Five processes starting at once on a loaded 2-core machine.
      startTimeoutMs: 180_000,
      bookieSettings: ['autoRecoveryDaemonEnabled=true', 'zkTimeout=4000', 'openLedgerRereplicationGracePeriod=3000', 'rwRereplicateBackoffMs=500', 'lostBookieRecoveryDelay=0'],
    });
    const c = cluster;
    bk = await createBookKeeperClient({ metadataService: c.service });
    raw = new TcpBookieClient({ registry: new RegistrationPort(c.service.registration) });
    urm = await UnderreplicationManager.open(c.service.store, c.service.root);
    const tracked = new Map<bigint, Tracked>();
    const client = bk;
    const create = (n: number, close: boolean) => createTracked(client, tracked, n, close, PASSWORD, payloadOf);
    for (let i = 0; i < 4; i++) await create(150, true); // closed
    const idle = [await create(60, false), await create(60, false), await create(0, true)]; // open, no writer activity; one empty closed
    const active = [await create(40, false), await create(40, false)];
    let writing = true;
    const failures: unknown[] = [];
    const writers = active.map(async (t) => {
      const ledger = [...tracked.values()].indexOf(t) + 1;
      let i = t.acked.size;
      while (writing) {
        const p = payloadOf(ledger, i++);
        try {
          t.acked.set(await t.handle.append(p), p);
        } catch (e) {
          failures.push(e);
          return;
        }
      }
    });

    const firstAuditor = await getCurrentAuditor(c.service.store, c.service.root);
    assert.ok(firstAuditor, 'an auditor is elected');
    const inUse = new Set([...tracked.values()].flatMap((t) => t.handle.ledgerMetadata.segments.flatMap((s) => s.bookies)));
    const victim = c.bookies.find((b) => b.bookieId !== firstAuditor && inUse.has(b.bookieId))!;
    await c.kill(victim.index);
    rmSync(victim.dir, { recursive: true, force: true });

    await eventually('no ledger names the killed bookie and no mark is left', async () => (await noMetadataNames(c, [victim.bookieId])) && (await noMarks(urm!)), 240_000);
    writing = false;
    await Promise.all(writers);
    assert.deepEqual(failures, [], 'the running writers never failed');
    for (const t of active) await t.handle.close();
    // The idle open ledgers whose last fragment had the bookie were fenced and closed by recovery.
    for (const t of idle) {
      if (t.handle.isClosed) continue;
      await t.handle.close().catch(() => undefined);
    }
    assert.ok(await noMetadataNames(c, [victim.bookieId]), 'closing the writers did not bring the dead bookie back');
    const reads1 = totalReads(await checkEveryReplica(c, raw, tracked, PASSWORD));
    assert.ok(reads1 >= 2 * 700, `read ${reads1} replicas`);

    // The auditor's own bookie now (its data gone too): another bookie is elected and repairs.
    const auditorBookie = c.bookies.find((b) => b.bookieId === firstAuditor)!;
    await c.kill(auditorBookie.index);
    rmSync(auditorBookie.dir, { recursive: true, force: true });
    await eventually('another auditor is elected', async () => {
      const a = await getCurrentAuditor(c.service.store, c.service.root);
      return a !== undefined && a !== firstAuditor && a !== victim.bookieId;
    }, 120_000);
    const dead = [victim.bookieId, auditorBookie.bookieId];
    await eventually('no ledger names either dead bookie and no mark is left', async () => (await noMetadataNames(c, dead)) && (await noMarks(urm!)), 240_000);
    const reads2 = totalReads(await checkEveryReplica(c, raw, tracked, PASSWORD));
    assert.equal(reads2, reads1);
  } finally {
    await urm?.close();
    await raw?.close();
    await bk?.close();
    await cluster?.stop();
    await zk.destroy();
  }
});
