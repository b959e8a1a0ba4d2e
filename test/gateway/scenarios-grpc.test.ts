// The transport-neutral gateway scenarios over gRPC: two gateway instances on a local cluster
// (embedded metadata store, three real bookies), each serving the gRPC transport on its service.
import { startGrpcGateway, type RunningGrpcGateway } from '../../gateway/grpc/grpc-server.js';
import { startGatewayCluster } from './gateway-cluster.js';
import { GrpcTransport } from './grpc-transport.js';
import { gatewayScenarios } from './scenarios.js';

gatewayScenarios('gRPC', async () => {
  const gc = await startGatewayCluster({ gateways: 2 });
  const grpc: RunningGrpcGateway[] = [];
  const clients: GrpcTransport[] = [];
  try {
    for (const gw of gc.gateways) {
      const g = await startGrpcGateway(gw.service, { host: '127.0.0.1', port: 0, limits: gw.limits });
      grpc.push(g);
      clients.push(new GrpcTransport(`127.0.0.1:${g.port}`));
    }
  } catch (e) {
    for (const g of grpc) await g.stop();
    await gc.stop();
    throw e;
  }
  return {
    client: (i) => clients[i]!,
    gatewayId: (i) => gc.gateways[i]!.gatewayId,
    crash: async (i) => {
      await gc.gateways[i]!.crash();
      await grpc[i]!.stop();
    },
    stop: async () => {
      for (const c of clients) c.dispose();
      for (const g of grpc) await g.stop();
      await gc.stop();
    },
  };
});
