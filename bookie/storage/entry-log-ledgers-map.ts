// The ledgers map of an entry log (BookKeeper keeps the same facts in its entry log's ledgers map):
// which ledgers have records in the log and how many bytes each, so the garbage collector knows a
// log's live ratio without reading the log. Written as a footer when the log is finished; a log
// without a valid footer (the current log at a crash) is scanned instead.
//
// Footer, appended right after the last record (big-endian):
//   offset    size   field
//   P         16·N   N × (ledgerId i64, bytes u64), ascending ledger id; bytes = sum of the
//                    ledger's record sizes (24-byte record header + entry) in this log
//   P+16N     4      magic "QLMP" (0x514C4D50)
//   P+16N+4   4      footer version (1)
//   P+16N+8   8      P: file offset of the map = end of the last record (u64)
//   P+16N+16  4      N (u32)
//   P+16N+20  4      crc32c over bytes [P, P+16N+20)
// The file ends right after the crc: a reader takes the last 24 bytes, checks magic, version, that
// P + 16N + 24 is the file size, and the crc. Anything else means "no footer" (scan the log).
import { crc32c } from '@node-rs/crc32';
import { ENTRY_LOG_HEADER_SIZE, ENTRY_LOG_RECORD_HEADER_SIZE } from './entry-log-record.js';

export const LEDGERS_MAP_TRAILER_SIZE = 24;
export const LEDGERS_MAP_ENTRY_SIZE = 16;
const MAGIC = 0x514c4d50; // "QLMP"
const VERSION = 1;
/** A record claiming more than this is damage, not an entry (the bookie's frame limit is far below). */
const MAX_RECORD_ENTRY = 512 * 1024 * 1024;

/** What GC knows about one finished entry log (BookKeeper's EntryLogMetadata). */
export class EntryLogMetadata {
  /** Sum of all ledgers' bytes when the map was built. */
  readonly totalSize: number;
  private remaining: number;

  constructor(
    readonly logId: number,
    /** ledgerId → record bytes; shrinks as ledgers are found deleted. */
    readonly ledgers: Map<bigint, number>,
    /**
     * True when the map came from scanning the log, not from its footer. A scan that met a damaged
     * record cannot know the ledgers after it, so such a log is only deleted after a full index
     * scan shows nothing points into it.
     */
    readonly fromScan: boolean,
  ) {
    let t = 0;
    for (const b of ledgers.values()) t += b;
    this.totalSize = t;
    this.remaining = t;
  }

  get remainingSize(): number {
    return this.remaining;
  }

  /** remaining / total; an empty log has usage 0. */
  get usage(): number {
    return this.totalSize === 0 ? 0 : this.remaining / this.totalSize;
  }

  get isEmpty(): boolean {
    return this.ledgers.size === 0;
  }

  /** Drops the ledgers for which `gone` is true; returns whether any was dropped. */
  removeLedgerIf(gone: (ledgerId: bigint) => boolean): boolean {
    let changed = false;
    for (const [id, bytes] of this.ledgers) {
      if (gone(id)) {
        this.ledgers.delete(id);
        this.remaining -= bytes;
        changed = true;
      }
    }
    return changed;
  }
}

