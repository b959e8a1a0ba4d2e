// Journal record codec: the unit the write-ahead log is made of.
//
// Byte layout of one record (all integers big-endian):
//
//   offset  size  field
//   0       4     crc32c (Castagnoli) over bytes [4, 8 + length): the length field, type and payload,
//                 started from the segment's seed (0 in a format-1 segment; journal-segment.ts)
//   4       4     length: bytes after this 8-byte header (1 type byte + payload); 0 = end of data
//                 (zero-filled preallocation), never a valid record
//   8       1     type
//   9       ...   payload, by type:
//                   1 ADD_ENTRY     ledgerId i64, entryId i64, entry bytes (length - 17)
//                   2 MASTER_KEY    ledgerId i64, key bytes (length - 9)
//                   3 FENCE         ledgerId i64                         (length = 9)
//                   4 EXPLICIT_LAC  ledgerId i64, explicit-LAC blob (length - 9)
//
// The CRC comes first so that a record torn anywhere (length, type or payload) fails the check.
// The seed makes a record valid only in the segment it was written to: a reused segment file
// (journalReuseFiles) still holds its old records past the new ones, and they must read as the end.
// Decoding never trusts a length above MAX_JOURNAL_RECORD_LENGTH.
import { crc32c } from '@node-rs/crc32';

export const JournalRecordType = {
  ADD_ENTRY: 1,
  MASTER_KEY: 2,
  FENCE: 3,
  EXPLICIT_LAC: 4,
} as const;
export type JournalRecordType = (typeof JournalRecordType)[keyof typeof JournalRecordType];

export const JOURNAL_RECORD_HEADER_SIZE = 8;
/** Largest accepted record body; bigger lengths are corruption (entries are capped far below). */
export const MAX_JOURNAL_RECORD_LENGTH = 64 * 1024 * 1024;

export type JournalRecord =
  | { readonly type: typeof JournalRecordType.ADD_ENTRY; readonly ledgerId: bigint; readonly entryId: bigint; readonly data: Buffer }
  | { readonly type: typeof JournalRecordType.MASTER_KEY; readonly ledgerId: bigint; readonly data: Buffer }
  | { readonly type: typeof JournalRecordType.FENCE; readonly ledgerId: bigint }
  | { readonly type: typeof JournalRecordType.EXPLICIT_LAC; readonly ledgerId: bigint; readonly data: Buffer };

/** Fixed bytes of the body (type + fixed payload fields) before the variable data. */
function fixedBodySize(type: number): number {
  return type === JournalRecordType.ADD_ENTRY ? 17 : 9;
}

/** Total encoded size (header included) of a record with `dataLength` variable bytes. */
export function journalRecordSize(type: JournalRecordType, dataLength: number): number {
  return JOURNAL_RECORD_HEADER_SIZE + fixedBodySize(type) + (type === JournalRecordType.FENCE ? 0 : dataLength);
}

/**
 * Encodes one record into `buf` at `off` (the caller sized `buf`); returns the offset after it.
 * Takes fields rather than a record object so the hot path allocates nothing.
 */
export function encodeJournalRecordInto(
  buf: Buffer,
  off: number,
  type: JournalRecordType,
  ledgerId: bigint,
  entryId: bigint,
  data: Buffer | undefined,
  seed = 0,
): number {
  const dataLen = type === JournalRecordType.FENCE || data === undefined ? 0 : data.length;
  const length = fixedBodySize(type) + dataLen;
  buf.writeUInt32BE(length, off + 4);
  buf[off + 8] = type;
  buf.writeBigInt64BE(ledgerId, off + 9);
  let p = off + 17;
  if (type === JournalRecordType.ADD_ENTRY) {
    buf.writeBigInt64BE(entryId, p);
    p += 8;
  }
  if (dataLen > 0) p += data!.copy(buf, p);
  buf.writeUInt32BE(crc32c(buf.subarray(off + 4, p), seed) >>> 0, off);
  return p;
}

/**
 * Encodes an ADD_ENTRY record for `entry`, whose 24-byte entry header starts with its ledgerId and
 * entryId (i64 each, the caller has checked them): the same bytes as encodeJournalRecordInto with
 * those ids, but the ids are copied from the entry instead of converted from bigints.
 */
export function encodeAddEntryRecordInto(buf: Buffer, off: number, entry: Buffer, seed = 0): number {
  buf.writeUInt32BE(17 + entry.length, off + 4);
  buf[off + 8] = JournalRecordType.ADD_ENTRY;
  // Uint8Array.set: Buffer.copy's argument handling costs more than copying a 1 KiB entry.
  buf.set(entry, off + 25);
  buf.copyWithin(off + 9, off + 25, off + 41); // the ids, from the entry header just written
  const end = off + 25 + entry.length;
  buf.writeUInt32BE(crc32c(buf.subarray(off + 4, end), seed) >>> 0, off);
  return end;
}

export function encodeJournalRecord(rec: JournalRecord, seed = 0): Buffer {
  const data = rec.type === JournalRecordType.FENCE ? undefined : rec.data;
  const buf = Buffer.allocUnsafe(journalRecordSize(rec.type, data?.length ?? 0));
  encodeJournalRecordInto(buf, 0, rec.type, rec.ledgerId, rec.type === JournalRecordType.ADD_ENTRY ? rec.entryId : 0n, data, seed);
  return buf;
}

