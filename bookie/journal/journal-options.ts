// The journal's settings, latency observer and counters (journal.ts is the journal itself).
import type { Logger } from '../../common/logger.js';
import type { QuireError } from '../../common/errors.js';
import type { FileIo, FileSystem } from '../../common/durable-file.js';
import type { Timers } from '../../common/timers.js';

export interface JournalOptions {
  readonly dir: string;
  /** false: write without fdatasync (benchmarks only); records are acked after the write. */
  readonly syncData: boolean;
  readonly maxGroupWaitMs: number;
  readonly bufferedWritesThreshold: number;
  readonly maxEntriesPerBatch: number;
  readonly flushWhenQueueEmpty: boolean;
  /** Bytes of zeros written ahead of the write position (0 = none). */
  readonly preAllocSize: number;
  readonly maxSegmentSize: number;
  /**
   * Reuse trimmed segment files instead of deleting them (BookKeeper's journalReuseFiles): records
   * overwrite blocks that are allocated and written already, so no zero fill is needed.
   */
  readonly reuseFiles?: boolean;
  /** Bounds on records queued but not yet written (TOO_MANY_REQUESTS beyond them). */
  readonly queueMaxBytes: number;
  readonly queueMaxRecords: number;
  /** Fault injection for tests: replaces the data calls (write, read, fdatasync) of `fs`. */
  readonly io?: FileIo;
  /** The file system (node:fs when absent; the simulation's in-memory disk). */
  readonly fs?: FileSystem;
  /** Clock and timers for group commit (systemTimers when absent). */
  readonly timers?: Timers;
  readonly log?: Logger;
  /** Called once when the journal fails (the bookie turns read-only on it). */
  readonly onFailure?: (e: QuireError) => void;
  /** Latency observer (metrics): fdatasync durations and record enqueue → durable, in seconds. */
  readonly observer?: JournalObserver;
}

export interface JournalObserver {
  sync(seconds: number, ok: boolean): void;
  recordDurable(seconds: number, ok: boolean): void;
  /** An entry's wait from enqueue until a write step took it (BookKeeper's JOURNAL_QUEUE_LATENCY). */
  queueWait?(seconds: number): void;
  /** One group's write() call (BookKeeper's JOURNAL_FLUSH_LATENCY: to the file system, before fdatasync). */
  write?(seconds: number, ok: boolean): void;
  /** Records and bytes one fdatasync made durable (JOURNAL_FORCE_WRITE_BATCH_ENTRIES / _BYTES). */
  groupCommit?(records: number, bytes: number): void;
}

export interface JournalStats {
  records: number;
  writes: number;
  syncs: number;
  bytes: number;
}
