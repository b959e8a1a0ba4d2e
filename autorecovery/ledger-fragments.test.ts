// Which entries a fragment check reads (BookKeeper's LedgerChecker rule for
// auditorLedgerVerificationPercentage).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entriesToVerify, type Fragment } from './ledger-fragments.js';

const md = { ensembleSize: 3, writeQuorumSize: 2 };
// Index 0 of an E3 Qw2 segment stores entries 0,2,3,5,6,8,... (write sets {0,1},{1,2},{2,0}).
const f: Fragment = { segmentIndex: 0, firstEntryId: 0n, lastEntryId: 99n, bookieIndex: 0, bookie: 'b0' };

test('0 % reads the first and last stored entry only', () => {
  assert.deepEqual(entriesToVerify(md, f, 0), [0n, 99n]);
});

test('100 % (or more) reads every stored entry', () => {
  const all = entriesToVerify(md, f, 100);
  assert.equal(all.length, 67);
  assert.ok(all.every((e) => e % 3n !== 1n));
  assert.deepEqual(entriesToVerify(md, f, 250), all);
});

test('a percentage picks one id per bucket, kept only if stored, plus both ends', () => {
  // span 100, 10 % -> 10 buckets of 10 ids; the loop runs while i < 99 - 10 - 1, so 9 buckets.
  const picked = entriesToVerify(md, f, 10, () => 0);
  assert.deepEqual(picked, [0n, 20n, 30n, 50n, 60n, 80n, 99n]);
  const last = entriesToVerify(md, f, 10, () => 0.99);
  assert.deepEqual(last, [0n, 9n, 29n, 39n, 59n, 69n, 89n, 99n]);
});

test('a fragment without a known end or with one entry', () => {
  assert.deepEqual(entriesToVerify(md, { ...f, lastEntryId: undefined }, 100), []);
  assert.deepEqual(entriesToVerify(md, { ...f, lastEntryId: 0n }, 100), [0n]);
});
