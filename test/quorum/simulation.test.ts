// Deterministic simulation of the quorum client: many seeds of a writer, recoverers and readers
// against faulty simulated bookies, then checkers on the end state (see sim/workload.ts).
// Replay one seed: QUIRE_SIM_SEED=123 node --import tsx --test test/quorum/simulation.test.ts
// More seeds:      QUIRE_SIM_SEEDS=2000 ...
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSeed, type RunSummary } from './sim/workload.js';

const only = process.env.QUIRE_SIM_SEED;
const count = Number(process.env.QUIRE_SIM_SEEDS ?? 300);
// Seeds that once found a bug, kept as regressions:
//   2338: a recovery that replaced a bookie locally and died left LAC fields vouching for copies
//         on the unpublished ensemble; the next recovery trusted them (fixed in ledger-handle.ts).
const REGRESSION_SEEDS = [2338];
const seeds = only !== undefined ? [Number(only)] : [...REGRESSION_SEEDS, ...Array.from({ length: count }, (_, i) => i + 1)];

test(`simulation: ${seeds.length} seeds`, { timeout: 600_000 }, async () => {
  const summaries: RunSummary[] = [];
  for (const seed of seeds) {
    try {
      summaries.push(await runSeed(seed));
    } catch (e) {
      console.error(`simulation failed at seed ${seed}; replay with QUIRE_SIM_SEED=${seed}`);
      throw e;
    }
  }
  if (only !== undefined) console.log(summaries[0]);
  // The runs must actually exercise the hard paths, or the checkers prove nothing.
  if (seeds.length >= 100) {
    assert.ok(summaries.some((s) => s.ensembleChanges > 0), 'no run changed ensembles');
    assert.ok(summaries.some((s) => s.recoveries > 1), 'no run had concurrent recoveries');
    assert.ok(summaries.some((s) => s.writerOutcome.startsWith('close failed')), 'no writer lost a race to recovery');
    assert.ok(summaries.some((s) => s.writerOutcome === 'closed'), 'no writer closed normally');
    assert.ok(summaries.some((s) => s.acked > 0 && s.lastEntryId >= 0n), 'no run acked anything');
  }
});
