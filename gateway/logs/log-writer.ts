// The one writer of a log, on the instance that owns it. It holds the write handle of the log's
// last segment, assigns offsets, keeps the exactly-once producer table, rolls over to a new
// segment by policy, and on takeover (open) fences and recovers the last segment, rebuilds the
// producer table from its header and records, and opens the next segment: callers never see a
// sealed ledger, the log just goes on. Any failed append ends the writer (state 'failed'); the
// service then opens a fresh one, which rebuilds everything from what is durable.
import { isQuireError, QuireError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { BookKeeperClient, LedgerMetadata, ReadHandle, WriteHandle } from '../../clients/quorum/index.js';
import { GatewayError } from '../gateway-error.js';
import type { GatewayLimits } from '../gateway-config.js';
import type { LogLimits } from './log-config.js';
import { type LogCatalog, type LogMetadata, type SegmentInfo } from './log-metadata.js';
import { decodeRecord, decodeSegmentHeader, encodeRecord, encodeSegmentHeader } from './log-record.js';
import type { LogAppendOptions, LogReceipt, RecordInput } from './log-service.js';
import { ProducerTable } from './producer-state.js';

import { LOG_LEDGER_METADATA_KEY } from '../managed-ledgers.js';
const EMPTY = Buffer.alloc(0);
const SCAN_CHUNK = 200n;

export interface WriterContext {
  readonly client: BookKeeperClient;
  readonly catalog: LogCatalog;
  readonly limits: GatewayLimits;
  readonly logLimits: LogLimits;
  readonly log: Logger;
  /** Pending-append accounting shared by every writer of the instance. */
  readonly pending: { count: number; bytes: number };
  readonly now?: () => number;
  readonly onEvent?: (e: WriterEvent) => void;
}

export type WriterEvent =
  | { readonly type: 'rollover'; readonly log: string; readonly waitedMs: number }
  | { readonly type: 'takeover'; readonly log: string; readonly tookMs: number; readonly scanned: number }
  | { readonly type: 'append'; readonly log: string; readonly records: number; readonly bytes: number; readonly duplicates: number };

/** The writer is gone (fenced, failed, closed): the append was not acknowledged by this writer. */
export class WriterLostError extends QuireError {
  constructor(
    message: string,
    readonly submitted: boolean,
    readonly reason: unknown,
  ) {
    super('APPEND_OUTCOME_UNKNOWN', message, { cause: reason });
  }
}

/** Entry e's write set under BookKeeper's round-robin distribution (bookie i+k of the ensemble). */
export function writeSetOf(md: LedgerMetadata, entryId: bigint): string[] {
  let seg = md.segments[0]!;
  for (const s of md.segments) if (s.firstEntryId <= entryId) seg = s;
  const out: string[] = [];
  for (let k = 0; k < md.writeQuorumSize; k++) out.push(seg.bookies[Number((entryId + BigInt(k)) % BigInt(md.ensembleSize))]!);
  return out;
}

interface OpenSegment {
  readonly handle: WriteHandle;
  readonly startOffset: bigint;
  readonly createdMs: number;
  records: bigint;
  bytes: bigint;
  maxTimestampMs: number | undefined;
}

interface Recovered {
  readonly producers: ProducerTable;
  /** Sealed last segment as it must be recorded (undefined: the log had none). */
  readonly sealed?: SegmentInfo;
  readonly scanned: number;
}

export class LogWriter {
  private segment!: OpenSegment;
  private nextOffset = 0n;
  private committed = 0n;
  private state: 'ready' | 'rolling' | 'failed' | 'closed' = 'ready';
  private rolling: Promise<void> | null = null;
  private lastSubmit: Promise<unknown> = Promise.resolve();
  private readonly inflight = new Map<string, Promise<bigint>>();
  /** Tail waiters woken when records commit or the writer ends. */
  readonly waiters = new Set<() => void>();
  private pendingHere = 0;
  /** performance.now() of the open or the last append: idleness on the monotonic clock, which a wall-clock step does not move. */
  private lastActive = performance.now();

  private constructor(
    private readonly ctx: WriterContext,
    readonly name: string,
    private meta: LogMetadata,
    private producers: ProducerTable,
  ) {}

  private now(): number {
    return (this.ctx.now ?? Date.now)();
  }

  get committedEnd(): bigint {
    return this.committed;
  }
  get isUsable(): boolean {
    return this.state === 'ready' || this.state === 'rolling';
  }
  /** Usable, nothing in flight, no rollover, and no append for `ms`. */
  isIdleFor(ms: number): boolean {
    return this.state === 'ready' && this.pendingHere === 0 && this.rolling === null && performance.now() - this.lastActive >= ms;
  }
  get currentLedgerId(): bigint {
    return this.segment.handle.ledgerId;
  }
  get metadata(): LogMetadata {
    return this.meta;
  }

  /**
   * Takeover: fence and recover the log's last segment (if any), rebuild the producer table from
   * what is durable, and open the next segment. The caller holds the log's owner record.
   */
  static async open(ctx: WriterContext, name: string): Promise<LogWriter> {
    const t0 = Date.now();
    const { meta } = await ctx.catalog.read(name);
    const last = meta.segments[meta.segments.length - 1];
    const rec = last ? await LogWriter.recover(ctx, meta, last) : { producers: new ProducerTable(ctx.logLimits.maxProducersPerLog), scanned: 0 };
    const w = new LogWriter(ctx, name, meta, rec.producers);
    await w.startSegment(last, rec.sealed);
    ctx.onEvent?.({ type: 'takeover', log: name, tookMs: Date.now() - t0, scanned: rec.scanned });
    ctx.log.info({ log: name, ledgerId: w.currentLedgerId.toString(), startOffset: w.nextOffset.toString(), scanned: rec.scanned }, 'log writer opened');
    return w;
  }

  /** Seals `last` (fencing a writer that may still live) and rebuilds the producer table. */
  private static async recover(ctx: WriterContext, meta: LogMetadata, last: SegmentInfo): Promise<Recovered> {
    const rh = await ctx.client.openLedger(last.ledgerId, { password: EMPTY, recovery: true });
    const lastEntry = rh.ledgerMetadata.lastEntryId;
    let scan = await LogWriter.scan(ctx, rh, last.startOffset);
    let scanned = scan.records;
    const prev = meta.segments[meta.segments.length - 2];
    if (lastEntry < 0n && prev) {
      // No header: the segment never got going (it has no records). Its predecessor's header and
      // records hold the producer table.
      const prh = await ctx.client.openLedger(prev.ledgerId, { password: EMPTY, recovery: true });
      const p = await LogWriter.scan(ctx, prh, prev.startOffset);
      scan = { ...p, records: 0, maxTs: undefined };
      scanned += p.records;
    }
    const records = lastEntry > 0n ? lastEntry : 0n;
    const sealed: SegmentInfo = { ...last, entryCount: records, bytes: rh.ledgerMetadata.length, sealed: true, ...(scan.maxTs !== undefined ? { maxTimestampMs: scan.maxTs } : {}) };
    return { producers: scan.producers, sealed, scanned };
  }

  /** The producer table after a sealed segment: its header's snapshot plus its records. */
  private static async scan(ctx: WriterContext, rh: ReadHandle, startOffset: bigint): Promise<{ producers: ProducerTable; maxTs: number | undefined; records: number }> {
    const lastEntry = rh.ledgerMetadata.lastEntryId;
    let producers = new ProducerTable(ctx.logLimits.maxProducersPerLog);
    let maxTs: number | undefined;
    if (lastEntry < 0n) return { producers, maxTs, records: 0 };
    const [h] = await rh.read(0n, 0n);
    producers = ProducerTable.from(decodeSegmentHeader(h!.payload).producers, ctx.logLimits.maxProducersPerLog);
    for (let from = 1n; from <= lastEntry; from += SCAN_CHUNK) {
      const to = from + SCAN_CHUNK - 1n < lastEntry ? from + SCAN_CHUNK - 1n : lastEntry;
      for (const e of await rh.read(from, to)) {
        const r = decodeRecord(e.payload);
        maxTs = maxTs === undefined || r.timestampMs > maxTs ? r.timestampMs : maxTs;
        if (r.producerId !== undefined && producers.lookup(r.producerId, r.sequence!).kind === 'new') {
          producers.record(r.producerId, r.sequence!, startOffset + e.entryId - 1n, r.timestampMs);
        }
      }
    }
    return { producers, maxTs, records: Number(lastEntry) };
  }

  /**
   * Creates the next segment ledger, writes its header (the producer snapshot) and records it in
   * the log's metadata with compare-and-set, sealing `prev` there as `sealedPrev`. A segment that
   * turned out empty is dropped from the list (and its ledger deleted).
   */
  private async startSegment(prev: SegmentInfo | undefined, sealedPrev: SegmentInfo | undefined): Promise<void> {
    const m = this.meta;
    const start = sealedPrev ? sealedPrev.startOffset + sealedPrev.entryCount : m.firstOffset;
    const createdMs = this.now();
    const handle = await this.ctx.client.createLedger({
      ensembleSize: m.ensembleSize,
      writeQuorumSize: m.writeQuorumSize,
      ackQuorumSize: m.ackQuorumSize,
      digestType: m.digestType,
      password: EMPTY,
      customMetadata: { [LOG_LEDGER_METADATA_KEY]: this.name },
    });
    let dropLedger: bigint | undefined;
    try {
      await handle.append(encodeSegmentHeader({ startOffset: start, createdMs, logName: this.name, producers: this.producers.snapshot() }));
      const seg: SegmentInfo = { ledgerId: handle.ledgerId, startOffset: start, entryCount: 0n, bytes: 0n, createdMs, sealed: false };
      const updated = await this.ctx.catalog.update(this.name, (cur) => {
        const tail = cur.segments[cur.segments.length - 1];
        if (prev === undefined ? tail !== undefined : tail?.ledgerId !== prev.ledgerId) {
          throw new GatewayError('LEDGER_OWNED_ELSEWHERE', `log ${JSON.stringify(this.name)} was taken over by another writer meanwhile`);
        }
        const segs = cur.segments.slice(0, tail ? cur.segments.length - 1 : 0);
        if (sealedPrev && sealedPrev.entryCount > 0n) segs.push(sealedPrev);
        else if (sealedPrev) dropLedger = sealedPrev.ledgerId;
        if (segs.length + 1 > this.ctx.logLimits.maxSegmentsPerLog) {
          throw new GatewayError('LOG_FULL', `log ${JSON.stringify(this.name)} lists ${segs.length} segments, the limit (maxSegmentsPerLog ${this.ctx.logLimits.maxSegmentsPerLog}); truncate it or set a retention policy`);
        }
        segs.push(seg);
        return { ...cur, segments: segs };
      });
      this.meta = updated.meta;
    } catch (e) {
      await handle.close().catch(() => undefined);
      await this.ctx.client.deleteLedger(handle.ledgerId).catch(() => undefined);
      throw e;
    }
    if (dropLedger !== undefined) {
      const id = dropLedger;
      void this.ctx.client.deleteLedger(id).catch((err: unknown) => this.ctx.log.warn({ err, ledgerId: id.toString() }, 'could not delete an empty segment ledger'));
    }
    this.segment = { handle, startOffset: start, createdMs, records: 0n, bytes: 0n, maxTimestampMs: undefined };
    this.nextOffset = start;
    this.committed = start;
  }

  private needsRollover(): boolean {
    const p = this.meta.rollover;
    const s = this.segment;
    return s.records >= BigInt(p.maxEntries) || s.bytes >= BigInt(p.maxBytes) || (s.records > 0n && this.now() - s.createdMs >= p.maxAgeMs);
  }

  /** Seals the current segment (all its appends acknowledged) and opens the next one. */
  private rollover(): Promise<void> {
    this.rolling ??= (async () => {
      const t0 = Date.now();
      this.state = 'rolling';
      const s = this.segment;
      try {
        await this.lastSubmit.catch(() => undefined);
        if (this.state !== 'rolling') throw new WriterLostError(`the writer of log ${JSON.stringify(this.name)} ended during a rollover`, false, undefined);
        await s.handle.close();
        const md = s.handle.ledgerMetadata;
        const prev = this.meta.segments[this.meta.segments.length - 1]!;
        const sealed: SegmentInfo = { ...prev, entryCount: md.lastEntryId > 0n ? md.lastEntryId : 0n, bytes: md.length, sealed: true, ...(s.maxTimestampMs !== undefined ? { maxTimestampMs: s.maxTimestampMs } : {}) };
        await this.startSegment(prev, sealed);
        this.state = 'ready';
        this.ctx.onEvent?.({ type: 'rollover', log: this.name, waitedMs: Date.now() - t0 });
      } catch (e) {
        this.fail(e);
        throw e instanceof WriterLostError ? e : new WriterLostError(`rollover of log ${JSON.stringify(this.name)} failed: ${(e as Error).message}`, false, e);
      } finally {
        this.rolling = null;
      }
    })();
    return this.rolling;
  }

  /** Appends records; resolves with one receipt each (duplicates answered from the producer table). */
  async append(records: RecordInput[], opts: LogAppendOptions, receiptFor: (offset: bigint) => Promise<LogReceipt>): Promise<LogReceipt[]> {
    for (;;) {
      if (this.rolling) await this.rolling;
      if (this.state === 'failed' || this.state === 'closed') throw new WriterLostError(`the writer of log ${JSON.stringify(this.name)} has ended`, false, undefined);
      if (this.needsRollover()) {
        await this.rollover();
        continue;
      }
      return this.submit(records, opts, receiptFor);
    }
  }

  private async submit(records: RecordInput[], opts: LogAppendOptions, receiptFor: (offset: bigint) => Promise<LogReceipt>): Promise<LogReceipt[]> {
    // From here to the submits nothing awaits: the dedupe check, compare-and-append and offset
    // assignment are one atomic step on this event loop.
    const n = records.length;
    const dup: (bigint | Promise<bigint> | null)[] = new Array<bigint | Promise<bigint> | null>(n).fill(null);
    let fresh = n;
    const pid = opts.producerId;
    if (pid !== undefined && opts.sequence !== undefined) {
      for (let i = 0; i < n; i++) {
        const seq = opts.sequence + BigInt(i);
        const inflight = this.inflight.get(`${pid}\u0000${seq}`);
        const hit = this.producers.lookup(pid, seq);
        if (inflight) dup[i] = inflight;
        else if (hit.kind === 'duplicate') dup[i] = hit.offset;
        else if (hit.kind === 'stale') {
          throw new GatewayError('SEQUENCE_CONFLICT', `producer ${JSON.stringify(pid)} sequence ${seq} is below ${hit.firstSequence}, the oldest sequence of its latest run in log ${JSON.stringify(this.name)} (last ${hit.lastSequence}); it was written before and is not written again`, {
            field: 'sequence',
            details: { lastSequence: hit.lastSequence.toString() },
          });
        }
        if (dup[i] !== null) {
          fresh--;
          // Duplicates must be a prefix of the batch (a retry of a batch that was partly written).
          if (i > 0 && dup[i - 1] === null) {
            throw new GatewayError('SEQUENCE_CONFLICT', `producer ${JSON.stringify(pid)}: sequence ${seq} is already written but an earlier one of the batch is not; sequences must increase`, { field: 'sequence' });
          }
        }
      }
    }
    if (fresh === n && opts.expectedOffset !== undefined && opts.expectedOffset !== this.nextOffset) {
      throw new GatewayError('APPEND_CONFLICT', `compare-and-append: expected the next offset of log ${JSON.stringify(this.name)} to be ${opts.expectedOffset}, but it is ${this.nextOffset}; nothing was written`, {
        field: 'expectedOffset',
        details: { expectedOffset: opts.expectedOffset.toString(), nextOffset: this.nextOffset.toString() },
      });
    }
    const encoded: (Buffer | null)[] = [];
    let bytes = 0;
    const now = this.now();
    for (let i = 0; i < n; i++) {
      if (dup[i] !== null) {
        encoded.push(null);
        continue;
      }
      const r = records[i]!;
      const b = encodeRecord({
        timestampMs: r.timestampMs ?? now,
        ...(pid !== undefined ? { producerId: pid, sequence: opts.sequence! + BigInt(i) } : {}),
        ...(r.key !== undefined ? { key: r.key } : {}),
        ...(r.headers !== undefined ? { headers: r.headers } : {}),
        payload: r.payload,
      });
      encoded.push(b);
      bytes += b.length;
    }
    if (fresh > 0) this.admit(fresh, bytes);
    this.lastActive = performance.now();
    const s = this.segment;
    const offsets: (Promise<bigint> | null)[] = [];
    for (let i = 0; i < n; i++) {
      const b = encoded[i];
      if (!b) {
        offsets.push(null);
        continue;
      }
      const offset = this.nextOffset++;
      const ts = records[i]!.timestampMs ?? now;
      s.records++;
      s.bytes += BigInt(b.length);
      s.maxTimestampMs = s.maxTimestampMs === undefined || ts > s.maxTimestampMs ? ts : s.maxTimestampMs;
      const p = s.handle.append(b).then(() => {
        if (offset + 1n > this.committed) this.committed = offset + 1n;
        this.wake();
        return offset;
      });
      offsets.push(p);
      this.lastSubmit = p;
      if (pid !== undefined) {
        const seq = opts.sequence! + BigInt(i);
        const key = `${pid}\u0000${seq}`;
        this.producers.record(pid, seq, offset, now);
        this.inflight.set(key, p);
        void p.then(
          () => this.inflight.delete(key),
          () => this.inflight.delete(key),
        );
      }
    }
    const settled = await Promise.allSettled(offsets.map((p) => p ?? Promise.resolve(-1n)));
    if (fresh > 0) this.release(fresh, bytes);
    const failed = settled.find((x) => x.status === 'rejected');
    if (failed) {
      const reason = (failed as PromiseRejectedResult).reason as unknown;
      this.fail(reason);
      throw new WriterLostError(`append to log ${JSON.stringify(this.name)} failed: ${(reason as Error).message}`, true, reason);
    }
    const out: LogReceipt[] = [];
    for (let i = 0; i < n; i++) {
      const d = dup[i];
      if (d === null || d === undefined) out.push(this.receiptOf((settled[i] as PromiseFulfilledResult<bigint>).value, false));
      else {
        const off = typeof d === 'bigint' ? d : await d;
        out.push(off >= s.startOffset && s === this.segment ? this.receiptOf(off, true) : { ...(await receiptFor(off)), duplicate: true });
      }
    }
    this.ctx.onEvent?.({ type: 'append', log: this.name, records: fresh, bytes, duplicates: n - fresh });
    return out;
  }

  private receiptOf(offset: bigint, duplicate: boolean): LogReceipt {
    const s = this.segment;
    const entryId = offset - s.startOffset + 1n;
    const lac = s.handle.lastAddConfirmed;
    const md = s.handle.ledgerMetadata;
    return { offset, ledgerId: s.handle.ledgerId, entryId, lastAddConfirmed: lac > entryId ? lac : entryId, writeSet: writeSetOf(md, entryId), ackQuorumSize: md.ackQuorumSize, duplicate };
  }

  private admit(n: number, bytes: number): void {
    const l = this.ctx.limits;
    const p = this.ctx.pending;
    const over =
      this.pendingHere + n > l.maxPendingAppendsPerLedger
        ? `${this.pendingHere} appends in flight on log ${JSON.stringify(this.name)} (limit ${l.maxPendingAppendsPerLedger})`
        : p.count + n > l.maxPendingAppendsTotal
          ? `${p.count} appends in flight on this gateway (limit ${l.maxPendingAppendsTotal})`
          : p.bytes + bytes > l.maxPendingAppendBytes
            ? `${p.bytes} bytes of appends in flight on this gateway (limit ${l.maxPendingAppendBytes})`
            : null;
    if (over) throw new GatewayError('TOO_MANY_REQUESTS', `overloaded: ${over}; retry later`, { details: { retryAfterSeconds: l.retryAfterSeconds } });
    this.pendingHere += n;
    p.count += n;
    p.bytes += bytes;
  }

  private release(n: number, bytes: number): void {
    this.pendingHere -= n;
    this.ctx.pending.count -= n;
    this.ctx.pending.bytes -= bytes;
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  private fail(reason: unknown): void {
    if (this.state === 'failed' || this.state === 'closed') return;
    this.state = 'failed';
    const fenced = isQuireError(reason, 'LEDGER_FENCED') || isQuireError(reason, 'LEDGER_CLOSED');
    this.ctx.log.warn({ log: this.name, err: (reason as Error | undefined)?.message, fenced }, 'log writer ended');
    this.wake();
  }

  /** Clean stop: waits for appends in flight and seals the segment (the next owner starts a new one). */
  async close(): Promise<void> {
    if (this.rolling) await this.rolling.catch(() => undefined);
    if (this.state === 'closed') return;
    const wasUsable = this.isUsable;
    this.state = 'closed';
    this.wake();
    if (!wasUsable) return;
    await this.lastSubmit.catch(() => undefined);
    await this.segment.handle.close();
  }

  /** Crash simulation: forget the handle without sealing. */
  abandon(): void {
    this.state = 'closed';
    this.wake();
  }
}
