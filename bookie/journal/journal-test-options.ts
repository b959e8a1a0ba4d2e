// Journal options for tests: small preallocation, real fdatasync, roomy queue bounds.
import type { JournalOptions } from './journal.js';

export function journalTestOptions(dir: string, over: Partial<JournalOptions> = {}): JournalOptions {
  return {
    dir,
    syncData: true,
    maxGroupWaitMs: 2,
    bufferedWritesThreshold: 512 * 1024,
    maxEntriesPerBatch: 1000,
    flushWhenQueueEmpty: true,
    preAllocSize: 64 * 1024,
    maxSegmentSize: 64 * 1024 * 1024,
    queueMaxBytes: 64 * 1024 * 1024,
    queueMaxRecords: 10_000,
    ...over,
  };
}
