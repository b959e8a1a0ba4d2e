// etcd lease handling against a real etcd server: a revoked lease and an etcd that is gone for
// longer than the TTL are session expiry (registration lost, re-created under a new lease, watches
// still working); an etcd restart within the TTL is a connection loss the same session survives;
// a gateway's ledger ownership is a leased key that goes with its owner's lease.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Etcd3 } from 'etcd3';
import { EtcdStore } from '../../metadata/drivers/etcd/etcd-store.js';
import { Ownership } from '../../gateway/ownership.js';
import { formatCluster } from '../../metadata/cluster-layout.js';
import { BookieRegistration, RegistrationClient } from '../../metadata/bookie-registration.js';
import { bookieServiceInfo } from '../../metadata/formats/bookie-service-info-format.js';
import { LedgerManager } from '../../metadata/ledger-manager.js';
import { buildLedgerMetadata } from '../../metadata/ledger-metadata.js';
import type { SessionEvent } from '../../metadata/metadata-store.js';
import { startEtcd, type EtcdServer } from '../../harness/etcd.js';
import { eventually } from './eventually.js';

const md = buildLedgerMetadata({ ensembleSize: 1, writeQuorumSize: 1, segments: [{ firstEntryId: 0n, bookies: ['127.0.0.1:3181'] }], digestType: 'CRC32', password: Buffer.from('p') });

