// Server-Sent Events tail: one `entry` event per confirmed entry (id = entry id, so a client that
// reconnects with Last-Event-ID resumes right after it), `sealed` once a sealed ledger is fully
// delivered, then the stream ends. Backpressure: no more entries are read while the socket's
// buffer is full; a vanished client ends the loop at its next step.
import type { Request, Response } from 'express';
import type { LedgerService } from '../ledger-service.js';
import type { GatewayMetrics } from '../gateway-metrics.js';
import { toProblem } from '../problem.js';

/** Long-poll wait per round; a comment line is sent after an empty round to keep proxies open. */
export const ROUND_WAIT_MS = 15_000;

export interface StreamTailOptions {
  readonly service: LedgerService;
  readonly req: Request;
  readonly res: Response;
  readonly ledgerId: bigint;
  readonly from: bigint;
  readonly password?: Buffer;
  readonly maxEntries?: number;
  readonly maxBytes?: number;
  readonly streams: Set<Response>;
  readonly metrics: GatewayMetrics;
}

/** Resolves when the socket buffer drained or the client went away; leaves no listener behind. */
export function drainOrClose(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export async function streamTail(o: StreamTailOptions): Promise<void> {
  const { service, req, res, ledgerId } = o;
  // Fail before the 200 if the ledger or the password is wrong (a plain problem+json answer).
  await service.lastAddConfirmed(ledgerId, o.password !== undefined ? { password: o.password } : {});
  let closed = false;
  const onClose = () => {
    closed = true;
  };
  res.on('close', onClose);
  o.streams.add(res);
  o.metrics.sseStreams.set(o.streams.size);
  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no', 'X-Request-Id': req.requestId });
  res.write(': quire tail\n\n');
  let next = o.from;
  try {
    while (!closed && !res.writableEnded) {
      const page = await service.tail(ledgerId, {
        fromEntryId: next,
        waitMs: ROUND_WAIT_MS,
        ...(o.password !== undefined ? { password: o.password } : {}),
        ...(o.maxEntries !== undefined ? { maxEntries: o.maxEntries } : {}),
        ...(o.maxBytes !== undefined ? { maxBytes: o.maxBytes } : {}),
      });
      if (closed) break;
      for (const e of page.entries) {
        const ok = res.write(`id: ${e.entryId}\nevent: entry\ndata: ${JSON.stringify({ entryId: e.entryId.toString(), data: e.data.toString('base64') })}\n\n`);
        next = e.entryId + 1n;
        if (!ok) {
          // The client reads slower than the ledger grows: wait for the buffer to drain (or the client to go).
          await drainOrClose(res);
          if (closed) break;
        }
      }
      if (page.sealed && next > page.lastAddConfirmed) {
        res.write(`event: sealed\ndata: ${JSON.stringify({ ledgerId: ledgerId.toString(), lastEntryId: page.lastAddConfirmed.toString() })}\n\n`);
        break;
      }
      if (page.entries.length === 0) res.write(': keep-alive\n\n');
    }
  } catch (e) {
    if (!closed) res.write(`event: error\ndata: ${JSON.stringify(toProblem(e, req.requestId))}\n\n`);
  } finally {
    o.streams.delete(res);
    o.metrics.sseStreams.set(o.streams.size);
    res.off('close', onClose);
    if (!res.writableEnded) res.end();
  }
}
