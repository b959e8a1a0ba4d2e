// One table for every error Quire can report: stable code, bookie wire status (v3 and v2), HTTP
// status, gRPC status and whether a retry is safe. Every layer (bookie, quorum client, metadata,
// gateway) throws QuireError with one of these codes; transports map codes through this table only.
// docs/errors.md is the human-readable copy of this table; a test keeps the two in sync.

/** Bookie v3 protocol status codes (BookkeeperProtocol.proto StatusCode). */
export const StatusCode = {
  EOK: 0,
  ENOLEDGER: 402,
  ENOENTRY: 403,
  EBADREQ: 404,
  EIO: 501,
  EUA: 502,
  EBADVERSION: 503,
  EFENCED: 504,
  EREADONLY: 505,
  ETOOMANYREQUESTS: 506,
  EUNKNOWNLEDGERSTATE: 507,
} as const;
export type StatusCode = (typeof StatusCode)[keyof typeof StatusCode];

/** gRPC status codes (numeric, as on the wire). */
export const GrpcStatus = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;
export type GrpcStatus = (typeof GrpcStatus)[keyof typeof GrpcStatus];

interface ErrorSpec {
  /** Bookie v3 status this error travels as, when a bookie reports it. */
  readonly wire?: StatusCode;
  readonly http: number;
  readonly grpc: GrpcStatus;
  /** True when the same request may be sent again without risk of duplicating an effect. */
  readonly retryable: boolean;
  readonly summary: string;
}

