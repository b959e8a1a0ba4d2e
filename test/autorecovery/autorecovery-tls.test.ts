// A cluster whose bookies take only TLS clients with an authorized certificate (TLS, client
// certificates, BookieAuthZFactory): the processes that are also clients of the bookies — the
// auto-recovery daemon inside each bookie and `quire shell -conf bk_server.conf` — use the conf's
// tls* keys, as BookKeeper builds their ClientConfiguration from the bookie's. Without that, the
// auditor marks but no copy can be made (every bookie answers EUA), and the shell cannot write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBookKeeperClient } from '../../clients/quorum/connect.js';
import { RegistrationPort, TcpBookieClient, type ClientTlsSettings } from '../../clients/quorum/index.js';
import { makeCa, makeServerCert } from '../../harness/certificates.js';
import { startLocalCluster, type LocalCluster } from '../../harness/local-cluster.js';
import { startZooKeeper } from '../../harness/zookeeper.js';
import { getCurrentAuditor } from '../../metadata/auditor-election.js';
import { UnderreplicationManager } from '../../metadata/underreplication-manager.js';
import { eventually } from '../metadata/eventually.js';
import { checkEveryReplica, noMarks, noMetadataNames, totalReads, type Tracked } from './replica-checks.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const TLS_FACTORY = 'org.apache.bookkeeper.tls.TLSContextFactory';
const PASSWORD = 'pw';

function shell(args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'shell', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, QUIRE_LOG_LEVEL: 'silent' }, timeout: 120_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test('TLS-only bookies: auto-recovery re-replicates over TLS, and the shell works with the bookie conf', { timeout: 600_000 }, async () => {
  const certs = mkdtempSync(join(tmpdir(), 'quire-ar-tls-'));
  const zk = await startZooKeeper();
  const uri = `zk+hierarchical://${zk.connectString}/ledgers`;
  let cluster: LocalCluster | undefined;
  const closers: (() => Promise<unknown>)[] = [];
  try {
    const { caFile } = makeCa(certs);
    const cert = makeServerCert(certs, 'bookie', 'bookie', { ou: '0:bookie' });
    const tlsKeys: Record<string, string> = {
      tlsProviderFactoryClass: TLS_FACTORY,
      tlsKeyStoreType: 'PEM',
      tlsKeyStore: cert.keyFile,
      tlsCertificatePath: cert.certFile,
      tlsTrustStoreType: 'PEM',
      tlsTrustStore: caFile,
      tlsClientAuthentication: 'true',
      bookieAuthProviderFactoryClass: 'org.apache.bookkeeper.tls.BookieAuthZFactory',
      authorizedRoles: 'bookie',
    };
    cluster = await startLocalCluster({
      bookies: 4,
      metadataServiceUri: uri,
      startTimeoutMs: 180_000,
      bookieSettings: [...Object.entries(tlsKeys).map(([k, v]) => `${k}=${v}`), 'autoRecoveryDaemonEnabled=true', 'zkTimeout=4000', 'rwRereplicateBackoffMs=500', 'lostBookieRecoveryDelay=0'],
    });
    const c = cluster;
    const tls: ClientTlsSettings = { tlsProviderFactoryClass: TLS_FACTORY, tlsTrustStore: caFile, tlsClientAuthentication: true, tlsKeyStore: cert.keyFile, tlsCertificatePath: cert.certFile };
    const bk = await createBookKeeperClient({ metadataService: c.service, tls });
    closers.push(() => bk.close());
    const raw = new TcpBookieClient({ registry: new RegistrationPort(c.service.registration), tls });
    closers.push(() => raw.close());
    const urm = await UnderreplicationManager.open(c.service.store, c.service.root);
    closers.push(() => urm.close());

    // The cluster really refuses plaintext: a client without TLS cannot create a ledger anywhere.
    const plain = await createBookKeeperClient({ metadataService: c.service, requestTimeoutMs: 5000 });
    closers.push(() => plain.close());
    await assert.rejects(async () => {
      const w = await plain.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, password: PASSWORD });
      await w.append(Buffer.from('x'));
    });

    const tracked = new Map<bigint, Tracked>();
    for (let l = 0; l < 3; l++) {
      const handle = await bk.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, password: PASSWORD, digestType: 'CRC32C' });
      const t: Tracked = { handle, acked: new Map() };
      for (let i = 0; i < 100; i++) {
        const p = Buffer.from(`l${l}-e${i}`.padEnd(200, '.'));
        t.acked.set(await handle.append(p), p);
      }
      await handle.close();
      tracked.set(handle.ledgerId, t);
    }

    const auditor = await getCurrentAuditor(c.service.store, c.service.root);
    assert.ok(auditor, 'an auditor is elected');
    const inUse = new Set([...tracked.values()].flatMap((t) => t.handle.ledgerMetadata.segments.flatMap((s) => s.bookies)));
    const victim = c.bookies.find((b) => b.bookieId !== auditor && inUse.has(b.bookieId))!;
    await c.kill(victim.index);
    rmSync(victim.dir, { recursive: true, force: true });
    await eventually(`no metadata names ${victim.bookieId} and no mark is left`, async () => (await noMetadataNames(c, [victim.bookieId])) && (await noMarks(urm)), 240_000);
    const reads = await checkEveryReplica(c, raw, tracked, PASSWORD);
    assert.equal(totalReads(reads), 3 * 100 * 2, 'every entry read from both bookies of its write set');

    // The shell with the bookie's conf (its tls* keys): bookieinfo and simpletest work over TLS.
    const confFile = join(certs, 'bk_server.conf');
    writeFileSync(confFile, [`metadataServiceUri=${uri}`, ...Object.entries(tlsKeys).map(([k, v]) => `${k}=${v}`), ''].join('\n'));
    const info = shell(['-conf', confFile, 'bookieinfo']);
    assert.equal(info.status, 0, info.out);
    assert.match(info.out, /Total free disk space/i);
    const ok = shell(['-conf', confFile, 'simpletest', '-ensemble', '3', '-writeQuorum', '2', '-ackQuorum', '2', '-numEntries', '20']);
    assert.equal(ok.status, 0, ok.out);
    // The same verb with a conf that lacks the TLS keys is refused by every bookie.
    const plainConf = join(certs, 'plain.conf');
    writeFileSync(plainConf, `metadataServiceUri=${uri}\n`);
    const refused = shell(['-conf', plainConf, 'simpletest', '-ensemble', '3', '-writeQuorum', '2', '-ackQuorum', '2', '-numEntries', '20']);
    assert.notEqual(refused.status, 0, refused.out);
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await cluster?.stop().catch(() => undefined);
    await zk.stop();
    rmSync(certs, { recursive: true, force: true });
  }
});
