import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isQuireError } from '../../../common/errors.js';
import { writeSet, type QuorumSizes } from './distribution-schedule.js';
import { BookieLocationResolver, DEFAULT_RACK, DEFAULT_REGION_AND_RACK, StaticMapping } from './network-topology.js';
import { createPlacementPolicy, placementConfigFromProperties, RACKAWARE_POLICY, REGIONAWARE_POLICY } from './placement-config.js';
import { LocalBookiePlacementPolicy, type PlacementPolicy, RandomPlacementPolicy } from './placement-policy.js';
import { RackawarePlacementPolicy, RegionAwarePlacementPolicy } from './topology-placement.js';
import { DEFAULT_CLIENT_CONFIG } from '../client-config.js';

const seeded = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const noAddress = (id: string) => Promise.reject(new Error(`no address for ${id}`));
const resolverOf = (rack: Readonly<Record<string, string>>, defaultLocation = DEFAULT_RACK) =>
  new BookieLocationResolver({ addressOf: noAddress, staticMapping: new StaticMapping(rack), defaultLocation });
const rackAware = (rack: Readonly<Record<string, string>>, seed: number, enforce = false, minRacks = 2) =>
  new RackawarePlacementPolicy({ resolver: resolverOf(rack), minNumRacksPerWriteQuorum: minRacks, enforceMinNumRacksPerWriteQuorum: enforce, random: seeded(seed) });
const notEnough = (e: unknown) => isQuireError(e, 'NOT_ENOUGH_BOOKIES') && /Not enough non-faulty bookies available/.test((e as Error).message);

/** Every striped write quorum of the ensemble (the write sets of entries 0..E-1) as rack sets. */
function quorumRacks(ensemble: readonly string[], q: QuorumSizes, rackOf: (b: string) => string): Set<string>[] {
  const out: Set<string>[] = [];
  for (let entry = 0n; entry < BigInt(q.ensembleSize); entry++) out.push(new Set(writeSet(entry, q.ensembleSize, q.writeQuorumSize).map((i) => rackOf(ensemble[i]!))));
  return out;
}

/** Brute force: is there any assignment of racks (within their bookie counts) meeting `need` racks per write quorum? */
function feasible(capacity: ReadonlyMap<string, number>, q: QuorumSizes, need: number): boolean {
  return feasibleWith(capacity, q, (seq) => quorumRacks(seq, q, (r) => r).every((s) => s.size >= need));
}

/** Brute force over location sequences (within bookie counts per location) for any whole-ensemble test. */
function feasibleWith(capacity: ReadonlyMap<string, number>, q: QuorumSizes, ok: (locations: readonly string[]) => boolean): boolean {
  const racks = [...capacity.keys()];
  const left = new Map(capacity);
  const seq: string[] = [];
  const go = (p: number): boolean => {
    if (p === q.ensembleSize) return ok(seq);
    for (const r of racks) {
      if (left.get(r)! === 0) continue;
      left.set(r, left.get(r)! - 1);
      seq[p] = r;
      if (go(p + 1)) return true;
      left.set(r, left.get(r)! + 1);
    }
    return false;
  };
  return go(0);
}

const layout = fc
  .record({
    racks: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 9 }),
    e: fc.integer({ min: 1, max: 7 }),
    w: fc.integer({ min: 1, max: 7 }),
    a: fc.integer({ min: 1, max: 7 }),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    enforce: fc.boolean(),
  })
  .map(({ racks, e, w, a, seed, enforce }) => {
    const ensembleSize = Math.min(e, racks.length);
    const writeQuorumSize = Math.min(w, ensembleSize);
    const rack: Record<string, string> = {};
    racks.forEach((r, i) => (rack[`b${i}`] = `/r${r}`));
    return { rack, q: { ensembleSize, writeQuorumSize, ackQuorumSize: Math.min(a, writeQuorumSize) }, seed, enforce };
  });

function capacityOf(rack: Readonly<Record<string, string>>, bookies: readonly string[]): Map<string, number> {
  const c = new Map<string, number>();
  for (const b of bookies) c.set(rack[b]!, (c.get(rack[b]!) ?? 0) + 1);
  return c;
}

