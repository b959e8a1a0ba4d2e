// The peer wire format (docs/gateway.md, "Peer traffic"): JSON over HTTP/1.1 on the peer listener,
// 64-bit ids as decimal strings, bytes as base64; errors as problem+json (the same members as the
// REST API's, so `code`, `field` and the details travel unchanged).
//   POST /peer/v1/ledgers/{ledgerId}/append   AppendJson       -> 200 {"receipts":[ReceiptJson]}
//   POST /peer/v1/ledgers/{ledgerId}/close    PasswordJson     -> 200 SealJson
//   POST /peer/v1/ledgers/{ledgerId}/delete   PasswordJson     -> 204
//   GET  /peer/v1/ledgers/{ledgerId}/lac                       -> 200 LacJson
import type { ReceiptJson } from '../wire-json.js';

export const PEER_PATH_PREFIX = '/peer/v1/ledgers/';
export const FORWARDED_BY_HEADER = 'quire-forwarded-by';
export type PeerOp = 'append' | 'close' | 'delete' | 'lac';

export function peerPath(ledgerId: bigint, op: PeerOp): string {
  return `${PEER_PATH_PREFIX}${ledgerId}/${op}`;
}

export interface AppendJson {
  entries: string[];
  password?: string;
  producerId?: string;
  sequence?: string;
  expectedEntryId?: string;
}

export interface AppendResultJson {
  receipts: ReceiptJson[];
}

export interface PasswordJson {
  password?: string;
}

export interface LacJson {
  lastAddConfirmed: string;
  sealed: boolean;
}

export function passwordJson(password: Buffer | undefined): PasswordJson {
  return password !== undefined ? { password: password.toString('base64') } : {};
}
