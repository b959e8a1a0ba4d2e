// The write side of an open ledger (BookKeeper's LedgerHandle): assigns entry ids, pipelines adds,
// releases completions in entry order while the LAC advances, changes the ensemble when a bookie
// fails, and closes the ledger by compare-and-set. Ledger recovery drives the same machinery in
// 'recovery' mode: adds carry RECOVERY_ADD, and ensemble changes stay local until recovery closes.
import { isQuireError, invariant, QuireError } from '../../common/errors.js';
import type { AddEntryOptions } from './bookie-client/bookie-client.js';
import type { ClientContext } from './client-context.js';
import { sleepOn } from './clock.js';
import type { DigestManager } from './digest/digest-manager.js';
import { encodeLacBlob, wrapEntry } from './digest/entry-format.js';
import { writeSet } from './ensemble/distribution-schedule.js';
import { applyEnsembleChange, lastSegment, mergeSegments, segmentFor } from './ensemble/ensemble-change.js';
import { withChanges } from '../../metadata/ledger-metadata.js';
import type { LedgerMetadata, MetadataVersion, Segment, VersionedMetadata } from './ledger-metadata-port.js';
import { type AddOpOwner, type AddResult, PendingAddOp } from './ops/pending-add-op.js';

export type HandleMode = 'writer' | 'recovery';

export interface CloseOptions {
  /** Custom metadata to add in the closing compare-and-set, computed after the appends settled. */
  readonly customMetadata?: () => Readonly<Record<string, string>>;
}

export interface LedgerHandleInit {
  readonly ctx: ClientContext;
  readonly ledgerId: bigint;
  readonly versioned: VersionedMetadata;
  readonly digest: DigestManager;
  readonly masterKey: Buffer;
  readonly mode: HandleMode;
  /** Starting LAC (-1 for a new ledger; the recovered LAC for recovery). */
  readonly lastAddConfirmed: bigint;
  /** Ledger length up to and including lastAddConfirmed. */
  readonly length: bigint;
  /** WriteAdv: the application chooses entry ids with appendAt. */
  readonly explicitEntryIds?: boolean;
  readonly deferredSync?: boolean;
}

const entryIdOf = (r: AddResult): bigint => r.entryId;

function asQuireError(e: unknown): QuireError {
  if (e instanceof QuireError) return e;
  return new QuireError('INTERNAL', `unexpected error: ${String(e)}`, { cause: e });
}

export class LedgerHandle implements AddOpOwner {
  readonly ledgerId: bigint;
  private readonly ctx: ClientContext;
  private readonly digest: DigestManager;
  private readonly masterKey: Buffer;
  private readonly mode: HandleMode;
  private readonly explicitEntryIds: boolean;
  private readonly deferredSync: boolean;
  private readonly addOptions: AddEntryOptions;
  private metadata: LedgerMetadata;
  private version: MetadataVersion;
  private segments: Segment[];
  private lac: bigint;
  private lastAddPushed: bigint;
  private pushedLength: bigint;
  private confirmedLength: bigint;
  /** In entry-id order. */
  private pending: PendingAddOp[] = [];
  private changingEnsemble = false;
  /** Ensemble index -> the bookie that failed there, waiting for replacement. */
  private readonly failed = new Map<number, string>();
  /** Bookies that failed on this handle; never picked again by it. */
  private readonly excluded = new Set<string>();
  private changesWithoutProgress = 0;
  private fatal: QuireError | null = null;
  private closing = false;
  private closePromise: Promise<void> | null = null;
  private lastForced: bigint;
  /**
   * Recovery only: first entry of the segments that exist only in this handle (not yet in the
   * metadata). Entries re-written after that carry at most the LAC before it in their LAC field:
   * a later recovery trusts LAC fields and reads below them only from the stored segments, so a
   * LAC field must never vouch for an entry that lives on an unpublished ensemble.
   */
  private unpublishedFrom: bigint | null = null;
  /** Highest LAC that reached bookies: in an entry's LAC field, or by an acked WRITE_LAC. */
  private piggybackedLac: bigint;
  private lacTimer: unknown = null;
  private writingLac = false;

