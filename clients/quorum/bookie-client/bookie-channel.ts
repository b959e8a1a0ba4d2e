// One TCP connection to one bookie (BookKeeper's PerChannelBookieClient): frames written in one
// event-loop turn go out in one writev, replies are matched by txnId (v3) or by
// (operation, ledger, entry) / batch requestId (v2), and one sweep timer fails requests past their
// deadline. A connection speaks one protocol for its whole life, as a Java bookie expects (it
// switches a connection to v2 for good on the first v2 frame).
import { QuireError } from '../../../common/errors.js';
import { FrameDecoder } from '../../../protocol/frame.js';
import { OperationType, type Response, type V2Response, V2Opcode } from '../../../protocol/messages.js';
import { decodeV2Response } from '../../../protocol/v2-codec.js';
import { decodeResponse } from '../../../protocol/v3-codec.js';
import type { Socket } from 'node:net';

export interface ChannelOptions {
  readonly protocol: 'v3' | 'v2';
  readonly requestTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly maxInFlightPerBookie: number;
  readonly maxFrameSize: number;
}

/** The key a v2 batch read reply is matched by: its requestId (BookKeeper's TxnCompletionKey). */
export function batchReadKey(requestId: bigint): string {
  return `b:${requestId}`;
}

interface Pending {
  resolve: (r: Response | V2Response) => void;
  reject: (e: unknown) => void;
  /** performance.now() after which the request fails with TIMEOUT. */
  deadline: number;
  timeoutMs: number;
}

