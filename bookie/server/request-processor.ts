// Turns decoded requests (v3 and v2) into Bookie calls and builds the replies, with the exact
// statuses of spec §2.4, §3 and §8.5. One function per operation, named after BookKeeper's
// processors (WriteEntryProcessorV3, ReadEntryProcessorV3, ...). No sockets here: the connection
// layer feeds requests in and writes what comes back.
import { StatusCode, isProgrammerError, isQuireError, statusOfError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import { encodeAvailability } from '../../protocol/availability-of-entries.js';
import {
  AUTH_DISABLED_PLUGIN,
  AddFlag,
  BookieInfoFlag,
  MASTER_KEY_LENGTH,
  OperationType,
  ProtocolVersion,
  ReadFlag,
  V2Flag,
  WriteFlag,
  type PacketHeader,
  type ReadResponse,
  type Request,
  type Response,
  type V2Request,
  type V2Response,
} from '../../protocol/messages.js';
import { v3StatusToV2Rc } from '../../protocol/status.js';
import { V2_MAX_VERSION } from '../../protocol/v2-codec.js';
import { entryHeaderMatches } from '../../protocol/entry-header.js';
import type { AddOptions, Bookie } from '../bookie.js';
import { endSpan, extractContext, SpanKind, startSpan, tracingEnabled, type Span } from '../../common/tracing.js';

export interface RequestProcessorOptions {
  /** Upper bound on a long-poll wait, whatever the client asks (ms). */
  readonly maxLongPollTimeoutMs: number;
  /** Server cap on one v2 batch read reply (BookKeeper's maxBatchReadSize, 5 MiB). */
  readonly maxBatchReadSize: number;
}

export const DEFAULT_REQUEST_PROCESSOR_OPTIONS: RequestProcessorOptions = {
  maxLongPollTimeoutMs: 60_000,
  maxBatchReadSize: 5 * 1024 * 1024,
};

const EMPTY = Buffer.alloc(0);

function replyHeader(h: PacketHeader): PacketHeader {
  return { version: ProtocolVersion.VERSION_THREE, operation: h.operation, txnId: h.txnId };
}

export class RequestProcessor {
  constructor(
    private readonly bookie: Bookie,
    private readonly log: Logger,
    private readonly options: RequestProcessorOptions = DEFAULT_REQUEST_PROCESSOR_OPTIONS,
  ) {}

  /**
   * Status for an error thrown by the Bookie; unexpected (non-Quire) errors are logged as EIO.
   * A programmer error (invariant violation, INTERNAL, TypeError) is logged and thrown: the
   * connection layer closes the connection instead of answering a retryable EIO.
   */
  private statusOf(e: unknown, what: string): number {
    if (isProgrammerError(e)) {
      this.log.error({ err: e }, `${what}: programmer error (bug); closing the connection`);
      throw e;
    }
    if (!isQuireError(e)) this.log.error({ err: e }, `${what} failed unexpectedly`);
    else if (e.code === 'IO_ERROR') this.log.warn({ err: e }, `${what}: I/O error`);
    return statusOfError(e);
  }

  // ---------------- v3 ----------------

  // Not async: returning the operation's promise directly saves the extra microtask turns an
  // async wrapper adds to every request.
  processV3(req: Request): Promise<Response> {
    const h = req.header;
    if (h.version !== ProtocolVersion.VERSION_THREE) {
      return Promise.resolve({ header: { ...h }, status: StatusCode.EBADVERSION });
    }
    switch (h.operation) {
      case OperationType.ADD_ENTRY: return this.addEntryV3(req);
      case OperationType.READ_ENTRY: return this.readEntryV3(req);
      case OperationType.READ_LAC: return this.readLacV3(req);
      case OperationType.WRITE_LAC: return this.writeLacV3(req);
      case OperationType.FORCE_LEDGER: return this.forceLedgerV3(req);
      case OperationType.GET_BOOKIE_INFO: return this.getBookieInfoV3(req);
      case OperationType.GET_LIST_OF_ENTRIES_OF_LEDGER: return this.listEntriesV3(req);
      case OperationType.AUTH:
        // Auth is disabled: every connection is authenticated; tell plugin clients so (spec §2.5).
        return Promise.resolve({ header: { ...h }, status: StatusCode.EOK, authResponse: { authPluginName: AUTH_DISABLED_PLUGIN, payload: EMPTY } });
      // With TLS configured the connection answers START_TLS itself (bookie-connection.ts); here it
      // is not: EBADREQ, as BookKeeper's "Got StartTLS request but TLS not configured" (spec §2.6).
      case OperationType.START_TLS:
      default:
        return Promise.resolve({ header: { ...h }, status: StatusCode.EBADREQ });
    }
  }

  private addEntryV3(req: Request): Promise<Response> {
    return new Promise<Response>((resolve, reject) => this.addEntryV3Cb(req, resolve, reject));
  }

  /**
   * ADD_ENTRY (v3) with a completion callback instead of a promise: the server's hot path, so no
   * promise or async frame per add when the bookie offers addEntryCb. `reply` is called exactly
   * once, possibly before this returns (refusals) — unless the add fails with a programmer error:
   * then `bug` is called instead (or, without it, the error is thrown from the completion).
   */
  addEntryV3Cb(req: Request, reply: (res: Response) => void, bug?: (err: unknown) => void): void {
    const header = replyHeader(req.header);
    const ar = req.addRequest;
    if (!ar) return reply({ header, status: StatusCode.EBADREQ });
    const answer = (status: number): void => reply({ header, status, addResponse: { status, ledgerId: ar.ledgerId, entryId: ar.entryId } });
    if (ar.masterKey.length !== MASTER_KEY_LENGTH) return answer(StatusCode.EUA);
    // The body is the digest-wrapped entry; its ids must match the request's.
    if (!entryHeaderMatches(ar.body, ar.ledgerId, ar.entryId)) return answer(StatusCode.EBADREQ);
    const options = {
      recovery: ar.flag === AddFlag.RECOVERY_ADD,
      deferredSync: ((ar.writeFlags ?? 0) & WriteFlag.DEFERRED_SYNC) !== 0,
      highPriority: (req.header.priority ?? 0) > 0,
    };
    const span = tracingEnabled() && req.requestContext ? requestSpan('addEntry', req, ar.ledgerId, ar.entryId) : undefined;
    this.callAddEntry(ar.ledgerId, ar.entryId, ar.masterKey, ar.body, options, (err) => {
      // Ends when the journal made the entry durable (or failed): the fsync is inside this span.
      if (span) endSpan(span, err);
      if (err === undefined) return answer(StatusCode.EOK);
      const status = this.addStatus(err, bug);
      if (status !== undefined) answer(status);
    });
  }

  /** The add's status, or undefined after handing a programmer error to `bug`. */
  private addStatus(err: unknown, bug: ((err: unknown) => void) | undefined): number | undefined {
    if (bug === undefined || !isProgrammerError(err)) return this.statusOf(err, 'add');
    this.log.error({ err }, 'add: programmer error (bug); closing the connection');
    bug(err);
    return undefined;
  }

  /** bookie.addEntryCb when offered, else addEntry's promise; `done(undefined)` on success. */
  private callAddEntry(ledgerId: bigint, entryId: bigint, masterKey: Buffer, body: Buffer, options: AddOptions, done: (err: unknown) => void): void {
    if (this.bookie.addEntryCb) this.bookie.addEntryCb(ledgerId, entryId, masterKey, body, options, done);
    else this.bookie.addEntry(ledgerId, entryId, masterKey, body, options).then(() => done(undefined), (e: unknown) => done(e ?? new Error('add failed')));
  }

  private async readEntryV3(req: Request): Promise<Response> {
    const header = replyHeader(req.header);
    const rr = req.readRequest;
    if (!rr) return { header, status: StatusCode.EBADREQ };
    const span = tracingEnabled() && req.requestContext ? requestSpan('readEntry', req, rr.ledgerId, rr.entryId) : undefined;
    const res = await this.readV3(rr.ledgerId, rr.entryId, rr.flag, rr.masterKey, rr.previousLAC, rr.timeOut);
    if (span) {
      span.setAttribute('quire.bookie.status', res.status);
      endSpan(span);
    }
    return { header, status: res.status, readResponse: res };
  }

  private async readV3(
    ledgerId: bigint,
    entryId: bigint,
    flag: number | undefined,
    masterKey: Buffer | undefined,
    previousLac: bigint | undefined,
    timeOut: bigint | undefined,
  ): Promise<ReadResponse> {
    const fail = (status: number): ReadResponse => ({ status, ledgerId, entryId });
    try {
      if (flag === ReadFlag.FENCE_LEDGER) {
        if (!masterKey || masterKey.length !== MASTER_KEY_LENGTH) return fail(StatusCode.EUA);
        await this.bookie.fenceLedger(ledgerId, masterKey);
        // Fence replies carry no maxLAC (spec §2.4); a missing entry still leaves the ledger fenced.
        const body = await this.bookie.readEntry(ledgerId, entryId);
        return { status: StatusCode.EOK, ledgerId, entryId, body };
      }
      if (previousLac !== undefined) return await this.longPollV3(ledgerId, entryId, flag, previousLac, timeOut);
      const body = await this.bookie.readEntry(ledgerId, entryId);
      const maxLAC = await this.bookie.getLastAddConfirmed(ledgerId);
      return { status: StatusCode.EOK, ledgerId, entryId, body, maxLAC };
    } catch (e) {
      return fail(this.statusOf(e, 'read'));
    }
  }

  /** Long-poll LAC read (spec §5.7). */
  private async longPollV3(ledgerId: bigint, entryId: bigint, flag: number | undefined, previousLac: bigint, timeOut: bigint | undefined): Promise<ReadResponse> {
    const piggyback = flag === ReadFlag.ENTRY_PIGGYBACK;
    if (piggyback && entryId !== -1n) return { status: StatusCode.EBADREQ, ledgerId, entryId };
    let lac: bigint;
    let ts: number | undefined;
    if (timeOut !== undefined) {
      const waitMs = Math.max(0, Math.min(Number(timeOut), this.options.maxLongPollTimeoutMs));
      const r = await this.bookie.waitForLacUpdate(ledgerId, previousLac, waitMs);
      lac = r.lac;
      ts = r.lacUpdateTimestampMs;
    } else {
      lac = await this.bookie.getLastAddConfirmed(ledgerId);
    }
    const withTs = (r: ReadResponse): ReadResponse => (ts !== undefined ? { ...r, lacUpdateTimestamp: BigInt(ts) } : r);
    if (!piggyback) {
      const body = await this.bookie.readEntry(ledgerId, entryId);
      return withTs({ status: StatusCode.EOK, ledgerId, entryId, body, maxLAC: lac });
    }
    if (lac > previousLac) {
      try {
        const body = await this.bookie.readEntry(ledgerId, previousLac + 1n);
        return withTs({ status: StatusCode.EOK, ledgerId, entryId: previousLac + 1n, body, maxLAC: lac });
      } catch (e) {
        // Striping: P+1 may live on other bookies. Only a true absence becomes an empty reply.
        if (!isQuireError(e, 'NO_SUCH_ENTRY')) throw e;
      }
    }
    return withTs({ status: StatusCode.EOK, ledgerId, entryId: -1n, maxLAC: lac });
  }

  private async readLacV3(req: Request): Promise<Response> {
    const header = replyHeader(req.header);
    const rl = req.readLacRequest;
    if (!rl) return { header, status: StatusCode.EBADREQ };
    const ledgerId = rl.ledgerId;
    try {
      const { lacBody, lastEntryBody } = await this.bookie.readLac(ledgerId);
      if (lacBody === undefined && lastEntryBody === undefined) {
        return { header, status: StatusCode.ENOENTRY, readLacResponse: { status: StatusCode.ENOENTRY, ledgerId } };
      }
      const r: Response = { header, status: StatusCode.EOK, readLacResponse: { status: StatusCode.EOK, ledgerId } };
      if (lacBody !== undefined) r.readLacResponse!.lacBody = lacBody;
      if (lastEntryBody !== undefined) r.readLacResponse!.lastEntryBody = lastEntryBody;
      return r;
    } catch (e) {
      const status = this.statusOf(e, 'readLac');
      return { header, status, readLacResponse: { status, ledgerId } };
    }
  }

  private async writeLacV3(req: Request): Promise<Response> {
    const header = replyHeader(req.header);
    const wl = req.writeLacRequest;
    if (!wl) return { header, status: StatusCode.EBADREQ };
    let status: number = StatusCode.EOK;
    if (wl.masterKey.length !== MASTER_KEY_LENGTH) status = StatusCode.EUA;
    else if (wl.body.length < 16) status = StatusCode.EBADREQ;
    else {
      try {
        await this.bookie.setExplicitLac(wl.ledgerId, wl.masterKey, wl.body);
      } catch (e) {
        status = this.statusOf(e, 'writeLac');
      }
    }
    return { header, status, writeLacResponse: { status, ledgerId: wl.ledgerId } };
  }

  private async forceLedgerV3(req: Request): Promise<Response> {
    const header = replyHeader(req.header);
    const fl = req.forceLedgerRequest;
    if (!fl) return { header, status: StatusCode.EBADREQ };
    let status: number = StatusCode.EOK;
    try {
      await this.bookie.forceLedger(fl.ledgerId);
    } catch (e) {
      status = this.statusOf(e, 'forceLedger');
    }
    return { header, status, forceLedgerResponse: { status, ledgerId: fl.ledgerId } };
  }

  private async getBookieInfoV3(req: Request): Promise<Response> {
    const header = replyHeader(req.header);
    const requested = req.getBookieInfoRequest?.requested ?? 0n;
    try {
      const info = await this.bookie.getBookieInfo();
      const r: Response = { header, status: StatusCode.EOK, getBookieInfoResponse: { status: StatusCode.EOK } };
      if (requested & BookieInfoFlag.TOTAL_DISK_CAPACITY) r.getBookieInfoResponse!.totalDiskCapacity = info.totalDiskCapacity;
      if (requested & BookieInfoFlag.FREE_DISK_SPACE) r.getBookieInfoResponse!.freeDiskSpace = info.freeDiskSpace;
      return r;
    } catch (e) {
      const status = this.statusOf(e, 'getBookieInfo');
      return { header, status, getBookieInfoResponse: { status } };
    }
  }

  private async listEntriesV3(req: Request): Promise<Response> {
    const header = replyHeader(req.header);
    const gl = req.getListOfEntriesOfLedgerRequest;
    if (!gl) return { header, status: StatusCode.EBADREQ };
    try {
      const ids = await this.bookie.listEntries(gl.ledgerId);
      return {
        header,
        status: StatusCode.EOK,
        getListOfEntriesOfLedgerResponse: { status: StatusCode.EOK, ledgerId: gl.ledgerId, availabilityOfEntriesOfLedger: encodeAvailability(ids) },
      };
    } catch (e) {
      const status = this.statusOf(e, 'getListOfEntriesOfLedger');
      return { header, status, getListOfEntriesOfLedgerResponse: { status, ledgerId: gl.ledgerId } };
    }
  }

  // ---------------- v2 ----------------

  async processV2(req: V2Request): Promise<V2Response> {
    switch (req.kind) {
      case 'auth':
        return { kind: 'auth', version: req.version, auth: { authPluginName: AUTH_DISABLED_PLUGIN, payload: EMPTY } };
      case 'add':
        return new Promise<V2Response>((resolve, reject) => this.addEntryV2Cb(req, resolve, reject));
      case 'read': {
        const base = { kind: 'read' as const, version: req.version, ledgerId: req.ledgerId, entryId: req.entryId };
        if (req.version > V2_MAX_VERSION) return { ...base, rc: v3StatusToV2Rc(StatusCode.EBADVERSION) };
        const fence = (req.flags & V2Flag.DO_FENCING) !== 0;
        const res = await this.readV3(req.ledgerId, req.entryId, fence ? ReadFlag.FENCE_LEDGER : undefined, req.masterKey, undefined, undefined);
        const out: V2Response = { ...base, rc: v3StatusToV2Rc(res.status) };
        if (res.status === StatusCode.EOK && res.body) out.body = res.body;
        return out;
      }
      case 'batch-read':
        return this.batchReadV2(req);
    }
  }

  /** v2 ADD with a completion callback (the server's hot path); `reply` or `bug` is called exactly once (see addEntryV3Cb). */
  addEntryV2Cb(req: Extract<V2Request, { kind: 'add' }>, reply: (res: V2Response) => void, bug?: (err: unknown) => void): void {
    const answer = (rc: number): void => reply({ kind: 'add', version: req.version, ledgerId: req.ledgerId, entryId: req.entryId, rc });
    if (req.version > V2_MAX_VERSION) return answer(v3StatusToV2Rc(StatusCode.EBADVERSION));
    const options = { recovery: (req.flags & V2Flag.RECOVERY_ADD) !== 0, deferredSync: false, highPriority: (req.flags & V2Flag.HIGH_PRIORITY) !== 0 };
    this.callAddEntry(req.ledgerId, req.entryId, req.masterKey, req.body, options, (err) => {
      if (err === undefined) return answer(0);
      const status = this.addStatus(err, bug);
      if (status !== undefined) answer(v3StatusToV2Rc(status));
    });
  }

  /** v2 batch read (4.17+, spec §3.2): as many entries as fit, stopping at the first gap. */
  private async batchReadV2(req: Extract<V2Request, { kind: 'batch-read' }>): Promise<V2Response> {
    const base = { kind: 'batch-read' as const, version: req.version, ledgerId: req.ledgerId, startEntryId: req.startEntryId, requestId: req.requestId };
    const fence = (req.flags & V2Flag.DO_FENCING) !== 0;
    if (fence) {
      if (!req.masterKey) return { ...base, rc: v3StatusToV2Rc(StatusCode.EUA), bodies: [] };
      try {
        await this.bookie.fenceLedger(req.ledgerId, req.masterKey);
      } catch (e) {
        return { ...base, rc: v3StatusToV2Rc(this.statusOf(e, 'fence')), bodies: [] };
      }
    }
    const limit = Math.min(Number(req.maxSize > 0n ? req.maxSize : BigInt(this.options.maxBatchReadSize)), this.options.maxBatchReadSize);
    const maxCount = req.maxCount <= 0 ? Number.MAX_SAFE_INTEGER : req.maxCount;
    // 36: the reply's frame before the bodies; 4: each body's length prefix (BookKeeper's framing).
    if (this.bookie.readEntries && req.startEntryId >= 0n) {
      try {
        const r = await this.bookie.readEntries(req.ledgerId, req.startEntryId, { maxCount, maxBytes: limit - 36, perEntryBytes: 4 });
        // A failure after some entries: BookKeeper answers what it read; the next read from there gets the error.
        if (r.error !== undefined) this.log.warn({ err: r.error, ledgerId: req.ledgerId, entryId: req.startEntryId + BigInt(r.entries.length) }, 'batch read stopped early');
        return { ...base, rc: 0, bodies: r.entries };
      } catch (e) {
        return { ...base, rc: v3StatusToV2Rc(this.statusOf(e, 'batch read')), bodies: [] };
      }
    }
    const bodies: Buffer[] = [];
    let size = 36;
    for (let i = 0; i < maxCount; i++) {
      let body: Buffer;
      try {
        body = await this.bookie.readEntry(req.ledgerId, req.startEntryId + BigInt(i));
      } catch (e) {
        if (i === 0) return { ...base, rc: v3StatusToV2Rc(this.statusOf(e, 'batch read')), bodies: [] };
        break;
      }
      if (i > 0 && size + 4 + body.length > limit) break;
      bodies.push(body);
      size += 4 + body.length;
    }
    return { ...base, rc: 0, bodies };
  }
}

/** A reply for a request refused before processing (overload): ETOOMANYREQUESTS with the keys echoed. */
export function overloadReplyV3(req: Request): Response {
  const header = replyHeader(req.header);
  const status = StatusCode.ETOOMANYREQUESTS;
  const r: Response = { header, status };
  if (req.addRequest) r.addResponse = { status, ledgerId: req.addRequest.ledgerId, entryId: req.addRequest.entryId };
  if (req.readRequest) r.readResponse = { status, ledgerId: req.readRequest.ledgerId, entryId: req.readRequest.entryId };
  return r;
}

export function overloadReplyV2(req: V2Request): V2Response | undefined {
  return statusReplyV2(req, StatusCode.ETOOMANYREQUESTS);
}

/** A v2 reply carrying only a status (v3 numbering); none for AUTH, which has no status field. */
export function statusReplyV2(req: V2Request, status: number): V2Response | undefined {
  const rc = v3StatusToV2Rc(status);
  switch (req.kind) {
    case 'add': return { kind: 'add', version: req.version, rc, ledgerId: req.ledgerId, entryId: req.entryId };
    case 'read': return { kind: 'read', version: req.version, rc, ledgerId: req.ledgerId, entryId: req.entryId };
    case 'batch-read': return { kind: 'batch-read', version: req.version, rc, ledgerId: req.ledgerId, startEntryId: req.startEntryId, requestId: req.requestId, bodies: [] };
    case 'auth': return undefined;
  }
}

/** A server span continuing the trace a client put in the request's requestContext pairs. */
function requestSpan(op: string, req: Request, ledgerId: bigint, entryId: bigint): Span {
  const carrier: Record<string, string> = {};
  for (const p of req.requestContext ?? []) carrier[p.key.toLowerCase()] = p.value;
  return startSpan(`bookie ${op}`, { kind: SpanKind.SERVER, parent: extractContext(carrier), attributes: { 'quire.ledger_id': String(ledgerId), 'quire.entry_id': String(entryId) } });
}
