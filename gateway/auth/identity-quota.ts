// Per-identity rate limit and in-flight quota, so one tenant cannot starve another: a token
// bucket per identity (requestsPerSecond, refilled continuously, holding at most burst) and a
// count of its calls in flight (a stream or a long poll counts as one call for its whole life).
// Over either bound the call is refused TOO_MANY_REQUESTS (429 + Retry-After /
// RESOURCE_EXHAUSTED) before any work. The table is bounded: at most maxIdentities are tracked;
// beyond, the least recently seen identity with nothing in flight is forgotten (it comes back
// with a full bucket — a bound on memory, not a loophole worth more than one burst).
import { QuireError } from '../../common/errors.js';
import { GatewayError } from '../gateway-error.js';

export interface QuotaLimits {
  readonly requestsPerSecond: number;
  readonly burst: number;
  readonly maxInFlight: number;
  readonly maxIdentities: number;
}

export const DEFAULT_QUOTA: QuotaLimits = { requestsPerSecond: 1000, burst: 2000, maxInFlight: 256, maxIdentities: 10_000 };

interface Bucket {
  tokens: number;
  lastMs: number;
  inFlight: number;
}

export class IdentityQuota {
  private readonly buckets = new Map<string, Bucket>();
  readonly limits: QuotaLimits;

  constructor(overrides: Partial<QuotaLimits> = {}, private readonly now: () => number = Date.now) {
    this.limits = { ...DEFAULT_QUOTA, ...overrides };
    for (const [k, v] of Object.entries(this.limits)) if (!(typeof v === 'number' && v > 0 && Number.isFinite(v))) throw new QuireError('CONFIG_INVALID', `gateway quota ${k} must be a positive number`);
  }

  get trackedIdentities(): number {
    return this.buckets.size;
  }

  /** Takes one token and one in-flight slot; the returned function gives the slot back (idempotent). */
  acquire(identity: string): () => void {
    const now = this.now();
    let b = this.buckets.get(identity);
    if (b === undefined) {
      this.makeRoom();
      b = { tokens: this.limits.burst, lastMs: now, inFlight: 0 };
    } else {
      this.buckets.delete(identity); // re-inserted below: Map order is recency
      b.tokens = Math.min(this.limits.burst, b.tokens + ((now - b.lastMs) / 1000) * this.limits.requestsPerSecond);
      b.lastMs = now;
    }
    this.buckets.set(identity, b);
    if (b.inFlight >= this.limits.maxInFlight) throw new GatewayError('TOO_MANY_REQUESTS', `${identity} has ${b.inFlight} calls in flight (quota ${this.limits.maxInFlight})`, { details: { retryAfterSeconds: 1 } });
    if (b.tokens < 1) {
      const retryAfterSeconds = Math.max(1, Math.ceil((1 - b.tokens) / this.limits.requestsPerSecond));
      throw new GatewayError('TOO_MANY_REQUESTS', `${identity} is over its rate limit (${this.limits.requestsPerSecond}/s, burst ${this.limits.burst})`, { details: { retryAfterSeconds } });
    }
    b.tokens -= 1;
    b.inFlight++;
    const held = b;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      held.inFlight--;
    };
  }

  private makeRoom(): void {
    if (this.buckets.size < this.limits.maxIdentities) return;
    for (const [id, b] of this.buckets) {
      if (b.inFlight === 0) {
        this.buckets.delete(id);
        return;
      }
    }
    throw new GatewayError('TOO_MANY_REQUESTS', `${this.limits.maxIdentities} identities have calls in flight`, { details: { retryAfterSeconds: 1 } });
  }
}
