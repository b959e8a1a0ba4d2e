// Every client example (Python gRPC and REST, Go, Java, the TypeScript SDK) run as its own
// process against a live gateway (in-process cluster: embedded metadata, three real bookies, REST
// and gRPC). Each must create, append exactly-once, tail, close, and surface the gateway's errors
// with the same codes: LEDGER_CLOSED (with the sealed end, not retryable) and NO_SUCH_LEDGER.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLiveGateway, type LiveGateway } from './live-gateway.js';
import { exampleCommands, runExample } from './run-example.js';

describe('client examples against a live gateway', () => {
  let gw: LiveGateway;
  before(async () => {
    gw = await startLiveGateway();
  });
  after(async () => {
    await gw?.stop();
  });

  const grpcExamples = ['python grpc', 'go', 'java'] as const;
  for (const name of grpcExamples) {
    test(`${name} example`, async () => {
      const c = exampleCommands(gw.grpcTarget, gw.restUrl)[name]!;
      const { summary } = await runExample(c.cmd, c.args, c.cwd);
      assert.equal(summary.ok, true);
      assert.equal(summary.appended, 5);
      assert.equal(summary.tailed, 5);
      assert.equal(summary.lastEntryId, 4);
      assert.equal(summary.duplicateReplayed, true);
      assert.equal(summary.closedError, 'LEDGER_CLOSED');
      assert.equal(summary.closedLastEntryId, 4);
      assert.equal(summary.closedRetryable, false);
      assert.equal(summary.missingError, 'NO_SUCH_LEDGER');
    });
  }

  test('python rest example', async () => {
    const c = exampleCommands(gw.grpcTarget, gw.restUrl)['python rest']!;
    const { summary } = await runExample(c.cmd, c.args, c.cwd);
    assert.deepEqual(summary.read, ['hello', 'batch 0', 'batch 1', 'batch 2']);
    assert.equal(summary.lastEntryId, '3');
    assert.equal(summary.closedError, 'LEDGER_CLOSED');
    assert.equal(summary.closedLastEntryId, 3);
    assert.equal(summary.badIdError, 'INVALID_ARGUMENT');
    assert.equal(summary.badIdStatus, '400');
  });

  test('typescript SDK example (REST and gRPC)', async () => {
    const c = exampleCommands(gw.grpcTarget, gw.restUrl).typescript!;
    const { summary } = await runExample(c.cmd, c.args, c.cwd);
    for (const t of ['rest', 'grpc'] as const) {
      const s = summary[t] as Record<string, unknown>;
      assert.equal(s.tailed, 5, t);
      assert.equal(s.lastEntryId, '4', t);
      assert.equal(s.closedError, 'LEDGER_CLOSED', t);
      assert.equal(s.closedLastEntryId, '4', t);
      assert.equal(s.closedRetryable, false, t);
      assert.equal(s.missingError, 'NO_SUCH_LEDGER', t);
    }
    assert.equal((summary.rest as Record<string, unknown>).duplicateReplayed, true);
  });
});
