// The entry logger (BookKeeper's EntryLogger): appends entries to entry log files
// (<ledger dir>/<16 hex digits>.log, format in entry-log-record.ts) and reads them back by location.
//
// Logs are only ever appended to by this process: at open the next log id is one past the highest
// on disk (an old log's tail past its indexed records may be torn). A new log's header is
// fdatasync'd and its directory entry fsync'd before any entry goes in. Ledger storage writes the
// index only after addEntries returned, so the index never points at bytes that are not durable.
//
// It also keeps each log's ledgers map (entry-log-ledgers-map.ts): built while the log is written,
// appended as the footer when the log is finished (rolled over or cleanly closed), read back (or
// rebuilt by a scan) for logs left by an earlier run. Compaction outputs take ids from the same
// sequence (allocateLogId) and join the finished logs when done.
//
// Several ledger directories (BookKeeper's DefaultEntryLogger over LedgerDirsManager): each new log
// goes into a writable directory (`writableDirs`, the disk checker's view: full ones are skipped),
// taken in turn so logs spread over the disks; log ids stay one global sequence, and the start-up
// scan of every directory finds each log wherever it is (EntryLogFiles.dirOf).
import path from 'node:path';
import { QuireError } from '../../common/errors.js';
import { type FileIo, type FileSystem, nodeFileSystem, withFileIo } from '../../common/durable-file.js';
import type { Logger } from '../../common/logger.js';
import { COMPACTION_FILE_RE } from './entry-log-compactor.js';
import { EntryLogFiles } from './entry-log-files.js';
import { EntryLogMetadata, LEDGERS_MAP_TRAILER_SIZE, decodeLedgersMap, decodeLedgersMapTrailer, encodeLedgersMap, scanEntryLog } from './entry-log-ledgers-map.js';
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
import type { EntryLocation } from './ledger-index-format.js';

export interface EntryLoggerOptions {
  /** The first ledger directory (entry logs, and the index under it). */
  readonly dir: string;
  /** Every ledger directory entry logs may go to (`dir` first); default [dir]. */
  readonly dirs?: readonly string[];
  /**
   * The ledger directories that have room now (the disk checker's writable dirs). A new log goes
   * into the next of them in turn; when none has room it goes into the next of `dirs` (the flush
   * of what was already acked must still land somewhere; the bookie is read-only meanwhile).
   */
  readonly writableDirs?: () => readonly string[];
  /** A log rolls over once the next record would take it past this size (a lone record may exceed it). */
  readonly entryLogSizeLimit: number;
  /** Fault injection for tests: replaces the data calls (write, read, fdatasync) of `fs`. */
  readonly io?: FileIo;
  /** The file system (node:fs when absent; the simulation's disk in test/quorum/sim/). */
  readonly fs?: FileSystem;
  readonly log?: Logger;
}

/** Entry-log bytes written and fdatasync'd per step (see addEntries). */
const WRITE_CHUNK = 1024 * 1024;
/** The step when adds are filling the next cache fast (fewer fdatasyncs, so the flush keeps up). */
const WRITE_CHUNK_UNDER_PRESSURE = 4 * 1024 * 1024;
/** First size of the step buffer. */
const CHUNK_START = 64 * 1024;

export function ioError(what: string, cause: unknown): QuireError {
  if (cause instanceof QuireError) return cause;
  const msg = cause instanceof Error ? cause.message : String(cause);
  return new QuireError('IO_ERROR', `${what}: ${msg}`, { cause });
}

export class EntryLogger {
  readonly io: FileSystem;
  readonly files: EntryLogFiles;
  private logId: number;
  private nextLogId: number;
  private logFd: number | undefined;
  private logSize = 0;
  /** Ledgers map of the log being written (ledgerId → record bytes), its footer when finished. */
  private currentLedgers = new Map<bigint, number>();
  /** Finished logs, with their ledgers map once loaded. Bounded by the log files on disk. */
  private readonly finished = new Map<number, EntryLogMetadata | undefined>();
  /** Round-robin position over the ledger directories for new logs. */
  private nextDir = 0;
  /** The log being written is in a directory that filled up: the next write starts a new log elsewhere. */
  private rollRequested = false;

  private constructor(
    private readonly opts: EntryLoggerOptions,
    nextLogId: number,
    finishedLogs: Map<number, string>,
  ) {
    this.io = withFileIo(opts.fs ?? nodeFileSystem, opts.io);
    this.files = new EntryLogFiles(opts.dir, this.io);
    this.logId = nextLogId;
    this.nextLogId = nextLogId + 1;
    for (const [id, dir] of [...finishedLogs].sort((a, b) => a[0] - b[0])) {
      this.finished.set(id, undefined);
      this.files.setDir(id, dir);
    }
  }

