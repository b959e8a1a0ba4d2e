// Turns anything a service call throws into a gRPC status, through the one error table
// (common/errors.ts) only: the status code is QuireError.grpcStatus, and the trailing metadata
// carries the stable code and whether a retry is safe, so a client in any language can act
// without parsing messages.
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { ERROR_TABLE, QuireError, type ErrorCode } from '../../common/errors.js';
import { errorContext } from '../gateway-error.js';

export const ERROR_CODE_HEADER = 'quire-error-code';
export const RETRYABLE_HEADER = 'quire-retryable';
export const LAST_ENTRY_ID_HEADER = 'quire-last-entry-id';
export const RETRY_AFTER_HEADER = 'quire-retry-after-ms';
export const ERROR_FIELD_HEADER = 'quire-error-field';

/** Suggested back-off for overload answers (gRPC has no Retry-After; this is its analogue). */
export const OVERLOAD_RETRY_AFTER_MS = 100;

export type GrpcStatusError = Partial<ServiceError> & { code: status; details: string; metadata: Metadata };

/** lastEntryId -> quire-last-entry-id: how a detail of a GatewayError travels as metadata. */
export function detailHeader(key: string): string {
  return 'quire-' + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()).replace(/[^a-z0-9-]/g, '-');
}

export function toGrpcError(e: unknown): GrpcStatusError {
  const q = e instanceof QuireError ? e : null;
  // A code missing from the table would be a bug elsewhere; answer INTERNAL rather than crash.
  const code: ErrorCode = q && q.code in ERROR_TABLE ? q.code : 'INTERNAL';
  const spec = ERROR_TABLE[code];
  const metadata = new Metadata();
  metadata.set(ERROR_CODE_HEADER, code);
  metadata.set(RETRYABLE_HEADER, String(spec.retryable));
  // The field at fault and the error's details (e.g. a sealed ledger's lastEntryId), as REST
  // puts them in problem+json; header values must be printable ASCII.
  const ctx = errorContext(e);
  const field = ctx.field === undefined ? undefined : grpcFieldName(ctx.field);
  if (field !== undefined) metadata.set(ERROR_FIELD_HEADER, asciiOnly(field));
  for (const [k, v] of Object.entries(ctx.details)) metadata.set(detailHeader(k), asciiOnly(String(v)));
  if (code === 'TOO_MANY_REQUESTS') {
    const s = Number(ctx.details.retryAfterSeconds);
    metadata.set(RETRY_AFTER_HEADER, String(Number.isFinite(s) && s > 0 ? s * 1000 : OVERLOAD_RETRY_AFTER_MS));
  }
  // A non-Quire error is a bug: say so without leaking internals beyond the message.
  const details = q ? (field !== undefined ? `${field}: ${q.message}` : q.message) : `internal error: ${e instanceof Error ? e.message : String(e)}`;
  const err = new Error(details) as Error & GrpcStatusError;
  err.code = spec.grpc as unknown as status;
  err.details = details;
  err.metadata = metadata;
  return err;
}

/** The service names fields as REST sees them; say which field of the gRPC request it means. */
const REST_TO_PROTO_FIELD: Record<string, string> = {
  from: 'from_entry_id',
  limit: 'max_entries',
  'Quire-Ledger-Password': 'password',
  body: 'data',
};

export function grpcFieldName(field: string): string {
  const mapped = REST_TO_PROTO_FIELD[field];
  if (mapped !== undefined) return mapped;
  const item = /^([A-Za-z]+)\/(\d+)$/.exec(field); // entries/3 -> entries[3]
  if (item) return `${grpcFieldName(item[1]!)}[${item[2]}]`;
  return field.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}

function asciiOnly(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}

/** What a client sees, decoded: the table's code and retry flag (for tests and the transport client). */
export function quireCodeOf(err: { metadata?: Metadata }): { code: string | undefined; retryable: boolean | undefined; lastEntryId: string | undefined; field: string | undefined } {
  const get = (k: string) => {
    const v = err.metadata?.get(k)[0];
    return v === undefined ? undefined : String(v);
  };
  const r = get(RETRYABLE_HEADER);
  return { code: get(ERROR_CODE_HEADER), retryable: r === undefined ? undefined : r === 'true', lastEntryId: get(LAST_ENTRY_ID_HEADER), field: get(ERROR_FIELD_HEADER) };
}
