// The bookie state manager (BookKeeper's BookieStateManager): whether the bookie takes writes,
// and where it is registered. Read-only has reasons; the bookie is writable again only when every
// reason is gone:
//   forced          forceReadOnlyBookie=true (never lifted at run time)
//   disk-full       the disk checker found no writable ledger or journal directory in use
//   journal-failed  a journal write or fdatasync failed (ENOSPC, EIO): nothing more can be
//                   acknowledged from this journal, so the bookie stays read-only until restarted
//   storage-failed  a checkpoint (entry log / index write) failed; likewise until restarted
//   manual          setReadOnly(true), PUT /api/v1/bookie/state/readonly {"readOnly":true}
// Besides, while the registration in the metadata service is lost the bookie refuses writes
// (clients pick bookies from the registry, and one nobody can see must not take new data); that
// is no reason: it ends by itself when the session is back, and the registration is not moved.
//
// Read-only refuses adds and explicit-LAC writes with BOOKIE_READ_ONLY (EREADONLY: clients
// replace the bookie in the ensemble) and still serves reads; high-priority (recovery) adds may
// pass when allowHighPriorityWritesWhenReadOnly. A registered bookie with a reason is registered
// under available/readonly; moves are serialized and coalesced (the last wanted mode wins). With
// readOnlyModeEnabled=false, disk-full / journal-failed / storage-failed shut the bookie down
// instead, as BookKeeper does.
import { QuireError } from '../common/errors.js';
import { childLogger, type Logger } from '../common/logger.js';

export type ReadOnlyReason = 'forced' | 'disk-full' | 'journal-failed' | 'storage-failed' | 'manual';

export interface StateRegistrar {
  /** Moves the registration node between available/ and available/readonly/. */
  setReadOnly(readOnly: boolean): Promise<void>;
}

export interface BookieStateOptions {
  /** forceReadOnlyBookie: read-only whatever happens. */
  readonly forceReadOnly: boolean;
  readonly allowHighPriorityWritesWhenReadOnly: boolean;
}

/** Set by the service once it is assembled (BookieImpl creates the manager before). */
export interface BookieStateRuntime {
  readonly readOnlyModeEnabled: boolean;
  readonly log: Logger;
  /** Called (once) when a reason arrives that read-only mode may not absorb. */
  readonly shutdown: (reason: string) => void;
}

export interface BookieStateSnapshot {
  readonly running: boolean;
  readonly readOnly: boolean;
  readonly shuttingDown: boolean;
  readonly availableForHighPriorityWrites: boolean;
}

export class BookieStateManager {
  private readonly reasons = new Set<ReadOnlyReason>();
  private registrationLost = false;
  private runningFlag = false;
  private shuttingDownFlag = false;
  private registrar: StateRegistrar | undefined;
  /** Mode the registration node is in (undefined before registration). */
  private registeredReadOnly: boolean | undefined;
  private syncing: Promise<void> | undefined;
  private runtime: BookieStateRuntime = { readOnlyModeEnabled: true, log: childLogger('bookie-state'), shutdown: () => undefined };

  constructor(private readonly opts: BookieStateOptions) {
    if (opts.forceReadOnly) this.reasons.add('forced');
  }

  configure(runtime: BookieStateRuntime): void {
    this.runtime = runtime;
  }

  /** True while writes are refused: some reason, or the registration is lost. */
  get isReadOnly(): boolean {
    return this.reasons.size > 0 || this.registrationLost;
  }

  get isForceReadOnly(): boolean {
    return this.reasons.has('forced');
  }

  get isReadOnlyModeEnabled(): boolean {
    return this.runtime.readOnlyModeEnabled;
  }

  get readOnlyReasons(): ReadOnlyReason[] {
    return [...this.reasons];
  }

  get isRunning(): boolean {
    return this.runningFlag;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDownFlag;
  }

  snapshot(): BookieStateSnapshot {
    return {
      running: this.runningFlag,
      readOnly: this.isReadOnly,
      shuttingDown: this.shuttingDownFlag,
      availableForHighPriorityWrites: !this.isReadOnly || this.opts.allowHighPriorityWritesWhenReadOnly,
    };
  }

