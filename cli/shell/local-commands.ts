// BookKeeper's local-file shell verbs, reading a bookie's own files with the bookie's codecs:
//   lastmark                                    the checkpoint mark of each journal directory
//   listfilesondisc [-txn] [-log] [-idx]        journal segments, entry logs, index files
//   readjournal <journalId|file> [-msg] [-dir]  the records of one journal segment
//   readlog <entryLogId|file> [-msg] [-ledgerid N] [-entryid N]   the records of one entry log,
//                                               then its ledgers map (footer) if finished
//   ledger <ledgerId> | -ledgerid N [-meta] [-msg]   a ledger's entries from the local index
//   localconsistencycheck                       every index entry points at a readable record
// Ids are decimal, as in BookKeeper (the files are named by 16 hex digits). Which verbs may run
// next to a live bookie: see local-files.ts.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { QuireError } from '../../common/errors.js';
import { parseId } from '../../common/ids.js';
import type { BookieConfig } from '../../bookie/bookie-config.js';
import { JournalRecordType, JournalStreamDecoder, type JournalRecord } from '../../bookie/journal/journal-record.js';
import { MAX_SEGMENT_HEADER_SIZE, SEGMENT_VERSION, checkSegmentHeader, segmentCrcSeed, segmentFileName, segmentHeaderSize, segmentVersionOf } from '../../bookie/journal/journal-segment.js';
import { readLastMark } from '../../bookie/journal/last-mark.js';
import { ENTRY_LOG_HEADER_SIZE, ENTRY_LOG_RECORD_HEADER_SIZE, checkEntryLogHeader, entryLogFileName, scanEntryLogRecord } from '../../bookie/storage/entry-log-record.js';
import { LEDGERS_MAP_TRAILER_SIZE, decodeLedgersMap, decodeLedgersMapTrailer } from '../../bookie/storage/entry-log-ledgers-map.js';
import { EntryLogger } from '../../bookie/storage/entry-logger.js';
import { ENTRY_KEY_PREFIX, LEDGER_KEY_PREFIX, decodeLedgerInfo, decodeLocation, entryKeyEntryId, entryKeyRange, ledgerKey, ledgerKeyId } from '../../bookie/storage/ledger-index-format.js';
import { describeEntry, escapeBytes, indexDirOf, journalDirsOf, ledgerDirsOf, listFiles, openIndexOffline } from './local-files.js';
import { settingsOf } from './shell-config.js';

/** BookKeeper's ids for journal records that are not entries (BookieImpl.METAENTRY_ID_*). */
const METAENTRY_ID_LEDGER_KEY = -0x1000n;
const METAENTRY_ID_FENCE_KEY = -0x2000n;
const METAENTRY_ID_LEDGER_EXPLICITLAC = -0x8000n;
/** Journal bytes read per step by readjournal (the decoder keeps at most one partial record). */
const JOURNAL_READ_CHUNK = 1024 * 1024;
/** Largest entry-log record readlog accepts (the journal's record bound). */
const MAX_ENTRY_LENGTH = 64 * 1024 * 1024;

/** lastmark: "LastLogMark : Journal Id - <id>(<file>), Pos - <offset>" per journal directory. */
export async function lastmark(config: BookieConfig): Promise<string[]> {
  const lines: string[] = [];
  for (const dir of journalDirsOf(config)) {
    const m = (await readLastMark(dir)) ?? { segmentId: 0, offset: 0 };
    lines.push(`LastLogMark : Journal Id - ${m.segmentId}(${segmentFileName(m.segmentId)}), Pos - ${m.offset}`);
  }
  return lines;
}

/** listfilesondisc: the sections asked for, each a header line and one absolute path a line. */
export async function listfilesondisc(config: BookieConfig, which: { txn?: boolean; log?: boolean; idx?: boolean }): Promise<string[]> {
  const lines: string[] = [];
  if (which.txn) lines.push('--------- Printing the list of Journal Files ---------', ...(await listFiles(journalDirsOf(config), '.txn')), '');
  if (which.log) lines.push('--------- Printing the list of EntryLog/Ledger Files ---------', ...(await listFiles(ledgerDirsOf(config), '.log')), '');
  if (which.idx) {
    // Quire's index is one LevelDB database per ledger directory: its files are the index files.
    lines.push('--------- Printing the list of Index Files ---------', ...(await listFiles(ledgerDirsOf(config).map(indexDirOf), '')));
  }
  return lines;
}

