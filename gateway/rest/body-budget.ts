// The bytes of REST request bodies being read, bounded before any parser buffers them: the
// append admission (maxPendingAppendBytes) only sees a body once it is parsed, so without this
// many clients sending large bodies at once would hold memory bounded only by their number.
// Each request with a body is charged its Content-Length (or, without one, the largest body the
// parsers accept) up front and released when its response ends; over maxBufferedBodyBytes it is
// refused 429 + Retry-After without reading the body (the connection is closed, since the unread
// body cannot be skipped on a kept-alive connection). Blob uploads stream and are not charged.
import type { NextFunction, Request, Response } from 'express';
import { GatewayError } from '../gateway-error.js';

export interface BodyBudget {
  (req: Request, res: Response, next: NextFunction): void;
  /** Bytes charged now (for tests and metrics). */
  readonly inUse: () => number;
}

export function bodyBudget(maxBytes: number, largestBody: number, retryAfterSeconds: number, exempt: (req: Request) => boolean): BodyBudget {
  let inUse = 0;
  const mw = (req: Request, res: Response, next: NextFunction): void => {
    const length = req.headers['content-length'];
    const chunked = req.headers['transfer-encoding'] !== undefined;
    if (exempt(req) || (!chunked && (length === undefined || length === '0'))) return next();
    // An over-long Content-Length is the parser's 413 to give: charge at most what it would read.
    const declared = length !== undefined ? Number(length) : NaN;
    const charge = Number.isSafeInteger(declared) && declared >= 0 ? Math.min(declared, largestBody) : largestBody;
    if (inUse + charge > maxBytes) {
      res.setHeader('Connection', 'close');
      next(new GatewayError('TOO_MANY_REQUESTS', `overloaded: ${inUse} bytes of request bodies are being read (limit maxBufferedBodyBytes ${maxBytes}); retry later`, { details: { retryAfterSeconds } }));
      return;
    }
    inUse += charge;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      inUse -= charge;
    };
    res.once('finish', release);
    res.once('close', release);
    next();
  };
  return Object.assign(mw, { inUse: () => inUse });
}
