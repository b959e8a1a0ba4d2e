// The entry logger (BookKeeper's EntryLogger): appends entries to entry log files
// (<ledger dir>/<16 hex digits>.log, format in entry-log-record.ts) and reads them back by location.
//
// Logs are only ever appended to by this process: at open the next log id is one past the highest
// on disk (an old log's tail past its indexed records may be torn). A new log's header is
// fdatasync'd and its directory entry fsync'd before any entry goes in. Ledger storage writes the
// index only after addEntries returned, so the index never points at bytes that are not durable.
import fs from 'node:fs';
import path from 'node:path';
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
import type { EntryLocation } from './ledger-index-format.js';

export interface EntryLoggerOptions {
  /** Directory holding the entry logs. */
  readonly dir: string;
  /** A log rolls over once the next record would take it past this size (a lone record may exceed it). */
  readonly entryLogSizeLimit: number;
  readonly io?: FileIo;
}

/** Entry-log bytes written and fdatasync'd per step (see addEntries). */
const WRITE_CHUNK = 1024 * 1024;
/** The step when adds are filling the next cache fast (fewer fdatasyncs, so the flush keeps up). */
const WRITE_CHUNK_UNDER_PRESSURE = 4 * 1024 * 1024;

export function ioError(what: string, cause: unknown): QuireError {
  if (cause instanceof QuireError) return cause;
  const msg = cause instanceof Error ? cause.message : String(cause);
  return new QuireError('IO_ERROR', `${what}: ${msg}`, { cause });
}

export class EntryLogger {
  private readonly io: FileIo;
  private readFds = new Map<number, Promise<number>>();
  private logId: number;
  private logFd: number | undefined;
  private logSize = 0;

  private constructor(
    private readonly opts: EntryLoggerOptions,
    nextLogId: number,
  ) {
    this.io = opts.io ?? nodeFileIo;
    this.logId = nextLogId;
  }

  /** Finds the highest log id in the directory; the first write starts the log after it. */
  static async open(opts: EntryLoggerOptions): Promise<EntryLogger> {
    let maxLog = 0;
    for (const name of await fs.promises.readdir(opts.dir)) {
      const m = ENTRY_LOG_NAME_RE.exec(name);
      if (m) maxLog = Math.max(maxLog, parseInt(m[1]!, 16));
    }
    // Never append to an old log: its tail past the indexed records may be torn.
    return new EntryLogger(opts, maxLog + 1);
  }

  /** Reads and checks the record at `loc`. I/O or integrity failures throw IO_ERROR. */
  async readEntry(loc: EntryLocation, ledgerId: bigint, entryId: bigint): Promise<Buffer> {
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
    let chunk = Buffer.allocUnsafeSlow(WRITE_CHUNK_UNDER_PRESSURE);
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
      if (this.logFd === undefined || (this.logSize + size > this.opts.entryLogSizeLimit && this.logSize > ENTRY_LOG_HEADER_SIZE)) {
        await writeChunk();
        await this.rollLog();
      }
      const step = underPressure() ? WRITE_CHUNK_UNDER_PRESSURE : WRITE_CHUNK;
      if (used > 0 && used + size > step) await writeChunk();
      if (size > chunk.length) chunk = Buffer.allocUnsafeSlow(size);
      if (used === 0) chunkStart = this.logSize;
      // The entry header holds (ledgerId, entryId) (checked when it was added): the
      // record's ids are copied from it.
      encodeEntryLogRecordFromEntryInto(chunk, used, entry);
      onLocation(entry, { logId: this.logId, offset: this.logSize, length: entry.length });
      used += size;
      this.logSize += size;
    }
    await writeChunk();
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

  /** Closes the log being written and every read fd. */
  async close(): Promise<void> {
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
  }
}
