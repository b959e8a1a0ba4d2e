// PUT /api/v1/autorecovery/bookie and /api/v1/autorecovery/decommission (BookKeeper's
// RecoveryBookieService and DecommissionService). As in BookKeeper the request only starts the
// work: the answer comes at once, the operation runs in the bookie's admin task queue (one at a
// time, in order) and its outcome goes to the log. The moving itself needs the quorum client,
// which the bookie reaches through the ClusterClientPort that cli/ wires.
import { checkBookieId } from '../../metadata/bookie-registration.js';
import { cookiePath, readCookie } from '../../metadata/cookie.js';
import type { MetadataService } from '../../metadata/metadata-service.js';
import type { AdminContext, ClusterClientPort } from './admin-context.js';
import { AdminTaskQueue, MAX_QUEUED_ADMIN_TASKS } from './admin-task-queue.js';
import { type AdminRequest, type AdminResponse, type AdminRouter, badRequest, methodNotAllowed, ok } from './http-router.js';

export const RECOVERY_BOOKIE_PATH = '/api/v1/autorecovery/bookie';
export const DECOMMISSION_PATH = '/api/v1/autorecovery/decommission';

const RECOVERY_BODY = '{"bookie_src": ["host:port", ...], "bookie_dest": ["host:port", ...] (optional), "delete_cookie": true|false (optional)}';
const DECOMMISSION_BODY = '{"bookie_src": "host:port", "delete_cookie": true|false (optional)}';

/** A request that cannot be started: its 400 text. */
class BadBody extends Error {}

