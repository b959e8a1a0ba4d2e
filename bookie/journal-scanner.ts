// Replay application (BookKeeper's JournalScanner in the bookie): on open, every journal's records
// after its lastMark are re-applied to the ledger descriptors and the write cache, without
// journaling them again; the journals are replayed one after another (a ledger's records are all
// in one journal, so their order within it is all that matters). Replay stays within the
// write-cache bound by checkpointing up to the record just applied whenever the cache is half
// full: that checkpoint moves only the replayed journal's lastMark (journals replayed before it
// keep their old marks and would be replayed again after a crash, which re-applies the same state).
import { QuireError } from '../common/errors.js';
import type { FileSystem } from '../common/durable-file.js';
import { entryHeaderMatches } from '../protocol/entry-header.js';
import type { Checkpointer } from './checkpointer.js';
import { JournalRecordType, type JournalRecord } from './journal/journal-record.js';
import { type JournalPosition, writeLastMark } from './journal/last-mark.js';
import { EMPTY_KEY, LedgerDescriptor, copyOf } from './ledger-descriptor.js';
import type { LedgerStorage } from './storage/ledger-storage.js';

export interface ReplayTarget {
  readonly ledgers: Map<bigint, LedgerDescriptor>;
  readonly storage: LedgerStorage;
  readonly checkpointer: Checkpointer;
  /** The directory of the journal being replayed: a checkpoint during replay writes its lastMark (the journals are not started yet). */
  readonly journalDir: string;
  readonly fs: FileSystem;
}

/** Re-applies one journal record; `after` is the position just past it. */
export async function applyJournalRecord(t: ReplayTarget, rec: JournalRecord, after: JournalPosition): Promise<void> {
  let st = t.ledgers.get(rec.ledgerId);
  if (st === undefined) {
    st = new LedgerDescriptor(EMPTY_KEY);
    t.ledgers.set(rec.ledgerId, st);
    t.checkpointer.markDirty(rec.ledgerId);
  }
  switch (rec.type) {
    case JournalRecordType.MASTER_KEY:
      st.masterKey = copyOf(rec.data);
      t.checkpointer.markDirty(rec.ledgerId);
      break;
    case JournalRecordType.FENCE:
      st.fenced = true;
      t.checkpointer.markDirty(rec.ledgerId);
      break;
    case JournalRecordType.EXPLICIT_LAC: {
      st.explicitLac = copyOf(rec.data);
      t.checkpointer.markDirty(rec.ledgerId);
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
      const copy = t.storage.put(rec.ledgerId, rec.entryId, rec.data);
      if (rec.entryId > st.lastEntryId) st.lastEntryId = rec.entryId;
      if (copy.length >= 24) {
        const lac = copy.readBigInt64BE(16);
        if (lac > st.knownLac) st.knownLac = lac;
      }
      if (t.storage.cachedBytes >= t.storage.cacheLimit / 2) {
        // Keep replay within the cache bound: checkpoint up to (and including) this record.
        await t.checkpointer.runCheckpoint(after, (m) => writeLastMark(t.journalDir, m, t.fs));
      }
      break;
    }
  }
}
