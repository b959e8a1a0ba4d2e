// A live gateway for the client examples' tests: `quire local`'s in-process cluster (embedded
// metadata store, three real bookies on free ports, journals fsync'd under a temp directory), one
// gateway instance with REST (startGateway) and gRPC (startGrpcGateway on the same services:
// ledgers, named logs, blobs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalCluster } from '../../cli/local-command.js';
import { startGateway } from '../../gateway/gateway-server.js';
import { startGrpcGateway } from '../../gateway/grpc/grpc-server.js';

export interface LiveGateway {
  /** http://127.0.0.1:<port> */
  readonly restUrl: string;
  /** 127.0.0.1:<port> */
  readonly grpcTarget: string;
  stop(): Promise<void>;
}

export async function startLiveGateway(): Promise<LiveGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'quire-clients-'));
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const cluster = await startLocalCluster({ dataDir: dir, bookies: 3, basePort: 0, host: '127.0.0.1' });
    stops.push(() => cluster.stop());
    const gw = await startGateway({ metadataServiceUri: cluster.metadataServiceUri, host: '127.0.0.1', restPort: 0, gatewayId: 'clients-test' });
    stops.push(() => gw.stop());
    const grpc = await startGrpcGateway(gw.service, { host: '127.0.0.1', port: 0, limits: gw.limits, logs: gw.logs, blobs: gw.blobs });
    stops.push(() => grpc.stop());
    return { restUrl: gw.url, grpcTarget: `127.0.0.1:${grpc.port}`, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
