// A BookieClient that counts what it forwards, per operation and bookie, so a test can tell whether
// a read went out as batch reads or single reads, and to which bookie.
import type { AddEntryOptions, BatchReadOptions, BookieClient, LongPollResult, ReadEntryOptions, ReadEntryResult, ReadLacResult } from '../../clients/quorum/bookie-client/bookie-client.js';
import { TcpBookieClient } from '../../clients/quorum/bookie-client/tcp-bookie-client.js';
import { BookKeeperClient } from '../../clients/quorum/bookkeeper-client.js';
import type { ClientConfig } from '../../clients/quorum/client-config.js';
import { LedgerManagerPort, RegistrationPort } from '../../clients/quorum/metadata-adapters.js';
import type { MetadataService } from '../../metadata/metadata-service.js';
import { QuireError } from '../../common/errors.js';

export type CountedOp = 'read' | 'batchRead';

export class CountingBookieClient implements BookieClient {
  readonly counts = new Map<string, number>();
  /** Fail every batch read with this code (BOOKIE_UNAVAILABLE: as a bookie without batch reads). */
  failBatchReads: 'BOOKIE_UNAVAILABLE' | 'TOO_MANY_REQUESTS' | null = null;
  constructor(private readonly inner: BookieClient) {}

  private count(op: CountedOp, bookieId: string): void {
    const k = `${op} ${bookieId}`;
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
  }

  /** Requests of op (to bookieId, or to any bookie). */
  total(op: CountedOp, bookieId?: string): number {
    let n = 0;
    for (const [k, v] of this.counts) if (k.startsWith(`${op} `) && (bookieId === undefined || k === `${op} ${bookieId}`)) n += v;
    return n;
  }

  /** Bookies that got any read or batch read. */
  readBookies(): Set<string> {
    return new Set([...this.counts.keys()].map((k) => k.slice(k.indexOf(' ') + 1)));
  }

  reset(): void {
    this.counts.clear();
  }

  addEntry(bookieId: string, ledgerId: bigint, entryId: bigint, masterKey: Buffer, entry: Buffer, options?: AddEntryOptions): Promise<void> {
    return this.inner.addEntry(bookieId, ledgerId, entryId, masterKey, entry, options);
  }
  readEntry(bookieId: string, ledgerId: bigint, entryId: bigint, options?: ReadEntryOptions): Promise<ReadEntryResult> {
    if (entryId >= 0n) this.count('read', bookieId);
    return this.inner.readEntry(bookieId, ledgerId, entryId, options);
  }
  readLac(bookieId: string, ledgerId: bigint): Promise<ReadLacResult> {
    return this.inner.readLac(bookieId, ledgerId);
  }
  writeLac(bookieId: string, ledgerId: bigint, lac: bigint, masterKey: Buffer, lacBlob: Buffer): Promise<void> {
    return this.inner.writeLac(bookieId, ledgerId, lac, masterKey, lacBlob);
  }
  forceLedger(bookieId: string, ledgerId: bigint): Promise<void> {
    return this.inner.forceLedger(bookieId, ledgerId);
  }
  longPollRead(bookieId: string, ledgerId: bigint, previousLac: bigint, timeoutMs: number, piggyback: boolean): Promise<LongPollResult> {
    return this.inner.longPollRead(bookieId, ledgerId, previousLac, timeoutMs, piggyback);
  }
  batchRead(bookieId: string, ledgerId: bigint, startEntryId: bigint, options: BatchReadOptions): Promise<Buffer[]> {
    this.count('batchRead', bookieId);
    if (this.failBatchReads) return Promise.reject(new QuireError(this.failBatchReads, `batch read refused by the test on ${bookieId}`));
    return this.inner.batchRead(bookieId, ledgerId, startEntryId, options);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** A quorum client over real TCP on a metadata service the caller owns, its bookie traffic counted. */
export function countedClient(service: MetadataService, config: Partial<ClientConfig>, protocol: 'v3' | 'v2' = 'v3'): { bk: BookKeeperClient; io: CountingBookieClient } {
  const registry = new RegistrationPort(service.registration);
  const io = new CountingBookieClient(new TcpBookieClient({ registry, protocol }));
  return { bk: new BookKeeperClient({ bookies: io, metadata: new LedgerManagerPort(service.ledgers), registry, config }), io };
}
