// How many entries one read of a page asks the bookies for. A page is bounded in entries and
// bytes, but an entry's size is known only once it is read: the first read asks for
// MIN_READ_CHUNK entries, each later one for as many as the bytes left would hold at the largest
// entry size seen so far (at least MIN_READ_CHUNK, at most MAX_READ_CHUNK and the entries left).
// So a page of small entries takes two reads (one batch read or readConcurrency single reads in
// flight each) instead of one per MIN_READ_CHUNK entries, and a page overshoots its byte bound by
// more than MIN_READ_CHUNK entries only when entries grow within it.

/** Entries asked for by a page's first read, and the fewest any read asks for. */
export const MIN_READ_CHUNK = 16;
/** Most entries one read of a page asks for (maxReadEntries caps a page too). */
export const MAX_READ_CHUNK = 1000;

export class ReadChunks {
  private largest = 0;

  /** Called with each entry size read, so the next chunk fits the bytes left. */
  saw(size: number): void {
    if (size > this.largest) this.largest = size;
  }

  /** Entries to ask for next, given the entries and bytes the page may still take (both >= 1). */
  next(entriesLeft: number, bytesLeft: number): number {
    const fit = this.largest === 0 ? MIN_READ_CHUNK : Math.max(MIN_READ_CHUNK, Math.floor(bytesLeft / this.largest));
    return Math.max(1, Math.min(entriesLeft, fit, MAX_READ_CHUNK));
  }
}
