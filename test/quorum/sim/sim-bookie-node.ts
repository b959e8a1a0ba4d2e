// One simulated bookie machine running the REAL bookie (bookie/bookie-impl.ts: journal, write
// cache, checkpointer, entry logger, index) over a simulated disk (sim-disk.ts) and the simulated
// clock. The request handling mirrors bookie/server/request-processor.ts (fence then read, long
// poll with piggyback, READ_LAC), and errors travel as they do on the wire: through the bookie
// status of common/errors.ts and back.
//
// Faults: crash() is a power cut (the disk keeps only what was made durable, plus whatever the
// crash model lets survive, torn); kill() stops the process but keeps the page cache; restart()
// opens the bookie again, replaying its journal. In-flight requests of a dead process fail like a
// reset connection. readHook (scenarios only) answers EIO for chosen entries at the request layer.
import { BookieImpl, openBookie } from '../../../bookie/bookie-impl.js';
import type { BookieStorageOptions } from '../../../bookie/bookie-storage-options.js';
import { QuireError, errorFromStatus, isProgrammerError, statusOfError } from '../../../common/errors.js';
import { rootLogger } from '../../../common/logger.js';
import type { Timers } from '../../../common/timers.js';
import type { AddEntryOptions, LongPollResult, ReadEntryOptions, ReadEntryResult, ReadLacResult } from '../../../clients/quorum/bookie-client/bookie-client.js';
import type { Prng } from './prng.js';
import { type Mount, SimDisk } from './sim-disk.js';
import { simLedgerIndexOpener } from './sim-ledger-index.js';

/** The bookie's timers, dead with its process (a killed bookie's timers never fire). */
function processTimers(t: Timers, mount: Mount): Timers {
  const guard = (cb: () => void) => () => {
    if (mount.alive) cb();
  };
  return {
    now: () => t.now(),
    setTimeout: (cb, ms) => t.setTimeout(guard(cb), ms),
    clearTimeout: (h) => t.clearTimeout(h),
    setImmediate: (cb) => t.setImmediate(guard(cb)),
    clearImmediate: (h) => t.clearImmediate(h),
    setInterval: (cb, ms) => t.setInterval(guard(cb), ms),
    clearInterval: (h) => t.clearInterval(h),
  };
}

type State = 'starting' | 'up' | 'down';

/**
 * Small bounds so a short run checkpoints, rolls journal segments and entry logs, and throttles;
 * the group-commit settings are BookKeeper's defaults.
 */
export const SIM_BOOKIE_DEFAULTS: Partial<BookieStorageOptions> = {
  journalPreAllocSizeMB: 4 / 1024,
  journalMaxSizeMB: 16 / 1024,
  entryLogSizeLimit: 4096,
  writeCacheMaxSizeBytes: 8192,
  flushInterval: 1000,
  maxThrottleTimeMs: 2000,
};

const silent = rootLogger.child({ component: 'sim-bookie' }, { level: 'silent' });

export class SimBookieNode {
  readonly disk: SimDisk;
  private state: State = 'down';
  private bookieRef: BookieImpl | undefined;
  private mountRef: Mount | undefined;
  private starting: Promise<void> | undefined;
  private readonly inFlight = new Set<(e: Error) => void>();
  /** Test hook: decide a read's fate ('ioerror' forces EIO). */
  readHook: ((ledgerId: bigint, entryId: bigint, opts: ReadEntryOptions) => 'ioerror' | undefined) | null = null;
  readonly log: string[] = [];
  /** Programmer errors (invariant violations, non-Quire throws) seen from the bookie: each one fails the run. */
  readonly bugs: unknown[] = [];
  /** Restarts that failed for a reason other than an injected disk fault. */
  readonly startFailures: unknown[] = [];

  constructor(
    readonly id: string,
    private readonly timers: Timers,
    rng: Prng,
    /** Storage settings of this machine (small bounds, so checkpoints and rolls happen in a short run). */
    readonly options: Partial<BookieStorageOptions> = SIM_BOOKIE_DEFAULTS,
    /** Journal directories on this machine's disk (one journal each). */
    readonly journals = 1,
  ) {
    this.disk = new SimDisk(timers, rng.fork());
    this.starting = this.start();
  }

  /** Down or (re)starting: connections are refused. */
  get crashed(): boolean {
    return this.state !== 'up';
  }

  get bookie(): BookieImpl | undefined {
    return this.state === 'up' ? this.bookieRef : undefined;
  }

