// BookKeeper's LedgerFragmentReplicator: copies the entries of one fragment whose bookie is lost
// onto a new bookie, through the copier decommission uses too (clients/quorum/admin/fragment-copier.ts). Each entry is read from a surviving bookie of its write set, its digest
// checked, and written to the target as it is stored (the same bytes, LAC field included) with
// RECOVERY_ADD, so a fenced or closed ledger still takes it. At most `batchSize` entries are in
// flight (rereplicationEntryBatchSize), so memory is bounded by batchSize entries.
import { isQuireError } from '../common/errors.js';
import { copyEntries, writeSet, type BookieClient, type LedgerMetadata } from '../clients/quorum/index.js';
import { entriesOf, type Fragment } from './ledger-fragments.js';

export interface ReplicateFragmentInput {
  readonly bookies: BookieClient;
  readonly ledgerId: bigint;
  readonly metadata: LedgerMetadata;
  readonly fragment: Fragment;
  /** Bookies known to be lost: never read from. */
  readonly missing: ReadonlySet<string>;
  readonly target: string;
  readonly batchSize: number;
}

export interface ReplicateResult {
  readonly entries: number;
  readonly bytes: number;
}

export async function replicateFragment(input: ReplicateFragmentInput): Promise<ReplicateResult> {
  const { metadata: md, fragment: f } = input;
  const ensemble = md.segments[f.segmentIndex]!.bookies;
  return copyEntries({
    bookies: input.bookies,
    ledgerId: input.ledgerId,
    metadata: md,
    entries: entriesOf(md, f),
    sourcesOf: (entryId) => writeSet(entryId, md.ensembleSize, md.writeQuorumSize).map((i) => ensemble[i]!).filter((b) => b !== f.bookie && !input.missing.has(b)),
    target: input.target,
    batchSize: input.batchSize,
  });
}

/** True for errors that say the bookie does not have the entry (not that it could not answer). */
export function isMissingEntry(e: unknown): boolean {
  return isQuireError(e, 'NO_SUCH_ENTRY') || isQuireError(e, 'NO_SUCH_LEDGER');
}
