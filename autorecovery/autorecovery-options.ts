// Auto-recovery settings, by BookKeeper's names (ServerConfiguration), with BookKeeper's defaults
// unless noted. Times are in the unit BookKeeper uses for each key.
export interface AutoRecoveryOptions {
  /** Seconds between a bookie's disappearance and the audit that marks its ledgers (lostBookieRecoveryDelay; the value in the store wins). */
  readonly lostBookieRecoveryDelay: number;
  /** Seconds between full checks that read every fragment's first and last entry on each of its bookies (auditorPeriodicCheckInterval; 0 disables). */
  readonly auditorPeriodicCheckInterval: number;
  /** Percentage of each fragment's entries the periodic check (and a worker deciding what is lost) reads, besides the first and last (auditorLedgerVerificationPercentage; 0 = only those two). */
  readonly auditorLedgerVerificationPercentage: number;
  /** Seconds between checks of every closed ledger's ensembles against the placement policy (auditorPeriodicPlacementPolicyCheckInterval; 0 disables, BookKeeper's default). */
  readonly auditorPeriodicPlacementPolicyCheckInterval: number;
  /** Seconds after which the placement-policy check reports a mark as overdue (underreplicatedLedgerRecoveryGracePeriod; 0 disables). */
  readonly underreplicatedLedgerRecoveryGracePeriod: number;
  /** Seconds between checks of every bookie's list of entries of each closed ledger (auditorReplicasCheckInterval; 0 disables, BookKeeper's default). */
  readonly auditorReplicasCheckInterval: number;
  /** Seconds between checks of every ledger's bookies against the registrations (auditorPeriodicBookieCheckInterval; 0 disables). */
  readonly auditorPeriodicBookieCheckInterval: number;
  /** Milliseconds an open ledger whose last fragment lost a bookie is left to its writer before it is fenced (openLedgerRereplicationGracePeriod). */
  readonly openLedgerRereplicationGracePeriod: number;
  /** Entries copied at once while re-replicating a fragment (rereplicationEntryBatchSize). */
  readonly rereplicationEntryBatchSize: number;
  /** Milliseconds a worker waits after a failed ledger before it lets go of the ledger's lock (rwRereplicateBackoffMs). */
  readonly rwRereplicateBackoffMs: number;
  /** Quire: ms between polls of the mark tree when it was empty (BookKeeper watches the tree; the store has no recursive watch). */
  readonly underreplicatedPollIntervalMs: number;
  /** Quire: ledgers one worker re-replicates at once (BookKeeper's worker does one). */
  readonly rereplicationConcurrency: number;
}

export const DEFAULT_AUTORECOVERY_OPTIONS: AutoRecoveryOptions = {
  lostBookieRecoveryDelay: 0,
  auditorPeriodicCheckInterval: 604_800,
  auditorPeriodicBookieCheckInterval: 86_400,
  auditorLedgerVerificationPercentage: 0,
  auditorPeriodicPlacementPolicyCheckInterval: 0,
  underreplicatedLedgerRecoveryGracePeriod: 0,
  auditorReplicasCheckInterval: 0,
  openLedgerRereplicationGracePeriod: 30_000,
  rereplicationEntryBatchSize: 10,
  rwRereplicateBackoffMs: 5_000,
  underreplicatedPollIntervalMs: 1_000,
  rereplicationConcurrency: 1,
};

export function resolveAutoRecoveryOptions(partial: Partial<AutoRecoveryOptions> = {}): AutoRecoveryOptions {
  const o = { ...DEFAULT_AUTORECOVERY_OPTIONS, ...partial };
  if (!(o.auditorLedgerVerificationPercentage >= 0)) throw new RangeError('auditorLedgerVerificationPercentage must be >= 0');
  if (o.rereplicationEntryBatchSize < 1 || o.rereplicationConcurrency < 1) throw new RangeError('rereplicationEntryBatchSize and rereplicationConcurrency must be at least 1');
  return o;
}
