// The bookie's Prometheus metrics. Operation latencies are histograms carrying BookKeeper's names
// (BookKeeperServerStats: server scope `bookkeeper_server_`, bookie scope `bookie_`, journal scope
// `bookie_journal_`; label success="true"|"false" as BookKeeper's OpStatsLogger splits them), so
// dashboards built for a Java bookie find the same series. The older quire_bookie_* series stay.
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { AddOptions, Bookie, BookieInfo, LacWaitResult } from '../bookie.js';
import type { JournalObserver } from '../journal/journal.js';
import type { BookieStorageStats } from '../bookie-impl.js';
import type { LedgerDirsMonitor } from '../disk/ledger-dirs-monitor.js';
import type { BookieStateManager } from '../bookie-state-manager.js';
import type { GcControl } from './gc-control.js';
import type { ReadAheadStats } from '../storage/read-ahead-cache.js';
import type { ReplyObserver } from '../server/bookie-connection.js';
import { BucketHistogram, FastCounter, OutcomeHistogram, registerBucketHistogram } from '../../common/bucket-histogram.js';
import type { BlockedWaitObserver } from '../server/bookie-server.js';
import type { InProgressStats } from '../server/in-progress-limiter.js';

/** Seconds; from 50 µs (a cached read) to 10 s (a stalled disk). */
const LATENCY_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Observed per entry on the add and read paths: a bucket scan, not prom-client's label hashing. */
type OpHistogram = OutcomeHistogram;

/** The auditor's counts the bookie exports (autorecovery/auditor.ts AuditorStats has them; cli/ binds it). */
export interface AuditorGauges {
  readonly ledgersNotAdheringToPlacementPolicy: number;
  readonly ledgersSoftlyAdheringToPlacementPolicy: number;
  readonly urLedgersElapsedRecoveryGracePeriod: number;
  readonly ledgersHavingNoReplicaOfAnEntry: number;
  readonly ledgersHavingLessThanAQReplicasOfAnEntry: number;
  readonly ledgersHavingLessThanWQReplicasOfAnEntry: number;
}

export class BookieMetrics {
  readonly registry = new Registry();
  readonly serverAddEntry: OpHistogram;
  readonly serverReadEntry: OpHistogram;
  readonly bookieAddEntry: OpHistogram;
  readonly bookieReadEntry: OpHistogram;
  readonly journalAddEntry: OpHistogram;
  readonly journalSync: OpHistogram;
  readonly addEntryBlockedWait: OpHistogram;
  readonly readEntryBlockedWait: OpHistogram;
  readonly addEntryBytes: FastCounter;
  readonly readEntryBytes: FastCounter;

  constructor() {
    // GC pauses in the add path's buckets (prom-client's default ones start at 1 ms and jump to
    // 10 ms, too coarse to see the 10-60 ms pauses that make the add tail: bench/results/2026-12-04-open-loop-tail.md).
    collectDefaultMetrics({ register: this.registry, prefix: 'quire_bookie_', gcDurationBuckets: LATENCY_BUCKETS });
    const op = (name: string, help: string): OpHistogram =>
      registerBucketHistogram(this.registry, new OutcomeHistogram(name, help, LATENCY_BUCKETS));
    this.serverAddEntry = op('bookkeeper_server_ADD_ENTRY', 'add request: received to answered (seconds)');
    this.serverReadEntry = op('bookkeeper_server_READ_ENTRY', 'read request: received to answered (seconds)');
    this.bookieAddEntry = op('bookie_BOOKIE_ADD_ENTRY', 'bookie add: accepted to durable in the journal (seconds)');
    this.bookieReadEntry = op('bookie_BOOKIE_READ_ENTRY', 'bookie read from write cache, read-ahead cache or entry log (seconds)');
    this.journalAddEntry = op('bookie_journal_JOURNAL_ADD_ENTRY', 'journal record: queued to fdatasync-covered (seconds)');
    this.journalSync = op('bookie_journal_JOURNAL_SYNC', 'journal fdatasync duration (seconds)');
    // RequestStats' ADD_ENTRY_BLOCKED_WAIT / READ_ENTRY_BLOCKED_WAIT: one observation per time a
    // connection stopped being read for want of an in-progress permit, when it got one.
    this.addEntryBlockedWait = op('bookkeeper_server_ADD_ENTRY_BLOCKED_WAIT', 'a connection blocked at maxAddsInProgressLimit: blocked to unblocked (seconds)');
    this.readEntryBlockedWait = op('bookkeeper_server_READ_ENTRY_BLOCKED_WAIT', 'a connection blocked at maxReadsInProgressLimit: blocked to unblocked (seconds)');
    this.addEntryBytes = registerBucketHistogram(this.registry, new FastCounter('bookie_BOOKIE_ADD_ENTRY_BYTES', 'bytes of entries added'));
    this.readEntryBytes = registerBucketHistogram(this.registry, new FastCounter('bookie_BOOKIE_READ_ENTRY_BYTES', 'bytes of entries read'));
  }

