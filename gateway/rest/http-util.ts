// Small HTTP helpers shared by the REST routes (ledgers and logs): headers, ids and integers from
// strings (naming the field at fault), and the immutable caching of sealed data.
import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import type { Request, Response } from 'express';
import { QuireError } from '../../common/errors.js';
import { INT64_MAX } from '../../common/ids.js';
import { badArgument } from '../gateway-error.js';
import { toProblem } from '../problem.js';

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

/**
 * The request line plus headers the REST listener reads (node's default is 16 KiB). The contract's
 * largest headers fit with room: a 1024-character blob name percent-encoded is at most 12 KiB.
 */
export const MAX_HEADER_BYTES = 64 * 1024;

/**
 * Requests node's HTTP parser refuses before express sees them get a problem+json answer like
 * every other refusal (node's own is a bare status line): 431 for oversized headers, 400 else.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || (socket as { _httpMessage?: unknown })._httpMessage) {
      socket.destroy();
      return;
    }
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const problem = toProblem(tooLarge ? new QuireError('REQUEST_HEADERS_TOO_LARGE', `request headers exceed ${MAX_HEADER_BYTES} bytes`) : new QuireError('INVALID_ARGUMENT', `malformed HTTP request (${err.code ?? 'parse error'})`));
    const body = JSON.stringify(problem);
    socket.end(`HTTP/1.1 ${problem.status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
}
