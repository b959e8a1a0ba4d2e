// `quire gateway`: one stateless gateway instance (REST + gRPC) against a metadata service —
// ZooKeeper in production. Any number of instances can serve the same cluster.
import type { Command } from 'commander';
import { childLogger } from '../common/logger.js';
import { startGateway, type RunningGateway } from '../gateway/gateway-server.js';
import { startGrpcGateway, type RunningGrpcGateway } from '../gateway/grpc/grpc-server.js';

export interface GatewayProcessOptions {
  readonly metadataServiceUri?: string;
  readonly host: string;
  readonly restPort: number;
  readonly grpcPort: number;
  readonly gatewayId?: string;
  readonly advertisedUrl?: string;
}

export interface RunningGatewayPair {
  readonly rest: RunningGateway;
  readonly grpc: RunningGrpcGateway;
  stop(): Promise<void>;
}

/** REST and gRPC on one LedgerService; stop closes gRPC first, then drains and seals via REST's stop. */
export async function startGatewayPair(o: GatewayProcessOptions): Promise<RunningGatewayPair> {
  const log = childLogger('gateway');
  const rest = await startGateway({
    host: o.host,
    restPort: o.restPort,
    defaultMetrics: true,
    logger: log,
    ...(o.metadataServiceUri ? { metadataServiceUri: o.metadataServiceUri } : {}),
    ...(o.gatewayId ? { gatewayId: o.gatewayId } : {}),
    ...(o.advertisedUrl ? { advertisedUrl: o.advertisedUrl } : {}),
  });
  let grpc: RunningGrpcGateway;
  try {
    grpc = await startGrpcGateway(rest.service, { host: o.host, port: o.grpcPort, limits: rest.limits, logger: log });
  } catch (e) {
    await rest.stop();
    throw e;
  }
  let stopped: Promise<void> | undefined;
  return {
    rest,
    grpc,
    stop() {
      stopped ??= (async () => {
        await grpc.stop();
        await rest.stop();
      })();
      return stopped;
    },
  };
}

export function registerGatewayCommand(program: Command): void {
  program
    .command('gateway')
    .description('run a stateless gateway: ledgers over REST (OpenAPI) and gRPC')
    .option('-m, --metadata-service-uri <uri>', 'metadataServiceUri (zk+hierarchical://host:2181/ledgers); default: embedded store')
    .option('--host <address>', 'address to bind', '127.0.0.1')
    .option('--rest-port <port>', 'REST port (0 = any free port)', '8080')
    .option('--grpc-port <port>', 'gRPC port (0 = any free port)', '9090')
    .option('--gateway-id <id>', 'stable instance name in ownership records')
    .option('--advertised-url <url>', 'URL other gateway instances use to forward appends to this one')
    .action(async (o: { metadataServiceUri?: string; host: string; restPort: string; grpcPort: string; gatewayId?: string; advertisedUrl?: string }) => {
      const pair = await startGatewayPair({
        host: o.host,
        restPort: Number(o.restPort),
        grpcPort: Number(o.grpcPort),
        ...(o.metadataServiceUri ? { metadataServiceUri: o.metadataServiceUri } : {}),
        ...(o.gatewayId ? { gatewayId: o.gatewayId } : {}),
        ...(o.advertisedUrl ? { advertisedUrl: o.advertisedUrl } : {}),
      });
      console.log(JSON.stringify({ event: 'gateway-started', gatewayId: pair.rest.gatewayId, restPort: pair.rest.restPort, grpcPort: pair.grpc.port, url: pair.rest.url, pid: process.pid }));
      let stopping = false;
      const stop = () => {
        if (stopping) return;
        stopping = true;
        pair.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}
