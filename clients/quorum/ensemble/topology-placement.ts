// Rack-aware and region-aware placement (BookKeeper's RackawareEnsemblePlacementPolicy and
// RegionAwareEnsemblePlacementPolicy). Their goal is BookKeeper's: with round-robin striping, every
// write quorum — the Qw consecutive ensemble indexes (mod E) of distribution-schedule.ts — spans at
// least min(Qw, minNumRacksPerWriteQuorum) racks, and (region-aware) no region holds an ack quorum
// of one write quorum. BookKeeper reaches it with a greedy walk that can miss a layout that exists;
// here a bounded depth-first search over racks finds one whenever it exists (within
// PLACEMENT_SEARCH_NODES steps), preferring racks (and regions) the ensemble uses least, so an
// ensemble spreads over as many racks as there are. Without enforceMinNumRacksPerWriteQuorum a
// layout that cannot meet the minimum gets the best one can (fewer racks per write quorum), as
// BookKeeper falls back to random; with it, ensemble creation and replacement fail with
// NOT_ENOUGH_BOOKIES (BKNotEnoughBookiesException) and default-rack bookies are never chosen.
import { QuireError } from '../../../common/errors.js';
import type { QuorumSizes } from './distribution-schedule.js';
import type { BookieLocationResolver } from './network-topology.js';
import { eligible, notEnoughBookies, type PlacementPolicy, type PlacementPolicyAdherence, shuffled } from './placement-policy.js';

/** Steps of the search for one ensemble before it counts a minimum as unreachable. */
export const PLACEMENT_SEARCH_NODES = 50_000;

export interface TopologyPlacementOptions {
  readonly resolver: BookieLocationResolver;
  /** BookKeeper's minNumRacksPerWriteQuorum (default 2). */
  readonly minNumRacksPerWriteQuorum: number;
  /** BookKeeper's enforceMinNumRacksPerWriteQuorum (default false). */
  readonly enforceMinNumRacksPerWriteQuorum: boolean;
  readonly random?: () => number;
}

interface Located {
  readonly bookie: string;
  /** The full network location ("/rack" or "/region/rack"): the rack a write quorum counts. */
  readonly rack: string;
  readonly region: string;
}

/** What every write quorum must satisfy. */
interface WindowRule {
  readonly minRacks: number;
  /** Region durability: the largest `regions` region counts of a write quorum sum to at most `limit`. */
  readonly regionLimit?: { readonly regions: number; readonly limit: number } | undefined;
}

/** Can a write quorum holding `members`, with `unassigned` places still open, satisfy the rule? */
function windowOk(members: readonly Located[], unassigned: number, rule: WindowRule): boolean {
  if (new Set(members.map((m) => m.rack)).size + unassigned < rule.minRacks) return false;
  if (rule.regionLimit) {
    const counts = new Map<string, number>();
    for (const m of members) counts.set(m.region, (counts.get(m.region) ?? 0) + 1);
    const top = [...counts.values()].sort((a, b) => b - a).slice(0, rule.regionLimit.regions);
    if (top.reduce((s, c) => s + c, 0) > rule.regionLimit.limit) return false;
  }
  return true;
}

/** Start indexes of the write quorums (windows of Qw consecutive indexes mod E) holding index p. */
function windowsHolding(p: number, e: number, w: number): number[] {
  const starts = new Set<number>();
  for (let j = 0; j < w; j++) starts.add((p - j + e) % e);
  return [...starts];
}

/** Every write quorum of the ensemble, as lists of indexes (one per start). */
export function writeQuorums(ensembleSize: number, writeQuorumSize: number): number[][] {
  const out: number[][] = [];
  for (let s = 0; s < ensembleSize; s++) out.push(Array.from({ length: writeQuorumSize }, (_, i) => (s + i) % ensembleSize));
  return out;
}

interface RackGroup {
  readonly rack: string;
  readonly region: string;
  readonly bookies: string[];
  free: number;
  used: number;
  readonly tie: number;
}

/**
 * Depth-first over ensemble indexes 0..E-1, a rack for each, checking each write quorum as its
 * members are placed. Returns the rack group per index, or null (no layout, or the step budget spent).
 */
