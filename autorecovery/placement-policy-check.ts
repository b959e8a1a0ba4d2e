// BookKeeper's AuditorPlacementPolicyCheckTask (auditorPeriodicPlacementPolicyCheckInterval):
// every closed ledger's ensembles (one per segment) are held against the placement policy the
// auditor places replacements with (ensemblePlacementPolicy and the rack keys); a ledger with a
// segment that FAILs is counted as not adhering and logged, one with a MEETS_SOFT segment (and
// none failing) as softly adhering. Open ledgers are skipped: their writer may still change the
// ensemble. Nothing is marked: BookKeeper marks only with repairedPlacementPolicyNotAdheringBookieEnable,
// whose worker side (moving a segment to bookies that follow the policy) Quire does not have.
// With underreplicatedLedgerRecoveryGracePeriod > 0 it also counts (and logs) the marks older than
// that many seconds.
import type { LedgerMetadata } from '../clients/quorum/index.js';
import type { AutoRecoveryContext } from './autorecovery-context.js';

export interface PlacementPolicyCheckResult {
  /** BookKeeper's gauge NUM_LEDGERS_NOT_ADHERING_TO_PLACEMENT_POLICY. */
  readonly ledgersNotAdhering: number;
  /** NUM_LEDGERS_SOFTLY_ADHERING_TO_PLACEMENT_POLICY. */
  readonly ledgersSoftlyAdhering: number;
  readonly closedLedgersAudited: number;
  /** NUM_UNDERREPLICATED_LEDGERS_ELAPSED_RECOVERY_GRACE_PERIOD (0 when the grace period is 0). */
  readonly urLedgersElapsedRecoveryGracePeriod: number;
}

export async function placementPolicyCheck(ctx: AutoRecoveryContext, ledgers: AsyncIterable<{ ledgerId: bigint; md: LedgerMetadata }>): Promise<PlacementPolicyCheckResult> {
  const { placement, underreplication: urm, options, log } = ctx;
  let urLedgersElapsedRecoveryGracePeriod = 0;
  const grace = options.underreplicatedLedgerRecoveryGracePeriod;
  if (grace > 0) {
    const late: bigint[] = [];
    for await (const m of urm.listLedgersToRereplicate()) {
      if (m.ctime !== undefined && (Date.now() - m.ctime) / 1000 > grace) late.push(m.ledgerId);
    }
    urLedgersElapsedRecoveryGracePeriod = late.length;
    if (late.length > 0) log.error({ urLedgers: late.map(String) }, 'under-replicated ledgers have elapsed underreplicatedLedgerRecoveryGracePeriod');
  }
  let ledgersNotAdhering = 0;
  let ledgersSoftlyAdhering = 0;
  let closedLedgersAudited = 0;
  for await (const { ledgerId, md } of ledgers) {
    if (md.state !== 'CLOSED') continue;
    let failed = false;
    let soft = false;
    for (const s of md.segments) {
      const adherence = await placement.isEnsembleAdheringToPlacementPolicy(s.bookies, md);
      if (adherence === 'FAIL') {
        failed = true;
        log.warn({ ledgerId: String(ledgerId), startEntryId: String(s.firstEntryId), ensemble: s.bookies, writeQuorumSize: md.writeQuorumSize, ackQuorumSize: md.ackQuorumSize }, 'segment is not adhering to the placement policy');
      } else if (adherence === 'MEETS_SOFT') {
        soft = true;
      }
    }
    if (failed) ledgersNotAdhering++;
    else if (soft) ledgersSoftlyAdhering++;
    closedLedgersAudited++;
  }
  return { ledgersNotAdhering, ledgersSoftlyAdhering, closedLedgersAudited, urLedgersElapsedRecoveryGracePeriod };
}
