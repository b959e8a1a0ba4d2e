// The gateway's errors as one typed error class for both transports. Every gateway error has a
// stable code (the table in docs/errors.md: LEDGER_CLOSED, NO_SUCH_LEDGER, TOO_MANY_REQUESTS, ...)
// and says whether sending the same request again is safe. REST carries them in
// application/problem+json (code, retryable, field, lastEntryId) plus Retry-After; gRPC in
// trailing metadata (quire-error-code, quire-retryable, quire-retry-after-ms,
// quire-last-entry-id, quire-error-field).
import type { Metadata, ServiceError } from '@grpc/grpc-js';
import type { components } from '../../openapi/gen/quire.js';

export type Problem = components['schemas']['Problem'];

export class QuireApiError extends Error {
  override readonly name = 'QuireApiError';
  constructor(
    /** Quire's stable error code; for failures that never reached the gateway, the transport's (e.g. UNAVAILABLE, NETWORK_ERROR). */
    readonly code: string,
    message: string,
    /** True when the same request may be sent again safely. */
    readonly retryable: boolean,
    /** HTTP status, or the gRPC status code. */
    readonly status: number,
    readonly transport: 'rest' | 'grpc',
    readonly extra: {
      readonly field?: string | undefined;
      /** The sealed end of the ledger (LEDGER_CLOSED, LEDGER_FENCED), when the gateway knows it. */
      readonly lastEntryId?: bigint | undefined;
      readonly retryAfterMs?: number | undefined;
      readonly requestId?: string | undefined;
      /** The whole problem document (REST) for facts beyond these. */
      readonly problem?: Problem | undefined;
      /** gRPC: every quire-* trailer (e.g. quire-first-offset, quire-last-sequence), by name. */
      readonly details?: Readonly<Record<string, string>> | undefined;
    } = {},
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${message}`, options);
  }

  get field(): string | undefined {
    return this.extra.field;
  }
  get lastEntryId(): bigint | undefined {
    return this.extra.lastEntryId;
  }
  get retryAfterMs(): number | undefined {
    return this.extra.retryAfterMs;
  }
  /**
   * False when no gateway answered (connection refused or cut, no Quire trailer): another
   * endpoint may, so the gRPC transport moves on to the next one.
   */
  get reachedGateway(): boolean {
    if (this.transport === 'grpc') return this.extra.details?.['quire-error-code'] !== undefined;
    return this.status !== 0;
  }

  static fromProblem(problem: Partial<Problem> | undefined, response: Response): QuireApiError {
    const p = problem ?? {};
    const retryAfter = response.headers.get('retry-after');
    const last = p.lastEntryId;
    return new QuireApiError(
      p.code ?? `HTTP_${response.status}`,
      p.detail ?? p.title ?? response.statusText,
      p.retryable ?? (response.status === 429 || response.status === 503),
      response.status,
      'rest',
      {
        field: p.field,
        lastEntryId: last !== undefined && /^-?\d+$/.test(last) ? BigInt(last) : undefined,
        retryAfterMs: retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : undefined,
        requestId: p.requestId ?? response.headers.get('x-request-id') ?? undefined,
        problem: problem as Problem | undefined,
      },
    );
  }

  /** Without Quire's trailers (the gateway was not reached) only UNAVAILABLE counts as retryable. */
  static fromGrpc(err: ServiceError | (Error & { code?: number; details?: string; metadata?: Metadata })): QuireApiError {
    const one = (k: string): string | undefined => {
      const v = err.metadata?.get(k)[0];
      return v === undefined ? undefined : String(v);
    };
    const status = err.code ?? 2;
    const code = one('quire-error-code') ?? GRPC_STATUS_NAMES[status] ?? 'UNKNOWN';
    const retryableHeader = one('quire-retryable');
    const last = one('quire-last-entry-id');
    const after = one('quire-retry-after-ms');
    const details: Record<string, string> = {};
    for (const [k, v] of Object.entries(err.metadata?.getMap() ?? {})) if (k.startsWith('quire-')) details[k] = String(v);
    return new QuireApiError(code, err.details ?? err.message, retryableHeader !== undefined ? retryableHeader === 'true' : status === 14, status, 'grpc', {
      field: one('quire-error-field'),
      lastEntryId: last !== undefined && /^-?\d+$/.test(last) ? BigInt(last) : undefined,
      retryAfterMs: after !== undefined && /^\d+$/.test(after) ? Number(after) : undefined,
      requestId: one('x-request-id'),
      details,
    }, { cause: err });
  }
}

const GRPC_STATUS_NAMES: Record<number, string> = {
  0: 'OK', 1: 'CANCELLED', 2: 'UNKNOWN', 3: 'INVALID_ARGUMENT', 4: 'DEADLINE_EXCEEDED', 5: 'NOT_FOUND', 6: 'ALREADY_EXISTS',
  7: 'PERMISSION_DENIED', 8: 'RESOURCE_EXHAUSTED', 9: 'FAILED_PRECONDITION', 10: 'ABORTED', 11: 'OUT_OF_RANGE',
  12: 'UNIMPLEMENTED', 13: 'INTERNAL', 14: 'UNAVAILABLE', 15: 'DATA_LOSS', 16: 'UNAUTHENTICATED',
};

export interface RetryPolicy {
  /** Tries in all (1 = no retry). Default 5. */
  readonly attempts?: number;
  /** First backoff; doubles per try, with jitter, unless the server says Retry-After. Default 50 ms. */
  readonly baseDelayMs?: number;
  /** Cap on one wait. Default 5 s. */
  readonly maxDelayMs?: number;
}

/**
 * Runs `call`, retrying only errors whose `retryable` flag is set. The SDK uses it for reads and
 * for appends that carry a producer id and sequence (exactly-once: a retry returns the first
 * receipt); a plain append is never retried, since it may have been written.
 */
export async function withRetries<T>(call: () => Promise<T>, policy: RetryPolicy = {}, mayRetry: (e: QuireApiError) => boolean = (e) => e.retryable): Promise<T> {
  const attempts = policy.attempts ?? 5;
  const base = policy.baseDelayMs ?? 50;
  const max = policy.maxDelayMs ?? 5000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (!(e instanceof QuireApiError) || !mayRetry(e) || attempt >= attempts) throw e;
      const delay = Math.min(max, e.retryAfterMs ?? base * 2 ** (attempt - 1)) * (0.5 + Math.random());
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/**
 * Whether an append carrying (producer id, sequence) may be sent again: on a retryable error, and
 * also whenever its outcome is unknown (APPEND_OUTCOME_UNKNOWN, a deadline or a lost connection),
 * since the gateway recognises the sequence and answers a repeat with the first receipts.
 */
export function sequencedRetryable(e: QuireApiError): boolean {
  return e.retryable || e.code === 'APPEND_OUTCOME_UNKNOWN' || e.code === 'UNAVAILABLE' || e.code === 'DEADLINE_EXCEEDED' || e.code === 'NETWORK_ERROR' || e.code === 'TIMEOUT';
}
