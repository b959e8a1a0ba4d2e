// Ledger storage (BookKeeper's DbLedgerStorage, simplified): a write cache in front of entry logs,
// and an index of entry locations and ledger info (LevelDB in production; see ledger-index.ts).
//
// Adds go to the active write cache. A flush (driven by the bookie's checkpoint) freezes the active
// cache (it stays readable as the "being flushed" cache), appends its entries through the entry
// logger (entry-logger.ts) sorted by (ledger, entry), fdatasyncs the log, and only then writes one index batch with
// sync=true (entry locations + ledger infos). An index entry therefore never points at bytes that
// are not durable; bytes without an index entry are harmless garbage that journal replay rewrites.
import path from 'node:path';
import type { Logger } from '../../common/logger.js';
import { QuireError } from '../../common/errors.js';
import { type FileIo, type FileSystem, nodeFileSystem, withFileIo } from '../../common/durable-file.js';
import { recoverCompaction, type CompactionStore } from './entry-log-compactor.js';
import type { EntryLogFiles } from './entry-log-files.js';
import type { EntryLogMetadata } from './entry-log-ledgers-map.js';
import { EntryLogger, ioError } from './entry-logger.js';
import { type IndexRange, type LedgerIndex, type OpenLedgerIndex, openLevelLedgerIndex } from './ledger-index.js';
import {
  type EntryLocation,
  type LedgerInfo,
  ENTRY_KEY_PREFIX,
  LEDGER_KEY_PREFIX,
  decodeLedgerInfo,
  decodeLocation,
  encodeLedgerInfo,
  encodeLocation,
  entryKey,
  entryKeyEntryId,
  entryKeyFromEntryHeader,
  entryKeyRange,
  ledgerKey,
  ledgerKeyId,
} from './ledger-index-format.js';
import { ReadAheadCache } from './read-ahead-cache.js';
import { type RunLimits, type RunResult, RunReader } from './entry-runs.js';
import { WriteCache } from './write-cache.js';

export interface LedgerStorageOptions {
  /** First ledger directory: entry logs at the top, the LevelDB index under `index/`. */
  readonly dir: string;
  /** Every ledger directory entry logs may go to (`dir` first; see EntryLoggerOptions). */
  readonly dirs?: readonly string[];
  /** The ledger directories with room now (the disk checker's view); all when absent. */
  readonly writableDirs?: () => readonly string[];
  readonly entryLogSizeLimit: number;
  /** Bound on cached entry bytes, active + being flushed (each half). */
  readonly writeCacheMaxBytes: number;
  /** Fault injection for tests: replaces the data calls (write, read, fdatasync) of `fs`. */
  readonly io?: FileIo;
  /** The file system (node:fs when absent; the simulation's in-memory disk). */
  readonly fs?: FileSystem;
  /** Opens the index under `index/` (LevelDB when absent). */
  readonly openIndex?: OpenLedgerIndex;
  readonly log?: Logger;
  /** Read-ahead cache bound in bytes (0 = none) and batch (entries read after a miss). */
  readonly readAheadCacheMaxBytes?: number;
  readonly readAheadBatchSize?: number;
}

/** Index deletions per index batch when a ledger is removed (bounds one batch's memory). */
const DELETE_BATCH = 10_000;

function* entriesInOrder(cache: WriteCache): Iterable<Buffer> {
  for (const ledgerId of cache.sortedLedgerIds()) yield* cache.entriesInOrder(ledgerId);
}

export class LedgerStorage implements CompactionStore {
  private active: WriteCache;
  private flushing: WriteCache | undefined;
  /** Infos handed to the pending/running flush; a ledger deleted meanwhile is taken out. */
  private pendingInfos: Map<bigint, LedgerInfo> | undefined;
  /** Serializes index writers: flushes, ledger deletion, compaction's index switch. */
  private lockTail: Promise<void> = Promise.resolve();
  private closed = false;
  /** Bumped each time a frozen cache is dropped after its entries reached the index. */
  private flushGeneration = 0;

  private constructor(
    private readonly opts: LedgerStorageOptions,
    private readonly db: LedgerIndex,
    readonly entryLogger: EntryLogger,
    /** Ledger infos found in the index at open. */
    readonly loadedInfos: Map<bigint, LedgerInfo>,
  ) {
    this.active = new WriteCache(Math.floor(opts.writeCacheMaxBytes / 2));
    this.readAhead = new ReadAheadCache(opts.readAheadCacheMaxBytes ?? 0, opts.readAheadBatchSize ?? 0);
    this.runs = new RunReader({
      writeCached: (l, e) => this.active.get(l, e) ?? this.flushing?.get(l, e),
      readAhead: this.readAhead,
      entryLogger,
      list: (range) => this.listIndex(range),
      generation: () => this.flushGeneration,
      isClosed: () => this.closed,
      get: (l, e) => this.get(l, e),
    });
  }

