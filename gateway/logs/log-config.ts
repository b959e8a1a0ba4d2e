// Named-log limits and defaults (docs/logs.md lists them). Record, batch, read and pending-append
// bounds are the gateway's (gateway-config.ts); these are the ones only logs have.
import { QuireError } from '../../common/errors.js';
import type { RolloverPolicy } from './log-metadata.js';

export interface LogLimits {
  /** Producers whose exactly-once state a log keeps (least recently appended forgotten first). */
  readonly maxProducersPerLog: number;
  /** Segments a log's metadata may list (a rollover waits, a takeover fails with LOG_FULL). */
  readonly maxSegmentsPerLog: number;
  readonly maxCursorsPerLog: number;
  /** Logs this instance writes at once (then TOO_MANY_REQUESTS). */
  readonly maxOwnedLogs: number;
  /**
   * A writer with no append for this long (monotonic clock) seals its segment and gives the log
   * up, so that the logs an instance writes (reads take logs over too) do not pile up to maxOwnedLogs.
   */
  readonly ownedIdleCloseMs: number;
  /** Segment ledger read handles kept open (least recently used closed). */
  readonly segmentReaderCacheSize: number;
  /** How often the owner applies retention to the logs it writes. */
  readonly retentionIntervalMs: number;
  /** Logs listed per page at most. */
  readonly maxListPageSize: number;
}

export const DEFAULT_LOG_LIMITS: LogLimits = {
  maxProducersPerLog: 10_000,
  maxSegmentsPerLog: 1000,
  maxCursorsPerLog: 100,
  maxOwnedLogs: 10_000,
  ownedIdleCloseMs: 60 * 60_000,
  segmentReaderCacheSize: 1000,
  retentionIntervalMs: 60_000,
  maxListPageSize: 1000,
};

export const DEFAULT_ROLLOVER: RolloverPolicy = { maxEntries: 50_000, maxBytes: 64 * 1024 * 1024, maxAgeMs: 4 * 3600_000 };

export function resolveLogLimits(overrides: Partial<LogLimits> = {}): LogLimits {
  const l = { ...DEFAULT_LOG_LIMITS, ...overrides };
  for (const [k, v] of Object.entries(l)) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new QuireError('CONFIG_INVALID', `log limit ${k} must be a positive integer, got ${String(v)}`);
  }
  return l;
}
