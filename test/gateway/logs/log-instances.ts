// Test fixture for the transport-free log service: a local cluster (embedded metadata store, real
// bookies on free ports) and several LogServiceImpl instances on it, each with its own metadata
// session and quorum client, as separate gateway processes would have. Instances reach each other
// through an in-process LogPeer (the REST suite covers the HTTP peer).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childLogger } from '../../../common/logger.js';
import { startLocalCluster, type LocalCluster } from '../../../cli/local-command.js';
import { createBookKeeperClient } from '../../../clients/quorum/connect.js';
import type { BookKeeperClient } from '../../../clients/quorum/index.js';
import { openMetadataService, type MetadataService } from '../../../metadata/metadata-service.js';
import { resolveLimits, type GatewayLimits } from '../../../gateway/gateway-config.js';
import { GatewayError } from '../../../gateway/gateway-error.js';
import type { LogLimits } from '../../../gateway/logs/log-config.js';
import { LogServiceImpl } from '../../../gateway/logs/log-service-impl.js';
import type { LogPeer } from '../../../gateway/logs/log-service.js';

export interface LogInstance {
  readonly id: string;
  readonly service: LogServiceImpl;
  readonly client: BookKeeperClient;
  readonly metadata: MetadataService;
  alive: boolean;
}

export interface LogInstances {
  readonly cluster: LocalCluster;
  readonly instances: LogInstance[];
  /** A fresh instance (a gateway that starts). */
  add(): Promise<LogInstance>;
  /** As a process kill: no sealing; its metadata session (and owner records) end. */
  crash(i: number): Promise<void>;
  /** A plain client of the cluster (to inspect ledgers). */
  readonly inspector: BookKeeperClient;
  stop(): Promise<void>;
}

export async function startLogInstances(opts: { instances?: number; bookies?: number; limits?: Partial<GatewayLimits>; logLimits?: Partial<LogLimits>; explicitLacIntervalMs?: number } = {}): Promise<LogInstances> {
  const dir = await mkdtemp(join(tmpdir(), 'quire-logs-'));
  const cluster = await startLocalCluster({ dataDir: dir, bookies: opts.bookies ?? 3, basePort: 0, host: '127.0.0.1' });
  const instances: LogInstance[] = [];
  const byId = new Map<string, LogInstance>();
  const peer: LogPeer = {
    append: async (owner, name, records, o) => {
      const t = byId.get(owner.gatewayId);
      if (!t || !t.alive) throw new GatewayError('LEDGER_OWNED_ELSEWHERE', `instance ${owner.gatewayId} is down`);
      return t.service.forwardedAppend(name, records, o);
    },
    committedEnd: async (owner, name) => {
      const t = byId.get(owner.gatewayId);
      if (!t || !t.alive) throw new GatewayError('LEDGER_OWNED_ELSEWHERE', `instance ${owner.gatewayId} is down`);
      return t.service.forwardedCommittedEnd(name);
    },
  };
  const limits = resolveLimits(opts.limits);
  const add = async () => {
    const id = `gw-${instances.length + 1}`;
    const metadata = await openMetadataService(cluster.metadataServiceUri);
    const client = await createBookKeeperClient({ metadataService: metadata, config: { explicitLacIntervalMs: opts.explicitLacIntervalMs ?? 100 } });
    const service = new LogServiceImpl({ client, metadata, gatewayId: id, advertisedUrl: () => `inproc://${id}`, limits, log: childLogger('logs').child({ gatewayId: id }), peer, ...(opts.logLimits ? { logLimits: opts.logLimits } : {}) });
    const inst: LogInstance = { id, service, client, metadata, alive: true };
    instances.push(inst);
    byId.set(id, inst);
    return inst;
  };
  for (let i = 0; i < (opts.instances ?? 2); i++) await add();
  const inspectorMd = await openMetadataService(cluster.metadataServiceUri);
  const inspector = await createBookKeeperClient({ metadataService: inspectorMd });
  const crash = async (i: number) => {
    const inst = instances[i]!;
    if (!inst.alive) return;
    inst.alive = false;
    inst.service.abandon();
    await inst.metadata.close().catch(() => undefined);
    await inst.client.close().catch(() => undefined);
  };
  return {
    cluster,
    instances,
    add,
    crash,
    inspector,
    stop: async () => {
      for (const inst of instances) {
        if (!inst.alive) continue;
        inst.alive = false;
        await inst.service.shutdown().catch(() => undefined);
        await inst.client.close().catch(() => undefined);
        await inst.metadata.close().catch(() => undefined);
      }
      await inspector.close();
      await inspectorMd.close();
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
