// Test scaffolding shared by the journal's tests: a fresh directory per test and the options of a
// small journal in it.
import { beforeEach, afterEach } from 'node:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JournalOptions } from '../../bookie/journal/journal.js';

/** Registers a fresh temporary directory per test; `current()` is the running test's. */
export function journalTestDir(prefix: string): { current: () => string } {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { current: () => dir };
}

/** Group-commit settings like the bookie's defaults, small segments and preallocation. */
export function testJournalOptions(dir: string, over: Partial<JournalOptions> = {}): JournalOptions {
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
