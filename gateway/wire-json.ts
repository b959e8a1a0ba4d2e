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
  ackedBy?: string[];
}

export function receiptToJson(r: DurabilityReceipt): ReceiptJson {
  return {
    ledgerId: r.ledgerId.toString(),
    entryId: r.entryId.toString(),
    lastAddConfirmed: r.lastAddConfirmed.toString(),
    writeSet: [...r.writeSet],
    ackQuorumSize: r.ackQuorumSize,
    duplicate: r.duplicate,
    ...(r.ackedBy !== undefined ? { ackedBy: [...r.ackedBy] } : {}),
  };
}

export function receiptFromJson(j: ReceiptJson): DurabilityReceipt {
  return {
    ledgerId: BigInt(j.ledgerId),
    entryId: BigInt(j.entryId),
    lastAddConfirmed: BigInt(j.lastAddConfirmed),
    writeSet: j.writeSet,
    ackQuorumSize: j.ackQuorumSize,
    duplicate: j.duplicate,
    ...(j.ackedBy !== undefined ? { ackedBy: j.ackedBy } : {}),
  };
}

export interface SealJson {
  ledgerId: string;
  lastEntryId: string;
  /** Deprecated alias of storedLength, kept for clients of the first API version. */
  length: string;
  storedLength: string;
  payloadLength?: string;
}

export function sealToJson(s: SealResult): SealJson {
  return {
    ledgerId: s.ledgerId.toString(),
    lastEntryId: s.lastEntryId.toString(),
    length: s.storedLength.toString(),
    storedLength: s.storedLength.toString(),
    ...(s.payloadLength !== undefined ? { payloadLength: s.payloadLength.toString() } : {}),
  };
}

export function sealFromJson(j: SealJson): SealResult {
  return {
    ledgerId: BigInt(j.ledgerId),
    lastEntryId: BigInt(j.lastEntryId),
    storedLength: BigInt(j.storedLength),
    ...(j.payloadLength !== undefined ? { payloadLength: BigInt(j.payloadLength) } : {}),
  };
}
