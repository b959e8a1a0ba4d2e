// Judged by the real thing, with TLS: Apache BookKeeper 4.17.2's Java client (TLSContextFactory,
// PEM keys) writes to and reads from Quire bookies over START_TLS — with and without client
// certificates, v3 and v2, and with BookieAuthZFactory refusing a certificate whose role is not
// authorized and a plaintext client; and Quire's client with TLS and a client certificate uses Java
// bookies with TLS, client authentication and BookieAuthZFactory. Certificates come from openssl at
// test time. Three clusters share one ZooKeeper under different roots.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isQuireError } from '../../common/errors.js';
import type { ClientTlsSettings } from '../../clients/quorum/bookie-client/start-tls.js';
import { createBookKeeperClient } from '../../clients/quorum/connect.js';
import { formatCluster } from '../../metadata/cluster-layout.js';
import { openMetadataService, type MetadataService } from '../../metadata/metadata-service.js';
import { startBookieProcesses, type BookieProcess } from '../../harness/bookie-process.js';
import { startJavaBookie, type JavaBookie } from '../../harness/java-bookie.js';
import { startZooKeeper, type ZooKeeperServer } from '../../harness/zookeeper.js';
import { makeCa, makeServerCert } from '../gateway/security/certs.js';
import { startJavaDriver, type DriverRunOptions, type JavaDriver } from './java-driver.js';

const TLS_FACTORY = 'org.apache.bookkeeper.tls.TLSContextFactory';
const AUTHZ = 'org.apache.bookkeeper.tls.BookieAuthZFactory';
const entries = (n: number): string[] => Array.from({ length: n }, (_, i) => `entry-${i}`);

