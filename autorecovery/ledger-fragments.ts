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
