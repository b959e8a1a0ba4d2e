// `quire gateway`: one stateless gateway instance (REST, gRPC and the peer listener, all started by
// gateway/gateway-server.ts) against a metadata service — ZooKeeper in production. Any number of
// instances can serve the same cluster.
import type { Command } from 'commander';
import { childLogger } from '../common/logger.js';
import { startGateway } from '../gateway/gateway-server.js';
import { addLimitFlags, limitsFromFlags, type LimitFlagValues } from './gateway-limit-flags.js';
import { addSecurityFlags, securityFromFlags, type SecurityFlagValues } from './gateway-security-flags.js';
import { addTracingFlag, startProcessTracing, type TracingFlagValues } from './tracing-flags.js';
import { addPlacementFlags, placementFromFlags, type PlacementFlagValues } from './placement-flags.js';
import { addZooKeeperSecurityFlags, zooKeeperOptionsFromFlags, type ZooKeeperSecurityFlagValues } from './zookeeper-security-flags.js';

export function registerGatewayCommand(program: Command): void {
  addTracingFlag(addZooKeeperSecurityFlags(addPlacementFlags(addSecurityFlags(addLimitFlags(program
    .command('gateway')
    .description('run a stateless gateway: ledgers over REST (OpenAPI) and gRPC')
    .option('-m, --metadata-service-uri <uri>', 'metadataServiceUri (zk+hierarchical://host:2181/ledgers or etcd://host:2379/ledgers); default: embedded store')
    .option('--host <address>', 'address to bind', '127.0.0.1')
    .option('--rest-port <port>', 'REST port (0 = any free port)', '8080')
    .option('--grpc-port <port>', 'gRPC port (0 = any free port)', '9090')
    .option('--peer-port <port>', 'peer listener port: other gateway instances forward writes of the ledgers this one owns there (0 = any free port)', '8081')
    .option('--gateway-id <id>', 'stable instance name in ownership records')
    .option('--advertised-peer-url <url>', 'URL other gateway instances reach the peer listener at (recorded in owner records); default http://<host>:<peer port>'))))))
    .action(async (o: { metadataServiceUri?: string; host: string; restPort: string; grpcPort: string; peerPort: string; gatewayId?: string; advertisedPeerUrl?: string } & LimitFlagValues & SecurityFlagValues & PlacementFlagValues & TracingFlagValues & ZooKeeperSecurityFlagValues) => {
      const tracing = startProcessTracing('quire-gateway', o);
      const gw = await startGateway({
        host: o.host,
        restPort: Number(o.restPort),
        grpcPort: Number(o.grpcPort),
        peerPort: Number(o.peerPort),
        defaultMetrics: true,
        logger: childLogger('gateway'),
        ...(o.metadataServiceUri ? { metadataServiceUri: o.metadataServiceUri } : {}),
        metadataOptions: zooKeeperOptionsFromFlags(o),
        ...(o.gatewayId ? { gatewayId: o.gatewayId } : {}),
        ...(o.advertisedPeerUrl ? { advertisedPeerUrl: o.advertisedPeerUrl } : {}),
        limits: limitsFromFlags(o),
        clientConfig: placementFromFlags(o),
        ...securityFromFlags(o),
      });
      console.log(JSON.stringify({ event: 'gateway-started', gatewayId: gw.gatewayId, restPort: gw.restPort, grpcPort: gw.grpc?.port, peerPort: gw.peerPort, url: gw.url, peerUrl: gw.peerUrl, pid: process.pid }));
      let stopping = false;
      const stop = () => {
        if (stopping) return;
        stopping = true;
        gw.stop().then(() => tracing?.shutdown()).then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}
