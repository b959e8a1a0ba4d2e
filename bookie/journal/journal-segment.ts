// Journal segment files: `<segmentId as 16 hex digits>.txn`, each starting with a header (16 bytes
// in format 1, 24 in format 2), followed by journal records (journal-record.ts) and then zero
// fill, an end marker or, in a reused file, the stale bytes of the segment the file held before.
//
// Header byte layout (big-endian):
//   offset  size  field
//   0       4     magic "QJNL"
//   4       4     format version: 1 or 2
//   8       8     segmentId (u64), equal to the id in the file name
//   16      4     format 2 only: salt, random, drawn each time the file becomes a segment
//   20      4     format 2 only: reserved, 0
//
// Format 1: records' CRCs start from 0; the file is only ever written once (new file, zero fill).
// Format 2 (journalReuseFiles): records' CRCs start from segmentCrcSeed(header), a CRC of the id
// and the salt, so neither a record of the file's previous life nor bytes a client put in an
// entry's payload (a forged record for a predictable id) check in its new one, but with the
// chance of guessing a random 32-bit salt; a clean roll or close ends the records with an end
// marker (8 zero bytes, a zero-length record), so an older segment's stale tail reads as the end,
// not as corruption.
//
// Free files (journalReuseFiles): `<old segmentId>.txn.free`, trimmed segments kept for reuse. Their
// content is meaningless: a free file gets its new header and end marker, is fdatasync'd, and only
// then renamed to its new segment name (so a `.txn` name never holds a half-written header over
// stale bytes).
import { randomBytes } from 'node:crypto';
import { crc32c } from '@node-rs/crc32';
import { type FileSystem, nodeFileSystem } from '../../common/durable-file.js';

/** Header size of a format-1 segment; segmentHeaderSize() for either format. */
export const SEGMENT_HEADER_SIZE = 16;
/** The most header bytes a segment has (format 2): what a reader reads to check a header. */
export const MAX_SEGMENT_HEADER_SIZE = 24;
export const SEGMENT_VERSION = 1;
export const SEGMENT_VERSION_REUSABLE = 2;
/** A zero-length record: where a format-2 segment's records end. */
export const SEGMENT_END_MARKER_SIZE = 8;
const MAGIC = 0x514a4e4c; // "QJNL"
const NAME_RE = /^([0-9a-f]{16})\.txn$/;
const FREE_RE = /^([0-9a-f]{16})\.txn\.free$/;

export function segmentFileName(segmentId: number): string {
  return `${segmentId.toString(16).padStart(16, '0')}.txn`;
}

export function freeSegmentFileName(segmentId: number): string {
  return `${segmentFileName(segmentId)}.free`;
}

export function segmentHeaderSize(version: number): number {
  return version === SEGMENT_VERSION ? SEGMENT_HEADER_SIZE : MAX_SEGMENT_HEADER_SIZE;
}

/**
 * Initial CRC state of the records of a segment, from its ('ok') header: 0 for format 1; for
 * format 2 crc32c of bytes [8, 20) (segment id and salt), never 0.
 */
export function segmentCrcSeed(header: Buffer): number {
  if (header.readUInt32BE(4) === SEGMENT_VERSION) return 0;
  return crc32c(header.subarray(8, 20)) >>> 0 || 1;
}

/** A fresh random salt for a format-2 header (never reused knowingly: drawn per segment). */
export function newSegmentSalt(): number {
  return randomBytes(4).readUInt32BE(0);
}

/** The header of a segment; a format-2 header needs its salt (newSegmentSalt()). */
export function encodeSegmentHeader(segmentId: number, version: number = SEGMENT_VERSION, salt = 0): Buffer {
  const b = Buffer.alloc(segmentHeaderSize(version));
  b.writeUInt32BE(MAGIC, 0);
  b.writeUInt32BE(version, 4);
  b.writeBigUInt64BE(BigInt(segmentId), 8);
  if (version !== SEGMENT_VERSION) b.writeUInt32BE(salt >>> 0, 16);
  return b;
}

/** A prefix of `expected` followed only by zeros (or nothing). */
function isTornCopyOf(head: Buffer, expected: Buffer): boolean {
  let k = 0;
  while (k < head.length && head[k] === expected[k]) k++;
  return head.subarray(k).every((x) => x === 0);
}

/**
 * Checks the first bytes of a segment file (up to MAX_SEGMENT_HEADER_SIZE of them): 'ok', 'blank'
 * (a segment whose creation did not finish: all zero, or a torn header — a prefix of the header
 * this segment gets, then zeros or the end of the file) or 'bad'.
 */
export function checkSegmentHeader(b: Buffer, segmentId: number): 'ok' | 'blank' | 'bad' {
  // The fixed part: magic, version, id (a format-2 salt is random, so a torn one cannot be told
  // from a whole one; no record is written before the header is durable, so it does not matter).
  const head = b.subarray(0, SEGMENT_HEADER_SIZE);
  const v1 = encodeSegmentHeader(segmentId, SEGMENT_VERSION);
  const v2 = encodeSegmentHeader(segmentId, SEGMENT_VERSION_REUSABLE).subarray(0, SEGMENT_HEADER_SIZE);
  if (!head.equals(v1) && !head.equals(v2)) {
    // A power cut during creation keeps some prefix of the header write (found by the
    // simulation, seed 2399); nothing in the segment was acknowledged yet. Only a new file (all
    // zeros) is ever written under a segment name before its header is durable.
    if (isTornCopyOf(head, v1) || isTornCopyOf(head, v2)) return 'blank';
  }
  if (b.length < SEGMENT_HEADER_SIZE) return 'bad';
  const version = b.readUInt32BE(4);
  if (b.readUInt32BE(0) !== MAGIC || (version !== SEGMENT_VERSION && version !== SEGMENT_VERSION_REUSABLE)) return 'bad';
  if (b.readBigUInt64BE(8) !== BigInt(segmentId)) return 'bad';
  // A file that ends inside a format-2 header holds no record: its creation did not finish.
  return b.length < segmentHeaderSize(version) ? 'blank' : 'ok';
}

/** The format version of a header that checkSegmentHeader found 'ok'. */
export function segmentVersionOf(header: Buffer): number {
  return header.readUInt32BE(4);
}

/** Segment ids present in `dir`, ascending. */
export async function listSegments(dir: string, fsys: FileSystem = nodeFileSystem): Promise<number[]> {
  return idsMatching(dir, NAME_RE, fsys);
}

/** Ids in the names of the free files in `dir`, ascending. */
export async function listFreeSegments(dir: string, fsys: FileSystem = nodeFileSystem): Promise<number[]> {
  return idsMatching(dir, FREE_RE, fsys);
}

async function idsMatching(dir: string, re: RegExp, fsys: FileSystem): Promise<number[]> {
  const ids: number[] = [];
  for (const name of await fsys.readdir(dir)) {
    const m = re.exec(name);
    if (m) ids.push(parseInt(m[1]!, 16));
  }
  return ids.sort((a, b) => a - b);
}
