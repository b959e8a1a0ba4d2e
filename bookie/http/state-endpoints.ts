// /api/v1/bookie/state, state/readonly, is_ready, sanity (BookKeeper's BookieStateService,
// BookieStateReadOnlyService, BookieIsReadyService, BookieSanityService).
import type { AdminContext } from './admin-context.js';
import { type AdminRouter, badRequest, jsonObject, notFound, ok } from './http-router.js';

export function addStateEndpoints(router: AdminRouter, ctx: AdminContext): void {
  router.add('/api/v1/bookie/state', (req) => {
    if (req.method !== 'GET') return notFound('Only support GET method to retrieve bookie state.');
    // BookKeeper's four fields, plus why the bookie is read-only (Quire).
    return ok({ ...ctx.state.snapshot(), readOnlyReasons: ctx.state.readOnlyReasons });
  });

  router.add('/api/v1/bookie/state/readonly', async (req) => {
    const st = ctx.state;
    if (req.method === 'PUT') {
      let want: boolean;
      try {
        const o = jsonObject(req.body);
        if (!o || typeof o.readOnly !== 'boolean') return badRequest('Request body must be {"readOnly": true|false}');
        want = o.readOnly;
      } catch (e) {
        return badRequest(`Failed to handle the request, exception: ${(e as Error).message}`);
      }
      if (st.isReadOnly && !want) {
        if (st.isForceReadOnly) return badRequest('Bookie is in forceReadOnly mode, cannot transit to writable mode');
        // Lifts the operator's read-only; a full disk or a failed journal keeps the bookie read-only.
        await st.transitionToWritableMode('manual');
      } else if (!st.isReadOnly && want) {
        if (!st.isReadOnlyModeEnabled) return badRequest('Bookie is disabled ReadOnly mode, cannot transit to readOnly mode');
        await st.transitionToReadOnlyMode('manual');
      } else if (!want) {
        await st.transitionToWritableMode('manual');
      }
    } else if (req.method !== 'GET') {
      return notFound('Unsupported method. Should be GET or PUT method');
    }
    return ok({ readOnly: st.isReadOnly });
  });

  router.add('/api/v1/bookie/is_ready', (req) => {
    if (req.method !== 'GET') return notFound('Only support GET method check if bookie is ready.');
    const st = ctx.state;
    return st.isRunning && !st.isShuttingDown ? ok('OK') : { code: 503, body: 'Bookie is not fully started yet' };
  });

  let sanityRunning = false;
  router.add('/api/v1/bookie/sanity', async (req) => {
    if (req.method !== 'GET') return notFound('Only support GET method to retrieve bookie sanity state.');
    if (ctx.config.forceReadOnlyBookie) return ok({ passed: false, readOnly: true });
    const cluster = ctx.cluster();
    if (!cluster) return { code: 503, body: 'The sanity test needs the bookie to run with a metadata service and a client (quire bookie wires one).' };
    // BookKeeper allows one sanity test at a time (each writes and deletes a ledger).
    if (sanityRunning) return { code: 500, body: 'Timing out due to max number of sanity request are running concurrently' };
    sanityRunning = true;
    try {
      const passed = await cluster.sanityTest(ctx.bookieId()).catch((err: unknown) => {
        ctx.log.warn({ err }, 'bookie sanity test failed');
        return false;
      });
      return ok({ passed, readOnly: false });
    } finally {
      sanityRunning = false;
    }
  });
}
