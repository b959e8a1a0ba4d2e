// The owned writer: ledgers whose WriteHandle this instance holds (it created them; BookKeeper
// allows one writer per ledger and no reopening for writes). Here live the append path's bounds
// (appends and bytes in flight, per ledger and in total), exactly-once (the bounded
// (producer, sequence) table plus the appends in flight, which retries wait for), compare-and-append,
// receipts, and what happens when the handle is fenced or fails (Sealing answers from the sealed ledger).
import { isQuireError, QuireError } from '../common/errors.js';
import type { AddResult, WriteHandle } from '../clients/quorum/index.js';
import { forgottenPair } from './append-rules.js';
import { DedupeTable } from './dedupe-table.js';
import { entryFormatOf, exactlyOnceNotEnabled, PAYLOAD_LENGTH_METADATA_KEY, sealResultOf, storedEntry } from './entry-format.js';
import { GatewayError } from './gateway-error.js';
import type { AppendOptions, DurabilityReceipt, EntryFormatName, SealResult } from './ledger-service.js';
import type { Ownership } from './ownership.js';
import { receiptOf } from './receipts.js';
import type { Sealing } from './sealing.js';
import { EMPTY, wrongPassword, type ServiceContext } from './service-context.js';

/** A ledger whose write handle this instance holds. */
export interface OwnedLedger {
  readonly ledgerId: bigint;
  readonly handle: WriteHandle;
  readonly password: Buffer;
  readonly format: EntryFormatName;
  /** Payload bytes of the entries acked so far (they complete in entry order, so: up to the LAC). */
  payloadLength: bigint;
  /** Id the next submitted append gets (the handle assigns the same, in submit order). */
  nextEntryId: bigint;
  pending: number;
  readonly dedupe: DedupeTable;
  /** (producer, sequence) appends in flight: retries wait for the first one. */
  readonly inflight: Map<string, Promise<bigint>>;
  /** Tail waiters woken when the LAC moves or the ledger closes. */
  readonly waiters: Set<() => void>;
  state: 'open' | 'closing' | 'gone';
  /** When it was created or last appended to (Date.now()); idle ones are sealed (ownedIdleSealMs). */
  lastActiveMs: number;
}

const keyOf = (p: string, s: bigint) => `${p}\u0000${s}`;

