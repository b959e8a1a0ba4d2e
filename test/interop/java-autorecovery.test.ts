// BookKeeper 4.17.2's own AutoRecoveryMain (auditor + replication worker, Java) repairing Quire
// bookies: four `quire bookie` processes on a real ZooKeeper, closed E3 Qw2 Qa2 ledgers written
// by Quire's client; one bookie SIGKILLed and wiped; Java's auditor marks the ledgers in the
// shared layout and Java's worker copies the fragments to Quire bookies (RECOVERY_ADD) and swaps
// the metadata. Checked as in the headline test: no metadata names the dead bookie, no mark is
// left, and every entry reads from each bookie of its write set directly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBookKeeperClient } from '../../clients/quorum/connect.js';
import { RegistrationPort, TcpBookieClient, createDigestManager, parseDigestType, segmentFor, unwrapEntry, writeSet } from '../../clients/quorum/index.js';
import { startLocalCluster, type LocalCluster } from '../../harness/local-cluster.js';
import { ensureJars, startZooKeeper } from '../../harness/zookeeper.js';
import { UnderreplicationManager } from '../../metadata/underreplication-manager.js';
import { eventually } from '../metadata/eventually.js';
import { SHORT_JVM_FLAGS } from '../../harness/jvm-flags.js';

test('Java AutoRecoveryMain re-replicates a lost Quire bookie\'s fragments onto Quire bookies', { timeout: 600_000 }, async () => {
  const zk = await startZooKeeper();
  const dir = mkdtempSync(join(tmpdir(), 'quire-java-ar-'));
  let cluster: LocalCluster | undefined;
  let java: ReturnType<typeof spawn> | undefined;
  let stderr = '';
  try {
    cluster = await startLocalCluster({ bookies: 4, metadataServiceUri: `zk+hierarchical://${zk.connectString}/ledgers`, bookieSettings: ['zkTimeout=4000'], startTimeoutMs: 180_000 });
    const c = cluster;
    const bk = await createBookKeeperClient({ metadataService: c.service });
    const acked = new Map<bigint, Map<bigint, Buffer>>();
    try {
      for (let l = 0; l < 4; l++) {
        const w = await bk.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, password: 'pw', digestType: 'CRC32C' });
        const m = new Map<bigint, Buffer>();
        for (let i = 0; i < 40; i++) {
          const p = Buffer.from(`java-ar-l${l}-e${i}`);
          m.set(await w.append(p), p);
        }
        await w.close();
        acked.set(w.ledgerId, m);
      }
    } finally {
      await bk.close();
    }
    const conf = join(dir, 'autorecovery.conf');
    writeFileSync(
      conf,
      [`metadataServiceUri=zk+hierarchical://${zk.connectString}/ledgers`, 'lostBookieRecoveryDelay=0', 'auditorPeriodicBookieCheckInterval=0', 'auditorPeriodicCheckInterval=0', 'openLedgerRereplicationGracePeriod=1000', 'zkTimeout=10000', 'allowLoopback=true', 'httpServerEnabled=false', ''].join('\n'),
    );
    java = spawn('java', ['-Xmx256m', ...SHORT_JVM_FLAGS, '-cp', `${ensureJars()}/*`, 'org.apache.bookkeeper.replication.AutoRecoveryMain', '--conf', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    java.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20000)));
    const urm = await UnderreplicationManager.open(c.service.store, c.service.root);
    await eventually('the Java auditor is elected', async () => (await c.service.store.getChildren('/ledgers/underreplication/auditorelection').catch(() => [])).length > 0, 120_000);

    const inUse = new Set<string>();
    for (const id of acked.keys()) for (const s of (await c.service.ledgers.readLedgerMetadata(id)).metadata.segments) for (const b of s.bookies) inUse.add(b);
    const victim = c.bookies.find((b) => inUse.has(b.bookieId))!;
    await c.kill(victim.index);
    rmSync(victim.dir, { recursive: true, force: true });

    const named = async () => {
      for (const id of acked.keys()) if ((await c.service.ledgers.readLedgerMetadata(id)).metadata.segments.some((s) => s.bookies.includes(victim.bookieId))) return true;
      return false;
    };
    try {
      await eventually('Java repaired every ledger', async () => {
        if (await named()) return false;
        for await (const _ of urm.listLedgersToRereplicate()) return false;
        return true;
      }, 300_000);
    } catch (e) {
      throw new Error(`${(e as Error).message}; Java stderr:\n${stderr.slice(-6000)}`);
    }
    const raw = new TcpBookieClient({ registry: new RegistrationPort(c.service.registration) });
    try {
      const digest = createDigestManager(parseDigestType('CRC32C'), Buffer.from('pw'));
      for (const [id, entries] of acked) {
        const md = (await c.service.ledgers.readLedgerMetadata(id)).metadata;
        for (const [e, payload] of entries) {
          const seg = segmentFor(md.segments, e);
          for (const i of writeSet(e, md.ensembleSize, md.writeQuorumSize)) {
            const stored = await raw.readEntry(seg.bookies[i]!, id, e);
            assert.ok(unwrapEntry(digest, stored.entry, id, e).payload.equals(payload), `ledger ${id} entry ${e} on ${seg.bookies[i]}`);
          }
        }
      }
    } finally {
      await raw.close();
      await urm.close();
    }
  } finally {
    if (java && java.exitCode === null) java.kill('SIGKILL');
    await cluster?.stop();
    await zk.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});
