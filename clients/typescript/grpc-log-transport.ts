// Named logs over gRPC (quire.v1.LogService, proto/quire/v1/log.proto): the LogTransport the
// Client uses by default. Same facts and types as the REST QuireLogClient; the Tail server stream
// backs follow(). Endpoint failover, deadlines, TLS and token come from the GrpcConnection.
import type { LogInfo__Output } from './gen/grpc/quire/v1/LogInfo.js';
import type { LogReadResponse__Output } from './gen/grpc/quire/v1/LogReadResponse.js';
import type { LogAppendResponse__Output } from './gen/grpc/quire/v1/LogAppendResponse.js';
import type { Cursor__Output } from './gen/grpc/quire/v1/Cursor.js';
import type { ListLogsResponse__Output } from './gen/grpc/quire/v1/ListLogsResponse.js';
import type { TruncateLogResponse__Output } from './gen/grpc/quire/v1/TruncateLogResponse.js';
import type { DeleteLogResponse__Output } from './gen/grpc/quire/v1/DeleteLogResponse.js';
import type { LogRolloverPolicy__Output } from './gen/grpc/quire/v1/LogRolloverPolicy.js';
import type { LogRetentionPolicy__Output } from './gen/grpc/quire/v1/LogRetentionPolicy.js';
import { QuireApiError } from './errors.js';
import type { GrpcConnection } from './grpc-connection.js';
import type { CreateLogOptions, CursorInfo, FollowOpts, LogAppendOptions, LogInfo, LogReceipt, LogRecordIn, LogTransport, ReadOpts, RecordPage, TailOpts } from './log-transport.js';

const num = (s: string | null | undefined): number => Number(s ?? 0);
const buf = (v: Uint8Array | string): Buffer => Buffer.from(typeof v === 'string' ? Buffer.from(v) : v);

function rolloverOf(r: LogRolloverPolicy__Output | null): LogInfo['rollover'] {
  return r ? { maxEntries: r.maxEntries, maxBytes: num(r.maxBytes), maxAgeMs: num(r.maxAgeMs) } : {};
}
function retentionOf(r: LogRetentionPolicy__Output | null): LogInfo['retention'] {
  if (!r) return { waitForCursors: false };
  return { ...(r.maxAgeMs != null ? { maxAgeMs: num(r.maxAgeMs) } : {}), ...(r.maxBytes != null ? { maxBytes: num(r.maxBytes) } : {}), waitForCursors: r.waitForCursors };
}

/** gRPC's LogInfo in REST's shape (decimal strings for 64-bit numbers), so both transports agree. */
function infoOf(i: LogInfo__Output): LogInfo {
  return {
    name: i.name,
    createdMs: num(i.createdMs),
    ensembleSize: i.ensembleSize,
    writeQuorumSize: i.writeQuorumSize,
    ackQuorumSize: i.ackQuorumSize,
    digestType: (i.digestType === 'DIGEST_TYPE_UNSPECIFIED' ? 'CRC32C' : i.digestType.replace('DIGEST_TYPE_', '')) as LogInfo['digestType'],
    rollover: rolloverOf(i.rollover),
    retention: retentionOf(i.retention),
    firstOffset: i.firstOffset,
    nextOffset: i.nextOffset,
    segments: i.segments.map((s) => ({
      ledgerId: s.ledgerId,
      startOffset: s.startOffset,
      entryCount: s.entryCount,
      bytes: s.bytes,
      createdMs: num(s.createdMs),
      sealed: s.sealed,
      ...(s.maxTimestampMs != null ? { maxTimestampMs: num(s.maxTimestampMs) } : {}),
    })),
    ...(i.owner !== '' ? { owner: i.owner } : {}),
  };
}

function pageOf(p: LogReadResponse__Output): RecordPage {
  return {
    records: p.records.map((r) => ({
      offset: BigInt(r.offset),
      timestampMs: num(r.timestampMs),
      ...(r.key != null ? { key: r.key } : {}),
      ...(r.headers.length > 0 ? { headers: r.headers.map((h) => ({ name: h.name, value: h.value })) } : {}),
      ...(r.producerId !== '' ? { producerId: r.producerId, sequence: BigInt(r.sequence ?? 0) } : {}),
      data: r.data,
    })),
    nextOffset: BigInt(p.nextOffset),
    firstOffset: BigInt(p.firstOffset),
    endOffset: BigInt(p.endOffset),
  };
}

const cursorOf = (c: Cursor__Output): CursorInfo => ({ name: c.name, offset: BigInt(c.offset), version: c.version, updatedMs: num(c.updatedMs) });

export class GrpcLogTransport implements LogTransport {
  readonly transport = 'grpc' as const;

  constructor(readonly connection: GrpcConnection) {}

  async createLog(opts: CreateLogOptions): Promise<LogInfo> {
    const { rollover, retention, digestType, ...rest } = opts;
    const req = {
      ...rest,
      ...(digestType !== undefined ? { digestType: `DIGEST_TYPE_${digestType}` as const } : {}),
      ...(rollover ? { rollover: { maxEntries: rollover.maxEntries ?? 0, maxBytes: String(rollover.maxBytes ?? 0), maxAgeMs: String(rollover.maxAgeMs ?? 0) } } : {}),
      ...(retention ? { retention: { ...(retention.maxAgeMs !== undefined ? { maxAgeMs: String(retention.maxAgeMs) } : {}), ...(retention.maxBytes !== undefined ? { maxBytes: String(retention.maxBytes) } : {}), waitForCursors: retention.waitForCursors } } : {}),
    };
    return infoOf(await this.connection.unary<'log', LogInfo__Output>('log', false, (s, o, cb) => s.CreateLog(req, o, cb)));
  }

