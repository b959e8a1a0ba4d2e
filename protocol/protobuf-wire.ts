// Minimal protobuf wire-format reader and writer for the bookie protocol's hot path.
// Why hand-written: every add and read goes through these; int64 fields decode straight to bigint
// (protobufjs would go through Long objects) and there is no reflection. The message codecs are
// checked field by field against protobufjs loading proto/bookkeeper/*.proto (v3-codec.test.ts).
//
// Wire types: 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32. Groups (3, 4) are refused.
import { QuireError } from '../common/errors.js';

export const WireType = { VARINT: 0, FIXED64: 1, LEN: 2, FIXED32: 5 } as const;

function truncated(what: string): QuireError {
  return new QuireError('BAD_REQUEST', `protobuf: truncated ${what}`);
}

export class ProtoReader {
  pos: number;
  readonly end: number;
  constructor(readonly buf: Buffer, start = 0, end = buf.length) {
    this.pos = start;
    this.end = end;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** Reads a varint of at most 32 significant bits as an unsigned number (tags, lengths). */
  uint32(): number {
    const buf = this.buf;
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw truncated('varint');
      const b = buf[this.pos++]!;
      if (shift < 32) result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result > 0xffffffff ? result % 2 ** 32 : result;
      shift += 7;
    }
    throw new QuireError('BAD_REQUEST', 'protobuf: varint longer than 10 bytes');
  }

  /** int32 / enum: a varint whose low 32 bits are a signed integer (negatives take 10 bytes). */
  int32(): number {
    return this.uint32() | 0;
  }

  /** int64 / uint64 as a signed 64-bit bigint. Numbers below 2^49 take a bigint-free fast path. */
  int64(): bigint {
    const buf = this.buf;
    let low = 0;
    let shift = 0;
    for (let i = 0; i < 7; i++) {
      if (this.pos >= this.end) throw truncated('varint');
      const b = buf[this.pos++]!;
      low += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return BigInt(low);
      shift += 7;
    }
    let big = BigInt(low);
    for (let i = 7; i < 10; i++) {
      if (this.pos >= this.end) throw truncated('varint');
      const b = buf[this.pos++]!;
      big |= BigInt(b & 0x7f) << BigInt(shift);
      if (b < 0x80) return BigInt.asIntN(64, big);
      shift += 7;
    }
    throw new QuireError('BAD_REQUEST', 'protobuf: varint longer than 10 bytes');
  }

  bool(): boolean {
    return this.uint32() !== 0;
  }

  /** Length-delimited bytes as a view into the input (callers copy what they keep). */
  bytes(): Buffer {
    const len = this.uint32();
    if (len > this.end - this.pos) throw truncated('length-delimited field');
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  string(): string {
    const b = this.bytes();
    return b.toString('utf8');
  }

  /** A nested message: returns a reader bounded to it. */
  sub(): ProtoReader {
    const len = this.uint32();
    if (len > this.end - this.pos) throw truncated('nested message');
    const r = new ProtoReader(this.buf, this.pos, this.pos + len);
    this.pos += len;
    return r;
  }

  skip(wireType: number): void {
    switch (wireType) {
      case WireType.VARINT:
        this.int64();
        return;
      case WireType.FIXED64:
        if (this.end - this.pos < 8) throw truncated('fixed64');
        this.pos += 8;
        return;
      case WireType.LEN: {
        this.bytes();
        return;
      }
      case WireType.FIXED32:
        if (this.end - this.pos < 4) throw truncated('fixed32');
        this.pos += 4;
        return;
      default:
        throw new QuireError('BAD_REQUEST', `protobuf: unsupported wire type ${wireType}`);
    }
  }
}

/** Bytes taken by `v` (a non-negative integer below 2^32) as a varint. */
export function varintLength(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 0x80);
    n++;
  }
  return n;
}

/** Bytes taken by an int64 field's varint (negatives take 10). */
export function int64Length(v: bigint): number {
  if (v >= 0n && v <= 0xffffffffn) return varintLength(Number(v));
  if (v < 0n) return 10;
  let n = 5;
  for (let u = v >> 35n; u > 0n; u >>= 7n) n++;
  return n;
}

/** Bytes taken by an int32 / enum field's varint (negatives take 10). */
export function int32Length(v: number): number {
  return v < 0 ? 10 : varintLength(v);
}

/** Writes into a growing buffer; `finish` returns the bytes (optionally after a reserved prefix). */
export class ProtoWriter {
  private buf: Buffer;
  pos: number;

  constructor(initialSize = 256, reserve = 0) {
    this.buf = Buffer.allocUnsafe(Math.max(initialSize, reserve + 16));
    this.pos = reserve;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  tag(field: number, wireType: number): this {
    return this.uint32((field << 3) | wireType);
  }

  uint32(v: number): this {
    this.ensure(5);
    const buf = this.buf;
    v >>>= 0;
    while (v >= 0x80) {
      buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[this.pos++] = v;
    return this;
  }

  /** int32 / enum: negatives are sign-extended to 10 bytes, as protobuf requires. */
  int32(v: number): this {
    if (v >= 0) return this.uint32(v);
    return this.int64(BigInt(v));
  }

  int64(v: bigint): this {
    this.ensure(10);
    const buf = this.buf;
    if (v >= 0n && v < 0x20000000000000n) {
      let n = Number(v);
      while (n >= 0x80) {
        buf[this.pos++] = (n % 0x80) | 0x80;
        n = Math.floor(n / 0x80);
      }
      buf[this.pos++] = n;
      return this;
    }
    let u = BigInt.asUintN(64, v);
    while (u >= 0x80n) {
      buf[this.pos++] = Number(u & 0x7fn) | 0x80;
      u >>= 7n;
    }
    buf[this.pos++] = Number(u);
    return this;
  }

  bool(v: boolean): this {
    return this.uint32(v ? 1 : 0);
  }

  bytes(v: Uint8Array): this {
    this.uint32(v.length);
    this.ensure(v.length);
    this.buf.set(v, this.pos);
    this.pos += v.length;
    return this;
  }

  string(v: string): this {
    return this.bytes(Buffer.from(v, 'utf8'));
  }

  /** Appends bytes with no tag or length (already-encoded fields). */
  raw(v: Uint8Array): this {
    this.ensure(v.length);
    this.buf.set(v, this.pos);
    this.pos += v.length;
    return this;
  }

  /**
   * Writes a nested message built by `build` with its length prefix. The message is built in
   * place after a one-byte length slot (every message on the add path is under 128 bytes); a
   * longer one is shifted right to make room for its longer varint. No inner buffer, no copy.
   */
  message(field: number, build: (w: ProtoWriter) => void): this {
    this.tag(field, WireType.LEN);
    this.ensure(1);
    const lenPos = this.pos++;
    build(this);
    const len = this.pos - lenPos - 1;
    if (len < 0x80) {
      this.buf[lenPos] = len;
      return this;
    }
    const extra = varintLength(len) - 1;
    this.ensure(extra);
    this.buf.copyWithin(lenPos + 1 + extra, lenPos + 1, this.pos);
    const end = this.pos + extra;
    this.pos = lenPos;
    this.uint32(len);
    this.pos = end;
    return this;
  }

  finish(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  /** Returns the bytes with a 4-byte big-endian length prefix written into the reserved space. */
  finishFrame(): Buffer {
    this.buf.writeUInt32BE(this.pos - 4, 0);
    return this.buf.subarray(0, this.pos);
  }
}
