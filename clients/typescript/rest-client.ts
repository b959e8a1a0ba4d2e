// Typed REST client for the Quire gateway: openapi-fetch over the types openapi-typescript
// generates from openapi/quire.yaml (openapi/gen/quire.d.ts). Ids are bigint here and decimal strings
// on the wire; payloads are Uint8Array (Buffer). Errors are QuireApiError with the gateway's code.
// Retries: reads, close, recover and delete follow the error's retryable flag; an append is
// retried only when it carries a producer id and sequence (exactly-once), and create never.
import createClient, { type Client } from 'openapi-fetch';
import { fetchWithToken, type TokenSource } from './credentials.js';
import type { components, paths } from '../../openapi/gen/quire.js';
import { QuireApiError, withRetries, type Problem, type RetryPolicy } from './errors.js';

type S = components['schemas'];

export interface Receipt {
  readonly ledgerId: bigint;
  readonly entryId: bigint;
  readonly lastAddConfirmed: bigint;
  /** Bookies of the entry's write set (where it is stored). */
  readonly writeSet: readonly string[];
  readonly ackQuorumSize: number;
  /** A replay of an earlier append with the same (producerId, sequence). */
  readonly duplicate: boolean;
  /** Bookies that acked (fsync'd) the entry before the gateway acked it; absent on replays. */
  readonly ackedBy?: readonly string[];
}
export interface Entry {
  readonly entryId: bigint;
  readonly data: Buffer;
}
export interface EntryPage {
  readonly entries: Entry[];
  readonly lastAddConfirmed: bigint;
  readonly sealed: boolean;
  readonly nextEntryId: bigint | undefined;
}
export interface SealResult {
  readonly ledgerId: bigint;
  readonly lastEntryId: bigint;
  /** Deprecated: same as storedLength. */
  readonly length: bigint;
  /** BookKeeper's ledger length (bytes stored). */
  readonly storedLength: bigint;
  /** Sum of payload bytes; undefined when the gateway does not know it. */
  readonly payloadLength?: bigint;
}
export type LedgerInfo = Omit<S['LedgerInfo'], 'ledgerId' | 'lastEntryId' | 'length'> & { ledgerId: bigint; lastEntryId: bigint; length: bigint };

/** Unset sizes and digest take the gateway's defaults. */
export type CreateLedgerOptions = Partial<S['CreateLedgerRequest']> & { readonly password?: string };
export interface AppendOptions {
  readonly password?: string;
  /** Exactly-once: with `sequence`, a retry (through any gateway) returns the first receipt. */
  readonly producerId?: string;
  readonly sequence?: bigint;
  /** Compare-and-append: fails with APPEND_CONFLICT unless the (first) entry gets this id. */
  readonly expectedEntryId?: bigint;
}
export interface ReadOptions {
  readonly password?: string;
  readonly from?: bigint;
  readonly limit?: number;
  readonly maxBytes?: number;
  readonly unconfirmed?: boolean;
}

export interface QuireRestClientOptions {
  /** e.g. http://127.0.0.1:8080 */
  readonly baseUrl: string;
  /** Default ledger password (UTF-8) for every call; each call may override it. */
  readonly password?: string;
  readonly retry?: RetryPolicy;
  /** Per-request timeout. Default 60 s (a tail long-poll adds its wait on top). */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
  /** Bearer token (or a function returning a fresh one) for a gateway with auth on. */
  readonly token?: TokenSource;
}

const big = (s: string): bigint => BigInt(s);
const receiptOf = (r: S['Receipt']): Receipt => ({ ...r, ledgerId: big(r.ledgerId), entryId: big(r.entryId), lastAddConfirmed: big(r.lastAddConfirmed) });
const pageOf = (p: S['EntryPage']): EntryPage => ({
  entries: p.entries.map((e) => ({ entryId: big(e.entryId), data: Buffer.from(e.data, 'base64') })),
  lastAddConfirmed: big(p.lastAddConfirmed),
  sealed: p.sealed,
  nextEntryId: p.nextEntryId === undefined ? undefined : big(p.nextEntryId),
});
const sealOf = (s: S['SealResult']): SealResult => ({
  ledgerId: big(s.ledgerId),
  lastEntryId: big(s.lastEntryId),
  length: big(s.length),
  storedLength: big(s.storedLength),
  ...(s.payloadLength !== undefined ? { payloadLength: big(s.payloadLength) } : {}),
});
const infoOf = (i: S['LedgerInfo']): LedgerInfo => ({ ...i, ledgerId: big(i.ledgerId), lastEntryId: big(i.lastEntryId), length: big(i.length) });

