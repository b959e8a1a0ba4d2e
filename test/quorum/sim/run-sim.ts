// The long simulation run: `npm run sim -- --seeds 10000` runs seeds 1..N of the same workload
// as test/quorum/simulation.test.ts (which runs 300 per `npm test`), keeps going past failures,
// and prints each failing seed with its replay command, then one summary line.
// Options: --seeds N (default 10000), --first S (default 1), --seed S (just that one, verbose).
import { runSeed } from './workload.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const one = arg('seed');
const count = Number(arg('seeds') ?? 10_000);
const first = Number(arg('first') ?? 1);
if (!(count >= 1) || !Number.isInteger(first)) {
  console.error('usage: npm run sim -- [--seeds N] [--first S] [--seed S]');
  process.exit(2);
}
const seeds = one !== undefined ? [Number(one)] : Array.from({ length: count }, (_, i) => first + i);
const started = Date.now();
const failures: number[] = [];
for (const [i, seed] of seeds.entries()) {
  try {
    const s = await runSeed(seed);
    if (one !== undefined) console.log(s);
  } catch (e) {
    failures.push(seed);
    console.error(`seed ${seed} FAILED (replay: QUIRE_SIM_SEED=${seed} node --import tsx --test test/quorum/simulation.test.ts): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  if ((i + 1) % 500 === 0) console.log(`... ${i + 1} seeds, ${failures.length} failures, ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
const secs = ((Date.now() - started) / 1000).toFixed(1);
console.log(`simulation: ${seeds.length} seeds (${seeds[0]}..${seeds[seeds.length - 1]}), ${failures.length} failures${failures.length ? ` [${failures.join(', ')}]` : ''}, ${secs} s wall`);
process.exit(failures.length > 0 ? 1 : 0);
