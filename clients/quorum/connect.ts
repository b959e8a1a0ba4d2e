// The ready-to-use client (BookKeeper's `BookKeeper.newBuilder(conf).build()`): opens the metadata
// service named by a metadataServiceUri (zk+hierarchical://host:port/ledgers, embedded:///dir, or
// the default embedded store), puts the client's ports over its LedgerManager and
// RegistrationClient, connects to bookies over TCP, and closes all of it on close().
//   const bk = await createBookKeeperClient({ metadataServiceUri: 'zk+hierarchical://127.0.0.1:2181/ledgers' });
//   try { ... } finally { await bk.close(); }
import { QuireError } from '../../common/errors.js';
import { openMetadataService, type MetadataService, type OpenOptions } from '../../metadata/metadata-service.js';
import type { ClientTlsSettings } from './bookie-client/start-tls.js';
import { TcpBookieClient } from './bookie-client/tcp-bookie-client.js';
import type { ClientConfig } from './client-config.js';
import type { QuorumClientMetrics } from './client-metrics.js';
import type { PlacementPolicy } from './ensemble/placement-policy.js';
import { validatePlacementConfig } from './ensemble/placement-config.js';
import { resolveConfig } from './client-config.js';
import { BookKeeperClient } from './bookkeeper-client.js';
import { LedgerManagerPort, RegistrationPort } from './metadata-adapters.js';

export interface ConnectOptions {
  /** BookKeeper's metadataServiceUri; default: the embedded store in ./quire-data/metadata. */
  readonly metadataServiceUri?: string;
  /** Driver options (ZooKeeper session timeout, ...). */
  readonly metadataOptions?: OpenOptions;
  /** Use an already open metadata service instead (it is not closed by the client). */
  readonly metadataService?: MetadataService;
  /** 'v3' (default) or 'v2' (BookKeeper's useV2WireProtocol=true). */
  readonly protocol?: 'v3' | 'v2';
  /** Per-request bookie timeout (BookKeeper's addEntryTimeout/readEntryTimeout; 5 s default). */
  readonly requestTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  readonly maxInFlightPerBookie?: number;
  /** Largest frame accepted from a bookie (nettyMaxFrameSizeBytes). */
  readonly maxFrameSize?: number;
  /** TLS to bookies with BookKeeper's client keys (tlsProviderFactoryClass, tlsTrustStore, ...; docs/security.md). */
  readonly tls?: ClientTlsSettings;
  readonly placement?: PlacementPolicy;
  readonly config?: Partial<ClientConfig>;
  /** Latency sink: per-bookie add round trips and add-to-completion (client-metrics.ts). */
  readonly metrics?: QuorumClientMetrics;
}

/** A client that owns its metadata session and bookie connections. */
export async function createBookKeeperClient(opts: ConnectOptions = {}): Promise<BookKeeperClient> {
  if (opts.protocol === 'v2' && (opts.config?.explicitLacIntervalMs ?? 0) > 0) {
    throw new QuireError('INVALID_ARGUMENT', 'explicitLacIntervalMs needs the v3 protocol (v2 has no WRITE_LAC)');
  }
  // A broken topology script fails client creation, as BookKeeper's policy initialisation does.
  if (!opts.placement) await validatePlacementConfig(resolveConfig(opts.config));
  const service = opts.metadataService ?? (await openMetadataService(opts.metadataServiceUri, opts.metadataOptions));
  const ownsService = opts.metadataService === undefined;
  try {
    const registry = new RegistrationPort(service.registration);
    const bookies = new TcpBookieClient({
      registry,
      ...(opts.protocol ? { protocol: opts.protocol } : {}),
      ...(opts.requestTimeoutMs !== undefined ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
      ...(opts.connectTimeoutMs !== undefined ? { connectTimeoutMs: opts.connectTimeoutMs } : {}),
      ...(opts.maxInFlightPerBookie !== undefined ? { maxInFlightPerBookie: opts.maxInFlightPerBookie } : {}),
      ...(opts.maxFrameSize !== undefined ? { maxFrameSize: opts.maxFrameSize } : {}),
      ...(opts.tls ? { tls: opts.tls } : {}),
      ...(opts.metrics ? { metrics: opts.metrics } : {}),
    });
    return new BookKeeperClient({
      bookies,
      metadata: new LedgerManagerPort(service.ledgers),
      registry,
      ...(opts.placement ? { placement: opts.placement } : {}),
      ...(opts.config ? { config: opts.config } : {}),
      ...(ownsService ? { onClose: () => service.close() } : {}),
      ...(opts.metrics ? { metrics: opts.metrics } : {}),
    });
  } catch (e) {
    if (ownsService) await service.close();
    throw e;
  }
}
