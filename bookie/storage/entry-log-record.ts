// Entry-log codec: entry log files hold entries appended at checkpoint, sorted by ledger then entry.
//
// File header (16 bytes, big-endian):
//   offset  size  field
//   0       4     magic "QELG"
//   4       4     format version (1)
//   8       8     logId (u64), equal to the id in the file name `<logId as 16 hex digits>.log`
//
// Record (24-byte header + entry, big-endian):
//   offset  size  field
//   0       4     crc32c over bytes [4, 24 + length): length, ids and entry bytes
//   4       4     length: entry bytes (u32)
//   8       8     ledgerId (i64)
//   16      8     entryId (i64)
//   24      len   entry bytes (the digest-wrapped entry exactly as added)
//
// The index stores (logId, offset of the record, length); a read re-checks ids and CRC so a
// misplaced or damaged record is an I/O error, never a wrong entry.
import { crc32c } from '@node-rs/crc32';
import { QuireError } from '../../common/errors.js';

export const ENTRY_LOG_HEADER_SIZE = 16;
export const ENTRY_LOG_RECORD_HEADER_SIZE = 24;
export const ENTRY_LOG_VERSION = 1;
const MAGIC = 0x51454c47; // "QELG"

export function entryLogFileName(logId: number): string {
  return `${logId.toString(16).padStart(16, '0')}.log`;
}

export const ENTRY_LOG_NAME_RE = /^([0-9a-f]{16})\.log$/;

export function encodeEntryLogHeader(logId: number): Buffer {
  const b = Buffer.alloc(ENTRY_LOG_HEADER_SIZE);
  b.writeUInt32BE(MAGIC, 0);
  b.writeUInt32BE(ENTRY_LOG_VERSION, 4);
  b.writeBigUInt64BE(BigInt(logId), 8);
  return b;
}

export function checkEntryLogHeader(b: Buffer, logId: number): boolean {
  return b.length >= ENTRY_LOG_HEADER_SIZE && b.readUInt32BE(0) === MAGIC && b.readUInt32BE(4) === ENTRY_LOG_VERSION && b.readBigUInt64BE(8) === BigInt(logId);
}

export function entryLogRecordSize(entryLength: number): number {
  return ENTRY_LOG_RECORD_HEADER_SIZE + entryLength;
}

/** Encodes a record into buf at off; returns the offset after it. */
export function encodeEntryLogRecordInto(buf: Buffer, off: number, ledgerId: bigint, entryId: bigint, entry: Buffer): number {
  buf.writeUInt32BE(entry.length, off + 4);
  buf.writeBigInt64BE(ledgerId, off + 8);
  buf.writeBigInt64BE(entryId, off + 16);
  const end = off + ENTRY_LOG_RECORD_HEADER_SIZE + entry.copy(buf, off + ENTRY_LOG_RECORD_HEADER_SIZE);
  buf.writeUInt32BE(crc32c(buf.subarray(off + 4, end)) >>> 0, off);
  return end;
}

/**
 * Same bytes as encodeEntryLogRecordInto(ledgerId, entryId, entry) for an entry whose header
 * starts with those ids (every stored entry does: the bookie checks it on add); the ids are
 * copied from the entry rather than converted from bigints.
 */
export function encodeEntryLogRecordFromEntryInto(buf: Buffer, off: number, entry: Buffer): number {
  buf.writeUInt32BE(entry.length, off + 4);
  // Uint8Array.set / copyWithin: Buffer.copy's argument handling costs more than the copy.
  buf.set(entry, off + ENTRY_LOG_RECORD_HEADER_SIZE);
  buf.copyWithin(off + 8, off + ENTRY_LOG_RECORD_HEADER_SIZE, off + ENTRY_LOG_RECORD_HEADER_SIZE + 16);
  const end = off + ENTRY_LOG_RECORD_HEADER_SIZE + entry.length;
  buf.writeUInt32BE(crc32c(buf.subarray(off + 4, end)) >>> 0, off);
  return end;
}

export function encodeEntryLogRecord(ledgerId: bigint, entryId: bigint, entry: Buffer): Buffer {
  const b = Buffer.allocUnsafe(entryLogRecordSize(entry.length));
  encodeEntryLogRecordInto(b, 0, ledgerId, entryId, entry);
  return b;
}

/**
 * Checks a record read back for (ledgerId, entryId) and returns the entry bytes (a view into
 * `rec`). Any mismatch is IO_ERROR: the index pointed at bytes that are not this entry.
 */
export function decodeEntryLogRecord(rec: Buffer, ledgerId: bigint, entryId: bigint, where: string): Buffer {
  if (rec.length < ENTRY_LOG_RECORD_HEADER_SIZE) throw new QuireError('IO_ERROR', `${where}: short entry-log record (${rec.length} bytes)`);
  const length = rec.readUInt32BE(4);
  if (length !== rec.length - ENTRY_LOG_RECORD_HEADER_SIZE) throw new QuireError('IO_ERROR', `${where}: entry-log record length ${length} does not match the index`);
  if ((crc32c(rec.subarray(4)) >>> 0) !== rec.readUInt32BE(0)) throw new QuireError('IO_ERROR', `${where}: entry-log record checksum mismatch`);
  if (rec.readBigInt64BE(8) !== ledgerId || rec.readBigInt64BE(16) !== entryId) {
    throw new QuireError('IO_ERROR', `${where}: entry-log record holds a different entry`);
  }
  return rec.subarray(ENTRY_LOG_RECORD_HEADER_SIZE);
}

export type EntryLogScanResult =
  | { readonly kind: 'record'; readonly ledgerId: bigint; readonly entryId: bigint; readonly entry: Buffer; readonly size: number }
  /** Fewer bytes than the record needs (a tail being written, or torn). */
  | { readonly kind: 'incomplete' }
  | { readonly kind: 'corrupt'; readonly reason: string };

/**
 * Decodes the record at `buf[off..]` without knowing which entry it should be (for tools that
 * walk a log from its header: the shell's readlog). The entry is a view into `buf`.
 */
export function scanEntryLogRecord(buf: Buffer, off: number, maxEntryLength = 64 * 1024 * 1024): EntryLogScanResult {
  if (buf.length - off < ENTRY_LOG_RECORD_HEADER_SIZE) return { kind: 'incomplete' };
  const length = buf.readUInt32BE(off + 4);
  if (length > maxEntryLength) return { kind: 'corrupt', reason: `record length ${length} exceeds ${maxEntryLength}` };
  const size = ENTRY_LOG_RECORD_HEADER_SIZE + length;
  if (buf.length - off < size) return { kind: 'incomplete' };
  if ((crc32c(buf.subarray(off + 4, off + size)) >>> 0) !== buf.readUInt32BE(off)) return { kind: 'corrupt', reason: 'checksum mismatch' };
  return { kind: 'record', ledgerId: buf.readBigInt64BE(off + 8), entryId: buf.readBigInt64BE(off + 16), entry: buf.subarray(off + ENTRY_LOG_RECORD_HEADER_SIZE, off + size), size };
}