export const ERROR_TABLE = {
  NO_SUCH_LEDGER: { wire: StatusCode.ENOLEDGER, http: 404, grpc: GrpcStatus.NOT_FOUND, retryable: false, summary: 'the ledger does not exist (on this bookie, or in metadata)' },
  NO_SUCH_ENTRY: { wire: StatusCode.ENOENTRY, http: 404, grpc: GrpcStatus.NOT_FOUND, retryable: false, summary: 'the entry does not exist' },
  BAD_REQUEST: { wire: StatusCode.EBADREQ, http: 400, grpc: GrpcStatus.INVALID_ARGUMENT, retryable: false, summary: 'malformed or unsupported request' },
  IO_ERROR: { wire: StatusCode.EIO, http: 503, grpc: GrpcStatus.UNAVAILABLE, retryable: true, summary: 'I/O error on a bookie; never means "no such entry"' },
  UNAUTHORIZED: { wire: StatusCode.EUA, http: 403, grpc: GrpcStatus.PERMISSION_DENIED, retryable: false, summary: 'wrong password / master key' },
  BAD_VERSION: { wire: StatusCode.EBADVERSION, http: 400, grpc: GrpcStatus.FAILED_PRECONDITION, retryable: false, summary: 'protocol version not supported' },
  LEDGER_FENCED: { wire: StatusCode.EFENCED, http: 409, grpc: GrpcStatus.FAILED_PRECONDITION, retryable: false, summary: 'the ledger was fenced by a recovery; this writer must stop' },
  BOOKIE_READ_ONLY: { wire: StatusCode.EREADONLY, http: 503, grpc: GrpcStatus.UNAVAILABLE, retryable: true, summary: 'the bookie is read-only' },
  TOO_MANY_REQUESTS: { wire: StatusCode.ETOOMANYREQUESTS, http: 429, grpc: GrpcStatus.RESOURCE_EXHAUSTED, retryable: true, summary: 'overloaded: in-flight request or byte bound reached' },
  UNKNOWN_LEDGER_STATE: { wire: StatusCode.EUNKNOWNLEDGERSTATE, http: 503, grpc: GrpcStatus.UNAVAILABLE, retryable: true, summary: 'the bookie cannot tell whether it holds the entry' },
  TIMEOUT: { http: 504, grpc: GrpcStatus.DEADLINE_EXCEEDED, retryable: true, summary: 'no answer within the configured time' },
  TLS_FAILED: { http: 502, grpc: GrpcStatus.UNAVAILABLE, retryable: false, summary: 'TLS with a bookie failed (BookKeeper\'s SecurityException): START_TLS refused, handshake failed (certificate not trusted, no or wrong client certificate), or the client certificate\'s role is not authorized' },
  BOOKIE_UNAVAILABLE: { http: 503, grpc: GrpcStatus.UNAVAILABLE, retryable: true, summary: 'could not connect to a bookie, or the connection was lost' },
  NOT_ENOUGH_BOOKIES: { http: 503, grpc: GrpcStatus.UNAVAILABLE, retryable: true, summary: 'fewer writable bookies than the ensemble needs' },
  LEDGER_CLOSED: { http: 409, grpc: GrpcStatus.FAILED_PRECONDITION, retryable: false, summary: 'the ledger is closed; no more appends' },
  LEDGER_EXISTS: { http: 409, grpc: GrpcStatus.ALREADY_EXISTS, retryable: false, summary: 'a ledger with this id already exists' },
  METADATA_VERSION_CONFLICT: { http: 409, grpc: GrpcStatus.ABORTED, retryable: true, summary: 'metadata changed since it was read (compare-and-set lost)' },
  METADATA_UNAVAILABLE: { http: 503, grpc: GrpcStatus.UNAVAILABLE, retryable: true, summary: 'the metadata store cannot be reached' },
  METADATA_CORRUPT: { http: 500, grpc: GrpcStatus.DATA_LOSS, retryable: false, summary: 'stored metadata cannot be parsed; it is never overwritten' },
  DIGEST_MISMATCH: { http: 502, grpc: GrpcStatus.DATA_LOSS, retryable: true, summary: 'entry bytes failed their checksum' },
  INVALID_ARGUMENT: { http: 400, grpc: GrpcStatus.INVALID_ARGUMENT, retryable: false, summary: 'an argument is out of range or malformed' },
  ENTRY_TOO_LARGE: { http: 413, grpc: GrpcStatus.INVALID_ARGUMENT, retryable: false, summary: 'entry or batch exceeds the configured limit' },
  CONFIG_INVALID: { http: 500, grpc: GrpcStatus.INTERNAL, retryable: false, summary: 'a configuration setting is unknown or invalid' },
  DIRECTORY_IN_USE: { http: 409, grpc: GrpcStatus.FAILED_PRECONDITION, retryable: true, summary: "a running bookie holds the directory (its ledger index lock); stop the bookie first" },
  COOKIE_MISMATCH: { http: 500, grpc: GrpcStatus.INTERNAL, retryable: false, summary: 'bookie directories do not match the registered cookie' },
  SHUTTING_DOWN: { http: 503, grpc: GrpcStatus.UNAVAILABLE, retryable: true, summary: 'the component is stopping' },
  INTERNAL: { http: 500, grpc: GrpcStatus.INTERNAL, retryable: false, summary: 'a bug: an invariant did not hold' },
  METADATA_NOT_FOUND: { http: 404, grpc: GrpcStatus.NOT_FOUND, retryable: false, summary: 'the metadata node does not exist' },
  METADATA_EXISTS: { http: 409, grpc: GrpcStatus.ALREADY_EXISTS, retryable: false, summary: 'the metadata node already exists' },
  APPEND_CONFLICT: { http: 409, grpc: GrpcStatus.FAILED_PRECONDITION, retryable: false, summary: 'compare-and-append: the next entry id is not the expected one; nothing was written' },
  SEQUENCE_CONFLICT: { http: 409, grpc: GrpcStatus.FAILED_PRECONDITION, retryable: false, summary: "exactly-once: the sequence is at or below the producer's oldest remembered one; it may already be written" },
  EXACTLY_ONCE_NOT_ENABLED: { http: 409, grpc: GrpcStatus.FAILED_PRECONDITION, retryable: false, summary: 'exactly-once append (producer id + sequence) on a ledger created with entryFormat RAW; create it with ENVELOPE; nothing was written' },
  LEDGER_MANAGED: { http: 409, grpc: GrpcStatus.FAILED_PRECONDITION, retryable: false, summary: "the ledger is a named log's segment or a blob's chunk ledger: the ledger API reads it but may not append to, close, recover or delete it; use the log or blob API; nothing was done" },
  LEDGER_OWNED_ELSEWHERE: { http: 503, grpc: GrpcStatus.UNAVAILABLE, retryable: true, summary: "another gateway instance holds the ledger's write handle and could not be reached" },
  UNSUPPORTED_MEDIA_TYPE: { http: 415, grpc: GrpcStatus.INVALID_ARGUMENT, retryable: false, summary: 'the request body has a content type this route does not take' },
  NO_SUCH_ROUTE: { http: 404, grpc: GrpcStatus.UNIMPLEMENTED, retryable: false, summary: 'no such route' },
  METHOD_NOT_ALLOWED: { http: 405, grpc: GrpcStatus.UNIMPLEMENTED, retryable: false, summary: 'the route does not take this method' },
  NO_SUCH_LOG: { http: 404, grpc: GrpcStatus.NOT_FOUND, retryable: false, summary: 'the named log does not exist' },
  LOG_EXISTS: { http: 409, grpc: GrpcStatus.ALREADY_EXISTS, retryable: false, summary: 'a log with this name already exists' },
  OUT_OF_RANGE: { http: 410, grpc: GrpcStatus.OUT_OF_RANGE, retryable: false, summary: 'the offset is below the first retained offset of the log (truncated or expired); the answer carries firstOffset' },
  NO_SUCH_CURSOR: { http: 404, grpc: GrpcStatus.NOT_FOUND, retryable: false, summary: 'the log has no cursor of this name' },
  CURSOR_CONFLICT: { http: 409, grpc: GrpcStatus.FAILED_PRECONDITION, retryable: false, summary: 'cursor compare-and-set: the cursor changed since the version given; nothing was written' },
  LOG_FULL: { http: 507, grpc: GrpcStatus.RESOURCE_EXHAUSTED, retryable: false, summary: 'the log reached its segment or cursor limit; truncation or retention must free room first' },
  APPEND_OUTCOME_UNKNOWN: { http: 503, grpc: GrpcStatus.UNAVAILABLE, retryable: false, summary: "the log's writer changed while the append was in flight: it may or may not be in the log (append with a producer id to retry safely)" },
  BLOB_NOT_FOUND: { http: 404, grpc: GrpcStatus.NOT_FOUND, retryable: false, summary: 'no blob has this name (uploads become visible only when committed)' },
  BLOB_EXISTS: { http: 412, grpc: GrpcStatus.ALREADY_EXISTS, retryable: false, summary: 'conditional create (If-None-Match: *): a blob with this name exists; nothing was stored' },
  BLOB_DIGEST_MISMATCH: { http: 400, grpc: GrpcStatus.INVALID_ARGUMENT, retryable: false, summary: 'the uploaded bytes do not match the digest the client sent; nothing was stored' },
  BLOB_TOO_LARGE: { http: 413, grpc: GrpcStatus.INVALID_ARGUMENT, retryable: false, summary: 'the blob exceeds the configured maximum size; nothing was stored' },
  BLOB_UPLOAD_INCOMPLETE: { http: 400, grpc: GrpcStatus.CANCELLED, retryable: true, summary: 'the upload ended before its declared length (client went away); nothing was stored' },
  UNAUTHENTICATED: { http: 401, grpc: GrpcStatus.UNAUTHENTICATED, retryable: false, summary: 'no valid credential: the bearer token is missing, malformed, expired, not yet valid, for another audience or issuer, or not signed by a trusted key' },
  PERMISSION_DENIED: { http: 403, grpc: GrpcStatus.PERMISSION_DENIED, retryable: false, summary: "the token is valid but its permissions do not cover this action on this ledger, log or blob" },
  REQUEST_HEADERS_TOO_LARGE: { http: 431, grpc: GrpcStatus.INVALID_ARGUMENT, retryable: false, summary: 'the request line and headers exceed the server\'s header size limit (64 KiB on the gateway)' },
  RANGE_NOT_SATISFIABLE: { http: 416, grpc: GrpcStatus.OUT_OF_RANGE, retryable: false, summary: 'the requested byte range lies outside the blob' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_TABLE;

export class QuireError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? ERROR_TABLE[code].summary, options);
    this.code = code;
    this.name = 'QuireError';
  }
  get retryable(): boolean {
    return ERROR_TABLE[this.code].retryable;
  }
  get httpStatus(): number {
    return ERROR_TABLE[this.code].http;
  }
  get grpcStatus(): GrpcStatus {
    return ERROR_TABLE[this.code].grpc;
  }
}

