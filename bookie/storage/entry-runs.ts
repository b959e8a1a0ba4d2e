// Reading runs of consecutive entries of one ledger (v2 batch reads and the read-ahead), cheaply:
// one index range listing per run instead of one lookup per entry, and one pread for the records
// that lie back to back in one entry log (a checkpoint writes a ledger's entries in id order, so a
// sequential reader's entries usually do), each record still checked (ids, length, CRC) as a
// single read checks it.
//
// Bounds (docs/durability.md, "Run reads"): an index listing covers at most RUN_INDEX_MAX_ENTRIES
// entries and one pread at most RUN_READ_MAX_BYTES (a lone record may exceed it), within the
// caller's count and byte budget. A run stops at the first entry that is missing, in the write
// cache (its newer copy is served from there), in another log or not adjacent to the one before.
//
// Correctness rules kept from the one-entry path (LedgerStorage.get): write caches first; a flush
// finishing while we looked means look again, not "no such entry"; a log compacted away (ENOENT)
// goes through the one-entry path, which looks the entry up again. An I/O or integrity failure is
// thrown when nothing was read yet; after some entries it ends the run there (as BookKeeper's
// BatchedReadEntryProcessor does: a short reply, in order, no gaps) and is returned as `error`, so
// the next read, starting at that entry, answers the error.
import { QuireError } from '../../common/errors.js';
import type { EntryLogger } from './entry-logger.js';
import type { IndexRange } from './ledger-index.js';
import { type EntryLocation, decodeLocation, entryKey, entryKeyEntryId } from './ledger-index-format.js';
import type { ReadAheadCache } from './read-ahead-cache.js';
import { entryLogRecordSize } from './entry-log-record.js';

/** Entries listed from the index per range query. */
export const RUN_INDEX_MAX_ENTRIES = 1024;
/** Bytes read from an entry log by one pread (a single record larger than this is read whole). */
export const RUN_READ_MAX_BYTES = 1024 * 1024;

export interface RunLimits {
  /** At most this many entries. */
  readonly maxCount: number;
  /** The sum of (entry bytes + perEntryBytes) stays within this, except that the first entry is always taken. */
  readonly maxBytes: number;
  readonly perEntryBytes: number;
}

export interface RunResult {
  /** Entries first, first + 1, ... in order, without gaps. */
  readonly entries: Buffer[];
  /** Why the run stopped early after some entries (an I/O or integrity failure). */
  readonly error?: unknown;
}

/** What the run reader needs from ledger storage. */
export interface RunSource {
  /** The entry from the write caches (active, then being flushed): the newest copy. */
  writeCached(ledgerId: bigint, entryId: bigint): Buffer | undefined;
  readonly readAhead: ReadAheadCache;
  readonly entryLogger: EntryLogger;
  /** Index pairs in the range, ascending (IO_ERROR on failure). */
  list(range: IndexRange): Promise<Array<[Buffer, Buffer]>>;
  /** Bumped each time a flushed cache is dropped (its entries are in the index). */
  generation(): number;
  isClosed(): boolean;
  /** The one-entry read (looks again when a log was compacted away). */
  get(ledgerId: bigint, entryId: bigint): Promise<Buffer | undefined>;
}

interface Located {
  readonly entryId: bigint;
  readonly loc: EntryLocation;
}

interface Span {
  readonly from: bigint;
  readonly to: bigint;
}

export class RunReader {
  /** Runs being read, per ledger ([from, to) each): read-ahead does not start inside one. */
  private readonly reading = new Map<bigint, Set<Span>>();

  constructor(private readonly src: RunSource) {}

  /** Entries first, first + 1, ... within `limits`, stopping at the first missing one. */
  async read(ledgerId: bigint, first: bigint, limits: RunLimits): Promise<RunResult> {
    const span: Span = { from: first, to: first + BigInt(limits.maxCount) };
    let spans = this.reading.get(ledgerId);
    if (spans === undefined) this.reading.set(ledgerId, (spans = new Set()));
    spans.add(span);
    const out: Buffer[] = [];
    let bytes = 0;
    let id = first;
    // Stopped by the count or byte budget after reading from a log: the reader will want what follows.
    let full = false;
    let fromLog = false;
    const take = (b: Buffer): void => {
      out.push(b);
      bytes += b.length + limits.perEntryBytes;
      id++;
    };
    try {
      for (;;) {
        if (out.length >= limits.maxCount) {
          full = true;
          break;
        }
        if (this.src.isClosed()) throw new QuireError('SHUTTING_DOWN', 'ledger storage is closed');
        // A read-ahead batch reading this entry now: wait for it rather than read it twice.
        const filling = this.src.readAhead.pending(ledgerId, id);
        if (filling !== undefined) await filling;
        const cached = this.src.writeCached(ledgerId, id) ?? (this.src.readAhead.enabled ? this.src.readAhead.get(ledgerId, id) : undefined);
        if (cached !== undefined) {
          if (out.length > 0 && bytes + cached.length + limits.perEntryBytes > limits.maxBytes) {
            full = true;
            break;
          }
          take(cached);
          continue;
        }
        const generation = this.src.generation();
        const run = await this.locate(ledgerId, id, Math.min(limits.maxCount - out.length, RUN_INDEX_MAX_ENTRIES), limits.maxBytes - bytes, limits.perEntryBytes, out.length === 0);
        if (run === undefined) {
          // A flush finished while we looked: the entry may have moved from the cache to the index.
          if (generation !== this.src.generation()) continue;
          break;
        }
        if (run.length === 0) {
          full = true;
          break;
        }
        fromLog = true;
        const r = await this.readRun(ledgerId, run);
        for (const e of r.entries) take(e);
        if (r.error !== undefined) throw r.error;
        if (r.entries.length === 0) break; // compacted away and gone meanwhile: no such entry
      }
    } catch (e) {
      if (out.length === 0) throw e;
      return { entries: out, error: e };
    } finally {
      spans.delete(span);
      if (spans.size === 0) this.reading.delete(ledgerId);
    }
    if (full && fromLog) this.readAheadFrom(ledgerId, id);
    return { entries: out };
  }

