// The gateway server entry point — one instance: its own metadata session (owner records are
// ephemeral nodes of it), a quorum client, the LedgerService, and every listener: REST, gRPC (when
// grpcPort is given) and the peer listener (peer traffic between instances, on its own port).
// `quire gateway` and `quire local` only call this. Stop drains: gRPC first, then new calls get
// SHUTTING_DOWN, appends in flight finish, owned ledgers are sealed, then connections and sessions close.
//   const gw = await startGateway({ metadataServiceUri: 'zk+hierarchical://zk:2181/ledgers', host: '0.0.0.0', restPort: 8080 });
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { isIP } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Response } from 'express';
import { childLogger, type Logger } from '../common/logger.js';
import { createBookKeeperClient, type BookKeeperClient, type ClientConfig, type ClientTlsSettings } from '../clients/quorum/index.js';
import { openMetadataService, type MetadataService, type OpenOptions } from '../metadata/metadata-service.js';
import { BlobStore } from './blobs/blob-store.js';
import { resolveLimits, type GatewayLimits } from './gateway-config.js';
import { LedgerServiceImpl } from './ledger-service-impl.js';
import type { LogLimits } from './logs/log-config.js';
import { LogServiceImpl } from './logs/log-service-impl.js';
import { logPeerClient } from './peer/log-peer.js';
import { PeerClient } from './peer/peer-client.js';
import { PeerCredential } from './peer/peer-credential.js';
import { startGrpcGateway, type GrpcGatewayOptions, type RunningGrpcGateway } from './grpc/grpc-server.js';
import { startPeerServer, type RunningPeerServer } from './peer/peer-server.js';
import { GatewayMetrics } from './gateway-metrics.js';
import { createRestApp } from './rest/rest-app.js';
import { answerClientErrors, MAX_HEADER_BYTES } from './rest/http-util.js';
import { createTokenVerifier, type AuthOptions } from './auth/token-verifier.js';
import { IdentityQuota, type QuotaLimits } from './auth/identity-quota.js';
import { createTlsHttpServer, grpcTlsCredentials, type TlsFiles } from './tls/gateway-tls.js';
import { QuireError } from '../common/errors.js';

export interface GatewayOptions {
  /** BookKeeper's metadataServiceUri (zk+hierarchical://..., embedded:///dir); default: the embedded store in ./quire-data/metadata. */
  readonly metadataServiceUri?: string;
  readonly metadataOptions?: OpenOptions;
  readonly host: string;
  /** 0 = any free port (see RunningGateway.restPort). */
  readonly restPort: number;
  /** Stable name of this instance in owner records; default gw-<random>. */
  readonly gatewayId?: string;
  /** gRPC port (0 = any free port); undefined = no gRPC listener. */
  readonly grpcPort?: number;
  /** gRPC transport settings (stream bounds, grace); host, port, limits, metrics and logger come from here. */
  readonly grpc?: Omit<Partial<GrpcGatewayOptions>, 'host' | 'port' | 'limits' | 'metrics' | 'logger'>;
  /** Port of the peer listener (other gateway instances forward writes of ledgers this one owns there); 0 = any free port (default). */
  readonly peerPort?: number;
  /** URL other instances reach the peer listener at, recorded in owner records; default http://<host or 127.0.0.1>:<peer port>. */
  readonly advertisedPeerUrl?: string;
  readonly limits?: Partial<GatewayLimits>;
  /** Named-log limits (gateway/logs/log-config.ts). */
  readonly logLimits?: Partial<LogLimits>;
  /** Quorum client settings; the gateway turns explicit LAC on (100 ms) so readers elsewhere see the end. */
  readonly clientConfig?: Partial<ClientConfig>;
  /** TLS to the bookies, BookKeeper's client keys (docs/security.md); default plaintext. */
  readonly bookieTls?: ClientTlsSettings;
  /** Per-request bookie timeout. */
  readonly requestTimeoutMs?: number;
  readonly protocol?: 'v3' | 'v2';
  readonly logger?: Logger;
  /** Register process-level metrics (CPU, memory, event loop) in /metrics. Default false. */
  readonly defaultMetrics?: boolean;
  /** How long stop() waits for open HTTP requests before cutting connections. */
  readonly drainTimeoutMs?: number;
  /** Bearer-token authentication of REST and gRPC (docs/security.md); absent = anonymous. */
  readonly auth?: AuthOptions;
  /** File of the secret shared by the instances for peer calls (docs/security.md); absent = anonymous peer traffic. */
  readonly peerSecretFile?: string;
  /** Per-identity rate limit and in-flight quota, applied when auth is on (defaults: identity-quota.ts DEFAULT_QUOTA). */
  readonly quota?: Partial<QuotaLimits>;
  /** HTTPS for REST and TLS for gRPC, reloaded when the files change (docs/security.md). */
  readonly tls?: TlsFiles;
  /** Allow a non-loopback host without TLS, auth and a peer secret (refused otherwise). */
  readonly insecure?: boolean;
  /** Run the blob orphan janitor (default true). */
  readonly blobJanitor?: boolean;
}

