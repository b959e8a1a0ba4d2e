// Codec for the v3 bookie protocol: protobuf `Request` / `Response` of BookkeeperProtocol.proto
// (proto/bookkeeper/BookkeeperProtocol.proto, spec §2), framed as [u32 BE length][payload].
//
// Encoders write fields in field-number order, as protobuf-java does, so the bytes equal the
// Java client's (golden fixtures in protocol/fixtures/). Decoders check every `required` field:
// protobuf-java rejects messages missing one, and so do we (BAD_REQUEST). Bytes fields decode as
// views into the frame; a caller that keeps them past the frame's life copies them.
import { QuireError } from '../common/errors.js';
import type {
  AddRequest,
  AddResponse,
  AuthMessage,
  ContextPair,
  GetBookieInfoRequest,
  GetBookieInfoResponse,
  GetListOfEntriesOfLedgerResponse,
  LedgerRequest,
  LedgerStatusResponse,
  PacketHeader,
  ReadLacResponse,
  ReadRequest,
  ReadResponse,
  Request,
  Response,
  WriteLacRequest,
} from './messages.js';
import { ProtoReader, ProtoWriter, WireType, int32Length, int64Length, varintLength } from './protobuf-wire.js';

const { VARINT, LEN } = WireType;

function missing(message: string, field: string): QuireError {
  return new QuireError('BAD_REQUEST', `protobuf: ${message}.${field} (required) is missing`);
}

// ---------- shared pieces ----------

function writeHeader(w: ProtoWriter, h: PacketHeader): void {
  w.message(1, (m) => {
    m.tag(1, VARINT).int32(h.version);
    m.tag(2, VARINT).int32(h.operation);
    m.tag(3, VARINT).int64(h.txnId);
    if (h.priority !== undefined) m.tag(4, VARINT).uint32(h.priority);
  });
}

function readHeader(r: ProtoReader): PacketHeader {
  let version: number | undefined;
  let operation: number | undefined;
  let txnId: bigint | undefined;
  let priority: number | undefined;
  while (!r.done) {
    const tag = r.uint32();
    switch (tag) {
      case (1 << 3) | VARINT: version = r.int32(); break;
      case (2 << 3) | VARINT: operation = r.int32(); break;
      case (3 << 3) | VARINT: {
        const t = r.int64();
        txnId = t >= 0n ? t : BigInt.asUintN(64, t); // uint64 (asUintN only for the rare top-bit case)
        break;
      }
      case (4 << 3) | VARINT: priority = r.uint32(); break;
      default: r.skip(tag & 7);
    }
  }
  if (version === undefined) throw missing('BKPacketHeader', 'version');
  if (operation === undefined) throw missing('BKPacketHeader', 'operation');
  if (txnId === undefined) throw missing('BKPacketHeader', 'txnId');
  const h: PacketHeader = { version, operation, txnId };
  if (priority !== undefined) h.priority = priority;
  return h;
}

function writeAuth(w: ProtoWriter, field: number, a: AuthMessage): void {
  w.message(field, (m) => {
    m.tag(1, LEN).string(a.authPluginName);
    m.tag(2, LEN).bytes(a.payload);
  });
}

function readAuth(r: ProtoReader): AuthMessage {
  let name: string | undefined;
  let payload: Buffer | undefined;
  while (!r.done) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | LEN)) name = r.string();
    else if (tag === ((2 << 3) | LEN)) payload = r.bytes();
    else r.skip(tag & 7);
  }
  if (name === undefined) throw missing('AuthMessage', 'authPluginName');
  if (payload === undefined) throw missing('AuthMessage', 'payload');
  return { authPluginName: name, payload };
}

function writeLedgerOnly(w: ProtoWriter, field: number, ledgerId: bigint): void {
  w.message(field, (m) => m.tag(1, VARINT).int64(ledgerId));
}

function readLedgerOnly(r: ProtoReader, name: string): LedgerRequest {
  let ledgerId: bigint | undefined;
  while (!r.done) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | VARINT)) ledgerId = r.int64();
    else r.skip(tag & 7);
  }
  if (ledgerId === undefined) throw missing(name, 'ledgerId');
  return { ledgerId };
}

// ---------- Request ----------

