// Instance-to-instance calls: a gateway that is not a ledger's owner sends writes (append, close,
// delete) and LAC questions to the owner's internal REST routes. An error answer (problem+json)
// becomes the same GatewayError here, so the caller sees what the owner said; an owner that cannot
// be reached is LEDGER_OWNED_ELSEWHERE (retryable: its session may be about to expire).
import { ERROR_TABLE, type ErrorCode } from '../common/errors.js';
import { GatewayError, type ErrorDetails } from './gateway-error.js';

export const FORWARDED_BY_HEADER = 'quire-forwarded-by';

export class Forwarder {
  constructor(
    private readonly selfId: string,
    private readonly timeoutMs: number,
  ) {}

  async call<T>(ownerUrl: string, ownerId: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(new URL(path, ownerUrl), {
        method,
        headers: { [FORWARDED_BY_HEADER]: this.selfId, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw new GatewayError('LEDGER_OWNED_ELSEWHERE', `gateway ${ownerId} at ${ownerUrl} holds the write handle and could not be reached: ${(e as Error).message}`, { details: { owner: ownerId }, cause: e });
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw new GatewayError('LEDGER_OWNED_ELSEWHERE', `gateway ${ownerId} at ${ownerUrl} did not finish its answer: ${(e as Error).message}`, { details: { owner: ownerId }, cause: e });
    }
    if (res.ok) return (text === '' ? undefined : JSON.parse(text)) as T;
    let problem: Record<string, unknown> = {};
    try {
      problem = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // not JSON: keep the status only
    }
    const code = typeof problem.code === 'string' && problem.code in ERROR_TABLE ? (problem.code as ErrorCode) : 'INTERNAL';
    const known = new Set(['type', 'title', 'status', 'detail', 'instance', 'code', 'retryable', 'field', 'requestId']);
    const details: Record<string, string | number | boolean> = {};
    for (const [k, v] of Object.entries(problem)) if (!known.has(k) && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) details[k] = v;
    const detail = typeof problem.detail === 'string' ? problem.detail : `HTTP ${res.status} from gateway ${ownerId}`;
    throw new GatewayError(code, detail, { ...(typeof problem.field === 'string' ? { field: problem.field } : {}), details: details as ErrorDetails });
  }
}
