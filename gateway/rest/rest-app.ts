// The REST transport: an express app over the transport-free LedgerService. openapi/quire.yaml is
// the contract: every request is validated against it (express-openapi-validator) before a
// handler runs, and the spec is served at /openapi.yaml, /openapi.json and as a page at /docs.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { parse as parseYaml } from 'yaml';
import { QuireError, type ErrorCode } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { GatewayLimits } from '../gateway-config.js';
import { badArgument, GatewayError } from '../gateway-error.js';
import { checkProducerPair, transportBounds } from '../append-rules.js';
import type { AppendOptions, Entry, LedgerInfo, LedgerService, ReadRangeResult } from '../ledger-service.js';
import { receiptToJson, sealToJson } from '../wire-json.js';
import type { components } from '../../openapi/gen/quire.js';
import type { LogService } from '../logs/log-service.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { BLOB_PATH, mountBlobRoutes } from './blob-routes.js';
import type { GatewayMetrics } from '../gateway-metrics.js';
import { toProblem } from '../problem.js';
import { cacheable, header, id, optionalId, optionalInt } from './http-util.js';
import { mountLogRoutes } from './log-routes.js';
import { mountBookieRoutes } from './bookie-routes.js';
import { mountAutoRecoveryRoutes } from './autorecovery-routes.js';
import { mountConsole } from './console-assets.js';
import type { RegistrationClient } from '../../metadata/bookie-registration.js';
import type { MetadataService } from '../../metadata/metadata-service.js';
import { streamTail } from './sse.js';
import { authenticate, authorizeRoute } from '../auth/rest-auth.js';
import type { TokenVerifier } from '../auth/token-verifier.js';
import type { IdentityQuota } from '../auth/identity-quota.js';
import { reenterTrace, startRequestSpan } from './rest-tracing.js';
import { bodyBudget } from './body-budget.js';
import { cacheRouteRegexps } from './route-regexp-cache.js';

type Schemas = components['schemas'];

export { IMMUTABLE_CACHE } from './http-util.js';

