// Loading state for one API call, and the error box every view shows.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import { html } from './html.js';

export function useApi(path) {
  const [state, setState] = useState({ loading: true });
  const reload = useCallback(() => {
    if (path === undefined) return;
    setState((s) => ({ ...s, loading: true }));
    api(path).then(
      (data) => setState({ data }),
      (error) => setState({ error }),
    );
  }, [path]);
  useEffect(reload, [reload]);
  return { ...state, reload };
}

export function ErrorBox({ error }) {
  if (!error) return null;
  const hint = error.status === 401 ? ' — set a token (top right)' : error.status === 403 ? ' — this token does not allow it' : '';
  return html`<p class="error" data-testid="error">${error.message}${hint}</p>`;
}

/** An admin action: asks first, then shows the outcome (a 403 for a read-only token). */
export function useAction() {
  const [outcome, setOutcome] = useState(undefined);
  const run = async (question, fn) => {
    if (!window.confirm(question)) return;
    try {
      await fn();
      setOutcome({ ok: true });
    } catch (error) {
      setOutcome({ error });
    }
  };
  const view = outcome?.error ? html`<${ErrorBox} error=${outcome.error} />` : outcome?.ok ? html`<p class="note" data-testid="action-ok">done</p>` : null;
  return { run, view };
}
