// Typed gRPC client for the Quire gateway: @grpc/grpc-js with proto/quire/v1/ledger.proto loaded
// by @grpc/proto-loader, typed by the stubs proto-loader-gen-types generates (gen/grpc/). Ids are
// bigint here and decimal strings inside the stubs; errors are QuireApiError read from the
// gateway's trailing metadata. Retries follow the error's retryable flag, for reads, close and
// recover, and for appends only when they carry a producer id and sequence.
import type * as grpc from '@grpc/grpc-js';
import type { LedgerServiceClient } from './gen/grpc/quire/v1/LedgerService.js';
import type { CreateLedgerRequest } from './gen/grpc/quire/v1/CreateLedgerRequest.js';
import type { DurabilityReceipt__Output } from './gen/grpc/quire/v1/DurabilityReceipt.js';
import type { LedgerInfo__Output } from './gen/grpc/quire/v1/LedgerInfo.js';
import type { TailResponse__Output } from './gen/grpc/quire/v1/TailResponse.js';
import type { AppendBatchResponse__Output } from './gen/grpc/quire/v1/AppendBatchResponse.js';
import type { Entry__Output } from './gen/grpc/quire/v1/Entry.js';
import type { GetLastAddConfirmedResponse__Output } from './gen/grpc/quire/v1/GetLastAddConfirmedResponse.js';
import type { SealResult__Output } from './gen/grpc/quire/v1/SealResult.js';
import type { DeleteResponse__Output } from './gen/grpc/quire/v1/DeleteResponse.js';
import type { ListResponse__Output } from './gen/grpc/quire/v1/ListResponse.js';
import type { RetryPolicy } from './errors.js';
import type { AppendOptions, Entry, Receipt, SealResult } from './rest-client.js';
import type { GrpcTlsOptions, TokenSource } from './credentials.js';
import { GrpcConnection } from './grpc-connection.js';

export interface QuireGrpcClientOptions {
  /** host:port of a gateway's gRPC port (or several: tried in turn when one cannot be reached). */
  readonly target?: string | readonly string[];
  /** A connection to share with the log and blob clients (then target, TLS, token, deadline and retry are its own). */
  readonly connection?: GrpcConnection;
  /** Default ledger password (bytes or UTF-8 text). */
  readonly password?: Uint8Array | string;
  readonly retry?: RetryPolicy;
  /** Deadline of each unary call. Default 60 s. */
  readonly deadlineMs?: number;
  readonly protoDir?: string;
  readonly credentials?: grpc.ChannelCredentials;
  /** TLS to a gateway run with --tls-cert (CA, optional client certificate); ignored when `credentials` is given. */
  readonly tls?: GrpcTlsOptions;
  /** Bearer token (or a function returning a fresh one), sent as `authorization` metadata. */
  readonly token?: TokenSource;
}

export type LedgerInfo = Omit<LedgerInfo__Output, 'ledgerId' | 'lastEntryId' | 'length'> & { ledgerId: bigint; lastEntryId: bigint; length: bigint };

const receiptOf = (r: DurabilityReceipt__Output): Receipt => ({
  ledgerId: BigInt(r.ledgerId),
  entryId: BigInt(r.entryId),
  lastAddConfirmed: BigInt(r.lastAddConfirmed),
  writeSet: r.writeSet,
  ackQuorumSize: r.ackQuorumSize,
  duplicate: r.duplicate,
  ...(r.ackedBy.length > 0 ? { ackedBy: r.ackedBy } : {}),
});

const sealOf = (s: SealResult__Output): SealResult => ({
  ledgerId: BigInt(s.ledgerId),
  lastEntryId: BigInt(s.lastEntryId),
  length: BigInt(s.length),
  storedLength: BigInt(s.storedLength),
  ...(s.payloadLength !== undefined && s.payloadLength !== null ? { payloadLength: BigInt(s.payloadLength) } : {}),
});

