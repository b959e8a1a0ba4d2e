#!/usr/bin/env node
// Builds the @quire/client package into clients/typescript/dist: tsc emits the SDK (JS +
// declarations), then the two things the SDK reads from outside its folder are copied beside it,
// keeping the repository's relative layout: the OpenAPI types (openapi/gen/quire.d.ts, imported as
// ../../openapi/gen/quire.js; tsc does not copy .d.ts inputs) and the .proto files the gRPC client
// loads at run time (defaultProtoDir walks up from the compiled code to a proto/ folder).
// Run by `npm run build` and `npm pack` (prepack) in clients/typescript.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = join(pkg, '..', '..');
const dist = join(pkg, 'dist');

/** The repository's tsc (the package's own devDependency when installed there). */
function tscBin() {
  for (const d of [pkg, repo]) {
    const p = join(d, 'node_modules', 'typescript', 'bin', 'tsc');
    if (existsSync(p)) return p;
  }
  throw new Error('typescript not found: run npm ci at the repository root');
}

rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [tscBin(), '-p', join(pkg, 'tsconfig.build.json')], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

mkdirSync(join(dist, 'openapi', 'gen'), { recursive: true });
cpSync(join(repo, 'openapi', 'gen', 'quire.d.ts'), join(dist, 'openapi', 'gen', 'quire.d.ts'));
const protoSrc = join(repo, 'proto', 'quire', 'v1');
mkdirSync(join(dist, 'proto', 'quire', 'v1'), { recursive: true });
for (const f of readdirSync(protoSrc).filter((n) => n.endsWith('.proto'))) cpSync(join(protoSrc, f), join(dist, 'proto', 'quire', 'v1', f));
