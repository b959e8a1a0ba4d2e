// Exactly-once bookkeeping for one ledger: which (producer, sequence) pairs were appended, at which
// entry. Bounded: the oldest pairs are forgotten first, and for each producer the highest forgotten
// sequence is kept as a floor, so a retry of a forgotten pair is refused (SEQUENCE_CONFLICT) rather
// than written twice. The table is rebuilt from the ledger's entry envelopes after a failover.

export type DedupeLookup =
  | { readonly kind: 'new' }
  | { readonly kind: 'hit'; readonly entryId: bigint }
  | { readonly kind: 'forgotten'; readonly floor: bigint };

const keyOf = (producerId: string, sequence: bigint) => `${producerId}\u0000${sequence}`;

/**
 * Bytes one remembered pair is charged: its key string (UTF-16, 2 bytes a unit) plus the Map entry
 * and bigint around it. An estimate of V8's layout, deliberately on the high side.
 */
export function pairBytes(key: string): number {
  return 2 * key.length + 64;
}

export class DedupeTable {
  /** producer\0seq -> entry id, oldest first (Map keeps insertion order). */
  private readonly entries = new Map<string, bigint>();
  /** producer -> highest sequence forgotten; also bounded (oldest producer first). */
  private readonly floors = new Map<string, bigint>();
  private entryBytes = 0;
  private floorBytes = 0;

  /**
   * @param capacity pairs remembered at most
   * @param maxBytes bytes of pairs and floors at most (pairBytes each): long producer ids cannot
   *   make the table grow past it; the oldest pairs are forgotten first either way
   */
  constructor(
    private readonly capacity: number,
    private readonly maxBytes = Number.MAX_SAFE_INTEGER,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Bytes charged for what the table holds now (at most maxBytes). */
  get bytes(): number {
    return this.entryBytes + this.floorBytes;
  }

  lookup(producerId: string, sequence: bigint): DedupeLookup {
    const hit = this.entries.get(keyOf(producerId, sequence));
    if (hit !== undefined) return { kind: 'hit', entryId: hit };
    const floor = this.floors.get(producerId);
    if (floor !== undefined && sequence <= floor) return { kind: 'forgotten', floor };
    return { kind: 'new' };
  }

  record(producerId: string, sequence: bigint, entryId: bigint): void {
    const key = keyOf(producerId, sequence);
    if (!this.entries.has(key)) this.entryBytes += pairBytes(key);
    this.entries.set(key, entryId);
    while (this.entries.size > 0 && (this.entries.size > this.capacity || this.bytes > this.maxBytes)) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
      this.entryBytes -= pairBytes(oldest);
      const sep = oldest.indexOf('\u0000');
      const p = oldest.slice(0, sep);
      const s = BigInt(oldest.slice(sep + 1));
      const f = this.floors.get(p);
      if (f === undefined || s > f) {
        if (f === undefined) this.floorBytes += pairBytes(p);
        this.floors.delete(p);
        this.floors.set(p, s);
      }
      // Floors are bounded too (oldest producer first): a floor forgotten weakens only that
      // producer's protection for pairs already forgotten, never a remembered one.
      while (this.floors.size > 0 && (this.floors.size > this.capacity || this.floorBytes > this.maxBytes / 4)) {
        const old = this.floors.keys().next().value as string;
        this.floors.delete(old);
        this.floorBytes -= pairBytes(old);
      }
    }
  }
}
