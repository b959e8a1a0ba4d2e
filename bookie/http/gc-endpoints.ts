// /api/v1/bookie/gc, gc_details, gc/suspend_compaction, gc/resume_compaction (BookKeeper's
// TriggerGCService, GCDetailsService, SuspendCompactionService, ResumeCompactionService; same
// methods, JSON fields and texts). They drive the bookie's garbage collector through GcControl, a
// structural subset of bookie/storage/garbage-collector-api.ts's GarbageCollector, so the
// collector plugs in as is.
import type { AdminContext } from './admin-context.js';

export type { GcControl, GcStatsView, GcStatusJson } from './gc-control.js';
import { type AdminResponse, type AdminRouter, badRequest, jsonObject, notFound, ok, okJsonText } from './http-router.js';

const noGc = (): AdminResponse => ({ code: 503, body: 'This bookie has no garbage collector running.' });

/** Java's Boolean.parseBoolean(x.toString()): only "true" (any case) is true. */
function javaBoolean(v: unknown): boolean {
  return String(v).toLowerCase() === 'true';
}

export function addGcEndpoints(router: AdminRouter, ctx: AdminContext): void {
  router.add('/api/v1/bookie/gc', (req) => {
    const gc = ctx.gc();
    if (!gc) return noGc();
    if (req.method === 'PUT') {
      let body: Record<string, unknown> | undefined;
      try {
        body = jsonObject(req.body);
      } catch (e) {
        return badRequest(`Failed to handle the request, exception: ${(e as Error).message}`);
      }
      // Absent flags default to "not suspended", as TriggerGCService does.
      const forceMajor = body && 'forceMajor' in body ? javaBoolean(body.forceMajor) : !gc.isMajorGcSuspended;
      const forceMinor = body && 'forceMinor' in body ? javaBoolean(body.forceMinor) : !gc.isMinorGcSuspended;
      // The run goes on in the background; GET answers is_in_force_gc meanwhile.
      void gc.triggerGc(body === undefined ? {} : { forceMajor, forceMinor });
      return okJsonText(`Triggered GC on BookieServer: ${ctx.bookieId()}`);
    }
    if (req.method === 'GET') return ok({ is_in_force_gc: String(gc.isInForceGc) });
    return { code: 405, body: 'Not allowed method. Should be PUT to trigger GC, Or GET to get Force GC state.' };
  });

  router.add('/api/v1/bookie/gc_details', (req) => {
    const gc = ctx.gc();
    if (!gc) return noGc();
    if (req.method !== 'GET') return notFound('Only support GET method to retrieve GC details. If you want to trigger gc, send a POST to gc endpoint.');
    return ok(gc.details());
  });

  router.add('/api/v1/bookie/gc/suspend_compaction', (req) => {
    const gc = ctx.gc();
    if (!gc) return noGc();
    if (req.method === 'GET') {
      return ok({ isMajorGcSuspended: String(gc.isMajorGcSuspended), isMinorGcSuspended: String(gc.isMinorGcSuspended) });
    }
    if (req.method !== 'PUT') return notFound('Not found method. Should be PUT to suspend major or minor compaction, Or GET to get compaction state.');
    const flags = parseFlags(req.body, 'suspendMajor', 'suspendMinor');
    if (typeof flags === 'string') return badRequest(flags);
    let out = '';
    if (flags.major) {
      gc.suspendMajor();
      out = `Suspend majorGC on BookieServer: ${ctx.bookieId()}`;
    }
    if (flags.minor) {
      gc.suspendMinor();
      out += `, Suspend minorGC on BookieServer: ${ctx.bookieId()}`;
    }
    return okJsonText(out);
  });

  router.add('/api/v1/bookie/gc/resume_compaction', (req) => {
    const gc = ctx.gc();
    if (!gc) return noGc();
    if (req.method !== 'PUT') return notFound('Not found method. Should be PUT to resume major or minor compaction, Or GET to get compaction state.');
    const flags = parseFlags(req.body, 'resumeMajor', 'resumeMinor');
    if (typeof flags === 'string') return badRequest(flags);
    let out = '';
    if (flags.major) {
      gc.resumeMajor();
      out = `Resume majorGC on BookieServer: ${ctx.bookieId()}`;
    }
    if (flags.minor) {
      gc.resumeMinor();
      out += `, Resume minorGC on BookieServer: ${ctx.bookieId()}`;
    }
    return okJsonText(out);
  });
}

function parseFlags(body: string | undefined, majorKey: string, minorKey: string): { major: boolean; minor: boolean } | string {
  if (body === undefined) return 'Empty request body';
  let o: Record<string, unknown> | undefined;
  try {
    o = jsonObject(body);
  } catch (e) {
    return `Failed to handle the request, exception: ${(e as Error).message}`;
  }
  const major = o?.[majorKey];
  const minor = o?.[minorKey];
  if (major === undefined && minor === undefined) return `No ${majorKey} or ${minorKey} params found`;
  return { major: major === true, minor: minor === true };
}
