// What every gRPC handler shares: the password and request-id headers, the call context (service,
// limits, options, log, metrics), error mapping (only through grpc-errors.ts), flow-controlled
// writes for server streams, and the request metrics (quire_gateway_grpc_requests_total and
// _grpc_request_duration_seconds by method and status code).
import { randomUUID } from 'node:crypto';
import { status, type Metadata, type ServerDuplexStream, type ServerWritableStream } from '@grpc/grpc-js';
import { QuireError } from '../../common/errors.js';
import { extractContext, SpanKind, startSpan, tracingEnabled, type Span } from '../../common/tracing.js';
import type { Logger } from '../../common/logger.js';
import { checkProducerPair } from '../append-rules.js';
import type { GatewayLimits } from '../gateway-config.js';
import { GatewayError } from '../gateway-error.js';
import type { AppendOptions, LedgerService } from '../ledger-service.js';
import type { GatewayMetrics } from '../gateway-metrics.js';
import { optional64, type Wire64 } from './grpc-codec.js';
import { toGrpcError, type GrpcStatusError } from './grpc-errors.js';

export const PASSWORD_HEADER = 'quire-ledger-password';
export const PASSWORD_BIN_HEADER = 'quire-ledger-password-bin';
/** REST's header for arbitrary password bytes, accepted too so one client setup serves both. */
export const PASSWORD_BASE64_HEADER = 'quire-ledger-password-base64';
export const REQUEST_ID_HEADER = 'x-request-id';
export const STREAM_ACKED_HEADER = 'quire-stream-acked';

export type Wire = Record<string, unknown>;

export interface WireAppend {
  ledgerId?: Wire64;
  data?: Buffer;
  password?: Buffer;
  expectedEntryId?: Wire64;
  producerId?: string;
  sequence?: Wire64;
}

/** The transport's own settings, resolved (see GrpcGatewayOptions). */
export interface GrpcSettings {
  readonly streamMaxInFlight: number;
  readonly streamMaxInFlightBytes: number;
  readonly maxReadRangeEntries: number;
  readonly defaultTailWaitMs: number;
  readonly streamStallTimeoutMs: number;
  readonly healthPollMs: number;
  readonly shutdownGraceMs: number;
}

export interface GrpcCallContext {
  readonly service: LedgerService;
  readonly limits: GatewayLimits;
  readonly settings: GrpcSettings;
  readonly log: Logger;
  readonly metrics: GatewayMetrics | undefined;
  /** True once stop() began (tails end between rounds). */
  stopping(): boolean;
  /** Counts a streaming call's server side until it settles. */
  track(p: Promise<unknown>): void;
}

/**
 * Password from the request's `password` field, else from one metadata header: text
 * (quire-ledger-password), raw bytes (quire-ledger-password-bin) or base64 as REST takes it
 * (quire-ledger-password-base64). The field wins; two headers at once are INVALID_ARGUMENT.
 */
export function passwordOf(field: Buffer | undefined, md: Metadata): Buffer | undefined {
  if (field && field.length > 0) return field;
  const bin = md.get(PASSWORD_BIN_HEADER)[0];
  const b64 = md.get(PASSWORD_BASE64_HEADER)[0];
  const text = md.get(PASSWORD_HEADER)[0];
  if ([bin, b64, text].filter((v) => v !== undefined).length > 1) {
    throw new GatewayError('INVALID_ARGUMENT', `send the password in one of ${PASSWORD_HEADER}, ${PASSWORD_BIN_HEADER}, ${PASSWORD_BASE64_HEADER}, not several`, { field: 'password' });
  }
  if (bin !== undefined) return Buffer.isBuffer(bin) ? bin : Buffer.from(bin, 'utf8');
  if (b64 !== undefined) {
    const t = String(b64);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(t) || t.length > 1400) throw new GatewayError('INVALID_ARGUMENT', `${PASSWORD_BASE64_HEADER} must be base64`, { field: 'password' });
    return Buffer.from(t, 'base64');
  }
  if (text !== undefined) return Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  return undefined;
}

export function pw(field: Buffer | undefined, md: Metadata): { password?: Buffer } {
  const p = passwordOf(field, md);
  return p === undefined ? {} : { password: p };
}