  journalObserver(): JournalObserver {
    const ok = { success: 'true' };
    const bad = { success: 'false' };
    return {
      sync: (s, success) => this.journalSync.observe(success ? ok : bad, s),
      recordDurable: (s, success) => this.journalAddEntry.observe(success ? ok : bad, s),
      ...this.journalBreakdown(),
    };
  }

  /**
   * The add path's stages, for finding where the time goes (docs/operations.md "Latency
   * breakdown"). Per-entry stages use BucketHistogram (no prom-client work per entry), as the
   * operation histograms above use OutcomeHistogram; per-group
   * ones (write, group size, reply write) are observed once per group.
   */
  readonly breakdown = (() => {
    const h = (name: string, help: string, buckets?: readonly number[]) =>
      registerBucketHistogram(this.registry, new BucketHistogram(name, help, buckets, { success: 'true' }));
    const sizes = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];
    return {
      queue: h('bookie_journal_JOURNAL_QUEUE_LATENCY', 'journal entry: enqueued to taken by a write step (seconds)'),
      flush: h('bookie_journal_JOURNAL_FLUSH_LATENCY', 'one group commit write() to the journal file, before fdatasync (seconds)'),
      batchEntries: h('bookie_journal_JOURNAL_FORCE_WRITE_BATCH_ENTRIES', 'journal records made durable by one fdatasync', sizes),
      batchBytes: h('bookie_journal_JOURNAL_FORCE_WRITE_BATCH_BYTES', 'journal bytes made durable by one fdatasync', sizes.map((n) => n * 1024)),
      writeCache: h('bookie_add_entry', 'add: insert into the write cache (DbLedgerStorage add-entry, seconds)'),
      channelWrite: h('bookkeeper_server_CHANNEL_WRITE', 'replies: oldest reply queued (an add: durable) to written to the socket (seconds)'),
      channelWriteReplies: h('bookkeeper_server_CHANNEL_WRITE_REPLIES', 'replies carried by one socket write', sizes),
    };
  })();

  private journalBreakdown(): Pick<JournalObserver, 'queueWait' | 'write' | 'groupCommit'> {
    const b = this.breakdown;
    return {
      queueWait: (s) => b.queue.observe(s),
      // A failed write fails the journal (nothing is acked after it): only successes are timed.
      write: (s, success) => {
        if (success) b.flush.observe(s);
      },
      groupCommit: (records, bytes) => {
        b.batchEntries.observe(records);
        b.batchBytes.observe(bytes);
      },
    };
  }

  /** Times the write-cache insert of each add (BookieStorageOptions.writeCacheObserver). */
  writeCacheObserver(): (seconds: number) => void {
    const h = this.breakdown.writeCache;
    return (s) => h.observe(s);
  }

  /** Times reply writes to the socket (BookieServerOptions.replyObserver). */
  replyObserver(): ReplyObserver {
    const b = this.breakdown;
    return {
      replyWritten: (s, replies) => {
        b.channelWrite.observe(s);
        b.channelWriteReplies.observe(replies);
      },
    };
  }

  blockedWaitObserver(): BlockedWaitObserver {
    return {
      addBlocked: (s) => this.addEntryBlockedWait.observe(OK, s),
      readBlocked: (s) => this.readEntryBlockedWait.observe(OK, s),
    };
  }

  /** Gauges and counters read from the parts when scraped. */
  bind(parts: {
    storageStats: () => BookieStorageStats;
    readAhead?: () => ReadAheadStats & { bytes: number };
    connections: () => number;
    inFlight: () => number;
    inProgress?: () => { add: InProgressStats; read: InProgressStats };
    readOnly: () => boolean;
    state?: BookieStateManager;
    dirs?: LedgerDirsMonitor;
    ledgerDirCount: number;
    gc?: GcControl;
  }): void {
    const r = [this.registry];
    const journal = () => parts.storageStats().journal;
    // Spelled { name: '...', help } so the docs test finds every name in the source.
    const counter = (m: { name: string; help: string }, v: () => number) =>
      new Counter({ ...m, registers: r, collect() { this.reset(); this.inc(v()); } });
    const gauge = (m: { name: string; help: string }, v: () => number) => new Gauge({ ...m, registers: r, collect() { this.set(v()); } });
    counter({ name: 'quire_bookie_journal_records_total', help: 'records appended to the journal' }, () => journal().records);
    counter({ name: 'quire_bookie_journal_writes_total', help: 'journal write calls (group-commit batches)' }, () => journal().writes);
    counter({ name: 'quire_bookie_journal_fsyncs_total', help: 'journal fdatasync calls' }, () => journal().syncs);
    counter({ name: 'quire_bookie_journal_bytes_total', help: 'bytes written to the journal' }, () => journal().bytes);
    counter({ name: 'bookie_journal_JOURNAL_WRITE_BYTES', help: 'bytes written to the journal (BookKeeper name)' }, () => journal().bytes);
    counter({ name: 'quire_bookie_checkpoints_total', help: 'completed checkpoints' }, () => parts.storageStats().checkpoints);
    gauge({ name: 'quire_bookie_connections', help: 'open client connections' }, parts.connections);
    gauge({ name: 'quire_bookie_in_flight_requests', help: 'requests being processed' }, parts.inFlight);
    if (parts.inProgress) {
      const ip = parts.inProgress;
      gauge({ name: 'bookkeeper_server_ADD_ENTRY_IN_PROGRESS', help: 'adds being processed (bounded by maxAddsInProgressLimit)' }, () => ip().add.inProgress);
      gauge({ name: 'bookkeeper_server_ADD_ENTRY_BLOCKED', help: 'connections not read now: waiting for an add permit' }, () => ip().add.blocked);
      gauge({ name: 'bookkeeper_server_READ_ENTRY_IN_PROGRESS', help: 'reads being processed (bounded by maxReadsInProgressLimit)' }, () => ip().read.inProgress);
      gauge({ name: 'bookkeeper_server_READ_ENTRY_BLOCKED', help: 'connections not read now: waiting for a read permit' }, () => ip().read.blocked);
      // BookKeeper keeps these as RequestStats.maxAddsInProgress / maxReadsInProgress (for its tests).
      gauge({ name: 'quire_bookie_add_entry_in_progress_max', help: 'most adds in progress at once since start' }, () => ip().add.maxInProgress);
      gauge({ name: 'quire_bookie_read_entry_in_progress_max', help: 'most reads in progress at once since start' }, () => ip().read.maxInProgress);
    }
    gauge({ name: 'quire_bookie_read_only', help: '1 when the bookie is read-only' }, () => (parts.readOnly() ? 1 : 0));
    // BookKeeper's SERVER_STATUS: 1 writable, 0 read-only.
    gauge({ name: 'bookkeeper_server_SERVER_STATUS', help: '1 = writable, 0 = read-only' }, () => (parts.readOnly() ? 0 : 1));
    if (parts.readAhead) {
      const ra = parts.readAhead;
      // DbLedgerStorageStats' names for the read cache.
      counter({ name: 'bookie_read_cache_hits', help: 'reads served by the read-ahead cache' }, () => ra().hits);
      counter({ name: 'bookie_read_cache_misses', help: 'reads that went to the entry log' }, () => ra().misses);
      counter({ name: 'bookie_readahead_batch_count', help: 'read-ahead batches run' }, () => ra().batches);
      counter({ name: 'bookie_readahead_batch_size', help: 'entries read ahead' }, () => ra().entriesRead);
      gauge({ name: 'bookie_read_cache_size', help: 'bytes held by the read-ahead cache' }, () => ra().bytes);
    }
    gauge({ name: 'bookie_ledger_num_dirs', help: 'configured ledger directories' }, () => parts.ledgerDirCount);
    if (parts.dirs) {
      const dirs = parts.dirs;
      gauge({ name: 'bookie_ledger_writable_dirs', help: 'ledger directories in use with room (0 = read-only for space)' }, () => dirs.writableDirs('ledger').length);
    }
    if (parts.gc) {
      const gc = parts.gc;
      const s = () => gc.stats();
      counter({ name: 'bookie_MAJOR_COMPACTION_TOTAL', help: 'major compactions run' }, () => s().MAJOR_COMPACTION_TOTAL);
      counter({ name: 'bookie_MINOR_COMPACTION_TOTAL', help: 'minor compactions run' }, () => s().MINOR_COMPACTION_TOTAL);
      counter({ name: 'bookie_RECLAIMED_DELETION_SPACE_BYTES', help: 'bytes reclaimed by deleting entry logs' }, () => s().RECLAIMED_DELETION_SPACE_BYTES);
      counter({ name: 'bookie_RECLAIMED_COMPACTION_SPACE_BYTES', help: 'bytes reclaimed by compaction' }, () => s().RECLAIMED_COMPACTION_SPACE_BYTES);
      counter({ name: 'bookie_RECLAIM_FAILED_TO_DELETE', help: 'entry logs that could not be deleted' }, () => s().RECLAIM_FAILED_TO_DELETE);
      counter({ name: 'bookie_DELETED_LEDGER_TOTAL', help: 'ledgers garbage-collected' }, () => s().DELETED_LEDGER_TOTAL);
      gauge({ name: 'bookie_ACTIVE_ENTRY_LOG_TOTAL', help: 'finished entry logs' }, () => s().ACTIVE_ENTRY_LOG_TOTAL);
      gauge({ name: 'bookie_ACTIVE_ENTRY_LOG_SPACE_BYTES', help: 'live bytes in entry logs' }, () => s().ACTIVE_ENTRY_LOG_SPACE_BYTES);
      gauge({ name: 'bookie_ENTRY_LOG_SPACE_BYTES', help: 'bytes in entry logs' }, () => s().ENTRY_LOG_SPACE_BYTES);
      gauge({ name: 'bookie_ACTIVE_LEDGER_TOTAL', help: 'ledgers on this bookie' }, () => s().ACTIVE_LEDGER_TOTAL);
      gauge({ name: 'bookie_GC_LEDGER_RUNTIME', help: 'last ledger GC pass (ms)' }, () => s().lastGcLedgerRuntimeMs);
      gauge({ name: 'bookie_COMPACT_RUNTIME', help: 'last compaction pass (ms)' }, () => s().lastCompactRuntimeMs);
      gauge({ name: 'bookie_THREAD_RUNTIME', help: 'last GC run (ms)' }, () => s().lastThreadRuntimeMs);
    }
  }

  /** The bookie seen by the request processor, timing every add and read. */
  /**
   * The auditor's counts under BookKeeper's "auditor" scope (`auditor_<GAUGE>`): the last
   * placement-policy and replicas check of the auditor elected in this process, 0 while another
   * process is the auditor.
   */
  bindAuditor(stats: () => AuditorGauges | undefined): void {
    const r = [this.registry];
    const gauge = (m: { name: string; help: string }, v: (s: AuditorGauges) => number) => new Gauge({ ...m, registers: r, collect() { const s = stats(); this.set(s ? v(s) : 0); } });
    gauge({ name: 'auditor_NUM_LEDGERS_NOT_ADHERING_TO_PLACEMENT_POLICY', help: 'closed ledgers with a segment breaking the placement policy (last check)' }, (s) => s.ledgersNotAdheringToPlacementPolicy);
    gauge({ name: 'auditor_NUM_LEDGERS_SOFTLY_ADHERING_TO_PLACEMENT_POLICY', help: 'closed ledgers meeting the placement policy only softly (last check)' }, (s) => s.ledgersSoftlyAdheringToPlacementPolicy);
    gauge({ name: 'auditor_NUM_UNDERREPLICATED_LEDGERS_ELAPSED_RECOVERY_GRACE_PERIOD', help: 'marks older than underreplicatedLedgerRecoveryGracePeriod (last check)' }, (s) => s.urLedgersElapsedRecoveryGracePeriod);
    gauge({ name: 'auditor_NUM_LEDGERS_HAVING_NO_REPLICA_OF_AN_ENTRY', help: 'closed ledgers with an entry no bookie holds (last replicas check)' }, (s) => s.ledgersHavingNoReplicaOfAnEntry);
    gauge({ name: 'auditor_NUM_LEDGERS_HAVING_LESS_THAN_AQ_REPLICAS_OF_AN_ENTRY', help: 'closed ledgers with an entry on fewer than Qa bookies (last replicas check)' }, (s) => s.ledgersHavingLessThanAQReplicasOfAnEntry);
    gauge({ name: 'auditor_NUM_LEDGERS_HAVING_LESS_THAN_WQ_REPLICAS_OF_AN_ENTRY', help: 'closed ledgers with an entry on fewer than Qw bookies (last replicas check)' }, (s) => s.ledgersHavingLessThanWQReplicasOfAnEntry);
  }

  measured(inner: Bookie): Bookie {
    return new MeasuredBookie(inner, this);
  }
}

