// The read side of the log service: committed end, reads across segments, tail (long poll on
// the owner's commits or on the open segment's LAC), seek by timestamp. Any instance serves them.
import type { Logger } from '../../common/logger.js';
import type { GatewayLimits } from '../gateway-config.js';
import { badArgument, GatewayError } from '../gateway-error.js';
import { isQuireError } from '../../common/errors.js';
import type { OwnerLookup } from '../ownership.js';
import type { LogCatalog, LogMetadata, SegmentInfo } from './log-metadata.js';
import type { LogOwnership } from './log-ownership.js';
import { readPage, type SegmentReaders } from './log-reader.js';
import type { LogPeer, LogReadRequest, LogReadResult, LogTailRequest } from './log-service.js';
import { checkOffset } from './log-validation.js';
import type { LogWriter } from './log-writer.js';

export interface LogReadsContext {
  readonly catalog: LogCatalog;
  readonly readers: SegmentReaders;
  readonly ownership: LogOwnership;
  readonly limits: GatewayLimits;
  readonly gatewayId: string;
  readonly log: Logger;
  writer(name: string): LogWriter | undefined;
  /** Claims the log and opens its writer (fencing and recovering the last segment), as an append does. */
  takeOver(name: string, owner: OwnerLookup | undefined): Promise<unknown>;
  /** Fences and recovers the last segment and marks it sealed in the log's metadata (no new segment). */
  sealTail(name: string): Promise<void>;
  peer(): LogPeer | undefined;
  stopping(): boolean;
}

/** Longest LAC long poll per tail round on an instance that does not write the log. */
export const LAC_POLL_ROUND_MS = 250;

/**
 * Longest a cursor commit waits for the committed end to reach its offset (an append acknowledged
 * by the owner an instant before this instance asked it). Past it the commit is refused 400.
 */
export const CURSOR_END_WAIT_MS = 5000;

/** Rounds of view(): each re-reads the metadata after a rollover, an owner change or a takeover. */
const MAX_VIEW_ATTEMPTS = 8;

export class LogReads {
  private tails = 0;
  constructor(private readonly ctx: LogReadsContext) {}

