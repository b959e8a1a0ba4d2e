// Per-handle read choices, as BookKeeper's LedgerHandle keeps them: which bookie a read asks first
// (the entry's write set, or the sticky bookie: getWriteSetForReadOperation,
// recordReadErrorOnBookie, EnsemblePlacementPolicy.getStickyReadBookieIndex) and whether range
// reads may use batch reads (notSupportBatchRead).
import type { ClientConfig } from '../client-config.js';
import { writeSet } from '../ensemble/distribution-schedule.js';
import { segmentFor } from '../ensemble/ensemble-change.js';
import type { LedgerMetadata } from '../ledger-metadata-port.js';

export class ReadPolicy {
  /** Ensemble index every read asks first; -1: sticky reads are off for this handle. */
  private stickyIndex: number;
  /** A batch read found no bookie that would serve it (BookKeeper's notSupportBatch): single reads from now on. */
  private batchRefused = false;

  constructor(
    private readonly config: Pick<ClientConfig, 'batchReadEnabled' | 'stickyReadsEnabled'>,
    metadata: LedgerMetadata,
    random: () => number,
  ) {
    // Only when every bookie holds every entry (E == Qw) does one bookie have all of them.
    this.stickyIndex = config.stickyReadsEnabled && metadata.ensembleSize === metadata.writeQuorumSize ? Math.floor(random() * metadata.ensembleSize) % metadata.ensembleSize : -1;
  }

  get sticky(): number {
    return this.stickyIndex;
  }

  /** Bookie ids to ask for entryId, in order: its write set, started at the sticky bookie when there is one. */
  replicasFor(m: LedgerMetadata, entryId: bigint): string[] {
    const ensemble = segmentFor(m.segments, entryId).bookies;
    const first = this.stickyIndex >= 0 ? BigInt(this.stickyIndex) : entryId;
    return writeSet(first, m.ensembleSize, m.writeQuorumSize).map((i) => ensemble[i]!);
  }

  /** Any read error from a bookie (no entry, digest mismatch, I/O, timeout) moves the sticky bookie past it. */
  recordReadError(m: LedgerMetadata, entryId: bigint, bookieId: string): void {
    if (this.stickyIndex < 0) return;
    const i = segmentFor(m.segments, entryId).bookies.indexOf(bookieId);
    if (i >= 0) this.stickyIndex = (i + 1) % m.ensembleSize;
  }

  /** BookKeeper batches only with batchReadEnabled, while no bookie refused, and when E == Qw. */
  batchAllowed(m: LedgerMetadata): boolean {
    return this.config.batchReadEnabled && !this.batchRefused && m.ensembleSize === m.writeQuorumSize;
  }

  /** Every replica failed a batch read with BOOKIE_UNAVAILABLE: how a bookie without batch reads answers. */
  refuseBatches(): void {
    this.batchRefused = true;
  }
}
