// The checkpointer (BookKeeper's SyncThread): every flushInterval ms, and whenever the write cache
// is half full, it freezes the write cache together with every journal's position written so far
// (all of whose records are in that frozen state), flushes it to entry logs and the index, and only
// then moves each journal's lastMark and trims its segments (journal-list.ts). Replay on open re-applies every record after
// lastMark, so a crash at any step loses nothing acked.
//
// A failed checkpoint is sticky: the bookie stops taking writes (storageFailure), parked adds fail,
// and journal replay redoes the work on restart.
import { QuireError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import { systemTimers, unrefTimer, type TimerHandle, type Timers } from '../common/timers.js';
import type { JournalList } from './journal/journal-list.js';
import type { LedgerDescriptor } from './ledger-descriptor.js';
import type { LedgerStorage } from './storage/ledger-storage.js';
import type { LedgerInfo } from './storage/ledger-index-format.js';
import type { WriteCacheThrottle } from './write-cache-throttle.js';

const noop = (): void => undefined;

export interface CheckpointerDeps {
  readonly storage: LedgerStorage;
  /** The bookie's ledger descriptors; snapshotted (as LedgerInfo) at each freeze. */
  readonly ledgers: ReadonlyMap<bigint, LedgerDescriptor>;
  /** Parked adds get room after a freeze and after a flush; they fail with a checkpoint failure. */
  readonly throttle: WriteCacheThrottle;
  readonly log: Logger;
  /** Hears the (sticky) failure once: the state manager turns the bookie read-only on it. */
  readonly onFailure?: (e: QuireError) => void;
  /** Clock and timers (systemTimers when absent). */
  readonly timers?: Timers;
}

export class Checkpointer {
  private running: Promise<void> | undefined;
  private failure: QuireError | undefined;
  /** Ledgers whose info (key, fence, explicit LAC) changed outside the write cache since the last freeze. */
  private dirty = new Set<bigint>();
  private interval: TimerHandle | undefined;
  private journalsRef: JournalList | undefined;
  private count = 0;

  private get timers(): Timers {
    return this.deps.timers ?? systemTimers;
  }

  constructor(private readonly deps: CheckpointerDeps) {}

  /** True while a checkpoint runs. */
  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** The failure of a checkpoint, once one failed (sticky). */
  get storageFailure(): QuireError | undefined {
    return this.failure;
  }

  /** Checkpoints completed. */
  get checkpoints(): number {
    return this.count;
  }

  /** The ledger's info changed outside the write cache: the next checkpoint writes it. */
  markDirty(ledgerId: bigint): void {
    this.dirty.add(ledgerId);
  }

  /** Starts checkpointing against the journals, periodically when flushInterval > 0. */
  start(journals: JournalList, flushInterval: number): void {
    this.journalsRef = journals;
    if (flushInterval > 0) {
      this.interval = this.timers.setInterval(() => {
        if (!this.running && !this.failure) this.checkpoint().catch(noop);
      }, flushInterval);
      unrefTimer(this.interval);
    }
  }

  /** Stops the periodic checkpoint (a running one goes on; see waitIdle). */
  stop(): void {
    if (this.interval) this.timers.clearInterval(this.interval);
  }

  /** Waits until no checkpoint runs. */
  async waitIdle(): Promise<void> {
    while (this.running) await this.running.catch(noop);
  }

  /** Runs a checkpoint now (or waits for the running one, then runs another). */
  async checkpoint(): Promise<void> {
    while (this.running) await this.running.catch(noop);
    if (this.failure) throw this.failure;
    const j = this.journalsRef!;
    await this.runCheckpoint(j.writtenPositions(), (m) => j.markCheckpoint(m));
  }

  /**
   * Freezes the write cache and snapshots ledger infos in one synchronous step together with
   * `mark` (every record before it is reflected in that state), then flushes and writes the mark.
   * The mark is one position per journal (or, during replay, the replayed journal's position): the
   * caller takes it in the same synchronous step as this call.
   */
  runCheckpoint<M>(mark: M, writeMark: (m: M) => Promise<void>): Promise<void> {
    const { storage, ledgers, throttle, log } = this.deps;
    const frozenLedgers = storage.freeze();
    if (frozenLedgers === undefined) return Promise.reject(new QuireError('INTERNAL', 'checkpoint started while a flush is running'));
    const infos = new Map<bigint, LedgerInfo>();
    const snap = (id: bigint): void => {
      const st = ledgers.get(id);
      if (st === undefined || infos.has(id)) return;
      infos.set(id, st.toInfo());
    };
    for (const id of frozenLedgers) snap(id);
    for (const id of this.dirty) snap(id);
    const dirtyBefore = this.dirty;
    this.dirty = new Set();
    const run = (async () => {
      await storage.flushFrozen(infos);
      await writeMark(mark);
      this.count++;
    })();
    const tracked = run.then(
      () => {
        this.running = undefined;
        // The flushed half can be frozen again: parked adds may get a fresh one.
        if (throttle.waiting) throttle.drain();
      },
      (e: unknown) => {
        this.running = undefined;
        for (const id of dirtyBefore) this.dirty.add(id);
        this.failure ??= e instanceof QuireError ? e : new QuireError('IO_ERROR', `checkpoint failed: ${String(e)}`, { cause: e });
        log.error({ err: e }, 'checkpoint failed; the bookie no longer accepts writes (journal replay will redo the work on restart)');
        this.deps.onFailure?.(this.failure);
        throttle.failAll(this.failure);
        throw this.failure;
      },
    );
    this.running = tracked;
    // The freeze above opened an empty half: let parked adds in (after this call returns).
    if (throttle.waiting) queueMicrotask(() => throttle.drain());
    return tracked;
  }
}