describe('placement: no write quorum in one rack when two are available (property)', () => {
  test('new ensembles: whenever some layout puts every striped write quorum on >= 2 racks, the policy finds one; enforced, it fails otherwise', async () => {
    await fc.assert(
      fc.asyncProperty(layout, async ({ rack, q, seed, enforce }) => {
        const bookies = Object.keys(rack);
        const need = Math.min(q.writeQuorumSize, 2);
        const possible = feasible(capacityOf(rack, bookies), q, need);
        const p = rackAware(rack, seed, enforce);
        let ens: string[];
        try {
          ens = await p.newEnsemble(q, bookies, new Set());
        } catch (e) {
          assert.ok(notEnough(e), String(e));
          assert.ok(enforce && !possible, `failed although a layout exists: ${JSON.stringify({ rack, q })}`);
          return;
        }
        assert.equal(ens.length, q.ensembleSize);
        assert.equal(new Set(ens).size, q.ensembleSize);
        if (possible) {
          for (const racks of quorumRacks(ens, q, (b) => rack[b]!)) assert.ok(racks.size >= need, `write quorum on one rack: ${ens.map((b) => rack[b]).join(',')} for ${JSON.stringify(q)}`);
        } else {
          assert.ok(!enforce, 'enforced policy returned an ensemble that cannot meet the minimum');
        }
      }),
      { numRuns: 300 },
    );
  });

  test('replacement: the bookie chosen keeps every write quorum on >= 2 racks whenever some candidate can', async () => {
    await fc.assert(
      fc.asyncProperty(layout, fc.nat(), fc.nat(), async ({ rack, q, seed, enforce }, pickIndex, extra) => {
        const bookies = Object.keys(rack);
        if (bookies.length <= q.ensembleSize) return; // nobody to replace with
        const need = Math.min(q.writeQuorumSize, 2);
        const ens = await rackAware(rack, seed).newEnsemble(q, bookies, new Set());
        const index = pickIndex % q.ensembleSize;
        const gone = ens[index]!;
        // Some other bookie is also excluded at random (a writer's failed-bookie set).
        const others = bookies.filter((b) => !ens.includes(b));
        const excluded = new Set([gone, ...(extra % 2 === 0 ? [others[extra % others.length]!] : [])]);
        const pool = others.filter((b) => !excluded.has(b));
        const okWith = (c: string) => {
          const next = ens.slice();
          next[index] = c;
          return quorumRacks(next, q, (b) => rack[b]!).every((s) => s.size >= need);
        };
        const someoneFits = pool.some(okWith);
        const p = rackAware(rack, seed + 1, enforce);
        let pick: string;
        try {
          pick = await p.replaceBookie(q, ens, gone, bookies, excluded);
        } catch (e) {
          assert.ok(notEnough(e), String(e));
          assert.ok(pool.length === 0 || (enforce && !someoneFits), `replacement failed although ${pool.join(',')} could do`);
          return;
        }
        assert.ok(pool.includes(pick), `picked ${pick}, not one of ${pool.join(',')}`);
        if (someoneFits) assert.ok(okWith(pick), `replacement ${pick} (${rack[pick]}) puts a write quorum on one rack: ${ens.map((b) => rack[b]).join(',')} at ${index}`);
      }),
      { numRuns: 300 },
    );
  });
});