export class OwnedWriters {
  private readonly owned = new Map<bigint, OwnedLedger>();
  private pendingTotal = 0;
  private pendingBytes = 0;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly ownership: Ownership,
    private readonly sealing: Sealing,
  ) {}

  get ids(): bigint[] {
    return [...this.owned.keys()];
  }

  /** Ledgers this instance holds a write handle for (bounded by maxOwnedLedgers). */
  get count(): number {
    return this.owned.size;
  }

  all(): OwnedLedger[] {
    return [...this.owned.values()];
  }

  /** The live writer of a ledger, if this instance holds one. */
  get(ledgerId: bigint): OwnedLedger | undefined {
    const o = this.owned.get(ledgerId);
    return o && o.state !== 'gone' ? o : undefined;
  }

  /** A freshly created ledger's handle (its owner record is already claimed). */
  adopt(handle: WriteHandle, password: Buffer): OwnedLedger {
    const o: OwnedLedger = {
      ledgerId: handle.ledgerId,
      handle,
      password,
      format: entryFormatOf(handle.ledgerMetadata),
      payloadLength: 0n,
      nextEntryId: 0n,
      pending: 0,
      dedupe: new DedupeTable(this.ctx.limits.dedupeEntriesPerLedger, this.ctx.limits.dedupeBytesPerLedger),
      inflight: new Map(),
      waiters: new Set(),
      state: 'open',
      lastActiveMs: Date.now(),
    };
    this.owned.set(handle.ledgerId, o);
    this.ctx.emit({ type: 'owned', count: this.owned.size });
    return o;
  }

  checkPassword(o: OwnedLedger, password: Buffer | undefined): void {
    if (!o.password.equals(password ?? EMPTY)) throw wrongPassword(o.ledgerId);
  }

  async append(o: OwnedLedger, data: readonly Buffer[], opts: AppendOptions): Promise<DurabilityReceipt[]> {
    this.checkPassword(o, opts.password);
    if (o.state !== 'open' || o.handle.isClosed) return this.sealing.answerUnowned(o.ledgerId, data, opts);
    o.lastActiveMs = Date.now();
    if (o.handle.error) throw this.handleFailure(o, o.handle.error);
    if (opts.producerId !== undefined && o.format !== 'ENVELOPE') throw exactlyOnceNotEnabled(o.ledgerId);
    // From here to the submits nothing awaits: dedupe check, compare-and-append and id assignment
    // are one atomic step on this event loop.
    const n = data.length;
    const ids: (Promise<AddResult> | null)[] = new Array<Promise<AddResult> | null>(n).fill(null);
    const dupOf: (bigint | Promise<bigint> | null)[] = new Array<bigint | Promise<bigint> | null>(n).fill(null);
    let fresh = n;
    if (opts.producerId !== undefined && opts.sequence !== undefined) {
      for (let i = 0; i < n; i++) {
        const seq = opts.sequence + BigInt(i);
        const inflight = o.inflight.get(keyOf(opts.producerId, seq));
        const hit = o.dedupe.lookup(opts.producerId, seq);
        if (inflight) dupOf[i] = inflight;
        else if (hit.kind === 'hit') dupOf[i] = hit.entryId;
        else if (hit.kind === 'forgotten') throw forgottenPair(opts.producerId, seq, hit.floor);
        if (dupOf[i] !== null) fresh--;
      }
    }
    if (fresh === n && opts.expectedEntryId !== undefined && opts.expectedEntryId !== o.nextEntryId) {
      throw new GatewayError('APPEND_CONFLICT', `compare-and-append: expected the next entry of ledger ${o.ledgerId} to be ${opts.expectedEntryId}, but it is ${o.nextEntryId}; nothing was written`, {
        field: 'expectedEntryId',
        details: { expectedEntryId: opts.expectedEntryId.toString(), nextEntryId: o.nextEntryId.toString() },
      });
    }
    let bytes = 0;
    for (let i = 0; i < n; i++) if (dupOf[i] === null) bytes += data[i]!.length;
    if (fresh > 0) this.admit(o, fresh, bytes);
    for (let i = 0; i < n; i++) {
      if (dupOf[i] !== null) continue;
      const producer = opts.producerId !== undefined ? { producerId: opts.producerId, sequence: opts.sequence! + BigInt(i) } : undefined;
      const payloadBytes = BigInt(data[i]!.length);
      const added = o.handle.appendWithResult(storedEntry(o.format, data[i]!, producer));
      o.nextEntryId++;
      ids[i] = added;
      if (producer !== undefined) {
        const key = keyOf(producer.producerId, producer.sequence);
        const p = added.then((r) => r.entryId);
        o.inflight.set(key, p);
        void p.then(
          (id) => {
            o.dedupe.record(producer.producerId, producer.sequence, id);
            o.inflight.delete(key);
          },
          () => o.inflight.delete(key),
        );
      }
      void added.then(
        () => {
          o.payloadLength += payloadBytes;
          this.wake(o);
        },
        () => undefined,
      );
    }
    const settled = await Promise.allSettled(ids.map((p) => p ?? Promise.resolve(null)));
    if (fresh > 0) this.release(o, fresh, bytes);
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) {
      const acked = settled.filter((s, i) => s.status === 'fulfilled' && ids[i] !== null).length;
      const reason = (failed as PromiseRejectedResult).reason as unknown;
      if (acked === 0 && (isQuireError(reason, 'LEDGER_FENCED') || isQuireError(reason, 'LEDGER_CLOSED'))) {
        this.drop(o);
        return this.sealing.answerFenced(o.ledgerId, data, opts, reason);
      }
      throw this.handleFailure(o, reason, acked);
    }
    const md = o.handle.ledgerMetadata;
    const lac = o.handle.lastAddConfirmed;
    const out: DurabilityReceipt[] = [];
    for (let i = 0; i < n; i++) {
      const d = dupOf[i];
      if (d === null || d === undefined) {
        const added = (settled[i] as PromiseFulfilledResult<AddResult>).value;
        out.push(receiptOf(o.ledgerId, md, added.entryId, lac, false, added.ackedBy));
      }
      else out.push(receiptOf(o.ledgerId, md, typeof d === 'bigint' ? d : await d, lac, true));
    }
    this.ctx.emit({ type: 'append', entries: fresh, bytes, duplicates: n - fresh });
    return out;
  }

  private admit(o: OwnedLedger, n: number, bytes: number): void {
    const l = this.ctx.limits;
    const over =
      o.pending + n > l.maxPendingAppendsPerLedger
        ? `${o.pending} appends in flight on ledger ${o.ledgerId} (limit ${l.maxPendingAppendsPerLedger})`
        : this.pendingTotal + n > l.maxPendingAppendsTotal
          ? `${this.pendingTotal} appends in flight on gateway ${this.ctx.gatewayId} (limit ${l.maxPendingAppendsTotal})`
          : this.pendingBytes + bytes > l.maxPendingAppendBytes
            ? `${this.pendingBytes} bytes of appends in flight on gateway ${this.ctx.gatewayId} (limit ${l.maxPendingAppendBytes})`
            : null;
    if (over) throw new GatewayError('TOO_MANY_REQUESTS', `overloaded: ${over}; retry later`, { details: { retryAfterSeconds: l.retryAfterSeconds } });
    o.pending += n;
    this.pendingTotal += n;
    this.pendingBytes += bytes;
  }

  private release(o: OwnedLedger, n: number, bytes: number): void {
    o.pending -= n;
    this.pendingTotal -= n;
    this.pendingBytes -= bytes;
  }

  /** A failed append: fatal handle errors end this instance's ownership (recovery seals the rest). */
  private handleFailure(o: OwnedLedger, reason: unknown, acked = 0): QuireError {
    const e = reason instanceof QuireError ? reason : new QuireError('INTERNAL', String(reason), { cause: reason });
    if (o.handle.error) {
      this.ctx.log.warn({ ledgerId: o.ledgerId.toString(), err: e.message }, 'write handle failed; giving up ownership');
      this.drop(o);
    }
    const details: Record<string, string | number | boolean> = { ...(e instanceof GatewayError ? e.details : {}) };
    if (acked > 0) details.ackedEntries = acked;
    return new GatewayError(e.code, acked > 0 ? `${e.message} (${acked} earlier entries of this batch were acknowledged and are durable)` : e.message, {
      ...(e instanceof GatewayError && e.field !== undefined ? { field: e.field } : {}),
      details,
      cause: e,
    });
  }

  /** The writer's close: seals at the LAC; its exactly-once table goes to Sealing for later retries. */
  async close(o: OwnedLedger): Promise<SealResult> {
    o.state = 'closing';
    try {
      // ENVELOPE ledgers: the payload length is only known here, so it goes into the sealing CAS.
      await o.handle.close(o.format === 'ENVELOPE' ? { customMetadata: () => ({ [PAYLOAD_LENGTH_METADATA_KEY]: o.payloadLength.toString() }) } : {});
    } finally {
      this.sealing.remember(o.ledgerId, o.dedupe);
      this.drop(o);
    }
    return sealResultOf(o.ledgerId, o.handle.ledgerMetadata);
  }

  /**
   * Seals the open ledgers with nothing in flight and no append for ownedIdleSealMs: an owned
   * ledger holds a write handle and a dedupe table, so an abandoned one must not live for ever.
   * Appends after that answer as for any sealed ledger (duplicates still get their receipts).
   */
  async sealIdle(nowMs: number): Promise<number> {
    let sealed = 0;
    for (const o of [...this.owned.values()]) {
      if (o.state !== 'open' || o.pending > 0 || nowMs - o.lastActiveMs < this.ctx.limits.ownedIdleSealMs) continue;
      try {
        await this.close(o);
        sealed++;
        this.ctx.log.info({ ledgerId: o.ledgerId.toString(), idleMs: nowMs - o.lastActiveMs }, 'sealed an idle owned ledger');
      } catch (err) {
        this.ctx.log.warn({ err, ledgerId: o.ledgerId.toString() }, 'could not seal an idle owned ledger');
      }
    }
    return sealed;
  }

  /** Lets go of a writer (closed, fenced, failed or deleted): wakes its tails, removes its owner record. */
  drop(o: OwnedLedger): void {
    if (o.state === 'gone') return;
    o.state = 'gone';
    this.owned.delete(o.ledgerId);
    this.wake(o);
    this.ctx.emit({ type: 'owned', count: this.owned.size });
    void this.ownership.release(o.ledgerId).catch((err: unknown) => this.ctx.log.warn({ err, ledgerId: o.ledgerId.toString() }, 'could not remove owner record'));
  }

  /**
   * A deleted ledger's writer stops serving at once. (As before the split: the entry stays in the
   * table until shutdown, whose close attempt fails and is logged; the owner record goes with the
   * session.)
   */
  forgetDeleted(o: OwnedLedger): void {
    o.state = 'gone';
  }

  private wake(o: OwnedLedger): void {
    for (const w of [...o.waiters]) w();
  }

  /**
   * Waits (at most waitMs) until the local writer's LAC reaches fromEntryId, the writer goes, or the
   * instance stops. Undefined: this instance does not write the ledger.
   */
  waitForLac(ledgerId: bigint, fromEntryId: bigint, waitMs: number): Promise<void> | undefined {
    const o = this.get(ledgerId);
    if (!o) return undefined;
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        o.waiters.delete(check);
        resolve();
      };
      const check = () => {
        if (o.state === 'gone' || o.handle.lastAddConfirmed >= fromEntryId || this.ctx.stopping()) done();
      };
      const timer = setTimeout(done, waitMs);
      o.waiters.add(check);
      check();
    });
  }

  /** Crash simulation: forget every handle without sealing or removing owner records. */
  abandonAll(): void {
    for (const o of this.owned.values()) o.state = 'gone';
    this.owned.clear();
  }
}