const OK = { success: 'true' } as const;
const FAILED = { success: 'false' } as const;

/** Times BookKeeper's BOOKIE_ADD_ENTRY / BOOKIE_READ_ENTRY around the storage contract. */
class MeasuredBookie implements Bookie {
  constructor(
    private readonly b: Bookie,
    private readonly m: BookieMetrics,
  ) {}

  get isReadOnly(): boolean {
    return this.b.isReadOnly;
  }

  addEntry(ledgerId: bigint, entryId: bigint, masterKey: Buffer, entry: Buffer, options: AddOptions): Promise<void> {
    return new Promise((resolve, reject) => this.addEntryCb(ledgerId, entryId, masterKey, entry, options, (e) => (e ? reject(e) : resolve())));
  }

  addEntryCb(ledgerId: bigint, entryId: bigint, masterKey: Buffer, entry: Buffer, options: AddOptions, done: (err: unknown) => void): void {
    const t0 = performance.now();
    const bytes = entry.length;
    const finish = (err: unknown): void => {
      const s = (performance.now() - t0) / 1000;
      this.m.bookieAddEntry.observe(err ? FAILED : OK, s);
      this.m.serverAddEntry.observe(err ? FAILED : OK, s);
      if (!err) this.m.addEntryBytes.inc(bytes);
      done(err);
    };
    if (this.b.addEntryCb) this.b.addEntryCb(ledgerId, entryId, masterKey, entry, options, finish);
    else this.b.addEntry(ledgerId, entryId, masterKey, entry, options).then(() => finish(undefined), (e: unknown) => finish(e ?? new Error('add failed')));
  }

