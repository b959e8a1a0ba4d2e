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
