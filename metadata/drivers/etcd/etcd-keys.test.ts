import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isQuireError } from '../../../common/errors.js';
import { childrenPrefix, decodeMeta, encodeMeta, metaKey, nodeKey, prefixEnd } from './etcd-keys.js';

test('etcd key layout: node keys carry the depth, so children are one range without grandchildren', () => {
  assert.equal(nodeKey('/'), 'quire/n/0/');
  assert.equal(nodeKey('/ledgers'), 'quire/n/1/ledgers');
  assert.equal(nodeKey('/ledgers/LAYOUT'), 'quire/n/2/ledgers/LAYOUT');
  assert.equal(nodeKey('/ledgers/00/0000/L0001'), 'quire/n/4/ledgers/00/0000/L0001');
  assert.equal(metaKey('/ledgers/LAYOUT'), 'quire/m/ledgers/LAYOUT');
  assert.equal(childrenPrefix('/'), 'quire/n/1/');
  assert.equal(childrenPrefix('/ledgers'), 'quire/n/2/ledgers/');
  assert.equal(prefixEnd('quire/n/2/ledgers/').toString(), 'quire/n/2/ledgers0');
  const inRange = (key: string, prefix: string) => key >= prefix && Buffer.from(key).compare(prefixEnd(prefix)) < 0;
  const kids = childrenPrefix('/ledgers');
  assert.ok(inRange(nodeKey('/ledgers/available'), kids));
  assert.ok(!inRange(nodeKey('/ledgers/available/readonly'), kids), 'grandchild outside');
  assert.ok(!inRange(nodeKey('/ledgers'), kids), 'the node itself outside');
  assert.ok(!inRange(nodeKey('/ledgersX/a'), kids), 'sibling with the same prefix outside');
  // Depth 1 vs 10+: the digits end at the path's '/', so depth 1 never matches depth 12.
  assert.ok(!inRange(nodeKey('/a/b/c/d/e/f/g/h/i/j/k/l'), childrenPrefix('/')));
});

test('etcd node bookkeeping round-trips; anything else is METADATA_CORRUPT naming the key', () => {
  const m = { cversion: 7, ctime: 1, mtime: 2 };
  assert.deepEqual(decodeMeta('/a', encodeMeta(m)), m);
  assert.throws(() => decodeMeta('/a', Buffer.from('{"cversion":"x"}')), (e) => isQuireError(e, 'METADATA_CORRUPT') && /quire\/m\/a/.test(e.message));
  assert.throws(() => decodeMeta('/a', Buffer.from('not json')), (e) => isQuireError(e, 'METADATA_CORRUPT'));
});