/** A decimal id (BookKeeper's form) or a file name: the file path and the id its name carries. */
function locateFile(arg: string, dirs: readonly string[], nameOf: (id: number) => string, nameRe: RegExp, what: string): { file: string; id: number } {
  if (/^[0-9]{1,15}$/.test(arg)) {
    const id = Number(arg);
    const name = nameOf(id);
    for (const d of dirs) if (fs.existsSync(path.join(d, name))) return { file: path.join(d, name), id };
    throw new QuireError('INVALID_ARGUMENT', `${what} ${id} (${name}) is not in ${dirs.join(', ')}`);
  }
  const m = nameRe.exec(path.basename(arg));
  if (!m) throw new QuireError('INVALID_ARGUMENT', `${JSON.stringify(arg)} is neither a ${what} id nor a ${what} file name (<16 hex digits>${nameOf(0).slice(16)})`);
  const candidates = path.isAbsolute(arg) || arg.includes('/') ? [path.resolve(arg)] : [path.resolve(arg), ...dirs.map((d) => path.join(d, arg))];
  const file = candidates.find((f) => fs.existsSync(f));
  if (file === undefined) throw new QuireError('INVALID_ARGUMENT', `${what} file ${arg} not found`);
  return { file, id: parseInt(m[1]!, 16) };
}

function describeJournalRecord(rec: JournalRecord, offset: number, size: number, printMsg: boolean): string[] {
  switch (rec.type) {
    case JournalRecordType.ADD_ENTRY:
      return describeEntry(rec.ledgerId, rec.entryId, offset, rec.data, printMsg);
    case JournalRecordType.MASTER_KEY:
      return [`--------- Lid=${rec.ledgerId}, Eid=${METAENTRY_ID_LEDGER_KEY}, ByteOffset=${offset}, EntrySize=${size} ---------`, 'Type:           META', `MasterKey:      ${rec.data.toString('hex')}`];
    case JournalRecordType.FENCE:
      return [`--------- Lid=${rec.ledgerId}, Eid=${METAENTRY_ID_FENCE_KEY}, ByteOffset=${offset}, EntrySize=${size} ---------`, 'Type:           META', 'Fenced'];
    default: {
      const lines = [`--------- Lid=${rec.ledgerId}, Eid=${METAENTRY_ID_LEDGER_EXPLICITLAC}, ByteOffset=${offset}, EntrySize=${size} ---------`, 'Type:           META', 'Explicit LAC'];
      if (rec.data.length >= 16) lines.push(`LastConfirmed:  ${rec.data.readBigInt64BE(8)}`);
      if (printMsg) lines.push(`Data:           ${escapeBytes(rec.data)}`);
      return lines;
    }
  }
}

/** readjournal: every record of one journal segment, then where and why the data ends. */
export async function readjournal(config: BookieConfig, arg: string, o: { msg?: boolean; dir?: string }, emit: (line: string) => void): Promise<void> {
  const dirs = o.dir !== undefined ? [path.resolve(o.dir)] : journalDirsOf(config);
  const { file, id } = locateFile(arg, dirs, segmentFileName, /^([0-9a-f]{16})\.txn$/, 'journal');
  emit(`Scan journal ${id} (${path.basename(file)})`);
  const fh = await fs.promises.open(file, 'r').catch((e: unknown) => {
    throw new QuireError('IO_ERROR', `cannot open ${file}: ${(e as Error).message}`, { cause: e });
  });
  try {
    const buf = Buffer.alloc(MAX_SEGMENT_HEADER_SIZE);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const header = buf.subarray(0, bytesRead);
    const h = checkSegmentHeader(header, id);
    if (h === 'blank') return emit('Journal segment has no header yet (its creation did not finish): no records');
    if (h === 'bad') throw new QuireError('IO_ERROR', `${file}: not a journal segment of id ${id} (bad header)`);
    const version = segmentVersionOf(header);
    emit(`Journal Version: ${version}`);
    const decoder = new JournalStreamDecoder(segmentHeaderSize(version), segmentCrcSeed(header));
    const chunk = Buffer.allocUnsafe(JOURNAL_READ_CHUNK);
    let pos = segmentHeaderSize(version);
    while (decoder.stopReason === undefined) {
      const { bytesRead: n } = await fh.read(chunk, 0, chunk.length, pos);
      if (n === 0) break;
      pos += n;
      decoder.push(chunk.subarray(0, n), (rec, offset, size) => describeJournalRecord(rec, offset, size, o.msg === true).forEach(emit));
    }
    const stop = decoder.stopReason;
    // Format 2 (journalReuseFiles): a live segment's records are followed by the stale bytes of the file's previous life.
    if (stop?.kind === 'corrupt' && version !== SEGMENT_VERSION) emit(`Journal data ends at offset ${decoder.validEnd}: end of this segment's records (${stop.reason}: stale bytes of a reused file, or a torn record)`);
    else if (stop?.kind === 'corrupt') emit(`Journal data ends at offset ${decoder.validEnd}: ${stop.reason}`);
    else if (decoder.pendingBytes > 0) emit(`Journal data ends at offset ${decoder.validEnd} with ${decoder.pendingBytes} bytes of an incomplete record (being written, or torn)`);
  } finally {
    await fh.close();
  }
}

