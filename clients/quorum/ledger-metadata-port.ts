// The narrow ports through which the client reaches the metadata store and the bookie registry.
// The client logic depends only on these interfaces; metadata/ provides the ZooKeeper-backed
// implementation and test/quorum/sim/ an in-memory one for the simulation.
import type { LedgerMetadata } from '../../metadata/ledger-metadata.js';

// The metadata layer owns the LedgerMetadata type (metadata/ledger-metadata.ts); the client uses
// it as is, and builds changed copies with its withChanges() so BookKeeper's invariants hold.
export type { LedgerMetadata, LedgerState, Segment } from '../../metadata/ledger-metadata.js';

/** The store's version of a ledger's metadata (the znode version for ZooKeeper). */
export type MetadataVersion = number;

export interface VersionedMetadata {
  readonly metadata: LedgerMetadata;
  readonly version: MetadataVersion;
}

export interface LedgerMetadataPort {
  /** Allocates a ledger id and stores the metadata. Throws LEDGER_EXISTS if ledgerId is given and taken. */
  create(metadata: LedgerMetadata, ledgerId?: bigint): Promise<{ ledgerId: bigint; version: MetadataVersion }>;
  /** Throws NO_SUCH_LEDGER. */
  read(ledgerId: bigint): Promise<VersionedMetadata>;
  /** Compare-and-set; throws METADATA_VERSION_CONFLICT when expectedVersion is stale, NO_SUCH_LEDGER when gone. */
  update(ledgerId: bigint, metadata: LedgerMetadata, expectedVersion: MetadataVersion): Promise<MetadataVersion>;
  /** Throws NO_SUCH_LEDGER. */
  delete(ledgerId: bigint): Promise<void>;
  /** All ledger ids, ascending. */
  list(): Promise<bigint[]>;
}

export interface BookieAddress {
  readonly host: string;
  readonly port: number;
}

export interface BookieRegistryPort {
  /** Bookie ids registered as writable (not read-only). */
  writableBookies(): Promise<string[]>;
  /** Network address of a bookie id (registration data, or the id itself when it is host:port). */
  resolve(bookieId: string): Promise<BookieAddress>;
}
