// Codec for the v2 binary bookie protocol (spec §3), framed as [u32 BE length][payload].
//
// Every payload starts with a header int: version (8 bits) | opcode (8 bits) | flags (16 bits).
//   ADD request      header, masterKey[20], entry (ledgerId and entryId are the entry's first 16 bytes)
//   ADD response     header, i32 rc, i64 ledgerId, i64 entryId
//   READ request     header, i64 ledgerId, i64 entryId, [masterKey[20] if DO_FENCING and version >= 2]
//   READ response    header, i32 rc, i64 ledgerId, i64 entryId, [entry bytes to the end if rc == EOK]
//   AUTH             header, protobuf AuthMessage to the end
//   BATCH_READ req   header, i64 ledgerId, i64 startEntryId, i64 requestId, i32 maxCount, i64 maxSize,
//                    [masterKey[20] if DO_FENCING]
//   BATCH_READ resp  header, i32 rc, i64 ledgerId, i64 startEntryId, i64 requestId,
//                    then (i32 len, bytes) repeated to the end
// Responses carry the request's version byte, the same opcode and flags 0.
import { QuireError } from '../common/errors.js';
import { MASTER_KEY_LENGTH, V2Flag, V2Opcode, type AuthMessage, type V2Request, type V2Response } from './messages.js';
import { ProtoReader, ProtoWriter, WireType } from './protobuf-wire.js';

/** Highest v2 header version a bookie accepts (clients send 2). */
export const V2_MAX_VERSION = 2;

export function packHeader(version: number, opcode: number, flags: number): number {
  return ((version & 0xff) << 24 | (opcode & 0xff) << 16 | (flags & 0xffff)) >>> 0;
}

export function unpackHeader(h: number): { version: number; opcode: number; flags: number } {
  return { version: (h >>> 24) & 0xff, opcode: (h >>> 16) & 0xff, flags: h & 0xffff };
}

function bad(message: string): QuireError {
  return new QuireError('BAD_REQUEST', `v2: ${message}`);
}

function need(payload: Buffer, n: number, what: string): void {
  if (payload.length < n) throw bad(`${what} needs ${n} bytes, frame has ${payload.length}`);
}

function encodeAuth(a: AuthMessage): Buffer {
  const w = new ProtoWriter(64);
  w.tag(1, WireType.LEN).string(a.authPluginName);
  w.tag(2, WireType.LEN).bytes(a.payload);
  return w.finish();
}

function decodeAuth(b: Buffer): AuthMessage {
  const r = new ProtoReader(b);
  let name: string | undefined;
  let payload: Buffer | undefined;
  while (!r.done) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | WireType.LEN)) name = r.string();
    else if (tag === ((2 << 3) | WireType.LEN)) payload = r.bytes();
    else r.skip(tag & 7);
  }
  if (name === undefined || payload === undefined) throw bad('AuthMessage misses a required field');
  return { authPluginName: name, payload };
}

// ---------- requests ----------

