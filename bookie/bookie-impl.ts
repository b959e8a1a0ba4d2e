// The bookie's storage side: the Bookie contract (bookie.ts) over the journal (durability, group
// commit) and ledger storage (write cache → entry logs + LevelDB index).
//
// Every mutation is applied to in-memory state and the write cache first, then journaled; the
// caller is answered when the journal record is durable. A checkpoint freezes the write cache
// together with the journal position written so far (all of whose records are in that frozen
// state), flushes it, and only then moves the journal's lastMark and trims segments. Replay on
// open re-applies every record after lastMark, so a crash at any step loses nothing acked.
import fs from 'node:fs';
import type { Bookie, AddOptions, BookieInfo, LacWaitResult } from './bookie.js';
import { QuireError } from '../common/errors.js';
import { childLogger, type Logger } from '../common/logger.js';
import { Journal, type JournalStats } from './journal/journal.js';
import { JournalRecordType, type JournalRecord } from './journal/journal-record.js';
import { replayJournal } from './journal/journal-replay.js';
import { type JournalPosition, readLastMark, writeLastMark } from './journal/last-mark.js';
import type { FileIo } from '../common/durable-file.js';
import { LedgerStorage } from './storage/ledger-storage.js';
import type { LedgerInfo } from './storage/ledger-index-format.js';
import { entryHeaderMatches, readInt64 } from '../protocol/entry-header.js';

export interface BookieStorageOptions {
  /** Journal directories; the first is used. */
  readonly journalDirectories: readonly string[];
  /** Ledger directories (entry logs + index); the first is used. */
  readonly ledgerDirectories: readonly string[];
  /** false: ack adds after the journal write without fdatasync (benchmarks only). */
  readonly journalSyncData: boolean;
  readonly journalMaxGroupWaitMSec: number;
  /** Bytes per journal write (group-commit batch bound). */
  readonly journalBufferedWritesThreshold: number;
  /** Records per journal write (group-commit batch bound). */
  readonly journalBufferedEntriesThreshold: number;
  /** Write a lone record at once when the journal is idle instead of waiting for company. */
  readonly journalFlushWhenQueueEmpty: boolean;
  readonly journalPreAllocSizeMB: number;
  readonly journalMaxSizeMB: number;
  /** Records queued ahead of group commit before adds get TOO_MANY_REQUESTS. */
  readonly journalQueueSize: number;
  /** Bytes queued ahead of group commit before adds get TOO_MANY_REQUESTS. */
  readonly journalQueueMaxBytes: number;
  /** Checkpoint period, ms. */
  readonly flushInterval: number;
  readonly entryLogSizeLimit: number;
  /** Write cache bound in bytes (active + being flushed). */
  readonly writeCacheMaxSizeBytes: number;
  readonly maxLongPollWaiters: number;
  /**
   * How long an add may wait for room in a full write cache before TOO_MANY_REQUESTS
   * (BookKeeper's dbStorage_maxThrottleTimeMs). Waiting is backpressure the client sees as latency;
   * refusing makes it replace the bookie. 0 = refuse at once.
   */
  readonly maxThrottleTimeMs: number;
  /** Long-poll waits longer than this end early with the current LAC. */
  readonly maxLongPollTimeoutMs: number;
  readonly readOnly: boolean;
  /** Let high-priority (recovery) adds through while read-only. */
  readonly allowHighPriorityWritesWhenReadOnly: boolean;
  /** Fault injection for tests; the real file system when absent. */
  readonly fileIo?: FileIo;
}

export const DEFAULT_BOOKIE_STORAGE_OPTIONS: Omit<BookieStorageOptions, 'journalDirectories' | 'ledgerDirectories'> = {
  journalSyncData: true,
  journalMaxGroupWaitMSec: 2,
  journalBufferedWritesThreshold: 512 * 1024,
  journalBufferedEntriesThreshold: 5000,
  journalFlushWhenQueueEmpty: true,
  journalPreAllocSizeMB: 16,
  journalMaxSizeMB: 2048,
  journalQueueSize: 100_000,
  journalQueueMaxBytes: 256 * 1024 * 1024,
  flushInterval: 60_000,
  entryLogSizeLimit: 1024 * 1024 * 1024,
  writeCacheMaxSizeBytes: 64 * 1024 * 1024,
  maxLongPollWaiters: 10_000,
  maxThrottleTimeMs: 10_000,
  maxLongPollTimeoutMs: 120_000,
  readOnly: false,
  allowHighPriorityWritesWhenReadOnly: false,
};

