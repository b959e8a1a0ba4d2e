// What a log stores in each entry of a segment ledger. Entry 0 of every segment is a SEGMENT
// HEADER (the log's name, the segment's start offset, and the producer snapshot that carries
// exactly-once state across rollovers and failovers); entries 1.. are RECORDS. The record at entry
// e of a segment that starts at offset S has offset S + e - 1, so offsets are dense across segments.
// docs/logs.md describes both layouts; golden bytes in log-record.test.ts. All integers big-endian.
//
// Record, format 1:
//   offset size  field
//   0      1     kind         0x01 (record, format 1)
//   1      1     flags        bit 0 producer, bit 1 key, bit 2 headers; other bits 0
//   2      8     timestampMs  i64 (the producer's, or the owner's clock at append)
//   -- bit 0 --  u16 idLength (1..1024), producerId UTF-8, i64 sequence (>= 0)
//   -- bit 1 --  u32 keyLength, key bytes
//   -- bit 2 --  u16 count (1..MAX_HEADERS), then per header: u16 nameLength (1..255), name UTF-8,
//                u32 valueLength, value bytes
//   ...    rest  payload
//
// Segment header, format 1 (entry 0 only):
//   0      1     kind         0x81 (segment header, format 1)
//   1      8     startOffset  i64: offset of entry 1 of this segment
//   9      8     createdMs    i64
//   17     2     nameLength   u16, then the log name (ASCII)
//   ..     4     producers    u32 count, then per producer: u16 idLength, id UTF-8,
//                             i64 firstSequence, i64 lastSequence, i64 firstOffset, i64 lastAppendMs
import { QuireError } from '../../common/errors.js';
import { INT64_MAX } from '../../common/ids.js';
import type { ProducerRun } from './producer-state.js';

export const RECORD_KIND_V1 = 0x01;
export const HEADER_KIND_V1 = 0x81;
const F_PRODUCER = 0x01;
const F_KEY = 0x02;
const F_HEADERS = 0x04;
export const MAX_PRODUCER_ID_BYTES = 1024;
export const MAX_HEADERS = 64;
export const MAX_HEADER_NAME_BYTES = 255;

export interface LogRecordHeader {
  readonly name: string;
  readonly value: Buffer;
}

export interface StoredRecord {
  readonly timestampMs: number;
  readonly producerId?: string;
  readonly sequence?: bigint;
  readonly key?: Buffer;
  readonly headers?: readonly LogRecordHeader[];
  readonly payload: Buffer;
}

export interface SegmentHeader {
  readonly startOffset: bigint;
  readonly createdMs: number;
  readonly logName: string;
  readonly producers: readonly ProducerRun[];
}

function corrupt(what: string): QuireError {
  return new QuireError('INTERNAL', `log entry is malformed: ${what}`);
}

export function encodeRecord(r: StoredRecord): Buffer {
  const parts: Buffer[] = [];
  let flags = 0;
  const head = Buffer.alloc(10);
  head[0] = RECORD_KIND_V1;
  head.writeBigInt64BE(BigInt(r.timestampMs), 2);
  parts.push(head);
  if (r.producerId !== undefined) {
    if (r.sequence === undefined || r.sequence < 0n || r.sequence > INT64_MAX) throw new QuireError('INVALID_ARGUMENT', 'a producer id needs a sequence in [0, 2^63-1]');
    const id = Buffer.from(r.producerId, 'utf8');
    if (id.length < 1 || id.length > MAX_PRODUCER_ID_BYTES) throw new QuireError('INVALID_ARGUMENT', `producer id must be 1..${MAX_PRODUCER_ID_BYTES} bytes`);
    const b = Buffer.alloc(2 + id.length + 8);
    b.writeUInt16BE(id.length, 0);
    id.copy(b, 2);
    b.writeBigInt64BE(r.sequence, 2 + id.length);
    parts.push(b);
    flags |= F_PRODUCER;
  }
  if (r.key !== undefined) {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(r.key.length, 0);
    parts.push(b, r.key);
    flags |= F_KEY;
  }
  if (r.headers !== undefined && r.headers.length > 0) {
    if (r.headers.length > MAX_HEADERS) throw new QuireError('INVALID_ARGUMENT', `at most ${MAX_HEADERS} headers per record`);
    const c = Buffer.alloc(2);
    c.writeUInt16BE(r.headers.length, 0);
    parts.push(c);
    for (const h of r.headers) {
      const n = Buffer.from(h.name, 'utf8');
      if (n.length < 1 || n.length > MAX_HEADER_NAME_BYTES) throw new QuireError('INVALID_ARGUMENT', `header names must be 1..${MAX_HEADER_NAME_BYTES} bytes`);
      const b = Buffer.alloc(2 + n.length + 4);
      b.writeUInt16BE(n.length, 0);
      n.copy(b, 2);
      b.writeUInt32BE(h.value.length, 2 + n.length);
      parts.push(b, h.value);
    }
    flags |= F_HEADERS;
  }
  head[1] = flags;
  parts.push(r.payload);
  return Buffer.concat(parts);
}

