// Peer traffic of named logs, on the same peer listener as ledgers (peer-server.ts):
//   POST /peer/v1/logs/{name, URL-encoded}/append  {"records":[RecordIn],"producerId","sequence","expectedOffset"} -> 200 {"receipts":[LogReceipt]}
//   GET  /peer/v1/logs/{name}/end                                                -> 200 {"ledgerId","committedEnd"}
// The owner serves the append itself (taking the log over if nobody writes it) or refuses with
// LEDGER_OWNED_ELSEWHERE; it never forwards again.
import type { components } from '../../openapi/gen/quire.js';
import { badArgument, GatewayError } from '../gateway-error.js';
import { logReceiptFromJson, logReceiptJson, recordsFromJson, recordsToJson } from '../logs/log-json.js';
import type { LogAppendOptions, LogPeer, LogReceipt, RecordInput } from '../logs/log-service.js';
import type { PeerClient } from './peer-client.js';

type Schemas = components['schemas'];

export const LOG_PEER_PREFIX = '/peer/v1/logs/';

/** What the owner answers (LogServiceImpl's forwarded* methods). */
export interface LogOwnerSide {
  forwardedAppend(name: string, records: RecordInput[], opts: LogAppendOptions): Promise<LogReceipt[]>;
  forwardedCommittedEnd(name: string): Promise<{ ledgerId: bigint; committedEnd: bigint }>;
}

interface AppendJson {
  records: Schemas['RecordIn'][];
  producerId?: string;
  sequence?: string;
  expectedOffset?: string;
}

export function logPeerClient(client: PeerClient): LogPeer {
  return {
    async append(owner, name, records, opts) {
      const body: AppendJson = {
        records: recordsToJson(records),
        ...(opts.producerId !== undefined ? { producerId: opts.producerId } : {}),
        ...(opts.sequence !== undefined ? { sequence: opts.sequence.toString() } : {}),
        ...(opts.expectedOffset !== undefined ? { expectedOffset: opts.expectedOffset.toString() } : {}),
      };
      const r = await client.call<{ receipts: Schemas['LogReceipt'][] }>(owner, 'POST', `${LOG_PEER_PREFIX}${encodeURIComponent(name)}/append`, body);
      return r.receipts.map(logReceiptFromJson);
    },
    async committedEnd(owner, name) {
      const r = await client.call<{ ledgerId: string; committedEnd: string }>(owner, 'GET', `${LOG_PEER_PREFIX}${encodeURIComponent(name)}/end`);
      return { ledgerId: BigInt(r.ledgerId), committedEnd: BigInt(r.committedEnd) };
    },
  };
}

const ROUTE = /^\/peer\/v1\/logs\/([^/]+)\/(append|end)$/;
const INT64 = /^[0-9]{1,19}$/;

/** Serves one log peer request; `body` is the parsed JSON of a POST. */
export async function answerLogPeer(logs: LogOwnerSide, method: string, path: string, body: Record<string, unknown>): Promise<{ status: number; json: unknown }> {
  const m = ROUTE.exec(path);
  if (!m) throw new GatewayError('NO_SUCH_ROUTE', `no route ${method} ${path}`);
  const name = decodeURIComponent(m[1]!);
  const want = m[2] === 'end' ? 'GET' : 'POST';
  if (method !== want) throw new GatewayError('METHOD_NOT_ALLOWED', `${path} takes ${want}, not ${method}`);
  if (m[2] === 'end') {
    const r = await logs.forwardedCommittedEnd(name);
    return { status: 200, json: { ledgerId: r.ledgerId.toString(), committedEnd: r.committedEnd.toString() } };
  }
  const b = body as unknown as AppendJson;
  if (!Array.isArray(b.records)) throw badArgument('records', 'records must be an array');
  for (const [k, v] of [['sequence', b.sequence], ['expectedOffset', b.expectedOffset]] as const) if (v !== undefined && (typeof v !== 'string' || !INT64.test(v))) throw badArgument(k, `${k} must be a decimal integer`);
  const receipts = await logs.forwardedAppend(name, recordsFromJson(b.records), {
    ...(b.producerId !== undefined ? { producerId: String(b.producerId) } : {}),
    ...(b.sequence !== undefined ? { sequence: BigInt(b.sequence) } : {}),
    ...(b.expectedOffset !== undefined ? { expectedOffset: BigInt(b.expectedOffset) } : {}),
  });
  return { status: 200, json: { receipts: receipts.map(logReceiptJson) } };
}
