// A thin client for the gateway's gRPC service, built from the same .proto with proto-loader (as
// any dynamic client would be): promise-returning unary calls, and the raw streams for
// AppendStream, ReadRange and Tail. Used by the tests, the benchmark and the scenario suite;
// messages are proto-loader objects (64-bit ids as decimal strings).
import {
  Client as GrpcClientBase,
  credentials,
  loadPackageDefinition,
  Metadata,
  type CallOptions,
  type ChannelCredentials,
  type Client,
  type ClientDuplexStream,
  type ClientReadableStream,
  type ServiceError,
} from '@grpc/grpc-js';
import { ledgerPackageDefinition } from './grpc-proto.js';

export type UnaryMethod =
  | 'CreateLedger'
  | 'Append'
  | 'AppendBatch'
  | 'ReadEntry'
  | 'GetLastAddConfirmed'
  | 'Close'
  | 'Recover'
  | 'Delete'
  | 'List'
  | 'GetMetadata';
export type ServerStreamMethod = 'ReadRange' | 'Tail';

type Msg = Record<string, unknown>;
type UnaryFn = (req: Msg, md: Metadata, opts: CallOptions, cb: (err: ServiceError | null, res?: Msg) => void) => unknown;
type StreamFn = (req: Msg, md: Metadata, opts: CallOptions) => ClientReadableStream<Msg>;
type DuplexFn = (md: Metadata, opts: CallOptions) => ClientDuplexStream<Msg, Msg>;

export interface GrpcCallOptions {
  readonly metadata?: Metadata;
  /** Deadline in ms from now. */
  readonly timeoutMs?: number;
}

export class GrpcLedgerClient {
  readonly raw: Client;
  constructor(address: string, channelOptions: Record<string, number | string> = {}, channelCredentials: ChannelCredentials = credentials.createInsecure()) {
    const pkg = loadPackageDefinition(ledgerPackageDefinition()) as unknown as { quire: { v1: { LedgerService: new (a: string, c: unknown, o: object) => Client } } };
    this.raw = new pkg.quire.v1.LedgerService(address, channelCredentials, {
      'grpc.max_receive_message_length': 64 * 1024 * 1024,
      'grpc.max_send_message_length': 64 * 1024 * 1024,
      ...channelOptions,
    });
  }

  private fn<T>(method: string): T {
    return (this.raw as unknown as Record<string, T>)[method]!;
  }

  private static callOpts(o: GrpcCallOptions): CallOptions {
    return o.timeoutMs !== undefined ? { deadline: Date.now() + o.timeoutMs } : {};
  }

  unary<Res extends Msg = Msg>(method: UnaryMethod, req: Msg, o: GrpcCallOptions = {}): Promise<Res> {
    return new Promise((resolve, reject) => {
      this.fn<UnaryFn>(method).call(this.raw, req, o.metadata ?? new Metadata(), GrpcLedgerClient.callOpts(o), (err, res) => (err ? reject(err) : resolve(res as Res)));
    });
  }

  serverStream(method: ServerStreamMethod, req: Msg, o: GrpcCallOptions = {}): ClientReadableStream<Msg> {
    return this.fn<StreamFn>(method).call(this.raw, req, o.metadata ?? new Metadata(), GrpcLedgerClient.callOpts(o));
  }

  /** Reads a server stream to its end (for bounded calls: ReadRange, or a Tail of a sealed ledger). */
  async collect<Res extends Msg = Msg>(method: ServerStreamMethod, req: Msg, o: GrpcCallOptions = {}): Promise<Res[]> {
    const out: Res[] = [];
    for await (const m of this.serverStream(method, req, o)) out.push(m as Res);
    return out;
  }

  appendStream(o: GrpcCallOptions = {}): ClientDuplexStream<Msg, Msg> {
    return this.fn<DuplexFn>('AppendStream').call(this.raw, o.metadata ?? new Metadata(), GrpcLedgerClient.callOpts(o));
  }

  close(): void {
    // The generated client aliases the Close RPC as `close`, shadowing Client#close.
    GrpcClientBase.prototype.close.call(this.raw);
  }
}
