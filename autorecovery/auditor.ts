// BookKeeper's Auditor (the elected one per cluster):
// - watches the bookie registrations (writable and read-only); when a bookie goes away it waits
//   lostBookieRecoveryDelay seconds (the value under underreplication/lostBookieRecoveryDelay,
//   else the configured one) and then audits: every ledger whose metadata names a bookie that
//   is not registered is marked under-replicated with those bookies as its missing replicas.
//   A bookie that comes back within the delay costs nothing. A change of the delay node cancels
//   the wait and audits at once (that is how `triggeraudit` works, as in BookKeeper).
// - audits once on start (the previous auditor may have died before marking), and every
//   auditorPeriodicBookieCheckInterval seconds.
// - every auditorPeriodicCheckInterval seconds reads the first and last entry of every fragment
//   with a known end (and auditorLedgerVerificationPercentage of the others) from its bookie and
//   marks the ledger when a registered bookie says it does not have one (a wiped disk no
//   registration change announced). When a check finishes its time goes to
//   underreplication/checkallledgersctime; a new auditor waits out the rest of the interval from
//   there (at once when there is none), as BookKeeper's does.
// - every auditorPeriodicPlacementPolicyCheckInterval seconds counts the closed ledgers whose
//   ensembles break the placement policy (placement-policy-check.ts; placementpolicycheckctime).
// - every auditorReplicasCheckInterval seconds asks each bookie which entries of every closed
//   ledger it holds and counts the ledgers short of replicas (replicas-check.ts; replicascheckctime).
// - audits nothing while auto-recovery is disabled (underreplication/disable); it audits when
//   it is enabled again.
import type { LedgerMetadata } from '../clients/quorum/index.js';
import { isQuireError } from '../common/errors.js';
import type { WatchHandle } from '../metadata/metadata-store.js';
import type { AuditorCheck } from '../metadata/underreplication-manager.js';
import { registeredBookies, type AutoRecoveryContext } from './autorecovery-context.js';
import { entriesToVerify, fragmentsOf } from './ledger-fragments.js';
import { placementPolicyCheck } from './placement-policy-check.js';
import { replicasCheck } from './replicas-check.js';
import { isMissingEntry } from './ledger-fragment-replicator.js';

export interface AuditorStats {
  audits: number;
  ledgersMarked: number;
  checks: number;
  placementPolicyChecks: number;
  /** The last placement-policy check's counts (BookKeeper's gauges), until the next one. */
  ledgersNotAdheringToPlacementPolicy: number;
  ledgersSoftlyAdheringToPlacementPolicy: number;
  urLedgersElapsedRecoveryGracePeriod: number;
  replicasChecks: number;
  /** The last replicas check's counts (BookKeeper's gauges), until the next one. */
  ledgersHavingNoReplicaOfAnEntry: number;
  ledgersHavingLessThanAQReplicasOfAnEntry: number;
  ledgersHavingLessThanWQReplicasOfAnEntry: number;
}