  readonly readAhead: ReadAheadCache;
  private readonly runs: RunReader;

  static async open(opts: LedgerStorageOptions): Promise<LedgerStorage> {
    const fsys = withFileIo(opts.fs ?? nodeFileSystem, opts.io);
    const dirs = EntryLogger.dirsOf(opts);
    for (const d of dirs) await fsys.mkdir(d);
    let db: LedgerIndex;
    try {
      db = await (opts.openIndex ?? openLevelLedgerIndex)(path.join(opts.dir, 'index'));
    } catch (e) {
      throw ioError(`cannot open ledger index in ${opts.dir}`, e);
    }
    try {
      // A compaction interrupted by a crash is finished or undone before anything reads the index.
      for (const d of dirs) await recoverCompaction(d, db, fsys, opts.log);
      const infos = new Map<bigint, LedgerInfo>();
      const lo = Buffer.from([LEDGER_KEY_PREFIX]);
      const hi = Buffer.from([LEDGER_KEY_PREFIX + 1]);
      for await (const [k, v] of db.entries({ gte: lo, lt: hi })) infos.set(ledgerKeyId(k), decodeLedgerInfo(v));
      const entryLogger = await EntryLogger.open({
        dir: opts.dir,
        dirs,
        entryLogSizeLimit: opts.entryLogSizeLimit,
        fs: fsys,
        ...(opts.writableDirs ? { writableDirs: opts.writableDirs } : {}),
        ...(opts.log ? { log: opts.log } : {}),
      });
      return new LedgerStorage(opts, db, entryLogger, infos);
    } catch (e) {
      await db.close().catch(() => undefined);
      throw ioError(`cannot load ledger index in ${opts.dir}`, e);
    }
  }

  /** True when `n` more bytes fit in the active cache. */
  hasRoom(n: number): boolean {
    return this.active.hasRoom(n);
  }

  get cachedBytes(): number {
    return this.active.bytes;
  }

  get cacheLimit(): number {
    return this.active.maxBytes;
  }

  get isFlushing(): boolean {
    return this.flushing !== undefined;
  }

  /** Stores a copy of `entry` and returns the copy. The caller checked hasRoom. */
  put(ledgerId: bigint, entryId: bigint, entry: Buffer): Buffer {
    this.readAhead.invalidate(ledgerId, entryId);
    return this.active.put(ledgerId, entryId, entry);
  }

  /** The entry, or undefined when not stored. I/O or integrity failures throw IO_ERROR. */
  async get(ledgerId: bigint, entryId: bigint): Promise<Buffer | undefined> {
    const cached = this.active.get(ledgerId, entryId) ?? this.flushing?.get(ledgerId, entryId);
    if (cached !== undefined) return cached;
    if (this.closed) throw new QuireError('SHUTTING_DOWN', 'ledger storage is closed');
    if (this.readAhead.enabled) {
      const ahead = this.readAhead.get(ledgerId, entryId);
      if (ahead !== undefined) return ahead;
    }
    let v: Buffer | undefined;
    for (;;) {
      const generation = this.flushGeneration;
      try {
        v = await this.db.get(entryKey(ledgerId, entryId));
      } catch (e) {
        throw ioError(`index lookup of ${ledgerId}/${entryId}`, e);
      }
      if (v !== undefined || generation === this.flushGeneration) break;
      // A flush finished while we looked: the entry may have moved from the cache to the index
      // after our lookup was served. Look again rather than report a false "no such entry".
      const moved = this.active.get(ledgerId, entryId) ?? this.flushing?.get(ledgerId, entryId);
      if (moved !== undefined) return moved;
    }
    if (v === undefined) return undefined;
    let loc = decodeLocation(v);
    for (;;) {
      try {
        const entry = await this.entryLogger.readEntry(loc, ledgerId, entryId);
        this.runs.readAheadFrom(ledgerId, entryId + 1n);
        return entry;
      } catch (e) {
        // Compaction removes a log only after the index points elsewhere: a vanished log means
        // look again. The same location again (or an index error) is an I/O error.
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        let again: Buffer | undefined;
        try {
          again = await this.db.get(entryKey(ledgerId, entryId));
        } catch (e2) {
          throw ioError(`index lookup of ${ledgerId}/${entryId}`, e2);
        }
        if (again === undefined) return undefined;
        const next = decodeLocation(again);
        if (next.logId === loc.logId && next.offset === loc.offset) throw ioError(`read of entry log ${loc.logId} (${ledgerId}/${entryId})`, e);
        loc = next;
      }
    }
  }

