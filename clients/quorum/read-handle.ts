// The read side of a ledger (BookKeeper's ReadHandle): confirmed and unconfirmed reads, the three
// ways to learn the LAC, and a tail that follows a ledger while it is written.
import { QuireError } from '../../common/errors.js';
import type { ClientContext } from './client-context.js';
import type { DigestManager } from './digest/digest-manager.js';
import type { LedgerMetadata } from './ledger-metadata-port.js';
import { longPollLastConfirmed } from './ops/long-poll-op.js';
import { readRangeBatched } from './ops/batched-read-op.js';
import { type LedgerEntry, readRange } from './ops/pending-read-op.js';
import { ReadPolicy } from './ops/read-policy.js';
import { readLastConfirmed, tryReadLastConfirmed } from './ops/read-last-confirmed-op.js';

export type { LedgerEntry };

/**
 * A tail step with single reads is TAIL_SINGLE_STEP_PER_WORKER x readConcurrency entries (1024 by
 * default; readConcurrency of them in flight); with batch reads maxBatchReadCount x
 * maxBatchReadsInFlight (4000). Besides the step it is yielding, a
 * tail keeps TAIL_STEPS_AHEAD steps in flight (or fetched), so a range behind the LAC is read
 * without a pause between steps, and a tail holds at most 1 + TAIL_STEPS_AHEAD steps of entries.
 */
const TAIL_SINGLE_STEP_PER_WORKER = 16;
const TAIL_STEPS_AHEAD = 1;

export class ReadHandle {
  private lac: bigint;
  private pollIndex = 0;
  /** Sticky bookie and whether batch reads are on (BookKeeper keeps both on the LedgerHandle). */
  private readonly policy: ReadPolicy;

  constructor(
    private readonly ctx: ClientContext,
    readonly ledgerId: bigint,
    private metadata: LedgerMetadata,
    private readonly digest: DigestManager,
    lastAddConfirmed: bigint,
  ) {
    this.lac = metadata.state === 'CLOSED' ? metadata.lastEntryId : lastAddConfirmed;
    this.policy = new ReadPolicy(ctx.config, metadata, ctx.random ?? Math.random);
  }

  /** The ensemble index reads go to first with sticky reads; -1 when they are off for this handle. */
  get stickyBookieIndex(): number {
    return this.policy.sticky;
  }

  /** Entries first..last: batch reads where the ensemble allows them, else single reads. */
  private fetch(first: bigint, last: bigint): Promise<LedgerEntry[]> {
    const r = { ctx: this.ctx, digest: this.digest, ledgerId: this.ledgerId, metadata: this.metadata, onMaxLac: (l: bigint) => this.advance(l), policy: this.policy };
    return this.policy.batchAllowed(this.metadata) ? readRangeBatched(r, first, last) : readRange(r, first, last);
  }

  get ledgerMetadata(): LedgerMetadata {
    return this.metadata;
  }
  get lastAddConfirmed(): bigint {
    return this.lac;
  }
  get isClosed(): boolean {
    return this.metadata.state === 'CLOSED';
  }
  /** Total bytes; known only once the ledger is closed (0 before). */
  get length(): bigint {
    return this.metadata.length;
  }

  private advance(lac: bigint): void {
    if (lac > this.lac && !this.isClosed) this.lac = lac;
  }

  private checkRange(first: bigint, last: bigint): void {
    if (typeof first !== 'bigint' || typeof last !== 'bigint' || first < 0n || last < first) {
      throw new QuireError('INVALID_ARGUMENT', `bad entry range [${String(first)}, ${String(last)}]`);
    }
    if (last - first + 1n > BigInt(this.ctx.config.maxReadRangeEntries)) {
      throw new QuireError('INVALID_ARGUMENT', `range of ${last - first + 1n} entries exceeds ${this.ctx.config.maxReadRangeEntries}`);
    }
    if (this.isClosed && last > this.metadata.lastEntryId) {
      throw new QuireError('NO_SUCH_ENTRY', `ledger ${this.ledgerId} is closed at entry ${this.metadata.lastEntryId}; ${last} does not exist`);
    }
  }

  /** Reads confirmed entries first..last (inclusive); last must be <= the LAC known to this handle. */
  async read(first: bigint, last: bigint): Promise<LedgerEntry[]> {
    this.checkRange(first, last);
    if (last > this.lac) {
      throw new QuireError('INVALID_ARGUMENT', `entry ${last} is beyond the last add confirmed (${this.lac}) of ledger ${this.ledgerId}; use readUnconfirmed`);
    }
    await this.refreshIfStale(last);
    return this.fetch(first, last);
  }

  /**
   * An open ledger's writer may have changed its ensemble since this handle read the metadata:
   * entries at or past the last known segment might live elsewhere, so look again first.
   */
  private async refreshIfStale(last: bigint): Promise<void> {
    if (this.isClosed) return;
    const segs = this.metadata.segments;
    if (last >= segs[segs.length - 1]!.firstEntryId) await this.refreshMetadata();
  }