  /** Resolves once the bookie is up (or its start failed; see startFailures). */
  get ready(): Promise<void> {
    return this.starting ?? Promise.resolve();
  }

  private async start(): Promise<void> {
    this.state = 'starting';
    for (let attempt = 0; ; attempt++) {
      const { fs, mount } = this.disk.mount();
      this.mountRef = mount;
      const injectedBefore = this.disk.injected.syncErrors + this.disk.injected.readErrors;
      try {
        const b = await openBookie(
          {
            journalDirectories: Array.from({ length: this.journals }, (_, i) => (i === 0 ? `/${this.id}/journal` : `/${this.id}/journal${i}`)),
            ledgerDirectories: [`/${this.id}/ledgers`],
            ...this.options,
            fileSystem: fs,
            timers: processTimers(this.timers, mount),
            openLedgerIndex: simLedgerIndexOpener(this.disk, mount),
          },
          silent,
        );
        if (!mount.alive) return; // crashed again while starting
        this.bookieRef = b;
        this.state = 'up';
        this.log.push('up');
        return;
      } catch (e) {
        if (!mount.alive) return;
        this.disk.kill(mount);
        const injected = this.disk.injected.syncErrors + this.disk.injected.readErrors > injectedBefore;
        if (!injected || attempt >= 20) {
          this.startFailures.push(e);
          this.state = 'down';
          return;
        }
        // A supervisor restarts a bookie whose start hit a disk error.
        await new Promise<void>((r) => this.timers.setTimeout(r, 100));
      }
    }
  }

  private stopProcess(what: string): void {
    if (this.mountRef) this.disk.kill(this.mountRef);
    this.mountRef = undefined;
    this.bookieRef = undefined;
    this.starting = undefined;
    this.state = 'down';
    const err = new QuireError('BOOKIE_UNAVAILABLE', `bookie ${this.id}: connection reset (${what})`);
    for (const f of [...this.inFlight]) f(err);
    this.inFlight.clear();
    this.log.push(what);
  }

  /** Power cut: the process dies and the disk loses what was not durable. */
  crash(): void {
    this.stopProcess('crash');
    this.disk.powerLoss();
  }

  /**
   * Cuts the power right after the bookie's next write (so writes are pending, not yet synced);
   * resolves true once cut, or false if no write came within `withinMs`.
   */
  crashOnNextWrite(withinMs: number): Promise<boolean> {
    this.cancelCrashOnNextWrite();
    return new Promise<boolean>((resolve) => {
      this.cancelPendingCrash = () => {
        this.timers.clearTimeout(timer);
        this.disk.onWrite = undefined;
        this.cancelPendingCrash = undefined;
        resolve(false);
      };
      const timer = this.timers.setTimeout(() => {
        this.disk.onWrite = undefined;
        resolve(false);
      }, withinMs);
      this.disk.onWrite = () => {
        this.disk.onWrite = undefined;
        this.timers.clearTimeout(timer);
        // After the write's own turn: the caller may already have an fdatasync in flight.
        const cut = this.timers.setTimeout(() => {
          this.cancelPendingCrash = undefined;
          this.crash();
          resolve(true);
        }, 0);
        this.cancelPendingCrash = () => {
          this.timers.clearTimeout(cut);
          this.cancelPendingCrash = undefined;
          resolve(false);
        };
      };
    });
  }

  private cancelPendingCrash: (() => void) | undefined;

  /** Drops an armed crashOnNextWrite (when the faults are healed). */
  cancelCrashOnNextWrite(): void {
    this.cancelPendingCrash?.();
  }

  /** kill -9: the process dies, the operating system keeps its page cache. */
  kill(): void {
    this.stopProcess('kill');
  }

  /** Starts the bookie again (journal replay); no-op while it is up or starting. */
  restart(): Promise<void> {
    if (this.state !== 'down') return this.ready;
    this.log.push('restart');
    this.starting = this.start();
    return this.starting;
  }

  private unavailable(): QuireError {
    return new QuireError('BOOKIE_UNAVAILABLE', `bookie ${this.id} is down`);
  }

