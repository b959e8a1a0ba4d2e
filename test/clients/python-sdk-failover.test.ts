// The Python SDK's exactly-once producer across a gateway kill, as processes: real ZooKeeper,
// three `quire bookie` and two `quire gateway` processes (npm run cluster's topology). The pytest
// test (clients/python/tests/test_failover.py) produces through a Client that knows both gateways
// and SIGKILLs the first one (its pid is in the environment) mid-stream; then it SIGKILLs the second
// and starts it again as a new `quire gateway` process on the same gRPC port.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startProcessCluster, type ProcessCluster } from '../../scripts/cluster.js';
import { runPytest } from './run-pytest.js';
import { ROOT } from './run-example.js';

let cluster: ProcessCluster;
before(async () => {
  cluster = await startProcessCluster({ bookies: 3, gateways: 2, startTimeoutMs: 120_000 });
});
after(async () => {
  await cluster?.stop();
});

test('pytest: exactly-once across a gateway kill, and across a restart at the same address', { timeout: 900_000 }, async () => {
  const [a, b] = cluster.info.gateways;
  assert.ok(a && b);
  const passed = await runPytest(['tests/test_failover.py'], {
    QUIRE_GRPC_ENDPOINTS: `${a.grpc},${b.grpc}`,
    QUIRE_KILL_PID: String(a.pid),
    // The second test kills B and starts it again itself (same id and gRPC port), as a supervisor would.
    QUIRE_RESTART_PID: String(b.pid),
    QUIRE_RESTART_ID: b.id,
    QUIRE_METADATA_URI: cluster.info.metadataServiceUri,
    QUIRE_NODE: process.execPath,
    QUIRE_REPO_ROOT: ROOT,
  });
  assert.equal(passed, 2);
});
