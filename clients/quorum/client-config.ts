// Client settings, with BookKeeper's defaults where it has one. Units are in the names.
import { QuireError } from '../../common/errors.js';

export interface ClientConfig {
  /** Largest payload accepted by append (fits a 5 MiB frame with headers to spare). */
  readonly maxEntrySizeBytes: number;
  /** Appends in flight per ledger handle; more are refused with TOO_MANY_REQUESTS. */
  readonly maxPendingAddsPerLedger: number;
  /** Ask the next replica when the ones asked have not answered after this long (0 = off). */
  readonly speculativeReadTimeoutMs: number;
  /** Entries read at once by one range read. */
  readonly readConcurrency: number;
  /** Largest range one read() may ask for. */
  readonly maxReadRangeEntries: number;
  /**
   * BookKeeper's batchReadEnabled: range reads of a ledger whose ensemble size equals its write
   * quorum (every bookie holds every entry) ask for runs of entries with one v2 BATCH_READ_ENTRY
   * each (BP-62; BookKeeper's BatchedReadOp), falling back to single reads on failure.
   */
  readonly batchReadEnabled: boolean;
  /** Entries one batch read asks for (BookKeeper's batchReadAsync maxCount). */
  readonly maxBatchReadCount: number;
  /**
   * Bytes one batch reply may hold (batchReadAsync maxSize, capped at the frame limit; the bookie
   * caps it again with its own maxBatchReadSize).
   */
  readonly maxBatchReadSize: number;
  /** Batch reads one range read keeps in flight: a range read holds at most this x maxBatchReadSize bytes of replies. */
  readonly maxBatchReadsInFlight: number;
  /**
   * BookKeeper's stickyReadsEnabled (its key is spelled stickyReadSEnabled): when the ensemble
   * size equals the write quorum, every read of a handle goes first to one bookie, chosen at
   * random, so its read-ahead and page cache serve the next reads; a read error from a bookie
   * moves the handle on to the next one of the ensemble.
   */
  readonly stickyReadsEnabled: boolean;
  /** Bounded compare-and-set loops on ledger metadata. */
  readonly metadataCasAttempts: number;
  /** Attempts per recovery step (LAC fence read, each recovery read) before recovery gives up. */
  readonly recoveryStepAttempts: number;
  /** Back-off between recovery step attempts (doubles, capped at 8x). */
  readonly recoveryRetryBackoffMs: number;
  /** Ensemble changes one handle may go through in a row without an entry being confirmed. */
  readonly maxEnsembleChangesWithoutProgress: number;
  /** Long-poll wait sent to bookies by waitForLac/tail when the caller gives none. */
  readonly longPollTimeoutMs: number;
  /**
   * BookKeeper's explicitLacInterval: every this many ms a writer whose LAC advanced past the LAC
   * its last sent entry carried sends WRITE_LAC to the write set of entry LAC, so readers learn
   * the LAC of a ledger that stopped receiving appends (0 = off, BookKeeper's default).
   */
  readonly explicitLacIntervalMs: number;
  /**
   * BookKeeper's ensemblePlacementPolicy, by class name: org.apache.bookkeeper.client.
   * DefaultEnsemblePlacementPolicy (random, the default), RackawareEnsemblePlacementPolicy or
   * RegionAwareEnsemblePlacementPolicy (docs/client.md, "Placement").
   */
  readonly ensemblePlacementPolicy: string;
  /** Racks every write quorum should span (BookKeeper's default 2; capped at Qw). */
  readonly minNumRacksPerWriteQuorum: number;
  /** Fail ensemble creation and replacement that cannot meet minNumRacksPerWriteQuorum; never use default-rack bookies. */
  readonly enforceMinNumRacksPerWriteQuorum: boolean;
  /** BookKeeper's ScriptBasedMapping: a script called with host names, printing their racks ('' = none). */
  readonly networkTopologyScriptFileName: string;
  /** Host names per script call (BookKeeper's default 100). */
  readonly networkTopologyScriptNumberArgs: number;
  /** Static rack mapping, asked before the script: bookie id, host:port or host -> "/rack" or "/region/rack". */
  readonly networkTopologyMapping: Readonly<Record<string, string>>;
  /** Region-aware: regions an ack quorum must span (BookKeeper's reppMinimumRegionsForDurability, default 2). */
  readonly reppMinimumRegionsForDurability: number;
}