export function encodeRequest(req: Request): Buffer {
  const bodyLen = req.addRequest?.body.length ?? 0;
  const w = new ProtoWriter(128 + bodyLen, 4);
  writeHeader(w, req.header);
  if (req.readRequest) {
    const rr = req.readRequest;
    w.message(100, (m) => {
      m.tag(1, VARINT).int64(rr.ledgerId);
      m.tag(2, VARINT).int64(rr.entryId);
      if (rr.masterKey !== undefined) m.tag(3, LEN).bytes(rr.masterKey);
      if (rr.previousLAC !== undefined) m.tag(4, VARINT).int64(rr.previousLAC);
      if (rr.timeOut !== undefined) m.tag(5, VARINT).int64(rr.timeOut);
      if (rr.flag !== undefined) m.tag(100, VARINT).int32(rr.flag);
    });
  }
  if (req.addRequest) {
    const ar = req.addRequest;
    // Written inline with a computed length (not via message()) so the entry body is copied once,
    // straight into the frame, and nothing else is allocated.
    let len = 1 + int64Length(ar.ledgerId) + 1 + int64Length(ar.entryId);
    len += 1 + varintLength(ar.masterKey.length) + ar.masterKey.length;
    len += 1 + varintLength(ar.body.length) + ar.body.length;
    if (ar.writeFlags !== undefined) len += 1 + int32Length(ar.writeFlags);
    if (ar.flag !== undefined) len += 2 + int32Length(ar.flag);
    w.tag(101, LEN).uint32(len);
    w.tag(1, VARINT).int64(ar.ledgerId);
    w.tag(2, VARINT).int64(ar.entryId);
    w.tag(3, LEN).bytes(ar.masterKey);
    w.tag(4, LEN).bytes(ar.body);
    if (ar.writeFlags !== undefined) w.tag(5, VARINT).int32(ar.writeFlags);
    if (ar.flag !== undefined) w.tag(100, VARINT).int32(ar.flag);
  }
  if (req.authRequest) writeAuth(w, 102, req.authRequest);
  if (req.writeLacRequest) {
    const wl = req.writeLacRequest;
    w.message(103, (m) => {
      m.tag(1, VARINT).int64(wl.ledgerId);
      m.tag(2, VARINT).int64(wl.lac);
      m.tag(3, LEN).bytes(wl.masterKey);
      m.tag(4, LEN).bytes(wl.body);
    });
  }
  if (req.readLacRequest) writeLedgerOnly(w, 104, req.readLacRequest.ledgerId);
  if (req.getBookieInfoRequest) {
    const gb = req.getBookieInfoRequest;
    w.message(105, (m) => {
      if (gb.requested !== undefined) m.tag(1, VARINT).int64(gb.requested);
    });
  }
  if (req.startTLSRequest) w.message(106, () => undefined);
  if (req.forceLedgerRequest) writeLedgerOnly(w, 107, req.forceLedgerRequest.ledgerId);
  if (req.getListOfEntriesOfLedgerRequest) writeLedgerOnly(w, 108, req.getListOfEntriesOfLedgerRequest.ledgerId);
  for (const c of req.requestContext ?? []) {
    w.message(200, (m) => {
      m.tag(1, LEN).string(c.key);
      m.tag(2, LEN).string(c.value);
    });
  }
  return w.finishFrame();
}

function readReadRequest(r: ProtoReader): ReadRequest {
  let ledgerId: bigint | undefined;
  let entryId: bigint | undefined;
  const out: Partial<ReadRequest> = {};
  while (!r.done) {
    const tag = r.uint32();
    switch (tag) {
      case (1 << 3) | VARINT: ledgerId = r.int64(); break;
      case (2 << 3) | VARINT: entryId = r.int64(); break;
      case (3 << 3) | LEN: out.masterKey = r.bytes(); break;
      case (4 << 3) | VARINT: out.previousLAC = r.int64(); break;
      case (5 << 3) | VARINT: out.timeOut = r.int64(); break;
      case (100 << 3) | VARINT: out.flag = r.int32(); break;
      default: r.skip(tag & 7);
    }
  }
  if (ledgerId === undefined) throw missing('ReadRequest', 'ledgerId');
  if (entryId === undefined) throw missing('ReadRequest', 'entryId');
  return { ...out, ledgerId, entryId };
}

