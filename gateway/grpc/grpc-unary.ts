// The unary RPCs of quire.v1.LedgerService: each is one LedgerService call, its answer encoded by
// grpc-codec.ts, its error mapped by grpc-errors.ts.
import { status, type Metadata, type sendUnaryData, type ServerUnaryCall, type UntypedHandleCall } from '@grpc/grpc-js';
import { count32, createRequestOf, entryIdOf, entryToWire, id64, ledgerIdOf, ledgerInfoToWire, receiptToWire, sealToWire, type WireCreateLedgerRequest, type Wire64 } from './grpc-codec.js';
import { appendOptionsOf, failure, observe, passwordOf, pw, requestIdOf, rpcSpan, type GrpcCallContext, type Wire, type WireAppend } from './grpc-call.js';
import { endSpan, tracingEnabled, withSpan } from '../../common/tracing.js';

/** Unary calls in flight (stop() waits for them, bounded). */
export interface UnaryCounter {
  inflight: number;
}

/** Wraps one unary call: request id, metrics by method and status, error mapping, the in-flight count. */
export function unaryWrapper(ctx: GrpcCallContext, counter: UnaryCounter) {
  return <Req>(method: string, fn: (req: Req, md: Metadata) => Promise<Wire>) =>
    (call: ServerUnaryCall<Req, Wire>, callback: sendUnaryData<Wire>) => {
      // The request id only names a failure or a span: made (a UUID when none is sent) only then.
      let requestId: string | undefined;
      const idOf = () => (requestId ??= requestIdOf(call.metadata));
      const done = observe(ctx, method);
      const span = tracingEnabled() ? rpcSpan(method, call.metadata, idOf()) : undefined;
      let p: Promise<Wire>;
      try {
        p = span ? withSpan(span, () => fn(call.request, call.metadata)) : fn(call.request, call.metadata);
      } catch (e) {
        p = Promise.reject(e);
      }
      counter.inflight++;
      p.then(
        (res) => {
          done(status.OK);
          if (span) endSpan(span);
          callback(null, res);
        },
        (e: unknown) => {
          const err = failure(ctx, method, idOf(), e);
          done(err.code);
          if (span) {
            span.setAttribute('rpc.grpc.status_code', err.code);
            endSpan(span, e);
          }
          callback(err);
        },
      ).finally(() => counter.inflight--);
    };
}

export function unaryHandlers(ctx: GrpcCallContext, counter: UnaryCounter): Record<string, UntypedHandleCall> {
  const { service } = ctx;
  const unary = unaryWrapper(ctx, counter);
  return {
    CreateLedger: unary<WireCreateLedgerRequest>('CreateLedger', async (req, md) => {
      return ledgerInfoToWire(await service.createLedger(createRequestOf(req, passwordOf(req.password, md))));
    }),

    Append: unary<WireAppend>('Append', async (req, md) => {
      const ledgerId = ledgerIdOf(req.ledgerId);
      return receiptToWire(await service.append(ledgerId, req.data ?? Buffer.alloc(0), appendOptionsOf(req, md)));
    }),

    AppendBatch: unary<WireAppend & { entries?: Buffer[] }>('AppendBatch', async (req, md) => {
      const ledgerId = ledgerIdOf(req.ledgerId);
      const receipts = await service.appendBatch(ledgerId, req.entries ?? [], appendOptionsOf(req, md));
      return { receipts: receipts.map(receiptToWire) };
    }),

    ReadEntry: unary<{ ledgerId?: Wire64; entryId?: Wire64; password?: Buffer; unconfirmed?: boolean }>('ReadEntry', async (req, md) => {
      const ledgerId = ledgerIdOf(req.ledgerId);
      const entryId = entryIdOf(req.entryId, 'entry_id');
      return entryToWire(await service.readEntry(ledgerId, entryId, { ...pw(req.password, md), unconfirmed: req.unconfirmed === true }));
    }),

    GetLastAddConfirmed: unary<{ ledgerId?: Wire64; password?: Buffer }>('GetLastAddConfirmed', async (req, md) => {
      const r = await service.lastAddConfirmed(ledgerIdOf(req.ledgerId), pw(req.password, md));
      return { lastAddConfirmed: id64(r.lastAddConfirmed), sealed: r.sealed };
    }),

    Close: unary<{ ledgerId?: Wire64; password?: Buffer }>('Close', async (req, md) => {
      return sealToWire(await service.close(ledgerIdOf(req.ledgerId), pw(req.password, md)));
    }),

    Recover: unary<{ ledgerId?: Wire64; password?: Buffer }>('Recover', async (req, md) => {
      return sealToWire(await service.recover(ledgerIdOf(req.ledgerId), pw(req.password, md)));
    }),

    Delete: unary<{ ledgerId?: Wire64; password?: Buffer }>('Delete', async (req, md) => {
      await service.delete(ledgerIdOf(req.ledgerId), pw(req.password, md));
      return {};
    }),

    List: unary<{ pageSize?: number; pageToken?: string }>('List', async (req) => {
      const pageSize = count32(req.pageSize);
      const r = await service.list({ ...(pageSize !== undefined ? { pageSize } : {}), ...(req.pageToken ? { pageToken: req.pageToken } : {}) });
      return { ledgerIds: r.ledgerIds.map(id64), nextPageToken: r.nextPageToken ?? '' };
    }),

    GetMetadata: unary<{ ledgerId?: Wire64 }>('GetMetadata', async (req) => {
      return ledgerInfoToWire(await service.metadata(ledgerIdOf(req.ledgerId)));
    }),
  };
}
