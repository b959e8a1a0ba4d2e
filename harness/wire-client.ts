// A raw bookie-protocol client for tests and benchmarks: one TCP connection, frames in and out,
// replies matched by txnId (v3) or by (op, ledger, entry) (v2). It adds no client logic, so tests
// see exactly what the bookie sends; the quorum client has its own BookieClient.
import { connect, type Socket } from 'node:net';
import { QuireError } from '../common/errors.js';
import { FrameDecoder } from '../protocol/frame.js';
import { OperationType, type Request, type Response, type V2Request, type V2Response } from '../protocol/messages.js';
import { decodeV2Response, encodeV2Request } from '../protocol/v2-codec.js';
import { decodeResponse, encodeRequest } from '../protocol/v3-codec.js';

// One sweep timer per connection instead of one timer per request: cheap enough for benchmarks.
type Pending<T> = { resolve: (v: T) => void; reject: (e: unknown) => void; deadline: number };

/** txnIds this client assigns stay below 2^53: key them as numbers (cheaper Map keys than bigint). */
function txnKey(txnId: bigint): number | bigint {
  return txnId <= 9007199254740991n && txnId >= 0n ? Number(txnId) : txnId;
}

export class WireClient {
  private readonly frames = new FrameDecoder(64 * 1024 * 1024);
  private readonly pendingV3 = new Map<number | bigint, Pending<Response>>();
  private readonly pendingV2 = new Map<string, Array<Pending<V2Response>>>();
  private nextTxn = 0n;
  private closedError: Error | undefined;
  readonly closed: Promise<void>;
  /** Requests encoded in this tick, sent together by one socket write (see queueWrite). */
  private outbox: Buffer[] = [];
  private outboxBytes = 0;

  private readonly sweeper: NodeJS.Timeout;

  private constructor(private readonly socket: Socket, readonly timeoutMs: number) {
    socket.setNoDelay(true);
    this.sweeper = setInterval(() => this.sweep(), Math.min(250, timeoutMs)).unref();
    socket.on('data', (chunk: Buffer) => {
      // Frames are views into the received chunks, which nothing writes into again: no copy needed.
      for (const f of this.frames.push(chunk)) this.onFrame(f);
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', () => {
        clearInterval(this.sweeper);
        this.closedError = new QuireError('BOOKIE_UNAVAILABLE', 'connection closed');
        for (const p of this.pendingV3.values()) this.settle(p, undefined, this.closedError);
        for (const list of this.pendingV2.values()) for (const p of list) this.settle(p, undefined, this.closedError);
        this.pendingV3.clear();
        this.pendingV2.clear();
        resolve();
      });
    });
    socket.on('error', () => undefined);
  }

  static async connect(port: number, host = '127.0.0.1', timeoutMs = 10_000): Promise<WireClient> {
    const socket = connect({ port, host });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new WireClient(socket, timeoutMs);
  }

  get isClosed(): boolean {
    return this.closedError !== undefined;
  }

  private sweep(): void {
    const now = Date.now();
    const late = (p: { deadline: number }) => p.deadline <= now;
    for (const [txn, p] of this.pendingV3) {
      if (!late(p)) continue;
      this.pendingV3.delete(txn);
      p.reject(new QuireError('TIMEOUT', `no reply to txn ${txn} in ${this.timeoutMs} ms`));
    }
    for (const [key, list] of this.pendingV2) {
      const keep = list.filter((p) => !late(p));
      for (const p of list) if (late(p)) p.reject(new QuireError('TIMEOUT', `no v2 reply for ${key}`));
      if (keep.length === 0) this.pendingV2.delete(key);
      else this.pendingV2.set(key, keep);
    }
  }

  private settle<T>(p: Pending<T>, v: T | undefined, e?: unknown): void {
    if (e !== undefined) p.reject(e);
    else p.resolve(v as T);
  }

  private onFrame(payload: Buffer): void {
    if (payload[0] === 0x0a) {
      const res = decodeResponse(payload);
      const key = txnKey(res.header.txnId);
      const p = this.pendingV3.get(key);
      if (!p) return;
      this.pendingV3.delete(key);
      this.settle(p, res);
      return;
    }
    const res = decodeV2Response(payload);
    const key = v2Key(res);
    const list = this.pendingV2.get(key);
    const p = list?.shift();
    if (list && list.length === 0) this.pendingV2.delete(key);
    if (p) this.settle(p, res);
  }

  /** Sends a v3 request (txnId assigned here) and resolves with the matching reply. */
  send(req: Omit<Request, 'header'> & { header: Omit<Request['header'], 'txnId'> & { txnId?: bigint } }): Promise<Response> {
    if (this.closedError) return Promise.reject(this.closedError);
    const txnId = req.header.txnId ?? ++this.nextTxn;
    const h = req.header;
    // Built field by field (no object spread): this runs once per request in the benchmarks.
    const header: Request['header'] = { version: h.version, operation: h.operation, txnId };
    if (h.priority !== undefined) header.priority = h.priority;
    const full: Request = { ...req, header };
    return new Promise((resolve, reject) => {
      this.pendingV3.set(txnKey(txnId), { resolve, reject, deadline: Date.now() + this.timeoutMs });
      this.queueWrite(encodeRequest(full));
    });
  }

  sendV2(req: V2Request): Promise<V2Response> {
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => {
      const key = v2Key(req);
      const list = this.pendingV2.get(key) ?? [];
      list.push({ resolve, reject, deadline: Date.now() + this.timeoutMs });
      this.pendingV2.set(key, list);
      this.queueWrite(encodeV2Request(req));
    });
  }

  /**
   * Requests sent in the same tick (e.g. by every benchmark worker woken by one batch of replies)
   * leave in one socket write instead of one syscall each. Order is kept: raw writes flush first.
   */
  private queueWrite(frame: Buffer): void {
    this.outbox.push(frame);
    this.outboxBytes += frame.length;
    if (this.outbox.length === 1) process.nextTick(() => this.flush());
  }

  private flush(): void {
    const out = this.outbox;
    if (out.length === 0) return;
    const bytes = this.outboxBytes;
    this.outbox = [];
    this.outboxBytes = 0;
    this.socket.write(out.length === 1 ? out[0]! : Buffer.concat(out, bytes));
  }

  /** Writes raw bytes (malformed-input tests). */
  writeRaw(bytes: Buffer): void {
    this.flush();
    this.socket.write(bytes);
  }

  close(): void {
    this.flush();
    this.socket.destroy();
  }
}

