// The real BookieClient: one TCP connection per bookie (BookKeeper's numChannelsPerBookie=1; its
// channel is bookie-channel.ts), v3 protobuf by default or v2 binary (useV2WireProtocol), plus, on
// a v3 client, a v2 side connection per bookie for batch reads; a timeout per request (5 s default)
// and a bound on requests in flight per connection. A lost connection fails its requests with BOOKIE_UNAVAILABLE; the next request
// reconnects. With TLS settings (BookKeeper's tlsProviderFactoryClass and tls* keys) each
// connection starts with START_TLS and speaks TLS from then on (start-tls.ts).
import { connect, type Socket } from 'node:net';
import { errorFromStatus, QuireError, StatusCode } from '../../../common/errors.js';
import { decodeAvailability } from '../../../protocol/availability-of-entries.js';
import {
  AddFlag,
  BookieInfoFlag,
  OperationType,
  ProtocolVersion,
  ReadFlag,
  RECOVERY_PRIORITY,
  type Request,
  type Response,
  V2_CURRENT_VERSION,
  V2Flag,
  type V2Response,
  WriteFlag,
} from '../../../protocol/messages.js';
import { v2RcToV3Status } from '../../../protocol/status.js';
import { encodeV2Request } from '../../../protocol/v2-codec.js';
import { encodeRequest } from '../../../protocol/v3-codec.js';
import { batchReadKey, BookieChannel, type ChannelOptions } from './bookie-channel.js';
import type { BookieRegistryPort } from '../ledger-metadata-port.js';
import { contextOf, endSpan, injectContext, SpanKind, startSpan, tracingEnabled, type Span } from '../../../common/tracing.js';
import type {
  AddEntryOptions,
  BatchReadOptions,
  BookieClient,
  LongPollResult,
  ReadEntryOptions,
  ReadEntryResult,
  ReadLacResult,
} from './bookie-client.js';
import { clientTlsOf, startTls, type ClientTls, type ClientTlsSettings } from './start-tls.js';
import type { QuorumClientMetrics } from '../client-metrics.js';

const OPERATION_NAMES = new Map<number, string>(Object.entries(OperationType).map(([name, op]) => [op, name]));

export interface TcpBookieClientOptions {
  /** Resolves bookie ids to host:port. */
  readonly registry: Pick<BookieRegistryPort, 'resolve'>;
  /** 'v3' (default) or 'v2' for adds and reads (BookKeeper's useV2WireProtocol). */
  readonly protocol?: 'v3' | 'v2';
  readonly requestTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  readonly maxInFlightPerBookie?: number;
  readonly maxFrameSize?: number;
  /** TLS to the bookies, BookKeeper's keys; on when tlsProviderFactoryClass is set. */
  readonly tls?: ClientTlsSettings;
  /** Latency sink: each add request's round trip to its bookie (per_channel_bookie_client_ADD_ENTRY). */
  readonly metrics?: Pick<QuorumClientMetrics, 'bookieAddEntry'>;
}

function statusError(status: number, what: string): QuireError | null {
  return status === StatusCode.EOK ? null : errorFromStatus(status, what);
}

/**
 * The connections of one protocol, one per bookie: the client's main ones (its protocol) and, on a
 * v3 client, the v2 side ones that carry batch reads.
 */
class Lane {
  readonly connections = new Map<string, Promise<BookieChannel>>();
  /** Open connections, for a synchronous fast path (no extra promise per request). */
  readonly ready = new Map<string, BookieChannel>();
  constructor(readonly opts: ChannelOptions) {}
}

export class TcpBookieClient implements BookieClient {
  private readonly opts: ChannelOptions;
  private readonly tls: ClientTls | undefined;
  private readonly main: Lane;
  /**
   * Batch reads exist only in the v2 protocol (BookKeeper's PerChannelBookieClient sends
   * BATCH_READ_ENTRY only with useV2WireProtocol and refuses it on v3). A v3 client therefore
   * keeps a second, v2 connection per bookie for them, opened on the first batch read: a Java
   * bookie switches a connection to v2 for good on its first v2 frame, so one connection cannot
   * carry both (per-frame detection would break the v3 requests after it). A bookie too old for
   * batch reads closes that side connection and the main one is untouched. A v2 client uses its
   * main connections.
   */
  private readonly batchLane: Lane;
  private nextTxnId = 0n;
  private closed = false;

