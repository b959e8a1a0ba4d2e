// Journal replay on start-up: re-applies every record at or after the checkpoint mark, in order.
// Replay stops at zero fill or at the first record that is torn or fails its checksum. In the last
// segment that tail was never acknowledged (an ack needs the fdatasync that covers every earlier
// byte), so it is cut off: the file is truncated to the end of the last valid record. In an older
// segment (fsync'd before the next one was created) a bad record is real corruption, so start-up
// fails loudly instead of silently dropping acknowledged data.
// A format-2 segment (journalReuseFiles) checks its records' CRCs from its own seed, so the stale
// records of a reused file's previous life read as the end of its data; an older format-2 segment
// ends with an end marker, written when the journal rolled past it.
import path from 'node:path';
import type { Logger } from '../../common/logger.js';
import { QuireError } from '../../common/errors.js';
import { JournalStreamDecoder, type JournalRecord } from './journal-record.js';
import {
  MAX_SEGMENT_HEADER_SIZE,
  SEGMENT_VERSION,
  checkSegmentHeader,
  listSegments,
  segmentCrcSeed,
  segmentFileName,
  segmentHeaderSize,
  segmentVersionOf,
} from './journal-segment.js';
import type { JournalPosition } from './last-mark.js';
import { type FileSystem, nodeFileSystem } from '../../common/durable-file.js';

export interface ReplayResult {
  /** Highest segment id present (undefined when the directory has none). */
  readonly lastSegmentId: number | undefined;
  readonly recordsReplayed: number;
  /** Bytes cut from the tail of the last segment (torn or garbage). */
  readonly truncatedBytes: number;
  /**
   * True when the cut tail held a torn or corrupt record (not just zero fill); in a format-2
   * segment that includes the stale records of the file's previous life.
   */
  readonly tornTail: boolean;
}

/** Called per record with the position just after it; may be async (e.g. to checkpoint). */
export type ReplayHandler = (rec: JournalRecord, after: JournalPosition) => void | Promise<void>;

const CHUNK = 4 * 1024 * 1024;

export async function replayJournal(
  dir: string,
  from: JournalPosition | undefined,
  onRecord: ReplayHandler,
  log?: Logger,
  fsys: FileSystem = nodeFileSystem,
): Promise<ReplayResult> {
  const ids = await listSegments(dir, fsys);
  const lastSegmentId = ids.length > 0 ? ids[ids.length - 1] : undefined;
  let recordsReplayed = 0;
  let truncatedBytes = 0;
  let tornTail = false;
  // Sized to the largest segment read, up to CHUNK.
  let chunk = Buffer.allocUnsafe(0);
  for (const id of ids) {
    if (from !== undefined && id < from.segmentId) continue;
    const isLast = id === lastSegmentId;
    const file = path.join(dir, segmentFileName(id));
    const fd = await fsys.open(file, 'r+').catch((e: unknown) => {
      throw new QuireError('IO_ERROR', `cannot open journal segment ${file}`, { cause: e });
    });
    let open = true;
    try {
      const size = await fsys.size(fd);
      const head = Buffer.alloc(Math.min(size, MAX_SEGMENT_HEADER_SIZE));
      await fsys.read(fd, head, 0, head.length, 0);
      const hs = checkSegmentHeader(head, id);
      if (hs === 'bad' || (hs === 'blank' && !isLast)) {
        throw new QuireError('IO_ERROR', `journal segment ${file} has a bad header`);
      }
      if (hs === 'blank') {
        // Creation of the newest segment did not finish; it holds no records.
        open = false;
        await fsys.close(fd);
        await fsys.unlink(file);
        await fsys.fsyncDir(dir);
        log?.warn({ file }, 'removed a journal segment whose creation did not finish');
        continue;
      }
      const version = segmentVersionOf(head);
      const first = segmentHeaderSize(version);
      const start = from !== undefined && id === from.segmentId ? Math.max(from.offset, first) : first;
      const dec = new JournalStreamDecoder(start, segmentCrcSeed(head));
      let pos = start;
      const batch: { rec: JournalRecord; after: number }[] = [];
      if (chunk.length < Math.min(CHUNK, size - pos)) chunk = Buffer.allocUnsafe(Math.min(CHUNK, size - pos));
      while (pos < size && dec.stopReason === undefined) {
        const bytesRead = await fsys.read(fd, chunk, 0, Math.min(CHUNK, size - pos), pos);
        if (bytesRead === 0) break;
        pos += bytesRead;
        batch.length = 0;
        dec.push(chunk.subarray(0, bytesRead), (rec, off, sz) => batch.push({ rec, after: off + sz }));
        // Records are views into `chunk`; apply them all before the next read reuses it.
        for (const r of batch) {
          await onRecord(r.rec, { segmentId: id, offset: r.after });
          recordsReplayed++;
        }
      }
      const validEnd = dec.validEnd;
      const stop = dec.stopReason;
      // A tail of fewer than 8 zero bytes is zero fill, not a torn record (found by the simulation,
      // seed 212: a full segment's last record ended 2 bytes before the bound).
      const torn = (stop !== undefined && stop.kind === 'corrupt') || (dec.pendingBytes > 0 && !dec.pendingIsZeroFill);
      if (torn && !isLast) {
        const why = stop?.kind === 'corrupt' ? stop.reason : 'truncated record';
        throw new QuireError('IO_ERROR', `journal segment ${file} is corrupt at offset ${validEnd} (${why}); it was fsync'd before a newer segment existed`);
      }
      if (isLast && size > validEnd) {
        // Cut the unacknowledged tail (torn record, garbage, or preallocated zeros) so nothing stale
        // can ever be mistaken for a record; new writes go to a new segment.
        const reason = stop?.kind === 'corrupt' ? stop.reason : 'truncated record';
        if (torn && version === SEGMENT_VERSION) log?.warn({ file, validEnd, size, reason }, 'journal: repaired torn tail');
        // In a reused file the bytes after the last record are usually the previous life's records.
        else if (torn) log?.info({ file, validEnd, size, reason }, 'journal: cut the tail after the last valid record (a torn record or stale bytes of a reused file)');
        await fsys.truncate(fd, validEnd);
        truncatedBytes = size - validEnd;
        tornTail = torn;
      }
      // What was replayed from the newest segment may have been only in the page cache (a kill
      // while its fdatasync was pending): make it durable before a newer segment exists, after
      // which a torn record in it would be fatal corruption.
      if (isLast) await fsys.fsync(fd);
    } finally {
      if (open) await fsys.close(fd).catch(() => undefined);
    }
  }
  return { lastSegmentId, recordsReplayed, truncatedBytes, tornTail };
}
