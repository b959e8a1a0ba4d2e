// `npm run bench -- tls`: what TLS costs on bookies, side by side in one run. One Quire bookie and
// one Apache BookKeeper 4.17.2 Java bookie, each with TLS configured (PEM keys, no client
// certificates; both also serve plaintext, as BookKeeper does without an auth provider), each in
// its own cluster root of one ZooKeeper; the same client (Quire's, in this process) adds 1 KiB
// entries to a ledger E1/Qw1/Qa1 in a closed loop with a bound on outstanding adds, over plaintext
// and over TLS. Both bookies: journalSyncData=true, group wait 2 ms. Reports adds/s, p50 and p99.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBookKeeperClient } from '../clients/quorum/connect.js';
import type { ClientTlsSettings } from '../clients/quorum/index.js';
import { makeCa, makeServerCert } from '../harness/certificates.js';
import { formatCluster } from '../metadata/cluster-layout.js';
import { openMetadataService, type MetadataService } from '../metadata/metadata-service.js';
import { startBookieProcess } from '../harness/bookie-process.js';
import { startJavaBookie } from '../harness/java-bookie.js';
import { startZooKeeper } from '../harness/zookeeper.js';
import { formatTable, Histogram } from './stats.js';

const TLS_FACTORY = 'org.apache.bookkeeper.tls.TLSContextFactory';

export interface TlsBenchOptions {
  readonly seconds: number;
  readonly outstanding: number;
  readonly entrySize: number;
}

async function waitForBookie(md: MetadataService, id: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (!(await md.registration.getWritableBookies()).includes(id)) {
    if (Date.now() > deadline) throw new Error(`bookie ${id} did not register`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function closedLoop(uri: string, tls: ClientTlsSettings | undefined, o: TlsBenchOptions): Promise<{ adds: number; failed: number; seconds: number; hist: Histogram }> {
  const bk = await createBookKeeperClient({ metadataServiceUri: uri, ...(tls ? { tls } : {}) });
  try {
    const w = await bk.createLedger({ ensembleSize: 1, writeQuorumSize: 1, ackQuorumSize: 1, digestType: 'CRC32C', password: 'bench' });
    const payload = Buffer.alloc(o.entrySize, 0x61);
    await w.append(payload); // connect (and handshake) before the clock starts
    const hist = new Histogram();
    let adds = 0;
    let failed = 0;
    const t0 = performance.now();
    const endAt = t0 + o.seconds * 1000;
    await Promise.all(Array.from({ length: o.outstanding }, async () => {
      while (performance.now() < endAt) {
        const s = performance.now();
        try {
          await w.append(payload);
          adds++;
          hist.record(performance.now() - s);
        } catch {
          failed++;
          return;
        }
      }
    }));
    const seconds = (performance.now() - t0) / 1000;
    await w.close();
    return { adds, failed, seconds, hist };
  } finally {
    await bk.close();
  }
}

export async function tlsBench(o: TlsBenchOptions): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'quire-tls-bench-'));
  const ca = makeCa(dir).caFile;
  const cert = makeServerCert(dir, 'bookie', 'bookie');
  const serverTls = { tlsProviderFactoryClass: TLS_FACTORY, tlsKeyStoreType: 'PEM', tlsKeyStore: cert.keyFile, tlsCertificatePath: cert.certFile };
  const clientTls: ClientTlsSettings = { tlsProviderFactoryClass: TLS_FACTORY, tlsTrustStoreType: 'PEM', tlsTrustStore: ca };
  const zk = await startZooKeeper();
  const services: MetadataService[] = [];
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const uri = (root: string): string => `zk+hierarchical://${zk.connectString}${root}`;
    for (const root of ['/ledgers-quire', '/ledgers-java']) {
      const md = await openMetadataService(uri(root));
      services.push(md);
      await formatCluster(md.store, md.root);
    }
    const quire = await startBookieProcess([
      '--port', '0', '--journal-dir', join(dir, 'quire', 'journal'), '--ledger-dir', join(dir, 'quire', 'ledgers'), '--metadata-service-uri', uri('/ledgers-quire'),
      ...Object.entries(serverTls).flatMap(([k, v]) => ['--set', `${k}=${v}`]),
    ]);
    stops.push(() => quire.kill('SIGTERM'));
    const java = await startJavaBookie({ zkConnect: zk.connectString, dir: join(dir, 'java'), settings: { metadataServiceUri: uri('/ledgers-java'), ...serverTls } });
    stops.push(() => java.kill('SIGTERM'));
    await waitForBookie(services[0]!, quire.bookieId);
    await waitForBookie(services[1]!, java.bookieId);
    const rows: string[][] = [];
    for (const [kind, root] of [['Quire', '/ledgers-quire'], ['Java', '/ledgers-java']] as const) {
      // A short unreported warm-up (JIT, page cache), then plaintext and TLS alternate twice so a
      // load change on the machine does not land on one transport only.
      await closedLoop(uri(root), undefined, { ...o, seconds: Math.min(3, o.seconds) });
      for (const [round, tls] of [[1, false], [1, true], [2, false], [2, true]] as const) {
        const r = await closedLoop(uri(root), tls ? clientTls : undefined, o);
        rows.push([`${kind} bookie`, tls ? 'TLS' : 'plaintext', String(round), String(Math.round(r.adds / r.seconds)), r.hist.p(50).toFixed(2), r.hist.p(99).toFixed(2), String(r.failed)]);
      }
    }
    console.log(`\n## TLS cost on bookies (Quire's client, E1/Qw1/Qa1, ${o.entrySize} B entries, ${o.outstanding} outstanding, ${o.seconds} s each, journal fdatasync on)\n`);
    console.log(formatTable(['bookie', 'transport', 'round', 'adds/s', 'p50 ms', 'p99 ms', 'failed'], rows));
  } finally {
    for (const s of stops.reverse()) await s();
    for (const s of services) await s.close();
    await zk.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
