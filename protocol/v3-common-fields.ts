// Pieces shared by the v3 Request and Response codecs (protocol/v3-request-codec.ts,
// protocol/v3-response-codec.ts): the BKPacketHeader, AuthMessage, ledger-only sub-messages,
// and the BAD_REQUEST error for a missing `required` field.
import { QuireError } from '../common/errors.js';
import type { AuthMessage, LedgerRequest, PacketHeader } from './messages.js';
import { type ProtoReader, type ProtoWriter, WireType } from './protobuf-wire.js';

const { VARINT, LEN } = WireType;

export function missing(message: string, field: string): QuireError {
  return new QuireError('BAD_REQUEST', `protobuf: ${message}.${field} (required) is missing`);
}

export function writeHeader(w: ProtoWriter, h: PacketHeader): void {
  w.message(1, (m) => {
    m.tag(1, VARINT).int32(h.version);
    m.tag(2, VARINT).int32(h.operation);
    m.tag(3, VARINT).int64(h.txnId);
    if (h.priority !== undefined) m.tag(4, VARINT).uint32(h.priority);
  });
}

export function readHeader(r: ProtoReader): PacketHeader {
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

export function writeAuth(w: ProtoWriter, field: number, a: AuthMessage): void {
  w.message(field, (m) => {
    m.tag(1, LEN).string(a.authPluginName);
    m.tag(2, LEN).bytes(a.payload);
  });
}

export function readAuth(r: ProtoReader): AuthMessage {
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

export function writeLedgerOnly(w: ProtoWriter, field: number, ledgerId: bigint): void {
  w.message(field, (m) => m.tag(1, VARINT).int64(ledgerId));
}

export function readLedgerOnly(r: ProtoReader, name: string): LedgerRequest {
  let ledgerId: bigint | undefined;
  while (!r.done) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | VARINT)) ledgerId = r.int64();
    else r.skip(tag & 7);
  }
  if (ledgerId === undefined) throw missing(name, 'ledgerId');
  return { ledgerId };
}

export function skipEmpty(r: ProtoReader): Record<string, never> {
  while (!r.done) r.skip(r.uint32() & 7);
  return {};
}