describe('region-aware placement (property)', () => {
  test('no write quorum holds an ack quorum in one region whenever some layout avoids it; two racks per write quorum too whenever possible; else NOT_ENOUGH_BOOKIES', async () => {
    const arb = fc.record({
      where: fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 1 })), { minLength: 2, maxLength: 8 }),
      e: fc.integer({ min: 2, max: 6 }),
      w: fc.integer({ min: 2, max: 6 }),
      a: fc.integer({ min: 2, max: 6 }),
      seed: fc.integer({ min: 1, max: 1_000_000 }),
    });
    await fc.assert(
      fc.asyncProperty(arb, async ({ where, e, w, a, seed }) => {
        const rack: Record<string, string> = {};
        where.forEach(([g, r], i) => (rack[`b${i}`] = `/g${g}/r${r}`));
        const bookies = Object.keys(rack);
        const ensembleSize = Math.min(e, bookies.length);
        const writeQuorumSize = Math.min(w, ensembleSize);
        const q = { ensembleSize, writeQuorumSize, ackQuorumSize: Math.min(a, writeQuorumSize) };
        const p = new RegionAwarePlacementPolicy({ resolver: resolverOf(rack, DEFAULT_REGION_AND_RACK), minNumRacksPerWriteQuorum: 2, enforceMinNumRacksPerWriteQuorum: false, random: seeded(seed) });
        if (q.ackQuorumSize <= q.writeQuorumSize - Math.floor(q.writeQuorumSize / 2)) {
          await assert.rejects(p.newEnsemble(q, bookies, new Set()), (err) => isQuireError(err, 'INVALID_ARGUMENT'));
          return;
        }
        const regionOf = (loc: string) => loc.split('/')[1]!;
        const regions = new Set(bookies.map((b) => regionOf(rack[b]!))).size;
        const regionOk = (locs: readonly string[]) =>
          regions < 2 ||
          Array.from({ length: q.ensembleSize }, (_, s) => writeSet(BigInt(s), q.ensembleSize, q.writeQuorumSize).map((i) => regionOf(locs[i]!))).every((win) => {
            const counts = new Map<string, number>();
            for (const g of win) counts.set(g, (counts.get(g) ?? 0) + 1);
            return Math.max(...counts.values()) <= q.ackQuorumSize - 1;
          });
        const rackOk = (locs: readonly string[]) => quorumRacks(locs, q, (l) => l).every((x) => x.size >= 2);
        const cap = capacityOf(rack, bookies);
        const regionPossible = feasibleWith(cap, q, regionOk);
        const bothPossible = feasibleWith(cap, q, (l) => regionOk(l) && rackOk(l));
        let ens: string[];
        try {
          ens = await p.newEnsemble(q, bookies, new Set());
        } catch (err) {
          assert.ok(notEnough(err), String(err));
          assert.ok(!regionPossible, `failed although a layout keeps the region rule: ${JSON.stringify({ rack, q })}`);
          return;
        }
        const locs = ens.map((b) => rack[b]!);
        assert.ok(regionOk(locs), `an ack quorum in one region: ${locs.join(',')} ${JSON.stringify(q)}`);
        if (bothPossible) assert.ok(rackOk(locs), `a write quorum on one rack: ${locs.join(',')} ${JSON.stringify(q)}`);
      }),
      { numRuns: 200 },
    );
  });
});