export class QuireRestClient {
  readonly api: Client<paths>;
  private readonly password: string | undefined;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;

  constructor(opts: QuireRestClientOptions) {
    this.api = createClient<paths>({ baseUrl: opts.baseUrl.replace(/\/$/, ''), ...(opts.fetch || opts.token !== undefined ? { fetch: fetchWithToken(opts.token, opts.fetch) } : {}) });
    this.password = opts.password;
    this.retry = opts.retry ?? {};
    this.timeoutMs = opts.timeoutMs ?? 60_000;
  }

  private pw(password: string | undefined): { 'Quire-Ledger-Password'?: string } {
    const p = password ?? this.password;
    return p === undefined ? {} : { 'Quire-Ledger-Password': p };
  }

  /**
   * One call: the problem document becomes a QuireApiError; a network failure becomes
   * NETWORK_ERROR, retryable only when the operation is safe to repeat.
   */
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

  async createLedger(opts: CreateLedgerOptions = {}): Promise<LedgerInfo> {
    const { password, ...body } = opts;
    const info = await this.call(false, (signal) => this.api.POST('/v1/ledgers', { params: { header: this.pw(password) }, body: body as S['CreateLedgerRequest'], signal }));
    return infoOf(info);
  }

  async getLedger(ledgerId: bigint): Promise<LedgerInfo> {
    return infoOf(await this.call(true, (signal) => this.api.GET('/v1/ledgers/{ledgerId}', { params: { path: { ledgerId: String(ledgerId) } }, signal })));
  }

  async listLedgers(opts: { pageSize?: number; pageToken?: string } = {}): Promise<{ ledgers: bigint[]; nextPageToken: string | undefined }> {
    const page = await this.call(true, (signal) => this.api.GET('/v1/ledgers', { params: { query: opts }, signal }));
    return { ledgers: page.ledgers.map(big), nextPageToken: page.nextPageToken };
  }

  private appendHeaders(o: AppendOptions) {
    return {
      ...this.pw(o.password),
      ...(o.producerId !== undefined ? { 'Quire-Producer-Id': o.producerId } : {}),
      ...(o.sequence !== undefined ? { 'Quire-Sequence': String(o.sequence) } : {}),
      ...(o.expectedEntryId !== undefined ? { 'Quire-Expected-Entry-Id': String(o.expectedEntryId) } : {}),
    };
  }

  /** Appends one entry (sent as application/octet-stream). Resolves after an ack quorum fsync'd it. */
  async append(ledgerId: bigint, data: Uint8Array | string, opts: AppendOptions = {}): Promise<Receipt> {
    const body = typeof data === 'string' ? Buffer.from(data) : data;
    const exactlyOnce = opts.producerId !== undefined && opts.sequence !== undefined;
    const r = await this.call(exactlyOnce, (signal) =>
      this.api.POST('/v1/ledgers/{ledgerId}/entries', {
        params: { path: { ledgerId: String(ledgerId) }, header: this.appendHeaders(opts) },
        // The spec types octet-stream bodies as string; the bytes go out untouched.
        body: body as unknown as string,
        bodySerializer: (b: unknown) => b as string,
        headers: { 'Content-Type': 'application/octet-stream' },
        signal,
      }),
    );
    if ('receipts' in r) throw new QuireApiError('INTERNAL', 'expected one receipt', false, 200, 'rest');
    return receiptOf(r);
  }

  /** Appends entries with consecutive ids (JSON, base64); entry i uses sequence + i. */
  async appendBatch(ledgerId: bigint, entries: readonly (Uint8Array | string)[], opts: AppendOptions = {}): Promise<Receipt[]> {
    const exactlyOnce = opts.producerId !== undefined && opts.sequence !== undefined;
    const body = { entries: entries.map((e) => ({ data: Buffer.from(typeof e === 'string' ? Buffer.from(e) : e).toString('base64') })) };
    const r = await this.call(exactlyOnce, (signal) =>
      this.api.POST('/v1/ledgers/{ledgerId}/entries', { params: { path: { ledgerId: String(ledgerId) }, header: this.appendHeaders(opts) }, body, signal }),
    );
    if (!('receipts' in r)) throw new QuireApiError('INTERNAL', 'expected a list of receipts', false, 200, 'rest');
    return r.receipts.map(receiptOf);
  }

