// GET /v1/bookies: the cluster's bookies as the console's cluster view (and operators' scripts)
// need them: state from the registrations (writable, read-only; a cookie without a registration
// is down), and disk space and traffic counters (adds, reads, bytes: the console turns them into
// rates) from each bookie's own HTTP admin API when it registered one. The gateway never speaks
// the bookie protocol itself (lint rule), so GET_BOOKIE_INFO is not used.
import type { Express } from 'express';
import type { RegistrationClient } from '../../metadata/bookie-registration.js';
import { BOOKIE_RPC_PROTOCOL, type BookieServiceInfo } from '../../metadata/formats/bookie-service-info-format.js';
import type { components } from '../../openapi/gen/quire.js';

type BookieStatus = components['schemas']['BookieStatus'];

/** Bounds: bookies listed per call, disk probes in flight at once, and how long one may take. */
export const MAX_LISTED_BOOKIES = 1000;
export const DISK_PROBE_CONCURRENCY = 8;
export const DISK_PROBE_TIMEOUT_MS = 2000;

async function diskOf(httpUrl: string): Promise<BookieStatus['disk']> {
  try {
    const r = await fetch(new URL('/api/v1/bookie/info', httpUrl), { signal: AbortSignal.timeout(DISK_PROBE_TIMEOUT_MS) });
    if (!r.ok) return undefined;
    const b = (await r.json()) as { freeSpace?: unknown; totalSpace?: unknown };
    if (typeof b.freeSpace !== 'number' || typeof b.totalSpace !== 'number') return undefined;
    return { freeBytes: String(b.freeSpace), totalBytes: String(b.totalSpace) };
  } catch {
    // Down, slow or not Quire/BookKeeper: the view shows no disk figures for this bookie.
    return undefined;
  }
}

/** Sums of a Prometheus text exposition's samples by metric name (all label sets). */
function sums(text: string, names: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([A-Za-z_:][A-Za-z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m || !names.includes(m[1]!)) continue;
    const v = Number(m[3]);
    if (Number.isFinite(v)) out.set(m[1]!, (out.get(m[1]!) ?? 0) + v);
  }
  return out;
}

const TRAFFIC = { adds: 'bookie_BOOKIE_ADD_ENTRY_count', addBytes: 'bookie_BOOKIE_ADD_ENTRY_BYTES', reads: 'bookie_BOOKIE_READ_ENTRY_count', readBytes: 'bookie_BOOKIE_READ_ENTRY_BYTES' } as const;
/** A bookie's /metrics is a few hundred lines; anything far larger is not a bookie's. */
const MAX_METRICS_BYTES = 4 * 1024 * 1024;

async function trafficOf(httpUrl: string): Promise<BookieStatus['traffic']> {
  try {
    const r = await fetch(new URL('/metrics', httpUrl), { signal: AbortSignal.timeout(DISK_PROBE_TIMEOUT_MS) });
    if (!r.ok) return undefined;
    const text = await r.text();
    if (text.length > MAX_METRICS_BYTES) return undefined;
    const s = sums(text, Object.values(TRAFFIC));
    // A labelled histogram has no samples before its first observation: no add yet is 0 adds.
    if (!s.has(TRAFFIC.adds) && !text.includes('bookie_')) return undefined;
    const n = (k: string) => String(Math.round(s.get(k) ?? 0));
    return { addsTotal: n(TRAFFIC.adds), addBytesTotal: n(TRAFFIC.addBytes), readsTotal: n(TRAFFIC.reads), readBytesTotal: n(TRAFFIC.readBytes) };
  } catch {
    return undefined;
  }
}

function describe(bookieId: string, state: BookieStatus['state'], info: BookieServiceInfo | undefined): BookieStatus {
  const rpc = info?.endpoints.find((e) => e.protocol === BOOKIE_RPC_PROTOCOL);
  const http = info?.endpoints.find((e) => e.protocol === 'http');
  return {
    bookieId,
    state,
    ...(rpc ? { host: rpc.host, port: rpc.port } : {}),
    ...(http ? { httpUrl: `http://${http.host.includes(':') ? `[${http.host}]` : http.host}:${http.port}` } : {}),
  };
}

export async function listBookies(registration: RegistrationClient): Promise<{ bookies: BookieStatus[]; truncated: boolean }> {
  const [writable, readOnly, all] = await Promise.all([registration.getWritableBookies(), registration.getReadOnlyBookies(), registration.getAllBookies()]);
  const state = new Map<string, BookieStatus['state']>();
  for (const b of all) state.set(b, 'down');
  for (const b of readOnly) state.set(b, 'read-only');
  for (const b of writable) state.set(b, 'writable');
  const ids = [...state.keys()].sort();
  const listed = ids.slice(0, MAX_LISTED_BOOKIES);
  const out: BookieStatus[] = new Array<BookieStatus>(listed.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < listed.length) {
      const i = next++;
      const id = listed[i]!;
      const s = state.get(id)!;
      const info = s === 'down' ? undefined : await registration.getServiceInfo(id).catch(() => undefined);
      // Registered a moment ago but gone now: it is down.
      const st = describe(id, info === undefined && s !== 'down' ? 'down' : s, info);
      const [disk, traffic] = st.httpUrl !== undefined ? await Promise.all([diskOf(st.httpUrl), trafficOf(st.httpUrl)]) : [undefined, undefined];
      out[i] = { ...st, ...(disk ? { disk } : {}), ...(traffic ? { traffic } : {}) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(DISK_PROBE_CONCURRENCY, listed.length) }, worker));
  return { bookies: out, truncated: ids.length > listed.length };
}

export function mountBookieRoutes(app: Express, registration: RegistrationClient): void {
  app.get('/v1/bookies', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await listBookies(registration));
  });
}
