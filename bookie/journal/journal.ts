// The journal: BookKeeper's write-ahead log with group commit.
//
// Callers append records and get a promise that settles once the batch holding the record is
// written and fdatasync'd. Two steps run as a pipeline, one operation of each kind at a time:
//   write step: takes queued records (up to journalBufferedWritesThreshold bytes or
//               maxEntriesPerBatch records), encodes them into one buffer, one write() call;
//   sync step:  one fdatasync covering every batch written so far, then resolves their records.
// While an fdatasync is in flight the next batch is written, so it rides the following fdatasync:
// the number of fsyncs adapts to load instead of to a timer. When the journal is idle and
// flushWhenQueueEmpty is set, a lone record is written on the next event-loop turn instead of
// waiting journalMaxGroupWaitMSec (BookKeeper's journalFlushWhenQueueEmpty); otherwise the first
// record of a group waits up to journalMaxGroupWaitMSec for company.
//
// Segment files are created, reused and trimmed by journal-files.ts; with reuseFiles
// (journalReuseFiles) segments are format 2 and end with an end marker when the journal rolls on.
//
// Any write or fdatasync error puts the journal in a failed state: every pending record is
// rejected with IO_ERROR and every later append fails with IO_ERROR. Nothing is acked after it.
import { QuireError } from '../../common/errors.js';
import {
  JournalRecordType,
  MAX_JOURNAL_RECORD_LENGTH,
  encodeAddEntryRecordInto,
  encodeJournalRecordInto,
  journalRecordSize,
} from './journal-record.js';
import { SEGMENT_END_MARKER_SIZE, SEGMENT_HEADER_SIZE, SEGMENT_VERSION } from './journal-segment.js';
import { type OpenedSegment, createSegment, removeFreeSegments, trimSegments, zeroPiece } from './journal-files.js';
import { SegmentPreallocation } from './journal-preallocation.js';
import { type JournalPosition, writeLastMark } from './last-mark.js';
import { type FileIo, type FileSystem, nodeFileSystem, withFileIo } from '../../common/durable-file.js';
import { systemTimers, type TimerHandle, type Timers } from '../../common/timers.js';

import type { JournalOptions, JournalStats } from './journal-options.js';

export type { JournalObserver, JournalOptions, JournalStats } from './journal-options.js';

/**
 * A queued record; type 0 is a barrier (no bytes, settles with the next fdatasync), type
 * ENTRY_FROM_HEADER an ADD_ENTRY whose ids are the first 16 bytes of `data` (see appendEntry).
 */
interface Pending {
  readonly type: JournalRecordType | typeof BARRIER | typeof ENTRY_FROM_HEADER;
  readonly ledgerId: bigint;
  readonly entryId: bigint;
  readonly data: Buffer | undefined;
  readonly size: number;
  readonly ackOnWrite: boolean;
  /** Called once: undefined when acknowledged, the error when rejected (callbacks, not a promise per record). */
  readonly done: JournalDone;
  /** performance.now() at enqueue, for the queue-wait observer (0 when not observed). */
  readonly queuedAt?: number;
}

/** Completion callback of a queued record: undefined = acknowledged, otherwise the error. */
export type JournalDone = (err: Error | undefined) => void;

/** Settles a record; a throwing callback is a caller bug and must not derail the journal. */
function settle(p: Pending, err: Error | undefined): void {
  try {
    p.done(err);
  } catch (e) {
    queueMicrotask(() => {
      throw e;
    });
  }
}

function promised(start: (done: JournalDone) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => start((err) => (err ? reject(err) : resolve())));
}

