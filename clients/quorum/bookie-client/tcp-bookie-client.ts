// The real BookieClient: one TCP connection per bookie (BookKeeper's numChannelsPerBookie=1),
// v3 protobuf by default or v2 binary (useV2WireProtocol), replies matched by txnId (v3) or by
// (ledger, entry, operation) (v2), a timeout per request (5 s default) and a bound on requests in
// flight per bookie. A lost connection fails its requests with BOOKIE_UNAVAILABLE; the next request
// reconnects. With TLS settings (BookKeeper's tlsProviderFactoryClass and tls* keys) each
// connection starts with START_TLS and speaks TLS from then on (start-tls.ts).
import { connect, type Socket } from 'node:net';
import { errorFromStatus, QuireError, StatusCode } from '../../../common/errors.js';
import { decodeAvailability } from '../../../protocol/availability-of-entries.js';
import { FrameDecoder } from '../../../protocol/frame.js';
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
import { encodeV2Request, decodeV2Response } from '../../../protocol/v2-codec.js';
import { decodeResponse, encodeRequest } from '../../../protocol/v3-codec.js';
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

type ConnectionOptions = Required<Omit<TcpBookieClientOptions, 'registry' | 'tls' | 'metrics'>>;

interface Pending {
  resolve: (r: Response | V2Response) => void;
  reject: (e: unknown) => void;
  /** performance.now() after which the request fails with TIMEOUT. */
  deadline: number;
  timeoutMs: number;
}

class Connection {
  private readonly decoder: FrameDecoder;
  /** v3: txnId -> request. */
  private readonly byTxn = new Map<bigint, Pending>();
  /** v2: "op:ledger:entry" -> requests (a reply completes any one of them). */
  private readonly byKey = new Map<string, Pending[]>();
  private inFlight = 0;
  closed = false;
  /** Frames written in one turn of the event loop go out in one writev (cork until the next tick). */
  private corked = false;
  /**
   * One sweep timer per connection instead of a timer per request: a timer per request was a
   * measurable share of the add path (allocation, GC and timer-list upkeep). Timeouts fire up to
   * one sweep interval late.
   */
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    readonly bookieId: string,
    private readonly socket: Socket,
    private readonly opts: ConnectionOptions,
    private readonly onClose: () => void,
  ) {
    this.decoder = new FrameDecoder(opts.maxFrameSize);
    this.sweeper = setInterval(() => this.sweep(), Math.max(5, Math.min(250, Math.floor(opts.requestTimeoutMs / 4))));
    this.sweeper.unref();
    socket.on('data', (chunk: Buffer) => {
      let frames: Buffer[];
      try {
        frames = this.decoder.push(chunk);
      } catch (e) {
        this.fail(e);
        return;
      }
      for (const f of frames) this.onFrame(f);
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      // TLS 1.3: the bookie refuses a client certificate after the client saw the handshake end,
      // so that refusal arrives here, as an alert, not from startTls.
      const code = (e.code ?? '').startsWith('ERR_SSL') ? 'TLS_FAILED' : 'BOOKIE_UNAVAILABLE';
      this.fail(new QuireError(code, `connection to ${bookieId}: ${e.message}`, { cause: e }));
    });
    socket.on('close', () => this.fail(new QuireError('BOOKIE_UNAVAILABLE', `connection to ${bookieId} closed`)));
  }

  private onFrame(payload: Buffer): void {
    try {
      if (this.opts.protocol === 'v3') {
        const res = decodeResponse(payload);
        if (res.header.operation === OperationType.START_TLS) return this.refusedTls(res.status);
        const p = this.byTxn.get(res.header.txnId);
        if (!p) return; // timed out already
        this.byTxn.delete(res.header.txnId);
        this.settle(p, () => p.resolve(res));
      } else {
        // v2 frames start with their version byte; 0x0a is a v3 frame (field 1, the header).
        if (payload[0] === 0x0a) {
          const res = tryDecodeResponse(payload);
          if (res?.header.operation === OperationType.START_TLS) return this.refusedTls(res.status);
        }
        const res = decodeV2Response(payload);
        if (res.kind === 'auth') return;
        const key = res.kind === 'batch-read' ? `b:${res.requestId}` : `${res.kind}:${res.ledgerId}:${res.entryId}`;
        const list = this.byKey.get(key);
        const p = list?.shift();
        if (!p) return;
        if (list!.length === 0) this.byKey.delete(key);
        // Payloads are views into the decoder's buffer: copy before handing them out.
        const owned = res.kind === 'read' && res.body ? { ...res, body: Buffer.from(res.body) } : res;
        this.settle(p, () => p.resolve(owned));
      }
    } catch (e) {
      this.fail(e instanceof QuireError ? e : new QuireError('BAD_REQUEST', `bad reply from ${this.bookieId}: ${String(e)}`));
    }
  }

  /**
   * A START_TLS reply after the handshake: the bookie refused the session (BookKeeper's EIO for a
   * failed handshake or a certificate whose role is not authorized).
   */
  private refusedTls(status: number): void {
    this.fail(new QuireError('TLS_FAILED', `${this.bookieId} refused the TLS session (status ${status}): client certificate not trusted or its role not authorized`));
  }

  private settle(p: Pending, f: () => void): void {
    this.inFlight--;
    f();
  }

  private sweep(): void {
    if (this.inFlight === 0) return;
    const now = performance.now();
    const expired: Pending[] = [];
    for (const [txnId, p] of this.byTxn) {
      if (p.deadline <= now) {
        this.byTxn.delete(txnId);
        expired.push(p);
      }
    }
    for (const [key, list] of this.byKey) {
      const keep = list.filter((p) => p.deadline > now);
      if (keep.length === list.length) continue;
      for (const p of list) if (p.deadline <= now) expired.push(p);
      if (keep.length === 0) this.byKey.delete(key);
      else this.byKey.set(key, keep);
    }
    for (const p of expired) {
      this.inFlight--;
      p.reject(new QuireError('TIMEOUT', `request to ${this.bookieId} timed out after ${p.timeoutMs} ms`));
    }
  }

  send(frame: Buffer, key: { txnId: bigint } | { v2Key: string }, extraWaitMs: number): Promise<Response | V2Response> {
    if (this.closed) return Promise.reject(new QuireError('BOOKIE_UNAVAILABLE', `connection to ${this.bookieId} closed`));
    if (this.inFlight >= this.opts.maxInFlightPerBookie) {
      return Promise.reject(new QuireError('TOO_MANY_REQUESTS', `${this.inFlight} requests in flight to ${this.bookieId}`));
    }
    return new Promise((resolve, reject) => {
      const timeoutMs = this.opts.requestTimeoutMs + extraWaitMs;
      const isV3 = 'txnId' in key;
      const p: Pending = { resolve, reject, deadline: performance.now() + timeoutMs, timeoutMs };
      this.inFlight++;
      if (isV3) this.byTxn.set(key.txnId, p);
      else {
        const list = this.byKey.get(key.v2Key);
        if (list) list.push(p);
        else this.byKey.set(key.v2Key, [p]);
      }
      if (!this.corked) {
        this.corked = true;
        this.socket.cork();
        process.nextTick(() => {
          this.corked = false;
          this.socket.uncork();
        });
      }
      this.socket.write(frame);
    });
  }

  fail(e: unknown): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweeper);
    this.onClose();
    this.socket.destroy();
    const all = [...this.byTxn.values(), ...[...this.byKey.values()].flat()];
    this.byTxn.clear();
    this.byKey.clear();
    for (const p of all) p.reject(e);
    this.inFlight = 0;
  }
}