  /**
   * The log's metadata and its committed end, exact: never a record short of what some instance
   * acknowledged. The end of an open last segment comes from its live writer (here, or asked of
   * the owner over the peer link), never from the bookies' LAC: that trails the writer (the last
   * entries' LAC reaches the bookies only with the next add or the explicit LAC), and once the
   * writer is dead only recovery (fencing) shows its acknowledged tail. So a log nobody writes is
   * taken over, as an append would. An owner that holds its record but cannot be asked is, for
   * `exact` (cursor commits, truncation), a retryable LEDGER_OWNED_ELSEWHERE; for `read` (reads,
   * tails, seeks, info) the bookies' LAC, which may lag but never shows an unacknowledged record,
   * so consumers keep reading through an owner's failover.
   */
  async view(name: string, mode: 'exact' | 'read' = 'exact'): Promise<{ meta: LogMetadata; end: bigint }> {
    let lastError: unknown;
    for (let attempt = 0; attempt < MAX_VIEW_ATTEMPTS; attempt++) {
      const { meta } = await this.ctx.catalog.read(name);
      const last = meta.segments[meta.segments.length - 1];
      if (!last) return { meta, end: meta.firstOffset };
      if (last.sealed) return { meta, end: last.startOffset + last.entryCount };
      const w = this.ctx.writer(name);
      if (w && w.isUsable) {
        if (w.currentLedgerId === last.ledgerId) return { meta, end: w.committedEnd };
        continue; // a rollover of this instance's writer between the two reads: look again
      }
      const owner = await this.ctx.ownership.owner(name);
      if (owner && !owner.mine && owner.gatewayId !== this.ctx.gatewayId) {
        const peer = this.ctx.peer();
        if (!peer) throw new GatewayError('LEDGER_OWNED_ELSEWHERE', `log ${JSON.stringify(name)} is written by gateway ${owner.gatewayId} and this instance has no peer link to ask it for the committed end`, { details: { owner: owner.gatewayId } });
        let r: { ledgerId: bigint; committedEnd: bigint };
        try {
          r = await peer.committedEnd(owner, name);
        } catch (e) {
          // The owner gave the log up since the look-up: the next round takes it over.
          if (isQuireError(e, 'LEDGER_OWNED_ELSEWHERE') && !(await this.ctx.ownership.owner(name))) {
            lastError = e;
            continue;
          }
          const refusal = new GatewayError('LEDGER_OWNED_ELSEWHERE', `log ${JSON.stringify(name)} is written by gateway ${owner.gatewayId}, which could not be asked for its committed end (${(e as Error).message}); retry`, { details: { owner: owner.gatewayId }, cause: e });
          if (mode === 'exact') throw refusal;
          // A read while the owner holds its record but cannot be reached (it died and its session
          // has not expired yet, or a partition): the bookies' LAC, which may lag the owner's
          // acknowledgements but never shows an unacknowledged record. Once the record goes, the
          // next read takes the log over and shows everything.
          return { meta, end: await this.lacEnd(last) };
        }
        if (r.ledgerId === last.ledgerId) return { meta, end: r.committedEnd };
        continue; // the owner rolled over (or took over) after the metadata was read
      }
      // Nobody writes the log (no owner record, or a record of this instance without a writer).
      try {
        await this.ctx.takeOver(name, owner);
      } catch (e) {
        // A log at maxSegmentsPerLog (or an instance at maxOwnedLogs) cannot get a writer, but it
        // must stay readable and truncatable: seal its last segment where it ends instead.
        if (isQuireError(e, 'LOG_FULL') || isQuireError(e, 'TOO_MANY_REQUESTS')) await this.ctx.sealTail(name);
        // Another instance won the claim: ask it next round.
        else if (!isQuireError(e, 'METADATA_EXISTS') && !isQuireError(e, 'LEDGER_OWNED_ELSEWHERE')) throw e;
        lastError = e;
      }
    }
    throw new GatewayError('LEDGER_OWNED_ELSEWHERE', `log ${JSON.stringify(name)}: its writer changed ${MAX_VIEW_ATTEMPTS} times while its committed end was looked up; retry`, { cause: lastError });
  }

  /** The end of an open segment by the bookies' LAC (READ_LAC, so the writer's explicit LAC counts). */
  private async lacEnd(last: SegmentInfo): Promise<bigint> {
    const rh = await this.ctx.readers.get(last.ledgerId);
    const lac = await rh.readLastAddConfirmed().catch(() => rh.tryReadLastAddConfirmed());
    return last.startOffset + (lac > 0n ? lac : 0n);
  }

  /**
   * The committed end once it reaches `offset`, or the end seen when CURSOR_END_WAIT_MS ran out
   * (the end is exact, so this waits only for an append this instance has not seen committed yet).
   */
  async endAtLeast(name: string, offset: bigint): Promise<bigint> {
    const deadline = Date.now() + CURSOR_END_WAIT_MS;
    for (;;) {
      const { end } = await this.view(name, 'read');
      if (end >= offset || Date.now() >= deadline || this.ctx.stopping()) return end;
      await this.waitForCommit(name, offset - 1n, Math.min(deadline, Date.now() + LAC_POLL_ROUND_MS));
    }
  }

  private bounds(req: LogReadRequest): { maxRecords: number; maxBytes: number } {
    const maxRecords = Math.min(req.maxRecords ?? this.ctx.limits.maxReadEntries, this.ctx.limits.maxReadEntries);
    const maxBytes = Math.min(req.maxBytes ?? this.ctx.limits.maxReadBytes, this.ctx.limits.maxReadBytes);
    if (!Number.isInteger(maxRecords) || maxRecords < 1) throw badArgument('limit', 'limit must be a positive integer');
    if (!Number.isInteger(maxBytes) || maxBytes < 1) throw badArgument('maxBytes', 'maxBytes must be a positive integer');
    checkOffset(req.fromOffset, 'from');
    return { maxRecords, maxBytes };
  }

