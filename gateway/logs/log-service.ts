// The transport-free named-log service: what REST and gRPC call for /v1/logs. A log is a chain of
// ledgers (segments) with dense 64-bit offsets, exactly one writer cluster-wide, exactly-once
// appends by (producer, sequence) across rollovers and failovers, truncation, retention and
// durable cursors. Ids and offsets are bigint; errors are QuireError codes of common/errors.ts.
import type { DigestTypeName } from '../ledger-service.js';
import type { OwnerLookup } from '../ownership.js';
import type { CursorState } from './cursor-store.js';
import type { LogRecordHeader } from './log-record.js';
import type { RetentionPolicy, RolloverPolicy, SegmentInfo } from './log-metadata.js';

export interface CreateLogRequest {
  readonly name: string;
  readonly ensembleSize?: number;
  readonly writeQuorumSize?: number;
  readonly ackQuorumSize?: number;
  readonly digestType?: DigestTypeName;
  readonly rollover?: Partial<RolloverPolicy>;
  readonly retention?: Partial<RetentionPolicy>;
}

export interface LogInfo {
  readonly name: string;
  readonly createdMs: number;
  readonly ensembleSize: number;
  readonly writeQuorumSize: number;
  readonly ackQuorumSize: number;
  readonly digestType: DigestTypeName;
  readonly rollover: RolloverPolicy;
  readonly retention: RetentionPolicy;
  readonly firstOffset: bigint;
  /** Offset the next record will get, as far as this instance knows (committed end). */
  readonly nextOffset: bigint;
  readonly segments: readonly SegmentInfo[];
  /** Gateway instance holding the log's writer, if any. */
  readonly owner?: string;
}

export interface RecordInput {
  readonly payload: Buffer;
  readonly key?: Buffer;
  readonly headers?: readonly LogRecordHeader[];
  /** Producer's timestamp (ms since the epoch); default: the owner's clock at append. */
  readonly timestampMs?: number;
}

export interface LogAppendOptions {
  /** Exactly-once: record i of the batch has sequence + i. */
  readonly producerId?: string;
  readonly sequence?: bigint;
  /** Compare-and-append: fail with APPEND_CONFLICT unless the (first) record gets this offset. */
  readonly expectedOffset?: bigint;
}

export interface LogReceipt {
  readonly offset: bigint;
  readonly ledgerId: bigint;
  readonly entryId: bigint;
  /** LAC of the segment after this append (≥ entryId). */
  readonly lastAddConfirmed: bigint;
  /** Bookies of the entry's write set; at least ackQuorumSize fsync'd it before the ack. */
  readonly writeSet: readonly string[];
  readonly ackQuorumSize: number;
  readonly duplicate: boolean;
}

export interface LogRecord {
  readonly offset: bigint;
  readonly timestampMs: number;
  readonly key?: Buffer;
  readonly headers?: readonly LogRecordHeader[];
  readonly producerId?: string;
  readonly sequence?: bigint;
  readonly payload: Buffer;
}

export interface LogReadRequest {
  readonly fromOffset: bigint;
  readonly maxRecords?: number;
  readonly maxBytes?: number;
}

export interface LogTailRequest extends LogReadRequest {
  /** Long-poll wait when nothing is committed at fromOffset yet (ms, capped by the server). */
  readonly waitMs?: number;
}

export interface LogReadResult {
  readonly records: LogRecord[];
  /** Where the next read starts (fromOffset when nothing was returned). */
  readonly nextOffset: bigint;
  readonly firstOffset: bigint;
  /** Offset after the last committed record known now. */
  readonly endOffset: bigint;
  /** True when every record returned lives in sealed segments (immutable, cacheable). */
  readonly immutable: boolean;
}

export interface ListLogsResult {
  readonly names: string[];
  readonly nextPageToken?: string;
}

export interface LogService {
  createLog(req: CreateLogRequest): Promise<LogInfo>;
  getLog(name: string): Promise<LogInfo>;
  deleteLog(name: string): Promise<void>;
  listLogs(opts: { prefix?: string; pageSize?: number; pageToken?: string }): Promise<ListLogsResult>;
  append(name: string, records: RecordInput[], opts?: LogAppendOptions): Promise<LogReceipt[]>;
  read(name: string, req: LogReadRequest): Promise<LogReadResult>;
  tail(name: string, req: LogTailRequest): Promise<LogReadResult>;
  /** First offset whose record has timestamp ≥ timestampMs (the end offset when none has). */
  seek(name: string, timestampMs: number): Promise<{ offset: bigint }>;
  /** Drops every record below beforeOffset (whole segments are deleted); returns the new first offset. */
  truncate(name: string, beforeOffset: bigint): Promise<{ firstOffset: bigint; deletedSegments: number }>;
  /** Applies the retention policy now (the owner also does it on rollover and on a timer). */
  enforceRetention(name: string): Promise<{ firstOffset: bigint; deletedSegments: number }>;
  listCursors(name: string): Promise<CursorState[]>;
  getCursor(name: string, cursor: string): Promise<CursorState>;
  setCursor(name: string, cursor: string, offset: bigint, expectedVersion?: number): Promise<CursorState>;
  /** Acknowledges everything below offset (moves forward only). */
  advanceCursor(name: string, cursor: string, offset: bigint): Promise<CursorState>;
  deleteCursor(name: string, cursor: string): Promise<void>;
}

/** Instance-to-instance calls to a log's owner (REST's internal routes implement it). */
export interface LogPeer {
  append(owner: OwnerLookup, name: string, records: RecordInput[], opts: LogAppendOptions): Promise<LogReceipt[]>;
  /** The owner's committed end of its current segment. */
  committedEnd(owner: OwnerLookup, name: string): Promise<{ ledgerId: bigint; committedEnd: bigint }>;
}

