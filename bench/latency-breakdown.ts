// Where an add's time goes: percentiles of each stage of the add path, read from Prometheus text.
// Quire bookies and the Quire client export histograms (cumulative buckets): a case's share is the
// difference of two scrapes, and its quantiles are interpolated inside a bucket as Prometheus's
// histogram_quantile does (so a value is only as exact as its bucket: 1-2-5 steps). Java bookies
// export BookKeeper's summaries (quantile labels over the last complete rollover window; the bench
// sets it to 1 s, so the scrape after a case shows the case's last second): read as is.

/** One stage of the add path: its metric, what it covers, and whether it is a time. */
export interface Stage {
  readonly metric: string;
  readonly what: string;
  /** false: a count (entries per group), printed as is instead of in ms. */
  readonly seconds: boolean;
  /** Read from `<metric>_p50_seconds` / `_p99_seconds` gauges of the scrape after the case (the worst bookie). */
  readonly gauges?: true;
}

/** The bookie's stages, in the order an add meets them (BookKeeper's names; docs/operations.md). */
export const BOOKIE_STAGES: readonly Stage[] = [
  { metric: 'bookkeeper_server_ADD_ENTRY', what: 'request: received to durable (the whole add on the bookie)', seconds: true },
  { metric: 'bookie_add_entry', what: 'write-cache insert', seconds: true },
  { metric: 'bookie_journal_JOURNAL_ADD_ENTRY', what: 'journal: enqueued to fdatasync-covered', seconds: true },
  { metric: 'bookie_journal_JOURNAL_QUEUE_LATENCY', what: 'journal: wait in the queue for a write step', seconds: true },
  { metric: 'bookie_journal_JOURNAL_FLUSH_LATENCY', what: 'journal: one group write() (per group)', seconds: true },
  { metric: 'bookie_journal_JOURNAL_SYNC', what: 'journal: one fdatasync (per group)', seconds: true },
  { metric: 'bookkeeper_server_CHANNEL_WRITE', what: 'reply: queued to written to the socket (per write)', seconds: true },
  { metric: 'bookie_journal_JOURNAL_FORCE_WRITE_BATCH_ENTRIES', what: 'records per fdatasync', seconds: false },
  // prom-client resets its event-loop delay histogram at every scrape: the one after the case covers it.
  { metric: 'quire_bookie_nodejs_eventloop_lag', what: 'bookie event-loop delay (any work waits this long to run)', seconds: true, gauges: true },
  // prom-client's GC observer: one observation per collection (kinds summed); count = collections in the case.
  { metric: 'quire_bookie_nodejs_gc_duration_seconds', what: 'bookie GC pause (one collection, any kind)', seconds: true },
];

/** The Quire client's stages (bench process; gateway/gateway-metrics.ts ClientLatencyMetrics). */
export const CLIENT_STAGES: readonly Stage[] = [
  { metric: 'per_channel_bookie_client_ADD_ENTRY', what: 'client: one add request to one bookie, round trip', seconds: true },
  { metric: 'bookkeeper_client_ADD_ENTRY', what: 'client: append() to completed (ack quorum, in order)', seconds: true },
];

/** A histogram's successful series: cumulative bucket counts by upper bound, count and sum. */
export interface HistogramData {
  buckets: Map<number, number>;
  count: number;
  sum: number;
}

/** A stage's figures for one case: p50/p99 in the stage's unit (ms for times). */
export interface StageFigures {
  readonly metric: string;
  readonly what: string;
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  /** 'histogram' (this case only) or 'summary' (Java: rolling window). */
  readonly source: 'histogram' | 'summary';
}

const SERIES = /^([A-Za-z_:][A-Za-z0-9_:]*)(?:\{([^}]*)\})? (\S+)/;

