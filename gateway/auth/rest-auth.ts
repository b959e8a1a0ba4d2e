// Authentication and authorization of REST calls. `authenticate` runs before any body is read:
// a request to anything but the public paths (health, the API contract and its docs page, the
// console's static assets) without a valid bearer token is answered 401 at once. `authorize`
// runs once bodies are parsed and maps the route to the permission it needs (RULES; an
// unlisted route needs admin, so a route added without a rule is closed, not open).
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../../common/logger.js';
import { GatewayError } from '../gateway-error.js';
import { authorize, type Action, type Identity, type Resource } from './permissions.js';
import { bearerOf, type TokenVerifier } from './token-verifier.js';
import type { IdentityQuota } from './identity-quota.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** The verified caller; undefined in anonymous mode. */
    identity?: Identity;
  }
}

/** Served without a token: liveness/readiness, the contract, its docs page, the console's static files. */
export const PUBLIC_PATH = /^\/(healthz|readyz|openapi\.(yaml|json)|docs(\/.*)?|console(\/.*)?)$/;

type Rule = readonly [method: RegExp, path: RegExp, action: Action, resource: (m: RegExpExecArray, req: Request) => Resource];

const ledger = (m: RegExpExecArray): Resource => ({ kind: 'ledger', id: BigInt(m[1]!) });
const log = (m: RegExpExecArray): Resource => ({ kind: 'log', name: decode(m[1]!) });
const blob = (m: RegExpExecArray): Resource => ({ kind: 'blob', name: decode(m[1]!) });
const prefix = (req: Request): string => (typeof req.query.prefix === 'string' ? req.query.prefix : '');

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** First match wins. docs/security.md carries the same table. */
export const RULES: readonly Rule[] = [
  [/^GET$/, /^\/metrics$/, 'admin', () => ({ kind: 'gateway' })],
  [/^GET$/, /^\/v1\/bookies$/, 'read', () => ({ kind: 'gateway' })],
  [/^GET$/, /^\/v1\/autorecovery$/, 'read', () => ({ kind: 'gateway' })],
  [/^GET$/, /^\/v1\/ledgers$/, 'read', () => ({ kind: 'ledger' })],
  [/^POST$/, /^\/v1\/ledgers$/, 'write', () => ({ kind: 'ledger' })],
  [/^DELETE$/, /^\/v1\/ledgers\/([0-9]{1,19})$/, 'admin', ledger],
  [/^POST$/, /^\/v1\/ledgers\/([0-9]{1,19})\/recover$/, 'admin', ledger],
  [/^POST$/, /^\/v1\/ledgers\/([0-9]{1,19})\/(close|entries)$/, 'write', ledger],
  [/^(GET|HEAD)$/, /^\/v1\/ledgers\/([0-9]{1,19})(\/.*)?$/, 'read', ledger],
  [/^GET$/, /^\/v1\/logs$/, 'read', (_m, req) => ({ kind: 'log', prefix: prefix(req) })],
  [/^POST$/, /^\/v1\/logs$/, 'write', (_m, req) => ({ kind: 'log', name: String((req.body as { name?: unknown } | undefined)?.name ?? '') })],
  [/^DELETE$/, /^\/v1\/logs\/([^/]+)$/, 'admin', log],
  [/^POST$/, /^\/v1\/logs\/([^/]+)\/(truncate|retention)$/, 'admin', log],
  [/^POST$/, /^\/v1\/logs\/([^/]+)\/records$/, 'write', log],
  [/^(PUT|DELETE|POST)$/, /^\/v1\/logs\/([^/]+)\/cursors\/[^/]+(\/advance)?$/, 'write', log],
  [/^(GET|HEAD)$/, /^\/v1\/logs\/([^/]+)(\/.*)?$/, 'read', log],
  [/^GET$/, /^\/v1\/blobs$/, 'read', (_m, req) => ({ kind: 'blob', prefix: prefix(req) })],
  [/^PUT$/, /^\/v1\/blobs\/(.+)$/, 'write', blob],
  [/^DELETE$/, /^\/v1\/blobs\/(.+)$/, 'admin', blob],
  [/^(GET|HEAD)$/, /^\/v1\/blobs\/(.+)$/, 'read', blob],
];

/** The permission a REST request needs. */
export function restPermission(req: Request): { action: Action; resource: Resource } {
  for (const [method, path, action, resource] of RULES) {
    if (!method.test(req.method)) continue;
    const m = path.exec(req.path);
    if (m) return { action, resource: resource(m, req) };
  }
  return { action: 'admin', resource: { kind: 'gateway' } };
}

function refusalLog(req: Request, e: unknown, log: Logger): void {
  // The request id and why, never the Authorization header.
  const code = e instanceof GatewayError ? e.code : 'UNAUTHENTICATED';
  log.info({ reqId: req.requestId, code, method: req.method, path: req.path, subject: req.identity?.subject, reason: e instanceof Error ? e.message : String(e) }, 'request refused');
}

export function authenticate(verify: TokenVerifier, log: Logger) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (PUBLIC_PATH.test(req.path)) return next();
    let token: string;
    try {
      token = bearerOf(req.headers.authorization);
    } catch (e) {
      refusalLog(req, e, log);
      return next(e);
    }
    verify(token).then(
      (who) => {
        req.identity = who;
        next();
      },
      (e: unknown) => {
        refusalLog(req, e, log);
        next(e);
      },
    );
  };
}

/** With a quota, an allowed request holds one in-flight slot of its identity until the response closes. */
export function authorizeRoute(log: Logger, quota?: IdentityQuota) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (PUBLIC_PATH.test(req.path)) return next();
    const who = req.identity;
    if (who === undefined) return next(new GatewayError('UNAUTHENTICATED', 'no verified identity'));
    try {
      const { action, resource } = restPermission(req);
      authorize(who, action, resource);
      if (quota) res.once('close', quota.acquire(who.subject));
      next();
    } catch (e) {
      refusalLog(req, e, log);
      next(e);
    }
  };
}