  async read(name: string, req: LogReadRequest): Promise<LogReadResult> {
    const b = this.bounds(req);
    const { meta, end } = await this.view(name, 'read');
    return readPage(this.ctx.readers, meta, end, req.fromOffset, b.maxRecords, b.maxBytes);
  }

  async tail(name: string, req: LogTailRequest): Promise<LogReadResult> {
    const waitMs = Math.min(Math.max(0, req.waitMs ?? 0), this.ctx.limits.maxTailWaitMs);
    if (!Number.isInteger(waitMs)) throw badArgument('waitMs', 'waitMs must be an integer');
    const first = await this.read(name, req);
    if (first.records.length > 0 || waitMs === 0) return first;
    if (this.tails >= this.ctx.limits.maxConcurrentTails) {
      throw new GatewayError('TOO_MANY_REQUESTS', `overloaded: ${this.tails} tail waits in progress (limit ${this.ctx.limits.maxConcurrentTails}); retry later`, { details: { retryAfterSeconds: this.ctx.limits.retryAfterSeconds } });
    }
    this.tails++;
    try {
      const deadline = Date.now() + waitMs;
      for (;;) {
        await this.waitForCommit(name, req.fromOffset, deadline);
        const page = await this.read(name, req);
        if (page.records.length > 0 || Date.now() >= deadline || this.ctx.stopping()) return page;
      }
    } finally {
      this.tails--;
    }
  }

  /** Waits (until the deadline at most) for something committed at `from`, or a change worth re-reading. */
  private async waitForCommit(name: string, from: bigint, deadline: number): Promise<void> {
    const remaining = () => Math.max(1, deadline - Date.now());
    const w = this.ctx.writer(name);
    if (w && w.isUsable) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          w.waiters.delete(check);
          resolve();
        };
        const check = () => {
          if (!w.isUsable || w.committedEnd > from || this.ctx.stopping()) done();
        };
        const timer = setTimeout(done, remaining());
        w.waiters.add(check);
        check();
      });
      return;
    }
    const { meta } = await this.ctx.catalog.read(name);
    const last = meta.segments[meta.segments.length - 1];
    if (!last || last.sealed || from < last.startOffset) {
      await new Promise((r) => setTimeout(r, Math.min(remaining(), 100)));
      return;
    }
    // LAC long poll on the open segment: entry (from - start + 1) holds offset `from`. Rounds are
    // short (LAC_POLL_ROUND_MS): when the writer rolls over, the bookies never answer a long poll
    // on the closed segment, so the metadata is looked at again after each round.
    const rh = await this.ctx.readers.get(last.ledgerId);
    const before = rh.lastAddConfirmed;
    const lac = await rh.waitForLac(from - last.startOffset, Math.min(remaining(), LAC_POLL_ROUND_MS));
    // A sealed segment (takeover) answers at once: give the new writer a moment before re-reading.
    if (lac <= before && rh.isClosed) await new Promise((r) => setTimeout(r, Math.min(remaining(), 50)));
  }

  async seek(name: string, timestampMs: number): Promise<{ offset: bigint }> {
    if (!Number.isSafeInteger(timestampMs)) throw badArgument('timestampMs', 'timestampMs must be an integer (ms since the epoch)');
    const { meta, end } = await this.view(name, 'read');
    // Sealed segments know their newest timestamp: skip the ones entirely before the target.
    let from = meta.firstOffset;
    for (const s of meta.segments) {
      if (s.sealed && s.maxTimestampMs !== undefined && s.maxTimestampMs < timestampMs) from = s.startOffset + s.entryCount;
      else break;
    }
    if (from < meta.firstOffset) from = meta.firstOffset;
    while (from < end) {
      const page = await readPage(this.ctx.readers, meta, end, from, this.ctx.limits.maxReadEntries, this.ctx.limits.maxReadBytes);
      const hit = page.records.find((r) => r.timestampMs >= timestampMs);
      if (hit) return { offset: hit.offset };
      if (page.nextOffset === from) break;
      from = page.nextOffset;
    }
    return { offset: end };
  }
}