  /** Every ledger directory this logger writes to, the first one first. */
  static dirsOf(opts: Pick<EntryLoggerOptions, 'dir' | 'dirs'>): string[] {
    return [...new Set([opts.dir, ...(opts.dirs ?? [])])];
  }

  /** Finds the highest log id over all directories; the first write starts the log after it. */
  static async open(opts: EntryLoggerOptions): Promise<EntryLogger> {
    let maxLog = 0;
    const logs = new Map<number, string>();
    const io = withFileIo(opts.fs ?? nodeFileSystem, opts.io);
    for (const dir of EntryLogger.dirsOf(opts)) {
      for (const name of await io.readdir(dir)) {
        const m = ENTRY_LOG_NAME_RE.exec(name) ?? COMPACTION_FILE_RE.exec(name);
        if (!m) continue;
        const id = parseInt(m[1]!, 16);
        maxLog = Math.max(maxLog, id);
        if (!ENTRY_LOG_NAME_RE.test(name)) continue;
        const other = logs.get(id);
        if (other !== undefined) throw new QuireError('IO_ERROR', `entry log ${id} is in both ${other} and ${dir}`);
        logs.set(id, dir);
      }
    }
    // Never append to an old log: its tail past the indexed records may be torn.
    return new EntryLogger(opts, maxLog + 1, logs);
  }

  get dir(): string {
    return this.opts.dir;
  }

  /**
   * A ledger directory became full (the disk checker's diskFull): if the log being written is in
   * it, the next write rolls to a new log in a directory with room, as BookKeeper's entry log
   * manager does, instead of growing the log on a full disk.
   */
  onDirFull(dir: string): void {
    if (this.logFd !== undefined && this.files.dirOf(this.logId) === dir) this.rollRequested = true;
  }

  /** The ledger directory for the next new log: the next writable one in turn (see EntryLoggerOptions.writableDirs). */
  private pickDir(): string {
    const all = EntryLogger.dirsOf(this.opts);
    const writable = new Set(this.opts.writableDirs?.() ?? all);
    for (let i = 0; i < all.length; i++) {
      const d = all[(this.nextDir + i) % all.length]!;
      if (writable.has(d)) {
        this.nextDir = (this.nextDir + i + 1) % all.length;
        return d;
      }
    }
    const d = all[this.nextDir % all.length]!;
    this.nextDir = (this.nextDir + 1) % all.length;
    this.opts.log?.warn({ dir: d }, 'no ledger directory has room; the new entry log goes into the next one anyway');
    return d;
  }

  /** A fresh log id (entry logs and compaction outputs share one sequence). */
  allocateLogId(): number {
    return this.nextLogId++;
  }

  /** Ids of finished entry logs (not the one being written, not a compaction in progress), ascending. */
  finishedLogIds(): number[] {
    return [...this.finished.keys()].sort((a, b) => a - b);
  }

  /** Adds a finished log (a compaction output) with its ledgers map. */
  addFinishedLog(meta: EntryLogMetadata): void {
    this.finished.set(meta.logId, meta);
  }

  /** Unlinks a finished log (nothing live is left in it); reads still using it finish first. */
  async removeLog(logId: number): Promise<void> {
    this.finished.delete(logId);
    await this.files.remove(logId);
  }

  /**
   * The ledgers map of a finished log: from its footer, else by scanning its records (the log was
   * being written at a crash). Cached; GC shrinks the cached map as ledgers go.
   */
  async logMetadata(logId: number): Promise<EntryLogMetadata | undefined> {
    if (!this.finished.has(logId)) return undefined;
    const known = this.finished.get(logId);
    if (known !== undefined) return known;
    const meta = await this.readLedgersMap(logId);
    if (this.finished.has(logId)) this.finished.set(logId, meta);
    return meta;
  }

