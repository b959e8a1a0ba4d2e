// In-memory ledger metadata store and bookie registry with compare-and-set versions, for unit
// tests and the simulation (integration tests use metadata/ with a real ZooKeeper). An optional
// delay hook makes each operation take simulated time, so CAS races interleave.
import { QuireError } from '../../../common/errors.js';
import type { BookieAddress, BookieRegistryPort, LedgerMetadata, LedgerMetadataPort, VersionedMetadata } from '../../../clients/quorum/ledger-metadata-port.js';

export class InMemoryLedgerMetadata implements LedgerMetadataPort {
  readonly store = new Map<bigint, VersionedMetadata>();
  private nextId: bigint;
  /** Every update, in order, for the checkers. */
  readonly history: { ledgerId: bigint; metadata: LedgerMetadata }[] = [];

  constructor(
    private readonly delay: () => Promise<void> = () => Promise.resolve(),
    /** Id of the first ledger created without one. */
    firstLedgerId = 0n,
  ) {
    this.nextId = firstLedgerId;
  }

  async create(metadata: LedgerMetadata, ledgerId?: bigint): Promise<{ ledgerId: bigint; version: number }> {
    await this.delay();
    const id = ledgerId ?? this.nextId++;
    if (this.store.has(id)) throw new QuireError('LEDGER_EXISTS', `ledger ${id} exists`);
    this.store.set(id, { metadata, version: 0 });
    this.history.push({ ledgerId: id, metadata });
    return { ledgerId: id, version: 0 };
  }

  async read(ledgerId: bigint): Promise<VersionedMetadata> {
    await this.delay();
    const v = this.store.get(ledgerId);
    if (!v) throw new QuireError('NO_SUCH_LEDGER', `no metadata for ledger ${ledgerId}`);
    return v;
  }

  async update(ledgerId: bigint, metadata: LedgerMetadata, expectedVersion: number): Promise<number> {
    await this.delay();
    const v = this.store.get(ledgerId);
    if (!v) throw new QuireError('NO_SUCH_LEDGER', `no metadata for ledger ${ledgerId}`);
    if (v.version !== expectedVersion) throw new QuireError('METADATA_VERSION_CONFLICT', `ledger ${ledgerId} is at version ${v.version}, not ${expectedVersion}`);
    this.store.set(ledgerId, { metadata, version: v.version + 1 });
    this.history.push({ ledgerId, metadata });
    return v.version + 1;
  }

  async delete(ledgerId: bigint): Promise<void> {
    await this.delay();
    if (!this.store.delete(ledgerId)) throw new QuireError('NO_SUCH_LEDGER', `no metadata for ledger ${ledgerId}`);
  }

  async list(): Promise<bigint[]> {
    await this.delay();
    return [...this.store.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

export class StaticBookieRegistry implements BookieRegistryPort {
  constructor(readonly bookies: string[]) {}
  async writableBookies(): Promise<string[]> {
    return [...this.bookies];
  }
  async resolve(bookieId: string): Promise<BookieAddress> {
    const i = bookieId.lastIndexOf(':');
    if (i < 0) throw new QuireError('BOOKIE_UNAVAILABLE', `cannot resolve ${bookieId}`);
    return { host: bookieId.slice(0, i), port: Number(bookieId.slice(i + 1)) };
  }
}