export class BookieChannel {
  private readonly decoder: FrameDecoder;
  /** v3: txnId -> request. */
  private readonly byTxn = new Map<bigint, Pending>();
  /** v2: "op:ledger:entry" -> requests (a reply completes any one of them). */
  private readonly byKey = new Map<string, Pending[]>();
  private inFlight = 0;
  closed = false;
  /**
   * Frames written in one turn of the event loop go out in one writev: corked until setImmediate,
   * so requests that arrive in separate I/O callbacks of one poll phase (a gateway's HTTP and gRPC
   * requests each come in their own) share a write too. One write per request per bookie was
   * ~19 % of a gateway's CPU under 256 REST appends in flight (each loopback send also runs the
   * receiver's TCP work); the wait is bounded by the rest of the current loop turn.
   */
  private corked = false;
  /**
   * One sweep timer per connection instead of a timer per request: a timer per request was a
   * measurable share of the add path (allocation, GC and timer-list upkeep). Timeouts fire up to
   * one sweep interval late.
   */
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    readonly bookieId: string,
    private readonly socket: Socket,
    private readonly opts: ChannelOptions,
    private readonly onClose: () => void,
  ) {
    this.decoder = new FrameDecoder(opts.maxFrameSize);
    this.sweeper = setInterval(() => this.sweep(), Math.max(5, Math.min(250, Math.floor(opts.requestTimeoutMs / 4))));
    this.sweeper.unref();
    socket.on('data', (chunk: Buffer) => {
      let frames: Buffer[];
      try {
        frames = this.decoder.push(chunk);
      } catch (e) {
        this.fail(e);
        return;
      }
      for (const f of frames) this.onFrame(f);
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      // TLS 1.3: the bookie refuses a client certificate after the client saw the handshake end,
      // so that refusal arrives here, as an alert, not from startTls.
      const code = (e.code ?? '').startsWith('ERR_SSL') ? 'TLS_FAILED' : 'BOOKIE_UNAVAILABLE';
      this.fail(new QuireError(code, `connection to ${bookieId}: ${e.message}`, { cause: e }));
    });
    socket.on('close', () => this.fail(new QuireError('BOOKIE_UNAVAILABLE', `connection to ${bookieId} closed`)));
  }

  private onFrame(payload: Buffer): void {
    try {
      if (this.opts.protocol === 'v3') {
        const res = decodeResponse(payload);
        if (res.header.operation === OperationType.START_TLS) return this.refusedTls(res.status);
        const p = this.byTxn.get(res.header.txnId);
        if (!p) return; // timed out already
        this.byTxn.delete(res.header.txnId);
        this.settle(p, () => p.resolve(res));
      } else {
        // v2 frames start with their version byte; 0x0a is a v3 frame (field 1, the header).
        if (payload[0] === 0x0a) {
          const res = tryDecodeResponse(payload);
          if (res?.header.operation === OperationType.START_TLS) return this.refusedTls(res.status);
        }
        // A batch reply (up to maxBatchReadSize) usually spans socket chunks, so the decoder made a
        // fresh buffer for it and its entries may stay views into it; one that shares a chunk with
        // other frames is copied once, whole, so the entries keep no unrelated bytes alive.
        const batch = payload.length >= 4 && payload[1] === V2Opcode.BATCH_READ_ENTRY;
        const res = decodeV2Response(batch && payload.byteLength !== payload.buffer.byteLength ? Buffer.from(payload) : payload);
        if (res.kind === 'auth') return;
        const key = res.kind === 'batch-read' ? batchReadKey(res.requestId) : `${res.kind}:${res.ledgerId}:${res.entryId}`;
        const list = this.byKey.get(key);
        const p = list?.shift();
        if (!p) return;
        if (list!.length === 0) this.byKey.delete(key);
        // Payloads are views into the decoder's buffer: copy before handing them out.
        const owned = res.kind === 'read' && res.body ? { ...res, body: Buffer.from(res.body) } : res;
        this.settle(p, () => p.resolve(owned));
      }
    } catch (e) {
      this.fail(e instanceof QuireError ? e : new QuireError('BAD_REQUEST', `bad reply from ${this.bookieId}: ${String(e)}`));
    }
  }

  /**
   * A START_TLS reply after the handshake: the bookie refused the session (BookKeeper's EIO for a
   * failed handshake or a certificate whose role is not authorized).
   */
  private refusedTls(status: number): void {
    this.fail(new QuireError('TLS_FAILED', `${this.bookieId} refused the TLS session (status ${status}): client certificate not trusted or its role not authorized`));
  }

  private settle(p: Pending, f: () => void): void {
    this.inFlight--;
    f();
  }

  private sweep(): void {
    if (this.inFlight === 0) return;
    const now = performance.now();
    const expired: Pending[] = [];
    for (const [txnId, p] of this.byTxn) {
      if (p.deadline <= now) {
        this.byTxn.delete(txnId);
        expired.push(p);
      }
    }
    for (const [key, list] of this.byKey) {
      const keep = list.filter((p) => p.deadline > now);
      if (keep.length === list.length) continue;
      for (const p of list) if (p.deadline <= now) expired.push(p);
      if (keep.length === 0) this.byKey.delete(key);
      else this.byKey.set(key, keep);
    }
    for (const p of expired) {
      this.inFlight--;
      p.reject(new QuireError('TIMEOUT', `request to ${this.bookieId} timed out after ${p.timeoutMs} ms`));
    }
  }

  send(frame: Buffer, key: { txnId: bigint } | { v2Key: string }, extraWaitMs: number): Promise<Response | V2Response> {
    if (this.closed) return Promise.reject(new QuireError('BOOKIE_UNAVAILABLE', `connection to ${this.bookieId} closed`));
    if (this.inFlight >= this.opts.maxInFlightPerBookie) {
      return Promise.reject(new QuireError('TOO_MANY_REQUESTS', `${this.inFlight} requests in flight to ${this.bookieId}`));
    }
    return new Promise((resolve, reject) => {
      const timeoutMs = this.opts.requestTimeoutMs + extraWaitMs;
      const isV3 = 'txnId' in key;
      const p: Pending = { resolve, reject, deadline: performance.now() + timeoutMs, timeoutMs };
      this.inFlight++;
      if (isV3) this.byTxn.set(key.txnId, p);
      else {
        const list = this.byKey.get(key.v2Key);
        if (list) list.push(p);
        else this.byKey.set(key.v2Key, [p]);
      }
      if (!this.corked) {
        this.corked = true;
        this.socket.cork();
        setImmediate(() => {
          this.corked = false;
          this.socket.uncork();
        });
      }
      this.socket.write(frame);
    });
  }

  fail(e: unknown): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweeper);
    this.onClose();
    this.socket.destroy();
    const all = [...this.byTxn.values(), ...[...this.byKey.values()].flat()];
    this.byTxn.clear();
    this.byKey.clear();
    for (const p of all) p.reject(e);
    this.inFlight = 0;
  }
}

function tryDecodeResponse(payload: Buffer): Response | undefined {
  try {
    return decodeResponse(payload);
  } catch {
    return undefined;
  }
}
