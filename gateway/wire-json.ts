// JSON shapes shared by the REST transport and peer traffic (peer/peer-wire.ts): 64-bit ids as
// decimal strings, bytes as base64. One place, so both sides agree.
import type { DurabilityReceipt, SealResult } from './ledger-service.js';

export interface ReceiptJson {
  ledgerId: string;
  entryId: string;
  lastAddConfirmed: string;
  writeSet: string[];
  ackQuorumSize: number;
  duplicate: boolean;
}

export function receiptToJson(r: DurabilityReceipt): ReceiptJson {
  return { ledgerId: r.ledgerId.toString(), entryId: r.entryId.toString(), lastAddConfirmed: r.lastAddConfirmed.toString(), writeSet: [...r.writeSet], ackQuorumSize: r.ackQuorumSize, duplicate: r.duplicate };
}

export function receiptFromJson(j: ReceiptJson): DurabilityReceipt {
  return { ledgerId: BigInt(j.ledgerId), entryId: BigInt(j.entryId), lastAddConfirmed: BigInt(j.lastAddConfirmed), writeSet: j.writeSet, ackQuorumSize: j.ackQuorumSize, duplicate: j.duplicate };
}

export interface SealJson {
  ledgerId: string;
  lastEntryId: string;
  length: string;
}

export function sealToJson(s: SealResult): SealJson {
  return { ledgerId: s.ledgerId.toString(), lastEntryId: s.lastEntryId.toString(), length: s.length.toString() };
}

export function sealFromJson(j: SealJson): SealResult {
  return { ledgerId: BigInt(j.ledgerId), lastEntryId: BigInt(j.lastEntryId), length: BigInt(j.length) };
}
