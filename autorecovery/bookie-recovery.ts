// BookKeeper's BookKeeperAdmin.recoverBookieData (`shell recover <bookie>`): every ledger that
// names one of the given bookies is locked (as a replication worker would), fenced and recovered
// when its last fragment is on them, its fragments on them copied elsewhere, and the metadata
// swapped. The bookies count as lost even if they are still running. Ledgers locked by a worker
// are left to that worker (and reported).
import { isQuireError } from '../common/errors.js';
import type { AutoRecoveryContext } from './autorecovery-context.js';
import { ReplicationWorker } from './replication-worker.js';

export interface BookieRecoveryResult {
  readonly recovered: bigint[];
  readonly lockedElsewhere: bigint[];
  readonly failed: { ledgerId: bigint; error: string }[];
}

export async function recoverBookieData(ctx: AutoRecoveryContext, bookies: readonly string[]): Promise<BookieRecoveryResult> {
  const { service, underreplication: urm } = ctx;
  const forceLost = new Set(bookies);
  const worker = new ReplicationWorker(ctx);
  const result: BookieRecoveryResult = { recovered: [], lockedElsewhere: [], failed: [] };
  for (const ledgerId of await service.ledgers.listLedgers()) {
    let md;
    try {
      md = (await service.ledgers.readLedgerMetadata(ledgerId)).metadata;
    } catch (e) {
      if (isQuireError(e, 'NO_SUCH_LEDGER')) continue;
      throw e;
    }
    if (!md.segments.some((s) => s.bookies.some((b) => forceLost.has(b)))) continue;
    try {
      await urm.acquireUnderreplicatedLedger(ledgerId);
    } catch (e) {
      if (isQuireError(e, 'METADATA_EXISTS')) {
        result.lockedElsewhere.push(ledgerId);
        continue;
      }
      throw e;
    }
    try {
      if (await worker.repairLedger(ledgerId, { forceLost, graceMs: 0 })) result.recovered.push(ledgerId);
      else result.failed.push({ ledgerId, error: 'a fragment still names a lost bookie' });
    } catch (e) {
      result.failed.push({ ledgerId, error: (e as Error).message });
    } finally {
      await urm.releaseUnderreplicatedLedger(ledgerId);
    }
  }
  return result;
}