  /** Operator switch (reason 'manual'); the registration follows. */
  setReadOnly(readOnly: boolean): void {
    void (readOnly ? this.transitionToReadOnlyMode('manual') : this.transitionToWritableMode('manual'));
  }

  /** The registration side: lost → refuse writes; back → whatever the reasons say. */
  setRegistered(registered: boolean): void {
    this.registrationLost = !registered;
  }

  /** Throws BOOKIE_READ_ONLY unless an add of this priority may be written now. */
  checkAddAllowed(highPriority: boolean): void {
    if (this.isReadOnly && !(highPriority && this.opts.allowHighPriorityWritesWhenReadOnly)) {
      throw new QuireError('BOOKIE_READ_ONLY', 'bookie is read-only');
    }
  }

  /** Throws BOOKIE_READ_ONLY while read-only (writes other than adds: explicit LAC). */
  checkWriteAllowed(): void {
    if (this.isReadOnly) throw new QuireError('BOOKIE_READ_ONLY', 'bookie is read-only');
  }

  /** Registered (in mode `registeredReadOnly`) and serving. */
  setRunning(registrar: StateRegistrar | undefined, registeredReadOnly: boolean): void {
    this.registrar = registrar;
    this.registeredReadOnly = registeredReadOnly;
    this.runningFlag = true;
    void this.syncRegistration();
  }

  setShuttingDown(): void {
    this.shuttingDownFlag = true;
    this.runningFlag = false;
  }

  /** Adds a reason; resolves when the registration reflects the new mode. */
  transitionToReadOnlyMode(reason: ReadOnlyReason, detail = ''): Promise<void> {
    if (this.shuttingDownFlag) return Promise.resolve();
    const log = this.runtime.log;
    if (!this.runtime.readOnlyModeEnabled && reason !== 'forced' && reason !== 'manual') {
      log.error({ reason, detail }, 'read-only mode is disabled (readOnlyModeEnabled=false): shutting the bookie down');
      this.reasons.add(reason);
      this.shuttingDownFlag = true;
      this.runtime.shutdown(`${reason}${detail ? `: ${detail}` : ''}`);
      return Promise.resolve();
    }
    if (!this.reasons.has(reason)) {
      const was = this.reasons.size > 0;
      this.reasons.add(reason);
      log.warn({ reason, detail, reasons: this.readOnlyReasons }, was ? 'bookie stays read-only (another reason)' : 'bookie is now read-only: adds are refused with EREADONLY, reads are served');
    }
    return this.syncRegistration();
  }

  /** Removes a reason ('forced' cannot be removed); the bookie is writable once none is left. */
  transitionToWritableMode(reason: ReadOnlyReason): Promise<void> {
    if (this.shuttingDownFlag || reason === 'forced') return this.syncRegistration();
    if (this.reasons.delete(reason)) {
      const log = this.runtime.log;
      if (this.reasons.size > 0) log.info({ cleared: reason, reasons: this.readOnlyReasons }, 'read-only reason cleared; still read-only');
      else log.info({ cleared: reason }, 'bookie is writable again');
    }
    return this.syncRegistration();
  }

  /** Moves the registration until it matches the wanted mode (one move at a time). */
  private syncRegistration(): Promise<void> {
    this.syncing ??= (async () => {
      // Start after the assignment above (a synchronous finish would leave a settled promise there).
      await Promise.resolve();
      try {
        while (this.registrar && this.registeredReadOnly !== undefined && this.registeredReadOnly !== this.reasons.size > 0 && !this.shuttingDownFlag) {
          const want = this.reasons.size > 0;
          try {
            await this.registrar.setReadOnly(want);
            this.registeredReadOnly = want;
            this.runtime.log.info({ readOnly: want }, want ? 'registered under available/readonly' : 'registered under available (writable)');
          } catch (err) {
            this.runtime.log.error({ err, readOnly: want }, 'could not move the bookie registration; will retry on the next state change');
            return;
          }
        }
      } finally {
        this.syncing = undefined;
      }
    })();
    return this.syncing;
  }
}