function labelsOf(s: string | undefined): Map<string, string> {
  const m = new Map<string, string>();
  if (!s) return m;
  for (const part of s.matchAll(/([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) m.set(part[1]!, part[2]!);
  return m;
}

/** Successful-series histograms of `names` in Prometheus text (series of several bookies add up when texts are merged). */
export function parseHistograms(text: string, names: readonly string[]): Map<string, HistogramData> {
  const wanted = new Set(names);
  const out = new Map<string, HistogramData>();
  const get = (n: string) => {
    let h = out.get(n);
    if (!h) out.set(n, (h = { buckets: new Map(), count: 0, sum: 0 }));
    return h;
  };
  for (const line of text.split('\n')) {
    const m = SERIES.exec(line);
    if (!m) continue;
    const [, series, rawLabels, rawValue] = m;
    const labels = labelsOf(rawLabels);
    if (labels.get('success') === 'false') continue;
    const value = Number(rawValue);
    for (const suffix of ['_bucket', '_count', '_sum'] as const) {
      if (!series!.endsWith(suffix)) continue;
      const name = series!.slice(0, -suffix.length);
      if (!wanted.has(name)) continue;
      const h = get(name);
      if (suffix === '_count') h.count += value;
      else if (suffix === '_sum') h.sum += value;
      else {
        const le = labels.get('le') === '+Inf' ? Infinity : Number(labels.get('le'));
        h.buckets.set(le, (h.buckets.get(le) ?? 0) + value);
      }
    }
  }
  return out;
}

/** after − before, bucket by bucket: what one case added. */
export function diffHistogram(after: HistogramData, before: HistogramData | undefined): HistogramData {
  const buckets = new Map<number, number>();
  for (const [le, n] of after.buckets) buckets.set(le, n - (before?.buckets.get(le) ?? 0));
  return { buckets, count: after.count - (before?.count ?? 0), sum: after.sum - (before?.sum ?? 0) };
}

/** Prometheus's histogram_quantile: linear inside the bucket holding rank q·count. */
export function quantile(h: HistogramData, q: number): number {
  if (h.count <= 0) return NaN;
  const bounds = [...h.buckets.keys()].sort((a, b) => a - b);
  const rank = q * h.count;
  let prevBound = 0;
  let prevCount = 0;
  for (const le of bounds) {
    const c = h.buckets.get(le)!;
    if (c >= rank) {
      if (le === Infinity) return prevBound; // beyond the last finite bound: its bound is all we know
      const inBucket = c - prevCount;
      return inBucket <= 0 ? le : prevBound + ((le - prevBound) * (rank - prevCount)) / inBucket;
    }
    prevBound = le;
    prevCount = c;
  }
  return prevBound;
}

/** Stage figures of one case from histogram scrapes before and after it (texts of all bookies joined). */
export function histogramFigures(stages: readonly Stage[], before: string, after: string): StageFigures[] {
  const names = stages.map((s) => s.metric);
  const b = parseHistograms(before, names);
  const a = parseHistograms(after, names);
  return stages.map((s) => {
    if (s.gauges) return gaugeFigures(s, after);
    const h = a.get(s.metric);
    const d = h ? diffHistogram(h, b.get(s.metric)) : { buckets: new Map<number, number>(), count: 0, sum: 0 };
    const unit = s.seconds ? 1000 : 1;
    return { metric: s.metric, what: s.what, count: d.count, p50: quantile(d, 0.5) * unit, p99: quantile(d, 0.99) * unit, source: 'histogram' };
  });
}

/** A stage exported as p50/p99 gauges in seconds; the largest value over the bookies' series. */
function gaugeFigures(s: Stage, text: string): StageFigures {
  const worst = (series: string): number => {
    let v = NaN;
    for (const line of text.split('\n')) {
      const m = SERIES.exec(line);
      if (m && m[1] === series && !(Number(m[3]) <= v)) v = Number(m[3]);
    }
    return v * 1000;
  };
  return { metric: s.metric, what: s.what, count: NaN, p50: worst(`${s.metric}_p50_seconds`), p99: worst(`${s.metric}_p99_seconds`), source: 'histogram' };
}

/** Stage figures from BookKeeper's summaries (Java bookies): the quantile series as exported, averaged over bookies. */
export function summaryFigures(stages: readonly Stage[], texts: readonly string[]): StageFigures[] {
  return stages.map((s) => {
    const q = { '0.5': [] as number[], '0.99': [] as number[] };
    let count = 0;
    for (const text of texts) {
      for (const line of text.split('\n')) {
        const m = SERIES.exec(line);
        if (!m) continue;
        const labels = labelsOf(m[2]);
        if (labels.get('success') === 'false') continue;
        if (m[1] === `${s.metric}_count`) count += Number(m[3]);
        if (m[1] !== s.metric) continue;
        const k = labels.get('quantile');
        const v = Number(m[3]);
        if ((k === '0.5' || k === '0.99') && Number.isFinite(v)) q[k].push(v);
      }
    }
    const mean = (xs: number[]) => (xs.length > 0 ? xs.reduce((x, y) => x + y, 0) / xs.length : NaN);
    // BookKeeper's OpStatsLogger records times in milliseconds already; counts are counts.
    return { metric: s.metric, what: s.what, count, p50: mean(q['0.5']), p99: mean(q['0.99']), source: 'summary' };
  });
}
