// Metadata throughput: create ledger (id generation + node create), CAS update (read + set with
// version) and read, against a real ZooKeeper server, a real etcd server and the embedded store.
// Run: node --import tsx bench/metadata-bench.ts [opsPerPhase=2000] [concurrency=16] [drivers=embedded,zookeeper,etcd]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatCluster } from '../metadata/cluster-layout.js';
import { EmbeddedStore } from '../metadata/drivers/embedded/embedded-store.js';
import { EtcdStore } from '../metadata/drivers/etcd/etcd-store.js';
import { ZooKeeperStore } from '../metadata/drivers/zookeeper/zookeeper-store.js';
import { LedgerManager } from '../metadata/ledger-manager.js';
import { buildLedgerMetadata, withChanges } from '../metadata/ledger-metadata.js';
import type { MetadataStore } from '../metadata/metadata-store.js';
import { startZooKeeper } from '../harness/zookeeper.js';
import { startEtcd } from '../harness/etcd.js';

export interface BenchRow {
  driver: string;
  op: string;
  concurrency: number;
  ops: number;
  opsPerSec: number;
}

const md = buildLedgerMetadata({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, segments: [{ firstEntryId: 0n, bookies: ['127.0.0.1:3181', '127.0.0.1:3182', '127.0.0.1:3183'] }], digestType: 'CRC32C', password: Buffer.from('pwd') });

async function phase(n: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await op(next++);
    }),
  );
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  return n / secs;
}

async function benchStore(driver: string, store: MetadataStore, n: number, concurrency: number): Promise<BenchRow[]> {
  const root = `/bench-${Date.now()}`;
  await formatCluster(store, root);
  const lm = new LedgerManager(store, root);
  const rows: BenchRow[] = [];
  for (const c of [1, concurrency]) {
    const ids: bigint[] = [];
    rows.push({ driver, op: 'create ledger', concurrency: c, ops: n, opsPerSec: await phase(n, c, async () => ids.push((await lm.createLedger(md)).ledgerId)) });
    rows.push({ driver, op: 'CAS update', concurrency: c, ops: n, opsPerSec: await phase(n, c, (i) => lm.updateLedgerMetadata(ids[i % ids.length]!, (m) => withChanges(m, { cToken: BigInt(i) }))) });
    rows.push({ driver, op: 'read', concurrency: c, ops: n, opsPerSec: await phase(n, c, (i) => lm.readLedgerMetadata(ids[i % ids.length]!)) });
  }
  return rows;
}

export async function runMetadataBench(n = 2000, concurrency = 16, drivers: readonly string[] = ['embedded', 'zookeeper', 'etcd']): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  if (drivers.includes('embedded')) {
    const dir = mkdtempSync(join(tmpdir(), 'quire-md-bench-'));
    try {
      const emb = await EmbeddedStore.open(dir);
      rows.push(...(await benchStore('embedded', emb, n, concurrency)));
      await emb.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (drivers.includes('zookeeper')) {
    const zk = await startZooKeeper({ tickTime: 2000 });
    try {
      const store = await ZooKeeperStore.connect(zk.connectString);
      rows.push(...(await benchStore('zookeeper', store, n, concurrency)));
      await store.close();
    } finally {
      await zk.destroy();
    }
  }
  if (drivers.includes('etcd')) {
    const etcd = await startEtcd();
    try {
      const store = await EtcdStore.connect([`http://${etcd.endpoint}`]);
      rows.push(...(await benchStore('etcd', store, n, concurrency)));
      await store.close();
    } finally {
      await etcd.destroy();
    }
  }
  return rows;
}

export function formatBenchTable(rows: BenchRow[]): string {
  const lines = ['driver     | operation     | in flight |  ops | ops/s', '-----------|---------------|-----------|------|--------'];
  for (const r of rows) lines.push(`${r.driver.padEnd(10)} | ${r.op.padEnd(13)} | ${String(r.concurrency).padStart(9)} | ${String(r.ops).padStart(4)} | ${r.opsPerSec.toFixed(0).padStart(7)}`);
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const n = Number(process.argv[2] ?? 2000);
  const c = Number(process.argv[3] ?? 16);
  const drivers = process.argv[4]?.split(',');
  console.log(formatBenchTable(await runMetadataBench(n, c, drivers)));
}