describe('etcd sessions are leases', () => {
  let etcd: EtcdServer;
  let endpoints: string[];
  before(async () => {
    etcd = await startEtcd();
    endpoints = [`http://${etcd.endpoint}`];
  });
  after(() => etcd.destroy());

  /** A bookie registered on `store` under `root`, with the session events and registration states it saw. */
  async function registeredBookie(store: EtcdStore, root: string) {
    await formatCluster(store, root);
    const sessions: SessionEvent[] = [];
    store.onSession((e) => sessions.push(e));
    const reg = new BookieRegistration(store, root, '127.0.0.1:3181', bookieServiceInfo('127.0.0.1', 3181));
    const registered: boolean[] = [];
    reg.onStateChange((s) => registered.push(s.registered));
    await reg.registerWritable();
    const watched: string[][] = [];
    await new RegistrationClient(store, root).watchWritableBookies((ids) => watched.push(ids)).ready;
    return { sessions, reg, registered, watched };
  }

  /** After a new session: the node is ours again, seen by others, watches and plain operations work. */
  async function checkRecovered(store: EtcdStore, observer: EtcdStore, root: string, watched: string[][], newBookie: string): Promise<void> {
    const stat = await store.exists(`${root}/available/127.0.0.1:3181`);
    assert.equal(stat?.ownedByThisSession, true);
    assert.deepEqual(await new RegistrationClient(observer, root).getWritableBookies(), ['127.0.0.1:3181']);
    const n = watched.length;
    await observer.create(`${root}/available/${newBookie}`, Buffer.alloc(0), 'ephemeral');
    await eventually('watch still working', () => watched.length > n && watched.at(-1)!.includes(newBookie));
    const lm = new LedgerManager(store, root);
    const { ledgerId } = await lm.createLedger(md);
    assert.equal((await lm.readLedgerMetadata(ledgerId)).metadata.state, 'OPEN');
  }

  test('a revoked lease is session expiry: registration lost, re-created under a new lease', async () => {
    const store = await EtcdStore.connect(endpoints, { sessionTimeoutMs: 3000 });
    const observer = await EtcdStore.connect(endpoints);
    const admin = new Etcd3({ hosts: endpoints });
    try {
      const root = '/revoked/ledgers';
      const { sessions, reg, registered, watched } = await registeredBookie(store, root);
      await eventually('initial list', () => watched.length > 0);
      const before = store.session!.leaseId;
      // What an operator (or etcd itself, on expiry) does: the lease and its keys are gone.
      await admin.leaseClient.leaseRevoke({ ID: before });
      await eventually('expired then a new session', () => sessions.some((e) => e.state === 'expired') && sessions.some((e) => e.state === 'connected' && e.newSession));
      assert.notEqual(store.session!.leaseId, before);
      await eventually('registration back', () => registered.length >= 3);
      assert.deepEqual(registered, [true, false, true]);
      await checkRecovered(store, observer, root, watched, '127.0.0.2:3181');
      reg.close();
    } finally {
      admin.close();
      await store.close();
      await observer.close();
    }
  });

  test('etcd gone for longer than the TTL: expiry, and the old lease does not outlive the restart', async () => {
    const store = await EtcdStore.connect(endpoints, { sessionTimeoutMs: 2000, opTimeoutMs: 60_000 });
    try {
      const root = '/killed/ledgers';
      const { sessions, reg, registered, watched } = await registeredBookie(store, root);
      const before = store.session!.leaseId;
      await etcd.kill();
      await eventually('disconnected', () => sessions.some((e) => e.state === 'disconnected'));
      await eventually('expired', () => sessions.some((e) => e.state === 'expired'));
      await eventually('registration lost', () => registered.at(-1) === false);
      // etcd keeps leases across a restart (renewed for a full TTL): the driver revokes the old one.
      await etcd.start();
      await eventually('a new session', () => sessions.some((e) => e.state === 'connected' && e.newSession));
      assert.notEqual(store.session!.leaseId, before);
      await eventually('registration back', () => registered.at(-1) === true);
      const observer = await EtcdStore.connect(endpoints);
      const admin = new Etcd3({ hosts: endpoints });
      try {
        const kv = await observer.get(`${root}/available/127.0.0.1:3181`);
        assert.equal(kv.stat.ephemeral, true);
        assert.equal((await admin.leaseClient.leaseTimeToLive({ ID: before })).TTL, '-1', 'old lease revoked');
        await checkRecovered(store, observer, root, watched, '127.0.0.3:3181');
      } finally {
        admin.close();
        await observer.close();
      }
      reg.close();
    } finally {
      await store.close();
    }
  });

  test('gateway ledger ownership is a leased key: seen by others, gone with the owner’s lease', async () => {
    const a = await EtcdStore.connect(endpoints, { sessionTimeoutMs: 2000 });
    const b = await EtcdStore.connect(endpoints);
    try {
      const root = '/owned/ledgers';
      await formatCluster(b, root);
      const ownerA = new Ownership(a, root, () => ({ gatewayId: 'gw-a', url: 'http://127.0.0.1:1' }));
      const ownerB = new Ownership(b, root, () => ({ gatewayId: 'gw-b', url: 'http://127.0.0.1:2' }));
      await ownerA.claim(42n);
      assert.deepEqual({ ...(await ownerB.owner(42n)), sinceMs: 0 }, { gatewayId: 'gw-a', url: 'http://127.0.0.1:1', sinceMs: 0, mine: false });
      assert.equal((await ownerA.owner(42n))?.mine, true);
      await assert.rejects(ownerB.claim(42n), /exists/);
      // A lost lease: like every ephemeral node of the store, the record comes back under the new lease.
      const lease = a.session!.leaseId;
      const sessions: SessionEvent[] = [];
      a.onSession((e) => sessions.push(e));
      const admin = new Etcd3({ hosts: endpoints });
      try {
        await admin.leaseClient.leaseRevoke({ ID: lease });
      } finally {
        admin.close();
      }
      await eventually('new session', () => sessions.some((e) => e.state === 'connected' && e.newSession));
      assert.equal((await ownerA.owner(42n))?.mine, true);
      assert.equal((await ownerB.owner(42n))?.gatewayId, 'gw-a');
      // A clean stop revokes the lease: the record goes at once and another instance can claim.
      await a.close();
      assert.equal(await ownerB.owner(42n), undefined);
      await ownerB.claim(42n);
      assert.equal((await ownerB.owner(42n))?.mine, true);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('an etcd restart within the TTL is a connection loss the same session survives', async () => {
    const store = await EtcdStore.connect(endpoints, { sessionTimeoutMs: 15_000 });
    try {
      const root = '/restarted/ledgers';
      const { sessions, registered } = await registeredBookie(store, root);
      const before = store.session!.leaseId;
      await etcd.stop();
      await eventually('disconnected', () => sessions.some((e) => e.state === 'disconnected'));
      await etcd.start();
      await eventually('connected again', () => sessions.at(-1)?.state === 'connected');
      assert.ok(sessions.every((e) => e.state !== 'expired' && !e.newSession), JSON.stringify(sessions));
      assert.equal(store.session!.leaseId, before);
      assert.equal((await store.exists(`${root}/available/127.0.0.1:3181`))?.ownedByThisSession, true);
      // Paused while disconnected (writes that need the registration wait), back without re-creation.
      await eventually('registration usable again', () => registered.at(-1) === true);
      assert.deepEqual(registered, [true, false, true]);
    } finally {
      await store.close();
    }
  });
});
