// Time as an injected dependency for the bookie's storage side (journal group commit, checkpoint
// period, write-cache throttle, long-poll waits): production passes systemTimers (Date.now and
// node's timers, unchanged behaviour); the seeded simulation passes its simulated clock, so the real
// bookie code runs on simulated time.

export type TimerHandle = unknown;

export interface Timers {
  /** Wall-clock milliseconds (Date.now in production). */
  now(): number;
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  /** Runs `callback` after the current event-loop turn (node's setImmediate). */
  setImmediate(callback: () => void): TimerHandle;
  clearImmediate(handle: TimerHandle): void;
  setInterval(callback: () => void, periodMs: number): TimerHandle;
  clearInterval(handle: TimerHandle): void;
}

export const systemTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  setImmediate: (callback) => setImmediate(callback),
  clearImmediate: (handle) => clearImmediate(handle as NodeJS.Immediate),
  setInterval: (callback, periodMs) => setInterval(callback, periodMs),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

/** Lets a real timer not keep the process alive (no-op for simulated handles). */
export function unrefTimer(handle: TimerHandle): void {
  (handle as { unref?: () => void } | undefined)?.unref?.();
}
