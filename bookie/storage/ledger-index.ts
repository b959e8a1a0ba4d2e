// The ledger index seam: ledger storage keeps entry locations and ledger infos in a sorted
// key-value store (key layout in ledger-index-format.ts). Production uses LevelDB (classic-level,
// openLevelLedgerIndex). The seeded simulation cannot run LevelDB over its simulated disk, so it
// passes an in-memory index with the same crash rule ledger storage relies on: a batch written
// with sync=true is durable once write() resolves, and a crash before that loses the whole batch
// (test/quorum/sim/sim-ledger-index.ts; docs/simulation.md says what this does not model).
import { ClassicLevel } from 'classic-level';

/** Key range: gte inclusive, then lt (exclusive) or lte (inclusive). */
export interface IndexRange {
  readonly gte: Buffer;
  readonly lt?: Buffer;
  readonly lte?: Buffer;
  /** At most this many results. */
  readonly limit?: number;
}

export interface LedgerIndexBatch {
  put(key: Buffer, value: Buffer): void;
  del(key: Buffer): void;
  /** Operations queued so far. */
  readonly length: number;
  /** Applies the batch atomically; with sync, durably before resolving. */
  write(options: { sync: boolean }): Promise<void>;
}

export interface LedgerIndex {
  /** The value, or undefined when the key is absent. */
  get(key: Buffer): Promise<Buffer | undefined>;
  /** The values of `keys`, in order (undefined for an absent key). */
  getMany(keys: Buffer[]): Promise<Array<Buffer | undefined>>;
  /** Keys in the range, ascending. */
  keys(range: IndexRange): AsyncIterable<Buffer>;
  /** Key-value pairs in the range, ascending. */
  entries(range: IndexRange): AsyncIterable<[Buffer, Buffer]>;
  /**
   * The same pairs as entries(range), collected in one call (LevelDB: one iterator read instead of
   * one per pair; give a limit). Optional: ledger storage falls back to entries().
   */
  entryList?(range: IndexRange): Promise<Array<[Buffer, Buffer]>>;
  batch(): LedgerIndexBatch;
  close(): Promise<void>;
}

/** Opens (creating if needed) the index stored in `dir`. */
export type OpenLedgerIndex = (dir: string) => Promise<LedgerIndex>;

export const openLevelLedgerIndex: OpenLedgerIndex = async (dir) => {
  const db = new ClassicLevel<Buffer, Buffer>(dir, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
  await db.open();
  return {
    get: (key) => db.get(key),
    getMany: (keys) => db.getMany(keys),
    keys: (range) => db.keys(range),
    entries: (range) => db.iterator(range),
    entryList: (range) => db.iterator(range).all(),
    batch: () => {
      const b = db.batch();
      return {
        put: (key, value) => void b.put(key, value),
        del: (key) => void b.del(key),
        get length() {
          return b.length;
        },
        write: (options) => b.write(options),
      };
    },
    close: () => db.close(),
  };
};
