// One suite, run against every driver: the embedded store, a real ZooKeeper 3.9 server and a real
// etcd 3.4 server.
// Every test works under its own root so the tests share one server / directory.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isQuireError, type ErrorCode } from '../../common/errors.js';
import { EmbeddedStore } from '../../metadata/drivers/embedded/embedded-store.js';
import { ZooKeeperStore } from '../../metadata/drivers/zookeeper/zookeeper-store.js';
import { EtcdStore } from '../../metadata/drivers/etcd/etcd-store.js';
import { ANY_VERSION, type MetadataStore, type WatchEvent } from '../../metadata/metadata-store.js';
import { DEFAULT_LAYOUT_TEXT, checkClusterLayout, formatCluster } from '../../metadata/cluster-layout.js';
import { LedgerManager } from '../../metadata/ledger-manager.js';
import { buildLedgerMetadata, withChanges } from '../../metadata/ledger-metadata.js';
import { encodeLedgerMetadata } from '../../metadata/formats/ledger-metadata-format.js';
import { BookieRegistration, RegistrationClient } from '../../metadata/bookie-registration.js';
import { bookieServiceInfo } from '../../metadata/formats/bookie-service-info-format.js';
import { checkAndWriteCookies, makeCookie, readCookie, writeCookie } from '../../metadata/cookie.js';
import { createWithParents } from '../../metadata/store-helpers.js';
import { startZooKeeper, type ZooKeeperServer } from '../../harness/zookeeper.js';
import { startEtcd, type EtcdServer } from '../../harness/etcd.js';
import { eventually } from './eventually.js';

async function rejectsWith(p: Promise<unknown>, code: ErrorCode, re?: RegExp): Promise<void> {
  await assert.rejects(p, (e) => {
    assert.ok(isQuireError(e, code), `expected ${code}, got ${String(e)}`);
    if (re) assert.match(e.message, re);
    return true;
  });
}

function events(): { list: WatchEvent[]; listener: (e: WatchEvent) => void } {
  const list: WatchEvent[] = [];
  return { list, listener: (e) => list.push(e) };
}

const md = (bookies = ['b1:3181', 'b2:3181', 'b3:3181']) =>
  buildLedgerMetadata({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, segments: [{ firstEntryId: 0n, bookies }], digestType: 'CRC32C', password: Buffer.from('pwd'), customMetadata: { app: 'test' } });

interface Driver {
  name: string;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  open(): Promise<MetadataStore>;
}

let zk: ZooKeeperServer | undefined;
let etcd: EtcdServer | undefined;
let dir = '';
const drivers: Driver[] = [
  {
    name: 'embedded',
    setup: async () => {
      dir = mkdtempSync(join(tmpdir(), 'quire-md-conf-'));
    },
    teardown: async () => rmSync(dir, { recursive: true, force: true }),
    open: () => EmbeddedStore.open(dir),
  },
  {
    name: 'zookeeper',
    setup: async () => {
      zk = await startZooKeeper();
    },
    teardown: async () => zk?.destroy(),
    open: () => ZooKeeperStore.connect(zk!.connectString, { sessionTimeoutMs: 4000 }),
  },
  {
    name: 'etcd',
    setup: async () => {
      etcd = await startEtcd();
    },
    teardown: async () => etcd?.destroy(),
    open: () => EtcdStore.connect([`http://${etcd!.endpoint}`], { sessionTimeoutMs: 4000 }),
  },
];

