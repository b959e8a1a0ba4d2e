// The LedgerService over the quorum client: single writer per ledger (the creating instance owns
// the WriteHandle, recorded in the metadata store; others forward writes to it, or seal the ledger
// when the owner is gone), exactly-once appends by (producer, sequence) stored in each entry's
// envelope, compare-and-append, durability receipts, and bounds on everything it holds.
// docs/gateway.md explains the design and its failure cases.
import { isQuireError, QuireError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import { INT64_MAX } from '../common/ids.js';
import type { BookKeeperClient, ReadHandle, WriteHandle } from '../clients/quorum/index.js';
import { writeSet } from '../clients/quorum/ensemble/distribution-schedule.js';
import { segmentFor } from '../clients/quorum/ensemble/ensemble-change.js';
import type { LedgerMetadata } from '../metadata/ledger-metadata.js';
import type { MetadataService } from '../metadata/metadata-service.js';
import { DedupeTable } from './dedupe-table.js';
import { decodeEnvelope, encodeEnvelope, ENVELOPE_METADATA_KEY } from './entry-envelope.js';
import { Forwarder } from './forwarding.js';
import type { GatewayLimits } from './gateway-config.js';
import { badArgument, GatewayError } from './gateway-error.js';
import type {
  AppendOptions,
  CreateLedgerRequest,
  DurabilityReceipt,
  Entry,
  LedgerInfo,
  LedgerService,
  ListLedgersResult,
  ReadRangeRequest,
  ReadRangeResult,
  SealResult,
  TailRequest,
} from './ledger-service.js';
import { Ownership, type OwnerLookup } from './ownership.js';
import { receiptFromJson, receiptToJson, sealFromJson, sealToJson, type ForwardAppendJson, type ReceiptJson, type SealJson } from './wire-json.js';

export interface LedgerServiceImplOptions {
  readonly client: BookKeeperClient;
  readonly metadata: MetadataService;
  readonly gatewayId: string;
  /** Base URL other instances reach this one at (known once the REST server listens). */
  readonly advertisedUrl: () => string;
  readonly limits: GatewayLimits;
  readonly log: Logger;
  /** Called on service events (metrics). */
  readonly onEvent?: (event: ServiceEvent) => void;
}

export type ServiceEvent =
  | { readonly type: 'append'; readonly entries: number; readonly bytes: number; readonly duplicates: number }
  | { readonly type: 'forward'; readonly op: string }
  | { readonly type: 'recover'; readonly ledgerId: bigint }
  | { readonly type: 'owned'; readonly count: number };

/** A ledger whose write handle this instance holds. */
interface OwnedLedger {
  readonly ledgerId: bigint;
  readonly handle: WriteHandle;
  readonly password: Buffer;
  /** Id the next submitted append gets (the handle assigns the same, in submit order). */
  nextEntryId: bigint;
  pending: number;
  readonly dedupe: DedupeTable;
  /** (producer, sequence) appends in flight: retries wait for the first one. */
  readonly inflight: Map<string, Promise<bigint>>;
  /** Tail waiters woken when the LAC moves or the ledger closes. */
  readonly waiters: Set<() => void>;
  state: 'open' | 'closing' | 'gone';
}

const EMPTY = Buffer.alloc(0);
const keyOf = (p: string, s: bigint) => `${p}\u0000${s}`;
const MAX_PAGE_TOKEN = 20;

function wrongPassword(ledgerId: bigint): GatewayError {
  return new GatewayError('UNAUTHORIZED', `wrong password for ledger ${ledgerId}`, { field: 'Quire-Ledger-Password' });
}

function samePassword(stored: Buffer | undefined, given: Buffer | undefined): boolean {
  // Ledgers without a stored password (format v1) accept any; otherwise bytes must match.
  return stored === undefined || stored.equals(given ?? EMPTY);
}

function isEnveloped(md: LedgerMetadata): boolean {
  return md.customMetadata.get(ENVELOPE_METADATA_KEY)?.toString('utf8') === '1';
}

function sealedError(ledgerId: bigint, md: LedgerMetadata, why: string): GatewayError {
  return new GatewayError('LEDGER_CLOSED', `ledger ${ledgerId} ${why}; it is sealed at entry ${md.lastEntryId} (length ${md.length}) and takes no more appends`, {
    details: { lastEntryId: md.lastEntryId.toString(), length: md.length.toString() },
  });
}

export class LedgerServiceImpl implements LedgerService {
  private readonly client: BookKeeperClient;
  private readonly md: MetadataService;
  private readonly limits: GatewayLimits;
  private readonly log: Logger;
  private readonly ownership: Ownership;
  private readonly forwarder: Forwarder;
  private readonly owned = new Map<bigint, OwnedLedger>();
  /** Read handles, least recently used first. */
  private readonly readers = new Map<bigint, Promise<ReadHandle>>();
  /** Exactly-once tables of sealed ledgers, rebuilt from their envelopes (least recently used first). */
  private readonly sealedIndexes = new Map<bigint, Promise<DedupeTable>>();
  private pendingTotal = 0;
  private pendingBytes = 0;
  private tails = 0;
  private stopping = false;
  readonly gatewayId: string;

  constructor(private readonly opts: LedgerServiceImplOptions) {
    this.client = opts.client;
    this.md = opts.metadata;
    this.limits = opts.limits;
    this.log = opts.log;
    this.gatewayId = opts.gatewayId;
    this.ownership = new Ownership(opts.metadata.store, opts.metadata.root, () => ({ gatewayId: opts.gatewayId, url: opts.advertisedUrl() }));
    this.forwarder = new Forwarder(opts.gatewayId, opts.limits.forwardTimeoutMs);
  }

  private emit(e: ServiceEvent): void {
    this.opts.onEvent?.(e);
  }

  private checkRunning(): void {
    if (this.stopping) throw new QuireError('SHUTTING_DOWN', `gateway ${this.gatewayId} is stopping`);
  }

  /** Ledgers whose write handle this instance holds. */
  get ownedLedgerIds(): bigint[] {
    return [...this.owned.keys()];
  }

  // ---------------------------------------------------------------- create

  async createLedger(req: CreateLedgerRequest): Promise<LedgerInfo> {
    this.checkRunning();
    const custom: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.customMetadata ?? {})) {
      if (k.startsWith('quire.')) throw badArgument('customMetadata', `custom metadata keys starting with "quire." are reserved (got ${JSON.stringify(k)})`);
      if (typeof v !== 'string') throw badArgument('customMetadata', `custom metadata ${JSON.stringify(k)} must be a string`);
      custom[k] = v;
    }
    custom[ENVELOPE_METADATA_KEY] = '1';
    for (const [field, v] of [['ensembleSize', req.ensembleSize], ['writeQuorumSize', req.writeQuorumSize], ['ackQuorumSize', req.ackQuorumSize]] as const) {
      if (v !== undefined && (!Number.isInteger(v) || v < 1 || v > 64)) throw badArgument(field, `${field} must be an integer in [1, 64], got ${String(v)}`);
    }
    const password = req.password ?? EMPTY;
    let handle: WriteHandle;
    try {
      handle = await this.client.createLedger({
        ...(req.ensembleSize !== undefined ? { ensembleSize: req.ensembleSize } : {}),
        ...(req.writeQuorumSize !== undefined ? { writeQuorumSize: req.writeQuorumSize } : {}),
        ...(req.ackQuorumSize !== undefined ? { ackQuorumSize: req.ackQuorumSize } : {}),
        ...(req.digestType !== undefined ? { digestType: req.digestType } : {}),
        password,
        customMetadata: custom,
      });
    } catch (e) {
      if (isQuireError(e, 'INVALID_ARGUMENT') && /quorum|ensemble/i.test(e.message)) throw new GatewayError('INVALID_ARGUMENT', e.message, { field: 'ensembleSize', cause: e });
      throw e;
    }
    try {
      await this.ownership.claim(handle.ledgerId);
    } catch (e) {
      // Without an owner record nobody could find the writer: seal the empty ledger at once.
      await handle.close().catch(() => undefined);
      throw e;
    }
    const o: OwnedLedger = {
      ledgerId: handle.ledgerId,
      handle,
      password,
      nextEntryId: 0n,
      pending: 0,
      dedupe: new DedupeTable(this.limits.dedupeEntriesPerLedger),
      inflight: new Map(),
      waiters: new Set(),
      state: 'open',
    };
    this.owned.set(handle.ledgerId, o);
    this.emit({ type: 'owned', count: this.owned.size });
    this.log.info({ ledgerId: handle.ledgerId.toString() }, 'ledger created; this instance owns its write handle');
    return this.infoOf(handle.ledgerId, handle.ledgerMetadata, { lastEntryId: -1n, owner: this.gatewayId });
  }

  // ---------------------------------------------------------------- append

  append(ledgerId: bigint, data: Buffer, opts: AppendOptions = {}): Promise<DurabilityReceipt> {
    return this.appendBatch(ledgerId, [data], opts, true).then((r) => r[0]!);
  }

  async appendBatch(ledgerId: bigint, data: Buffer[], opts: AppendOptions = {}, single = false): Promise<DurabilityReceipt[]> {
    this.checkRunning();
    this.validateAppend(data, opts, single);
    return this.routeAppend(ledgerId, data, opts, true);
  }

  /** An append forwarded by another instance: served here or refused, never forwarded again. */
  async forwardedAppend(ledgerId: bigint, body: ForwardAppendJson): Promise<{ receipts: ReceiptJson[] }> {
    this.checkRunning();
    const data = body.entries.map((b) => Buffer.from(b, 'base64'));
    const opts: AppendOptions = {
      ...(body.password !== undefined ? { password: Buffer.from(body.password, 'base64') } : {}),
      ...(body.producerId !== undefined ? { producerId: body.producerId } : {}),
      ...(body.sequence !== undefined ? { sequence: BigInt(body.sequence) } : {}),
      ...(body.expectedEntryId !== undefined ? { expectedEntryId: BigInt(body.expectedEntryId) } : {}),
    };
    this.validateAppend(data, opts, false);
    const receipts = await this.routeAppend(ledgerId, data, opts, false);
    return { receipts: receipts.map(receiptToJson) };
  }

  private validateAppend(data: Buffer[], opts: AppendOptions, single: boolean): void {
    const field = single ? 'body' : 'entries';
    if (data.length === 0) throw badArgument(field, 'a batch needs at least one entry');
    if (data.length > this.limits.maxBatchEntries) throw new GatewayError('ENTRY_TOO_LARGE', `batch of ${data.length} entries exceeds the limit of ${this.limits.maxBatchEntries}`, { field, details: { limit: this.limits.maxBatchEntries } });
    let total = 0;
    data.forEach((d, i) => {
      if (!Buffer.isBuffer(d)) throw badArgument(field, 'entry data must be bytes');
      if (d.length > this.limits.maxEntryBytes) {
        throw new GatewayError('ENTRY_TOO_LARGE', `entry${single ? '' : ` ${i}`} of ${d.length} bytes exceeds the limit of ${this.limits.maxEntryBytes} bytes`, { field: single ? field : `entries/${i}`, details: { limit: this.limits.maxEntryBytes } });
      }
      total += d.length;
    });
    if (total > this.limits.maxBatchBytes) throw new GatewayError('ENTRY_TOO_LARGE', `batch of ${total} bytes exceeds the limit of ${this.limits.maxBatchBytes} bytes`, { field, details: { limit: this.limits.maxBatchBytes } });
    if ((opts.producerId === undefined) !== (opts.sequence === undefined)) {
      throw badArgument(opts.producerId === undefined ? 'producerId' : 'sequence', 'producerId and sequence go together (exactly-once appends need both)');
    }
    if (opts.producerId !== undefined) {
      const n = Buffer.byteLength(opts.producerId, 'utf8');
      if (n < 1 || n > this.limits.maxProducerIdBytes) throw badArgument('producerId', `producer id must be 1..${this.limits.maxProducerIdBytes} bytes, got ${n}`);
      const s = opts.sequence!;
      if (typeof s !== 'bigint' || s < 0n || s + BigInt(data.length) - 1n > INT64_MAX) throw badArgument('sequence', 'sequence must be in [0, 2^63-1] (a batch uses sequence, sequence+1, ...)');
    }
    if (opts.expectedEntryId !== undefined && (typeof opts.expectedEntryId !== 'bigint' || opts.expectedEntryId < 0n || opts.expectedEntryId > INT64_MAX)) {
      throw badArgument('expectedEntryId', 'expected entry id must be in [0, 2^63-1]');
    }
  }

  private async routeAppend(ledgerId: bigint, data: Buffer[], opts: AppendOptions, mayForward: boolean): Promise<DurabilityReceipt[]> {
    const local = this.owned.get(ledgerId);
    if (local && local.state !== 'gone') return this.appendLocal(local, data, opts);
    const owner = await this.ownership.owner(ledgerId);
    if (owner && !owner.mine && owner.gatewayId !== this.gatewayId) {
      if (!mayForward) {
        throw new GatewayError('LEDGER_OWNED_ELSEWHERE', `ledger ${ledgerId} is owned by gateway ${owner.gatewayId}, not by ${this.gatewayId}`, { details: { owner: owner.gatewayId } });
      }
      return this.forwardAppend(owner, ledgerId, data, opts);
    }
    // A record of ours without a handle (left from an earlier life of this instance): stale.
    if (owner) await this.ownership.release(ledgerId).catch(() => undefined);
    return this.appendToUnowned(ledgerId, data, opts);
  }

  private async forwardAppend(owner: OwnerLookup, ledgerId: bigint, data: Buffer[], opts: AppendOptions): Promise<DurabilityReceipt[]> {
    this.emit({ type: 'forward', op: 'append' });
    const body: ForwardAppendJson = {
      entries: data.map((d) => d.toString('base64')),
      ...(opts.password !== undefined ? { password: opts.password.toString('base64') } : {}),
      ...(opts.producerId !== undefined ? { producerId: opts.producerId } : {}),
      ...(opts.sequence !== undefined ? { sequence: opts.sequence.toString() } : {}),
      ...(opts.expectedEntryId !== undefined ? { expectedEntryId: opts.expectedEntryId.toString() } : {}),
    };
    try {
      const r = await this.forwarder.call<{ receipts: ReceiptJson[] }>(owner.url, owner.gatewayId, 'POST', `/internal/v1/ledgers/${ledgerId}/append`, body);
      return r.receipts.map(receiptFromJson);
    } catch (e) {
      // The owner may have died between our look-up and the call: if its record is gone now, the
      // ledger has no writer; seal it and answer from the sealed ledger (never write ourselves).
      if (isQuireError(e, 'LEDGER_OWNED_ELSEWHERE')) {
        const again = await this.ownership.owner(ledgerId);
        if (!again) return this.appendToUnowned(ledgerId, data, opts);
      }
      throw e;
    }
  }

  /**
   * Nobody holds the write handle: the ledger is sealed (closing it first by fencing + recovery if
   * it is not), and the append is answered from the sealed ledger: the original receipts when every
   * (producer, sequence) is in it, LEDGER_CLOSED with the sealed end otherwise. Never written.
   */
  private async appendToUnowned(ledgerId: bigint, data: Buffer[], opts: AppendOptions): Promise<DurabilityReceipt[]> {
    let md = await this.readMetadata(ledgerId);
    if (!samePassword(md.password, opts.password)) throw wrongPassword(ledgerId);
    let why = 'has no writer (closed)';
    if (md.state !== 'CLOSED') {
      md = await this.sealByRecovery(ledgerId, opts.password);
      why = 'lost its writer (the owning gateway is gone); this instance fenced and recovered it';
    }
    if (opts.producerId !== undefined && opts.sequence !== undefined) {
      const table = await this.sealedIndex(ledgerId, md, opts.password);
      const receipts: DurabilityReceipt[] = [];
      for (let i = 0; i < data.length; i++) {
        const hit = table.lookup(opts.producerId, opts.sequence + BigInt(i));
        if (hit.kind !== 'hit') break;
        receipts.push(this.receipt(ledgerId, md, hit.entryId, md.lastEntryId, true));
      }
      if (receipts.length === data.length) return receipts;
    }
    throw sealedError(ledgerId, md, why);
  }

  private async appendLocal(o: OwnedLedger, data: Buffer[], opts: AppendOptions): Promise<DurabilityReceipt[]> {
    if (!o.password.equals(opts.password ?? EMPTY)) throw wrongPassword(o.ledgerId);
    if (o.state !== 'open' || o.handle.isClosed) return this.appendToUnowned(o.ledgerId, data, opts);
    if (o.handle.error) throw this.handleFailure(o, o.handle.error);
    // From here to the submits nothing awaits: dedupe check, compare-and-append and id assignment
    // are one atomic step on this event loop.
    const n = data.length;
    const ids: (Promise<bigint> | null)[] = new Array<Promise<bigint> | null>(n).fill(null);
    const dupOf: (bigint | Promise<bigint> | null)[] = new Array<bigint | Promise<bigint> | null>(n).fill(null);
    let fresh = n;
    if (opts.producerId !== undefined && opts.sequence !== undefined) {
      for (let i = 0; i < n; i++) {
        const seq = opts.sequence + BigInt(i);
        const inflight = o.inflight.get(keyOf(opts.producerId, seq));
        const hit = o.dedupe.lookup(opts.producerId, seq);
        if (inflight) dupOf[i] = inflight;
        else if (hit.kind === 'hit') dupOf[i] = hit.entryId;
        else if (hit.kind === 'forgotten') {
          throw new GatewayError('SEQUENCE_CONFLICT', `producer ${JSON.stringify(opts.producerId)} sequence ${seq} is at or below ${hit.floor}, the oldest sequence this ledger still remembers; it may already be written`, {
            field: 'sequence',
            details: { floor: hit.floor.toString() },
          });
        }
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
      const env = opts.producerId !== undefined ? { producerId: opts.producerId, sequence: opts.sequence! + BigInt(i), payload: data[i]! } : { payload: data[i]! };
      const p = o.handle.append(encodeEnvelope(env));
      o.nextEntryId++;
      ids[i] = p;
      if (env.producerId !== undefined) {
        const key = keyOf(env.producerId, env.sequence);
        o.inflight.set(key, p);
        void p.then(
          (id) => {
            o.dedupe.record(env.producerId, env.sequence, id);
            o.inflight.delete(key);
          },
          () => o.inflight.delete(key),
        );
      }
      void p.then(
        () => this.wake(o),
        () => undefined,
      );
    }
    const settled = await Promise.allSettled(ids.map((p) => p ?? Promise.resolve(-1n)));
    if (fresh > 0) this.release(o, fresh, bytes);
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) {
      const acked = settled.filter((s, i) => s.status === 'fulfilled' && ids[i] !== null).length;
      const reason = (failed as PromiseRejectedResult).reason as unknown;
      if (acked === 0 && (isQuireError(reason, 'LEDGER_FENCED') || isQuireError(reason, 'LEDGER_CLOSED'))) {
        this.drop(o);
        return this.answerFenced(o.ledgerId, data, opts, reason);
      }
      throw this.handleFailure(o, reason, acked);
    }
    const md = o.handle.ledgerMetadata;
    const lac = o.handle.lastAddConfirmed;
    const out: DurabilityReceipt[] = [];
    for (let i = 0; i < n; i++) {
      const d = dupOf[i];
      if (d === null || d === undefined) out.push(this.receipt(o.ledgerId, md, (settled[i] as PromiseFulfilledResult<bigint>).value, lac, false));
      else out.push(this.receipt(o.ledgerId, md, typeof d === 'bigint' ? d : await d, lac, true));
    }
    this.emit({ type: 'append', entries: fresh, bytes, duplicates: n - fresh });
    return out;
  }

  /**
   * Someone recovered the ledger under this writer. The rejected adds may still have made it into
   * the sealed ledger (recovery keeps whatever reached enough bookies), so: seal for sure, then
   * answer exactly-once appends from the sealed ledger; others get LEDGER_FENCED with the end.
   */
  private async answerFenced(ledgerId: bigint, data: Buffer[], opts: AppendOptions, reason: QuireError): Promise<DurabilityReceipt[]> {
    let md = await this.readMetadata(ledgerId);
    if (md.state !== 'CLOSED') md = await this.sealByRecovery(ledgerId, opts.password);
    if (opts.producerId !== undefined) return this.appendToUnowned(ledgerId, data, opts);
    throw new GatewayError('LEDGER_FENCED', `ledger ${ledgerId} was recovered by another client while this append was in flight; it is sealed at entry ${md.lastEntryId} (length ${md.length}). The append was not acknowledged; without a producer id it may or may not be in the sealed ledger`, {
      details: { lastEntryId: md.lastEntryId.toString(), length: md.length.toString() },
      cause: reason,
    });
  }

  private admit(o: OwnedLedger, n: number, bytes: number): void {
    const over =
      o.pending + n > this.limits.maxPendingAppendsPerLedger
        ? `${o.pending} appends in flight on ledger ${o.ledgerId} (limit ${this.limits.maxPendingAppendsPerLedger})`
        : this.pendingTotal + n > this.limits.maxPendingAppendsTotal
          ? `${this.pendingTotal} appends in flight on gateway ${this.gatewayId} (limit ${this.limits.maxPendingAppendsTotal})`
          : this.pendingBytes + bytes > this.limits.maxPendingAppendBytes
            ? `${this.pendingBytes} bytes of appends in flight on gateway ${this.gatewayId} (limit ${this.limits.maxPendingAppendBytes})`
            : null;
    if (over) throw new GatewayError('TOO_MANY_REQUESTS', `overloaded: ${over}; retry later`, { details: { retryAfterSeconds: this.limits.retryAfterSeconds } });
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
      this.log.warn({ ledgerId: o.ledgerId.toString(), err: e.message }, 'write handle failed; giving up ownership');
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

  private drop(o: OwnedLedger): void {
    if (o.state === 'gone') return;
    o.state = 'gone';
    this.owned.delete(o.ledgerId);
    this.wake(o);
    this.emit({ type: 'owned', count: this.owned.size });
    void this.ownership.release(o.ledgerId).catch((err: unknown) => this.log.warn({ err, ledgerId: o.ledgerId.toString() }, 'could not remove owner record'));
  }

  private wake(o: OwnedLedger): void {
    for (const w of [...o.waiters]) w();
  }

  private receipt(ledgerId: bigint, md: LedgerMetadata, entryId: bigint, lac: bigint, duplicate: boolean): DurabilityReceipt {
    const seg = segmentFor(md.segments, entryId);
    const ws = writeSet(entryId, md.ensembleSize, md.writeQuorumSize).map((i) => seg.bookies[i]!);
    return { ledgerId, entryId, lastAddConfirmed: lac > entryId ? lac : entryId, writeSet: ws, ackQuorumSize: md.ackQuorumSize, duplicate };
  }

  // ---------------------------------------------------------------- seal / exactly-once index

  private async sealByRecovery(ledgerId: bigint, password: Buffer | undefined): Promise<LedgerMetadata> {
    this.emit({ type: 'recover', ledgerId });
    this.log.warn({ ledgerId: ledgerId.toString() }, 'fencing and recovering a ledger whose writer is gone');
    const rh = await this.client.openLedger(ledgerId, { password: password ?? EMPTY, recovery: true });
    this.cacheReader(ledgerId, rh);
    return rh.ledgerMetadata;
  }

  /** The (producer, sequence) table of a sealed ledger, from its entries' envelopes. */
  private sealedIndex(ledgerId: bigint, md: LedgerMetadata, password: Buffer | undefined): Promise<DedupeTable> {
    let p = this.sealedIndexes.get(ledgerId);
    if (p) {
      this.sealedIndexes.delete(ledgerId);
      this.sealedIndexes.set(ledgerId, p);
      return p;
    }
    p = (async () => {
      const table = new DedupeTable(this.limits.dedupeEntriesPerLedger);
      if (!isEnveloped(md)) return table;
      const rh = await this.reader(ledgerId, password);
      const page = 500n;
      for (let from = 0n; from <= md.lastEntryId; from += page) {
        const to = from + page - 1n < md.lastEntryId ? from + page - 1n : md.lastEntryId;
        for (const e of await rh.read(from, to)) {
          const env = decodeEnvelope(e.payload);
          if (env.producerId !== undefined) table.record(env.producerId, env.sequence!, e.entryId);
        }
      }
      return table;
    })();
    this.sealedIndexes.set(ledgerId, p);
    p.catch(() => this.sealedIndexes.delete(ledgerId));
    while (this.sealedIndexes.size > 64) this.sealedIndexes.delete(this.sealedIndexes.keys().next().value as bigint);
    return p;
  }

  // ---------------------------------------------------------------- close / recover / delete

  async close(ledgerId: bigint, opts: { password?: Buffer } = {}): Promise<SealResult> {
    this.checkRunning();
    return this.routeClose(ledgerId, opts.password, true);
  }

  async forwardedClose(ledgerId: bigint, password: Buffer | undefined): Promise<SealJson> {
    this.checkRunning();
    return sealToJson(await this.routeClose(ledgerId, password, false));
  }

  private async routeClose(ledgerId: bigint, password: Buffer | undefined, mayForward: boolean): Promise<SealResult> {
    const o = this.owned.get(ledgerId);
    if (o && o.state !== 'gone') {
      if (!o.password.equals(password ?? EMPTY)) throw wrongPassword(ledgerId);
      return this.closeOwned(o);
    }
    const owner = await this.ownership.owner(ledgerId);
    if (owner && !owner.mine && owner.gatewayId !== this.gatewayId) {
      if (!mayForward) throw new GatewayError('LEDGER_OWNED_ELSEWHERE', `ledger ${ledgerId} is owned by gateway ${owner.gatewayId}`, { details: { owner: owner.gatewayId } });
      this.emit({ type: 'forward', op: 'close' });
      try {
        return sealFromJson(await this.forwarder.call<SealJson>(owner.url, owner.gatewayId, 'POST', `/internal/v1/ledgers/${ledgerId}/close`, password !== undefined ? { password: password.toString('base64') } : {}));
      } catch (e) {
        if (!isQuireError(e, 'LEDGER_OWNED_ELSEWHERE') || (await this.ownership.owner(ledgerId))) throw e;
      }
    }
    return this.recover(ledgerId, password !== undefined ? { password } : {});
  }

  private async closeOwned(o: OwnedLedger): Promise<SealResult> {
    o.state = 'closing';
    try {
      await o.handle.close();
    } finally {
      const table = o.dedupe;
      this.sealedIndexes.set(o.ledgerId, Promise.resolve(table));
      this.drop(o);
    }
    const md = o.handle.ledgerMetadata;
    return { ledgerId: o.ledgerId, lastEntryId: md.lastEntryId, length: md.length };
  }

  async recover(ledgerId: bigint, opts: { password?: Buffer } = {}): Promise<SealResult> {
    this.checkRunning();
    const o = this.owned.get(ledgerId);
    if (o && o.state !== 'gone') {
      // Our own live writer: a clean close seals at the same place a recovery would.
      if (!o.password.equals(opts.password ?? EMPTY)) throw wrongPassword(ledgerId);
      return this.closeOwned(o);
    }
    let md = await this.readMetadata(ledgerId);
    if (!samePassword(md.password, opts.password)) throw wrongPassword(ledgerId);
    if (md.state !== 'CLOSED') md = await this.sealByRecovery(ledgerId, opts.password);
    return { ledgerId, lastEntryId: md.lastEntryId, length: md.length };
  }

  async delete(ledgerId: bigint, opts: { password?: Buffer } = {}): Promise<void> {
    this.checkRunning();
    await this.routeDelete(ledgerId, opts.password, true);
  }

  async forwardedDelete(ledgerId: bigint, password: Buffer | undefined): Promise<void> {
    this.checkRunning();
    await this.routeDelete(ledgerId, password, false);
  }

  private async routeDelete(ledgerId: bigint, password: Buffer | undefined, mayForward: boolean): Promise<void> {
    const md = await this.readMetadata(ledgerId);
    if (!samePassword(md.password, password)) throw wrongPassword(ledgerId);
    const o = this.owned.get(ledgerId);
    if (o) {
      o.state = 'gone';
      this.drop(o);
    } else if (md.state !== 'CLOSED') {
      const owner = await this.ownership.owner(ledgerId);
      if (owner && !owner.mine && owner.gatewayId !== this.gatewayId && mayForward) {
        // The owner must drop its handle, or it would go on acking appends to a deleted ledger.
        this.emit({ type: 'forward', op: 'delete' });
        await this.forwarder.call(owner.url, owner.gatewayId, 'POST', `/internal/v1/ledgers/${ledgerId}/delete`, password !== undefined ? { password: password.toString('base64') } : {});
        return;
      }
    }
    await this.client.deleteLedger(ledgerId);
    this.readers.delete(ledgerId);
    this.sealedIndexes.delete(ledgerId);
  }

  // ---------------------------------------------------------------- reads

  private async readMetadata(ledgerId: bigint): Promise<LedgerMetadata> {
    return (await this.md.ledgers.readLedgerMetadata(ledgerId)).metadata;
  }

  private cacheReader(ledgerId: bigint, rh: ReadHandle): void {
    this.readers.delete(ledgerId);
    this.readers.set(ledgerId, Promise.resolve(rh));
    while (this.readers.size > this.limits.readHandleCacheSize) this.readers.delete(this.readers.keys().next().value as bigint);
  }

  /** A cached read handle (opened without recovery); the password is checked on every use. */
  private async reader(ledgerId: bigint, password: Buffer | undefined): Promise<ReadHandle> {
    let p = this.readers.get(ledgerId);
    if (p) {
      this.readers.delete(ledgerId);
      this.readers.set(ledgerId, p);
    } else {
      p = this.client.openLedger(ledgerId, { password: password ?? EMPTY });
      this.readers.set(ledgerId, p);
      p.catch(() => this.readers.delete(ledgerId));
      while (this.readers.size > this.limits.readHandleCacheSize) this.readers.delete(this.readers.keys().next().value as bigint);
    }
    let rh: ReadHandle;
    try {
      rh = await p;
    } catch (e) {
      if (isQuireError(e, 'UNAUTHORIZED')) throw wrongPassword(ledgerId);
      throw e;
    }
    if (!samePassword(rh.ledgerMetadata.password, password)) throw wrongPassword(ledgerId);
    return rh;
  }

  /** The LAC readers may rely on now: the local writer's, the owner's, or the bookies'. */
  private async confirmed(ledgerId: bigint, rh: ReadHandle): Promise<{ lac: bigint; sealed: boolean }> {
    const o = this.owned.get(ledgerId);
    if (o && o.state !== 'gone') return { lac: o.handle.lastAddConfirmed, sealed: false };
    if (rh.isClosed) return { lac: rh.lastAddConfirmed, sealed: true };
    const owner = await this.ownership.owner(ledgerId).catch(() => undefined);
    if (owner && !owner.mine && owner.gatewayId !== this.gatewayId) {
      try {
        const r = await this.forwarder.call<{ lastAddConfirmed: string; sealed: boolean }>(owner.url, owner.gatewayId, 'GET', `/internal/v1/ledgers/${ledgerId}/lac`);
        const lac = BigInt(r.lastAddConfirmed);
        if (!r.sealed) return { lac: lac > rh.lastAddConfirmed ? lac : rh.lastAddConfirmed, sealed: false };
      } catch (e) {
        this.log.debug({ err: (e as Error).message, ledgerId: ledgerId.toString() }, 'owner LAC unavailable; asking the bookies');
      }
    }
    const lac = await rh.tryReadLastAddConfirmed();
    return { lac, sealed: rh.isClosed };
  }

  /** Answer to GET /internal/v1/ledgers/{id}/lac: the local writer's LAC, if this instance owns it. */
  forwardedLac(ledgerId: bigint): { lastAddConfirmed: string; sealed: boolean } {
    const o = this.owned.get(ledgerId);
    if (!o || o.state === 'gone') throw new GatewayError('LEDGER_OWNED_ELSEWHERE', `gateway ${this.gatewayId} does not hold ledger ${ledgerId}`);
    return { lastAddConfirmed: o.handle.lastAddConfirmed.toString(), sealed: false };
  }

  async lastAddConfirmed(ledgerId: bigint, opts: { password?: Buffer } = {}): Promise<{ lastAddConfirmed: bigint; sealed: boolean }> {
    this.checkRunning();
    const rh = await this.reader(ledgerId, opts.password);
    const c = await this.confirmed(ledgerId, rh);
    return { lastAddConfirmed: c.lac, sealed: c.sealed };
  }

  async readEntry(ledgerId: bigint, entryId: bigint, opts: { password?: Buffer; unconfirmed?: boolean } = {}): Promise<Entry> {
    this.checkRunning();
    const rh = await this.reader(ledgerId, opts.password);
    const c = await this.confirmed(ledgerId, rh);
    if (entryId > c.lac && (c.sealed || !opts.unconfirmed)) {
      throw new GatewayError('NO_SUCH_ENTRY', c.sealed ? `ledger ${ledgerId} is sealed at entry ${c.lac}; entry ${entryId} does not exist` : `entry ${entryId} of ledger ${ledgerId} is not confirmed (last add confirmed ${c.lac})`, {
        field: 'entryId',
        details: { lastAddConfirmed: c.lac.toString(), sealed: c.sealed },
      });
    }
    const [e] = await rh.readUnconfirmed(entryId, entryId);
    return { entryId, data: this.payload(rh, e!.payload) };
  }

  private payload(rh: ReadHandle, bytes: Buffer): Buffer {
    return isEnveloped(rh.ledgerMetadata) ? decodeEnvelope(bytes).payload : bytes;
  }

  async readRange(ledgerId: bigint, req: ReadRangeRequest): Promise<ReadRangeResult> {
    this.checkRunning();
    return this.readPage(ledgerId, req);
  }

  private async readPage(ledgerId: bigint, req: ReadRangeRequest): Promise<ReadRangeResult> {
    const maxEntries = Math.min(req.maxEntries ?? this.limits.maxReadEntries, this.limits.maxReadEntries);
    const maxBytes = Math.min(req.maxBytes ?? this.limits.maxReadBytes, this.limits.maxReadBytes);
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw badArgument('limit', 'limit must be a positive integer');
    if (!Number.isInteger(maxBytes) || maxBytes < 1) throw badArgument('maxBytes', 'maxBytes must be a positive integer');
    if (typeof req.fromEntryId !== 'bigint' || req.fromEntryId < 0n || req.fromEntryId > INT64_MAX) throw badArgument('from', 'from must be an entry id in [0, 2^63-1]');
    const rh = await this.reader(ledgerId, req.password);
    const c = await this.confirmed(ledgerId, rh);
    const entries: Entry[] = [];
    let bytes = 0;
    let next = req.fromEntryId;
    // Confirmed part, in chunks so a page never holds much more than maxBytes.
    while (next <= c.lac && entries.length < maxEntries && bytes < maxBytes) {
      const want = Math.min(maxEntries - entries.length, 16);
      const last = next + BigInt(want) - 1n < c.lac ? next + BigInt(want) - 1n : c.lac;
      for (const e of await rh.readUnconfirmed(next, last)) {
        const data = this.payload(rh, e.payload);
        if (entries.length > 0 && bytes + data.length > maxBytes) {
          bytes = maxBytes;
          break;
        }
        entries.push({ entryId: e.entryId, data });
        bytes += data.length;
        next = e.entryId + 1n;
      }
    }
    // Unconfirmed part, on request: entries past the LAC that exist now (recovery may drop them).
    if (req.unconfirmed && !c.sealed) {
      while (next > c.lac && entries.length < maxEntries && bytes < maxBytes) {
        let got;
        try {
          got = await rh.readUnconfirmed(next, next);
        } catch (e) {
          if (isQuireError(e, 'NO_SUCH_ENTRY') || isQuireError(e, 'NO_SUCH_LEDGER')) break;
          throw e;
        }
        const data = this.payload(rh, got[0]!.payload);
        if (entries.length > 0 && bytes + data.length > maxBytes) break;
        entries.push({ entryId: next, data });
        bytes += data.length;
        next++;
      }
    }
    const more = next <= c.lac;
    return { entries, ...(more ? { nextEntryId: next } : {}), lastAddConfirmed: c.lac, sealed: c.sealed };
  }

  async tail(ledgerId: bigint, req: TailRequest): Promise<ReadRangeResult> {
    this.checkRunning();
    const waitMs = Math.min(Math.max(0, req.waitMs ?? 0), this.limits.maxTailWaitMs);
    if (!Number.isInteger(waitMs)) throw badArgument('waitMs', 'waitMs must be an integer');
    const page = (): Promise<ReadRangeResult> =>
      this.readPage(ledgerId, {
        fromEntryId: req.fromEntryId,
        ...(req.password !== undefined ? { password: req.password } : {}),
        ...(req.maxEntries !== undefined ? { maxEntries: req.maxEntries } : {}),
        ...(req.maxBytes !== undefined ? { maxBytes: req.maxBytes } : {}),
      });
    const first = await page();
    if (first.entries.length > 0 || first.sealed || waitMs === 0) return first;
    if (this.tails >= this.limits.maxConcurrentTails) {
      throw new GatewayError('TOO_MANY_REQUESTS', `overloaded: ${this.tails} tail waits in progress (limit ${this.limits.maxConcurrentTails}); retry later`, { details: { retryAfterSeconds: this.limits.retryAfterSeconds } });
    }
    this.tails++;
    try {
      const o = this.owned.get(ledgerId);
      if (o && o.state !== 'gone') {
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            o.waiters.delete(check);
            resolve();
          };
          const check = () => {
            if (o.state === 'gone' || o.handle.lastAddConfirmed >= req.fromEntryId || this.stopping) done();
          };
          const timer = setTimeout(done, waitMs);
          o.waiters.add(check);
          check();
        });
      } else {
        const rh = await this.reader(ledgerId, req.password);
        const deadline = Date.now() + waitMs;
        // Long poll on the bookies; a ledger sealed meanwhile ends the wait at the next poll.
        while (Date.now() < deadline && !this.stopping) {
          const lac = await rh.waitForLac(req.fromEntryId - 1n, Math.max(1, Math.min(deadline - Date.now(), 2000)));
          if (lac >= req.fromEntryId || rh.isClosed) break;
          const c = await this.confirmed(ledgerId, rh);
          if (c.lac >= req.fromEntryId || c.sealed) break;
        }
      }
    } finally {
      this.tails--;
    }
    return page();
  }

  // ---------------------------------------------------------------- list / metadata / health

  async list(opts: { pageSize?: number; pageToken?: string }): Promise<ListLedgersResult> {
    this.checkRunning();
    const pageSize = opts.pageSize ?? 100;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw badArgument('pageSize', 'pageSize must be an integer in [1, 1000]');
    let after = -1n;
    if (opts.pageToken !== undefined && opts.pageToken !== '') {
      if (!/^[0-9]+$/.test(opts.pageToken) || opts.pageToken.length > MAX_PAGE_TOKEN) throw badArgument('pageToken', 'pageToken must be a token returned by a previous page');
      after = BigInt(opts.pageToken);
    }
    const ids = (await this.client.listLedgers()).filter((id) => id > after);
    const page = ids.slice(0, pageSize);
    return { ledgerIds: page, ...(ids.length > pageSize ? { nextPageToken: page[page.length - 1]!.toString() } : {}) };
  }

  async metadata(ledgerId: bigint): Promise<LedgerInfo> {
    this.checkRunning();
    const md = await this.readMetadata(ledgerId);
    const o = this.owned.get(ledgerId);
    if (o && o.state !== 'gone') return this.infoOf(ledgerId, o.handle.ledgerMetadata, { lastEntryId: o.handle.lastAddConfirmed, owner: this.gatewayId });
    const owner = md.state === 'CLOSED' ? undefined : await this.ownership.owner(ledgerId).catch(() => undefined);
    return this.infoOf(ledgerId, md, { lastEntryId: md.lastEntryId, ...(owner ? { owner: owner.gatewayId } : {}) });
  }

  private infoOf(ledgerId: bigint, md: LedgerMetadata, x: { lastEntryId: bigint; owner?: string }): LedgerInfo {
    const custom: Record<string, string> = {};
    for (const [k, v] of md.customMetadata) if (!k.startsWith('quire.')) custom[k] = v.toString('utf8');
    return {
      ledgerId,
      state: md.state,
      ensembleSize: md.ensembleSize,
      writeQuorumSize: md.writeQuorumSize,
      ackQuorumSize: md.ackQuorumSize,
      digestType: md.digestType ?? 'CRC32',
      lastEntryId: md.state === 'CLOSED' ? md.lastEntryId : x.lastEntryId,
      length: md.length,
      segments: md.segments.map((s) => ({ firstEntryId: s.firstEntryId, bookies: [...s.bookies] })),
      customMetadata: custom,
      ...(md.ctime !== undefined ? { createdAtMs: Number(md.ctime) } : {}),
      ...(x.owner !== undefined ? { owner: x.owner } : {}),
    };
  }

  async readiness(): Promise<{ ready: boolean; reason?: string }> {
    if (this.stopping) return { ready: false, reason: 'stopping' };
    if (this.md.store.sessionState !== 'connected') return { ready: false, reason: `metadata session ${this.md.store.sessionState}` };
    try {
      const n = (await this.md.registration.getWritableBookies()).length;
      if (n < 1) return { ready: false, reason: 'no writable bookies registered' };
    } catch (e) {
      return { ready: false, reason: `metadata: ${(e as Error).message}` };
    }
    return { ready: true };
  }

  /**
   * Clean stop: refuses new calls, waits for appends in flight, then seals every ledger this
   * instance writes (a ledger lives as long as its writer) and removes its owner records.
   */
  async shutdown(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const o of [...this.owned.values()]) {
      try {
        await this.closeOwned(o);
      } catch (err) {
        this.log.warn({ err, ledgerId: o.ledgerId.toString() }, 'could not seal an owned ledger on shutdown; the next instance will recover it');
      }
    }
  }

  /** Test and crash simulation: forget every handle without sealing (as if the process died). */
  abandon(): void {
    this.stopping = true;
    for (const o of this.owned.values()) o.state = 'gone';
    this.owned.clear();
  }
}
