// What a named log's transport offers, REST (QuireLogClient, log-client.ts) or gRPC
// (GrpcLogTransport, grpc-log-transport.ts): the Producer, Consumer and Log work over either.
// Both carry the same facts with the same types (offsets bigint, payloads Buffer); LogInfo keeps
// REST's shape (64-bit numbers as decimal strings), which the gRPC transport converts to.
import type { components } from '../../openapi/gen/quire.js';
import type { RetryPolicy } from './errors.js';

type S = components['schemas'];

export type LogInfo = S['LogInfo'];
export interface LogReceipt {
  readonly offset: bigint;
  readonly ledgerId: bigint;
  readonly entryId: bigint;
  readonly lastAddConfirmed: bigint;
  readonly writeSet: readonly string[];
  readonly ackQuorumSize: number;
  readonly duplicate: boolean;
}
export interface LogRecordIn {
  readonly data: Uint8Array | string;
  readonly key?: Uint8Array | string;
  readonly headers?: readonly { readonly name: string; readonly value: Uint8Array | string }[];
  readonly timestampMs?: number;
}
export interface LogRecordOut {
  readonly offset: bigint;
  readonly timestampMs: number;
  readonly key?: Buffer;
  readonly headers?: readonly { readonly name: string; readonly value: Buffer }[];
  readonly producerId?: string;
  readonly sequence?: bigint;
  readonly data: Buffer;
}
export interface RecordPage {
  readonly records: LogRecordOut[];
  readonly nextOffset: bigint;
  readonly firstOffset: bigint;
  readonly endOffset: bigint;
}
export interface CursorInfo {
  readonly name: string;
  readonly offset: bigint;
  readonly version: number;
  readonly updatedMs: number;
}
export type CreateLogOptions = Partial<S['CreateLogRequest']> & { readonly name: string };
export interface LogAppendOptions {
  readonly producerId?: string;
  readonly sequence?: bigint;
  readonly expectedOffset?: bigint;
  /** Overrides the transport's retry policy for this call (the Producer retries on its own). */
  readonly retry?: RetryPolicy;
}


export interface ReadOpts {
  readonly from?: bigint;
  readonly limit?: number;
  readonly maxBytes?: number;
}
export interface TailOpts extends ReadOpts {
  /** Longest wait of one round for new records (ms). */
  readonly waitMs?: number;
}
export interface FollowOpts extends TailOpts {
  /** Ends the iteration (the stream or long poll is cancelled). */
  readonly signal?: AbortSignal;
}

export interface LogTransport {
  readonly transport: 'rest' | 'grpc';
  createLog(opts: CreateLogOptions): Promise<LogInfo>;
  getLog(name: string): Promise<LogInfo>;
  deleteLog(name: string): Promise<void>;
  listLogs(opts?: { prefix?: string; pageSize?: number; pageToken?: string }): Promise<{ logs: string[]; nextPageToken?: string | undefined }>;
  /** Record i gets sequence + i; retried only with a producer id and sequence (exactly-once). */
  append(name: string, records: readonly LogRecordIn[], opts?: LogAppendOptions): Promise<LogReceipt[]>;
  read(name: string, opts?: ReadOpts): Promise<RecordPage>;
  /** One round: records from `from`, waiting up to waitMs for some (an empty page when none came). */
  tail(name: string, opts?: TailOpts): Promise<RecordPage>;
  /**
   * Pages of committed records from `from` on, across segments, until `signal` aborts or an error
   * ends it (then resume from the last offset + 1). Empty pages are heartbeats.
   */
  follow(name: string, opts?: FollowOpts): AsyncGenerator<RecordPage, void, undefined>;
  truncate(name: string, before: bigint): Promise<{ firstOffset: bigint; deletedSegments: number }>;
  getCursor(name: string, cursor: string): Promise<CursorInfo>;
  setCursor(name: string, cursor: string, offset: bigint, expectedVersion?: number): Promise<CursorInfo>;
  advanceCursor(name: string, cursor: string, offset: bigint): Promise<CursorInfo>;
  close?(): void;
}

/** Payload bytes of a record as the producer's batch bound counts them (data, key, headers). */
export function recordBytes(r: LogRecordIn): number {
  const n = (v: Uint8Array | string) => (typeof v === 'string' ? Buffer.byteLength(v) : v.byteLength);
  return n(r.data) + (r.key !== undefined ? n(r.key) : 0) + (r.headers ?? []).reduce((a, h) => a + Buffer.byteLength(h.name) + n(h.value), 0);
}
