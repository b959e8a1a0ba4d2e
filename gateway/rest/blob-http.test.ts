// Range, Content-Digest, If-None-Match and metadata header parsing (RFC 9110 §14, RFC 9530).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { etagMatches, metadataHeader, parseContentDigest, parseMetadataHeader, parseRange } from './blob-http.js';

test('parseRange: one range against a size, suffixes, open ends, clamping, unsatisfiable, ignored forms', () => {
  const r = (h: string | undefined, size: bigint) => parseRange(h, size);
  assert.deepEqual(r(undefined, 10n), { kind: 'whole' });
  assert.deepEqual(r('bytes=0-0', 10n), { kind: 'range', start: 0n, end: 0n });
  assert.deepEqual(r('bytes=2-', 10n), { kind: 'range', start: 2n, end: 9n });
  assert.deepEqual(r('bytes=2-100', 10n), { kind: 'range', start: 2n, end: 9n });
  assert.deepEqual(r('bytes=-3', 10n), { kind: 'range', start: 7n, end: 9n });
  assert.deepEqual(r('bytes=-30', 10n), { kind: 'range', start: 0n, end: 9n });
  assert.deepEqual(r(' Bytes = 1 - 2 ', 10n), { kind: 'range', start: 1n, end: 2n });
  assert.deepEqual(r('bytes=10-', 10n), { kind: 'unsatisfiable' });
  assert.deepEqual(r('bytes=-0', 10n), { kind: 'unsatisfiable' });
  assert.deepEqual(r('bytes=0-', 0n), { kind: 'unsatisfiable' });
  assert.deepEqual(r('bytes=-5', 0n), { kind: 'unsatisfiable' });
  for (const ignored of ['bytes=0-1,3-4', 'bytes=5-2', 'items=0-1', 'bytes=-', 'bytes=a-b', `bytes=${'9'.repeat(21)}-`]) assert.deepEqual(r(ignored, 10n), { kind: 'whole' }, ignored);
  // Beyond 2^53: bigint all the way.
  assert.deepEqual(r('bytes=9007199254740993-', 9007199254740999n), { kind: 'range', start: 9007199254740993n, end: 9007199254740998n });
});

test('parseContentDigest: exactly one sha-256 member (the contract\'s pattern)', () => {
  const d = createHash('sha256').update('x').digest();
  const field = `sha-256=:${d.toString('base64')}:`;
  assert.ok(parseContentDigest(field)!.equals(d));
  assert.equal(parseContentDigest(undefined), undefined);
  for (const bad of [`sha-512=:AAAA:, ${field}`, 'sha-512=:AAAA:', 'sha-256=abc', 'sha-256=:AAAA:', 'not a dictionary']) {
    assert.throws(() => parseContentDigest(bad), /sha-256=:<base64 of 32 bytes>:/);
  }
});

test('etagMatches and the metadata header', () => {
  assert.ok(etagMatches('"a", "b"', '"b"'));
  assert.ok(etagMatches('*', '"b"'));
  assert.ok(etagMatches('W/"b"', '"b"'));
  assert.ok(!etagMatches('"c"', '"b"'));
  assert.ok(!etagMatches(undefined, '"b"'));
  const m = { note: 'é€', k: 'v' };
  const h = metadataHeader(m);
  assert.match(h, /^[\x20-\x7e]+$/);
  assert.deepEqual(parseMetadataHeader(h), m);
  assert.throws(() => parseMetadataHeader('[1]'), /JSON object of strings/);
  assert.throws(() => parseMetadataHeader('{"a":1}'), /JSON object of strings/);
  assert.throws(() => parseMetadataHeader('{'), /JSON object of strings/);
});