describe('placement policies', () => {
  const bookies = ['a', 'b', 'c', 'd', 'e', 'f'];
  const q3 = { ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2 };

  test('random: distinct, respects exclusions, not enough bookies', async () => {
    const p = new RandomPlacementPolicy(seeded(1));
    const ens = await p.newEnsemble({ ensembleSize: 4, writeQuorumSize: 2, ackQuorumSize: 2 }, bookies, new Set(['a']));
    assert.equal(new Set(ens).size, 4);
    assert.ok(!ens.includes('a'));
    const r = await p.replaceBookie(q3, ens.slice(0, 3), ens[0]!, bookies, new Set(['a']));
    assert.ok(!ens.slice(0, 3).includes(r) && r !== 'a');
    await assert.rejects(p.newEnsemble({ ensembleSize: 6, writeQuorumSize: 2, ackQuorumSize: 2 }, bookies, new Set(['a'])), notEnough);
    await assert.rejects(p.replaceBookie(q3, ['a', 'b', 'c'], 'a', ['a', 'b', 'c'], new Set()), notEnough);
  });

  test('local bookie: the one bookie, never replaced', async () => {
    const p: PlacementPolicy = new LocalBookiePlacementPolicy('b');
    assert.deepEqual(await p.newEnsemble({ ensembleSize: 1, writeQuorumSize: 1, ackQuorumSize: 1 }, bookies, new Set()), ['b']);
    await assert.rejects(p.newEnsemble(q3, bookies, new Set()), notEnough);
    await assert.rejects(p.replaceBookie(q3, ['b'], 'b', bookies, new Set()), notEnough);
  });

  test('rack-aware: one bookie per rack when racks suffice; replacement keeps the rack of the bookie it replaces', async () => {
    const rack = { a: '/r1', b: '/r1', c: '/r2', d: '/r2', e: '/r3', f: '/r3' };
    for (let seed = 1; seed <= 20; seed++) {
      const ens = await rackAware(rack, seed).newEnsemble(q3, bookies, new Set());
      assert.equal(new Set(ens.map((b) => rack[b as keyof typeof rack])).size, 3);
    }
    for (let seed = 1; seed <= 10; seed++) assert.equal(await rackAware(rack, seed).replaceBookie(q3, ['a', 'c', 'e'], 'a', bookies, new Set()), 'b');
    // b excluded: a rack not in the ensemble is gone too, so either d or f, both keep 2 racks per quorum.
    const r = await rackAware(rack, 3).replaceBookie(q3, ['a', 'c', 'e'], 'a', bookies, new Set(['b']));
    assert.ok(r === 'd' || r === 'f');
  });

  test('rack-aware without enforcement: one rack, or an impossible layout, still gets an ensemble', async () => {
    const one = { a: '/r1', b: '/r1', c: '/r1' };
    assert.equal((await rackAware(one, 1).newEnsemble(q3, ['a', 'b', 'c'], new Set())).length, 3);
    // E=3 Qw=2 on two racks: the three write quorums form an odd cycle, one of them must be one rack.
    const two = { a: '/r1', b: '/r1', c: '/r2', d: '/r2' };
    const ens = await rackAware(two, 1).newEnsemble(q3, ['a', 'b', 'c', 'd'], new Set());
    assert.equal(new Set(ens.map((b) => two[b as keyof typeof two])).size, 2);
  });

  test('enforceMinNumRacksPerWriteQuorum: one rack, impossible layouts and replacements fail with BookKeeper\'s error; default-rack bookies are never chosen', async () => {
    const one = { a: '/r1', b: '/r1', c: '/r1' };
    await assert.rejects(rackAware(one, 1, true).newEnsemble(q3, ['a', 'b', 'c'], new Set()), (e) => notEnough(e) && /only one rack/.test((e as Error).message));
    const two = { a: '/r1', b: '/r1', c: '/r2', d: '/r2' };
    await assert.rejects(rackAware(two, 1, true).newEnsemble(q3, ['a', 'b', 'c', 'd'], new Set()), notEnough);
    // E=4 Qw=2 on two racks: alternating works.
    const q4 = { ensembleSize: 4, writeQuorumSize: 2, ackQuorumSize: 2 };
    const ens = await rackAware(two, 1, true).newEnsemble(q4, ['a', 'b', 'c', 'd'], new Set());
    for (const s of quorumRacks(ens, q4, (b) => two[b as keyof typeof two])) assert.equal(s.size, 2);
    // Unmapped bookies (x, y) sit on /default-rack: never picked when enforced, even if that means failing.
    const mixed = { a: '/r1', c: '/r2' };
    for (let seed = 1; seed <= 10; seed++) {
      const e2 = await rackAware(mixed, seed, true).newEnsemble({ ensembleSize: 2, writeQuorumSize: 2, ackQuorumSize: 2 }, ['a', 'c', 'x', 'y'], new Set());
      assert.deepEqual(e2.slice().sort(), ['a', 'c']);
    }
    await assert.rejects(rackAware(mixed, 1, true).newEnsemble(q3, ['a', 'c', 'x', 'y'], new Set()), (e) => notEnough(e) && /outside the default rack/.test((e as Error).message));
    // Replacing c in [a, c, b...]: only r1 bookies left, so a write quorum would be one rack.
    const r3 = { a: '/r1', b: '/r2', c: '/r2', d: '/r1', e: '/r1' };
    await assert.rejects(rackAware(r3, 1, true).replaceBookie(q4, ['a', 'b', 'd', 'c'], 'c', ['a', 'b', 'c', 'd', 'e'], new Set()), notEnough);
    assert.equal(await rackAware(r3, 1, false).replaceBookie(q4, ['a', 'b', 'd', 'c'], 'c', ['a', 'b', 'c', 'd', 'e'], new Set()), 'e');
  });

  test('minNumRacksPerWriteQuorum=3 asks for three racks per write quorum of three', async () => {
    const rack: Record<string, string> = {};
    for (let i = 0; i < 9; i++) rack[`b${i}`] = `/r${i % 3}`;
    const q = { ensembleSize: 6, writeQuorumSize: 3, ackQuorumSize: 2 };
    for (let seed = 1; seed <= 10; seed++) {
      const ens = await rackAware(rack, seed, true, 3).newEnsemble(q, Object.keys(rack), new Set());
      for (const s of quorumRacks(ens, q, (b) => rack[b]!)) assert.equal(s.size, 3);
    }
  });
});