  /** Starts a read-ahead batch from `from`, unless a run being read covers it (that reader is there already). */
  readAheadFrom(ledgerId: bigint, from: bigint): void {
    if (!this.src.readAhead.enabled) return;
    for (const s of this.reading.get(ledgerId) ?? []) if (from >= s.from && from < s.to) return;
    this.src.readAhead.readAhead(ledgerId, from, () => this.fill(ledgerId, from));
  }

  /**
   * Reads up to batchSize entries (and half the cache's bytes, as BookKeeper's read-ahead) of the
   * ledger from `from` on into the read-ahead cache, stopping at an entry already cached (the
   * reader is not that far behind) or missing. A failure only ends the batch.
   */
  private async fill(ledgerId: bigint, from: bigint): Promise<void> {
    const ra = this.src.readAhead;
    const maxBytes = Math.floor(ra.maxBytes / 2);
    let id = from;
    let count = 0;
    let bytes = 0;
    while (count < ra.batchSize && !this.src.isClosed()) {
      if (this.src.writeCached(ledgerId, id) !== undefined || ra.has(ledgerId, id)) return;
      const run = await this.locate(ledgerId, id, Math.min(ra.batchSize - count, RUN_INDEX_MAX_ENTRIES), maxBytes - bytes, 0, count === 0);
      if (run === undefined || run.length === 0) return;
      const r = await this.src.entryLogger.readAdjacent(ledgerId, run);
      for (let j = 0; j < r.entries.length; j++) {
        if (this.src.isClosed()) return;
        const entryId = run[j]!.entryId;
        // Written again while we read: the newer copy is in the write cache (and a later put invalidates).
        if (this.src.writeCached(ledgerId, entryId) === undefined) {
          ra.put(ledgerId, entryId, r.entries[j]!);
          ra.stats.entriesRead++;
        }
        bytes += r.entries[j]!.length;
      }
      count += r.entries.length;
      id += BigInt(r.entries.length);
      if (r.entries.length < run.length) return;
    }
  }

  /**
   * Where entries first, first + 1, ... are, as far as one pread can read them: undefined when the
   * index has no `first`; [] when `first` does not fit in `room` (it always does with takeFirst).
   * Uses one index range listing.
   */
  private async locate(ledgerId: bigint, first: bigint, maxCount: number, room: number, perEntryBytes: number, takeFirst: boolean): Promise<Located[] | undefined> {
    const pairs = await this.src.list({ gte: entryKey(ledgerId, first), lte: entryKey(ledgerId, first + BigInt(maxCount) - 1n), limit: maxCount });
    const run: Located[] = [];
    let bytes = 0;
    let readBytes = 0;
    for (const [k, v] of pairs) {
      const entryId = entryKeyEntryId(k);
      if (entryId !== first + BigInt(run.length)) break; // a gap: the run ends before it
      const loc = decodeLocation(v);
      if (bytes + loc.length + perEntryBytes > room && !(takeFirst && run.length === 0)) break;
      const prev = run[run.length - 1];
      if (prev !== undefined) {
        if (loc.logId !== prev.loc.logId || loc.offset !== prev.loc.offset + entryLogRecordSize(prev.loc.length)) break;
        if (readBytes + entryLogRecordSize(loc.length) > RUN_READ_MAX_BYTES) break;
        // A newer copy waits in the write cache: the run ends here and the reader takes that one.
        if (this.src.writeCached(ledgerId, entryId) !== undefined) break;
      }
      run.push({ entryId, loc });
      bytes += loc.length + perEntryBytes;
      readBytes += entryLogRecordSize(loc.length);
    }
    if (run.length === 0 && (pairs.length === 0 || entryKeyEntryId(pairs[0]![0]) !== first)) return undefined;
    return run;
  }

  /** One pread for the run; a log compacted away meanwhile: the first entry by the one-entry path. */
  private async readRun(ledgerId: bigint, run: Located[]): Promise<{ entries: Buffer[]; error?: unknown }> {
    try {
      return await this.src.entryLogger.readAdjacent(ledgerId, run);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      const one = await this.src.get(ledgerId, run[0]!.entryId);
      return { entries: one === undefined ? [] : [one] };
    }
  }
}