  async readEntry(ledgerId: bigint, entryId: bigint): Promise<Buffer> {
    const t0 = performance.now();
    try {
      const b = await this.b.readEntry(ledgerId, entryId);
      const s = (performance.now() - t0) / 1000;
      this.m.bookieReadEntry.observe(OK, s);
      this.m.serverReadEntry.observe(OK, s);
      this.m.readEntryBytes.inc(b.length);
      return b;
    } catch (e) {
      const s = (performance.now() - t0) / 1000;
      this.m.bookieReadEntry.observe(FAILED, s);
      this.m.serverReadEntry.observe(FAILED, s);
      throw e;
    }
  }

  /**
   * A run read (v2 batch read): each entry counts as one read taking the run's mean time, as
   * BookKeeper's batch read observes one readEntry per entry. Left out when the inner bookie has
   * no run read.
   */
  get readEntries(): Bookie['readEntries'] {
    const inner = this.b;
    if (!inner.readEntries) return undefined;
    return async (ledgerId, startEntryId, limits) => {
      const t0 = performance.now();
      let r: Awaited<ReturnType<NonNullable<Bookie['readEntries']>>>;
      try {
        r = await inner.readEntries!(ledgerId, startEntryId, limits);
      } catch (e) {
        const s = (performance.now() - t0) / 1000;
        this.m.bookieReadEntry.observe(FAILED, s);
        this.m.serverReadEntry.observe(FAILED, s);
        throw e;
      }
      const s = (performance.now() - t0) / 1000 / r.entries.length;
      let bytes = 0;
      for (const e of r.entries) {
        this.m.bookieReadEntry.observe(OK, s);
        this.m.serverReadEntry.observe(OK, s);
        bytes += e.length;
      }
      this.m.readEntryBytes.inc(bytes);
      return r;
    };
  }

