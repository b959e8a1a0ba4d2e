// The clock preload of the fault kit (chaos/clock-offset.mjs): a process started with an offset
// runs on the shifted wall clock (clock-jump), and a running process's clock steps when the
// control file changes and SIGUSR2 arrives (clock-step), while its monotonic clock does not move.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const PRELOAD = new URL('../../chaos/clock-offset.mjs', import.meta.url).href;
const MIN = 60_000;
// Generous: only the minutes matter, never how fast the child answers.
const SLACK_MS = 20_000;

test('the clock preload: an offset at start, then steps of a running process on SIGUSR2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'quire-clock-'));
  const control = join(dir, 'offset');
  writeFileSync(control, '0');
  // The child answers each line on stdin with its Date.now(), new Date() and performance.now().
  const child = spawn(process.execPath, ['--import', PRELOAD, '-e', "require('node:readline').createInterface({ input: process.stdin }).on('line', () => console.log(JSON.stringify([Date.now(), new Date().getTime(), performance.now()])))"], {
    env: { ...process.env, QUIRE_CHAOS_CLOCK_OFFSET_MS: String(-5 * MIN), QUIRE_CHAOS_CLOCK_CONTROL: control },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const ask = async () => {
    child.stdin!.write('?\n');
    const { value } = await lines.next();
    const [now, date, mono] = JSON.parse(String(value)) as [number, number, number];
    return { skew: now - Date.now(), dateSkew: date - Date.now(), mono };
  };
  try {
    const a = await ask();
    assert.ok(Math.abs(a.skew + 5 * MIN) < SLACK_MS && Math.abs(a.dateSkew + 5 * MIN) < SLACK_MS, `started 5 min behind: ${JSON.stringify(a)}`);
    writeFileSync(control, String(12 * MIN));
    child.kill('SIGUSR2');
    let b = await ask();
    // The signal is handled between two lines; ask until the step shows (bounded).
    for (let i = 0; i < 50 && Math.abs(b.skew - 12 * MIN) >= SLACK_MS; i++) b = await ask();
    assert.ok(Math.abs(b.skew - 12 * MIN) < SLACK_MS && Math.abs(b.dateSkew - 12 * MIN) < SLACK_MS, `stepped to 12 min ahead: ${JSON.stringify(b)}`);
    assert.ok(b.mono >= a.mono && b.mono - a.mono < 5 * MIN, `the monotonic clock did not jump: ${a.mono} -> ${b.mono}`);
    writeFileSync(control, '0');
    child.kill('SIGUSR2');
    let c = await ask();
    for (let i = 0; i < 50 && Math.abs(c.skew) >= SLACK_MS; i++) c = await ask();
    assert.ok(Math.abs(c.skew) < SLACK_MS, `back on the real clock: ${JSON.stringify(c)}`);
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
