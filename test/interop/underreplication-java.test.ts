// Auto-recovery's metadata against Apache BookKeeper 4.17.2's own classes (Java source:
// test/interop/java/src/main/java/dev/quire/interop/UnderreplicationInterop.java): BookKeeper's
// ZkLedgerUnderreplicationManager lists Quire's marks with their missing replicas and ctime, sees
// Quire's switch and delay, and ZkLedgerAuditorManager names Quire's elected auditor; then the
// Java side marks ledgers, disables auto-recovery and sets the delay, and Quire reads all of it
// and repairs-and-clears a Java mark with its own lock.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { ZooKeeperStore } from '../../metadata/drivers/zookeeper/zookeeper-store.js';
import { formatCluster } from '../../metadata/cluster-layout.js';
import { AuditorElection } from '../../metadata/auditor-election.js';
import { UnderreplicationManager } from '../../metadata/underreplication-manager.js';
import { SHORT_JVM_FLAGS } from '../../harness/jvm-flags.js';
import { compileJavaClass } from './java-driver.js';
import { JAR_DIR, startZooKeeper, type ZooKeeperServer } from '../../harness/zookeeper.js';

let CLASSES = '';

function runJava(args: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('java', [...SHORT_JVM_FLAGS, '-cp', `${CLASSES}:${JAR_DIR}/*`, 'dev.quire.interop.UnderreplicationInterop', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0 && out.includes('DONE')) resolve(out.split('\n'));
      else reject(new Error(`java UnderreplicationInterop ${args.join(' ')} exited ${code}:\n${out}\n${err.slice(-6000)}`));
    });
  });
}

describe('under-replication interop with Apache BookKeeper 4.17.2 (Java)', () => {
  let zk: ZooKeeperServer;
  let store: ZooKeeperStore;
  before(async () => {
    zk = await startZooKeeper();
    CLASSES = compileJavaClass('UnderreplicationInterop');
    store = await ZooKeeperStore.connect(zk.connectString, { sessionTimeoutMs: 10_000 });
    await formatCluster(store, '/ledgers');
  });
  after(async () => {
    await store?.close();
    await zk?.destroy();
  });

  test('Java reads Quire\'s marks, switch, delay and auditor; Quire reads Java\'s', { timeout: 600_000 }, async () => {
    const urm = await UnderreplicationManager.open(store, '/ledgers', 'quire-worker');
    await urm.markLedgerUnderreplicated(5n, ['q-lost:3181', 'q-lost2:3181']);
    await urm.markLedgerUnderreplicated(0x1_0000_0001n, ['q-lost:3181']);
    await urm.setLostBookieRecoveryDelay(13);
    const election = new AuditorElection(store, '/ledgers', 'quire-auditor:3181');
    await election.becomeAuditor(() => undefined);
    await urm.setCheckCTime('checkAllLedgers', 1_600_000_000_001);
    await urm.setCheckCTime('replicasCheck', 1_600_000_000_003);
    const ctime = (await urm.getLedgerUnreplicationInfo(5n))!.ctime!;

    const seen = await runJava(['read', zk.connectString]);
    assert.deepEqual(seen.filter((l) => l.startsWith('UR ')).sort(), [`UR 4294967297 q-lost:3181 ${(await urm.getLedgerUnreplicationInfo(0x1_0000_0001n))!.ctime}`, `UR 5 q-lost:3181,q-lost2:3181 ${ctime}`].sort());
    assert.ok(seen.includes('ENABLED true'));
    assert.ok(seen.includes('DELAY 13'));
    assert.ok(seen.includes('AUDITOR quire-auditor:3181'));
    assert.ok(seen.includes('CTIMES 1600000000001 -1 1600000000003'), 'Java reads the check times Quire wrote (placement never ran: -1)');
    await election.close();

    await runJava(['write', zk.connectString]);
    assert.deepEqual((await urm.getLedgerUnreplicationInfo(77n))?.replicas, ['java-lost:3181']);
    assert.deepEqual((await urm.getLedgerUnreplicationInfo(0x10000n))?.replicas, ['java-a:3181', 'java-b:3181']);
    assert.equal(await urm.isLedgerReplicationEnabled(), false);
    assert.equal(await urm.getLostBookieRecoveryDelay(), 42);
    assert.deepEqual([await urm.getCheckCTime('checkAllLedgers'), await urm.getCheckCTime('placementPolicyCheck'), await urm.getCheckCTime('replicasCheck')], [1_700_000_000_001, 1_700_000_000_002, 1_700_000_000_003]);
    // Quire's worker side takes Java's marks with its locks and clears them.
    const taken = new Set<bigint>();
    for (let id = await urm.pollLedgerToRereplicate(); id !== undefined; id = await urm.pollLedgerToRereplicate()) taken.add(id);
    assert.deepEqual([...taken].sort((a, b) => (a < b ? -1 : 1)), [5n, 77n, 0x10000n, 0x1_0000_0001n]);
    for (const id of taken) await urm.markLedgerReplicated(id);
    const after = await runJava(['read', zk.connectString]);
    assert.deepEqual(after.filter((l) => l.startsWith('UR ')), []);
    assert.ok(after.includes('ENABLED false'));
    await urm.close();
  });
});