export function encodeV2Request(req: V2Request): Buffer {
  switch (req.kind) {
    case 'add': {
      if (req.masterKey.length !== MASTER_KEY_LENGTH) throw bad(`master key must be ${MASTER_KEY_LENGTH} bytes`);
      const n = 4 + MASTER_KEY_LENGTH + req.body.length;
      const out = Buffer.allocUnsafe(4 + n);
      out.writeUInt32BE(n, 0);
      out.writeUInt32BE(packHeader(req.version, V2Opcode.ADDENTRY, req.flags), 4);
      req.masterKey.copy(out, 8);
      req.body.copy(out, 8 + MASTER_KEY_LENGTH);
      return out;
    }
    case 'read': {
      const fence = (req.flags & V2Flag.DO_FENCING) !== 0 && req.version >= 2;
      const n = 20 + (fence ? MASTER_KEY_LENGTH : 0);
      const out = Buffer.alloc(4 + n);
      out.writeUInt32BE(n, 0);
      out.writeUInt32BE(packHeader(req.version, V2Opcode.READENTRY, req.flags), 4);
      out.writeBigInt64BE(req.ledgerId, 8);
      out.writeBigInt64BE(req.entryId, 16);
      if (fence) {
        if (req.masterKey?.length !== MASTER_KEY_LENGTH) throw bad('fencing read needs a 20-byte master key');
        req.masterKey.copy(out, 24);
      }
      return out;
    }
    case 'auth': {
      const body = encodeAuth(req.auth);
      const out = Buffer.allocUnsafe(8 + body.length);
      out.writeUInt32BE(4 + body.length, 0);
      out.writeUInt32BE(packHeader(req.version, V2Opcode.AUTH, 0), 4);
      body.copy(out, 8);
      return out;
    }
    case 'batch-read': {
      const fence = (req.flags & V2Flag.DO_FENCING) !== 0;
      const n = 40 + (fence ? MASTER_KEY_LENGTH : 0);
      const out = Buffer.alloc(4 + n);
      out.writeUInt32BE(n, 0);
      out.writeUInt32BE(packHeader(req.version, V2Opcode.BATCH_READ_ENTRY, req.flags), 4);
      out.writeBigInt64BE(req.ledgerId, 8);
      out.writeBigInt64BE(req.startEntryId, 16);
      out.writeBigInt64BE(req.requestId, 24);
      out.writeInt32BE(req.maxCount, 32);
      out.writeBigInt64BE(req.maxSize, 36);
      if (fence) {
        if (req.masterKey?.length !== MASTER_KEY_LENGTH) throw bad('fencing batch read needs a 20-byte master key');
        req.masterKey.copy(out, 44);
      }
      return out;
    }
  }
}

/**
 * Decodes a v2 request payload. Throws BAD_REQUEST for malformed frames and for opcodes that have
 * no v2 encoding (READ_LAC, WRITE_LAC, GET_BOOKIE_INFO, unknown): the Java bookie closes the
 * connection on those, and so does ours.
 */
export function decodeV2Request(payload: Buffer): V2Request {
  need(payload, 4, 'header');
  const { version, opcode, flags } = unpackHeader(payload.readUInt32BE(0));
  switch (opcode) {
    case V2Opcode.ADDENTRY: {
      need(payload, 4 + MASTER_KEY_LENGTH + 16, 'ADD request');
      const masterKey = payload.subarray(4, 4 + MASTER_KEY_LENGTH);
      const body = payload.subarray(4 + MASTER_KEY_LENGTH);
      return { kind: 'add', version, flags, masterKey, ledgerId: body.readBigInt64BE(0), entryId: body.readBigInt64BE(8), body };
    }
    case V2Opcode.READENTRY: {
      need(payload, 20, 'READ request');
      const ledgerId = payload.readBigInt64BE(4);
      const entryId = payload.readBigInt64BE(12);
      if ((flags & V2Flag.DO_FENCING) !== 0 && version >= 2) {
        need(payload, 40, 'fencing READ request');
        return { kind: 'read', version, flags, ledgerId, entryId, masterKey: payload.subarray(20, 40) };
      }
      return { kind: 'read', version, flags, ledgerId, entryId };
    }
    case V2Opcode.AUTH:
      return { kind: 'auth', version, auth: decodeAuth(payload.subarray(4)) };
    case V2Opcode.BATCH_READ_ENTRY: {
      need(payload, 40, 'BATCH_READ request');
      const base = {
        kind: 'batch-read' as const,
        version,
        flags,
        ledgerId: payload.readBigInt64BE(4),
        startEntryId: payload.readBigInt64BE(12),
        requestId: payload.readBigInt64BE(20),
        maxCount: payload.readInt32BE(28),
        maxSize: payload.readBigInt64BE(32),
      };
      if ((flags & V2Flag.DO_FENCING) !== 0) {
        need(payload, 60, 'fencing BATCH_READ request');
        return { ...base, masterKey: payload.subarray(40, 60) };
      }
      return base;
    }
    default:
      throw bad(`opcode ${opcode} has no v2 encoding`);
  }
}

// ---------- responses ----------

