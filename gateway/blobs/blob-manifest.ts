// A blob's manifest and the metadata-store layout of blobs (docs/blobs.md). A blob is one sealed
// ledger of fixed-size chunks (entry i = bytes [i*chunkBytes, (i+1)*chunkBytes)) plus its manifest;
// writing the manifest is the commit point. Layout, beside the owner records, outside BookKeeper's
// ledgers root (for the usual root /ledgers):
//   /quire-gateway/blobs/names/<encoded name>   manifest JSON (persistent)
//   /quire-gateway/blobs/pending/<ledgerId>     pending marker JSON: an upload or delete in progress
//   /quire-gateway/blobs/live/<ledgerId>        ephemeral: the gateway working on that ledger is alive
import { QuireError } from '../../common/errors.js';
import { joinPath, parentOf } from '../../metadata/metadata-store.js';
import { badArgument } from '../gateway-error.js';

export interface BlobManifest {
  readonly name: string;
  readonly size: bigint;
  readonly chunkBytes: number;
  readonly ledgerId: bigint;
  /** Lower-case hex SHA-256 of the whole blob (also its ETag). */
  readonly sha256: string;
  readonly contentType: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly createdAtMs: number;
}

/** A marker for a ledger that is garbage unless the manifest of `name` points at it. */
export interface PendingMarker {
  readonly name: string;
  readonly ledgerId: bigint;
  /** uploading → committing (manifest being written) ; deleting (blob being removed). */
  readonly state: 'uploading' | 'committing' | 'deleting';
  /** committing: the ledger of the blob this upload replaces (deleted after the commit). */
  readonly replaces?: bigint;
  readonly gatewayId: string;
  readonly sinceMs: number;
}

export interface BlobPaths {
  readonly names: string;
  readonly pending: string;
  readonly live: string;
}

export function blobPaths(ledgersRoot: string): BlobPaths {
  const base = joinPath(joinPath(parentOf(ledgersRoot), 'quire-gateway'), 'blobs');
  return { names: joinPath(base, 'names'), pending: joinPath(base, 'pending'), live: joinPath(base, 'live') };
}

/** In characters (Unicode code points, as JSON Schema's maxLength counts them): at most 4096 bytes of UTF-8. */
export const MAX_BLOB_NAME_CHARS = 1024;
/** Password of blob ledgers: keeps the ledger API from fencing or appending to them by accident (not a secret). */
export const BLOB_LEDGER_PASSWORD = Buffer.from('quire-blob');

/** Names: 1..1024 characters of UTF-8 without control characters, not "." or "..". */
export function checkBlobName(name: string, field = 'name'): void {
  const chars = [...name].length;
  if (chars < 1 || chars > MAX_BLOB_NAME_CHARS) throw badArgument(field, `blob name must be 1..${MAX_BLOB_NAME_CHARS} characters, got ${chars}`);
  if ([...name].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) throw badArgument(field, 'blob name must not contain control characters');
  if (name === '.' || name === '..') throw badArgument(field, 'blob name must not be "." or ".."');
  if (Buffer.from(name, 'utf8').toString('utf8') !== name) throw badArgument(field, 'blob name must be valid UTF-8');
}

const PLAIN = /[A-Za-z0-9._~-]/;

/** Node name of a blob: UTF-8 bytes percent-encoded except A-Z a-z 0-9 . _ ~ - (so '/' is safe). */
export function encodeBlobName(name: string): string {
  let out = '';
  for (const ch of name) {
    if (PLAIN.test(ch)) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function decodeBlobName(node: string): string {
  return decodeURIComponent(node);
}

interface ManifestJson {
  version: 1;
  name: string;
  size: string;
  chunkBytes: number;
  ledgerId: string;
  sha256: string;
  contentType: string;
  metadata: Record<string, string>;
  createdAtMs: number;
}

export function encodeManifest(m: BlobManifest): Buffer {
  const j: ManifestJson = {
    version: 1,
    name: m.name,
    size: m.size.toString(),
    chunkBytes: m.chunkBytes,
    ledgerId: m.ledgerId.toString(),
    sha256: m.sha256,
    contentType: m.contentType,
    metadata: { ...m.metadata },
    createdAtMs: m.createdAtMs,
  };
  return Buffer.from(JSON.stringify(j));
}

const DECIMAL = /^[0-9]{1,20}$/;

export function decodeManifest(data: Buffer, path: string): BlobManifest {
  try {
    const j = JSON.parse(data.toString('utf8')) as Partial<ManifestJson>;
    if (
      j.version === 1 &&
      typeof j.name === 'string' &&
      typeof j.size === 'string' && DECIMAL.test(j.size) &&
      typeof j.chunkBytes === 'number' && Number.isInteger(j.chunkBytes) && j.chunkBytes > 0 &&
      typeof j.ledgerId === 'string' && DECIMAL.test(j.ledgerId) &&
      typeof j.sha256 === 'string' && /^[0-9a-f]{64}$/.test(j.sha256) &&
      typeof j.contentType === 'string' &&
      typeof j.metadata === 'object' && j.metadata !== null && Object.values(j.metadata).every((v) => typeof v === 'string') &&
      typeof j.createdAtMs === 'number'
    ) {
      return { name: j.name, size: BigInt(j.size), chunkBytes: j.chunkBytes, ledgerId: BigInt(j.ledgerId), sha256: j.sha256, contentType: j.contentType, metadata: j.metadata, createdAtMs: j.createdAtMs };
    }
  } catch {
    // fall through
  }
  throw new QuireError('METADATA_CORRUPT', `blob manifest ${path} is not a valid version 1 manifest`);
}

export function encodeMarker(m: PendingMarker): Buffer {
  return Buffer.from(
    JSON.stringify({ name: m.name, ledgerId: m.ledgerId.toString(), state: m.state, ...(m.replaces !== undefined ? { replaces: m.replaces.toString() } : {}), gatewayId: m.gatewayId, sinceMs: m.sinceMs }),
  );
}

export function decodeMarker(data: Buffer, path: string): PendingMarker {
  try {
    const j = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
    const { name, ledgerId, state, replaces, gatewayId, sinceMs } = j;
    if (
      typeof name === 'string' &&
      typeof ledgerId === 'string' && DECIMAL.test(ledgerId) &&
      (state === 'uploading' || state === 'committing' || state === 'deleting') &&
      (replaces === undefined || (typeof replaces === 'string' && DECIMAL.test(replaces))) &&
      typeof gatewayId === 'string' &&
      typeof sinceMs === 'number'
    ) {
      return { name, ledgerId: BigInt(ledgerId), state, ...(replaces !== undefined ? { replaces: BigInt(replaces) } : {}), gatewayId, sinceMs };
    }
  } catch {
    // fall through
  }
  throw new QuireError('METADATA_CORRUPT', `blob pending marker ${path} is not valid JSON`);
}

/** Number of chunks (entries) a blob of `size` bytes has. */
export function chunkCount(size: bigint, chunkBytes: number): bigint {
  return (size + BigInt(chunkBytes) - 1n) / BigInt(chunkBytes);
}
