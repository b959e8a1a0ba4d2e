// Errors the gateway adds context to: the offending request field and machine-readable details
// (e.g. a sealed ledger's lastEntryId). Status codes still come only from common/errors.ts; the
// transports render `field` and `details` (REST: problem+json extension members; gRPC: metadata).
import { QuireError, type ErrorCode } from '../common/errors.js';

export type ErrorDetails = Readonly<Record<string, string | number | boolean>>;

export class GatewayError extends QuireError {
  /** The request field at fault (header, query parameter, path parameter or body property). */
  readonly field: string | undefined;
  /** Extra facts for the caller; 64-bit ids as decimal strings. */
  readonly details: ErrorDetails;
  constructor(code: ErrorCode, message: string, opts: { field?: string; details?: ErrorDetails; cause?: unknown } = {}) {
    super(code, message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'GatewayError';
    this.field = opts.field;
    this.details = opts.details ?? {};
  }
}

/** Field and details of any error (plain QuireErrors have neither). */
export function errorContext(e: unknown): { field?: string; details: ErrorDetails } {
  if (e instanceof GatewayError) return { ...(e.field !== undefined ? { field: e.field } : {}), details: e.details };
  return { details: {} };
}

export function badArgument(field: string, message: string): GatewayError {
  return new GatewayError('INVALID_ARGUMENT', message, { field });
}
