// The journal's segment files on disk: creating the next segment (a new zero-filled file, or with
// journalReuseFiles a free file given a new header), and trimming segments a checkpoint covers
// (deleted, or with journalReuseFiles kept as free files, at most MAX_FREE_SEGMENT_FILES of them).
//
// Why reuse: a new segment is zero-filled ahead of the writes so that an fdatasync after a record
// overwrites allocated blocks and commits no file-size or extent change; but every fdatasync
// then also flushes the zeros written since the one before, so the journal writes each byte
// twice. A reused file's blocks are allocated and written already: records overwrite them, and
// the journal writes each byte once (measured in bench/results/2026-12-04-journal-reuse.md).
import path from 'node:path';
import type { Logger } from '../../common/logger.js';
import { QuireError } from '../../common/errors.js';
import { type FileIo, type FileSystem, nodeFileSystem } from '../../common/durable-file.js';
import {
  SEGMENT_END_MARKER_SIZE,
  SEGMENT_VERSION,
  SEGMENT_VERSION_REUSABLE,
  encodeSegmentHeader,
  freeSegmentFileName,
  listFreeSegments,
  listSegments,
  newSegmentSalt,
  segmentCrcSeed,
  segmentFileName,
} from './journal-segment.js';

/** Free files kept per journal directory for reuse; trimmed segments beyond it are deleted. */
export const MAX_FREE_SEGMENT_FILES = 2;
/** Zero fill is written in pieces of this size. */
export const ZERO_PIECE = 256 * 1024;
let zeros: Buffer | undefined;

/** Shared read-only zeros, ZERO_PIECE long. */
export function zeroPiece(): Buffer {
  return (zeros ??= Buffer.alloc(ZERO_PIECE));
}

export interface OpenedSegment {
  readonly fd: number;
  /** The segment's format (SEGMENT_VERSION, or SEGMENT_VERSION_REUSABLE with journalReuseFiles). */
  readonly version: number;
  /** Where its first record goes (the header's size). */
  readonly headerSize: number;
  /** Its records' CRC seed (segmentCrcSeed of its header). */
  readonly crcSeed: number;
  /** Bytes of the file already allocated (header, zero fill, or a reused file's old content). */
  readonly allocatedEnd: number;
  /** True when the file held another segment before: bytes past the records are stale, not zeros. */
  readonly reused: boolean;
}

/**
 * Creates segment `segmentId` durably: header and `fill` bytes of zeros, fdatasync'd, name
 * fsync'd, before any record can be written to it (so no record's fdatasync has to carry the first
 * preallocation chunk, and the name survives a crash before anything in it is acknowledged).
 * With `reuse`, takes a free file when there is one, and writes format 2 either way.
 */
export async function createSegment(dir: string, segmentId: number, fsys: FileSystem, io: FileIo, fill: number, reuse: boolean): Promise<OpenedSegment> {
  const file = path.join(dir, segmentFileName(segmentId));
  try {
    if (reuse) {
      const free = await listFreeSegments(dir, fsys);
      if (free.length > 0) return await reuseFreeFile(dir, path.join(dir, freeSegmentFileName(free[0]!)), file, segmentId, fsys, io, fill);
    }
    const version = reuse ? SEGMENT_VERSION_REUSABLE : SEGMENT_VERSION;
    const header = encodeSegmentHeader(segmentId, version, newSegmentSalt());
    const fd = await fsys.open(file, 'wx');
    try {
      await io.write(fd, header, 0, header.length, 0);
      await writeZeros(fd, io, header.length, header.length + fill);
      await io.fdatasync(fd);
      await fsys.fsyncDir(dir);
    } catch (e) {
      await fsys.close(fd).catch(() => undefined);
      throw e;
    }
    return { fd, version, headerSize: header.length, crcSeed: segmentCrcSeed(header), allocatedEnd: header.length + fill, reused: false };
  } catch (e) {
    throw new QuireError('IO_ERROR', `cannot create journal segment ${file}`, { cause: e });
  }
}

async function reuseFreeFile(dir: string, freeFile: string, file: string, segmentId: number, fsys: FileSystem, io: FileIo, fill: number): Promise<OpenedSegment> {
  const fd = await fsys.open(freeFile, 'r+');
  try {
    const size = await fsys.size(fd);
    // Header and end marker in one write: the segment reads as empty until its first record. The
    // salt is drawn now, after the bytes the file holds were written: none of them can have been
    // made to check under it.
    const header = encodeSegmentHeader(segmentId, SEGMENT_VERSION_REUSABLE, newSegmentSalt());
    const head = Buffer.alloc(header.length + SEGMENT_END_MARKER_SIZE);
    header.copy(head, 0);
    await io.write(fd, head, 0, head.length, 0);
    const allocatedEnd = Math.max(size, head.length, header.length + fill);
    // A file shorter than one preallocation chunk (a segment cut short by a restart) is topped up.
    await writeZeros(fd, io, Math.max(size, head.length), allocatedEnd);
    await io.fdatasync(fd);
    // Renamed only now: under its segment name the file always has this header.
    await fsys.rename(freeFile, file);
    await fsys.fsyncDir(dir);
    return { fd, version: SEGMENT_VERSION_REUSABLE, headerSize: header.length, crcSeed: segmentCrcSeed(header), allocatedEnd, reused: true };
  } catch (e) {
    await fsys.close(fd).catch(() => undefined);
    throw e;
  }
}

async function writeZeros(fd: number, io: FileIo, from: number, to: number): Promise<void> {
  for (let p = from; p < to; p += ZERO_PIECE) await io.write(fd, zeroPiece(), 0, Math.min(ZERO_PIECE, to - p), p);
}

/**
 * Trims segments with id < beforeId (their records are all covered by the checkpoint): with
 * `reuse`, renames them to free files while fewer than MAX_FREE_SEGMENT_FILES exist, and deletes
 * the rest. Returns how many segments it trimmed.
 */
export async function trimSegments(dir: string, beforeId: number, log?: Logger, fsys: FileSystem = nodeFileSystem, reuse = false): Promise<number> {
  let n = 0;
  let free = reuse ? (await listFreeSegments(dir, fsys)).length : MAX_FREE_SEGMENT_FILES;
  for (const id of await listSegments(dir, fsys)) {
    if (id >= beforeId) break;
    const file = path.join(dir, segmentFileName(id));
    if (free < MAX_FREE_SEGMENT_FILES) {
      await fsys.rename(file, path.join(dir, freeSegmentFileName(id)));
      free++;
    } else {
      await fsys.unlink(file);
    }
    n++;
  }
  if (n > 0) {
    await fsys.fsyncDir(dir);
    log?.debug({ trimmed: n, beforeId, reuse }, 'journal: trimmed segments');
  }
  return n;
}

/** Deletes the free files of `dir` (journalReuseFiles was turned off): they only hold disk space. */
export async function removeFreeSegments(dir: string, fsys: FileSystem = nodeFileSystem): Promise<number> {
  const ids = await listFreeSegments(dir, fsys);
  for (const id of ids) await fsys.unlink(path.join(dir, freeSegmentFileName(id)));
  if (ids.length > 0) await fsys.fsyncDir(dir);
  return ids.length;
}