export class Auditor {
  readonly stats: AuditorStats = {
    audits: 0,
    ledgersMarked: 0,
    checks: 0,
    placementPolicyChecks: 0,
    ledgersNotAdheringToPlacementPolicy: 0,
    ledgersSoftlyAdheringToPlacementPolicy: 0,
    urLedgersElapsedRecoveryGracePeriod: 0,
    replicasChecks: 0,
    ledgersHavingNoReplicaOfAnEntry: 0,
    ledgersHavingLessThanAQReplicasOfAnEntry: 0,
    ledgersHavingLessThanWQReplicasOfAnEntry: 0,
  };
  private readonly watches: WatchHandle[] = [];
  /** Timeouts and intervals (Node clears either with clearInterval). */
  private readonly timers: NodeJS.Timeout[] = [];
  private delayed: NodeJS.Timeout | undefined;
  private known = new Set<string>();
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly ctx: AutoRecoveryContext,
    /** Called after marks were written (the worker in this process looks at once). */
    private readonly onMarked: () => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    const { service, underreplication: urm, options } = this.ctx;
    await urm.initializeLostBookieRecoveryDelay(options.lostBookieRecoveryDelay);
    this.known = await registeredBookies(this.ctx);
    const onBookies = () => void this.bookiesChanged();
    this.watches.push(service.registration.watchWritableBookies(onBookies), service.registration.watchReadOnlyBookies(onBookies));
    this.watches.push(urm.watchLostBookieRecoveryDelay(() => this.auditNow('lostBookieRecoveryDelay changed')));
    this.watches.push(urm.watchReplicationEnabled(() => this.auditNow('auto-recovery enabled or disabled')));
    await Promise.all(this.watches.map((w) => w.ready));
    if (options.auditorPeriodicBookieCheckInterval > 0) this.timers.push(setInterval(() => this.auditNow('periodic bookie check'), options.auditorPeriodicBookieCheckInterval * 1000));
    // The previous auditor may have died between a loss and its audit.
    await this.scheduleAudit('auditor started');
    if (options.auditorPeriodicCheckInterval > 0) await this.schedulePeriodic('checkAllLedgers', options.auditorPeriodicCheckInterval, () => this.checkAllLedgers());
    if (options.auditorPeriodicPlacementPolicyCheckInterval > 0) {
      await this.schedulePeriodic('placementPolicyCheck', options.auditorPeriodicPlacementPolicyCheckInterval, () => this.placementPolicyCheck());
    }
    if (options.auditorReplicasCheckInterval > 0) await this.schedulePeriodic('replicasCheck', options.auditorReplicasCheckInterval, () => this.replicasCheck());
  }

  /**
   * BookKeeper's scheduling of a periodic check: the first run waits what is left of the interval
   * since the stored end of the last run (at once when none is stored or it is older than the
   * interval), then one run every interval; so a restarted or newly elected auditor does not redo
   * a check the previous one just finished.
   */
  private async schedulePeriodic(check: AuditorCheck, intervalSec: number, run: () => Promise<void>): Promise<void> {
    let last = -1;
    try {
      last = await this.ctx.underreplication.getCheckCTime(check);
    } catch (err) {
      this.ctx.log.warn({ err, check }, 'auditor: cannot read when the check last ran; running it now');
    }
    const since = last === -1 ? -1 : Math.max(0, Math.floor((Date.now() - last) / 1000));
    const initialDelay = last === -1 || since > intervalSec ? 0 : intervalSec - since;
    this.ctx.log.info({ check, lastRun: last, initialDelay, interval: intervalSec }, 'periodic check scheduled');
    const first = () => {
      if (this.stopped) return;
      void this.enqueue(run);
      this.timers.push(setInterval(() => void this.enqueue(run), intervalSec * 1000));
    };
    if (initialDelay === 0) first();
    else this.timers.push(setTimeout(first, initialDelay * 1000));
  }

  /** Resolves when the audits and checks queued so far are done (tests). */
  idle(): Promise<void> {
    return this.running;
  }

  /** Stores the end of a check (BookKeeper logs a failure and goes on). */
  private async checkDone(check: AuditorCheck): Promise<void> {
    try {
      await this.ctx.underreplication.setCheckCTime(check, Date.now());
    } catch (err) {
      this.ctx.log.warn({ err, check }, 'auditor: cannot store when the check ran');
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const w of this.watches.splice(0)) w();
    for (const t of this.timers.splice(0)) clearInterval(t);
    if (this.delayed) clearTimeout(this.delayed);
    this.delayed = undefined;
    await this.running.catch(() => undefined);
  }

  /** Runs fn after whatever audit or check is running (one at a time). */
  private enqueue(fn: () => Promise<void>): Promise<void> {
    const next = this.running.then(async () => {
      if (this.stopped) return;
      try {
        await fn();
      } catch (err) {
        this.ctx.log.warn({ err }, 'auditor: audit failed; the next trigger retries');
      }
    });
    this.running = next;
    return next;
  }

  private auditNow(reason: string): void {
    if (this.delayed) clearTimeout(this.delayed);
    this.delayed = undefined;
    void this.enqueue(() => this.auditBookies(reason));
  }

  private async bookiesChanged(): Promise<void> {
    if (this.stopped) return;
    try {
      const now = await registeredBookies(this.ctx);
      const lost = [...this.known].filter((b) => !now.has(b));
      for (const b of now) this.known.add(b);
      if (lost.length === 0) return;
      this.ctx.log.info({ lost }, 'bookies lost');
      await this.scheduleAudit(`lost ${lost.join(', ')}`);
    } catch (err) {
      this.ctx.log.warn({ err }, 'auditor: cannot list bookies');
    }
  }

  private async scheduleAudit(reason: string): Promise<void> {
    if (this.stopped || this.delayed) return;
    let delay = this.ctx.options.lostBookieRecoveryDelay;
    try {
      delay = await this.ctx.underreplication.getLostBookieRecoveryDelay();
    } catch (e) {
      if (!isQuireError(e, 'METADATA_NOT_FOUND')) throw e;
    }
    if (delay <= 0) return this.auditNow(reason);
    this.delayed = setTimeout(() => {
      this.delayed = undefined;
      void this.enqueue(() => this.auditBookies(reason));
    }, delay * 1000);
  }

  /** Every ledger's metadata (one deleted meanwhile is skipped), until the auditor stops. */
  private async *existingLedgers(): AsyncGenerator<{ ledgerId: bigint; md: LedgerMetadata }> {
    const { service } = this.ctx;
    for (const ledgerId of await service.ledgers.listLedgers()) {
      if (this.stopped) return;
      let md: LedgerMetadata;
      try {
        md = (await service.ledgers.readLedgerMetadata(ledgerId)).metadata;
      } catch (e) {
        if (isQuireError(e, 'NO_SUCH_LEDGER')) continue;
        throw e;
      }
      yield { ledgerId, md };
    }
  }

  /** BookKeeper's auditBookies: marks every ledger naming a bookie that is not registered. */
  private async auditBookies(reason: string): Promise<void> {
    const { underreplication: urm, log } = this.ctx;
    if (!(await urm.isLedgerReplicationEnabled())) {
      log.info({ reason }, 'auditor: auto-recovery is disabled; not auditing');
      return;
    }
    this.stats.audits++;
    const registered = await registeredBookies(this.ctx);
    this.known = new Set(registered);
    let marked = 0;
    for await (const { ledgerId, md } of this.existingLedgers()) {
      const missing = [...new Set(md.segments.flatMap((s) => s.bookies))].filter((b) => !registered.has(b));
      if (missing.length === 0) continue;
      await urm.markLedgerUnderreplicated(ledgerId, missing);
      marked++;
    }
    this.stats.ledgersMarked += marked;
    log.info({ reason, marked }, 'audit done');
    if (marked > 0) this.onMarked();
  }

  /** BookKeeper's checkAllLedgers: each fragment's first and last entry, and auditorLedgerVerificationPercentage of the rest. */
  async checkAllLedgers(): Promise<void> {
    const { service, underreplication: urm, bookies, log } = this.ctx;
    if (!(await urm.isLedgerReplicationEnabled())) return;
    this.stats.checks++;
    const registered = await registeredBookies(this.ctx);
    let marked = 0;
    for await (const { ledgerId, md } of this.existingLedgers()) {
      const bad = new Set<string>();
      for (const f of fragmentsOf(md)) {
        if (bad.has(f.bookie)) continue;
        if (!registered.has(f.bookie)) {
          bad.add(f.bookie);
          continue;
        }
        for (const e of entriesToVerify(md, f, this.ctx.options.auditorLedgerVerificationPercentage)) {
          try {
            await bookies.readEntry(f.bookie, ledgerId, e);
          } catch (err) {
            if (isMissingEntry(err)) {
              bad.add(f.bookie);
              break;
            }
          }
        }
      }
      if (bad.size === 0) continue;
      // Deleted between listing and reading: not under-replicated.
      if (!(await service.ledgers.exists(ledgerId))) continue;
      await urm.markLedgerUnderreplicated(ledgerId, [...bad]);
      marked++;
    }
    this.stats.ledgersMarked += marked;
    await this.checkDone('checkAllLedgers');
    log.info({ marked }, 'periodic ledger check done');
    if (marked > 0) this.onMarked();
  }

  /** BookKeeper's placementPolicyCheck: counts (and logs) the closed ledgers whose ensembles break the placement policy. */
  placementPolicyCheck(): Promise<void> {
    return this.countingCheck('placementPolicyCheck', () => placementPolicyCheck(this.ctx, this.existingLedgers()), (r) => {
      this.stats.placementPolicyChecks++;
      this.stats.ledgersNotAdheringToPlacementPolicy = r.ledgersNotAdhering;
      this.stats.ledgersSoftlyAdheringToPlacementPolicy = r.ledgersSoftlyAdhering;
      this.stats.urLedgersElapsedRecoveryGracePeriod = r.urLedgersElapsedRecoveryGracePeriod;
    });
  }

  /** BookKeeper's replicasCheck: counts (and logs) the closed ledgers whose entries have fewer replicas than Qw, Qa, or none. */
  replicasCheck(): Promise<void> {
    return this.countingCheck('replicasCheck', () => replicasCheck(this.ctx, this.existingLedgers()), (r) => {
      this.stats.replicasChecks++;
      this.stats.ledgersHavingNoReplicaOfAnEntry = r.ledgersHavingNoReplicaOfAnEntry;
      this.stats.ledgersHavingLessThanAQReplicasOfAnEntry = r.ledgersHavingLessThanAQReplicasOfAnEntry;
      this.stats.ledgersHavingLessThanWQReplicasOfAnEntry = r.ledgersHavingLessThanWQReplicasOfAnEntry;
    });
  }

  /** A check that counts and never marks: skipped while auto-recovery is disabled; its counts replace the last ones. */
  private async countingCheck<R extends object>(check: AuditorCheck, run: () => Promise<R>, record: (r: R) => void): Promise<void> {
    if (!(await this.ctx.underreplication.isLedgerReplicationEnabled())) return;
    const r = await run();
    record(r);
    await this.checkDone(check);
    const counts: Record<string, unknown> = { check, ...r };
    this.ctx.log.info(counts, 'check done');
  }

  /** Runs the periodic check now and waits for it (tests, the shell). */
  runCheckAllLedgers(): Promise<void> {
    return this.enqueue(() => this.checkAllLedgers());
  }
}
