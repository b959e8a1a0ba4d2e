// Named logs over REST: QuireLogClient, one call per method, a LogTransport (log-transport.ts) under
// the high-level Producer (producer.ts) and Consumer (consumer.ts); GrpcLogTransport is the gRPC
// one. docs/logs.md describes the semantics.
import createClient, { type Client } from 'openapi-fetch';
import { fetchWithToken, type TokenSource } from './credentials.js';
import type { components, paths } from '../../openapi/gen/quire.js';
import { QuireApiError, withRetries, type Problem, type RetryPolicy } from './errors.js';
import type { CreateLogOptions, CursorInfo, FollowOpts, LogAppendOptions, LogInfo, LogReceipt, LogRecordIn, LogTransport, ReadOpts, RecordPage, TailOpts } from './log-transport.js';

export type { CreateLogOptions, CursorInfo, LogAppendOptions, LogInfo, LogReceipt, LogRecordIn, LogRecordOut, RecordPage } from './log-transport.js';

type S = components['schemas'];

const bytes = (v: Uint8Array | string) => Buffer.from(typeof v === 'string' ? Buffer.from(v) : v).toString('base64');
const receiptOf = (r: S['LogReceipt']): LogReceipt => ({ ...r, offset: BigInt(r.offset), ledgerId: BigInt(r.ledgerId), entryId: BigInt(r.entryId), lastAddConfirmed: BigInt(r.lastAddConfirmed) });
const pageOf = (p: S['RecordPage']): RecordPage => ({
  records: p.records.map((r) => ({
    offset: BigInt(r.offset),
    timestampMs: r.timestampMs,
    ...(r.key !== undefined ? { key: Buffer.from(r.key, 'base64') } : {}),
    ...(r.headers !== undefined ? { headers: r.headers.map((h) => ({ name: h.name, value: Buffer.from(h.value, 'base64') })) } : {}),
    ...(r.producerId !== undefined ? { producerId: r.producerId, sequence: BigInt(r.sequence!) } : {}),
    data: Buffer.from(r.data, 'base64'),
  })),
  nextOffset: BigInt(p.nextOffset),
  firstOffset: BigInt(p.firstOffset),
  endOffset: BigInt(p.endOffset),
});
const cursorOf = (c: S['Cursor']): CursorInfo => ({ ...c, offset: BigInt(c.offset) });

export class QuireLogClient implements LogTransport {
  readonly transport = 'rest' as const;
  readonly api: Client<paths>;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;

  constructor(opts: { baseUrl: string; retry?: RetryPolicy; timeoutMs?: number; fetch?: typeof fetch; token?: TokenSource }) {
    this.api = createClient<paths>({ baseUrl: opts.baseUrl.replace(/\/$/, ''), ...(opts.fetch || opts.token !== undefined ? { fetch: fetchWithToken(opts.token, opts.fetch) } : {}) });
    this.retry = opts.retry ?? {};
    this.timeoutMs = opts.timeoutMs ?? 60_000;
  }

  private async call<T>(idempotent: boolean, run: (signal: AbortSignal) => Promise<{ data?: T; error?: unknown; response: Response }>, extraMs = 0, retry: RetryPolicy = this.retry): Promise<T> {
    const once = async (): Promise<T> => {
      let res: { data?: T; error?: unknown; response: Response };
      try {
        res = await run(AbortSignal.timeout(this.timeoutMs + extraMs));
      } catch (e) {
        const timeout = e instanceof Error && e.name === 'TimeoutError';
        throw new QuireApiError(timeout ? 'TIMEOUT' : 'NETWORK_ERROR', e instanceof Error ? e.message : String(e), idempotent, 0, 'rest', {}, { cause: e });
      }
      if (!res.response.ok && res.response.status !== 304) throw QuireApiError.fromProblem(res.error as Partial<Problem> | undefined, res.response);
      return res.data as T;
    };
    return idempotent ? withRetries(once, retry) : once();
  }

  async createLog(opts: CreateLogOptions): Promise<LogInfo> {
    return this.call(false, (signal) => this.api.POST('/v1/logs', { body: opts as S['CreateLogRequest'], signal }));
  }
  async getLog(name: string): Promise<LogInfo> {
    return this.call(true, (signal) => this.api.GET('/v1/logs/{log}', { params: { path: { log: name } }, signal }));
  }
  async deleteLog(name: string): Promise<void> {
    await this.call(true, (signal) => this.api.DELETE('/v1/logs/{log}', { params: { path: { log: name } }, signal }));
  }
  async listLogs(opts: { prefix?: string; pageSize?: number; pageToken?: string } = {}): Promise<{ logs: string[]; nextPageToken?: string | undefined }> {
    return this.call(true, (signal) => this.api.GET('/v1/logs', { params: { query: opts }, signal }));
  }

