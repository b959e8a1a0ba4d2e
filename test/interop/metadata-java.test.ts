// Compatibility with the real thing: Apache BookKeeper 4.17.2's own Java client reads the cluster
// Quire formatted (bookies, addresses, ledgers, metadata, a cookie), then creates ledgers whose
// metadata Quire reads back. Java source: test/interop/java/src/main/java/dev/quire/interop/MetadataInterop.java.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { ZooKeeperStore } from '../../metadata/drivers/zookeeper/zookeeper-store.js';
import { formatCluster } from '../../metadata/cluster-layout.js';
import { BookieRegistration, RegistrationClient } from '../../metadata/bookie-registration.js';
import { bookieServiceInfo } from '../../metadata/formats/bookie-service-info-format.js';
import { LedgerManager } from '../../metadata/ledger-manager.js';
import { buildLedgerMetadata } from '../../metadata/ledger-metadata.js';
import { makeCookie, writeCookie } from '../../metadata/cookie.js';
import { SHORT_JVM_FLAGS } from '../../harness/jvm-flags.js';
import { compileJavaClass } from './java-driver.js';
import { JAR_DIR, startZooKeeper, type ZooKeeperServer } from '../../harness/zookeeper.js';

let CLASSES = '';

function runJava(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('java', [...SHORT_JVM_FLAGS, '-cp', `${CLASSES}:${JAR_DIR}/*`, 'dev.quire.interop.MetadataInterop', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0 && out.includes('DONE')) resolve(out);
      else reject(new Error(`java MetadataInterop ${args.join(' ')} exited ${code}:\n${out}\n${err.slice(-6000)}`));
    });
  });
}

function facts(out: string, prefix: string): string[] {
  return out.split('\n').filter((l) => l.startsWith(prefix + ' ')).map((l) => l.slice(prefix.length + 1));
}

