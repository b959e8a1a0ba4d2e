// Which head segments a truncation or the retention policy removes. Pure functions over the log's
// metadata, applied inside a compare-and-set update; the ledgers of removed segments are deleted
// only after the new metadata is stored (a crash in between leaves an orphan ledger, never a
// listed segment without its ledger). The last segment (the one being written) is never removed.
import type { LogMetadata, SegmentInfo } from './log-metadata.js';

export interface Trim {
  readonly meta: LogMetadata;
  readonly removed: readonly SegmentInfo[];
}

const endOf = (s: SegmentInfo) => s.startOffset + s.entryCount;

/** Drops every record below `before`: firstOffset moves up, whole segments below it go. */
export function truncateBefore(m: LogMetadata, before: bigint): Trim | null {
  const first = before > m.firstOffset ? before : m.firstOffset;
  const removed: SegmentInfo[] = [];
  let i = 0;
  while (i < m.segments.length - 1 && m.segments[i]!.sealed && endOf(m.segments[i]!) <= first) removed.push(m.segments[i++]!);
  if (first === m.firstOffset && removed.length === 0) return null;
  return { meta: { ...m, firstOffset: first, segments: m.segments.slice(i) }, removed };
}

/**
 * Applies the retention policy: sealed head segments go while they are older than maxAgeMs (their
 * newest record, else their creation) or while the sealed segments hold more than maxBytes; with
 * waitForCursors, never a segment some cursor has not passed (`minCursor`: the lowest cursor
 * offset, undefined when the log has no cursor).
 */
export function applyRetention(m: LogMetadata, nowMs: number, minCursor: bigint | undefined): Trim | null {
  const r = m.retention;
  if (r.maxAgeMs === undefined && r.maxBytes === undefined) return null;
  let sealedBytes = 0n;
  for (const s of m.segments) if (s.sealed) sealedBytes += s.bytes;
  const removed: SegmentInfo[] = [];
  let i = 0;
  while (i < m.segments.length - 1) {
    const s = m.segments[i]!;
    if (!s.sealed) break;
    const expired = r.maxAgeMs !== undefined && nowMs - (s.maxTimestampMs ?? s.createdMs) > r.maxAgeMs;
    const oversize = r.maxBytes !== undefined && sealedBytes > BigInt(r.maxBytes);
    if (!expired && !oversize) break;
    if (r.waitForCursors && minCursor !== undefined && minCursor < endOf(s)) break;
    removed.push(s);
    sealedBytes -= s.bytes;
    i++;
  }
  if (removed.length === 0) return null;
  const cut = endOf(removed[removed.length - 1]!);
  return { meta: { ...m, firstOffset: cut > m.firstOffset ? cut : m.firstOffset, segments: m.segments.slice(i) }, removed };
}