  constructor(private readonly options: TcpBookieClientOptions) {
    this.opts = {
      protocol: options.protocol ?? 'v3',
      requestTimeoutMs: options.requestTimeoutMs ?? 5000,
      connectTimeoutMs: options.connectTimeoutMs ?? 5000,
      maxInFlightPerBookie: options.maxInFlightPerBookie ?? 10_000,
      maxFrameSize: options.maxFrameSize ?? 5 * 1024 * 1024,
    };
    this.tls = clientTlsOf(options.tls);
    this.main = new Lane(this.opts);
    this.batchLane = this.opts.protocol === 'v2' ? this.main : new Lane({ ...this.opts, protocol: 'v2' });
  }

  private connection(bookieId: string, lane: Lane = this.main): Promise<BookieChannel> {
    if (this.closed) return Promise.reject(new QuireError('SHUTTING_DOWN', 'bookie client is closed'));
    let c = lane.connections.get(bookieId);
    if (!c) {
      c = this.open(bookieId, lane);
      lane.connections.set(bookieId, c);
      c.catch(() => lane.connections.delete(bookieId));
    }
    return c;
  }

  private async open(bookieId: string, lane: Lane): Promise<BookieChannel> {
    const { host, port } = await this.options.registry.resolve(bookieId);
    const plain = await new Promise<Socket>((resolve, reject) => {
      const socket = connect({ host, port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new QuireError('BOOKIE_UNAVAILABLE', `connecting to ${bookieId} (${host}:${port}) timed out`));
      }, this.opts.connectTimeoutMs);
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(new QuireError('BOOKIE_UNAVAILABLE', `cannot connect to ${bookieId} (${host}:${port}): ${e.message}`, { cause: e }));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(socket);
      });
    });
    const socket: Socket = this.tls ? await startTls(plain, this.tls, host, this.nextTxnId++, `TLS to ${bookieId} (${host}:${port})`) : plain;
    if (this.closed) {
      socket.destroy();
      throw new QuireError('SHUTTING_DOWN', 'bookie client is closed');
    }
    const conn: BookieChannel = new BookieChannel(bookieId, socket, lane.opts, () => {
      if (lane.connections.get(bookieId) === current) lane.connections.delete(bookieId);
      if (lane.ready.get(bookieId) === conn) lane.ready.delete(bookieId);
    });
    lane.ready.set(bookieId, conn);
    const current = Promise.resolve(conn);
    lane.connections.set(bookieId, current);
    return conn;
  }

  // Not async: on an open connection a request costs one promise (callers are async functions,
  // so a synchronous throw still reaches them as a rejection).
  private v3(bookieId: string, build: (txnId: bigint) => Request, extraWaitMs = 0): Promise<Response> {
    if (tracingEnabled()) return this.tracedV3(bookieId, build, extraWaitMs);
    const send = (conn: BookieChannel): Promise<Response> => {
      const txnId = this.nextTxnId++;
      return conn.send(encodeRequest(build(txnId)), { txnId }, extraWaitMs) as Promise<Response>;
    };
    const conn = this.main.ready.get(bookieId);
    return conn ? send(conn) : this.connection(bookieId).then(send);
  }

  /**
   * A v3 request as a client span whose context travels in the request's requestContext
   * (traceparent, tracestate): the bookie continues the trace (docs/tracing.md).
   */
  private async tracedV3(bookieId: string, build: (txnId: bigint) => Request, extraWaitMs: number): Promise<Response> {
    let span: Span | undefined;
    const traced = (txnId: bigint): Request => {
      const req = build(txnId);
      span = startSpan(`bookie ${OPERATION_NAMES.get(req.header.operation) ?? req.header.operation}`, { kind: SpanKind.CLIENT, attributes: { 'quire.bookie': bookieId, 'server.address': bookieId } });
      return { ...req, requestContext: [...(req.requestContext ?? []), ...injectContext(contextOf(span))] };
    };
    const conn = this.main.ready.get(bookieId) ?? (await this.connection(bookieId));
    const txnId = this.nextTxnId++;
    try {
      const r = (await conn.send(encodeRequest(traced(txnId)), { txnId }, extraWaitMs)) as Response;
      span?.setAttribute('quire.bookie.status', r.status);
      if (span) endSpan(span);
      return r;
    } catch (e) {
      if (span) endSpan(span, e);
      throw e;
    }
  }

  private v2(bookieId: string, frame: Buffer, v2Key: string, lane: Lane = this.main): Promise<V2Response> {
    const conn = lane.ready.get(bookieId);
    const send = (c: BookieChannel) => c.send(frame, { v2Key }, 0) as Promise<V2Response>;
    return conn ? send(conn) : this.connection(bookieId, lane).then(send);
  }

  private header(operation: number, txnId: bigint, highPriority?: boolean) {
    return { version: ProtocolVersion.VERSION_THREE, operation, txnId, ...(highPriority ? { priority: RECOVERY_PRIORITY } : {}) };
  }

  addEntry(bookieId: string, ledgerId: bigint, entryId: bigint, masterKey: Buffer, entry: Buffer, o: AddEntryOptions = {}): Promise<void> {
    const sink = this.options.metrics?.bookieAddEntry;
    if (!sink) return this.addEntryUntimed(bookieId, ledgerId, entryId, masterKey, entry, o);
    const t0 = performance.now();
    return this.addEntryUntimed(bookieId, ledgerId, entryId, masterKey, entry, o).then(
      () => sink((performance.now() - t0) / 1000, true, bookieId),
      (e: unknown) => {
        sink((performance.now() - t0) / 1000, false, bookieId);
        throw e;
      },
    );
  }

  private async addEntryUntimed(bookieId: string, ledgerId: bigint, entryId: bigint, masterKey: Buffer, entry: Buffer, o: AddEntryOptions): Promise<void> {
    const what = `add ${ledgerId}:${entryId} on ${bookieId}`;
    if (this.opts.protocol === 'v2') {
      if (o.deferredSync) throw new QuireError('INVALID_ARGUMENT', 'DEFERRED_SYNC needs the v3 protocol');
      const flags = (o.recovery ? V2Flag.RECOVERY_ADD : 0) | (o.highPriority ? V2Flag.HIGH_PRIORITY : 0);
      const frame = encodeV2Request({ kind: 'add', version: V2_CURRENT_VERSION, flags, masterKey, ledgerId, entryId, body: entry });
      const r = await this.v2(bookieId, frame, `add:${ledgerId}:${entryId}`);
      const err = r.kind === 'add' ? statusError(v2RcToV3Status(r.rc), what) : null;
      if (err) throw err;
      return;
    }
    const r = await this.v3(bookieId, (txnId) => ({
      header: this.header(OperationType.ADD_ENTRY, txnId, o.highPriority),
      addRequest: {
        ledgerId,
        entryId,
        masterKey,
        body: entry,
        ...(o.recovery ? { flag: AddFlag.RECOVERY_ADD } : {}),
        ...(o.deferredSync ? { writeFlags: WriteFlag.DEFERRED_SYNC } : {}),
      },
    }));
    const err = statusError(r.addResponse?.status ?? r.status, what);
    if (err) throw err;
  }

  async readEntry(bookieId: string, ledgerId: bigint, entryId: bigint, o: ReadEntryOptions = {}): Promise<ReadEntryResult> {
    const what = `read ${ledgerId}:${entryId} on ${bookieId}`;
    if (o.fence && !o.masterKey) throw new QuireError('INVALID_ARGUMENT', 'a fencing read needs the master key');
    if (this.opts.protocol === 'v2') {
      const flags = (o.fence ? V2Flag.DO_FENCING : 0) | (o.highPriority ? V2Flag.HIGH_PRIORITY : 0);
      const frame = encodeV2Request({ kind: 'read', version: V2_CURRENT_VERSION, flags, ledgerId, entryId, ...(o.fence ? { masterKey: o.masterKey! } : {}) });
      const r = await this.v2(bookieId, frame, `read:${ledgerId}:${entryId}`);
      if (r.kind !== 'read') throw new QuireError('BAD_REQUEST', `${what}: unexpected ${r.kind} reply`);
      const err = statusError(v2RcToV3Status(r.rc), what);
      if (err) throw err;
      return { entry: r.body ?? Buffer.alloc(0) };
    }
    const r = await this.v3(bookieId, (txnId) => ({
      header: this.header(OperationType.READ_ENTRY, txnId, o.highPriority),
      readRequest: { ledgerId, entryId, ...(o.fence ? { flag: ReadFlag.FENCE_LEDGER, masterKey: o.masterKey! } : {}) },
    }));
    const rr = r.readResponse;
    const err = statusError(rr?.status ?? r.status, what);
    if (err) throw err;
    if (!rr?.body) throw new QuireError('BAD_REQUEST', `${what}: EOK without an entry`);
    return rr.maxLAC === undefined ? { entry: rr.body } : { entry: rr.body, maxLac: rr.maxLAC };
  }

  /** GET_BOOKIE_INFO (v3 only): the bookie's free and total disk bytes (BookKeeper's BookieInfo). */
  async getBookieInfo(bookieId: string): Promise<{ freeDiskSpace: bigint; totalDiskCapacity: bigint }> {
    const requested = BookieInfoFlag.TOTAL_DISK_CAPACITY | BookieInfoFlag.FREE_DISK_SPACE;
    const r = await this.v3(bookieId, (txnId) => ({ header: this.header(OperationType.GET_BOOKIE_INFO, txnId), getBookieInfoRequest: { requested } }));
    const gb = r.getBookieInfoResponse;
    const err = statusError(gb?.status ?? r.status, `get bookie info of ${bookieId}`);
    if (err) throw err;
    return { freeDiskSpace: gb?.freeDiskSpace ?? 0n, totalDiskCapacity: gb?.totalDiskCapacity ?? 0n };
  }

  async readLac(bookieId: string, ledgerId: bigint): Promise<ReadLacResult> {
    if (this.opts.protocol === 'v2') {
      // v2 has no READ_LAC: the last entry stands in for it (BookKeeper's piggyback path).
      return { lastEntryBody: (await this.readEntry(bookieId, ledgerId, -1n)).entry };
    }
    const r = await this.v3(bookieId, (txnId) => ({ header: this.header(OperationType.READ_LAC, txnId), readLacRequest: { ledgerId } }));
    const rr = r.readLacResponse;
    const err = statusError(rr?.status ?? r.status, `read LAC of ${ledgerId} on ${bookieId}`);
    if (err) throw err;
    return { ...(rr?.lacBody ? { lacBody: rr.lacBody } : {}), ...(rr?.lastEntryBody ? { lastEntryBody: rr.lastEntryBody } : {}) };
  }

  async writeLac(bookieId: string, ledgerId: bigint, lac: bigint, masterKey: Buffer, lacBlob: Buffer): Promise<void> {
    if (this.opts.protocol === 'v2') throw new QuireError('INVALID_ARGUMENT', 'WRITE_LAC needs the v3 protocol');
    const r = await this.v3(bookieId, (txnId) => ({ header: this.header(OperationType.WRITE_LAC, txnId), writeLacRequest: { ledgerId, lac, masterKey, body: lacBlob } }));
    const err = statusError(r.writeLacResponse?.status ?? r.status, `write LAC of ${ledgerId} on ${bookieId}`);
    if (err) throw err;
  }

  async forceLedger(bookieId: string, ledgerId: bigint): Promise<void> {
    if (this.opts.protocol === 'v2') throw new QuireError('INVALID_ARGUMENT', 'FORCE_LEDGER needs the v3 protocol');
    const r = await this.v3(bookieId, (txnId) => ({ header: this.header(OperationType.FORCE_LEDGER, txnId), forceLedgerRequest: { ledgerId } }));
    const err = statusError(r.forceLedgerResponse?.status ?? r.status, `force ledger ${ledgerId} on ${bookieId}`);
    if (err) throw err;
  }

  /** At most 1 000 000 ids (decodeAvailability's bound); a longer answer is BAD_REQUEST. */
  async getListOfEntriesOfLedger(bookieId: string, ledgerId: bigint): Promise<bigint[]> {
    if (this.opts.protocol === 'v2') throw new QuireError('INVALID_ARGUMENT', 'GET_LIST_OF_ENTRIES_OF_LEDGER needs the v3 protocol');
    const r = await this.v3(bookieId, (txnId) => ({ header: this.header(OperationType.GET_LIST_OF_ENTRIES_OF_LEDGER, txnId), getListOfEntriesOfLedgerRequest: { ledgerId } }));
    const gl = r.getListOfEntriesOfLedgerResponse;
    const err = statusError(gl?.status ?? r.status, `list entries of ${ledgerId} on ${bookieId}`);
    if (err) throw err;
    return gl?.availabilityOfEntriesOfLedger ? decodeAvailability(gl.availabilityOfEntriesOfLedger) : [];
  }

  async longPollRead(bookieId: string, ledgerId: bigint, previousLac: bigint, timeoutMs: number, piggyback: boolean): Promise<LongPollResult> {
    const what = `long poll ${ledgerId} on ${bookieId}`;
    if (this.opts.protocol === 'v2') {
      // v2 drops previousLAC and the timeout: a plain read of entry -1 (spec §3.3).
      const { entry } = await this.readEntry(bookieId, ledgerId, -1n);
      return { maxLac: entry.length >= 24 ? entry.readBigInt64BE(16) : -1n, entryId: -1n };
    }
    const r = await this.v3(
      bookieId,
      (txnId) => ({
        header: this.header(OperationType.READ_ENTRY, txnId),
        readRequest: { ledgerId, entryId: -1n, previousLAC: previousLac, timeOut: BigInt(timeoutMs), ...(piggyback ? { flag: ReadFlag.ENTRY_PIGGYBACK } : {}) },
      }),
      timeoutMs,
    );
    const rr = r.readResponse;
    const err = statusError(rr?.status ?? r.status, what);
    if (err) throw err;
    return {
      maxLac: rr?.maxLAC ?? -1n,
      entryId: rr?.body && rr.entryId >= 0n ? rr.entryId : -1n,
      ...(rr?.body && rr.entryId >= 0n ? { entry: rr.body } : {}),
      ...(rr?.lacUpdateTimestamp !== undefined ? { lacUpdateTimestampMs: rr.lacUpdateTimestamp } : {}),
    };
  }

  /**
   * BATCH_READ_ENTRY (v2, BookKeeper 4.17+, spec §3.2) on the v2 lane: the bookie answers with
   * consecutive entries from startEntryId, at most maxCount of them and a reply of at most
   * maxSizeBytes (and its own maxBatchReadSize), stopping at the first it cannot read; an error
   * status only when it cannot read the first. A bookie without batch reads closes the connection
   * (BOOKIE_UNAVAILABLE). Matched by requestId, drawn from the txnId counter as BookKeeper does.
   */
  async batchRead(bookieId: string, ledgerId: bigint, startEntryId: bigint, o: BatchReadOptions): Promise<Buffer[]> {
    const what = `batch read ${ledgerId}:${startEntryId}+${o.maxCount} on ${bookieId}`;
    if (o.fence && !o.masterKey) throw new QuireError('INVALID_ARGUMENT', 'a fencing read needs the master key');
    const requestId = this.nextTxnId++;
    const flags = (o.fence ? V2Flag.DO_FENCING : 0) | (o.highPriority ? V2Flag.HIGH_PRIORITY : 0);
    // The reply must fit a frame this client accepts.
    const maxSize = BigInt(Math.min(o.maxSizeBytes, this.opts.maxFrameSize - 4));
    const frame = encodeV2Request({ kind: 'batch-read', version: V2_CURRENT_VERSION, flags, ledgerId, startEntryId, requestId, maxCount: o.maxCount, maxSize, ...(o.fence ? { masterKey: o.masterKey! } : {}) });
    const r = await this.v2(bookieId, frame, batchReadKey(requestId), this.batchLane);
    if (r.kind !== 'batch-read') throw new QuireError('BAD_REQUEST', `${what}: unexpected ${r.kind} reply`);
    const err = statusError(v2RcToV3Status(r.rc), what);
    if (err) throw err;
    return r.bodies;
  }

  async close(): Promise<void> {
    this.closed = true;
    const lanes = this.batchLane === this.main ? [this.main] : [this.main, this.batchLane];
    const conns = await Promise.allSettled(lanes.flatMap((l) => [...l.connections.values()]));
    for (const l of lanes) {
      l.connections.clear();
      l.ready.clear();
    }
    for (const c of conns) if (c.status === 'fulfilled') c.value.fail(new QuireError('SHUTTING_DOWN', 'bookie client closed'));
  }
}
