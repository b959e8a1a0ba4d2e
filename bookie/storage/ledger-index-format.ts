// Codec for the ledger index (one LevelDB database): keys and values, all big-endian.
//
// Entry location:   key   0x45 'E' | ledgerId i64 | entryId i64            (17 bytes; ids sort
//                                                                           numerically for ids >= 0)
//                   value logId u32 | offset u64 | length u32               (16 bytes) where the
//                         entry-log record starts and how many entry bytes it holds
// Ledger info:      key   0x4c 'L' | ledgerId i64                            (9 bytes)
//                   value offset size field
//                         0      1    version (1)
//                         1      1    flags: bit0 exists, bit1 fenced
//                         2      2    K = master key length
//                         4      K    master key
//                         4+K    8    last known LAC (i64, -1 none) at checkpoint time
//                         12+K   8    last entry id stored (i64, -1 none) at checkpoint time
//                         20+K   4    E = explicit-LAC blob length, 0xFFFFFFFF = no blob
//                         24+K   E    explicit-LAC blob (the raw WRITE_LAC body)
// The 1-byte prefixes keep the two kinds apart so range scans over one ledger's entries never
// meet a ledger-info key.
import { QuireError } from '../../common/errors.js';

export const ENTRY_KEY_PREFIX = 0x45;
export const LEDGER_KEY_PREFIX = 0x4c;
const INFO_VERSION = 1;
const NO_BLOB = 0xffffffff;

export interface EntryLocation {
  readonly logId: number;
  readonly offset: number;
  readonly length: number;
}

export interface LedgerInfo {
  readonly fenced: boolean;
  readonly masterKey: Buffer;
  readonly lastKnownLac: bigint;
  readonly lastEntryId: bigint;
  readonly explicitLac: Buffer | undefined;
}

export function entryKey(ledgerId: bigint, entryId: bigint): Buffer {
  const k = Buffer.allocUnsafe(17);
  k[0] = ENTRY_KEY_PREFIX;
  k.writeBigInt64BE(ledgerId, 1);
  k.writeBigInt64BE(entryId, 9);
  return k;
}

/** entryKey(ledgerId, entryId) for an entry whose header starts with those ids (bytes copied). */
export function entryKeyFromEntryHeader(entry: Buffer): Buffer {
  const k = Buffer.allocUnsafe(17);
  k[0] = ENTRY_KEY_PREFIX;
  for (let i = 0; i < 16; i++) k[1 + i] = entry[i]!;
  return k;
}

export function entryKeyEntryId(k: Buffer): bigint {
  return k.readBigInt64BE(9);
}

/** Bounds covering every entry key of a ledger (entry ids are >= 0). */
export function entryKeyRange(ledgerId: bigint): { gte: Buffer; lte: Buffer } {
  return { gte: entryKey(ledgerId, 0n), lte: entryKey(ledgerId, (1n << 63n) - 1n) };
}

export function encodeLocation(loc: EntryLocation): Buffer {
  const v = Buffer.allocUnsafe(16);
  v.writeUInt32BE(loc.logId, 0);
  v.writeUInt32BE(Math.floor(loc.offset / 0x100000000), 4);
  v.writeUInt32BE(loc.offset >>> 0, 8);
  v.writeUInt32BE(loc.length, 12);
  return v;
}

export function decodeLocation(v: Buffer): EntryLocation {
  if (v.length !== 16) throw new QuireError('IO_ERROR', `index: entry location has ${v.length} bytes, expected 16`);
  return { logId: v.readUInt32BE(0), offset: v.readUInt32BE(4) * 0x100000000 + v.readUInt32BE(8), length: v.readUInt32BE(12) };
}

export function ledgerKey(ledgerId: bigint): Buffer {
  const k = Buffer.allocUnsafe(9);
  k[0] = LEDGER_KEY_PREFIX;
  k.writeBigInt64BE(ledgerId, 1);
  return k;
}

export function ledgerKeyId(k: Buffer): bigint {
  return k.readBigInt64BE(1);
}

export function encodeLedgerInfo(info: LedgerInfo): Buffer {
  const K = info.masterKey.length;
  const E = info.explicitLac?.length ?? 0;
  const v = Buffer.alloc(24 + K + E);
  v[0] = INFO_VERSION;
  v[1] = 1 | (info.fenced ? 2 : 0);
  v.writeUInt16BE(K, 2);
  info.masterKey.copy(v, 4);
  v.writeBigInt64BE(info.lastKnownLac, 4 + K);
  v.writeBigInt64BE(info.lastEntryId, 12 + K);
  v.writeUInt32BE(info.explicitLac ? E : NO_BLOB, 20 + K);
  info.explicitLac?.copy(v, 24 + K);
  return v;
}

export function decodeLedgerInfo(v: Buffer): LedgerInfo {
  const bad = (why: string): QuireError => new QuireError('IO_ERROR', `index: malformed ledger info (${why})`);
  if (v.length < 24 || v[0] !== INFO_VERSION) throw bad('version/size');
  const K = v.readUInt16BE(2);
  if (v.length < 24 + K) throw bad('key length');
  const E = v.readUInt32BE(20 + K);
  const hasBlob = E !== NO_BLOB;
  if (v.length !== 24 + K + (hasBlob ? E : 0)) throw bad('blob length');
  return {
    fenced: (v[1]! & 2) !== 0,
    masterKey: Buffer.from(v.subarray(4, 4 + K)),
    lastKnownLac: v.readBigInt64BE(4 + K),
    lastEntryId: v.readBigInt64BE(12 + K),
    explicitLac: hasBlob ? Buffer.from(v.subarray(24 + K)) : undefined,
  };
}
