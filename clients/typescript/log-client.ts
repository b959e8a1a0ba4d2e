// Named logs in the TypeScript SDK (REST): QuireLogClient (one call per method), and the high-level
// LogProducer (automatic sequences, batching, retries of retryable errors only — exactly-once, so a
// retry never duplicates) and LogConsumer (a durable cursor, tailing across segments, batched
// acknowledgements). docs/logs.md describes the semantics.
import { randomUUID } from 'node:crypto';
import createClient, { type Client } from 'openapi-fetch';
import { fetchWithToken, type TokenSource } from './credentials.js';
import type { components, paths } from '../../openapi/gen/quire.js';
import { QuireApiError, withRetries, type Problem, type RetryPolicy } from './errors.js';

type S = components['schemas'];

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
}

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

export class QuireLogClient {
  readonly api: Client<paths>;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;

  constructor(opts: { baseUrl: string; retry?: RetryPolicy; timeoutMs?: number; fetch?: typeof fetch; token?: TokenSource }) {
    this.api = createClient<paths>({ baseUrl: opts.baseUrl.replace(/\/$/, ''), ...(opts.fetch || opts.token !== undefined ? { fetch: fetchWithToken(opts.token, opts.fetch) } : {}) });
    this.retry = opts.retry ?? {};
    this.timeoutMs = opts.timeoutMs ?? 60_000;
  }

  private async call<T>(idempotent: boolean, run: (signal: AbortSignal) => Promise<{ data?: T; error?: unknown; response: Response }>, extraMs = 0): Promise<T> {
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
    return idempotent ? withRetries(once, this.retry) : once();
  }

  async createLog(opts: CreateLogOptions): Promise<S['LogInfo']> {
    return this.call(false, (signal) => this.api.POST('/v1/logs', { body: opts as S['CreateLogRequest'], signal }));
  }
  async getLog(name: string): Promise<S['LogInfo']> {
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
    const r = await this.call(exactlyOnce, (signal) => this.api.POST('/v1/logs/{log}/records', { params: { path: { log: name }, header }, body, signal }));
    if (!('receipts' in r)) throw new QuireApiError('INTERNAL', 'expected a list of receipts', false, 200, 'rest');
    return r.receipts.map(receiptOf);
  }

  async read(name: string, opts: { from?: bigint; limit?: number; maxBytes?: number } = {}): Promise<RecordPage> {
    const query = { ...(opts.from !== undefined ? { from: String(opts.from) } : {}), ...(opts.limit !== undefined ? { limit: opts.limit } : {}), ...(opts.maxBytes !== undefined ? { maxBytes: opts.maxBytes } : {}) };
    return pageOf(await this.call(true, (signal) => this.api.GET('/v1/logs/{log}/records', { params: { path: { log: name }, query }, signal })));
  }