interface Waiter {
  readonly previousLac: bigint;
  readonly resolve: (r: LacWaitResult) => void;
  timer: NodeJS.Timeout | undefined;
}

interface LedgerState {
  masterKey: Buffer;
  fenced: boolean;
  /** Set while the fence record is not yet durable; later fence calls wait on it. */
  fenceDurable: Promise<void> | undefined;
  explicitLac: Buffer | undefined;
  knownLac: bigint;
  lacUpdatedAt: number | undefined;
  lastEntryId: bigint;
  waiters: Set<Waiter> | undefined;
}

export interface BookieStorageStats {
  readonly journal: JournalStats;
  readonly checkpoints: number;
}

const EMPTY_KEY = Buffer.alloc(0);
const noop = (): void => undefined;

function isZeroKey(k: Buffer): boolean {
  for (let i = 0; i < k.length; i++) if (k[i] !== 0) return false;
  return true;
}

function copyOf(b: Buffer): Buffer {
  const c = Buffer.allocUnsafe(b.length);
  b.copy(c);
  return c;
}

/** An add waiting for write-cache room (FIFO, bounded by bytes and by time). */
interface ThrottledAdd {
  readonly bytes: number;
  readonly deadline: number;
  readonly retry: () => void;
  readonly fail: (e: unknown) => void;
}

export class BookieImpl implements Bookie {
  private readonly ledgers = new Map<bigint, LedgerState>();
  private throttled: ThrottledAdd[] = [];
  private throttledBytes = 0;
  private throttleSweep: NodeJS.Timeout | undefined;
  /** Ledgers whose info (key, fence, explicit LAC) changed outside the write cache since the last freeze. */
  private dirty = new Set<bigint>();
  private journalRef: Journal | undefined;
  private readOnlyFlag: boolean;
  private closedFlag = false;
  private closePromise: Promise<void> | undefined;
  private checkpointRunning: Promise<void> | undefined;
  private storageFailure: QuireError | undefined;
  private waiterCount = 0;
  private interval: NodeJS.Timeout | undefined;
  private checkpoints = 0;

  constructor(
    private readonly opts: BookieStorageOptions,
    private readonly storage: LedgerStorage,
    private readonly log: Logger,
  ) {
    this.readOnlyFlag = opts.readOnly;
    for (const [id, info] of storage.loadedInfos) {
      this.ledgers.set(id, {
        masterKey: info.masterKey,
        fenced: info.fenced,
        fenceDurable: undefined,
        explicitLac: info.explicitLac,
        knownLac: info.lastKnownLac,
        lacUpdatedAt: undefined,
        lastEntryId: info.lastEntryId,
        waiters: undefined,
      });
    }
  }

  private get journal(): Journal {
    return this.journalRef!;
  }

  /** Called once by openBookie after replay. */
  attachJournal(j: Journal): void {
    this.journalRef = j;
    if (this.opts.flushInterval > 0) {
      this.interval = setInterval(() => {
        if (!this.checkpointRunning && !this.storageFailure) this.checkpoint().catch(noop);
      }, this.opts.flushInterval);
      this.interval.unref();
    }
  }

  get isReadOnly(): boolean {
    return this.readOnlyFlag;
  }

  /** Switches read-only mode (e.g. when a disk fills up). */
  setReadOnly(readOnly: boolean): void {
    this.readOnlyFlag = readOnly;
  }

  get stats(): BookieStorageStats {
    return { journal: { ...this.journal.stats }, checkpoints: this.checkpoints };
  }

  private checkWritable(): void {
    if (this.closedFlag) throw new QuireError('SHUTTING_DOWN', 'bookie is closed');
    const jf = this.journalRef?.failed;
    if (jf) throw jf;
    if (this.storageFailure) throw this.storageFailure;
  }

