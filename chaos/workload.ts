// The clients: concurrent workers that append, read, close and move cursors through the gateways'
// REST API (a random live gateway per attempt, as a load balancer would), recording every
// operation in the History. Appends carry a producer id and sequence, and a retry reuses them, so
// an append retried across failovers is still one operation (the gateway's exactly-once); only an
// append whose retries all failed is "info" (unknown). Ledgers and logs are rotated every few
// dozen operations so each object's history stays small enough for the checker to decide.
import type { History } from './history.js';
import type { Rng } from './rng.js';

export interface Gateways {
  live(): { name: string; url: string }[];
}

const PASSWORD = { 'Quire-Ledger-Password': 'chaos' };
const ATTEMPT_MS = 8000;
/** An operation gives up (info) after retrying this long. */
const BUDGET_MS = 45_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Reply {
  status: number;
  body: unknown;
  bytes: Buffer;
}

class Definite extends Error {
  constructor(readonly code: string, readonly status: number, readonly detail: string) {
    super(`${code}: ${detail}`);
  }
}

/** One request to a random live gateway; network errors and retryable problems are retried until the budget runs out. */
async function call(gw: Gateways, rng: Rng, method: string, path: string, init: { headers?: Record<string, string>; body?: string | Buffer } = {}, okStatuses = [200, 201]): Promise<Reply> {
  const deadline = Date.now() + BUDGET_MS;
  let last = '';
  while (Date.now() < deadline) {
    const live = gw.live();
    if (live.length === 0) {
      await sleep(200);
      continue;
    }
    const g = live[rng.int(live.length)]!;
    try {
      const r = await fetch(`${g.url}${path}`, { method, headers: init.headers, body: init.body, signal: AbortSignal.timeout(ATTEMPT_MS) });
      const bytes = Buffer.from(await r.arrayBuffer());
      const json = (r.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(bytes.toString('utf8')) as unknown) : undefined;
      if (okStatuses.includes(r.status)) return { status: r.status, body: json, bytes };
      const p = json as { code?: string; retryable?: boolean; detail?: string } | undefined;
      if (p?.retryable !== true) throw new Definite(p?.code ?? `HTTP_${r.status}`, r.status, `${p?.detail ?? bytes.toString('utf8').slice(0, 200)} (via ${g.name})`);
      last = p.code ?? String(r.status);
    } catch (e) {
      if (e instanceof Definite) throw e;
      last = e instanceof Error ? e.message : String(e);
    }
    await sleep(50 + rng.int(200));
  }
  throw new Error(`gave up after ${BUDGET_MS} ms: ${last}`);
}

interface WorkerCtx {
  readonly h: History;
  readonly gw: Gateways;
  readonly rng: Rng;
  readonly running: () => boolean;
}

/** Touched objects, for the final reads. */
export interface Touched {
  readonly ledgers: Set<string>;
  readonly logs: Set<string>;
}

