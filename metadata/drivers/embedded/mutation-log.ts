// On-disk format of the embedded metadata store: a snapshot file and an append-only log, both a
// magic header followed by records. Each record states the full persisted state of one node (or
// its deletion), so replaying a log over a newer snapshot is harmless (compaction can crash
// between writing the snapshot and truncating the log).
//
// File:   "QUIREMD1" (8 bytes ASCII) then records.
// Record: u32be bodyLength | u32be crc32c(body) | body
// Body:   u8 type (1 = SET, 2 = DELETE) | u16be pathLength | path (UTF-8)
//         SET only: i32be version | i32be cversion | f64be ctime | f64be mtime | u32be dataLength | data
// Example: DELETE "/a" → 00000005 <crc32c(02 0002 2f61)> 02 0002 2f61 (golden test in mutation-log.test.ts).
import { crc32c } from '@node-rs/crc32';
import { QuireError } from '../../../common/errors.js';

export const LOG_MAGIC = Buffer.from('QUIREMD1', 'ascii');
const SET = 1;
const DELETE = 2;
/** Bounds a record so a corrupt length field cannot make us allocate gigabytes. */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

export interface PersistedNode {
  readonly data: Buffer;
  readonly version: number;
  readonly cversion: number;
  readonly ctime: number;
  readonly mtime: number;
}

export type LogRecord = { readonly type: 'set'; readonly path: string; readonly node: PersistedNode } | { readonly type: 'delete'; readonly path: string };

export function encodeRecord(r: LogRecord): Buffer {
  const path = Buffer.from(r.path, 'utf8');
  const bodyLen = 1 + 2 + path.length + (r.type === 'set' ? 4 + 4 + 8 + 8 + 4 + r.node.data.length : 0);
  const out = Buffer.alloc(8 + bodyLen);
  let o = 8;
  out.writeUInt8(r.type === 'set' ? SET : DELETE, o); o += 1;
  out.writeUInt16BE(path.length, o); o += 2;
  path.copy(out, o); o += path.length;
  if (r.type === 'set') {
    out.writeInt32BE(r.node.version, o); o += 4;
    out.writeInt32BE(r.node.cversion, o); o += 4;
    out.writeDoubleBE(r.node.ctime, o); o += 8;
    out.writeDoubleBE(r.node.mtime, o); o += 8;
    out.writeUInt32BE(r.node.data.length, o); o += 4;
    r.node.data.copy(out, o);
  }
  out.writeUInt32BE(bodyLen, 0);
  out.writeUInt32BE(crc32c(out.subarray(8)), 4);
  return out;
}

function decodeBody(body: Buffer, where: string): LogRecord {
  const bad = (m: string): never => {
    throw new QuireError('METADATA_CORRUPT', `${where}: ${m}`);
  };
  if (body.length < 3) bad('record too short');
  const type = body.readUInt8(0);
  const pathLen = body.readUInt16BE(1);
  if (3 + pathLen > body.length) bad('path runs past the record');
  const path = body.subarray(3, 3 + pathLen).toString('utf8');
  if (type === DELETE) {
    if (body.length !== 3 + pathLen) bad('trailing bytes in DELETE record');
    return { type: 'delete', path };
  }
  if (type !== SET) bad(`unknown record type ${type}`);
  let o = 3 + pathLen;
  if (body.length < o + 28) bad('SET record too short');
  const version = body.readInt32BE(o); o += 4;
  const cversion = body.readInt32BE(o); o += 4;
  const ctime = body.readDoubleBE(o); o += 8;
  const mtime = body.readDoubleBE(o); o += 8;
  const dataLen = body.readUInt32BE(o); o += 4;
  if (o + dataLen !== body.length) bad('data length does not match the record length');
  return { type: 'set', path, node: { data: Buffer.from(body.subarray(o)), version, cversion, ctime, mtime } };
}

export interface DecodedLog {
  readonly records: LogRecord[];
  /** Bytes of whole, valid records (header included); the file is cut here on a torn tail. */
  readonly validLength: number;
  /** True if the file ends in a partial or checksum-failing last record (a write cut by a crash). */
  readonly tornTail: boolean;
}

/**
 * Decodes a log or snapshot file. A bad record followed by more data is corruption
 * (METADATA_CORRUPT naming the file and offset); a bad final record is a torn tail, which only the
 * caller may decide to accept (the log: yes, it was never acknowledged; a snapshot: no).
 */
export function decodeLog(file: Buffer, name: string): DecodedLog {
  if (file.length < LOG_MAGIC.length || !file.subarray(0, LOG_MAGIC.length).equals(LOG_MAGIC)) {
    if (file.length < LOG_MAGIC.length && LOG_MAGIC.subarray(0, file.length).equals(file)) {
      return { records: [], validLength: 0, tornTail: file.length > 0 };
    }
    throw new QuireError('METADATA_CORRUPT', `${name}: not a Quire metadata file (bad magic)`);
  }
  const records: LogRecord[] = [];
  let o = LOG_MAGIC.length;
  while (o < file.length) {
    if (file.length - o < 8) return { records, validLength: o, tornTail: true };
    const len = file.readUInt32BE(o);
    const crc = file.readUInt32BE(o + 4);
    if (len > MAX_RECORD_BYTES) {
      throw new QuireError('METADATA_CORRUPT', `${name}: record at offset ${o} claims ${len} bytes`);
    }
    if (o + 8 + len > file.length) return { records, validLength: o, tornTail: true };
    const body = file.subarray(o + 8, o + 8 + len);
    if (crc32c(body) !== crc) {
      if (o + 8 + len === file.length) return { records, validLength: o, tornTail: true };
      throw new QuireError('METADATA_CORRUPT', `${name}: checksum mismatch in the record at offset ${o} (more records follow, so this is not a torn write)`);
    }
    records.push(decodeBody(body, `${name} offset ${o}`));
    o += 8 + len;
  }
  return { records, validLength: o, tornTail: false };
}
