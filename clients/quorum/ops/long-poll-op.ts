// Waiting for the LAC to move (spec §5.7): a long-poll read of entry -1 with previousLAC, sent to
// one bookie of the last segment at a time; an error moves on to the next bookie. With piggyback
// the bookie also returns entry previousLAC+1 when it has it, verified here. Bookies that have no
// entry of the ledger yet (a fresh ledger: nothing written, or nothing reached them) answer at once
// with no-such-ledger/no-such-entry, Java bookies as Quire's: when all of them do, that is "nothing
// confirmed yet", not an error (BookKeeper's ReadLastConfirmedAndEntryOp counts such empty
// answers the same way), after a short wait so that a tailer does not spin.
import { isQuireError, QuireError } from '../../../common/errors.js';
import type { ClientContext } from '../client-context.js';
import type { DigestManager } from '../digest/digest-manager.js';
import { unwrapEntry } from '../digest/entry-format.js';
import { lastSegment } from '../ensemble/ensemble-change.js';
import type { LedgerMetadata } from '../ledger-metadata-port.js';
import type { LedgerEntry } from './pending-read-op.js';

export interface LongPollOutcome {
  /** The LAC the bookie reported (may equal previousLac on timeout). */
  readonly lac: bigint;
  /** Entry previousLac+1 when piggybacked. */
  readonly entry?: LedgerEntry;
}

/** How long to wait before answering "no change" when every bookie said it has nothing of the ledger. */
export const EMPTY_LONG_POLL_WAIT_MS = 200;

const isEmptyAnswer = (e: unknown) => isQuireError(e, 'NO_SUCH_LEDGER') || isQuireError(e, 'NO_SUCH_ENTRY');

export async function longPollLastConfirmed(
  ctx: ClientContext,
  digest: DigestManager,
  ledgerId: bigint,
  m: LedgerMetadata,
  previousLac: bigint,
  timeoutMs: number,
  startIndex: number,
): Promise<LongPollOutcome> {
  const ensemble = lastSegment(m.segments).bookies;
  let lastError: unknown = null;
  let empty = 0;
  for (let i = 0; i < ensemble.length; i++) {
    const bookie = ensemble[(startIndex + i) % ensemble.length]!;
    try {
      const r = await ctx.bookies.longPollRead(bookie, ledgerId, previousLac, timeoutMs, true);
      if (r.entryId >= 0n && r.entry) {
        try {
          const f = unwrapEntry(digest, r.entry, ledgerId, previousLac + 1n);
          return { lac: r.maxLac, entry: { entryId: f.entryId, payload: f.payload } };
        } catch {
          // A bad piggybacked entry only loses the shortcut; the LAC is still good.
        }
      }
      return { lac: r.maxLac };
    } catch (e) {
      lastError = e;
      if (isEmptyAnswer(e)) empty++;
    }
  }
  if (empty === ensemble.length) {
    await new Promise((r) => setTimeout(r, Math.min(timeoutMs, EMPTY_LONG_POLL_WAIT_MS)));
    return { lac: previousLac };
  }
  throw lastError ?? new QuireError('BOOKIE_UNAVAILABLE', `ledger ${ledgerId}: no bookie answered the long poll`);
}
