// The transport-neutral client of the log scenarios (log-scenarios.ts): one interface, a REST
// adapter (/v1/logs, problem+json) and a gRPC adapter (quire.v1.LogService, trailers). Failures
// become LogCallError with the stable code and the error's details (REST: problem+json fields;
// gRPC: quire-* trailers in camelCase).
import { Metadata, type ServiceError } from '@grpc/grpc-js';
import { ERROR_CODE_HEADER } from '../../../gateway/grpc/grpc-errors.js';
import { GrpcLogClient } from '../../../gateway/grpc/grpc-log-client.js';

export class LogCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, string>,
  ) {
    super(`${code}: ${message}`);
  }
}

export interface RecordView {
  readonly offset: string;
  readonly data: string;
  readonly key?: string;
  readonly timestampMs: number;
  readonly headers: { name: string; value: string }[];
}
export interface ReceiptView {
  readonly offset: string;
  readonly ledgerId: string;
  readonly entryId: string;
  readonly duplicate: boolean;
}
export interface PageView {
  readonly records: RecordView[];
  readonly endOffset: string;
  readonly immutable: boolean;
}
export interface CursorView {
  readonly name: string;
  readonly offset: string;
  readonly version: number;
}
export interface RecordIn {
  readonly data: string;
  readonly key?: string;
  readonly headers?: { name: string; value: string }[];
  readonly timestampMs?: number;
}
export interface AppendIn {
  readonly producerId?: string;
  readonly sequence?: number;
  readonly expectedOffset?: number;
}