/** The ledgers map footer of an entry log, or undefined when it has none that checks. */
async function readLedgersMapFooter(fh: fs.promises.FileHandle, size: number): Promise<{ mapOffset: number; map: Map<bigint, number> } | undefined> {
  if (size < ENTRY_LOG_HEADER_SIZE + LEDGERS_MAP_TRAILER_SIZE) return undefined;
  const trailer = Buffer.alloc(LEDGERS_MAP_TRAILER_SIZE);
  await fh.read(trailer, 0, trailer.length, size - trailer.length);
  const t = decodeLedgersMapTrailer(trailer, size);
  if (t === undefined) return undefined;
  const footer = Buffer.alloc(size - t.mapOffset);
  await fh.read(footer, 0, footer.length, t.mapOffset);
  const map = decodeLedgersMap(footer, size);
  return map === undefined ? undefined : { mapOffset: t.mapOffset, map };
}

/** readlog: the records of one entry log (optionally only one ledger / entry). */
export async function readlog(config: BookieConfig, arg: string, o: { msg?: boolean; ledgerId?: bigint; entryId?: bigint }, emit: (line: string) => void): Promise<void> {
  const { file, id } = locateFile(arg, ledgerDirsOf(config), entryLogFileName, /^([0-9a-f]{16})\.log$/, 'entry log');
  emit(o.ledgerId === undefined ? `Scan entry log ${id} (${path.basename(file)})` : `Scan entry log ${id} (${path.basename(file)}) for LedgerId ${o.ledgerId}${o.entryId === undefined ? '' : ` and EntryId ${o.entryId}`}`);
  const fh = await fs.promises.open(file, 'r').catch((e: unknown) => {
    throw new QuireError('IO_ERROR', `cannot open ${file}: ${(e as Error).message}`, { cause: e });
  });
  let matched = 0;
  try {
    const header = Buffer.alloc(ENTRY_LOG_HEADER_SIZE);
    await fh.read(header, 0, header.length, 0);
    if (!checkEntryLogHeader(header, id)) throw new QuireError('IO_ERROR', `${file}: not an entry log of id ${id} (bad header)`);
    const size = (await fh.stat()).size;
    // A finished log ends with its ledgers map (entry-log-ledgers-map.ts): records stop where it starts.
    const footer = await readLedgersMapFooter(fh, size);
    const dataEnd = footer?.mapOffset ?? size;
    let pos = ENTRY_LOG_HEADER_SIZE;
    const recHeader = Buffer.alloc(ENTRY_LOG_RECORD_HEADER_SIZE);
    // One record in memory at a time: logs are up to entryLogSizeLimit (1 GiB by default).
    while (pos < dataEnd) {
      const { bytesRead } = await fh.read(recHeader, 0, recHeader.length, pos);
      const length = bytesRead === recHeader.length ? recHeader.readUInt32BE(4) : 0;
      const rec = Buffer.allocUnsafe(bytesRead === recHeader.length && length <= MAX_ENTRY_LENGTH ? ENTRY_LOG_RECORD_HEADER_SIZE + length : bytesRead);
      const { bytesRead: got } = await fh.read(rec, 0, rec.length, pos);
      const r = scanEntryLogRecord(rec.subarray(0, got), 0, MAX_ENTRY_LENGTH);
      if (r.kind === 'incomplete') {
        emit(`Entry log data ends at offset ${pos} with ${dataEnd - pos} bytes of an incomplete record (being written, or torn)`);
        break;
      }
      if (r.kind === 'corrupt') {
        emit(`Entry log data ends at offset ${pos}: ${r.reason} (${dataEnd - pos} bytes not read)`);
        break;
      }
      if ((o.ledgerId === undefined || r.ledgerId === o.ledgerId) && (o.entryId === undefined || r.entryId === o.entryId)) {
        matched++;
        describeEntry(r.ledgerId, r.entryId, pos, r.entry, o.msg === true).forEach(emit);
      }
      pos += r.size;
    }
    if (footer === undefined) emit('No ledgers map footer (the log is being written, or was cut short by a crash)');
    else {
      emit(`Ledgers map at offset ${footer.mapOffset}: ${footer.map.size} ledgers`);
      for (const [ledgerId, bytes] of footer.map) {
        if (o.ledgerId === undefined || o.ledgerId === ledgerId) emit(`--------- Lid=${ledgerId}, TotalSizeOfEntriesOfLedger=${bytes} ---------`);
      }
    }
  } finally {
    await fh.close();
  }
  if (o.ledgerId !== undefined && matched === 0) emit(`LedgerId ${o.ledgerId}${o.entryId === undefined ? '' : ` EntryId ${o.entryId}`} is not available in entry log ${id}`);
}

