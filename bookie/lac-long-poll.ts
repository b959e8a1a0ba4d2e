// Long polls on a ledger's LAC (BookKeeper's waitForLastAddConfirmedUpdate): a reader waits until
// the known LAC passes the one it has seen, or until its timeout. Bounded: at most
// maxLongPollWaiters waits at once over all ledgers (TOO_MANY_REQUESTS beyond), each at most
// maxLongPollTimeoutMs; every wait's timer is cleared when it is answered.
import { QuireError } from '../common/errors.js';
import { systemTimers, type Timers } from '../common/timers.js';
import type { LacWaitResult } from './bookie.js';
import type { LacWaiter, LedgerDescriptor } from './ledger-descriptor.js';

export interface LacLongPollOptions {
  readonly maxLongPollWaiters: number;
  readonly maxLongPollTimeoutMs: number;
  /** Clock and timers (systemTimers when absent). */
  readonly timers?: Timers;
}

export class LacLongPoll {
  private waiterCount = 0;

  private readonly timers: Timers;

  constructor(private readonly opts: LacLongPollOptions) {
    this.timers = opts.timers ?? systemTimers;
  }

  /** Moves the ledger's known LAC to `lac` and answers the waits it satisfies. */
  advanceLac(st: LedgerDescriptor, lac: bigint): void {
    st.knownLac = lac;
    st.lacUpdatedAt = this.timers.now();
    const ws = st.waiters;
    if (ws === undefined) return;
    for (const w of ws) {
      if (lac > w.previousLac) {
        ws.delete(w);
        this.waiterCount--;
        if (w.timer) this.timers.clearTimeout(w.timer);
        w.resolve({ lac, lacUpdateTimestampMs: st.lacUpdatedAt });
      }
    }
  }

  /** Resolves when the LAC passes previousLac, or after timeoutMs (capped) with the current LAC. */
  wait(st: LedgerDescriptor, previousLac: bigint, timeoutMs: number): Promise<LacWaitResult> {
    if (st.knownLac > previousLac || !(timeoutMs > 0)) return Promise.resolve(st.lacResult());
    if (this.waiterCount >= this.opts.maxLongPollWaiters) {
      throw new QuireError('TOO_MANY_REQUESTS', `too many long-poll waiters (${this.waiterCount})`);
    }
    return new Promise<LacWaitResult>((resolve) => {
      const w: LacWaiter = { previousLac, resolve, timer: undefined };
      st.waiters ??= new Set();
      const ws = st.waiters;
      ws.add(w);
      this.waiterCount++;
      w.timer = this.timers.setTimeout(() => {
        w.timer = undefined;
        if (ws.delete(w)) {
          this.waiterCount--;
          resolve(st.lacResult());
        }
      }, Math.min(timeoutMs, this.opts.maxLongPollTimeoutMs));
    });
  }

  /** Answers the waits on one ledger with its current LAC (the ledger is being removed). */
  end(st: LedgerDescriptor): void {
    if (!st.waiters) return;
    for (const w of st.waiters) {
      if (w.timer) this.timers.clearTimeout(w.timer);
      this.waiterCount--;
      w.resolve(st.lacResult());
    }
    st.waiters = undefined;
  }

  /** Answers every wait with its ledger's current LAC (on close). */
  endAll(ledgers: Iterable<LedgerDescriptor>): void {
    for (const st of ledgers) {
      if (!st.waiters) continue;
      for (const w of st.waiters) {
        if (w.timer) this.timers.clearTimeout(w.timer);
        w.resolve(st.lacResult());
      }
      st.waiters = undefined;
    }
    this.waiterCount = 0;
  }
}
