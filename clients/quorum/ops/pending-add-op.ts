// One entry on its way to its write set (BookKeeper's PendingAddOp). It counts distinct acks from
// the bookies currently at its write-set indexes; the owning handle decides what a failure means
// (ensemble change, or a fatal fence) and releases completions in entry order.
import type { AddEntryOptions } from '../bookie-client/bookie-client.js';
import type { ClientContext } from '../client-context.js';
import { activeContext, endSpan, startSpan, tracingEnabled, withSpan, type Span } from '../../../common/tracing.js';

export interface AddOpOwner {
  onAddAck(op: PendingAddOp, index: number, bookieId: string): void;
  onAddError(op: PendingAddOp, index: number, bookieId: string, error: unknown): void;
}

/** What a completed add proves. */
export interface AddResult {
  readonly entryId: bigint;
  /**
   * Bookies whose add response was OK and counted when the entry completed (at least Qa, in
   * write-set order). Acks still in flight at that moment are not listed: those bookies may hold
   * the entry too. An ack from a bookie that was replaced by an ensemble change before the entry
   * completed does not count (the entry was resent to the replacement).
   */
  readonly ackedBy: readonly string[];
}

export class PendingAddOp {
  /** Write-set index -> the bookie at that index that acked this entry (the current one only). */
  readonly acked = new Map<number, string>();
  /** Resolved or rejected; late answers are ignored. */
  finished = false;
  /** False while queued behind an ensemble change. */
  sent = false;
  readonly promise: Promise<AddResult>;
  private resolveFn!: (result: AddResult) => void;
  private rejectFn!: (e: unknown) => void;

  constructor(
    private readonly ctx: ClientContext,
    private readonly owner: AddOpOwner,
    readonly ledgerId: bigint,
    readonly entryId: bigint,
    /** The digest-wrapped entry, built once (its LAC field is the LAC when the add started). */
    readonly entry: Buffer,
    /** Ledger length including this entry (the entry's length field). */
    readonly lengthAfter: bigint,
    readonly writeSetIndexes: readonly number[],
    private readonly masterKey: Buffer,
    private readonly options: AddEntryOptions,
  ) {
    this.startedAt = ctx.metrics?.addEntry ? performance.now() : 0;
    this.promise = new Promise<AddResult>((resolve, reject) => {
      this.resolveFn = resolve;
      this.rejectFn = reject;
    });
    // The caller's trace, captured now: a resend after an ensemble change runs in another context.
    if (tracingEnabled()) this.span = startSpan('quorum.addEntry', { parent: activeContext(), attributes: { 'quire.ledger_id': String(ledgerId), 'quire.entry_id': String(entryId) } });
  }

  private readonly span: Span | undefined;
  /** performance.now() at creation (append), when a metrics sink times adds; else 0. */
  private readonly startedAt: number;

  private observe(ok: boolean): void {
    if (this.startedAt !== 0) this.ctx.metrics!.addEntry!((performance.now() - this.startedAt) / 1000, ok);
  }

  sendTo(index: number, bookieId: string): void {
    this.sent = true;
    const send = () => this.ctx.bookies.addEntry(bookieId, this.ledgerId, this.entryId, this.masterKey, this.entry, this.options);
    (this.span ? withSpan(this.span, send) : send()).then(
      () => this.owner.onAddAck(this, index, bookieId),
      (e: unknown) => this.owner.onAddError(this, index, bookieId, e),
    );
  }

  sendAll(ensemble: readonly string[]): void {
    for (const i of this.writeSetIndexes) this.sendTo(i, ensemble[i]!);
  }

  complete(): void {
    if (this.finished) return;
    this.finished = true;
    const ackedBy = this.writeSetIndexes.filter((i) => this.acked.has(i)).map((i) => this.acked.get(i)!);
    if (this.span) {
      this.span.setAttribute('quire.acked_by', ackedBy.join(','));
      endSpan(this.span);
    }
    this.observe(true);
    this.resolveFn({ entryId: this.entryId, ackedBy });
  }

  fail(e: unknown): void {
    if (this.finished) return;
    this.finished = true;
    if (this.span) endSpan(this.span, e);
    this.observe(false);
    this.rejectFn(e);
  }
}
