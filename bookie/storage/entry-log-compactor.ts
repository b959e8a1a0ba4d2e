// Compaction of one entry log (BookKeeper's TransactionalEntryLogCompactor, same file states):
// the live entries of a sparse log L are copied to a new log C, the index is switched to C, and
// only then is L deleted.
//
// For each group of L's live entries (bounded, see compactEntryLog), into its own output log C:
//   1. copy      the entries the index places in L, for ledgers still held, to `C.log.compacting`
//                (fdatasync'd every few MiB, then the ledgers-map footer, fdatasync)
//   2. rename    to `C.log.L.compacted`, fsync the directory          — "C holds L's live entries"
//   3. switch    one synced index batch: each moved key that still points at L now points at C
//   4. finish    rename to `C.log`, fsync the directory
// then, once no index entry points into L:
//   5. remove    unlink `L.log`, fsync the directory
//
// Crash recovery (recoverCompaction, at open, before the index is used): a `.compacting` file was
// never referenced by the index and is deleted; for a `C.log.L.compacted` file, steps 3–4 are
// redone from C's records (idempotent: a key is switched only while it still points at L) and L
// is unlinked if a full index scan finds nothing pointing into it. A crash before 5 otherwise
// leaves L with nothing live in it; the next compaction of L copies nothing and removes it. So a
// kill -9 at any point loses no entry and leaves no index entry pointing at a missing file.
import path from 'node:path';
import type { Logger } from '../../common/logger.js';
import { QuireError } from '../../common/errors.js';
import { EntryLogMetadata, encodeLedgersMap, scanEntryLog } from './entry-log-ledgers-map.js';
import { ENTRY_LOG_HEADER_SIZE, decodeEntryLogRecord, encodeEntryLogHeader, entryLogFileName, entryLogRecordSize } from './entry-log-record.js';
import { type EntryLocation, decodeLocation, encodeLocation, entryKey } from './ledger-index-format.js';
import type { EntryLogFiles } from './entry-log-files.js';
import type { FileSystem } from '../../common/durable-file.js';
import type { LedgerIndex } from './ledger-index.js';

/** What compaction needs of the ledger storage (LedgerStorage provides it). */
export interface CompactionStore {
  /** The log files; `files.dirOf(L)` is L's ledger directory, where its compaction outputs go. */
  readonly files: EntryLogFiles;
  /** The file system the storage runs on (node:fs in production). */
  readonly fs: FileSystem;
  readonly isClosed: boolean;
  allocateLogId(): number;
  ledgersReferencing(logIds: ReadonlySet<number>): Promise<Map<number, Set<bigint>>>;
  locationsInLog(logId: number, ledgerIds: Iterable<bigint>): AsyncIterable<{ key: Buffer; loc: EntryLocation }>;
  anyLocationInLog(logId: number, ledgerIds: Iterable<bigint>): Promise<boolean>;
  switchLocations(moves: ReadonlyArray<{ key: Buffer; from: EntryLocation; to: EntryLocation }>): Promise<number>;
  removeLog(logId: number): Promise<void>;
  addFinishedLog(meta: EntryLogMetadata): void;
}

/** `<C>.log.compacting` and `<C>.log.<L>.compacted` (ids as 16 hex digits); group 1 is C. */
export const COMPACTION_FILE_RE = /^([0-9a-f]{16})\.log\.(?:compacting|([0-9a-f]{16})\.compacted)$/;

const hex16 = (id: number): string => id.toString(16).padStart(16, '0');
const compactingName = (c: number): string => `${hex16(c)}.log.compacting`;
const compactedName = (c: number, l: number): string => `${hex16(c)}.log.${hex16(l)}.compacted`;

/** Bytes of old-log records read per read call (neighbouring records are read together). */
const READ_SPAN = 1024 * 1024;
/** A gap up to this between two wanted records is read through rather than split into two reads. */
const READ_GAP = 64 * 1024;
/** Output bytes written per fdatasync: keeps the disk queue short for the journal's fdatasyncs. */
const SYNC_EVERY = 4 * 1024 * 1024;

/** Compaction steps where a test can make the process kill itself (QUIRE_TEST_COMPACTION_CRASH_AT). */
export type CompactionStep = 'copying' | 'copied' | 'renamed' | 'indexed' | 'removed' | 'done';
const crashAt = process.env.QUIRE_TEST_COMPACTION_CRASH_AT;

