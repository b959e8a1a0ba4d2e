// Ledgers without a writer: sealing them (fence + recover, BookKeeper's openLedger with recovery)
// and answering writes from the sealed ledger, never writing it. An exactly-once retry whose
// (producer, sequence) pairs are all in the sealed ledger gets its original receipts; the table that
// says so is rebuilt once from the entries' envelopes and cached (at most SEALED_INDEX_CACHE ledgers).
import type { QuireError } from '../common/errors.js';
import type { LedgerMetadata } from '../metadata/ledger-metadata.js';
import { forgottenPair } from './append-rules.js';
import { DedupeTable } from './dedupe-table.js';
import { decodeEnvelope } from './entry-envelope.js';
import { exactlyOnceNotEnabled, sealResultOf } from './entry-format.js';
import { GatewayError } from './gateway-error.js';
import { refuseManaged } from './managed-ledgers.js';
import type { AppendOptions, DurabilityReceipt, SealResult } from './ledger-service.js';
import type { ReadHandles } from './read-handles.js';
import { receiptOf } from './receipts.js';
import { EMPTY, isEnveloped, readMetadata, samePassword, sealedError, wrongPassword, type ServiceContext } from './service-context.js';

/** Sealed ledgers whose exactly-once table is kept. */
export const SEALED_INDEX_CACHE = 64;
/** Entries read per request while rebuilding a sealed ledger's table. */
const REBUILD_PAGE = 500n;

export class Sealing {
  /** Exactly-once tables of sealed ledgers (least recently used first). */
  private readonly indexes = new Map<bigint, Promise<DedupeTable>>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly readers: ReadHandles,
  ) {}

  /** Fences and recovers a ledger whose writer is gone; the handle is kept for reads. */
  async sealByRecovery(ledgerId: bigint, password: Buffer | undefined): Promise<LedgerMetadata> {
    this.ctx.emit({ type: 'recover', ledgerId });
    this.ctx.log.warn({ ledgerId: ledgerId.toString() }, 'fencing and recovering a ledger whose writer is gone');
    const rh = await this.ctx.client.openLedger(ledgerId, { password: password ?? EMPTY, recovery: true });
    this.readers.put(ledgerId, rh);
    return rh.ledgerMetadata;
  }

  /** Seals a ledger nobody here writes (if it is not sealed yet) and returns its end. */
  async seal(ledgerId: bigint, password: Buffer | undefined): Promise<SealResult> {
    let md = await readMetadata(this.ctx, ledgerId);
    if (!samePassword(md.password, password)) throw wrongPassword(ledgerId);
    refuseManaged(ledgerId, md, 'seal');
    if (md.state !== 'CLOSED') md = await this.sealByRecovery(ledgerId, password);
    return sealResultOf(ledgerId, md);
  }

  /** A closing writer hands over its table: retries after the close need no rebuild. */
  remember(ledgerId: bigint, table: DedupeTable): void {
    this.indexes.set(ledgerId, Promise.resolve(table));
  }

  forget(ledgerId: bigint): void {
    this.indexes.delete(ledgerId);
  }

  /** The (producer, sequence) table of a sealed ledger, from its entries' envelopes. */
  private index(ledgerId: bigint, md: LedgerMetadata, password: Buffer | undefined): Promise<DedupeTable> {
    let p = this.indexes.get(ledgerId);
    if (p) {
      this.indexes.delete(ledgerId);
      this.indexes.set(ledgerId, p);
      return p;
    }
    p = (async () => {
      const table = new DedupeTable(this.ctx.limits.dedupeEntriesPerLedger, this.ctx.limits.dedupeBytesPerLedger);
      if (!isEnveloped(md)) return table;
      const rh = await this.readers.open(ledgerId, password);
      // A cached handle may have been opened while the ledger was still open, with that LAC: let
      // it learn the seal (it re-reads the metadata) before reading to the sealed end.
      if (rh.lastAddConfirmed < md.lastEntryId) await rh.readLastAddConfirmed();
      for (let from = 0n; from <= md.lastEntryId; from += REBUILD_PAGE) {
        const to = from + REBUILD_PAGE - 1n < md.lastEntryId ? from + REBUILD_PAGE - 1n : md.lastEntryId;
        for (const e of await rh.read(from, to)) {
          const env = decodeEnvelope(e.payload);
          if (env.producerId !== undefined) table.record(env.producerId, env.sequence!, e.entryId);
        }
      }
      return table;
    })();
    this.indexes.set(ledgerId, p);
    p.catch(() => this.indexes.delete(ledgerId));
    while (this.indexes.size > SEALED_INDEX_CACHE) this.indexes.delete(this.indexes.keys().next().value as bigint);
    return p;
  }

  /**
   * Nobody holds the write handle: the ledger is sealed (closing it first by fencing + recovery if
   * it is not), and the append is answered from the sealed ledger: the original receipts when every
   * (producer, sequence) is in it, LEDGER_CLOSED with the sealed end otherwise. Never written.
   */
  async answerUnowned(ledgerId: bigint, data: readonly Buffer[], opts: AppendOptions): Promise<DurabilityReceipt[]> {
    let md = await readMetadata(this.ctx, ledgerId);
    if (!samePassword(md.password, opts.password)) throw wrongPassword(ledgerId);
    refuseManaged(ledgerId, md, 'append to');
    if (opts.producerId !== undefined && !isEnveloped(md)) throw exactlyOnceNotEnabled(ledgerId);
    let why = 'has no writer (closed)';
    if (md.state !== 'CLOSED') {
      md = await this.sealByRecovery(ledgerId, opts.password);
      why = 'lost its writer (the owning gateway is gone); this instance fenced and recovered it';
    }
    if (opts.producerId !== undefined && opts.sequence !== undefined) {
      const table = await this.index(ledgerId, md, opts.password);
      const receipts: DurabilityReceipt[] = [];
      for (let i = 0; i < data.length; i++) {
        const hit = table.lookup(opts.producerId, opts.sequence + BigInt(i));
        // Forgotten by the rebuilt table: what the owner would have said, not LEDGER_CLOSED.
        if (hit.kind === 'forgotten') throw forgottenPair(opts.producerId, opts.sequence + BigInt(i), hit.floor);
        if (hit.kind !== 'hit') break;
        receipts.push(receiptOf(ledgerId, md, hit.entryId, md.lastEntryId, true));
      }
      if (receipts.length === data.length) return receipts;
    }
    throw sealedError(ledgerId, md, why);
  }

  /**
   * Someone recovered the ledger under this instance's writer. The rejected adds may still have
   * made it into the sealed ledger (recovery keeps whatever reached enough bookies), so: seal for
   * sure, then answer exactly-once appends from the sealed ledger; others get LEDGER_FENCED with the end.
   */
  async answerFenced(ledgerId: bigint, data: readonly Buffer[], opts: AppendOptions, reason: QuireError): Promise<DurabilityReceipt[]> {
    let md = await readMetadata(this.ctx, ledgerId);
    if (md.state !== 'CLOSED') md = await this.sealByRecovery(ledgerId, opts.password);
    if (opts.producerId !== undefined) return this.answerUnowned(ledgerId, data, opts);
    throw new GatewayError('LEDGER_FENCED', `ledger ${ledgerId} was recovered by another client while this append was in flight; it is sealed at entry ${md.lastEntryId} (length ${md.length}). The append was not acknowledged; without a producer id it may or may not be in the sealed ledger`, {
      details: { lastEntryId: md.lastEntryId.toString(), length: md.length.toString() },
      cause: reason,
    });
  }
}
