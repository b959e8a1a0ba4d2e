// Ledger storage (BookKeeper's DbLedgerStorage, simplified): a write cache in front of entry logs,
// and a LevelDB index of entry locations and ledger info.
//
// Adds go to the active write cache. A flush (driven by the bookie's checkpoint) freezes the active
// cache (it stays readable as the "being flushed" cache), appends its entries to the current entry
// log sorted by (ledger, entry), fdatasyncs the log, and only then writes one index batch with
// sync=true (entry locations + ledger infos). An index entry therefore never points at bytes that
// are not durable; bytes without an index entry are harmless garbage that journal replay rewrites.
import fs from 'node:fs';
import path from 'node:path';
import { ClassicLevel } from 'classic-level';
import type { Logger } from '../../common/logger.js';
import { QuireError } from '../../common/errors.js';
import { type FileIo, fsyncDir, nodeFileIo } from '../../common/durable-file.js';
import {
  ENTRY_LOG_HEADER_SIZE,
  ENTRY_LOG_NAME_RE,
  checkEntryLogHeader,
  decodeEntryLogRecord,
  encodeEntryLogHeader,
  encodeEntryLogRecordFromEntryInto,
  entryLogFileName,
  entryLogRecordSize,
} from './entry-log-record.js';
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
/** Entry-log bytes written and fdatasync'd per step of a checkpoint (see flushFrozen). */
const WRITE_CHUNK = 1024 * 1024;
/** The step when adds are filling the next cache fast (fewer fdatasyncs, so the flush keeps up). */
const WRITE_CHUNK_UNDER_PRESSURE = 4 * 1024 * 1024;

function ioError(what: string, cause: unknown): QuireError {
  if (cause instanceof QuireError) return cause;
  const msg = cause instanceof Error ? cause.message : String(cause);
  return new QuireError('IO_ERROR', `${what}: ${msg}`, { cause });
}

export class LedgerStorage {
  private active: WriteCache;
  private flushing: WriteCache | undefined;
  private readonly io: FileIo;
  private readFds = new Map<number, Promise<number>>();
  private logId: number;
  private logFd: number | undefined;
  private logSize = 0;
  private closed = false;
  /** Bumped each time a frozen cache is dropped after its entries reached the index. */
  private flushGeneration = 0;

  private constructor(
    private readonly opts: LedgerStorageOptions,
    private readonly db: Db,
    nextLogId: number,
    /** Ledger infos found in the index at open. */
    readonly loadedInfos: Map<bigint, LedgerInfo>,
  ) {
    this.io = opts.io ?? nodeFileIo;
    this.logId = nextLogId;
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
      let maxLog = 0;
      for (const name of await fs.promises.readdir(opts.dir)) {
        const m = ENTRY_LOG_NAME_RE.exec(name);
        if (m) maxLog = Math.max(maxLog, parseInt(m[1]!, 16));
      }
      // Never append to an old log: its tail past the indexed records may be torn.
      return new LedgerStorage(opts, db, maxLog + 1, infos);
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
    const loc = decodeLocation(v);
    const where = `entry log ${loc.logId} offset ${loc.offset} (${ledgerId}/${entryId})`;
    const size = entryLogRecordSize(loc.length);
    const buf = Buffer.allocUnsafe(size);
    let n: number;
    try {
      const fd = await this.readFd(loc.logId);
      n = await this.io.read(fd, buf, 0, size, loc.offset);
    } catch (e) {
      throw ioError(`read of ${where}`, e);
    }
    if (n !== size) throw new QuireError('IO_ERROR', `${where}: short read (${n} of ${size} bytes)`);
    return decodeEntryLogRecord(buf, ledgerId, entryId, where);
  }

