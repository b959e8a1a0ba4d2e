// Quire's batch reads judged by Apache BookKeeper 4.17.2's own bookie: a Java bookie serves
// Quire's v2 BATCH_READ_ENTRY (on the v3 client's side connection, and on a v2 client's only one)
// and the entries are exactly what single reads return.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isQuireError } from '../../common/errors.js';
import type { BookKeeperClient } from '../../clients/quorum/index.js';
import type { LedgerEntry } from '../../clients/quorum/ops/pending-read-op.js';
import { formatCluster } from '../../metadata/cluster-layout.js';
import { openMetadataService, type MetadataService } from '../../metadata/metadata-service.js';
import { startJavaBookie, type JavaBookie } from '../../harness/java-bookie.js';
import { startZooKeeper, type ZooKeeperServer } from '../../harness/zookeeper.js';
import { countedClient } from '../quorum/counting-bookie-client.js';

async function outcome(read: () => Promise<LedgerEntry[]>): Promise<string[] | string> {
  try {
    return (await read()).map((e) => `${e.entryId}:${e.payload.toString('hex')}`);
  } catch (e) {
    assert.ok(isQuireError(e), `expected a QuireError, got ${String(e)}`);
    return e.code;
  }
}

describe('batch reads against a Java BookKeeper bookie', () => {
  let zk: ZooKeeperServer;
  let dir: string;
  let md: MetadataService;
  let bookie: JavaBookie;
  const clients: BookKeeperClient[] = [];

  before(async () => {
    zk = await startZooKeeper();
    md = await openMetadataService(`zk+hierarchical://${zk.connectString}/ledgers`);
    await formatCluster(md.store, md.root);
    dir = mkdtempSync(join(tmpdir(), 'quire-batch-java-'));
    bookie = await startJavaBookie({ zkConnect: zk.connectString, dir: join(dir, 'java-0') });
    const deadline = Date.now() + 60_000;
    while (!(await md.registration.getWritableBookies()).includes(bookie.bookieId)) {
      if (Date.now() > deadline) throw new Error('the Java bookie did not register');
      await new Promise((r) => setTimeout(r, 250));
    }
  });
  after(async () => {
    for (const c of clients) await c.close();
    await bookie?.kill('SIGTERM');
    await md?.close();
    await zk?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('Quire writes 1,500 entries to a Java bookie; batch reads over v3 (side connection) and v2 return exactly what single reads return', async () => {
    const writer = countedClient(md, {});
    clients.push(writer.bk);
    const w = await writer.bk.createLedger({ ensembleSize: 1, writeQuorumSize: 1, ackQuorumSize: 1, digestType: 'CRC32C', password: 'pw' });
    const payload = (i: number) => Buffer.from(`java-${i}-`.repeat(1 + ((i * 13) % 200)));
    for (let b = 0; b < 1500; b += 100) await Promise.all(Array.from({ length: 100 }, (_, i) => w.append(payload(b + i))));
    await w.close();
    const single = countedClient(md, { batchReadEnabled: false });
    clients.push(single.bk);
    const rs = await single.bk.openLedger(w.ledgerId, { password: 'pw' });
    const want = await outcome(() => rs.read(0n, 1499n));
    assert.equal(want.length, 1500);
    for (const protocol of ['v3', 'v2'] as const) {
      for (const config of [{ maxBatchReadCount: 1000, maxBatchReadSize: 1024 * 1024 }, { maxBatchReadCount: 9, maxBatchReadSize: 3000 }]) {
        const batch = countedClient(md, { batchReadEnabled: true, ...config }, protocol);
        clients.push(batch.bk);
        const rb = await batch.bk.openLedger(w.ledgerId, { password: 'pw' });
        assert.deepEqual(await outcome(() => rb.read(0n, 1499n)), want, `${protocol} ${JSON.stringify(config)}`);
        assert.deepEqual(await outcome(() => rb.read(700n, 733n)), want.slice(700, 734));
        assert.ok(batch.io.total('batchRead') > 0);
        assert.equal(batch.io.total('read'), 0, 'the Java bookie served every batch read (no fallback to single reads)');
      }
    }
  });
});
