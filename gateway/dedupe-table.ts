// Exactly-once bookkeeping for one ledger: which (producer, sequence) pairs were appended, at which
// entry. Bounded: the oldest pairs are forgotten first, and for each producer the highest forgotten
// sequence is kept as a floor, so a retry of a forgotten pair is refused (SEQUENCE_CONFLICT) rather
// than written twice. The table is rebuilt from the ledger's entry envelopes after a failover.

export type DedupeLookup =
  | { readonly kind: 'new' }
  | { readonly kind: 'hit'; readonly entryId: bigint }
  | { readonly kind: 'forgotten'; readonly floor: bigint };

const keyOf = (producerId: string, sequence: bigint) => `${producerId}\u0000${sequence}`;

export class DedupeTable {
  /** producer\0seq -> entry id, oldest first (Map keeps insertion order). */
  private readonly entries = new Map<string, bigint>();
  /** producer -> highest sequence forgotten; also bounded (oldest producer first). */
  private readonly floors = new Map<string, bigint>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  lookup(producerId: string, sequence: bigint): DedupeLookup {
    const hit = this.entries.get(keyOf(producerId, sequence));
    if (hit !== undefined) return { kind: 'hit', entryId: hit };
    const floor = this.floors.get(producerId);
    if (floor !== undefined && sequence <= floor) return { kind: 'forgotten', floor };
    return { kind: 'new' };
  }

  record(producerId: string, sequence: bigint, entryId: bigint): void {
    this.entries.set(keyOf(producerId, sequence), entryId);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
      const sep = oldest.indexOf('\u0000');
      const p = oldest.slice(0, sep);
      const s = BigInt(oldest.slice(sep + 1));
      const f = this.floors.get(p);
      if (f === undefined || s > f) {
        this.floors.delete(p);
        this.floors.set(p, s);
      }
      if (this.floors.size > this.capacity) this.floors.delete(this.floors.keys().next().value as string);
    }
  }
}
