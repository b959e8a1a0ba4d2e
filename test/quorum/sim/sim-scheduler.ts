// Simulated time: a Clock whose timers fire in (time, insertion) order when the driver says so.
// Between two timer callbacks the driver lets every pending promise reaction run, so the client's
// async code interleaves deterministically with simulated events. It is also the bookie's Timers
// (common/timers.ts): setImmediate is a zero-delay timer, setInterval a re-arming one.
import type { Clock, TimerHandle } from '../../../clients/quorum/clock.js';
import type { Timers } from '../../../common/timers.js';

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => void;
  cancelled: boolean;
}

const drainMicrotasks = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Interval {
  current: TimerHandle;
  cancelled: boolean;
}

export class SimScheduler implements Clock, Timers {
  private time = 0;
  private seq = 0;
  private heap: Timer[] = [];
  steps = 0;

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const t: Timer = { at: this.time + Math.max(0, delayMs), seq: this.seq++, callback, cancelled: false };
    this.push(t);
    return t;
  }

  clearTimeout(handle: TimerHandle): void {
    if (handle) (handle as Timer).cancelled = true;
  }

  setImmediate(callback: () => void): TimerHandle {
    return this.setTimeout(callback, 0);
  }

  clearImmediate(handle: TimerHandle): void {
    this.clearTimeout(handle);
  }

  setInterval(callback: () => void, periodMs: number): TimerHandle {
    const iv: Interval = { current: undefined, cancelled: false };
    const arm = (): void => {
      iv.current = this.setTimeout(() => {
        if (iv.cancelled) return;
        arm();
        callback();
      }, Math.max(1, periodMs));
    };
    arm();
    return iv;
  }

  clearInterval(handle: TimerHandle): void {
    const iv = handle as Interval | undefined;
    if (!iv) return;
    iv.cancelled = true;
    this.clearTimeout(iv.current);
  }

  /** Timers queued (cancelled ones included). */
  get pending(): number {
    return this.heap.length;
  }

  /** Runs events until done() holds, no event is left, or simulated time passes untilMs. */
  async runUntil(done: () => boolean, untilMs: number, maxSteps = 5_000_000): Promise<void> {
    await drainMicrotasks();
    while (!done()) {
      const t = this.pop();
      if (!t) return;
      if (t.at > untilMs) {
        this.push(t);
        return;
      }
      if (t.cancelled) continue;
      this.time = t.at;
      if (++this.steps > maxSteps) throw new Error(`simulation exceeded ${maxSteps} steps`);
      t.callback();
      await drainMicrotasks();
    }
  }

  /** Runs until the promise settles; throws if the simulation goes idle or past untilMs first. */
  async runPromise<T>(p: Promise<T>, untilMs: number, what: string): Promise<T> {
    let settled = false;
    let value: T | undefined;
    let error: unknown = null;
    let failed = false;
    p.then(
      (v) => {
        settled = true;
        value = v;
      },
      (e: unknown) => {
        settled = true;
        failed = true;
        error = e;
      },
    );
    await this.runUntil(() => settled, untilMs);
    if (!settled) throw new Error(`${what} did not finish by t=${untilMs} ms (now t=${this.time}, ${this.heap.length} timers queued)`);
    if (failed) throw error;
    return value as T;
  }

  private push(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(h[p]!, h[i]!)) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }

  private pop(): Timer | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l]!, h[m]!)) m = l;
        if (r < h.length && less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top;
  }
}

function less(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
