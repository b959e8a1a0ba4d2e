// The bookie's journals, one per journalDirectories entry (BookKeeper's BookieImpl.journals and
// CheckpointSourceList). Every ledger is bound to one journal, index signSafeMod(ledgerId, n)
// (BookKeeper's MathUtils.signSafeMod, so a ledger lands on the same journal index as on a Java
// bookie with the same directories): all of a ledger's records (key, entries, fence, explicit
// LAC) go through that journal, in order, and only its fdatasync acknowledges them. Each journal
// has its own group commit, segments, lastMark file and replay; the journals never wait for each
// other.
//
// A checkpoint covers every journal: the positions of all of them are taken in the same
// synchronous step as the write-cache freeze (checkpointer.ts), and after the flush each
// journal's lastMark moves to its own position and its older segments are trimmed.
import type { QuireError } from '../../common/errors.js';
import type { Journal, JournalStats } from './journal.js';
import type { JournalPosition } from './last-mark.js';

/**
 * BookKeeper's MathUtils.signSafeMod for a 64-bit ledger id: Java's remainder (sign of the
 * dividend), moved into [0, divisor). Ledger ids are signed 64-bit on the wire, so negative ids
 * (v2 clients can send them) map like BookKeeper maps them.
 */
export function signSafeMod(dividend: bigint, divisor: number): number {
  if (!Number.isInteger(divisor) || divisor < 1) throw new RangeError(`divisor must be a positive integer, got ${divisor}`);
  if (divisor === 1) return 0;
  const mod = Number(dividend % BigInt(divisor));
  return mod < 0 ? mod + divisor : mod;
}

export class JournalList {
  /** The only journal when there is one: the add path skips the bigint remainder. */
  private readonly single: Journal | undefined;

  constructor(readonly journals: readonly Journal[]) {
    if (journals.length === 0) throw new RangeError('a bookie needs at least one journal');
    this.single = journals.length === 1 ? journals[0] : undefined;
  }

  get size(): number {
    return this.journals.length;
  }

  /** The journal every record of `ledgerId` goes to (BookieImpl.getJournal). */
  forLedger(ledgerId: bigint): Journal {
    return this.single ?? this.journals[signSafeMod(ledgerId, this.journals.length)]!;
  }

  /** The first failure of any journal (sticky); one failed journal makes the bookie read-only. */
  get failed(): QuireError | undefined {
    if (this.single) return this.single.failed;
    for (const j of this.journals) if (j.failed) return j.failed;
    return undefined;
  }

  /** Each journal's written position, in journal order (one synchronous step; see checkpointer.ts). */
  writtenPositions(): JournalPosition[] {
    return this.journals.map((j) => j.writtenPosition());
  }

  /** Writes each journal's lastMark (and trims its segments) from one checkpoint's positions. */
  async markCheckpoint(marks: readonly JournalPosition[]): Promise<void> {
    if (marks.length !== this.journals.length) throw new RangeError(`${marks.length} marks for ${this.journals.length} journals`);
    // Different directories (often different disks): in parallel. Any failure fails the checkpoint.
    await Promise.all(this.journals.map((j, i) => j.markCheckpoint(marks[i]!)));
  }

  /** Counters summed over the journals. */
  stats(): JournalStats {
    const sum: JournalStats = { records: 0, writes: 0, syncs: 0, bytes: 0 };
    for (const j of this.journals) {
      sum.records += j.stats.records;
      sum.writes += j.stats.writes;
      sum.syncs += j.stats.syncs;
      sum.bytes += j.stats.bytes;
    }
    return sum;
  }

  /** Per-journal counters, in journal order. */
  statsPerJournal(): JournalStats[] {
    return this.journals.map((j) => ({ ...j.stats }));
  }

  /** Drains and closes every journal (each flushes what it has queued). */
  async close(): Promise<void> {
    await Promise.all(this.journals.map((j) => j.close()));
  }

  /** Test hook: every journal stops as if the process died. */
  async abandon(): Promise<void> {
    await Promise.all(this.journals.map((j) => j.abandon()));
  }
}