  private ledger(ledgerId: bigint): LedgerState {
    const st = this.ledgers.get(ledgerId);
    if (st === undefined) throw new QuireError('NO_SUCH_LEDGER', `ledger ${ledgerId} is not stored on this bookie`);
    return st;
  }

  /**
   * Checks masterKey against the ledger's stored key (spec §4.5). Returns true when the key must
   * be (re)recorded: a new ledger, or a stored all-zero key being overwritten.
   */
  private keyNeedsRecording(st: LedgerState | undefined, ledgerId: bigint, masterKey: Buffer): boolean {
    if (st === undefined) return true;
    if (st.masterKey.equals(masterKey)) return false;
    if (isZeroKey(st.masterKey)) return true;
    throw new QuireError('UNAUTHORIZED', `master key mismatch for ledger ${ledgerId}`);
  }

  /** Creates the ledger or replaces its key, and journals the key (ahead of the caller's record). */
  private recordKey(st: LedgerState | undefined, ledgerId: bigint, masterKey: Buffer): LedgerState {
    const key = copyOf(masterKey);
    if (st === undefined) {
      st = { masterKey: key, fenced: false, fenceDurable: undefined, explicitLac: undefined, knownLac: -1n, lacUpdatedAt: undefined, lastEntryId: -1n, waiters: undefined };
      this.ledgers.set(ledgerId, st);
    } else {
      st.masterKey = key;
    }
    this.dirty.add(ledgerId);
    // Ordered before the caller's record in the same queue; a failure fails that record too.
    this.journal.append(JournalRecordType.MASTER_KEY, ledgerId, 0n, key).catch(noop);
    return st;
  }

  private advanceLac(st: LedgerState, lac: bigint): void {
    st.knownLac = lac;
    st.lacUpdatedAt = Date.now();
    const ws = st.waiters;
    if (ws === undefined) return;
    for (const w of ws) {
      if (lac > w.previousLac) {
        ws.delete(w);
        this.waiterCount--;
        if (w.timer) clearTimeout(w.timer);
        w.resolve({ lac, lacUpdateTimestampMs: st.lacUpdatedAt });
      }
    }
  }

  addEntry(ledgerId: bigint, entryId: bigint, masterKey: Buffer, entry: Buffer, options: AddOptions): Promise<void> {
    return new Promise<void>((resolve, reject) => this.addEntryCb(ledgerId, entryId, masterKey, entry, options, (err) => (err ? reject(err) : resolve())));
  }

  addEntryCb(ledgerId: bigint, entryId: bigint, masterKey: Buffer, entry: Buffer, options: AddOptions, done: (err: unknown) => void): void {
    this.addEntryImpl(ledgerId, entryId, masterKey, entry, options, done, false);
  }

