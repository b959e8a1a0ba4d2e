// Ledgers: a page of ids, and one ledger's metadata (segments = ensembles, sizes) with delete.
import { useState } from 'preact/hooks';
import { api, bytes, time } from './api.js';
import { ErrorBox, useAction, useApi } from './hooks.js';
import { html } from './html.js';

export const PAGE_SIZE = 100;

export function LedgerList() {
  const [pageToken, setPageToken] = useState(undefined);
  const q = useApi(`/v1/ledgers?pageSize=${PAGE_SIZE}${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`);
  return html`<section>
    <h2>Ledgers</h2>
    <${ErrorBox} error=${q.error} />
    ${q.data &&
    html`<ul data-testid="ledgers">
        ${q.data.ledgers.map((id) => html`<li><a href=${`#/ledgers/${id}`}>${id}</a></li>`)}
      </ul>
      ${q.data.ledgers.length === 0 ? html`<p class="note">No ledgers.</p>` : null}
      ${q.data.nextPageToken ? html`<button onClick=${() => setPageToken(q.data.nextPageToken)}>Next ${PAGE_SIZE}</button>` : null}
      ${pageToken ? html`<button onClick=${() => setPageToken(undefined)}>First page</button>` : null}`}
  </section>`;
}

export function LedgerDetail({ id }) {
  const q = useApi(`/v1/ledgers/${id}`);
  const action = useAction();
  const l = q.data;
  return html`<section>
    <h2>Ledger ${id}</h2>
    <${ErrorBox} error=${q.error} />
    ${l &&
    html`<table data-testid="ledger-meta">
        <tr><th>State</th><td data-testid="ledger-state">${l.state}</td></tr>
        <tr><th>Ensemble / write / ack quorum</th><td>${l.ensembleSize} / ${l.writeQuorumSize} / ${l.ackQuorumSize}</td></tr>
        <tr><th>Digest</th><td>${l.digestType}</td></tr>
        <tr><th>Entry format</th><td>${l.entryFormat}</td></tr>
        <tr><th>Last entry id</th><td data-testid="ledger-last">${l.lastEntryId}</td></tr>
        <tr><th>Stored length</th><td>${bytes(l.storedLength)}</td></tr>
        <tr><th>Created</th><td>${time(l.createdAtMs)}</td></tr>
        <tr><th>Owner</th><td>${l.owner ?? ''}</td></tr>
        <tr><th>Custom metadata</th><td>${Object.entries(l.customMetadata).map(([k, v]) => `${k}=${v}`).join(', ')}</td></tr>
      </table>
      <h3>Segments (ensembles)</h3>
      <table data-testid="ledger-segments">
        <tr><th>First entry</th><th>Bookies</th></tr>
        ${l.segments.map((s) => html`<tr><td>${s.firstEntryId}</td><td>${s.bookies.join(', ')}</td></tr>`)}
      </table>
      <button class="danger" data-testid="delete-ledger" onClick=${() => action.run(`Delete ledger ${id} and its entries?`, () => api(`/v1/ledgers/${id}`, { method: 'DELETE' }))}>Delete ledger (admin)</button>
      ${action.view}`}
  </section>`;
}
