// Server-Sent Events tail of a named log: one `record` event per committed record (id = offset, so
// a client that reconnects with Last-Event-ID resumes right after it), across segment boundaries;
// comment lines keep the stream alive. Backpressure: nothing more is read while the socket's
// buffer is full; a vanished client ends the loop at its next step.
import type { Request, Response } from 'express';
import type { GatewayMetrics } from '../gateway-metrics.js';
import type { LogService } from '../logs/log-service.js';
import { toProblem } from '../problem.js';
import { recordPageJson } from '../logs/log-json.js';
import { drainOrClose, ROUND_WAIT_MS } from './sse.js';


export interface StreamLogTailOptions {
  readonly logs: LogService;
  readonly req: Request;
  readonly res: Response;
  readonly name: string;
  readonly from: bigint;
  readonly maxRecords?: number;
  readonly maxBytes?: number;
  readonly streams: Set<Response>;
  readonly metrics: GatewayMetrics;
}

export async function streamLogTail(o: StreamLogTailOptions): Promise<void> {
  const { logs, req, res } = o;
  // Fail before the 200 when the log does not exist or `from` is gone (a plain problem+json answer).
  const first = await logs.read(o.name, { fromOffset: o.from, maxRecords: 1 });
  let closed = false;
  const onClose = () => {
    closed = true;
  };
  res.on('close', onClose);
  o.streams.add(res);
  o.metrics.sseStreams.set(o.streams.size);
  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no', 'X-Request-Id': req.requestId });
  res.write(`: quire log tail (first offset ${first.firstOffset})\n\n`);
  let next = o.from;
  try {
    while (!closed && !res.writableEnded) {
      const page = await logs.tail(o.name, { fromOffset: next, waitMs: ROUND_WAIT_MS, ...(o.maxRecords !== undefined ? { maxRecords: o.maxRecords } : {}), ...(o.maxBytes !== undefined ? { maxBytes: o.maxBytes } : {}) });
      if (closed) break;
      const json = recordPageJson(page);
      for (let i = 0; i < page.records.length; i++) {
        const r = page.records[i]!;
        const ok = res.write(`id: ${r.offset}\nevent: record\ndata: ${JSON.stringify(json.records[i])}\n\n`);
        next = r.offset + 1n;
        if (!ok) {
          await drainOrClose(res);
          if (closed) break;
        }
      }
      if (page.records.length === 0) res.write(': keep-alive\n\n');
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
