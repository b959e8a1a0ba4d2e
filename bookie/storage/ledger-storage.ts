// Ledger storage (BookKeeper's DbLedgerStorage, simplified): a write cache in front of entry logs,
// and a LevelDB index of entry locations and ledger info.
//
// Adds go to the active write cache. A flush (driven by the bookie's checkpoint) freezes the active
// cache (it stays readable as the "being flushed" cache), appends its entries through the entry
// logger (entry-logger.ts) sorted by (ledger, entry), fdatasyncs the log, and only then writes one index batch with
// sync=true (entry locations + ledger infos). An index entry therefore never points at bytes that
// are not durable; bytes without an index entry are harmless garbage that journal replay rewrites.
import fs from 'node:fs';
import path from 'node:path';
import { ClassicLevel } from 'classic-level';
import type { Logger } from '../../common/logger.js';
import { QuireError } from '../../common/errors.js';
import type { FileIo } from '../../common/durable-file.js';
import { EntryLogger, ioError } from './entry-logger.js';
import {
  type LedgerInfo,
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
import { WriteCache } from './write-cache.js';

export interface LedgerStorageOptions {
  /** Ledger directory: entry logs at the top, the LevelDB index under `index/`. */
  readonly dir: string;
  readonly entryLogSizeLimit: number;
  /** Bound on cached entry bytes, active + being flushed (each half). */
  readonly writeCacheMaxBytes: number;
  readonly io?: FileIo;
  readonly log?: Logger;
}

type Db = ClassicLevel<Buffer, Buffer>;

function* entriesInOrder(cache: WriteCache): Iterable<Buffer> {
  for (const ledgerId of cache.sortedLedgerIds()) yield* cache.entriesInOrder(ledgerId);
}

export class LedgerStorage {
  private active: WriteCache;
  private flushing: WriteCache | undefined;
  private closed = false;
  /** Bumped each time a frozen cache is dropped after its entries reached the index. */
  private flushGeneration = 0;

  private constructor(
    private readonly opts: LedgerStorageOptions,
    private readonly db: Db,
    private readonly entryLogger: EntryLogger,
    /** Ledger infos found in the index at open. */
    readonly loadedInfos: Map<bigint, LedgerInfo>,
  ) {
    this.active = new WriteCache(Math.floor(opts.writeCacheMaxBytes / 2));
  }

  static async open(opts: LedgerStorageOptions): Promise<LedgerStorage> {
    await fs.promises.mkdir(opts.dir, { recursive: true });
    const db: Db = new ClassicLevel<Buffer, Buffer>(path.join(opts.dir, 'index'), { keyEncoding: 'buffer', valueEncoding: 'buffer' });
    try {
      await db.open();
    } catch (e) {
      throw ioError(`cannot open ledger index in ${opts.dir}`, e);
    }
    try {
      const infos = new Map<bigint, LedgerInfo>();
      const lo = Buffer.from([LEDGER_KEY_PREFIX]);
      const hi = Buffer.from([LEDGER_KEY_PREFIX + 1]);
      for await (const [k, v] of db.iterator({ gte: lo, lt: hi })) infos.set(ledgerKeyId(k), decodeLedgerInfo(v));
      const entryLogger = await EntryLogger.open({ dir: opts.dir, entryLogSizeLimit: opts.entryLogSizeLimit, ...(opts.io ? { io: opts.io } : {}) });
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
    return this.active.put(ledgerId, entryId, entry);
  }

  /** The entry, or undefined when not stored. I/O or integrity failures throw IO_ERROR. */
  async get(ledgerId: bigint, entryId: bigint): Promise<Buffer | undefined> {
    const cached = this.active.get(ledgerId, entryId) ?? this.flushing?.get(ledgerId, entryId);
    if (cached !== undefined) return cached;
    if (this.closed) throw new QuireError('SHUTTING_DOWN', 'ledger storage is closed');
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
    return this.entryLogger.readEntry(decodeLocation(v), ledgerId, entryId);
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
  async flushFrozen(infos: ReadonlyMap<bigint, LedgerInfo>): Promise<void> {
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
    }
    this.flushing = undefined;
    this.flushGeneration++;
  }

  /** Verifies an entry log's header (used by tests and tools). */
  checkLogHeader(logId: number): Promise<boolean> {
    return this.entryLogger.checkLogHeader(logId);
  }

  /** Closes files and the index. The caller flushed first if it wanted to. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.entryLogger.close();
    await this.db.close();
  }
}
