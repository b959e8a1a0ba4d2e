// Range reads with v2 batch reads (BookKeeper's BatchedReadOp, BP-62), used only when every bookie
// of the ensemble holds every entry (E == Qw; ReadPolicy.batchAllowed). A range is cut into runs
// of at most maxBatchReadCount entries that never cross a segment (an ensemble change), and
// maxBatchReadsInFlight runs are read at once. Each run asks one bookie at a time, in the read
// order of its first entry (sticky bookie first when sticky reads are on), with the speculative
// timeout of single reads. Entries are verified in order: a bad first entry moves the batch to the
// next replica, a bad later one ends the reply at the verified prefix, and the rest of the run is
// asked for again (so it goes to another replica via the sticky move, or to the same bookie, which
// then answers with the bad entry first). A short reply (the bookie stopped at a gap or at its size
// cap) continues from where it stopped. A run that no replica would serve is read entry by entry
// (readRange), so errors, absent entries and past-the-end reads end exactly as single reads do;
// when every replica failed with BOOKIE_UNAVAILABLE (what a bookie without batch reads does: it
// closes the connection) the handle stops batching, as BookKeeper's notSupportBatch.
import { isQuireError, QuireError } from '../../../common/errors.js';
import type { ClientContext } from '../client-context.js';
import type { DigestManager } from '../digest/digest-manager.js';
import { type EntryFields, unwrapEntry } from '../digest/entry-format.js';
import type { LedgerMetadata } from '../ledger-metadata-port.js';
import { type LedgerEntry, type RangeRead, readRange } from './pending-read-op.js';
import type { ReadPolicy } from './read-policy.js';
import { replicaSequence } from './replica-sequence.js';

interface BatchParams {
  readonly ctx: ClientContext;
  readonly digest: DigestManager;
  readonly ledgerId: bigint;
  readonly metadata: LedgerMetadata;
  readonly policy: ReadPolicy;
  readonly start: bigint;
  /** Entries wanted from start (the reply is cut to this many). */
  readonly count: number;
}

type BatchOutcome = { kind: 'entries'; fields: EntryFields[] } | { kind: 'failed'; allUnavailable: boolean };

/** Verifies a reply's entries in order; the verified prefix (empty when the first is bad). */
function verifiedPrefix(p: BatchParams, bodies: readonly Buffer[]): EntryFields[] {
  const out: EntryFields[] = [];
  for (let i = 0; i < bodies.length && i < p.count; i++) {
    try {
      out.push(unwrapEntry(p.digest, bodies[i]!, p.ledgerId, p.start + BigInt(i)));
    } catch {
      break;
    }
  }
  return out;
}

/** One batch read of a run's next entries, replica after replica (BookKeeper's SequenceReadRequest). */
function batchFromReplicas(p: BatchParams): Promise<BatchOutcome> {
  const { ctx, policy, metadata } = p;
  const options = { maxCount: p.count, maxSizeBytes: ctx.config.maxBatchReadSize };
  return new Promise((resolve) => {
    let allUnavailable = true;
    const seq = replicaSequence(ctx, policy.replicasFor(metadata, p.start), (bookie) => ctx.bookies.batchRead(bookie, p.ledgerId, p.start, options));
    const finish = (o: BatchOutcome) => {
      seq.finish();
      resolve(o);
    };
    seq.onAnswer = (bookie, error, bodies) => {
      const fields = bodies ? verifiedPrefix(p, bodies) : [];
      if (fields.length > 0) {
        // A later bad entry still counts against the bookie, so the rest goes elsewhere first.
        if (fields.length < Math.min(bodies!.length, p.count)) policy.recordReadError(metadata, p.start, bookie);
        finish({ kind: 'entries', fields });
        return;
      }
      policy.recordReadError(metadata, p.start, bookie);
      if (!isQuireError(error, 'BOOKIE_UNAVAILABLE')) allUnavailable = false;
      if (!seq.sendNext() && seq.outstanding === 0) finish({ kind: 'failed', allUnavailable });
    };
    if (!seq.sendNext()) finish({ kind: 'failed', allUnavailable: false });
  });
}

/** The first entry id of the segment after the one holding entryId (none: no bound). */
function segmentEnd(m: LedgerMetadata, entryId: bigint): bigint | null {
  for (const s of m.segments) if (s.firstEntryId > entryId) return s.firstEntryId - 1n;
  return null;
}

/** Reads entries first..last (inclusive) with batch reads; the same entries, or the same error, as readRange. */
export async function readRangeBatched(r: RangeRead & { readonly policy: ReadPolicy }, first: bigint, last: bigint): Promise<LedgerEntry[]> {
  const { ctx, digest, ledgerId, metadata, onMaxLac, policy } = r;
  const out = new Array<LedgerEntry>(Number(last - first + 1n));
  const runs: [bigint, bigint][] = [];
  const maxCount = BigInt(ctx.config.maxBatchReadCount);
  for (let s = first; s <= last; ) {
    const segEnd = segmentEnd(metadata, s);
    let e = s + maxCount - 1n;
    if (e > last) e = last;
    if (segEnd !== null && e > segEnd) e = segEnd;
    runs.push([s, e]);
    s = e + 1n;
  }
  const place = (entries: readonly LedgerEntry[]) => {
    for (const en of entries) out[Number(en.entryId - first)] = en;
  };
  const readRun = async (runFirst: bigint, runLast: bigint) => {
    let s = runFirst;
    while (s <= runLast) {
      if (!policy.batchAllowed(metadata)) break;
      const o = await batchFromReplicas({ ctx, digest, ledgerId, metadata, policy, start: s, count: Number(runLast - s + 1n) });
      if (o.kind === 'failed') {
        if (o.allUnavailable) policy.refuseBatches();
        break;
      }
      let lac = -1n;
      for (const f of o.fields) {
        out[Number(f.entryId - first)] = { entryId: f.entryId, payload: f.payload };
        if (f.lastAddConfirmed > lac) lac = f.lastAddConfirmed;
      }
      // Each entry carries the writer's LAC when it was sent (v2 replies have no maxLAC).
      if (lac >= 0n) onMaxLac?.(lac);
      s += BigInt(o.fields.length);
    }
    if (s <= runLast) place(await readRange(r, s, runLast));
  };
  let cursor = 0;
  const worker = async () => {
    while (cursor < runs.length) {
      const [s, e] = runs[cursor++]!;
      await readRun(s, e);
    }
  };
  await Promise.all(Array.from({ length: Math.min(ctx.config.maxBatchReadsInFlight, runs.length) }, () => worker()));
  for (let i = 0; i < out.length; i++) {
    if (out[i] === undefined) throw new QuireError('INTERNAL', `batched read of ledger ${ledgerId} left entry ${first + BigInt(i)} unread`);
  }
  return out;
}
