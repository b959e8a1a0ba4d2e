// Checks of what callers send to the log service, each naming the offending field.
import { INT64_MAX } from '../../common/ids.js';
import type { GatewayLimits } from '../gateway-config.js';
import { badArgument, GatewayError } from '../gateway-error.js';
import { DEFAULT_ROLLOVER } from './log-config.js';
import type { RetentionPolicy, RolloverPolicy } from './log-metadata.js';
import { MAX_HEADER_NAME_BYTES, MAX_HEADERS, recordOverhead } from './log-record.js';
import type { CreateLogRequest, LogAppendOptions, RecordInput } from './log-service.js';

const posInt = (v: unknown, field: string, max = Number.MAX_SAFE_INTEGER): number => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) throw badArgument(field, `${field} must be an integer in [1, ${max}]`);
  return v;
};

export function checkQuorum(req: CreateLogRequest): { ensembleSize: number; writeQuorumSize: number; ackQuorumSize: number } {
  const e = req.ensembleSize === undefined ? 3 : posInt(req.ensembleSize, 'ensembleSize', 64);
  const w = req.writeQuorumSize === undefined ? Math.min(2, e) : posInt(req.writeQuorumSize, 'writeQuorumSize', 64);
  const a = req.ackQuorumSize === undefined ? Math.min(2, w) : posInt(req.ackQuorumSize, 'ackQuorumSize', 64);
  if (w > e) throw badArgument('writeQuorumSize', `writeQuorumSize ${w} must be <= ensembleSize ${e}`);
  if (a > w) throw badArgument('ackQuorumSize', `ackQuorumSize ${a} must be <= writeQuorumSize ${w}`);
  return { ensembleSize: e, writeQuorumSize: w, ackQuorumSize: a };
}

export function checkRollover(p: Partial<RolloverPolicy> | undefined): RolloverPolicy {
  const r = { ...DEFAULT_ROLLOVER, ...(p ?? {}) };
  return { maxEntries: posInt(r.maxEntries, 'rollover.maxEntries', 10_000_000), maxBytes: posInt(r.maxBytes, 'rollover.maxBytes', 1024 ** 4), maxAgeMs: posInt(r.maxAgeMs, 'rollover.maxAgeMs') };
}

export function checkRetention(p: Partial<RetentionPolicy> | undefined): RetentionPolicy {
  const out: { maxAgeMs?: number; maxBytes?: number; waitForCursors: boolean } = { waitForCursors: false };
  if (p?.maxAgeMs !== undefined) out.maxAgeMs = posInt(p.maxAgeMs, 'retention.maxAgeMs');
  if (p?.maxBytes !== undefined) out.maxBytes = posInt(p.maxBytes, 'retention.maxBytes');
  if (p?.waitForCursors !== undefined) {
    if (typeof p.waitForCursors !== 'boolean') throw badArgument('retention.waitForCursors', 'retention.waitForCursors must be a boolean');
    out.waitForCursors = p.waitForCursors;
  }
  return out;
}

export function checkOffset(v: unknown, field: string): bigint {
  if (typeof v !== 'bigint' || v < 0n || v > INT64_MAX) throw badArgument(field, `${field} must be an offset in [0, 2^63-1]`);
  return v;
}

/** Records, batch and exactly-once options of an append; `single` names the field `body`. */
export function checkAppend(records: RecordInput[], opts: LogAppendOptions, limits: GatewayLimits, single: boolean): void {
  const field = single ? 'body' : 'records';
  if (!Array.isArray(records) || records.length === 0) throw badArgument(field, 'an append needs at least one record');
  if (records.length > limits.maxBatchEntries) throw new GatewayError('ENTRY_TOO_LARGE', `batch of ${records.length} records exceeds the limit of ${limits.maxBatchEntries}`, { field, details: { limit: limits.maxBatchEntries } });
  let total = 0;
  records.forEach((r, i) => {
    const f = single ? field : `records/${i}`;
    if (!Buffer.isBuffer(r.payload)) throw badArgument(f, 'record payload must be bytes');
    if (r.key !== undefined && !Buffer.isBuffer(r.key)) throw badArgument(`${f}/key`, 'record key must be bytes');
    if (r.timestampMs !== undefined && (!Number.isSafeInteger(r.timestampMs) || r.timestampMs < 0)) throw badArgument(`${f}/timestampMs`, 'timestampMs must be a non-negative integer (ms since the epoch)');
    if (r.headers !== undefined) {
      if (r.headers.length > MAX_HEADERS) throw badArgument(`${f}/headers`, `at most ${MAX_HEADERS} headers per record`);
      for (const h of r.headers) {
        const n = Buffer.byteLength(h.name ?? '', 'utf8');
        if (typeof h.name !== 'string' || n < 1 || n > MAX_HEADER_NAME_BYTES) throw badArgument(`${f}/headers`, `header names must be 1..${MAX_HEADER_NAME_BYTES} bytes`);
        if (!Buffer.isBuffer(h.value)) throw badArgument(`${f}/headers`, 'header values must be bytes');
      }
    }
    const size = r.payload.length + recordOverhead({ ...(r.key ? { key: r.key } : {}), ...(r.headers ? { headers: r.headers } : {}) }) - 10;
    if (size > limits.maxEntryBytes) {
      throw new GatewayError('ENTRY_TOO_LARGE', `record${single ? '' : ` ${i}`} of ${size} bytes (payload, key and headers) exceeds the limit of ${limits.maxEntryBytes} bytes`, { field: f, details: { limit: limits.maxEntryBytes } });
    }
    total += size;
  });
  if (total > limits.maxBatchBytes) throw new GatewayError('ENTRY_TOO_LARGE', `batch of ${total} bytes exceeds the limit of ${limits.maxBatchBytes} bytes`, { field, details: { limit: limits.maxBatchBytes } });
  if ((opts.producerId === undefined) !== (opts.sequence === undefined)) {
    throw badArgument(opts.producerId === undefined ? 'producerId' : 'sequence', 'producerId and sequence go together (exactly-once appends need both)');
  }
  if (opts.producerId !== undefined) {
    const n = Buffer.byteLength(opts.producerId, 'utf8');
    if (n < 1 || n > limits.maxProducerIdBytes) throw badArgument('producerId', `producer id must be 1..${limits.maxProducerIdBytes} bytes, got ${n}`);
    const s = opts.sequence!;
    if (typeof s !== 'bigint' || s < 0n || s + BigInt(records.length) - 1n > INT64_MAX) throw badArgument('sequence', 'sequence must be in [0, 2^63-1] (a batch uses sequence, sequence+1, ...)');
  }
  if (opts.expectedOffset !== undefined) checkOffset(opts.expectedOffset, 'expectedOffset');
}