export class QuireGrpcClient {
  readonly connection: GrpcConnection;
  private readonly password: Buffer;

  constructor(opts: QuireGrpcClientOptions) {
    if (opts.connection) this.connection = opts.connection;
    else {
      if (opts.target === undefined) throw new Error('QuireGrpcClient needs a target or a connection');
      this.connection = new GrpcConnection({
        endpoints: opts.target,
        ...(opts.retry ? { retry: opts.retry } : {}),
        ...(opts.deadlineMs !== undefined ? { timeoutMs: opts.deadlineMs } : {}),
        ...(opts.protoDir !== undefined ? { protoDir: opts.protoDir } : {}),
        ...(opts.credentials ? { credentials: opts.credentials } : {}),
        ...(opts.tls ? { tls: opts.tls } : {}),
        ...(opts.token !== undefined ? { token: opts.token } : {}),
      });
    }
    this.password = Buffer.from(opts.password ?? '');
  }

  /** The current endpoint's generated stub, for RPCs this client does not wrap. */
  get stub(): LedgerServiceClient {
    return this.connection.stub('ledger');
  }

  /** Closes the channels. (The stub's own `close` is the Close RPC: grpc-js adds lower-case aliases.) */
  close(): void {
    this.connection.close();
  }

  private pw(p: Uint8Array | string | undefined): Buffer {
    return p === undefined ? this.password : Buffer.from(p);
  }

  /** One unary call, errors converted; retried (per the retryable flag) only when `idempotent`. */
  private unary<Res>(idempotent: boolean, invoke: (opts: grpc.CallOptions, cb: grpc.requestCallback<Res>) => grpc.ClientUnaryCall): Promise<Res> {
    return this.connection.unary<'ledger', Res>('ledger', idempotent, (_stub, o, cb) => invoke(o, cb));
  }

  async createLedger(opts: Omit<CreateLedgerRequest, 'password'> & { password?: Uint8Array | string } = {}): Promise<LedgerInfo> {
    const { password, ...rest } = opts;
    const info = await this.unary<LedgerInfo__Output>(false, (o, cb) => this.stub.CreateLedger({ ...rest, password: this.pw(password) }, o, cb));
    return this.infoOf(info);
  }

  private infoOf(i: LedgerInfo__Output): LedgerInfo {
    return { ...i, ledgerId: BigInt(i.ledgerId), lastEntryId: BigInt(i.lastEntryId), length: BigInt(i.length) };
  }

  async getMetadata(ledgerId: bigint): Promise<LedgerInfo> {
    return this.infoOf(await this.unary<LedgerInfo__Output>(true, (o, cb) => this.stub.GetMetadata({ ledgerId: String(ledgerId) }, o, cb)));
  }

  async append(ledgerId: bigint, data: Uint8Array | string, opts: Omit<AppendOptions, 'password'> & { password?: Uint8Array | string } = {}): Promise<Receipt> {
    const exactlyOnce = opts.producerId !== undefined && opts.sequence !== undefined;
    const r = await this.unary<DurabilityReceipt__Output>(exactlyOnce, (o, cb) => this.stub.Append({
      ledgerId: String(ledgerId),
      data: Buffer.from(data),
      password: this.pw(opts.password),
      ...(opts.producerId !== undefined ? { producerId: opts.producerId } : {}),
      ...(opts.sequence !== undefined ? { sequence: String(opts.sequence) } : {}),
      ...(opts.expectedEntryId !== undefined ? { expectedEntryId: String(opts.expectedEntryId) } : {}),
    }, o, cb));
    return receiptOf(r);
  }

