// The streaming RPCs of quire.v1.LogService: AppendStream (pipelined appends, one ack message per
// request message, in order, with a bound on unacknowledged records enforced by not reading the
// stream: HTTP/2 flow control pushes back on the client) and Tail (committed records across
// segments, in rounds of the service's long poll, written only while the transport accepts).
import { Metadata, status, type ServerDuplexStream, type ServerWritableStream } from '@grpc/grpc-js';
import { QuireError } from '../../common/errors.js';
import { GatewayError } from '../gateway-error.js';
import type { LogReceipt, LogService } from '../logs/log-service.js';
import { failure, msToDeadline, observe, REQUEST_ID_HEADER, requestIdOf, send, Signal, STREAM_ACKED_HEADER, type GrpcCallContext, type Wire } from './grpc-call.js';
import { count32 } from './grpc-codec.js';
import { logAppendOptionsOf, logPageToWire, logReceiptToWire, recordsOf, type WireLogAppend } from './grpc-log-codec.js';
import { LOG_METRIC_PREFIX, startOffsetOf } from './grpc-log-unary.js';

/** What a test (or an operator's debugger) can see of one AppendStream's bound. */
export interface LogStreamProbe {
  /** Called whenever the count of received-but-unacknowledged records changes. */
  onPending?(pending: number, bound: number): void;
}

/** Records of one stream message at most: a quarter of the bound (and the batch limit), so a read never overshoots it. */
export function logStreamMessageLimit(bound: number, maxBatchEntries: number): number {
  return Math.max(1, Math.min(maxBatchEntries, Math.floor(bound / 4)));
}

/**
 * Every request message is one append (one record or a batch). The appends of one stream go to
 * the service one after another (routing to the log's writer is asynchronous, so appends issued
 * together could reach it out of order, and a producer's sequences must arrive in order): a
 * stream's throughput comes from records per message. Acks go back one response per request,
 * in request order. `pending` counts records read and not yet acknowledged;
 * the stream is read only while pending + (records a message may carry) <= bound, so pending
 * never exceeds the bound and a client that does not read its acks is paused, not buffered.
 */
export function logAppendStream(ctx: GrpcCallContext, logs: LogService, bound: number, call: ServerDuplexStream<WireLogAppend, Wire>, probe?: LogStreamProbe): void {
  const method = `${LOG_METRIC_PREFIX}AppendStream`;
  const requestId = requestIdOf(call.metadata);
  const done = observe(ctx, method);
  const perMessage = logStreamMessageLimit(bound, ctx.limits.maxBatchEntries);
  const queue: WireLogAppend[] = [];
  let pending = 0;
  let paused = false;
  let inputEnded = false;
  let finished = false;
  let acked = 0;
  const ackSignal = new Signal();
  const setPending = (n: number) => {
    pending = n;
    probe?.onPending?.(pending, bound);
  };
  const failStream = (e: unknown) => {
    if (finished) return;
    finished = true;
    ackSignal.notify();
    const err = failure(ctx, method, requestId, e);
    err.metadata.set(STREAM_ACKED_HEADER, String(acked));
    done(err.code);
    call.emit('error', err);
  };
  const gone = () => {
    if (finished) return;
    finished = true;
    done(status.CANCELLED);
    ackSignal.notify();
  };
  const maybeResume = () => {
    if (paused && !finished && pending + perMessage <= bound) {
      paused = false;
      call.resume();
    }
  };

  call.on('data', (req: WireLogAppend) => {
    if (finished) return;
    const n = req.records?.length ?? 0;
    if (n === 0 || n > perMessage) {
      failStream(new GatewayError('INVALID_ARGUMENT', `a stream message carries 1..${perMessage} records, got ${n}`, { field: 'records' }));
      return;
    }
    queue.push(req);
    setPending(pending + n);
    if (!paused && pending + perMessage > bound) {
      paused = true;
      call.pause();
    }
    ackSignal.notify();
  });
  call.on('end', () => {
    inputEnded = true;
    ackSignal.notify();
  });
  call.on('cancelled', gone);
  call.on('error', () => {
    finished = true;
    ackSignal.notify();
  });

  const ackLoop = async () => {
    while (!finished) {
      const head = queue[0];
      if (head === undefined) {
        if (inputEnded) break;
        await ackSignal.wait();
        continue;
      }
      let receipts: LogReceipt[];
      try {
        receipts = await logs.append(head.name ?? '', recordsOf(head.records), logAppendOptionsOf(head));
      } catch (e) {
        failStream(e);
        return;
      }
      if (finished) return;
      queue.shift();
      if (!(await send(ctx, call, { receipts: receipts.map(logReceiptToWire) }))) {
        gone();
        return;
      }
      acked++;
      setPending(pending - (head.records?.length ?? 0));
      maybeResume();
    }
    if (!finished) {
      finished = true;
      done(status.OK);
      const md = new Metadata();
      md.set(STREAM_ACKED_HEADER, String(acked));
      md.set(REQUEST_ID_HEADER, requestId);
      call.end(md);
    }
  };
  ctx.track(ackLoop().catch(failStream));
}

/**
 * Follows a log from an offset or a cursor: rounds of the service's tail (committed records only,
 * across segments), each bounded by the request's wait, the server's cap and the call's deadline.
 */
export function logTail(ctx: GrpcCallContext, logs: LogService, call: ServerWritableStream<Wire, Wire>): void {
  const method = `${LOG_METRIC_PREFIX}Tail`;
  const { limits } = ctx;
  const req = call.request as { name?: string; fromOffset?: string; cursor?: string; waitMs?: number; maxRecords?: number; maxBytes?: number };
  const requestId = requestIdOf(call.metadata);
  const done = observe(ctx, method);
  let gone = false;
  call.on('cancelled', () => (gone = true));
  const run = async () => {
    const name = req.name ?? '';
    let next = await startOffsetOf(logs, req);
    const waitCap = Math.min(count32(req.waitMs) ?? ctx.settings.defaultTailWaitMs, limits.maxTailWaitMs);
    const maxRecords = Math.min(count32(req.maxRecords) ?? limits.maxReadEntries, limits.maxReadEntries);
    const maxBytes = Math.min(count32(req.maxBytes) ?? limits.maxReadBytes, limits.maxReadBytes);
    for (;;) {
      if (gone || call.cancelled) return;
      if (ctx.stopping()) throw new QuireError('SHUTTING_DOWN', `gateway is stopping; resume the tail from offset ${next}`);
      const left = msToDeadline(call);
      if (left <= 0) return; // grpc-js answers DEADLINE_EXCEEDED itself
      const waitMs = Math.max(0, Math.min(waitCap, left - 20));
      const startedAt = Date.now();
      const r = await logs.tail(name, { fromOffset: next, waitMs, maxRecords, maxBytes });
      if (gone || call.cancelled) return;
      next = r.nextOffset;
      if (!(await send(ctx, call, logPageToWire(r)))) return;
      // A service that answers "nothing yet" at once must not turn this loop into a spin.
      if (r.records.length === 0 && Date.now() - startedAt < Math.min(waitMs, 50)) await new Promise((res) => setTimeout(res, Math.min(waitMs, 50)));
    }
  };
  ctx.track(
    run().then(
      () => done(call.cancelled ? status.CANCELLED : status.OK),
      (e: unknown) => {
        if (call.cancelled) {
          done(status.CANCELLED);
          return;
        }
        const err = failure(ctx, method, requestId, e);
        done(err.code);
        call.emit('error', err);
      },
    ),
  );
}
