// The exactly-once Producer of a named log, over either LogTransport (gRPC or REST). Records are
// batched — a batch leaves when it holds maxBatchRecords records or maxBatchBytes bytes, or when
// its first record has waited lingerMs — and sent one batch at a time, each with the producer's
// next sequences: a producer's sequences must reach the log in order (docs/logs.md), and one
// batch in flight is what keeps the log in send order. A batch failing retryably, or with an
// unknown outcome, is resent with the same sequences (through the next endpoint when no gateway
// answered), so it is never written twice; other errors fail that batch's records, whose
// sequences are then skipped (gaps are allowed).
// Bounds: maxQueuedRecords records wait (then send() waits up to blockMs for room, then fails with
// TOO_MANY_REQUESTS); at most maxQueuedRecords more callers wait for room; one batch in flight.
import { randomUUID } from 'node:crypto';
import { QuireApiError, sequencedRetryable, withRetries, type RetryPolicy } from './errors.js';
import { recordBytes, type LogReceipt, type LogRecordIn, type LogTransport } from './log-transport.js';

export interface ProducerOptions {
  /** Names the producer for exactly-once appends (default `p-<uuid>`). */
  readonly producerId?: string;
  /** Default: the current time in microseconds, so a restarted producer with the same id stays above its earlier sequences. */
  readonly firstSequence?: bigint;
  /** Records per batch (default 100; the gateway caps it at its maxBatchEntries). */
  readonly maxBatchRecords?: number;
  /** Payload bytes per batch (default 1 MiB); a larger record goes alone. */
  readonly maxBatchBytes?: number;
  /** How long a batch waits for more records after its first arrived (default 5 ms; 0: send what is queued). */
  readonly lingerMs?: number;
  /** Records waiting to be sent (default 10 000); beyond, send() waits for room. */
  readonly maxQueuedRecords?: number;
  /** Longest wait of send() for room in the queue (default 30 s), then TOO_MANY_REQUESTS. */
  readonly blockMs?: number;
  /** Retries of a failed batch (default 20 tries, 50 ms doubling to 5 s). */
  readonly retry?: RetryPolicy;
}

interface Queued {
  readonly record: LogRecordIn;
  readonly bytes: number;
  readonly at: number;
  readonly resolve: (r: LogReceipt) => void;
  readonly reject: (e: unknown) => void;
}


export class Producer {
  readonly producerId: string;
  private sequence: bigint;
  private readonly queue: Queued[] = [];
  /** Callers of send() waiting for room (bounded by maxQueuedRecords). */
  private readonly roomWaiters: (() => void)[] = [];
  private running: Promise<void> | null = null;
  /** Ends the linger wait early (a full batch, a flush, close). */
  private wake: (() => void) | null = null;
  private flushing = 0;
  private closed = false;
  private readonly maxBatchRecords: number;
  private readonly maxBatchBytes: number;
  private readonly lingerMs: number;
  private readonly maxQueued: number;
  private readonly blockMs: number;
  private readonly retry: RetryPolicy;
  /** Appends sent (each a batch; retries not counted): what linger and the batch bounds save. */
  batchesSent = 0;

  constructor(
    private readonly transport: LogTransport,
    readonly log: string,
    opts: ProducerOptions = {},
  ) {
    this.producerId = opts.producerId ?? `p-${randomUUID()}`;
    this.sequence = opts.firstSequence ?? BigInt(Date.now()) * 1000n;
    this.maxBatchRecords = Math.max(1, opts.maxBatchRecords ?? 100);
    this.maxBatchBytes = Math.max(1, opts.maxBatchBytes ?? 1 << 20);
    this.lingerMs = Math.max(0, opts.lingerMs ?? 5);
    this.maxQueued = Math.max(1, opts.maxQueuedRecords ?? 10_000);
    this.blockMs = opts.blockMs ?? 30_000;
    this.retry = { attempts: 20, ...opts.retry };
  }

