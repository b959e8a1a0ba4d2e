// The bench's breakdown arithmetic against a real registry: a BucketHistogram registered in a
// prom-client Registry prints ordinary Prometheus text, and the bench's parser, per-case diff and
// histogram_quantile-style interpolation read it back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { BucketHistogram, registerBucketHistogram } from '../../common/bucket-histogram.js';
import { diffHistogram, histogramFigures, parseHistograms, quantile, summaryFigures } from '../../bench/latency-breakdown.js';

test('a case is the difference of two scrapes; quantiles interpolate inside the bucket', async () => {
  const registry = new Registry();
  const h = registerBucketHistogram(registry, new BucketHistogram('x_LATENCY', 'test', [0.001, 0.002, 0.005], { success: 'true' }));
  h.observe(0.0005); // before the case
  const before = await registry.metrics();
  for (let i = 0; i < 50; i++) h.observe(0.0015);
  for (let i = 0; i < 50; i++) h.observe(0.004);
  const after = await registry.metrics();
  assert.match(after, /^# TYPE x_LATENCY histogram$/m);
  assert.match(after, /^x_LATENCY_bucket\{success="true",le="\+Inf"\} 101$/m);
  const d = diffHistogram(parseHistograms(after, ['x_LATENCY']).get('x_LATENCY')!, parseHistograms(before, ['x_LATENCY']).get('x_LATENCY'));
  assert.equal(d.count, 100);
  // Rank 50 is the last of the (1 ms, 2 ms] bucket; rank 99 lies 49/50 into (2 ms, 5 ms].
  assert.equal(quantile(d, 0.5), 0.002);
  assert.ok(Math.abs(quantile(d, 0.99) - (0.002 + (0.003 * 49) / 50)) < 1e-12);
  const [fig] = histogramFigures([{ metric: 'x_LATENCY', what: '', seconds: true }], before, after);
  assert.equal(fig!.count, 100);
  assert.equal(fig!.p50, 2);
});

test('failed series are left out; Java summaries are read as exported (ms)', () => {
  const text = [
    'bookie_journal_JOURNAL_SYNC{success="false",quantile="0.5",} 9.0',
    'bookie_journal_JOURNAL_SYNC{success="true",quantile="0.5",} 1.5',
    'bookie_journal_JOURNAL_SYNC{success="true",quantile="0.99",} 7.0',
    'bookie_journal_JOURNAL_SYNC_count{success="true",} 42',
  ].join('\n');
  const [fig] = summaryFigures([{ metric: 'bookie_journal_JOURNAL_SYNC', what: '', seconds: true }], [text]);
  assert.deepEqual([fig!.count, fig!.p50, fig!.p99, fig!.source], [42, 1.5, 7, 'summary']);
});
