// zkEnableSecurity against a real ZooKeeper: nodes the store creates get CREATOR_ALL_ACL for its
// digest identity; a session without that identity is refused (NOAUTH); one with it is not;
// ephemerals re-created after session expiry are protected too; security without credentials
// does not start.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBookKeeperClient } from '../../clients/quorum/index.js';
import { isQuireError } from '../../common/errors.js';
import { ZooKeeper, ZOK, ZOO_PERM_ALL, type ZkClient } from '../../metadata/drivers/zookeeper/zookeeper-client.js';
import { DigestCredentials, readDigestCredentials, zooKeeperSecurityOptions } from '../../metadata/drivers/zookeeper/zookeeper-digest.js';
import { ZooKeeperStore } from '../../metadata/drivers/zookeeper/zookeeper-store.js';
import { ledgerPath } from '../../metadata/ledger-paths.js';
import { openMetadataService } from '../../metadata/metadata-service.js';
import type { SessionEvent } from '../../metadata/metadata-store.js';
import { startBookieProcess } from '../../harness/bookie-process.js';
import { startGatewayProcess, stopChild } from '../../harness/gateway-process.js';
import { startTcpProxy, startZooKeeper, type ZooKeeperServer } from '../../harness/zookeeper.js';
import { eventually } from './eventually.js';

const ZNOAUTH = ZooKeeper.constants.ZNOAUTH!;
const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs the CLI without blocking this process's event loop: the ZooKeeper sessions this test holds
 * are served by it, and would expire while a spawnSync waited.
 */
async function quire(args: string[], env: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, QUIRE_LOG_LEVEL: 'info', ...env }, timeout: 60_000 });
    return { status: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { status: typeof x.code === 'number' ? x.code : -1, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
  }
}

/** A bare C-client session (no Quire code on top), optionally authenticated. */
async function rawSession(connect: string, auth?: string): Promise<ZkClient> {
  const zk = new ZooKeeper({ connect, timeout: 10_000, debug_level: 1, host_order_deterministic: false });
  await new Promise<void>((resolve) => {
    zk.on('connect', () => resolve());
    zk.init({});
  });
  if (auth !== undefined) {
    const rc = await new Promise<number>((resolve) => zk.add_auth('digest', auth, (r) => resolve(r)));
    assert.equal(rc, ZOK);
  }
  return zk;
}
const rawGet = (zk: ZkClient, path: string) => new Promise<number>((resolve) => zk.a_get(path, false, (rc) => resolve(rc)));
const rawSet = (zk: ZkClient, path: string, data: Buffer) => new Promise<number>((resolve) => zk.a_set(path, data, -1, (rc) => resolve(rc)));
const rawChildren = (zk: ZkClient, path: string) => new Promise<number>((resolve) => zk.a_get_children(path, false, (rc) => resolve(rc)));
const rawCreate = (zk: ZkClient, path: string) => new Promise<number>((resolve) => zk.a_create(path, Buffer.alloc(0), 0, (rc) => resolve(rc)));

