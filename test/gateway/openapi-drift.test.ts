// openapi/quire.yaml is the source of truth: the committed generated types must be exactly what
// openapi-typescript makes of it now (run `npm run gen:openapi` after editing the spec), and the
// spec itself must be valid (the validator refuses an invalid one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('openapi/gen/quire.d.ts matches a fresh generation from openapi/quire.yaml', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quire-openapi-'));
  try {
    const out = join(dir, 'quire.d.ts');
    execFileSync(process.execPath, [join(root, 'node_modules/openapi-typescript/bin/cli.js'), join(root, 'openapi/quire.yaml'), '-o', out], { cwd: root, stdio: 'pipe' });
    const fresh = readFileSync(out, 'utf8');
    const committed = readFileSync(join(root, 'openapi/gen/quire.d.ts'), 'utf8');
    assert.ok(fresh === committed, 'openapi/gen/quire.d.ts is stale: run `npm run gen:openapi`');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every route the gateway serves is in the spec, ids are strings', () => {
  const spec = parse(readFileSync(join(root, 'openapi/quire.yaml'), 'utf8')) as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, { type?: string; pattern?: string }> } };
  const routes = Object.entries(spec.paths).flatMap(([p, ops]) => Object.keys(ops).filter((m) => m !== 'parameters').map((m) => `${m.toUpperCase()} ${p}`));
  for (const r of [
    'POST /v1/ledgers',
    'GET /v1/ledgers',
    'GET /v1/ledgers/{ledgerId}',
    'DELETE /v1/ledgers/{ledgerId}',
    'POST /v1/ledgers/{ledgerId}/entries',
    'GET /v1/ledgers/{ledgerId}/entries',
    'GET /v1/ledgers/{ledgerId}/entries/{entryId}',
    'GET /v1/ledgers/{ledgerId}/lac',
    'GET /v1/ledgers/{ledgerId}/tail',
    'POST /v1/ledgers/{ledgerId}/close',
    'POST /v1/ledgers/{ledgerId}/recover',
    'GET /healthz',
    'GET /readyz',
    'GET /metrics',
  ]) {
    assert.ok(routes.includes(r), `${r} missing from the spec`);
  }
  assert.equal(spec.components.schemas.Int64String!.type, 'string');
});