// The spec is read from the source tree also when running from dist/ (tsc does not copy .yaml).
export const SPEC_PATH = fileURLToPath(new URL('../../openapi/quire.yaml', import.meta.url)).replace(/\/dist\/openapi\//, '/openapi/');
/** swagger-ui-dist's files, served from node_modules (no CDN). */
const SWAGGER_UI_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

export interface RestAppOptions {
  readonly service: LedgerService;
  readonly limits: GatewayLimits;
  readonly metrics: GatewayMetrics;
  readonly log: Logger;
  readonly gatewayId: string;
  /** Open SSE responses, so stop() can end them. */
  readonly sseStreams: Set<Response>;
  /** The named-log service (/v1/logs); absent = no log routes. */
  readonly logs?: LogService;
  /** Blob routes (/v1/blobs) when given. */
  readonly blobs?: BlobStore;
  /** Bearer-token verification (docs/security.md); absent = anonymous mode, everything allowed. */
  readonly verifyToken?: TokenVerifier;
  /** Per-identity rate limit and in-flight quota (with verifyToken). */
  readonly quota?: IdentityQuota;
  /** Bookie registrations, for GET /v1/bookies; absent = no bookie route. */
  readonly registration?: RegistrationClient;
  /** The metadata service, for GET /v1/autorecovery (under-replication marks, auditor); absent = no such route. */
  readonly metadataService?: MetadataService;
}

declare module 'express-serve-static-core' {
  interface Request {
    requestId: string;
    log: Logger;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const REQUEST_LOG = Symbol('quire.requestLog');

/** The ledger password from Quire-Ledger-Password (UTF-8) or Quire-Ledger-Password-Base64. */
export function passwordOf(req: Request): Buffer | undefined {
  const text = header(req, 'quire-ledger-password');
  const b64 = header(req, 'quire-ledger-password-base64');
  // Node decodes header bytes as latin1; re-encoding as latin1 restores the UTF-8 bytes sent.
  const fromText = text === undefined ? undefined : Buffer.from(text, 'latin1');
  const fromB64 = b64 === undefined ? undefined : Buffer.from(b64, 'base64');
  // Both may be sent (the contract cannot forbid it) as long as they name the same bytes.
  if (fromText !== undefined && fromB64 !== undefined && !fromText.equals(fromB64)) {
    throw badArgument('Quire-Ledger-Password', 'Quire-Ledger-Password and Quire-Ledger-Password-Base64 carry different passwords; send one, or both with the same bytes');
  }
  return fromText ?? fromB64;
}

function pw(req: Request): { password?: Buffer } {
  const p = passwordOf(req);
  return p === undefined ? {} : { password: p };
}

function ledgerJson(i: LedgerInfo): Schemas['LedgerInfo'] {
  return {
    ledgerId: i.ledgerId.toString(),
    state: i.state,
    ensembleSize: i.ensembleSize,
    writeQuorumSize: i.writeQuorumSize,
    ackQuorumSize: i.ackQuorumSize,
    digestType: i.digestType,
    lastEntryId: i.lastEntryId.toString(),
    entryFormat: i.entryFormat,
    length: i.storedLength.toString(),
    storedLength: i.storedLength.toString(),
    ...(i.payloadLength !== undefined ? { payloadLength: i.payloadLength.toString() } : {}),
    segments: i.segments.map((s) => ({ firstEntryId: s.firstEntryId.toString(), bookies: [...s.bookies] })),
    customMetadata: { ...i.customMetadata },
    ...(i.createdAtMs !== undefined ? { createdAtMs: i.createdAtMs } : {}),
    ...(i.owner !== undefined ? { owner: i.owner } : {}),
  };
}

export function entryJson(e: Entry): Schemas['EntryJson'] {
  return { entryId: e.entryId.toString(), data: e.data.toString('base64') };
}

function pageJson(r: ReadRangeResult): Schemas['EntryPage'] {
  return { entries: r.entries.map(entryJson), ...(r.nextEntryId !== undefined ? { nextEntryId: r.nextEntryId.toString() } : {}), lastAddConfirmed: r.lastAddConfirmed.toString(), sealed: r.sealed };
}

function sendProblem(req: Request, res: Response, e: unknown, retryAfterSeconds: number): void {
  const p = toProblem(e, req.requestId);
  if (p.code === 'INTERNAL' || p.status >= 500) req.log.warn({ err: e, code: p.code }, 'request failed');
  // A quota refusal says when its bucket has a token again; other overloads use the configured value.
  if (p.status === 429 || (p.status === 503 && p.retryable)) res.setHeader('Retry-After', String(typeof p.retryAfterSeconds === 'number' ? p.retryAfterSeconds : retryAfterSeconds));
  if (p.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  if (res.headersSent) {
    res.end();
    return;
  }
  res.status(p.status).type('application/problem+json').send(JSON.stringify(p));
}

/** express-openapi-validator errors and body-parser errors, as Quire errors naming the field. */
function fromFrameworkError(err: unknown): unknown {
  if (err instanceof QuireError) return err;
  const e = err as { status?: number; type?: string; errors?: { path?: string; message?: string }[]; message?: string };
  if (e.type === 'entity.too.large') return new GatewayError('ENTRY_TOO_LARGE', `request body exceeds the limit (${e.message ?? ''})`, { field: 'body' });
  if (e.type === 'entity.parse.failed') return new GatewayError('INVALID_ARGUMENT', `request body is not valid JSON: ${e.message ?? ''}`, { field: 'body' });
  if (typeof e.status !== 'number') return err;
  const first = e.errors?.[0];
  const field = e.status === 415 ? 'Content-Type' : first?.path !== undefined ? fieldName(first.path) : undefined;
  const byStatus: Record<number, ErrorCode> = { 400: 'INVALID_ARGUMENT', 404: 'NO_SUCH_ROUTE', 405: 'METHOD_NOT_ALLOWED', 413: 'ENTRY_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE' };
  const code = byStatus[e.status] ?? (e.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
  const msg =
    e.status === 415
      ? `this route does not take that Content-Type (${e.message ?? ''}); send application/octet-stream (one entry) or application/json`
      : (e.errors ?? []).map((x) => `${x.path !== undefined ? fieldName(x.path) + ' ' : ''}${x.message ?? ''}`).join('; ') || (e.message ?? 'invalid request');
  return new GatewayError(code, msg, field !== undefined ? { field } : {});
}

/** "/query/limit" -> "limit", "/headers/quire-sequence" -> "Quire-Sequence", "/body/entries/0/data" -> "entries/0/data". */
function fieldName(path: string): string {
  const m = /^\/?(?:\.)?(body|query|params|path|headers)[/.]?(.*)$/.exec(path);
  if (!m) return path;
  const rest = m[2]!;
  if (m[1] === 'headers') return rest.split('-').map((w) => (w.length > 0 ? w[0]!.toUpperCase() + w.slice(1) : w)).join('-');
  if (m[1] === 'body') return rest === '' ? 'body' : rest;
  return rest;
}

export function createRestApp(o: RestAppOptions): express.Express {
  const { service, limits, metrics, log } = o;
  const specYaml = readFileSync(SPEC_PATH, 'utf8');
  const spec = parseYaml(specYaml) as Record<string, unknown>;
  const specJson = JSON.stringify(spec);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  // req.log, the request's child logger, is made on first use (most requests log nothing; pino's
  // child() serializes its bindings): a getter on this app's request prototype, not per request.
  Object.defineProperty(app.request, 'log', {
    configurable: true,
    get(this: Request & { [REQUEST_LOG]?: Logger }): Logger {
      return (this[REQUEST_LOG] ??= log.child({ reqId: this.requestId }));
    },
    set(this: Request & { [REQUEST_LOG]?: Logger }, l: Logger) {
      this[REQUEST_LOG] = l;
    },
  });

  // Request id, log and metrics for every request.
  app.use((req, res, next) => {
    const given = header(req, 'x-request-id');
    req.requestId = given !== undefined && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', req.requestId);
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const route = req.route ? `${req.baseUrl}${String((req.route as { path: string }).path)}` : 'unmatched';
      const labels = { method: req.method, route, status: String(res.statusCode) };
      metrics.requests.inc(labels);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      metrics.latency.observe(labels, seconds);
      if (log.isLevelEnabled('debug')) req.log.debug({ method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(seconds * 1e6) / 1e3 }, 'request');
    });
    startRequestSpan(req, res, next);
  });

  // Before any body is read: no token, no work.
  if (o.verifyToken) app.use(authenticate(o.verifyToken, log));

  // The contract and its docs page (swagger-ui from node_modules, no CDN).
  app.get('/openapi.yaml', (_req, res) => {
    res.type('application/yaml').send(specYaml);
  });
  app.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(specJson);
  });
  const docsHtml = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Quire gateway API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head><body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script><script src="/docs/init.js"></script></body></html>`;
  app.get(['/docs', '/docs/'], (_req, res) => {
    res.type('html').send(docsHtml);
  });
  app.get('/docs/init.js', (_req, res) => {
    res.type('application/javascript').send("window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui' });\n");
  });
  app.use('/docs/assets', express.static(SWAGGER_UI_DIR, { index: false, maxAge: '1h' }));
  // The web console: static files only (public); its API calls carry the user's token.
  mountConsole(app);

  // Bodies, bounded: one entry as octet-stream, batches as JSON with base64 (4/3 larger).
  const bounds = transportBounds(limits);
  // Blob bodies are streams of any size: no parser touches them (the validator does not read bodies).
  const budget = bodyBudget(limits.maxBufferedBodyBytes, Math.max(bounds.singleBodyBytes, bounds.jsonBodyBytes), limits.retryAfterSeconds, (req) => BLOB_PATH.test(req.path));
  app.use(budget);
  const raw = express.raw({ type: 'application/octet-stream', limit: bounds.singleBodyBytes });
  const json = express.json({ type: 'application/json', limit: bounds.jsonBodyBytes });
  app.use((req, res, next) => (BLOB_PATH.test(req.path) ? next() : raw(req, res, next)));
  app.use((req, res, next) => (BLOB_PATH.test(req.path) ? next() : json(req, res, next)));

  cacheRouteRegexps();
  app.use(
    OpenApiValidator.middleware({
      apiSpec: spec as never,
      // coerceTypes applies to bodies only (parameters are always coerced): a JSON body must have the
      // spec's types, so `"before": 0` or `"waitForCursors": null` is refused, not converted.
      validateRequests: { allowUnknownQueryParameters: false, coerceTypes: false },
      validateResponses: false,
      validateApiSpec: true,
      fileUploader: false,
      ignorePaths: /^\/(docs|openapi\.|console)/,
    }),
  );

  if (o.verifyToken) app.use(authorizeRoute(log, o.quota));
  // The body parsers above called next() from stream callbacks: back into the request's span.
  app.use(reenterTrace);

  const retryAfter = limits.retryAfterSeconds;

  // ---- operations
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', gatewayId: o.gatewayId });
  });
  app.get('/readyz', async (_req, res) => {
    const r = await service.readiness();
    res.status(r.ready ? 200 : 503).json({ status: r.ready ? 'ready' : 'not-ready', gatewayId: o.gatewayId, ...(r.reason ? { reason: r.reason } : {}) });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  // ---- ledgers
  app.post('/v1/ledgers', async (req, res) => {
    const b = (req.body ?? {}) as Schemas['CreateLedgerRequest'];
    const info = await service.createLedger({
      ...(b.ensembleSize !== undefined ? { ensembleSize: b.ensembleSize } : {}),
      ...(b.writeQuorumSize !== undefined ? { writeQuorumSize: b.writeQuorumSize } : {}),
      ...(b.ackQuorumSize !== undefined ? { ackQuorumSize: b.ackQuorumSize } : {}),
      ...(b.digestType !== undefined ? { digestType: b.digestType } : {}),
      ...(b.customMetadata !== undefined ? { customMetadata: b.customMetadata } : {}),
      ...(b.entryFormat !== undefined ? { entryFormat: b.entryFormat } : {}),
      ...(header(req, 'idempotency-key') !== undefined ? { requestId: header(req, 'idempotency-key')! } : {}),
      ...pw(req),
    });
    res.status(201).setHeader('Location', `/v1/ledgers/${info.ledgerId}`);
    res.json(ledgerJson(info));
  });

  app.get('/v1/ledgers', async (req, res) => {
    const pageSize = optionalInt(req.query.pageSize, 'pageSize');
    const pageToken = typeof req.query.pageToken === 'string' ? req.query.pageToken : undefined;
    const r = await service.list({ ...(pageSize !== undefined ? { pageSize } : {}), ...(pageToken !== undefined ? { pageToken } : {}) });
    res.json({ ledgers: r.ledgerIds.map(String), ...(r.nextPageToken !== undefined ? { nextPageToken: r.nextPageToken } : {}) } satisfies Schemas['LedgerList']);
  });

  app.get('/v1/ledgers/:ledgerId', async (req, res) => {
    res.json(ledgerJson(await service.metadata(id(req.params.ledgerId, 'ledgerId'))));
  });

  app.delete('/v1/ledgers/:ledgerId', async (req, res) => {
    await service.delete(id(req.params.ledgerId, 'ledgerId'), pw(req));
    res.status(204).end();
  });

  app.post('/v1/ledgers/:ledgerId/close', async (req, res) => {
    res.json(sealToJson(await service.close(id(req.params.ledgerId, 'ledgerId'), pw(req))));
  });

  app.post('/v1/ledgers/:ledgerId/recover', async (req, res) => {
    res.json(sealToJson(await service.recover(id(req.params.ledgerId, 'ledgerId'), pw(req))));
  });

  // ---- entries
  app.post('/v1/ledgers/:ledgerId/entries', async (req, res) => {
    const ledgerId = id(req.params.ledgerId, 'ledgerId');
    const producerId = header(req, 'quire-producer-id');
    const sequence = optionalId(header(req, 'quire-sequence'), 'Quire-Sequence');
    const expected = optionalId(header(req, 'quire-expected-entry-id'), 'Quire-Expected-Entry-Id');
    checkProducerPair(producerId, sequence, { producerId: 'Quire-Producer-Id', sequence: 'Quire-Sequence' });
    const opts: AppendOptions = {
      ...pw(req),
      ...(producerId !== undefined ? { producerId: Buffer.from(producerId, 'latin1').toString('utf8') } : {}),
      ...(sequence !== undefined ? { sequence } : {}),
      ...(expected !== undefined ? { expectedEntryId: expected } : {}),
    };
    if (Buffer.isBuffer(req.body)) {
      const r = await service.append(ledgerId, req.body, opts);
      res.status(r.duplicate ? 200 : 201).json(receiptToJson(r));
      return;
    }
    const b = req.body as Schemas['AppendBatchRequest'];
    const data = b.entries.map((e, i) => {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(e.data) || e.data.length % 4 === 1) throw badArgument(`entries/${i}/data`, `entries/${i}/data is not valid base64`);
      return Buffer.from(e.data, 'base64');
    });
    const receipts = await service.appendBatch(ledgerId, data, opts);
    res.status(receipts.every((r) => r.duplicate) ? 200 : 201).json({ receipts: receipts.map(receiptToJson) });
  });

  app.get('/v1/ledgers/:ledgerId/entries', async (req, res) => {
    const ledgerId = id(req.params.ledgerId, 'ledgerId');
    const from = optionalId(req.query.from, 'from') ?? 0n;
    const limit = optionalInt(req.query.limit, 'limit');
    const maxBytes = optionalInt(req.query.maxBytes, 'maxBytes');
    const unconfirmed = String(req.query.unconfirmed) === 'true';
    const r = await service.readRange(ledgerId, { fromEntryId: from, ...pw(req), ...(limit !== undefined ? { maxEntries: limit } : {}), ...(maxBytes !== undefined ? { maxBytes } : {}), unconfirmed });
    if (cacheable(req, res, r.sealed, ['page', ledgerId, r.lastAddConfirmed, from, limit, maxBytes, limits.maxReadEntries, limits.maxReadBytes])) return;
    res.json(pageJson(r));
  });

  app.get('/v1/ledgers/:ledgerId/entries/:entryId', async (req, res) => {
    const ledgerId = id(req.params.ledgerId, 'ledgerId');
    const entryId = id(req.params.entryId, 'entryId');
    const unconfirmed = String(req.query.unconfirmed) === 'true';
    const e = await service.readEntry(ledgerId, entryId, { ...pw(req), unconfirmed });
    // Whether the ledger is sealed decides cacheability; the LAC call is cheap for sealed ledgers.
    const lac = await service.lastAddConfirmed(ledgerId, pw(req));
    res.setHeader('Quire-Entry-Id', entryId.toString());
    if (cacheable(req, res, lac.sealed && entryId <= lac.lastAddConfirmed, ['entry', ledgerId, lac.lastAddConfirmed, entryId])) return;
    res.type('application/octet-stream').send(e.data);
  });

  app.get('/v1/ledgers/:ledgerId/lac', async (req, res) => {
    const r = await service.lastAddConfirmed(id(req.params.ledgerId, 'ledgerId'), pw(req));
    res.setHeader('Cache-Control', 'no-store');
    res.json({ lastAddConfirmed: r.lastAddConfirmed.toString(), sealed: r.sealed } satisfies Schemas['Lac']);
  });

  app.get('/v1/ledgers/:ledgerId/tail', async (req, res) => {
    const ledgerId = id(req.params.ledgerId, 'ledgerId');
    const limit = optionalInt(req.query.limit, 'limit');
    const maxBytes = optionalInt(req.query.maxBytes, 'maxBytes');
    const password = passwordOf(req);
    const accept = header(req, 'accept') ?? '';
    if (accept.includes('text/event-stream')) {
      const lastEventId = optionalId(header(req, 'last-event-id'), 'Last-Event-ID');
      const from = lastEventId !== undefined ? lastEventId + 1n : (optionalId(req.query.from, 'from') ?? 0n);
      if (o.sseStreams.size >= limits.maxConcurrentTails) {
        throw new GatewayError('TOO_MANY_REQUESTS', `overloaded: ${o.sseStreams.size} event streams open (limit ${limits.maxConcurrentTails}); retry later`);
      }
      await streamTail({ service, req, res, ledgerId, from, streams: o.sseStreams, metrics, ...(password ? { password } : {}), ...(limit !== undefined ? { maxEntries: limit } : {}), ...(maxBytes !== undefined ? { maxBytes } : {}) });
      return;
    }
    const from = optionalId(req.query.from, 'from') ?? 0n;
    const waitMs = optionalInt(req.query.waitMs, 'waitMs') ?? 10_000;
    const r = await service.tail(ledgerId, { fromEntryId: from, waitMs, ...(password ? { password } : {}), ...(limit !== undefined ? { maxEntries: limit } : {}), ...(maxBytes !== undefined ? { maxBytes } : {}) });
    if (res.writableEnded || req.socket.destroyed) return;
    res.setHeader('Cache-Control', 'no-store');
    res.json(pageJson(r));
  });

  if (o.registration) mountBookieRoutes(app, o.registration);
  if (o.metadataService) mountAutoRecoveryRoutes(app, o.metadataService);
  if (o.logs) mountLogRoutes(app, { logs: o.logs, limits, metrics, sseStreams: o.sseStreams });

  // ---- blobs
  if (o.blobs) mountBlobRoutes(app, o.blobs);

  // Unknown routes the validator let through (ignored paths) and every error: problem+json.
  app.use((req, _res, next) => next(new GatewayError('NO_SUCH_ROUTE', `no route ${req.method} ${req.path}`)));
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    // RFC 9110 §15.5.6: a 405 must list the allowed methods; the validator computes them.
    const allow = (err as { status?: number; headers?: Record<string, string> }).headers?.['Allow'];
    if ((err as { status?: number }).status === 405 && allow !== undefined && !res.headersSent) res.setHeader('Allow', allow);
    sendProblem(req, res, fromFrameworkError(err), retryAfter);
  });
  return app;
}