  constructor(init: LedgerHandleInit) {
    this.ctx = init.ctx;
    this.ledgerId = init.ledgerId;
    this.digest = init.digest;
    this.masterKey = init.masterKey;
    this.mode = init.mode;
    this.explicitEntryIds = init.explicitEntryIds ?? false;
    this.deferredSync = init.deferredSync ?? false;
    this.metadata = init.versioned.metadata;
    this.version = init.versioned.version;
    this.segments = [...init.versioned.metadata.segments];
    this.lac = init.lastAddConfirmed;
    this.lastAddPushed = init.lastAddConfirmed;
    this.pushedLength = init.length;
    this.confirmedLength = init.length;
    this.lastForced = init.lastAddConfirmed;
    this.piggybackedLac = init.lastAddConfirmed;
    this.addOptions = init.mode === 'recovery' ? { recovery: true, highPriority: true } : { deferredSync: this.deferredSync };
    if (this.mode === 'writer' && this.ctx.config.explicitLacIntervalMs > 0) this.scheduleExplicitLac();
  }

  // Explicit LAC (spec §5.6, BookKeeper's ExplicitLacFlushPolicy): entries carry the LAC of the
  // moment they were sent, so the last entries' confirmation reaches bookies only with the next
  // append. A ledger that stops receiving appends would otherwise show readers a LAC one or more
  // entries behind; the periodic WRITE_LAC closes that gap.
  private scheduleExplicitLac(): void {
    this.lacTimer = this.ctx.clock.setTimeout(() => {
      this.lacTimer = null;
      if (this.closing || this.fatal) return;
      this.flushExplicitLac();
      this.scheduleExplicitLac();
    }, this.ctx.config.explicitLacIntervalMs);
  }

  private stopExplicitLac(): void {
    if (this.lacTimer !== null) this.ctx.clock.clearTimeout(this.lacTimer);
    this.lacTimer = null;
  }

  /** Sends WRITE_LAC to the write set of entry LAC when no sent entry carried the LAC yet. Best effort. */
  private flushExplicitLac(): void {
    const lac = this.lac;
    if (this.writingLac || lac <= this.piggybackedLac || this.changingEnsemble) return;
    this.writingLac = true;
    const m = this.metadata;
    const ensemble = lastSegment(this.segments).bookies;
    const blob = encodeLacBlob(this.digest, this.ledgerId, lac);
    const targets = writeSet(lac, m.ensembleSize, m.writeQuorumSize).map((i) => ensemble[i]!);
    let acks = 0;
    void Promise.allSettled(
      targets.map((b) =>
        this.ctx.bookies.writeLac(b, this.ledgerId, lac, this.masterKey, blob).then(() => {
          // Failures are left to the add path, which notices a dead bookie on the next append.
          if (++acks >= m.ackQuorumSize && lac > this.piggybackedLac) this.piggybackedLac = lac;
        }),
      ),
    ).finally(() => {
      this.writingLac = false;
    });
  }

  get lastAddConfirmed(): bigint {
    return this.lac;
  }
  get length(): bigint {
    return this.confirmedLength;
  }
  get ledgerMetadata(): LedgerMetadata {
    return this.metadata;
  }
  get metadataVersion(): MetadataVersion {
    return this.version;
  }
  get currentSegments(): readonly Segment[] {
    return this.segments;
  }
  get isClosed(): boolean {
    return this.closing;
  }

  /** Appends with the next entry id; resolves once Qa bookies acked it and every earlier entry. */
  append(payload: Uint8Array): Promise<bigint> {
    return this.appendWithResult(payload).then(entryIdOf);
  }

  /** As append, and also names the bookies that acknowledged the entry (AddResult.ackedBy). */
  appendWithResult(payload: Uint8Array): Promise<AddResult> {
    if (this.explicitEntryIds) return Promise.reject(new QuireError('INVALID_ARGUMENT', 'this ledger takes explicit entry ids: use appendAt'));
    if (this.mode !== 'writer') return Promise.reject(new QuireError('INVALID_ARGUMENT', 'append on a recovery handle'));
    return this.submit(null, payload, null);
  }

  /** WriteAdv: appends with an application-chosen entry id (unique, above the LAC, within the pending window). */
  appendAt(entryId: bigint, payload: Uint8Array): Promise<bigint> {
    if (!this.explicitEntryIds) return Promise.reject(new QuireError('INVALID_ARGUMENT', 'this ledger assigns entry ids itself: use append'));
    return this.submit(entryId, payload, null).then(entryIdOf);
  }

  /** Recovery: re-writes a recovered entry with RECOVERY_ADD, keeping its original length field. */
  recoveryAdd(entryId: bigint, payload: Buffer, lengthAfter: bigint): Promise<bigint> {
    invariant(this.mode === 'recovery', 'recoveryAdd on a writer handle');
    invariant(entryId === this.lastAddPushed + 1n, `recovery add of ${entryId} after ${this.lastAddPushed}`);
    return this.submit(entryId, payload, lengthAfter).then(entryIdOf);
  }