function readAddRequest(r: ProtoReader): AddRequest {
  let ledgerId: bigint | undefined;
  let entryId: bigint | undefined;
  let masterKey: Buffer | undefined;
  let body: Buffer | undefined;
  let flag: number | undefined;
  let writeFlags: number | undefined;
  while (!r.done) {
    const tag = r.uint32();
    switch (tag) {
      case (1 << 3) | VARINT: ledgerId = r.int64(); break;
      case (2 << 3) | VARINT: entryId = r.int64(); break;
      case (3 << 3) | LEN: masterKey = r.bytes(); break;
      case (4 << 3) | LEN: body = r.bytes(); break;
      case (5 << 3) | VARINT: writeFlags = r.int32(); break;
      case (100 << 3) | VARINT: flag = r.int32(); break;
      default: r.skip(tag & 7);
    }
  }
  if (ledgerId === undefined) throw missing('AddRequest', 'ledgerId');
  if (entryId === undefined) throw missing('AddRequest', 'entryId');
  if (masterKey === undefined) throw missing('AddRequest', 'masterKey');
  if (body === undefined) throw missing('AddRequest', 'body');
  const out: AddRequest = { ledgerId, entryId, masterKey, body };
  if (flag !== undefined) out.flag = flag;
  if (writeFlags !== undefined) out.writeFlags = writeFlags;
  return out;
}

function readWriteLacRequest(r: ProtoReader): WriteLacRequest {
  let ledgerId: bigint | undefined;
  let lac: bigint | undefined;
  let masterKey: Buffer | undefined;
  let body: Buffer | undefined;
  while (!r.done) {
    const tag = r.uint32();
    switch (tag) {
      case (1 << 3) | VARINT: ledgerId = r.int64(); break;
      case (2 << 3) | VARINT: lac = r.int64(); break;
      case (3 << 3) | LEN: masterKey = r.bytes(); break;
      case (4 << 3) | LEN: body = r.bytes(); break;
      default: r.skip(tag & 7);
    }
  }
  if (ledgerId === undefined) throw missing('WriteLacRequest', 'ledgerId');
  if (lac === undefined) throw missing('WriteLacRequest', 'lac');
  if (masterKey === undefined) throw missing('WriteLacRequest', 'masterKey');
  if (body === undefined) throw missing('WriteLacRequest', 'body');
  return { ledgerId, lac, masterKey, body };
}

function readGetBookieInfoRequest(r: ProtoReader): GetBookieInfoRequest {
  const out: GetBookieInfoRequest = {};
  while (!r.done) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | VARINT)) out.requested = r.int64();
    else r.skip(tag & 7);
  }
  return out;
}

function readContextPair(r: ProtoReader): ContextPair {
  let key: string | undefined;
  let value: string | undefined;
  while (!r.done) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | LEN)) key = r.string();
    else if (tag === ((2 << 3) | LEN)) value = r.string();
    else r.skip(tag & 7);
  }
  if (key === undefined) throw missing('ContextPair', 'key');
  if (value === undefined) throw missing('ContextPair', 'value');
  return { key, value };
}

function skipEmpty(r: ProtoReader): Record<string, never> {
  while (!r.done) r.skip(r.uint32() & 7);
  return {};
}

/** Decodes a v3 Request payload (the frame without its length prefix). */
export function decodeRequest(payload: Buffer): Request {
  const r = new ProtoReader(payload);
  let header: PacketHeader | undefined;
  // Filled in place and returned as is (no object spread: this runs for every request).
  const out = {} as Request;
  while (!r.done) {
    const tag = r.uint32();
    if ((tag & 7) !== LEN) {
      if (tag >>> 3 === 0) throw new QuireError('BAD_REQUEST', 'protobuf: field number 0');
      r.skip(tag & 7);
      continue;
    }
    switch (tag >>> 3) {
      case 1: header = readHeader(r.sub()); break;
      case 100: out.readRequest = readReadRequest(r.sub()); break;
      case 101: out.addRequest = readAddRequest(r.sub()); break;
      case 102: out.authRequest = readAuth(r.sub()); break;
      case 103: out.writeLacRequest = readWriteLacRequest(r.sub()); break;
      case 104: out.readLacRequest = readLedgerOnly(r.sub(), 'ReadLacRequest'); break;
      case 105: out.getBookieInfoRequest = readGetBookieInfoRequest(r.sub()); break;
      case 106: out.startTLSRequest = skipEmpty(r.sub()); break;
      case 107: out.forceLedgerRequest = readLedgerOnly(r.sub(), 'ForceLedgerRequest'); break;
      case 108: out.getListOfEntriesOfLedgerRequest = readLedgerOnly(r.sub(), 'GetListOfEntriesOfLedgerRequest'); break;
      case 200: (out.requestContext ??= []).push(readContextPair(r.sub())); break;
      default: r.skip(LEN);
    }
  }
  if (header === undefined) throw missing('Request', 'header');
  out.header = header;
  return out;
}