function tryDecodeResponse(payload: Buffer): Response | undefined {
  try {
    return decodeResponse(payload);
  } catch {
    return undefined;
  }
}

function statusError(status: number, what: string): QuireError | null {
  return status === StatusCode.EOK ? null : errorFromStatus(status, what);
}

export class TcpBookieClient implements BookieClient {
  private readonly opts: ConnectionOptions;
  private readonly tls: ClientTls | undefined;
  private readonly connections = new Map<string, Promise<Connection>>();
  /** Open connections, for a synchronous fast path (no extra promise per request). */
  private readonly ready = new Map<string, Connection>();
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
  }

  private connection(bookieId: string): Promise<Connection> {
    if (this.closed) return Promise.reject(new QuireError('SHUTTING_DOWN', 'bookie client is closed'));
    let c = this.connections.get(bookieId);
    if (!c) {
      c = this.open(bookieId);
      this.connections.set(bookieId, c);
      c.catch(() => this.connections.delete(bookieId));
    }
    return c;
  }

  private async open(bookieId: string): Promise<Connection> {
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
    const conn: Connection = new Connection(bookieId, socket, this.opts, () => {
      if (this.connections.get(bookieId) === current) this.connections.delete(bookieId);
      if (this.ready.get(bookieId) === conn) this.ready.delete(bookieId);
    });
    this.ready.set(bookieId, conn);
    const current = Promise.resolve(conn);
    this.connections.set(bookieId, current);
    return conn;
  }

  // Not async: on an open connection a request costs one promise (callers are async functions,
  // so a synchronous throw still reaches them as a rejection).
  private v3(bookieId: string, build: (txnId: bigint) => Request, extraWaitMs = 0): Promise<Response> {
    if (tracingEnabled()) return this.tracedV3(bookieId, build, extraWaitMs);
    const send = (conn: Connection): Promise<Response> => {
      const txnId = this.nextTxnId++;
      return conn.send(encodeRequest(build(txnId)), { txnId }, extraWaitMs) as Promise<Response>;
    };
    const conn = this.ready.get(bookieId);
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
    const conn = this.ready.get(bookieId) ?? (await this.connection(bookieId));
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

  private v2(bookieId: string, frame: Buffer, v2Key: string): Promise<V2Response> {
    const conn = this.ready.get(bookieId);
    const send = (c: Connection) => c.send(frame, { v2Key }, 0) as Promise<V2Response>;
    return conn ? send(conn) : this.connection(bookieId).then(send);
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

  async batchRead(bookieId: string, ledgerId: bigint, startEntryId: bigint, o: BatchReadOptions): Promise<Buffer[]> {
    // Consecutive single reads: works on every bookie version; stops at the first missing entry.
    const out: Buffer[] = [];
    let bytes = 0;
    const opts = o.fence ? { fence: true, masterKey: o.masterKey! } : {};
    for (let i = 0; i < Math.max(1, o.maxCount); i++) {
      try {
        const { entry } = await this.readEntry(bookieId, ledgerId, startEntryId + BigInt(i), opts);
        if (i > 0 && bytes + entry.length > o.maxSizeBytes) break;
        bytes += entry.length;
        out.push(entry);
      } catch (e) {
        if (i === 0) throw e;
        break;
      }
    }
    return out;
  }

  async close(): Promise<void> {
    this.closed = true;
    const conns = await Promise.allSettled([...this.connections.values()]);
    this.connections.clear();
    this.ready.clear();
    for (const c of conns) if (c.status === 'fulfilled') c.value.fail(new QuireError('SHUTTING_DOWN', 'bookie client closed'));
  }
}
