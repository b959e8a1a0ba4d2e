// Auto-recovery inside `quire bookie` (autoRecoveryDaemonEnabled=true): the bookie's settings by
// BookKeeper's names mapped onto the auditor and worker options.
import { childLogger } from '../common/logger.js';
import { startAutoRecovery, type AutoRecoveryMain } from '../autorecovery/autorecovery-main.js';
import type { AutoRecoveryOptions } from '../autorecovery/autorecovery-options.js';
import type { BookieConfig } from '../bookie/bookie-config.js';
import type { MetadataService } from '../metadata/metadata-service.js';
import { type ClientConfig, placementConfigFromProperties } from '../clients/quorum/index.js';
import { clientTlsOfBookieConfig } from './bookie-client-tls.js';

export function autoRecoveryOptionsOf(config: BookieConfig): Partial<AutoRecoveryOptions> {
  return {
    lostBookieRecoveryDelay: config.lostBookieRecoveryDelay,
    auditorPeriodicCheckInterval: config.auditorPeriodicCheckInterval,
    auditorPeriodicBookieCheckInterval: config.auditorPeriodicBookieCheckInterval,
    auditorLedgerVerificationPercentage: config.auditorLedgerVerificationPercentage,
    auditorPeriodicPlacementPolicyCheckInterval: config.auditorPeriodicPlacementPolicyCheckInterval,
    underreplicatedLedgerRecoveryGracePeriod: config.underreplicatedLedgerRecoveryGracePeriod,
    auditorReplicasCheckInterval: config.auditorReplicasCheckInterval,
    openLedgerRereplicationGracePeriod: config.openLedgerRereplicationGracePeriod,
    rereplicationEntryBatchSize: config.rereplicationEntryBatchSize,
    rwRereplicateBackoffMs: config.rwRereplicateBackoffMs,
  };
}

/**
 * Starts auto-recovery on a bookie's session when its config asks for it; `placement` is the
 * placement keys of bk_server.conf, or (quire local's flags) the client settings made from them.
 */
export async function maybeStartAutoRecovery(config: BookieConfig, service: MetadataService, bookieId: string, placement: ReadonlyMap<string, string> | Partial<ClientConfig> = new Map()): Promise<AutoRecoveryMain | undefined> {
  if (!config.autoRecoveryDaemonEnabled) return undefined;
  const clientConfig = placement instanceof Map ? placementConfigFromProperties(placement) : (placement as Partial<ClientConfig>);
  return startAutoRecovery({ service, id: bookieId, options: autoRecoveryOptionsOf(config), clientConfig, tls: clientTlsOfBookieConfig(config), log: childLogger('autorecovery', { bookieId }) });
}