function searchLayout(q: QuorumSizes, groups: RackGroup[], rule: WindowRule, regionFirst: boolean): RackGroup[] | null {
  const e = q.ensembleSize;
  const w = q.writeQuorumSize;
  const layout: RackGroup[] = [];
  const regionUse = new Map<string, number>();
  let steps = 0;
  const fits = (p: number): boolean => {
    for (const s of windowsHolding(p, e, w)) {
      const members: Located[] = [];
      let open = 0;
      for (let i = 0; i < w; i++) {
        const idx = (s + i) % e;
        const g = idx <= p ? layout[idx]! : undefined;
        if (g) members.push({ bookie: '', rack: g.rack, region: g.region });
        else open++;
      }
      if (!windowOk(members, open, rule)) return false;
    }
    return true;
  };
  const dfs = (p: number): boolean => {
    if (p === e) return true;
    if (++steps > PLACEMENT_SEARCH_NODES) return false;
    const order = groups
      .filter((g) => g.free > 0)
      .sort((a, b) => {
        const ra = regionUse.get(a.region) ?? 0;
        const rb = regionUse.get(b.region) ?? 0;
        if (regionFirst && ra !== rb) return ra - rb;
        return a.used - b.used || (regionFirst ? 0 : ra - rb) || b.free - a.free || a.tie - b.tie;
      });
    for (const g of order) {
      layout[p] = g;
      g.free--;
      g.used++;
      regionUse.set(g.region, (regionUse.get(g.region) ?? 0) + 1);
      if (fits(p) && dfs(p + 1)) return true;
      g.free++;
      g.used--;
      regionUse.set(g.region, regionUse.get(g.region)! - 1);
      if (steps > PLACEMENT_SEARCH_NODES) return false;
    }
    layout.length = p;
    return false;
  };
  return dfs(0) ? layout.slice() : null;
}

/** Rack-aware placement; the base of region-aware (which adds the region rule). */
export class RackawarePlacementPolicy implements PlacementPolicy {
  protected readonly random: () => number;

  constructor(protected readonly opts: TopologyPlacementOptions) {
    if (!Number.isInteger(opts.minNumRacksPerWriteQuorum) || opts.minNumRacksPerWriteQuorum < 1) {
      throw new QuireError('CONFIG_INVALID', `minNumRacksPerWriteQuorum must be an integer >= 1, got ${opts.minNumRacksPerWriteQuorum}`);
    }
    this.random = opts.random ?? Math.random;
  }

  protected regionOf(location: string): string {
    return location;
  }

  /** The region rule for this many available regions (none for rack-aware). */
  protected regionRule(_q: QuorumSizes, _regions: number): WindowRule['regionLimit'] {
    return undefined;
  }

  protected validate(_q: QuorumSizes): void {}

  private async locate(bookies: readonly string[]): Promise<Map<string, Located>> {
    const locs = await this.opts.resolver.resolve(bookies);
    const out = new Map<string, Located>();
    for (const b of bookies) {
      const rack = locs.get(b) ?? this.opts.resolver.defaultLocation;
      out.set(b, { bookie: b, rack, region: this.regionOf(rack) });
    }
    return out;
  }

  /** Candidates, minus default-rack bookies when the minimum is enforced (BookKeeper excludes them). */
  private usable(pool: readonly string[], located: ReadonlyMap<string, Located>): string[] {
    if (!this.opts.enforceMinNumRacksPerWriteQuorum) return pool.slice();
    return pool.filter((b) => located.get(b)!.rack !== this.opts.resolver.defaultLocation);
  }

  private minRacks(q: QuorumSizes): number {
    return Math.min(q.writeQuorumSize, this.opts.minNumRacksPerWriteQuorum);
  }

