// Converts between the gRPC messages of proto/quire/v1/ledger.proto (as @grpc/proto-loader renders
// them: camelCase fields, 64-bit ids as decimal strings, enums as names, bytes as Buffer, unset
// fields absent) and the transport-free service's types (bigint ids, Buffers, plain names).
// Bad input becomes INVALID_ARGUMENT naming the field; ids only become bigint here, at the edge.
import { QuireError } from '../../common/errors.js';
import { INT64_MAX } from '../../common/ids.js';
import type {
  CreateLedgerRequest,
  DigestTypeName,
  DurabilityReceipt,
  Entry,
  EntryFormatName,
  LedgerInfo,
  LedgerStateName,
  SealResult,
} from '../ledger-service.js';

/** A 64-bit field as proto-loader gives it (longs: String); numbers/bigints accepted from local callers. */
export type Wire64 = string | number | bigint | undefined | null;

function parse64(v: Wire64, field: string, min: bigint, dflt?: bigint): bigint {
  if (v === undefined || v === null || v === '') {
    if (dflt !== undefined) return dflt;
    throw new QuireError('INVALID_ARGUMENT', `${field} is required`);
  }
  let n: bigint;
  if (typeof v === 'bigint') n = v;
  else if (typeof v === 'number' && Number.isSafeInteger(v)) n = BigInt(v);
  else if (typeof v === 'string' && /^-?[0-9]{1,20}$/.test(v)) n = BigInt(v);
  else throw new QuireError('INVALID_ARGUMENT', `${field} must be a 64-bit integer, got ${JSON.stringify(String(v))}`);
  if (n < min || n > INT64_MAX) throw new QuireError('INVALID_ARGUMENT', `${field} out of range [${min}, ${INT64_MAX}]: ${n}`);
  return n;
}

/** A ledger id (uint64 on the wire, but BookKeeper ids stop at 2^63-1). Unset = 0, as proto3 says. */
export function ledgerIdOf(v: Wire64, field = 'ledger_id'): bigint {
  return parse64(v, field, 0n, 0n);
}

/** An entry id that must name a real entry position (>= 0). Unset = 0. */
export function entryIdOf(v: Wire64, field: string): bigint {
  return parse64(v, field, 0n, 0n);
}

/** An optional non-negative 64-bit field: undefined when unset. */
export function optional64(v: Wire64, field: string): bigint | undefined {
  if (v === undefined || v === null) return undefined;
  return parse64(v, field, 0n);
}

/** A uint32 count where 0 means "server default" (undefined). */
export function count32(v: number | undefined | null): number | undefined {
  return v === undefined || v === null || v === 0 ? undefined : v;
}

export function id64(v: bigint): string {
  return v.toString();
}

const DIGEST_TO_WIRE: Record<DigestTypeName, string> = {
  CRC32: 'DIGEST_TYPE_CRC32',
  CRC32C: 'DIGEST_TYPE_CRC32C',
  HMAC: 'DIGEST_TYPE_HMAC',
  DUMMY: 'DIGEST_TYPE_DUMMY',
};
const STATE_TO_WIRE: Record<LedgerStateName, string> = {
  OPEN: 'LEDGER_STATE_OPEN',
  IN_RECOVERY: 'LEDGER_STATE_IN_RECOVERY',
  CLOSED: 'LEDGER_STATE_CLOSED',
};

export function digestTypeOf(v: string | number | undefined | null): DigestTypeName | undefined {
  if (v === undefined || v === null || v === 'DIGEST_TYPE_UNSPECIFIED' || v === 0) return undefined;
  for (const [name, wire] of Object.entries(DIGEST_TO_WIRE) as [DigestTypeName, string][]) if (wire === v) return name;
  // proto-loader (enums: String) renders an unknown number as the number itself.
  throw new QuireError('INVALID_ARGUMENT', `digest_type: unknown value ${String(v)}`);
}

export function digestTypeToWire(d: DigestTypeName): string {
  return DIGEST_TO_WIRE[d];
}

const FORMAT_TO_WIRE: Record<EntryFormatName, string> = { RAW: 'ENTRY_FORMAT_RAW', ENVELOPE: 'ENTRY_FORMAT_ENVELOPE' };

