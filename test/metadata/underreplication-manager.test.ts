// The under-replication manager and the auditor election on the embedded store, a real
// ZooKeeper 3.9 server and a real etcd: BookKeeper's paths and text format, locks that die with their session,
// enable/disable, lostBookieRecoveryDelay, and the election's hand-over.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isQuireError, type ErrorCode } from '../../common/errors.js';
import { EmbeddedStore } from '../../metadata/drivers/embedded/embedded-store.js';
import { ZooKeeperStore } from '../../metadata/drivers/zookeeper/zookeeper-store.js';
import type { MetadataStore } from '../../metadata/metadata-store.js';
import { UnderreplicationManager, lockPath, markPath } from '../../metadata/underreplication-manager.js';
import { AuditorElection, electionPath, getCurrentAuditor } from '../../metadata/auditor-election.js';
import { decodeUnderreplicatedLedger, encodeUnderreplicatedLedger } from '../../metadata/formats/underreplication-format.js';
import { startZooKeeper, type ZooKeeperServer } from '../../harness/zookeeper.js';
import { startEtcd, type EtcdServer } from '../../harness/etcd.js';
import { EtcdStore } from '../../metadata/drivers/etcd/etcd-store.js';
import { eventually } from './eventually.js';

const bySize = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

async function rejectsWith(p: Promise<unknown>, code: ErrorCode): Promise<void> {
  await assert.rejects(p, (e) => isQuireError(e, code));
}

test('paths and text format are BookKeeper\'s', () => {
  assert.equal(markPath('/ledgers', 0x4afebeef0000feedn), `/ledgers/underreplication/ledgers/4afe/beef/0000/feed/urL${0x4afebeef0000feedn}`);
  assert.equal(markPath('/ledgers', 12n), '/ledgers/underreplication/ledgers/0000/0000/0000/000c/urL0000000012');
  assert.equal(lockPath('/ledgers', 12n), '/ledgers/underreplication/locks/urL0000000012');
  const bytes = encodeUnderreplicatedLedger({ replicas: ['10.0.0.5:3181', 'b2:3181'], ctime: 1700000000123 });
  assert.equal(bytes.toString(), 'replica: "10.0.0.5:3181"\nreplica: "b2:3181"\nctime: 1700000000123\n');
  assert.deepEqual(decodeUnderreplicatedLedger(Buffer.from('replica: "x:1"\n'), 't'), { replicas: ['x:1'] });
});

let zk: ZooKeeperServer | undefined;
let etcd: EtcdServer | undefined;
let dir = '';
const drivers = [
  {
    name: 'embedded',
    setup: async () => {
      dir = mkdtempSync(join(tmpdir(), 'quire-ur-'));
    },
    teardown: async () => rmSync(dir, { recursive: true, force: true }),
    open: (): Promise<MetadataStore> => EmbeddedStore.open(dir),
  },
  {
    name: 'zookeeper',
    setup: async () => {
      zk = await startZooKeeper();
    },
    teardown: async () => zk?.destroy(),
    open: (): Promise<MetadataStore> => ZooKeeperStore.connect(zk!.connectString, { sessionTimeoutMs: 4000 }),
  },
  {
    name: 'etcd',
    setup: async () => {
      etcd = await startEtcd();
    },
    teardown: async () => etcd?.destroy(),
    open: (): Promise<MetadataStore> => EtcdStore.connect([`http://${etcd!.endpoint}`], { sessionTimeoutMs: 4000 }),
  },
];

