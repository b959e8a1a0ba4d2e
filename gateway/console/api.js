// Calls to the gateway's API with the user's bearer token (kept in sessionStorage: it goes away
// with the tab, and is never put in a URL).
const KEY = 'quire.console.token';

export const token = {
  get: () => sessionStorage.getItem(KEY) ?? '',
  set: (t) => (t ? sessionStorage.setItem(KEY, t) : sessionStorage.removeItem(KEY)),
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(`${status} ${problem.code ?? ''}: ${problem.detail ?? problem.title ?? ''}`.trim());
    this.status = status;
    this.problem = problem;
  }
}

export async function api(path, opts = {}) {
  const headers = { ...(opts.headers ?? {}) };
  const t = token.get();
  if (t) headers.authorization = `Bearer ${t}`;
  const r = await fetch(path, { ...opts, headers });
  const type = r.headers.get('content-type') ?? '';
  if (!r.ok) {
    const problem = type.includes('json') ? await r.json().catch(() => ({})) : { detail: await r.text() };
    throw new ApiError(r.status, problem);
  }
  if (r.status === 204) return null;
  return type.includes('json') ? r.json() : r.text();
}

export const enc = encodeURIComponent;

/** A record or entry payload for people: UTF-8 text when it is printable, else base64. */
export function showBytes(b64) {
  if (b64 === undefined) return '';
  const bin = atob(b64);
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // eslint-disable-next-line no-control-regex
    if (!/[\u0000-\u0008\u000e-\u001f]/.test(text)) return text.length > 2000 ? text.slice(0, 2000) + '…' : text;
  } catch {
    // not UTF-8: fall through
  }
  return `base64:${b64.length > 2000 ? b64.slice(0, 2000) + '…' : b64}`;
}

export function bytes(n) {
  const v = Number(n);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let d = v;
  while (d >= 1024 && i < units.length - 1) {
    d /= 1024;
    i++;
  }
  return `${i === 0 ? d : d.toFixed(1)} ${units[i]}`;
}

export const time = (ms) => (ms === undefined ? '' : new Date(ms).toISOString());
