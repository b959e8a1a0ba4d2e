// A thin client for quire.v1.LogService, built from the .proto with proto-loader as any dynamic
// client would be: promise-returning unary calls and the raw AppendStream / Tail streams. Used by
// the tests, the benchmark and the SDK's gRPC producer; messages are proto-loader objects
// (64-bit numbers as decimal strings).
import { credentials, loadPackageDefinition, Metadata, type CallOptions, type Client, type ClientDuplexStream, type ClientReadableStream, type ServiceError } from '@grpc/grpc-js';
import type { GrpcCallOptions } from './grpc-client.js';
import { ledgerPackageDefinition } from './grpc-proto.js';

export type LogUnaryMethod =
  | 'CreateLog'
  | 'GetLog'
  | 'DeleteLog'
  | 'ListLogs'
  | 'Append'
  | 'Read'
  | 'SeekByTimestamp'
  | 'Truncate'
  | 'EnforceRetention'
  | 'ListCursors'
  | 'GetCursor'
  | 'SetCursor'
  | 'AdvanceCursor'
  | 'DeleteCursor';

type Msg = Record<string, unknown>;
type UnaryFn = (req: Msg, md: Metadata, opts: CallOptions, cb: (err: ServiceError | null, res?: Msg) => void) => unknown;

export class GrpcLogClient {
  readonly raw: Client;
  constructor(address: string, channelOptions: Record<string, number | string> = {}) {
    const pkg = loadPackageDefinition(ledgerPackageDefinition()) as unknown as { quire: { v1: { LogService: new (a: string, c: unknown, o: object) => Client } } };
    this.raw = new pkg.quire.v1.LogService(address, credentials.createInsecure(), {
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

  unary<Res extends Msg = Msg>(method: LogUnaryMethod, req: Msg, o: GrpcCallOptions = {}): Promise<Res> {
    return new Promise((resolve, reject) => {
      this.fn<UnaryFn>(method).call(this.raw, req, o.metadata ?? new Metadata(), GrpcLogClient.callOpts(o), (err, res) => (err ? reject(err) : resolve(res as Res)));
    });
  }

  tail(req: Msg, o: GrpcCallOptions = {}): ClientReadableStream<Msg> {
    return this.fn<(r: Msg, md: Metadata, c: CallOptions) => ClientReadableStream<Msg>>('Tail').call(this.raw, req, o.metadata ?? new Metadata(), GrpcLogClient.callOpts(o));
  }

  appendStream(o: GrpcCallOptions = {}): ClientDuplexStream<Msg, Msg> {
    return this.fn<(md: Metadata, c: CallOptions) => ClientDuplexStream<Msg, Msg>>('AppendStream').call(this.raw, o.metadata ?? new Metadata(), GrpcLogClient.callOpts(o));
  }

  close(): void {
    this.raw.close();
  }
}
