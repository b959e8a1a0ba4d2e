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
// One test file at a time unless QUIRE_TEST_CONCURRENCY says otherwise (2 = two side by side): every file starts real
// processes (bookies, ZooKeeper, JVMs), and two cores are shared by all of them.
const concurrency = Number(process.env.QUIRE_TEST_CONCURRENCY ?? '1');
if (!Number.isInteger(concurrency) || concurrency < 1) {
  console.error(`run-tests: QUIRE_TEST_CONCURRENCY must be a positive integer, got ${process.env.QUIRE_TEST_CONCURRENCY}`);
  process.exit(1);
}
const res = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  // The project-local toolchains (.venv, .tools/...) first on PATH, as scripts/ensure-test-deps.sh installed them.
  { cwd: root, stdio: 'inherit', env: { ...toolchainEnv(process.env), QUIRE_LOG_LEVEL: process.env.QUIRE_LOG_LEVEL ?? 'silent' } },
);
process.exit(res.status ?? 1);
