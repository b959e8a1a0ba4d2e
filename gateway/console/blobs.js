// Blobs: a page of names with size, type and the ledger holding each, and delete.
import { useState } from 'preact/hooks';
import { api, bytes, enc, time } from './api.js';
import { ErrorBox, useAction, useApi } from './hooks.js';
import { html } from './html.js';
import { PAGE_SIZE } from './ledgers.js';

export function BlobList() {
  const [pageToken, setPageToken] = useState(undefined);
  const q = useApi(`/v1/blobs?pageSize=${PAGE_SIZE}${pageToken ? `&pageToken=${enc(pageToken)}` : ''}`);
  const action = useAction();
  return html`<section>
    <h2>Blobs</h2>
    <${ErrorBox} error=${q.error} />
    ${action.view}
    ${q.data &&
    html`<table data-testid="blobs">
        <tr><th>Name</th><th>Size</th><th>Content type</th><th>Ledger</th><th>Created</th><th>SHA-256</th><th></th></tr>
        ${q.data.blobs.map(
          (b) => html`<tr data-blob=${b.name}>
            <td>${b.name}</td><td>${bytes(b.size)}</td><td>${b.contentType}</td><td><a href=${`#/ledgers/${b.ledgerId}`}>${b.ledgerId}</a></td><td>${time(b.createdAtMs)}</td><td><code>${b.sha256.slice(0, 16)}…</code></td>
            <td><button class="danger" onClick=${() => action.run(`Delete blob ${b.name}?`, async () => { await api(`/v1/blobs/${enc(b.name)}`, { method: 'DELETE' }); q.reload(); })}>Delete</button></td>
          </tr>`,
        )}
      </table>
      ${q.data.blobs.length === 0 ? html`<p class="note">No blobs.</p>` : null}
      ${q.data.nextPageToken ? html`<button onClick=${() => setPageToken(q.data.nextPageToken)}>Next ${PAGE_SIZE}</button>` : null}`}
  </section>`;
}
