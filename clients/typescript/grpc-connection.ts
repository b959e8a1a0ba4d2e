// One gRPC connection to a Quire cluster, shared by the ledger, log and blob clients: several
// gateway endpoints tried in turn (a failure that never reached a gateway — refused, cut, no Quire
// trailer — moves to the next one, as the Python, Go and Java SDKs do), TLS, the bearer token, a
// deadline per unary call, and the one retry rule (errors.ts). Gateways are stateless to a client
// (any instance forwards to a log's writer), so switching endpoints needs nothing else.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType as LedgerProto } from './gen/grpc/ledger.js';
import type { ProtoGrpcType as LogProto } from './gen/grpc/log.js';
import type { ProtoGrpcType as BlobProto } from './gen/grpc/blob.js';
import type { LedgerServiceClient } from './gen/grpc/quire/v1/LedgerService.js';
import type { LogServiceClient } from './gen/grpc/quire/v1/LogService.js';
import type { BlobServiceClient } from './gen/grpc/quire/v1/BlobService.js';
import { QuireApiError, withRetries, type RetryPolicy } from './errors.js';
import { grpcChannel, type GrpcTlsOptions, type TokenSource } from './credentials.js';

/** The loader options the stubs in gen/grpc were generated with (scripts/gen-clients.sh). */
const LOADER_OPTIONS: protoLoader.Options = { keepCase: false, longs: String, enums: String, bytes: Buffer, defaults: true, oneofs: true };

/** proto/ of this repository (or of the installed package), found by walking up from this file; QUIRE_PROTO_DIR overrides. */
export function defaultProtoDir(): string {
  if (process.env.QUIRE_PROTO_DIR) return process.env.QUIRE_PROTO_DIR;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'proto', 'quire', 'v1', 'ledger.proto'))) return join(dir, 'proto');
    dir = dirname(dir);
  }
  throw new Error('cannot find proto/quire/v1/ledger.proto; pass protoDir or set QUIRE_PROTO_DIR');
}

export interface GrpcConnectionOptions {
  /** host:port of a gateway's gRPC port, or several (tried in turn when one cannot be reached). */
  readonly endpoints: string | readonly string[];
  readonly retry?: RetryPolicy;
  /** Deadline of each unary call. Default 60 s. Streams are bounded by their caller. */
  readonly timeoutMs?: number;
  readonly protoDir?: string;
  readonly credentials?: grpc.ChannelCredentials;
  /** TLS to a gateway run with --tls-cert (`true`: the system roots); ignored when `credentials` is given. */
  readonly tls?: GrpcTlsOptions | true;
  /** Bearer token (or a function returning a fresh one), sent as `authorization` metadata. */
  readonly token?: TokenSource;
  /** Extra client interceptors (run after the token's), e.g. for tracing or counting calls. */
  readonly interceptors?: readonly grpc.Interceptor[];
}

interface Stubs {
  readonly ledger: LedgerServiceClient;
  readonly log: LogServiceClient;
  readonly blob: BlobServiceClient;
}
export type ServiceName = keyof Stubs;

type Proto = LedgerProto & LogProto & BlobProto;

// grpc-js's reconnect backoff grows to 120 s by default; a gateway restarting at the same address
// should be found again within a few seconds, so the wait between connection attempts is capped.
const CHANNEL_OPTIONS: grpc.ChannelOptions = {
  'grpc.initial_reconnect_backoff_ms': 100,
  'grpc.max_reconnect_backoff_ms': 2000,
  'grpc.max_receive_message_length': 64 << 20,
};

/** grpc-js fails a call with this before sending anything when it has no connection. */
const neverSent = (e: QuireApiError): boolean => !e.reachedGateway && e.status === grpc.status.UNAVAILABLE && /^No connection established/.test(e.message.replace(/^UNAVAILABLE: /, ''));

export class GrpcConnection {
  readonly endpoints: readonly string[];
  readonly retry: RetryPolicy;
  readonly timeoutMs: number;
  private readonly proto: Proto;
  private readonly credentials: grpc.ChannelCredentials;
  private readonly clientOptions: grpc.ClientOptions;
  /** One set of stubs per endpoint, made on first use; the three stubs share one channel. */
  private readonly stubs = new Map<number, Stubs>();
  private current = 0;