export interface RunningGateway {
  readonly gatewayId: string;
  /** The transport-free service (attach other transports to it). */
  readonly service: LedgerServiceImpl;
  /** The named-log service (docs/logs.md). */
  readonly logs: LogServiceImpl;
  /** The transport-free blob store (docs/blobs.md). */
  readonly blobs: BlobStore;
  readonly client: BookKeeperClient;
  readonly metrics: GatewayMetrics;
  readonly limits: GatewayLimits;
  readonly host: string;
  readonly restPort: number;
  /** Base URL of the REST API. */
  readonly url: string;
  readonly server: Server;
  /** The gRPC transport, when grpcPort was given. */
  readonly grpc: RunningGrpcGateway | undefined;
  readonly peerPort: number;
  /** Base URL of the peer listener as advertised in owner records. */
  readonly peerUrl: string;
  /** Clean stop: drain, seal owned ledgers, close. Idempotent. */
  stop(): Promise<void>;
  /** Simulated crash (tests): drop connections and the metadata session without sealing anything. */
  crash(): Promise<void>;
}

/** Loopback only: 127.0.0.0/8, ::1, localhost. Anything else is reachable from elsewhere. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/** Secure by default: a gateway others can reach needs TLS, tokens and a peer secret, or an explicit insecure. */
function checkExposure(opts: GatewayOptions): void {
  if (isLoopbackHost(opts.host) || opts.insecure === true) return;
  const missing = [opts.tls ? '' : 'TLS (--tls-cert, --tls-key)', opts.auth ? '' : 'token auth (--auth-secret-file, --auth-public-key-file or --auth-jwks-file, with --auth-audience)', opts.peerSecretFile !== undefined ? '' : 'a peer secret (--peer-secret-file)'].filter((m) => m !== '');
  if (missing.length > 0) throw new QuireError('CONFIG_INVALID', `refusing to bind the gateway to ${opts.host} without ${missing.join(', ')}; pass --insecure to run it open anyway`);
}

