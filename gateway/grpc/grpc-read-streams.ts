// The server-streaming reads: ReadRange (a bounded range in pages) and Tail (follow a ledger in
// rounds of LAC long-poll). Both write only while the transport accepts (send() waits for drain)
// and stop on cancel or deadline.
import { status, type ServerWritableStream } from '@grpc/grpc-js';
import { QuireError } from '../../common/errors.js';
import { count32, entryIdOf, entryToWire, id64, ledgerIdOf, optional64, type Wire64 } from './grpc-codec.js';
import { failure, msToDeadline, observe, pw, requestIdOf, send, type GrpcCallContext, type Wire } from './grpc-call.js';

/** Runs a server stream's body; an error ends the stream with its status; metrics see the end. */
function runStream(ctx: GrpcCallContext, method: string, call: ServerWritableStream<Wire, Wire>, run: () => Promise<void>): void {
  const requestId = requestIdOf(call.metadata);
  const done = observe(ctx, method);
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

/** Streams a bounded range in pages of at most maxReadEntries / max_bytes, with flow control. */
export function readRange(ctx: GrpcCallContext, call: ServerWritableStream<Wire, Wire>): void {
  const { service, limits } = ctx;
  const req = call.request as {
    ledgerId?: Wire64;
    fromEntryId?: Wire64;
    toEntryId?: Wire64;
    maxEntries?: number;
    maxBytes?: number;
    password?: Buffer;
    unconfirmed?: boolean;
  };
  runStream(ctx, 'ReadRange', call, async () => {
    const ledgerId = ledgerIdOf(req.ledgerId);
    let next = entryIdOf(req.fromEntryId, 'from_entry_id');
    const to = optional64(req.toEntryId, 'to_entry_id');
    if (to !== undefined && to < next) throw new QuireError('INVALID_ARGUMENT', `to_entry_id ${to} is before from_entry_id ${next}`);
    const total = Math.min(count32(req.maxEntries) ?? ctx.settings.maxReadRangeEntries, ctx.settings.maxReadRangeEntries);
    const pageBytes = Math.min(count32(req.maxBytes) ?? limits.maxReadBytes, limits.maxReadBytes);
    const password = pw(req.password, call.metadata);
    let sent = 0;
    let messages = 0;
    for (;;) {
      if (call.cancelled) return;
      let pageMax = Math.min(total - sent, limits.maxReadEntries);
      if (to !== undefined) pageMax = Number(BigInt(pageMax) < to - next + 1n ? BigInt(pageMax) : to - next + 1n);
      if (pageMax <= 0) break;
      const page = await service.readRange(ledgerId, { ...password, fromEntryId: next, maxEntries: pageMax, maxBytes: pageBytes, unconfirmed: req.unconfirmed === true });
      const entries = to === undefined ? page.entries : page.entries.filter((e) => e.entryId <= to);
      const last = entries[entries.length - 1];
      if (last === undefined) {
        // Nothing more now; a call that found nothing still answers once with the LAC.
        if (messages === 0) await send(ctx, call, { entries: [], lastAddConfirmed: id64(page.lastAddConfirmed), sealed: page.sealed });
        call.end();
        return;
      }
      sent += entries.length;
      next = last.entryId + 1n;
      const reachedEnd = page.nextEntryId === undefined || (to !== undefined && next > to);
      const cutShort = !reachedEnd && sent >= total;
      const msg: Wire = { entries: entries.map(entryToWire), lastAddConfirmed: id64(page.lastAddConfirmed), sealed: page.sealed };
      if (cutShort) msg.nextEntryId = id64(next);
      if (!(await send(ctx, call, msg))) return;
      messages++;
      if (reachedEnd || cutShort) break;
    }
    call.end();
  });
}

/**
 * Follows a ledger: rounds of the service's LAC long-poll, each bounded by the request's wait,
 * the server's cap and the call's deadline; after a round the stream checks for cancellation,
 * so a cancelled or expired call costs at most one round.
 */
export function tail(ctx: GrpcCallContext, call: ServerWritableStream<Wire, Wire>): void {
  const { service, limits } = ctx;
  const req = call.request as { ledgerId?: Wire64; fromEntryId?: Wire64; password?: Buffer; waitMs?: number; maxEntries?: number; maxBytes?: number };
  let gone = false;
  call.on('cancelled', () => (gone = true));
  runStream(ctx, 'Tail', call, async () => {
    const ledgerId = ledgerIdOf(req.ledgerId);
    let next = entryIdOf(req.fromEntryId, 'from_entry_id');
    const waitCap = Math.min(count32(req.waitMs) ?? ctx.settings.defaultTailWaitMs, limits.maxTailWaitMs);
    const maxEntries = Math.min(count32(req.maxEntries) ?? limits.maxReadEntries, limits.maxReadEntries);
    const maxBytes = Math.min(count32(req.maxBytes) ?? limits.maxReadBytes, limits.maxReadBytes);
    const password = pw(req.password, call.metadata);
    for (;;) {
      if (gone || call.cancelled) return;
      // A stopping instance ends its tails between rounds; the caller resumes elsewhere.
      if (ctx.stopping()) throw new QuireError('SHUTTING_DOWN', `gateway is stopping; resume the tail from entry ${next}`);
      const left = msToDeadline(call);
      if (left <= 0) return; // grpc-js answers DEADLINE_EXCEEDED itself
      const waitMs = Math.max(0, Math.min(waitCap, left - 20));
      const startedAt = Date.now();
      const r = await service.tail(ledgerId, { ...password, fromEntryId: next, waitMs, maxEntries, maxBytes });
      if (gone || call.cancelled) return;
      const last = r.entries[r.entries.length - 1];
      if (last !== undefined) next = last.entryId + 1n;
      if (!(await send(ctx, call, { entries: r.entries.map(entryToWire), lastAddConfirmed: id64(r.lastAddConfirmed), sealed: r.sealed }))) return;
      if (r.sealed && next > r.lastAddConfirmed) {
        call.end();
        return;
      }
      // A service that answers "nothing yet" at once must not turn this loop into a spin.
      if (last === undefined && Date.now() - startedAt < Math.min(waitMs, 50)) await new Promise((res) => setTimeout(res, Math.min(waitMs, 50)));
    }
  });
}