  /** `resumed`: a parked add let in by drainThrottled; it goes ahead of the queue it just left. */
  private addEntryImpl(ledgerId: bigint, entryId: bigint, masterKey: Buffer, entry: Buffer, options: AddOptions, done: (err: unknown) => void, resumed: boolean): void {
    let copy: Buffer;
    try {
      this.checkWritable();
      if (this.readOnlyFlag && !(options.highPriority && this.opts.allowHighPriorityWritesWhenReadOnly)) {
        throw new QuireError('BOOKIE_READ_ONLY', 'bookie is read-only');
      }
      if (entry.length < 24) throw new QuireError('INVALID_ARGUMENT', `entry of ${entry.length} bytes is shorter than the 24-byte entry header`);
      if (entryId < 0n) throw new QuireError('INVALID_ARGUMENT', `entry id ${entryId} is negative`);
      if (!entryHeaderMatches(entry, ledgerId, entryId)) {
        throw new QuireError('INVALID_ARGUMENT', `entry header names ${entry.readBigInt64BE(0)}/${entry.readBigInt64BE(8)}, request names ${ledgerId}/${entryId}`);
      }
      let st = this.ledgers.get(ledgerId);
      const newKey = this.keyNeedsRecording(st, ledgerId, masterKey);
      if (st !== undefined && st.fenced && !options.recovery) throw new QuireError('LEDGER_FENCED', `ledger ${ledgerId} is fenced`);
      // Admission before any side effect: a rejected add changes nothing.
      this.journal.checkAdmit(entry.length + masterKey.length);
      // FIFO: while older adds wait for room, newer ones queue behind them.
      const queued = this.throttled.length > 0 && !resumed;
      if (queued || !this.storage.hasRoom(entry.length)) {
        if (!this.checkpointRunning) this.checkpoint().catch(noop);
        if (queued || !this.storage.hasRoom(entry.length)) {
          this.throttleAdd(entry.length, () => this.addEntryImpl(ledgerId, entryId, masterKey, entry, options, done, true), done);
          return;
        }
      }
      if (newKey) st = this.recordKey(st, ledgerId, masterKey);
      // The entry may be a view into a socket buffer: the cache keeps its own copy.
      copy = this.storage.put(ledgerId, entryId, entry);
      if (entryId > st!.lastEntryId) st!.lastEntryId = entryId;
      const lac = readInt64(copy, 16);
      if (lac > st!.knownLac) this.advanceLac(st!, lac);
      if (!this.checkpointRunning && this.storage.cachedBytes >= this.storage.cacheLimit / 2) this.checkpoint().catch(noop);
    } catch (e) {
      done(e);
      return;
    }
    // Outside the try: `done` is called exactly once. The entry header names (ledgerId, entryId),
    // checked above, so the journal copies the ids from it.
    this.journal.appendEntryCb(copy, options.deferredSync, done);
  }

  async readEntry(ledgerId: bigint, entryId: bigint): Promise<Buffer> {
    if (this.closedFlag) throw new QuireError('SHUTTING_DOWN', 'bookie is closed');
    const st = this.ledger(ledgerId);
    const id = entryId === -1n ? st.lastEntryId : entryId;
    if (id < 0n) throw new QuireError('NO_SUCH_ENTRY', `ledger ${ledgerId} has no entries on this bookie`);
    const buf = await this.storage.get(ledgerId, id);
    if (buf === undefined) throw new QuireError('NO_SUCH_ENTRY', `entry ${ledgerId}/${id} is not stored on this bookie`);
    return buf;
  }

  fenceLedger(ledgerId: bigint, masterKey: Buffer): Promise<void> {
    try {
      this.checkWritable();
      if (masterKey.length === 0) throw new QuireError('UNAUTHORIZED', 'fencing needs the master key');
      let st = this.ledgers.get(ledgerId);
      const newKey = this.keyNeedsRecording(st, ledgerId, masterKey);
      if (st !== undefined && st.fenced && !newKey) return st.fenceDurable ?? Promise.resolve();
      this.journal.checkAdmit(masterKey.length);
      if (newKey) st = this.recordKey(st, ledgerId, masterKey);
      const s = st!;
      if (s.fenced) return s.fenceDurable ?? Promise.resolve();
      // Fencing is irreversible: mark it now so no normal add slips in while the record syncs.
      s.fenced = true;
      this.dirty.add(ledgerId);
      const p = this.journal.append(JournalRecordType.FENCE, ledgerId, 0n, undefined);
      s.fenceDurable = p;
      p.then(() => {
        if (s.fenceDurable === p) s.fenceDurable = undefined;
      }, noop);
      return p;
    } catch (e) {
      return Promise.reject(e);
    }
  }

  async getLastAddConfirmed(ledgerId: bigint): Promise<bigint> {
    return this.ledger(ledgerId).knownLac;
  }

