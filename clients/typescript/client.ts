// The SDK's entry point, with the names every Quire SDK uses (clients/README.md): a Client holds
// the connection (endpoints, TLS, token, timeouts, retry policy; gRPC by default, REST on request)
// and hands out a Log (admin calls, Producer, Consumer), a Blob and a Ledger. Both transports give
// the same types and the same error (QuireApiError); a call that reached no gateway moves on to
// the next endpoint.
//   const client = new Client({ endpoints: ['gw1:9090', 'gw2:9090'], token: () => jwt, tls: { ca } });
//   const producer = client.log('orders').producer({ lingerMs: 5 });
import type * as grpc from '@grpc/grpc-js';
import { QuireBlobClient, type BlobDownload, type BlobInfo, type GetBlobOptions, type PutBlobOptions } from './blob-client.js';
import { Consumer, type ConsumerOptions } from './consumer.js';
import type { GrpcTlsOptions, TokenSource } from './credentials.js';
import { QuireApiError, type RetryPolicy } from './errors.js';
import { GrpcBlobClient } from './grpc-blob-client.js';
import { QuireGrpcClient } from './grpc-client.js';
import { GrpcConnection } from './grpc-connection.js';
import { GrpcLogTransport } from './grpc-log-transport.js';
import { QuireLogClient } from './log-client.js';
import type { CreateLogOptions, CursorInfo, FollowOpts, LogAppendOptions, LogInfo, LogReceipt, LogRecordIn, LogTransport, ReadOpts, RecordPage, TailOpts } from './log-transport.js';
import { Producer, type ProducerOptions } from './producer.js';
import { QuireRestClient, type Entry, type Receipt, type SealResult } from './rest-client.js';
import { failoverFetch } from './rest-failover.js';
import type { Readable, Writable } from 'node:stream';

export interface ClientOptions {
  /** gRPC: host:port of gateways' gRPC ports; REST: base URLs (http://host:8080). Several: tried in turn. */
  readonly endpoints: string | readonly string[];
  /** Default 'grpc'. */
  readonly transport?: 'grpc' | 'rest';
  /** Bearer token (or a function returning a fresh one, asked per call). */
  readonly token?: TokenSource;
  /** gRPC TLS (`true`: the system roots). REST over https uses the platform's CAs (NODE_EXTRA_CA_CERTS). */
  readonly tls?: GrpcTlsOptions | true;
  /** Per unary call / request (default 60 s). */
  readonly timeoutMs?: number;
  /** Retries of calls that are safe to repeat (default 5 tries, 50 ms doubling to 5 s). */
  readonly retry?: RetryPolicy;
  /** Default password of raw ledgers. */
  readonly password?: string;
  /** gRPC: where quire/v1/*.proto are (default: shipped with the package). */
  readonly protoDir?: string;
  /** gRPC: extra client interceptors (tracing, counting calls). */
  readonly interceptors?: readonly grpc.Interceptor[];
  /** REST: the fetch to use. */
  readonly fetch?: typeof fetch;
}

/** What Blob needs of a blob client: QuireBlobClient (REST) and GrpcBlobClient both are one. */
export type BlobTransport = Pick<GrpcBlobClient, 'put' | 'putFile' | 'get' | 'getTo' | 'stat' | 'delete' | 'list'>;

/** What Ledger needs: the calls both raw-ledger clients have, with one shape. */
interface LedgerCalls {
  append(id: bigint, data: Uint8Array | string, opts: { password?: string; producerId?: string; sequence?: bigint }): Promise<Receipt>;
  appendBatch(id: bigint, entries: readonly (Uint8Array | string)[], opts: { password?: string; producerId?: string; sequence?: bigint }): Promise<Receipt[]>;
  readEntry(id: bigint, entryId: bigint, opts: { password?: string }): Promise<Buffer>;
  lastAddConfirmed(id: bigint, opts: { password?: string }): Promise<{ lastAddConfirmed: bigint; sealed: boolean }>;
  tail(id: bigint, opts: { from?: bigint; password?: string; signal?: AbortSignal }): AsyncGenerator<Entry, void, undefined>;
  close(id: bigint, opts: { password?: string }): Promise<SealResult>;
  recover(id: bigint, opts: { password?: string }): Promise<SealResult>;
  deleteLedger(id: bigint, opts: { password?: string }): Promise<void>;
}

