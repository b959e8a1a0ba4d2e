// Auto-recovery inside `quire bookie` (autoRecoveryDaemonEnabled=true): the bookie's settings by
// BookKeeper's names mapped onto the auditor and worker options.
import { childLogger } from '../common/logger.js';
import { startAutoRecovery, type AutoRecoveryMain } from '../autorecovery/autorecovery-main.js';
import type { AutoRecoveryOptions } from '../autorecovery/autorecovery-options.js';
import type { BookieConfig } from '../bookie/bookie-config.js';
import type { MetadataService } from '../metadata/metadata-service.js';
import { placementConfigFromProperties } from '../clients/quorum/index.js';
import { clientTlsOfBookieConfig } from './bookie-client-tls.js';

export function autoRecoveryOptionsOf(config: BookieConfig): Partial<AutoRecoveryOptions> {
  return {
    lostBookieRecoveryDelay: config.lostBookieRecoveryDelay,
    auditorPeriodicCheckInterval: config.auditorPeriodicCheckInterval,
    auditorPeriodicBookieCheckInterval: config.auditorPeriodicBookieCheckInterval,
    openLedgerRereplicationGracePeriod: config.openLedgerRereplicationGracePeriod,
    rereplicationEntryBatchSize: config.rereplicationEntryBatchSize,
    rwRereplicateBackoffMs: config.rwRereplicateBackoffMs,
  };
}

/** Starts auto-recovery on a bookie's session when its config asks for it; `props` holds the placement keys of bk_server.conf. */
export async function maybeStartAutoRecovery(config: BookieConfig, service: MetadataService, bookieId: string, props: ReadonlyMap<string, string> = new Map()): Promise<AutoRecoveryMain | undefined> {
  if (!config.autoRecoveryDaemonEnabled) return undefined;
  return startAutoRecovery({ service, id: bookieId, options: autoRecoveryOptionsOf(config), clientConfig: placementConfigFromProperties(props), tls: clientTlsOfBookieConfig(config), log: childLogger('autorecovery', { bookieId }) });
}