const BARRIER = 0;
const ENTRY_FROM_HEADER = -1;
export class Journal {
  readonly stats: JournalStats = { records: 0, writes: 0, syncs: 0, bytes: 0 };
  /** Data calls (write, read, fdatasync); tests swap it to inject faults. */
  private io: FileIo;
  /** Everything else: open, close, directory fsync, unlink. */
  private readonly fsys: FileSystem;
  private readonly timers: Timers;
  private fd: number;
  private segmentId: number;
  /** The current segment's format, header size and records' CRC seed (`fd` is its descriptor, -1 while a roll is between segments). */
  private segment: OpenedSegment;
  /** Serializes segment creation and trimming: both list and rename the free files. */
  private fileOps: Promise<unknown> = Promise.resolve();
  /** Offset where the next batch goes; also the end of completed writes when not writing. */
  private writePos = SEGMENT_HEADER_SIZE;
  /** Zero fill ahead of the writes in the current segment (journal-preallocation.ts). */
  private readonly prealloc: SegmentPreallocation;
  private queue: Pending[] = [];
  private queuedBytes = 0;
  private unsynced: Pending[] = [];
  /** Bytes written since the last fdatasync was started: what the next one makes durable (observer). */
  private unsyncedBytes = 0;
  private writing = false;
  private syncing = false;
  private immediate: TimerHandle | undefined;
  private timer: TimerHandle | undefined;
  private failure: QuireError | undefined;
  private closing = false;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  /** Grown on demand (doubling) to the largest batch written. */
  private batchBuf = Buffer.allocUnsafeSlow(64 * 1024);

  private constructor(
    private readonly opts: JournalOptions,
    seg: OpenedSegment,
    segmentId: number,
  ) {
    this.fsys = journalFs(opts);
    this.io = this.fsys;
    this.timers = opts.timers ?? systemTimers;
    this.fd = seg.fd;
    this.segmentId = segmentId;
    this.segment = seg;
    this.writePos = seg.headerSize;
    this.prealloc = new SegmentPreallocation(
      { io: () => this.io, fd: () => this.fd, failed: () => this.failure, onError: (e) => this.fail('preallocation write', e, []) },
      opts.preAllocSize,
      opts.maxSegmentSize,
      seg.allocatedEnd,
    );
  }

  /** Starts a journal writing to a new segment `segmentId` (after replay of the older ones). */
  static async start(opts: JournalOptions, segmentId: number): Promise<Journal> {
    const fsys = journalFs(opts);
    const reuse = opts.reuseFiles === true;
    // Free files left from when reuse was on only hold disk space.
    const removed = reuse ? 0 : await removeFreeSegments(opts.dir, fsys);
    if (removed > 0) opts.log?.info({ removed }, 'journal: removed free segment files (journalReuseFiles is off)');
    const seg = await createSegment(opts.dir, segmentId, fsys, fsys, initialFill(opts), reuse);
    if (seg.reused) opts.log?.debug({ segmentId }, 'journal: reused a free segment file');
    return new Journal(opts, seg, segmentId);
  }

  get failed(): QuireError | undefined {
    return this.failure;
  }

  /** Position after the last completed write: every record before it has been applied by its caller. */
  writtenPosition(): JournalPosition {
    return { segmentId: this.segmentId, offset: this.writePos };
  }

  /** Throws unless a record of `dataLength` variable bytes can be queued now. */
  checkAdmit(dataLength: number): void {
    if (this.failure) throw this.failure;
    if (this.closing) throw new QuireError('SHUTTING_DOWN', 'journal is closing');
    if (dataLength > MAX_JOURNAL_RECORD_LENGTH - 17) throw new QuireError('ENTRY_TOO_LARGE', `record of ${dataLength} bytes is too large for the journal`);
    if (this.queue.length >= this.opts.queueMaxRecords || this.queuedBytes + dataLength > this.opts.queueMaxBytes) {
      throw new QuireError('TOO_MANY_REQUESTS', 'journal queue is full');
    }
  }

  /**
   * Queues a record. Resolves after the fdatasync covering it (or after the write when
   * ackOnWrite or syncData=false). Call checkAdmit first when side effects depend on admission.
   */
  append(type: JournalRecordType, ledgerId: bigint, entryId: bigint, data: Buffer | undefined, ackOnWrite = false): Promise<void> {
    try {
      this.checkAdmit(data?.length ?? 0);
    } catch (e) {
      return Promise.reject(e);
    }
    const size = journalRecordSize(type, data?.length ?? 0);
    return promised((done) => {
      this.queue.push({ type, ledgerId, entryId, data, size, ackOnWrite, done });
      this.queuedBytes += size;
      this.onEnqueue();
    });
  }

