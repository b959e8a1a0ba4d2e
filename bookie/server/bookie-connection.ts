// One client connection to the bookie: framing, v2/v3 detection, bounded in-flight work, the
// adds/reads in-progress throttle, and batched reply writes. Replies may leave out of order; each
// echoes its correlation keys.
//
// Protocol detection (spec §1): the connection starts in v3 mode. A frame whose first byte is a v2
// version byte (0, 1, 2 — all illegal as protobuf tags) switches it to v2 for good, as does any
// frame that is not valid v3 protobuf but is a valid v2 frame. A frame that is neither closes the
// connection: without a correlation key there is nothing to reply to.
import type { Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { QuireError, StatusCode } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import { FrameDecoder } from '../../protocol/frame.js';
import { OperationType, ProtocolVersion, type Request, type V2Request } from '../../protocol/messages.js';
import { decodeV2Request, encodeV2Response } from '../../protocol/v2-codec.js';
import { decodeRequest, encodeResponse } from '../../protocol/v3-codec.js';
import { authorizeByRole, type BookieSecurity } from './connection-security.js';
import type { InProgressLimiter } from './in-progress-limiter.js';
import { overloadReplyV2, overloadReplyV3, statusReplyV2, type RequestProcessor } from './request-processor.js';

/** Longest a client may take for its TLS handshake after START_TLS (Netty SslHandler's default). */
const TLS_HANDSHAKE_TIMEOUT_MS = 10_000;

/** Replies of a tick up to this many bytes are copied into one buffer; beyond it, writev. */
const JOIN_LIMIT = 256 * 1024;

export interface InFlightBudget {
  /** Try to take room for one request of `bytes`; false when a bound would be passed. */
  tryAcquire(bytes: number): boolean;
  release(bytes: number): void;
}

/** maxAddsInProgressLimit / maxReadsInProgressLimit: one limiter each, shared by all connections. */
export interface InProgressLimiters {
  readonly add: InProgressLimiter;
  readonly read: InProgressLimiter;
}

/** Which limiter a request takes a permit from (BookKeeper: Write/ReadEntryProcessor(V3), batch reads). */
type Throttled = 'add' | 'read' | undefined;

export interface ConnectionLimits {
  readonly maxFrameSize: number;
  readonly maxInFlightRequestsPerConnection: number;
  readonly maxInFlightBytesPerConnection: number;
  /** Stop reading from a client that does not read its replies once this many bytes wait to be sent. */
  readonly maxPendingWriteBytes: number;
}

/** Timing of reply writes (metrics): one call per socket write, not per reply. */
export interface ReplyObserver {
  /**
   * Seconds from the oldest reply of a write being queued (an add: just after it became durable)
   * until the socket accepted the bytes (the write callback: handed to the kernel). BookKeeper's CHANNEL_WRITE.
   */
  replyWritten(seconds: number, replies: number): void;
}

export class BookieConnection {
  private readonly frames: FrameDecoder;
  private mode: 'v3' | 'v2' = 'v3';
  private inFlight = 0;
  private inFlightBytes = 0;
  private closed = false;
  private readPausedForWrites = false;
  /** Waiting for an in-progress permit: nothing more is read or dispatched until it comes. */
  private throttled: (() => void) | undefined;
  /** Frames that arrived (in the chunk being decoded) behind the blocked request, in order. */
  private parked: Buffer[] = [];
  private parkedHead = 0;
  /** Replies finished in this tick, written together by flushReplies (one syscall per tick). */
  private outbox: Buffer[] = [];
  private outboxBytes = 0;
  /** performance.now() when the outbox's first reply was queued (0 when not observed). */
  private outboxSince = 0;
  private readonly flushReplies = (): void => this.flush();
  /** The socket replies go to: the TCP socket, or after START_TLS the TLS socket over it. */
  private socket: Socket;
  /** START_TLS answered: the next bytes must be the client's TLS handshake. */
  private tlsState: 'plain' | 'upgrading' | 'secure' = 'plain';
  /** AuthHandler's flag: false until BookieAuthZFactory accepts the client certificate. */
  private authenticated: boolean;
  private closeReported = false;

  constructor(
    socket: Socket,
    private readonly processor: RequestProcessor,
    private readonly globalBudget: InFlightBudget,
    private readonly inProgress: InProgressLimiters,
    private readonly limits: ConnectionLimits,
    private readonly log: Logger,
    private readonly onClose: (c: BookieConnection) => void,
    private readonly security: BookieSecurity = {},
    private readonly replyObserver?: ReplyObserver,
  ) {
    this.frames = new FrameDecoder(limits.maxFrameSize);
    this.authenticated = security.authorizedRoles === undefined;
    socket.setNoDelay(true);
    this.socket = socket;
    this.bind(socket);
  }

  private bind(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => {
      if (this.readPausedForWrites) {
        this.readPausedForWrites = false;
        this.updateReading();
      }
    });
    socket.on('error', (err) => this.log.debug({ err }, 'connection error'));
    socket.on('close', () => {
      this.closed = true;
      this.unthrottle();
      if (this.closeReported) return;
      this.closeReported = true;
      this.onClose(this);
    });
  }

  /** 'tls' once the handshake finished; for tests and logs. */
  get transport(): 'plain' | 'tls' {
    return this.tlsState === 'secure' ? 'tls' : 'plain';
  }

  get protocol(): 'v3' | 'v2' {
    return this.mode;
  }

  close(): void {
    this.closed = true;
    this.unthrottle();
    this.socket.destroy();
  }

  /** Reads from the socket unless a reply backlog or a missing in-progress permit says not to. */
  private updateReading(): void {
    if (this.closed) return;
    if (this.readPausedForWrites || this.throttled) this.socket.pause();
    else this.socket.resume();
  }

  /** A closed connection leaves the line (or gives back a permit granted after it closed) and drops what it parked. */
  private unthrottle(): void {
    this.throttled?.();
    this.throttled = undefined;
    this.parked = [];
    this.parkedHead = 0;
  }

  /**
   * BookKeeper's onAdd/ReadRequestStart when no permit is free: autoRead off (socket paused) and
   * wait in line. `run` dispatches the request with the permit once granted, then the frames
   * parked behind it go through in order until one blocks again or none is left.
   */
  private block(kind: 'add' | 'read', run: () => void): void {
    this.throttled = this.inProgress[kind].wait(() => {
      this.throttled = undefined;
      run();
      this.drainParked();
    });
    this.socket.pause();
  }

  private drainParked(): void {
    while (!this.throttled && !this.closed && this.parkedHead < this.parked.length) {
      const payload = this.parked[this.parkedHead++]!;
      if (!this.handleFrame(payload)) return;
    }
    if (this.throttled) {
      // Blocked again: keep only what is still parked.
      this.parked = this.parked.slice(this.parkedHead);
    } else this.parked = [];
    this.parkedHead = 0;
    this.updateReading();
  }

  private fail(reason: string, err?: unknown): void {
    this.log.warn({ err, remote: this.socket.remoteAddress, port: this.socket.remotePort }, `closing connection: ${reason}`);
    this.close();
  }

  private onData(chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = this.frames.push(chunk);
    } catch (e) {
      this.fail(e instanceof QuireError ? e.message : 'framing error', e);
      return;
    }
    for (const payload of frames) {
      // Behind a blocked request: at most what this one chunk completed (the socket is paused),
      // so a connection parks no more than one socket read plus the frame decoder's partial frame.
      if (this.throttled) this.parked.push(payload);
      else if (!this.handleFrame(payload)) return;
    }
    if (this.tlsState === 'upgrading' && this.frames.bufferedBytes > 0) this.fail('bytes after START_TLS before the TLS handshake');
  }

  /** One frame; false when the connection closed or must read nothing more. */
  private handleFrame(payload: Buffer): boolean {
    if (this.closed) return false;
    if (this.tlsState === 'upgrading') {
      this.fail('bytes after START_TLS before the TLS handshake');
      return false;
    }
    this.onFrame(payload);
    return true;
  }

  private onFrame(payload: Buffer): void {
    if (payload.length === 0) return this.fail('empty frame');
    if (this.mode === 'v3') {
      const first = payload[0]!;
      if (first <= 2) this.mode = 'v2';
      else {
        let req: Request;
        try {
          req = decodeRequest(payload);
        } catch (e) {
          // Not v3. A valid v2 frame switches the connection to v2 for good (Java's rule).
          try {
            const v2 = decodeV2Request(payload);
            this.mode = 'v2';
            if (!this.authenticated) return this.refuseV2(v2);
            this.dispatchV2(v2, payload.length);
          } catch {
            this.fail('malformed frame (neither v3 protobuf nor v2)', e);
          }
          return;
        }
        if (req.header.operation === OperationType.START_TLS && this.security.tls && req.startTLSRequest) return this.startTls(req);
        if (!this.authenticated) return this.refuseV3(req);
        this.dispatchV3(req, payload.length);
        return;
      }
    }
    let v2: V2Request;
    try {
      v2 = decodeV2Request(payload);
    } catch (e) {
      // Unknown or v3-only v2 opcodes: closing is the compatible refusal (spec §3.2).
      this.fail(e instanceof QuireError ? e.message : 'malformed v2 frame', e);
      return;
    }
    if (!this.authenticated) return this.refuseV2(v2);
    this.dispatchV2(v2, payload.length);
  }

  /**
   * START_TLS with TLS configured: the EOK reply leaves in plaintext, behind any reply still
   * queued, and the TLS server side takes over the socket; nothing more is read in plaintext.
   * A failed handshake (or none within 10 s, Netty's SslHandler default) closes the connection:
   * BookKeeper's EIO reply could not be read by a client whose handshake failed either. A client
   * certificate that is not trusted gets the EIO reply over TLS, then the connection closes. One
   * BookieAuthZFactory does not authorize gets the EIO reply and stays open, every later request
   * refused EUA.
   */
  private startTls(req: Request): void {
    const tlsf = this.security.tls!;
    const header = { version: ProtocolVersion.VERSION_THREE, operation: OperationType.START_TLS, txnId: req.header.txnId };
    if (this.tlsState !== 'plain') {
      this.send(encodeResponse({ header, status: StatusCode.EBADREQ }));
      return;
    }
    this.flush();
    const raw = this.socket;
    raw.write(encodeResponse({ header, status: StatusCode.EOK, startTLSResponse: {} }));
    this.tlsState = 'upgrading';
    raw.removeAllListeners('data');
    raw.removeAllListeners('drain');
    // A tls.Server that never listens takes the socket over: through it Node verifies the client
    // chain (socket.authorized), which a bare server-side TLSSocket does not. The bookie decides
    // itself (rejectUnauthorized: false) so that it can send BookKeeper's EIO reply first.
    const tlsServer = createTlsServer({ ...tlsf.options(), requestCert: tlsf.requireClientCert, rejectUnauthorized: false, handshakeTimeout: TLS_HANDSHAKE_TIMEOUT_MS });
    tlsServer.once('tlsClientError', (err) => this.fail('TLS handshake failed', err));
    tlsServer.once('secureConnection', (secure: TLSSocket) => {
      this.socket = secure;
      this.bind(secure);
      this.tlsState = 'secure';
      const peer = { remote: raw.remoteAddress, port: raw.remotePort, protocol: secure.getProtocol(), cipher: secure.getCipher()?.name };
      if (tlsf.requireClientCert && !secure.authorized) {
        // BookKeeper: a failed handshake is answered EIO. The client's certificate is missing or
        // not signed by tlsTrustStore; nothing more is read from it.
        this.log.error({ ...peer, reason: String(secure.authorizationError) }, 'TLS client certificate refused');
        secure.end(encodeResponse({ header, status: StatusCode.EIO }));
        this.closed = true;
        return;
      }
      const roles = this.security.authorizedRoles;
      if (roles !== undefined && !authorizeByRole(secure, roles, this.log)) {
        this.outbox.unshift(encodeResponse({ header, status: StatusCode.EIO }));
        this.outboxBytes += this.outbox[0]!.length;
        this.flush();
        return;
      }
      if (roles !== undefined) this.authenticated = true;
      this.log.info(peer, 'TLS session established');
      this.flush();
    });
    tlsServer.emit('connection', raw);
  }

  /** AuthHandler.ServerSideHandler, not yet authenticated: v3 requests are answered EUA. */
  private refuseV3(req: Request): void {
    this.log.warn({ remote: this.socket.remoteAddress, operation: req.header.operation, tls: this.tlsState }, 'request refused: connection not authorized');
    this.send(encodeResponse({ header: { ...req.header }, status: StatusCode.EUA }));
  }

  /** The same for v2: adds and reads get EUA, anything else closes the connection. */
  private refuseV2(req: V2Request): void {
    const reply = req.kind === 'add' || req.kind === 'read' ? statusReplyV2(req, StatusCode.EUA) : undefined;
    if (!reply) return this.fail('v2 request on a connection not authorized');
    this.log.warn({ remote: this.socket.remoteAddress, kind: req.kind }, 'request refused: connection not authorized');
    this.send(encodeV2Response(reply));
  }

  private admit(bytes: number): boolean {
    if (this.inFlight >= this.limits.maxInFlightRequestsPerConnection) return false;
    if (this.inFlightBytes + bytes > this.limits.maxInFlightBytesPerConnection && this.inFlight > 0) return false;
    if (!this.globalBudget.tryAcquire(bytes)) return false;
    this.inFlight++;
    this.inFlightBytes += bytes;
    return true;
  }

  private done(bytes: number, kind: Throttled): void {
    this.inFlight--;
    this.inFlightBytes -= bytes;
    this.globalBudget.release(bytes);
    if (kind) this.inProgress[kind].release();
  }

  /**
   * The in-progress permit first (BookKeeper takes it when the processor is built, before any
   * check), then the in-flight bounds; false when the request now waits for a permit.
   */
  private acquire(kind: Throttled, retry: () => void): boolean {
    if (kind === undefined || this.inProgress[kind].tryAcquire()) return true;
    this.block(kind, retry);
    return false;
  }

  private dispatchV3(req: Request, bytes: number, permitHeld = false): void {
    const op = req.header.operation;
    const kind: Throttled = op === OperationType.ADD_ENTRY ? 'add' : op === OperationType.READ_ENTRY ? 'read' : undefined;
    if (!permitHeld && !this.acquire(kind, () => this.dispatchV3(req, bytes, true))) return;
    if (!this.admit(bytes)) {
      if (kind) this.inProgress[kind].release();
      this.send(encodeResponse(overloadReplyV3(req)));
      return;
    }
    if (op === OperationType.ADD_ENTRY && req.header.version === ProtocolVersion.VERSION_THREE) {
      // Hot path: callback, no promise per add.
      this.runCb(bytes, kind, (reply, bug) => this.processor.addEntryV3Cb(req, (res) => reply(encodeResponse(res)), bug));
      return;
    }
    this.processor.processV3(req).then(
      (res) => {
        this.done(bytes, kind);
        this.send(encodeResponse(res));
      },
      (err: unknown) => {
        this.done(bytes, kind);
        this.fail('request processing threw (bug)', err);
      },
    );
  }

  private dispatchV2(req: V2Request, bytes: number, permitHeld = false): void {
    const kind: Throttled = req.kind === 'add' ? 'add' : req.kind === 'read' || req.kind === 'batch-read' ? 'read' : undefined;
    if (!permitHeld && !this.acquire(kind, () => this.dispatchV2(req, bytes, true))) return;
    if (!this.admit(bytes)) {
      if (kind) this.inProgress[kind].release();
      const reply = overloadReplyV2(req);
      if (reply) this.send(encodeV2Response(reply));
      return;
    }
    if (req.kind === 'add') {
      this.runCb(bytes, kind, (reply, bug) => this.processor.addEntryV2Cb(req, (res) => reply(encodeV2Response(res)), bug));
      return;
    }
    this.processor.processV2(req).then(
      (res) => {
        this.done(bytes, kind);
        this.send(encodeV2Response(res));
      },
      (err: unknown) => {
        this.done(bytes, kind);
        this.fail('request processing threw (bug)', err);
      },
    );
  }

  /**
   * Runs a callback-style operation admitted for `bytes`; its one reply releases them. A
   * programmer error (`bug`, or a throw) closes the connection: a bug is never answered as a status.
   */
  private runCb(bytes: number, kind: Throttled, run: (reply: (frame: Buffer) => void, bug: (err: unknown) => void) => void): void {
    let answered = false;
    const bug = (err: unknown): void => {
      if (answered) return;
      answered = true;
      this.done(bytes, kind);
      this.fail('request processing hit a programmer error (bug)', err);
    };
    try {
      run((frame) => {
        if (answered) return;
        answered = true;
        this.done(bytes, kind);
        this.send(frame);
      }, bug);
    } catch (err) {
      if (!answered) {
        answered = true;
        this.done(bytes, kind);
      }
      this.fail('request processing threw (bug)', err);
    }
  }

  /**
   * Queues a reply. Replies finished in the same tick (a journal group commit resolves hundreds
   * at once) are joined into one buffer and leave in one socket write: one syscall and one stream
   * chunk per tick instead of one per reply (cork/uncork still pays a stream chunk per write).
   */
  private send(frame: Buffer): void {
    if (this.closed) return;
    this.outbox.push(frame);
    this.outboxBytes += frame.length;
    if (this.outbox.length === 1) {
      if (this.replyObserver) this.outboxSince = performance.now();
      process.nextTick(this.flushReplies);
    }
  }

  /** socket.write, with the reply observer's callback when there is one. */
  private write(frame: Buffer, replies: number, since: number): void {
    const obs = this.replyObserver;
    if (!obs || since === 0) {
      this.socket.write(frame);
      return;
    }
    this.socket.write(frame, (err) => {
      if (!err) obs.replyWritten((performance.now() - since) / 1000, replies);
    });
  }

  private flush(): void {
    // During the handshake replies wait (bounded by the in-flight limits): plaintext bytes now
    // would break the client's handshake. The secure socket flushes them.
    if (this.tlsState === 'upgrading') return;
    const out = this.outbox;
    const bytes = this.outboxBytes;
    const since = this.outboxSince;
    this.outbox = [];
    this.outboxBytes = 0;
    this.outboxSince = 0;
    if (this.closed || out.length === 0) return;
    if (out.length === 1) this.write(out[0]!, 1, since);
    else if (bytes <= JOIN_LIMIT) this.write(Buffer.concat(out, bytes), out.length, since);
    else {
      // Large read replies: not worth copying; one writev through cork/uncork.
      this.socket.cork();
      for (let i = 0; i < out.length - 1; i++) this.socket.write(out[i]!);
      this.write(out[out.length - 1]!, out.length, since);
      this.socket.uncork();
    }
    if (!this.readPausedForWrites && this.socket.writableLength > this.limits.maxPendingWriteBytes) {
      // The client is not reading its replies: stop reading its requests until it catches up.
      this.readPausedForWrites = true;
      this.updateReading();
    }
  }
}
