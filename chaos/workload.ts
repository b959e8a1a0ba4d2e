// The clients: concurrent workers that append, read, close and move cursors through the gateways'
// REST and gRPC APIs (a seeded share of the operations over gRPC, chaos/client-transport.ts; a
// random live gateway per attempt, as a load balancer would), recording every
// operation in the History. Appends carry a producer id and sequence, and a retry reuses them, so
// an append retried across failovers is still one operation (the gateway's exactly-once); only an
// append whose retries all failed is "info" (unknown). Ledgers and logs are rotated every few
// dozen operations so each object's history stays small enough for the checker to decide.
import { Definite, Retryable, TRANSPORTS, type ClientTransport, type GatewayEndpoint, type Gateways, type Transport } from './client-transport.js';
import type { History } from './history.js';
import type { Rng } from './rng.js';

/** An operation gives up (info) after retrying this long. */
const BUDGET_MS = 45_000;
/** The share of operations made over gRPC (drawn per operation from the worker's seeded stream). */
const GRPC_SHARE = 0.4;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One operation: attempts against a random live gateway until one answers a value or a definite
 * problem; network errors, timeouts and retryable problems are retried until the budget runs out.
 */
async function call<T>(gw: Gateways, rng: Rng, attempt: (g: GatewayEndpoint) => Promise<T>): Promise<T> {
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
      return await attempt(g);
    } catch (e) {
      if (e instanceof Definite) throw e;
      last = e instanceof Retryable ? e.code : e instanceof Error ? e.message : String(e);
    }
    await sleep(50 + rng.int(200));
  }
  throw new Error(`gave up after ${BUDGET_MS} ms: ${last}`);
}

/** Which transport an operation uses, and its client. */
function pick(rng: Rng): { transport: Transport; t: ClientTransport } {
  const transport: Transport = rng.next() < GRPC_SHARE ? 'grpc' : 'rest';
  return { transport, t: TRANSPORTS[transport] };
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
      const { t } = pick(ctx.rng);
      id = await call(ctx.gw, ctx.rng, (g) => t.createLedger(g));
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
        const { transport, t } = pick(ctx.rng);
        if (dice < 6) {
          const payload = `${key}-g${group}-w${w}-${seq}`;
          const op = ctx.h.invoke(proc, { f: 'append', key, payload, transport });
          try {
            const s = seq;
            const entryId = await call(ctx.gw, ctx.rng, (g) => t.append(g, id, payload, `w${w}`, s));
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
          const op = ctx.h.invoke(proc, { f: 'read', key, from: e, transport });
          try {
            const r = await call(ctx.gw, ctx.rng, (g) => t.read(g, id, e));
            ctx.h.complete(op, proc, 'ok', 'read', key, r.missing === true ? { missing: true } : { payload: r.payload });
          } catch (err) {
            ctx.h.complete(op, proc, 'fail', 'read', key, failure(err));
          }
        } else {
          const op = ctx.h.invoke(proc, { f: 'lac', key, transport });
          try {
            const r = await call(ctx.gw, ctx.rng, (g) => t.lac(g, id));
            ctx.h.complete(op, proc, 'ok', 'lac', key, r);
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
  const { transport, t } = pick(ctx.rng);
  const op = ctx.h.invoke(proc, { f: 'close', key, transport });
  try {
    const entryId = await call(ctx.gw, ctx.rng, (g) => t.close(g, id));
    ctx.h.complete(op, proc, 'ok', 'close', key, { entryId });
  } catch (e) {
    ctx.h.complete(op, proc, 'info', 'close', key, failure(e));
  }
}

/** A log group: create a named log (small segments, so rollovers happen), 2 appenders, 1 reader/cursor mover. */
export async function logGroup(ctx: WorkerCtx, group: number, procs: [number, number, number], touched: Touched, seed: number): Promise<void> {
  for (let round = 0; ctx.running(); round++) {
    const name = `chaos-s${seed}-g${group}-${round}`;
    try {
      const { t } = pick(ctx.rng);
      await call(ctx.gw, ctx.rng, (g) => t.createLog(g, name));
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
        const { transport, t } = pick(ctx.rng);
        const op = ctx.h.invoke(proc, { f: 'log-append', key, payload, transport });
        try {
          const s = seq;
          const offset = await call(ctx.gw, ctx.rng, (g) => t.logAppend(g, name, payload, `w${w}`, s));
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
        const { transport, t } = pick(ctx.rng);
        if (dice === 0) {
          const from = ctx.rng.int(acked + 2);
          const op = ctx.h.invoke(proc, { f: 'log-read', key, from, transport });
          try {
            const r = await call(ctx.gw, ctx.rng, (g) => t.logRead(g, name, from, 10));
            ctx.h.complete(op, proc, 'ok', 'log-read', key, { payloads: r.payloads });
          } catch (err) {
            ctx.h.complete(op, proc, 'fail', 'log-read', key, failure(err));
          }
        } else if (dice === 1 && acked >= 0) {
          const offset = ctx.rng.int(acked + 2);
          const op = ctx.h.invoke(proc, { f: 'cursor-advance', key: ckey, offset, transport });
          try {
            const o = await call(ctx.gw, ctx.rng, (g) => t.cursorAdvance(g, name, 'c', offset));
            ctx.h.complete(op, proc, 'ok', 'cursor-advance', ckey, { offset: o });
          } catch (err) {
            ctx.h.complete(op, proc, 'info', 'cursor-advance', ckey, failure(err));
          }
        } else {
          const op = ctx.h.invoke(proc, { f: 'cursor-get', key: ckey, transport });
          try {
            const r = await call(ctx.gw, ctx.rng, (g) => t.cursorGet(g, name, 'c'));
            ctx.h.complete(op, proc, 'ok', 'cursor-get', ckey, r.missing === true ? { missing: true } : { offset: r.offset });
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
    const { transport, t } = pick(ctx.rng);
    const op = ctx.h.invoke(proc, { f: 'final', key, transport });
    try {
      await call(ctx.gw, ctx.rng, (g) => t.recover(g, id));
      const payloads: string[] = [];
      for (let from = 0; ;) {
        const p = await call(ctx.gw, ctx.rng, (g) => t.readPage(g, id, from));
        payloads.push(...p.payloads);
        if (p.payloads.length === 0 || p.next === undefined || p.next > p.lac) break;
        from = p.next;
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
      const { transport, t } = pick(ctx.rng);
      const op = ctx.h.invoke(proc + i, { f: 'log-final', key, transport });
      try {
        const payloads: string[] = [];
        for (let from = 0; ;) {
          const p = await call(pinned, ctx.rng, (g) => t.logRead(g, name, from, 100));
          payloads.push(...p.payloads);
          if (p.payloads.length === 0 || p.next >= p.end) break;
          from = p.next;
        }
        ctx.h.complete(op, proc + i, 'ok', 'log-final', key, { payloads, detail: `via ${via} (${transport})` });
      } catch (e) {
        ctx.h.complete(op, proc + i, 'fail', 'log-final', key, failure(e));
      }
    }
  }
}
