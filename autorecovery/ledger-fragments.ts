// A ledger's fragments (BookKeeper's LedgerFragment): one per (segment, ensemble index), holding
// the entries of the segment whose write set includes that index. The last segment of a ledger
// that is not closed has no known end yet.
import { writeSet, type LedgerMetadata } from '../clients/quorum/index.js';

export interface Fragment {
  readonly segmentIndex: number;
  readonly firstEntryId: bigint;
  /** Last entry of the segment; undefined for the open end of a ledger not closed. Below firstEntryId: empty. */
  readonly lastEntryId: bigint | undefined;
  readonly bookieIndex: number;
  readonly bookie: string;
}

export function fragmentsOf(md: LedgerMetadata): Fragment[] {
  const out: Fragment[] = [];
  md.segments.forEach((s, i) => {
    const next = md.segments[i + 1];
    const lastEntryId = next ? next.firstEntryId - 1n : md.state === 'CLOSED' ? md.lastEntryId : undefined;
    s.bookies.forEach((bookie, bookieIndex) => out.push({ segmentIndex: i, firstEntryId: s.firstEntryId, lastEntryId, bookieIndex, bookie }));
  });
  return out;
}

/** True when entry e is stored on ensemble index i. */
export function storesEntry(md: Pick<LedgerMetadata, 'ensembleSize' | 'writeQuorumSize'>, entryId: bigint, bookieIndex: number): boolean {
  return writeSet(entryId, md.ensembleSize, md.writeQuorumSize).includes(bookieIndex);
}

/** The entries of a closed fragment its bookie holds, ascending (every E-th run of Qw). */
export function* entriesOf(md: Pick<LedgerMetadata, 'ensembleSize' | 'writeQuorumSize'>, f: Fragment): Generator<bigint> {
  if (f.lastEntryId === undefined) return;
  for (let e = f.firstEntryId; e <= f.lastEntryId; e++) if (storesEntry(md, e, f.bookieIndex)) yield e;
}

/** First and last entry the fragment's bookie holds (at most E steps from each end), or [] if none. */
export function endsOf(md: Pick<LedgerMetadata, 'ensembleSize' | 'writeQuorumSize'>, f: Fragment): bigint[] {
  if (f.lastEntryId === undefined || f.lastEntryId < f.firstEntryId) return [];
  let first: bigint | undefined;
  let last: bigint | undefined;
  for (let e = f.firstEntryId, n = 0; e <= f.lastEntryId && n < md.ensembleSize; e++, n++) {
    if (storesEntry(md, e, f.bookieIndex)) {
      first = e;
      break;
    }
  }
  for (let e = f.lastEntryId, n = 0; e >= f.firstEntryId && n < md.ensembleSize; e--, n++) {
    if (storesEntry(md, e, f.bookieIndex)) {
      last = e;
      break;
    }
  }
  if (first === undefined || last === undefined) return [];
  return first === last ? [first] : [first, last];
}

/**
 * The entries of a fragment to read when checking it (BookKeeper's LedgerChecker with
 * auditorLedgerVerificationPercentage): always the first and last stored entry; with a
 * percentage p, n = floor(span * p / 100) of the span first..last, and when n is below the span
 * one random id from each bucket of span / n ids (kept only if this bookie stores it), else every
 * stored entry. p = 0 (the default) reads just the two ends. Ascending.
 */
export function entriesToVerify(md: Pick<LedgerMetadata, 'ensembleSize' | 'writeQuorumSize'>, f: Fragment, percentage: number, random: () => number = Math.random): bigint[] {
  const ends = endsOf(md, f);
  if (ends.length < 2) return ends;
  const first = ends[0]!;
  const last = ends[1]!;
  const span = last - first + 1n;
  // Java's (int) (span * (p / 100.0)): truncated toward zero.
  const n = BigInt(Math.trunc(Number(span) * (percentage / 100)));
  if (n >= span) return [...entriesOf(md, { ...f, firstEntryId: first, lastEntryId: last })];
  const picked = new Set<bigint>([first, last]);
  if (n > 0n) {
    const bucket = span / n;
    // BookKeeper's loop bound, kept as is (the last bucket or two are left to `last`).
    for (let i = first; i < last - bucket - 1n; i += bucket) {
      const e = i + BigInt(Math.floor(random() * Number(bucket)));
      if (storesEntry(md, e, f.bookieIndex)) picked.add(e);
    }
  }
  return [...picked].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