describe('ZooKeeper zkEnableSecurity (digest identity, CREATOR_ALL_ACL)', () => {
  let zk: ZooKeeperServer;
  let dir: string;
  let credsFile: string;
  const creds = new DigestCredentials('quire', 's3cret-pw');
  before(async () => {
    zk = await startZooKeeper({ tickTime: 500 });
    dir = mkdtempSync(join(tmpdir(), 'quire-zk-acl-'));
    credsFile = join(dir, 'zk-credentials');
    writeFileSync(credsFile, 'quire:s3cret-pw\n', { mode: 0o600 });
  });
  after(async () => {
    await zk.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the credentials file gives the digest identity; the password never shows in logs or JSON', () => {
    const c = readDigestCredentials(credsFile);
    assert.equal(c.user, 'quire');
    assert.equal(c.id(), creds.id());
    // ZooKeeper's DigestAuthenticationProvider: user:base64(sha1("user:password")).
    assert.match(c.id(), /^quire:[A-Za-z0-9+/]{27}=$/);
    assert.doesNotMatch(JSON.stringify({ c }), /s3cret/);
    assert.doesNotMatch(String(c), /s3cret/);
    writeFileSync(join(dir, 'bad'), 'no-colon\n');
    assert.throws(() => readDigestCredentials(join(dir, 'bad')), (e) => isQuireError(e, 'CONFIG_INVALID') && !/no-colon/.test(e.message));
  });

  test('a node created through the store is CREATOR_ALL for the digest identity; others get NOAUTH', async () => {
    const store = await ZooKeeperStore.connect(zk.connectString, { enableSecurity: true, digestCredentials: creds });
    const anonymous = await rawSession(zk.connectString);
    const same = await rawSession(zk.connectString, 'quire:s3cret-pw');
    const other = await rawSession(zk.connectString, 'mallory:guess');
    const plainStore = await ZooKeeperStore.connect(zk.connectString);
    try {
      await store.create('/secure', Buffer.from('root'), 'persistent');
      await store.create('/secure/node', Buffer.from('v1'), 'persistent');
      const seq = await store.create('/secure/seq-', Buffer.from('s'), 'persistent-sequential');
      for (const path of ['/secure', '/secure/node', seq]) {
        assert.deepEqual(await store.getAcl(path), [{ perms: ZOO_PERM_ALL, scheme: 'digest', id: creds.id() }], path);
      }
      // Without the identity: no read, no write, no listing, no child.
      for (const zkc of [anonymous, other]) {
        assert.equal(await rawGet(zkc, '/secure/node'), ZNOAUTH);
        assert.equal(await rawSet(zkc, '/secure/node', Buffer.from('evil')), ZNOAUTH);
        assert.equal(await rawChildren(zkc, '/secure'), ZNOAUTH);
        assert.equal(await rawCreate(zkc, '/secure/intruder'), ZNOAUTH);
      }
      // A Quire store without credentials gets a typed error, not "unavailable".
      await assert.rejects(plainStore.get('/secure/node'), (e) => isQuireError(e, 'METADATA_ACCESS_DENIED'));
      // The same credentials on another session can.
      assert.equal(await rawSet(same, '/secure/node', Buffer.from('v2')), ZOK);
      assert.equal(await rawGet(same, '/secure/node'), ZOK);
      const peer = await ZooKeeperStore.connect(zk.connectString, { enableSecurity: true, digestCredentials: readDigestCredentials(credsFile) });
      try {
        assert.equal((await peer.get('/secure/node')).data.toString(), 'v2');
        await peer.delete('/secure/node', -1);
      } finally {
        await peer.close();
      }
    } finally {
      for (const c of [anonymous, same, other]) c.close();
      await plainStore.close();
      await store.close();
    }
  });

  test('with security off the store still creates open nodes (the existing behaviour)', async () => {
    const store = await ZooKeeperStore.connect(zk.connectString, { digestCredentials: creds });
    try {
      await store.create('/open-node', Buffer.alloc(0), 'persistent');
      assert.deepEqual(await store.getAcl('/open-node'), [{ perms: ZOO_PERM_ALL, scheme: 'world', id: 'anyone' }]);
    } finally {
      await store.close();
    }
  });

  test('an ephemeral re-created after session expiry is protected too', async () => {
    const proxy = await startTcpProxy(zk.port);
    const store = await ZooKeeperStore.connect(proxy.connectString, { sessionTimeoutMs: 2000, enableSecurity: true, digestCredentials: creds });
    const observer = await ZooKeeperStore.connect(zk.connectString, { digestCredentials: creds });
    const anonymous = await rawSession(zk.connectString);
    try {
      await store.create('/eph', Buffer.alloc(0), 'persistent');
      await store.create('/eph/bookie-1', Buffer.from('reg'), 'ephemeral');
      const sessions: SessionEvent[] = [];
      store.onSession((e) => sessions.push(e));
      const before = store.session!.id;
      await proxy.pause();
      await eventually('server expired the session', async () => (await observer.exists('/eph/bookie-1')) === undefined);
      await proxy.resume();
      await eventually('a new session', () => sessions.some((e) => e.state === 'connected' && e.newSession));
      assert.notEqual(store.session!.id, before);
      const stat = await store.exists('/eph/bookie-1');
      assert.equal(stat?.ownedByThisSession, true);
      assert.deepEqual(await observer.getAcl('/eph/bookie-1'), [{ perms: ZOO_PERM_ALL, scheme: 'digest', id: creds.id() }]);
      assert.equal(await rawGet(anonymous, '/eph/bookie-1'), ZNOAUTH);
      // The new session authenticated before anything else: it can still write its own nodes.
      await store.set('/eph/bookie-1', Buffer.from('reg2'), -1);
    } finally {
      anonymous.close();
      await observer.close();
      await store.close();
      await proxy.close();
    }
  });

  test('security on without credentials refuses to start (CONFIG_INVALID)', async () => {
    await assert.rejects(ZooKeeperStore.connect(zk.connectString, { enableSecurity: true }), (e) => isQuireError(e, 'CONFIG_INVALID'));
    assert.throws(() => zooKeeperSecurityOptions({ zkEnableSecurity: true, zkDigestCredentialsPath: undefined }), (e) => isQuireError(e, 'CONFIG_INVALID') && /zkDigestCredentialsPath/.test(e.message));
    assert.throws(() => zooKeeperSecurityOptions({ zkEnableSecurity: true, zkDigestCredentialsPath: join(dir, 'missing') }), (e) => isQuireError(e, 'CONFIG_INVALID'));
    const svc = await openMetadataService(`zk+hierarchical://${zk.connectString}/ledgers`, { zookeeper: zooKeeperSecurityOptions({ zkEnableSecurity: true, zkDigestCredentialsPath: credsFile }) });
    await svc.close();
  });

  test('quire shell, a real bookie process and a gateway with zkEnableSecurity: protected metadata, registered, serving', async () => {
    const uri = `zk+hierarchical://${zk.connectString}/secure-ledgers`;
    const conf = join(dir, 'bk_server.conf');
    writeFileSync(conf, [`metadataServiceUri=${uri}`, 'zkEnableSecurity=true', `zkDigestCredentialsPath=${credsFile}`, 'bookiePort=0', `journalDirectories=${join(dir, 'journal')}`, `ledgerDirectories=${join(dir, 'ledgers')}`, ''].join('\n'));
    const format = await quire(['shell', 'metaformat', '-conf', conf]);
    assert.equal(format.status, 0, format.stderr);
    // Without credentials the bookie does not start.
    const refused = await quire(['bookie', '--conf', conf, '--set', 'zkDigestCredentialsPath=']);
    assert.notEqual(refused.status, 0);
    const refusedNoKey = await quire(['bookie', '-m', uri, '--set', 'zkEnableSecurity=true', '-p', '0'], { QUIRE_LOG_LEVEL: 'silent' });
    assert.equal(refusedNoKey.status, 1);
    assert.match(refusedNoKey.stderr, /CONFIG_INVALID: zkEnableSecurity=true needs zkDigestCredentialsPath/);
    const bookie = await startBookieProcess(['--conf', conf], { QUIRE_LOG_LEVEL: 'info' });
    const store = await ZooKeeperStore.connect(zk.connectString, { digestCredentials: creds });
    const anonymous = await rawSession(zk.connectString);
    try {
      const ours = [{ perms: ZOO_PERM_ALL, scheme: 'digest', id: creds.id() }];
      for (const path of ['/secure-ledgers', '/secure-ledgers/available', `/secure-ledgers/available/${bookie.bookieId}`, `/secure-ledgers/cookies/${bookie.bookieId}`]) {
        assert.deepEqual(await store.getAcl(path), ours, path);
      }
      assert.equal(await rawGet(anonymous, `/secure-ledgers/cookies/${bookie.bookieId}`), ZNOAUTH);
      assert.equal(await rawChildren(anonymous, '/secure-ledgers/available'), ZNOAUTH);
      // The shell reads the protected registration with the conf file's credentials.
      const list = await quire(['shell', 'listbookies', '-conf', conf, '-rw']);
      assert.equal(list.status, 0, `${list.stdout}\n${list.stderr}`);
      assert.match(list.stdout, new RegExp(bookie.bookieId.replace(/[.]/g, '\\.')));
      // A client with the same identity writes and reads through the bookie; its ledger is protected.
      const bk = await createBookKeeperClient({ metadataServiceUri: uri, metadataOptions: { zookeeper: { enableSecurity: true, digestCredentials: creds } } });
      try {
        const w = await bk.createLedger({ ensembleSize: 1, writeQuorumSize: 1, ackQuorumSize: 1, password: 'pw' });
        await w.append(Buffer.from('hello'));
        await w.close();
        const r = await bk.openLedger(w.ledgerId, { password: 'pw' });
        assert.equal(Buffer.from((await r.read(0n, 0n))[0]!.payload).toString(), 'hello');
        const node = ledgerPath('/secure-ledgers', w.ledgerId);
        for (let p = node; p !== '/secure-ledgers'; p = p.slice(0, p.lastIndexOf('/'))) assert.deepEqual(await store.getAcl(p), ours, p);
        assert.equal(await rawGet(anonymous, node), ZNOAUTH);
      } finally {
        await bk.close();
      }
      // A gateway: refused without credentials; with them, the ledger it creates is protected.
      const gwRefused = await quire(['gateway', '-m', uri, '--zk-enable-security', '--rest-port', '0', '--grpc-port', '0', '--peer-port', '0'], { QUIRE_LOG_LEVEL: 'silent' });
      assert.equal(gwRefused.status, 1);
      assert.match(gwRefused.stderr, /CONFIG_INVALID/);
      const gw = await startGatewayProcess(uri, 'gw-secure', 60_000, ['--zk-enable-security', '--zk-digest-credentials-path', credsFile]);
      try {
        const res = await fetch(`http://127.0.0.1:${gw.restPort}/v1/ledgers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ensembleSize: 1, writeQuorumSize: 1, ackQuorumSize: 1 }) });
        assert.equal(res.status, 201, await res.clone().text());
        const { ledgerId } = (await res.json()) as { ledgerId: string };
        const node = ledgerPath('/secure-ledgers', BigInt(ledgerId));
        assert.deepEqual(await store.getAcl(node), ours);
        assert.equal(await rawGet(anonymous, node), ZNOAUTH);
      } finally {
        await stopChild(gw.child, 10_000);
      }
      // The password is nowhere in what the processes printed.
      for (const out of [format.stdout, format.stderr, list.stdout, list.stderr, bookie.stdoutTail()]) assert.doesNotMatch(out, /s3cret/);
    } finally {
      anonymous.close();
      await store.close();
      await bookie.kill('SIGTERM');
    }
  });
});

