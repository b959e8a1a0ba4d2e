// Reading entries (BookKeeper's PendingReadOp, spec §5.8): each entry is asked of its write set in
// order; an error reply or a digest mismatch moves on to the next replica, and a replica that is
// slow to answer gets company from the next one after the speculative timeout. An entry is
// "absent" only when enough bookies explicitly said they do not have it; I/O errors and timeouts
// never count as an answer about the entry (apache/bookkeeper#2908).
import { isQuireError, QuireError } from '../../../common/errors.js';
import type { ReadEntryOptions } from '../bookie-client/bookie-client.js';
import type { ClientContext } from '../client-context.js';
import type { DigestManager } from '../digest/digest-manager.js';
import { type EntryFields, unwrapEntry } from '../digest/entry-format.js';
import { writeSet } from '../ensemble/distribution-schedule.js';
import { segmentFor } from '../ensemble/ensemble-change.js';
import type { LedgerMetadata, Segment } from '../ledger-metadata-port.js';
import type { ReadPolicy } from './read-policy.js';
import { replicaSequence } from './replica-sequence.js';

export type ReplicaReadResult = { kind: 'found'; fields: EntryFields; maxLac?: bigint } | { kind: 'absent' };

export interface ReplicaReadParams {
  readonly ctx: ClientContext;
  readonly digest: DigestManager;
  readonly ledgerId: bigint;
  readonly entryId: bigint;
  /** Bookie ids to ask, in order (the entry's write set). */
  readonly replicas: readonly string[];
  /** How many explicit no-entry answers make the entry absent. */
  readonly absentAfter: number;
  readonly options?: ReadEntryOptions;
  /** Told of every bookie that answered with an error or a bad entry (sticky reads move past it). */
  readonly onReplicaError?: (bookieId: string) => void;
}

export function isNoEntry(e: unknown): boolean {
  return isQuireError(e, 'NO_SUCH_ENTRY') || isQuireError(e, 'NO_SUCH_LEDGER');
}

/** Reads one entry from its replicas. Rejects with the last real error if no replica could answer. */
export function readFromReplicas(p: ReplicaReadParams): Promise<ReplicaReadResult> {
  return new Promise((resolve, reject) => {
    let noEntry = 0;
    let lastError: unknown = null;
    const seq = replicaSequence(p.ctx, p.replicas, (bookie) => p.ctx.bookies.readEntry(bookie, p.ledgerId, p.entryId, p.options));
    const finish = (f: () => void) => {
      seq.finish();
      f();
    };
    seq.onAnswer = (bookie, error, r) => {
      if (r !== null) {
        try {
          const fields = unwrapEntry(p.digest, r.entry, p.ledgerId, p.entryId);
          finish(() => resolve(r.maxLac === undefined ? { kind: 'found', fields } : { kind: 'found', fields, maxLac: r.maxLac }));
          return;
        } catch (e) {
          error = e;
        }
      }
      p.onReplicaError?.(bookie);
      if (isNoEntry(error)) {
        noEntry++;
        if (noEntry >= p.absentAfter) {
          finish(() => resolve({ kind: 'absent' }));
          return;
        }
      } else {
        lastError = error;
      }
      if (!seq.sendNext() && seq.outstanding === 0) {
        finish(() => {
          if (lastError === null) resolve({ kind: 'absent' });
          else reject(lastError);
        });
      }
    };
    if (!seq.sendNext()) finish(() => reject(new QuireError('INTERNAL', `no replicas to read entry ${p.entryId} from`)));
  });
}

export function replicasOf(segments: readonly Segment[], m: LedgerMetadata, entryId: bigint): string[] {
  const ensemble = segmentFor(segments, entryId).bookies;
  return writeSet(entryId, m.ensembleSize, m.writeQuorumSize).map((i) => ensemble[i]!);
}

/** What a range read of one handle needs. */
export interface RangeRead {
  readonly ctx: ClientContext;
  readonly digest: DigestManager;
  readonly ledgerId: bigint;
  readonly metadata: LedgerMetadata;
  /** Receives the LAC the bookies piggyback (v3 maxLAC, or the entries' own LAC field). */
  readonly onMaxLac?: (lac: bigint) => void;
  /** Read order (sticky reads) and batch state of the handle. */
  readonly policy?: ReadPolicy;
}

export interface LedgerEntry {
  readonly entryId: bigint;
  readonly payload: Buffer;
}

/**
 * Reads entries first..last (inclusive) with a bounded window of entries in flight. A normal read
 * calls an entry missing only when every replica said so (NO_SUCH_ENTRY). onMaxLac receives the
 * bookies' piggybacked LAC. With a policy, replicas are asked in its order (sticky reads) and told
 * of the ones that failed.
 */
export async function readRange(r: RangeRead, first: bigint, last: bigint): Promise<LedgerEntry[]> {
  const { ctx, digest, ledgerId, metadata, onMaxLac, policy } = r;
  const count = Number(last - first + 1n);
  const out = new Array<LedgerEntry>(count);
  let cursor = 0;
  const worker = async () => {
    while (cursor < count) {
      const i = cursor++;
      const entryId = first + BigInt(i);
      const replicas = policy ? policy.replicasFor(metadata, entryId) : replicasOf(metadata.segments, metadata, entryId);
      const onReplicaError = policy ? (b: string) => policy.recordReadError(metadata, entryId, b) : undefined;
      const r = await readFromReplicas({ ctx, digest, ledgerId, entryId, replicas, absentAfter: replicas.length, ...(onReplicaError ? { onReplicaError } : {}) });
      if (r.kind === 'absent') throw new QuireError('NO_SUCH_ENTRY', `entry ${entryId} of ledger ${ledgerId} is on none of its bookies`);
      if (r.maxLac !== undefined) onMaxLac?.(r.maxLac);
      out[i] = { entryId, payload: r.fields.payload };
    }
  };
  const workers: Promise<void>[] = [];
  for (let w = 0; w < Math.min(ctx.config.readConcurrency, count); w++) workers.push(worker());
  await Promise.all(workers);
  return out;
}
