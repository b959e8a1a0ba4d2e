// HTTP details of blobs: Range (RFC 9110 §14, one range), Content-Digest / Repr-Digest (RFC 9530,
// sha-256), ETag and the metadata header. Pure functions, unit-tested in blob-http.test.ts.
import { badArgument } from '../gateway-error.js';

export type RangeAnswer =
  /** No Range header, or one to ignore (invalid syntax, several ranges): send the whole blob. */
  | { readonly kind: 'whole' }
  | { readonly kind: 'range'; readonly start: bigint; readonly end: bigint }
  | { readonly kind: 'unsatisfiable' };

/** Interprets a Range header against a blob of `size` bytes. */
export function parseRange(header: string | undefined, size: bigint): RangeAnswer {
  if (header === undefined) return { kind: 'whole' };
  const m = /^\s*bytes\s*=\s*([0-9]*)\s*-\s*([0-9]*)\s*$/i.exec(header);
  // Invalid or multiple ranges may be ignored (RFC 9110 §14.2): the whole representation goes out.
  if (!m || m[1]!.length > 20 || m[2]!.length > 20) return { kind: 'whole' };
  const [, a, b] = m;
  if (a === '' && b === '') return { kind: 'whole' };
  if (a === '') {
    // Suffix: the last n bytes.
    const n = BigInt(b!);
    if (n === 0n || size === 0n) return { kind: 'unsatisfiable' };
    return { kind: 'range', start: n >= size ? 0n : size - n, end: size - 1n };
  }
  const start = BigInt(a!);
  const end = b === '' ? size - 1n : BigInt(b!);
  if (b !== '' && end < start) return { kind: 'whole' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'range', start, end: end >= size ? size - 1n : end };
}

/** The one Content-Digest form accepted, exactly the contract's pattern (openapi/quire.yaml). */
const CONTENT_DIGEST = /^sha-256=:([A-Za-z0-9+/]{43}=):$/;

/**
 * The sha-256 digest of a Content-Digest field (RFC 9530 `sha-256=:<base64>:`). Only that one
 * member is accepted, so the contract can say exactly what is valid (a pattern) and a client
 * that meant to send a digest learns when it did not.
 */
export function parseContentDigest(header: string | undefined): Buffer | undefined {
  if (header === undefined) return undefined;
  const m = CONTENT_DIGEST.exec(header);
  if (!m) throw badArgument('Content-Digest', 'Content-Digest must be sha-256=:<base64 of 32 bytes>:');
  return Buffer.from(m[1]!, 'base64');
}

export function digestField(sha256Hex: string): string {
  return `sha-256=:${Buffer.from(sha256Hex, 'hex').toString('base64')}:`;
}

export function blobEtag(sha256Hex: string): string {
  return `"${sha256Hex}"`;
}

/** If-None-Match (a list of entity tags, weak or strong, or `*`) matches this ETag. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((t) => {
    const v = t.trim();
    return v === '*' || v === etag || v === `W/${etag}`;
  });
}

/** Quire-Blob-Metadata: a JSON object of strings (header bytes are UTF-8). */
export function parseMetadataHeader(header: string | undefined): Record<string, string> | undefined {
  if (header === undefined) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(header, 'latin1').toString('utf8'));
  } catch {
    throw badArgument('Quire-Blob-Metadata', 'Quire-Blob-Metadata must be a JSON object of strings');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) {
    throw badArgument('Quire-Blob-Metadata', 'Quire-Blob-Metadata must be a JSON object of strings');
  }
  return v as Record<string, string>;
}

/** JSON with every non-ASCII character escaped, so it is a valid header value. */
export function metadataHeader(metadata: Readonly<Record<string, string>>): string {
  return JSON.stringify(metadata).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