  private readFd(logId: number): Promise<number> {
    let p = this.readFds.get(logId);
    if (p === undefined) {
      const file = path.join(this.opts.dir, entryLogFileName(logId));
      // A raw fd (not a FileHandle, which would close itself on GC); closed in close().
      p = new Promise<number>((resolve, reject) => fs.open(file, 'r', (err, fd) => (err ? reject(err) : resolve(fd))));
      this.readFds.set(logId, p);
      p.catch(() => this.readFds.delete(logId));
    }
    return p;
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
   *
   * The log is written and fdatasync'd one WRITE_CHUNK at a time. A single fdatasync of the
   * whole checkpoint would put tens of MiB in the disk queue at once, and every journal fdatasync
   * issued meanwhile (the ack path) would wait behind it; chunked, the journal waits for at most
   * one chunk. Each chunk is also one short synchronous step, so the event loop keeps serving.
   * When the active cache is already half full, bigger steps trade that latency for flush speed:
   * a flush that falls behind ends in TOO_MANY_REQUESTS for adds.
   */
  async flushFrozen(infos: ReadonlyMap<bigint, LedgerInfo>): Promise<void> {
    const frozen = this.flushing;
    if (!frozen) return;
    try {
      const batch = this.db.batch();
      if (frozen.count > 0) {
        let chunk = Buffer.allocUnsafeSlow(WRITE_CHUNK_UNDER_PRESSURE);
        let used = 0;
        let chunkStart = 0;
        const writeChunk = async (): Promise<void> => {
          if (used === 0) return;
          await this.io.write(this.logFd!, chunk, 0, used, chunkStart);
          await this.io.fdatasync(this.logFd!);
          used = 0;
        };
        for (const ledgerId of frozen.sortedLedgerIds()) {
          for (const entry of frozen.entriesInOrder(ledgerId)) {
            const size = entryLogRecordSize(entry.length);
            if (this.logFd === undefined || (this.logSize + size > this.opts.entryLogSizeLimit && this.logSize > ENTRY_LOG_HEADER_SIZE)) {
              await writeChunk();
              await this.rollLog();
            }
            const step = this.active.bytes > this.active.maxBytes / 2 ? WRITE_CHUNK_UNDER_PRESSURE : WRITE_CHUNK;
            if (used > 0 && used + size > step) await writeChunk();
            if (size > chunk.length) chunk = Buffer.allocUnsafeSlow(size);
            if (used === 0) chunkStart = this.logSize;
            // The entry header holds (ledgerId, entryId) (checked when it was added): the
            // record's ids are copied from it.
            encodeEntryLogRecordFromEntryInto(chunk, used, entry);
            batch.put(entryKeyFromEntryHeader(entry), encodeLocation({ logId: this.logId, offset: this.logSize, length: entry.length }));
            used += size;
            this.logSize += size;
          }
        }
        await writeChunk();
      }
      for (const [ledgerId, info] of infos) batch.put(ledgerKey(ledgerId), encodeLedgerInfo(info));
      await batch.write({ sync: true });
    } catch (e) {
      throw ioError('flush of the write cache', e);
    }
    this.flushing = undefined;
    this.flushGeneration++;
  }

  /** Closes the current entry log (already fdatasync'd by the caller's flow) and starts the next. */
  private async rollLog(): Promise<void> {
    if (this.logFd !== undefined) {
      await this.io.fdatasync(this.logFd);
      const fd = this.logFd;
      this.logFd = undefined;
      await new Promise<void>((r) => fs.close(fd, () => r()));
      this.logId++;
    }
    const file = path.join(this.opts.dir, entryLogFileName(this.logId));
    const fd = await new Promise<number>((resolve, reject) => fs.open(file, 'wx', (err, f) => (err ? reject(err) : resolve(f))));
    const header = encodeEntryLogHeader(this.logId);
    await this.io.write(fd, header, 0, header.length, 0);
    await this.io.fdatasync(fd);
    await fsyncDir(this.opts.dir);
    this.logFd = fd;
    this.logSize = ENTRY_LOG_HEADER_SIZE;
  }

  /** Verifies an entry log's header (used by tests and tools). */
  async checkLogHeader(logId: number): Promise<boolean> {
    const b = Buffer.alloc(ENTRY_LOG_HEADER_SIZE);
    const fd = await this.readFd(logId);
    await this.io.read(fd, b, 0, b.length, 0);
    return checkEntryLogHeader(b, logId);
  }

  /** Closes files and the index. The caller flushed first if it wanted to. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.logFd !== undefined) {
      const fd = this.logFd;
      this.logFd = undefined;
      await new Promise<void>((r) => fs.close(fd, () => r()));
    }
    for (const p of this.readFds.values()) {
      const fd = await p.catch(() => undefined);
      if (fd !== undefined) await new Promise<void>((r) => fs.close(fd, () => r()));
    }
    this.readFds.clear();
    await this.db.close();
  }
}