  private submit(explicitId: bigint | null, data: Uint8Array, lengthAfter: bigint | null): Promise<AddResult> {
    if (this.fatal) return Promise.reject(this.fatal);
    if (this.closing) return Promise.reject(new QuireError('LEDGER_CLOSED', `ledger ${this.ledgerId} is closed`));
    if (!(data instanceof Uint8Array)) return Promise.reject(new QuireError('INVALID_ARGUMENT', 'entry payload must be a Buffer or Uint8Array'));
    if (data.length > this.ctx.config.maxEntrySizeBytes) {
      return Promise.reject(new QuireError('ENTRY_TOO_LARGE', `entry of ${data.length} bytes exceeds the ${this.ctx.config.maxEntrySizeBytes}-byte limit`));
    }
    if (this.pending.length >= this.ctx.config.maxPendingAddsPerLedger) {
      return Promise.reject(new QuireError('TOO_MANY_REQUESTS', `${this.pending.length} appends already in flight on ledger ${this.ledgerId}`));
    }
    let entryId: bigint;
    if (explicitId === null || this.mode === 'recovery') {
      entryId = explicitId ?? this.lastAddPushed + 1n;
    } else {
      if (typeof explicitId !== 'bigint' || explicitId < 0n) return Promise.reject(new QuireError('INVALID_ARGUMENT', `entry id must be a non-negative bigint, got ${String(explicitId)}`));
      if (explicitId <= this.lac || this.pending.some((op) => op.entryId === explicitId)) {
        return Promise.reject(new QuireError('INVALID_ARGUMENT', `entry ${explicitId} was already added to ledger ${this.ledgerId}`));
      }
      if (explicitId > this.lac + BigInt(this.ctx.config.maxPendingAddsPerLedger)) {
        return Promise.reject(new QuireError('INVALID_ARGUMENT', `entry ${explicitId} is too far ahead of the LAC ${this.lac}`));
      }
      entryId = explicitId;
    }
    const payload = Buffer.from(data.buffer, data.byteOffset, data.length);
    const length = lengthAfter ?? this.pushedLength + BigInt(payload.length);
    this.pushedLength = length;
    if (entryId > this.lastAddPushed) this.lastAddPushed = entryId;
    const lacField = this.unpublishedFrom !== null && this.lac >= this.unpublishedFrom ? this.unpublishedFrom - 1n : this.lac;
    if (lacField > this.piggybackedLac) this.piggybackedLac = lacField;
    const entry = wrapEntry(this.digest, { ledgerId: this.ledgerId, entryId, lastAddConfirmed: lacField, length, payload });
    const m = this.metadata;
    const op = new PendingAddOp(this.ctx, this, this.ledgerId, entryId, entry, length, writeSet(entryId, m.ensembleSize, m.writeQuorumSize), this.masterKey, this.addOptions);
    // Keep the queue in entry order (appendAt may arrive out of order).
    let i = this.pending.length;
    while (i > 0 && this.pending[i - 1]!.entryId > entryId) i--;
    this.pending.splice(i, 0, op);
    if (!this.changingEnsemble) op.sendAll(lastSegment(this.segments).bookies);
    return op.promise;
  }

  onAddAck(op: PendingAddOp, index: number, bookieId: string): void {
    if (op.finished) return;
    // An ack from a bookie that was replaced meanwhile does not count: the entry was resent.
    if (lastSegment(this.segments).bookies[index] !== bookieId) return;
    op.acked.set(index, bookieId);
    this.releaseCompleted();
  }

  onAddError(op: PendingAddOp, index: number, bookieId: string, error: unknown): void {
    if (op.finished) return;
    const e = asQuireError(error);
    if (e.code === 'LEDGER_FENCED' || e.code === 'UNAUTHORIZED') {
      // Someone recovered the ledger (or the key is wrong): this writer must stop, never retry.
      this.setFatal(new QuireError(e.code, `ledger ${this.ledgerId}: ${e.message}`, { cause: e }));
      return;
    }
    if (lastSegment(this.segments).bookies[index] !== bookieId) return;
    this.handleBookieFailure(index, bookieId);
  }

  private handleBookieFailure(index: number, bookieId: string): void {
    if (this.fatal) return;
    this.excluded.add(bookieId);
    this.failed.set(index, bookieId);
    if (!this.changingEnsemble) void this.changeEnsemble();
  }

