import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { absentThreshold, QuorumCoverageSet, validateQuorum, writeSet } from './distribution-schedule.js';
import { applyEnsembleChange, mergeSegments, segmentFor } from './ensemble-change.js';
import { isQuireError } from '../../../common/errors.js';

describe('distribution schedule', () => {
  test('round robin from entryId mod E', () => {
    assert.deepEqual(writeSet(0n, 3, 2), [0, 1]);
    assert.deepEqual(writeSet(2n, 3, 2), [2, 0]);
    assert.deepEqual(writeSet(7n, 5, 3), [2, 3, 4]);
    assert.deepEqual(writeSet(9n, 5, 5), [4, 0, 1, 2, 3]);
  });

  test('64-bit entry ids past 2^31 (Java truncation quirk avoided)', () => {
    // 2^31 + 1 = 2147483649; mod 3 = 0 (2147483649 = 3 * 715827883)
    assert.deepEqual(writeSet(2147483649n, 3, 2), [0, 1]);
    assert.deepEqual(writeSet((1n << 62n) + 5n, 7, 3), writeSet(((1n << 62n) + 5n) % 7n, 7, 3));
  });

  test('write sets are distinct indexes (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 63n) - 1n }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), (e, ens, w) => {
        const wq = Math.min(ens, w);
        const ws = writeSet(e, ens, wq);
        assert.equal(ws.length, wq);
        assert.equal(new Set(ws).size, wq);
        assert.equal(ws[0], Number(e % BigInt(ens)));
      }),
    );
  });

  test('quorum validation', () => {
    assert.equal(validateQuorum({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2 }), null);
    assert.match(validateQuorum({ ensembleSize: 2, writeQuorumSize: 3, ackQuorumSize: 2 })!, /ensembleSize/);
    assert.match(validateQuorum({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 3 })!, /writeQuorumSize/);
    assert.match(validateQuorum({ ensembleSize: 0, writeQuorumSize: 0, ackQuorumSize: 0 })!, /ensembleSize/);
    assert.match(validateQuorum({ ensembleSize: 3, writeQuorumSize: 2.5, ackQuorumSize: 1 })!, /writeQuorumSize/);
  });
});

describe('coverage rule', () => {
  test('E=3 Qw=2 Qa=2: any two bookies cover, one does not', () => {
    const q = { ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2 };
    const c = new QuorumCoverageSet(q);
    assert.equal(c.covered(), false);
    c.addBookie(1);
    assert.equal(c.covered(), false);
    c.addBookie(2);
    assert.equal(c.covered(), true);
  });

  test('E=5 Qw=3 Qa=2: needs >= 2 of every window of 3 answered', () => {
    const q = { ensembleSize: 5, writeQuorumSize: 3, ackQuorumSize: 2 };
    const c = new QuorumCoverageSet(q);
    for (const i of [0, 2]) c.addBookie(i);
    assert.equal(c.covered(), false); // window {3,4,0} misses 3 and 4
    c.addBookie(3);
    assert.equal(c.covered(), false); // window {4,0,1} still misses 4 and 1
    c.addBookie(1);
    assert.equal(c.covered(), true); // only 4 is missing now
  });

  test('matches brute force: covered iff no write set can hold Qa unanswered (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }), (e, w0, a0, ans) => {
        const w = Math.min(e, w0);
        const a = Math.min(w, a0);
        const c = new QuorumCoverageSet({ ensembleSize: e, writeQuorumSize: w, ackQuorumSize: a });
        for (let i = 0; i < e; i++) if (ans[i]) c.addBookie(i);
        let expected = true;
        for (let entry = 0n; entry < BigInt(e); entry++) {
          const unanswered = writeSet(entry, e, w).filter((i) => !ans[i]).length;
          if (unanswered >= a) expected = false;
        }
        assert.equal(c.covered(), expected);
      }),
    );
  });

  test('absent threshold is Qw - Qa + 1', () => {
    assert.equal(absentThreshold({ ensembleSize: 3, writeQuorumSize: 3, ackQuorumSize: 2 }), 2);
    assert.equal(absentThreshold({ ensembleSize: 5, writeQuorumSize: 3, ackQuorumSize: 3 }), 1);
  });
});

describe('ensemble change', () => {
  const segs = [{ firstEntryId: 0n, bookies: ['a', 'b', 'c'] }];
  test('new segment at LAC+1', () => {
    const next = applyEnsembleChange(segs, 9n, new Map([[1, 'd']]));
    assert.deepEqual(next, [segs[0], { firstEntryId: 10n, bookies: ['a', 'd', 'c'] }]);
    assert.deepEqual(segmentFor(next, 9n).bookies, ['a', 'b', 'c']);
    assert.deepEqual(segmentFor(next, 10n).bookies, ['a', 'd', 'c']);
    assert.deepEqual(segmentFor(next, 1000n).bookies, ['a', 'd', 'c']);
  });
  test('replaces the last segment when it starts at LAC+1', () => {
    const once = applyEnsembleChange(segs, 9n, new Map([[1, 'd']]));
    const twice = applyEnsembleChange(once, 9n, new Map([[0, 'e']]));
    assert.deepEqual(twice, [segs[0], { firstEntryId: 10n, bookies: ['e', 'd', 'c'] }]);
    const fromStart = applyEnsembleChange(segs, -1n, new Map([[2, 'f']]));
    assert.deepEqual(fromStart, [{ firstEntryId: 0n, bookies: ['a', 'b', 'f'] }]);
  });
  test('rejects duplicates and changes before the last segment', () => {
    assert.throws(() => applyEnsembleChange(segs, 9n, new Map([[1, 'a']])), (e) => isQuireError(e, 'INTERNAL'));
    const once = applyEnsembleChange(segs, 9n, new Map([[1, 'd']]));
    assert.throws(() => applyEnsembleChange(once, 5n, new Map([[1, 'e']])), (e) => isQuireError(e, 'INTERNAL'));
  });
  test('merge keeps a re-replication of sealed segments, never the last one, and adds the writer\'s new ones', () => {
    const fresh = [
      { firstEntryId: 0n, bookies: ['x', 'b', 'c'] }, // re-replicated: a -> x
      { firstEntryId: 10n, bookies: ['a', 'd', 'c'] },
    ];
    const mine = [
      { firstEntryId: 0n, bookies: ['a', 'b', 'c'] },
      { firstEntryId: 10n, bookies: ['a', 'd', 'c'] },
      { firstEntryId: 20n, bookies: ['a', 'd', 'e'] },
    ];
    assert.deepEqual(mergeSegments(fresh, mine), [fresh[0], mine[1], mine[2]]);
    // The writer's rewrite of its last segment wins over the fresh copy of it.
    const rewritten = [mine[0]!, { firstEntryId: 10n, bookies: ['f', 'd', 'c'] }];
    assert.deepEqual(mergeSegments(fresh, rewritten), [fresh[0], rewritten[1]]);
  });
});
