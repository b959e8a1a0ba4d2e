// The quorum client end to end on etcd metadata: a real `quire bookie` process registering itself
// in a real etcd (a leased key), the real TCP client through createBookKeeperClient with the
// etcd:// URI: create, append, read, close, reopen; the killed bookie's registration goes with
// its lease. A gateway on the same URI: its ledger ownership record is a leased key of its session.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createBookKeeperClient } from '../../clients/quorum/connect.js';
import type { BookKeeperClient } from '../../clients/quorum/index.js';
import { startEtcd, type EtcdServer } from '../../harness/etcd.js';
import { startGateway } from '../../gateway/gateway-server.js';
import { ownersPath } from '../../gateway/ownership.js';
import { RestTransport } from '../gateway/rest-transport.js';
import { eventually } from '../metadata/eventually.js';
import { startLocalCluster, type LocalCluster } from '../../harness/local-cluster.js';

describe('quorum client with a real bookie process on etcd metadata', () => {
  let etcd: EtcdServer;
  let cluster: LocalCluster;
  const clients: BookKeeperClient[] = [];

  before(async () => {
    etcd = await startEtcd();
    // The bookie's lease TTL is its zkTimeout, as in BookKeeper's etcd driver.
    cluster = await startLocalCluster({ bookies: 1, metadataServiceUri: `etcd://${etcd.endpoint}/ledgers`, bookieSettings: ['zkTimeout=3000'] });
  });
  after(async () => {
    for (const c of clients) await c.close();
    await cluster?.stop();
    await etcd?.destroy();
  });

  test('a gateway on etcd: create, append, read over REST; its ownership record is leased and goes when it stops', async () => {
    const gw = await startGateway({ metadataServiceUri: cluster.metadataServiceUri, host: '127.0.0.1', restPort: 0, gatewayId: 'gw-etcd' });
    let stopped = false;
    try {
      const rest = new RestTransport(gw.url);
      const l = await rest.createLedger({ password: 'pw', ensembleSize: 1, writeQuorumSize: 1, ackQuorumSize: 1 });
      const receipts = [];
      for (let i = 0; i < 5; i++) receipts.push(await rest.append(l.ledgerId, Buffer.from(`gw-${i}`), { password: 'pw' }));
      assert.deepEqual(receipts.map((r) => r.entryId), ['0', '1', '2', '3', '4']);
      const ownerPath = `${ownersPath('/ledgers')}/${l.ledgerId}`;
      const owner = await cluster.service.store.get(ownerPath);
      assert.equal(owner.stat.ephemeral, true);
      assert.equal(owner.stat.ownedByThisSession, false);
      assert.equal((JSON.parse(owner.data.toString()) as { gatewayId: string }).gatewayId, 'gw-etcd');
      const page = await rest.read(l.ledgerId, '0', { password: 'pw' });
      assert.ok(page.entries.length >= 4, `read ${page.entries.length} entries`);
      assert.deepEqual(page.entries.map((e) => e.data.toString()), ['gw-0', 'gw-1', 'gw-2', 'gw-3', 'gw-4'].slice(0, page.entries.length));
      await gw.stop();
      stopped = true;
      // A clean stop ends the gateway's session (its lease is revoked): the record is gone.
      assert.equal(await cluster.service.store.exists(ownerPath), undefined);
    } finally {
      if (!stopped) await gw.stop();
    }
  });

  test('create, append, read, close, reopen; the registration is the bookie’s own lease', async () => {
    const { bookieId } = cluster.bookies[0]!;
    // The bookie registered itself (not this process's session) under its own lease.
    assert.equal(cluster.bookies[0]!.registration, undefined);
    const reg = await cluster.service.store.get(`/ledgers/available/${bookieId}`);
    assert.equal(reg.stat.ephemeral, true);
    assert.equal(reg.stat.ownedByThisSession, false);

    const bk = await createBookKeeperClient({ metadataServiceUri: cluster.metadataServiceUri });
    clients.push(bk);
    const w = await bk.createLedger({ ensembleSize: 1, writeQuorumSize: 1, ackQuorumSize: 1, digestType: 'CRC32C', password: 'secret' });
    const payloads = Array.from({ length: 100 }, (_, i) => Buffer.from(`etcd-entry-${i}`));
    const ids: bigint[] = [];
    for (const p of payloads) ids.push(await w.append(p));
    assert.deepEqual(ids, payloads.map((_, i) => BigInt(i)));
    // A reader on the open ledger (no recovery) reads up to the LAC the last entry carried.
    const open = await bk.openLedger(w.ledgerId, { password: 'secret' });
    assert.equal(open.isClosed, false);
    assert.equal(open.lastAddConfirmed, 98n);
    assert.deepEqual((await open.read(0n, 98n)).map((e) => e.payload), payloads.slice(0, 99));
    await w.close();
    assert.equal(w.ledgerMetadata.state, 'CLOSED');

    const other = await createBookKeeperClient({ metadataServiceUri: cluster.metadataServiceUri });
    clients.push(other);
    const r = await other.openLedger(w.ledgerId, { password: 'secret', recovery: true });
    assert.equal(r.isClosed, true);
    assert.equal(r.lastAddConfirmed, 99n);
    assert.deepEqual((await r.read(0n, 99n)).map((e) => e.payload), payloads);
    assert.ok((await cluster.service.ledgers.listLedgers()).includes(w.ledgerId));

    // The shell takes the same URI.
    const shell = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'shell', 'listbookies', '--readwrite', '--metadataServiceUri', cluster.metadataServiceUri], {
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
      env: { ...process.env, QUIRE_LOG_LEVEL: 'silent' },
      timeout: 120_000,
    });
    assert.match(shell.stdout, new RegExp(bookieId.replaceAll('.', '\\.')));

    // SIGKILL: nobody revokes the lease; etcd expires it after the TTL and the registration goes.
    await cluster.kill(0);
    await eventually('registration expired with the lease', async () => (await cluster.service.registration.getWritableBookies()).length === 0);
  });
});
