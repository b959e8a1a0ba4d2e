import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LogMetadata, SegmentInfo } from './log-metadata.js';
import { applyRetention, truncateBefore } from './log-retention.js';

const seg = (ledgerId: number, start: number, count: number, bytes: number, ts: number, sealed = true): SegmentInfo => ({
  ledgerId: BigInt(ledgerId), startOffset: BigInt(start), entryCount: BigInt(count), bytes: BigInt(bytes), createdMs: ts, sealed, maxTimestampMs: ts,
});
const log = (segments: SegmentInfo[], retention: LogMetadata['retention'] = { waitForCursors: false }): LogMetadata => ({
  name: 'a', createdMs: 0, ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, digestType: 'CRC32C', rollover: { maxEntries: 10, maxBytes: 100, maxAgeMs: 1000 }, retention, firstOffset: 0n, segments,
});

test('truncation moves the first offset and drops only whole sealed segments below it, never the last', () => {
  const m = log([seg(1, 0, 10, 100, 0), seg(2, 10, 10, 100, 0), seg(3, 20, 0, 0, 0, false)]);
  const t = truncateBefore(m, 15n)!;
  assert.equal(t.meta.firstOffset, 15n);
  assert.deepEqual(t.removed.map((s) => s.ledgerId), [1n]);
  assert.deepEqual(t.meta.segments.map((s) => s.ledgerId), [2n, 3n]);
  const all = truncateBefore(m, 20n)!;
  assert.deepEqual(all.meta.segments.map((s) => s.ledgerId), [3n]);
  assert.equal(truncateBefore(all.meta, 10n), null, 'truncation never moves back');
});

test('retention by age and by bytes, and waiting for cursors', () => {
  const segs = [seg(1, 0, 10, 100, 1000), seg(2, 10, 10, 100, 2000), seg(3, 20, 10, 100, 3000), seg(4, 30, 0, 0, 4000, false)];
  assert.equal(applyRetention(log(segs), 10_000, undefined), null, 'no policy, nothing goes');
  const byAge = applyRetention(log(segs, { maxAgeMs: 7500, waitForCursors: false }), 10_000, undefined)!;
  assert.deepEqual(byAge.removed.map((s) => s.ledgerId), [1n, 2n]);
  assert.equal(byAge.meta.firstOffset, 20n);
  const bySize = applyRetention(log(segs, { maxBytes: 150, waitForCursors: false }), 0, undefined)!;
  assert.deepEqual(bySize.removed.map((s) => s.ledgerId), [1n, 2n]);
  const waiting = applyRetention(log(segs, { maxAgeMs: 1, waitForCursors: true }), 10_000, 15n)!;
  assert.deepEqual(waiting.removed.map((s) => s.ledgerId), [1n], 'a cursor at 15 keeps segment 2');
  assert.equal(applyRetention(log(segs, { maxAgeMs: 1, waitForCursors: true }), 10_000, 5n), null);
});
