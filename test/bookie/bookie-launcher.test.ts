// bin/quire, the `quire` command: bookies run with BOOKIE_GC_OPTS (its default unless set, V8's
// defaults when empty), the harness starts test and benchmark bookies with the same flags, and a
// missing build is a clear error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { defaultBookieGcOpts, startBookieProcess } from '../../harness/bookie-process.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Starts `bin/quire bookie` from the sources and returns the node flags its start line reports. */
async function launchedFlags(env: Record<string, string | undefined>): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'quire-launcher-'));
  const base: Record<string, string | undefined> = { ...process.env, QUIRE_SOURCE: '1', QUIRE_LOG_LEVEL: 'warn' };
  delete base.BOOKIE_GC_OPTS;
  const child = spawn(join(root, 'bin', 'quire'), ['bookie', '--port', '0', '--journal-dir', join(dir, 'journal'), '--ledger-dir', join(dir, 'ledgers'), '--metadata-service-uri', `embedded://${join(dir, 'metadata')}`], {
    cwd: root,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    return await new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no bookie-started line in 60 s; stderr: ${stderr}`)), 60_000);
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (!line.includes('"bookie-started"')) return;
        clearTimeout(timer);
        resolve((JSON.parse(line) as { execArgv: string[] }).execArgv);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`bin/quire bookie exited with ${code}; stderr: ${stderr}`));
      });
    });
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

test('bin/quire bookie runs with the default BOOKIE_GC_OPTS; an empty one means V8 defaults; a set one is used', async () => {
  const defaults = defaultBookieGcOpts().split(' ');
  assert.ok(defaults.includes('--single-threaded-gc'), `default flags: ${defaults.join(' ')}`);
  const flags = await launchedFlags({});
  for (const f of defaults) assert.ok(flags.includes(f), `${f} in ${flags.join(' ')}`);
  const none = await launchedFlags({ BOOKIE_GC_OPTS: '' });
  for (const f of defaults) assert.ok(!none.includes(f), `${f} not in ${none.join(' ')}`);
  const own = await launchedFlags({ BOOKIE_GC_OPTS: '--max-semi-space-size=8', BOOKIE_EXTRA_OPTS: '--stack-size=2000' });
  assert.ok(own.includes('--max-semi-space-size=8') && own.includes('--stack-size=2000'), own.join(' '));
  assert.ok(!own.includes('--single-threaded-gc'), own.join(' '));
});

test('test and benchmark bookies (the harness) run with the flags bin/quire gives bookies', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'quire-launcher-'));
  const saved = process.env.BOOKIE_GC_OPTS;
  delete process.env.BOOKIE_GC_OPTS;
  try {
    const b = await startBookieProcess(['--port', '0', '--journal-dir', join(dir, 'journal'), '--ledger-dir', join(dir, 'ledgers'), '--metadata-service-uri', `embedded://${join(dir, 'metadata')}`]);
    const line = b.stdoutTail().split('\n').find((l) => l.includes('"bookie-started"'))!;
    await b.kill('SIGTERM');
    const flags = (JSON.parse(line) as { execArgv: string[] }).execArgv;
    for (const f of defaultBookieGcOpts().split(' ')) assert.ok(flags.includes(f), `${f} in ${flags.join(' ')}`);
  } finally {
    if (saved !== undefined) process.env.BOOKIE_GC_OPTS = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bin/quire without a build says how to get one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quire-launcher-'));
  try {
    mkdirSync(join(dir, 'bin'));
    copyFileSync(join(root, 'bin', 'quire'), join(dir, 'bin', 'quire'));
    const r = spawnSync('sh', [join(dir, 'bin', 'quire'), 'bookie'], { encoding: 'utf8', env: { ...process.env, QUIRE_SOURCE: '' } });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /dist\/cli\/main\.js is missing; run 'npm run build' first/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
