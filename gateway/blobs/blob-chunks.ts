// Moving a blob's bytes: the upload cuts a byte stream into fixed-size chunks, one ledger entry
// each, with a bounded window of appends awaiting acks; the download reads a range back with a
// bounded window of chunk reads ahead. Both take each chunk's bytes from the instance's ByteBudget
// first, so memory is bounded by the window and the budget, never by the blob.
//
// Backpressure: the upload pulls the next piece of the source only after the current chunk has a
// window slot and budget, so a `for await` over an HTTP request (or a gRPC stream) stops reading
// the socket while bookies are slow, and TCP / HTTP/2 flow control slows the client.
import { createHash } from 'node:crypto';
import { QuireError } from '../../common/errors.js';
import type { ReadHandle, WriteHandle } from '../../clients/quorum/index.js';
import type { ByteBudget } from './byte-budget.js';

export interface UploadResult {
  readonly size: number;
  readonly sha256: Buffer;
  readonly chunks: number;
}

export interface UploadOptions {
  readonly chunkBytes: number;
  readonly maxInFlight: number;
  readonly budget: ByteBudget;
  /** Refuse (BLOB_TOO_LARGE) as soon as more bytes than this arrive. */
  readonly maxBytes: number;
}

/** Appends the source as chunks to `handle` (not closed here); resolves once every chunk is acked. */
export async function writeChunks(handle: WriteHandle, source: AsyncIterable<Uint8Array>, o: UploadOptions): Promise<UploadResult> {
  const hash = createHash('sha256');
  const window: Promise<bigint>[] = [];
  let size = 0;
  let chunks = 0;
  let buf = Buffer.allocUnsafeSlow(o.chunkBytes);
  let fill = 0;

  const send = async (chunk: Buffer): Promise<void> => {
    // Appends resolve in entry order, so waiting for the oldest frees the window in order.
    while (window.length >= o.maxInFlight) await window.shift();
    await o.budget.acquire(chunk.length);
    let p: Promise<bigint>;
    try {
      p = handle.append(chunk);
    } catch (e) {
      o.budget.release(chunk.length);
      throw e;
    }
    const tracked = p.finally(() => o.budget.release(chunk.length));
    // A later append may fail before an earlier one is awaited: observe it now, throw it when awaited.
    tracked.catch(() => undefined);
    window.push(tracked);
    chunks++;
  };

  try {
    for await (const piece of source) {
      const bytes = Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
      size += bytes.length;
      if (size > o.maxBytes) throw new QuireError('BLOB_TOO_LARGE', `blob exceeds the limit of ${o.maxBytes} bytes`);
      hash.update(bytes);
      let off = 0;
      while (off < bytes.length) {
        const n = Math.min(bytes.length - off, o.chunkBytes - fill);
        bytes.copy(buf, fill, off, off + n);
        fill += n;
        off += n;
        if (fill === o.chunkBytes) {
          const full = buf;
          buf = Buffer.allocUnsafeSlow(o.chunkBytes);
          fill = 0;
          await send(full);
        }
      }
    }
    if (fill > 0) await send(buf.subarray(0, fill));
    while (window.length > 0) await window.shift();
  } finally {
    // On failure, let the appends still in flight settle (their budget comes back as they do).
    for (const p of window) p.catch(() => undefined);
  }
  return { size, sha256: hash.digest(), chunks };
}

export interface DownloadOptions {
  readonly chunkBytes: number;
  readonly size: bigint;
  readonly maxInFlight: number;
  readonly budget: ByteBudget;
}

interface Slot {
  readonly entryId: bigint;
  readonly bytes: number;
  acquired: boolean;
  readonly data: Promise<Buffer>;
}

/**
 * Bytes start..end (inclusive) of a blob stored in `handle`, in order, as buffers of at most one
 * chunk. Up to maxInFlight chunk reads run ahead of the consumer; leaving early (return/throw)
 * drops them (their budget comes back as they settle).
 */
export async function* readChunks(handle: ReadHandle, start: bigint, end: bigint, o: DownloadOptions): AsyncGenerator<Buffer, void, undefined> {
  if (end < start) return;
  const chunk = BigInt(o.chunkBytes);
  const first = start / chunk;
  const last = end / chunk;
  const lastChunkBytes = Number(o.size - last * chunk < chunk ? o.size - last * chunk : chunk);
  const window: Slot[] = [];
  let next = first;
  const launch = () => {
    while (window.length < o.maxInFlight && next <= last) {
      const entryId = next++;
      const bytes = entryId === last ? lastChunkBytes : o.chunkBytes;
      const slot: Slot = {
        entryId,
        bytes,
        acquired: false,
        data: o.budget.acquire(bytes).then(async () => {
          slot.acquired = true;
          const [e] = await handle.read(entryId, entryId);
          if (!e || e.payload.length !== bytes) {
            throw new QuireError('METADATA_CORRUPT', `blob ledger ${handle.ledgerId} entry ${entryId} holds ${e?.payload.length ?? 0} bytes, the manifest says ${bytes}`);
          }
          return e.payload;
        }),
      };
      slot.data.catch(() => undefined);
      window.push(slot);
    }
  };
  const drop = (s: Slot) => {
    s.data.then(
      () => o.budget.release(s.bytes),
      () => {
        if (s.acquired) o.budget.release(s.bytes);
      },
    );
  };
  try {
    launch();
    while (window.length > 0) {
      const s = window[0]!;
      let data: Buffer;
      try {
        data = await s.data;
      } catch (e) {
        window.shift();
        if (s.acquired) o.budget.release(s.bytes);
        throw e;
      }
      window.shift();
      const from = s.entryId === first ? Number(start - first * chunk) : 0;
      const to = s.entryId === last ? Number(end - last * chunk) + 1 : data.length;
      try {
        yield from === 0 && to === data.length ? data : data.subarray(from, to);
      } finally {
        o.budget.release(s.bytes);
      }
      launch();
    }
  } finally {
    for (const s of window.splice(0)) drop(s);
  }
}
