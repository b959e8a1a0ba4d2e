// The REST contract, fuzzed: schemathesis (PyPI, pinned in scripts/install-client-toolchains.sh)
// generates requests from openapi/quire.yaml, valid and invalid, sends them to a live gateway on a
// real local cluster (3 bookies) and runs every check it has: no 5xx, status codes, content types,
// headers and bodies as documented, schema-valid requests accepted, schema-invalid ones refused,
// 405 with Allow, and its stateful phase following the spec's links. Zero failures are allowed.
// Rules between fields and state-dependent answers that OpenAPI cannot express are in
// test/contract/schemathesis.toml and schemathesis_hooks.py (each one named there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGatewayCluster } from '../gateway/gateway-cluster.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const here = join(root, 'test/contract');
const venv = process.env.QUIRE_VENV ?? join(root, '.venv');
/** Examples per operation and phase: ~2,000 requests over the 35 operations, 1-2 minutes. */
const MAX_EXAMPLES = Number(process.env.QUIRE_SCHEMATHESIS_EXAMPLES ?? 15);
const SEED = process.env.QUIRE_SCHEMATHESIS_SEED ?? '20';

function run(cmd: string, args: string[], cwd: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PYTHONUNBUFFERED: '1' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

test('schemathesis, every check, against a live gateway: zero failures', { timeout: 15 * 60_000 }, async () => {
  // Long polls end after 1 s here (the spec lets clients ask for up to 30 s; the server clamps).
  const c = await startGatewayCluster({ gateway: { limits: { maxTailWaitMs: 1000 } } });
  try {
    const url = c.gateways[0]!.url;
    const r = await run(
      join(venv, 'bin/schemathesis'),
      ['--config-file', 'schemathesis.toml', 'run', join(root, 'openapi/quire.yaml'), '--url', url, '--checks', 'all', '--max-examples', String(MAX_EXAMPLES), '--seed', SEED, '--workers', '1', '--no-color'],
      here,
    );
    const generated = /(\d+) generated/.exec(r.out)?.[1];
    // The number of requests checked, for the record (npm test's log).
    console.log(`schemathesis: ${generated ?? '?'} requests generated and checked (seed ${SEED}, ${MAX_EXAMPLES} examples per operation)`);
    assert.equal(r.code, 0, `schemathesis found contract failures:\n${r.out.slice(-20_000)}`);
    assert.ok(generated !== undefined && Number(generated) > 500, `schemathesis ran too few requests:\n${r.out.slice(-5000)}`);
  } finally {
    await c.stop();
  }
});
