// The bookie's storage side: the Bookie contract (bookie.ts) over the journal (durability, group
// commit) and ledger storage (write cache → entry logs + LevelDB index). This file holds the
// request operations (the add path, reads, fence, LAC) and openBookie (start-up wiring); the parts
// live under BookKeeper's names:
//   ledger-descriptor.ts     per-ledger state: master key, fence, LACs
//   lac-long-poll.ts         long-poll waits on a ledger's LAC
//   write-cache-throttle.ts  adds parked while the write cache is full
//   checkpointer.ts          the SyncThread: freeze, flush, move lastMark, trim the journal
//   journal-scanner.ts       replay application on open
//   bookie-state-manager.ts  writable / read-only
//
// Every mutation is applied to in-memory state and the write cache first, then journaled; the
// caller is answered when the journal record is durable (checkpointer.ts says why a crash at any
// step loses nothing acked).
import type { Bookie, AddOptions, BookieInfo, LacWaitResult } from './bookie.js';
import { QuireError } from '../common/errors.js';
import { type FileSystem, nodeFileSystem, withFileIo } from '../common/durable-file.js';
import { systemTimers } from '../common/timers.js';
import { childLogger, type Logger } from '../common/logger.js';
import { Journal, type JournalOptions, type JournalStats } from './journal/journal.js';
import { JournalList } from './journal/journal-list.js';
import { JournalRecordType, type JournalRecord } from './journal/journal-record.js';
import { replayJournal } from './journal/journal-replay.js';
import { type JournalPosition, readLastMark } from './journal/last-mark.js';
import { LedgerStorage } from './storage/ledger-storage.js';
import { totalSpaceOf } from './disk/disk-checker.js';
import type { ReadAheadStats } from './storage/read-ahead-cache.js';
import type { RunLimits, RunResult } from './storage/entry-runs.js';
import { entryHeaderMatches, readInt64 } from '../protocol/entry-header.js';
import { DEFAULT_BOOKIE_STORAGE_OPTIONS, type BookieStorageOptions } from './bookie-storage-options.js';
import { BookieStateManager } from './bookie-state-manager.js';
import { Checkpointer } from './checkpointer.js';
import { applyJournalRecord } from './journal-scanner.js';
import { LacLongPoll } from './lac-long-poll.js';
import { LedgerDescriptor, copyOf, keyNeedsRecording } from './ledger-descriptor.js';
import { WriteCacheThrottle } from './write-cache-throttle.js';

export interface BookieStorageStats {
  /** Summed over the journals. */
  readonly journal: JournalStats;
  /** One per journalDirectories entry, in order. */
  readonly journals: readonly JournalStats[];
  readonly checkpoints: number;
}

const noop = (): void => undefined;

export class BookieImpl implements Bookie {
  private readonly ledgers = new Map<bigint, LedgerDescriptor>();
  private readonly throttle: WriteCacheThrottle;
  private readonly checkpointer: Checkpointer;
  private readonly longPoll: LacLongPoll;
  readonly stateManager: BookieStateManager;
  private journalsRef: JournalList | undefined;
  private closedFlag = false;
  private closePromise: Promise<void> | undefined;
  private readonly fsys: FileSystem;

  constructor(
    private readonly opts: BookieStorageOptions,
    private readonly storage: LedgerStorage,
    private readonly log: Logger,
  ) {
    this.fsys = withFileIo(opts.fileSystem ?? nodeFileSystem, opts.fileIo);
    const timers = opts.timers ?? systemTimers;
    this.stateManager = new BookieStateManager({ forceReadOnly: opts.readOnly, allowHighPriorityWritesWhenReadOnly: opts.allowHighPriorityWritesWhenReadOnly });
    this.longPoll = new LacLongPoll({ ...opts, timers });
    this.throttle = new WriteCacheThrottle({ ...opts, timers }, {
      hasRoom: (bytes) => this.storage.hasRoom(bytes),
      stillWaiting: () => {
        if (!this.checkpointer.isRunning && !this.checkpointer.storageFailure && !this.closedFlag) this.checkpointer.checkpoint().catch(noop);
      },
    });
    this.checkpointer = new Checkpointer({ storage, ledgers: this.ledgers, throttle: this.throttle, log, timers, onFailure: (e) => this.notifyFailure(e, 'checkpoint') });
    for (const [id, info] of storage.loadedInfos) this.ledgers.set(id, LedgerDescriptor.fromInfo(info));
  }

