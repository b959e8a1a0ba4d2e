// Logs: names; one log's segments; its records by offset or time; a live tail (long poll, so the
// token travels in a header — EventSource cannot send one).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, bytes, enc, showBytes, time } from './api.js';
import { ErrorBox, useAction, useApi } from './hooks.js';
import { html } from './html.js';
import { PAGE_SIZE } from './ledgers.js';

/** Records per page of the browser, and records the live tail keeps on screen. */
export const RECORDS_PER_PAGE = 50;
export const TAIL_KEEP = 500;
const TAIL_WAIT_MS = 10000;

export function LogList() {
  const [pageToken, setPageToken] = useState(undefined);
  const q = useApi(`/v1/logs?pageSize=${PAGE_SIZE}${pageToken ? `&pageToken=${enc(pageToken)}` : ''}`);
  return html`<section>
    <h2>Logs</h2>
    <${ErrorBox} error=${q.error} />
    ${q.data &&
    html`<ul data-testid="logs">
        ${q.data.logs.map((n) => html`<li><a href=${`#/logs/${enc(n)}`}>${n}</a></li>`)}
      </ul>
      ${q.data.logs.length === 0 ? html`<p class="note">No logs.</p>` : null}
      ${q.data.nextPageToken ? html`<button onClick=${() => setPageToken(q.data.nextPageToken)}>Next ${PAGE_SIZE}</button>` : null}`}
  </section>`;
}

function Records({ records, testid }) {
  return html`<table data-testid=${testid}>
    <tr><th>Offset</th><th>Timestamp</th><th>Key</th><th>Data</th></tr>
    ${records.map((r) => html`<tr data-offset=${r.offset}><td>${r.offset}</td><td>${time(r.timestampMs)}</td><td class="data">${showBytes(r.key)}</td><td class="data">${showBytes(r.data)}</td></tr>`)}
  </table>`;
}

function Browser({ name }) {
  const [from, setFrom] = useState('');
  const [page, setPage] = useState(undefined);
  const [error, setError] = useState(undefined);
  const load = async (offset) => {
    try {
      const p = await api(`/v1/logs/${enc(name)}/records?from=${offset}&limit=${RECORDS_PER_PAGE}`);
      setPage(p);
      setFrom(String(offset));
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  };
  const seek = async (e) => {
    e.preventDefault();
    const ms = Date.parse(e.target.elements.at.value);
    if (Number.isNaN(ms)) return setError(new Error('not a date/time'));
    try {
      const r = await api(`/v1/logs/${enc(name)}/seek?timestampMs=${ms}`);
      await load(r.offset);
    } catch (err) {
      setError(err);
    }
  };
  useEffect(() => void load(0), [name]);
  return html`<div>
    <form class="inline" onSubmit=${(e) => (e.preventDefault(), load(e.target.elements.from.value || '0'))}>
      <label>From offset <input name="from" data-testid="from-offset" size="10" value=${from} onInput=${(e) => setFrom(e.target.value)} /></label>
      <button data-testid="go-offset">Read</button>
    </form>
    <form class="inline" onSubmit=${seek}>
      <label>From time <input name="at" type="datetime-local" step="1" data-testid="from-time" /></label>
      <button>Seek</button>
    </form>
    <${ErrorBox} error=${error} />
    ${page &&
    html`<p class="note">offsets ${page.firstOffset} … ${page.endOffset} retained; showing up to ${RECORDS_PER_PAGE}</p>
      <${Records} records=${page.records} testid="records" />
      ${BigInt(page.nextOffset) < BigInt(page.endOffset) ? html`<button data-testid="next-page" onClick=${() => load(page.nextOffset)}>Next page</button>` : null}`}
  </div>`;
}

function Tail({ name, start }) {
  const [on, setOn] = useState(false);
  const [records, setRecords] = useState([]);
  const [error, setError] = useState(undefined);
  const next = useRef(start);
  useEffect(() => {
    if (!on) return undefined;
    const ctl = new AbortController();
    (async () => {
      while (!ctl.signal.aborted) {
        try {
          const p = await api(`/v1/logs/${enc(name)}/tail?from=${next.current}&waitMs=${TAIL_WAIT_MS}&limit=100`, { signal: ctl.signal });
          next.current = p.nextOffset;
          if (p.records.length > 0) setRecords((rs) => [...rs, ...p.records].slice(-TAIL_KEEP));
          setError(undefined);
        } catch (e) {
          if (ctl.signal.aborted) return;
          setError(e);
          await new Promise((r) => setTimeout(r, 2000));
        }
      }
    })();
    return () => ctl.abort();
  }, [on, name]);
  return html`<div>
    <button data-testid="tail-toggle" onClick=${() => setOn(!on)}>${on ? 'Stop live tail' : 'Start live tail'}</button>
    ${on ? html`<span class="note" data-testid="tail-on"> following from offset ${next.current} (last ${TAIL_KEEP} kept)</span>` : null}
    <${ErrorBox} error=${error} />
    <${Records} records=${records} testid="tail-records" />
  </div>`;
}

export function LogDetail({ name }) {
  const q = useApi(`/v1/logs/${enc(name)}`);
  const action = useAction();
  const l = q.data;
  return html`<section>
    <h2>Log ${name}</h2>
    <${ErrorBox} error=${q.error} />
    ${l &&
    html`<p data-testid="log-offsets">offsets ${l.firstOffset} … ${l.nextOffset} (next), ensemble ${l.ensembleSize}/${l.writeQuorumSize}/${l.ackQuorumSize}, writer ${l.owner ?? 'none'}</p>
      <h3>Segments</h3>
      <p class="note">An open segment's record count and size are known once it is sealed.</p>
      <table data-testid="log-segments">
        <tr><th>Ledger</th><th>Start offset</th><th>Records</th><th>Bytes</th><th>Created</th><th>Sealed</th></tr>
        ${l.segments.map((s) => html`<tr><td><a href=${`#/ledgers/${s.ledgerId}`}>${s.ledgerId}</a></td><td>${s.startOffset}</td><td>${s.sealed ? s.entryCount : 'open'}</td><td>${s.sealed ? bytes(s.bytes) : 'open'}</td><td>${time(s.createdMs)}</td><td>${s.sealed ? 'yes' : 'no'}</td></tr>`)}
      </table>
      <h3>Records</h3>
      <${Browser} name=${name} />
      <h3>Live tail</h3>
      <${Tail} name=${name} start=${l.nextOffset} />
      <h3>Admin</h3>
      <form class="inline" onSubmit=${(e) => {
        e.preventDefault();
        const before = e.target.elements.before.value;
        void action.run(`Drop every record of ${name} below offset ${before}?`, () => api(`/v1/logs/${enc(name)}/truncate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ before }) }));
      }}>
        <label>Truncate below offset <input name="before" size="10" data-testid="truncate-before" /></label>
        <button class="danger" data-testid="truncate">Truncate</button>
      </form>
      <button class="danger" data-testid="delete-log" onClick=${() => action.run(`Delete log ${name}, its cursors and segments?`, () => api(`/v1/logs/${enc(name)}`, { method: 'DELETE' }))}>Delete log</button>
      ${action.view}`}
  </section>`;
}
