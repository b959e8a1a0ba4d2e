// Which bookies form a new ensemble, and which bookie replaces a failed one. Random by default
// (BookKeeper's DefaultEnsemblePlacementPolicy); rack-aware spreads an ensemble over racks.
import { QuireError } from '../../../common/errors.js';

export interface PlacementPolicy {
  /** Picks ensembleSize distinct bookies from candidates, never one in excluded. */
  newEnsemble(ensembleSize: number, candidates: readonly string[], excluded: ReadonlySet<string>): string[];
  /** Picks a bookie for ensemble[index], not in the ensemble and not excluded. */
  replaceBookie(ensemble: readonly string[], index: number, candidates: readonly string[], excluded: ReadonlySet<string>): string;
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

function notEnough(need: number, have: number): QuireError {
  return new QuireError('NOT_ENOUGH_BOOKIES', `need ${need} writable bookies, ${have} available`);
}

export class RandomPlacementPolicy implements PlacementPolicy {
  constructor(private readonly random: () => number = Math.random) {}

  newEnsemble(ensembleSize: number, candidates: readonly string[], excluded: ReadonlySet<string>): string[] {
    const pool = [...new Set(candidates)].filter((b) => !excluded.has(b)).sort();
    if (pool.length < ensembleSize) throw notEnough(ensembleSize, pool.length);
    return shuffled(pool, this.random).slice(0, ensembleSize);
  }

  replaceBookie(ensemble: readonly string[], _index: number, candidates: readonly string[], excluded: ReadonlySet<string>): string {
    const inUse = new Set(ensemble);
    const pool = [...new Set(candidates)].filter((b) => !excluded.has(b) && !inUse.has(b)).sort();
    if (pool.length === 0) throw notEnough(1, 0);
    return pool[Math.floor(this.random() * pool.length)]!;
  }
}

/**
 * Spreads an ensemble over as many racks as possible (round-robin over shuffled racks), and
 * prefers a replacement on a rack the rest of the ensemble does not use. rackOf returns the rack
 * of a bookie ("/default-rack" when unknown).
 */
export class RackAwarePlacementPolicy implements PlacementPolicy {
  constructor(
    private readonly rackOf: (bookieId: string) => string,
    private readonly random: () => number = Math.random,
  ) {}

  newEnsemble(ensembleSize: number, candidates: readonly string[], excluded: ReadonlySet<string>): string[] {
    const pool = [...new Set(candidates)].filter((b) => !excluded.has(b)).sort();
    if (pool.length < ensembleSize) throw notEnough(ensembleSize, pool.length);
    const byRack = new Map<string, string[]>();
    for (const b of shuffled(pool, this.random)) {
      const r = this.rackOf(b);
      let list = byRack.get(r);
      if (!list) byRack.set(r, (list = []));
      list.push(b);
    }
    const racks = shuffled([...byRack.keys()].sort(), this.random).map((r) => byRack.get(r)!);
    const out: string[] = [];
    while (out.length < ensembleSize) {
      for (const list of racks) {
        const b = list.shift();
        if (b !== undefined && out.length < ensembleSize) out.push(b);
      }
    }
    return out;
  }

  replaceBookie(ensemble: readonly string[], index: number, candidates: readonly string[], excluded: ReadonlySet<string>): string {
    const inUse = new Set(ensemble);
    const pool = [...new Set(candidates)].filter((b) => !excluded.has(b) && !inUse.has(b)).sort();
    if (pool.length === 0) throw notEnough(1, 0);
    const usedRacks = new Set(ensemble.filter((_, i) => i !== index).map((b) => this.rackOf(b)));
    const fresh = pool.filter((b) => !usedRacks.has(this.rackOf(b)));
    const from = fresh.length > 0 ? fresh : pool;
    return from[Math.floor(this.random() * from.length)]!;
  }
}
