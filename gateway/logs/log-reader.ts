// Reading a log: committed records only, across segment boundaries, by offset range with record
// and byte bounds, and seek by timestamp. Any instance reads straight from the bookies through
// cached read handles of the segment ledgers (bounded LRU, segmentReaderCacheSize).
import { isQuireError } from '../../common/errors.js';
import type { BookKeeperClient, ReadHandle } from '../../clients/quorum/index.js';
import { GatewayError } from '../gateway-error.js';
import { ReadChunks } from '../read-chunk.js';
import type { LogMetadata, SegmentInfo } from './log-metadata.js';
import { decodeRecord } from './log-record.js';
import type { LogReadResult, LogRecord } from './log-service.js';

const EMPTY = Buffer.alloc(0);

export function outOfRange(name: string, offset: bigint, firstOffset: bigint): GatewayError {
  return new GatewayError('OUT_OF_RANGE', `offset ${offset} of log ${JSON.stringify(name)} is gone: records below ${firstOffset} were truncated or expired`, {
    field: 'from',
    details: { firstOffset: firstOffset.toString() },
  });
}

export class SegmentReaders {
  private readonly cache = new Map<bigint, Promise<ReadHandle>>();
  constructor(
    private readonly client: BookKeeperClient,
    private readonly capacity: number,
  ) {}

  get(ledgerId: bigint): Promise<ReadHandle> {
    let p = this.cache.get(ledgerId);
    if (p) {
      this.cache.delete(ledgerId);
      this.cache.set(ledgerId, p);
      return p;
    }
    p = this.client.openLedger(ledgerId, { password: EMPTY });
    this.cache.set(ledgerId, p);
    p.catch(() => this.cache.delete(ledgerId));
    while (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value as bigint);
    return p;
  }

  forget(ledgerId: bigint): void {
    this.cache.delete(ledgerId);
  }
}

/** The segment holding `offset`, given the committed end of the log. */
export function segmentAt(m: LogMetadata, offset: bigint): SegmentInfo | undefined {
  const segs = m.segments;
  for (let i = segs.length - 1; i >= 0; i--) {
    const s = segs[i]!;
    if (s.startOffset <= offset) return !s.sealed || i === segs.length - 1 || offset < s.startOffset + s.entryCount ? s : segs[i + 1];
  }
  return undefined;
}

/**
 * Reads committed records [from, end): at most maxRecords and about maxBytes of payload (a page
 * always holds at least one record).
 */
export async function readPage(readers: SegmentReaders, m: LogMetadata, end: bigint, from: bigint, maxRecords: number, maxBytes: number): Promise<LogReadResult> {
  if (from < m.firstOffset) throw outOfRange(m.name, from, m.firstOffset);
  const records: LogRecord[] = [];
  let next = from;
  let bytes = 0;
  let immutable = true;
  // Chunks sized so a page never holds much more than maxBytes (read-chunk.ts).
  const chunks = new ReadChunks();
  outer: while (next < end && records.length < maxRecords && bytes < maxBytes) {
    const seg = segmentAt(m, next);
    if (!seg) break;
    const segEnd = seg.sealed ? seg.startOffset + seg.entryCount : end;
    if (!seg.sealed) immutable = false;
    const stop = segEnd < end ? segEnd : end;
    if (next >= stop) break;
    const firstEntry = next - seg.startOffset + 1n;
    const want = BigInt(chunks.next(maxRecords - records.length, maxBytes - bytes));
    const lastEntry = firstEntry + want - 1n < stop - seg.startOffset ? firstEntry + want - 1n : stop - seg.startOffset;
    let entries;
    try {
      const rh = await readers.get(seg.ledgerId);
      entries = await rh.readUnconfirmed(firstEntry, lastEntry);
    } catch (e) {
      // Retention may have deleted the segment since the metadata was read.
      if (isQuireError(e, 'NO_SUCH_LEDGER')) {
        readers.forget(seg.ledgerId);
        throw outOfRange(m.name, next, m.firstOffset > next ? m.firstOffset : seg.startOffset + seg.entryCount);
      }
      throw e;
    }
    for (const e of entries) chunks.saw(e.payload.length);
    for (const e of entries) {
      const r = decodeRecord(e.payload);
      if (records.length > 0 && bytes + r.payload.length > maxBytes) break outer;
      records.push({
        offset: seg.startOffset + e.entryId - 1n,
        timestampMs: r.timestampMs,
        ...(r.key !== undefined ? { key: r.key } : {}),
        ...(r.headers !== undefined ? { headers: r.headers } : {}),
        ...(r.producerId !== undefined ? { producerId: r.producerId, sequence: r.sequence! } : {}),
        payload: r.payload,
      });
      bytes += r.payload.length;
      next++;
    }
  }
  return { records, nextOffset: next, firstOffset: m.firstOffset, endOffset: end, immutable: immutable && records.length > 0 };
}
