// Public API of the quorum client (BookKeeper's "new API" in TypeScript idioms):
//   const bk = new BookKeeperClient({ bookies, metadata, registry });
//   const w = await bk.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, password: 'pw' });
//   const id = await w.append(Buffer.from('x'));   // pipelined; resolves in entry order
//   await w.close();
//   const r = await bk.openLedger(w.ledgerId, { password: 'pw', recovery: true });
//   for (const e of await r.read(0n, r.lastAddConfirmed)) ...
// Everything outside clients/quorum/ imports the client through this file (enforced by eslint).
export { BookKeeperClient, type BookKeeperClientOptions, type OpenLedgerOptions, type WriteHandle } from './bookkeeper-client.js';
export { createBookKeeperClient, type ConnectOptions } from './connect.js';
export { writeSet } from './ensemble/distribution-schedule.js';
export { segmentFor } from './ensemble/ensemble-change.js';
export type { BookieClient } from './bookie-client/bookie-client.js';
export { clientTlsFromProperties, type ClientTlsSettings } from './bookie-client/start-tls.js';
export { resolveConfig as resolveClientConfig, type ClientConfig } from './client-config.js';
export type { Clock } from './clock.js';
export type { QuorumClientMetrics } from './client-metrics.js';
export { DigestType, createDigestManager, masterKeyOf, parseDigestType, type DigestManager } from './digest/digest-manager.js';
export { unwrapEntry } from './digest/entry-format.js';
export { TcpBookieClient, type TcpBookieClientOptions } from './bookie-client/tcp-bookie-client.js';
export { LedgerManagerPort, RegistrationPort } from './metadata-adapters.js';
export { LocalBookiePlacementPolicy, RandomPlacementPolicy, type PlacementPolicy, type PlacementPolicyAdherence } from './ensemble/placement-policy.js';
export { RackawarePlacementPolicy, RegionAwarePlacementPolicy } from './ensemble/topology-placement.js';
export { createPlacementPolicy, placementConfigFromProperties, DEFAULT_POLICY, RACKAWARE_POLICY, REGIONAWARE_POLICY } from './ensemble/placement-config.js';
export { BookieLocationResolver, ScriptBasedMapping, StaticMapping, DEFAULT_RACK, DEFAULT_REGION_AND_RACK } from './ensemble/network-topology.js';
export type { QuorumSizes } from './ensemble/distribution-schedule.js';
export type { BookieRegistryPort, LedgerMetadata, LedgerMetadataPort, LedgerState, Segment } from './ledger-metadata-port.js';
export type { CreateLedgerOptions } from './ops/ledger-create-op.js';
export type { DecommissionOptions, DecommissionResult } from './admin/bookie-decommission.js';
export { copyEntries, type CopyEntriesInput, type CopyResult } from './admin/fragment-copier.js';
export type { CloseOptions } from './ledger-handle.js';
export type { AddResult } from './ops/pending-add-op.js';
export type { LedgerEntry } from './ops/pending-read-op.js';
export { ReadHandle } from './read-handle.js';
