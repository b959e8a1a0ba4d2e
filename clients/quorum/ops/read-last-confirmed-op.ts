// Reading the last add confirmed (BookKeeper's ReadLastConfirmedOp / PendingReadLacOp, spec §5.5
// step 2 and §5.6). Every bookie of the last segment is asked; the answer is trusted once the
// replies cover the ensemble (fewer than Qa unanswered bookies in every write-set window), because
// then every acked entry has a copy on some answering bookie.
import { isQuireError, QuireError } from '../../../common/errors.js';
import type { ClientContext } from '../client-context.js';
import type { DigestManager } from '../digest/digest-manager.js';
import { decodeLacBlob, unwrapEntry } from '../digest/entry-format.js';
import { QuorumCoverageSet } from '../ensemble/distribution-schedule.js';
import { lastSegment } from '../ensemble/ensemble-change.js';
import type { LedgerMetadata } from '../ledger-metadata-port.js';
import { isNoEntry } from './pending-read-op.js';

const EMPTY = Symbol('empty');

/**
 * Asks every bookie of the ensemble; resolves with the values once the answers (values or
 * explicit emptiness) cover the ensemble. Errors matching abortOn reject at once; other errors
 * leave the bookie unanswered. Rejects when every bookie replied without coverage.
 */
function askWithCoverage<T>(
  m: LedgerMetadata,
  ensemble: readonly string[],
  ask: (bookieId: string) => Promise<T | typeof EMPTY>,
  abortOn: (e: unknown) => boolean,
  what: string,
): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const coverage = new QuorumCoverageSet(m);
    const values: T[] = [];
    let pending = ensemble.length;
    let done = false;
    let lastError: unknown = null;
    const settle = () => {
      if (coverage.covered()) {
        done = true;
        resolve(values);
      } else if (pending === 0) {
        done = true;
        const code = isQuireError(lastError) ? lastError.code : 'BOOKIE_UNAVAILABLE';
        reject(new QuireError(code, `${what}: too few bookies answered to cover the ensemble (last error: ${String(lastError)})`, { cause: lastError }));
      }
    };
    ensemble.forEach((bookie, index) => {
      ask(bookie).then(
        (v) => {
          if (done) return;
          pending--;
          if (v !== EMPTY) values.push(v);
          coverage.addBookie(index);
          settle();
        },
        (e: unknown) => {
          if (done) return;
          pending--;
          lastError = e;
          if (abortOn(e)) {
            done = true;
            reject(e);
            return;
          }
          settle();
        },
      );
    });
  });
}

export interface RecoveryLacResult {
  /** Highest LAC field among the last entries of the answering bookies (-1 if none). */
  readonly lac: bigint;
}

/** Recovery step 2: fence every bookie of the last segment and read its last entry's LAC field. */
export async function fenceAndReadLastConfirmed(
  ctx: ClientContext,
  digest: DigestManager,
  ledgerId: bigint,
  m: LedgerMetadata,
  masterKey: Buffer,
): Promise<RecoveryLacResult> {
  const ensemble = lastSegment(m.segments).bookies;
  const lacs = await askWithCoverage(
    m,
    ensemble,
    async (bookie) => {
      try {
        const r = await ctx.bookies.readEntry(bookie, ledgerId, -1n, { fence: true, masterKey });
        return unwrapEntry(digest, r.entry, ledgerId, null).lastAddConfirmed;
      } catch (e) {
        if (isNoEntry(e)) return EMPTY;
        throw e;
      }
    },
    (e) => isQuireError(e, 'UNAUTHORIZED'),
    `fencing ledger ${ledgerId}`,
  );
  return { lac: lacs.reduce((a, b) => (b > a ? b : a), -1n) };
}

/** readLastAddConfirmed (v3 READ_LAC): per bookie the max of its explicit LAC and its last entry's LAC field. */
export async function readLastConfirmed(ctx: ClientContext, digest: DigestManager, ledgerId: bigint, m: LedgerMetadata): Promise<bigint> {
  const ensemble = lastSegment(m.segments).bookies;
  const lacs = await askWithCoverage(
    m,
    ensemble,
    async (bookie) => {
      let r;
      try {
        r = await ctx.bookies.readLac(bookie, ledgerId);
      } catch (e) {
        if (isNoEntry(e)) return EMPTY;
        throw e;
      }
      let best: bigint | null = null;
      if (r.lacBody && r.lacBody.length > 0) best = decodeLacBlob(digest, r.lacBody, ledgerId);
      if (r.lastEntryBody && r.lastEntryBody.length > 0) {
        const l = unwrapEntry(digest, r.lastEntryBody, ledgerId, null).lastAddConfirmed;
        if (best === null || l > best) best = l;
      }
      return best ?? EMPTY;
    },
    () => false,
    `reading the LAC of ledger ${ledgerId}`,
  );
  return lacs.reduce((a, b) => (b > a ? b : a), -1n);
}

/** tryReadLastAddConfirmed: non-fencing reads of entry -1 from every bookie, no coverage needed. */
export async function tryReadLastConfirmed(ctx: ClientContext, digest: DigestManager, ledgerId: bigint, m: LedgerMetadata): Promise<bigint> {
  const ensemble = lastSegment(m.segments).bookies;
  const results = await Promise.allSettled(
    ensemble.map(async (bookie) => {
      const r = await ctx.bookies.readEntry(bookie, ledgerId, -1n, {});
      return unwrapEntry(digest, r.entry, ledgerId, null).lastAddConfirmed;
    }),
  );
  let best = -1n;
  let answered = false;
  let lastError: unknown = null;
  for (const r of results) {
    if (r.status === 'fulfilled') {
      answered = true;
      if (r.value > best) best = r.value;
    } else if (isNoEntry(r.reason)) {
      answered = true;
    } else {
      lastError = r.reason;
    }
  }
  if (!answered && lastError !== null) throw lastError;
  return best;
}
