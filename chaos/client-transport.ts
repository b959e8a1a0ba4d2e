// The workload's two ways into a gateway: REST (fetch) and gRPC (the raw proto-loader clients of
// gateway/grpc, without their SDK's retries: the workload's own retry loop decides, so one
// logical operation is one history entry however many attempts it took). Each method is ONE
// attempt against ONE gateway and answers the same normalized value over either transport, so
// the history and the checker's models do not know which was used. An attempt ends in one of
//   - a value;
//   - Definite: the gateway answered a non-retryable problem (REST problem+json `code`, gRPC
//     `quire-error-code` trailer with `quire-retryable: false`) — the operation's outcome;
//   - Retryable: the gateway answered a retryable problem — try again;
//   - anything else (a reset, a timeout, a gRPC status without the trailer): indefinite — try
//     again, and if the budget runs out the operation is `info`.
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { GrpcLedgerClient } from '../gateway/grpc/grpc-client.js';
import { quireCodeOf } from '../gateway/grpc/grpc-errors.js';
import { GrpcLogClient } from '../gateway/grpc/grpc-log-client.js';

export type Transport = 'rest' | 'grpc';

/** A gateway as the clients reach it: its REST base URL and its gRPC host:port. */
export interface GatewayEndpoint {
  readonly name: string;
  readonly url: string;
  readonly grpc: string;
}

export interface Gateways {
  live(): GatewayEndpoint[];
}

export class Definite extends Error {
  constructor(readonly code: string, readonly detail: string) {
    super(`${code}: ${detail}`);
  }
}

export class Retryable extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

export type Found<T> = { missing: true } | ({ missing?: false } & T);

/** A page of a ledger: payloads in entry order, the next entry to ask for (undefined: none), the LAC. */
export interface LedgerPage {
  readonly payloads: string[];
  readonly next: number | undefined;
  readonly lac: number;
}

export interface LogPage {
  readonly payloads: string[];
  readonly next: number;
  readonly end: number;
}

/** One attempt of each operation the workload makes, against gateway `g`. */
export interface ClientTransport {
  createLedger(g: GatewayEndpoint): Promise<string>;
  append(g: GatewayEndpoint, ledgerId: string, payload: string, producer: string, seq: number): Promise<number>;
  read(g: GatewayEndpoint, ledgerId: string, entryId: number): Promise<Found<{ payload: string }>>;
  lac(g: GatewayEndpoint, ledgerId: string): Promise<{ lac: number; sealed: boolean }>;
  close(g: GatewayEndpoint, ledgerId: string): Promise<number>;
  recover(g: GatewayEndpoint, ledgerId: string): Promise<void>;
  readPage(g: GatewayEndpoint, ledgerId: string, from: number): Promise<LedgerPage>;
  /** Throws Definite LOG_EXISTS when it is there already. */
  createLog(g: GatewayEndpoint, name: string): Promise<void>;
  logAppend(g: GatewayEndpoint, name: string, payload: string, producer: string, seq: number): Promise<number>;
  logRead(g: GatewayEndpoint, name: string, from: number, limit: number): Promise<LogPage>;
  cursorAdvance(g: GatewayEndpoint, name: string, cursor: string, offset: number): Promise<number>;
  cursorGet(g: GatewayEndpoint, name: string, cursor: string): Promise<Found<{ offset: number }>>;
}

const PASSWORD = 'chaos';
export const ATTEMPT_MS = 8000;
const LEDGER_PARAMS = { ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2 };
const ROLLOVER_ENTRIES = 15;

// --- REST ---------------------------------------------------------------------------------

interface Reply {
  status: number;
  body: unknown;
  bytes: Buffer;
}

async function rest(g: GatewayEndpoint, method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}, okStatuses = [200, 201]): Promise<Reply> {
  const r = await fetch(`${g.url}${path}`, { method, headers: init.headers, body: init.body, signal: AbortSignal.timeout(ATTEMPT_MS) });
  const bytes = Buffer.from(await r.arrayBuffer());
  const json = (r.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(bytes.toString('utf8')) as unknown) : undefined;
  if (okStatuses.includes(r.status)) return { status: r.status, body: json, bytes };
  const p = json as { code?: string; retryable?: boolean; detail?: string } | undefined;
  if (p?.retryable === true) throw new Retryable(p.code ?? String(r.status));
  throw new Definite(p?.code ?? `HTTP_${r.status}`, `${p?.detail ?? bytes.toString('utf8').slice(0, 200)} (via ${g.name})`);
}

const PW = { 'Quire-Ledger-Password': PASSWORD };
const JSON_BODY = { 'content-type': 'application/json' };
const producerHeaders = (producer: string, seq: number) => ({ 'content-type': 'application/octet-stream', 'Quire-Producer-Id': producer, 'Quire-Sequence': String(seq) });
const b64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

