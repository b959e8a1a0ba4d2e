// Gateway limits and defaults. Every queue, body, page and wait the gateway holds is bounded by
// one of these; docs/gateway.md lists them. Units are in the names.
import { QuireError } from '../common/errors.js';

export interface GatewayLimits {
  /** Largest entry payload (the envelope and the bookie frame headers fit on top of it). */
  readonly maxEntryBytes: number;
  /** Entries per batch append, and their total payload bytes. */
  readonly maxBatchEntries: number;
  readonly maxBatchBytes: number;
  /** Entries and payload bytes per read page (a page always holds at least one entry). */
  readonly maxReadEntries: number;
  readonly maxReadBytes: number;
  /** Longest long-poll wait of a tail request. */
  readonly maxTailWaitMs: number;
  /** Appends in flight on one ledger, and over all ledgers of this instance (then 429). */
  readonly maxPendingAppendsPerLedger: number;
  readonly maxPendingAppendsTotal: number;
  /** Payload bytes in flight over all appends of this instance (then 429). */
  readonly maxPendingAppendBytes: number;
  /** Bytes of REST request bodies being read at once, charged up front by Content-Length (then 429; blob uploads stream, uncharged). */
  readonly maxBufferedBodyBytes: number;
  /** Tail waits (long polls and SSE streams) at once (then 429). */
  readonly maxConcurrentTails: number;
  /** Exactly-once: (producer, sequence) receipts remembered per ledger (oldest forgotten first). */
  readonly dedupeEntriesPerLedger: number;
  /** ... and bytes of them per ledger (dedupe-table.ts pairBytes); with maxOwnedLedgers, the bound of all dedupe state. */
  readonly dedupeBytesPerLedger: number;
  /**
   * Ledgers whose write handle this instance holds at once (each with its dedupe table); a create
   * beyond it is 429 TOO_MANY_REQUESTS until some are closed.
   */
  readonly maxOwnedLedgers: number;
  /** An owned ledger without appends (and none in flight) for this long is sealed. */
  readonly ownedIdleSealMs: number;
  /** Producer id length in bytes. */
  readonly maxProducerIdBytes: number;
  /** Read handles kept open for ledgers this instance does not write. */
  readonly readHandleCacheSize: number;
  /** Bound on a forwarded call to the owner instance. */
  readonly forwardTimeoutMs: number;
  /** Seconds in Retry-After of a 429 / retryable 503. */
  readonly retryAfterSeconds: number;
  /** Largest blob (bytes); bigger uploads get BLOB_TOO_LARGE (413). */
  readonly maxBlobBytes: number;
  /** Blob chunk = one ledger entry (<= maxEntryBytes). Fixed per blob, recorded in its manifest. */
  readonly blobChunkBytes: number;
  /** Chunks one transfer keeps in flight: appends awaiting acks (upload) or reads ahead (download). */
  readonly blobChunksInFlight: number;
  /** Chunk bytes in flight over all transfers of this instance; a transfer waits (backpressure) beyond. */
  readonly maxBlobBufferBytes: number;
  /** Uploads plus downloads at once (then 429). */
  readonly maxBlobTransfers: number;
  /** Content type plus user metadata of one blob (bytes of keys and values). */
  readonly maxBlobMetadataBytes: number;
  /** A pending upload/delete marker whose gateway is gone is cleaned up once older than this. */
  readonly blobOrphanGraceMs: number;
  /** How often each instance looks for orphaned blob ledgers, and how many markers per look. */
  readonly blobOrphanScanIntervalMs: number;
  readonly blobOrphanScanBatch: number;
}

export const DEFAULT_GATEWAY_LIMITS: GatewayLimits = {
  maxEntryBytes: 1024 * 1024,
  maxBatchEntries: 1000,
  maxBatchBytes: 4 * 1024 * 1024,
  maxReadEntries: 1000,
  maxReadBytes: 4 * 1024 * 1024,
  maxTailWaitMs: 30_000,
  maxPendingAppendsPerLedger: 5000,
  maxPendingAppendsTotal: 20_000,
  maxPendingAppendBytes: 256 * 1024 * 1024,
  maxBufferedBodyBytes: 256 * 1024 * 1024,
  maxConcurrentTails: 1000,
  dedupeEntriesPerLedger: 100_000,
  dedupeBytesPerLedger: 16 * 1024 * 1024,
  maxOwnedLedgers: 10_000,
  ownedIdleSealMs: 24 * 60 * 60 * 1000,
  maxProducerIdBytes: 128,
  readHandleCacheSize: 1000,
  forwardTimeoutMs: 10_000,
  retryAfterSeconds: 1,
  maxBlobBytes: 64 * 1024 * 1024 * 1024,
  blobChunkBytes: 1024 * 1024,
  blobChunksInFlight: 16,
  maxBlobBufferBytes: 128 * 1024 * 1024,
  maxBlobTransfers: 32,
  maxBlobMetadataBytes: 8 * 1024,
  blobOrphanGraceMs: 60_000,
  blobOrphanScanIntervalMs: 60_000,
  blobOrphanScanBatch: 100,
};

/** Largest entry a bookie frame carries with Quire's client (client-config maxEntrySizeBytes). */
const CLIENT_MAX_ENTRY_BYTES = 5 * 1024 * 1024 - 64 * 1024;

export function resolveLimits(overrides: Partial<GatewayLimits> = {}): GatewayLimits {
  const l = { ...DEFAULT_GATEWAY_LIMITS, ...overrides };
  // The default chunk follows a smaller entry limit (a chunk is one entry).
  if (overrides.blobChunkBytes === undefined) l.blobChunkBytes = Math.min(DEFAULT_GATEWAY_LIMITS.blobChunkBytes, l.maxEntryBytes);
  for (const [k, v] of Object.entries(l)) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new QuireError('CONFIG_INVALID', `gateway limit ${k} must be a positive integer, got ${String(v)}`);
  }
  if (l.maxEntryBytes + 4 + l.maxProducerIdBytes + 8 > CLIENT_MAX_ENTRY_BYTES) {
    throw new QuireError('CONFIG_INVALID', `gateway limit maxEntryBytes ${l.maxEntryBytes} plus the envelope does not fit a bookie frame (${CLIENT_MAX_ENTRY_BYTES})`);
  }
  if (l.maxProducerIdBytes > 1024) throw new QuireError('CONFIG_INVALID', 'gateway limit maxProducerIdBytes must be <= 1024');
  if (l.maxBatchBytes < l.maxEntryBytes) throw new QuireError('CONFIG_INVALID', 'gateway limit maxBatchBytes must be >= maxEntryBytes');
  if (l.blobChunkBytes > l.maxEntryBytes) throw new QuireError('CONFIG_INVALID', `gateway limit blobChunkBytes ${l.blobChunkBytes} must be <= maxEntryBytes ${l.maxEntryBytes}`);
  if (l.maxBlobBufferBytes < l.blobChunkBytes) throw new QuireError('CONFIG_INVALID', 'gateway limit maxBlobBufferBytes must be >= blobChunkBytes');
  if (!Number.isSafeInteger(l.maxBlobBytes)) throw new QuireError('CONFIG_INVALID', 'gateway limit maxBlobBytes must be a safe integer');
  return l;
}