  private async changeEnsemble(): Promise<void> {
    this.changingEnsemble = true;
    try {
      while (this.failed.size > 0 && !this.fatal) {
        if (++this.changesWithoutProgress > this.ctx.config.maxEnsembleChangesWithoutProgress) {
          throw new QuireError('NOT_ENOUGH_BOOKIES', `ledger ${this.ledgerId}: ${this.changesWithoutProgress - 1} ensemble changes without a confirmed entry`);
        }
        const failures = new Map(this.failed);
        const candidates = await this.ctx.registry.writableBookies();
        const working = [...lastSegment(this.segments).bookies];
        const replacements = new Map<number, string>();
        for (const [index, bookie] of failures) {
          if (working[index] !== bookie) continue;
          const pick = this.ctx.placement.replaceBookie(working, index, candidates, this.excluded);
          working[index] = pick;
          replacements.set(index, pick);
        }
        if (replacements.size > 0) {
          // LAC is frozen while changingEnsemble, so every pending entry is > lac.
          let next = applyEnsembleChange(this.segments, this.lac, replacements);
          if (this.mode === 'writer') next = await this.persistSegments(next);
          else this.unpublishedFrom ??= this.lac + 1n;
          this.segments = next;
        }
        for (const [index, bookie] of failures) if (this.failed.get(index) === bookie) this.failed.delete(index);
        const ensemble = lastSegment(this.segments).bookies;
        for (const op of this.pending) {
          if (op.finished) continue;
          if (!op.sent) {
            op.sendAll(ensemble);
            continue;
          }
          for (const [index, bookie] of replacements) {
            if (!op.writeSetIndexes.includes(index)) continue;
            op.acked.delete(index);
            op.sendTo(index, bookie);
          }
        }
      }
    } catch (e) {
      this.setFatal(asQuireError(e));
    } finally {
      this.changingEnsemble = false;
      if (!this.fatal) {
        const ensemble = lastSegment(this.segments).bookies;
        for (const op of this.pending) if (!op.sent && !op.finished) op.sendAll(ensemble);
      }
      this.releaseCompleted();
    }
  }

  /** Writer: CAS the new segment list into the metadata. A recovery in progress fences this writer. */
  private async persistSegments(segments: Segment[]): Promise<Segment[]> {
    for (let attempt = 0; attempt < this.ctx.config.metadataCasAttempts; attempt++) {
      const next = withChanges(this.metadata, { segments });
      try {
        this.version = await this.ctx.metadata.update(this.ledgerId, next, this.version);
        this.metadata = next;
        return segments;
      } catch (e) {
        if (isQuireError(e, 'METADATA_UNAVAILABLE')) {
          await sleepOn(this.ctx.clock, this.ctx.config.recoveryRetryBackoffMs);
        } else if (!isQuireError(e, 'METADATA_VERSION_CONFLICT')) {
          throw e;
        }
        const fresh = await this.ctx.metadata.read(this.ledgerId);
        if (fresh.metadata.state === 'IN_RECOVERY') throw new QuireError('LEDGER_FENCED', `ledger ${this.ledgerId} is being recovered`);
        if (fresh.metadata.state === 'CLOSED') throw new QuireError('LEDGER_CLOSED', `ledger ${this.ledgerId} was closed by someone else`);
        this.metadata = fresh.metadata;
        this.version = fresh.version;
        segments = mergeSegments(fresh.metadata.segments, segments);
      }
    }
    throw new QuireError('METADATA_VERSION_CONFLICT', `ledger ${this.ledgerId}: ensemble change lost ${this.ctx.config.metadataCasAttempts} compare-and-set rounds`);
  }

  private releaseCompleted(): void {
    if (this.changingEnsemble) return;
    const qa = this.metadata.ackQuorumSize;
    for (;;) {
      const head = this.pending[0];
      if (!head || head.acked.size < qa || head.entryId !== this.lac + 1n) break;
      this.pending.shift();
      invariant(head.entryId > this.lac, 'LAC must never go back');
      this.lac = head.entryId;
      this.confirmedLength = head.lengthAfter;
      this.changesWithoutProgress = 0;
      head.complete();
    }
  }

  private setFatal(e: QuireError): void {
    if (!this.fatal) this.fatal = e;
    this.stopExplicitLac();
    const ops = this.pending;
    this.pending = [];
    for (const op of ops) op.fail(this.fatal);
  }

