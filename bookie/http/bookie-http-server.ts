// The bookie's HTTP admin server (BookKeeper's httpServerEnabled / httpServerPort): the
// /api/v1/... endpoints of BookKeeper's BKHttpServiceProvider that apply to Quire, plus
// /heartbeat and /metrics (Prometheus text). docs/operations.md lists every path.
import type { Logger } from '../../common/logger.js';
import type { AdminContext } from './admin-context.js';
import { addAutoRecoveryEndpoints } from './autorecovery-endpoints.js';
import { addBookieEndpoints } from './bookie-endpoints.js';
import { addGcEndpoints } from './gc-endpoints.js';
import { AdminRouter, notFound, ok, startAdminServer } from './http-router.js';
import { addLedgerEndpoints } from './ledger-endpoints.js';
import { addStateEndpoints } from './state-endpoints.js';

export function adminRouter(ctx: AdminContext): AdminRouter {
  const router = new AdminRouter();
  router.add('/heartbeat', () => ok('OK\n'));
  router.add('/metrics', async () => ({ code: 200, body: await ctx.metrics.registry.metrics(), contentType: ctx.metrics.registry.contentType }));
  router.add('/api/v1/config/server_config', (req) => {
    if (req.method !== 'GET') {
      // Quire applies its configuration at start; BookKeeper's PUT changes only an in-memory copy.
      return notFound('Only GET is supported: Quire reads its configuration at start (bk_server.conf and flags).');
    }
    // ServerConfiguration.asJson(): every set key with its value as a string.
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(ctx.config)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(',') : String(v);
    return ok(out);
  });
  addLedgerEndpoints(router, ctx);
  addBookieEndpoints(router, ctx);
  addStateEndpoints(router, ctx);
  addGcEndpoints(router, ctx);
  addAutoRecoveryEndpoints(router, ctx);
  return router;
}

export function startBookieHttp(host: string, port: number, ctx: AdminContext, log: Logger): Promise<{ port: number; stop(): Promise<void> }> {
  return startAdminServer(host, port, adminRouter(ctx), log);
}
