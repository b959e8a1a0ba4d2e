// v3 `Request` codec (BookkeeperProtocol.proto): encodeRequest for clients, decodeRequest for the
// bookie. Field order and `required` checks as described in protocol/v3-codec.ts.
import { QuireError } from '../common/errors.js';
import type {
  AddRequest,
  ContextPair,
  GetBookieInfoRequest,
  PacketHeader,
  ReadRequest,
  Request,
  WriteLacRequest,
} from './messages.js';
import { ProtoReader, ProtoWriter, WireType, int32Length, int64Length, varintLength } from './protobuf-wire.js';
import { missing, readAuth, readHeader, readLedgerOnly, skipEmpty, writeAuth, writeHeader, writeLedgerOnly } from './v3-common-fields.js';

const { VARINT, LEN } = WireType;

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