  /**
   * BookKeeper's rack-aware isEnsembleAdheringToPlacementPolicy: FAIL when a write quorum (Qw
   * consecutive indexes mod E) spans fewer than min(Qw, minNumRacksPerWriteQuorum) racks, or, with
   * enforceMinNumRacksPerWriteQuorum, holds a default-rack bookie; else MEETS_STRICT. Region-aware
   * inherits it (BookKeeper's region-aware check, with its MEETS_SOFT, is not reproduced).
   */
  async isEnsembleAdheringToPlacementPolicy(ensemble: readonly string[], q: Pick<QuorumSizes, 'writeQuorumSize' | 'ackQuorumSize'>): Promise<PlacementPolicyAdherence> {
    if (ensemble.length === 0) return 'FAIL';
    const located = await this.locate([...new Set(ensemble)]);
    const m = Math.min(q.writeQuorumSize, this.opts.minNumRacksPerWriteQuorum);
    for (let i = 0; i < ensemble.length; i++) {
      const racks = new Set<string>();
      for (let j = 0; j < q.writeQuorumSize; j++) racks.add(located.get(ensemble[(i + j) % ensemble.length]!)!.rack);
      if (racks.size < m || (this.opts.enforceMinNumRacksPerWriteQuorum && racks.has(this.opts.resolver.defaultLocation))) return 'FAIL';
    }
    return 'MEETS_STRICT';
  }

  async newEnsemble(q: QuorumSizes, candidates: readonly string[], excluded: ReadonlySet<string>): Promise<string[]> {
    this.validate(q);
    const all = eligible(candidates, excluded);
    const located = await this.locate(all);
    const pool = this.usable(all, located);
    if (pool.length < q.ensembleSize) {
      throw notEnoughBookies(`need ${q.ensembleSize} writable bookies, ${pool.length} available${pool.length < all.length ? ' outside the default rack' : ''}`);
    }
    const byRack = new Map<string, RackGroup>();
    for (const b of shuffled(pool, this.random)) {
      const l = located.get(b)!;
      let g = byRack.get(l.rack);
      if (!g) byRack.set(l.rack, (g = { rack: l.rack, region: l.region, bookies: [], free: 0, used: 0, tie: this.random() }));
      g.bookies.push(b);
      g.free++;
    }
    const groups = [...byRack.values()];
    const m = this.minRacks(q);
    const enforce = this.opts.enforceMinNumRacksPerWriteQuorum;
    if (groups.length < 2 && enforce && m > 1) throw notEnoughBookies(`only one rack available (${groups[0]?.rack ?? 'none'}) and minNumRacksPerWriteQuorum=${m} is enforced`);
    const regionLimit = this.regionRule(q, new Set(groups.map((g) => g.region)).size);
    for (let target = m; target >= (enforce ? m : 1); target--) {
      for (const g of groups) {
        g.free = g.bookies.length;
        g.used = 0;
      }
      const layout = searchLayout(q, groups, { minRacks: target, regionLimit }, regionLimit !== undefined);
      if (layout) {
        const next = new Map(groups.map((g) => [g, 0]));
        return layout.map((g) => {
          const i = next.get(g)!;
          next.set(g, i + 1);
          return g.bookies[i]!;
        });
      }
    }
    const wants = [
      ...(enforce ? [`every write quorum of ${q.writeQuorumSize} on ${m} racks (enforceMinNumRacksPerWriteQuorum)`] : []),
      ...(regionLimit ? [`no ack quorum (${q.ackQuorumSize}) of a write quorum within ${regionLimit.regions} region(s)`] : []),
    ];
    throw notEnoughBookies(`no ensemble of ${q.ensembleSize} from ${pool.length} bookies on ${groups.length} racks has ${wants.join(' and ')}`);
  }

