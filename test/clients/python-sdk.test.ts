// The Python SDK (clients/python, import `quire`) against live gateways, with its own runner
// (pytest, clients/python/tests): logs (exactly-once producer, consumer restart from its cursor,
// tail across segments), blobs (round trips, digest mismatch refused), raw ledgers and asyncio on
// an in-process cluster; tokens and TLS on a gateway run with an auth secret and a certificate.
// Then the done-when check: the package is pip-installed into a throwaway venv outside the
// checkout, and the quickstart block of clients/README.md runs from there. And mypy --strict on the package.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PYTHON_SDK, runProcess, runPytest, type ProcessResult } from './run-pytest.js';
import { ROOT } from './run-example.js';
import { startGatewayCluster, type GatewayCluster } from '../gateway/gateway-cluster.js';
import { makeCa, makeServerCert } from '../gateway/security/certs.js';
import { AUDIENCE, tokenKit, type TokenKit } from '../gateway/security/tokens.js';

/** The ```python block after `<!-- quickstart:python -->` in clients/README.md. */
function pythonQuickstart(): string {
  const readme = readFileSync(join(ROOT, 'clients', 'README.md'), 'utf8');
  const m = /<!-- quickstart:python -->\n```python\n([\s\S]*?)```/.exec(readme);
  assert.ok(m, 'clients/README.md has no <!-- quickstart:python --> block');
  return m[1]!;
}

// mypy needs no gateway: it starts first and runs while the pytest suites below do; its test (the
// file's last) waits for it.
let mypy: Promise<ProcessResult> | undefined;
before(() => {
  // Configuration in clients/python/pyproject.toml ([tool.mypy]); no cache written into the tree.
  mypy = runProcess('python3', ['-m', 'mypy', '--no-incremental', '--cache-dir=/dev/null'], { cwd: PYTHON_SDK, timeoutMs: 300_000 });
  void mypy.catch(() => undefined); // awaited (and reported) by its test
});

interface ThrowawayVenv {
  readonly venv: ProcessResult;
  readonly pip?: ProcessResult;
  readonly where?: ProcessResult;
}