/** A ledger group: create a ledger, 3 workers append/read on it for a while, one closes it, repeat. */
export async function ledgerGroup(ctx: WorkerCtx, group: number, procs: number[], touched: Touched): Promise<void> {
  for (let round = 0; ctx.running(); round++) {
    let id: string;
    try {
      const r = await call(ctx.gw, ctx.rng, 'POST', '/v1/ledgers', { headers: { ...PASSWORD, 'content-type': 'application/json' }, body: JSON.stringify({ entryFormat: 'ENVELOPE', ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2 }) });
      id = (r.body as { ledgerId: string }).ledgerId;
    } catch {
      continue; // not recorded: a create is not modelled (a lost create answer leaves an orphan, issue 20)
    }
    touched.ledgers.add(id);
    const key = `L${id}`;
    let ops = 0;
    const maxOps = 30 + ctx.rng.int(30);
    let acked = -1;
    let closing = false;
    // Worker 0 closes the ledger after maxOps while the others keep appending: a close races
    // appends in flight, and the appends after it must be refused (LEDGER_CLOSED).
    await Promise.all(procs.map(async (proc, w) => {
      let seq = 0;
      while (ctx.running() && ops < maxOps + 15) {
        if (w === 0 && ops >= maxOps) break;
        ops++;
        const dice = ctx.rng.int(10);
        if (dice < 6) {
          const payload = `${key}-g${group}-w${w}-${seq}`;
          const op = ctx.h.invoke(proc, { f: 'append', key, payload });
          try {
            const r = await call(ctx.gw, ctx.rng, 'POST', `/v1/ledgers/${id}/entries`, { headers: { ...PASSWORD, 'content-type': 'application/octet-stream', 'Quire-Producer-Id': `w${w}`, 'Quire-Sequence': String(seq) }, body: payload });
            const entryId = Number((r.body as { entryId: string }).entryId);
            acked = Math.max(acked, entryId);
            ctx.h.complete(op, proc, 'ok', 'append', key, { entryId });
          } catch (e) {
            if (e instanceof Definite && e.code === 'LEDGER_CLOSED') {
              ctx.h.complete(op, proc, 'fail', 'append', key, { error: e.code });
              return;
            }
            ctx.h.complete(op, proc, 'info', 'append', key, failure(e));
          }
          seq++;
        } else if (dice < 9) {
          const e = ctx.rng.int(acked + 2);
          const op = ctx.h.invoke(proc, { f: 'read', key, from: e });
          try {
            const r = await call(ctx.gw, ctx.rng, 'GET', `/v1/ledgers/${id}/entries/${e}`, { headers: PASSWORD }, [200, 404]);
            ctx.h.complete(op, proc, 'ok', 'read', key, r.status === 404 ? { missing: true } : { payload: r.bytes.toString('utf8') });
          } catch (err) {
            ctx.h.complete(op, proc, 'fail', 'read', key, failure(err));
          }
        } else {
          const op = ctx.h.invoke(proc, { f: 'lac', key });
          try {
            const r = await call(ctx.gw, ctx.rng, 'GET', `/v1/ledgers/${id}/lac`, { headers: PASSWORD });
            const b = r.body as { lastAddConfirmed: string; sealed: boolean };
            ctx.h.complete(op, proc, 'ok', 'lac', key, { lac: Number(b.lastAddConfirmed), sealed: b.sealed });
          } catch (err) {
            ctx.h.complete(op, proc, 'fail', 'lac', key, failure(err));
          }
        }
      }
      if (w === 0) {
        closing = true;
        await closeLedger(ctx, id, key, proc);
      }
    }));
    if (!closing) await closeLedger(ctx, id, key, procs[0]!);
  }
}

/** How a failure is recorded: the problem's code (the checker reads LEDGER_CLOSED) and its detail. */
function failure(e: unknown): { error: string; detail?: string } {
  if (e instanceof Definite) return { error: e.code, detail: e.detail };
  // Anything else (a network error, retries given up) is indefinite: recorded as the message alone.
  return { error: e instanceof Error ? e.message : String(e) };
}

async function closeLedger(ctx: WorkerCtx, id: string, key: string, proc: number): Promise<void> {
  const op = ctx.h.invoke(proc, { f: 'close', key });
  try {
    const r = await call(ctx.gw, ctx.rng, 'POST', `/v1/ledgers/${id}/close`, { headers: PASSWORD });
    ctx.h.complete(op, proc, 'ok', 'close', key, { entryId: Number((r.body as { lastEntryId: string }).lastEntryId) });
  } catch (e) {
    ctx.h.complete(op, proc, 'info', 'close', key, failure(e));
  }
}

