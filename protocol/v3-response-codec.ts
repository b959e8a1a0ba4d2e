// v3 `Response` codec (BookkeeperProtocol.proto): encodeResponse for the bookie, decodeResponse for
// clients. Field order and `required` checks as described in protocol/v3-codec.ts.
import { QuireError } from '../common/errors.js';
import type {
  AddResponse,
  GetBookieInfoResponse,
  GetListOfEntriesOfLedgerResponse,
  LedgerStatusResponse,
  PacketHeader,
  ReadLacResponse,
  ReadResponse,
  Response,
} from './messages.js';
import { ProtoReader, ProtoWriter, WireType } from './protobuf-wire.js';
import { missing, readAuth, readHeader, skipEmpty, writeAuth, writeHeader } from './v3-common-fields.js';

const { VARINT, LEN } = WireType;

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