  fenceLedger(ledgerId: bigint, masterKey: Buffer): Promise<void> {
    return this.b.fenceLedger(ledgerId, masterKey);
  }
  getLastAddConfirmed(ledgerId: bigint): Promise<bigint> {
    return this.b.getLastAddConfirmed(ledgerId);
  }
  waitForLacUpdate(ledgerId: bigint, previousLac: bigint, timeoutMs: number): Promise<LacWaitResult> {
    return this.b.waitForLacUpdate(ledgerId, previousLac, timeoutMs);
  }
  setExplicitLac(ledgerId: bigint, masterKey: Buffer, lacBlob: Buffer): Promise<void> {
    return this.b.setExplicitLac(ledgerId, masterKey, lacBlob);
  }
  readLac(ledgerId: bigint): Promise<{ lacBody?: Buffer; lastEntryBody?: Buffer }> {
    return this.b.readLac(ledgerId);
  }
  forceLedger(ledgerId: bigint): Promise<void> {
    return this.b.forceLedger(ledgerId);
  }
  listEntries(ledgerId: bigint): Promise<bigint[]> {
    return this.b.listEntries(ledgerId);
  }
  getBookieInfo(): Promise<BookieInfo> {
    return this.b.getBookieInfo();
  }
  close(): Promise<void> {
    return this.b.close();
  }
}
