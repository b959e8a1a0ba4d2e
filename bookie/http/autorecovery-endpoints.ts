// /api/v1/autorecovery/* (BookKeeper's ListUnderReplicatedLedgerService, WhoIsAuditorService,
// TriggerAuditService, LostBookieRecoveryDelayService, AutoRecoveryStatusService), over the
// under-replication tree in the bookie's metadata service; recovering and decommissioning a
// bookie (RecoveryBookieService, DecommissionService) are in bookie-recovery-endpoints.ts.
import { isQuireError } from '../../common/errors.js';
import { getCurrentAuditor } from '../../metadata/auditor-election.js';
import { UnderreplicationManager } from '../../metadata/underreplication-manager.js';
import type { AdminContext } from './admin-context.js';
import { addBookieRecoveryEndpoints } from './bookie-recovery-endpoints.js';
import { type AdminRouter, type AdminResponse, badRequest, jsonObject, notFound, ok } from './http-router.js';

/** Largest number of marks one list_under_replicated_ledger answer carries (the rest are counted, not listed). */
export const MAX_LISTED_UNDERREPLICATED = 10_000;

export function addAutoRecoveryEndpoints(router: AdminRouter, ctx: AdminContext): void {
  addBookieRecoveryEndpoints(router, ctx);
  let manager: Promise<UnderreplicationManager> | undefined;
  const urm = async (): Promise<UnderreplicationManager | AdminResponse> => {
    const md = ctx.metadata;
    if (!md) return { code: 503, body: 'no metadata service' };
    manager ??= UnderreplicationManager.open(md.store, md.root);
    return manager.catch((e: unknown) => {
      manager = undefined;
      throw e;
    });
  };
  const isResponse = (x: UnderreplicationManager | AdminResponse): x is AdminResponse => !(x instanceof UnderreplicationManager);

  router.add('/api/v1/autorecovery/list_under_replicated_ledger', async (req) => {
    if (req.method !== 'GET') return notFound('Not found method. Should be GET method');
    const m = await urm();
    if (isResponse(m)) return m;
    const include = req.params.get('missingreplica') ?? undefined;
    const exclude = req.params.get('excludingmissingreplica') ?? undefined;
    const printReplicas = req.params.get('printmissingreplica') === 'true';
    const keep = (r: readonly string[]) => (include === undefined || r.includes(include)) && (exclude === undefined || !r.includes(exclude));
    const ids: string[] = [];
    const withReplicas: Record<string, string[]> = {};
    let total = 0;
    for await (const u of m.listLedgersToRereplicate(keep)) {
      total++;
      if (total > MAX_LISTED_UNDERREPLICATED) continue;
      if (printReplicas) withReplicas[String(u.ledgerId)] = [...u.replicas];
      else ids.push(String(u.ledgerId));
    }
    if (total === 0) return { code: 404, body: 'No under replicated ledgers found' };
    return ok(printReplicas ? withReplicas : ids);
  });

  router.add('/api/v1/autorecovery/who_is_auditor', async (req) => {
    if (req.method !== 'GET') return notFound('Not found method. Should be GET method');
    const md = ctx.metadata;
    if (!md) return { code: 503, body: 'no metadata service' };
    const a = await getCurrentAuditor(md.store, md.root);
    return a === undefined ? { code: 404, body: 'No auditor elected' } : ok({ Auditor: a });
  });

  router.add('/api/v1/autorecovery/trigger_audit', async (req) => {
    if (req.method !== 'PUT') return notFound('Not found method. Should be PUT method');
    const m = await urm();
    if (isResponse(m)) return m;
    let delay = 0;
    try {
      delay = await m.getLostBookieRecoveryDelay();
    } catch (e) {
      if (!isQuireError(e, 'METADATA_NOT_FOUND')) throw e;
    }
    await m.setLostBookieRecoveryDelay(delay);
    return ok('Successfully triggered audit');
  });

  router.add('/api/v1/autorecovery/lost_bookie_recovery_delay', async (req) => {
    const m = await urm();
    if (isResponse(m)) return m;
    if (req.method === 'GET') {
      try {
        return ok(`lostBookieRecoveryDelay value: ${await m.getLostBookieRecoveryDelay()}`);
      } catch (e) {
        if (isQuireError(e, 'METADATA_NOT_FOUND')) return { code: 404, body: 'lostBookieRecoveryDelay is not set' };
        throw e;
      }
    }
    if (req.method === 'PUT') {
      const o = jsonObject(req.body);
      const d = o?.delay_seconds;
      if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) return badRequest('Request body must be {"delay_seconds": <whole seconds >= 0>}');
      await m.setLostBookieRecoveryDelay(d);
      return ok(`Successfully set lostBookieRecoveryDelay to ${d}`);
    }
    return notFound('Not found method. Should be GET or PUT method');
  });

  router.add('/api/v1/autorecovery/status', async (req) => {
    const m = await urm();
    if (isResponse(m)) return m;
    if (req.method === 'PUT') {
      const enabled = req.params.get('enabled');
      if (enabled !== 'true' && enabled !== 'false') return badRequest('Query parameter "enabled" must be true or false');
      const now = await m.isLedgerReplicationEnabled();
      if (enabled === 'true' && !now) await m.enableLedgerReplication();
      if (enabled === 'false' && now) await m.disableLedgerReplication();
    } else if (req.method !== 'GET') {
      return notFound('Not found method. Should be GET or PUT method');
    }
    return ok({ enabled: await m.isLedgerReplicationEnabled() });
  });
}
