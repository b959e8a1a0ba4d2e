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