  /**
   * Queues an ADD_ENTRY record for `entry`, taking its ledgerId and entryId from the entry's own
   * header (bytes 0-16): the caller has checked that they are the ids being added. Same bytes on
   * disk as append(ADD_ENTRY, ...), without bigint conversions on the hot path.
   */
  appendEntry(entry: Buffer, ackOnWrite = false): Promise<void> {
    return promised((done) => this.appendEntryCb(entry, ackOnWrite, done));
  }

  /** appendEntry with a completion callback (may be called before this returns, on refusal). */
  appendEntryCb(entry: Buffer, ackOnWrite: boolean, done: JournalDone): void {
    const obs = this.opts.observer;
    let t0 = 0;
    if (obs) {
      t0 = performance.now();
      const inner = done;
      done = (err) => {
        obs.recordDurable((performance.now() - t0) / 1000, err === undefined);
        inner(err);
      };
    }
    try {
      this.checkAdmit(entry.length);
    } catch (e) {
      done(e as Error);
      return;
    }
    const size = journalRecordSize(JournalRecordType.ADD_ENTRY, entry.length);
    this.queue.push({ type: ENTRY_FROM_HEADER, ledgerId: 0n, entryId: 0n, data: entry, size, ackOnWrite, done, queuedAt: t0 });
    this.queuedBytes += size;
    this.onEnqueue();
  }

