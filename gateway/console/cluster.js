// Cluster view: bookies with state and disk, the auditor and under-replicated ledgers, charts from polling.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, bytes } from './api.js';
import { Chart, metricSums, push } from './charts.js';
import { ErrorBox } from './hooks.js';
import { html } from './html.js';

const POLL_MS = 5000;
const COUNTERS = ['quire_gateway_appended_entries_total', 'quire_gateway_appended_bytes_total', 'quire_gateway_http_request_duration_seconds_sum', 'quire_gateway_http_request_duration_seconds_count'];

export function Cluster() {
  const [bookies, setBookies] = useState(undefined);
  const [error, setError] = useState(undefined);
  const [recovery, setRecovery] = useState(undefined);
  const [recoveryError, setRecoveryError] = useState(undefined);
  const [metricsError, setMetricsError] = useState(undefined);
  const [, setTick] = useState(0);
  const series = useRef({ entries: { t: [], v: [] }, latency: { t: [], v: [] }, disk: { t: [], v: [] } });
  const last = useRef(undefined);
  // Per bookie: its previous traffic reading, and the rates between the last two.
  const traffic = useRef(new Map());

  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      const now = Date.now() / 1000;
      try {
        const b = await api('/v1/bookies');
        if (stopped) return;
        for (const x of b.bookies) {
          if (!x.traffic) continue;
          const prev = traffic.current.get(x.bookieId);
          const cur = { t: now, adds: Number(x.traffic.addsTotal), addBytes: Number(x.traffic.addBytesTotal), reads: Number(x.traffic.readsTotal) };
          const dt = prev ? now - prev.t : 0;
          const rate = prev && dt > 0 && cur.adds >= prev.adds ? { adds: (cur.adds - prev.adds) / dt, mib: (cur.addBytes - prev.addBytes) / dt / 2 ** 20, reads: (cur.reads - prev.reads) / dt } : prev?.rate;
          traffic.current.set(x.bookieId, { ...cur, rate });
        }
        setBookies(b);
        setError(undefined);
        const withDisk = b.bookies.filter((x) => x.disk);
        if (withDisk.length > 0) push(series.current.disk, now, withDisk.reduce((s, x) => s + Number(x.disk.totalBytes) - Number(x.disk.freeBytes), 0) / 2 ** 20);
      } catch (e) {
        if (!stopped) setError(e);
      }
      try {
        const r = await api('/v1/autorecovery');
        if (stopped) return;
        setRecovery(r);
        setRecoveryError(undefined);
      } catch (e) {
        if (!stopped) setRecoveryError(e);
      }
      try {
        const m = metricSums(await api('/metrics'), COUNTERS);
        const p = last.current;
        if (p) {
          const dt = now - p.t;
          push(series.current.entries, now, (m[COUNTERS[0]] - p.m[COUNTERS[0]]) / dt);
          const n = m[COUNTERS[3]] - p.m[COUNTERS[3]];
          push(series.current.latency, now, n > 0 ? ((m[COUNTERS[2]] - p.m[COUNTERS[2]]) / n) * 1000 : 0);
        }
        last.current = { t: now, m };
        setMetricsError(undefined);
      } catch (e) {
        if (!stopped) setMetricsError(e);
      }
      if (!stopped) setTick((x) => x + 1);
    };
    void poll();
    const timer = setInterval(poll, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);

  const counts = { writable: 0, 'read-only': 0, down: 0 };
  for (const b of bookies?.bookies ?? []) counts[b.state]++;
  return html`<section>
    <h2>Bookies</h2>
    <${ErrorBox} error=${error} />
    ${bookies &&
    html`<p data-testid="bookie-counts">${counts.writable} writable, ${counts['read-only']} read-only, ${counts.down} down${bookies.truncated ? ' (list truncated)' : ''}</p>
      <table data-testid="bookies">
        <tr><th>Bookie</th><th>State</th><th>Address</th><th>Disk used / total</th><th>Adds/s · MiB/s in · reads/s</th></tr>
        ${bookies.bookies.map(
          (b) => html`<tr data-bookie=${b.bookieId}>
            <td>${b.bookieId}</td>
            <td><span class=${`state state-${b.state}`} data-testid="bookie-state">${b.state}</span></td>
            <td>${b.host !== undefined ? `${b.host}:${b.port}` : ''}</td>
            <td>${b.disk ? `${bytes(Number(b.disk.totalBytes) - Number(b.disk.freeBytes))} / ${bytes(b.disk.totalBytes)}` : html`<span class="note">not reported (no HTTP admin endpoint)</span>`}</td>
            <td data-testid="bookie-traffic">${trafficCell(b, traffic.current.get(b.bookieId))}</td>
          </tr>`,
        )}
      </table>`}
    <h2>Under-replicated ledgers and auditor</h2>
    <${ErrorBox} error=${recoveryError} />
    ${recovery &&
    html`<p data-testid="auditor">Auditor: ${recovery.auditor ?? html`<span class="note">none elected (no auto-recovery running)</span>`} ·
        re-replication ${recovery.replicationEnabled ? 'enabled' : html`<strong>disabled</strong>`} · lost-bookie delay ${recovery.lostBookieRecoveryDelaySeconds !== undefined ? `${recovery.lostBookieRecoveryDelaySeconds} s` : 'not set'}</p>
      ${recovery.underReplicated.length === 0
        ? html`<p data-testid="underreplicated-none">No under-replicated ledgers.</p>`
        : html`<table data-testid="underreplicated">
            <tr><th>Ledger</th><th>Missing replicas</th><th>Marked</th><th>Worker</th></tr>
            ${recovery.underReplicated.map(
              (u) => html`<tr data-ledger=${u.ledgerId}>
                <td>${u.ledgerId}</td><td>${u.missingReplicas.join(', ')}</td>
                <td>${u.markedMs !== undefined ? new Date(u.markedMs).toISOString() : ''}</td><td>${u.replicationWorker ?? ''}</td>
              </tr>`,
            )}
          </table>${recovery.truncated ? html`<p class="note">(list truncated)</p>` : null}`}`}
    <h2>Charts <span class="note">(this gateway, every ${POLL_MS / 1000} s)</span></h2>
    ${metricsError ? html`<p class="note" data-testid="charts-unavailable">Throughput and latency need /metrics (${metricsError.message}).</p>` : null}
    <div class="charts">
      <${Chart} title="Appends (entries/s)" unit="entries/s" series=${series.current.entries} testid="chart-appends" />
      <${Chart} title="Mean HTTP latency (ms)" unit="ms" series=${series.current.latency} testid="chart-latency" />
      <${Chart} title="Disk used, all bookies (MiB)" unit="MiB" series=${series.current.disk} testid="chart-disk" />
    </div>
  </section>`;
}

function trafficCell(b, t) {
  if (!b.traffic) return html`<span class="note">not reported</span>`;
  if (!t?.rate) return html`<span class="note">${Number(b.traffic.addsTotal).toLocaleString()} adds so far (rate after the next poll)</span>`;
  return `${t.rate.adds.toFixed(1)} · ${t.rate.mib.toFixed(2)} · ${t.rate.reads.toFixed(1)}`;
}