function step(name: CompactionStep): void {
  // Test hook (the crash test sets it in a child process): die like kill -9 at this step.
  if (crashAt === name) process.kill(process.pid, 'SIGKILL');
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const yieldLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

function closeFd(fs: FileSystem, fd: number): Promise<void> {
  return fs.close(fd).catch(() => undefined);
}

export interface CompactionThrottle {
  /** true: limit bytes per second (compactionRateByBytes), else entries per second (compactionRateByEntries). */
  readonly byBytes: boolean;
  /** Per second; 0 or less = unlimited. */
  readonly rate: number;
  /** Entries per output log (default GROUP_ENTRIES); tests set it low to get several outputs. */
  readonly maxEntriesPerOutput?: number;
}

export interface CompactionResult {
  readonly oldLogId: number;
  /** Output logs written (0 when nothing in L was live). */
  readonly outputs: number;
  readonly oldSize: number;
  readonly copiedBytes: number;
  readonly copiedEntries: number;
  readonly millis: number;
}

interface Move {
  readonly key: Buffer;
  readonly from: EntryLocation;
  to: EntryLocation;
}

/**
 * Compacts log `meta.logId`. `isLive(ledgerId)` tells which ledgers the bookie still holds;
 * `shouldStop()` is polled between slices (suspend, close): a stop before an index switch
 * discards that copy. Returns undefined when stopped, or when L had to be kept (something
 * unexpected still points into it); L stays until every entry the index places in it has moved.
 *
 * The live entries go out in groups of at most GROUP_ENTRIES entries / GROUP_BYTES bytes, each to
 * its own output log, switched and finished before the next group is read from the index: the
 * memory a compaction holds is bounded by one group, whatever the size of L.
 */
export async function compactEntryLog(
  storage: CompactionStore,
  meta: EntryLogMetadata,
  isLive: (ledgerId: bigint) => boolean,
  throttle: CompactionThrottle,
  shouldStop: () => boolean,
  log?: Logger,
): Promise<CompactionResult | undefined> {
  const started = Date.now();
  const L = meta.logId;
  const oldSize = await storage.files.size(L);
  const ledgers = new Set<bigint>([...meta.ledgers.keys()].filter(isLive));
  if (meta.fromScan) {
    // A scanned map may miss ledgers after a damaged record: take whatever the index points at too.
    for (const id of (await storage.ledgersReferencing(new Set([L]))).get(L) ?? []) ledgers.add(id);
  }
  const rate = { start: Date.now(), entries: 0, bytes: 0 };
  let outputs = 0;
  let group: Move[] = [];
  let groupBytes = 0;
  const flushGroup = async (): Promise<boolean> => {
    if (group.length === 0) return true;
    group.sort((a, b) => a.from.offset - b.from.offset);
    const ok = await copyGroup(storage, L, group, throttle, rate, shouldStop);
    group = [];
    groupBytes = 0;
    if (ok) outputs++;
    return ok;
  };
  for await (const m of storage.locationsInLog(L, ledgers)) {
    group.push({ key: m.key, from: m.loc, to: m.loc });
    groupBytes += entryLogRecordSize(m.loc.length);
    if ((group.length >= (throttle.maxEntriesPerOutput ?? GROUP_ENTRIES) || groupBytes >= GROUP_BYTES) && !(await flushGroup())) return undefined;
  }
  if (!(await flushGroup())) return undefined;
  // Every key that pointed into L now points into an output or at a newer add; check before unlinking.
  if (await storage.anyLocationInLog(L, ledgers)) {
    log?.warn({ logId: L }, 'entries still point into a compacted entry log; keeping it');
    return undefined;
  }
  await storage.removeLog(L);
  step('removed');
  return { oldLogId: L, outputs, oldSize, copiedBytes: rate.bytes, copiedEntries: rate.entries, millis: Date.now() - started };
}

/** Entries per compaction output (bounds the locations held in memory). */
const GROUP_ENTRIES = 100_000;
/** Record bytes per compaction output. */
const GROUP_BYTES = 256 * 1024 * 1024;

/** Copy → rename → switch → finish for one group of moves out of L; false when stopped before the switch. */
async function copyGroup(
  storage: CompactionStore,
  L: number,
  moves: Move[],
  throttle: CompactionThrottle,
  rate: { readonly start: number; entries: number; bytes: number },
  shouldStop: () => boolean,
): Promise<boolean> {
  const io = storage.fs;
  const C = storage.allocateLogId();
  // Into L's directory: the space freed is on the disk L filled, and recovery finds C next to L.
  const dir = storage.files.dirOf(L);
  storage.files.setDir(C, dir);
  const tmp = path.join(dir, compactingName(C));
  const fd = await io.open(tmp, 'wx');
  const cMap = new Map<bigint, number>();
  let size = ENTRY_LOG_HEADER_SIZE;
  let unsynced = 0;
  let closed = false;
  const discard = async (): Promise<void> => {
    if (!closed) await closeFd(io, fd);
    closed = true;
    await io.unlink(tmp).catch(() => undefined);
  };
  try {
    const header = encodeEntryLogHeader(C);
    await io.write(fd, header, 0, header.length, 0);
    for (let i = 0; i < moves.length; ) {
      if (shouldStop() || storage.isClosed) {
        await discard();
        return false;
      }
      // One read covering neighbouring records, each checked (crc, ids) before it is copied as is.
      let j = i + 1;
      const spanStart = moves[i]!.from.offset;
      let spanEnd = spanStart + entryLogRecordSize(moves[i]!.from.length);
      while (j < moves.length) {
        const m = moves[j]!.from;
        const end = m.offset + entryLogRecordSize(m.length);
        if (m.offset - spanEnd > READ_GAP || end - spanStart > READ_SPAN) break;
        spanEnd = Math.max(spanEnd, end);
        j++;
      }
      const span = Buffer.allocUnsafe(spanEnd - spanStart);
      const n = await storage.files.withFd(L, (rfd) => io.read(rfd, span, 0, span.length, spanStart));
      if (n !== span.length) throw new QuireError('IO_ERROR', `entry log ${L}: short read at ${spanStart} during compaction`);
      const out: Buffer[] = [];
      const at = size;
      for (let k = i; k < j; k++) {
        const m = moves[k]!;
        const recSize = entryLogRecordSize(m.from.length);
        const rec = span.subarray(m.from.offset - spanStart, m.from.offset - spanStart + recSize);
        const ledgerId = m.key.readBigInt64BE(1);
        decodeEntryLogRecord(rec, ledgerId, m.key.readBigInt64BE(9), `compaction of entry log ${L} offset ${m.from.offset}`);
        m.to = { logId: C, offset: size, length: m.from.length };
        out.push(rec);
        size += recSize;
        unsynced += recSize;
        rate.bytes += recSize;
        cMap.set(ledgerId, (cMap.get(ledgerId) ?? 0) + recSize);
      }
      rate.entries += j - i;
      await io.writev(fd, out, at);
      if (unsynced >= SYNC_EVERY) {
        await io.fdatasync(fd);
        unsynced = 0;
      }
      if (i === 0) step('copying');
      i = j;
      // Rate limit: never ahead of `rate` per second since the compaction began.
      if (throttle.rate > 0) {
        const done = throttle.byBytes ? rate.bytes : rate.entries;
        const due = (done / throttle.rate) * 1000 - (Date.now() - rate.start);
        if (due > 0) await sleep(Math.min(due, 1000));
      }
      await yieldLoop();
    }
    const footer = encodeLedgersMap(cMap, size);
    await io.write(fd, footer, 0, footer.length, size);
    await io.fdatasync(fd);
    await closeFd(io, fd);
    closed = true;
    step('copied');
    if (shouldStop() || storage.isClosed) {
      await discard();
      return false;
    }
  } catch (e) {
    await discard();
    throw e;
  }

  // From here on the index may point into C: it is never discarded, only finished.
  const compacted = compactedName(C, L);
  await storage.fs.rename(tmp, path.join(dir, compacted));
  await storage.fs.fsyncDir(dir);
  storage.files.setName(C, compacted);
  step('renamed');
  await storage.switchLocations(moves);
  step('indexed');
  await storage.fs.rename(path.join(dir, compacted), path.join(dir, entryLogFileName(C)));
  await storage.fs.fsyncDir(dir);
  storage.files.setName(C, undefined);
  storage.addFinishedLog(new EntryLogMetadata(C, cMap, false));
  step('done');
  return true;
}

/**
 * Finishes or undoes compactions a crash interrupted in ledger directory `dir` (see the file
 * comment; C and L are always in the same directory). Runs at open for each ledger directory,
 * before the index serves reads.
 */
export async function recoverCompaction(dir: string, db: LedgerIndex, fs: FileSystem, log?: Logger): Promise<void> {
  for (const name of (await fs.readdir(dir)).sort()) {
    const m = COMPACTION_FILE_RE.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    if (m[2] === undefined) {
      // Never referenced by the index.
      await fs.unlink(file);
      await fs.fsyncDir(dir);
      log?.info({ file: name }, 'removed an unfinished compaction output');
      continue;
    }
    const C = parseInt(m[1]!, 16);
    const L = parseInt(m[2], 16);
    const recs: Array<{ ledgerId: bigint; entryId: bigint; offset: number; length: number }> = [];
    const fd = await fs.open(file, 'r');
    try {
      const size = await fs.size(fd);
      await scanEntryLog(size, (buf, pos) => fs.read(fd, buf, 0, buf.length, pos), (r) => recs.push(r));
    } finally {
      await closeFd(fs, fd);
    }
    const batch = db.batch();
    for (let i = 0; i < recs.length; i += 1000) {
      const part = recs.slice(i, i + 1000);
      const keys = part.map((r) => entryKey(r.ledgerId, r.entryId));
      const cur = await db.getMany(keys);
      part.forEach((r, k) => {
        const v = cur[k];
        if (v !== undefined && decodeLocation(v).logId === L) batch.put(keys[k]!, encodeLocation({ logId: C, offset: r.offset, length: r.length }));
      });
    }
    await batch.write({ sync: true });
    let stillUsed = false;
    for await (const [, v] of db.entries({ gte: Buffer.from([0x45]), lt: Buffer.from([0x46]) })) {
      if (v.readUInt32BE(0) === L) {
        stillUsed = true;
        break;
      }
    }
    const oldFile = path.join(dir, entryLogFileName(L));
    if (stillUsed) log?.warn({ logId: L }, 'entries still point into a compacted entry log after recovery; keeping it');
    else await fs.unlink(oldFile).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    await fs.fsyncDir(dir);
    await fs.rename(file, path.join(dir, entryLogFileName(C)));
    await fs.fsyncDir(dir);
    log?.info({ from: L, to: C, entries: recs.length }, 'finished a compaction interrupted by a crash');
  }
}
