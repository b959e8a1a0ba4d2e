// Everything an operation needs from its environment, injected: the simulation swaps the bookie
// client, the metadata port, the registry, the clock and the random source; the logic stays real.
import type { BookieClient } from './bookie-client/bookie-client.js';
import type { ClientConfig } from './client-config.js';
import type { Clock } from './clock.js';
import type { PlacementPolicy } from './ensemble/placement-policy.js';
import type { BookieRegistryPort, LedgerMetadataPort } from './ledger-metadata-port.js';
import type { QuorumClientMetrics } from './client-metrics.js';

export interface ClientContext {
  readonly bookies: BookieClient;
  readonly metadata: LedgerMetadataPort;
  readonly registry: BookieRegistryPort;
  readonly placement: PlacementPolicy;
  readonly clock: Clock;
  readonly config: ClientConfig;
  /** Random source (the sticky read bookie; seeded in the simulation); absent: Math.random. */
  readonly random?: () => number;
  /** Latency sink (bookkeeper_client_ADD_ENTRY); absent: nothing is timed. */
  readonly metrics?: QuorumClientMetrics;
}
