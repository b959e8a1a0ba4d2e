// The Quire web console (docs/console.md): preact + htm ES modules, served by the gateway, no
// build step. Routes live in the URL hash: #/cluster, #/ledgers[/id], #/logs[/name], #/blobs.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, token } from './api.js';
import { BlobList } from './blobs.js';
import { Cluster } from './cluster.js';
import { html } from './html.js';
import { LedgerDetail, LedgerList } from './ledgers.js';
import { LogDetail, LogList } from './logs.js';

const route = () => (location.hash.replace(/^#\/?/, '') || 'cluster').split('/');

function TokenForm({ reason, onSaved }) {
  const [value, setValue] = useState(token.get());
  return html`<section class="tokenbox" data-testid="token-form">
    <h2>Access token</h2>
    <p>${reason ?? 'This gateway checks bearer tokens.'} Paste a token: read permission shows the views, admin permission allows deletes and truncation. It is kept in this tab only (sessionStorage).</p>
    <form onSubmit=${(e) => (e.preventDefault(), token.set(value.trim()), onSaved())}>
      <textarea rows="4" name="token" data-testid="token-input" value=${value} onInput=${(e) => setValue(e.target.value)}></textarea>
      <p><button data-testid="token-save">Use this token</button> <button type="button" onClick=${() => (token.set(''), setValue(''), onSaved())}>Forget token</button></p>
    </form>
  </section>`;
}

function App() {
  const [r, setR] = useState(route());
  // undefined = checking, 'ok', or the reason a token is needed.
  const [access, setAccess] = useState(undefined);
  const [askToken, setAskToken] = useState(false);
  const check = () =>
    api('/v1/bookies').then(
      () => setAccess('ok'),
      (e) => setAccess(e.status === 401 ? (token.get() ? `The token was refused (${e.message}).` : 'This gateway needs a token.') : 'ok'),
    );
  useEffect(() => {
    const on = () => setR(route());
    addEventListener('hashchange', on);
    void check();
    return () => removeEventListener('hashchange', on);
  }, []);
  const [view, arg] = [r[0], r.slice(1).map(decodeURIComponent).join('/')];
  const link = (v, label) => html`<a href=${`#/${v}`} class=${view === v ? 'active' : ''} data-testid=${`nav-${v}`}>${label}</a>`;
  let body;
  if (access === undefined) body = html`<p>Connecting…</p>`;
  else if (access !== 'ok' || askToken) body = html`<${TokenForm} reason=${access !== 'ok' ? access : undefined} onSaved=${() => (setAskToken(false), setAccess(undefined), check())} />`;
  else if (view === 'ledgers') body = arg ? html`<${LedgerDetail} id=${arg} key=${arg} />` : html`<${LedgerList} />`;
  else if (view === 'logs') body = arg ? html`<${LogDetail} name=${arg} key=${arg} />` : html`<${LogList} />`;
  else if (view === 'blobs') body = html`<${BlobList} />`;
  else body = html`<${Cluster} />`;
  return html`<header>
      <strong>Quire</strong>${link('cluster', 'Cluster')}${link('ledgers', 'Ledgers')}${link('logs', 'Logs')}${link('blobs', 'Blobs')}
      <span class="spacer"></span>
      <a href="/docs" target="_blank">API</a>
      <a href="#" data-testid="nav-token" onClick=${(e) => (e.preventDefault(), setAskToken(true))}>${token.get() ? 'Token ✓' : 'Token'}</a>
    </header>
    <main>${body}</main>`;
}

const root = document.getElementById('app');
root.textContent = ''; // the "Loading…" text preact would otherwise keep beside the app
render(html`<${App} />`, root);