  private async readLedgersMap(logId: number): Promise<EntryLogMetadata> {
    try {
      return await this.files.withFd(logId, async (fd) => {
        const size = await this.io.size(fd);
        if (size >= ENTRY_LOG_HEADER_SIZE + LEDGERS_MAP_TRAILER_SIZE) {
          const trailer = Buffer.alloc(LEDGERS_MAP_TRAILER_SIZE);
          await this.io.read(fd, trailer, 0, trailer.length, size - trailer.length);
          const t = decodeLedgersMapTrailer(trailer, size);
          if (t !== undefined) {
            const footer = Buffer.alloc(size - t.mapOffset);
            await this.io.read(fd, footer, 0, footer.length, t.mapOffset);
            const map = decodeLedgersMap(footer, size);
            if (map !== undefined) return new EntryLogMetadata(logId, map, false);
          }
        }
        const map = new Map<bigint, number>();
        await scanEntryLog(size, (buf, pos) => this.io.read(fd, buf, 0, buf.length, pos), (r) => {
          map.set(r.ledgerId, (map.get(r.ledgerId) ?? 0) + entryLogRecordSize(r.length));
        });
        return new EntryLogMetadata(logId, map, true);
      });
    } catch (e) {
      throw ioError(`reading the ledgers map of entry log ${logId}`, e);
    }
  }

  /**
   * Reads and checks the record at `loc`. I/O or integrity failures throw IO_ERROR, except a
   * missing log file, which rejects with the raw ENOENT error: compaction may have moved the entry
   * (the caller looks it up again).
   */
  async readEntry(loc: EntryLocation, ledgerId: bigint, entryId: bigint): Promise<Buffer> {
    const where = `entry log ${loc.logId} offset ${loc.offset} (${ledgerId}/${entryId})`;
    const size = entryLogRecordSize(loc.length);
    const { buf, n } = await this.readAt(loc.logId, loc.offset, size, where);
    if (n !== size) throw new QuireError('IO_ERROR', `${where}: short read (${n} of ${size} bytes)`);
    return decodeEntryLogRecord(buf, ledgerId, entryId, where);
  }