/** ledger: a ledger's entries from the local index (a stopped bookie's), with locations. */
export async function ledger(config: BookieConfig, ledgerId: bigint, o: { meta?: boolean; msg?: boolean }, emit: (line: string) => void): Promise<void> {
  emit(`===== LEDGER: ${ledgerId} =====`);
  let found = false;
  for (const dir of ledgerDirsOf(config)) {
    const db = await openIndexOffline(dir);
    if (db === undefined) continue;
    const logger = o.msg ? await EntryLogger.open({ dir, entryLogSizeLimit: config.entryLogSizeLimit }) : undefined;
    try {
      const infoBytes = await db.get(ledgerKey(ledgerId));
      if (infoBytes !== undefined) {
        found = true;
        if (o.meta) {
          const info = decodeLedgerInfo(infoBytes);
          [`master key  : ${info.masterKey.toString('hex')}`, `isFenced     : ${info.fenced}`, `lastEntryId  : ${info.lastEntryId}`, `lastKnownLac : ${info.lastKnownLac}`, `explicitLac  : ${info.explicitLac ? 'set' : 'none'}`].forEach(emit);
        }
      }
      for await (const [k, v] of db.iterator(entryKeyRange(ledgerId))) {
        found = true;
        const entryId = entryKeyEntryId(k);
        const loc = decodeLocation(v);
        emit(`entry ${entryId}\t:\t(log: ${loc.logId}, pos: ${loc.offset})`);
        if (logger) {
          const entry = await logger.readEntry(loc, ledgerId, entryId);
          describeEntry(ledgerId, entryId, loc.offset, entry, true).forEach(emit);
        }
      }
    } finally {
      await logger?.close();
      await db.close();
    }
  }
  if (!found) throw new QuireError('NO_SUCH_LEDGER', `ledger ${ledgerId} is not in the local index of ${ledgerDirsOf(config).join(', ')}`);
}

/** localconsistencycheck: reads back every indexed entry (CRC, length, ids); lists what fails. */
export async function localconsistencycheck(config: BookieConfig, emit: (line: string) => void): Promise<boolean> {
  emit('=== Performing local consistency check ===');
  // Errors are printed as found (a damaged disk may have millions); only their count is kept.
  let errors = 0;
  const error = (line: string): void => {
    if (errors++ === 0) emit('=== Check returned errors: ===');
    emit(line);
  };
  let entries = 0;
  let ledgers = 0;
  for (const dir of ledgerDirsOf(config)) {
    const db = await openIndexOffline(dir);
    if (db === undefined) continue;
    const logger = await EntryLogger.open({ dir, entryLogSizeLimit: config.entryLogSizeLimit });
    try {
      for await (const [k, v] of db.iterator({ gte: Buffer.from([LEDGER_KEY_PREFIX]), lt: Buffer.from([LEDGER_KEY_PREFIX + 1]) })) {
        ledgers++;
        try {
          decodeLedgerInfo(v);
        } catch (e) {
          error(`ledger ${ledgerKeyId(k)}: ${(e as Error).message}`);
        }
      }
      for await (const [k, v] of db.iterator({ gte: Buffer.from([ENTRY_KEY_PREFIX]), lt: Buffer.from([ENTRY_KEY_PREFIX + 1]) })) {
        entries++;
        const ledgerId = k.readBigInt64BE(1);
        const entryId = entryKeyEntryId(k);
        try {
          await logger.readEntry(decodeLocation(v), ledgerId, entryId);
        } catch (e) {
          error(`Inconsistency detected for ledger ${ledgerId} entry ${entryId}: ${(e as Error).message}`);
        }
      }
    } finally {
      await logger.close();
      await db.close();
    }
  }
  emit(`Checked ${entries} entries of ${ledgers} ledgers${errors > 0 ? `: ${errors} errors` : ''}`);
  if (errors === 0) emit('=== Check passed ===');
  return errors === 0;
}

