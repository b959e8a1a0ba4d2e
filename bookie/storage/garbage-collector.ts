// The bookie's garbage collector (BookKeeper's GarbageCollectorThread + ScanAndCompareGarbageCollector):
// every gcWaitTime ms, or when forced,
//   1. ledgers: removes the local state of ledgers the metadata store proves deleted
//      (docs/durability.md, "What proves a ledger gone");
//   2. entry logs: drops deleted ledgers from each finished log's ledgers map and deletes logs
//      left with none;
//   3. compaction, when due: major (majorCompactionThreshold, every majorCompactionInterval s)
//      or else minor, copying the live entries of logs whose live share is below the threshold
//      (entry-log-compactor.ts), sparsest first, rate-limited and stoppable between slices.
// One pass at a time; a forced pass runs after the current one.
import type { Logger } from '../../common/logger.js';
import { QuireError, isQuireError } from '../../common/errors.js';
import { checkClusterLayout } from '../../metadata/cluster-layout.js';
import type { LedgerManager } from '../../metadata/ledger-manager.js';
import { compactEntryLog } from './entry-log-compactor.js';
import type { EntryLogMetadata } from './entry-log-ledgers-map.js';
import type { GarbageCollectionStatus, GarbageCollector, GarbageCollectorStats, GcTriggerOptions } from './garbage-collector-api.js';
import type { LedgerStorage } from './ledger-storage.js';

export type { GarbageCollector } from './garbage-collector-api.js';

/** What the collector needs from the bookie (BookieImpl provides it). */
export interface GcHost {
  readonly ledgerStorage: LedgerStorage;
  localLedgerIds(): bigint[];
  hasLedger(ledgerId: bigint): boolean;
  deleteLedgerLocally(ledgerId: bigint): Promise<void>;
}

/** What the collector needs from the metadata store. Both calls throw on any doubt. */
export interface GcMetadataSource {
  /** Every ledger id in the metadata store; throws unless the listing is complete. */
  listAllLedgers(): Promise<Set<bigint>>;
  /** A direct read of one ledger's metadata: false only on NoSuchLedger; throws on any other failure. */
  ledgerExists(ledgerId: bigint): Promise<boolean>;
}

/** The metadata store through BookKeeper's ledger manager. */
export function ledgerManagerGcSource(ledgers: LedgerManager): GcMetadataSource {
  return {
    async listAllLedgers() {
      // A listing under a root that is not a formatted cluster (wrong root, store being
      // re-created) lists nothing: refuse it rather than read "every ledger deleted".
      await checkClusterLayout(ledgers.store, ledgers.root);
      return new Set(await ledgers.listLedgers());
    },
    async ledgerExists(ledgerId) {
      try {
        await ledgers.readLedgerMetadata(ledgerId);
        return true;
      } catch (e) {
        if (isQuireError(e, 'NO_SUCH_LEDGER')) return false;
        // Unreadable (corrupt) metadata still names an existing ledger; other errors are doubt.
        if (isQuireError(e, 'METADATA_CORRUPT')) return true;
        throw e;
      }
    },
  };
}

export interface GcOptions {
  readonly gcWaitTime: number;
  readonly gcLedgerMinAgeMs: number;
  readonly minorCompactionThreshold: number;
  /** Seconds. */
  readonly minorCompactionInterval: number;
  readonly minorCompactionMaxTimeMillis: number;
  readonly majorCompactionThreshold: number;
  /** Seconds. */
  readonly majorCompactionInterval: number;
  readonly majorCompactionMaxTimeMillis: number;
  readonly isThrottleByBytes: boolean;
  readonly compactionRateByEntries: number;
  readonly compactionRateByBytes: number;
  readonly isForceGCAllowWhenNoSpace: boolean;
  readonly forceAllowCompaction: boolean;
  /** Quire, not a config key: entries per compaction output log (tests use a small value). */
  readonly compactionMaxEntriesPerOutput?: number;
  /** Wall clock for the compaction time limits (ms); a test seam, default Date.now. */
  readonly now?: () => number;
}

