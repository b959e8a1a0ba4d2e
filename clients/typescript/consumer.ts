// A consumer of a named log through a durable cursor, over either LogTransport: `records()` yields
// every committed record from the cursor's offset on, in order, across segments (gRPC: the Tail
// stream; REST: long polls), reopening the stream after the last record on a retryable break;
// `ack(offset)` marks everything up to it done, and the cursor advances every commitIntervalMs
// (and on commit()/close()). After a crash it restarts at the last committed offset: records after
// it are seen again (at-least-once), none is skipped.
// Bounds: one page (the gateway's maxRecords/maxBytes, or `limit`) held at a time; a broken stream
// is reopened at most `retry.attempts` times in a row (default 20).
import { QuireApiError, type RetryPolicy } from './errors.js';
import type { LogRecordOut, LogTransport } from './log-transport.js';

export interface ConsumerOptions {
  /** How often acknowledgements are committed while iterating (default 1 s). */
  readonly commitIntervalMs?: number;
  /** Longest wait of one tail round (default 10 s). */
  readonly waitMs?: number;
  /** Records per page (default: the gateway's). */
  readonly limit?: number;
  /** Where a cursor that does not exist yet starts: the first retained offset (default), the end, or an offset. */
  readonly startAt?: 'earliest' | 'latest' | bigint;
  /** Reopening a broken tail (default 20 tries in a row, 50 ms doubling to 5 s). */
  readonly retry?: RetryPolicy;
}

export class Consumer {
  private acked: bigint | undefined;
  private committed: bigint | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly abort = new AbortController();

  constructor(
    private readonly transport: LogTransport,
    readonly log: string,
    readonly cursor: string,
    private readonly opts: ConsumerOptions = {},
  ) {}

  /** The offset to start from: the cursor's, or (no cursor yet) startAt. */
  async position(): Promise<bigint> {
    try {
      return (await this.transport.getCursor(this.log, this.cursor)).offset;
    } catch (e) {
      if (!(e instanceof QuireApiError) || e.code !== 'NO_SUCH_CURSOR') throw e;
      if (typeof this.opts.startAt === 'bigint') return this.opts.startAt;
      const info = await this.transport.getLog(this.log);
      return BigInt(this.opts.startAt === 'latest' ? info.nextOffset : info.firstOffset);
    }
  }

  async *records(): AsyncGenerator<LogRecordOut, void, undefined> {
    let next = await this.position();
    this.committed ??= next;
    this.timer = setInterval(() => void this.commit().catch(() => undefined), this.opts.commitIntervalMs ?? 1000);
    this.timer.unref();
    const retry = { attempts: 20, baseDelayMs: 50, maxDelayMs: 5000, ...this.opts.retry };
    let failures = 0;
    try {
      while (!this.stopped) {
        try {
          const pages = this.transport.follow(this.log, { from: next, waitMs: this.opts.waitMs ?? 10_000, signal: this.abort.signal, ...(this.opts.limit !== undefined ? { limit: this.opts.limit } : {}) });
          for await (const page of pages) {
            failures = 0;
            for (const r of page.records) {
              if (this.stopped) return;
              yield r;
              next = r.offset + 1n;
            }
            if (this.stopped) return;
          }
        } catch (e) {
          if (this.stopped) return;
          if (!(e instanceof QuireApiError) || !(e.retryable || !e.reachedGateway) || ++failures >= retry.attempts) throw e;
          const delay = Math.min(retry.maxDelayMs, e.retryAfterMs ?? retry.baseDelayMs * 2 ** (failures - 1)) * (0.5 + Math.random());
          await new Promise((r) => setTimeout(r, delay));
        }
      }
    } finally {
      clearInterval(this.timer);
    }
  }

  /** Everything up to and including `offset` is processed. */
  ack(offset: bigint): void {
    if (this.acked === undefined || offset > this.acked) this.acked = offset;
  }

  /** Advances the durable cursor to the last acknowledged offset + 1. */
  async commit(): Promise<void> {
    if (this.acked === undefined) return;
    const to = this.acked + 1n;
    if (this.committed !== undefined && to <= this.committed) return;
    await this.transport.advanceCursor(this.log, this.cursor, to);
    if (this.committed === undefined || to > this.committed) this.committed = to;
  }

  /** Stops iterating (a pending tail is cancelled) and commits the acknowledgements. */
  async close(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    clearInterval(this.timer);
    await this.commit();
  }
}