  /** The journal of `ledgerId` (BookieImpl.getJournal: signSafeMod(ledgerId, journals)). */
  private journalOf(ledgerId: bigint): Journal {
    return this.journalsRef!.forLedger(ledgerId);
  }

  /** Called once by openBookie after replay: one journal per journalDirectories entry, in order. */
  attachJournals(journals: readonly Journal[]): void {
    this.journalsRef = new JournalList(journals);
    this.checkpointer.start(this.journalsRef, this.opts.flushInterval);
  }

  /** The journals (for the admin API's last_log_mark and tests). */
  get journals(): JournalList | undefined {
    return this.journalsRef;
  }

  get isReadOnly(): boolean {
    return this.stateManager.isReadOnly;
  }

  /** Switches read-only mode (e.g. when a disk fills up). */
  setReadOnly(readOnly: boolean): void {
    this.stateManager.setReadOnly(readOnly);
  }

  get isClosed(): boolean {
    return this.closedFlag;
  }

  private readonly failureListeners = new Set<(e: QuireError, where: 'journal' | 'checkpoint') => void>();

  /** Hears journal and checkpoint failures (the service turns the bookie read-only on them). */
  onFailure(l: (e: QuireError, where: 'journal' | 'checkpoint') => void): () => void {
    this.failureListeners.add(l);
    const jf = this.journalsRef?.failed;
    const known = jf ?? this.checkpointer.storageFailure;
    if (known) queueMicrotask(() => l(known, jf ? 'journal' : 'checkpoint'));
    return () => this.failureListeners.delete(l);
  }

  /** Called by the journal (JournalOptions.onFailure) and by the checkpointer. */
  notifyFailure(e: QuireError, where: 'journal' | 'checkpoint'): void {
    if (this.closedFlag) return;
    for (const l of this.failureListeners) {
      try {
        l(e, where);
      } catch (err) {
        this.log.error({ err }, 'failure listener threw');
      }
    }
  }

  /** Read-ahead cache counters (bookie_read_cache_hits, ...). */
  get readAheadStats(): Readonly<ReadAheadStats> & { bytes: number } {
    return { ...this.storage.readAhead.stats, bytes: this.storage.readAhead.bytes };
  }

  get stats(): BookieStorageStats {
    const j = this.journalsRef!;
    return { journal: j.stats(), journals: j.statsPerJournal(), checkpoints: this.checkpointer.checkpoints };
  }

  private checkWritable(): void {
    if (this.closedFlag) throw new QuireError('SHUTTING_DOWN', 'bookie is closed');
    const jf = this.journalsRef?.failed;
    if (jf) throw jf;
    const sf = this.checkpointer.storageFailure;
    if (sf) throw sf;
  }

  private ledger(ledgerId: bigint): LedgerDescriptor {
    const st = this.ledgers.get(ledgerId);
    if (st === undefined) throw new QuireError('NO_SUCH_LEDGER', `ledger ${ledgerId} is not stored on this bookie`);
    return st;
  }

  /** Creates the ledger or replaces its key, and journals the key (ahead of the caller's record). */
  private recordKey(st: LedgerDescriptor | undefined, ledgerId: bigint, masterKey: Buffer): LedgerDescriptor {
    const key = copyOf(masterKey);
    if (st === undefined) {
      st = new LedgerDescriptor(key);
      this.ledgers.set(ledgerId, st);
    } else {
      st.masterKey = key;
    }
    this.checkpointer.markDirty(ledgerId);
    // Ordered before the caller's record in the same queue; a failure fails that record too.
    this.journalOf(ledgerId).append(JournalRecordType.MASTER_KEY, ledgerId, 0n, key).catch(noop);
    return st;
  }

  addEntry(ledgerId: bigint, entryId: bigint, masterKey: Buffer, entry: Buffer, options: AddOptions): Promise<void> {
    return new Promise<void>((resolve, reject) => this.addEntryCb(ledgerId, entryId, masterKey, entry, options, (err) => (err ? reject(err) : resolve())));
  }