  waitForLacUpdate(ledgerId: bigint, previousLac: bigint, timeoutMs: number): Promise<LacWaitResult> {
    try {
      if (this.closedFlag) throw new QuireError('SHUTTING_DOWN', 'bookie is closed');
      const st = this.ledger(ledgerId);
      const now = (): LacWaitResult => (st.lacUpdatedAt === undefined ? { lac: st.knownLac } : { lac: st.knownLac, lacUpdateTimestampMs: st.lacUpdatedAt });
      if (st.knownLac > previousLac || !(timeoutMs > 0)) return Promise.resolve(now());
      if (this.waiterCount >= this.opts.maxLongPollWaiters) {
        throw new QuireError('TOO_MANY_REQUESTS', `too many long-poll waiters (${this.waiterCount})`);
      }
      return new Promise<LacWaitResult>((resolve) => {
        const w: Waiter = { previousLac, resolve, timer: undefined };
        st.waiters ??= new Set();
        const ws = st.waiters;
        ws.add(w);
        this.waiterCount++;
        w.timer = setTimeout(() => {
          w.timer = undefined;
          if (ws.delete(w)) {
            this.waiterCount--;
            resolve(now());
          }
        }, Math.min(timeoutMs, this.opts.maxLongPollTimeoutMs));
      });
    } catch (e) {
      return Promise.reject(e);
    }
  }

