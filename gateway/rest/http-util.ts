// Small HTTP helpers shared by the REST routes (ledgers and logs): headers, ids and integers from
// strings (naming the field at fault), and the immutable caching of sealed data.
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { INT64_MAX } from '../../common/ids.js';
import { badArgument } from '../gateway-error.js';

export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';

export function header(req: Request, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export function id(text: unknown, field: string): bigint {
  if (typeof text !== 'string' || !/^[0-9]{1,19}$/.test(text)) throw badArgument(field, `${field} must be a decimal integer in [0, 2^63-1], got ${JSON.stringify(text)}`);
  const v = BigInt(text);
  if (v > INT64_MAX) throw badArgument(field, `${field} must be at most 2^63-1, got ${text}`);
  return v;
}

export function optionalId(text: unknown, field: string): bigint | undefined {
  return text === undefined ? undefined : id(text, field);
}

export function optionalInt(v: unknown, field: string): number | undefined {
  if (v === undefined) return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n)) throw badArgument(field, `${field} must be an integer`);
  return n;
}

function etagOf(parts: readonly (string | number | bigint | boolean | undefined)[]): string {
  return `"q1-${createHash('sha256').update(parts.map((p) => String(p)).join('|')).digest('base64url').slice(0, 27)}"`;
}

/** Sealed data never changes: their reads carry an ETag and may be cached forever. */
export function cacheable(req: Request, res: Response, sealed: boolean, parts: readonly (string | number | bigint | boolean | undefined)[]): boolean {
  if (!sealed) {
    res.setHeader('Cache-Control', 'no-store');
    return false;
  }
  const tag = etagOf(parts);
  res.setHeader('ETag', tag);
  res.setHeader('Cache-Control', IMMUTABLE_CACHE);
  const inm = header(req, 'if-none-match');
  if (inm !== undefined && inm.split(',').some((t) => t.trim() === tag || t.trim() === '*')) {
    res.status(304).end();
    return true;
  }
  return false;
}