export interface CreateLedgerOpts {
  readonly ensembleSize?: number;
  readonly writeQuorumSize?: number;
  readonly ackQuorumSize?: number;
  readonly password?: string;
  /** Entries in Quire's envelope, which exactly-once appends need (default true); false: raw bytes. */
  readonly exactlyOnce?: boolean;
}

export class Client {
  readonly transport: 'grpc' | 'rest';
  /** The named-log transport every Log of this client uses. */
  readonly logs: LogTransport;
  /** The blob client every Blob of this client uses. */
  readonly blobs: BlobTransport;
  private readonly ledgerCalls: LedgerCalls;
  private readonly createLedgerCall: (o: CreateLedgerOpts) => Promise<bigint>;
  private readonly closeAll: () => void;

  constructor(opts: ClientOptions) {
    this.transport = opts.transport ?? 'grpc';
    const password = opts.password;
    if (this.transport === 'grpc') {
      const connection = new GrpcConnection({
        endpoints: opts.endpoints,
        ...(opts.tls ? { tls: opts.tls } : {}),
        ...(opts.token !== undefined ? { token: opts.token } : {}),
        ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
        ...(opts.retry ? { retry: opts.retry } : {}),
        ...(opts.protoDir !== undefined ? { protoDir: opts.protoDir } : {}),
        ...(opts.interceptors ? { interceptors: opts.interceptors } : {}),
      });
      this.logs = new GrpcLogTransport(connection);
      this.blobs = new GrpcBlobClient(connection);
      const ledgers = new QuireGrpcClient({ connection, ...(password !== undefined ? { password } : {}) });
      this.ledgerCalls = {
        append: (id, d, o) => ledgers.append(id, d, o),
        appendBatch: (id, e, o) => ledgers.appendBatch(id, e, o),
        readEntry: (id, e, o) => ledgers.readEntry(id, e, o),
        lastAddConfirmed: (id, o) => ledgers.lastAddConfirmed(id, o),
        tail: (id, o) => ledgers.tail(id, o),
        close: (id, o) => ledgers.closeLedger(id, o),
        recover: (id, o) => ledgers.recover(id, o),
        deleteLedger: (id, o) => ledgers.deleteLedger(id, o),
      };
      this.createLedgerCall = async (o) => (await ledgers.createLedger({ ...sizes(o), entryFormat: o.exactlyOnce === false ? 'ENTRY_FORMAT_RAW' : 'ENTRY_FORMAT_ENVELOPE', ...(o.password !== undefined ? { password: o.password } : {}) })).ledgerId;
      this.closeAll = () => connection.close();
    } else {
      const urls = typeof opts.endpoints === 'string' ? [opts.endpoints] : [...opts.endpoints];
      const common = {
        baseUrl: urls[0]!,
        fetch: failoverFetch(urls, opts.fetch ?? fetch),
        ...(opts.token !== undefined ? { token: opts.token } : {}),
        ...(opts.retry ? { retry: opts.retry } : {}),
        ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
      };
      this.logs = new QuireLogClient(common);
      this.blobs = new QuireBlobClient(common);
      const ledgers = new QuireRestClient({ ...common, ...(password !== undefined ? { password } : {}) });
      this.ledgerCalls = {
        append: (id, d, o) => ledgers.append(id, d, o),
        appendBatch: (id, e, o) => ledgers.appendBatch(id, e, o),
        readEntry: (id, e, o) => ledgers.readEntry(id, e, o),
        lastAddConfirmed: (id, o) => ledgers.lastAddConfirmed(id, o),
        tail: (id, o) => ledgers.follow(id, o),
        close: (id, o) => ledgers.close(id, o),
        recover: (id, o) => ledgers.recover(id, o),
        deleteLedger: (id, o) => ledgers.deleteLedger(id, o),
      };
      this.createLedgerCall = async (o) => (await ledgers.createLedger({ ...sizes(o), entryFormat: o.exactlyOnce === false ? 'RAW' : 'ENVELOPE', ...(o.password !== undefined ? { password: o.password } : {}) })).ledgerId;
      this.closeAll = () => undefined;
    }
  }