  async getLog(name: string): Promise<LogInfo> {
    return infoOf(await this.connection.unary<'log', LogInfo__Output>('log', true, (s, o, cb) => s.GetLog({ name }, o, cb)));
  }

  async deleteLog(name: string): Promise<void> {
    await this.connection.unary<'log', DeleteLogResponse__Output>('log', true, (s, o, cb) => s.DeleteLog({ name }, o, cb));
  }

  async listLogs(opts: { prefix?: string; pageSize?: number; pageToken?: string } = {}): Promise<{ logs: string[]; nextPageToken?: string | undefined }> {
    const r = await this.connection.unary<'log', ListLogsResponse__Output>('log', true, (s, o, cb) => s.ListLogs({ prefix: opts.prefix ?? '', pageSize: opts.pageSize ?? 0, pageToken: opts.pageToken ?? '' }, o, cb));
    return { logs: r.names, ...(r.nextPageToken !== '' ? { nextPageToken: r.nextPageToken } : {}) };
  }

  async append(name: string, records: readonly LogRecordIn[], opts: LogAppendOptions = {}): Promise<LogReceipt[]> {
    const req = {
      name,
      records: records.map((r) => ({
        data: buf(r.data),
        ...(r.key !== undefined ? { key: buf(r.key) } : {}),
        ...(r.headers !== undefined ? { headers: r.headers.map((h) => ({ name: h.name, value: buf(h.value) })) } : {}),
        ...(r.timestampMs !== undefined ? { timestampMs: String(r.timestampMs) } : {}),
      })),
      ...(opts.producerId !== undefined ? { producerId: opts.producerId } : {}),
      ...(opts.sequence !== undefined ? { sequence: String(opts.sequence) } : {}),
      ...(opts.expectedOffset !== undefined ? { expectedOffset: String(opts.expectedOffset) } : {}),
    };
    const exactlyOnce = opts.producerId !== undefined && opts.sequence !== undefined;
    const r = await this.connection.unary<'log', LogAppendResponse__Output>('log', exactlyOnce, (s, o, cb) => s.Append(req, o, cb), opts.retry ? { retry: opts.retry } : {});
    if (r.receipts.length !== records.length) throw new QuireApiError('INTERNAL', `expected ${records.length} receipts, got ${r.receipts.length}`, false, 0, 'grpc');
    return r.receipts.map((x) => ({ offset: BigInt(x.offset), ledgerId: BigInt(x.ledgerId), entryId: BigInt(x.entryId), lastAddConfirmed: BigInt(x.lastAddConfirmed), writeSet: x.writeSet, ackQuorumSize: x.ackQuorumSize, duplicate: x.duplicate }));
  }

  async read(name: string, opts: ReadOpts = {}): Promise<RecordPage> {
    const req = { name, ...(opts.from !== undefined ? { fromOffset: String(opts.from) } : {}), maxRecords: opts.limit ?? 0, maxBytes: opts.maxBytes ?? 0 };
    return pageOf(await this.connection.unary<'log', LogReadResponse__Output>('log', true, (s, o, cb) => s.Read(req, o, cb)));
  }

  /** One round of the Tail stream: its first message (records, or a heartbeat after waitMs). */
  async tail(name: string, opts: TailOpts = {}): Promise<RecordPage> {
    const ac = new AbortController();
    try {
      for await (const page of this.follow(name, { ...opts, signal: ac.signal })) return page;
      return { records: [], nextOffset: opts.from ?? 0n, firstOffset: 0n, endOffset: 0n };
    } finally {
      ac.abort();
    }
  }

  async *follow(name: string, opts: FollowOpts = {}): AsyncGenerator<RecordPage, void, undefined> {
    const req = { name, ...(opts.from !== undefined ? { fromOffset: String(opts.from) } : {}), waitMs: opts.waitMs ?? 0, maxRecords: opts.limit ?? 0, maxBytes: opts.maxBytes ?? 0 };
    const call = this.connection.stub('log').Tail(req);
    for await (const msg of this.connection.messages<LogReadResponse__Output>(call, opts.signal)) yield pageOf(msg);
  }

  async truncate(name: string, before: bigint): Promise<{ firstOffset: bigint; deletedSegments: number }> {
    const r = await this.connection.unary<'log', TruncateLogResponse__Output>('log', true, (s, o, cb) => s.Truncate({ name, beforeOffset: String(before) }, o, cb));
    return { firstOffset: BigInt(r.firstOffset), deletedSegments: r.deletedSegments };
  }

  async getCursor(name: string, cursor: string): Promise<CursorInfo> {
    return cursorOf(await this.connection.unary<'log', Cursor__Output>('log', true, (s, o, cb) => s.GetCursor({ name, cursor }, o, cb)));
  }

  /** expectedVersion: -1 creates only; n writes only at version n (CURSOR_CONFLICT otherwise). */
  async setCursor(name: string, cursor: string, offset: bigint, expectedVersion?: number): Promise<CursorInfo> {
    const req = { name, cursor, offset: String(offset), ...(expectedVersion !== undefined ? { expectedVersion } : {}) };
    return cursorOf(await this.connection.unary<'log', Cursor__Output>('log', expectedVersion !== undefined, (s, o, cb) => s.SetCursor(req, o, cb)));
  }

  /** Acknowledges every record below offset (moves forward only; safe to retry). */
  async advanceCursor(name: string, cursor: string, offset: bigint): Promise<CursorInfo> {
    return cursorOf(await this.connection.unary<'log', Cursor__Output>('log', true, (s, o, cb) => s.AdvanceCursor({ name, cursor, offset: String(offset) }, o, cb)));
  }

  close(): void {
    this.connection.close();
  }
}
