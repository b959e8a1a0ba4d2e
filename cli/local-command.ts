// `quire local` (what `npm start` runs): a whole cluster in one process on this machine — the
// embedded metadata store, three bookies and one gateway (REST + gRPC) — with data kept under one
// directory across restarts. Each part has its own metadata session, as separate processes would.
// Every bookie runs auto-recovery on its session (autoRecoveryDaemonEnabled, on by default here):
// one is elected auditor, all are replication workers, so a bookie lost for good is healed.
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { childLogger } from '../common/logger.js';
import { resolveBookieConfig } from '../bookie/bookie-config.js';
import { startBookieService, type RunningBookie } from '../bookie/bookie-service.js';
import { bookieAdminClient } from './bookie-admin-client.js';
import { maybeStartAutoRecovery } from './autorecovery-daemon.js';
import type { AutoRecoveryMain } from '../autorecovery/autorecovery-main.js';
import { openMetadataService, type MetadataService } from '../metadata/metadata-service.js';
import type { GatewayLimits } from '../gateway/gateway-config.js';
import { startGateway, type RunningGateway } from '../gateway/gateway-server.js';
import { addLimitFlags, limitsFromFlags, type LimitFlagValues } from './gateway-limit-flags.js';
import { addSecurityFlags, securityFromFlags, type GatewaySecurity, type SecurityFlagValues } from './gateway-security-flags.js';
import { addPlacementFlags, placementFromFlags, type PlacementFlagValues } from './placement-flags.js';
import type { ClientConfig } from '../clients/quorum/index.js';
import { addTracingFlag, startProcessTracing, type TracingFlagValues } from './tracing-flags.js';

export interface LocalClusterOptions {
  /** The gateway's auth, TLS, peer secret and insecure settings (docs/security.md). */
  readonly gatewaySecurity?: GatewaySecurity;
  readonly dataDir: string;
  readonly bookies: number;
  /** First bookie port; the others follow. 0 = any free ports. */
  readonly basePort: number;
  readonly host: string;
  /** Gateway ports; undefined = no gateway. 0 = any free port. */
  readonly restPort?: number;
  readonly grpcPort?: number;
  readonly gatewayLimits?: Partial<GatewayLimits>;
  /** The gateway's quorum client settings (ensemble placement: docs/client.md). */
  readonly clientConfig?: Partial<ClientConfig>;
  /** More bookie settings by BookKeeper name (e.g. the TLS keys), for every bookie. */
  readonly bookieSettings?: Readonly<Record<string, string>>;
}

export interface LocalCluster {
  readonly metadataServiceUri: string;
  readonly bookies: RunningBookie[];
  /** The bookies' auto-recovery (auditor candidate + worker), one per bookie unless autoRecoveryDaemonEnabled=false. */
  readonly autoRecovery: AutoRecoveryMain[];
  readonly gateway: RunningGateway | undefined;
  stop(): Promise<void>;
}

