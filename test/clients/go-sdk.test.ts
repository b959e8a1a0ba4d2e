// The Go SDK (clients/go, package quire) with Go's own runner: `go test ./...` against live
// gateways started here — a `quire local` process that the Go test has SIGKILLed and restarted
// mid-produce (QUIRE_CONTROL_URL), in-process gateways with TLS and HS256 tokens (one requiring
// client certificates), and two gateway processes of one cluster, the first of which the Go test
// SIGKILLs mid-produce while its client fails over to the second — then the
// Go quickstart of clients/README.md, extracted from the README, in a throwaway module outside the
// repository that requires the SDK through a `replace` to this checkout.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KillableLocal } from './killable-local.js';
import { processGone, readmeSectionBlock, runBounded, startSdkGateways, type SdkGateways } from './sdk-live.js';
import { ROOT } from './run-example.js';

describe('Go SDK against live gateways', () => {
  let gateways: SdkGateways;
  let local: KillableLocal;
  before(async () => {
    gateways = await startSdkGateways('quire-go-tls-', { failover: true });
    local = gateways.local;
  });
  after(async () => {
    await gateways?.stop();
  });

  test('go test ./... in clients/go: exactly-once across a gateway kill and a failover, consumer restart, blobs, token, TLS, mutual TLS', async (t) => {
    const env = { ...process.env, ...gateways.env };
    const r = await runBounded('go', ['test', '-count=1', '-v', '-timeout', '15m', './...'], join(ROOT, 'clients/go'), env, 20 * 60_000);
    assert.equal(local.restartError, undefined, 'the killed gateway process started again');
    assert.equal(r.code, 0, r.out);
    for (const l of r.out.split('\n').filter((l) => /live_test\.go:\d+:/.test(l))) t.diagnostic(l.trim());
    for (const name of ['TestExactlyOnceAcrossGatewayKill', 'TestConsumerRestartFromCursor', 'TestBlobRoundTripAndDigestMismatch', 'TestTokenAndTLS', 'TestProducerNonRetryableErrors', 'TestProducerBatchBounds', 'TestProducerSendBlocksWhenQueueIsFull', 'TestBlobDownloadDigestMismatch', 'TestErrorFromTrailers', 'TestErrorWithoutTrailers', 'TestMutualTLS', 'TestFailoverAcrossGatewayKill', 'TestFailoverToTheNextEndpoint']) {
      assert.match(r.out, new RegExp(`--- PASS: ${name} `), `${name} ran and passed`);
    }
    assert.equal(local.restarts, 1, 'the gateway process was killed and started again once');
    assert.ok(processGone(gateways.failover!.info.gateways[0]!.pid), 'the first failover gateway was SIGKILLed');
  });

  test("clients/README.md's Go quickstart runs in a throwaway module outside the repository", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quire-go-quickstart-'));
    try {
      assert.ok(!dir.startsWith(ROOT), 'the module is outside the repository');
      const code = readmeSectionBlock('Go', 'go');
      assert.ok(code.includes('"127.0.0.1:9090"'), 'the quickstart dials 127.0.0.1:9090');
      writeFileSync(join(dir, 'main.go'), code.replace('"127.0.0.1:9090"', JSON.stringify(local.grpcTarget)));
      const init = await runBounded('go', ['mod', 'init', 'example.com/quickstart'], dir, process.env, 60_000);
      assert.equal(init.code, 0, init.out);
      // The README's install lines, as written but for where this checkout is.
      const install = readmeSectionBlock('Go', 'sh');
      assert.ok(install.includes('/path/to/quire/clients/go'), 'the install lines name /path/to/quire');
      const added = await runBounded('bash', ['-euo', 'pipefail', '-c', install.replaceAll('/path/to/quire/clients/go', join(ROOT, 'clients/go'))], dir, process.env, 5 * 60_000);
      assert.equal(added.code, 0, added.out);
      for (let round = 0; round < 2; round++) {
        // A second run appends three more and its consumer resumes at the cursor the first committed.
        const r = await runBounded('go', ['run', '.'], dir, process.env, 5 * 60_000);
        assert.equal(r.code, 0, r.out);
        const lines = r.out.trim().split('\n').filter((l) => l.startsWith('offset '));
        assert.deepEqual(lines, [0, 1, 2].map((i) => `offset ${round * 3 + i}: order ${i}`), r.out);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
