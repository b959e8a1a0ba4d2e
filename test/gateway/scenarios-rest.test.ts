// The transport-neutral gateway scenarios over REST: two in-process gateway instances on a local
// cluster (embedded metadata store, three real bookies).
import { gatewayScenarios } from './scenarios.js';
import { startGatewayCluster } from './gateway-cluster.js';
import { RestTransport } from './rest-transport.js';

gatewayScenarios('REST', async () => {
  const gc = await startGatewayCluster({ gateways: 2 });
  return {
    client: (i) => new RestTransport(gc.gateways[i]!.url),
    gatewayId: (i) => gc.gateways[i]!.gatewayId,
    crash: (i) => gc.gateways[i]!.crash(),
    stop: () => gc.stop(),
  };
});