/** UNSPECIFIED (proto3's unset) means the default, RAW: undefined here, the service decides. */
export function entryFormatOf(v: string | number | undefined | null): EntryFormatName | undefined {
  if (v === undefined || v === null || v === 'ENTRY_FORMAT_UNSPECIFIED' || v === 0) return undefined;
  for (const [name, wire] of Object.entries(FORMAT_TO_WIRE) as [EntryFormatName, string][]) if (wire === v) return name;
  throw new QuireError('INVALID_ARGUMENT', `entry_format: unknown value ${String(v)}`);
}

export function entryFormatToWire(f: EntryFormatName): string {
  return FORMAT_TO_WIRE[f];
}

export function stateToWire(s: LedgerStateName): string {
  return STATE_TO_WIRE[s];
}

export interface WireCreateLedgerRequest {
  ensembleSize?: number;
  writeQuorumSize?: number;
  ackQuorumSize?: number;
  digestType?: string | number;
  password?: Buffer;
  customMetadata?: Record<string, string>;
  entryFormat?: string | number;
  requestId?: string;
}

export function createRequestOf(w: WireCreateLedgerRequest, password: Buffer | undefined): CreateLedgerRequest {
  const digestType = digestTypeOf(w.digestType);
  const entryFormat = entryFormatOf(w.entryFormat);
  const custom = w.customMetadata ?? {};
  return {
    ...(count32(w.ensembleSize) !== undefined ? { ensembleSize: w.ensembleSize } : {}),
    ...(count32(w.writeQuorumSize) !== undefined ? { writeQuorumSize: w.writeQuorumSize } : {}),
    ...(count32(w.ackQuorumSize) !== undefined ? { ackQuorumSize: w.ackQuorumSize } : {}),
    ...(digestType !== undefined ? { digestType } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(Object.keys(custom).length > 0 ? { customMetadata: custom } : {}),
    ...(entryFormat !== undefined ? { entryFormat } : {}),
    ...(w.requestId ? { requestId: w.requestId } : {}),
  };
}

export function ledgerInfoToWire(i: LedgerInfo): Record<string, unknown> {
  return {
    ledgerId: id64(i.ledgerId),
    state: stateToWire(i.state),
    ensembleSize: i.ensembleSize,
    writeQuorumSize: i.writeQuorumSize,
    ackQuorumSize: i.ackQuorumSize,
    digestType: digestTypeToWire(i.digestType),
    lastEntryId: id64(i.lastEntryId),
    length: id64(i.storedLength),
    entryFormat: entryFormatToWire(i.entryFormat),
    storedLength: id64(i.storedLength),
    ...(i.payloadLength !== undefined ? { payloadLength: id64(i.payloadLength) } : {}),
    segments: i.segments.map((s) => ({ firstEntryId: id64(s.firstEntryId), bookies: [...s.bookies] })),
    customMetadata: { ...i.customMetadata },
    ...(i.createdAtMs !== undefined ? { createdAtMs: String(i.createdAtMs) } : {}),
    ...(i.owner !== undefined ? { owner: i.owner } : {}),
  };
}

export function receiptToWire(r: DurabilityReceipt): Record<string, unknown> {
  return {
    ledgerId: id64(r.ledgerId),
    entryId: id64(r.entryId),
    lastAddConfirmed: id64(r.lastAddConfirmed),
    writeSet: [...r.writeSet],
    ackQuorumSize: r.ackQuorumSize,
    duplicate: r.duplicate,
    ackedBy: [...(r.ackedBy ?? [])],
  };
}

export function entryToWire(e: Entry): { entryId: string; data: Buffer } {
  return { entryId: id64(e.entryId), data: e.data };
}

export function sealToWire(s: SealResult): Record<string, unknown> {
  return {
    ledgerId: id64(s.ledgerId),
    lastEntryId: id64(s.lastEntryId),
    length: id64(s.storedLength),
    storedLength: id64(s.storedLength),
    ...(s.payloadLength !== undefined ? { payloadLength: id64(s.payloadLength) } : {}),
  };
}