  setExplicitLac(ledgerId: bigint, masterKey: Buffer, lacBlob: Buffer): Promise<void> {
    try {
      this.checkWritable();
      if (this.readOnlyFlag) throw new QuireError('BOOKIE_READ_ONLY', 'bookie is read-only');
      if (lacBlob.length < 16) throw new QuireError('INVALID_ARGUMENT', `explicit-LAC blob of ${lacBlob.length} bytes is shorter than 16`);
      let st = this.ledgers.get(ledgerId);
      const newKey = this.keyNeedsRecording(st, ledgerId, masterKey);
      this.journal.checkAdmit(lacBlob.length + masterKey.length);
      if (newKey) st = this.recordKey(st, ledgerId, masterKey);
      const blob = copyOf(lacBlob);
      st!.explicitLac = blob;
      this.dirty.add(ledgerId);
      const lac = blob.readBigInt64BE(8);
      if (lac > st!.knownLac) this.advanceLac(st!, lac);
      return this.journal.append(JournalRecordType.EXPLICIT_LAC, ledgerId, 0n, blob);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  async readLac(ledgerId: bigint): Promise<{ lacBody?: Buffer; lastEntryBody?: Buffer }> {
    if (this.closedFlag) throw new QuireError('SHUTTING_DOWN', 'bookie is closed');
    const st = this.ledger(ledgerId);
    const out: { lacBody?: Buffer; lastEntryBody?: Buffer } = {};
    if (st.explicitLac !== undefined) out.lacBody = st.explicitLac;
    if (st.lastEntryId >= 0n) {
      const last = await this.storage.get(ledgerId, st.lastEntryId);
      if (last !== undefined) out.lastEntryBody = last;
    }
    return out;
  }

  forceLedger(_ledgerId: bigint): Promise<void> {
    try {
      if (this.closedFlag) throw new QuireError('SHUTTING_DOWN', 'bookie is closed');
      // One journal for all ledgers: a barrier behind everything queued so far covers this ledger.
      return this.journal.barrier();
    } catch (e) {
      return Promise.reject(e);
    }
  }

  async listEntries(ledgerId: bigint): Promise<bigint[]> {
    if (this.closedFlag) throw new QuireError('SHUTTING_DOWN', 'bookie is closed');
    this.ledger(ledgerId);
    return this.storage.listEntries(ledgerId);
  }

  async getBookieInfo(): Promise<BookieInfo> {
    try {
      const s = await fs.promises.statfs(this.opts.ledgerDirectories[0]!, { bigint: true });
      return { totalDiskCapacity: s.blocks * s.bsize, freeDiskSpace: s.bavail * s.bsize };
    } catch (e) {
      throw new QuireError('IO_ERROR', `cannot stat ledger directory: ${(e as Error).message}`, { cause: e });
    }
  }

  /**
   * Parks an add until the write cache has room (a checkpoint freezes the full half and opens a new
   * one), like BookKeeper's DbLedgerStorage throttling. Bounded: at most half the cache's bytes wait,
   * each at most maxThrottleTimeMs; beyond either the add gets TOO_MANY_REQUESTS. The entry buffer
   * stays referenced while parked (socket chunks are never reused).
   */
  private throttleAdd(bytes: number, retry: () => void, fail: (e: unknown) => void): void {
    const full = new QuireError('TOO_MANY_REQUESTS', 'write cache is full; a checkpoint is in progress');
    if (this.opts.maxThrottleTimeMs <= 0) return fail(full);
    if (this.throttled.length > 0 && this.throttledBytes + bytes > this.opts.writeCacheMaxSizeBytes / 2) return fail(full);
    this.throttled.push({ bytes, deadline: Date.now() + this.opts.maxThrottleTimeMs, retry, fail });
    this.throttledBytes += bytes;
    this.throttleSweep ??= setInterval(() => this.expireThrottled(), 50);
  }

  private expireThrottled(): void {
    const now = Date.now();
    const keep: ThrottledAdd[] = [];
    for (const t of this.throttled) {
      if (t.deadline > now) keep.push(t);
      else {
        this.throttledBytes -= t.bytes;
        t.fail(new QuireError('TOO_MANY_REQUESTS', `write cache stayed full for ${this.opts.maxThrottleTimeMs} ms`));
      }
    }
    this.throttled = keep;
    this.afterThrottleChange();
  }

  /** Lets parked adds in while there is room; asks for another checkpoint when some still wait. */
  private drainThrottled(): void {
    while (this.throttled.length > 0 && this.storage.hasRoom(this.throttled[0]!.bytes)) {
      const t = this.throttled.shift()!;
      this.throttledBytes -= t.bytes;
      t.retry();
    }
    if (this.throttled.length > 0 && !this.checkpointRunning && !this.storageFailure && !this.closedFlag) this.checkpoint().catch(noop);
    this.afterThrottleChange();
  }

  private failThrottled(e: unknown): void {
    const all = this.throttled;
    this.throttled = [];
    this.throttledBytes = 0;
    for (const t of all) t.fail(e);
    this.afterThrottleChange();
  }

  private afterThrottleChange(): void {
    if (this.throttled.length === 0 && this.throttleSweep) {
      clearInterval(this.throttleSweep);
      this.throttleSweep = undefined;
    }
  }

  /** Runs a checkpoint now (or waits for the running one, then runs another). */
  async checkpoint(): Promise<void> {
    while (this.checkpointRunning) await this.checkpointRunning.catch(noop);
    if (this.storageFailure) throw this.storageFailure;
    const j = this.journal;
    await this.runCheckpoint(j.writtenPosition(), (m) => j.markCheckpoint(m));
  }

  /**
   * Freezes the write cache and snapshots ledger infos in one synchronous step together with
   * `mark` (every record before it is reflected in that state), then flushes and writes the mark.
   */
  private runCheckpoint(mark: JournalPosition, writeMark: (m: JournalPosition) => Promise<void>): Promise<void> {
    const frozenLedgers = this.storage.freeze();
    if (frozenLedgers === undefined) return Promise.reject(new QuireError('INTERNAL', 'checkpoint started while a flush is running'));
    const infos = new Map<bigint, LedgerInfo>();
    const snap = (id: bigint): void => {
      const st = this.ledgers.get(id);
      if (st === undefined || infos.has(id)) return;
      infos.set(id, { fenced: st.fenced, masterKey: st.masterKey, lastKnownLac: st.knownLac, lastEntryId: st.lastEntryId, explicitLac: st.explicitLac });
    };
    for (const id of frozenLedgers) snap(id);
    for (const id of this.dirty) snap(id);
    const dirtyBefore = this.dirty;
    this.dirty = new Set();
    const run = (async () => {
      await this.storage.flushFrozen(infos);
      await writeMark(mark);
      this.checkpoints++;
    })();
    const tracked = run.then(
      () => {
        this.checkpointRunning = undefined;
        // The flushed half can be frozen again: parked adds may get a fresh one.
        if (this.throttled.length > 0) this.drainThrottled();
      },
      (e: unknown) => {
        this.checkpointRunning = undefined;
        for (const id of dirtyBefore) this.dirty.add(id);
        this.storageFailure ??= e instanceof QuireError ? e : new QuireError('IO_ERROR', `checkpoint failed: ${String(e)}`, { cause: e });
        this.log.error({ err: e }, 'checkpoint failed; the bookie no longer accepts writes (journal replay will redo the work on restart)');
        this.failThrottled(this.storageFailure);
        throw this.storageFailure;
      },
    );
    this.checkpointRunning = tracked;
    // The freeze above opened an empty half: let parked adds in (after this call returns).
    if (this.throttled.length > 0) queueMicrotask(() => this.drainThrottled());
    return tracked;
  }

  /** Re-applies one journal record during replay (no journaling). */
  async applyReplayed(rec: JournalRecord, after: JournalPosition): Promise<void> {
    let st = this.ledgers.get(rec.ledgerId);
    if (st === undefined) {
      st = { masterKey: EMPTY_KEY, fenced: false, fenceDurable: undefined, explicitLac: undefined, knownLac: -1n, lacUpdatedAt: undefined, lastEntryId: -1n, waiters: undefined };
      this.ledgers.set(rec.ledgerId, st);
      this.dirty.add(rec.ledgerId);
    }
    switch (rec.type) {
      case JournalRecordType.MASTER_KEY:
        st.masterKey = copyOf(rec.data);
        this.dirty.add(rec.ledgerId);
        break;
      case JournalRecordType.FENCE:
        st.fenced = true;
        this.dirty.add(rec.ledgerId);
        break;
      case JournalRecordType.EXPLICIT_LAC: {
        st.explicitLac = copyOf(rec.data);
        this.dirty.add(rec.ledgerId);
        if (rec.data.length >= 16) {
          const lac = rec.data.readBigInt64BE(8);
          if (lac > st.knownLac) st.knownLac = lac;
        }
        break;
      }
      case JournalRecordType.ADD_ENTRY: {
        // Every ADD_ENTRY the bookie journals carries an entry whose header names its ids (checked
        // on add); storage relies on that, so a record breaking it is corruption, not an entry.
        if (!entryHeaderMatches(rec.data, rec.ledgerId, rec.entryId)) {
          throw new QuireError('IO_ERROR', `journal record for ${rec.ledgerId}/${rec.entryId} holds an entry with a different header`);
        }
        const copy = this.storage.put(rec.ledgerId, rec.entryId, rec.data);
        if (rec.entryId > st.lastEntryId) st.lastEntryId = rec.entryId;
        if (copy.length >= 24) {
          const lac = copy.readBigInt64BE(16);
          if (lac > st.knownLac) st.knownLac = lac;
        }
        if (this.storage.cachedBytes >= this.storage.cacheLimit / 2) {
          // Keep replay within the cache bound: checkpoint up to (and including) this record.
          await this.runCheckpoint(after, (m) => writeLastMark(this.journalDir, m));
        }
        break;
      }
    }
  }

  private get journalDir(): string {
    return this.opts.journalDirectories[0]!;
  }

  private endWaiters(): void {
    for (const st of this.ledgers.values()) {
      if (!st.waiters) continue;
      for (const w of st.waiters) {
        if (w.timer) clearTimeout(w.timer);
        w.resolve(st.lacUpdatedAt === undefined ? { lac: st.knownLac } : { lac: st.knownLac, lacUpdateTimestampMs: st.lacUpdatedAt });
      }
      st.waiters = undefined;
    }
    this.waiterCount = 0;
  }

  /** Drains the journal (pending adds are acked), checkpoints, closes files. Idempotent. */
  close(): Promise<void> {
    this.closePromise ??= (async () => {
      this.closedFlag = true;
      if (this.interval) clearInterval(this.interval);
      this.endWaiters();
      this.failThrottled(new QuireError('SHUTTING_DOWN', 'bookie is closing'));
      await this.journalRef?.close();
      while (this.checkpointRunning) await this.checkpointRunning.catch(noop);
      if (!this.storageFailure && this.journalRef && !this.journalRef.failed) {
        const j = this.journalRef;
        await this.runCheckpoint(j.writtenPosition(), (m) => j.markCheckpoint(m)).catch((e: unknown) => {
          this.log.error({ err: e }, 'final checkpoint failed; journal replay will redo it');
        });
      }
      await this.storage.close();
    })();
    return this.closePromise;
  }

  /** Test hook: stop as if the process crashed: no journal drain, no checkpoint. */
  abandon(): Promise<void> {
    this.closePromise ??= (async () => {
      this.closedFlag = true;
      if (this.interval) clearInterval(this.interval);
      this.endWaiters();
      this.failThrottled(new QuireError('SHUTTING_DOWN', 'bookie is stopping'));
      await this.journalRef?.abandon();
      while (this.checkpointRunning) await this.checkpointRunning.catch(noop);
      await this.storage.close();
    })();
    return this.closePromise;
  }
}

/** Opens (or creates) a bookie's storage: loads the index, replays the journal, checkpoints. */
export async function openBookie(options: Partial<BookieStorageOptions> & Pick<BookieStorageOptions, 'journalDirectories' | 'ledgerDirectories'>, log?: Logger): Promise<BookieImpl> {
  const opts: BookieStorageOptions = { ...DEFAULT_BOOKIE_STORAGE_OPTIONS, ...options };
  const logger = log ?? childLogger('bookie-storage');
  const journalDir = opts.journalDirectories[0];
  const ledgerDir = opts.ledgerDirectories[0];
  if (!journalDir || !ledgerDir) throw new QuireError('CONFIG_INVALID', 'journalDirectories and ledgerDirectories need at least one directory each');
  for (const [k, v] of Object.entries(opts)) {
    if (typeof v === 'number' && !(v >= 0)) throw new QuireError('CONFIG_INVALID', `${k} must be a non-negative number, got ${v}`);
  }
  if (opts.journalBufferedWritesThreshold < 1 || opts.journalBufferedEntriesThreshold < 1 || opts.journalQueueSize < 1) {
    throw new QuireError('CONFIG_INVALID', 'journal batch and queue bounds must be at least 1');
  }
  try {
    await fs.promises.mkdir(journalDir, { recursive: true });
    await fs.promises.mkdir(ledgerDir, { recursive: true });
  } catch (e) {
    throw new QuireError('IO_ERROR', `cannot create bookie directories: ${(e as Error).message}`, { cause: e });
  }
  const storage = await LedgerStorage.open({
    dir: ledgerDir,
    entryLogSizeLimit: opts.entryLogSizeLimit,
    writeCacheMaxBytes: opts.writeCacheMaxSizeBytes,
    io: opts.fileIo,
    log: logger,
  });
  const bookie = new BookieImpl(opts, storage, logger);
  try {
    const mark = await readLastMark(journalDir);
    const replay = await replayJournal(journalDir, mark, (rec, after) => bookie.applyReplayed(rec, after), logger);
    if (replay.recordsReplayed > 0 || replay.truncatedBytes > 0) {
      logger.info({ mark, records: replay.recordsReplayed, truncatedBytes: replay.truncatedBytes, tornTail: replay.tornTail }, 'journal replayed');
    }
    const nextSegment = Math.max(replay.lastSegmentId ?? 0, mark?.segmentId ?? 0) + 1;
    const journal = await Journal.start(
      {
        dir: journalDir,
        syncData: opts.journalSyncData,
        maxGroupWaitMs: opts.journalMaxGroupWaitMSec,
        bufferedWritesThreshold: opts.journalBufferedWritesThreshold,
        maxEntriesPerBatch: opts.journalBufferedEntriesThreshold,
        flushWhenQueueEmpty: opts.journalFlushWhenQueueEmpty,
        preAllocSize: opts.journalPreAllocSizeMB * 1024 * 1024,
        maxSegmentSize: opts.journalMaxSizeMB * 1024 * 1024,
        queueMaxBytes: opts.journalQueueMaxBytes,
        queueMaxRecords: opts.journalQueueSize,
        io: opts.fileIo,
        log: logger,
      },
      nextSegment,
    );
    bookie.attachJournal(journal);
    // Persist what replay rebuilt, move lastMark to the new segment and trim the old ones.
    await bookie.checkpoint();
  } catch (e) {
    await bookie.close().catch(noop);
    throw e;
  }
  return bookie;
}