  async replaceBookie(q: QuorumSizes, currentEnsemble: readonly string[], bookieToReplace: string, candidates: readonly string[], excluded: ReadonlySet<string>): Promise<string> {
    const all = eligible(candidates, excluded, new Set(currentEnsemble), new Set([bookieToReplace]));
    const located = await this.locate([...new Set([...all, ...currentEnsemble, bookieToReplace])]);
    const pool = this.usable(all, located);
    if (pool.length === 0) throw notEnoughBookies(`no writable bookie outside the ensemble${all.length > 0 ? ' and the default rack' : ''} to replace ${bookieToReplace}`);
    const index = currentEnsemble.indexOf(bookieToReplace);
    const m = this.minRacks(q);
    const e = currentEnsemble.length;
    const w = Math.min(q.writeQuorumSize, e);
    const regionLimit = this.regionRule(q, new Set([...located.values()].map((l) => l.region)).size);
    const windows = index < 0 ? [] : windowsHolding(index, e, w).map((s) => Array.from({ length: w }, (_, i) => (s + i) % e));
    const others = (win: number[]) => win.filter((i) => i !== index).map((i) => located.get(currentEnsemble[i]!)!);
    // Region durability is kept unless the rest of the ensemble already breaks it (BookKeeper's
    // "anomalous ensemble", where it stops enforcing durability for this replacement).
    const regionEnforced = regionLimit !== undefined && windows.every((win) => windowOk(others(win), 1, { minRacks: 0, regionLimit }));
    const scored = pool.map((b) => {
      const me = located.get(b)!;
      let racks = m;
      let regionOk = true;
      for (const win of windows) {
        const members = [...others(win), me];
        racks = Math.min(racks, new Set(members.map((x) => x.rack)).size);
        if (regionLimit && !windowOk(members, 0, { minRacks: 0, regionLimit })) regionOk = false;
      }
      return { b, me, racks, regionOk };
    });
    let best = regionEnforced ? scored.filter((s) => s.regionOk) : scored;
    if (best.length === 0) throw notEnoughBookies(`no bookie can replace ${bookieToReplace} keeping an ack quorum (${q.ackQuorumSize}) of each write quorum out of any ${regionLimit!.regions} region(s)`);
    const top = Math.max(...best.map((s) => s.racks));
    if (this.opts.enforceMinNumRacksPerWriteQuorum && top < m) {
      throw notEnoughBookies(`no bookie can replace ${bookieToReplace} with every write quorum on ${m} racks (enforceMinNumRacksPerWriteQuorum)`);
    }
    best = best.filter((s) => s.racks === top);
    // Among equals, BookKeeper's order: the replaced bookie's rack (nothing about the layout
    // changes), then its region, then a rack the ensemble does not use yet.
    const gone = located.get(bookieToReplace)!;
    const used = new Set(currentEnsemble.filter((x) => x !== bookieToReplace).map((x) => located.get(x)!.rack));
    const rank = (s: (typeof best)[number]) => (s.me.rack === gone.rack ? 0 : s.me.region === gone.region && gone.region !== gone.rack ? 1 : !used.has(s.me.rack) ? 2 : 3);
    const first = Math.min(...best.map(rank));
    const pick = best.filter((s) => rank(s) === first);
    return pick[Math.floor(this.random() * pick.length)]!.b;
  }
}

/**
 * Region-aware: locations are "/region/rack"; the region is the first part. With two or more
 * regions available, no region may hold an ack quorum of a write quorum (more exactly BookKeeper's
 * rule: the bookies of a write quorum in any reppMinimumRegionsForDurability-1 regions are fewer
 * than Qa), and the ensemble is spread over regions before racks. One region: rack-aware.
 */
export class RegionAwarePlacementPolicy extends RackawarePlacementPolicy {
  constructor(
    opts: TopologyPlacementOptions,
    /** BookKeeper's reppMinimumRegionsForDurability (default 2; 1 turns the region rule off). */
    private readonly minRegionsForDurability = 2,
  ) {
    super(opts);
    if (!Number.isInteger(minRegionsForDurability) || minRegionsForDurability < 1) {
      throw new QuireError('CONFIG_INVALID', `reppMinimumRegionsForDurability must be an integer >= 1, got ${minRegionsForDurability}`);
    }
  }

  protected override regionOf(location: string): string {
    const parts = location.split('/').filter((p) => p !== '');
    return parts.length > 1 ? parts[0]! : location;
  }

  protected override regionRule(q: QuorumSizes, regions: number): WindowRule['regionLimit'] {
    const r = Math.min(this.minRegionsForDurability, regions);
    if (r < 2) return undefined;
    return { regions: r - 1, limit: q.ackQuorumSize - 1 };
  }

  /** BookKeeper's checks (IllegalArgumentException there): an ack quorum that can meet the rule. */
  protected override validate(q: QuorumSizes): void {
    const r = this.minRegionsForDurability;
    if (q.ackQuorumSize < r) throw new QuireError('INVALID_ARGUMENT', `Ack Quorum size provided are insufficient to meet the durability constraints (ackQuorumSize ${q.ackQuorumSize} < reppMinimumRegionsForDurability ${r})`);
    if (r > 1 && q.ackQuorumSize <= q.writeQuorumSize - Math.floor(q.writeQuorumSize / r)) {
      throw new QuireError('INVALID_ARGUMENT', `ack quorum (${q.ackQuorumSize}) violates the requirement to satisfy durability constraints when running in degraded mode`);
    }
  }
}