function bodyObject(req: AdminRequest, form: string): Record<string, unknown> {
  if (req.body === undefined || req.body.trim() === '') throw new BadBody(`No request body provided. Expected ${form}`);
  let v: unknown;
  try {
    v = JSON.parse(req.body);
  } catch (e) {
    throw new BadBody(`Request body is not JSON (${(e as Error).message}). Expected ${form}`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new BadBody(`Request body must be a JSON object: ${form}`);
  return v as Record<string, unknown>;
}

function bookieIds(v: unknown, field: string, form: string): string[] {
  if (!Array.isArray(v) || v.length === 0 || !v.every((x): x is string => typeof x === 'string')) throw new BadBody(`"${field}" must be a non-empty list of bookie ids: ${form}`);
  return v.map((id) => bookieId(id, field));
}

function bookieId(v: unknown, field: string): string {
  if (typeof v !== 'string') throw new BadBody(`"${field}" must be a bookie id (host:port)`);
  try {
    checkBookieId(v);
  } catch (e) {
    throw new BadBody(`"${field}": ${(e as Error).message}`);
  }
  return v;
}

/** delete_cookie: a JSON boolean, or the string BookKeeper's DecommissionService parses ("true"/"false"). */
function deleteCookieOf(o: Record<string, unknown>): boolean {
  const v = o.delete_cookie;
  if (v === undefined || v === false || v === 'false') return false;
  if (v === true || v === 'true') return true;
  throw new BadBody('"delete_cookie" must be true or false');
}

async function deleteCookie(md: MetadataService, id: string): Promise<boolean> {
  const stored = await readCookie(md.store, md.root, id);
  if (!stored) return false;
  await md.store.delete(cookiePath(md.root, id), stored.version);
  return true;
}

export function addBookieRecoveryEndpoints(router: AdminRouter, ctx: AdminContext): void {
  const tasks = new AdminTaskQueue(ctx.log.child({ part: 'admin-tasks' }));
  const log = ctx.log;

  /** The parts both endpoints need, or the answer saying which is missing. */
  const parts = (): { md: MetadataService; cluster: ClusterClientPort } | AdminResponse => {
    const md = ctx.metadata;
    const cluster = ctx.cluster();
    if (!md || !cluster?.recoverBookies || !cluster.decommissionBookie) return { code: 503, body: 'Recovering and decommissioning need the bookie to run with a metadata service and a client (quire bookie wires one).' };
    return { md, cluster };
  };
  const queue = (name: string, run: () => Promise<void>, answer: string): AdminResponse => {
    if (!tasks.offer({ name, run })) return { code: 503, body: `${MAX_QUEUED_ADMIN_TASKS} recover/decommission requests are already running or waiting (${tasks.describe().join('; ')}): try again later` };
    return ok(answer);
  };
  const guarded = (handler: (req: AdminRequest) => Promise<AdminResponse>) => async (req: AdminRequest): Promise<AdminResponse> => {
    if (req.method !== 'PUT') return methodNotAllowed('PUT');
    try {
      return await handler(req);
    } catch (e) {
      if (e instanceof BadBody) return badRequest(e.message);
      throw e;
    }
  };

  router.add(
    RECOVERY_BOOKIE_PATH,
    guarded(async (req) => {
      const o = bodyObject(req, RECOVERY_BODY);
      const unknown = Object.keys(o).filter((k) => !['bookie_src', 'bookie_dest', 'delete_cookie'].includes(k));
      if (unknown.length > 0) throw new BadBody(`Unknown field(s) ${unknown.map((k) => JSON.stringify(k)).join(', ')}: ${RECOVERY_BODY}`);
      const sources = bookieIds(o.bookie_src, 'bookie_src', RECOVERY_BODY);
      const targets = o.bookie_dest === undefined ? undefined : bookieIds(o.bookie_dest, 'bookie_dest', RECOVERY_BODY);
      const del = deleteCookieOf(o);
      const p = parts();
      if (!('md' in p)) return p;
      if (targets) {
        const both = targets.filter((t) => sources.includes(t));
        if (both.length > 0) throw new BadBody(`${both.join(', ')} is both a source and a destination`);
        const writable = await p.md.registration.getWritableBookies();
        const absent = targets.filter((t) => !writable.includes(t));
        if (absent.length > 0) throw new BadBody(`bookie_dest ${absent.join(', ')} not registered as writable (writable: ${writable.join(', ') || 'none'})`);
      }
      return queue(
        `recover bookie ${sources.join(',')}`,
        async () => {
          const r = await p.cluster.recoverBookies!(sources, targets, ctx.bookieId());
          log.info({ bookies: sources, recovered: r.recovered.map(String), lockedElsewhere: r.lockedElsewhere.map(String), failed: r.failed.map((f) => ({ ledgerId: String(f.ledgerId), error: f.error })) }, `recovered ${r.recovered.length} ledgers from ${sources.join(',')}`);
          if (!del) return;
          // A failed ledger may still need the bookie's copies: its cookie stays until a rerun succeeds.
          if (r.failed.length > 0 || r.lockedElsewhere.length > 0) {
            log.warn({ bookies: sources }, 'cookies not deleted: some ledgers were not recovered by this request');
            return;
          }
          for (const id of sources) log.info({ bookie: id, deleted: await deleteCookie(p.md, id) }, 'cookie of the recovered bookie');
        },
        'Success send recovery request command.',
      );
    }),
  );

  router.add(
    DECOMMISSION_PATH,
    guarded(async (req) => {
      const o = bodyObject(req, DECOMMISSION_BODY);
      if (!('bookie_src' in o)) throw new BadBody(`Request body not contains bookie_src: ${DECOMMISSION_BODY}`);
      const id = bookieId(o.bookie_src, 'bookie_src');
      const del = deleteCookieOf(o);
      const p = parts();
      if (!('md' in p)) return p;
      // Live decommission reads from the bookie and turns it read-only: it must be there now.
      const all = await p.md.registration.getAllBookies();
      if (!all.includes(id)) throw new BadBody(`bookie ${id} is not registered: decommission moves data off a live bookie (registered: ${all.join(', ') || 'none'}); for a dead one use PUT ${RECOVERY_BOOKIE_PATH}`);
      return queue(
        `decommission bookie ${id}`,
        async () => {
          const lines = await p.cluster.decommissionBookie!(id);
          log.info({ bookie: id, summary: lines }, `decommissioned bookie ${id}`);
          if (del) {
            const deleted = await deleteCookie(p.md, id);
            log.info({ bookie: id, deleted }, deleted ? 'Cookie of the decommissioned bookie is deleted successfully' : 'No cookie to remove for the decommissioning bookie, it could be deleted already');
          }
        },
        `Success send decommission Bookie command ${id}`,
      );
    }),
  );
}

