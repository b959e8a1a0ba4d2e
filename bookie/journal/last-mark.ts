// lastMark codec: the journal position up to which every record's effect is in ledger storage
// (written by a checkpoint; replay starts here).
//
// Byte layout (24 bytes, big-endian):
//   offset  size  field
//   0       4     magic "QMRK"
//   4       8     segmentId (u64): journal segment the mark points into
//   12      8     offset (u64): byte offset in that segment of the first record to replay
//   20      4     crc32c over bytes [0, 20)
import path from 'node:path';
import { crc32c } from '@node-rs/crc32';
import { QuireError } from '../../common/errors.js';
import { type FileSystem, nodeFileSystem, writeFileAtomic } from '../../common/durable-file.js';

export interface JournalPosition {
  readonly segmentId: number;
  readonly offset: number;
}

export const LAST_MARK_FILE = 'lastMark';
export const LAST_MARK_SIZE = 24;
const MAGIC = 0x514d524b; // "QMRK"

export function encodeLastMark(mark: JournalPosition): Buffer {
  const b = Buffer.alloc(LAST_MARK_SIZE);
  b.writeUInt32BE(MAGIC, 0);
  b.writeBigUInt64BE(BigInt(mark.segmentId), 4);
  b.writeBigUInt64BE(BigInt(mark.offset), 12);
  b.writeUInt32BE(crc32c(b.subarray(0, 20)) >>> 0, 20);
  return b;
}

export function decodeLastMark(b: Buffer): JournalPosition {
  if (b.length !== LAST_MARK_SIZE || b.readUInt32BE(0) !== MAGIC) {
    throw new QuireError('IO_ERROR', `lastMark file is malformed (${b.length} bytes)`);
  }
  if ((crc32c(b.subarray(0, 20)) >>> 0) !== b.readUInt32BE(20)) throw new QuireError('IO_ERROR', 'lastMark checksum mismatch');
  return { segmentId: Number(b.readBigUInt64BE(4)), offset: Number(b.readBigUInt64BE(12)) };
}

/** The stored mark, or undefined when no checkpoint was ever written. A bad file is an I/O error. */
export async function readLastMark(dir: string, fsys: FileSystem = nodeFileSystem): Promise<JournalPosition | undefined> {
  let b: Buffer;
  try {
    b = await fsys.readFile(path.join(dir, LAST_MARK_FILE));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new QuireError('IO_ERROR', `cannot read lastMark in ${dir}`, { cause: e });
  }
  return decodeLastMark(b);
}

export async function writeLastMark(dir: string, mark: JournalPosition, fsys: FileSystem = nodeFileSystem): Promise<void> {
  try {
    await writeFileAtomic(path.join(dir, LAST_MARK_FILE), encodeLastMark(mark), fsys);
  } catch (e) {
    throw new QuireError('IO_ERROR', `cannot write lastMark in ${dir}`, { cause: e });
  }
}