let rootCounter = 0;
for (const driver of drivers) {
  describe(`under-replication manager: ${driver.name}`, () => {
    const open: MetadataStore[] = [];
    const session = async (): Promise<MetadataStore> => {
      const s = await driver.open();
      open.push(s);
      return s;
    };
    const freshRoot = async (s: MetadataStore): Promise<string> => {
      const root = `/ur${++rootCounter}`;
      await s.create(root, Buffer.alloc(0), 'persistent');
      return root;
    };
    before(() => driver.setup());
    after(async () => {
      for (const s of open) await s.close();
      await driver.teardown();
    });

    test('mark, add replicas, list, lock, replicate; a re-mark while locked survives', async () => {
      const s = await session();
      const root = await freshRoot(s);
      const m = await UnderreplicationManager.open(s, root, 'worker-1');
      assert.equal((await s.get(`${root}/underreplication/LAYOUT`)).data.toString(), 'type: "BASIC"\nversion: 1\n');
      await m.markLedgerUnderreplicated(7n, ['b1:3181']);
      await m.markLedgerUnderreplicated(7n, ['b1:3181', 'b2:3181']);
      await m.markLedgerUnderreplicated(0x10000n, ['b3:3181']);
      const info = await m.getLedgerUnreplicationInfo(7n);
      assert.deepEqual(info?.replicas, ['b1:3181', 'b2:3181']);
      assert.ok(info!.ctime! > 0);
      const listed = [];
      for await (const u of m.listLedgersToRereplicate()) listed.push(u.ledgerId);
      assert.deepEqual(listed.sort(bySize), [7n, 0x10000n]);
      const only = [];
      for await (const u of m.listLedgersToRereplicate((r) => r.includes('b3:3181'))) only.push(u.ledgerId);
      assert.deepEqual(only, [0x10000n]);

      const a = await m.pollLedgerToRereplicate();
      const b = await m.pollLedgerToRereplicate();
      assert.deepEqual(([a, b] as bigint[]).sort(bySize), [7n, 0x10000n]);
      assert.equal(await m.pollLedgerToRereplicate(), undefined);
      assert.equal(await m.isLedgerBeingReplicated(7n), true);
      assert.equal(await m.getReplicationWorkerIdRereplicatingLedger(7n), 'worker-1');

      // Re-marked while locked: the version moved, markLedgerReplicated keeps the mark.
      await m.markLedgerUnderreplicated(7n, ['b9:3181']);
      await m.markLedgerReplicated(7n);
      assert.deepEqual((await m.getLedgerUnreplicationInfo(7n))?.replicas, ['b1:3181', 'b2:3181', 'b9:3181']);
      assert.equal(await m.isLedgerBeingReplicated(7n), false);
      // Unchanged: deleted, and the empty hex directories with it.
      await m.markLedgerReplicated(0x10000n);
      assert.equal(await m.getLedgerUnreplicationInfo(0x10000n), undefined);
      assert.equal(await s.exists(`${root}/underreplication/ledgers/0000/0000/0001`), undefined);
      assert.equal(await m.pollLedgerToRereplicate(), 7n);
      await m.markLedgerReplicated(7n);
      assert.deepEqual(await s.getChildren(`${root}/underreplication/ledgers`), []);
    });

    test('a lock belongs to its session: another worker cannot take it, and gets it when the session ends', async () => {
      const s1 = await session();
      const s2 = await session();
      const root = await freshRoot(s1);
      const m1 = await UnderreplicationManager.open(s1, root, 'w1');
      const m2 = await UnderreplicationManager.open(s2, root, 'w2');
      await m1.markLedgerUnderreplicated(42n, ['gone:3181']);
      assert.equal(await m1.pollLedgerToRereplicate(), 42n);
      assert.equal(await m2.pollLedgerToRereplicate(), undefined);
      await rejectsWith(m2.acquireUnderreplicatedLedger(42n), 'METADATA_EXISTS');
      await s1.close();
      await eventually('lock released with its session', async () => (await m2.isLedgerBeingReplicated(42n)) === false);
      assert.equal(await m2.pollLedgerToRereplicate(), 42n);
      assert.equal(await m2.getReplicationWorkerIdRereplicatingLedger(42n), 'w2');
      await m2.close();
      assert.equal(await m2.isLedgerBeingReplicated(42n), false);
      assert.ok(await m2.getLedgerUnreplicationInfo(42n), 'close releases locks, not marks');
    });

    test('enable / disable and lostBookieRecoveryDelay', async () => {
      const s = await session();
      const root = await freshRoot(s);
      const m = await UnderreplicationManager.open(s, root);
      assert.equal(await m.isLedgerReplicationEnabled(), true);
      let changes = 0;
      const w = m.watchReplicationEnabled(() => changes++);
      await w.ready;
      await m.disableLedgerReplication();
      assert.ok(await s.exists(`${root}/underreplication/disable`));
      await rejectsWith(m.disableLedgerReplication(), 'METADATA_EXISTS');
      assert.equal(await m.isLedgerReplicationEnabled(), false);
      await m.enableLedgerReplication();
      await rejectsWith(m.enableLedgerReplication(), 'METADATA_NOT_FOUND');
      await eventually('watch saw both changes', () => changes >= 2);
      w();

      await rejectsWith(m.getLostBookieRecoveryDelay(), 'METADATA_NOT_FOUND');
      assert.equal(await m.initializeLostBookieRecoveryDelay(30), true);
      assert.equal(await m.initializeLostBookieRecoveryDelay(5), false);
      assert.equal(await m.getLostBookieRecoveryDelay(), 30);
      await m.setLostBookieRecoveryDelay(0);
      assert.equal((await s.get(`${root}/underreplication/lostBookieRecoveryDelay`)).data.toString(), '0');
      assert.equal(await m.getLostBookieRecoveryDelay(), 0);
    });

    test('auditor election: lowest vote wins, the next one takes over when it goes', async () => {
      const s1 = await session();
      const s2 = await session();
      const root = await freshRoot(s1);
      const e1 = new AuditorElection(s1, root, 'bookie-1:3181');
      const e2 = new AuditorElection(s2, root, 'bookie-2:3181');
      await e1.becomeAuditor(() => undefined);
      assert.equal(await getCurrentAuditor(s2, root), 'bookie-1:3181');
      assert.equal((await s1.get(electionPath(root))).data.toString(), 'bookieId: "bookie-1:3181"\n');
      let second = false;
      const p2 = e2.becomeAuditor(() => undefined).then(() => {
        second = true;
      });
      await eventually('second vote cast', async () => (await s1.getChildren(electionPath(root))).length === 2);
      assert.equal(second, false);
      await s1.close(); // the auditor's session ends (its process died)
      await p2;
      assert.equal(await getCurrentAuditor(s2, root), 'bookie-2:3181');
      await e2.close();
      assert.equal(await getCurrentAuditor(s2, root), undefined);
    });
  });
}