async function waitForBookies(md: MetadataService, ids: string[], timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const up = new Set(await md.registration.getWritableBookies());
    if (ids.every((id) => up.has(id))) return;
    if (Date.now() > deadline) throw new Error(`bookies not registered: ${ids.filter((id) => !up.has(id)).join(', ')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('TLS between Apache BookKeeper and Quire (bookies and clients)', () => {
  let zk: ZooKeeperServer;
  let dir: string;
  let certs: string;
  const services: MetadataService[] = [];
  const quireBookies: BookieProcess[] = [];
  let tlsBookies: BookieProcess[] = [];
  const javaBookies: JavaBookie[] = [];
  let java: JavaDriver;
  const uri = (root: string): string => `zk+hierarchical://${zk.connectString}${root}`;
  const key = (n: string): string => join(certs, `${n}.key`);
  const pem = (n: string): string => join(certs, `${n}.pem`);

  /** A Java client configuration file (QUIRE_CLIENT_CONF) for a cluster root, with TLS keys. */
  function javaClientConf(name: string, root: string, cert?: string): DriverRunOptions {
    const lines = [
      `metadataServiceUri=${uri(root)}`,
      `tlsProviderFactoryClass=${TLS_FACTORY}`,
      'tlsTrustStoreType=PEM', `tlsTrustStore=${pem('ca')}`,
      ...(cert ? ['tlsClientAuthentication=true', 'tlsKeyStoreType=PEM', `tlsKeyStore=${key(cert)}`, `tlsCertificatePath=${pem(cert)}`] : []),
    ];
    const file = join(dir, `${name}.conf`);
    writeFileSync(file, lines.join('\n') + '\n');
    return { clientConf: file };
  }

  const quireTls = (cert?: string): ClientTlsSettings => ({
    tlsProviderFactoryClass: TLS_FACTORY, tlsTrustStoreType: 'PEM', tlsTrustStore: pem('ca'),
    ...(cert ? { tlsClientAuthentication: true, tlsKeyStore: key(cert), tlsCertificatePath: pem(cert) } : {}),
  });

  async function quireCluster(root: string, n: number, settings: Record<string, string>): Promise<BookieProcess[]> {
    const md = await openMetadataService(uri(root));
    services.push(md);
    await formatCluster(md.store, md.root);
    const started = await startBookieProcesses(n, (i) => [
      '--port', '0',
      '--journal-dir', join(dir, `${root.slice(1)}-${i}`, 'journal'),
      '--ledger-dir', join(dir, `${root.slice(1)}-${i}`, 'ledgers'),
      '--metadata-service-uri', uri(root),
      ...Object.entries(settings).flatMap(([k, v]) => ['--set', `${k}=${v}`]),
    ], quireBookies, { QUIRE_LOG_LEVEL: 'info' });
    await waitForBookies(md, started.map((b) => b.bookieId));
    return started;
  }

  const serverTls = (): Record<string, string> => ({ tlsProviderFactoryClass: TLS_FACTORY, tlsKeyStoreType: 'PEM', tlsKeyStore: key('bookie'), tlsCertificatePath: pem('bookie') });
  const mutualAuthz = (): Record<string, string> => ({ ...serverTls(), tlsClientAuthentication: 'true', tlsTrustStoreType: 'PEM', tlsTrustStore: pem('ca'), bookieAuthProviderFactoryClass: AUTHZ, authorizedRoles: 'writer' });

  before(async () => {
    java = startJavaDriver();
    dir = mkdtempSync(join(tmpdir(), 'quire-tls-interop-'));
    certs = join(dir, 'certs');
    rmSync(certs, { recursive: true, force: true });
    (await import('node:fs')).mkdirSync(certs);
    makeCa(certs);
    makeServerCert(certs, 'bookie', 'bookie');
    makeServerCert(certs, 'writer', 'client-writer', { ou: '0:writer;1:interop' });
    makeServerCert(certs, 'reader', 'client-reader', { ou: '0:reader;1:interop' });
    zk = await startZooKeeper();
    // The three clusters come up side by side.
    const javaCluster = async () => {
      const md = await openMetadataService(uri('/ledgers-java'));
      services.push(md);
      await formatCluster(md.store, md.root);
      await Promise.all([0, 1].map(async (i) => javaBookies.push(await startJavaBookie({
        zkConnect: zk.connectString,
        dir: join(dir, `java-${i}`),
        settings: { metadataServiceUri: uri('/ledgers-java'), ...mutualAuthz() },
        startTimeoutMs: 120_000,
      }))));
      await waitForBookies(md, javaBookies.map((b) => b.bookieId));
    };
    [tlsBookies] = await Promise.all([quireCluster('/ledgers-tls', 2, serverTls()), quireCluster('/ledgers-authz', 2, mutualAuthz()), javaCluster()]);
  });

  after(async () => {
    await java?.close();
    for (const b of javaBookies) await b.kill('SIGTERM');
    for (const b of quireBookies) await b.kill('SIGTERM');
    for (const s of services) await s.close();
    await zk?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const v2 of [false, true]) {
    test(`Java client with TLS (no client certificate), ${v2 ? 'v2' : 'v3'}: writes and reads Quire bookies; Quire's TLS client reads the same`, async () => {
      const env = javaClientConf(`tls-${v2}`, '/ledgers-tls');
      const events = await java.run(['write-read', zk.connectString, '2', '2', '2', 'CRC32C', '25', String(v2), 'pw'], env);
      const closed = events.find((e) => e.event === 'closed');
      assert.equal(closed?.lastAddConfirmed, 24, JSON.stringify(events));
      assert.equal(closed?.read, 25);
      const reread = await java.run(['read', zk.connectString, String(closed.ledgerId), 'CRC32C', 'pw', String(v2), 'false'], env);
      assert.deepEqual(reread.filter((e) => e.event === 'entry').map((e) => e.data), entries(25));
      // The Java client really upgraded: each bookie logged its TLS sessions.
      for (const b of tlsBookies) assert.match(b.stdoutTail(), /TLS session established/);
      const quire = await createBookKeeperClient({ metadataServiceUri: uri('/ledgers-tls'), protocol: v2 ? 'v2' : 'v3', tls: quireTls() });
      try {
        const r = await quire.openLedger(BigInt(String(closed.ledgerId)), { password: 'pw' });
        assert.deepEqual((await r.read(0n, 24n)).map((e) => e.payload.toString('utf8')), entries(25));
      } finally {
        await quire.close();
      }
    });
  }

  test('Java client with a client certificate whose role is authorized writes and reads Quire bookies (BookieAuthZFactory)', async () => {
    for (const v2 of [false, true]) {
      const env = javaClientConf(`writer-${v2}`, '/ledgers-authz', 'writer');
      const events = await java.run(['write-read', zk.connectString, '2', '2', '2', 'CRC32C', '20', String(v2), 'pw'], env);
      const closed = events.find((e) => e.event === 'closed');
      assert.equal(closed?.lastAddConfirmed, 19, JSON.stringify(events));
      const reread = await java.run(['read', zk.connectString, String(closed.ledgerId), 'CRC32C', 'pw', String(v2), 'false'], env);
      assert.deepEqual(reread.filter((e) => e.event === 'entry').map((e) => e.data), entries(20));
    }
  });

  test('refused by Quire bookies: a Java client whose certificate role is not authorized, and a plaintext Java client', async () => {
    const reader = javaClientConf('reader', '/ledgers-authz', 'reader');
    const plain = join(dir, 'plain.conf');
    writeFileSync(plain, `metadataServiceUri=${uri('/ledgers-authz')}\n`);
    for (const env of [reader, { clientConf: plain }]) {
      await assert.rejects(
        java.run(['write-read', zk.connectString, '2', '2', '2', 'CRC32C', '1', 'false', 'pw'], env),
        // The bookie answers EUA, which the Java client reports as BKUnauthorizedAccessException.
        /failed: org\.apache\.bookkeeper\.client\.BKException\$BKUnauthorizedAccessException/,
      );
    }
  });

  test("Quire's client with TLS and a client certificate uses Java bookies with TLS, client auth and BookieAuthZFactory; Java reads it back", async () => {
    for (const protocol of ['v3', 'v2'] as const) {
      const quire = await createBookKeeperClient({ metadataServiceUri: uri('/ledgers-java'), protocol, tls: quireTls('writer') });
      let ledgerId: bigint;
      try {
        const w = await quire.createLedger({ ensembleSize: 2, writeQuorumSize: 2, ackQuorumSize: 2, digestType: 'CRC32C', password: 'pw' });
        ledgerId = w.ledgerId;
        for (let i = 0; i < 30; i++) await w.append(Buffer.from(`entry-${i}`));
        await w.close();
        const r = await quire.openLedger(ledgerId, { password: 'pw' });
        assert.deepEqual((await r.read(0n, 29n)).map((e) => e.payload.toString('utf8')), entries(30));
      } finally {
        await quire.close();
      }
      const events = await java.run(['read', zk.connectString, String(ledgerId), 'CRC32C', 'pw', String(protocol === 'v2'), 'false'], javaClientConf(`java-read-${protocol}`, '/ledgers-java', 'writer'));
      assert.deepEqual(events.filter((e) => e.event === 'entry').map((e) => e.data), entries(30));
    }
  });

  test("refused by Java bookies: Quire's client with a certificate whose role is not authorized, and without TLS", async () => {
    for (const tls of [quireTls('reader'), undefined]) {
      const quire = await createBookKeeperClient({ metadataServiceUri: uri('/ledgers-java'), requestTimeoutMs: 10_000, ...(tls ? { tls } : {}) });
      try {
        await assert.rejects(
          (async () => {
            const w = await quire.createLedger({ ensembleSize: 2, writeQuorumSize: 2, ackQuorumSize: 2, digestType: 'CRC32C', password: 'pw' });
            await w.append(Buffer.from('refused'));
          })(),
          (e: unknown) => {
            // No bookie takes the client: every ensemble member refused it (TLS_FAILED or EUA), so
            // creation or the add ends without enough bookies.
            assert.ok(isQuireError(e), String(e));
            assert.ok(['TLS_FAILED', 'UNAUTHORIZED', 'NOT_ENOUGH_BOOKIES'].includes(e.code), `${e.code}: ${e.message}`);
            return true;
          },
        );
      } finally {
        await quire.close();
      }
    }
  });
});