export async function startLocalCluster(opts: LocalClusterOptions): Promise<LocalCluster> {
  const log = childLogger('local');
  const dataDir = resolve(opts.dataDir);
  const metadataServiceUri = `embedded://${join(dataDir, 'metadata')}`;
  const sessions: MetadataService[] = [];
  const bookies: RunningBookie[] = [];
  const autoRecovery: AutoRecoveryMain[] = [];
  let gateway: RunningGateway | undefined;
  const stop = async () => {
    // The gateway first: it seals the ledgers it owns while the bookies are still up.
    await gateway?.stop().catch((err: unknown) => log.warn({ err }, 'gateway stop failed'));
    gateway = undefined;
    for (const a of autoRecovery.splice(0)) await a.stop().catch((err: unknown) => log.warn({ err }, 'auto-recovery stop failed'));
    for (const b of bookies.splice(0).reverse()) await b.stop().catch((err: unknown) => log.warn({ err }, 'bookie stop failed'));
    for (const s of sessions.splice(0)) await s.close().catch((err: unknown) => log.warn({ err }, 'metadata close failed'));
  };
  try {
    for (let i = 0; i < opts.bookies; i++) {
      const dir = join(dataDir, `bookie-${i + 1}`);
      const port = opts.basePort === 0 ? 0 : opts.basePort + i;
      const { config } = resolveBookieConfig(
        new Map([
          ['bookiePort', String(port)],
          ['listeningInterface', opts.host],
          ['journalDirectories', join(dir, 'journal')],
          ['ledgerDirectories', join(dir, 'ledgers')],
          // Stable ids across restarts even with ephemeral ports: the cookie binds dirs to the id.
          ...(port === 0 ? [['bookieId', `local-bookie-${i + 1}`] as [string, string]] : []),
          ['autoRecoveryDaemonEnabled', 'true'],
          ...Object.entries(opts.bookieSettings ?? {}),
        ]),
      );
      const metadata = await openMetadataService(metadataServiceUri);
      sessions.push(metadata);
      const bookie = await startBookieService(config, log.child({ bookie: i + 1 }), { metadata, formatIfMissing: true, clusterClient: (md) => bookieAdminClient(md, { clientConfig: opts.clientConfig ?? {} }) });
      bookies.push(bookie);
      const ar = await maybeStartAutoRecovery(config, metadata, bookie.bookieId, opts.clientConfig ?? {});
      if (ar) autoRecovery.push(ar);
    }
    if (opts.restPort !== undefined) {
      // One gateway: nobody forwards to it, so its peer listener takes any free port.
      gateway = await startGateway({ metadataServiceUri, host: opts.host, restPort: opts.restPort, grpcPort: opts.grpcPort ?? 0, peerPort: 0, gatewayId: 'local-gateway', defaultMetrics: true, logger: childLogger('gateway'), ...(opts.gatewayLimits ? { limits: opts.gatewayLimits } : {}), ...(opts.clientConfig ? { clientConfig: opts.clientConfig } : {}), ...opts.gatewaySecurity });
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { metadataServiceUri, bookies, autoRecovery, get gateway() { return gateway; }, stop };
}

export function registerLocalCommand(program: Command): void {
  addTracingFlag(addPlacementFlags(addSecurityFlags(addLimitFlags(program
    .command('local')
    .description('run a local cluster in one process: embedded metadata store, 3 bookies and a gateway (REST + gRPC)')
    .option('-d, --data-dir <dir>', 'where the cluster keeps its data', './quire-data')
    .option('-n, --bookies <n>', 'number of bookies', '3')
    .option('-p, --base-port <port>', 'first bookie port (0 = any free port)', '3181')
    .option('--host <address>', 'address to bind', '127.0.0.1')
    .option('--rest-port <port>', 'gateway REST port (0 = any free port)', '8080')
    .option('--grpc-port <port>', 'gateway gRPC port (0 = any free port)', '9090')))))
    .action(async (o: { dataDir: string; bookies: string; basePort: string; host: string; restPort: string; grpcPort: string } & LimitFlagValues & SecurityFlagValues & PlacementFlagValues & TracingFlagValues) => {
      const tracing = startProcessTracing('quire-local', o);
      // Its own bookies run without TLS (they share the process); bookie TLS is for `quire gateway`.
      if (o.bookieTlsConf !== undefined) throw new Error('--bookie-tls-conf is for `quire gateway`: the bookies `quire local` starts do not use TLS');
      const cluster = await startLocalCluster({
        dataDir: o.dataDir,
        bookies: Number(o.bookies),
        basePort: Number(o.basePort),
        host: o.host,
        restPort: Number(o.restPort),
        grpcPort: Number(o.grpcPort),
        gatewayLimits: limitsFromFlags(o),
        gatewaySecurity: securityFromFlags(o),
        clientConfig: placementFromFlags(o),
      });
      const gw = cluster.gateway!;
      const rest = gw.url;
      const grpcPort = gw.grpc!.port;
      const grpc = `${o.host}:${grpcPort}`;
      console.log(
        JSON.stringify({
          event: 'local-cluster-started',
          metadataServiceUri: cluster.metadataServiceUri,
          bookies: cluster.bookies.map((b) => ({ id: b.bookieId, port: b.port })),
          restUrl: rest,
          grpcPort,
        }),
      );
      console.log(`\nQuire local cluster is up (data in ${resolve(o.dataDir)}):`);
      for (const b of cluster.bookies) console.log(`  bookie ${b.bookieId}  (BookKeeper wire protocol v2/v3 on port ${b.port})`);
      console.log(`  gateway REST ${rest}  (API docs: ${rest}/docs)   gRPC ${grpc}`);
      console.log(`  metadata: ${cluster.metadataServiceUri}`);
      console.log(`\nTry it:
  curl -s -X POST ${rest}/v1/ledgers -H 'content-type: application/json' -d '{"ensembleSize":3,"writeQuorumSize":2,"ackQuorumSize":2}'
  curl -s -X POST ${rest}/v1/ledgers/0/entries -H 'content-type: application/octet-stream' --data-binary 'hello, ledger'
  curl -s ${rest}/v1/ledgers/0/entries/0
  curl -s -X POST ${rest}/v1/ledgers/0/close
  grpcurl -plaintext ${grpc} list
  grpcurl -plaintext -d '{"ledger_id":"0","from_entry_id":"0"}' ${grpc} quire.v1.LedgerService/ReadRange`);
      console.log('\nCtrl-C stops the cluster cleanly.');
      let stopping = false;
      const stop = () => {
        if (stopping) return;
        stopping = true;
        cluster.stop().then(() => tracing?.shutdown()).then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}
