import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProducerTable } from './producer-state.js';

test('a run of consecutive sequences at consecutive offsets answers every duplicate with its offset', () => {
  const t = new ProducerTable(10);
  assert.deepEqual(t.lookup('p', 0n), { kind: 'new' });
  t.record('p', 0n, 100n, 1);
  t.record('p', 1n, 101n, 2);
  t.record('p', 2n, 102n, 3);
  assert.deepEqual(t.lookup('p', 1n), { kind: 'duplicate', offset: 101n });
  assert.deepEqual(t.lookup('p', 3n), { kind: 'new' });
  // Someone else wrote in between: a new run starts; older sequences are stale, not rewritten.
  t.record('p', 3n, 110n, 4);
  assert.deepEqual(t.lookup('p', 3n), { kind: 'duplicate', offset: 110n });
  assert.deepEqual(t.lookup('p', 2n), { kind: 'stale', lastSequence: 3n, firstSequence: 3n });
  // Gaps are allowed (a failed, never-written sequence), order is kept.
  t.record('p', 9n, 111n, 5);
  assert.deepEqual(t.lookup('p', 5n), { kind: 'stale', lastSequence: 9n, firstSequence: 9n });
});

test('bounded: the producer that appended least recently is forgotten first; snapshots round-trip', () => {
  const t = new ProducerTable(2);
  t.record('a', 0n, 0n, 1);
  t.record('b', 0n, 1n, 2);
  t.record('a', 1n, 2n, 3);
  t.record('c', 0n, 3n, 4);
  assert.equal(t.size, 2);
  assert.deepEqual(t.lookup('b', 0n), { kind: 'new' });
  const again = ProducerTable.from(t.snapshot(), 2);
  assert.deepEqual(again.snapshot(), t.snapshot());
  assert.deepEqual(again.lookup('a', 1n), { kind: 'duplicate', offset: 2n });
});