class Cursor {
  pos = 0;
  constructor(private readonly b: Buffer) {}
  need(n: number, what: string): void {
    if (this.pos + n > this.b.length) throw corrupt(`truncated in ${what}`);
  }
  u8(what: string): number {
    this.need(1, what);
    return this.b[this.pos++]!;
  }
  u16(what: string): number {
    this.need(2, what);
    const v = this.b.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  u32(what: string): number {
    this.need(4, what);
    const v = this.b.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  i64(what: string): bigint {
    this.need(8, what);
    const v = this.b.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }
  bytes(n: number, what: string): Buffer {
    this.need(n, what);
    const v = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  rest(): Buffer {
    return this.b.subarray(this.pos);
  }
}

export function decodeRecord(bytes: Buffer): StoredRecord {
  const c = new Cursor(bytes);
  const kind = c.u8('kind');
  if (kind !== RECORD_KIND_V1) throw corrupt(`kind 0x${kind.toString(16)} is not a record`);
  const flags = c.u8('flags');
  if ((flags & ~(F_PRODUCER | F_KEY | F_HEADERS)) !== 0) throw corrupt(`unknown flags 0x${flags.toString(16)}`);
  const timestampMs = Number(c.i64('timestamp'));
  let producerId: string | undefined;
  let sequence: bigint | undefined;
  let key: Buffer | undefined;
  let headers: LogRecordHeader[] | undefined;
  if (flags & F_PRODUCER) {
    const n = c.u16('producer id length');
    if (n < 1 || n > MAX_PRODUCER_ID_BYTES) throw corrupt(`producer id length ${n}`);
    producerId = c.bytes(n, 'producer id').toString('utf8');
    sequence = c.i64('sequence');
    if (sequence < 0n) throw corrupt('negative sequence');
  }
  if (flags & F_KEY) key = c.bytes(c.u32('key length'), 'key');
  if (flags & F_HEADERS) {
    const count = c.u16('header count');
    if (count < 1 || count > MAX_HEADERS) throw corrupt(`header count ${count}`);
    headers = [];
    for (let i = 0; i < count; i++) {
      const name = c.bytes(c.u16('header name length'), 'header name').toString('utf8');
      headers.push({ name, value: c.bytes(c.u32('header value length'), 'header value') });
    }
  }
  return { timestampMs, ...(producerId !== undefined ? { producerId, sequence: sequence! } : {}), ...(key ? { key } : {}), ...(headers ? { headers } : {}), payload: c.rest() };
}

/** Bytes a record adds on top of its payload (for size accounting and limits). */
export function recordOverhead(r: Omit<StoredRecord, 'payload' | 'timestampMs'>): number {
  let n = 10;
  if (r.producerId !== undefined) n += 2 + Buffer.byteLength(r.producerId) + 8;
  if (r.key !== undefined) n += 4 + r.key.length;
  if (r.headers !== undefined && r.headers.length > 0) {
    n += 2;
    for (const h of r.headers) n += 2 + Buffer.byteLength(h.name) + 4 + h.value.length;
  }
  return n;
}

export function encodeSegmentHeader(h: SegmentHeader): Buffer {
  const name = Buffer.from(h.logName, 'ascii');
  const ids = h.producers.map((p) => Buffer.from(p.producerId, 'utf8'));
  const size = 1 + 8 + 8 + 2 + name.length + 4 + ids.reduce((n, id) => n + 2 + id.length + 32, 0);
  const b = Buffer.alloc(size);
  let o = 0;
  b[o++] = HEADER_KIND_V1;
  o = b.writeBigInt64BE(h.startOffset, o);
  o = b.writeBigInt64BE(BigInt(h.createdMs), o);
  o = b.writeUInt16BE(name.length, o);
  o += name.copy(b, o);
  o = b.writeUInt32BE(h.producers.length, o);
  h.producers.forEach((p, i) => {
    const id = ids[i]!;
    o = b.writeUInt16BE(id.length, o);
    o += id.copy(b, o);
    o = b.writeBigInt64BE(p.firstSequence, o);
    o = b.writeBigInt64BE(p.lastSequence, o);
    o = b.writeBigInt64BE(p.firstOffset, o);
    o = b.writeBigInt64BE(BigInt(p.lastAppendMs), o);
  });
  return b;
}

export function decodeSegmentHeader(bytes: Buffer): SegmentHeader {
  const c = new Cursor(bytes);
  const kind = c.u8('kind');
  if (kind !== HEADER_KIND_V1) throw corrupt(`kind 0x${kind.toString(16)} is not a segment header`);
  const startOffset = c.i64('start offset');
  const createdMs = Number(c.i64('created'));
  const logName = c.bytes(c.u16('name length'), 'name').toString('ascii');
  const count = c.u32('producer count');
  const producers: ProducerRun[] = [];
  for (let i = 0; i < count; i++) {
    const producerId = c.bytes(c.u16('producer id length'), 'producer id').toString('utf8');
    producers.push({ producerId, firstSequence: c.i64('first sequence'), lastSequence: c.i64('last sequence'), firstOffset: c.i64('first offset'), lastAppendMs: Number(c.i64('last append')) });
  }
  if (c.rest().length !== 0) throw corrupt('trailing bytes after the segment header');
  return { startOffset, createdMs, logName, producers };
}