  addEntryCb(ledgerId: bigint, entryId: bigint, masterKey: Buffer, entry: Buffer, options: AddOptions, done: (err: unknown) => void): void {
    this.addEntryImpl(ledgerId, entryId, masterKey, entry, options, done, false);
  }

  /** `resumed`: a parked add let in by WriteCacheThrottle.drain; it goes ahead of the queue it just left. */
  private addEntryImpl(ledgerId: bigint, entryId: bigint, masterKey: Buffer, entry: Buffer, options: AddOptions, done: (err: unknown) => void, resumed: boolean): void {
    let copy: Buffer;
    let journal: Journal;
    try {
      // Read-only before failures: a bookie whose journal failed is read-only (EREADONLY), so
      // clients replace it in the ensemble instead of retrying an I/O error.
      if (!this.closedFlag) this.stateManager.checkAddAllowed(options.highPriority);
      this.checkWritable();
      if (entry.length < 24) throw new QuireError('INVALID_ARGUMENT', `entry of ${entry.length} bytes is shorter than the 24-byte entry header`);
      if (entryId < 0n) throw new QuireError('INVALID_ARGUMENT', `entry id ${entryId} is negative`);
      if (!entryHeaderMatches(entry, ledgerId, entryId)) {
        throw new QuireError('INVALID_ARGUMENT', `entry header names ${entry.readBigInt64BE(0)}/${entry.readBigInt64BE(8)}, request names ${ledgerId}/${entryId}`);
      }
      let st = this.ledgers.get(ledgerId);
      const newKey = keyNeedsRecording(st, ledgerId, masterKey);
      if (st !== undefined && st.fenced && !options.recovery) throw new QuireError('LEDGER_FENCED', `ledger ${ledgerId} is fenced`);
      // Admission before any side effect: a rejected add changes nothing.
      journal = this.journalOf(ledgerId);
      journal.checkAdmit(entry.length + masterKey.length);
      // FIFO: while older adds wait for room, newer ones queue behind them.
      const queued = this.throttle.waiting && !resumed;
      if (queued || !this.storage.hasRoom(entry.length)) {
        if (!this.checkpointer.isRunning) this.checkpointer.checkpoint().catch(noop);
        if (queued || !this.storage.hasRoom(entry.length)) {
          this.throttle.park(entry.length, () => this.addEntryImpl(ledgerId, entryId, masterKey, entry, options, done, true), done);
          return;
        }
      }
      if (newKey) st = this.recordKey(st, ledgerId, masterKey);
      // The entry may be a view into a socket buffer: the cache keeps its own copy.
      copy = this.putTimed(ledgerId, entryId, entry);
      if (entryId > st!.lastEntryId) st!.lastEntryId = entryId;
      const lac = readInt64(copy, 16);
      if (lac > st!.knownLac) this.longPoll.advanceLac(st!, lac);
      if (!this.checkpointer.isRunning && this.storage.cachedBytes >= this.storage.cacheLimit / 2) this.checkpointer.checkpoint().catch(noop);
    } catch (e) {
      done(e);
      return;
    }
    // Outside the try: `done` is called exactly once. The entry header names (ledgerId, entryId),
    // checked above, so the journal copies the ids from it.
    journal.appendEntryCb(copy, options.deferredSync, done);
  }