  constructor(opts: GrpcConnectionOptions) {
    this.endpoints = typeof opts.endpoints === 'string' ? [opts.endpoints] : [...opts.endpoints];
    if (this.endpoints.length === 0) throw new Error('at least one gateway endpoint (host:port) is needed');
    const def = protoLoader.loadSync(['quire/v1/ledger.proto', 'quire/v1/log.proto', 'quire/v1/blob.proto'], { ...LOADER_OPTIONS, includeDirs: [opts.protoDir ?? defaultProtoDir()] });
    this.proto = grpc.loadPackageDefinition(def) as unknown as Proto;
    const channel = grpcChannel({ ...(opts.credentials ? { credentials: opts.credentials } : {}), ...(opts.tls ? { tls: opts.tls === true ? {} : opts.tls } : {}), ...(opts.token !== undefined ? { token: opts.token } : {}) });
    this.credentials = channel.credentials;
    this.clientOptions = { ...CHANNEL_OPTIONS, ...channel.options, interceptors: [...(channel.options.interceptors ?? []), ...(opts.interceptors ?? [])] };
    this.retry = opts.retry ?? {};
    this.timeoutMs = opts.timeoutMs ?? 60_000;
  }

  /** The current endpoint's stub of `service`. */
  stub<K extends ServiceName>(service: K): Stubs[K] {
    let s = this.stubs.get(this.current);
    if (s === undefined) {
      const target = this.endpoints[this.current]!;
      const v1 = this.proto.quire.v1;
      const ledger = new v1.LedgerService(target, this.credentials, this.clientOptions);
      // The log and blob stubs ride on the ledger stub's channel: one connection per endpoint.
      const channelOverride = { channelOverride: ledger.getChannel() };
      s = { ledger, log: new v1.LogService(target, this.credentials, { ...this.clientOptions, ...channelOverride }), blob: new v1.BlobService(target, this.credentials, { ...this.clientOptions, ...channelOverride }) };
      this.stubs.set(this.current, s);
    }
    return s[service];
  }

  /** The endpoint calls go to now. */
  get endpoint(): string {
    return this.endpoints[this.current]!;
  }

  /** After an error: one that never reached a gateway moves on to the next endpoint. */
  /**
   * The messages of a server stream until it ends. Cancelled on `signal` or when the caller stops
   * iterating; a stream error surfaces as QuireApiError and counts against this endpoint.
   */
  async *messages<M>(call: grpc.ClientReadableStream<M>, signal?: AbortSignal): AsyncGenerator<M, void, undefined> {
    if (signal?.aborted) {
      call.cancel();
      return;
    }
    const onAbort = () => call.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const msg of call as AsyncIterable<M>) yield msg;
    } catch (e) {
      if (signal?.aborted ?? false) return;
      const q = QuireApiError.fromGrpc(e as grpc.ServiceError);
      this.failed(q);
      throw q;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      call.cancel();
    }
  }

  failed(err: QuireApiError): void {
    if (!err.reachedGateway && this.endpoints.length > 1) this.current = (this.current + 1) % this.endpoints.length;
  }

  /** Metadata-free call options with this connection's deadline. */
  callOptions(): grpc.CallOptions {
    return { deadline: Date.now() + this.timeoutMs };
  }

  /**
   * One unary call on the current endpoint's `service`, errors converted (and the endpoint
   * rotated when no gateway answered). Retried per `mayRetry` — by default the error's retryable
   * flag — only when `idempotent`.
   */
  unary<K extends ServiceName, Res>(
    service: K,
    idempotent: boolean,
    invoke: (stub: Stubs[K], opts: grpc.CallOptions, cb: grpc.requestCallback<Res>) => grpc.ClientUnaryCall,
    policy: { retry?: RetryPolicy; mayRetry?: (e: QuireApiError) => boolean } = {},
  ): Promise<Res> {
    const once = () =>
      new Promise<Res>((resolve, reject) => {
        invoke(this.stub(service), this.callOptions(), (err, res) => {
          if (!err) return resolve(res as Res);
          const e = QuireApiError.fromGrpc(err);
          this.failed(e);
          reject(e);
        });
      });
    // A call that is not safe to repeat is still tried on the next endpoint when it was never
    // sent (grpc-js had no connection): no gateway can have acted on it.
    return withRetries(once, policy.retry ?? this.retry, idempotent ? policy.mayRetry : neverSent);
  }

  /** Closes every channel. */
  close(): void {
    for (const s of this.stubs.values()) grpc.Client.prototype.close.call(s.ledger);
    this.stubs.clear();
  }
}