  log(name: string): Log {
    return new Log(this.logs, name);
  }

  blob(name: string): Blob {
    return new Blob(this.blobs, name);
  }

  /** Creates a raw ledger (this gateway instance becomes its writer). */
  async createLedger(opts: CreateLedgerOpts = {}): Promise<Ledger> {
    return new Ledger(this.ledgerCalls, await this.createLedgerCall(opts), opts.password);
  }

  /** A handle on an existing ledger. */
  ledger(id: bigint, password?: string): Ledger {
    return new Ledger(this.ledgerCalls, id, password);
  }

  /** Closes the gRPC channels (REST holds none). */
  close(): void {
    this.closeAll();
  }
}

const sizes = (o: CreateLedgerOpts) => ({
  ...(o.ensembleSize !== undefined ? { ensembleSize: o.ensembleSize } : {}),
  ...(o.writeQuorumSize !== undefined ? { writeQuorumSize: o.writeQuorumSize } : {}),
  ...(o.ackQuorumSize !== undefined ? { ackQuorumSize: o.ackQuorumSize } : {}),
});

/** A named log (docs/logs.md): admin calls, reads, cursors, and its Producer and Consumer. */
export class Log {
  constructor(
    readonly transport: LogTransport,
    readonly name: string,
  ) {}

  /** Creates the log; with existOk an existing one (LOG_EXISTS) is fine and returned. */
  async create(opts: Omit<CreateLogOptions, 'name'> & { existOk?: boolean } = {}): Promise<LogInfo> {
    const { existOk, ...rest } = opts;
    try {
      return await this.transport.createLog({ ...rest, name: this.name });
    } catch (e) {
      if (existOk && e instanceof QuireApiError && e.code === 'LOG_EXISTS') return this.info();
      throw e;
    }
  }
  info(): Promise<LogInfo> {
    return this.transport.getLog(this.name);
  }
  delete(): Promise<void> {
    return this.transport.deleteLog(this.name);
  }
  /** A record or a batch; exactly-once with { producerId, sequence } (record i gets sequence + i). */
  append(records: LogRecordIn | Uint8Array | string | readonly LogRecordIn[], opts: LogAppendOptions = {}): Promise<LogReceipt[]> {
    const list = Array.isArray(records) ? (records as readonly LogRecordIn[]) : [typeof records === 'string' || records instanceof Uint8Array ? { data: records } : (records as LogRecordIn)];
    return this.transport.append(this.name, list, opts);
  }
  read(opts: ReadOpts = {}): Promise<RecordPage> {
    return this.transport.read(this.name, opts);
  }
  tail(opts: TailOpts = {}): Promise<RecordPage> {
    return this.transport.tail(this.name, opts);
  }
  follow(opts: FollowOpts = {}): AsyncGenerator<RecordPage, void, undefined> {
    return this.transport.follow(this.name, opts);
  }
  truncate(before: bigint): Promise<{ firstOffset: bigint; deletedSegments: number }> {
    return this.transport.truncate(this.name, before);
  }
  cursor(cursor: string): Promise<CursorInfo> {
    return this.transport.getCursor(this.name, cursor);
  }
  setCursor(cursor: string, offset: bigint, expectedVersion?: number): Promise<CursorInfo> {
    return this.transport.setCursor(this.name, cursor, offset, expectedVersion);
  }
  advanceCursor(cursor: string, offset: bigint): Promise<CursorInfo> {
    return this.transport.advanceCursor(this.name, cursor, offset);
  }
  producer(opts: ProducerOptions = {}): Producer {
    return new Producer(this.transport, this.name, opts);
  }
  consumer(cursor: string, opts: ConsumerOptions = {}): Consumer {
    return new Consumer(this.transport, this.name, cursor, opts);
  }
}

