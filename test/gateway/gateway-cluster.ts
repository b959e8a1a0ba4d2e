// Test fixture: a local cluster (embedded metadata store, real bookies on free ports, in this
// process) and any number of gateway instances on it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalCluster, type LocalCluster } from '../../cli/local-command.js';
import { startGateway, type GatewayOptions, type RunningGateway } from '../../gateway/gateway-server.js';

export interface GatewayCluster {
  readonly cluster: LocalCluster;
  readonly gateways: RunningGateway[];
  addGateway(opts?: Partial<GatewayOptions>): Promise<RunningGateway>;
  stop(): Promise<void>;
}

export async function startGatewayCluster(opts: { bookies?: number; gateways?: number; gateway?: Partial<GatewayOptions>; bookieSettings?: Record<string, string> } = {}): Promise<GatewayCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'quire-gateway-'));
  const cluster = await startLocalCluster({ dataDir: dir, bookies: opts.bookies ?? 3, basePort: 0, host: '127.0.0.1', ...(opts.bookieSettings ? { bookieSettings: opts.bookieSettings } : {}) });
  const gateways: RunningGateway[] = [];
  const addGateway = async (o: Partial<GatewayOptions> = {}) => {
    const gw = await startGateway({ metadataServiceUri: cluster.metadataServiceUri, host: '127.0.0.1', restPort: 0, gatewayId: `gw-${gateways.length + 1}`, ...opts.gateway, ...o });
    gateways.push(gw);
    return gw;
  };
  for (let i = 0; i < (opts.gateways ?? 1); i++) await addGateway();
  return {
    cluster,
    gateways,
    addGateway,
    stop: async () => {
      for (const g of gateways) await g.stop();
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
