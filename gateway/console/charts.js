// Charts of the cluster view: append throughput and request latency from this gateway's
// /metrics (Prometheus text; admin permission), disk use from /v1/bookies. Each series keeps the
// last MAX_POINTS samples.
import uPlot from 'uplot';
import { html } from './html.js';
import { useEffect, useRef } from 'preact/hooks';

export const MAX_POINTS = 120;

/** Sums of the named counters (over all label sets) in a Prometheus text exposition. */
export function metricSums(text, names) {
  const out = Object.fromEntries(names.map((n) => [n, 0]));
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (m && m[1] in out) out[m[1]] += Number(m[3]);
  }
  return out;
}

/** Appends a point, keeping the window bounded. */
export function push(series, t, v) {
  series.t.push(t);
  series.v.push(v);
  if (series.t.length > MAX_POINTS) {
    series.t.shift();
    series.v.shift();
  }
}

export function Chart({ title, series, unit, testid }) {
  const el = useRef(null);
  const plot = useRef(null);
  useEffect(() => {
    if (!el.current) return undefined;
    plot.current = new uPlot(
      { title, width: 420, height: 180, series: [{}, { label: unit, stroke: '#1d3557', width: 2 }], axes: [{}, { size: 60 }] },
      [series.t, series.v],
      el.current,
    );
    return () => plot.current?.destroy();
  }, []);
  useEffect(() => {
    plot.current?.setData([series.t, series.v]);
  });
  return html`<div class="chart" data-testid=${testid} ref=${el}></div>`;
}
