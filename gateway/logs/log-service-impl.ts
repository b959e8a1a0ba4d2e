// The named-log service over the quorum client and the metadata store. Exactly one writer per log
// cluster-wide: the instance holding the log's owner record (log-ownership.ts) writes it; others
// forward appends to it through a LogPeer (the transports' instance-to-instance calls); when the
// owner is gone, the next instance that needs to write takes over (LogWriter.open: fence, recover,
// next segment). Reads, truncation, retention and cursors work on any instance. docs/logs.md.
import { isQuireError, QuireError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { BookKeeperClient } from '../../clients/quorum/index.js';
import type { MetadataService } from '../../metadata/metadata-service.js';
import type { GatewayLimits } from '../gateway-config.js';
import { badArgument, GatewayError } from '../gateway-error.js';
import type { OwnerLookup } from '../ownership.js';
import { CursorStore, type CursorState } from './cursor-store.js';
import { resolveLogLimits, type LogLimits } from './log-config.js';
import { LogCatalog, type LogMetadata, type SegmentInfo } from './log-metadata.js';
import { checkCursorName, checkLogName, checkLogPrefix } from './log-name.js';
import { LogOwnership } from './log-ownership.js';
import { SegmentReaders } from './log-reader.js';
import { LogReads } from './log-reads.js';
import { applyRetention, truncateBefore, type Trim } from './log-retention.js';
import type { CreateLogRequest, ListLogsResult, LogAppendOptions, LogInfo, LogPeer, LogReadRequest, LogReadResult, LogReceipt, LogService, LogTailRequest, RecordInput } from './log-service.js';
import { checkAppend, checkOffset, checkQuorum, checkRetention, checkRollover } from './log-validation.js';
import { LogWriter, WriterLostError, writeSetOf, type WriterEvent } from './log-writer.js';

export interface LogServiceOptions {
  readonly client: BookKeeperClient;
  readonly metadata: MetadataService;
  readonly gatewayId: string;
  readonly advertisedUrl: () => string;
  readonly limits: GatewayLimits;
  readonly logLimits?: Partial<LogLimits>;
  readonly log: Logger;
  readonly peer?: LogPeer;
  readonly onEvent?: (e: WriterEvent) => void;
}

const MAX_ROUTE_ATTEMPTS = 5;

export class LogServiceImpl implements LogService {
  private readonly catalog: LogCatalog;
  private readonly cursors: CursorStore;
  private readonly ownership: LogOwnership;
  private readonly readers: SegmentReaders;
  readonly logLimits: LogLimits;
  private readonly writers = new Map<string, LogWriter>();
  private readonly opening = new Map<string, Promise<LogWriter>>();
  private readonly pending = { count: 0, bytes: 0 };
  private readonly reads: LogReads;
  private stopping = false;
  private retentionTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  peer: LogPeer | undefined;

  constructor(private readonly opts: LogServiceOptions) {
    this.logLimits = resolveLogLimits(opts.logLimits);
    this.catalog = new LogCatalog(opts.metadata.store, opts.metadata.root);
    this.cursors = new CursorStore(opts.metadata.store, this.logLimits.maxCursorsPerLog);
    this.ownership = new LogOwnership(opts.metadata.store, opts.metadata.root, () => ({ gatewayId: opts.gatewayId, url: opts.advertisedUrl() }));
    this.readers = new SegmentReaders(opts.client, this.logLimits.segmentReaderCacheSize);
    this.peer = opts.peer;
    this.reads = new LogReads({
      catalog: this.catalog,
      readers: this.readers,
      ownership: this.ownership,
      limits: opts.limits,
      gatewayId: opts.gatewayId,
      log: opts.log,
      writer: (name) => this.writers.get(name),
      takeOver: (name, owner) => this.takeOver(name, owner),
      sealTail: (name) => this.sealTail(name),
      peer: () => this.peer,
      stopping: () => this.stopping,
    });
    this.retentionTimer = setInterval(() => void this.retentionRound(), this.logLimits.retentionIntervalMs);
    this.retentionTimer.unref();
    const every = Math.max(100, Math.min(60_000, Math.floor(this.logLimits.ownedIdleCloseMs / 4)));
    this.idleTimer = setInterval(() => void this.closeIdleWriters(), every);
    this.idleTimer.unref();
  }

  private checkRunning(): void {
    if (this.stopping) throw new QuireError('SHUTTING_DOWN', `gateway ${this.opts.gatewayId} is stopping`);
  }

  /** Logs whose writer this instance holds. */
  get ownedLogs(): string[] {
    return [...this.writers.keys()];
  }

  // ------------------------------------------------------------------ admin

  async createLog(req: CreateLogRequest): Promise<LogInfo> {
    this.checkRunning();
    const name = checkLogName(req.name);
    const q = checkQuorum(req);
    const digestType = req.digestType ?? 'CRC32C';
    if (!['CRC32', 'CRC32C', 'HMAC', 'DUMMY'].includes(digestType)) throw badArgument('digestType', 'digestType must be CRC32, CRC32C, HMAC or DUMMY');
    const meta: LogMetadata = { name, createdMs: Date.now(), ...q, digestType, rollover: checkRollover(req.rollover), retention: checkRetention(req.retention), firstOffset: 0n, segments: [] };
    await this.catalog.create(meta);
    return this.infoOf(meta, 0n, undefined);
  }

  async getLog(name: string): Promise<LogInfo> {
    this.checkRunning();
    checkLogName(name);
    const { meta, end } = await this.reads.view(name, 'read');
    const owner = this.writers.has(name) ? this.opts.gatewayId : (await this.ownership.owner(name).catch(() => undefined))?.gatewayId;
    return this.infoOf(meta, end, owner);
  }

  private infoOf(meta: LogMetadata, end: bigint, owner: string | undefined): LogInfo {
    const { name, createdMs, ensembleSize, writeQuorumSize, ackQuorumSize, digestType, rollover, retention, firstOffset, segments } = meta;
    return { name, createdMs, ensembleSize, writeQuorumSize, ackQuorumSize, digestType, rollover, retention, firstOffset, nextOffset: end, segments, ...(owner !== undefined ? { owner } : {}) };
  }

  async listLogs(opts: { prefix?: string; pageSize?: number; pageToken?: string }): Promise<ListLogsResult> {
    this.checkRunning();
    const prefix = checkLogPrefix(opts.prefix);
    const pageSize = opts.pageSize ?? 100;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > this.logLimits.maxListPageSize) throw badArgument('pageSize', `pageSize must be an integer in [1, ${this.logLimits.maxListPageSize}]`);
    const after = opts.pageToken === undefined || opts.pageToken === '' ? undefined : checkLogName(opts.pageToken, 'pageToken');
    return this.catalog.list(prefix, pageSize, after);
  }

  /** Deletes the log: fences its last segment (so its writer stops), removes metadata and cursors, deletes every segment ledger. */
  async deleteLog(name: string): Promise<void> {
    this.checkRunning();
    checkLogName(name);
    for (let attempt = 0; ; attempt++) {
      const { meta, version } = await this.catalog.read(name);
      const w = this.writers.get(name);
      if (w) {
        w.abandon();
        this.dropWriter(w);
      }
      const last = meta.segments[meta.segments.length - 1];
      if (last && !last.sealed) {
        try {
          await this.opts.client.openLedger(last.ledgerId, { password: Buffer.alloc(0), recovery: true });
        } catch (e) {
          if (!isQuireError(e, 'NO_SUCH_LEDGER')) throw e;
        }
      }
      try {
        await this.catalog.remove(name, version);
      } catch (e) {
        if (isQuireError(e, 'METADATA_VERSION_CONFLICT') && attempt < 20) continue;
        throw e;
      }
      await this.deleteLedgers(meta.segments);
      await this.ownership.release(name).catch(() => undefined);
      return;
    }
  }

  private async deleteLedgers(segs: readonly SegmentInfo[]): Promise<void> {
    for (const s of segs) {
      this.readers.forget(s.ledgerId);
      try {
        await this.opts.client.deleteLedger(s.ledgerId);
      } catch (err) {
        if (!isQuireError(err, 'NO_SUCH_LEDGER')) this.opts.log.warn({ err, ledgerId: s.ledgerId.toString() }, 'could not delete a segment ledger; it is an orphan now (custom metadata quire.log names its log)');
      }
    }
  }

  // ------------------------------------------------------------------ append

  async append(name: string, records: RecordInput[], opts: LogAppendOptions = {}): Promise<LogReceipt[]> {
    this.checkRunning();
    checkLogName(name);
    checkAppend(records, opts, this.opts.limits, false);
    return this.routeAppend(name, records, opts, true);
  }

  /** An append forwarded by another instance: served here (taking the log over if nobody writes it), never forwarded again. */
  async forwardedAppend(name: string, records: RecordInput[], opts: LogAppendOptions): Promise<LogReceipt[]> {
    this.checkRunning();
    checkLogName(name);
    checkAppend(records, opts, this.opts.limits, false);
    return this.routeAppend(name, records, opts, false);
  }

  /**
   * Answer to an owner question from another instance. An owner record of this instance without a
   * live writer (it failed) is reopened here, so the asker never falls back on a stale end.
   */
  async forwardedCommittedEnd(name: string): Promise<{ ledgerId: bigint; committedEnd: bigint }> {
    this.checkRunning();
    checkLogName(name);
    let w = this.writers.get(name) ?? (await this.opening.get(name)?.catch(() => undefined));
    if (!w || !w.isUsable) {
      const owner = await this.ownership.owner(name);
      if (!owner || (!owner.mine && owner.gatewayId !== this.opts.gatewayId)) throw new GatewayError('LEDGER_OWNED_ELSEWHERE', `gateway ${this.opts.gatewayId} does not write log ${JSON.stringify(name)}`);
      try {
        w = await this.takeOver(name, owner);
      } catch (e) {
        if (!isQuireError(e, 'LOG_FULL') && !isQuireError(e, 'TOO_MANY_REQUESTS')) throw e;
        // No writer possible: the asker gets the sealed end of the last segment (see sealTail).
        await this.sealTail(name);
        const { meta } = await this.catalog.read(name);
        const last = meta.segments[meta.segments.length - 1];
        if (!last?.sealed) throw new GatewayError('LEDGER_OWNED_ELSEWHERE', `log ${JSON.stringify(name)}: its last segment changed while it was sealed; retry`, { cause: e });
        return { ledgerId: last.ledgerId, committedEnd: last.startOffset + last.entryCount };
      }
    }
    return { ledgerId: w.currentLedgerId, committedEnd: w.committedEnd };
  }

  private async routeAppend(name: string, records: RecordInput[], opts: LogAppendOptions, mayForward: boolean): Promise<LogReceipt[]> {
    let lastError: unknown;
    for (let attempt = 0; attempt < MAX_ROUTE_ATTEMPTS; attempt++) {
      this.checkRunning();
      const w = this.writers.get(name) ?? (await this.opening.get(name)?.catch(() => undefined));
      if (w && w.isUsable) {
        try {
          return await w.append(records, opts, (off) => this.receiptAt(name, off));
        } catch (e) {
          if (!(e instanceof WriterLostError)) throw e;
          this.dropWriter(w);
          lastError = e;
          if (e.submitted && opts.producerId === undefined) {
            await this.catalog.read(name); // a deleted log answers NO_SUCH_LOG: nothing of it is left to doubt
            throw new GatewayError('APPEND_OUTCOME_UNKNOWN', `the writer of log ${JSON.stringify(name)} ended while this append was in flight (${(e.reason as Error | undefined)?.message ?? 'unknown'}); it may or may not be in the log. Append with a producer id to retry safely`, { cause: e });
          }
          continue;
        }
      }
      const owner = await this.ownership.owner(name);
      if (owner && !owner.mine && owner.gatewayId !== this.opts.gatewayId) {
        if (!mayForward || !this.peer) {
          throw new GatewayError('LEDGER_OWNED_ELSEWHERE', `log ${JSON.stringify(name)} is written by gateway ${owner.gatewayId}, not by ${this.opts.gatewayId}`, { details: { owner: owner.gatewayId } });
        }
        try {
          return await this.peer.append(owner, name, records, opts);
        } catch (e) {
          // The owner may have died since the look-up: if its record is gone, take over.
          if (!isQuireError(e, 'LEDGER_OWNED_ELSEWHERE') || (await this.ownership.owner(name))) throw e;
          lastError = e;
          continue;
        }
      }
      try {
        await this.takeOver(name, owner);
      } catch (e) {
        if (!isQuireError(e, 'METADATA_EXISTS') && !isQuireError(e, 'LEDGER_OWNED_ELSEWHERE')) throw e;
        lastError = e; // someone else won the claim: forward to it next round
      }
    }
    throw new GatewayError('LEDGER_OWNED_ELSEWHERE', `log ${JSON.stringify(name)}: its writer changed ${MAX_ROUTE_ATTEMPTS} times during this append; retry`, { cause: lastError });
  }

  /** Claims the log and opens its writer (fence + recover the last segment, start the next). */
  private takeOver(name: string, owner: OwnerLookup | undefined): Promise<LogWriter> {
    let p = this.opening.get(name);
    if (p) return p;
    if (this.writers.size >= this.logLimits.maxOwnedLogs) {
      throw new GatewayError('TOO_MANY_REQUESTS', `gateway ${this.opts.gatewayId} writes ${this.writers.size} logs (limit maxOwnedLogs ${this.logLimits.maxOwnedLogs})`, { details: { retryAfterSeconds: this.opts.limits.retryAfterSeconds } });
    }
    p = (async () => {
      if (owner && !owner.mine) {
        // A record under this instance's id from an earlier process (its session not expired yet).
        await this.ownership.remove(name);
      }
      if (!owner?.mine) await this.ownership.claim(name);
      try {
        const w = await LogWriter.open(
          { client: this.opts.client, catalog: this.catalog, limits: this.opts.limits, logLimits: this.logLimits, log: this.opts.log, pending: this.pending, onEvent: (e) => this.onWriterEvent(e) },
          name,
        );
        if (this.stopping) {
          await w.close().catch(() => undefined);
          throw new QuireError('SHUTTING_DOWN', `gateway ${this.opts.gatewayId} is stopping`);
        }
        this.writers.set(name, w);
        return w;
      } catch (e) {
        await this.ownership.release(name).catch(() => undefined);
        throw e;
      }
    })();
    this.opening.set(name, p);
    void p.then(
      () => this.opening.delete(name),
      () => this.opening.delete(name),
    );
    return p;
  }

  /**
   * Seals the log's open last segment where recovery ends it, without opening a next one: for a
   * log that cannot get a writer (LOG_FULL, maxOwnedLogs) but must show its exact end. A later
   * takeover recovers the sealed segment again (idempotent) and goes on from it.
   */
  private async sealTail(name: string): Promise<void> {
    const { meta } = await this.catalog.read(name);
    const last = meta.segments[meta.segments.length - 1];
    if (!last || last.sealed) return;
    const rh = await this.opts.client.openLedger(last.ledgerId, { password: Buffer.alloc(0), recovery: true });
    const md = rh.ledgerMetadata;
    this.readers.forget(last.ledgerId);
    await this.catalog.update(name, (cur) => {
      const tail = cur.segments[cur.segments.length - 1];
      if (tail?.ledgerId !== last.ledgerId || tail.sealed) return null; // a writer moved on meanwhile
      const sealed: SegmentInfo = { ...tail, entryCount: md.lastEntryId > 0n ? md.lastEntryId : 0n, bytes: md.length, sealed: true };
      return { ...cur, segments: [...cur.segments.slice(0, -1), sealed] };
    });
  }

  private dropWriter(w: LogWriter): void {
    if (this.writers.get(w.name) === w) this.writers.delete(w.name);
    // The owner record stays: this instance reopens the log (a takeover of its own) on the next append.
  }

  private onWriterEvent(e: WriterEvent): void {
    this.opts.onEvent?.(e);
    if (e.type === 'rollover') void this.enforceRetention(e.log).catch((err: unknown) => this.opts.log.warn({ err, log: e.log }, 'retention after rollover failed'));
  }

  /** Receipt of an earlier append at `offset` (a duplicate whose segment is sealed now). */
  private async receiptAt(name: string, offset: bigint): Promise<LogReceipt> {
    const { meta } = await this.catalog.read(name);
    const seg = [...meta.segments].reverse().find((s) => s.startOffset <= offset);
    // Truncation or retention removed the segment since: the record was written, but its receipt
    // is gone with it. Exactly-once holds (nothing is written again); the producer learns why.
    if (!seg) {
      throw new GatewayError('SEQUENCE_CONFLICT', `this producer's record was already written at offset ${offset} of log ${JSON.stringify(name)}, which has been truncated since`, { field: 'sequence', details: { offset: offset.toString() } });
    }
    const rh = await this.readers.get(seg.ledgerId);
    const entryId = offset - seg.startOffset + 1n;
    const md = rh.ledgerMetadata;
    return { offset, ledgerId: seg.ledgerId, entryId, lastAddConfirmed: rh.lastAddConfirmed > entryId ? rh.lastAddConfirmed : entryId, writeSet: writeSetOf(md, entryId), ackQuorumSize: md.ackQuorumSize, duplicate: true };
  }

  // ------------------------------------------------------------------ reads (log-reads.ts)

  async read(name: string, req: LogReadRequest): Promise<LogReadResult> {
    this.checkRunning();
    checkLogName(name);
    return this.reads.read(name, req);
  }

  async tail(name: string, req: LogTailRequest): Promise<LogReadResult> {
    this.checkRunning();
    checkLogName(name);
    return this.reads.tail(name, req);
  }

  async seek(name: string, timestampMs: number): Promise<{ offset: bigint }> {
    this.checkRunning();
    checkLogName(name);
    return this.reads.seek(name, timestampMs);
  }

  // ------------------------------------------------------------------ truncation, retention

  async truncate(name: string, beforeOffset: bigint): Promise<{ firstOffset: bigint; deletedSegments: number }> {
    this.checkRunning();
    checkLogName(name);
    checkOffset(beforeOffset, 'before');
    const { end } = await this.reads.view(name);
    if (beforeOffset > end) throw new GatewayError('INVALID_ARGUMENT', `cannot truncate log ${JSON.stringify(name)} before ${beforeOffset}: its committed end is ${end}`, { field: 'before', details: { endOffset: end.toString() } });
    return this.trim(name, (m) => truncateBefore(m, beforeOffset));
  }

  async enforceRetention(name: string): Promise<{ firstOffset: bigint; deletedSegments: number }> {
    this.checkRunning();
    checkLogName(name);
    const { meta } = await this.catalog.read(name);
    let minCursor: bigint | undefined;
    if (meta.retention.waitForCursors) {
      for (const c of await this.cursors.list(this.catalog.pathOf(name))) if (minCursor === undefined || c.offset < minCursor) minCursor = c.offset;
    }
    const now = Date.now();
    return this.trim(name, (m) => applyRetention(m, now, minCursor));
  }

  private async trim(name: string, plan: (m: LogMetadata) => Trim | null): Promise<{ firstOffset: bigint; deletedSegments: number }> {
    let removed: readonly SegmentInfo[] = [];
    const after = await this.catalog.update(name, (cur) => {
      const t = plan(cur);
      removed = t ? t.removed : [];
      return t ? t.meta : null;
    });
    if (removed.length > 0) {
      this.opts.log.info({ log: name, firstOffset: after.meta.firstOffset.toString(), segments: removed.length }, 'log trimmed');
      await this.deleteLedgers(removed);
    }
    return { firstOffset: after.meta.firstOffset, deletedSegments: removed.length };
  }

  /**
   * Seals and gives up the logs without an append for ownedIdleCloseMs. The writer leaves the map
   * first, so an append or a read arriving meanwhile takes the log over again (fencing the segment
   * being closed is harmless: it is complete); the owner record goes only if nobody reopened it.
   */
  private async closeIdleWriters(): Promise<void> {
    for (const w of [...this.writers.values()]) {
      if (this.stopping) return;
      if (!w.isIdleFor(this.logLimits.ownedIdleCloseMs) || this.writers.get(w.name) !== w) continue;
      this.writers.delete(w.name);
      try {
        await w.close();
        this.opts.log.info({ log: w.name, idleMs: this.logLimits.ownedIdleCloseMs }, 'idle log writer closed; log given up');
      } catch (err) {
        this.opts.log.warn({ err, log: w.name }, 'could not seal an idle log segment; the next writer recovers it');
      }
      if (!this.writers.has(w.name) && !this.opening.has(w.name)) await this.ownership.release(w.name).catch(() => undefined);
    }
  }

  private async retentionRound(): Promise<void> {
    for (const name of this.ownedLogs) {
      if (this.stopping) return;
      await this.enforceRetention(name).catch((err: unknown) => this.opts.log.warn({ err, log: name }, 'retention failed'));
    }
  }

  // ------------------------------------------------------------------ cursors

  async listCursors(name: string): Promise<CursorState[]> {
    this.checkRunning();
    checkLogName(name);
    await this.catalog.read(name);
    return this.cursors.list(this.catalog.pathOf(name));
  }

  async getCursor(name: string, cursor: string): Promise<CursorState> {
    this.checkRunning();
    checkLogName(name);
    checkCursorName(cursor);
    await this.catalog.read(name);
    return this.cursors.get(this.catalog.pathOf(name), name, cursor);
  }

  private async checkCursorOffset(name: string, offset: bigint): Promise<void> {
    checkOffset(offset, 'offset');
    let { end } = await this.reads.view(name, 'read');
    // Another instance may have acknowledged up to `offset` before this one's view caught up.
    if (offset > end) end = await this.reads.endAtLeast(name, offset);
    // Refused for good only against the exact end: an owner that cannot be asked makes this a
    // retryable LEDGER_OWNED_ELSEWHERE (view 'exact'), never a 400 for an acknowledged offset.
    if (offset > end) end = (await this.reads.view(name, 'exact')).end;
    if (offset > end) throw new GatewayError('INVALID_ARGUMENT', `offset ${offset} is past the committed end ${end} of log ${JSON.stringify(name)}`, { field: 'offset', details: { endOffset: end.toString() } });
  }

  async setCursor(name: string, cursor: string, offset: bigint, expectedVersion?: number): Promise<CursorState> {
    this.checkRunning();
    checkLogName(name);
    checkCursorName(cursor);
    if (expectedVersion !== undefined && (!Number.isInteger(expectedVersion) || expectedVersion < -1)) throw badArgument('expectedVersion', 'expectedVersion must be -1 (create) or a version >= 0');
    await this.checkCursorOffset(name, offset);
    return this.cursors.set(this.catalog.pathOf(name), name, cursor, offset, expectedVersion);
  }

  async advanceCursor(name: string, cursor: string, offset: bigint): Promise<CursorState> {
    this.checkRunning();
    checkLogName(name);
    checkCursorName(cursor);
    await this.checkCursorOffset(name, offset);
    return this.cursors.advance(this.catalog.pathOf(name), name, cursor, offset);
  }

  async deleteCursor(name: string, cursor: string): Promise<void> {
    this.checkRunning();
    checkLogName(name);
    checkCursorName(cursor);
    await this.catalog.read(name);
    await this.cursors.remove(this.catalog.pathOf(name), name, cursor);
  }

  // ------------------------------------------------------------------ lifecycle

  /** Clean stop: refuse new calls, seal every segment this instance writes, drop its owner records. */
  async shutdown(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    clearInterval(this.retentionTimer);
    clearInterval(this.idleTimer);
    await Promise.allSettled([...this.opening.values()]);
    for (const w of [...this.writers.values()]) {
      try {
        await w.close();
      } catch (err) {
        this.opts.log.warn({ err, log: w.name }, 'could not seal a log segment on shutdown; the next writer recovers it');
      }
      this.writers.delete(w.name);
      await this.ownership.release(w.name).catch(() => undefined);
    }
  }

  /** Crash simulation (tests): forget every writer without sealing. */
  abandon(): void {
    this.stopping = true;
    clearInterval(this.retentionTimer);
    clearInterval(this.idleTimer);
    for (const w of this.writers.values()) w.abandon();
    this.writers.clear();
  }
}