function v2Key(m: V2Request | V2Response): string {
  switch (m.kind) {
    case 'add': return `add:${m.ledgerId}:${m.entryId}`;
    case 'read': return `read:${m.ledgerId}:${m.entryId}`;
    case 'auth': return 'auth';
    case 'batch-read': return `batch:${m.requestId}`;
  }
}

// ---- helpers to build requests tersely in tests ----

export const V3 = 3;

/** A digest-less (DUMMY) entry: header (ledger, entry, lac, length) + payload. */
export function dummyEntry(ledgerId: bigint, entryId: bigint, lac: bigint, payload: Buffer, length = BigInt(payload.length)): Buffer {
  const b = Buffer.allocUnsafe(32 + payload.length);
  b.writeBigInt64BE(ledgerId, 0);
  b.writeBigInt64BE(entryId, 8);
  b.writeBigInt64BE(lac, 16);
  b.writeBigInt64BE(length, 24);
  payload.copy(b, 32);
  return b;
}

export function addReq(ledgerId: bigint, entryId: bigint, masterKey: Buffer, body: Buffer, opts: { recovery?: boolean; writeFlags?: number; priority?: number } = {}) {
  const r = {
    header: { version: V3, operation: OperationType.ADD_ENTRY, ...(opts.priority !== undefined ? { priority: opts.priority } : {}) },
    addRequest: { ledgerId, entryId, masterKey, body, ...(opts.recovery ? { flag: 1 } : {}), ...(opts.writeFlags !== undefined ? { writeFlags: opts.writeFlags } : {}) },
  };
  return r;
}

export function readReq(ledgerId: bigint, entryId: bigint, opts: { flag?: number; masterKey?: Buffer; previousLAC?: bigint; timeOut?: bigint } = {}) {
  return { header: { version: V3, operation: OperationType.READ_ENTRY }, readRequest: { ledgerId, entryId, ...opts } };
}
