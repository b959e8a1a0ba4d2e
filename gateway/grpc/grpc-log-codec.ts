// Converts between the messages of proto/quire/v1/log.proto (as @grpc/proto-loader renders them:
// camelCase fields, 64-bit numbers as decimal strings, bytes as Buffer, unset optional fields
// absent) and the transport-free LogService's types. Bad input becomes INVALID_ARGUMENT naming
// the field; offsets only become bigint here, at the edge.
import { QuireError } from '../../common/errors.js';
import { checkProducerPair } from '../append-rules.js';
import type { CursorState } from '../logs/cursor-store.js';
import type { RetentionPolicy, RolloverPolicy } from '../logs/log-metadata.js';
import type { CreateLogRequest, LogAppendOptions, LogInfo, LogReadResult, LogReceipt, LogRecord, RecordInput } from '../logs/log-service.js';
import type { Wire } from './grpc-call.js';
import { count32, digestTypeOf, digestTypeToWire, id64, optional64, type Wire64 } from './grpc-codec.js';

export interface WireRecordInput {
  data?: Buffer;
  key?: Buffer;
  headers?: { name?: string; value?: Buffer }[];
  timestampMs?: Wire64;
}

export interface WireLogAppend {
  name?: string;
  records?: WireRecordInput[];
  producerId?: string;
  sequence?: Wire64;
  expectedOffset?: Wire64;
}

interface WireRollover {
  maxEntries?: number;
  maxBytes?: Wire64;
  maxAgeMs?: Wire64;
}
interface WireRetention {
  maxAgeMs?: Wire64;
  maxBytes?: Wire64;
  waitForCursors?: boolean;
}

export interface WireCreateLog {
  name?: string;
  ensembleSize?: number;
  writeQuorumSize?: number;
  ackQuorumSize?: number;
  digestType?: string | number;
  rollover?: WireRollover | null;
  retention?: WireRetention | null;
}

/** A 64-bit number the service keeps as a JS number (ms, bytes): must be a safe integer. */
function optionalNumber(v: Wire64, field: string): number | undefined {
  const n = optional64(v, field);
  if (n === undefined) return undefined;
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new QuireError('INVALID_ARGUMENT', `${field} out of range: ${n}`);
  return Number(n);
}

/** Positive number or absent (0 = the gateway's default, as proto3 scalars have no presence). */
function positive(v: Wire64, field: string): number | undefined {
  const n = optionalNumber(v, field);
  return n === undefined || n === 0 ? undefined : n;
}

export function createLogRequestOf(w: WireCreateLog): CreateLogRequest {
  const digestType = digestTypeOf(w.digestType);
  const rollover: Partial<Record<keyof RolloverPolicy, number>> = {};
  if (w.rollover) {
    const me = count32(w.rollover.maxEntries);
    const mb = positive(w.rollover.maxBytes, 'rollover.max_bytes');
    const ma = positive(w.rollover.maxAgeMs, 'rollover.max_age_ms');
    if (me !== undefined) rollover.maxEntries = me;
    if (mb !== undefined) rollover.maxBytes = mb;
    if (ma !== undefined) rollover.maxAgeMs = ma;
  }
  let retention: Partial<RetentionPolicy> | undefined;
  if (w.retention) {
    const ma = optionalNumber(w.retention.maxAgeMs, 'retention.max_age_ms');
    const mb = optionalNumber(w.retention.maxBytes, 'retention.max_bytes');
    retention = { ...(ma !== undefined ? { maxAgeMs: ma } : {}), ...(mb !== undefined ? { maxBytes: mb } : {}), waitForCursors: w.retention.waitForCursors === true };
  }
  return {
    name: w.name ?? '',
    ...(count32(w.ensembleSize) !== undefined ? { ensembleSize: w.ensembleSize } : {}),
    ...(count32(w.writeQuorumSize) !== undefined ? { writeQuorumSize: w.writeQuorumSize } : {}),
    ...(count32(w.ackQuorumSize) !== undefined ? { ackQuorumSize: w.ackQuorumSize } : {}),
    ...(digestType !== undefined ? { digestType } : {}),
    ...(Object.keys(rollover).length > 0 ? { rollover } : {}),
    ...(retention !== undefined ? { retention } : {}),
  };
}

