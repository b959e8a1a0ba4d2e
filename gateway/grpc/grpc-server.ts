// The gateway's gRPC transport: proto/quire/v1/ledger.proto served over @grpc/grpc-js, every call
// translated into one call of the transport-free LedgerService (the same one REST uses), errors
// mapped only through common/errors.ts (grpc-errors.ts). Also serves grpc.health.v1 (SERVING while
// the service reports ready) and server reflection, so grpcurl needs no .proto file.
//
// Bounds: messages are capped (receive ≈ the batch limit plus framing slack, so an entry just over
// the entry limit still reaches the service and gets its INVALID_ARGUMENT, while anything far
// larger is refused by grpc-js with RESOURCE_EXHAUSTED); each AppendStream holds a bounded number
// of appends in flight and stops reading meanwhile (HTTP/2 flow control pushes back on the
// client); server streams write only while the transport accepts (they wait for 'drain', and a
// reader that stalls past streamStallTimeoutMs loses its stream); every stream stops on cancel or
// deadline. Overload inside the service (TOO_MANY_REQUESTS) answers RESOURCE_EXHAUSTED.
import { randomUUID } from 'node:crypto';
import type { Server as NodeNetServer, Socket } from 'node:net';
import {
  Metadata,
  Server,
  ServerCredentials,
  status,
  type sendUnaryData,
  type ServerDuplexStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceDefinition,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import { QuireError } from '../../common/errors.js';
import { childLogger, type Logger } from '../../common/logger.js';
import { resolveLimits, type GatewayLimits } from '../gateway-config.js';
import { GatewayError } from '../gateway-error.js';
import type { AppendOptions, DurabilityReceipt, LedgerService } from '../ledger-service.js';
import {
  count32,
  createRequestOf,
  entryIdOf,
  entryToWire,
  id64,
  ledgerIdOf,
  ledgerInfoToWire,
  optional64,
  receiptToWire,
  sealToWire,
  type WireCreateLedgerRequest,
  type Wire64,
} from './grpc-codec.js';
import { toGrpcError } from './grpc-errors.js';
import { LEDGER_SERVICE_NAME, ledgerPackageDefinition, reflectionPackageDefinition } from './grpc-proto.js';

export const PASSWORD_HEADER = 'quire-ledger-password';
export const PASSWORD_BIN_HEADER = 'quire-ledger-password-bin';
/** REST's header for arbitrary password bytes, accepted too so one client setup serves both. */
export const PASSWORD_BASE64_HEADER = 'quire-ledger-password-base64';
export const REQUEST_ID_HEADER = 'x-request-id';
export const STREAM_ACKED_HEADER = 'quire-stream-acked';

export interface GrpcGatewayOptions {
  readonly host: string;
  /** 0 = any free port (the answer says which). */
  readonly port: number;
  /** The service's limits (the same object REST uses); they size messages and reads. */
  readonly limits?: Partial<GatewayLimits>;
  /** Appends of one AppendStream in flight before the gateway stops reading it. */
  readonly streamMaxInFlight?: number;
  readonly streamMaxInFlightBytes?: number;
  /** Entries one ReadRange call streams at most (then next_entry_id says where to resume). */
  readonly maxReadRangeEntries?: number;
  /** Default long-poll wait of one Tail round when the request names none. */
  readonly defaultTailWaitMs?: number;
  /** A server stream whose reader does not drain for this long is ended (DEADLINE_EXCEEDED). */
  readonly streamStallTimeoutMs?: number;
  /** How often health follows the service's readiness(). */
  readonly healthPollMs?: number;
  /** Grace for in-flight calls on stop() before connections are cut. */
  readonly shutdownGraceMs?: number;
  readonly logger?: Logger;
}

export interface RunningGrpcGateway {
  readonly port: number;
  /** Streaming calls (AppendStream, ReadRange, Tail) whose server side is still running. */
  activeStreams(): number;
  /** Stops accepting calls, lets in-flight ones finish (bounded), then cuts the rest. Does not shut the service down. */
  stop(): Promise<void>;
}

const DEFAULTS = {
  streamMaxInFlight: 1000,
  streamMaxInFlightBytes: 32 * 1024 * 1024,
  maxReadRangeEntries: 100_000,
  defaultTailWaitMs: 10_000,
  streamStallTimeoutMs: 60_000,
  healthPollMs: 1000,
  shutdownGraceMs: 5000,
};

/** Room for protobuf framing (tags, lengths) and the other fields around the payload bytes. */
const MESSAGE_SLACK_BYTES = 64 * 1024;

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

function pw(field: Buffer | undefined, md: Metadata): { password?: Buffer } {
  const p = passwordOf(field, md);
  return p === undefined ? {} : { password: p };
}

function requestIdOf(md: Metadata): string {
  const v = md.get(REQUEST_ID_HEADER)[0];
  return typeof v === 'string' && v.length > 0 && v.length <= 128 ? v : randomUUID();
}

/** Milliseconds until the call's deadline (Infinity without one). */
function msToDeadline(call: { getDeadline(): Date | number }): number {
  const d = call.getDeadline();
  const t = d instanceof Date ? d.getTime() : d;
  return Number.isFinite(t) ? t - Date.now() : Infinity;
}

/** A one-shot wake-up for the stream loops below (re-armed after every notify). */
class Signal {
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

type Wire = Record<string, unknown>;
interface WireAppend {
  ledgerId?: Wire64;
  data?: Buffer;
  password?: Buffer;
  expectedEntryId?: Wire64;
  producerId?: string;
  sequence?: Wire64;
}

function appendOptionsOf(req: WireAppend, md: Metadata): AppendOptions {
  const expectedEntryId = optional64(req.expectedEntryId, 'expected_entry_id');
  const sequence = optional64(req.sequence, 'sequence');
  const producerId = req.producerId ? req.producerId : undefined;
  if ((producerId === undefined) !== (sequence === undefined)) {
    throw new QuireError('INVALID_ARGUMENT', 'producer_id and sequence go together: set both or neither');
  }
  return {
    ...pw(req.password, md),
    ...(expectedEntryId !== undefined ? { expectedEntryId } : {}),
    ...(producerId !== undefined ? { producerId } : {}),
    ...(sequence !== undefined ? { sequence } : {}),
  };
}

/**
 * grpc-js sets TCP_NODELAY on client sockets but not on the ones its server accepts; with Nagle
 * on, small acks of a stream wait for the peer's delayed ACK (~40 ms) and streaming throughput
 * stops growing with the window. grpc-js offers no option for it, so reach its HTTP/2 servers
 * (a private field, checked: if it ever moves, we log and run with Nagle rather than fail).
 */
function disableNagle(server: Server, log: Logger): void {
  const servers = (server as unknown as { http2Servers?: Map<NodeNetServer, unknown> }).http2Servers;
  if (!(servers instanceof Map)) {
    log.warn('cannot reach grpc-js HTTP/2 servers to set TCP_NODELAY; streaming acks may be delayed');
    return;
  }
  for (const s of servers.keys()) {
    if (typeof s.on === 'function') s.on('connection', (socket: Socket) => socket.setNoDelay(true));
  }
}

export async function startGrpcGateway(service: LedgerService, opts: GrpcGatewayOptions): Promise<RunningGrpcGateway> {
  const log = opts.logger ?? childLogger('grpc-gateway');
  const limits = resolveLimits(opts.limits);
  const o = {
    streamMaxInFlight: opts.streamMaxInFlight ?? DEFAULTS.streamMaxInFlight,
    streamMaxInFlightBytes: opts.streamMaxInFlightBytes ?? DEFAULTS.streamMaxInFlightBytes,
    maxReadRangeEntries: opts.maxReadRangeEntries ?? DEFAULTS.maxReadRangeEntries,
    defaultTailWaitMs: Math.min(opts.defaultTailWaitMs ?? DEFAULTS.defaultTailWaitMs, limits.maxTailWaitMs),
    streamStallTimeoutMs: opts.streamStallTimeoutMs ?? DEFAULTS.streamStallTimeoutMs,
    healthPollMs: opts.healthPollMs ?? DEFAULTS.healthPollMs,
    shutdownGraceMs: opts.shutdownGraceMs ?? DEFAULTS.shutdownGraceMs,
  };
  // A batch carries per entry a tag and a length (≤ 6 bytes) besides its payload.
  const maxReceive = Math.max(limits.maxBatchBytes + limits.maxBatchEntries * 6, limits.maxEntryBytes) + MESSAGE_SLACK_BYTES;
  // A read page holds at least one entry, so one entry past maxReadBytes may travel alone.
  const maxSend = limits.maxReadBytes + limits.maxEntryBytes + limits.maxReadEntries * 16 + MESSAGE_SLACK_BYTES;

  const server = new Server({
    'grpc.max_receive_message_length': maxReceive,
    'grpc.max_send_message_length': maxSend,
    // Find dead peers of long-lived streams (tails) without relying on the application.
    'grpc.keepalive_time_ms': 30_000,
    'grpc.keepalive_timeout_ms': 10_000,
    'grpc.keepalive_permit_without_calls': 1,
  });

  let activeStreams = 0;
  let inflightCalls = 0;
  let stopRequested = false;
  const track = (p: Promise<unknown>) => {
    activeStreams++;
    void p.finally(() => activeStreams--);
  };

  const fail = (method: string, requestId: string, e: unknown) => {
    const err = toGrpcError(e);
    err.metadata.set(REQUEST_ID_HEADER, requestId);
    if (err.code === status.INTERNAL) log.error({ err: e, method, requestId }, 'grpc call failed');
    else log.debug({ code: (e as QuireError).code, msg: err.details, method, requestId }, 'grpc call failed');
    return err;
  };

  const unary =
    <Req>(method: string, fn: (req: Req, md: Metadata) => Promise<Wire>) =>
    (call: ServerUnaryCall<Req, Wire>, callback: sendUnaryData<Wire>) => {
      const requestId = requestIdOf(call.metadata);
      let p: Promise<Wire>;
      try {
        p = fn(call.request, call.metadata);
      } catch (e) {
        p = Promise.reject(e);
      }
      inflightCalls++;
      p.then(
        (res) => callback(null, res),
        (e: unknown) => callback(fail(method, requestId, e)),
      ).finally(() => inflightCalls--);
    };

  /** Writes one message, waiting for 'drain' when the transport's buffer is full. False: the stream is gone. */
  const send = async (call: ServerWritableStream<Wire, Wire> | ServerDuplexStream<Wire, Wire>, msg: Wire): Promise<boolean> => {
    if (call.cancelled || call.destroyed) return false;
    if (call.write(msg)) return true;
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
      const timer = setTimeout(() => done(new QuireError('TIMEOUT', `stream reader stalled for ${o.streamStallTimeoutMs} ms`)), o.streamStallTimeoutMs);
      call.on('drain', onDrain);
      call.once('cancelled', onGone);
      call.once('close', onGone);
    });
  };

  const handlers: UntypedServiceImplementation = {
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

    AppendStream: (call: ServerDuplexStream<{ appends?: WireAppend[] }, Wire>) => appendStream(call),

    ReadEntry: unary<{ ledgerId?: Wire64; entryId?: Wire64; password?: Buffer; unconfirmed?: boolean }>('ReadEntry', async (req, md) => {
      const ledgerId = ledgerIdOf(req.ledgerId);
      const entryId = entryIdOf(req.entryId, 'entry_id');
      return entryToWire(await service.readEntry(ledgerId, entryId, { ...pw(req.password, md), unconfirmed: req.unconfirmed === true }));
    }),

    ReadRange: (call: ServerWritableStream<Wire, Wire>) => readRange(call),

    GetLastAddConfirmed: unary<{ ledgerId?: Wire64; password?: Buffer }>('GetLastAddConfirmed', async (req, md) => {
      const r = await service.lastAddConfirmed(ledgerIdOf(req.ledgerId), pw(req.password, md));
      return { lastAddConfirmed: id64(r.lastAddConfirmed), sealed: r.sealed };
    }),

    Tail: (call: ServerWritableStream<Wire, Wire>) => tail(call),

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

  /**
   * Many appends on one stream: each append is handed to the service as it arrives (the service
   * pipelines appends of a ledger and acknowledges them in entry order); receipts go back in send
   * order, as many per message as are ready (grpc-js writes one message per event-loop turn, so
   * per-message costs bound the rate). At most streamMaxInFlight appends (and
   * streamMaxInFlightBytes) wait for their ack; beyond that the stream is paused, so a fast
   * client is slowed by HTTP/2 flow control, never buffered.
   */
  function appendStream(call: ServerDuplexStream<{ appends?: WireAppend[] }, Wire>): void {
    const requestId = requestIdOf(call.metadata);
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
      const err = fail('AppendStream', requestId, e);
      err.metadata.set(STREAM_ACKED_HEADER, String(acked));
      call.emit('error', err);
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
    call.on('cancelled', () => {
      finished = true;
      wakeAll();
    });
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
        if (!(await send(call, { receipts }))) {
          finished = true;
          wakeAll();
          return;
        }
        acked += receipts.length;
      }
      if (!finished) {
        finished = true;
        call.end(trailers());
      }
    };

    track(Promise.all([issueLoop().catch(failStream), ackLoop().catch(failStream)]));
  }

  /** Streams a bounded range in pages of at most maxReadEntries / max_bytes, with flow control. */
  function readRange(call: ServerWritableStream<Wire, Wire>): void {
    const requestId = requestIdOf(call.metadata);
    const req = call.request as {
      ledgerId?: Wire64;
      fromEntryId?: Wire64;
      toEntryId?: Wire64;
      maxEntries?: number;
      maxBytes?: number;
      password?: Buffer;
      unconfirmed?: boolean;
    };
    const run = async () => {
      const ledgerId = ledgerIdOf(req.ledgerId);
      let next = entryIdOf(req.fromEntryId, 'from_entry_id');
      const to = optional64(req.toEntryId, 'to_entry_id');
      if (to !== undefined && to < next) throw new QuireError('INVALID_ARGUMENT', `to_entry_id ${to} is before from_entry_id ${next}`);
      const total = Math.min(count32(req.maxEntries) ?? o.maxReadRangeEntries, o.maxReadRangeEntries);
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
          if (messages === 0) await send(call, { entries: [], lastAddConfirmed: id64(page.lastAddConfirmed), sealed: page.sealed });
          call.end();
          return;
        }
        sent += entries.length;
        next = last.entryId + 1n;
        const reachedEnd = page.nextEntryId === undefined || (to !== undefined && next > to);
        const cutShort = !reachedEnd && sent >= total;
        const msg: Wire = { entries: entries.map(entryToWire), lastAddConfirmed: id64(page.lastAddConfirmed), sealed: page.sealed };
        if (cutShort) msg.nextEntryId = id64(next);
        if (!(await send(call, msg))) return;
        messages++;
        if (reachedEnd || cutShort) break;
      }
      call.end();
    };
    track(
      run().catch((e: unknown) => {
        if (!call.cancelled) call.emit('error', fail('ReadRange', requestId, e));
      }),
    );
  }

  /**
   * Follows a ledger: rounds of the service's LAC long-poll, each bounded by the request's wait,
   * the server's cap and the call's deadline; after a round the stream checks for cancellation,
   * so a cancelled or expired call costs at most one round.
   */
  function tail(call: ServerWritableStream<Wire, Wire>): void {
    const requestId = requestIdOf(call.metadata);
    const req = call.request as { ledgerId?: Wire64; fromEntryId?: Wire64; password?: Buffer; waitMs?: number; maxEntries?: number; maxBytes?: number };
    let gone = false;
    call.on('cancelled', () => (gone = true));
    const run = async () => {
      const ledgerId = ledgerIdOf(req.ledgerId);
      let next = entryIdOf(req.fromEntryId, 'from_entry_id');
      const waitCap = Math.min(count32(req.waitMs) ?? o.defaultTailWaitMs, limits.maxTailWaitMs);
      const maxEntries = Math.min(count32(req.maxEntries) ?? limits.maxReadEntries, limits.maxReadEntries);
      const maxBytes = Math.min(count32(req.maxBytes) ?? limits.maxReadBytes, limits.maxReadBytes);
      const password = pw(req.password, call.metadata);
      for (;;) {
        if (gone || call.cancelled) return;
        // A stopping instance ends its tails between rounds; the caller resumes elsewhere.
        if (stopRequested) throw new QuireError('SHUTTING_DOWN', `gateway is stopping; resume the tail from entry ${next}`);
        const left = msToDeadline(call);
        if (left <= 0) return; // grpc-js answers DEADLINE_EXCEEDED itself
        const waitMs = Math.max(0, Math.min(waitCap, left - 20));
        const startedAt = Date.now();
        const r = await service.tail(ledgerId, { ...password, fromEntryId: next, waitMs, maxEntries, maxBytes });
        if (gone || call.cancelled) return;
        const last = r.entries[r.entries.length - 1];
        if (last !== undefined) next = last.entryId + 1n;
        if (!(await send(call, { entries: r.entries.map(entryToWire), lastAddConfirmed: id64(r.lastAddConfirmed), sealed: r.sealed }))) return;
        if (r.sealed && next > r.lastAddConfirmed) {
          call.end();
          return;
        }
        // A service that answers "nothing yet" at once must not turn this loop into a spin.
        if (last === undefined && Date.now() - startedAt < Math.min(waitMs, 50)) await new Promise((res) => setTimeout(res, Math.min(waitMs, 50)));
      }
    };
    track(
      run().catch((e: unknown) => {
        if (!call.cancelled) call.emit('error', fail('Tail', requestId, e));
      }),
    );
  }

  const pkg = ledgerPackageDefinition();
  server.addService(pkg[LEDGER_SERVICE_NAME] as ServiceDefinition, handlers);

  const health = new HealthImplementation({ '': 'NOT_SERVING', [LEDGER_SERVICE_NAME]: 'NOT_SERVING' });
  health.addToServer(server);
  new ReflectionService(reflectionPackageDefinition()).addToServer(server);

  const checkHealth = async () => {
    let ready = false;
    try {
      ready = (await service.readiness()).ready;
    } catch (err) {
      log.warn({ err }, 'readiness check failed');
    }
    const s = ready ? 'SERVING' : 'NOT_SERVING';
    health.setStatus('', s);
    health.setStatus(LEDGER_SERVICE_NAME, s);
  };
  await checkHealth();
  let healthTimer: NodeJS.Timeout | undefined;
  const pollHealth = () => {
    healthTimer = setTimeout(() => void checkHealth().finally(() => healthTimer !== undefined && pollHealth()), o.healthPollMs);
    healthTimer.unref();
  };
  pollHealth();

  const bindAddress = `${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${opts.port}`;
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(bindAddress, ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  }).catch((e: unknown) => {
    clearTimeout(healthTimer);
    healthTimer = undefined;
    throw new QuireError('CONFIG_INVALID', `gRPC gateway cannot listen on ${opts.host}:${opts.port}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  });
  const boundAddress = `${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`;
  disableNagle(server, log);
  log.info({ host: opts.host, port, maxReceive, maxSend }, 'gRPC gateway listening');

  let stopping: Promise<void> | undefined;
  return {
    port,
    activeStreams: () => activeStreams,
    stop() {
      stopping ??= (async () => {
        stopRequested = true;
        clearTimeout(healthTimer);
        healthTimer = undefined;
        health.setStatus('', 'NOT_SERVING');
        health.setStatus(LEDGER_SERVICE_NAME, 'NOT_SERVING');
        // Stop listening, let calls in flight finish (bounded), then cut what is left. (grpc-js's
        // tryShutdown can leave a session open for good when a client abandons a stream without
        // cancelling it, and forceShutdown after it misses that session; unbind + force does not.)
        server.unbind(boundAddress);
        const deadline = Date.now() + o.shutdownGraceMs;
        while (inflightCalls + activeStreams > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        server.forceShutdown();
      })();
      return stopping;
    },
  };
}
