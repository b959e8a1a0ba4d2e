// The journal's zero fill (preallocation) of its current segment: zeros are kept preAllocSize
// bytes ahead of the writes, so an fdatasync after a record overwrites allocated blocks and need
// not commit file size or extent changes. The fill runs in the background in ZERO_PIECE writes,
// ahead of need: a batch waits only when it outruns the fill (at the start of a new segment).
// Zero writes only ever touch bytes at or past `allocatedEnd`, and records are only written below
// it, so the two never overlap. Every fdatasync also flushes the zeros written since the previous
// one, so small pieces spread that cost evenly instead of one fdatasync carrying a whole chunk.
// A reused segment (journalReuseFiles) starts with allocatedEnd at its file's size: no zeros.
import type { QuireError } from '../../common/errors.js';
import type { FileIo } from '../../common/durable-file.js';
import { ZERO_PIECE, zeroPiece } from './journal-files.js';

export interface PreallocationTarget {
  /** The journal's data calls and current segment (both change: tests swap io, rolls swap fd). */
  readonly io: () => FileIo;
  readonly fd: () => number;
  /** The journal's failure, if any: the fill stops and waiters are released. */
  readonly failed: () => QuireError | undefined;
  /** A zero write failed: the journal fails. */
  readonly onError: (e: unknown) => void;
}

export class SegmentPreallocation {
  /** Bytes of the current segment that are allocated (header, zeros, or a reused file's content). */
  private allocatedEnd: number;
  /** The background fill loop, while it runs; it fills up to fillTarget. */
  private filling: Promise<void> | undefined;
  private fillTarget: number;
  /** Writes waiting for the zero fill to pass their end. */
  private waiters: { end: number; resolve: () => void }[] = [];

  constructor(
    private readonly target: PreallocationTarget,
    /** journalPreAllocSizeMB in bytes (0 = no zero fill). */
    private readonly chunk: number,
    private readonly maxSegmentSize: number,
    allocatedEnd: number,
  ) {
    this.allocatedEnd = this.fillTarget = allocatedEnd;
  }

  /** A new segment: `allocatedEnd` bytes of it are allocated already (call after stop()). */
  reset(allocatedEnd: number): void {
    this.allocatedEnd = this.fillTarget = allocatedEnd;
  }

  /** Resolves once [.., end) is allocated; rejects with the journal's failure if it fails meanwhile. */
  ensure(end: number): Promise<void> {
    const chunk = this.chunk;
    if (chunk <= 0) return Promise.resolve();
    // Refill once a piece's worth of the lookahead is used up (not on every batch: a tiny zero
    // write far ahead would add a second disk write to each small fdatasync). Zeros past the
    // segment bound are of no use: the segment rolls there.
    if (end > this.allocatedEnd || this.allocatedEnd - end < chunk - ZERO_PIECE) {
      this.fillTarget = Math.max(this.fillTarget, end, Math.min(end + chunk, this.maxSegmentSize));
    }
    if (this.filling === undefined && this.allocatedEnd < this.fillTarget) this.filling = this.fillLoop();
    if (end <= this.allocatedEnd) return Promise.resolve();
    return new Promise<void>((resolve) => this.waiters.push({ end, resolve })).then(() => {
      const failure = this.target.failed();
      if (failure) throw failure;
    });
  }

  /** Stops the fill and waits for its write in flight (before the segment's fd is closed). */
  async stop(): Promise<void> {
    this.fillTarget = 0;
    while (this.filling) await this.filling;
  }

  /** Releases waiters that can go on: filled past their end, or the journal failed. */
  wake(): void {
    if (this.waiters.length === 0) return;
    const stop = this.target.failed() !== undefined || this.filling === undefined;
    const keep: { end: number; resolve: () => void }[] = [];
    for (const w of this.waiters) {
      if (stop || w.end <= this.allocatedEnd) w.resolve();
      else keep.push(w);
    }
    this.waiters = keep;
  }

  private async fillLoop(): Promise<void> {
    try {
      await undefined; // let ensure() record this.filling before the loop can finish
      while (this.allocatedEnd < this.fillTarget && !this.target.failed()) {
        const from = this.allocatedEnd;
        const n = Math.min(ZERO_PIECE, this.fillTarget - from);
        await this.target.io().write(this.target.fd(), zeroPiece(), 0, n, from);
        this.allocatedEnd = from + n;
        this.wake();
      }
    } catch (e) {
      this.target.onError(e);
    } finally {
      this.filling = undefined;
      this.wake();
    }
  }
}
