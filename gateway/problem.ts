// Errors as RFC 9457 problem+json. Status and retryability come only from common/errors.ts; the
// gateway adds the offending field and details (GatewayError) as extension members.
import { ERROR_TABLE, QuireError, type ErrorCode } from '../common/errors.js';
import { errorContext } from './gateway-error.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  retryable: boolean;
  field?: string;
  requestId?: string;
  [extension: string]: unknown;
}

export const PROBLEM_TYPE_BASE = 'https://quire.dev/errors/';

/** Turns any thrown value into a problem; unknown errors are INTERNAL (and logged by the caller). */
export function toProblem(e: unknown, requestId?: string): Problem {
  const q = e instanceof QuireError ? e : new QuireError('INTERNAL', 'internal error (see the gateway log)');
  const spec = ERROR_TABLE[q.code];
  const ctx = errorContext(q);
  return {
    ...ctx.details,
    type: `${PROBLEM_TYPE_BASE}${q.code}`,
    title: spec.summary,
    status: spec.http,
    detail: q.message,
    code: q.code,
    retryable: spec.retryable,
    ...(ctx.field !== undefined ? { field: ctx.field } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
  };
}