describe('region-aware placement', () => {
  const regionOf = (loc: string) => loc.split('/')[1]!;
  const region = (rack: Readonly<Record<string, string>>, seed: number, minRegions = 2) =>
    new RegionAwarePlacementPolicy({ resolver: resolverOf(rack, DEFAULT_REGION_AND_RACK), minNumRacksPerWriteQuorum: 2, enforceMinNumRacksPerWriteQuorum: false, random: seeded(seed) }, minRegions);
  const twoRegions = { a: '/eu/r1', b: '/eu/r2', c: '/eu/r1', d: '/us/r1', e: '/us/r2', f: '/us/r1' };

  test('every write quorum spans both regions (no region holds an ack quorum) and two racks', async () => {
    const q = { ensembleSize: 4, writeQuorumSize: 2, ackQuorumSize: 2 };
    for (let seed = 1; seed <= 30; seed++) {
      const ens = await region(twoRegions, seed).newEnsemble(q, Object.keys(twoRegions), new Set());
      for (const s of quorumRacks(ens, q, (b) => regionOf(twoRegions[b as keyof typeof twoRegions]))) assert.equal(s.size, 2, ens.join(','));
    }
    const q5 = { ensembleSize: 5, writeQuorumSize: 3, ackQuorumSize: 3 };
    for (let seed = 1; seed <= 30; seed++) {
      const ens = await region(twoRegions, seed).newEnsemble(q5, Object.keys(twoRegions), new Set());
      for (const s of quorumRacks(ens, q5, (b) => regionOf(twoRegions[b as keyof typeof twoRegions]))) assert.equal(s.size, 2, ens.join(','));
    }
  });

  test('BookKeeper\'s checks of the ack quorum against reppMinimumRegionsForDurability', async () => {
    const p = region(twoRegions, 1);
    await assert.rejects(p.newEnsemble({ ensembleSize: 3, writeQuorumSize: 3, ackQuorumSize: 2 }, Object.keys(twoRegions), new Set()), (e) => isQuireError(e, 'INVALID_ARGUMENT') && /degraded mode/.test((e as Error).message));
    await assert.rejects(p.newEnsemble({ ensembleSize: 1, writeQuorumSize: 1, ackQuorumSize: 1 }, Object.keys(twoRegions), new Set()), (e) => isQuireError(e, 'INVALID_ARGUMENT') && /insufficient/.test((e as Error).message));
    // reppMinimumRegionsForDurability=1 turns the rule (and the checks) off.
    assert.equal((await region(twoRegions, 1, 1).newEnsemble({ ensembleSize: 3, writeQuorumSize: 3, ackQuorumSize: 2 }, Object.keys(twoRegions), new Set())).length, 3);
  });

  test('a region short of bookies: NOT_ENOUGH_BOOKIES rather than an ack quorum in one region', async () => {
    const lopsided = { a: '/eu/r1', b: '/eu/r2', c: '/eu/r1', d: '/us/r1' };
    await assert.rejects(region(lopsided, 1).newEnsemble({ ensembleSize: 4, writeQuorumSize: 2, ackQuorumSize: 2 }, Object.keys(lopsided), new Set()), notEnough);
  });

  test('one region behaves rack-aware; unmapped bookies are /default-region/default-rack', async () => {
    const oneRegion = { a: '/eu/r1', b: '/eu/r2', c: '/eu/r3' };
    const q = { ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2 };
    const ens = await region(oneRegion, 1).newEnsemble(q, ['a', 'b', 'c'], new Set());
    assert.equal(new Set(ens.map((b) => oneRegion[b as keyof typeof oneRegion])).size, 3);
    const locs = await resolverOf(oneRegion, DEFAULT_REGION_AND_RACK).resolve(['a', 'zz']);
    assert.equal(locs.get('zz'), DEFAULT_REGION_AND_RACK);
  });

  test('replacement stays in the replaced bookie\'s region', async () => {
    const q = { ensembleSize: 4, writeQuorumSize: 2, ackQuorumSize: 2 };
    const layout = { ...twoRegions, g: '/us/r3' };
    for (let seed = 1; seed <= 20; seed++) {
      const pick = await region(layout, seed).replaceBookie(q, ['a', 'd', 'b', 'e'], 'd', Object.keys(layout), new Set());
      assert.equal(regionOf(layout[pick as keyof typeof layout]), 'us', pick);
    }
  });
});

