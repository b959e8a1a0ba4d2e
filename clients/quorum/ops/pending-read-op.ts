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
}

export function isNoEntry(e: unknown): boolean {
  return isQuireError(e, 'NO_SUCH_ENTRY') || isQuireError(e, 'NO_SUCH_LEDGER');
}

/** Reads one entry from its replicas. Rejects with the last real error if no replica could answer. */
export function readFromReplicas(p: ReplicaReadParams): Promise<ReplicaReadResult> {
  const { ctx, replicas } = p;
  return new Promise((resolve, reject) => {
    let next = 0;
    let outstanding = 0;
    let noEntry = 0;
    let done = false;
    let lastError: unknown = null;
    let timer: unknown = null;

    const finish = (f: () => void) => {
      done = true;
      if (timer !== null) ctx.clock.clearTimeout(timer);
      f();
    };
    const arm = () => {
      if (timer !== null) ctx.clock.clearTimeout(timer);
      timer = null;
      const ms = ctx.config.speculativeReadTimeoutMs;
      if (ms > 0 && next < replicas.length) {
        timer = ctx.clock.setTimeout(() => {
          timer = null;
          if (!done) sendNext();
        }, ms);
      }
    };
    const sendNext = (): boolean => {
      if (next >= replicas.length) return false;
      const bookie = replicas[next++]!;
      outstanding++;
      ctx.bookies.readEntry(bookie, p.ledgerId, p.entryId, p.options).then(
        (r) => onReply(null, r.entry, r.maxLac),
        (e: unknown) => onReply(e, null, undefined),
      );
      arm();
      return true;
    };
    const onReply = (error: unknown, entry: Buffer | null, maxLac: bigint | undefined) => {
      if (done) return;
      outstanding--;
      if (entry !== null) {
        try {
          const fields = unwrapEntry(p.digest, entry, p.ledgerId, p.entryId);
          finish(() => resolve(maxLac === undefined ? { kind: 'found', fields } : { kind: 'found', fields, maxLac }));
          return;
        } catch (e) {
          error = e;
        }
      }
      if (isNoEntry(error)) {
        noEntry++;
        if (noEntry >= p.absentAfter) {
          finish(() => resolve({ kind: 'absent' }));
          return;
        }
      } else {
        lastError = error;
      }
      if (!sendNext() && outstanding === 0) {
        finish(() => {
          if (lastError === null) resolve({ kind: 'absent' });
          else reject(lastError);
        });
      }
    };
    if (!sendNext()) finish(() => reject(new QuireError('INTERNAL', `no replicas to read entry ${p.entryId} from`)));
  });
}

export function replicasOf(segments: readonly Segment[], m: LedgerMetadata, entryId: bigint): string[] {
  const ensemble = segmentFor(segments, entryId).bookies;
  return writeSet(entryId, m.ensembleSize, m.writeQuorumSize).map((i) => ensemble[i]!);
}

export interface LedgerEntry {
  readonly entryId: bigint;
  readonly payload: Buffer;
}

/**
 * Reads entries first..last (inclusive) with a bounded window of entries in flight. A normal read
 * calls an entry missing only when every replica said so (NO_SUCH_ENTRY). onMaxLac receives the
 * bookies' piggybacked LAC.
 */
export async function readRange(
  ctx: ClientContext,
  digest: DigestManager,
  ledgerId: bigint,
  metadata: LedgerMetadata,
  first: bigint,
  last: bigint,
  onMaxLac?: (lac: bigint) => void,
): Promise<LedgerEntry[]> {
  const count = Number(last - first + 1n);
  const out = new Array<LedgerEntry>(count);
  let cursor = 0;
  const worker = async () => {
    while (cursor < count) {
      const i = cursor++;
      const entryId = first + BigInt(i);
      const replicas = replicasOf(metadata.segments, metadata, entryId);
      const r = await readFromReplicas({ ctx, digest, ledgerId, entryId, replicas, absentAfter: replicas.length });
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
