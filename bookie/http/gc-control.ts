// What the admin API and the metrics need of the garbage collector: a structural subset of
// bookie/storage/garbage-collector-api.ts's GarbageCollector (BookKeeper's GarbageCollectorThread
// controls), so the collector plugs in as is. No imports: nothing cycles through it.
export interface GcStatusJson {
  readonly forceCompacting: boolean;
  readonly majorCompacting: boolean;
  readonly minorCompacting: boolean;
  readonly lastMajorCompactionTime: number;
  readonly lastMinorCompactionTime: number;
  readonly lastEntryLocationCompactionTime: number;
  readonly majorCompactionCounter: number;
  readonly minorCompactionCounter: number;
  readonly entryLocationCompactionCounter: number;
}

export interface GcStatsView {
  readonly MINOR_COMPACTION_TOTAL: number;
  readonly MAJOR_COMPACTION_TOTAL: number;
  readonly RECLAIMED_DELETION_SPACE_BYTES: number;
  readonly RECLAIMED_COMPACTION_SPACE_BYTES: number;
  readonly RECLAIM_FAILED_TO_DELETE: number;
  readonly DELETED_LEDGER_TOTAL: number;
  readonly ACTIVE_ENTRY_LOG_TOTAL: number;
  readonly ACTIVE_ENTRY_LOG_SPACE_BYTES: number;
  readonly ENTRY_LOG_SPACE_BYTES: number;
  readonly ACTIVE_LEDGER_TOTAL: number;
  readonly lastGcLedgerRuntimeMs: number;
  readonly lastCompactRuntimeMs: number;
  readonly lastThreadRuntimeMs: number;
}

export interface GcControl {
  triggerGc(options?: { forceMajor?: boolean; forceMinor?: boolean }): Promise<void>;
  readonly isInForceGc: boolean;
  suspendMajor(): void;
  suspendMinor(): void;
  resumeMajor(): void;
  resumeMinor(): void;
  readonly isMajorGcSuspended: boolean;
  readonly isMinorGcSuspended: boolean;
  details(): GcStatusJson[];
  stats(): GcStatsView;
  /** Disk-checker hooks (BookKeeper's LedgerDirsListener on the GC thread). */
  onDiskFull(): void;
  onDiskAlmostFull(): void;
  onDiskWritable(): void;
}

