// Write cache: entries added since the last checkpoint, held in memory until the checkpoint
// writes them to an entry log sorted by (ledger, entry). Bounded by bytes; the owner checks
// hasRoom() before put(). Entry ids below 2^53 are keyed as numbers (cheaper Map keys).
//
// Entries are copied into 1 MiB slabs (the returned copy is a view into one): one ArrayBuffer per
// ~1000 small entries instead of one per few, which keeps the garbage collector's work per add
// low while the cache holds tens of thousands of entries. A slab is freed once nothing views it
// (the cache is dropped after its checkpoint and replies have been written).
export type EntryKey = number | bigint;

const SLAB_SIZE = 1024 * 1024;
/** Entries above this get a buffer of their own (a slab would waste too much of its tail). */
const SLAB_MAX_ENTRY = 64 * 1024;

function keyOf(entryId: bigint): EntryKey {
  return entryId <= 9007199254740991n ? Number(entryId) : entryId;
}

function cmp(a: EntryKey, b: EntryKey): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface LedgerEntries {
  readonly map: Map<EntryKey, Buffer>;
  last: EntryKey;
  /** Keys were inserted in ascending order (the usual case): no sort needed at flush. */
  ascending: boolean;
}

export class WriteCache {
  bytes = 0;
  count = 0;
  private readonly byLedger = new Map<bigint, LedgerEntries>();
  private slab: Buffer | undefined;
  private slabUsed = 0;

  constructor(readonly maxBytes: number) {}

  hasRoom(n: number): boolean {
    return this.bytes + n <= this.maxBytes;
  }

  /** Ids of the ledgers with entries in this cache. */
  ledgerIds(): IterableIterator<bigint> {
    return this.byLedger.keys();
  }

  /** Stores a copy of `entry` (replacing an earlier one) and returns the copy. */
  put(ledgerId: bigint, entryId: bigint, entry: Buffer): Buffer {
    const copy = this.copyIn(entry);
    const k = keyOf(entryId);
    let l = this.byLedger.get(ledgerId);
    if (l === undefined) {
      l = { map: new Map(), last: k, ascending: true };
      this.byLedger.set(ledgerId, l);
    } else if (k > l.last) {
      l.last = k;
    } else if (k !== l.last && !l.map.has(k)) {
      // A new id below the highest one: insertion order is no longer id order. (Replacing an
      // entry keeps its place in the Map, so it does not disturb the order.)
      l.ascending = false;
    }
    const old = l.map.get(k);
    if (old !== undefined) {
      this.bytes -= old.length;
      this.count--;
    }
    l.map.set(k, copy);
    this.bytes += copy.length;
    this.count++;
    return copy;
  }

  private copyIn(entry: Buffer): Buffer {
    const n = entry.length;
    if (n > SLAB_MAX_ENTRY) {
      const own = Buffer.allocUnsafeSlow(n);
      entry.copy(own);
      return own;
    }
    if (this.slab === undefined || this.slabUsed + n > this.slab.length) {
      // A cache smaller than a slab (tests, the simulation) gets a smaller one; never below the
      // largest entry a slab takes.
      this.slab = Buffer.allocUnsafeSlow(Math.min(SLAB_SIZE, Math.max(this.maxBytes, SLAB_MAX_ENTRY)));
      this.slabUsed = 0;
    }
    const start = this.slabUsed;
    this.slab.set(entry, start);
    this.slabUsed = start + n;
    return this.slab.subarray(start, start + n);
  }

  /** Drops every entry of a ledger (the garbage collector found it deleted). */
  deleteLedger(ledgerId: bigint): void {
    const l = this.byLedger.get(ledgerId);
    if (l === undefined) return;
    for (const b of l.map.values()) this.bytes -= b.length;
    this.count -= l.map.size;
    this.byLedger.delete(ledgerId);
  }

  get(ledgerId: bigint, entryId: bigint): Buffer | undefined {
    return this.byLedger.get(ledgerId)?.map.get(keyOf(entryId));
  }

  entryIds(ledgerId: bigint): bigint[] {
    const l = this.byLedger.get(ledgerId);
    return l ? [...l.map.keys()].map((k) => BigInt(k)) : [];
  }

  /** Ledger ids in ascending order. */
  sortedLedgerIds(): bigint[] {
    return [...this.byLedger.keys()].sort(cmp);
  }

  /** One ledger's entries as parallel arrays, in ascending entry id order. */
  sortedEntries(ledgerId: bigint): { keys: EntryKey[]; entries: Buffer[] } {
    const l = this.byLedger.get(ledgerId);
    if (l === undefined) return { keys: [], entries: [] };
    let keys = [...l.map.keys()];
    if (!l.ascending) keys = keys.sort(cmp);
    return { keys, entries: keys.map((k) => l.map.get(k)!) };
  }

  /**
   * One ledger's entries in ascending entry id order, without copying when they were added in
   * order (the Map's own insertion order then is id order). Only for a frozen cache: the Map must
   * not change while the caller iterates (across awaits).
   */
  entriesInOrder(ledgerId: bigint): Iterable<Buffer> {
    const l = this.byLedger.get(ledgerId);
    if (l === undefined) return [];
    return l.ascending ? l.map.values() : this.sortedEntries(ledgerId).entries;
  }
}
