// The read-ahead cache (BookKeeper's DbLedgerStorage ReadCache, dbStorage_readAheadCacheMaxSizeMb
// and dbStorage_readAheadCacheBatchSize): when a read has to go to an entry log, the next
// batchSize entries of the same ledger are read behind it, so a reader catching up sequentially
// finds them in memory instead of paying a disk read per entry.
//
// Bounded by bytes (oldest inserted evicted first). Consistency: the write caches are always
// consulted first, and an entry written again (re-add, recovery) is dropped from here when it is
// put, so a cached copy is never older than what the index points at; a ledger removed by GC is
// dropped with invalidateLedger.
export interface ReadAheadStats {
  hits: number;
  misses: number;
  /** Read-ahead batches run (BookKeeper's readahead_batch_count). */
  batches: number;
  /** Entries read ahead. */
  entriesRead: number;
}

function key(ledgerId: bigint, entryId: bigint): string {
  return `${ledgerId}/${entryId}`;
}

export class ReadAheadCache {
  private readonly entries = new Map<string, Buffer>();
  private bytesHeld = 0;
  /** Ledgers with a read-ahead batch in flight (one per ledger at a time), and its first entry. */
  private readonly inFlight = new Map<bigint, { readonly from: bigint; readonly done: Promise<void> }>();
  readonly stats: ReadAheadStats = { hits: 0, misses: 0, batches: 0, entriesRead: 0 };

  constructor(
    readonly maxBytes: number,
    readonly batchSize: number,
  ) {}

  get enabled(): boolean {
    return this.maxBytes > 0 && this.batchSize > 0;
  }

  get bytes(): number {
    return this.bytesHeld;
  }

  get(ledgerId: bigint, entryId: bigint): Buffer | undefined {
    const b = this.entries.get(key(ledgerId, entryId));
    if (b === undefined) this.stats.misses++;
    else this.stats.hits++;
    return b;
  }

  /** Whether the entry is cached (not counted as a hit or miss). */
  has(ledgerId: bigint, entryId: bigint): boolean {
    return this.entries.has(key(ledgerId, entryId));
  }

  put(ledgerId: bigint, entryId: bigint, entry: Buffer): void {
    if (entry.length > this.maxBytes) return;
    const k = key(ledgerId, entryId);
    this.drop(k);
    this.entries.set(k, entry);
    this.bytesHeld += entry.length;
    // Map iteration is insertion order: the first keys are the oldest.
    for (const [old, b] of this.entries) {
      if (this.bytesHeld <= this.maxBytes) break;
      this.entries.delete(old);
      this.bytesHeld -= b.length;
    }
  }

  /** Forgets an entry (it is being written again). */
  invalidate(ledgerId: bigint, entryId: bigint): void {
    if (this.entries.size > 0) this.drop(key(ledgerId, entryId));
  }

  invalidateLedger(ledgerId: bigint): void {
    const prefix = `${ledgerId}/`;
    for (const k of [...this.entries.keys()]) if (k.startsWith(prefix)) this.drop(k);
  }

  clear(): void {
    this.entries.clear();
    this.bytesHeld = 0;
  }

  /**
   * Runs `fill` (reading entries from `from` on) unless a batch for the ledger is running. The
   * caller's read does not wait for it.
   */
  readAhead(ledgerId: bigint, from: bigint, fill: () => Promise<void>): void {
    if (!this.enabled || this.inFlight.has(ledgerId)) return;
    this.stats.batches++;
    const done = fill()
      .catch(() => undefined) // a failed read-ahead costs nothing: the reader reads for itself
      .finally(() => this.inFlight.delete(ledgerId));
    this.inFlight.set(ledgerId, { from, done });
  }

  /**
   * The running batch of the ledger when it may be reading `entryId` (it reads at most batchSize
   * entries from its first): a reader waits for it rather than read the same bytes again.
   */
  pending(ledgerId: bigint, entryId: bigint): Promise<void> | undefined {
    const f = this.inFlight.get(ledgerId);
    return f !== undefined && entryId >= f.from && entryId < f.from + BigInt(this.batchSize) ? f.done : undefined;
  }

  /** Resolves when no read-ahead batch runs (tests, close). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight.values()].map((f) => f.done));
  }

  private drop(k: string): void {
    const b = this.entries.get(k);
    if (b === undefined) return;
    this.entries.delete(k);
    this.bytesHeld -= b.length;
  }
}