  /** One long poll from `from` (an empty page on timeout). */
  async tail(name: string, opts: { from?: bigint; waitMs?: number; limit?: number; maxBytes?: number } = {}): Promise<RecordPage> {
    const query = {
      ...(opts.from !== undefined ? { from: String(opts.from) } : {}),
      ...(opts.waitMs !== undefined ? { waitMs: opts.waitMs } : {}),
      ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
      ...(opts.maxBytes !== undefined ? { maxBytes: opts.maxBytes } : {}),
    };
    const p = await this.call(true, (signal) => this.api.GET('/v1/logs/{log}/tail', { params: { path: { log: name }, query }, signal }), opts.waitMs ?? 10_000);
    return pageOf(p as S['RecordPage']);
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

/**
 * A producer: records are sent in batches, one batch in flight at a time (which keeps the log in
 * the producer's order), each batch with the next sequences of `producerId`. A batch that fails
 * with a retryable error (or a lost connection) is sent again with the same sequences, through
 * whatever gateway the client reaches — exactly-once, so never duplicated. Other errors fail the
 * records of that batch; their sequences are skipped (gaps are allowed).
 */
export class LogProducer {
  readonly producerId: string;
  private sequence: bigint;
  private readonly queue: { record: LogRecordIn; resolve: (r: LogReceipt) => void; reject: (e: unknown) => void }[] = [];
  private running: Promise<void> | null = null;
  private closed = false;
  private readonly maxBatch: number;
  private readonly maxQueued: number;
  private readonly retry: RetryPolicy;

  constructor(
    private readonly client: QuireLogClient,
    readonly log: string,
    opts: {
      producerId?: string;
      /** Default: the current time in microseconds, so a restarted producer with the same id stays above its earlier sequences. */
      firstSequence?: bigint;
      /** Records per batch (default 100, at most the gateway's maxBatchEntries). */
      maxBatchRecords?: number;
      /** Bound on records waiting to be sent (default 10 000); send() rejects with TOO_MANY_REQUESTS beyond. */
      maxQueuedRecords?: number;
      retry?: RetryPolicy;
    } = {},
  ) {
    this.producerId = opts.producerId ?? `p-${randomUUID()}`;
    this.sequence = opts.firstSequence ?? BigInt(Date.now()) * 1000n;
    this.maxBatch = opts.maxBatchRecords ?? 100;
    this.maxQueued = opts.maxQueuedRecords ?? 10_000;
    this.retry = { attempts: 20, ...opts.retry };
  }

  /** Resolves with the record's receipt once an ack quorum fsync'd it. */
  send(record: LogRecordIn | Uint8Array | string): Promise<LogReceipt> {
    if (this.closed) return Promise.reject(new QuireApiError('SHUTTING_DOWN', 'producer is closed', false, 0, 'rest'));
    if (this.queue.length >= this.maxQueued) return Promise.reject(new QuireApiError('TOO_MANY_REQUESTS', `producer queue holds ${this.queue.length} records (limit ${this.maxQueued})`, true, 0, 'rest'));
    const r: LogRecordIn = typeof record === 'string' || record instanceof Uint8Array ? { data: record } : record;
    return new Promise((resolve, reject) => {
      this.queue.push({ record: r, resolve, reject });
      this.running ??= this.drain().finally(() => {
        this.running = null;
      });
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      const first = this.sequence;
      this.sequence += BigInt(batch.length);
      try {
        const receipts = await withRetries(() => this.client.append(this.log, batch.map((b) => b.record), { producerId: this.producerId, sequence: first }), this.retry);
        batch.forEach((b, i) => b.resolve(receipts[i]!));
      } catch (e) {
        for (const b of batch) b.reject(e);
      }
    }
  }

  /** Waits until every record sent so far is acknowledged or failed. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }
}

/**
 * A consumer of a log through a durable cursor: `records()` yields every committed record from the
 * cursor's offset on, in order, across segments, long-polling for new ones; `ack(offset)` marks
 * everything up to that offset done, and the cursor is advanced every commitIntervalMs (and on
 * commit()/close()). After a crash it restarts at the last committed offset: records after it are
 * seen again (at-least-once), none is skipped.
 */
export class LogConsumer {
  private acked: bigint | undefined;
  private committed: bigint | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly client: QuireLogClient,
    readonly log: string,
    readonly cursor: string,
    private readonly opts: { commitIntervalMs?: number; waitMs?: number; limit?: number; startAt?: 'earliest' | bigint } = {},
  ) {}

  /** The offset to start from: the cursor's, or (no cursor yet) startAt / the first retained offset. */
  async position(): Promise<bigint> {
    try {
      return (await this.client.getCursor(this.log, this.cursor)).offset;
    } catch (e) {
      if (!(e instanceof QuireApiError) || e.code !== 'NO_SUCH_CURSOR') throw e;
      return typeof this.opts.startAt === 'bigint' ? this.opts.startAt : BigInt((await this.client.getLog(this.log)).firstOffset);
    }
  }

  async *records(): AsyncGenerator<LogRecordOut, void, undefined> {
    let next = await this.position();
    this.committed = next;
    const every = this.opts.commitIntervalMs ?? 1000;
    this.timer = setInterval(() => void this.commit().catch(() => undefined), every);
    this.timer.unref();
    try {
      while (!this.stopped) {
        const page = await this.client.tail(this.log, { from: next, waitMs: this.opts.waitMs ?? 10_000, ...(this.opts.limit !== undefined ? { limit: this.opts.limit } : {}) });
        for (const r of page.records) {
          if (this.stopped) return;
          yield r;
          next = r.offset + 1n;
        }
      }
    } finally {
      clearInterval(this.timer);
    }
  }

  /** Everything up to and including `offset` is processed. */
  ack(offset: bigint): void {
    if (this.acked === undefined || offset > this.acked) this.acked = offset;
  }

  /** Advances the durable cursor to the last acknowledged offset + 1. */
  async commit(): Promise<void> {
    if (this.acked === undefined) return;
    const to = this.acked + 1n;
    if (this.committed !== undefined && to <= this.committed) return;
    await this.client.advanceCursor(this.log, this.cursor, to);
    if (this.committed === undefined || to > this.committed) this.committed = to;
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.commit();
  }
}