describe('placement config', () => {
  const deps = { addressOf: noAddress };
  test('ensemblePlacementPolicy by BookKeeper class name; bad names and enforcement without a resolver are refused', () => {
    assert.ok(createPlacementPolicy(DEFAULT_CLIENT_CONFIG, deps) instanceof RandomPlacementPolicy);
    const rack = createPlacementPolicy({ ...DEFAULT_CLIENT_CONFIG, ensemblePlacementPolicy: RACKAWARE_POLICY }, deps);
    assert.ok(rack instanceof RackawarePlacementPolicy && !(rack instanceof RegionAwarePlacementPolicy));
    assert.ok(createPlacementPolicy({ ...DEFAULT_CLIENT_CONFIG, ensemblePlacementPolicy: REGIONAWARE_POLICY }, deps) instanceof RegionAwarePlacementPolicy);
    assert.throws(() => createPlacementPolicy({ ...DEFAULT_CLIENT_CONFIG, ensemblePlacementPolicy: 'org.example.Nope' }, deps), (e) => isQuireError(e, 'CONFIG_INVALID'));
    assert.throws(() => createPlacementPolicy({ ...DEFAULT_CLIENT_CONFIG, ensemblePlacementPolicy: RACKAWARE_POLICY, enforceMinNumRacksPerWriteQuorum: true }, deps), (e) => isQuireError(e, 'CONFIG_INVALID'));
    assert.throws(() => createPlacementPolicy({ ...DEFAULT_CLIENT_CONFIG, ensemblePlacementPolicy: RACKAWARE_POLICY, networkTopologyMapping: { a: 'r1' } }, deps), (e) => isQuireError(e, 'CONFIG_INVALID'));
  });

  test('BookKeeper-style properties', () => {
    const c = placementConfigFromProperties(
      new Map([
        ['ensemblePlacementPolicy', RACKAWARE_POLICY],
        ['minNumRacksPerWriteQuorum', '3'],
        ['enforceMinNumRacksPerWriteQuorum', 'true'],
        ['networkTopologyScriptFileName', '/etc/topology.sh'],
        ['networkTopologyScriptNumberArgs', '10'],
        ['networkTopologyMapping', 'host1=/r1, 10.0.0.2:3181=/r2'],
        ['unrelated', 'x'],
      ]),
    );
    assert.deepEqual(c, {
      ensemblePlacementPolicy: RACKAWARE_POLICY,
      minNumRacksPerWriteQuorum: 3,
      enforceMinNumRacksPerWriteQuorum: true,
      networkTopologyScriptFileName: '/etc/topology.sh',
      networkTopologyScriptNumberArgs: 10,
      networkTopologyMapping: { host1: '/r1', '10.0.0.2:3181': '/r2' },
    });
    assert.throws(() => placementConfigFromProperties(new Map([['enforceMinNumRacksPerWriteQuorum', 'yes']])), (e) => isQuireError(e, 'CONFIG_INVALID'));
    assert.throws(() => placementConfigFromProperties(new Map([['ensemblePlacementPolicy', 'Zoneaware']])), (e) => isQuireError(e, 'CONFIG_INVALID'));
  });
});

describe('isEnsembleAdheringToPlacementPolicy (the auditor\'s placement-policy check)', () => {
  const racks = { a: '/r1', b: '/r1', c: '/r2', d: '/r2' };
  const q = { writeQuorumSize: 2, ackQuorumSize: 2 };

  test('rack-aware: FAIL when a write quorum spans fewer than min(Qw, minNumRacksPerWriteQuorum) racks', async () => {
    const p = rackAware(racks, 1);
    assert.equal(await p.isEnsembleAdheringToPlacementPolicy(['a', 'c'], q), 'MEETS_STRICT');
    assert.equal(await p.isEnsembleAdheringToPlacementPolicy(['a', 'b'], q), 'FAIL');
    // E3 Qw2: windows (a,c) (c,b) (b,a); the last one is a single rack.
    assert.equal(await p.isEnsembleAdheringToPlacementPolicy(['a', 'c', 'b'], q), 'FAIL');
    assert.equal(await p.isEnsembleAdheringToPlacementPolicy(['a', 'c', 'b', 'd'], q), 'MEETS_STRICT');
    assert.equal(await rackAware(racks, 1, false, 1).isEnsembleAdheringToPlacementPolicy(['a', 'b'], q), 'MEETS_STRICT');
    assert.equal(await p.isEnsembleAdheringToPlacementPolicy([], q), 'FAIL');
  });

  test('rack-aware with enforceMinNumRacksPerWriteQuorum: a default-rack bookie FAILs', async () => {
    assert.equal(await rackAware(racks, 1, true).isEnsembleAdheringToPlacementPolicy(['a', 'x'], q), 'FAIL');
    assert.equal(await rackAware(racks, 1, false).isEnsembleAdheringToPlacementPolicy(['a', 'x'], q), 'MEETS_STRICT');
  });

  test('random and local policies: any ensemble adheres', async () => {
    assert.equal(await new RandomPlacementPolicy().isEnsembleAdheringToPlacementPolicy(), 'MEETS_STRICT');
    assert.equal(await new LocalBookiePlacementPolicy('a').isEnsembleAdheringToPlacementPolicy(), 'MEETS_STRICT');
  });
});
