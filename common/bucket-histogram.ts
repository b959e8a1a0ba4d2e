// A Prometheus histogram cheap enough for once-per-entry hot paths. prom-client's Histogram.observe
// costs ~300-400 ns (label hashing, validation) — several percent of a bookie's ~15 µs of CPU per
// add when a few stages are timed per entry. This one is a bucket scan and two additions; it is
// exposed through a prom-client Registry by duck typing (registerMetric takes any object with a
// name and get()), so /metrics shows an ordinary histogram.

/** Seconds, 1-2-5 steps from 10 µs (a cache insert) to 10 s (a stalled disk). */
export const FINE_LATENCY_BUCKETS: readonly number[] = [
  0.00001, 0.00002, 0.00005, 0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10,
];

/** What prom-client's Registry reads from a metric (the subset it needs to print one). */
export interface ExportedMetric {
  readonly name: string;
  readonly help: string;
  readonly type: 'histogram' | 'counter';
  readonly aggregator: 'sum';
  readonly values: { labels: Record<string, string | number>; value: number; metricName: string }[];
}

export class BucketHistogram {
  readonly type = 'histogram' as const;
  readonly aggregator = 'sum' as const;
  private readonly counts: Float64Array;
  private sum = 0;
  private total = 0;

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets: readonly number[] = FINE_LATENCY_BUCKETS,
    /** Constant labels on every series (e.g. BookKeeper's success="true"). */
    private readonly labels: Readonly<Record<string, string>> = {},
  ) {
    this.counts = new Float64Array(buckets.length);
  }

  observe(value: number): void {
    const b = this.buckets;
    let i = 0;
    while (i < b.length && value > b[i]!) i++;
    if (i < b.length) this.counts[i]!++;
    this.sum += value;
    this.total++;
  }

  get count(): number {
    return this.total;
  }

  /** prom-client's Metric.get() shape; cumulative buckets as Prometheus wants them. */
  get(): ExportedMetric {
    const values: ExportedMetric['values'] = [];
    let acc = 0;
    const bucket = `${this.name}_bucket`;
    for (let i = 0; i < this.buckets.length; i++) {
      acc += this.counts[i]!;
      values.push({ labels: { ...this.labels, le: this.buckets[i]! }, value: acc, metricName: bucket });
    }
    values.push({ labels: { ...this.labels, le: '+Inf' }, value: this.total, metricName: bucket });
    values.push({ labels: { ...this.labels }, value: this.sum, metricName: `${this.name}_sum` });
    values.push({ labels: { ...this.labels }, value: this.total, metricName: `${this.name}_count` });
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  /** prom-client calls reset() on Registry.resetMetrics(). */
  reset(): void {
    this.counts.fill(0);
    this.sum = 0;
    this.total = 0;
  }
}

/**
 * BookKeeper's OpStatsLogger shape: one histogram name, a success="true" and a success="false"
 * series, at the cost of a BucketHistogram per observation. A series shows once it has a sample,
 * as with prom-client. observe() takes the same label object prom-client's does, so call sites
 * read the same.
 */
export class OutcomeHistogram {
  readonly type = 'histogram' as const;
  readonly aggregator = 'sum' as const;
  private readonly ok: BucketHistogram;
  private readonly failed: BucketHistogram;

  constructor(
    readonly name: string,
    readonly help: string,
    buckets: readonly number[] = FINE_LATENCY_BUCKETS,
  ) {
    this.ok = new BucketHistogram(name, help, buckets, { success: 'true' });
    this.failed = new BucketHistogram(name, help, buckets, { success: 'false' });
  }

  observe(labels: { readonly success: string }, value: number): void {
    (labels.success === 'true' ? this.ok : this.failed).observe(value);
  }

  get(): ExportedMetric {
    const values = [...(this.ok.count > 0 ? this.ok.get().values : []), ...(this.failed.count > 0 ? this.failed.get().values : [])];
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.ok.reset();
    this.failed.reset();
  }
}

/** A label-free counter for per-entry hot paths (prom-client's Counter.inc hashes labels each call). */
export class FastCounter {
  readonly type = 'counter' as const;
  readonly aggregator = 'sum' as const;
  private total = 0;

  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  inc(by = 1): void {
    this.total += by;
  }

  get(): ExportedMetric {
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values: [{ labels: {}, value: this.total, metricName: this.name }] };
  }

  reset(): void {
    this.total = 0;
  }
}

/** Registers `h` in a prom-client Registry (or anything with registerMetric). */
export function registerBucketHistogram<T extends BucketHistogram | OutcomeHistogram | FastCounter>(registry: { registerMetric(m: never): void }, h: T): T {
  (registry.registerMetric as (m: unknown) => void).call(registry, h);
  return h;
}
