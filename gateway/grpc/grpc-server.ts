// The gateway's gRPC transport: proto/quire/v1/ledger.proto and log.proto served over @grpc/grpc-js,
// every call translated into one call of the transport-free LedgerService or LogService (the same
// ones REST uses; the log calls live in grpc-log-unary.ts and grpc-log-streams.ts), errors
// mapped only through common/errors.ts (grpc-errors.ts). This file builds and stops the server; the
// calls live by kind: grpc-unary.ts, grpc-append-stream.ts, grpc-read-streams.ts, grpc-health.ts
// (health and reflection), with what they share in grpc-call.ts.
//
// Bounds: messages are capped (receive ≈ the batch limit plus framing slack, so an entry just over
// the entry limit still reaches the service and gets its INVALID_ARGUMENT, while anything far
// larger is refused by grpc-js with RESOURCE_EXHAUSTED); each AppendStream holds a bounded number
// of appends in flight and stops reading meanwhile (HTTP/2 flow control pushes back on the
// client); server streams write only while the transport accepts (they wait for 'drain', and a
// reader that stalls past streamStallTimeoutMs loses its stream); every stream stops on cancel or
// deadline. Overload inside the service (TOO_MANY_REQUESTS) answers RESOURCE_EXHAUSTED.
import type { Server as NodeNetServer, Socket } from 'node:net';
import { Server, ServerCredentials, type ServerDuplexStream, type ServerWritableStream, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { QuireError } from '../../common/errors.js';
import { childLogger, type Logger } from '../../common/logger.js';
import { transportBounds } from '../append-rules.js';
import { resolveLimits, type GatewayLimits } from '../gateway-config.js';
import type { LedgerService } from '../ledger-service.js';
import type { LogService } from '../logs/log-service.js';
import type { GatewayMetrics } from '../gateway-metrics.js';
import { appendStream } from './grpc-append-stream.js';
import type { GrpcCallContext, GrpcSettings, Wire, WireAppend } from './grpc-call.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { addBlobService } from './blob-grpc.js';
import { serveHealthAndReflection } from './grpc-health.js';
import { logAppendStream, logTail, type LogStreamProbe } from './grpc-log-streams.js';
import type { WireLogAppend } from './grpc-log-codec.js';
import { logUnaryHandlers } from './grpc-log-unary.js';
import { LEDGER_SERVICE_NAME, LOG_SERVICE_NAME, ledgerPackageDefinition } from './grpc-proto.js';
import { readRange, tail } from './grpc-read-streams.js';
import { unaryHandlers, type UnaryCounter } from './grpc-unary.js';
import { grpcAuthInterceptor } from '../auth/grpc-auth.js';
import type { TokenVerifier } from '../auth/token-verifier.js';
import type { IdentityQuota } from '../auth/identity-quota.js';

export { passwordOf, PASSWORD_BASE64_HEADER, PASSWORD_BIN_HEADER, PASSWORD_HEADER, REQUEST_ID_HEADER, STREAM_ACKED_HEADER } from './grpc-call.js';

export interface GrpcGatewayOptions {
  readonly host: string;
  /** 0 = any free port (the answer says which). */
  readonly port: number;
  /** The service's limits (the same object REST uses); they size messages and reads. */
  readonly limits?: Partial<GatewayLimits>;
  /** The named-log service (quire.v1.LogService); without it the log service is not served. */
  readonly logs?: LogService;
  /** Records of one LogService.AppendStream read but not yet acknowledged, at most (docs/logs.md). */
  readonly logStreamMaxUnacked?: number;
  /** Sees every LogService.AppendStream's pending count (tests assert the bound with it). */
  readonly logStreamProbe?: LogStreamProbe;
  /** Appends of one AppendStream in flight before the gateway stops reading it. */
  readonly streamMaxInFlight?: number;
  readonly streamMaxInFlightBytes?: number;
  /** Entries one ReadRange call streams at most (then next_entry_id says where to resume). */
  readonly maxReadRangeEntries?: number;
  /** Default long-poll wait of one Tail round when the request names none. */
  readonly defaultTailWaitMs?: number;
  /** A server stream whose reader does not drain for this long is ended (DEADLINE_EXCEEDED). */
  readonly streamStallTimeoutMs?: number;
  /** How often health follows the service's readiness(). */
  readonly healthPollMs?: number;
  /** Grace for in-flight calls on stop() before connections are cut. */
  readonly shutdownGraceMs?: number;
  /** Request metrics (quire_gateway_grpc_*); the gateway's own registry when started by startGateway(). */
  readonly metrics?: GatewayMetrics;
  readonly logger?: Logger;
  /** Serve quire.v1.BlobService over this store too. */
  readonly blobs?: BlobStore;
  /** Bearer-token verification (docs/security.md); absent = anonymous mode. */
  readonly verifyToken?: TokenVerifier;
  /** Per-identity rate limit and in-flight quota (with verifyToken); the same object REST uses. */
  readonly quota?: IdentityQuota;
  /** TLS credentials (gateway/tls/gateway-tls.ts); absent = plaintext. */
  readonly credentials?: ServerCredentials;
}

export interface RunningGrpcGateway {
  readonly port: number;
  /** Streaming calls (AppendStream, ReadRange, Tail) whose server side is still running. */
  activeStreams(): number;
  /** Stops accepting calls, lets in-flight ones finish (bounded), then cuts the rest. Does not shut the service down. */
  stop(): Promise<void>;
}

const DEFAULTS = {
  logStreamMaxUnacked: 1000,
  streamMaxInFlight: 1000,
  streamMaxInFlightBytes: 32 * 1024 * 1024,
  maxReadRangeEntries: 100_000,
  defaultTailWaitMs: 10_000,
  streamStallTimeoutMs: 60_000,
  healthPollMs: 1000,
  shutdownGraceMs: 5000,
};

/**
 * grpc-js sets TCP_NODELAY on client sockets but not on the ones its server accepts; with Nagle
 * on, small acks of a stream wait for the peer's delayed ACK (~40 ms) and streaming throughput
 * stops growing with the window. grpc-js offers no option for it, so reach its HTTP/2 servers
 * (a private field, checked: if it ever moves, we log and run with Nagle rather than fail).
 */
function disableNagle(server: Server, log: Logger): void {
  const servers = (server as unknown as { http2Servers?: Map<NodeNetServer, unknown> }).http2Servers;
  if (!(servers instanceof Map)) {
    log.warn('cannot reach grpc-js HTTP/2 servers to set TCP_NODELAY; streaming acks may be delayed');
    return;
  }
  for (const s of servers.keys()) {
    if (typeof s.on === 'function') s.on('connection', (socket: Socket) => socket.setNoDelay(true));
  }
}

export async function startGrpcGateway(service: LedgerService, opts: GrpcGatewayOptions): Promise<RunningGrpcGateway> {
  const log = opts.logger ?? childLogger('grpc-gateway');
  const limits = resolveLimits(opts.limits);
  const settings: GrpcSettings = {
    streamMaxInFlight: opts.streamMaxInFlight ?? DEFAULTS.streamMaxInFlight,
    streamMaxInFlightBytes: opts.streamMaxInFlightBytes ?? DEFAULTS.streamMaxInFlightBytes,
    maxReadRangeEntries: opts.maxReadRangeEntries ?? DEFAULTS.maxReadRangeEntries,
    defaultTailWaitMs: Math.min(opts.defaultTailWaitMs ?? DEFAULTS.defaultTailWaitMs, limits.maxTailWaitMs),
    streamStallTimeoutMs: opts.streamStallTimeoutMs ?? DEFAULTS.streamStallTimeoutMs,
    healthPollMs: opts.healthPollMs ?? DEFAULTS.healthPollMs,
    shutdownGraceMs: opts.shutdownGraceMs ?? DEFAULTS.shutdownGraceMs,
  };
  const bounds = transportBounds(limits);
  const maxReceive = bounds.grpcReceiveBytes;
  const maxSend = bounds.grpcSendBytes;

  const server = new Server({
    'grpc.max_receive_message_length': maxReceive,
    'grpc.max_send_message_length': maxSend,
    // Find dead peers of long-lived streams (tails) without relying on the application.
    'grpc.keepalive_time_ms': 30_000,
    'grpc.keepalive_timeout_ms': 10_000,
    'grpc.keepalive_permit_without_calls': 1,
    ...(opts.verifyToken ? { interceptors: [grpcAuthInterceptor(opts.verifyToken, log, opts.quota)] } : {}),
  });

  let activeStreams = 0;
  let stopRequested = false;
  const unaryCalls: UnaryCounter = { inflight: 0 };
  const ctx: GrpcCallContext = {
    service,
    limits,
    settings,
    log,
    metrics: opts.metrics,
    stopping: () => stopRequested,
    track(p) {
      activeStreams++;
      void p.finally(() => activeStreams--);
    },
  };

  const handlers: UntypedServiceImplementation = {
    ...unaryHandlers(ctx, unaryCalls),
    AppendStream: (call: ServerDuplexStream<{ appends?: WireAppend[] }, Wire>) => appendStream(ctx, call),
    ReadRange: (call: ServerWritableStream<Wire, Wire>) => readRange(ctx, call),
    Tail: (call: ServerWritableStream<Wire, Wire>) => tail(ctx, call),
  };
  const pkg = ledgerPackageDefinition();
  server.addService(pkg[LEDGER_SERVICE_NAME] as ServiceDefinition, handlers);
  if (opts.blobs) addBlobService(server, opts.blobs, log);
  const logs = opts.logs;
  if (logs) {
    const bound = Math.max(1, opts.logStreamMaxUnacked ?? DEFAULTS.logStreamMaxUnacked);
    server.addService(pkg[LOG_SERVICE_NAME] as ServiceDefinition, {
      ...logUnaryHandlers(ctx, logs, unaryCalls),
      AppendStream: (call: ServerDuplexStream<WireLogAppend, Wire>) => logAppendStream(ctx, logs, bound, call, opts.logStreamProbe),
      Tail: (call: ServerWritableStream<Wire, Wire>) => logTail(ctx, logs, call),
    });
  }
  const health = await serveHealthAndReflection(server, service, settings.healthPollMs, log);

  const bindAddress = `${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${opts.port}`;
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(bindAddress, opts.credentials ?? ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  }).catch((e: unknown) => {
    health.stop();
    throw new QuireError('CONFIG_INVALID', `gRPC gateway cannot listen on ${opts.host}:${opts.port}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  });
  const boundAddress = `${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`;
  disableNagle(server, log);
  log.info({ host: opts.host, port, maxReceive, maxSend }, 'gRPC gateway listening');

  let stopping: Promise<void> | undefined;
  return {
    port,
    activeStreams: () => activeStreams,
    stop() {
      stopping ??= (async () => {
        stopRequested = true;
        health.stop();
        // Stop listening, let calls in flight finish (bounded), then cut what is left. (grpc-js's
        // tryShutdown can leave a session open for good when a client abandons a stream without
        // cancelling it, and forceShutdown after it misses that session; unbind + force does not.)
        server.unbind(boundAddress);
        const deadline = Date.now() + settings.shutdownGraceMs;
        while (unaryCalls.inflight + activeStreams > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        server.forceShutdown();
      })();
      return stopping;
    },
  };
}
