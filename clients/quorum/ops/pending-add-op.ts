// One entry on its way to its write set (BookKeeper's PendingAddOp). It counts distinct acks from
// the bookies currently at its write-set indexes; the owning handle decides what a failure means
// (ensemble change, or a fatal fence) and releases completions in entry order.
import type { AddEntryOptions } from '../bookie-client/bookie-client.js';
import type { ClientContext } from '../client-context.js';

export interface AddOpOwner {
  onAddAck(op: PendingAddOp, index: number, bookieId: string): void;
  onAddError(op: PendingAddOp, index: number, bookieId: string, error: unknown): void;
}

export class PendingAddOp {
  /** Write-set indexes whose current bookie acked this entry. */
  readonly acked = new Set<number>();
  /** Resolved or rejected; late answers are ignored. */
  finished = false;
  /** False while queued behind an ensemble change. */
  sent = false;
  readonly promise: Promise<bigint>;
  private resolveFn!: (entryId: bigint) => void;
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
    this.promise = new Promise<bigint>((resolve, reject) => {
      this.resolveFn = resolve;
      this.rejectFn = reject;
    });
  }

  sendTo(index: number, bookieId: string): void {
    this.sent = true;
    this.ctx.bookies.addEntry(bookieId, this.ledgerId, this.entryId, this.masterKey, this.entry, this.options).then(
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
    this.resolveFn(this.entryId);
  }

  fail(e: unknown): void {
    if (this.finished) return;
    this.finished = true;
    this.rejectFn(e);
  }
}
