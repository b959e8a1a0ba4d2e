import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ledgerIdFromPath, ledgerPath } from './ledger-paths.js';
import { parseMetadataServiceUri } from './metadata-service.js';

test('hierarchical ledger paths (spec §7.5 examples)', () => {
  assert.equal(ledgerPath('/ledgers', 12345n), '/ledgers/00/0001/L2345');
  assert.equal(ledgerPath('/ledgers', 0n), '/ledgers/00/0000/L0000');
  assert.equal(ledgerPath('/ledgers', 2147483646n), '/ledgers/21/4748/L3646');
  assert.equal(ledgerPath('/ledgers', 2147483647n), '/ledgers/000/0000/0021/4748/L3647');
  assert.equal(ledgerPath('/ledgers', 4294967296n), '/ledgers/000/0000/0042/9496/L7296');
  assert.equal(ledgerPath('/a/b', 9223372036854775807n), '/a/b/922/3372/0368/5477/L5807');
  for (const id of [0n, 12345n, 2147483646n, 2147483647n, 4294967296n, 9223372036854775807n]) {
    assert.equal(ledgerIdFromPath('/ledgers', ledgerPath('/ledgers', id)), id);
  }
  assert.equal(ledgerIdFromPath('/ledgers', '/ledgers/available/x'), undefined);
  assert.equal(ledgerIdFromPath('/ledgers', '/ledgers/00/0001/2345'), undefined);
  // A short id written in the long form is not the path BookKeeper would use.
  assert.equal(ledgerIdFromPath('/ledgers', '/ledgers/000/0000/0000/0001/L2345'), undefined);
});

test('metadataServiceUri forms', () => {
  assert.deepEqual(parseMetadataServiceUri('zk+hierarchical://h1:2181;h2:2181/ledgers'), { driver: 'zookeeper', servers: 'h1:2181,h2:2181', root: '/ledgers' });
  assert.deepEqual(parseMetadataServiceUri('zk://127.0.0.1:2181/my/root'), { driver: 'zookeeper', servers: '127.0.0.1:2181', root: '/my/root' });
  assert.deepEqual(parseMetadataServiceUri('embedded:///var/q'), { driver: 'embedded', dir: '/var/q', root: '/ledgers' });
  assert.equal(parseMetadataServiceUri(undefined).driver, 'embedded');
  assert.throws(() => parseMetadataServiceUri('zk+flat://h:1/ledgers'), /not supported/);
  // etcd is a driver now; an unknown scheme is still refused.
  assert.throws(() => parseMetadataServiceUri('consul://h:1'), /expected/);
  assert.deepEqual(parseMetadataServiceUri('etcd://h1:2379;h2:2379/ledgers'), { driver: 'etcd', endpoints: ['http://h1:2379', 'http://h2:2379'], root: '/ledgers' });
  assert.deepEqual(parseMetadataServiceUri('etcd://127.0.0.1:2379,h2:2379'), { driver: 'etcd', endpoints: ['http://127.0.0.1:2379', 'http://h2:2379'], root: '/ledgers' });
  assert.throws(() => parseMetadataServiceUri('etcd://h1/ledgers'), /host:port/);
});

test('listLedgerIdsAfter pages in id order and reads only the directories a page needs', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { EmbeddedStore } = await import('./drivers/embedded/embedded-store.js');
  const { createWithParents } = await import('./store-helpers.js');
  const { listLedgerIds, listLedgerIdsAfter } = await import('./ledger-paths.js');
  const dir = mkdtempSync(join(tmpdir(), 'quire-list-'));
  const store = await EmbeddedStore.open(dir);
  try {
    // 40 directories of ledgers (ids 0, 10 000, 20 000, ... in short form) and two long-form ids.
    const all: bigint[] = [];
    for (let d = 0n; d < 40n; d++) for (const k of [0n, 1n, 9999n]) all.push(d * 10_000n + k);
    all.push(2147483647n, 9223372036854775807n);
    for (const id of all) await createWithParents(store, ledgerPath('/ledgers', id), Buffer.alloc(0), 'persistent');
    await createWithParents(store, '/ledgers/available/x', Buffer.alloc(0), 'persistent');
    assert.deepEqual(await listLedgerIds(store, '/ledgers'), all);
    // Pages of 7 from the start give back exactly the full list.
    const paged: bigint[] = [];
    for (let after = -1n; ; ) {
      const page = await listLedgerIdsAfter(store, '/ledgers', after, 7);
      paged.push(...page);
      if (page.length < 7) break;
      after = page[page.length - 1]!;
    }
    assert.deepEqual(paged, all);
    // A page deep in the list reads a handful of directories, not all 40 (plus the root's).
    let reads = 0;
    const counting = new Proxy(store, { get: (t, k) => (k === 'getChildren' ? (p: string) => (reads++, t.getChildren(p)) : Reflect.get(t, k)) });
    assert.deepEqual(await listLedgerIdsAfter(counting, '/ledgers', 259_999n, 3), [260_000n, 260_001n, 269_999n]);
    assert.ok(reads <= 4, `${reads} directory listings for one page`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