/** A log group: create a named log (small segments, so rollovers happen), 2 appenders, 1 reader/cursor mover. */
export async function logGroup(ctx: WorkerCtx, group: number, procs: [number, number, number], touched: Touched, seed: number): Promise<void> {
  for (let round = 0; ctx.running(); round++) {
    const name = `chaos-s${seed}-g${group}-${round}`;
    try {
      await call(ctx.gw, ctx.rng, 'POST', '/v1/logs', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, rollover: { maxEntries: 15 } }) }, [201]);
    } catch (e) {
      if (!(e instanceof Definite && e.code === 'LOG_EXISTS')) continue;
    }
    touched.logs.add(name);
    const key = `G${name}`;
    const ckey = `C${name}/c`;
    let acked = -1;
    let ops = 0;
    const maxOps = 40 + ctx.rng.int(30);
    const appender = async (proc: number, w: number) => {
      for (let seq = 0; ctx.running() && ops < maxOps; seq++) {
        ops++;
        const payload = `${key}-w${w}-${seq}`;
        const op = ctx.h.invoke(proc, { f: 'log-append', key, payload });
        try {
          const r = await call(ctx.gw, ctx.rng, 'POST', `/v1/logs/${name}/records`, { headers: { 'content-type': 'application/octet-stream', 'Quire-Producer-Id': `w${w}`, 'Quire-Sequence': String(seq) }, body: payload });
          const offset = Number((r.body as { offset: string }).offset);
          acked = Math.max(acked, offset);
          ctx.h.complete(op, proc, 'ok', 'log-append', key, { offset });
        } catch (e) {
          ctx.h.complete(op, proc, 'info', 'log-append', key, failure(e));
        }
      }
    };
    const reader = async (proc: number) => {
      while (ctx.running() && ops < maxOps) {
        const dice = ctx.rng.int(3);
        if (dice === 0) {
          const from = ctx.rng.int(acked + 2);
          const op = ctx.h.invoke(proc, { f: 'log-read', key, from });
          try {
            const r = await call(ctx.gw, ctx.rng, 'GET', `/v1/logs/${name}/records?from=${from}&limit=10`);
            const recs = (r.body as { records: { offset: string; data: string }[] }).records;
            ctx.h.complete(op, proc, 'ok', 'log-read', key, { payloads: recs.map((x) => Buffer.from(x.data, 'base64').toString('utf8')) });
          } catch (err) {
            ctx.h.complete(op, proc, 'fail', 'log-read', key, failure(err));
          }
        } else if (dice === 1 && acked >= 0) {
          const offset = ctx.rng.int(acked + 2);
          const op = ctx.h.invoke(proc, { f: 'cursor-advance', key: ckey, offset });
          try {
            const r = await call(ctx.gw, ctx.rng, 'POST', `/v1/logs/${name}/cursors/c/advance`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offset: String(offset) }) });
            ctx.h.complete(op, proc, 'ok', 'cursor-advance', ckey, { offset: Number((r.body as { offset: string }).offset) });
          } catch (err) {
            ctx.h.complete(op, proc, 'info', 'cursor-advance', ckey, failure(err));
          }
        } else {
          const op = ctx.h.invoke(proc, { f: 'cursor-get', key: ckey });
          try {
            const r = await call(ctx.gw, ctx.rng, 'GET', `/v1/logs/${name}/cursors/c`, {}, [200, 404]);
            ctx.h.complete(op, proc, 'ok', 'cursor-get', ckey, r.status === 404 ? { missing: true } : { offset: Number((r.body as { offset: string }).offset) });
          } catch (err) {
            ctx.h.complete(op, proc, 'fail', 'cursor-get', ckey, failure(err));
          }
        }
        await sleep(20);
      }
    };
    await Promise.all([appender(procs[0], 0), appender(procs[1], 1), reader(procs[2])]);
  }
}

/** After the run, every fault healed: recover each ledger and read it all; read each log all. */
export async function finalReads(ctx: WorkerCtx, touched: Touched, proc: number): Promise<void> {
  for (const id of touched.ledgers) {
    const key = `L${id}`;
    const op = ctx.h.invoke(proc, { f: 'final', key });
    try {
      await call(ctx.gw, ctx.rng, 'POST', `/v1/ledgers/${id}/recover`, { headers: PASSWORD });
      const payloads: string[] = [];
      for (let from = 0; ;) {
        const r = await call(ctx.gw, ctx.rng, 'GET', `/v1/ledgers/${id}/entries?from=${from}&limit=100`, { headers: PASSWORD });
        const p = r.body as { entries: { entryId: string; data: string }[]; lastAddConfirmed: string; nextEntryId?: string };
        payloads.push(...p.entries.map((e) => Buffer.from(e.data, 'base64').toString('utf8')));
        if (p.entries.length === 0 || p.nextEntryId === undefined || Number(p.nextEntryId) > Number(p.lastAddConfirmed)) break;
        from = Number(p.nextEntryId);
      }
      ctx.h.complete(op, proc, 'ok', 'final', key, { payloads });
    } catch (e) {
      ctx.h.complete(op, proc, 'fail', 'final', key, failure(e));
    }
  }
  // Each log is read back through every gateway on its own (proc + i): a record only one of them
  // can see shows which path (the writer's view, the owner's, the bookies' LAC) lost sight of it.
  const gateways = ctx.gw.live().map((g) => g.name).sort();
  for (const name of touched.logs) {
    const key = `G${name}`;
    for (const [i, via] of gateways.entries()) {
      const pinned: Gateways = { live: () => ctx.gw.live().filter((g) => g.name === via) };
      const op = ctx.h.invoke(proc + i, { f: 'log-final', key });
      try {
        const payloads: string[] = [];
        for (let from = 0; ;) {
          const r = await call(pinned, ctx.rng, 'GET', `/v1/logs/${name}/records?from=${from}&limit=100`);
          const p = r.body as { records: { data: string }[]; nextOffset: string; endOffset: string };
          payloads.push(...p.records.map((x) => Buffer.from(x.data, 'base64').toString('utf8')));
          if (p.records.length === 0 || Number(p.nextOffset) >= Number(p.endOffset)) break;
          from = Number(p.nextOffset);
        }
        ctx.h.complete(op, proc + i, 'ok', 'log-final', key, { payloads, detail: `via ${via}` });
      } catch (e) {
        ctx.h.complete(op, proc + i, 'fail', 'log-final', key, failure(e));
      }
    }
  }
}
