// What the rest of the bookie (HTTP admin API, disk checker, metrics) may ask of the garbage
// collector, in BookKeeper's vocabulary (GarbageCollectorThread, GCDetailsService,
// TriggerGCService, Suspend/ResumeCompactionService, GarbageCollectorStats). The implementation is
// garbage-collector.ts; this file has no imports so callers can code against it alone.

/** One element of `/api/v1/bookie/gc_details` (BookKeeper's GarbageCollectionStatus, same field names). */
export interface GarbageCollectionStatus {
  /** A forced run (triggerGc) is in progress. */
  readonly forceCompacting: boolean;
  readonly majorCompacting: boolean;
  readonly minorCompacting: boolean;
  /** Wall-clock ms of the end of the last major / minor compaction (start time of the collector before the first). */
  readonly lastMajorCompactionTime: number;
  readonly lastMinorCompactionTime: number;
  /** Quire has no entry-location (RocksDB) compaction: always the collector's start time. */
  readonly lastEntryLocationCompactionTime: number;
  readonly majorCompactionCounter: number;
  readonly minorCompactionCounter: number;
  /** Always 0 (see lastEntryLocationCompactionTime). */
  readonly entryLocationCompactionCounter: number;
}

/** Counters and gauges with BookKeeper's metric names (bookie scope), for `/metrics`. */
export interface GarbageCollectorStats {
  readonly MINOR_COMPACTION_TOTAL: number;
  readonly MAJOR_COMPACTION_TOTAL: number;
  /** Bytes given back by deleting entry logs whose ledgers are all gone. */
  readonly RECLAIMED_DELETION_SPACE_BYTES: number;
  /** Bytes given back by compacting entry logs (old size − copied size). */
  readonly RECLAIMED_COMPACTION_SPACE_BYTES: number;
  readonly RECLAIM_FAILED_TO_DELETE: number;
  /** Ledgers removed from this bookie because the metadata store proved them deleted. */
  readonly DELETED_LEDGER_TOTAL: number;
  /** Finished entry logs known to the collector. */
  readonly ACTIVE_ENTRY_LOG_TOTAL: number;
  /** Bytes of live ledgers in those logs. */
  readonly ACTIVE_ENTRY_LOG_SPACE_BYTES: number;
  /** Bytes of all records in those logs. */
  readonly ENTRY_LOG_SPACE_BYTES: number;
  /** Ledgers this bookie holds (at the last run). */
  readonly ACTIVE_LEDGER_TOTAL: number;
  /** Entry bytes copied by compaction, and the ms spent copying (MB/s = bytes / ms / 1000). */
  readonly compactedBytes: number;
  readonly compactedEntries: number;
  readonly compactionMillis: number;
  /** Runs that ended with an error (nothing deleted by them past the error). */
  readonly failedRuns: number;
  /** Durations of finished runs (ms): ledger GC (GC_LEDGER_RUNTIME), compaction (COMPACT_RUNTIME), whole run (THREAD_RUNTIME). */
  readonly lastGcLedgerRuntimeMs: number;
  readonly lastCompactRuntimeMs: number;
  readonly lastThreadRuntimeMs: number;
}

export interface GcTriggerOptions {
  /** Run major compaction in this forced run (default: unless major is suspended). */
  readonly forceMajor?: boolean;
  /** Run minor compaction in this forced run (default: unless minor is suspended). */
  readonly forceMinor?: boolean;
}

/**
 * The garbage collector of one bookie (all its ledger directories). Every method is safe to call
 * at any time, also after close (then they do nothing).
 */
export interface GarbageCollector {
  /**
   * Forces a run now (BookKeeper's enableForceGC / PUT /api/v1/bookie/gc). While it runs,
   * `isInForceGc` is true; a trigger during a forced run joins it. The promise resolves when the
   * run ends (HTTP handlers need not wait for it); it never rejects (failures are logged and counted).
   */
  triggerGc(options?: GcTriggerOptions): Promise<void>;
  /** GET /api/v1/bookie/gc → `{"is_in_force_gc": "<this>"}`. */
  readonly isInForceGc: boolean;
  suspendMajor(): void;
  suspendMinor(): void;
  resumeMajor(): void;
  resumeMinor(): void;
  /** GET /api/v1/bookie/gc/suspend_compaction → isMajorGcSuspended / isMinorGcSuspended. */
  readonly isMajorGcSuspended: boolean;
  readonly isMinorGcSuspended: boolean;
  /** GET /api/v1/bookie/gc_details: one status per ledger directory (Quire: one). */
  details(): GarbageCollectionStatus[];
  stats(): GarbageCollectorStats;
  /**
   * Disk-checker hooks (BookKeeper's LedgerDirsListener): a full disk suspends minor and major
   * compaction, an almost-full one major compaction, unless isForceGCAllowWhenNoSpace; writable
   * again resumes what these hooks suspended (not what an operator suspended).
   */
  onDiskFull(): void;
  onDiskAlmostFull(): void;
  onDiskWritable(): void;
  /** Stops the timer and waits for a running pass to stop at its next slice. Idempotent. */
  close(): Promise<void>;
}