/** `python3 -m venv` in dir, then `pip install clients/python` into it, and where `quire` is imported from there. */
async function installIntoThrowawayVenv(dir: string): Promise<ThrowawayVenv> {
  const venv = await runProcess('python3', ['-m', 'venv', join(dir, 'venv')], { cwd: dir });
  if (venv.code !== 0) return { venv };
  const py = join(dir, 'venv', 'bin', 'python');
  // README's `pip install ./clients/python`, from PyPI as there; the wheels the installer already
  // fetched (.tools/pip/wheels: grpcio, protobuf, setuptools for the build) are offered too, so
  // pip downloads only what is newer on PyPI than they are.
  const wheels = process.env.QUIRE_PIP_WHEELS ? ['--find-links', process.env.QUIRE_PIP_WHEELS] : [];
  const pip = await runProcess(py, ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', ...wheels, PYTHON_SDK], { cwd: dir });
  if (pip.code !== 0) return { venv, pip };
  const where = await runProcess(py, ['-c', 'import quire, quire.v1.log_pb2, os; print(os.path.dirname(quire.__file__)); print(os.path.exists(os.path.join(os.path.dirname(quire.__file__), "py.typed")))'], { cwd: dir, env: { PYTHONPATH: '' } });
  return { venv, pip, where };
}

describe('Python SDK on an in-process cluster', () => {
  // One gateway with gRPC: ledgers, logs and blobs (startGateway's own gRPC server serves all three).
  let gc: GatewayCluster;
  let target: string;
  // The throwaway venv needs no gateway: made (venv, pip install) while the cluster starts and pytest runs.
  let dir: string;
  let junk: string[] = [];
  let installed: Promise<ThrowawayVenv> | undefined;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'quire-py-quickstart-'));
    // setuptools builds in the source tree: remove what this install adds there (gitignored anyway).
    junk = ['build', 'quire_client.egg-info'].map((d) => join(PYTHON_SDK, d)).filter((d) => !existsSync(d));
    installed = installIntoThrowawayVenv(dir);
    void installed.catch(() => undefined); // awaited (and reported) by its test
    gc = await startGatewayCluster({ gateway: { grpcPort: 0 } });
    target = `127.0.0.1:${gc.gateways[0]!.grpc!.port}`;
  });
  after(async () => {
    await installed?.catch(() => undefined);
    await gc?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    for (const d of junk) rmSync(d, { recursive: true, force: true });
  });

  test('pytest: logs, blobs, ledgers, asyncio, the retry rule', { timeout: 600_000 }, async () => {
    const passed = await runPytest(['tests/test_log.py', 'tests/test_blob.py', 'tests/test_ledger.py', 'tests/test_retries.py'], { QUIRE_GRPC_ENDPOINT: target });
    assert.ok(passed >= 14, `${passed} passed`);
  });

  test('pip install clients/python into a throwaway venv outside the checkout, then the README quickstart runs', { timeout: 900_000 }, async () => {
    const { venv, pip, where } = await installed!;
    assert.equal(venv.code, 0, venv.output);
    assert.equal(pip?.code, 0, `pip install ${PYTHON_SDK}:\n${pip?.output}`);
    // Installed (not the checkout): the package, its stubs and its type marker are in the venv.
    assert.equal(where?.code, 0, where?.output);
    const [pkgDir, typed] = where!.output.trim().split('\n');
    assert.ok(pkgDir!.startsWith(join(dir, 'venv')), `quire imported from ${pkgDir}`);
    assert.equal(typed, 'True');
    const py = join(dir, 'venv', 'bin', 'python');
    writeFileSync(join(dir, 'quickstart.py'), pythonQuickstart());
    const run = await runProcess(py, ['quickstart.py'], { cwd: dir, env: { QUIRE_ENDPOINT: target, PYTHONPATH: '' }, timeoutMs: 240_000 });
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /appended at \[0, 1, 2\]/);
    assert.match(run.output, /^0 order 0\n1 order 1\n2 order 2$/m);
    assert.match(run.output, /2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824 b'hello'/);
  });
});

describe('Python SDK with a token and TLS', () => {
  let gc: GatewayCluster;
  let kit: TokenKit;
  let dir: string;
  before(async () => {
    kit = tokenKit();
    dir = mkdtempSync(join(tmpdir(), 'quire-py-tls-'));
    makeCa(dir);
    const cert = makeServerCert(dir, 'gw', 'gateway');
    const auth = { secretFile: kit.secretFile, audience: AUDIENCE };
    gc = await startGatewayCluster({ gateway: { auth } });
    await gc.addGateway({ grpcPort: 0, auth, tls: cert });
    // Mutual TLS: clients must present a certificate the CA signed.
    await gc.addGateway({ grpcPort: 0, auth, tls: { ...cert, clientCaFile: join(dir, 'ca.pem') } });
    makeServerCert(dir, 'client', 'python-client');
  });
  after(async () => {
    await gc?.stop();
    kit?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  test('pytest: token refused or served, read-only token, TLS and mutual TLS on', { timeout: 600_000 }, async () => {
    const passed = await runPytest(['tests/test_security.py'], {
      QUIRE_TLS_ENDPOINT: `127.0.0.1:${gc.gateways[1]!.grpc!.port}`,
      QUIRE_MTLS_ENDPOINT: `127.0.0.1:${gc.gateways[2]!.grpc!.port}`,
      QUIRE_CLIENT_CERT: join(dir, 'client.pem'),
      QUIRE_CLIENT_KEY: join(dir, 'client.key'),
      QUIRE_CA_FILE: join(dir, 'ca.pem'),
      QUIRE_SECRET_FILE: kit.secretFile,
      QUIRE_AUDIENCE: AUDIENCE,
    });
    assert.equal(passed, 6);
  });
});

test('the package type-checks with mypy --strict (its .pyi-typed stubs included, grpcio untyped)', { timeout: 300_000 }, async () => {
  const r = await mypy!;
  assert.equal(r.code, 0, r.output);
  assert.match(r.output, /Success: no issues found/);
});