export function encodeV2Response(res: V2Response): Buffer {
  switch (res.kind) {
    case 'add': {
      const out = Buffer.allocUnsafe(28);
      out.writeUInt32BE(24, 0);
      out.writeUInt32BE(packHeader(res.version, V2Opcode.ADDENTRY, 0), 4);
      out.writeInt32BE(res.rc, 8);
      out.writeBigInt64BE(res.ledgerId, 12);
      out.writeBigInt64BE(res.entryId, 20);
      return out;
    }
    case 'read': {
      const bodyLen = res.rc === 0 && res.body ? res.body.length : 0;
      const out = Buffer.allocUnsafe(28 + bodyLen);
      out.writeUInt32BE(24 + bodyLen, 0);
      out.writeUInt32BE(packHeader(res.version, V2Opcode.READENTRY, 0), 4);
      out.writeInt32BE(res.rc, 8);
      out.writeBigInt64BE(res.ledgerId, 12);
      out.writeBigInt64BE(res.entryId, 20);
      if (bodyLen > 0) res.body!.copy(out, 28);
      return out;
    }
    case 'auth': {
      const body = encodeAuth(res.auth);
      const out = Buffer.allocUnsafe(8 + body.length);
      out.writeUInt32BE(4 + body.length, 0);
      out.writeUInt32BE(packHeader(res.version, V2Opcode.AUTH, 0), 4);
      body.copy(out, 8);
      return out;
    }
    case 'batch-read': {
      let n = 32;
      for (const b of res.bodies) n += 4 + b.length;
      const out = Buffer.allocUnsafe(4 + n);
      out.writeUInt32BE(n, 0);
      out.writeUInt32BE(packHeader(res.version, V2Opcode.BATCH_READ_ENTRY, 0), 4);
      out.writeInt32BE(res.rc, 8);
      out.writeBigInt64BE(res.ledgerId, 12);
      out.writeBigInt64BE(res.startEntryId, 20);
      out.writeBigInt64BE(res.requestId, 28);
      let off = 36;
      for (const b of res.bodies) {
        out.writeInt32BE(b.length, off);
        b.copy(out, off + 4);
        off += 4 + b.length;
      }
      return out;
    }
  }
}

export function decodeV2Response(payload: Buffer): V2Response {
  need(payload, 4, 'header');
  const { version, opcode } = unpackHeader(payload.readUInt32BE(0));
  switch (opcode) {
    case V2Opcode.ADDENTRY:
      need(payload, 24, 'ADD response');
      return { kind: 'add', version, rc: payload.readInt32BE(4), ledgerId: payload.readBigInt64BE(8), entryId: payload.readBigInt64BE(16) };
    case V2Opcode.READENTRY: {
      need(payload, 24, 'READ response');
      const rc = payload.readInt32BE(4);
      const res: V2Response = { kind: 'read', version, rc, ledgerId: payload.readBigInt64BE(8), entryId: payload.readBigInt64BE(16) };
      if (rc === 0) res.body = payload.subarray(24);
      return res;
    }
    case V2Opcode.AUTH:
      return { kind: 'auth', version, auth: decodeAuth(payload.subarray(4)) };
    case V2Opcode.BATCH_READ_ENTRY: {
      need(payload, 32, 'BATCH_READ response');
      const bodies: Buffer[] = [];
      let off = 32;
      while (off < payload.length) {
        need(payload, off + 4, 'BATCH_READ entry length');
        const len = payload.readInt32BE(off);
        if (len < 0) throw bad(`negative entry length ${len} in BATCH_READ response`);
        need(payload, off + 4 + len, 'BATCH_READ entry');
        bodies.push(payload.subarray(off + 4, off + 4 + len));
        off += 4 + len;
      }
      return {
        kind: 'batch-read',
        version,
        rc: payload.readInt32BE(4),
        ledgerId: payload.readBigInt64BE(8),
        startEntryId: payload.readBigInt64BE(16),
        requestId: payload.readBigInt64BE(24),
        bodies,
      };
    }
    default:
      throw bad(`response opcode ${opcode} has no v2 encoding`);
  }
}