export function requestIdOf(md: Metadata): string {
  const v = md.get(REQUEST_ID_HEADER)[0];
  return typeof v === 'string' && v.length > 0 && v.length <= 128 ? v : randomUUID();
}

/** Milliseconds until the call's deadline (Infinity without one). */
export function msToDeadline(call: { getDeadline(): Date | number }): number {
  const d = call.getDeadline();
  const t = d instanceof Date ? d.getTime() : d;
  return Number.isFinite(t) ? t - Date.now() : Infinity;
}

export function appendOptionsOf(req: WireAppend, md: Metadata): AppendOptions {
  const expectedEntryId = optional64(req.expectedEntryId, 'expected_entry_id');
  const sequence = optional64(req.sequence, 'sequence');
  const producerId = req.producerId ? req.producerId : undefined;
  checkProducerPair(producerId, sequence, { producerId: 'producer_id', sequence: 'sequence' });
  return {
    ...pw(req.password, md),
    ...(expectedEntryId !== undefined ? { expectedEntryId } : {}),
    ...(producerId !== undefined ? { producerId } : {}),
    ...(sequence !== undefined ? { sequence } : {}),
  };
}

/** Any error as the gRPC error to send (status from the error table), with the request id. */
export function failure(ctx: GrpcCallContext, method: string, requestId: string, e: unknown): GrpcStatusError {
  const err = toGrpcError(e);
  err.metadata.set(REQUEST_ID_HEADER, requestId);
  if (err.code === status.INTERNAL) ctx.log.error({ err: e, method, requestId }, 'grpc call failed');
  else ctx.log.debug({ code: (e as QuireError).code, msg: err.details, method, requestId }, 'grpc call failed');
  return err;
}

/** Starts a call's request metrics; the returned function records its end (once) with its status code. */
export function observe(ctx: GrpcCallContext, method: string): (code: status) => void {
  const start = process.hrtime.bigint();
  let done = false;
  return (code) => {
    if (done || !ctx.metrics) return;
    done = true;
    const labels = { method, code: status[code] ?? String(code) };
    ctx.metrics.grpcRequests.inc(labels);
    ctx.metrics.grpcLatency.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
  };
}

/** Writes one message, waiting for 'drain' when the transport's buffer is full. False: the stream is gone. */
export async function send(ctx: GrpcCallContext, call: ServerWritableStream<Wire, Wire> | ServerDuplexStream<Wire, Wire>, msg: Wire): Promise<boolean> {
  if (call.cancelled || call.destroyed) return false;
  if (call.write(msg)) return true;
  const stallMs = ctx.settings.streamStallTimeoutMs;
  return new Promise<boolean>((resolve, reject) => {
    const done = (v: boolean | Error) => {
      clearTimeout(timer);
      call.off('drain', onDrain);
      call.off('cancelled', onGone);
      call.off('close', onGone);
      if (v instanceof Error) reject(v);
      else resolve(v);
    };
    const onDrain = () => done(true);
    const onGone = () => done(false);
    const timer = setTimeout(() => done(new QuireError('TIMEOUT', `stream reader stalled for ${stallMs} ms`)), stallMs);
    call.on('drain', onDrain);
    call.once('cancelled', onGone);
    call.once('close', onGone);
  });
}

/** A one-shot wake-up for the stream loops (re-armed after every notify). */
export class Signal {
  private resolve: (() => void) | undefined;
  private promise: Promise<void> | undefined;
  wait(): Promise<void> {
    this.promise ??= new Promise<void>((r) => (this.resolve = r));
    return this.promise;
  }
  notify(): void {
    const r = this.resolve;
    this.resolve = undefined;
    this.promise = undefined;
    r?.();
  }
}


/** A server span for one call, its parent from the caller's traceparent metadata; undefined when tracing is off. */
export function rpcSpan(method: string, md: Metadata, requestId: string): Span | undefined {
  if (!tracingEnabled()) return undefined;
  const carrier: Record<string, string> = {};
  for (const [k, v] of Object.entries(md.getMap())) if (typeof v === 'string') carrier[k] = v;
  return startSpan(`quire.v1/${method}`, {
    kind: SpanKind.SERVER,
    parent: extractContext(carrier),
    attributes: { 'rpc.system': 'grpc', 'rpc.method': method, 'quire.request_id': requestId },
  });
}