// ---------- Response ----------

export function encodeResponse(res: Response): Buffer {
  const bodyLen = res.readResponse?.body?.length ?? 0;
  const w = new ProtoWriter(96 + bodyLen, 4);
  writeHeader(w, res.header);
  w.tag(2, VARINT).int32(res.status);
  if (res.readResponse) {
    const rr = res.readResponse;
    w.message(100, (m) => {
      m.tag(1, VARINT).int32(rr.status);
      m.tag(2, VARINT).int64(rr.ledgerId);
      m.tag(3, VARINT).int64(rr.entryId);
      if (rr.body !== undefined) m.tag(4, LEN).bytes(rr.body);
      if (rr.maxLAC !== undefined) m.tag(5, VARINT).int64(rr.maxLAC);
      if (rr.lacUpdateTimestamp !== undefined) m.tag(6, VARINT).int64(rr.lacUpdateTimestamp);
    });
  }
  if (res.addResponse) {
    const ar = res.addResponse;
    w.message(101, (m) => {
      m.tag(1, VARINT).int32(ar.status);
      m.tag(2, VARINT).int64(ar.ledgerId);
      m.tag(3, VARINT).int64(ar.entryId);
    });
  }
  if (res.authResponse) writeAuth(w, 102, res.authResponse);
  if (res.writeLacResponse) writeLedgerStatus(w, 103, res.writeLacResponse);
  if (res.readLacResponse) {
    const rl = res.readLacResponse;
    w.message(104, (m) => {
      m.tag(1, VARINT).int32(rl.status);
      m.tag(2, VARINT).int64(rl.ledgerId);
      if (rl.lacBody !== undefined) m.tag(3, LEN).bytes(rl.lacBody);
      if (rl.lastEntryBody !== undefined) m.tag(4, LEN).bytes(rl.lastEntryBody);
    });
  }
  if (res.getBookieInfoResponse) {
    const gb = res.getBookieInfoResponse;
    w.message(105, (m) => {
      m.tag(1, VARINT).int32(gb.status);
      if (gb.totalDiskCapacity !== undefined) m.tag(2, VARINT).int64(gb.totalDiskCapacity);
      if (gb.freeDiskSpace !== undefined) m.tag(3, VARINT).int64(gb.freeDiskSpace);
    });
  }
  if (res.startTLSResponse) w.message(106, () => undefined);
  if (res.forceLedgerResponse) writeLedgerStatus(w, 107, res.forceLedgerResponse);
  if (res.getListOfEntriesOfLedgerResponse) {
    const gl = res.getListOfEntriesOfLedgerResponse;
    w.message(108, (m) => {
      m.tag(1, VARINT).int32(gl.status);
      m.tag(2, VARINT).int64(gl.ledgerId);
      if (gl.availabilityOfEntriesOfLedger !== undefined) m.tag(3, LEN).bytes(gl.availabilityOfEntriesOfLedger);
    });
  }
  return w.finishFrame();
}

function writeLedgerStatus(w: ProtoWriter, field: number, s: LedgerStatusResponse): void {
  w.message(field, (m) => {
    m.tag(1, VARINT).int32(s.status);
    m.tag(2, VARINT).int64(s.ledgerId);
  });
}

/** Reads the fields common to status sub-responses: 1 status, 2 ledgerId; others go to `extra`. */
function readStatusMessage(
  r: ProtoReader,
  name: string,
  needLedger: boolean,
  extra: (tag: number, r: ProtoReader) => boolean,
): { status: number; ledgerId: bigint } {
  let status: number | undefined;
  let ledgerId: bigint | undefined;
  while (!r.done) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | VARINT)) status = r.int32();
    else if (needLedger && tag === ((2 << 3) | VARINT)) ledgerId = r.int64();
    else if (!extra(tag, r)) r.skip(tag & 7);
  }
  if (status === undefined) throw missing(name, 'status');
  if (needLedger && ledgerId === undefined) throw missing(name, 'ledgerId');
  return { status, ledgerId: ledgerId ?? 0n };
}

function readReadResponse(r: ProtoReader): ReadResponse {
  let entryId: bigint | undefined;
  const extra: Partial<ReadResponse> = {};
  const base = readStatusMessage(r, 'ReadResponse', true, (tag, rr) => {
    switch (tag) {
      case (3 << 3) | VARINT: entryId = rr.int64(); return true;
      case (4 << 3) | LEN: extra.body = rr.bytes(); return true;
      case (5 << 3) | VARINT: extra.maxLAC = rr.int64(); return true;
      case (6 << 3) | VARINT: extra.lacUpdateTimestamp = rr.int64(); return true;
      default: return false;
    }
  });
  if (entryId === undefined) throw missing('ReadResponse', 'entryId');
  return { ...extra, ...base, entryId };
}

