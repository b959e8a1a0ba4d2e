#!/usr/bin/env node
// Finds *.test.ts files and runs them with node's test runner (TypeScript through tsx).
// Usage: node scripts/run-tests.mjs [all|unit|interop|<path prefix>...]
//   all (default): every suite, the interop suite included.
//   unit: co-located tests only (no test/ folder).
//   interop: test/interop only (real Apache BookKeeper and ZooKeeper from Maven Central).
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { toolchainEnv } from './toolchain-env.mjs';

const root = new URL('..', import.meta.url).pathname;
const skipDirs = new Set(['node_modules', 'dist', 'target', '.git', '.tmp', '.venv', '.tools']);

function find(dir, out) {
  for (const name of readdirSync(dir)) {
    if (skipDirs.has(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out;
}

const args = process.argv.slice(2);
const all = find(root, []).sort();
let files;
if (args.length === 0 || args.includes('all')) files = all;
else if (args.includes('unit')) files = all.filter((f) => !f.startsWith('test/'));
else files = all.filter((f) => args.some((a) => f.startsWith(a.replace(/^\.\//, ''))));

if (files.length === 0) {
  console.error(`run-tests: no test files match ${JSON.stringify(args)}`);
  process.exit(1);
}
// Files under test/ start real processes (bookies, ZooKeeper, JVMs) and share two cores with
// them: one such file at a time unless QUIRE_TEST_CONCURRENCY says otherwise. The co-located unit
// files (no servers) run two side by side first, which saves their start-up time.
const setting = process.env.QUIRE_TEST_CONCURRENCY;
const concurrency = Number(setting ?? '1');
if (!Number.isInteger(concurrency) || concurrency < 1) {
  console.error(`run-tests: QUIRE_TEST_CONCURRENCY must be a positive integer, got ${setting}`);
  process.exit(1);
}
const unitFiles = files.filter((f) => !f.startsWith('test/'));
const lanes = setting === undefined && unitFiles.length > 1 && unitFiles.length < files.length
  ? [{ files: unitFiles, concurrency: 2 }, { files: files.filter((f) => f.startsWith('test/')), concurrency: 1 }]
  : [{ files, concurrency }];
let status = 0;
for (const lane of lanes) {
  const res = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', `--test-concurrency=${lane.concurrency}`, '--test-reporter=spec', ...lane.files],
    // The project-local toolchains (.venv, .tools/...) first on PATH, as scripts/ensure-test-deps.sh installed them.
    { cwd: root, stdio: 'inherit', env: { ...toolchainEnv(process.env), QUIRE_LOG_LEVEL: process.env.QUIRE_LOG_LEVEL ?? 'silent' } },
  );
  if ((res.status ?? 1) !== 0) status = res.status ?? 1;
}
process.exit(status);