export const restTransport: ClientTransport = {
  async createLedger(g) {
    const r = await rest(g, 'POST', '/v1/ledgers', { headers: { ...PW, ...JSON_BODY }, body: JSON.stringify({ entryFormat: 'ENVELOPE', ...LEDGER_PARAMS }) });
    return (r.body as { ledgerId: string }).ledgerId;
  },
  async append(g, id, payload, producer, seq) {
    const r = await rest(g, 'POST', `/v1/ledgers/${id}/entries`, { headers: { ...PW, ...producerHeaders(producer, seq) }, body: payload });
    return Number((r.body as { entryId: string }).entryId);
  },
  async read(g, id, e) {
    const r = await rest(g, 'GET', `/v1/ledgers/${id}/entries/${e}`, { headers: PW }, [200, 404]);
    return r.status === 404 ? { missing: true } : { payload: r.bytes.toString('utf8') };
  },
  async lac(g, id) {
    const b = (await rest(g, 'GET', `/v1/ledgers/${id}/lac`, { headers: PW })).body as { lastAddConfirmed: string; sealed: boolean };
    return { lac: Number(b.lastAddConfirmed), sealed: b.sealed };
  },
  async close(g, id) {
    return Number(((await rest(g, 'POST', `/v1/ledgers/${id}/close`, { headers: PW })).body as { lastEntryId: string }).lastEntryId);
  },
  async recover(g, id) {
    await rest(g, 'POST', `/v1/ledgers/${id}/recover`, { headers: PW });
  },
  async readPage(g, id, from) {
    const p = (await rest(g, 'GET', `/v1/ledgers/${id}/entries?from=${from}&limit=100`, { headers: PW })).body as { entries: { data: string }[]; lastAddConfirmed: string; nextEntryId?: string };
    return { payloads: p.entries.map((e) => b64(e.data)), next: p.nextEntryId === undefined ? undefined : Number(p.nextEntryId), lac: Number(p.lastAddConfirmed) };
  },
  async createLog(g, name) {
    await rest(g, 'POST', '/v1/logs', { headers: JSON_BODY, body: JSON.stringify({ name, ...LEDGER_PARAMS, rollover: { maxEntries: ROLLOVER_ENTRIES } }) }, [201]);
  },
  async logAppend(g, name, payload, producer, seq) {
    return Number(((await rest(g, 'POST', `/v1/logs/${name}/records`, { headers: producerHeaders(producer, seq), body: payload })).body as { offset: string }).offset);
  },
  async logRead(g, name, from, limit) {
    const p = (await rest(g, 'GET', `/v1/logs/${name}/records?from=${from}&limit=${limit}`)).body as { records: { data: string }[]; nextOffset: string; endOffset: string };
    return { payloads: p.records.map((x) => b64(x.data)), next: Number(p.nextOffset), end: Number(p.endOffset) };
  },
  async cursorAdvance(g, name, cursor, offset) {
    const r = await rest(g, 'POST', `/v1/logs/${name}/cursors/${cursor}/advance`, { headers: JSON_BODY, body: JSON.stringify({ offset: String(offset) }) });
    return Number((r.body as { offset: string }).offset);
  },
  async cursorGet(g, name, cursor) {
    const r = await rest(g, 'GET', `/v1/logs/${name}/cursors/${cursor}`, {}, [200, 404]);
    return r.status === 404 ? { missing: true } : { offset: Number((r.body as { offset: string }).offset) };
  },
};

// --- gRPC ---------------------------------------------------------------------------------

type Msg = Record<string, unknown>;

/**
 * One channel pair per address, kept for the run (the addresses are the proxies', fixed). A short
 * reconnect back-off: after a partition heals the channel is usable within a second, instead of
 * grpc-js's default of up to two minutes. No keepalive: a held connection shows as calls past
 * their deadline (DEADLINE_EXCEEDED, indefinite, retried).
 */
const CHANNEL_OPTIONS = { 'grpc.initial_reconnect_backoff_ms': 100, 'grpc.max_reconnect_backoff_ms': 1000 };
const channels = new Map<string, { ledger: GrpcLedgerClient; log: GrpcLogClient }>();

function clients(g: GatewayEndpoint): { ledger: GrpcLedgerClient; log: GrpcLogClient } {
  let c = channels.get(g.grpc);
  if (!c) {
    c = { ledger: new GrpcLedgerClient(g.grpc, CHANNEL_OPTIONS), log: new GrpcLogClient(g.grpc, CHANNEL_OPTIONS) };
    channels.set(g.grpc, c);
  }
  return c;
}

/** Closes every gRPC channel (at the end of a run). */
export function closeGrpcChannels(): void {
  for (const c of channels.values()) {
    c.ledger.close();
    c.log.close();
  }
  channels.clear();
}