describe('metadata interop with Apache BookKeeper 4.17.2 (Java)', () => {
  let zk: ZooKeeperServer;
  let store: ZooKeeperStore;
  let uri: string;
  const registrations: BookieRegistration[] = [];
  before(async () => {
    zk = await startZooKeeper();
    CLASSES = compileJavaClass('MetadataInterop');
    store = await ZooKeeperStore.connect(zk.connectString, { sessionTimeoutMs: 10_000 });
    uri = `zk+hierarchical://${zk.connectString}/ledgers`;
  });
  after(async () => {
    for (const r of registrations) r.close();
    await store?.close();
    await zk?.destroy();
  });

  test('Java lists what Quire wrote, and Quire reads what Java wrote', async () => {
    const root = '/ledgers';
    const { instanceId } = await formatCluster(store, root);
    for (const port of [3181, 3182, 3183, 3184]) {
      const reg = new BookieRegistration(store, root, `127.0.0.1:${port}`, bookieServiceInfo('127.0.0.1', port + 1000));
      registrations.push(reg);
      if (port === 3184) await reg.registerReadOnly();
      else await reg.registerWritable();
    }
    await writeCookie(store, root, makeCookie('127.0.0.1:3181', { journalDirs: ['/data/j'], ledgerDirs: ['/data/l1', '/data/l2'] }, instanceId));
    const lm = new LedgerManager(store, root);
    const bookies = ['127.0.0.1:3181', '127.0.0.1:3182', '127.0.0.1:3183'];
    const open = await lm.createLedger(
      buildLedgerMetadata({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, segments: [{ firstEntryId: 0n, bookies }], digestType: 'CRC32C', password: Buffer.from('pwd'), customMetadata: { app: 'quire' } }),
    );
    const closed = await lm.createLedger(
      buildLedgerMetadata({
        ensembleSize: 2, writeQuorumSize: 2, ackQuorumSize: 1, state: 'CLOSED', lastEntryId: 99n, length: 4096n, digestType: 'HMAC', password: Buffer.from([1, 2, 255]),
        segments: [{ firstEntryId: 0n, bookies: bookies.slice(0, 2) }, { firstEntryId: 50n, bookies: bookies.slice(1, 3) }],
      }),
    );

    const out = await runJava(['list', uri, '127.0.0.1:3181']);
    assert.deepEqual(facts(out, 'BOOKIE_RW').sort(), ['127.0.0.1:3181 127.0.0.1:4181', '127.0.0.1:3182 127.0.0.1:4182', '127.0.0.1:3183 127.0.0.1:4183']);
    assert.deepEqual(facts(out, 'BOOKIE_RO'), ['127.0.0.1:3184']);
    assert.deepEqual(facts(out, 'LEDGER'), [String(open.ledgerId), String(closed.ledgerId)]);
    const m = (id: bigint): string[] => facts(out, 'METADATA').filter((l) => l.startsWith(`${id} `)).map((l) => l.slice(String(id).length + 1));
    assert.deepEqual(m(open.ledgerId), [
      'formatVersion=3', 'state=OPEN', 'ensembleSize=3', 'writeQuorumSize=2', 'ackQuorumSize=2', 'lastEntryId=-1', 'length=0',
      'hasPassword=true', 'digestType=CRC32C', `password=${Buffer.from('pwd').toString('hex')}`, `ensemble@0=${bookies.join(',')}`, 'custom.app=quire', 'cToken=0',
    ]);
    assert.deepEqual(m(closed.ledgerId), [
      'formatVersion=3', 'state=CLOSED', 'ensembleSize=2', 'writeQuorumSize=2', 'ackQuorumSize=1', 'lastEntryId=99', 'length=4096',
      'hasPassword=true', 'digestType=MAC', 'password=0102ff', `ensemble@0=${bookies.slice(0, 2).join(',')}`, `ensemble@50=${bookies.slice(1, 3).join(',')}`, 'cToken=0',
    ]);
    const cookie = facts(out, 'COOKIE')[0] ?? '';
    assert.match(cookie, /bookieHost: "127.0.0.1:3181"/);
    assert.match(cookie, /ledgerDirs: "2\\t\/data\/l1\\t\/data\/l2"/);
    assert.match(cookie, new RegExp(`instanceId: "${instanceId}"`));

    // Now Java creates ledgers (metadata only; bookies need only be registered).
    const created = await runJava(['create', uri]);
    const javaOpen = BigInt(facts(created, 'CREATED_OPEN')[0]!);
    const javaClosed = BigInt(facts(created, 'CREATED_CLOSED')[0]!);
    assert.equal(javaOpen, 2n, 'Java takes the next id from the same idgen node');
    const a = (await lm.readLedgerMetadata(javaOpen)).metadata;
    assert.equal(a.formatVersion, 3);
    assert.equal(a.state, 'OPEN');
    assert.deepEqual([a.ensembleSize, a.writeQuorumSize, a.ackQuorumSize], [3, 2, 2]);
    assert.equal(a.segments.length, 1);
    assert.deepEqual([...a.segments[0]!.bookies].sort(), bookies);
    assert.equal(a.digestType, 'CRC32C');
    assert.deepEqual(a.password, Buffer.from('secret'));
    assert.deepEqual(Object.fromEntries([...a.customMetadata].map(([k, v]) => [k, v.toString()])), { app: 'java', owner: 'interop-test' });
    const b = (await lm.readLedgerMetadata(javaClosed)).metadata;
    assert.equal(b.state, 'CLOSED');
    assert.equal(b.lastEntryId, -1n);
    assert.equal(b.length, 0n);
    assert.deepEqual([b.ensembleSize, b.writeQuorumSize, b.ackQuorumSize], [2, 2, 1]);
    assert.equal(b.digestType, 'HMAC');
    assert.deepEqual(b.password, Buffer.from([0, 1, 2, 255]));
    assert.ok(b.segments[0]!.bookies.every((x) => bookies.includes(x)));
    assert.deepEqual(await lm.listLedgers(), [open.ledgerId, closed.ledgerId, javaOpen, javaClosed]);
    assert.deepEqual(await new RegistrationClient(store, root).getWritableBookies(), bookies);
  });
});