  /**
   * Runs one request against the live bookie. Errors come back as the client would decode them
   * from the wire status; a programmer error is recorded (and the connection reset), never
   * answered as a status.
   */
  private request<T>(op: (b: BookieImpl) => Promise<T>): Promise<T> {
    const b = this.bookie;
    if (!b) return Promise.reject(this.unavailable());
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const reset = (e: Error): void => {
        if (done) return;
        done = true;
        reject(e);
      };
      this.inFlight.add(reset);
      op(b).then(
        (v) => {
          if (done) return;
          done = true;
          this.inFlight.delete(reset);
          resolve(v);
        },
        (e: unknown) => {
          if (done) return;
          done = true;
          this.inFlight.delete(reset);
          if (isProgrammerError(e)) {
            this.bugs.push(e);
            reject(new QuireError('BOOKIE_UNAVAILABLE', `bookie ${this.id} closed the connection (bug: ${String(e)})`));
            return;
          }
          reject(errorFromStatus(statusOfError(e), `bookie ${this.id}`));
        },
      );
    });
  }

  addEntry(ledgerId: bigint, entryId: bigint, masterKey: Buffer, entry: Buffer, opts: AddEntryOptions): Promise<void> {
    this.log.push(`add ${ledgerId}:${entryId}${opts.recovery ? ' recovery' : ''}`);
    return this.request((b) => b.addEntry(ledgerId, entryId, masterKey, entry, { recovery: opts.recovery ?? false, deferredSync: opts.deferredSync ?? false, highPriority: opts.highPriority ?? false }));
  }

  readEntry(ledgerId: bigint, entryId: bigint, opts: ReadEntryOptions): Promise<ReadEntryResult> {
    if (this.readHook?.(ledgerId, entryId, opts) === 'ioerror') {
      return this.crashed ? Promise.reject(this.unavailable()) : Promise.reject(new QuireError('IO_ERROR', `bookie ${this.id}: injected read I/O error`));
    }
    if (opts.fence) {
      if (!opts.masterKey) return Promise.reject(new QuireError('UNAUTHORIZED', 'fence without a master key'));
      const key = opts.masterKey;
      this.log.push(`fence ${ledgerId} (read ${entryId})`);
      return this.request(async (b) => {
        await b.fenceLedger(ledgerId, key);
        return { entry: await b.readEntry(ledgerId, entryId) };
      });
    }
    return this.request(async (b) => {
      const entry = await b.readEntry(ledgerId, entryId);
      return { entry, maxLac: await b.getLastAddConfirmed(ledgerId) };
    });
  }

  readLac(ledgerId: bigint): Promise<ReadLacResult> {
    return this.request(async (b) => {
      const { lacBody, lastEntryBody } = await b.readLac(ledgerId);
      if (lacBody === undefined && lastEntryBody === undefined) throw new QuireError('NO_SUCH_ENTRY', `ledger ${ledgerId} is empty`);
      return { ...(lacBody ? { lacBody } : {}), ...(lastEntryBody ? { lastEntryBody } : {}) };
    });
  }

  writeLac(ledgerId: bigint, _lac: bigint, masterKey: Buffer, blob: Buffer): Promise<void> {
    return this.request((b) => b.setExplicitLac(ledgerId, masterKey, blob));
  }

  forceLedger(ledgerId: bigint): Promise<void> {
    return this.request((b) => b.forceLedger(ledgerId));
  }

  longPollRead(ledgerId: bigint, previousLac: bigint, timeoutMs: number): Promise<LongPollResult> {
    return this.request(async (b) => {
      const r = await b.waitForLacUpdate(ledgerId, previousLac, timeoutMs);
      const ts = r.lacUpdateTimestampMs !== undefined ? { lacUpdateTimestampMs: BigInt(r.lacUpdateTimestampMs) } : {};
      if (r.lac > previousLac) {
        try {
          return { maxLac: r.lac, entryId: previousLac + 1n, entry: await b.readEntry(ledgerId, previousLac + 1n), ...ts };
        } catch (e) {
          if (!(e instanceof QuireError && e.code === 'NO_SUCH_ENTRY')) throw e;
        }
      }
      return { maxLac: r.lac, entryId: -1n, ...ts };
    });
  }

  /** The stored copy of an entry (undefined when absent), read from the live bookie, for the checkers. */
  async storedEntry(ledgerId: bigint, entryId: bigint): Promise<Buffer | undefined> {
    const b = this.bookie;
    if (!b) throw this.unavailable();
    try {
      return await b.readEntry(ledgerId, entryId);
    } catch (e) {
      if (e instanceof QuireError && (e.code === 'NO_SUCH_ENTRY' || e.code === 'NO_SUCH_LEDGER')) return undefined;
      throw e;
    }
  }

  isFenced(ledgerId: bigint): boolean {
    return this.bookieRef?.isFenced(ledgerId) ?? false;
  }
}