  /**
   * Entries first, first + 1, ... of the ledger within `limits`, in order and without gaps,
   * stopping at the first missing one (entry-runs.ts: one index listing and one pread per run).
   * Throws when not even `first` could be read because of a failure; a failure after some
   * entries ends the run there and comes back as `error`.
   */
  getRun(ledgerId: bigint, first: bigint, limits: RunLimits): Promise<RunResult> {
    if (this.closed) return Promise.reject(new QuireError('SHUTTING_DOWN', 'ledger storage is closed'));
    return this.runs.read(ledgerId, first, limits);
  }

  /** Index pairs in `range` in one call where the index offers it. */
  private async listIndex(range: IndexRange): Promise<Array<[Buffer, Buffer]>> {
    try {
      if (this.db.entryList) return await this.db.entryList(range);
      const out: Array<[Buffer, Buffer]> = [];
      for await (const kv of this.db.entries(range)) out.push(kv);
      return out;
    } catch (e) {
      throw ioError('index range read', e);
    }
  }

  /** Sorted ids of stored entries (cache and index). */
  async listEntries(ledgerId: bigint): Promise<bigint[]> {
    const ids = new Set<bigint>(this.active.entryIds(ledgerId));
    for (const id of this.flushing?.entryIds(ledgerId) ?? []) ids.add(id);
    try {
      for await (const k of this.db.keys(entryKeyRange(ledgerId))) ids.add(entryKeyEntryId(k));
    } catch (e) {
      throw ioError(`index scan of ledger ${ledgerId}`, e);
    }
    return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /**
   * Freezes the active cache for a flush; returns the ids of the ledgers it holds, or undefined
   * when a flush is still running.
   */
  freeze(): Iterable<bigint> | undefined {
    if (this.flushing) return undefined;
    this.flushing = this.active;
    this.active = new WriteCache(this.flushing.maxBytes);
    return this.flushing.ledgerIds();
  }

  /**
   * Writes the frozen cache to entry logs, fdatasyncs them, then writes one synced index batch
   * holding the entry locations and `infos`. The frozen cache is dropped only after that.
   * The entry logger writes in fdatasync'd steps, bigger when the active cache is already half
   * full (see EntryLogger.addEntries).
   */
  async flushFrozen(infos: Map<bigint, LedgerInfo>): Promise<void> {
    if (!this.flushing) return;
    // Set before waiting for the lock: a ledger deleted while this flush waits is taken out of it.
    this.pendingInfos = infos;
    await this.withIndexLock(() => this.flushFrozenLocked(infos));
  }

  private async flushFrozenLocked(infos: Map<bigint, LedgerInfo>): Promise<void> {
    const frozen = this.flushing;
    if (!frozen) return;
    try {
      const batch = this.db.batch();
      if (frozen.count > 0) {
        await this.entryLogger.addEntries(
          entriesInOrder(frozen),
          () => this.active.bytes > this.active.maxBytes / 2,
          (entry, loc) => batch.put(entryKeyFromEntryHeader(entry), encodeLocation(loc)),
        );
      }
      for (const [ledgerId, info] of infos) batch.put(ledgerKey(ledgerId), encodeLedgerInfo(info));
      await batch.write({ sync: true });
    } catch (e) {
      throw ioError('flush of the write cache', e);
    } finally {
      this.pendingInfos = undefined;
    }
    this.flushing = undefined;
    this.flushGeneration++;
  }

  /** Runs `fn` while no flush, ledger deletion or index switch runs. */
  async withIndexLock<T>(fn: () => Promise<T>): Promise<T> {
    const prev = this.lockTail;
    let release!: () => void;
    this.lockTail = new Promise<void>((r) => (release = r));
    await prev;
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /**
   * Removes a ledger from this storage: its entries in both caches, its info from a pending
   * flush, then its index entries and, last, its ledger info (synced), so a crash part-way leaves
   * the ledger known and the next GC run finishes the job. Its bytes in entry logs become garbage
   * that GC and compaction reclaim. The caller proved the ledger deleted (docs/durability.md).
   */
  async deleteLedger(ledgerId: bigint): Promise<void> {
    await this.withIndexLock(async () => {
      this.active.deleteLedger(ledgerId);
      this.flushing?.deleteLedger(ledgerId);
      this.readAhead.invalidateLedger(ledgerId);
      this.pendingInfos?.delete(ledgerId);
      if (this.closed) throw new QuireError('SHUTTING_DOWN', 'ledger storage is closed');
      try {
        let batch = this.db.batch();
        for await (const k of this.db.keys(entryKeyRange(ledgerId))) {
          batch.del(k);
          if (batch.length >= DELETE_BATCH) {
            await batch.write({ sync: false });
            batch = this.db.batch();
          }
        }
        batch.del(ledgerKey(ledgerId));
        await batch.write({ sync: true });
      } catch (e) {
        throw ioError(`index deletion of ledger ${ledgerId}`, e);
      }
      this.flushGeneration++;
    });
  }

  // Compaction and GC (CompactionStore): the entry logger's files and the index, together.

  get dir(): string {
    return this.opts.dir;
  }

  /** A ledger directory filled up: the entry log being written there is rolled (EntryLogger.onDirFull). */
  onDirFull(dir: string): void {
    this.entryLogger.onDirFull(dir);
  }

  get files(): EntryLogFiles {
    return this.entryLogger.files;
  }

  get fs(): FileSystem {
    return this.entryLogger.io;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  allocateLogId(): number {
    return this.entryLogger.allocateLogId();
  }

  finishedLogIds(): number[] {
    return this.entryLogger.finishedLogIds();
  }

  logMetadata(logId: number): Promise<EntryLogMetadata | undefined> {
    return this.entryLogger.logMetadata(logId);
  }

  addFinishedLog(meta: EntryLogMetadata): void {
    this.entryLogger.addFinishedLog(meta);
  }

  removeLog(logId: number): Promise<void> {
    return this.entryLogger.removeLog(logId);
  }

  /** The entries of `ledgerIds` that the index places in log `logId`, streamed (index order). */
  async *locationsInLog(logId: number, ledgerIds: Iterable<bigint>): AsyncIterable<{ key: Buffer; loc: EntryLocation }> {
    for (const l of ledgerIds) {
      for await (const [k, v] of this.db.entries(entryKeyRange(l))) {
        const loc = decodeLocation(v);
        if (loc.logId === logId) yield { key: k, loc };
      }
    }
  }

  /** Whether the index places any entry of `ledgerIds` in log `logId`. */
  async anyLocationInLog(logId: number, ledgerIds: Iterable<bigint>): Promise<boolean> {
    for await (const _ of this.locationsInLog(logId, ledgerIds)) return true;
    return false;
  }

  /** Full index scan: for each of `logIds`, the ledgers whose entries the index places there. */
  async ledgersReferencing(logIds: ReadonlySet<number>): Promise<Map<number, Set<bigint>>> {
    const out = new Map<number, Set<bigint>>();
    const range = { gte: Buffer.from([ENTRY_KEY_PREFIX]), lt: Buffer.from([ENTRY_KEY_PREFIX + 1]) };
    let n = 0;
    for await (const [k, v] of this.db.entries(range)) {
      const logId = v.readUInt32BE(0);
      if (logIds.has(logId)) {
        let s = out.get(logId);
        if (s === undefined) out.set(logId, (s = new Set()));
        s.add(k.readBigInt64BE(1));
      }
      if (++n % 10_000 === 0) await new Promise<void>((r) => setImmediate(r));
    }
    return out;
  }

  /**
   * The index switch of a compaction: for each move whose key still points at `from` (a newer
   * add may have replaced it), points it at `to`, in one synced batch. Returns the count switched.
   */
  async switchLocations(moves: ReadonlyArray<{ key: Buffer; from: EntryLocation; to: EntryLocation }>): Promise<number> {
    return this.withIndexLock(async () => {
      let switched = 0;
      try {
        const batch = this.db.batch();
        for (let i = 0; i < moves.length; i += 1000) {
          const part = moves.slice(i, i + 1000);
          const cur = await this.db.getMany(part.map((m) => m.key));
          part.forEach((m, j) => {
            const v = cur[j];
            if (v === undefined) return;
            const now = decodeLocation(v);
            if (now.logId !== m.from.logId || now.offset !== m.from.offset) return;
            batch.put(m.key, encodeLocation(m.to));
            switched++;
          });
        }
        await batch.write({ sync: true });
      } catch (e) {
        throw ioError('compaction index switch', e);
      }
      return switched;
    });
  }

  /** Verifies an entry log's header (used by tests and tools). */
  checkLogHeader(logId: number): Promise<boolean> {
    return this.entryLogger.checkLogHeader(logId);
  }

  /**
   * Closes files and the index. The caller flushed first if it wanted to; `finish` (a clean
   * close) also writes the current log's footer. Waits for a running index writer. Idempotent.
   */
  async close(finish = false): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.readAhead.idle();
    this.readAhead.clear();
    await this.withIndexLock(async () => {
      await this.entryLogger.close(finish);
      await this.db.close();
    });
  }
}