/** Adds the local-file verbs to `shell`. */
export function registerLocalShellCommands(shell: Command, print: (line: string) => void = (l) => console.log(l)): Command {
  const out = (lines: string[]): void => lines.forEach((l) => print(l));
  const conf = (cmd: Command) => settingsOf(cmd, {}).config;
  shell
    .command('lastmark')
    .description("print each journal directory's last log mark (the checkpoint position)")
    .action(async (_o: object, cmd: Command) => out(await lastmark(conf(cmd))));
  shell
    .command('listfilesondisc')
    .description('list journal files (-txn), entry logs (-log) and index files (-idx)')
    .option('--txn', 'journal files (also --journal)')
    .option('--journal', 'journal files')
    .option('--log', 'entry log files (also --entrylog)')
    .option('--entrylog', 'entry log files')
    .option('--idx', 'index files (also --index)')
    .option('--index', 'index files')
    .action(async (o: { txn?: boolean; journal?: boolean; log?: boolean; entrylog?: boolean; idx?: boolean; index?: boolean }, cmd: Command) =>
      out(await listfilesondisc(conf(cmd), { txn: o.txn === true || o.journal === true, log: o.log === true || o.entrylog === true, idx: o.idx === true || o.index === true })),
    );
  shell
    .command('readjournal')
    .description('print the records of a journal segment: readjournal <journalId|file> [-msg] [-dir <journalDir>]')
    .argument('<journal>', 'journal id (decimal) or file name')
    .option('-m, --msg', 'print entry bytes')
    .option('--dir <journalDir>', 'journal directory (default: the configured ones)')
    .action(async (arg: string, o: { msg?: boolean; dir?: string }, cmd: Command) => readjournal(conf(cmd), arg, o, print));
  shell
    .command('readlog')
    .description('print the records of an entry log: readlog <entryLogId|file> [-msg] [-ledgerid N [-entryid N]]')
    .argument('<entrylog>', 'entry log id (decimal) or file name')
    .option('-m, --msg', 'print entry bytes')
    .option('--ledgerid <id>', 'only this ledger')
    .option('--entryid <id>', 'only this entry (with -ledgerid)')
    .action(async (arg: string, o: { msg?: boolean; ledgerid?: string; entryid?: string }, cmd: Command) => {
      if (o.entryid !== undefined && o.ledgerid === undefined) throw new QuireError('INVALID_ARGUMENT', '-entryid needs -ledgerid');
      await readlog(
        conf(cmd),
        arg,
        {
          msg: o.msg === true,
          ...(o.ledgerid !== undefined ? { ledgerId: parseId(o.ledgerid, 'ledgerid') } : {}),
          ...(o.entryid !== undefined ? { entryId: parseId(o.entryid, 'entryid') } : {}),
        },
        print,
      );
    });
  shell
    .command('ledger')
    .description("print a ledger's entries from the local index of a stopped bookie: ledger <ledgerId> | -ledgerid N [-meta] [-msg]")
    .argument('[ledgerId]', 'ledger id')
    .option('--ledgerid <id>', 'ledger id')
    .option('-m, --meta', 'print the ledger info (master key, fenced, last entry); -m as in BookKeeper')
    .option('--msg', 'print entry bytes read from the entry logs')
    .action(async (arg: string | undefined, o: { ledgerid?: string; meta?: boolean; msg?: boolean }, cmd: Command) => {
      const raw = o.ledgerid ?? arg;
      if (raw === undefined) throw new QuireError('INVALID_ARGUMENT', 'ledger: give a ledger id (ledger <id> or -ledgerid <id>)');
      await ledger(conf(cmd), parseId(raw, 'ledgerid'), { meta: o.meta === true, msg: o.msg === true }, print);
    });
  shell
    .command('localconsistencycheck')
    .description("check that every entry in a stopped bookie's index reads back from its entry log")
    .action(async (_o: object, cmd: Command) => {
      if (!(await localconsistencycheck(conf(cmd), print))) process.exitCode = 1;
    });
  return shell;
}
