// Child process for compaction-crash.test.ts: opens a bookie and the embedded metadata store on
// argv dirs and runs one forced GC pass (ledger GC, then major compaction). The parent sets
// QUIRE_TEST_COMPACTION_CRASH_AT so the process kills itself (SIGKILL) at that compaction step, and
// QUIRE_TEST_COMPACTION_GROUP to split a log's live entries over several output logs.
import { openBookie } from '../../bookie/bookie-impl.js';
import { childLogger } from '../../common/logger.js';
import { BookieGarbageCollector, ledgerManagerGcSource } from '../../bookie/storage/garbage-collector.js';
import { openFormattedMetadata } from '../../harness/gc-fixtures.js';

const [journalDir, ledgerDir, metadataDir] = process.argv.slice(2);
const log = childLogger('compaction-crash-child');
log.level = 'silent';
const md = await openFormattedMetadata(metadataDir!);
const bookie = await openBookie({ journalDirectories: [journalDir!], ledgerDirectories: [ledgerDir!], journalPreAllocSizeMB: 1, entryLogSizeLimit: 256 * 1024, writeCacheMaxSizeBytes: 64 * 1024, flushInterval: 0 }, log);
const gc = new BookieGarbageCollector(
  bookie,
  ledgerManagerGcSource(md.ledgers),
  { gcWaitTime: 3_600_000, gcLedgerMinAgeMs: 0, compactionRateByEntries: 0, minorCompactionInterval: 0, majorCompactionInterval: 0, forceAllowCompaction: true, compactionMaxEntriesPerOutput: Number(process.env.QUIRE_TEST_COMPACTION_GROUP ?? '100000') },
  log,
);
await gc.triggerGc();
process.stdout.write(`finished ${gc.stats().compactedEntries}\n`);
await gc.close();
await bookie.close();
await md.close();
