// Framing shared by v2 and v3: each frame is [u32 BE length N][N bytes] (spec §1). Netty checks
// its limit against 4 + N, so the largest payload is maxFrameSize - 4.
import { QuireError } from '../common/errors.js';

/** nettyMaxFrameSizeBytes default: 5 MiB. */
export const DEFAULT_MAX_FRAME_SIZE = 5 * 1024 * 1024;

/**
 * Splits a byte stream into frame payloads. Payloads are views into the pushed chunks (or into a
 * fresh concatenation when a frame spans chunks); the decoder never writes into either, so a view
 * stays valid, but it keeps its chunk alive: copy what you keep for long. Memory is bounded by the frame limit: a length above it throws before any
 * of that frame is buffered, and the caller closes the connection.
 */
export class FrameDecoder {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Size (4 + N) of the frame being assembled, once its length is known; 0 otherwise. */
  private needed = 0;

  constructor(readonly maxFrameSize: number = DEFAULT_MAX_FRAME_SIZE) {}

  /** Bytes held waiting for the rest of a frame. */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  push(chunk: Buffer): Buffer[] {
    let buf: Buffer;
    if (this.pendingBytes === 0) buf = chunk;
    else if (this.needed > 0 && this.pendingBytes + chunk.length < this.needed) {
      // Still short of the frame being assembled: hold the chunk, copy nothing yet.
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      return [];
    } else {
      this.pending.push(chunk);
      buf = Buffer.concat(this.pending, this.pendingBytes + chunk.length);
      this.pending = [];
      this.pendingBytes = 0;
    }
    this.needed = 0;
    const frames: Buffer[] = [];
    let off = 0;
    while (buf.length - off >= 4) {
      const n = buf.readUInt32BE(off);
      if (n + 4 > this.maxFrameSize) {
        throw new QuireError('BAD_REQUEST', `frame of ${n} bytes exceeds the ${this.maxFrameSize}-byte limit (nettyMaxFrameSizeBytes)`);
      }
      if (buf.length - off - 4 < n) {
        this.needed = n + 4;
        break;
      }
      frames.push(buf.subarray(off + 4, off + 4 + n));
      off += 4 + n;
    }
    if (off < buf.length) {
      const rest = buf.subarray(off);
      this.pending.push(rest);
      this.pendingBytes = rest.length;
    }
    return frames;
  }
}
