// BookKeeper's AutoRecoveryMain: one auditor candidate plus one replication worker on a metadata
// session, run inside a bookie (autoRecoveryDaemonEnabled) or as `quire autorecovery`.
//   const ar = await startAutoRecovery({ service, id: 'host:3181' });  ...  await ar.stop();
import { childLogger, type Logger } from '../common/logger.js';
import { BookKeeperClient, createPlacementPolicy, LedgerManagerPort, RegistrationPort, resolveClientConfig, TcpBookieClient, type ClientConfig, type ClientTlsSettings, type PlacementPolicy } from '../clients/quorum/index.js';
import type { MetadataService } from '../metadata/metadata-service.js';
import { UnderreplicationManager } from '../metadata/underreplication-manager.js';
import type { AutoRecoveryContext } from './autorecovery-context.js';
import { resolveAutoRecoveryOptions, type AutoRecoveryOptions } from './autorecovery-options.js';
import { AuditorElector } from './auditor-elector.js';
import { ReplicationWorker } from './replication-worker.js';

export interface StartAutoRecoveryOptions {
  /** The session to run on (not closed by stop()). */
  readonly service: MetadataService;
  /** This process's identity in votes and locks (the bookie id when inside a bookie). */
  readonly id: string;
  readonly options?: Partial<AutoRecoveryOptions>;
  readonly placement?: PlacementPolicy;
  /** Placement keys (ensemblePlacementPolicy, racks: docs/client.md) when no policy is given: re-replication follows them. */
  readonly clientConfig?: Partial<ClientConfig>;
  readonly log?: Logger;
  /** Bookie request timeout for copies and checks (ms). */
  readonly requestTimeoutMs?: number;
  /** TLS to the bookies (a bookie's own tls* keys when it runs the daemon). */
  readonly tls?: ClientTlsSettings | undefined;
}

export interface AutoRecoveryMain {
  readonly id: string;
  readonly elector: AuditorElector;
  readonly worker: ReplicationWorker;
  readonly underreplication: UnderreplicationManager;
  stop(): Promise<void>;
}

/** The auditor's and worker's context on a session; close() ends the bookie connections and releases locks. */
export async function openAutoRecoveryContext(o: StartAutoRecoveryOptions): Promise<{ ctx: AutoRecoveryContext; close(): Promise<void> }> {
  const options = resolveAutoRecoveryOptions(o.options);
  const log = o.log ?? childLogger('autorecovery', { id: o.id });
  const underreplication = await UnderreplicationManager.open(o.service.store, o.service.root, o.id);
  const registry = new RegistrationPort(o.service.registration);
  const bookies = new TcpBookieClient({ registry, ...(o.requestTimeoutMs !== undefined ? { requestTimeoutMs: o.requestTimeoutMs } : {}), ...(o.tls ? { tls: o.tls } : {}) });
  const placement = o.placement ?? createPlacementPolicy(resolveClientConfig(o.clientConfig), { addressOf: (id) => registry.resolve(id) });
  const client = new BookKeeperClient({ bookies, metadata: new LedgerManagerPort(o.service.ledgers), registry, placement });
  const ctx: AutoRecoveryContext = { service: o.service, underreplication, bookies, client, placement, options, log };
  return {
    ctx,
    async close() {
      await underreplication.close();
      await client.close();
    },
  };
}

export async function startAutoRecovery(o: StartAutoRecoveryOptions): Promise<AutoRecoveryMain> {
  const { ctx, close } = await openAutoRecoveryContext(o);
  const worker = new ReplicationWorker(ctx);
  const elector = new AuditorElector(ctx, o.id, () => worker.wake());
  worker.start();
  elector.start();
  let stopping: Promise<void> | undefined;
  return {
    id: o.id,
    elector,
    worker,
    underreplication: ctx.underreplication,
    stop() {
      stopping ??= (async () => {
        await elector.stop();
        await worker.stop();
        await close();
      })();
      return stopping;
    },
  };
}
