// Time as an injected dependency: the client never calls setTimeout directly, so the same code
// runs on the system clock in production and on a simulated clock in the deterministic simulation.

export type TimerHandle = unknown;

export interface Clock {
  /** Milliseconds since an arbitrary origin. */
  now(): number;
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => {
    const t = setTimeout(callback, delayMs);
    // A pending client timer must never keep a process alive on its own.
    t.unref?.();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export function sleepOn(clock: Clock, delayMs: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, delayMs));
}