  /** A page of confirmed entries from `from` (unless unconfirmed); `nextEntryId` says where to go on. */
  async readEntries(ledgerId: bigint, opts: ReadOptions = {}): Promise<EntryPage> {
    const query = {
      ...(opts.from !== undefined ? { from: String(opts.from) } : {}),
      ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
      ...(opts.maxBytes !== undefined ? { maxBytes: opts.maxBytes } : {}),
      ...(opts.unconfirmed ? { unconfirmed: true } : {}),
    };
    const p = await this.call(true, (signal) =>
      this.api.GET('/v1/ledgers/{ledgerId}/entries', { params: { path: { ledgerId: String(ledgerId) }, header: this.pw(opts.password), query }, signal }),
    );
    return pageOf(p);
  }

  async readEntry(ledgerId: bigint, entryId: bigint, opts: { password?: string; unconfirmed?: boolean } = {}): Promise<Buffer> {
    const data = await this.call(true, (signal) =>
      this.api.GET('/v1/ledgers/{ledgerId}/entries/{entryId}', {
        params: { path: { ledgerId: String(ledgerId), entryId: String(entryId) }, header: this.pw(opts.password), query: opts.unconfirmed ? { unconfirmed: true } : {} },
        parseAs: 'arrayBuffer',
        signal,
      }),
    );
    return Buffer.from(data as ArrayBuffer);
  }

  async lastAddConfirmed(ledgerId: bigint, opts: { password?: string } = {}): Promise<{ lastAddConfirmed: bigint; sealed: boolean }> {
    const l = await this.call(true, (signal) => this.api.GET('/v1/ledgers/{ledgerId}/lac', { params: { path: { ledgerId: String(ledgerId) }, header: this.pw(opts.password) }, signal }));
    return { lastAddConfirmed: big(l.lastAddConfirmed), sealed: l.sealed };
  }

  /** One long poll: waits up to waitMs for confirmed entries from `from` on (empty page on timeout). */
  async tail(ledgerId: bigint, opts: ReadOptions & { waitMs?: number } = {}): Promise<EntryPage> {
    const query = {
      ...(opts.from !== undefined ? { from: String(opts.from) } : {}),
      ...(opts.waitMs !== undefined ? { waitMs: opts.waitMs } : {}),
      ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
      ...(opts.maxBytes !== undefined ? { maxBytes: opts.maxBytes } : {}),
    };
    const p = await this.call(
      true,
      (signal) => this.api.GET('/v1/ledgers/{ledgerId}/tail', { params: { path: { ledgerId: String(ledgerId) }, header: this.pw(opts.password), query }, signal }),
      opts.waitMs ?? 10_000,
    );
    // JSON unless Accept asks for text/event-stream, which this method does not.
    return pageOf(p as S['EntryPage']);
  }

  /**
   * Follows a ledger: yields every confirmed entry from `from` on, in order, long-polling for new
   * ones, and returns once the ledger is sealed and fully delivered. Break out of the loop to stop.
   */
  async *follow(ledgerId: bigint, opts: { from?: bigint; waitMs?: number; password?: string } = {}): AsyncGenerator<Entry, void, undefined> {
    let next = opts.from ?? 0n;
    for (;;) {
      const page = await this.tail(ledgerId, { from: next, waitMs: opts.waitMs ?? 10_000, ...(opts.password !== undefined ? { password: opts.password } : {}) });
      for (const e of page.entries) {
        yield e;
        next = e.entryId + 1n;
      }
      if (page.sealed && next > page.lastAddConfirmed) return;
    }
  }

  /** Seals the ledger at its LAC (through its writer); closing again returns the same end. */
  async close(ledgerId: bigint, opts: { password?: string } = {}): Promise<SealResult> {
    return sealOf(await this.call(true, (signal) => this.api.POST('/v1/ledgers/{ledgerId}/close', { params: { path: { ledgerId: String(ledgerId) }, header: this.pw(opts.password) }, signal })));
  }

  /** Fences, recovers and seals a ledger whose writer may be gone; returns the sealed end. */
  async recover(ledgerId: bigint, opts: { password?: string } = {}): Promise<SealResult> {
    return sealOf(await this.call(true, (signal) => this.api.POST('/v1/ledgers/{ledgerId}/recover', { params: { path: { ledgerId: String(ledgerId) }, header: this.pw(opts.password) }, signal })));
  }

  async deleteLedger(ledgerId: bigint, opts: { password?: string } = {}): Promise<void> {
    await this.call(true, (signal) => this.api.DELETE('/v1/ledgers/{ledgerId}', { params: { path: { ledgerId: String(ledgerId) }, header: this.pw(opts.password) }, signal }));
  }
}