export async function startGateway(opts: GatewayOptions): Promise<RunningGateway> {
  const gatewayId = opts.gatewayId ?? `gw-${randomUUID().slice(0, 8)}`;
  const log = (opts.logger ?? childLogger('gateway')).child({ gatewayId });
  const limits = resolveLimits(opts.limits);
  checkExposure(opts);
  // Key files are read before anything starts, so a bad one fails the start, not the first call.
  const verifyToken = opts.auth ? createTokenVerifier(opts.auth) : undefined;
  const quota = verifyToken ? new IdentityQuota(opts.quota) : undefined;
  const peerCredential = opts.peerSecretFile !== undefined ? PeerCredential.fromFile(opts.peerSecretFile) : undefined;
  // Own session: ephemeral owner records live and die with this instance.
  const metadata: MetadataService = await openMetadataService(opts.metadataServiceUri, opts.metadataOptions);
  const metrics = new GatewayMetrics({ defaultMetrics: opts.defaultMetrics ?? false });
  let client: BookKeeperClient;
  try {
    client = await createBookKeeperClient({
      metadataService: metadata,
      metrics: metrics.client.sink(),
      ...(opts.protocol ? { protocol: opts.protocol } : {}),
      ...(opts.requestTimeoutMs !== undefined ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
      ...(opts.bookieTls ? { tls: opts.bookieTls } : {}),
      config: { explicitLacIntervalMs: 100, ...opts.clientConfig },
    });
  } catch (e) {
    await metadata.close();
    throw e;
  }
  let peerUrl = opts.advertisedPeerUrl ?? '';
  const service = new LedgerServiceImpl({ client, metadata, gatewayId, advertisedUrl: () => peerUrl, limits, log, onEvent: metrics.onServiceEvent, ...(peerCredential ? { peerCredential } : {}) });
  const logs = new LogServiceImpl({ client, metadata, gatewayId, advertisedUrl: () => peerUrl, limits, ...(opts.logLimits ? { logLimits: opts.logLimits } : {}), log: log.child({ part: 'logs' }), peer: logPeerClient(new PeerClient(gatewayId, limits.forwardTimeoutMs, peerCredential)) });
  const blobs = new BlobStore({ client, store: metadata.store, ledgersRoot: metadata.root, limits, gatewayId, log: log.child({ part: 'blobs' }), janitor: opts.blobJanitor ?? true });
  const sseStreams = new Set<Response>();
  const app = createRestApp({ service, limits, metrics, log, gatewayId, sseStreams, logs, blobs, registration: metadata.registration, metadataService: metadata, ...(verifyToken ? { verifyToken, quota } : {}) });
  const tlsServer = opts.tls ? createTlsHttpServer(app, opts.tls, log) : undefined;
  const server: Server = tlsServer?.server ?? createServer({ maxHeaderSize: MAX_HEADER_BYTES }, app);
  answerClientErrors(server);
  server.once('close', () => tlsServer?.close());
  // A blob upload of any size is one request, so there is no bound on a whole request's time;
  // instead a connection idle for that long (no bytes either way) is closed. Long polls are
  // bounded by maxTailWaitMs and SSE streams send keep-alives well within it.
  server.requestTimeout = 0;
  server.timeout = limits.maxTailWaitMs + 30_000;
  server.headersTimeout = 30_000;
  server.keepAliveTimeout = 30_000;
  let peer: RunningPeerServer;
  try {
    peer = await startPeerServer({ peer: service.ownerSide, logs, host: opts.host, port: opts.peerPort ?? 0, limits, log, ...(peerCredential ? { credential: peerCredential } : {}) });
  } catch (e) {
    await client.close();
    await metadata.close();
    throw e;
  }
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.restPort, opts.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    await peer.close(0);
    await client.close();
    await metadata.close();
    throw e;
  }
  let grpc: RunningGrpcGateway | undefined;
  if (opts.grpcPort !== undefined) {
    try {
      grpc = await startGrpcGateway(service, { ...opts.grpc, host: opts.host, port: opts.grpcPort, limits, metrics, logger: log, blobs, logs, ...(verifyToken ? { verifyToken, quota } : {}), ...(opts.tls ? { credentials: grpcTlsCredentials(opts.tls) } : {}) });
    } catch (e) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await peer.close(0);
      await client.close();
      await metadata.close();
      throw e;
    }
  }
  const port = (server.address() as AddressInfo).port;
  const advertisedHost = opts.host === '0.0.0.0' || opts.host === '::' || opts.host === '' ? '127.0.0.1' : opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const url = `${opts.tls ? 'https' : 'http'}://${advertisedHost}:${port}`;
  peerUrl ||= `http://${advertisedHost}:${peer.port}`;
  log.info({ url, restPort: port, grpcPort: grpc?.port, peerUrl, peerPort: peer.port }, 'gateway listening');

  let stopping: Promise<void> | null = null;
  const closeServer = async (graceMs: number) => {
    for (const r of sseStreams) r.end();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    await closed;
    clearTimeout(timer);
  };
  const stop = () =>
    (stopping ??= (async () => {
      log.info('gateway stopping: draining');
      await grpc?.stop().catch((err: unknown) => log.warn({ err }, 'gRPC stop failed'));
      // Both listeners stop accepting at once; calls in flight (forwarded ones too) finish.
      const serverClosed = Promise.all([closeServer(opts.drainTimeoutMs ?? 10_000), peer.close(opts.drainTimeoutMs ?? 10_000)]);
      await Promise.all([service.shutdown(), logs.shutdown()]);
      await blobs.shutdown();
      await serverClosed;
      await client.close().catch((err: unknown) => log.warn({ err }, 'client close failed'));
      await metadata.close().catch((err: unknown) => log.warn({ err }, 'metadata close failed'));
      log.info('gateway stopped');
    })());
  const crash = () =>
    (stopping ??= (async () => {
      service.abandon();
      logs.abandon();
      blobs.abandon();
      const grpcStopped = grpc?.stop().catch(() => undefined);
      server.closeAllConnections();
      peer.server.closeAllConnections();
      await Promise.all([closeServer(0), peer.close(0), grpcStopped]);
      await metadata.close().catch(() => undefined);
      await client.close().catch(() => undefined);
    })());
  return { gatewayId, service, blobs, logs, client, metrics, limits, host: opts.host, restPort: port, url, server, grpc, peerPort: peer.port, get peerUrl() { return peerUrl; }, stop, crash };
}
