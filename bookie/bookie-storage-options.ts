// The bookie storage options (journal, ledger storage, checkpoint, bounds), named after
// BookKeeper's settings where it has one; docs/operations.md lists them with their bounds.
import type { FileIo, FileSystem } from '../common/durable-file.js';
import type { Timers } from '../common/timers.js';
import type { JournalObserver } from './journal/journal.js';
import type { OpenLedgerIndex } from './storage/ledger-index.js';

export interface BookieStorageOptions {
  /** Journal directories: one journal in each; ledger → journal signSafeMod(ledgerId, n) (journal-list.ts). */
  readonly journalDirectories: readonly string[];
  /**
   * Ledger directories: entry logs spread over all of them (each new log into the next one with
   * room); the index lives in the first.
   */
  readonly ledgerDirectories: readonly string[];
  /** The ledger directories with room now (the disk checker's writable dirs); all when absent. */
  readonly writableLedgerDirs?: () => readonly string[];
  /** false: ack adds after the journal write without fdatasync (benchmarks only). */
  readonly journalSyncData: boolean;
  readonly journalMaxGroupWaitMSec: number;
  /** Bytes per journal write (group-commit batch bound). */
  readonly journalBufferedWritesThreshold: number;
  /** Records per journal write (group-commit batch bound). */
  readonly journalBufferedEntriesThreshold: number;
  /** Write a lone record at once when the journal is idle instead of waiting for company. */
  readonly journalFlushWhenQueueEmpty: boolean;
  readonly journalPreAllocSizeMB: number;
  readonly journalMaxSizeMB: number;
  /** Reuse trimmed journal segment files (BookKeeper's journalReuseFiles; journal-files.ts). */
  readonly journalReuseFiles: boolean;
  /** Records queued ahead of group commit before adds get TOO_MANY_REQUESTS. */
  readonly journalQueueSize: number;
  /** Bytes queued ahead of group commit before adds get TOO_MANY_REQUESTS. */
  readonly journalQueueMaxBytes: number;
  /** Checkpoint period, ms. */
  readonly flushInterval: number;
  readonly entryLogSizeLimit: number;
  /** Write cache bound in bytes (active + being flushed). */
  readonly writeCacheMaxSizeBytes: number;
  /** Read-ahead cache bound in bytes (dbStorage_readAheadCacheMaxSizeMb; 0 = off). */
  readonly readAheadCacheMaxSizeBytes: number;
  /** Entries read ahead after a miss (dbStorage_readAheadCacheBatchSize). */
  readonly readAheadCacheBatchSize: number;
  readonly maxLongPollWaiters: number;
  /**
   * How long an add may wait for room in a full write cache before TOO_MANY_REQUESTS
   * (BookKeeper's dbStorage_maxThrottleTimeMs). Waiting is backpressure the client sees as latency;
   * refusing makes it replace the bookie. 0 = refuse at once.
   */
  readonly maxThrottleTimeMs: number;
  /** Long-poll waits longer than this end early with the current LAC. */
  readonly maxLongPollTimeoutMs: number;
  readonly readOnly: boolean;
  /** Let high-priority (recovery) adds through while read-only. */
  readonly allowHighPriorityWritesWhenReadOnly: boolean;
  /** Fault injection for tests; the real file system when absent. */
  readonly fileIo?: FileIo;
  /** Journal latency metrics (bookie_journal_JOURNAL_SYNC, JOURNAL_ADD_ENTRY). */
  readonly journalObserver?: JournalObserver;
  /** Seconds one add spent inserting into the write cache (DbLedgerStorage's add-entry, bookie_add_entry). */
  readonly writeCacheObserver?: (seconds: number) => void;
  /**
   * Injection seams for the seeded simulation (test/quorum/sim/): the file system, the clock and
   * timers, and the ledger index. Absent in production: node:fs, node's timers, LevelDB.
   */
  readonly fileSystem?: FileSystem;
  readonly timers?: Timers;
  readonly openLedgerIndex?: OpenLedgerIndex;
}

export const DEFAULT_BOOKIE_STORAGE_OPTIONS: Omit<BookieStorageOptions, 'journalDirectories' | 'ledgerDirectories'> = {
  journalSyncData: true,
  journalMaxGroupWaitMSec: 2,
  journalBufferedWritesThreshold: 512 * 1024,
  journalBufferedEntriesThreshold: 5000,
  journalFlushWhenQueueEmpty: true,
  journalPreAllocSizeMB: 16,
  journalMaxSizeMB: 2048,
  journalReuseFiles: false,
  journalQueueSize: 100_000,
  journalQueueMaxBytes: 256 * 1024 * 1024,
  flushInterval: 60_000,
  entryLogSizeLimit: 1024 * 1024 * 1024,
  writeCacheMaxSizeBytes: 64 * 1024 * 1024,
  readAheadCacheMaxSizeBytes: 16 * 1024 * 1024,
  readAheadCacheBatchSize: 100,
  maxLongPollWaiters: 10_000,
  maxThrottleTimeMs: 10_000,
  maxLongPollTimeoutMs: 120_000,
  readOnly: false,
  allowHighPriorityWritesWhenReadOnly: false,
};