/** The footer bytes for a log whose last record ends at `mapOffset`. */
export function encodeLedgersMap(ledgers: ReadonlyMap<bigint, number>, mapOffset: number): Buffer {
  const ids = [...ledgers.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const n = ids.length;
  const b = Buffer.alloc(n * LEDGERS_MAP_ENTRY_SIZE + LEDGERS_MAP_TRAILER_SIZE);
  let off = 0;
  for (const id of ids) {
    b.writeBigInt64BE(id, off);
    b.writeBigUInt64BE(BigInt(ledgers.get(id)!), off + 8);
    off += LEDGERS_MAP_ENTRY_SIZE;
  }
  b.writeUInt32BE(MAGIC, off);
  b.writeUInt32BE(VERSION, off + 4);
  b.writeBigUInt64BE(BigInt(mapOffset), off + 8);
  b.writeUInt32BE(n, off + 16);
  b.writeUInt32BE(crc32c(b.subarray(0, off + 20)) >>> 0, off + 20);
  return b;
}

/**
 * Reads the trailer (the last 24 bytes of a file of `fileSize` bytes): the map's offset and
 * ledger count, or undefined when there is no valid trailer.
 */
export function decodeLedgersMapTrailer(trailer: Buffer, fileSize: number): { mapOffset: number; count: number } | undefined {
  if (trailer.length !== LEDGERS_MAP_TRAILER_SIZE) return undefined;
  if (trailer.readUInt32BE(0) !== MAGIC || trailer.readUInt32BE(4) !== VERSION) return undefined;
  const mapOffset = Number(trailer.readBigUInt64BE(8));
  const count = trailer.readUInt32BE(16);
  if (mapOffset < ENTRY_LOG_HEADER_SIZE || mapOffset + count * LEDGERS_MAP_ENTRY_SIZE + LEDGERS_MAP_TRAILER_SIZE !== fileSize) return undefined;
  return { mapOffset, count };
}

/** Decodes a whole footer (map + trailer); undefined when its crc or shape is wrong. */
export function decodeLedgersMap(footer: Buffer, fileSize: number): Map<bigint, number> | undefined {
  if (footer.length < LEDGERS_MAP_TRAILER_SIZE) return undefined;
  const t = decodeLedgersMapTrailer(footer.subarray(footer.length - LEDGERS_MAP_TRAILER_SIZE), fileSize);
  if (t === undefined || footer.length !== t.count * LEDGERS_MAP_ENTRY_SIZE + LEDGERS_MAP_TRAILER_SIZE) return undefined;
  const crcAt = footer.length - 4;
  if ((crc32c(footer.subarray(0, crcAt)) >>> 0) !== footer.readUInt32BE(crcAt)) return undefined;
  const map = new Map<bigint, number>();
  for (let off = 0; off < t.count * LEDGERS_MAP_ENTRY_SIZE; off += LEDGERS_MAP_ENTRY_SIZE) {
    map.set(footer.readBigInt64BE(off), Number(footer.readBigUInt64BE(off + 8)));
  }
  return map;
}

export interface ScannedRecord {
  readonly ledgerId: bigint;
  readonly entryId: bigint;
  /** File offset of the record (what the index stores). */
  readonly offset: number;
  /** Entry bytes (without the record header). */
  readonly length: number;
}

/**
 * Walks the valid records of a log from the header on, reading `read(buf, position)` in pieces of
 * about `pieceSize` and calling `onRecord` for each record whose crc checks. Stops at end of data,
 * a short record or the first record that fails its checks (a torn tail, the footer, or damage).
 * Returns the offset where the valid records end. Awaits between pieces so a scan never holds the
 * event loop for long.
 */
export async function scanEntryLog(
  fileSize: number,
  read: (buf: Buffer, position: number) => Promise<number>,
  onRecord: (r: ScannedRecord) => void,
  pieceSize = 1024 * 1024,
): Promise<number> {
  let pos = ENTRY_LOG_HEADER_SIZE;
  let buf = Buffer.allocUnsafe(pieceSize);
  while (pos + ENTRY_LOG_RECORD_HEADER_SIZE <= fileSize) {
    const want = Math.min(buf.length, fileSize - pos);
    const n = await read(buf.subarray(0, want), pos);
    if (n < ENTRY_LOG_RECORD_HEADER_SIZE) return pos;
    let off = 0;
    while (off + ENTRY_LOG_RECORD_HEADER_SIZE <= n) {
      const length = buf.readUInt32BE(off + 4);
      if (length > MAX_RECORD_ENTRY) return pos + off;
      const size = ENTRY_LOG_RECORD_HEADER_SIZE + length;
      if (off + size > n) break;
      if ((crc32c(buf.subarray(off + 4, off + size)) >>> 0) !== buf.readUInt32BE(off)) return pos + off;
      onRecord({ ledgerId: buf.readBigInt64BE(off + 8), entryId: buf.readBigInt64BE(off + 16), offset: pos + off, length });
      off += size;
    }
    if (off === 0) {
      // The first record does not fit in what was read: a torn tail, or a record bigger than the buffer.
      const size = ENTRY_LOG_RECORD_HEADER_SIZE + buf.readUInt32BE(4);
      if (pos + size > fileSize || n < want) return pos;
      buf = Buffer.allocUnsafe(size);
      continue;
    }
    pos += off;
    await new Promise<void>((r) => setImmediate(r));
  }
  return pos;
}