  /** Resolves with the record's receipt once an ack quorum fsync'd it; waits first for room in the queue. */
  async send(record: LogRecordIn | Uint8Array | string): Promise<LogReceipt> {
    if (this.closed) throw new QuireApiError('SHUTTING_DOWN', 'producer is closed', false, 0, this.transport.transport);
    if (this.queue.length >= this.maxQueued) await this.waitForRoom();
    if (this.closed) throw new QuireApiError('SHUTTING_DOWN', 'producer is closed', false, 0, this.transport.transport);
    const r: LogRecordIn = typeof record === 'string' || record instanceof Uint8Array ? { data: record } : record;
    return new Promise((resolve, reject) => {
      this.queue.push({ record: r, bytes: recordBytes(r), at: Date.now(), resolve, reject });
      if (this.batchReady()) this.wake?.();
      this.running ??= this.drain().finally(() => {
        this.running = null;
      });
    });
  }

  private waitForRoom(): Promise<void> {
    if (this.roomWaiters.length >= this.maxQueued) {
      return Promise.reject(new QuireApiError('TOO_MANY_REQUESTS', `producer queue full (${this.maxQueued} records) and ${this.roomWaiters.length} senders waiting`, true, 0, this.transport.transport));
    }
    return new Promise((resolve, reject) => {
      const waiter = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const i = this.roomWaiters.indexOf(waiter);
        if (i >= 0) this.roomWaiters.splice(i, 1);
        reject(new QuireApiError('TOO_MANY_REQUESTS', `producer queue holds ${this.queue.length} records (limit ${this.maxQueued}) for ${this.blockMs} ms`, true, 0, this.transport.transport));
      }, this.blockMs);
      this.roomWaiters.push(waiter);
    });
  }

  /** The queue holds a full batch (by records or bytes), or nothing should wait. */
  private batchReady(): boolean {
    if (this.flushing > 0 || this.closed || this.lingerMs === 0 || this.queue.length >= this.maxBatchRecords) return true;
    let bytes = 0;
    for (const q of this.queue) if ((bytes += q.bytes) >= this.maxBatchBytes) return true;
    return false;
  }

  private async lingerWait(): Promise<void> {
    const wait = this.queue[0]!.at + this.lingerMs - Date.now();
    if (wait <= 0 || this.batchReady()) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, wait);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
    this.wake = null;
  }

  private takeBatch(): Queued[] {
    let n = 0;
    let bytes = 0;
    while (n < this.queue.length && n < this.maxBatchRecords) {
      const b = this.queue[n]!.bytes;
      if (n > 0 && bytes + b > this.maxBatchBytes) break;
      bytes += b;
      n++;
    }
    const batch = this.queue.splice(0, n);
    // Room freed: let as many waiting senders in.
    for (let i = 0; i < n && this.roomWaiters.length > 0; i++) this.roomWaiters.shift()!();
    return batch;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      await this.lingerWait();
      const batch = this.takeBatch();
      const first = this.sequence;
      this.sequence += BigInt(batch.length);
      this.batchesSent++;
      try {
        const records = batch.map((b) => b.record);
        // One retry loop (the producer's): the transport is asked not to retry on its own.
        const receipts = await withRetries(() => this.transport.append(this.log, records, { producerId: this.producerId, sequence: first, retry: { attempts: 1 } }), this.retry, sequencedRetryable);
        batch.forEach((b, i) => b.resolve(receipts[i]!));
      } catch (e) {
        for (const b of batch) b.reject(e);
      }
    }
  }

  /** Records queued and not yet sent. */
  get queued(): number {
    return this.queue.length;
  }

  /** Sends what is queued without lingering and waits until every record sent so far is acknowledged or failed. */
  async flush(): Promise<void> {
    this.flushing++;
    try {
      this.wake?.();
      while (this.running) await this.running;
    } finally {
      this.flushing--;
    }
  }

  /** Refuses new records, flushes the queued ones. */
  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.roomWaiters.splice(0)) w();
    await this.flush();
  }
}
