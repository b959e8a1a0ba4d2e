// The client's ports over the real metadata layer (metadata/): ledger metadata through the
// LedgerManager (ZooKeeper or embedded store, BookKeeper's layout), bookies through the
// RegistrationClient (/ledgers/available).
import type { LedgerManager } from '../../metadata/ledger-manager.js';
import type { LedgerMetadata } from '../../metadata/ledger-metadata.js';
import type { RegistrationClient } from '../../metadata/bookie-registration.js';
import type { BookieAddress, BookieRegistryPort, LedgerMetadataPort, MetadataVersion, VersionedMetadata } from './ledger-metadata-port.js';

/** Any version: delete without a compare-and-set (ZooKeeper's -1). */
const ANY_VERSION = -1;

export class LedgerManagerPort implements LedgerMetadataPort {
  constructor(private readonly ledgers: LedgerManager) {}

  async create(metadata: LedgerMetadata, ledgerId?: bigint): Promise<{ ledgerId: bigint; version: MetadataVersion }> {
    if (ledgerId === undefined) return this.ledgers.createLedger(metadata);
    return { ledgerId, version: await this.ledgers.createLedgerMetadata(ledgerId, metadata) };
  }

  async read(ledgerId: bigint): Promise<VersionedMetadata> {
    const v = await this.ledgers.readLedgerMetadata(ledgerId);
    return { metadata: v.metadata, version: v.version };
  }

  update(ledgerId: bigint, metadata: LedgerMetadata, expectedVersion: MetadataVersion): Promise<MetadataVersion> {
    return this.ledgers.writeLedgerMetadata(ledgerId, metadata, expectedVersion);
  }

  delete(ledgerId: bigint): Promise<void> {
    return this.ledgers.removeLedgerMetadata(ledgerId, ANY_VERSION);
  }

  list(): Promise<bigint[]> {
    return this.ledgers.listLedgers();
  }
}

export class RegistrationPort implements BookieRegistryPort {
  constructor(private readonly registration: RegistrationClient) {}
  writableBookies(): Promise<string[]> {
    return this.registration.getWritableBookies();
  }
  resolve(bookieId: string): Promise<BookieAddress> {
    return this.registration.resolve(bookieId);
  }
}