/** A blob (docs/blobs.md): streamed both ways, SHA-256 checked both ways. */
export class Blob {
  constructor(
    readonly blobs: BlobTransport,
    readonly name: string,
  ) {}

  upload(body: Readable | AsyncIterable<Uint8Array> | Uint8Array, opts: PutBlobOptions = {}): Promise<{ info: BlobInfo; replaced: boolean }> {
    return this.blobs.put(this.name, body, opts);
  }
  uploadFile(path: string, opts: Omit<PutBlobOptions, 'sha256' | 'size'> = {}): Promise<{ info: BlobInfo; replaced: boolean }> {
    return this.blobs.putFile(this.name, path, { ...opts, sha256: true });
  }
  /** Info first, then the body as a stream (a whole blob is verified as it ends). */
  open(opts: GetBlobOptions = {}): Promise<BlobDownload> {
    return this.blobs.get(this.name, opts);
  }
  downloadTo(out: Writable, opts: GetBlobOptions = {}): Promise<{ bytes: number }> {
    return this.blobs.getTo(this.name, out, opts);
  }
  /** The whole blob in memory, verified; for small blobs. */
  async read(): Promise<Buffer> {
    const parts: Buffer[] = [];
    const d = await this.open();
    for await (const c of d.body) parts.push(c as Buffer);
    return Buffer.concat(parts);
  }
  stat(): Promise<BlobInfo | undefined> {
    return this.blobs.stat(this.name);
  }
  delete(): Promise<void> {
    return this.blobs.delete(this.name);
  }
}

/** A raw ledger (BookKeeper's LedgerHandle, through the gateway). */
export class Ledger {
  constructor(
    private readonly calls: LedgerCalls,
    readonly id: bigint,
    private readonly password?: string,
  ) {}

  private pw(): { password?: string } {
    return this.password !== undefined ? { password: this.password } : {};
  }
  append(data: Uint8Array | string): Promise<Receipt> {
    return this.calls.append(this.id, data, this.pw());
  }
  /** Exactly-once: a retry (through any gateway) returns the first receipt. */
  appendOnce(data: Uint8Array | string, producerId: string, sequence: bigint): Promise<Receipt> {
    return this.calls.append(this.id, data, { ...this.pw(), producerId, sequence });
  }
  appendBatch(entries: readonly (Uint8Array | string)[], opts: { producerId?: string; sequence?: bigint } = {}): Promise<Receipt[]> {
    return this.calls.appendBatch(this.id, entries, { ...this.pw(), ...opts });
  }
  read(entryId: bigint): Promise<Buffer> {
    return this.calls.readEntry(this.id, entryId, this.pw());
  }
  lastAddConfirmed(): Promise<{ lastAddConfirmed: bigint; sealed: boolean }> {
    return this.calls.lastAddConfirmed(this.id, this.pw());
  }
  /** Confirmed entries from `from` on; ends when the ledger is sealed and fully delivered. */
  tail(opts: { from?: bigint; signal?: AbortSignal } = {}): AsyncGenerator<Entry, void, undefined> {
    return this.calls.tail(this.id, { ...opts, ...this.pw() });
  }
  close(): Promise<SealResult> {
    return this.calls.close(this.id, this.pw());
  }
  recover(): Promise<SealResult> {
    return this.calls.recover(this.id, this.pw());
  }
  delete(): Promise<void> {
    return this.calls.deleteLedger(this.id, this.pw());
  }
}
