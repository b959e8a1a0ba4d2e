import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeSegments } from './ensemble-change.js';

test('mergeSegments keeps auto-recovery\'s swaps in closed segments and the writer\'s own last segments', () => {
  const stored = [
    { firstEntryId: 0n, bookies: ['new', 'b', 'c'] }, // auto-recovery replaced "dead" here
    { firstEntryId: 10n, bookies: ['d', 'b', 'c'] },
  ];
  const writer = [
    { firstEntryId: 0n, bookies: ['dead', 'b', 'c'] },
    { firstEntryId: 10n, bookies: ['d', 'b', 'c'] },
    { firstEntryId: 25n, bookies: ['d', 'e', 'c'] }, // the writer's ensemble change
  ];
  assert.deepEqual(mergeSegments(stored, writer), [stored[0], writer[1], writer[2]]);
  // The writer rewrote the stored last segment (no entry confirmed since): its version wins.
  const rewritten = [writer[0]!, { firstEntryId: 10n, bookies: ['d', 'e', 'c'] }];
  assert.deepEqual(mergeSegments(stored, rewritten), [stored[0], rewritten[1]]);
});
