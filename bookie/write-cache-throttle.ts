// Write-cache throttling (BookKeeper's DbLedgerStorage add throttle): an add that finds the write
// cache full is parked until a checkpoint frees room, instead of being refused at once.
// Bounded: at most half the cache's bytes wait, each add at most maxThrottleTimeMs
// (dbStorage_maxThrottleTimeMs); beyond either the add gets TOO_MANY_REQUESTS. Parked adds are
// let in FIFO. The entry buffer stays referenced while parked (socket chunks are never reused).
import { QuireError } from '../common/errors.js';
import { systemTimers, type TimerHandle, type Timers } from '../common/timers.js';

export interface WriteCacheThrottleOptions {
  readonly maxThrottleTimeMs: number;
  readonly writeCacheMaxSizeBytes: number;
  /** Clock and timers (systemTimers when absent). */
  readonly timers?: Timers;
}

export interface WriteCacheThrottleHooks {
  /** True when `bytes` more fit in the active write cache. */
  hasRoom(bytes: number): boolean;
  /** Some adds still wait after a drain: a checkpoint should free room. */
  stillWaiting(): void;
}

/** An add waiting for write-cache room (FIFO, bounded by bytes and by time). */
interface ThrottledAdd {
  readonly bytes: number;
  readonly deadline: number;
  readonly retry: () => void;
  readonly fail: (e: unknown) => void;
}

export class WriteCacheThrottle {
  private throttled: ThrottledAdd[] = [];
  private throttledBytes = 0;
  private throttleSweep: TimerHandle | undefined;
  private readonly timers: Timers;

  constructor(
    private readonly opts: WriteCacheThrottleOptions,
    private readonly hooks: WriteCacheThrottleHooks,
  ) {
    this.timers = opts.timers ?? systemTimers;
  }

  /** True while adds are parked (newer adds must queue behind them). */
  get waiting(): boolean {
    return this.throttled.length > 0;
  }

  /** Parks an add until there is room; `fail` gets TOO_MANY_REQUESTS beyond the bounds. */
  park(bytes: number, retry: () => void, fail: (e: unknown) => void): void {
    // Built only when refusing: an error captures a stack, and most parked adds are let in later.
    const full = () => new QuireError('TOO_MANY_REQUESTS', 'write cache is full; a checkpoint is in progress');
    if (this.opts.maxThrottleTimeMs <= 0) return fail(full());
    if (this.throttled.length > 0 && this.throttledBytes + bytes > this.opts.writeCacheMaxSizeBytes / 2) return fail(full());
    this.throttled.push({ bytes, deadline: this.timers.now() + this.opts.maxThrottleTimeMs, retry, fail });
    this.throttledBytes += bytes;
    this.throttleSweep ??= this.timers.setInterval(() => this.expire(), 50);
  }

  private expire(): void {
    const now = this.timers.now();
    const keep: ThrottledAdd[] = [];
    for (const t of this.throttled) {
      if (t.deadline > now) keep.push(t);
      else {
        this.throttledBytes -= t.bytes;
        t.fail(new QuireError('TOO_MANY_REQUESTS', `write cache stayed full for ${this.opts.maxThrottleTimeMs} ms`));
      }
    }
    this.throttled = keep;
    this.afterChange();
  }

  /** Lets parked adds in while there is room; asks for another checkpoint when some still wait. */
  drain(): void {
    while (this.throttled.length > 0 && this.hooks.hasRoom(this.throttled[0]!.bytes)) {
      const t = this.throttled.shift()!;
      this.throttledBytes -= t.bytes;
      t.retry();
    }
    if (this.throttled.length > 0) this.hooks.stillWaiting();
    this.afterChange();
  }

  /** Fails every parked add with `e` (storage failure, close). */
  failAll(e: unknown): void {
    const all = this.throttled;
    this.throttled = [];
    this.throttledBytes = 0;
    for (const t of all) t.fail(e);
    this.afterChange();
  }

  private afterChange(): void {
    if (this.throttled.length === 0 && this.throttleSweep) {
      this.timers.clearInterval(this.throttleSweep);
      this.throttleSweep = undefined;
    }
  }
}
