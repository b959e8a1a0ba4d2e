// Blob manifest and pending-marker codecs (golden JSON), name checks and node-name encoding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blobPaths, checkBlobName, chunkCount, decodeBlobName, decodeManifest, decodeMarker, encodeBlobName, encodeManifest, encodeMarker } from './blob-manifest.js';
import { ByteBudget } from './byte-budget.js';

test('manifest: golden JSON, round trip, corrupt ones refused', () => {
  const m = { name: 'a/b', size: 9007199254740993n, chunkBytes: 1024, ledgerId: 42n, sha256: 'ab'.repeat(32), contentType: 'text/plain', metadata: { k: 'v' }, createdAtMs: 1 };
  const json = encodeManifest(m).toString();
  assert.equal(json, `{"version":1,"name":"a/b","size":"9007199254740993","chunkBytes":1024,"ledgerId":"42","sha256":"${'ab'.repeat(32)}","contentType":"text/plain","metadata":{"k":"v"},"createdAtMs":1}`);
  assert.deepEqual(decodeManifest(Buffer.from(json), '/p'), m);
  for (const bad of ['{}', 'nope', json.replace('"version":1', '"version":2'), json.replace('"42"', '42'), json.replace('ab', 'zz')]) {
    assert.throws(() => decodeManifest(Buffer.from(bad), '/p'), (e: Error & { code?: string }) => e.code === 'METADATA_CORRUPT');
  }
});

test('pending marker round trip', () => {
  const mk = { name: 'x', ledgerId: 7n, state: 'committing' as const, replaces: 3n, gatewayId: 'gw', sinceMs: 5 };
  assert.deepEqual(decodeMarker(encodeMarker(mk), '/p'), mk);
  const { replaces: _r, ...noReplace } = mk;
  assert.deepEqual(decodeMarker(encodeMarker(noReplace), '/p'), noReplace);
  assert.throws(() => decodeMarker(Buffer.from('{"state":"other"}'), '/p'), (e: Error & { code?: string }) => e.code === 'METADATA_CORRUPT');
});

test('names: checks, encoding safe for metadata paths, layout beside the ledgers root', () => {
  for (const ok of ['a', 'a/b/c', 'é€ 😀', 'x'.repeat(1024), '...']) {
    checkBlobName(ok);
    const enc = encodeBlobName(ok);
    assert.match(enc, /^[A-Za-z0-9._~%-]+$/);
    assert.equal(decodeBlobName(enc), ok);
  }
  assert.equal(encodeBlobName('a/b c'), 'a%2Fb%20c');
  for (const bad of ['', '.', '..', 'a\u0000b', 'x'.repeat(1025), 'é'.repeat(1025)]) assert.throws(() => checkBlobName(bad), (e: Error & { code?: string }) => e.code === 'INVALID_ARGUMENT', JSON.stringify(bad));
  assert.deepEqual(blobPaths('/ledgers'), { names: '/quire-gateway/blobs/names', pending: '/quire-gateway/blobs/pending', live: '/quire-gateway/blobs/live' });
  assert.equal(chunkCount(0n, 10), 0n);
  assert.equal(chunkCount(1n, 10), 1n);
  assert.equal(chunkCount(10n, 10), 1n);
  assert.equal(chunkCount(11n, 10), 2n);
});

test('ByteBudget: waiters are served in order once bytes come back; close fails them', async () => {
  const b = new ByteBudget(10);
  await b.acquire(6);
  const order: string[] = [];
  const w1 = b.acquire(5).then(() => order.push('w1'));
  const w2 = b.acquire(1).then(() => order.push('w2'));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(order, [], 'FIFO: a small waiter does not pass a big one');
  b.release(6);
  await Promise.all([w1, w2]);
  assert.deepEqual(order, ['w1', 'w2']);
  assert.equal(b.inUse, 6);
  // A request larger than the whole budget takes all of it rather than waiting forever.
  b.release(6);
  await b.acquire(100);
  assert.equal(b.inUse, 10);
  const w3 = b.acquire(1);
  b.close();
  await assert.rejects(w3, (e: Error & { code?: string }) => e.code === 'SHUTTING_DOWN');
});
