// JSON shapes of named logs (openapi/quire.yaml schemas LogInfo, LogReceipt, RecordPage, Cursor,
// RecordIn): 64-bit numbers as decimal strings, bytes as base64. Shared by the REST routes, the
// SSE tail and peer forwarding.
import type { components } from '../../openapi/gen/quire.js';
import { badArgument } from '../gateway-error.js';
import type { CursorState } from './cursor-store.js';
import type { LogInfo, LogReadResult, LogReceipt, RecordInput } from './log-service.js';

type Schemas = components['schemas'];

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function b64(v: string, field: string): Buffer {
  if (!BASE64.test(v) || v.length % 4 === 1) throw badArgument(field, `${field} is not valid base64`);
  return Buffer.from(v, 'base64');
}

export function logInfoJson(i: LogInfo): Schemas['LogInfo'] {
  return {
    name: i.name,
    createdMs: i.createdMs,
    ensembleSize: i.ensembleSize,
    writeQuorumSize: i.writeQuorumSize,
    ackQuorumSize: i.ackQuorumSize,
    digestType: i.digestType,
    rollover: { ...i.rollover },
    retention: { ...i.retention },
    firstOffset: i.firstOffset.toString(),
    nextOffset: i.nextOffset.toString(),
    segments: i.segments.map((s) => ({
      ledgerId: s.ledgerId.toString(),
      startOffset: s.startOffset.toString(),
      entryCount: s.entryCount.toString(),
      bytes: s.bytes.toString(),
      createdMs: s.createdMs,
      sealed: s.sealed,
      ...(s.maxTimestampMs !== undefined ? { maxTimestampMs: s.maxTimestampMs } : {}),
    })),
    ...(i.owner !== undefined ? { owner: i.owner } : {}),
  };
}

export function logReceiptJson(r: LogReceipt): Schemas['LogReceipt'] {
  return { offset: r.offset.toString(), ledgerId: r.ledgerId.toString(), entryId: r.entryId.toString(), lastAddConfirmed: r.lastAddConfirmed.toString(), writeSet: [...r.writeSet], ackQuorumSize: r.ackQuorumSize, duplicate: r.duplicate };
}

export function recordPageJson(p: LogReadResult): Schemas['RecordPage'] {
  return {
    records: p.records.map((r) => ({
      offset: r.offset.toString(),
      timestampMs: r.timestampMs,
      ...(r.key !== undefined ? { key: r.key.toString('base64') } : {}),
      ...(r.headers !== undefined ? { headers: r.headers.map((h) => ({ name: h.name, value: h.value.toString('base64') })) } : {}),
      ...(r.producerId !== undefined ? { producerId: r.producerId, sequence: r.sequence!.toString() } : {}),
      data: r.payload.toString('base64'),
    })),
    nextOffset: p.nextOffset.toString(),
    firstOffset: p.firstOffset.toString(),
    endOffset: p.endOffset.toString(),
  };
}

export function cursorJson(c: CursorState): Schemas['Cursor'] {
  return { name: c.name, offset: c.offset.toString(), version: c.version, updatedMs: c.updatedMs };
}

export function recordsFromJson(records: Schemas['RecordIn'][]): RecordInput[] {
  return records.map((r, i) => ({
    payload: b64(r.data, `records/${i}/data`),
    ...(r.key !== undefined ? { key: b64(r.key, `records/${i}/key`) } : {}),
    ...(r.headers !== undefined ? { headers: r.headers.map((h, j) => ({ name: h.name, value: b64(h.value, `records/${i}/headers/${j}/value`) })) } : {}),
    ...(r.timestampMs !== undefined ? { timestampMs: r.timestampMs } : {}),
  }));
}


export function logReceiptFromJson(r: Schemas['LogReceipt']): LogReceipt {
  return { offset: BigInt(r.offset), ledgerId: BigInt(r.ledgerId), entryId: BigInt(r.entryId), lastAddConfirmed: BigInt(r.lastAddConfirmed), writeSet: r.writeSet, ackQuorumSize: r.ackQuorumSize, duplicate: r.duplicate };
}

export function recordsToJson(records: readonly RecordInput[]): Schemas['RecordIn'][] {
  return records.map((r) => ({
    data: r.payload.toString('base64'),
    ...(r.key !== undefined ? { key: r.key.toString('base64') } : {}),
    ...(r.headers !== undefined ? { headers: r.headers.map((h) => ({ name: h.name, value: h.value.toString('base64') })) } : {}),
    ...(r.timestampMs !== undefined ? { timestampMs: r.timestampMs } : {}),
  }));
}