let rootCounter = 0;
for (const driver of drivers) {
  describe(`metadata store conformance: ${driver.name}`, () => {
    const open: MetadataStore[] = [];
    const session = async (): Promise<MetadataStore> => {
      const s = await driver.open();
      open.push(s);
      return s;
    };
    const freshRoot = async (s: MetadataStore): Promise<string> => {
      const root = `/t${++rootCounter}`;
      await s.create(root, Buffer.alloc(0), 'persistent');
      return root;
    };
    before(() => driver.setup());
    after(async () => {
      for (const s of open) await s.close();
      await driver.teardown();
    });

    test('versioned create / get / set / delete and their errors', async () => {
      const s = await session();
      const r = await freshRoot(s);
      assert.equal(await s.create(`${r}/a`, Buffer.from('one'), 'persistent'), `${r}/a`);
      await rejectsWith(s.create(`${r}/a`, Buffer.alloc(0), 'persistent'), 'METADATA_EXISTS');
      await rejectsWith(s.create(`${r}/missing/child`, Buffer.alloc(0), 'persistent'), 'METADATA_NOT_FOUND');
      const got = await s.get(`${r}/a`);
      assert.equal(got.data.toString(), 'one');
      assert.equal(got.stat.version, 0);
      assert.equal(got.stat.ephemeral, false);
      assert.ok(got.stat.ctime > 0);
      const st = await s.set(`${r}/a`, Buffer.from('two'), 0);
      assert.equal(st.version, 1);
      await rejectsWith(s.set(`${r}/a`, Buffer.from('stale'), 0), 'METADATA_VERSION_CONFLICT');
      assert.equal((await s.get(`${r}/a`)).data.toString(), 'two');
      assert.equal((await s.set(`${r}/a`, Buffer.from('three'), ANY_VERSION)).version, 2);
      await rejectsWith(s.delete(`${r}/a`, 1), 'METADATA_VERSION_CONFLICT');
      await rejectsWith(s.delete(r, ANY_VERSION), 'INVALID_ARGUMENT');
      await s.delete(`${r}/a`, 2);
      assert.equal(await s.exists(`${r}/a`), undefined);
      await rejectsWith(s.get(`${r}/a`), 'METADATA_NOT_FOUND');
      await rejectsWith(s.set(`${r}/a`, Buffer.alloc(0), ANY_VERSION), 'METADATA_NOT_FOUND');
      await rejectsWith(s.delete(`${r}/a`, ANY_VERSION), 'METADATA_NOT_FOUND');
      await rejectsWith(s.getChildren(`${r}/a`), 'METADATA_NOT_FOUND');
      assert.throws(() => s.watchData('relative', () => undefined), (e) => isQuireError(e, 'INVALID_ARGUMENT'));
      const empty = await s.create(`${r}/empty`, Buffer.alloc(0), 'persistent');
      assert.equal((await s.get(empty)).data.length, 0);
    });

    test('sequential nodes count per parent, 10-digit suffix, never reused', async () => {
      const s = await session();
      const r = await freshRoot(s);
      const a = await s.create(`${r}/ID-`, Buffer.alloc(0), 'persistent-sequential');
      const b = await s.create(`${r}/ID-`, Buffer.alloc(0), 'ephemeral-sequential');
      assert.equal(a, `${r}/ID-0000000000`);
      assert.equal(b, `${r}/ID-0000000001`);
      await s.delete(b, ANY_VERSION);
      await s.create(`${r}/other`, Buffer.alloc(0), 'persistent');
      assert.equal(await s.create(`${r}/ID-`, Buffer.alloc(0), 'persistent-sequential'), `${r}/ID-0000000003`);
      assert.deepEqual((await s.getChildren(r)).sort(), ['ID-0000000000', 'ID-0000000003', 'other']);
    });

    test('concurrent sequential creates from two sessions get distinct names', async () => {
      const s1 = await session();
      const s2 = await session();
      const r = await freshRoot(s1);
      const made = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? s1 : s2).create(`${r}/ID-`, Buffer.alloc(0), 'persistent-sequential')));
      assert.equal(new Set(made).size, 40);
      assert.deepEqual([...made].sort(), Array.from({ length: 40 }, (_, i) => `${r}/ID-${String(i).padStart(10, '0')}`));
    });

    test('ephemeral nodes belong to their session and vanish when it closes', async () => {
      const s1 = await session();
      const s2 = await session();
      const r = await freshRoot(s1);
      await s1.create(`${r}/e`, Buffer.from('x'), 'ephemeral');
      const seen = await s2.get(`${r}/e`);
      assert.equal(seen.stat.ephemeral, true);
      assert.equal(seen.stat.ownedByThisSession, false);
      assert.equal((await s1.exists(`${r}/e`))?.ownedByThisSession, true);
      await rejectsWith(s1.create(`${r}/e/child`, Buffer.alloc(0), 'persistent'), 'INVALID_ARGUMENT');
      const ev = events();
      await s2.watchChildren(r, ev.listener).ready;
      await s1.close();
      await eventually('ephemeral gone', async () => (await s2.exists(`${r}/e`)) === undefined);
      await eventually('children event', () => ev.list.length > 0);
      await rejectsWith(s1.get(`${r}/e`), 'SHUTTING_DOWN');
    });

    test('data watches: created, changed (repeatedly), deleted', async () => {
      const s = await session();
      const other = await session();
      const r = await freshRoot(s);
      const ev = events();
      await s.watchData(`${r}/w`, ev.listener).ready;
      await other.create(`${r}/w`, Buffer.from('0'), 'persistent');
      await eventually('created', () => ev.list.some((e) => e.type === 'created'));
      await other.set(`${r}/w`, Buffer.from('1'), ANY_VERSION);
      await eventually('changed once', () => ev.list.filter((e) => e.type === 'changed').length >= 1);
      await other.set(`${r}/w`, Buffer.from('2'), ANY_VERSION);
      await eventually('changed twice', async () => ev.list.filter((e) => e.type === 'changed').length >= 2 || (ev.list.length >= 2 && (await s.get(`${r}/w`)).data.toString() === '2' && ev.list.at(-1)!.type === 'changed'));
      await other.delete(`${r}/w`, ANY_VERSION);
      await eventually('deleted', () => ev.list.some((e) => e.type === 'deleted'));
      assert.ok(ev.list.every((e) => e.path === `${r}/w`));
    });

    test('children watches fire on create and delete; unsubscribe stops them', async () => {
      const s = await session();
      const r = await freshRoot(s);
      const ev = events();
      const stop = s.watchChildren(r, ev.listener);
      await stop.ready;
      await s.create(`${r}/c1`, Buffer.alloc(0), 'persistent');
      await eventually('child created', () => ev.list.some((e) => e.type === 'children'));
      const n = ev.list.length;
      await s.delete(`${r}/c1`, ANY_VERSION);
      await eventually('child deleted', () => ev.list.length > n);
      stop();
      const after = ev.list.length;
      await s.create(`${r}/c2`, Buffer.alloc(0), 'persistent');
      // A second subscription proves the event was delivered; the stopped one must not see it.
      const ev2 = events();
      await s.watchChildren(r, ev2.listener).ready;
      await s.create(`${r}/c3`, Buffer.alloc(0), 'persistent');
      await eventually('second subscription', () => ev2.list.length > 0);
      assert.equal(ev.list.length, after);
    });

    test('cluster format: exact nodes and LAYOUT text; second format is a no-op', async () => {
      const s = await session();
      const base = await freshRoot(s);
      const root = `${base}/ledgers`;
      const res = await formatCluster(s, root);
      assert.equal(res.formatted, true);
      assert.match(res.instanceId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.deepEqual((await s.getChildren(root)).sort(), ['INSTANCEID', 'LAYOUT', 'available']);
      assert.deepEqual(await s.getChildren(`${root}/available`), ['readonly']);
      assert.equal((await s.get(`${root}/LAYOUT`)).data.toString(), DEFAULT_LAYOUT_TEXT);
      assert.equal(DEFAULT_LAYOUT_TEXT, '2\norg.apache.bookkeeper.meta.HierarchicalLedgerManagerFactory:1');
      assert.equal((await s.get(`${root}/INSTANCEID`)).data.toString(), res.instanceId);
      assert.equal((await formatCluster(s, root)).formatted, false);
      await checkClusterLayout(s, root);
      const forced = await formatCluster(s, root, { force: true });
      assert.notEqual(forced.instanceId, res.instanceId);
    });

    test('ledger manager: ids 0,1,2..., read/CAS update/delete/list, format version kept', async () => {
      const s = await session();
      const root = `${await freshRoot(s)}/ledgers`;
      await formatCluster(s, root);
      const lm = new LedgerManager(s, root);
      const a = await lm.createLedger(md());
      const b = await lm.createLedger(md());
      assert.deepEqual([a.ledgerId, b.ledgerId], [0n, 1n]);
      assert.ok(await s.exists(`${root}/00/0000/L0001`));
      assert.deepEqual(await s.getChildren(`${root}/idgen`), []);
      const read = await lm.readLedgerMetadata(1n);
      assert.deepEqual(read.metadata, md());
      assert.equal(read.version, 0);
      // Concurrent read-modify-CAS loops: both changes land.
      await Promise.all([
        lm.updateLedgerMetadata(1n, (m) => withChanges(m, { customMetadata: new Map([...m.customMetadata, ['x', Buffer.from('1')]]) })),
        lm.updateLedgerMetadata(1n, (m) => withChanges(m, { customMetadata: new Map([...m.customMetadata, ['y', Buffer.from('2')]]) })),
      ]);
      const after = await lm.readLedgerMetadata(1n);
      assert.deepEqual([...after.metadata.customMetadata.keys()].sort(), ['app', 'x', 'y']);
      assert.equal(after.version, 2);
      await rejectsWith(lm.writeLedgerMetadata(1n, md(), 0), 'METADATA_VERSION_CONFLICT');
      await rejectsWith(lm.createLedgerMetadata(1n, md()), 'LEDGER_EXISTS');
      // A v2 ledger stays v2 when updated.
      await lm.createLedgerMetadata(12345n, withChanges(md(), { formatVersion: 2 }));
      const closed = await lm.updateLedgerMetadata(12345n, (m) => withChanges(m, { formatVersion: 3, state: 'CLOSED', lastEntryId: 9n, length: 99n }));
      assert.equal(closed.metadata.formatVersion, 2);
      assert.match((await s.get(`${root}/00/0001/L2345`)).data.toString(), /^BookieMetadataFormatVersion\t2\n/);
      assert.equal((await lm.readLedgerMetadata(12345n)).metadata.state, 'CLOSED');
      assert.deepEqual(await lm.listLedgers(), [0n, 1n, 12345n]);
      await rejectsWith(lm.removeLedgerMetadata(0n, 5), 'METADATA_VERSION_CONFLICT');
      await lm.removeLedgerMetadata(0n, 0);
      await rejectsWith(lm.readLedgerMetadata(0n), 'NO_SUCH_LEDGER');
      assert.deepEqual(await lm.listLedgers(), [1n, 12345n]);
    });

    test('long ledger ids once idgen-long exists; long paths listed', async () => {
      const s = await session();
      const root = `${await freshRoot(s)}/ledgers`;
      await formatCluster(s, root);
      const lm = new LedgerManager(s, root);
      await lm.createLedger(md());
      await s.create(`${root}/idgen-long`, Buffer.alloc(0), 'persistent');
      const { ledgerId } = await lm.createLedger(md());
      assert.equal(ledgerId, 1n << 32n);
      assert.ok(await s.exists(`${root}/000/0000/0042/9496/L7296`));
      assert.equal((await lm.createLedger(md())).ledgerId, (1n << 32n) | 1n);
      assert.deepEqual(await lm.listLedgers(), [0n, 1n << 32n, (1n << 32n) | 1n]);
    });

    test('unparseable ledger metadata: METADATA_CORRUPT naming the path, never overwritten', async () => {
      const s = await session();
      const root = `${await freshRoot(s)}/ledgers`;
      await formatCluster(s, root);
      const lm = new LedgerManager(s, root);
      const path = `${root}/00/0000/L0007`;
      await createWithParents(s, path, Buffer.from('BookieMetadataFormatVersion\t7\nwhat'), 'persistent');
      await rejectsWith(lm.readLedgerMetadata(7n), 'METADATA_CORRUPT', new RegExp(`${path}.*version 7`));
      await rejectsWith(lm.updateLedgerMetadata(7n, (m) => m), 'METADATA_CORRUPT');
      assert.equal((await s.get(path)).data.toString(), 'BookieMetadataFormatVersion\t7\nwhat');
      assert.equal((await s.get(path)).stat.version, 0);
      // A listed corrupt ledger is still listed (GC must not think it is gone).
      assert.deepEqual(await lm.listLedgers(), [7n]);
      // Valid bytes of another version read fine.
      await createWithParents(s, `${root}/00/0000/L0008`, encodeLedgerMetadata(withChanges(md(), { formatVersion: 1, digestType: undefined, password: undefined })), 'persistent');
      assert.equal((await lm.readLedgerMetadata(8n)).metadata.formatVersion, 1);
    });

    test('ledger metadata watch sees updates and deletion', async () => {
      const s = await session();
      const root = `${await freshRoot(s)}/ledgers`;
      await formatCluster(s, root);
      const lm = new LedgerManager(s, root);
      const { ledgerId } = await lm.createLedger(md());
      const seen: (string | undefined)[] = [];
      await lm.watchLedgerMetadata(ledgerId, (_id, v) => seen.push(v?.metadata.state)).ready;
      await lm.updateLedgerMetadata(ledgerId, (m) => withChanges(m, { state: 'IN_RECOVERY' }));
      await eventually('recovery seen', () => seen.includes('IN_RECOVERY'));
      await lm.removeLedgerMetadata(ledgerId, ANY_VERSION);
      await eventually('deletion seen', () => seen.includes(undefined));
    });

    test('bookie registration: writable, read-only, resolve, gone with the session', async () => {
      const bookieSession = await session();
      const client = await session();
      const root = `${await freshRoot(client)}/ledgers`;
      await formatCluster(client, root);
      const rc = new RegistrationClient(client, root);
      const lists: string[][] = [];
      await rc.watchWritableBookies((ids) => lists.push(ids)).ready;
      const reg = new BookieRegistration(bookieSession, root, '127.0.0.1:3181', bookieServiceInfo('127.0.0.1', 3181));
      const states: boolean[] = [];
      reg.onStateChange((st) => states.push(st.registered));
      await reg.registerWritable();
      assert.deepEqual(await rc.getWritableBookies(), ['127.0.0.1:3181']);
      assert.deepEqual(await rc.resolve('127.0.0.1:3181'), { host: '127.0.0.1', port: 3181 });
      assert.equal((await client.get(`${root}/available/127.0.0.1:3181`)).stat.ephemeral, true);
      await eventually('writable list watched', () => lists.some((l) => l.includes('127.0.0.1:3181')));
      await reg.registerReadOnly();
      assert.deepEqual(await rc.getWritableBookies(), []);
      assert.deepEqual(await rc.getReadOnlyBookies(), ['127.0.0.1:3181']);
      assert.deepEqual(await rc.resolve('127.0.0.1:3181'), { host: '127.0.0.1', port: 3181 });
      await reg.registerWritable();
      assert.deepEqual(await rc.getReadOnlyBookies(), []);
      // Legacy (empty) registration data resolves from the id.
      await client.create(`${root}/available/10.0.0.9:4000`, Buffer.alloc(0), 'ephemeral');
      assert.deepEqual(await rc.resolve('10.0.0.9:4000'), { host: '10.0.0.9', port: 4000 });
      assert.throws(() => new BookieRegistration(bookieSession, root, 'readonly', bookieServiceInfo('h', 1)), /invalid bookie id/);
      await bookieSession.close();
      await eventually('registration gone', async () => (await rc.getWritableBookies()).length === 1);
      assert.deepEqual(states.slice(0, 1), [true]);
      assert.equal(states.at(-1), false);
    });

    test('cookies: create, CAS, verify names each difference', async () => {
      const s = await session();
      const root = `${await freshRoot(s)}/ledgers`;
      const { instanceId } = await formatCluster(s, root);
      const dirs = [mkdtempSync(join(tmpdir(), 'quire-cookie-j-')), mkdtempSync(join(tmpdir(), 'quire-cookie-l-'))];
      try {
        const mine = makeCookie('127.0.0.1:3181', { journalDirs: [dirs[0]!], ledgerDirs: [dirs[1]!] }, instanceId);
        assert.deepEqual(await checkAndWriteCookies(s, root, mine, dirs), { created: true });
        assert.deepEqual(await checkAndWriteCookies(s, root, mine, dirs), { created: false });
        const stored = await readCookie(s, root, '127.0.0.1:3181');
        assert.deepEqual(stored?.cookie, mine);
        await rejectsWith(writeCookie(s, root, mine, stored!.version + 1), 'METADATA_VERSION_CONFLICT');
        const moved = makeCookie('127.0.0.1:3181', { journalDirs: [dirs[0]!], ledgerDirs: ['/elsewhere'] }, instanceId);
        await rejectsWith(checkAndWriteCookies(s, root, moved, dirs), 'COOKIE_MISMATCH', /ledgerDirs: expected \["\/elsewhere"\], found \[".*quire-cookie-l-/);
        const otherCluster = makeCookie('127.0.0.1:3181', { journalDirs: [dirs[0]!], ledgerDirs: [dirs[1]!] }, 'another-instance');
        await rejectsWith(checkAndWriteCookies(s, root, otherCluster, dirs), 'COOKIE_MISMATCH', /instanceId: expected "another-instance", found "/);
        const fresh = mkdtempSync(join(tmpdir(), 'quire-cookie-new-'));
        dirs.push(fresh);
        await rejectsWith(checkAndWriteCookies(s, root, mine, dirs), 'COOKIE_MISMATCH', /without a cookie/);
      } finally {
        for (const d of dirs) rmSync(d, { recursive: true, force: true });
      }
    });
  });
}