  /** One pread of `size` bytes at `offset` of log `logId`; the count read. ENOENT rejects raw. */
  private async readAt(logId: number, offset: number, size: number, where: string): Promise<{ buf: Buffer; n: number }> {
    const buf = Buffer.allocUnsafe(size);
    try {
      return { buf, n: await this.files.withFd(logId, (fd) => this.io.read(fd, buf, 0, size, offset)) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw e;
      throw ioError(`read of ${where}`, e);
    }
  }

  /**
   * Reads records that lie back to back in one log (`run[i + 1]` starts where `run[i]` ends: the
   * caller checked) with one pread, and checks each as readEntry does. Returns the entries (views
   * into one buffer) up to the first that fails; `error` (IO_ERROR) says why it stopped early. A
   * missing log file rejects with the raw ENOENT error, as readEntry.
   */
  async readAdjacent(ledgerId: bigint, run: ReadonlyArray<{ readonly entryId: bigint; readonly loc: EntryLocation }>): Promise<{ entries: Buffer[]; error?: QuireError }> {
    const first = run[0]!.loc;
    const last = run[run.length - 1]!.loc;
    const size = last.offset + entryLogRecordSize(last.length) - first.offset;
    const { buf, n } = await this.readAt(first.logId, first.offset, size, `entry log ${first.logId} offset ${first.offset} (${ledgerId}/${run[0]!.entryId}, ${run.length} entries)`);
    const entries: Buffer[] = [];
    for (const { entryId, loc } of run) {
      const where = `entry log ${loc.logId} offset ${loc.offset} (${ledgerId}/${entryId})`;
      const start = loc.offset - first.offset;
      const end = start + entryLogRecordSize(loc.length);
      if (end > n) return { entries, error: new QuireError('IO_ERROR', `${where}: short read (${Math.max(0, n - start)} of ${end - start} bytes)`) };
      try {
        entries.push(decodeEntryLogRecord(buf.subarray(start, end), ledgerId, entryId, where));
      } catch (e) {
        return { entries, error: ioError(where, e) };
      }
    }
    return { entries };
  }

  /**
   * Appends `entries` (each a digest-wrapped entry whose header names its ids) and fdatasyncs
   * them; `onLocation` hears where each one went. Everything is durable when this resolves.
   *
   * The log is written and fdatasync'd one WRITE_CHUNK at a time. A single fdatasync of the
   * whole checkpoint would put tens of MiB in the disk queue at once, and every journal fdatasync
   * issued meanwhile (the ack path) would wait behind it; chunked, the journal waits for at most
   * one chunk. Each chunk is also one short synchronous step, so the event loop keeps serving.
   * When `underPressure()` (the next cache is already half full), bigger steps trade that latency
   * for flush speed: a flush that falls behind ends in TOO_MANY_REQUESTS for adds.
   */
  async addEntries(entries: Iterable<Buffer>, underPressure: () => boolean, onLocation: (entry: Buffer, loc: EntryLocation) => void): Promise<void> {
    // Grown on demand up to the step (a small flush allocates little; the writes are the same).
    let chunk = Buffer.allocUnsafeSlow(CHUNK_START);
    let used = 0;
    let chunkStart = 0;
    const writeChunk = async (): Promise<void> => {
      if (used === 0) return;
      await this.io.write(this.logFd!, chunk, 0, used, chunkStart);
      await this.io.fdatasync(this.logFd!);
      used = 0;
    };
    for (const entry of entries) {
      const size = entryLogRecordSize(entry.length);
      if (this.logFd === undefined || this.rollRequested || (this.logSize + size > this.opts.entryLogSizeLimit && this.logSize > ENTRY_LOG_HEADER_SIZE)) {
        this.rollRequested = false;
        await writeChunk();
        await this.rollLog();
      }
      const step = underPressure() ? WRITE_CHUNK_UNDER_PRESSURE : WRITE_CHUNK;
      if (used > 0 && used + size > step) await writeChunk();
      if (used + size > chunk.length) {
        const grown = Buffer.allocUnsafeSlow(Math.max(used + size, Math.min(chunk.length * 2, WRITE_CHUNK_UNDER_PRESSURE)));
        chunk.copy(grown, 0, 0, used);
        chunk = grown;
      }
      if (used === 0) chunkStart = this.logSize;
      // The entry header holds (ledgerId, entryId) (checked when it was added): the
      // record's ids are copied from it.
      encodeEntryLogRecordFromEntryInto(chunk, used, entry);
      onLocation(entry, { logId: this.logId, offset: this.logSize, length: entry.length });
      const ledgerId = entry.readBigInt64BE(0);
      this.currentLedgers.set(ledgerId, (this.currentLedgers.get(ledgerId) ?? 0) + size);
      used += size;
      this.logSize += size;
    }
    await writeChunk();
  }

  /**
   * Finishes the current log: appends its ledgers map as the footer, fdatasyncs, closes it, and
   * hands it to GC. The footer is an optimisation (a log without one is scanned) written past the
   * last record, where no index entry points.
   */
  private async finishLog(): Promise<void> {
    if (this.logFd === undefined) return;
    const fd = this.logFd;
    const footer = encodeLedgersMap(this.currentLedgers, this.logSize);
    await this.io.write(fd, footer, 0, footer.length, this.logSize);
    await this.io.fdatasync(fd);
    this.logFd = undefined;
    await this.io.close(fd).catch(() => undefined);
    this.finished.set(this.logId, new EntryLogMetadata(this.logId, this.currentLedgers, false));
    this.currentLedgers = new Map();
  }

  /** Finishes the current entry log (already fdatasync'd by the caller's flow) and starts the next. */
  private async rollLog(): Promise<void> {
    if (this.logFd !== undefined) {
      await this.finishLog();
      this.logId = this.allocateLogId();
    }
    const dir = this.pickDir();
    const file = path.join(dir, entryLogFileName(this.logId));
    this.files.setDir(this.logId, dir);
    const fd = await this.io.open(file, 'wx');
    const header = encodeEntryLogHeader(this.logId);
    await this.io.write(fd, header, 0, header.length, 0);
    await this.io.fdatasync(fd);
    await this.io.fsyncDir(dir);
    this.logFd = fd;
    this.logSize = ENTRY_LOG_HEADER_SIZE;
  }

  /** Verifies an entry log's header (used by tests and tools). */
  async checkLogHeader(logId: number): Promise<boolean> {
    const b = Buffer.alloc(ENTRY_LOG_HEADER_SIZE);
    await this.files.withFd(logId, (fd) => this.io.read(fd, b, 0, b.length, 0));
    return checkEntryLogHeader(b, logId);
  }

  /** Closes the log being written (with its footer when `finish`: a clean close) and every read fd. */
  async close(finish = false): Promise<void> {
    if (finish && this.logFd !== undefined) {
      await this.finishLog().catch((e: unknown) => this.opts.log?.warn({ err: e }, 'could not write the entry log footer; the next start scans the log'));
    }
    if (this.logFd !== undefined) {
      const fd = this.logFd;
      this.logFd = undefined;
      await this.io.close(fd).catch(() => undefined);
    }
    await this.files.closeAll();
  }
}
