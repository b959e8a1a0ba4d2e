// `quire bookie` as an operator runs it: bad settings and a cookie that does not match its
// directories stop the start with a message that says what is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBookieProcess } from '../../harness/bookie-process.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

function quire(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, QUIRE_LOG_LEVEL: 'silent' }, timeout: 60_000 });
}

test('invalid settings: exit 1 naming the key', () => {
  const r = quire(['bookie', '--set', 'journalMaxGroupWaitMSec=soon', '--port', '0']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /CONFIG_INVALID: journalMaxGroupWaitMSec: expected an integer/);
  const missing = quire(['bookie', '--conf', '/nonexistent/bk_server.conf']);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /cannot read config file \/nonexistent\/bk_server.conf/);
});

test('a bookie refuses to start when its directories belong to another bookie id', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'quire-cookie-'));
  try {
    const common = ['--port', '0', '--journal-dir', join(dir, 'journal'), '--ledger-dir', join(dir, 'ledgers'), '--metadata-service-uri', `embedded://${join(dir, 'metadata')}`];
    const first = await startBookieProcess([...common, '--set', 'bookieId=bookie-a']);
    await first.kill('SIGTERM');
    const r = quire(['bookie', ...common, '--set', 'bookieId=bookie-b']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /COOKIE_MISMATCH/);
    assert.match(r.stderr, /bookie-a/, 'the message names the id the directories belong to');
    // The rightful owner still starts.
    const again = await startBookieProcess([...common, '--set', 'bookieId=bookie-a']);
    await again.kill('SIGTERM');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