  /** storage.put, timed for the write-cache observer when there is one (two clock reads). */
  private putTimed(ledgerId: bigint, entryId: bigint, entry: Buffer): Buffer {
    const obs = this.opts.writeCacheObserver;
    if (!obs) return this.storage.put(ledgerId, entryId, entry);
    const t0 = performance.now();
    const copy = this.storage.put(ledgerId, entryId, entry);
    obs((performance.now() - t0) / 1000);
    return copy;
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

  async readEntries(ledgerId: bigint, startEntryId: bigint, limits: RunLimits): Promise<RunResult> {
    if (this.closedFlag) throw new QuireError('SHUTTING_DOWN', 'bookie is closed');
    this.ledger(ledgerId);
    if (startEntryId < 0n) return { entries: [await this.readEntry(ledgerId, startEntryId)] };
    const r = await this.storage.getRun(ledgerId, startEntryId, limits);
    if (r.entries.length === 0) throw new QuireError('NO_SUCH_ENTRY', `entry ${ledgerId}/${startEntryId} is not stored on this bookie`);
    return r;
  }

  fenceLedger(ledgerId: bigint, masterKey: Buffer): Promise<void> {
    try {
      this.checkWritable();
      if (masterKey.length === 0) throw new QuireError('UNAUTHORIZED', 'fencing needs the master key');
      let st = this.ledgers.get(ledgerId);
      const newKey = keyNeedsRecording(st, ledgerId, masterKey);
      if (st !== undefined && st.fenced && !newKey) return st.fenceDurable ?? Promise.resolve();
      const journal = this.journalOf(ledgerId);
      journal.checkAdmit(masterKey.length);
      if (newKey) st = this.recordKey(st, ledgerId, masterKey);
      const s = st!;
      if (s.fenced) return s.fenceDurable ?? Promise.resolve();
      // Fencing is irreversible: mark it now so no normal add slips in while the record syncs.
      s.fenced = true;
      this.checkpointer.markDirty(ledgerId);
      const p = journal.append(JournalRecordType.FENCE, ledgerId, 0n, undefined);
      s.fenceDurable = p;
      p.then(() => {
        if (s.fenceDurable === p) s.fenceDurable = undefined;
      }, noop);
      return p;
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** BookKeeper's Bookie.isFenced: true once a fence for the ledger was accepted. */
  isFenced(ledgerId: bigint): boolean {
    return this.ledgers.get(ledgerId)?.fenced ?? false;
  }

  async getLastAddConfirmed(ledgerId: bigint): Promise<bigint> {
    return this.ledger(ledgerId).knownLac;
  }

  waitForLacUpdate(ledgerId: bigint, previousLac: bigint, timeoutMs: number): Promise<LacWaitResult> {
    try {
      if (this.closedFlag) throw new QuireError('SHUTTING_DOWN', 'bookie is closed');
      return this.longPoll.wait(this.ledger(ledgerId), previousLac, timeoutMs);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  setExplicitLac(ledgerId: bigint, masterKey: Buffer, lacBlob: Buffer): Promise<void> {
    try {
      this.checkWritable();
      this.stateManager.checkWriteAllowed();
      if (lacBlob.length < 16) throw new QuireError('INVALID_ARGUMENT', `explicit-LAC blob of ${lacBlob.length} bytes is shorter than 16`);
      let st = this.ledgers.get(ledgerId);
      const newKey = keyNeedsRecording(st, ledgerId, masterKey);
      const journal = this.journalOf(ledgerId);
      journal.checkAdmit(lacBlob.length + masterKey.length);
      if (newKey) st = this.recordKey(st, ledgerId, masterKey);
      const blob = copyOf(lacBlob);
      st!.explicitLac = blob;
      this.checkpointer.markDirty(ledgerId);
      const lac = blob.readBigInt64BE(8);
      if (lac > st!.knownLac) this.longPoll.advanceLac(st!, lac);
      return journal.append(JournalRecordType.EXPLICIT_LAC, ledgerId, 0n, blob);
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

  forceLedger(ledgerId: bigint): Promise<void> {
    try {
      if (this.closedFlag) throw new QuireError('SHUTTING_DOWN', 'bookie is closed');
      // Every record of the ledger goes through its journal: a barrier behind everything queued
      // there so far covers the ledger (BookKeeper: getJournal(ledgerId).forceLedger).
      return this.journalOf(ledgerId).barrier();
    } catch (e) {
      return Promise.reject(e);
    }
  }

  async listEntries(ledgerId: bigint): Promise<bigint[]> {
    if (this.closedFlag) throw new QuireError('SHUTTING_DOWN', 'bookie is closed');
    this.ledger(ledgerId);
    return this.storage.listEntries(ledgerId);
  }

  /** The ledger storage (for the garbage collector and compaction). */
  get ledgerStorage(): LedgerStorage {
    return this.storage;
  }

  /** Ids of every ledger this bookie holds state for (index-loaded, added since, replayed). */
  localLedgerIds(): bigint[] {
    return [...this.ledgers.keys()];
  }

  hasLedger(ledgerId: bigint): boolean {
    return this.ledgers.has(ledgerId);
  }

  /**
   * Drops a ledger the garbage collector proved deleted: its in-memory state at once (long polls
   * on it are answered with the current LAC), then its cached entries and index state. A later add
   * for the same id starts a new ledger, which the next GC run judges on its own.
   */
  async deleteLedgerLocally(ledgerId: bigint): Promise<void> {
    const st = this.ledgers.get(ledgerId);
    if (st !== undefined) {
      // Checkpoints snapshot only ledgers in this map, so a pending "dirty" mark for it is moot.
      this.ledgers.delete(ledgerId);
      this.longPoll.end(st);
    }
    await this.storage.deleteLedger(ledgerId);
  }

  /** Free and total bytes over the ledger directories' distinct file systems (BookKeeper's getTotalFreeSpace / getTotalDiskSpace). */
  async getBookieInfo(): Promise<BookieInfo> {
    const { free, total } = await totalSpaceOf(this.opts.ledgerDirectories);
    return { totalDiskCapacity: total, freeDiskSpace: free };
  }


  /** Runs a checkpoint now (or waits for the running one, then runs another). */
  checkpoint(): Promise<void> {
    return this.checkpointer.checkpoint();
  }

  /** Re-applies one record of the journal in `journalDir` during replay (no journaling). */
  applyReplayed(journalDir: string, rec: JournalRecord, after: JournalPosition): Promise<void> {
    return applyJournalRecord({ ledgers: this.ledgers, storage: this.storage, checkpointer: this.checkpointer, journalDir, fs: this.fsys }, rec, after);
  }

  /** Drains the journal (pending adds are acked), checkpoints, closes files. Idempotent. */
  close(): Promise<void> {
    this.closePromise ??= (async () => {
      this.closedFlag = true;
      this.checkpointer.stop();
      this.longPoll.endAll(this.ledgers.values());
      this.throttle.failAll(new QuireError('SHUTTING_DOWN', 'bookie is closing'));
      await this.journalsRef?.close();
      await this.checkpointer.waitIdle();
      if (!this.checkpointer.storageFailure && this.journalsRef && !this.journalsRef.failed) {
        const j = this.journalsRef;
        await this.checkpointer.runCheckpoint(j.writtenPositions(), (m) => j.markCheckpoint(m)).catch((e: unknown) => {
          this.log.error({ err: e }, 'final checkpoint failed; journal replay will redo it');
        });
      }
      // A clean close finishes the current entry log with its ledgers-map footer.
      await this.storage.close(!this.checkpointer.storageFailure);
    })();
    return this.closePromise;
  }

  /** Test hook: stop as if the process crashed: no journal drain, no checkpoint. */
  abandon(): Promise<void> {
    this.closePromise ??= (async () => {
      this.closedFlag = true;
      this.checkpointer.stop();
      this.longPoll.endAll(this.ledgers.values());
      this.throttle.failAll(new QuireError('SHUTTING_DOWN', 'bookie is stopping'));
      await this.journalsRef?.abandon();
      await this.checkpointer.waitIdle();
      await this.storage.close();
    })();
    return this.closePromise;
  }
}

/**
 * Opens (or creates) a bookie's storage: loads the index, replays every journal, starts one
 * journal per journalDirectories entry, checkpoints.
 */
export async function openBookie(options: Partial<BookieStorageOptions> & Pick<BookieStorageOptions, 'journalDirectories' | 'ledgerDirectories'>, log?: Logger): Promise<BookieImpl> {
  const opts: BookieStorageOptions = { ...DEFAULT_BOOKIE_STORAGE_OPTIONS, ...options };
  const logger = log ?? childLogger('bookie-storage');
  const journalDirs = opts.journalDirectories;
  const ledgerDir = opts.ledgerDirectories[0];
  if (journalDirs.length === 0 || !ledgerDir) throw new QuireError('CONFIG_INVALID', 'journalDirectories and ledgerDirectories need at least one directory each');
  if (new Set(journalDirs).size !== journalDirs.length) throw new QuireError('CONFIG_INVALID', `journalDirectories names a directory twice: ${journalDirs.join(',')}`);
  for (const [k, v] of Object.entries(opts)) {
    if (typeof v === 'number' && !(v >= 0)) throw new QuireError('CONFIG_INVALID', `${k} must be a non-negative number, got ${v}`);
  }
  if (opts.journalBufferedWritesThreshold < 1 || opts.journalBufferedEntriesThreshold < 1 || opts.journalQueueSize < 1) {
    throw new QuireError('CONFIG_INVALID', 'journal batch and queue bounds must be at least 1');
  }
  const fsys = withFileIo(opts.fileSystem ?? nodeFileSystem, opts.fileIo);
  try {
    for (const d of journalDirs) await fsys.mkdir(d);
    for (const d of opts.ledgerDirectories) await fsys.mkdir(d);
  } catch (e) {
    throw new QuireError('IO_ERROR', `cannot create bookie directories: ${(e as Error).message}`, { cause: e });
  }
  const storage = await LedgerStorage.open({
    dir: ledgerDir,
    dirs: opts.ledgerDirectories,
    ...(opts.writableLedgerDirs ? { writableDirs: opts.writableLedgerDirs } : {}),
    entryLogSizeLimit: opts.entryLogSizeLimit,
    writeCacheMaxBytes: opts.writeCacheMaxSizeBytes,
    readAheadCacheMaxBytes: opts.readAheadCacheMaxSizeBytes,
    readAheadBatchSize: opts.readAheadCacheBatchSize,
    io: opts.fileIo,
    ...(opts.fileSystem ? { fs: opts.fileSystem } : {}),
    ...(opts.openLedgerIndex ? { openIndex: opts.openLedgerIndex } : {}),
    log: logger,
  });
  const bookie = new BookieImpl(opts, storage, logger);
  const journals: Journal[] = [];
  try {
    // Each journal from its own lastMark, one after another (BookieImpl.readJournal).
    const nextSegments: number[] = [];
    for (const [index, dir] of journalDirs.entries()) {
      const mark = await readLastMark(dir, fsys);
      const replay = await replayJournal(dir, mark, (rec, after) => bookie.applyReplayed(dir, rec, after), logger, fsys);
      if (replay.recordsReplayed > 0 || replay.truncatedBytes > 0) {
        logger.info({ journal: index, dir, mark, records: replay.recordsReplayed, truncatedBytes: replay.truncatedBytes, tornTail: replay.tornTail }, 'journal replayed');
      }
      nextSegments.push(Math.max(replay.lastSegmentId ?? 0, mark?.segmentId ?? 0) + 1);
    }
    for (const [index, dir] of journalDirs.entries()) journals.push(await Journal.start(journalOptionsOf(opts, dir, bookie, logger), nextSegments[index]!));
    bookie.attachJournals(journals);
    // Persist what replay rebuilt, move every lastMark to its journal's new segment and trim the old ones.
    await bookie.checkpoint();
  } catch (e) {
    await bookie.close().catch(noop);
    // Journals started before a later one failed to start are not attached yet: close them here.
    if (!bookie.journals) for (const j of journals) await j.close().catch(noop);
    throw e;
  }
  return bookie;
}

function journalOptionsOf(opts: BookieStorageOptions, dir: string, bookie: BookieImpl, log: Logger): JournalOptions {
  return {
    dir,
    syncData: opts.journalSyncData,
    maxGroupWaitMs: opts.journalMaxGroupWaitMSec,
    bufferedWritesThreshold: opts.journalBufferedWritesThreshold,
    maxEntriesPerBatch: opts.journalBufferedEntriesThreshold,
    flushWhenQueueEmpty: opts.journalFlushWhenQueueEmpty,
    preAllocSize: opts.journalPreAllocSizeMB * 1024 * 1024,
    maxSegmentSize: opts.journalMaxSizeMB * 1024 * 1024,
    reuseFiles: opts.journalReuseFiles,
    queueMaxBytes: opts.journalQueueMaxBytes,
    queueMaxRecords: opts.journalQueueSize,
    io: opts.fileIo,
    ...(opts.fileSystem ? { fs: opts.fileSystem } : {}),
    ...(opts.timers ? { timers: opts.timers } : {}),
    log: opts.journalDirectories.length > 1 ? log.child({ journal: dir }) : log,
    onFailure: (e) => bookie.notifyFailure(e, 'journal'),
    ...(opts.journalObserver ? { observer: opts.journalObserver } : {}),
  };
}