/** A gRPC failure as the REST path classifies it: only the gateway's trailer makes it definite. */
function classify(e: unknown, g: GatewayEndpoint): unknown {
  const err = e as Partial<ServiceError>;
  if (typeof err.code !== 'number') return e;
  const q = quireCodeOf(err);
  if (q.code === undefined) return new Error(`gRPC ${status[err.code] ?? err.code}: ${err.details ?? ''}`); // the transport's own status: indefinite
  if (q.retryable === true) return new Retryable(q.code);
  return new Definite(q.code, `${err.details ?? ''} (via ${g.name}, gRPC)`);
}

async function grpc<T>(g: GatewayEndpoint, f: (o: { timeoutMs: number; metadata: Metadata }) => Promise<T>): Promise<T> {
  try {
    return await f({ timeoutMs: ATTEMPT_MS, metadata: new Metadata() });
  } catch (e) {
    throw classify(e, g);
  }
}

const pw = { password: Buffer.from(PASSWORD) };
const utf8 = (b: unknown) => (b as Buffer).toString('utf8');

export const grpcTransport: ClientTransport = {
  async createLedger(g) {
    const r = await grpc(g, (o) => clients(g).ledger.unary('CreateLedger', { ...LEDGER_PARAMS, ...pw, entryFormat: 'ENTRY_FORMAT_ENVELOPE' }, o));
    return String(r.ledgerId);
  },
  async append(g, id, payload, producer, seq) {
    const r = await grpc(g, (o) => clients(g).ledger.unary('Append', { ledgerId: id, data: Buffer.from(payload), ...pw, producerId: producer, sequence: String(seq) }, o));
    return Number(r.entryId);
  },
  async read(g, id, e) {
    try {
      const r = await grpc(g, (o) => clients(g).ledger.unary('ReadEntry', { ledgerId: id, entryId: String(e), ...pw }, o));
      return { payload: utf8(r.data) };
    } catch (err) {
      // REST answers 404 for an entry past the LAC; gRPC NOT_FOUND with this code.
      if (err instanceof Definite && err.code === 'NO_SUCH_ENTRY') return { missing: true };
      throw err;
    }
  },
  async lac(g, id) {
    const r = await grpc(g, (o) => clients(g).ledger.unary('GetLastAddConfirmed', { ledgerId: id, ...pw }, o));
    return { lac: Number(r.lastAddConfirmed), sealed: r.sealed === true };
  },
  async close(g, id) {
    return Number((await grpc(g, (o) => clients(g).ledger.unary('Close', { ledgerId: id, ...pw }, o))).lastEntryId);
  },
  async recover(g, id) {
    await grpc(g, (o) => clients(g).ledger.unary('Recover', { ledgerId: id, ...pw }, o));
  },
  async readPage(g, id, from) {
    const msgs = await grpc(g, (o) => clients(g).ledger.collect<Msg>('ReadRange', { ledgerId: id, fromEntryId: String(from), maxEntries: 100, ...pw }, o));
    const entries = msgs.flatMap((m) => m.entries as { entryId: string; data: Buffer }[]);
    const last = msgs.at(-1);
    const lac = last === undefined ? from - 1 : Number(last.lastAddConfirmed);
    // The stream ends at the LAC or at max_entries: the next entry is the one after the last.
    return { payloads: entries.map((e) => utf8(e.data)), next: entries.length === 0 ? undefined : Number(entries.at(-1)!.entryId) + 1, lac };
  },
  async createLog(g, name) {
    await grpc(g, (o) => clients(g).log.unary('CreateLog', { name, ...LEDGER_PARAMS, rollover: { maxEntries: ROLLOVER_ENTRIES } }, o));
  },
  async logAppend(g, name, payload, producer, seq) {
    const r = await grpc(g, (o) => clients(g).log.unary('Append', { name, records: [{ data: Buffer.from(payload) }], producerId: producer, sequence: String(seq) }, o));
    return Number((r.receipts as { offset: string }[])[0]!.offset);
  },
  async logRead(g, name, from, limit) {
    const r = await grpc(g, (o) => clients(g).log.unary('Read', { name, fromOffset: String(from), maxRecords: limit }, o));
    return { payloads: (r.records as { data: Buffer }[]).map((x) => utf8(x.data)), next: Number(r.nextOffset), end: Number(r.endOffset) };
  },
  async cursorAdvance(g, name, cursor, offset) {
    return Number((await grpc(g, (o) => clients(g).log.unary('AdvanceCursor', { name, cursor, offset: String(offset) }, o))).offset);
  },
  async cursorGet(g, name, cursor) {
    try {
      return { offset: Number((await grpc(g, (o) => clients(g).log.unary('GetCursor', { name, cursor }, o))).offset) };
    } catch (err) {
      if (err instanceof Definite && err.code === 'NO_SUCH_CURSOR') return { missing: true };
      throw err;
    }
  },
};

export const TRANSPORTS: Record<Transport, ClientTransport> = { rest: restTransport, grpc: grpcTransport };
