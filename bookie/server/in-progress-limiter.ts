// BookKeeper's maxAddsInProgressLimit / maxReadsInProgressLimit (BookieRequestProcessor's
// addsSemaphore and readsSemaphore, RequestStats' in-progress and blocked counts): one limiter per
// kind, shared by every connection of the bookie. A connection whose request finds no permit stops
// reading (BookKeeper turns the channel's autoRead off) and waits in line; a finished request hands
// its permit to the first connection waiting, so TCP pushes the excess back to the clients instead
// of the bookie queuing it or refusing it.

/** What the metrics see (BookKeeper's RequestStats fields). */
export interface InProgressStats {
  /** ADD_ENTRY_IN_PROGRESS / READ_ENTRY_IN_PROGRESS. */
  readonly inProgress: number;
  /** RequestStats.maxAddsInProgress / maxReadsInProgress: the highest inProgress since start. */
  readonly maxInProgress: number;
  /** ADD_ENTRY_BLOCKED / READ_ENTRY_BLOCKED: connections waiting for a permit now. */
  readonly blocked: number;
}

/** A connection in line for a permit; `granted` runs (on a later tick) with the permit taken. */
interface Waiter {
  readonly since: number;
  readonly granted: () => void;
  cancelled: boolean;
}

export class InProgressLimiter {
  private inProgress = 0;
  private maxInProgress = 0;
  private readonly waiters: Waiter[] = [];
  private head = 0;

  /**
   * @param limit 0 = unlimited (BookKeeper's default): requests are only counted.
   * @param onUnblocked ADD_ENTRY_BLOCKED_WAIT / READ_ENTRY_BLOCKED_WAIT: seconds a connection waited.
   */
  constructor(
    readonly limit: number,
    private readonly onUnblocked: (seconds: number) => void = () => undefined,
  ) {}

  get stats(): InProgressStats {
    return { inProgress: this.inProgress, maxInProgress: this.maxInProgress, blocked: this.waiters.length - this.head };
  }

  /** Takes a permit when one is free. Never passes a waiter: a released permit goes to the line first. */
  tryAcquire(): boolean {
    if (this.limit > 0 && this.inProgress >= this.limit) return false;
    this.take();
    return true;
  }

  /**
   * Joins the line. At most one entry per connection (a blocked connection reads nothing more), so
   * the line is bounded by the connection count. Returns a cancel for a connection that closes.
   */
  wait(granted: () => void): () => void {
    const w: Waiter = { since: performance.now(), granted, cancelled: false };
    this.waiters.push(w);
    return () => {
      w.cancelled = true;
      // Still in line: leave it (n ≤ connections). Already granted: the tick below gives it back.
      const i = this.waiters.indexOf(w, this.head);
      if (i >= 0) this.waiters.splice(i, 1);
    };
  }

  release(): void {
    this.inProgress--;
    while (this.head < this.waiters.length && (this.limit === 0 || this.inProgress < this.limit)) {
      const w = this.waiters[this.head++]!;
      this.compact();
      this.take();
      this.onUnblocked((performance.now() - w.since) / 1000);
      // Not run here: release is called from another connection's reply path (often inside a
      // journal group commit's completion loop); the waiter's dispatch must not nest in it.
      process.nextTick(() => {
        if (w.cancelled) this.release();
        else w.granted();
      });
    }
  }

  private take(): void {
    this.inProgress++;
    if (this.inProgress > this.maxInProgress) this.maxInProgress = this.inProgress;
  }

  private compact(): void {
    if (this.head === this.waiters.length) {
      this.waiters.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.waiters.length) {
      this.waiters.splice(0, this.head);
      this.head = 0;
    }
  }
}
