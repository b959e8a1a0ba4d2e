// The auditor's gauges on the bookie's /metrics (BookKeeper's "auditor" scope names).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BookieMetrics, type AuditorGauges } from './bookie-metrics.js';

test('auditor gauges: the elected auditor\'s last check counts, 0 when not the auditor', async () => {
  const m = new BookieMetrics();
  const elected: { stats?: AuditorGauges } = {};
  m.bindAuditor(() => elected.stats);
  assert.match(await m.registry.metrics(), /^auditor_NUM_LEDGERS_NOT_ADHERING_TO_PLACEMENT_POLICY 0$/m);
  elected.stats = {
    ledgersNotAdheringToPlacementPolicy: 3, ledgersSoftlyAdheringToPlacementPolicy: 0, urLedgersElapsedRecoveryGracePeriod: 2,
    ledgersHavingNoReplicaOfAnEntry: 0, ledgersHavingLessThanAQReplicasOfAnEntry: 4, ledgersHavingLessThanWQReplicasOfAnEntry: 5,
  };
  const text = await m.registry.metrics();
  assert.match(text, /^auditor_NUM_LEDGERS_NOT_ADHERING_TO_PLACEMENT_POLICY 3$/m);
  assert.match(text, /^auditor_NUM_UNDERREPLICATED_LEDGERS_ELAPSED_RECOVERY_GRACE_PERIOD 2$/m);
  assert.match(text, /^auditor_NUM_LEDGERS_HAVING_LESS_THAN_AQ_REPLICAS_OF_AN_ENTRY 4$/m);
  assert.match(text, /^auditor_NUM_LEDGERS_HAVING_LESS_THAN_WQ_REPLICAS_OF_AN_ENTRY 5$/m);
});
