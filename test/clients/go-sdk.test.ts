// The Go SDK (clients/go, package quire) with Go's own runner: `go test ./...` against live
// gateways started here — a `quire local` process that the Go test has SIGKILLed and restarted
// mid-produce (QUIRE_CONTROL_URL), and an in-process gateway with TLS and HS256 tokens — then the
// Go quickstart of clients/README.md, extracted from the README, in a throwaway module outside the
// repository that requires the SDK through a `replace` to this checkout.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGatewayCluster, type GatewayCluster } from '../gateway/gateway-cluster.js';
import { makeCa, makeServerCert } from '../gateway/security/certs.js';
import { AUDIENCE, tokenKit, type TokenKit } from '../gateway/security/tokens.js';
import { startKillableLocal, type KillableLocal } from './killable-local.js';
import { ROOT } from './run-example.js';

/** Runs a command (async: the gateways serve from this process), bounded in time. */
function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const add = (d: Buffer) => (out = (out + d.toString()).slice(-64_000));
    child.stdout.on('data', add);
    child.stderr.on('data', add);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${cmd} (${e.message}); install the client toolchains: bash scripts/install-client-toolchains.sh`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

/** The first ```<lang> block of the README's Go section. */
function goSectionBlock(lang: 'go' | 'sh'): string {
  const readme = readFileSync(join(ROOT, 'clients/README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Go'));
  const m = new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(section.slice(0, section.indexOf('\n## ', 1)));
  assert.ok(m, `clients/README.md has a \`\`\`${lang} block in its "## Go" section`);
  return m[1]!;
}

describe('Go SDK against live gateways', () => {
  let local: KillableLocal;
  let gc: GatewayCluster;
  let kit: TokenKit;
  let certDir: string;
  let tlsTarget: string;
  before(async () => {
    local = await startKillableLocal();
    kit = tokenKit();
    certDir = mkdtempSync(join(tmpdir(), 'quire-go-tls-'));
    makeCa(certDir);
    const cert = makeServerCert(certDir, 'gw', 'gateway');
    const auth = { secretFile: kit.secretFile, audience: AUDIENCE };
    gc = await startGatewayCluster({ gateway: { auth } });
    const gw = await gc.addGateway({ grpcPort: 0, auth, tls: cert });
    tlsTarget = `127.0.0.1:${gw.grpc!.port}`;
  });
  after(async () => {
    await local?.stop();
    await gc?.stop();
    kit?.cleanup();
    if (certDir) rmSync(certDir, { recursive: true, force: true });
  });

  test('go test ./... in clients/go: exactly-once across a gateway kill, consumer restart, blobs, token, TLS', async (t) => {
    const env = {
      ...process.env,
      QUIRE_ENDPOINT: local.grpcTarget,
      QUIRE_CONTROL_URL: local.controlUrl,
      QUIRE_TLS_ENDPOINT: tlsTarget,
      QUIRE_TLS_CA: join(certDir, 'ca.pem'),
      QUIRE_AUTH_SECRET_FILE: kit.secretFile,
      QUIRE_AUTH_AUDIENCE: AUDIENCE,
    };
    const r = await run('go', ['test', '-count=1', '-v', '-timeout', '15m', './...'], join(ROOT, 'clients/go'), env, 20 * 60_000);
    assert.equal(local.restartError, undefined, 'the killed gateway process started again');
    assert.equal(r.code, 0, r.out);
    for (const l of r.out.split('\n').filter((l) => /live_test\.go:\d+:/.test(l))) t.diagnostic(l.trim());
    for (const name of ['TestExactlyOnceAcrossGatewayKill', 'TestConsumerRestartFromCursor', 'TestBlobRoundTripAndDigestMismatch', 'TestTokenAndTLS', 'TestProducerNonRetryableErrors', 'TestProducerBatchBounds', 'TestProducerSendBlocksWhenQueueIsFull', 'TestBlobDownloadDigestMismatch', 'TestErrorFromTrailers', 'TestErrorWithoutTrailers']) {
      assert.match(r.out, new RegExp(`--- PASS: ${name} `), `${name} ran and passed`);
    }
    assert.equal(local.restarts, 1, 'the gateway process was killed and started again once');
  });

  test("clients/README.md's Go quickstart runs in a throwaway module outside the repository", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quire-go-quickstart-'));
    try {
      assert.ok(!dir.startsWith(ROOT), 'the module is outside the repository');
      const code = goSectionBlock('go');
      assert.ok(code.includes('"127.0.0.1:9090"'), 'the quickstart dials 127.0.0.1:9090');
      writeFileSync(join(dir, 'main.go'), code.replace('"127.0.0.1:9090"', JSON.stringify(local.grpcTarget)));
      const init = await run('go', ['mod', 'init', 'example.com/quickstart'], dir, process.env, 60_000);
      assert.equal(init.code, 0, init.out);
      // The README's install lines, as written but for where this checkout is.
      const install = goSectionBlock('sh');
      assert.ok(install.includes('/path/to/quire/clients/go'), 'the install lines name /path/to/quire');
      const added = await run('bash', ['-euo', 'pipefail', '-c', install.replaceAll('/path/to/quire/clients/go', join(ROOT, 'clients/go'))], dir, process.env, 5 * 60_000);
      assert.equal(added.code, 0, added.out);
      for (let round = 0; round < 2; round++) {
        // A second run appends three more and its consumer resumes at the cursor the first committed.
        const r = await run('go', ['run', '.'], dir, process.env, 5 * 60_000);
        assert.equal(r.code, 0, r.out);
        const lines = r.out.trim().split('\n').filter((l) => l.startsWith('offset '));
        assert.deepEqual(lines, [0, 1, 2].map((i) => `offset ${round * 3 + i}: order ${i}`), r.out);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
