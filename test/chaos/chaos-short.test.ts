// The fault kit's short schedule inside `npm test`: the chaos cluster (real ZooKeeper, four
// `quire bookie` and two `quire gateway` processes, a proxy on every link, the clients' links to
// the gateways included; operations over REST and gRPC) under seed 7's nemesis
// for 105 s (the nemesis's first round covers every fault kind: seed 7's last first-round fault, a
// kill, starts at 89.7 s and ends by 93 s), the history checked by chaos/checker (porcupine +
// exactly-once/no-loss). Longer schedules are `npm run chaos`.
// Passes when the checker finds no anomaly, every object was decided and read back, and faults of
// every kind on the menu were injected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { report, runChaos } from '../../chaos/run-chaos.js';

test('105 s of seed 7: linearizable, exactly once, nothing acknowledged lost', { timeout: 20 * 60_000 }, async (t) => {
  const r = await runChaos({ minutes: 1.75, seed: 7, log: () => undefined });
  const s = r.summary;
  const text = report(r);
  t.diagnostic(text);
  assert.deepEqual(s.anomalies, [], text);
  assert.deepEqual(s.undecided, [], text);
  assert.deepEqual(s.unverifiedKeys, [], text);
  assert.ok(s.operations > 200 && s.ackedAppends > 100 && s.verifiedAcked === s.ackedAppends, text);
  for (const kind of ['kill', 'partition', 'client-partition', 'delay', 'zk-expiry', 'slow-fsync', 'clock-jump', 'clock-step']) assert.ok((r.faults[kind] ?? 0) > 0, `no ${kind} fault injected:\n${text}`);
  if (process.getuid?.() === 0) assert.ok((r.faults['disk-full'] ?? 0) > 0, `no disk-full fault injected:\n${text}`);
  // Every operation, cursor moves included, fails only with LEDGER_CLOSED / LEDGER_FENCED.
  assert.deepEqual(r.failures.unexpectedByOp, {}, `a failure answer outside LEDGER_CLOSED / LEDGER_FENCED:\n${text}`);
  assert.ok(r.expiredSessions > 0, `no ZooKeeper session expired:\n${text}`);
  // The bookie proxies told the gateways apart: per-link faults really were per link.
  // Both transports were used, and the workload reached the gateways through their client proxies.
  for (const transport of ['rest', 'grpc']) assert.ok((s.byTransport[transport] ?? 0) > 100, `few ${transport} operations:\n${text}`);
  // The soak's time series: samples through the run with throughput and every live process's RSS.
  assert.ok(r.samples.length >= 3 && r.samples.some((x) => x.ok > 0), `throughput samples:\n${text}`);
  assert.ok(r.samples.every((x) => Object.keys(x.rssMiB).some((n) => n.startsWith('gateway')) && Object.values(x.rssMiB).every((v) => v > 0)), `memory samples:\n${text}`);
  for (const link of ['gateway-1->bookie-1', 'gateway-2->bookie-1', 'client->gateway-1 (rest)', 'client->gateway-1 (grpc)', 'client->gateway-2 (grpc)']) assert.ok((r.links[link] ?? 0) > 0, `no connection on ${link}:\n${text}`);
});
