// ZooKeeper session handling against real servers: session expiry (a TCP proxy partitions the
// client from the server until the server expires the session), connection loss, and losing the
// leader of a 3-server ensemble.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ZooKeeperStore } from '../../metadata/drivers/zookeeper/zookeeper-store.js';
import { formatCluster } from '../../metadata/cluster-layout.js';
import { BookieRegistration, RegistrationClient } from '../../metadata/bookie-registration.js';
import { bookieServiceInfo } from '../../metadata/formats/bookie-service-info-format.js';
import { LedgerManager } from '../../metadata/ledger-manager.js';
import { buildLedgerMetadata, withChanges } from '../../metadata/ledger-metadata.js';
import type { SessionEvent } from '../../metadata/metadata-store.js';
import { startTcpProxy, startZooKeeper, startZooKeeperEnsemble, type ZooKeeperEnsemble, type ZooKeeperServer } from '../../harness/zookeeper.js';
import { eventually } from './eventually.js';

const md = buildLedgerMetadata({ ensembleSize: 1, writeQuorumSize: 1, segments: [{ firstEntryId: 0n, bookies: ['127.0.0.1:3181'] }], digestType: 'CRC32', password: Buffer.from('p') });

describe('ZooKeeper session expiry', () => {
  let zk: ZooKeeperServer;
  before(async () => {
    zk = await startZooKeeper({ tickTime: 500 });
  });
  after(() => zk.destroy());

  test('a new session re-creates the registration, re-arms watches and reports loss/return', async () => {
    const proxy = await startTcpProxy(zk.port);
    const store = await ZooKeeperStore.connect(proxy.connectString, { sessionTimeoutMs: 2000 });
    const observer = await ZooKeeperStore.connect(zk.connectString, { sessionTimeoutMs: 10_000 });
    try {
      const root = '/expiry/ledgers';
      await formatCluster(store, root);
      const sessions: SessionEvent[] = [];
      store.onSession((e) => sessions.push(e));
      const reg = new BookieRegistration(store, root, '127.0.0.1:3181', bookieServiceInfo('127.0.0.1', 3181));
      const registered: boolean[] = [];
      reg.onStateChange((s) => registered.push(s.registered));
      await reg.registerWritable();
      const watched: string[][] = [];
      await new RegistrationClient(store, root).watchWritableBookies((ids) => watched.push(ids)).ready;
      await eventually('initial list', () => watched.length > 0);

      const before = store.session!;
      await proxy.pause();
      // The bookie learns it lost its registration; the server expires the session and removes it.
      await eventually('registration lost', () => registered.at(-1) === false);
      const others = new RegistrationClient(observer, root);
      await eventually('server expired the session', async () => (await others.getWritableBookies()).length === 0);
      await proxy.resume();
      await eventually('expired then a new session', () => sessions.some((e) => e.state === 'expired') && sessions.some((e) => e.state === 'connected' && e.newSession));
      assert.notEqual(store.session!.id, before.id);
      // The bookie saw its registration go and come back.
      assert.deepEqual(registered, [true, false, true]);
      // The node exists again, owned by the new session, seen by others.
      const stat = await store.exists(`${root}/available/127.0.0.1:3181`);
      assert.equal(stat?.ownedByThisSession, true);
      assert.deepEqual(await new RegistrationClient(observer, root).getWritableBookies(), ['127.0.0.1:3181']);
      // Watches work on the new session: another bookie joining is noticed.
      const n = watched.length;
      await observer.create(`${root}/available/127.0.0.2:3181`, Buffer.alloc(0), 'ephemeral');
      await eventually('watch re-armed', () => watched.length > n && watched.at(-1)!.includes('127.0.0.2:3181'));
      // And plain operations keep working.
      const lm = new LedgerManager(store, root);
      const { ledgerId } = await lm.createLedger(md);
      assert.equal((await lm.readLedgerMetadata(ledgerId)).metadata.state, 'OPEN');
      reg.close();
    } finally {
      await store.close();
      await observer.close();
      await proxy.close();
    }
  });

  test('connection loss is observable and the same session resumes', async () => {
    const store = await ZooKeeperStore.connect(zk.connectString, { sessionTimeoutMs: 10_000 });
    try {
      const events: SessionEvent[] = [];
      store.onSession((e) => events.push(e));
      await zk.stop();
      await eventually('disconnected', () => events.some((e) => e.state === 'disconnected'));
      await zk.start();
      await eventually('reconnected', () => events.some((e) => e.state === 'connected'));
      assert.equal(events.find((e) => e.state === 'connected')!.newSession, false);
      assert.ok(await store.exists('/'));
    } finally {
      await store.close();
    }
  });
});

describe('ZooKeeper 3-server ensemble: leader killed', () => {
  let ensemble: ZooKeeperEnsemble;
  before(async () => {
    ensemble = await startZooKeeperEnsemble(3, { tickTime: 500 });
  });
  after(() => ensemble.destroy());

  test('bookie registration (ephemeral) and ledger metadata survive the loss of the leader', async () => {
    const store = await ZooKeeperStore.connect(ensemble.connectString, { sessionTimeoutMs: 10_000 });
    try {
      const root = '/ledgers';
      await formatCluster(store, root);
      const reg = new BookieRegistration(store, root, '127.0.0.1:3181', bookieServiceInfo('127.0.0.1', 3181));
      await reg.registerWritable();
      const lm = new LedgerManager(store, root);
      const { ledgerId } = await lm.createLedger(md);

      const leader = await ensemble.findLeader();
      await ensemble.kill(leader);
      const newLeader = await ensemble.findLeader();
      assert.notEqual(newLeader, leader);

      // Our session lives on: the same store keeps working and still owns its registration.
      await lm.updateLedgerMetadata(ledgerId, (m) => withChanges(m, { state: 'CLOSED', lastEntryId: 3n, length: 40n }));
      assert.equal((await store.exists(`${root}/available/127.0.0.1:3181`))?.ownedByThisSession, true);
      // A fresh client on the surviving servers sees both.
      const survivors = ensemble.members.filter((m) => m.running).map((m) => `127.0.0.1:${m.clientPort}`).join(',');
      const other = await ZooKeeperStore.connect(survivors, { sessionTimeoutMs: 10_000 });
      try {
        assert.deepEqual(await new RegistrationClient(other, root).getWritableBookies(), ['127.0.0.1:3181']);
        const read = await new LedgerManager(other, root).readLedgerMetadata(ledgerId);
        assert.equal(read.metadata.state, 'CLOSED');
        assert.equal(read.metadata.lastEntryId, 3n);
      } finally {
        await other.close();
      }
      reg.close();
    } finally {
      await store.close();
    }
  });
});
