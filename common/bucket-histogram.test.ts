import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { FastCounter, OutcomeHistogram, registerBucketHistogram } from './bucket-histogram.js';

test('OutcomeHistogram: one name, a success="true" and a success="false" series, each shown once it has a sample', async () => {
  const r = new Registry();
  const h = registerBucketHistogram(r, new OutcomeHistogram('op_latency', 'an op', [0.001, 0.01]));
  h.observe({ success: 'true' }, 0.0005);
  h.observe({ success: 'true' }, 0.005);
  let text = await r.metrics();
  assert.match(text, /^# TYPE op_latency histogram$/m);
  assert.match(text, /^op_latency_bucket\{success="true",le="0.001"\} 1$/m);
  assert.match(text, /^op_latency_bucket\{success="true",le="0.01"\} 2$/m);
  assert.match(text, /^op_latency_count\{success="true"\} 2$/m);
  assert.doesNotMatch(text, /success="false"/);
  h.observe({ success: 'false' }, 3);
  text = await r.metrics();
  assert.match(text, /^op_latency_bucket\{success="false",le="0.01"\} 0$/m);
  assert.match(text, /^op_latency_bucket\{success="false",le="\+Inf"\} 1$/m);
  assert.match(text, /^op_latency_sum\{success="false"\} 3$/m);
  r.resetMetrics();
  assert.doesNotMatch(await r.metrics(), /op_latency_count/);
});

test('FastCounter: a label-free counter in the registry', async () => {
  const r = new Registry();
  const c = registerBucketHistogram(r, new FastCounter('bytes_added', 'bytes'));
  c.inc(1024);
  c.inc();
  const text = await r.metrics();
  assert.match(text, /^# TYPE bytes_added counter$/m);
  assert.match(text, /^bytes_added 1025$/m);
});
