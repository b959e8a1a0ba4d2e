// The committed client stubs must be what scripts/gen-clients.sh makes from today's contracts
// (openapi/quire.yaml, proto/quire/v1/*.proto). The script runs into a temp dir; any added,
// missing or changed file fails the test with the command that fixes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT } from './run-example.js';

const GENERATED = ['openapi/gen', 'clients/typescript/gen', 'clients/python/gen', 'clients/go/gen', 'clients/java/gen'];

function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      if (name === '__pycache__') continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

test('committed client stubs match scripts/gen-clients.sh output', { timeout: 600_000 }, () => {
  const out = mkdtempSync(join(tmpdir(), 'quire-gen-'));
  try {
    const r = spawnSync('bash', [join(ROOT, 'scripts/gen-clients.sh'), '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 540_000 });
    assert.equal(r.status, 0, `gen-clients.sh failed (install toolchains: bash scripts/install-client-toolchains.sh):\n${r.stdout}\n${r.stderr}`);
    for (const g of GENERATED) {
      const committed = files(join(ROOT, g));
      const fresh = files(join(out, g));
      assert.ok(fresh.size > 0, `generation produced nothing under ${g}`);
      const stale: string[] = [];
      for (const [f, text] of fresh) if (committed.get(f) !== text) stale.push(`${committed.has(f) ? 'changed' : 'missing'}: ${g}/${f}`);
      for (const f of committed.keys()) if (!fresh.has(f)) stale.push(`no longer generated: ${g}/${f}`);
      assert.deepEqual(stale, [], `client stubs are stale; run: bash scripts/gen-clients.sh\n${stale.join('\n')}`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
