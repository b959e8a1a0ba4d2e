// The client side of peer traffic: a Peer whose calls go over HTTP to the owner's peer listener
// (peer-wire.ts). An error answer (problem+json) becomes the same GatewayError here, so the caller
// sees what the owner said; an owner that cannot be reached within forwardTimeoutMs is
// LEDGER_OWNED_ELSEWHERE (retryable: its session may be about to expire).
import { ERROR_TABLE, type ErrorCode } from '../../common/errors.js';
import { GatewayError, type ErrorDetails } from '../gateway-error.js';
import type { AppendOptions, DurabilityReceipt, SealResult } from '../ledger-service.js';
import { receiptFromJson, sealFromJson, type SealJson } from '../wire-json.js';
import type { Peer, PeerAddress } from './peer.js';
import type { PeerCredential } from './peer-credential.js';
import { FORWARDED_BY_HEADER, passwordJson, peerPath, type AppendJson, type AppendResultJson, type LacJson } from './peer-wire.js';
import { injectContext } from '../../common/tracing.js';

const PROBLEM_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'instance', 'code', 'retryable', 'field', 'requestId']);

export class PeerClient {
  constructor(
    private readonly selfId: string,
    private readonly timeoutMs: number,
    /** Signs every call for the owner's peer listener (absent = anonymous peer traffic). */
    private readonly credential?: PeerCredential,
  ) {}

  /** The owner named by an owner record, as a Peer. */
  to(owner: PeerAddress): Peer {
    const call = <T>(method: 'GET' | 'POST', path: string, body?: unknown) => this.call<T>(owner, method, path, body);
    return {
      async append(ledgerId: bigint, data: readonly Buffer[], opts: AppendOptions): Promise<DurabilityReceipt[]> {
        const body: AppendJson = {
          entries: data.map((d) => d.toString('base64')),
          ...(opts.password !== undefined ? { password: opts.password.toString('base64') } : {}),
          ...(opts.producerId !== undefined ? { producerId: opts.producerId } : {}),
          ...(opts.sequence !== undefined ? { sequence: opts.sequence.toString() } : {}),
          ...(opts.expectedEntryId !== undefined ? { expectedEntryId: opts.expectedEntryId.toString() } : {}),
        };
        const r = await call<AppendResultJson>('POST', peerPath(ledgerId, 'append'), body);
        return r.receipts.map(receiptFromJson);
      },
      async close(ledgerId: bigint, password: Buffer | undefined): Promise<SealResult> {
        return sealFromJson(await call<SealJson>('POST', peerPath(ledgerId, 'close'), passwordJson(password)));
      },
      async delete(ledgerId: bigint, password: Buffer | undefined): Promise<void> {
        await call<undefined>('POST', peerPath(ledgerId, 'delete'), passwordJson(password));
      },
      async lastAddConfirmed(ledgerId: bigint): Promise<{ lastAddConfirmed: bigint; sealed: boolean }> {
        const r = await call<LacJson>('GET', peerPath(ledgerId, 'lac'));
        return { lastAddConfirmed: BigInt(r.lastAddConfirmed), sealed: r.sealed };
      },
    };
  }

  /** One call to the owner's peer listener (ledger routes above; log routes in log-peer.ts). */
  async call<T>(owner: PeerAddress, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const { url: ownerUrl, gatewayId: ownerId } = owner;
    let res: Response;
    try {
      res = await fetch(new URL(path, ownerUrl), {
        method,
        headers: {
          [FORWARDED_BY_HEADER]: this.selfId,
          // The caller's trace continues on the owner (empty when tracing is off).
          ...Object.fromEntries(injectContext().map((p) => [p.key, p.value])),
          ...(this.credential ? { authorization: this.credential.authorization(this.selfId, method, new URL(path, ownerUrl).pathname) } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
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
    const details: Record<string, string | number | boolean> = {};
    for (const [k, v] of Object.entries(problem)) if (!PROBLEM_MEMBERS.has(k) && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) details[k] = v;
    const detail = typeof problem.detail === 'string' ? problem.detail : `HTTP ${res.status} from gateway ${ownerId}`;
    throw new GatewayError(code, detail, { ...(typeof problem.field === 'string' ? { field: problem.field } : {}), details: details as ErrorDetails });
  }
}