  /** The error that stopped this handle, if any. */
  get error(): QuireError | null {
    return this.fatal;
  }

  /** Resolves once every append submitted so far has settled. */
  async settle(): Promise<void> {
    while (this.pending.length > 0) {
      await Promise.allSettled(this.pending.map((op) => op.promise));
    }
  }

  /**
   * Waits for the appends submitted so far, and with DEFERRED_SYNC makes them durable by sending
   * FORCE_LEDGER to every bookie that may hold them. Resolves with the LAC.
   */
  async force(): Promise<bigint> {
    await this.settle();
    if (this.fatal) throw this.fatal;
    if (!this.deferredSync || this.lac <= this.lastForced) return this.lac;
    const upTo = this.lac;
    const bookies = new Set<string>();
    const from = segmentFor(this.segments, this.lastForced + 1n);
    for (const s of this.segments) if (s.firstEntryId >= from.firstEntryId) for (const b of s.bookies) bookies.add(b);
    const results = await Promise.allSettled([...bookies].map((b) => this.ctx.bookies.forceLedger(b, this.ledgerId)));
    const failedAt = results.find((r) => r.status === 'rejected');
    if (failedAt) throw (failedAt as PromiseRejectedResult).reason;
    this.lastForced = upTo;
    return upTo;
  }

  /**
   * Closes the ledger: waits for in-flight appends, then CASes the metadata to CLOSED at the LAC.
   * If a recovery got there first with different values, throws LEDGER_FENCED and leaves the
   * metadata alone. `opts.customMetadata` (evaluated once the appends settled) is merged into the
   * ledger's custom metadata in the same compare-and-set that closes it; only the first close
   * call's options count.
   */
  close(opts: CloseOptions = {}): Promise<void> {
    this.closing = true;
    this.stopExplicitLac();
    this.closePromise ??= this.doClose(opts);
    return this.closePromise;
  }

  private async doClose(opts: CloseOptions): Promise<void> {
    await this.settle();
    if (this.fatal && (this.fatal.code === 'LEDGER_FENCED' || this.fatal.code === 'UNAUTHORIZED' || this.fatal.code === 'LEDGER_CLOSED')) throw this.fatal;
    const fromState = this.mode === 'writer' ? 'OPEN' : 'IN_RECOVERY';
    const extra = opts.customMetadata?.();
    for (let attempt = 0; attempt < this.ctx.config.metadataCasAttempts; attempt++) {
      const custom = extra === undefined ? this.metadata.customMetadata : new Map([...this.metadata.customMetadata, ...Object.entries(extra).map(([k, v]) => [k, Buffer.from(v, 'utf8')] as const)]);
      const next = withChanges(this.metadata, { state: 'CLOSED', lastEntryId: this.lac, length: this.confirmedLength, segments: this.segments, customMetadata: custom });
      try {
        this.version = await this.ctx.metadata.update(this.ledgerId, next, this.version);
        this.metadata = next;
        return;
      } catch (e) {
        if (isQuireError(e, 'METADATA_UNAVAILABLE')) {
          await sleepOn(this.ctx.clock, this.ctx.config.recoveryRetryBackoffMs);
        } else if (!isQuireError(e, 'METADATA_VERSION_CONFLICT')) {
          throw e;
        }
        const fresh = await this.ctx.metadata.read(this.ledgerId);
        const fm = fresh.metadata;
        if (fm.state === 'CLOSED') {
          if (fm.lastEntryId === this.lac && fm.length === this.confirmedLength) {
            this.metadata = fm;
            this.version = fresh.version;
            return;
          }
          const code = this.mode === 'writer' ? 'LEDGER_FENCED' : 'METADATA_VERSION_CONFLICT';
          throw new QuireError(code, `ledger ${this.ledgerId} was closed elsewhere at entry ${fm.lastEntryId} (length ${fm.length}); this handle had ${this.lac} (length ${this.confirmedLength})`);
        }
        if (fm.state !== fromState) throw new QuireError('LEDGER_FENCED', `ledger ${this.ledgerId} is ${fm.state}; not closing it from this handle`);
        this.segments = mergeSegments(fm.segments, this.segments);
        this.metadata = withChanges(fm, { segments: this.segments });
        this.version = fresh.version;
      }
    }
    throw new QuireError('METADATA_VERSION_CONFLICT', `ledger ${this.ledgerId}: close lost ${this.ctx.config.metadataCasAttempts} compare-and-set rounds`);
  }
}
