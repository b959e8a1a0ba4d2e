// The unary RPCs of quire.v1.LogService: each is one LogService call (the one REST's /v1/logs
// routes make), its answer encoded by grpc-log-codec.ts, its error mapped by grpc-errors.ts; the
// request metrics and the unary in-flight count are grpc-unary.ts's wrapper.
import type { UntypedHandleCall } from '@grpc/grpc-js';
import { QuireError } from '../../common/errors.js';
import type { LogService } from '../logs/log-service.js';
import type { GrpcCallContext, Wire } from './grpc-call.js';
import { count32, optional64, type Wire64 } from './grpc-codec.js';
import { createLogRequestOf, cursorToWire, logAppendOptionsOf, logInfoToWire, logPageToWire, logReceiptToWire, recordsOf, type WireCreateLog, type WireLogAppend } from './grpc-log-codec.js';
import { unaryWrapper, type UnaryCounter } from './grpc-unary.js';

export const LOG_METRIC_PREFIX = 'LogService.';

interface Named {
  name?: string;
}
interface WithCursor extends Named {
  cursor?: string;
}

/** from_offset, else the named cursor's offset, else 0 (as REST's .../cursors/{c}/records). */
export async function startOffsetOf(logs: LogService, req: { name?: string; fromOffset?: Wire64; cursor?: string }): Promise<bigint> {
  const from = optional64(req.fromOffset, 'from_offset');
  if (from !== undefined && req.cursor) throw new QuireError('INVALID_ARGUMENT', 'set from_offset or cursor, not both');
  if (from !== undefined) return from;
  if (req.cursor) return (await logs.getCursor(req.name ?? '', req.cursor)).offset;
  return 0n;
}

export function logUnaryHandlers(ctx: GrpcCallContext, logs: LogService, counter: UnaryCounter): Record<string, UntypedHandleCall> {
  const wrap = unaryWrapper(ctx, counter);
  // Metrics label log methods LogService.<Method>: Append, Read and Tail exist in both services.
  const unary = <Req>(method: string, fn: (req: Req) => Promise<Wire>) => wrap<Req>(`${LOG_METRIC_PREFIX}${method}`, fn);
  const nameOf = (r: Named) => r.name ?? '';
  return {
    CreateLog: unary<WireCreateLog>('CreateLog', async (req) => logInfoToWire(await logs.createLog(createLogRequestOf(req)))),
    GetLog: unary<Named>('GetLog', async (req) => logInfoToWire(await logs.getLog(nameOf(req)))),
    DeleteLog: unary<Named>('DeleteLog', async (req) => {
      await logs.deleteLog(nameOf(req));
      return {};
    }),
    ListLogs: unary<{ prefix?: string; pageSize?: number; pageToken?: string }>('ListLogs', async (req) => {
      const pageSize = count32(req.pageSize);
      const r = await logs.listLogs({ ...(req.prefix ? { prefix: req.prefix } : {}), ...(pageSize !== undefined ? { pageSize } : {}), ...(req.pageToken ? { pageToken: req.pageToken } : {}) });
      return { names: r.names, nextPageToken: r.nextPageToken ?? '' };
    }),
    Append: unary<WireLogAppend>('Append', async (req) => {
      const receipts = await logs.append(nameOf(req), recordsOf(req.records), logAppendOptionsOf(req));
      return { receipts: receipts.map(logReceiptToWire) };
    }),
    Read: unary<WithCursor & { fromOffset?: Wire64; maxRecords?: number; maxBytes?: number }>('Read', async (req) => {
      const maxRecords = count32(req.maxRecords);
      const maxBytes = count32(req.maxBytes);
      const fromOffset = await startOffsetOf(logs, req);
      return logPageToWire(await logs.read(nameOf(req), { fromOffset, ...(maxRecords !== undefined ? { maxRecords } : {}), ...(maxBytes !== undefined ? { maxBytes } : {}) }));
    }),
    SeekByTimestamp: unary<Named & { timestampMs?: Wire64 }>('SeekByTimestamp', async (req) => {
      const ts = optional64(req.timestampMs, 'timestamp_ms') ?? 0n;
      if (ts > BigInt(Number.MAX_SAFE_INTEGER)) throw new QuireError('INVALID_ARGUMENT', `timestamp_ms out of range: ${ts}`);
      return { offset: (await logs.seek(nameOf(req), Number(ts))).offset.toString() };
    }),
    Truncate: unary<Named & { beforeOffset?: Wire64 }>('Truncate', async (req) => {
      const r = await logs.truncate(nameOf(req), optional64(req.beforeOffset, 'before_offset') ?? 0n);
      return { firstOffset: r.firstOffset.toString(), deletedSegments: r.deletedSegments };
    }),
    EnforceRetention: unary<Named>('EnforceRetention', async (req) => {
      const r = await logs.enforceRetention(nameOf(req));
      return { firstOffset: r.firstOffset.toString(), deletedSegments: r.deletedSegments };
    }),
    ListCursors: unary<Named>('ListCursors', async (req) => ({ cursors: (await logs.listCursors(nameOf(req))).map(cursorToWire) })),
    GetCursor: unary<WithCursor>('GetCursor', async (req) => cursorToWire(await logs.getCursor(nameOf(req), req.cursor ?? ''))),
    SetCursor: unary<WithCursor & { offset?: Wire64; expectedVersion?: number }>('SetCursor', async (req) => {
      const offset = optional64(req.offset, 'offset') ?? 0n;
      return cursorToWire(await logs.setCursor(nameOf(req), req.cursor ?? '', offset, req.expectedVersion ?? undefined));
    }),
    AdvanceCursor: unary<WithCursor & { offset?: Wire64 }>('AdvanceCursor', async (req) => {
      return cursorToWire(await logs.advanceCursor(nameOf(req), req.cursor ?? '', optional64(req.offset, 'offset') ?? 0n));
    }),
    DeleteCursor: unary<WithCursor>('DeleteCursor', async (req) => {
      await logs.deleteCursor(nameOf(req), req.cursor ?? '');
      return {};
    }),
  };
}