  /** Resolves after an fdatasync that covers everything appended before this call. */
  barrier(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.queue.length === 0 && !this.writing && this.unsynced.length === 0 && !this.syncing) return Promise.resolve();
    return promised((done) => {
      this.queue.push({ type: BARRIER, ledgerId: 0n, entryId: 0n, data: undefined, size: 0, ackOnWrite: false, done });
      this.onEnqueue();
    });
  }

  private onEnqueue(): void {
    if (this.writing) return; // the write step picks the queue up when it finishes
    if (this.queuedBytes >= this.opts.bufferedWritesThreshold || this.queue.length >= this.opts.maxEntriesPerBatch) {
      this.startWrite();
      return;
    }
    const busy = this.syncing || this.unsynced.length > 0;
    if (busy || this.opts.flushWhenQueueEmpty || this.opts.maxGroupWaitMs <= 0) {
      // Collect what arrives in this event-loop turn, then write.
      this.immediate ??= this.timers.setImmediate(() => {
        this.immediate = undefined;
        this.startWrite();
      });
    } else {
      this.timer ??= this.timers.setTimeout(() => {
        this.timer = undefined;
        this.startWrite();
      }, this.opts.maxGroupWaitMs);
    }
  }

  private clearScheduled(): void {
    if (this.immediate) this.timers.clearImmediate(this.immediate);
    if (this.timer) this.timers.clearTimeout(this.timer);
    this.immediate = undefined;
    this.timer = undefined;
  }

  private startWrite(): void {
    if (this.writing || this.failure || this.queue.length === 0) return;
    this.clearScheduled();
    this.writing = true;
    void this.writeStep();
  }

  private takeBatch(): { batch: Pending[]; bytes: number } {
    const q = this.queue;
    const maxBytes = this.opts.bufferedWritesThreshold;
    const maxRecords = this.opts.maxEntriesPerBatch;
    let n = 0;
    let bytes = 0;
    while (n < q.length && n < maxRecords) {
      const s = q[n]!.size;
      if (n > 0 && bytes + s > maxBytes) break;
      bytes += s;
      n++;
    }
    let batch: Pending[];
    if (n === q.length) {
      batch = q;
      this.queue = [];
    } else {
      batch = q.splice(0, n);
    }
    this.queuedBytes -= bytes;
    const obs = this.opts.observer;
    if (obs?.queueWait) {
      // One clock read per batch; entries appended without timing (other record types) carry 0.
      const now = performance.now();
      for (const p of batch) if (p.queuedAt) obs.queueWait((now - p.queuedAt) / 1000);
    }
    return { batch, bytes };
  }

  private async writeStep(): Promise<void> {
    while (this.queue.length > 0 && !this.failure) {
      const { batch, bytes } = this.takeBatch();
      try {
        if (bytes > 0) {
          if (this.writePos + bytes > this.opts.maxSegmentSize && this.writePos > this.segment.headerSize) await this.roll();
          // Encode before waiting for the zero fill (if at all), so the two overlap.
          if (this.batchBuf.length < bytes) this.batchBuf = Buffer.allocUnsafeSlow(Math.max(bytes, this.batchBuf.length * 2));
          const buf = this.batchBuf;
          let off = 0;
          const seed = this.segment.crcSeed;
          for (const p of batch) {
            if (p.type === ENTRY_FROM_HEADER) off = encodeAddEntryRecordInto(buf, off, p.data!, seed);
            else if (p.type !== BARRIER) off = encodeJournalRecordInto(buf, off, p.type, p.ledgerId, p.entryId, p.data, seed);
          }
          await this.prealloc.ensure(this.writePos + bytes);
          await this.timedWrite(buf, bytes);
          this.writePos += bytes;
          this.stats.writes++;
          this.stats.bytes += bytes;
        }
      } catch (e) {
        this.fail('write', e, batch);
        break;
      }
      this.stats.records += batch.length;
      if (this.failure) {
        // Failed while this write was in flight (an fdatasync error): its records cannot be acked.
        for (const p of batch) settle(p, this.failure);
        break;
      }
      const syncData = this.opts.syncData;
      for (const p of batch) {
        // Barriers never ackOnWrite, so with syncData they always wait for the fdatasync.
        if (!syncData || p.ackOnWrite) settle(p, undefined);
        else this.unsynced.push(p);
      }
      if (syncData) this.unsyncedBytes += bytes;
      this.startSync();
    }
    this.writing = false;
    this.checkIdle();
  }

  private startSync(): void {
    if (this.syncing || this.unsynced.length === 0 || this.failure) return;
    this.syncing = true;
    const group = this.unsynced;
    const groupBytes = this.unsyncedBytes;
    this.unsynced = [];
    this.unsyncedBytes = 0;
    const obs = this.opts.observer;
    const t0 = obs ? performance.now() : 0;
    this.io.fdatasync(this.fd).then(
      () => {
        this.syncing = false;
        this.stats.syncs++;
        if (obs) {
          obs.sync((performance.now() - t0) / 1000, true);
          obs.groupCommit?.(group.length, groupBytes);
        }
        for (const p of group) settle(p, undefined);
        this.startSync();
        if (!this.writing && this.queue.length > 0) this.startWrite();
        this.checkIdle();
      },
      (e: unknown) => {
        this.syncing = false;
        if (obs) obs.sync((performance.now() - t0) / 1000, false);
        this.fail('fdatasync', e, group);
        this.checkIdle();
      },
    );
  }

  /** The group's write() call, timed once per group when observed. */
  private async timedWrite(buf: Buffer, bytes: number): Promise<void> {
    const obs = this.opts.observer;
    if (!obs?.write) {
      await this.io.write(this.fd, buf, 0, bytes, this.writePos);
      return;
    }
    const t0 = performance.now();
    try {
      await this.io.write(this.fd, buf, 0, bytes, this.writePos);
    } catch (e) {
      obs.write((performance.now() - t0) / 1000, false);
      throw e;
    }
    obs.write((performance.now() - t0) / 1000, true);
  }

  /** Rolls to a new segment once every write to the current one is durable. */
  private async roll(): Promise<void> {
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (this.failure || (!this.syncing && this.unsynced.length === 0)) resolve();
        else this.idleWaiters.push(check);
      };
      check();
    });
    if (this.failure) throw this.failure;
    await this.prealloc.stop();
    const old = this.fd;
    // Durable before the next segment exists: from then on this one is replayed as an older
    // segment, whose records must end cleanly.
    await this.writeEndMarker();
    await this.io.fdatasync(old);
    await this.fsys.close(old).catch(() => undefined);
    // Until the next segment is open there is none: a failed creation must not leave close() or
    // abandon() closing a descriptor number the process may have handed to another file since.
    this.fd = -1;
    const next = this.segmentId + 1;
    const seg = await this.withFileOps(() => createSegment(this.opts.dir, next, this.fsys, this.io, initialFill(this.opts), this.opts.reuseFiles === true));
    // Segment id and write position change together, after the new segment exists: a checkpoint
    // taken while it is being created must see (old segment, old end), never (new segment, old
    // end), a mark inside the new segment's records (found by the simulation, seed 262).
    this.fd = seg.fd;
    this.segmentId = next;
    this.segment = seg;
    this.writePos = seg.headerSize;
    this.prealloc.reset(seg.allocatedEnd);
    this.opts.log?.info({ segmentId: this.segmentId, reused: seg.reused }, 'journal: rolled to a new segment');
  }

  /**
   * Ends a format-2 segment's records with a zero-length record at the write position: what
   * follows may be a reused file's stale records. (Format 1 is followed by zero fill or nothing.)
   */
  private async writeEndMarker(): Promise<void> {
    if (this.segment.version === SEGMENT_VERSION) return;
    await this.io.write(this.fd, zeroPiece(), 0, SEGMENT_END_MARKER_SIZE, this.writePos);
  }

  private withFileOps<T>(op: () => Promise<T>): Promise<T> {
    const run = this.fileOps.then(op, op);
    this.fileOps = run.catch(() => undefined);
    return run;
  }

  private fail(what: string, cause: unknown, batch: Pending[]): void {
    if (!this.failure) {
      const msg = cause instanceof Error ? cause.message : String(cause);
      this.failure = new QuireError('IO_ERROR', `journal ${what} failed: ${msg}`, { cause });
      this.opts.log?.error({ err: cause, what }, 'journal failed; no further records will be acknowledged');
      try {
        this.opts.onFailure?.(this.failure);
      } catch (e) {
        this.opts.log?.error({ err: e }, 'journal failure listener threw');
      }
    }
    const err = this.failure;
    this.clearScheduled();
    for (const p of batch) settle(p, err);
    for (const p of this.unsynced) settle(p, err);
    for (const p of this.queue) settle(p, err);
    this.unsynced = [];
    this.unsyncedBytes = 0;
    this.queue = [];
    this.queuedBytes = 0;
    this.prealloc.wake();
  }

  private checkIdle(): void {
    const waiters = this.idleWaiters;
    if (waiters.length === 0) return;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  /** Writes the checkpoint mark durably, then deletes segments wholly before it. */
  async markCheckpoint(mark: JournalPosition): Promise<void> {
    await writeLastMark(this.opts.dir, mark, this.fsys);
    const before = Math.min(mark.segmentId, this.segmentId);
    await this.withFileOps(() => trimSegments(this.opts.dir, before, this.opts.log, this.fsys, this.opts.reuseFiles === true));
  }

  /** Flushes everything queued (write + fdatasync), then closes the segment. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closing = true;
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (this.failure || (this.queue.length === 0 && !this.writing && !this.syncing && this.unsynced.length === 0)) resolve();
        else {
          this.idleWaiters.push(check);
          if (!this.writing && this.queue.length > 0) this.startWrite();
        }
      };
      check();
    });
    if (this.closed) return;
    this.closed = true;
    this.clearScheduled();
    await this.prealloc.stop();
    if (!this.failure && this.segment.version !== SEGMENT_VERSION) {
      // Not needed for replay (this segment is the newest until the next start), but tools that
      // read the segment then see where its records end.
      await this.writeEndMarker()
        .then(() => this.io.fdatasync(this.fd))
        .catch((e: unknown) => this.opts.log?.warn({ err: e }, 'journal: could not write the end marker at close'));
    }
    if (this.fd >= 0) await this.fsys.close(this.fd).catch(() => undefined);
  }

  /**
   * Test hook: stop as if the process died (nothing queued is written; pending records are
   * rejected). Waits only for the write/fdatasync already in flight, so the fd is not reused under it.
   */
  async abandon(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.closing = true;
    this.fail('abandon', new Error('journal abandoned'), []);
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (!this.writing && !this.syncing) resolve();
        else this.idleWaiters.push(check);
      };
      check();
    });
    await this.prealloc.stop();
    if (this.fd >= 0) await this.fsys.close(this.fd).catch(() => undefined);
  }
}

/** The journal's file system: opts.fs (node:fs when absent) with opts.io's data calls. */
function journalFs(opts: JournalOptions): FileSystem {
  return withFileIo(opts.fs ?? nodeFileSystem, opts.io);
}

/** Zeros written when a segment is created: the first preallocation chunk, within the segment bound. */
function initialFill(opts: JournalOptions): number {
  return Math.max(0, Math.min(opts.preAllocSize, opts.maxSegmentSize - SEGMENT_HEADER_SIZE));
}
