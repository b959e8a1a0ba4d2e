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
 * The segment list a writer stores after losing a compare-and-set: the stored segments before
 * the stored last one as they are now (auto-recovery may have swapped a lost bookie there; those
 * segments are otherwise immutable), then this handle's own from the stored last one on (only
 * the writer changes those while the ledger is open). Without it a writer's ensemble change or
 * close would put a re-replicated fragment's dead bookie back into the metadata.
 */
export function mergeSegments(stored: readonly Segment[], mine: readonly Segment[]): Segment[] {
  const from = lastSegment(stored).firstEntryId;
  return [...stored.filter((s) => s.firstEntryId < from), ...mine.filter((s) => s.firstEntryId >= from)];
}
