// The one fragment copier behind both decommission (bookie-decommission.ts) and auto-recovery's
// replication worker (autorecovery/ledger-fragment-replicator.ts), BookKeeper's
// LedgerFragmentReplicator: each entry is read from the first source bookie that gives it with a
// valid digest, and written to the target as it is stored (the same bytes, LAC field and digest
// included) with RECOVERY_ADD, so a fenced or closed ledger still takes it. At most `batchSize`
// entries are in flight (rereplicationEntryBatchSize), so memory is bounded by that many entries.
import { QuireError, isQuireError } from '../../../common/errors.js';
import type { BookieClient } from '../bookie-client/bookie-client.js';
import { createDigestManager, masterKeyOf, parseDigestType } from '../digest/digest-manager.js';
import { unwrapEntry } from '../digest/entry-format.js';
import type { LedgerMetadata } from '../ledger-metadata-port.js';

export interface CopyEntriesInput {
  readonly bookies: BookieClient;
  readonly ledgerId: bigint;
  readonly metadata: Pick<LedgerMetadata, 'password' | 'digestType'>;
  /** The entries to copy, ascending. */
  readonly entries: Iterable<bigint>;
  /** Bookies to read each entry from, in order of preference. */
  readonly sourcesOf: (entryId: bigint) => readonly string[];
  readonly target: string;
  readonly batchSize: number;
}

export interface CopyResult {
  readonly entries: number;
  readonly bytes: number;
}

export async function copyEntries(input: CopyEntriesInput): Promise<CopyResult> {
  const { bookies, ledgerId, metadata: md } = input;
  const password = md.password ?? Buffer.alloc(0);
  const digest = createDigestManager(parseDigestType(md.digestType ?? 'CRC32'), password);
  const masterKey = masterKeyOf(password);
  let entries = 0;
  let bytes = 0;

  const copy = async (entryId: bigint): Promise<void> => {
    const sources = input.sourcesOf(entryId);
    // A source that could not answer (I/O error, unreachable, bad digest) is not a source that
    // lacks the entry: its error is what the caller sees, never NO_SUCH_ENTRY.
    let failure: unknown;
    for (const src of sources) {
      let stored: Buffer;
      try {
        stored = (await bookies.readEntry(src, ledgerId, entryId)).entry;
        unwrapEntry(digest, stored, ledgerId, entryId);
      } catch (e) {
        if (!isQuireError(e, 'NO_SUCH_ENTRY') && !isQuireError(e, 'NO_SUCH_LEDGER')) failure = e;
        continue;
      }
      await bookies.addEntry(input.target, ledgerId, entryId, masterKey, stored, { recovery: true });
      entries++;
      bytes += stored.length;
      return;
    }
    if (failure !== undefined) throw failure;
    throw new QuireError('NO_SUCH_ENTRY', `ledger ${ledgerId} entry ${entryId}: none of [${sources.join(', ')}] has it`);
  };

  let batch: Promise<void>[] = [];
  const drain = async () => {
    const results = await Promise.allSettled(batch);
    batch = [];
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  };
  for (const entryId of input.entries) {
    batch.push(copy(entryId));
    if (batch.length >= Math.max(1, input.batchSize)) await drain();
  }
  await drain();
  return { entries, bytes };
}