export interface LogTransport {
  readonly kind: 'rest' | 'grpc';
  create(name: string, rollover?: { maxEntries: number }): Promise<{ name: string; nextOffset: string }>;
  get(name: string): Promise<{ nextOffset: string; owner?: string; segments: number }>;
  list(prefix: string, pageSize: number): Promise<{ names: string[]; nextPageToken?: string }>;
  remove(name: string): Promise<void>;
  append(name: string, records: RecordIn[], o?: AppendIn): Promise<ReceiptView[]>;
  read(name: string, from: number, limit?: number): Promise<PageView>;
  readCursor(name: string, cursor: string): Promise<PageView>;
  seek(name: string, timestampMs: number): Promise<string>;
  truncate(name: string, before: number): Promise<{ firstOffset: string; deletedSegments: number }>;
  retention(name: string): Promise<{ firstOffset: string }>;
  getCursor(name: string, cursor: string): Promise<CursorView>;
  setCursor(name: string, cursor: string, offset: number, expectedVersion?: number): Promise<CursorView>;
  advance(name: string, cursor: string, offset: number): Promise<CursorView>;
  listCursors(name: string): Promise<string[]>;
  deleteCursor(name: string, cursor: string): Promise<void>;
  /** Waits up to waitMs for records from `from` (REST long poll; gRPC the Tail stream's first non-empty message). */
  tail(name: string, from: number, waitMs: number): Promise<RecordView[]>;
  close(): void;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const b64 = (s: string) => Buffer.from(s).toString('base64');
const unb64 = (s: unknown) => Buffer.from(String(s), 'base64').toString();

export function restLogTransport(base: string): LogTransport {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Json> => {
    const res = await fetch(new URL(path, base), {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    const json = (text === '' ? {} : JSON.parse(text)) as Json;
    if (res.status >= 400) {
      const details: Record<string, string> = {};
      for (const [k, v] of Object.entries(json)) if (!['type', 'title', 'status', 'detail', 'code', 'instance'].includes(k)) details[k] = String(v);
      throw new LogCallError(String(json.code), String(json.detail ?? ''), details);
    }
    // REST says "immutable" in Cache-Control, not in the body.
    if (/immutable/.test(res.headers.get('cache-control') ?? '')) json.immutable = true;
    return json;
  };
  const p = (name: string) => `/v1/logs/${encodeURIComponent(name)}`;
  const recView = (r: Json): RecordView => ({ offset: r.offset, data: unb64(r.data), ...(r.key !== undefined ? { key: unb64(r.key) } : {}), timestampMs: Number(r.timestampMs), headers: ((r.headers ?? []) as Json[]).map((h) => ({ name: h.name, value: unb64(h.value) })) });
  const pageView = (j: Json): PageView => ({ records: (j.records as Json[]).map(recView), endOffset: j.endOffset, immutable: j.immutable === true });
  const rc = (r: Json): ReceiptView => ({ offset: r.offset, ledgerId: r.ledgerId, entryId: r.entryId, duplicate: r.duplicate === true });
  const cur = (c: Json): CursorView => ({ name: c.name, offset: c.offset, version: c.version });
  return {
    kind: 'rest',
    create: async (name, rollover) => call('POST', '/v1/logs', { name, ...(rollover ? { rollover } : {}) }) as Promise<{ name: string; nextOffset: string }>,
    get: async (name) => {
      const j = await call('GET', p(name));
      return { nextOffset: j.nextOffset, ...(j.owner ? { owner: j.owner } : {}), segments: (j.segments as unknown[]).length };
    },
    list: async (prefix, pageSize) => {
      const j = await call('GET', `/v1/logs?prefix=${encodeURIComponent(prefix)}&pageSize=${pageSize}`);
      return { names: j.logs, ...(j.nextPageToken ? { nextPageToken: j.nextPageToken } : {}) };
    },
    remove: async (name) => void (await call('DELETE', p(name))),
    append: async (name, records, o = {}) => {
      const headers: Record<string, string> = {};
      if (o.producerId !== undefined) headers['quire-producer-id'] = o.producerId;
      if (o.sequence !== undefined) headers['quire-sequence'] = String(o.sequence);
      if (o.expectedOffset !== undefined) headers['quire-expected-offset'] = String(o.expectedOffset);
      const body = { records: records.map((r) => ({ data: b64(r.data), ...(r.key !== undefined ? { key: b64(r.key) } : {}), ...(r.headers ? { headers: r.headers.map((h) => ({ name: h.name, value: b64(h.value) })) } : {}), ...(r.timestampMs !== undefined ? { timestampMs: r.timestampMs } : {}) })) };
      return ((await call('POST', `${p(name)}/records`, body, headers)).receipts as Json[]).map(rc);
    },
    read: async (name, from, limit) => pageView(await call('GET', `${p(name)}/records?from=${from}${limit !== undefined ? `&limit=${limit}` : ''}`)),
    readCursor: async (name, cursor) => pageView(await call('GET', `${p(name)}/cursors/${cursor}/records`)),
    seek: async (name, ts) => (await call('GET', `${p(name)}/seek?timestampMs=${ts}`)).offset,
    truncate: async (name, before) => (await call('POST', `${p(name)}/truncate`, { before: String(before) })) as { firstOffset: string; deletedSegments: number },
    retention: async (name) => (await call('POST', `${p(name)}/retention`)) as { firstOffset: string },
    getCursor: async (name, c) => cur(await call('GET', `${p(name)}/cursors/${c}`)),
    setCursor: async (name, c, offset, expectedVersion) => cur(await call('PUT', `${p(name)}/cursors/${c}`, { offset: String(offset), ...(expectedVersion !== undefined ? { expectedVersion } : {}) })),
    advance: async (name, c, offset) => cur(await call('POST', `${p(name)}/cursors/${c}/advance`, { offset: String(offset) })),
    listCursors: async (name) => ((await call('GET', `${p(name)}/cursors`)).cursors as Json[]).map((c) => c.name as string),
    deleteCursor: async (name, c) => void (await call('DELETE', `${p(name)}/cursors/${c}`)),
    tail: async (name, from, waitMs) => ((await call('GET', `${p(name)}/tail?from=${from}&waitMs=${waitMs}`)).records as Json[]).map(recView),
    close: () => undefined,
  };
}

function grpcErrorOf(e: unknown): unknown {
  const err = e as Partial<ServiceError>;
  if (typeof err.code !== 'number' || !(err.metadata instanceof Metadata)) return e;
  const details: Record<string, string> = {};
  for (const [k, v] of Object.entries(err.metadata.getMap())) {
    if (k.startsWith('quire-')) details[k.slice('quire-'.length).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = String(v);
  }
  return new LogCallError(String(err.metadata.get(ERROR_CODE_HEADER)[0] ?? `GRPC_${err.code}`), err.details ?? '', details);
}

export function grpcLogTransport(address: string): LogTransport {
  const c = new GrpcLogClient(address);
  const u = async (m: Parameters<GrpcLogClient['unary']>[0], req: Json): Promise<Json> => {
    try {
      return await c.unary<Json>(m, req);
    } catch (e) {
      throw grpcErrorOf(e);
    }
  };
  const recView = (r: Json): RecordView => ({ offset: r.offset, data: String(r.data), ...(r.key ? { key: String(r.key) } : {}), timestampMs: Number(r.timestampMs), headers: ((r.headers ?? []) as Json[]).map((h) => ({ name: h.name, value: String(h.value) })) });
  const pageView = (j: Json): PageView => ({ records: (j.records as Json[]).map(recView), endOffset: j.endOffset, immutable: j.immutable === true });
  const cur = (j: Json): CursorView => ({ name: j.name, offset: j.offset, version: j.version });
  return {
    kind: 'grpc',
    create: async (name, rollover) => (await u('CreateLog', { name, ...(rollover ? { rollover } : {}) })) as { name: string; nextOffset: string },
    get: async (name) => {
      const j = await u('GetLog', { name });
      return { nextOffset: j.nextOffset, ...(j.owner ? { owner: j.owner } : {}), segments: (j.segments as unknown[]).length };
    },
    list: async (prefix, pageSize) => {
      const j = await u('ListLogs', { prefix, pageSize });
      return { names: j.names, ...(j.nextPageToken ? { nextPageToken: j.nextPageToken } : {}) };
    },
    remove: async (name) => void (await u('DeleteLog', { name })),
    append: async (name, records, o = {}) => {
      const req: Json = {
        name,
        records: records.map((r) => ({ data: Buffer.from(r.data), ...(r.key !== undefined ? { key: Buffer.from(r.key) } : {}), headers: (r.headers ?? []).map((h) => ({ name: h.name, value: Buffer.from(h.value) })), ...(r.timestampMs !== undefined ? { timestampMs: String(r.timestampMs) } : {}) })),
        ...(o.producerId !== undefined ? { producerId: o.producerId, sequence: String(o.sequence) } : {}),
        ...(o.expectedOffset !== undefined ? { expectedOffset: String(o.expectedOffset) } : {}),
      };
      return ((await u('Append', req)).receipts as Json[]).map((r) => ({ offset: r.offset, ledgerId: r.ledgerId, entryId: r.entryId, duplicate: r.duplicate === true }));
    },
    read: async (name, from, limit) => pageView(await u('Read', { name, fromOffset: String(from), ...(limit !== undefined ? { maxRecords: limit } : {}) })),
    readCursor: async (name, cursor) => pageView(await u('Read', { name, cursor })),
    seek: async (name, ts) => (await u('SeekByTimestamp', { name, timestampMs: String(ts) })).offset,
    truncate: async (name, before) => (await u('Truncate', { name, beforeOffset: String(before) })) as { firstOffset: string; deletedSegments: number },
    retention: async (name) => (await u('EnforceRetention', { name })) as { firstOffset: string },
    getCursor: async (name, cursor) => cur(await u('GetCursor', { name, cursor })),
    setCursor: async (name, cursor, offset, expectedVersion) => cur(await u('SetCursor', { name, cursor, offset: String(offset), ...(expectedVersion !== undefined ? { expectedVersion } : {}) })),
    advance: async (name, cursor, offset) => cur(await u('AdvanceCursor', { name, cursor, offset: String(offset) })),
    listCursors: async (name) => ((await u('ListCursors', { name })).cursors as Json[]).map((x) => x.name as string),
    deleteCursor: async (name, cursor) => void (await u('DeleteCursor', { name, cursor })),
    tail: async (name, from, waitMs) => {
      const s = c.tail({ name, fromOffset: String(from), waitMs }, { timeoutMs: waitMs + 10_000 });
      try {
        for await (const m of s) {
          const recs = ((m as Json).records as Json[]).map(recView);
          if (recs.length > 0) return recs;
        }
        return [];
      } catch (e) {
        throw grpcErrorOf(e);
      } finally {
        s.cancel();
      }
    },
    close: () => c.close(),
  };
}