  async appendBatch(ledgerId: bigint, entries: readonly (Uint8Array | string)[], opts: Omit<AppendOptions, 'password'> & { password?: Uint8Array | string } = {}): Promise<Receipt[]> {
    const exactlyOnce = opts.producerId !== undefined && opts.sequence !== undefined;
    const r = await this.unary<AppendBatchResponse__Output>(exactlyOnce, (o, cb) => this.stub.AppendBatch({
      ledgerId: String(ledgerId),
      entries: entries.map((e) => Buffer.from(e)),
      password: this.pw(opts.password),
      ...(opts.producerId !== undefined ? { producerId: opts.producerId } : {}),
      ...(opts.sequence !== undefined ? { sequence: String(opts.sequence) } : {}),
      ...(opts.expectedEntryId !== undefined ? { expectedEntryId: String(opts.expectedEntryId) } : {}),
    }, o, cb));
    return r.receipts.map(receiptOf);
  }

  async readEntry(ledgerId: bigint, entryId: bigint, opts: { password?: Uint8Array | string; unconfirmed?: boolean } = {}): Promise<Buffer> {
    const e = await this.unary<Entry__Output>(true, (o, cb) => this.stub.ReadEntry({ ledgerId: String(ledgerId), entryId: String(entryId), password: this.pw(opts.password), unconfirmed: opts.unconfirmed ?? false }, o, cb));
    return e.data;
  }

  async lastAddConfirmed(ledgerId: bigint, opts: { password?: Uint8Array | string } = {}): Promise<{ lastAddConfirmed: bigint; sealed: boolean }> {
    const r = await this.unary<GetLastAddConfirmedResponse__Output>(true, (o, cb) => this.stub.GetLastAddConfirmed({ ledgerId: String(ledgerId), password: this.pw(opts.password) }, o, cb));
    return { lastAddConfirmed: BigInt(r.lastAddConfirmed), sealed: r.sealed };
  }

  /**
   * Follows a ledger over the Tail stream: yields confirmed entries from `from` on, in order;
   * returns when the ledger is sealed and fully delivered. Breaking out of the loop cancels the
   * stream. A stream error surfaces as QuireApiError; resume with from = last entry id + 1.
   */
  async *tail(ledgerId: bigint, opts: { from?: bigint; waitMs?: number; password?: Uint8Array | string; signal?: AbortSignal } = {}): AsyncGenerator<Entry, void, undefined> {
    const call = this.stub.Tail({ ledgerId: String(ledgerId), fromEntryId: String(opts.from ?? 0n), password: this.pw(opts.password), waitMs: opts.waitMs ?? 0 });
    for await (const msg of this.connection.messages<TailResponse__Output>(call, opts.signal)) {
      for (const e of msg.entries) yield { entryId: BigInt(e.entryId), data: e.data };
    }
  }

  async closeLedger(ledgerId: bigint, opts: { password?: Uint8Array | string } = {}): Promise<SealResult> {
    const s = await this.unary<SealResult__Output>(true, (o, cb) => this.stub.Close({ ledgerId: String(ledgerId), password: this.pw(opts.password) }, o, cb));
    return sealOf(s);
  }

  async recover(ledgerId: bigint, opts: { password?: Uint8Array | string } = {}): Promise<SealResult> {
    const s = await this.unary<SealResult__Output>(true, (o, cb) => this.stub.Recover({ ledgerId: String(ledgerId), password: this.pw(opts.password) }, o, cb));
    return sealOf(s);
  }

  async deleteLedger(ledgerId: bigint, opts: { password?: Uint8Array | string } = {}): Promise<void> {
    await this.unary<DeleteResponse__Output>(true, (o, cb) => this.stub.Delete({ ledgerId: String(ledgerId), password: this.pw(opts.password) }, o, cb));
  }

  async list(opts: { pageSize?: number; pageToken?: string } = {}): Promise<{ ledgers: bigint[]; nextPageToken: string }> {
    const r = await this.unary<ListResponse__Output>(true, (o, cb) => this.stub.List({ pageSize: opts.pageSize ?? 0, pageToken: opts.pageToken ?? '' }, o, cb));
    return { ledgers: r.ledgerIds.map((x) => BigInt(x)), nextPageToken: r.nextPageToken };
  }
}