  /**
   * Appends records (JSON batch); record i uses sequence + i. Retried only with a producer id and
   * sequence (exactly-once: a retry returns the first receipts).
   */
  async append(name: string, records: readonly LogRecordIn[], opts: LogAppendOptions = {}): Promise<LogReceipt[]> {
    const header = {
      ...(opts.producerId !== undefined ? { 'Quire-Producer-Id': opts.producerId } : {}),
      ...(opts.sequence !== undefined ? { 'Quire-Sequence': String(opts.sequence) } : {}),
      ...(opts.expectedOffset !== undefined ? { 'Quire-Expected-Offset': String(opts.expectedOffset) } : {}),
    };
    const body = {
      records: records.map((r) => ({
        data: bytes(r.data),
        ...(r.key !== undefined ? { key: bytes(r.key) } : {}),
        ...(r.headers !== undefined ? { headers: r.headers.map((h) => ({ name: h.name, value: bytes(h.value) })) } : {}),
        ...(r.timestampMs !== undefined ? { timestampMs: r.timestampMs } : {}),
      })),
    };
    const exactlyOnce = opts.producerId !== undefined && opts.sequence !== undefined;
    const r = await this.call(exactlyOnce, (signal) => this.api.POST('/v1/logs/{log}/records', { params: { path: { log: name }, header }, body, signal }), 0, opts.retry ?? this.retry);
    if (!('receipts' in r)) throw new QuireApiError('INTERNAL', 'expected a list of receipts', false, 200, 'rest');
    return r.receipts.map(receiptOf);
  }

  async read(name: string, opts: ReadOpts = {}): Promise<RecordPage> {
    const query = { ...(opts.from !== undefined ? { from: String(opts.from) } : {}), ...(opts.limit !== undefined ? { limit: opts.limit } : {}), ...(opts.maxBytes !== undefined ? { maxBytes: opts.maxBytes } : {}) };
    return pageOf(await this.call(true, (signal) => this.api.GET('/v1/logs/{log}/records', { params: { path: { log: name }, query }, signal })));
  }

  /** One long poll from `from` (an empty page on timeout). */
  async tail(name: string, opts: TailOpts = {}): Promise<RecordPage> {
    const query = {
      ...(opts.from !== undefined ? { from: String(opts.from) } : {}),
      ...(opts.waitMs !== undefined ? { waitMs: opts.waitMs } : {}),
      ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
      ...(opts.maxBytes !== undefined ? { maxBytes: opts.maxBytes } : {}),
    };
    const p = await this.call(true, (signal) => this.api.GET('/v1/logs/{log}/tail', { params: { path: { log: name }, query }, signal }), opts.waitMs ?? 10_000);
    return pageOf(p as S['RecordPage']);
  }

  /** Long polls one after another (REST has no stream of records); stops when `signal` aborts. */
  async *follow(name: string, opts: FollowOpts = {}): AsyncGenerator<RecordPage, void, undefined> {
    let from = opts.from;
    while (!(opts.signal?.aborted ?? false)) {
      const page = await this.tail(name, { ...opts, ...(from !== undefined ? { from } : {}), waitMs: opts.waitMs ?? 10_000 });
      yield page;
      from = page.nextOffset;
    }
  }

  async truncate(name: string, before: bigint): Promise<{ firstOffset: bigint; deletedSegments: number }> {
    const r = await this.call(true, (signal) => this.api.POST('/v1/logs/{log}/truncate', { params: { path: { log: name } }, body: { before: String(before) }, signal }));
    return { firstOffset: BigInt(r.firstOffset), deletedSegments: r.deletedSegments };
  }

  async getCursor(name: string, cursor: string): Promise<CursorInfo> {
    return cursorOf(await this.call(true, (signal) => this.api.GET('/v1/logs/{log}/cursors/{cursor}', { params: { path: { log: name, cursor } }, signal })));
  }
  /** expectedVersion: -1 creates only; n writes only at version n (CURSOR_CONFLICT otherwise). */
  async setCursor(name: string, cursor: string, offset: bigint, expectedVersion?: number): Promise<CursorInfo> {
    const body = { offset: String(offset), ...(expectedVersion !== undefined ? { expectedVersion } : {}) };
    return cursorOf(await this.call(expectedVersion !== undefined, (signal) => this.api.PUT('/v1/logs/{log}/cursors/{cursor}', { params: { path: { log: name, cursor } }, body, signal })));
  }
  /** Acknowledges every record below offset (moves forward only; safe to retry). */
  async advanceCursor(name: string, cursor: string, offset: bigint): Promise<CursorInfo> {
    return cursorOf(await this.call(true, (signal) => this.api.POST('/v1/logs/{log}/cursors/{cursor}/advance', { params: { path: { log: name, cursor } }, body: { offset: String(offset) }, signal })));
  }
}