export function isQuireError(e: unknown, code?: ErrorCode): e is QuireError {
  return e instanceof QuireError && (code === undefined || e.code === code);
}

const codeByWire = new Map<number, ErrorCode>();
for (const [code, spec] of Object.entries(ERROR_TABLE) as [ErrorCode, ErrorSpec][]) {
  if (spec.wire !== undefined) codeByWire.set(spec.wire, code);
}

/** The error a bookie's non-OK v3 status means. Unknown statuses are BAD_REQUEST-class protocol faults. */
export function errorFromStatus(status: number, context?: string): QuireError {
  const code = codeByWire.get(status);
  const where = context ? `${context}: ` : '';
  if (code === undefined) return new QuireError('BAD_REQUEST', `${where}unknown bookie status ${status}`);
  return new QuireError(code, `${where}${ERROR_TABLE[code].summary} (status ${status})`);
}

/** The v3 status a bookie sends for this error. Errors without a wire status become EIO. */
export function statusOfError(e: unknown): StatusCode {
  if (e instanceof QuireError) {
    const spec: ErrorSpec = ERROR_TABLE[e.code];
    if (spec.wire !== undefined) return spec.wire;
    if (e.code === 'INVALID_ARGUMENT' || e.code === 'ENTRY_TOO_LARGE') return StatusCode.EBADREQ;
  }
  return StatusCode.EIO;
}

/** What invariant() throws: a bug in Quire, not a condition a client could retry past. */
export class InvariantViolation extends QuireError {
  constructor(message: string) {
    super('INTERNAL', `invariant violated (this is a bug): ${message}`);
    this.name = 'InvariantViolation';
  }
}

/** Programmer errors: crash loudly, never map to a wire status. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantViolation(message);
}

/**
 * A programmer error: an INTERNAL QuireError (invariant() among them) or JavaScript's own
 * TypeError / ReferenceError. Servers fail loudly on these (close the connection, log) instead of
 * answering a status; statusOfError would turn them into a retryable EIO.
 */
export function isProgrammerError(e: unknown): boolean {
  return isQuireError(e, 'INTERNAL') || e instanceof TypeError || e instanceof ReferenceError;
}
