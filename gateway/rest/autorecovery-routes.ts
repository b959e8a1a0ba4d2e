// GET /v1/autorecovery: the console's "under-replicated ledgers and auditor" view (and operators'
// scripts), read from BookKeeper's under-replication layout in the metadata store — the marks of
// Quire's auditor and of BookKeeper's look the same there (docs/autorecovery.md).
import type { Express } from 'express';
import { isQuireError } from '../../common/errors.js';
import { getCurrentAuditor } from '../../metadata/auditor-election.js';
import type { MetadataService } from '../../metadata/metadata-service.js';
import { UnderreplicationManager } from '../../metadata/underreplication-manager.js';
import type { components } from '../../openapi/gen/quire.js';

type AutoRecoveryStatus = components['schemas']['AutoRecoveryStatus'];

/** Bound: under-replicated ledgers listed per call. */
export const MAX_LISTED_UNDERREPLICATED = 1000;

export async function autoRecoveryStatus(service: MetadataService, manager: UnderreplicationManager): Promise<AutoRecoveryStatus> {
  const [replicationEnabled, auditor, delay] = await Promise.all([
    manager.isLedgerReplicationEnabled(),
    getCurrentAuditor(service.store, service.root),
    // Unset until an auditor (or `lostbookierecoverydelay -set`) writes it.
    manager.getLostBookieRecoveryDelay().catch((e: unknown) => {
      if (isQuireError(e, 'METADATA_NOT_FOUND')) return undefined;
      throw e;
    }),
  ]);
  const underReplicated: AutoRecoveryStatus['underReplicated'] = [];
  let truncated = false;
  for await (const u of manager.listLedgersToRereplicate()) {
    if (underReplicated.length >= MAX_LISTED_UNDERREPLICATED) {
      truncated = true;
      break;
    }
    const worker = await manager.getReplicationWorkerIdRereplicatingLedger(u.ledgerId);
    underReplicated.push({
      ledgerId: String(u.ledgerId),
      missingReplicas: [...u.replicas],
      ...(u.ctime !== undefined ? { markedMs: u.ctime } : {}),
      ...(worker !== undefined ? { replicationWorker: worker } : {}),
    });
  }
  return { replicationEnabled, ...(auditor !== undefined ? { auditor } : {}), ...(delay !== undefined ? { lostBookieRecoveryDelaySeconds: delay } : {}), underReplicated, truncated };
}

export function mountAutoRecoveryRoutes(app: Express, service: MetadataService): void {
  // Opened on first use: it creates BookKeeper's under-replication tree if no one has yet (as any
  // BookKeeper client opening the manager does), never marks or locks anything.
  let manager: Promise<UnderreplicationManager> | undefined;
  app.get('/v1/autorecovery', async (_req, res) => {
    manager ??= UnderreplicationManager.open(service.store, service.root).catch((e: unknown) => {
      manager = undefined;
      throw e;
    });
    res.setHeader('Cache-Control', 'no-store');
    res.json(await autoRecoveryStatus(service, await manager));
  });
}