// Written out (not via readStatusMessage): every add reply goes through here.
function readAddResponse(r: ProtoReader): AddResponse {
  let status: number | undefined;
  let ledgerId: bigint | undefined;
  let entryId: bigint | undefined;
  while (!r.done) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | VARINT)) status = r.int32();
    else if (tag === ((2 << 3) | VARINT)) ledgerId = r.int64();
    else if (tag === ((3 << 3) | VARINT)) entryId = r.int64();
    else r.skip(tag & 7);
  }
  if (status === undefined) throw missing('AddResponse', 'status');
  if (ledgerId === undefined) throw missing('AddResponse', 'ledgerId');
  if (entryId === undefined) throw missing('AddResponse', 'entryId');
  return { status, ledgerId, entryId };
}

function readReadLacResponse(r: ProtoReader): ReadLacResponse {
  const extra: Partial<ReadLacResponse> = {};
  const base = readStatusMessage(r, 'ReadLacResponse', true, (tag, rr) => {
    if (tag === ((3 << 3) | LEN)) extra.lacBody = rr.bytes();
    else if (tag === ((4 << 3) | LEN)) extra.lastEntryBody = rr.bytes();
    else return false;
    return true;
  });
  return { ...extra, ...base };
}

function readGetBookieInfoResponse(r: ProtoReader): GetBookieInfoResponse {
  const extra: Partial<GetBookieInfoResponse> = {};
  const { status } = readStatusMessage(r, 'GetBookieInfoResponse', false, (tag, rr) => {
    if (tag === ((2 << 3) | VARINT)) extra.totalDiskCapacity = rr.int64();
    else if (tag === ((3 << 3) | VARINT)) extra.freeDiskSpace = rr.int64();
    else return false;
    return true;
  });
  return { ...extra, status };
}

function readListOfEntriesResponse(r: ProtoReader): GetListOfEntriesOfLedgerResponse {
  const extra: Partial<GetListOfEntriesOfLedgerResponse> = {};
  const base = readStatusMessage(r, 'GetListOfEntriesOfLedgerResponse', true, (tag, rr) => {
    if (tag !== ((3 << 3) | LEN)) return false;
    extra.availabilityOfEntriesOfLedger = rr.bytes();
    return true;
  });
  return { ...extra, ...base };
}

/** Decodes a v3 Response payload (the frame without its length prefix). */
export function decodeResponse(payload: Buffer): Response {
  const r = new ProtoReader(payload);
  let header: PacketHeader | undefined;
  let status: number | undefined;
  // Filled in place and returned as is (no object spread: this runs for every reply).
  const out = {} as Response;
  while (!r.done) {
    const tag = r.uint32();
    if (tag === ((2 << 3) | VARINT)) {
      status = r.int32();
      continue;
    }
    if ((tag & 7) !== LEN) {
      if (tag >>> 3 === 0) throw new QuireError('BAD_REQUEST', 'protobuf: field number 0');
      r.skip(tag & 7);
      continue;
    }
    switch (tag >>> 3) {
      case 1: header = readHeader(r.sub()); break;
      case 100: out.readResponse = readReadResponse(r.sub()); break;
      case 101: out.addResponse = readAddResponse(r.sub()); break;
      case 102: out.authResponse = readAuth(r.sub()); break;
      case 103: out.writeLacResponse = readStatusMessage(r.sub(), 'WriteLacResponse', true, () => false); break;
      case 104: out.readLacResponse = readReadLacResponse(r.sub()); break;
      case 105: out.getBookieInfoResponse = readGetBookieInfoResponse(r.sub()); break;
      case 106: out.startTLSResponse = skipEmpty(r.sub()); break;
      case 107: out.forceLedgerResponse = readStatusMessage(r.sub(), 'ForceLedgerResponse', true, () => false); break;
      case 108: out.getListOfEntriesOfLedgerResponse = readListOfEntriesResponse(r.sub()); break;
      default: r.skip(LEN);
    }
  }
  if (header === undefined) throw missing('Response', 'header');
  if (status === undefined) throw missing('Response', 'status');
  out.header = header;
  out.status = status;
  return out;
}
