// Deterministic simulation of the quorum client and the real bookie: many seeds of a writer,
// recoverers and readers against real bookies on simulated disks and network with faults (fault
// menu: docs/simulation.md), then checkers on the end state (see sim/workload.ts).
// Replay one seed: QUIRE_SIM_SEED=123 node --import tsx --test test/quorum/simulation.test.ts
// More seeds:      QUIRE_SIM_SEEDS=2000 ...   or the long run: npm run sim -- --seeds 10000
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSeed, type RunSummary } from './sim/workload.js';

const only = process.env.QUIRE_SIM_SEED;
const count = Number(process.env.QUIRE_SIM_SEEDS ?? 300);
// Seeds that once found a bug, kept as regressions:
//   2338: a recovery that replaced a bookie locally and died left LAC fields vouching for copies
//         on the unpublished ensemble; the next recovery trusted them (fixed in ledger-handle.ts).
//   212:  (real bookie) a full journal segment whose last record ended 2 bytes before the segment
//         bound was read as a torn record in an older segment: the bookie could not restart
//         (fixed in journal-replay.ts: a zero tail shorter than a record header is zero fill).
//   262:  (real bookie) a checkpoint taken while the journal was creating its next segment recorded
//         lastMark = (new segment, old segment's end offset), a position inside the new
//         segment's records: after a power cut replay started mid-record (the bookie could not
//         restart; records before that offset would have been skipped). Fixed in journal.ts roll().
//   2399: (real bookie) a power cut while the journal created a segment kept part of its header:
//         replay called the newest segment's torn header "bad" and the bookie could not restart
//         (fixed in journal-segment.ts: a torn prefix of the expected header is a blank segment).
//   811:  (harness) a crash armed before the heal fired during the final checks.
const REGRESSION_SEEDS = [2338, 212, 262, 2399, 811];
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
    // ... and the disk faults must actually have been injected into the real bookie.
    for (const k of ['tornWrites', 'lostWrites', 'lostDirOps', 'syncErrors', 'readErrors'] as const) {
      assert.ok(summaries.some((s) => s.disk[k] > 0), `no run injected ${k}`);
    }
    assert.ok(summaries.some((s) => s.restarts > 0), 'no bookie restarted (journal replay)');
    assert.ok(summaries.some((s) => s.journals > 1 && s.restarts > 0 && s.acked > 0), 'no bookie with two journals restarted (per-journal replay)');
  }
});