export const DEFAULT_GC_OPTIONS: GcOptions = {
  gcWaitTime: 600_000,
  gcLedgerMinAgeMs: 60_000,
  minorCompactionThreshold: 0.2,
  minorCompactionInterval: 3600,
  minorCompactionMaxTimeMillis: -1,
  majorCompactionThreshold: 0.8,
  majorCompactionInterval: 86_400,
  majorCompactionMaxTimeMillis: -1,
  isThrottleByBytes: false,
  compactionRateByEntries: 1000,
  compactionRateByBytes: 1_000_000,
  isForceGCAllowWhenNoSpace: false,
  forceAllowCompaction: false,
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class BookieGarbageCollector implements GarbageCollector {
  private readonly opts: GcOptions;
  private readonly enableMinor: boolean;
  private readonly enableMajor: boolean;
  private readonly forceMinorAllowed: boolean;
  private readonly forceMajorAllowed: boolean;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private forced: Promise<void> | undefined;
  private closing = false;
  private started = false;
  private suspendedMajor = false;
  private suspendedMinor = false;
  private diskSuspendedMajor = false;
  private diskSuspendedMinor = false;
  private majorCompacting = false;
  private minorCompacting = false;
  private lastMajor: number;
  private lastMinor: number;
  private readonly createdAt: number;
  /** When each local ledger was first seen by a pass (bounded by the ledgers the bookie holds). */
  private readonly firstSeen = new Map<bigint, number>();
  private readonly s: Mutable<GarbageCollectorStats> = {
    MINOR_COMPACTION_TOTAL: 0,
    MAJOR_COMPACTION_TOTAL: 0,
    RECLAIMED_DELETION_SPACE_BYTES: 0,
    RECLAIMED_COMPACTION_SPACE_BYTES: 0,
    RECLAIM_FAILED_TO_DELETE: 0,
    DELETED_LEDGER_TOTAL: 0,
    ACTIVE_ENTRY_LOG_TOTAL: 0,
    ACTIVE_ENTRY_LOG_SPACE_BYTES: 0,
    ENTRY_LOG_SPACE_BYTES: 0,
    ACTIVE_LEDGER_TOTAL: 0,
    compactedBytes: 0,
    compactedEntries: 0,
    compactionMillis: 0,
    failedRuns: 0,
    lastGcLedgerRuntimeMs: 0,
    lastCompactRuntimeMs: 0,
    lastThreadRuntimeMs: 0,
  };

  constructor(
    private readonly host: GcHost,
    /** Undefined: the bookie runs without a metadata store, so no ledger is ever judged deleted. */
    private readonly metadata: GcMetadataSource | undefined,
    options: Partial<GcOptions>,
    private readonly log: Logger,
  ) {
    this.opts = { ...DEFAULT_GC_OPTIONS, ...options };
    const o = this.opts;
    this.enableMinor = o.minorCompactionInterval > 0 && o.minorCompactionThreshold > 0;
    this.enableMajor = o.majorCompactionInterval > 0 && o.majorCompactionThreshold > 0;
    this.forceMinorAllowed = o.forceAllowCompaction && o.minorCompactionThreshold > 0 && o.minorCompactionThreshold < 1;
    this.forceMajorAllowed = o.forceAllowCompaction && o.majorCompactionThreshold > 0 && o.majorCompactionThreshold < 1;
    // BookKeeper's checks (GarbageCollectorThread): a compaction period shorter than a GC period
    // could never be kept, and minor must be the smaller, more frequent one.
    const bad = (why: string): never => {
      throw new QuireError('CONFIG_INVALID', why);
    };
    if (this.enableMinor && o.minorCompactionInterval * 1000 < o.gcWaitTime) bad(`minorCompactionInterval ${o.minorCompactionInterval} s is shorter than gcWaitTime ${o.gcWaitTime} ms`);
    if (this.enableMajor && o.majorCompactionInterval * 1000 < o.gcWaitTime) bad(`majorCompactionInterval ${o.majorCompactionInterval} s is shorter than gcWaitTime ${o.gcWaitTime} ms`);
    if (this.enableMinor && this.enableMajor && (o.minorCompactionInterval >= o.majorCompactionInterval || o.minorCompactionThreshold >= o.majorCompactionThreshold)) {
      bad(`minor compaction (${o.minorCompactionThreshold}, ${o.minorCompactionInterval} s) must be below major compaction (${o.majorCompactionThreshold}, ${o.majorCompactionInterval} s) in both threshold and interval`);
    }
    this.createdAt = this.lastMajor = this.lastMinor = Date.now();
  }

  /** Starts the periodic passes (first one gcWaitTime from now). */
  start(): void {
    if (this.started || this.closing) return;
    this.started = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.closing) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.running.then(() => this.runPass(false, this.isMajorGcSuspended, this.isMinorGcSuspended)).finally(() => this.schedule());
    }, this.opts.gcWaitTime);
    this.timer.unref();
  }

  get isInForceGc(): boolean {
    return this.forced !== undefined;
  }

  get isMajorGcSuspended(): boolean {
    return this.suspendedMajor || this.diskSuspendedMajor;
  }

  get isMinorGcSuspended(): boolean {
    return this.suspendedMinor || this.diskSuspendedMinor;
  }

  triggerGc(options: GcTriggerOptions = {}): Promise<void> {
    if (this.closing) return Promise.resolve();
    if (this.forced) return this.forced;
    const forceMajor = options.forceMajor ?? !this.isMajorGcSuspended;
    const forceMinor = options.forceMinor ?? !this.isMinorGcSuspended;
    const p = this.running.then(() => this.runPass(true, !forceMajor, !forceMinor));
    this.running = p;
    this.forced = p.finally(() => {
      this.forced = undefined;
    });
    return this.forced;
  }

  suspendMajor(): void {
    this.suspendedMajor = true;
  }

  suspendMinor(): void {
    this.suspendedMinor = true;
  }

  resumeMajor(): void {
    this.suspendedMajor = false;
  }

  resumeMinor(): void {
    this.suspendedMinor = false;
  }

  onDiskFull(): void {
    if (this.opts.isForceGCAllowWhenNoSpace) return;
    this.diskSuspendedMajor = true;
    this.diskSuspendedMinor = true;
  }

  onDiskAlmostFull(): void {
    if (this.opts.isForceGCAllowWhenNoSpace) return;
    this.diskSuspendedMajor = true;
  }

  onDiskWritable(): void {
    this.diskSuspendedMajor = false;
    this.diskSuspendedMinor = false;
  }

  details(): GarbageCollectionStatus[] {
    return [
      {
        forceCompacting: this.isInForceGc,
        majorCompacting: this.majorCompacting,
        minorCompacting: this.minorCompacting,
        lastMajorCompactionTime: this.lastMajor,
        lastMinorCompactionTime: this.lastMinor,
        lastEntryLocationCompactionTime: this.createdAt,
        majorCompactionCounter: this.s.MAJOR_COMPACTION_TOTAL,
        minorCompactionCounter: this.s.MINOR_COMPACTION_TOTAL,
        entryLocationCompactionCounter: 0,
      },
    ];
  }

  stats(): GarbageCollectorStats {
    return { ...this.s };
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running.catch(() => undefined);
  }

  private get storage(): LedgerStorage {
    return this.host.ledgerStorage;
  }

  private get stopping(): boolean {
    return this.closing || this.storage.isClosed;
  }

  /** One pass; never rejects (a failure is logged and counted, and ends the pass). */
  private async runPass(force: boolean, suspendMajor: boolean, suspendMinor: boolean): Promise<void> {
    if (this.stopping) return;
    const t0 = Date.now();
    try {
      await this.gcLedgers();
      this.s.lastGcLedgerRuntimeMs = Date.now() - t0;
      const metas = await this.gcEntryLogs();
      const c0 = Date.now();
      const now = Date.now();
      const o = this.opts;
      if (((this.forceMajorAllowed && force) || (this.enableMajor && (force || now - this.lastMajor > o.majorCompactionInterval * 1000))) && !suspendMajor) {
        this.majorCompacting = true;
        try {
          await this.compact(metas, o.majorCompactionThreshold, o.majorCompactionMaxTimeMillis, () => this.suspendedMajor || this.diskSuspendedMajor);
        } finally {
          this.lastMajor = this.lastMinor = Date.now();
          this.s.MAJOR_COMPACTION_TOTAL++;
          this.majorCompacting = false;
        }
      } else if (((this.forceMinorAllowed && force) || (this.enableMinor && (force || now - this.lastMinor > o.minorCompactionInterval * 1000))) && !suspendMinor) {
        this.minorCompacting = true;
        try {
          await this.compact(metas, o.minorCompactionThreshold, o.minorCompactionMaxTimeMillis, () => this.suspendedMinor || this.diskSuspendedMinor);
        } finally {
          this.lastMinor = Date.now();
          this.s.MINOR_COMPACTION_TOTAL++;
          this.minorCompacting = false;
        }
      }
      this.s.lastCompactRuntimeMs = Date.now() - c0;
    } catch (e) {
      this.s.failedRuns++;
      if (!this.stopping) this.log.warn({ err: e }, 'garbage collection pass failed; the next pass retries');
    } finally {
      this.s.lastThreadRuntimeMs = Date.now() - t0;
    }
  }

  /**
   * Removes ledgers the metadata store proves deleted. The local snapshot is taken before the
   * listing, so a ledger created after the listing began is never a candidate; a listing error
   * skips the whole step; each candidate needs its own NoSuchLedger answer.
   */
  private async gcLedgers(): Promise<void> {
    const local = this.host.localLedgerIds();
    const snapshotAt = Date.now();
    this.s.ACTIVE_LEDGER_TOTAL = local.length;
    const held = new Set(local);
    for (const id of this.firstSeen.keys()) if (!held.has(id)) this.firstSeen.delete(id);
    for (const id of local) if (!this.firstSeen.has(id)) this.firstSeen.set(id, snapshotAt);
    if (this.metadata === undefined || local.length === 0) return;
    let listed: Set<bigint>;
    try {
      listed = await this.metadata.listAllLedgers();
    } catch (e) {
      this.log.warn({ err: e }, 'ledger listing failed; no ledger is collected in this pass');
      return;
    }
    local.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const id of local) {
      if (this.stopping) return;
      if (listed.has(id)) continue;
      if (snapshotAt - (this.firstSeen.get(id) ?? snapshotAt) < this.opts.gcLedgerMinAgeMs) continue;
      let exists: boolean;
      try {
        exists = await this.metadata.ledgerExists(id);
      } catch (e) {
        this.log.warn({ err: e, ledgerId: id }, 'ledger missing from the listing but its metadata could not be read; keeping it');
        continue;
      }
      if (exists) continue;
      await this.host.deleteLedgerLocally(id);
      this.firstSeen.delete(id);
      this.s.DELETED_LEDGER_TOTAL++;
      this.log.info({ ledgerId: id }, 'garbage collected a deleted ledger');
    }
  }

  /** Updates every finished log's ledgers map; deletes logs left without ledgers. Returns the rest. */
  private async gcEntryLogs(): Promise<EntryLogMetadata[]> {
    const out: EntryLogMetadata[] = [];
    let active = 0;
    let total = 0;
    for (const logId of this.storage.finishedLogIds()) {
      if (this.stopping) break;
      const meta = await this.storage.logMetadata(logId);
      if (meta === undefined) continue;
      meta.removeLedgerIf((id) => !this.host.hasLedger(id));
      if (meta.isEmpty) {
        if (meta.fromScan && (await this.storage.ledgersReferencing(new Set([logId]))).has(logId)) {
          out.push(meta); // the scan missed something the index points at: compaction handles it
          continue;
        }
        try {
          const size = await this.storage.files.size(logId);
          await this.storage.removeLog(logId);
          this.s.RECLAIMED_DELETION_SPACE_BYTES += size;
        } catch (e) {
          this.s.RECLAIM_FAILED_TO_DELETE++;
          this.log.warn({ err: e, logId }, 'could not delete an entry log with no live ledgers');
        }
        continue;
      }
      active += meta.remainingSize;
      total += meta.totalSize;
      out.push(meta);
    }
    this.s.ACTIVE_ENTRY_LOG_TOTAL = out.length;
    this.s.ACTIVE_ENTRY_LOG_SPACE_BYTES = active;
    this.s.ENTRY_LOG_SPACE_BYTES = total;
    return out;
  }

  private async compact(metas: EntryLogMetadata[], threshold: number, maxTimeMillis: number, suspended: () => boolean): Promise<void> {
    const now = this.opts.now ?? Date.now;
    const start = now();
    const candidates = metas.filter((m) => m.usage < threshold).sort((a, b) => a.usage - b.usage);
    const throttle = {
      byBytes: this.opts.isThrottleByBytes,
      rate: this.opts.isThrottleByBytes ? this.opts.compactionRateByBytes : this.opts.compactionRateByEntries,
      ...(this.opts.compactionMaxEntriesPerOutput !== undefined ? { maxEntriesPerOutput: this.opts.compactionMaxEntriesPerOutput } : {}),
    };
    for (const meta of candidates) {
      if (this.stopping || suspended()) return;
      if (maxTimeMillis > 0 && now() - start >= maxTimeMillis) return;
      const r = await compactEntryLog(this.storage, meta, (id) => this.host.hasLedger(id), throttle, () => this.stopping || suspended(), this.log);
      if (r === undefined) continue;
      this.s.RECLAIMED_COMPACTION_SPACE_BYTES += Math.max(0, r.oldSize - r.copiedBytes);
      this.s.compactedBytes += r.copiedBytes;
      this.s.compactedEntries += r.copiedEntries;
      this.s.compactionMillis += r.millis;
      this.log.info({ logId: r.oldLogId, outputs: r.outputs, usage: meta.usage, copiedBytes: r.copiedBytes, entries: r.copiedEntries, ms: r.millis }, 'compacted an entry log');
    }
  }
}