export function logInfoToWire(i: LogInfo): Wire {
  return {
    name: i.name,
    createdMs: String(i.createdMs),
    ensembleSize: i.ensembleSize,
    writeQuorumSize: i.writeQuorumSize,
    ackQuorumSize: i.ackQuorumSize,
    digestType: digestTypeToWire(i.digestType),
    rollover: { maxEntries: i.rollover.maxEntries, maxBytes: String(i.rollover.maxBytes), maxAgeMs: String(i.rollover.maxAgeMs) },
    retention: {
      ...(i.retention.maxAgeMs !== undefined ? { maxAgeMs: String(i.retention.maxAgeMs) } : {}),
      ...(i.retention.maxBytes !== undefined ? { maxBytes: String(i.retention.maxBytes) } : {}),
      waitForCursors: i.retention.waitForCursors,
    },
    firstOffset: id64(i.firstOffset),
    nextOffset: id64(i.nextOffset),
    segments: i.segments.map((s) => ({
      ledgerId: id64(s.ledgerId),
      startOffset: id64(s.startOffset),
      entryCount: id64(s.entryCount),
      bytes: id64(s.bytes),
      createdMs: String(s.createdMs),
      sealed: s.sealed,
      ...(s.maxTimestampMs !== undefined ? { maxTimestampMs: String(s.maxTimestampMs) } : {}),
    })),
    owner: i.owner ?? '',
  };
}

export function recordsOf(w: WireRecordInput[] | undefined): RecordInput[] {
  return (w ?? []).map((r, i) => {
    const ts = optionalNumber(r.timestampMs, `records[${i}].timestamp_ms`);
    const headers = (r.headers ?? []).map((h) => ({ name: h.name ?? '', value: h.value ?? Buffer.alloc(0) }));
    return {
      payload: r.data ?? Buffer.alloc(0),
      ...(r.key !== undefined && r.key !== null ? { key: r.key } : {}),
      ...(headers.length > 0 ? { headers } : {}),
      ...(ts !== undefined ? { timestampMs: ts } : {}),
    };
  });
}

export function logAppendOptionsOf(w: WireLogAppend): LogAppendOptions {
  const sequence = optional64(w.sequence, 'sequence');
  const expectedOffset = optional64(w.expectedOffset, 'expected_offset');
  const producerId = w.producerId ? w.producerId : undefined;
  checkProducerPair(producerId, sequence, { producerId: 'producer_id', sequence: 'sequence' });
  return {
    ...(producerId !== undefined ? { producerId } : {}),
    ...(sequence !== undefined ? { sequence } : {}),
    ...(expectedOffset !== undefined ? { expectedOffset } : {}),
  };
}

export function logReceiptToWire(r: LogReceipt): Wire {
  return {
    offset: id64(r.offset),
    ledgerId: id64(r.ledgerId),
    entryId: id64(r.entryId),
    lastAddConfirmed: id64(r.lastAddConfirmed),
    writeSet: [...r.writeSet],
    ackQuorumSize: r.ackQuorumSize,
    duplicate: r.duplicate,
  };
}

export function logRecordToWire(r: LogRecord): Wire {
  return {
    offset: id64(r.offset),
    timestampMs: String(r.timestampMs),
    ...(r.key !== undefined ? { key: r.key } : {}),
    headers: (r.headers ?? []).map((h) => ({ name: h.name, value: h.value })),
    producerId: r.producerId ?? '',
    ...(r.sequence !== undefined ? { sequence: id64(r.sequence) } : {}),
    data: r.payload,
  };
}

export function logPageToWire(p: LogReadResult): Wire {
  return {
    records: p.records.map(logRecordToWire),
    nextOffset: id64(p.nextOffset),
    firstOffset: id64(p.firstOffset),
    endOffset: id64(p.endOffset),
    immutable: p.immutable,
  };
}

export function cursorToWire(c: CursorState): Wire {
  return { name: c.name, offset: id64(c.offset), version: c.version, updatedMs: String(c.updatedMs) };
}
