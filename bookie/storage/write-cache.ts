// Write cache: entries added since the last checkpoint, held in memory until the checkpoint
// writes them to an entry log sorted by (ledger, entry). Bounded by bytes; the owner checks
// hasRoom() before put(). Entry ids below 2^53 are keyed as numbers (cheaper Map keys).
export type EntryKey = number | bigint;

function keyOf(entryId: bigint): EntryKey {
  return entryId <= 9007199254740991n ? Number(entryId) : entryId;
}

function cmp(a: EntryKey, b: EntryKey): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class WriteCache {
  bytes = 0;
  count = 0;
  readonly ledgers = new Map<bigint, Map<EntryKey, Buffer>>();

  constructor(readonly maxBytes: number) {}

  hasRoom(n: number): boolean {
    return this.bytes + n <= this.maxBytes;
  }

  /** Stores `entry` (the caller passes a buffer it owns); replaces an earlier copy. */
  put(ledgerId: bigint, entryId: bigint, entry: Buffer): void {
    let m = this.ledgers.get(ledgerId);
    if (m === undefined) {
      m = new Map();
      this.ledgers.set(ledgerId, m);
    }
    const k = keyOf(entryId);
    const old = m.get(k);
    if (old !== undefined) {
      this.bytes -= old.length;
      this.count--;
    }
    m.set(k, entry);
    this.bytes += entry.length;
    this.count++;
  }

  get(ledgerId: bigint, entryId: bigint): Buffer | undefined {
    return this.ledgers.get(ledgerId)?.get(keyOf(entryId));
  }

  entryIds(ledgerId: bigint): bigint[] {
    const m = this.ledgers.get(ledgerId);
    return m ? [...m.keys()].map((k) => BigInt(k)) : [];
  }

  /** Visits every entry sorted by ledger id, then entry id. */
  forEachSorted(fn: (ledgerId: bigint, entryId: bigint, entry: Buffer) => void): void {
    const ids = [...this.ledgers.keys()].sort(cmp);
    for (const lid of ids) {
      const m = this.ledgers.get(lid)!;
      const keys = [...m.keys()].sort(cmp);
      for (const k of keys) fn(lid, BigInt(k), m.get(k)!);
    }
  }
}
