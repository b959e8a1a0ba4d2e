// BookKeeper's LedgerFragmentReplicator: copies the entries of one fragment whose bookie is lost
// onto a new bookie. Each entry is read from a surviving bookie of its write set, its digest
// checked, and written to the target as it is stored (the same bytes, LAC field included) with
// RECOVERY_ADD, so a fenced or closed ledger still takes it. At most `batchSize` entries are in
// flight (rereplicationEntryBatchSize), so memory is bounded by batchSize entries.
import { QuireError, isQuireError } from '../common/errors.js';
import { createDigestManager, masterKeyOf, parseDigestType, unwrapEntry, writeSet, type BookieClient, type LedgerMetadata } from '../clients/quorum/index.js';
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
  const { bookies, ledgerId, metadata: md, fragment: f } = input;
  const password = md.password ?? Buffer.alloc(0);
  const digest = createDigestManager(parseDigestType(md.digestType ?? 'CRC32'), password);
  const masterKey = masterKeyOf(password);
  const ensemble = md.segments[f.segmentIndex]!.bookies;
  let entries = 0;
  let bytes = 0;

  const copy = async (entryId: bigint): Promise<void> => {
    const sources = writeSet(entryId, md.ensembleSize, md.writeQuorumSize)
      .map((i) => ensemble[i]!)
      .filter((b) => b !== f.bookie && !input.missing.has(b));
    let lastError: unknown = new QuireError('NO_SUCH_ENTRY', `ledger ${ledgerId} entry ${entryId}: no surviving replica to copy from`);
    for (const src of sources) {
      let stored: Buffer;
      try {
        stored = (await bookies.readEntry(src, ledgerId, entryId)).entry;
        unwrapEntry(digest, stored, ledgerId, entryId);
      } catch (e) {
        lastError = e;
        continue;
      }
      await bookies.addEntry(input.target, ledgerId, entryId, masterKey, stored, { recovery: true });
      entries++;
      bytes += stored.length;
      return;
    }
    throw lastError;
  };

  let batch: Promise<void>[] = [];
  const drain = async () => {
    const results = await Promise.allSettled(batch);
    batch = [];
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  };
  for (const entryId of entriesOf(md, f)) {
    batch.push(copy(entryId));
    if (batch.length >= input.batchSize) await drain();
  }
  await drain();
  return { entries, bytes };
}

/** True for errors that say the bookie does not have the entry (not that it could not answer). */
export function isMissingEntry(e: unknown): boolean {
  return isQuireError(e, 'NO_SUCH_ENTRY') || isQuireError(e, 'NO_SUCH_LEDGER');
}
