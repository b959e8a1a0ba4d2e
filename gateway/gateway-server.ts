// One gateway instance: its own metadata session (owner records are ephemeral nodes of it), a
// quorum client, the LedgerService, and the REST server. The gRPC transport attaches to
// `RunningGateway.service`. Stop drains: new calls get SHUTTING_DOWN, appends in flight finish,
// owned ledgers are sealed, then connections and sessions close.
//   const gw = await startGateway({ metadataServiceUri: 'zk+hierarchical://zk:2181/ledgers', host: '0.0.0.0', restPort: 8080 });
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Response } from 'express';
import { childLogger, type Logger } from '../common/logger.js';
import { createBookKeeperClient } from '../clients/quorum/connect.js';
import type { BookKeeperClient, ClientConfig } from '../clients/quorum/index.js';
import { openMetadataService, type MetadataService, type OpenOptions } from '../metadata/metadata-service.js';
import { resolveLimits, type GatewayLimits } from './gateway-config.js';
import { LedgerServiceImpl } from './ledger-service-impl.js';
import { GatewayMetrics } from './rest/metrics.js';
import { createRestApp } from './rest/rest-app.js';

export interface GatewayOptions {
  /** BookKeeper's metadataServiceUri (zk+hierarchical://..., embedded:///dir); default: the embedded store in ./quire-data/metadata. */
  readonly metadataServiceUri?: string;
  readonly metadataOptions?: OpenOptions;
  readonly host: string;
  /** 0 = any free port (see RunningGateway.restPort). */
  readonly restPort: number;
  /** Stable name of this instance in owner records; default gw-<random>. */
  readonly gatewayId?: string;
  /** URL other instances reach this one at; default http://<host or 127.0.0.1>:<port>. */
  readonly advertisedUrl?: string;
  readonly limits?: Partial<GatewayLimits>;
  /** Quorum client settings; the gateway turns explicit LAC on (100 ms) so readers elsewhere see the end. */
  readonly clientConfig?: Partial<ClientConfig>;
  /** Per-request bookie timeout. */
  readonly requestTimeoutMs?: number;
  readonly protocol?: 'v3' | 'v2';
  readonly logger?: Logger;
  /** Register process-level metrics (CPU, memory, event loop) in /metrics. Default false. */
  readonly defaultMetrics?: boolean;
  /** How long stop() waits for open HTTP requests before cutting connections. */
  readonly drainTimeoutMs?: number;
}

export interface RunningGateway {
  readonly gatewayId: string;
  /** The transport-free service (attach other transports to it). */
  readonly service: LedgerServiceImpl;
  readonly client: BookKeeperClient;
  readonly metrics: GatewayMetrics;
  readonly limits: GatewayLimits;
  readonly host: string;
  readonly restPort: number;
  /** Base URL of the REST API. */
  readonly url: string;
  readonly server: Server;
  /** Clean stop: drain, seal owned ledgers, close. Idempotent. */
  stop(): Promise<void>;
  /** Simulated crash (tests): drop connections and the metadata session without sealing anything. */
  crash(): Promise<void>;
}

export async function startGateway(opts: GatewayOptions): Promise<RunningGateway> {
  const gatewayId = opts.gatewayId ?? `gw-${randomUUID().slice(0, 8)}`;
  const log = (opts.logger ?? childLogger('gateway')).child({ gatewayId });
  const limits = resolveLimits(opts.limits);
  // Own session: ephemeral owner records live and die with this instance.
  const metadata: MetadataService = await openMetadataService(opts.metadataServiceUri, opts.metadataOptions);
  let client: BookKeeperClient;
  try {
    client = await createBookKeeperClient({
      metadataService: metadata,
      ...(opts.protocol ? { protocol: opts.protocol } : {}),
      ...(opts.requestTimeoutMs !== undefined ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
      config: { explicitLacIntervalMs: 100, ...opts.clientConfig },
    });
  } catch (e) {
    await metadata.close();
    throw e;
  }
  const metrics = new GatewayMetrics({ defaultMetrics: opts.defaultMetrics ?? false });
  let url = opts.advertisedUrl ?? '';
  const service = new LedgerServiceImpl({ client, metadata, gatewayId, advertisedUrl: () => url, limits, log, onEvent: metrics.onServiceEvent });
  const sseStreams = new Set<Response>();
  const app = createRestApp({ service, limits, metrics, log, gatewayId, sseStreams });
  const server = createServer(app);
  // Slow clients cannot hold a request open forever; long polls are bounded by maxTailWaitMs.
  server.requestTimeout = limits.maxTailWaitMs + 30_000;
  server.headersTimeout = 30_000;
  server.keepAliveTimeout = 30_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.restPort, opts.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    await client.close();
    await metadata.close();
    throw e;
  }
  const port = (server.address() as AddressInfo).port;
  const advertisedHost = opts.host === '0.0.0.0' || opts.host === '::' || opts.host === '' ? '127.0.0.1' : opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  url ||= `http://${advertisedHost}:${port}`;
  log.info({ url, restPort: port }, 'gateway REST listening');

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
      const serverClosed = closeServer(opts.drainTimeoutMs ?? 10_000);
      await service.shutdown();
      await serverClosed;
      await client.close().catch((err: unknown) => log.warn({ err }, 'client close failed'));
      await metadata.close().catch((err: unknown) => log.warn({ err }, 'metadata close failed'));
      log.info('gateway stopped');
    })());
  const crash = () =>
    (stopping ??= (async () => {
      service.abandon();
      server.closeAllConnections();
      await closeServer(0);
      await metadata.close().catch(() => undefined);
      await client.close().catch(() => undefined);
    })());
  return { gatewayId, service, client, metrics, limits, host: opts.host, restPort: port, get url() { return url; }, server, stop, crash };
}
