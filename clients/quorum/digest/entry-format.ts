// The digest-wrapped entry (spec §4.1) and the explicit-LAC blob (§4.4).
//
// Entry layout, all integers big-endian:
//   0   8  ledgerId
//   8   8  entryId
//   16  8  lastAddConfirmed (writer's LAC when the add started; -1 if none)
//   24  8  length (ledger length in bytes including this entry's payload)
//   32  D  digest over bytes 0..31 followed by the payload (D from the digest type)
//   32+D   payload
//
// Explicit-LAC blob: 0 8 ledgerId | 8 8 lac | 16 D digest over bytes 0..15.
import { QuireError } from '../../../common/errors.js';
import type { DigestManager } from './digest-manager.js';

export const ENTRY_HEADER_LENGTH = 32;
export const LAC_BLOB_HEADER_LENGTH = 16;

export interface EntryFields {
  ledgerId: bigint;
  entryId: bigint;
  lastAddConfirmed: bigint;
  /** Ledger length including this entry's payload. */
  length: bigint;
  payload: Buffer;
}

export function wrapEntry(digest: DigestManager, e: EntryFields): Buffer {
  const out = Buffer.allocUnsafe(ENTRY_HEADER_LENGTH + digest.length + e.payload.length);
  out.writeBigInt64BE(e.ledgerId, 0);
  out.writeBigInt64BE(e.entryId, 8);
  out.writeBigInt64BE(e.lastAddConfirmed, 16);
  out.writeBigInt64BE(e.length, 24);
  const header = out.subarray(0, ENTRY_HEADER_LENGTH);
  digest.compute([header, e.payload]).copy(out, ENTRY_HEADER_LENGTH);
  e.payload.copy(out, ENTRY_HEADER_LENGTH + digest.length);
  return out;
}

/**
 * Verifies and unpacks an entry read from a bookie. expectedEntryId null skips the entry id check
 * (reads of entry -1, "the last entry you have"). Any mismatch is DIGEST_MISMATCH so the caller
 * tries the next replica.
 */
export function unwrapEntry(digest: DigestManager, bytes: Buffer, ledgerId: bigint, expectedEntryId: bigint | null): EntryFields {
  const min = ENTRY_HEADER_LENGTH + digest.length;
  if (bytes.length < min) throw new QuireError('DIGEST_MISMATCH', `entry of ${bytes.length} bytes is shorter than its ${min}-byte header`);
  const gotLedger = bytes.readBigInt64BE(0);
  const gotEntry = bytes.readBigInt64BE(8);
  if (gotLedger !== ledgerId) throw new QuireError('DIGEST_MISMATCH', `entry names ledger ${gotLedger}, expected ${ledgerId}`);
  if (expectedEntryId !== null && gotEntry !== expectedEntryId) {
    throw new QuireError('DIGEST_MISMATCH', `entry names entry ${gotEntry}, expected ${expectedEntryId}`);
  }
  const header = bytes.subarray(0, ENTRY_HEADER_LENGTH);
  const payload = bytes.subarray(min);
  const want = digest.compute([header, payload]);
  if (!want.equals(bytes.subarray(ENTRY_HEADER_LENGTH, min))) {
    throw new QuireError('DIGEST_MISMATCH', `digest mismatch on ledger ${ledgerId} entry ${gotEntry}`);
  }
  return {
    ledgerId: gotLedger,
    entryId: gotEntry,
    lastAddConfirmed: bytes.readBigInt64BE(16),
    length: bytes.readBigInt64BE(24),
    payload,
  };
}

export function encodeLacBlob(digest: DigestManager, ledgerId: bigint, lac: bigint): Buffer {
  const out = Buffer.allocUnsafe(LAC_BLOB_HEADER_LENGTH + digest.length);
  out.writeBigInt64BE(ledgerId, 0);
  out.writeBigInt64BE(lac, 8);
  digest.compute([out.subarray(0, LAC_BLOB_HEADER_LENGTH)]).copy(out, LAC_BLOB_HEADER_LENGTH);
  return out;
}

/** Verifies an explicit-LAC blob and returns its LAC. */
export function decodeLacBlob(digest: DigestManager, blob: Buffer, ledgerId: bigint): bigint {
  const want = LAC_BLOB_HEADER_LENGTH + digest.length;
  if (blob.length !== want) throw new QuireError('DIGEST_MISMATCH', `LAC blob of ${blob.length} bytes, expected ${want}`);
  const header = blob.subarray(0, LAC_BLOB_HEADER_LENGTH);
  if (blob.readBigInt64BE(0) !== ledgerId) throw new QuireError('DIGEST_MISMATCH', `LAC blob names ledger ${blob.readBigInt64BE(0)}, expected ${ledgerId}`);
  if (!digest.compute([header]).equals(blob.subarray(LAC_BLOB_HEADER_LENGTH))) {
    throw new QuireError('DIGEST_MISMATCH', `LAC blob digest mismatch on ledger ${ledgerId}`);
  }
  return blob.readBigInt64BE(8);
}
