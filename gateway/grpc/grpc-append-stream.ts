// AppendStream: many appends on one bidi stream, with bounded appends in flight and HTTP/2 flow
// control as the back-pressure (the stream stops being read while the bound is reached).
import { Metadata, status, type ServerDuplexStream } from '@grpc/grpc-js';
import { GatewayError } from '../gateway-error.js';
import type { DurabilityReceipt } from '../ledger-service.js';
import { ledgerIdOf, receiptToWire } from './grpc-codec.js';
import { appendOptionsOf, failure, observe, REQUEST_ID_HEADER, requestIdOf, send, Signal, STREAM_ACKED_HEADER, type GrpcCallContext, type Wire, type WireAppend } from './grpc-call.js';

/**
 * Each append is handed to the service as it arrives (the service pipelines appends of a ledger
 * and acknowledges them in entry order); receipts go back in send order, as many per message as
 * are ready (grpc-js writes one message per event-loop turn, so per-message costs bound the rate).
 * At most streamMaxInFlight appends (and streamMaxInFlightBytes) wait for their ack; beyond that
 * the stream is paused, so a fast client is slowed by HTTP/2 flow control, never buffered.
 */
export function appendStream(ctx: GrpcCallContext, call: ServerDuplexStream<{ appends?: WireAppend[] }, Wire>): void {
  const { service, limits } = ctx;
  const o = ctx.settings;
  const requestId = requestIdOf(call.metadata);
  const done = observe(ctx, 'AppendStream');
  const incoming: WireAppend[] = [];
  interface Pending {
    readonly p: Promise<DurabilityReceipt>;
    readonly bytes: number;
    receipt?: DurabilityReceipt;
  }
  const inflight: Pending[] = [];
  let inflightBytes = 0;
  let inputEnded = false;
  let finished = false;
  let issuing = true;
  let acked = 0;
  let paused = false;
  const inSignal = new Signal();
  const ackSignal = new Signal();
  const freedSignal = new Signal();
  const wakeAll = () => {
    inSignal.notify();
    ackSignal.notify();
    freedSignal.notify();
  };
  const trailers = () => {
    const md = new Metadata();
    md.set(STREAM_ACKED_HEADER, String(acked));
    md.set(REQUEST_ID_HEADER, requestId);
    return md;
  };
  const failStream = (e: unknown) => {
    if (finished) return;
    finished = true;
    wakeAll();
    const err = failure(ctx, 'AppendStream', requestId, e);
    err.metadata.set(STREAM_ACKED_HEADER, String(acked));
    done(err.code);
    call.emit('error', err);
  };
  const gone = () => {
    finished = true;
    done(status.CANCELLED);
    wakeAll();
  };
  const pauseAt = Math.max(16, Math.min(o.streamMaxInFlight, limits.maxBatchEntries));

  call.on('data', (req: { appends?: WireAppend[] }) => {
    if (finished) return;
    const appends = req.appends ?? [];
    if (appends.length === 0 || appends.length > limits.maxBatchEntries) {
      failStream(new GatewayError('INVALID_ARGUMENT', `a stream message carries 1..${limits.maxBatchEntries} appends, got ${appends.length}`, { field: 'appends' }));
      return;
    }
    for (const a of appends) incoming.push(a);
    // A message or two may still arrive after pause(); the queue stays bounded by that.
    if (incoming.length >= pauseAt && !paused) {
      paused = true;
      call.pause();
    }
    inSignal.notify();
  });
  call.on('end', () => {
    inputEnded = true;
    inSignal.notify();
  });
  call.on('cancelled', gone);
  call.on('error', () => {
    finished = true;
    wakeAll();
  });

  const issueLoop = async () => {
    while (!finished) {
      if (incoming.length === 0) {
        if (inputEnded) break;
        if (paused) {
          paused = false;
          call.resume();
        }
        await inSignal.wait();
        continue;
      }
      if (inflight.length >= o.streamMaxInFlight || (inflight.length > 0 && inflightBytes >= o.streamMaxInFlightBytes)) {
        await freedSignal.wait();
        continue;
      }
      const req = incoming.shift()!;
      if (paused && incoming.length < pauseAt / 4) {
        paused = false;
        call.resume();
      }
      let p: Promise<DurabilityReceipt>;
      try {
        p = service.append(ledgerIdOf(req.ledgerId), req.data ?? Buffer.alloc(0), appendOptionsOf(req, call.metadata));
      } catch (e) {
        failStream(e);
        break;
      }
      const bytes = req.data?.length ?? 0;
      const entry: Pending = { p, bytes };
      // Remember the outcome so the ack loop can batch every receipt that is already there.
      p.then(
        (r) => (entry.receipt = r),
        () => undefined, // observed in ackLoop, in order
      );
      inflight.push(entry);
      inflightBytes += bytes;
      ackSignal.notify();
    }
    issuing = false;
    ackSignal.notify();
  };

  const ackLoop = async () => {
    while (!finished) {
      const head = inflight[0];
      if (head === undefined) {
        if (!issuing) break;
        await ackSignal.wait();
        continue;
      }
      let first: DurabilityReceipt;
      try {
        first = await head.p;
        // Let the acks completing in this same I/O turn land, to send them in one message.
        if (inflight.length > 1) await new Promise<void>((r) => setImmediate(r));
      } catch (e) {
        failStream(e);
        return;
      }
      const receipts: Wire[] = [];
      // The head and every next append already acknowledged, in order, into one message.
      for (let next = inflight[0]; next !== undefined && receipts.length < limits.maxBatchEntries; next = inflight[0]) {
        const r = next === head ? first : next.receipt;
        if (r === undefined) break;
        inflight.shift();
        inflightBytes -= next.bytes;
        receipts.push(receiptToWire(r));
      }
      freedSignal.notify();
      if (finished) return;
      if (!(await send(ctx, call, { receipts }))) {
        gone();
        return;
      }
      acked += receipts.length;
    }
    if (!finished) {
      finished = true;
      done(status.OK);
      call.end(trailers());
    }
  };

  ctx.track(Promise.all([issueLoop().catch(failStream), ackLoop().catch(failStream)]));
}