  /** Reads entries without checking the LAC: they may be unconfirmed, and may later be truncated by recovery. */
  async readUnconfirmed(first: bigint, last: bigint): Promise<LedgerEntry[]> {
    this.checkRange(first, last);
    await this.refreshIfStale(last);
    this.checkRange(first, last);
    return this.fetch(first, last);
  }

  /** Asks every bookie of the last segment (with coverage) for the LAC. */
  async readLastAddConfirmed(): Promise<bigint> {
    await this.refreshMetadata();
    if (this.isClosed) return this.lac;
    this.advance(await readLastConfirmed(this.ctx, this.digest, this.ledgerId, this.metadata));
    return this.lac;
  }

  /**
   * BookKeeper's readExplicitLastConfirmed: READ_LAC to every bookie of the last segment (with
   * coverage); per bookie the higher of the explicit LAC the writer sent (explicitLacIntervalMs)
   * and its last entry's LAC field. On the v2 protocol, which has no READ_LAC, only the latter.
   */
  async readExplicitLastAddConfirmed(): Promise<bigint> {
    return this.readLastAddConfirmed();
  }

  /** Like readLastAddConfirmed but without the coverage requirement: faster, possibly stale. */
  async tryReadLastAddConfirmed(): Promise<bigint> {
    await this.refreshMetadata();
    if (this.isClosed) return this.lac;
    this.advance(await tryReadLastConfirmed(this.ctx, this.digest, this.ledgerId, this.metadata));
    return this.lac;
  }

  /** Long poll: resolves when the LAC passes previous, or after about timeoutMs with the current LAC. */
  async waitForLac(previous: bigint, timeoutMs: number): Promise<bigint> {
    return (await this.pollLac(previous, timeoutMs)).lac;
  }

  private async pollLac(previous: bigint, timeoutMs: number): Promise<{ lac: bigint; entry?: LedgerEntry }> {
    if (typeof previous !== 'bigint' || !Number.isInteger(timeoutMs) || timeoutMs < 0) {
      throw new QuireError('INVALID_ARGUMENT', 'waitForLac(previous: bigint, timeoutMs: non-negative integer)');
    }
    if (this.isClosed || this.lac > previous) return { lac: this.lac };
    const n = this.metadata.segments[this.metadata.segments.length - 1]!.bookies.length;
    const r = await longPollLastConfirmed(this.ctx, this.digest, this.ledgerId, this.metadata, previous, timeoutMs, this.pollIndex++ % n);
    this.advance(r.lac);
    return r.entry && r.entry.entryId <= this.lac ? { lac: this.lac, entry: r.entry } : { lac: this.lac };
  }

  /** Re-reads the metadata so a tail notices the ledger was closed. */
  private async refreshMetadata(): Promise<void> {
    const v = await this.ctx.metadata.read(this.ledgerId);
    this.metadata = v.metadata;
    if (this.isClosed) this.lac = this.metadata.lastEntryId;
  }

  /**
   * Follows the ledger from fromEntryId: yields confirmed entries as the LAC advances, and ends
   * once the ledger is closed and its last entry was yielded. Stop early with break.
   * Entries up to the known LAC are read in steps, the next step already in flight while one is
   * yielded (at most TAIL_STEPS_AHEAD ahead, never past the LAC); at the LAC it long-polls.
   */
  async *tail(fromEntryId = 0n, pollTimeoutMs = this.ctx.config.longPollTimeoutMs): AsyncGenerator<LedgerEntry> {
    if (typeof fromEntryId !== 'bigint' || fromEntryId < 0n) throw new QuireError('INVALID_ARGUMENT', `bad tail start ${String(fromEntryId)}`);
    let next = fromEntryId;
    /** Steps asked for and not yielded yet, in entry order; `requested` is the entry after the last one. */
    const ahead: Promise<LedgerEntry[]>[] = [];
    let requested = fromEntryId;
    const request = () => {
      const cfg = this.ctx.config;
      const step = BigInt(this.policy.batchAllowed(this.metadata) ? cfg.maxBatchReadCount * cfg.maxBatchReadsInFlight : TAIL_SINGLE_STEP_PER_WORKER * cfg.readConcurrency);
      const first = requested;
      const last = this.lac < first + step - 1n ? this.lac : first + step - 1n;
      requested = last + 1n;
      const p = this.refreshIfStale(last).then(() => this.fetch(first, last));
      // A step still in flight when the caller stops is dropped; its error must not go unhandled.
      p.catch(() => undefined);
      ahead.push(p);
    };
    for (;;) {
      if (next <= this.lac) {
        // Steps after this one stay in flight while it is awaited and yielded.
        while (ahead.length < 1 + TAIL_STEPS_AHEAD && requested <= this.lac) request();
        for (const e of await ahead.shift()!) {
          yield e;
          next = e.entryId + 1n;
        }
        continue;
      }
      // Past the LAC every step asked for was yielded (steps never go past the LAC): long poll.
      if (this.isClosed) return;
      const before = this.lac;
      const r = await this.pollLac(before, pollTimeoutMs);
      if (r.entry && r.entry.entryId === next) {
        yield r.entry;
        next++;
        requested = next;
      }
      if (r.lac <= before) await this.refreshMetadata();
    }
  }
}
