import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DedupeTable } from './dedupe-table.js';

test('hits return the recorded entry; unknown pairs are new', () => {
  const t = new DedupeTable(10);
  t.record('a', 1n, 0n);
  t.record('b', 1n, 1n);
  assert.deepEqual(t.lookup('a', 1n), { kind: 'hit', entryId: 0n });
  assert.deepEqual(t.lookup('b', 1n), { kind: 'hit', entryId: 1n });
  assert.deepEqual(t.lookup('a', 2n), { kind: 'new' });
  // Out-of-order sequences are fine while remembered (pipelined producers).
  assert.deepEqual(t.lookup('a', 0n), { kind: 'new' });
});

test('forgotten pairs are refused, never treated as new', () => {
  const t = new DedupeTable(3);
  for (let i = 0n; i < 5n; i++) t.record('p', i, i);
  assert.equal(t.size, 3);
  assert.deepEqual(t.lookup('p', 0n), { kind: 'forgotten', floor: 1n });
  assert.deepEqual(t.lookup('p', 1n), { kind: 'forgotten', floor: 1n });
  assert.deepEqual(t.lookup('p', 2n), { kind: 'hit', entryId: 2n });
  assert.deepEqual(t.lookup('p', 9n), { kind: 'new' });
  assert.deepEqual(t.lookup('q', 0n), { kind: 'new' });
});

test('the table is bounded in bytes: long producer ids evict the oldest pairs, which become floors', () => {
  const long = 'p'.repeat(1000);
  const t = new DedupeTable(1_000_000, 64 * 1024);
  for (let i = 0n; i < 1000n; i++) t.record(long, i, i);
  assert.ok(t.bytes <= 64 * 1024, `${t.bytes} bytes`);
  assert.ok(t.size < 1000 && t.size > 10, `${t.size} pairs`);
  assert.deepEqual(t.lookup(long, 999n), { kind: 'hit', entryId: 999n });
  assert.equal(t.lookup(long, 0n).kind, 'forgotten');
  // Many producers: floors are bounded as well.
  for (let i = 0; i < 5000; i++) t.record(`${long}${i}`, 1n, BigInt(i));
  assert.ok(t.bytes <= 64 * 1024, `${t.bytes} bytes`);
});
