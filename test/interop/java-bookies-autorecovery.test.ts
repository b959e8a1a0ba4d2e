// Issue 13's headline auto-recovery test with Apache BookKeeper 4.17.2's Java bookies in the
// cluster: three `quire bookie` processes (autoRecoveryDaemonEnabled: Quire's auditor and
// replication worker) and two Java bookies on a real ZooKeeper; E3 Qw2 Qa2 ledgers, closed ones
// and open ones with writers appending, created until their ensembles include a Java bookie. A
// Java bookie is SIGKILLed and its directories deleted: within a bounded wait Quire's auditor marks
// the ledgers, its worker copies the fragments (from Java and Quire replicas, to either kind) and
// swaps the metadata, so no metadata names the dead bookie, no mark is left, and every entry reads
// from each bookie of its write set directly (not through the client).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBookKeeperClient } from '../../clients/quorum/connect.js';
import { RegistrationPort, TcpBookieClient } from '../../clients/quorum/index.js';
import { startJavaBookie, type JavaBookie } from '../../harness/java-bookie.js';
import { startLocalCluster, type LocalCluster } from '../../harness/local-cluster.js';
import { startZooKeeper } from '../../harness/zookeeper.js';
import { UnderreplicationManager } from '../../metadata/underreplication-manager.js';
import { checkEveryReplica, noMarks, noMetadataNames, totalReads, type Tracked } from '../autorecovery/replica-checks.js';
import { eventually } from '../metadata/eventually.js';

const PASSWORD = 'pw';
const payloadOf = (ledger: number, i: number) => Buffer.from(`jl${ledger}-e${i}-`.padEnd(48 + (i % 5) * 17, 'y'));

test('a Java bookie lost for good is re-replicated away by Quire\'s auditor and worker (2 Java + 3 Quire, E3 Qw2 Qa2)', { timeout: 600_000 }, async () => {
  const zk = await startZooKeeper();
  const uri = `zk+hierarchical://${zk.connectString}/ledgers`;
  const dir = mkdtempSync(join(tmpdir(), 'quire-java-bk-ar-'));
  let cluster: LocalCluster | undefined;
  const java: JavaBookie[] = [];
  let bk: Awaited<ReturnType<typeof createBookKeeperClient>> | undefined;
  let raw: TcpBookieClient | undefined;
  let urm: UnderreplicationManager | undefined;
  try {
    // startLocalCluster formats the cluster; the Java bookies need it formatted before they start.
    cluster = await startLocalCluster({
      bookies: 3,
      metadataServiceUri: uri,
      startTimeoutMs: 180_000,
      bookieSettings: ['autoRecoveryDaemonEnabled=true', 'zkTimeout=4000', 'openLedgerRereplicationGracePeriod=3000', 'rwRereplicateBackoffMs=500', 'lostBookieRecoveryDelay=0'],
    });
    const c = cluster;
    // Side by side; each is kept once up (so the finally stops it), java[i] in java-<i>.
    await Promise.all([0, 1].map(async (i) => (java[i] = await startJavaBookie({ zkConnect: zk.connectString, dir: join(dir, `java-${i}`), startTimeoutMs: 180_000 }))));
    await eventually('all five bookies are writable', async () => (await c.service.registration.getWritableBookies()).length === 5, 120_000);
    bk = await createBookKeeperClient({ metadataService: c.service });
    raw = new TcpBookieClient({ registry: new RegistrationPort(c.service.registration) });
    urm = await UnderreplicationManager.open(c.service.store, c.service.root);
    const victim = java[0]!;

    const tracked = new Map<bigint, Tracked>();
    // Placement is random: create until the ensemble holds the victim (bounded), so every ledger
    // kept has a fragment to repair; the others are closed and deleted.
    const create = async (n: number, close: boolean) => {
      for (let attempt = 0; attempt < 50; attempt++) {
        const handle = await bk!.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, password: PASSWORD, digestType: 'CRC32C' });
        if (!handle.ledgerMetadata.segments[0]!.bookies.includes(victim.bookieId)) {
          await handle.close();
          await bk!.deleteLedger(handle.ledgerId);
          continue;
        }
        const t: Tracked = { handle, acked: new Map<bigint, Buffer>() };
        tracked.set(handle.ledgerId, t);
        for (let i = 0; i < n; i++) {
          const p = payloadOf(tracked.size, i);
          t.acked.set(await handle.append(p), p);
        }
        if (close) await handle.close();
        return t;
      }
      throw new Error('no ensemble with the Java victim in 50 creations');
    };
    for (let i = 0; i < 3; i++) await create(100, true);
    const active = [await create(30, false), await create(30, false)];
    let writing = true;
    const failures: unknown[] = [];
    const writers = active.map(async (t, k) => {
      let i = t.acked.size;
      while (writing) {
        const p = payloadOf(100 + k, i++);
        try {
          t.acked.set(await t.handle.append(p), p);
        } catch (e) {
          failures.push(e);
          return;
        }
      }
    });
    // Let the writers get going before the kill.
    await eventually('the writers appended', () => active.every((t) => t.acked.size >= 40), 60_000);
    await victim.kill('SIGKILL');
    rmSync(join(dir, 'java-0'), { recursive: true, force: true });

    await eventually('no ledger names the dead Java bookie and no mark is left', async () => (await noMetadataNames(c, [victim.bookieId])) && (await noMarks(urm!)), 300_000);
    writing = false;
    await Promise.all(writers);
    assert.deepEqual(failures, [], 'the running writers never failed');
    for (const t of active) await t.handle.close();
    assert.ok(await noMetadataNames(c, [victim.bookieId]), 'closing the writers did not bring the dead bookie back');

    const perBookie = await checkEveryReplica(c, raw, tracked, PASSWORD);
    const reads = totalReads(perBookie);
    const onJava = perBookie.get(java[1]!.bookieId) ?? 0;
    assert.ok(reads >= 2 * (3 * 100 + 2 * 40), `read ${reads} replicas`);
    assert.ok(onJava > 0, 'the surviving Java bookie holds replicas that were read directly');
  } finally {
    await urm?.close();
    await raw?.close();
    await bk?.close();
    for (const j of java) await j?.kill('SIGKILL');
    await cluster?.stop();
    await zk.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});
