// The simulation's ledger index (bookie/storage/ledger-index.ts): an in-memory sorted map kept on
// the simulated disk, with LevelDB's crash rule as ledger storage uses it. A batch written with
// sync=true becomes durable, atomically, when write() resolves (after one disk latency); a batch
// without sync is applied but stays volatile until the next synced one; a power loss keeps the
// durable map only. Not modelled: LevelDB's own files, compaction, or corruption of the index
// (docs/simulation.md).
import type { IndexRange, LedgerIndex, LedgerIndexBatch, OpenLedgerIndex } from '../../../bookie/storage/ledger-index.js';
import type { Mount, SimDisk } from './sim-disk.js';

interface Store {
  durable: Map<string, Buffer>;
  /** The live map of the process that has the index open (durable plus unsynced batches). */
  live: Map<string, Buffer> | undefined;
}

const hex = (b: Buffer): string => b.toString('hex');

function inRange(k: string, r: IndexRange): boolean {
  if (k < hex(r.gte)) return false;
  if (r.lt !== undefined && k >= hex(r.lt)) return false;
  if (r.lte !== undefined && k > hex(r.lte)) return false;
  return true;
}

/** Opens indexes on `disk` for the process behind `mount`. */
export function simLedgerIndexOpener(disk: SimDisk, mount: Mount): OpenLedgerIndex {
  return async (dir) => {
    let store = disk.indexes.get(dir) as Store | undefined;
    if (!store) {
      store = { durable: new Map(), live: undefined };
      disk.indexes.set(dir, store);
    }
    // A new process sees what survived: the durable map (after a kill without power loss, LevelDB's
    // unsynced log would survive too; ledger storage only writes synced batches, so they agree).
    const s = store;
    const live = new Map(s.durable);
    s.live = live;
    await disk.after(mount, 0, () => undefined);
    const sorted = (r: IndexRange): [string, Buffer][] => {
      const all = [...live.entries()].filter(([k]) => inRange(k, r)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return r.limit === undefined ? all : all.slice(0, r.limit);
    };
    const index: LedgerIndex = {
      get: (key) => disk.after(mount, 0, () => live.get(hex(key))),
      getMany: (keys) => disk.after(mount, 0, () => keys.map((k) => live.get(hex(k)))),
      async *keys(range) {
        for (const [k] of sorted(range)) yield Buffer.from(k, 'hex');
      },
      async *entries(range) {
        for (const [k, v] of sorted(range)) yield [Buffer.from(k, 'hex'), v] as [Buffer, Buffer];
      },
      batch(): LedgerIndexBatch {
        const ops: [string, Buffer | undefined][] = [];
        return {
          put: (key, value) => void ops.push([hex(key), Buffer.from(value)]),
          del: (key) => void ops.push([hex(key), undefined]),
          get length() {
            return ops.length;
          },
          write: ({ sync }) =>
            disk.after(mount, sync ? disk.latency() : 0, () => {
              for (const [k, v] of ops) {
                if (v === undefined) live.delete(k);
                else live.set(k, v);
              }
              if (sync) s.durable = new Map(live);
            }),
        };
      },
      close: () => disk.after(mount, 0, () => undefined),
    };
    return index;
  };
}