export const DEFAULT_CLIENT_CONFIG: ClientConfig = {
  maxEntrySizeBytes: 5 * 1024 * 1024 - 64 * 1024,
  maxPendingAddsPerLedger: 10_000,
  speculativeReadTimeoutMs: 2000,
  readConcurrency: 64,
  maxReadRangeEntries: 100_000,
  batchReadEnabled: true,
  maxBatchReadCount: 1000,
  maxBatchReadSize: 1024 * 1024,
  maxBatchReadsInFlight: 4,
  stickyReadsEnabled: false,
  metadataCasAttempts: 20,
  recoveryStepAttempts: 10,
  recoveryRetryBackoffMs: 100,
  maxEnsembleChangesWithoutProgress: 16,
  longPollTimeoutMs: 10_000,
  explicitLacIntervalMs: 0,
  ensemblePlacementPolicy: 'org.apache.bookkeeper.client.DefaultEnsemblePlacementPolicy',
  minNumRacksPerWriteQuorum: 2,
  enforceMinNumRacksPerWriteQuorum: false,
  networkTopologyScriptFileName: '',
  networkTopologyScriptNumberArgs: 100,
  networkTopologyMapping: {},
  reppMinimumRegionsForDurability: 2,
};

/** The settings that are not counts or durations. */
const NON_NUMERIC = new Set<keyof ClientConfig>(['batchReadEnabled', 'stickyReadsEnabled', 'ensemblePlacementPolicy', 'enforceMinNumRacksPerWriteQuorum', 'networkTopologyScriptFileName', 'networkTopologyMapping']);

export function resolveConfig(overrides: Partial<ClientConfig> = {}): ClientConfig {
  const c = { ...DEFAULT_CLIENT_CONFIG, ...overrides };
  for (const [k, v] of Object.entries(c)) {
    if (NON_NUMERIC.has(k as keyof ClientConfig)) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || !Number.isInteger(v)) {
      throw new QuireError('CONFIG_INVALID', `client setting ${k} must be a non-negative integer, got ${String(v)}`);
    }
  }
  if (typeof c.ensemblePlacementPolicy !== 'string') throw new QuireError('CONFIG_INVALID', 'client setting ensemblePlacementPolicy must be a class name');
  for (const k of ['enforceMinNumRacksPerWriteQuorum', 'batchReadEnabled', 'stickyReadsEnabled'] as const) {
    if (typeof c[k] !== 'boolean') throw new QuireError('CONFIG_INVALID', `client setting ${k} must be true or false`);
  }
  if (typeof c.networkTopologyScriptFileName !== 'string') throw new QuireError('CONFIG_INVALID', 'client setting networkTopologyScriptFileName must be a path');
  const mapping: unknown = c.networkTopologyMapping;
  if (typeof mapping !== 'object' || mapping === null || Object.values(mapping).some((v) => typeof v !== 'string')) {
    throw new QuireError('CONFIG_INVALID', 'client setting networkTopologyMapping must map names to locations');
  }
  // A batch reply must fit one 5 MiB frame (nettyMaxFrameSizeBytes).
  if (c.maxBatchReadSize > 5 * 1024 * 1024 - 4) throw new QuireError('CONFIG_INVALID', `client setting maxBatchReadSize must be <= ${5 * 1024 * 1024 - 4}`);
  for (const k of ['maxEntrySizeBytes', 'maxPendingAddsPerLedger', 'readConcurrency', 'maxReadRangeEntries', 'maxBatchReadCount', 'maxBatchReadSize', 'maxBatchReadsInFlight', 'metadataCasAttempts', 'recoveryStepAttempts', 'minNumRacksPerWriteQuorum', 'networkTopologyScriptNumberArgs', 'reppMinimumRegionsForDurability'] as const) {
    if (c[k] < 1) throw new QuireError('CONFIG_INVALID', `client setting ${k} must be >= 1`);
  }
  return c;
}
