// Bounded retry with capped exponential back-off on the injected clock.
import { isQuireError } from '../../../common/errors.js';
import type { ClientContext } from '../client-context.js';
import { sleepOn } from '../clock.js';

/** Errors that no retry can fix. */
export function isFatalForRetry(e: unknown): boolean {
  return (
    isQuireError(e, 'UNAUTHORIZED') ||
    isQuireError(e, 'NO_SUCH_LEDGER') ||
    isQuireError(e, 'INVALID_ARGUMENT') ||
    isQuireError(e, 'INTERNAL') ||
    isQuireError(e, 'METADATA_CORRUPT')
  );
}

export async function withRetries<T>(ctx: ClientContext, attempts: number, fn: () => Promise<T>, fatal: (e: unknown) => boolean = isFatalForRetry): Promise<T> {
  const base = ctx.config.recoveryRetryBackoffMs;
  let backoff = base;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (fatal(e) || attempt >= attempts) throw e;
      await sleepOn(ctx.clock, backoff);
      backoff = Math.min(backoff * 2, base * 8);
    }
  }
}
