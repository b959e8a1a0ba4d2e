// Metadata arithmetic for ensemble changes (spec §5.2, §6.3): which segment an entry belongs to,
// and the segment list after replacing bookies from entry LAC+1 on.
import { invariant } from '../../../common/errors.js';
import type { Segment } from '../ledger-metadata-port.js';

/** The segment holding entryId: the one with the largest firstEntryId <= entryId. */
export function segmentFor(segments: readonly Segment[], entryId: bigint): Segment {
  invariant(segments.length > 0, 'ledger metadata without segments');
  let found = segments[0]!;
  for (const s of segments) {
    if (s.firstEntryId <= entryId) found = s;
    else break;
  }
  return found;
}

export function lastSegment(segments: readonly Segment[]): Segment {
  const s = segments[segments.length - 1];
  invariant(s !== undefined, 'ledger metadata without segments');
  return s;
}

/**
 * Segments after replacing ensemble indexes from firstEntryId = lac + 1: a new segment, or the
 * last one rewritten when it already starts there (no entry was confirmed since the last change).
 */
export function applyEnsembleChange(segments: readonly Segment[], lac: bigint, replacements: ReadonlyMap<number, string>): Segment[] {
  const last = lastSegment(segments);
  const start = lac + 1n;
  invariant(start >= last.firstEntryId, `ensemble change at ${start} before the last segment's start ${last.firstEntryId}`);
  const ensemble = last.bookies.slice();
  for (const [index, bookie] of replacements) {
    invariant(index >= 0 && index < ensemble.length, `replacement index ${index} out of range`);
    ensemble[index] = bookie;
  }
  invariant(new Set(ensemble).size === ensemble.length, `ensemble change produced duplicate bookies: ${ensemble.join(',')}`);
  const next: Segment = { firstEntryId: start, bookies: ensemble };
  return start === last.firstEntryId ? [...segments.slice(0, -1), next] : [...segments, next];
}

/**
 * A writer's segment list rebased on fresh metadata after a lost compare-and-set: every segment
 * before the fresh last one is taken from the fresh metadata when it starts at the same entry, so a
 * re-replication (autorecovery, decommission) that swapped a bookie in a sealed segment of this
 * OPEN ledger is kept, not overwritten. The writer only ever changes the last segment (rewritten
 * at LAC+1) or adds new ones, and re-replication never touches the last segment of an open ledger,
 * so the two never edit the same segment.
 */
export function rebaseSegments(mine: readonly Segment[], fresh: readonly Segment[]): Segment[] {
  return mine.map((s, j) => {
    const f = fresh[j];
    return j < fresh.length - 1 && f !== undefined && f.firstEntryId === s.firstEntryId && f.bookies.length === s.bookies.length ? f : s;
  });
}