export type DecodeResult =
  | { readonly kind: 'record'; readonly record: JournalRecord; readonly size: number }
  /** Not enough bytes yet; `needed` is the total size of the record if the length was readable. */
  | { readonly kind: 'incomplete'; readonly needed?: number }
  /** A zero length: preallocated space, nothing more was written. */
  | { readonly kind: 'end' }
  | { readonly kind: 'corrupt'; readonly reason: string };

/**
 * Decodes the record at `buf[off..]`, checking its CRC from `seed` (the segment's). Payload
 * buffers are views into `buf` (copy what you keep).
 */
export function decodeJournalRecord(buf: Buffer, off: number, seed = 0): DecodeResult {
  const avail = buf.length - off;
  // A short tail may be the start of a record split across reads; the caller decides at EOF.
  if (avail < JOURNAL_RECORD_HEADER_SIZE) return { kind: 'incomplete' };
  const storedCrc = buf.readUInt32BE(off);
  const length = buf.readUInt32BE(off + 4);
  if (length === 0) {
    return storedCrc === 0 ? { kind: 'end' } : { kind: 'corrupt', reason: 'zero length with a non-zero checksum' };
  }
  if (length > MAX_JOURNAL_RECORD_LENGTH) return { kind: 'corrupt', reason: `length ${length} exceeds the maximum` };
  const size = JOURNAL_RECORD_HEADER_SIZE + length;
  if (avail < size) return { kind: 'incomplete', needed: size };
  const crc = crc32c(buf.subarray(off + 4, off + size), seed) >>> 0;
  if (crc !== storedCrc) return { kind: 'corrupt', reason: 'checksum mismatch' };
  const type = buf[off + 8]!;
  if (type < JournalRecordType.ADD_ENTRY || type > JournalRecordType.EXPLICIT_LAC) {
    return { kind: 'corrupt', reason: `unknown record type ${type}` };
  }
  const fixed = fixedBodySize(type);
  if (length < fixed || (type === JournalRecordType.FENCE && length !== fixed)) {
    return { kind: 'corrupt', reason: `length ${length} invalid for record type ${type}` };
  }
  const ledgerId = buf.readBigInt64BE(off + 9);
  const dataStart = off + JOURNAL_RECORD_HEADER_SIZE + fixed;
  const data = buf.subarray(dataStart, off + size);
  let record: JournalRecord;
  switch (type) {
    case JournalRecordType.ADD_ENTRY:
      record = { type, ledgerId, entryId: buf.readBigInt64BE(off + 17), data };
      break;
    case JournalRecordType.MASTER_KEY:
      record = { type, ledgerId, data };
      break;
    case JournalRecordType.FENCE:
      record = { type, ledgerId };
      break;
    default:
      record = { type: JournalRecordType.EXPLICIT_LAC, ledgerId, data };
  }
  return { kind: 'record', record, size };
}

/**
 * Incremental decoder over a byte stream (file chunks of any size). Tracks the absolute offset of
 * each record so replay knows where valid data ends.
 */
export class JournalStreamDecoder {
  private pending: Buffer = Buffer.alloc(0);
  /** Absolute stream offset of `pending[0]`. */
  private base: number;
  private stopped: { kind: 'end' } | { kind: 'corrupt'; reason: string } | undefined;

  constructor(
    startOffset = 0,
    private readonly seed = 0,
  ) {
    this.base = startOffset;
  }

  /** Offset just after the last complete valid record returned so far. */
  get validEnd(): number {
    return this.base;
  }

  /** Why decoding stopped ('end' = zero fill, 'corrupt'), or undefined if more input may follow. */
  get stopReason(): { kind: 'end' } | { kind: 'corrupt'; reason: string } | undefined {
    return this.stopped;
  }

  /** Feeds bytes; calls `onRecord` for each complete valid record (payload views are transient). */
  push(chunk: Buffer, onRecord: (rec: JournalRecord, offset: number, size: number) => void): void {
    if (this.stopped) return;
    let buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let off = 0;
    for (;;) {
      const r = decodeJournalRecord(buf, off, this.seed);
      if (r.kind === 'record') {
        onRecord(r.record, this.base + off, r.size);
        off += r.size;
        continue;
      }
      if (r.kind === 'incomplete') break;
      this.stopped = r;
      break;
    }
    this.base += off;
    buf = buf.subarray(off);
    // Keep a private copy of a partial record so the caller may reuse its chunk buffer.
    this.pending = this.stopped ? Buffer.alloc(0) : Buffer.from(buf);
  }

  /** Bytes held back as an incomplete record (a torn tail when the input has ended). */
  get pendingBytes(): number {
    return this.pending.length;
  }

  /**
   * True when the held-back bytes are all zero: zero fill shorter than a record header (the
   * preallocated tail of a segment whose last record ended a few bytes before the segment bound),
   * not the start of a record — a record starts with a non-zero length.
   */
  get pendingIsZeroFill(): boolean {
    return this.pending.length > 0 && this.pending.length < JOURNAL_RECORD_HEADER_SIZE && this.pending.every((b) => b === 0);
  }
}
