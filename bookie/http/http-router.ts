// A small router for the bookie's admin API (BookKeeper's HttpRouter + HttpEndpointService): one
// handler per path, the handler checks the method itself (as BookKeeper's services do, answering
// their own status and text for a wrong method). Bodies are JSON text; request bodies are capped.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../../common/logger.js';

/** Largest request body read (bytes); admin requests are a few small JSON objects. */
export const MAX_ADMIN_BODY_BYTES = 64 * 1024;

export interface AdminRequest {
  readonly method: string;
  readonly path: string;
  readonly params: URLSearchParams;
  /** Request body text; undefined when the request had none. */
  readonly body: string | undefined;
}

export interface AdminResponse {
  readonly code: number;
  /** A string is sent as is; anything else as JSON. */
  readonly body: unknown;
  readonly contentType?: string;
  /** More response headers (Allow on a 405). */
  readonly headers?: Readonly<Record<string, string>>;
}

export type AdminHandler = (req: AdminRequest) => Promise<AdminResponse> | AdminResponse;

export const ok = (body: unknown): AdminResponse => ({ code: 200, body });
/** A sentence BookKeeper passes through JsonUtil.toJson: sent as a JSON string (quoted). */
export const okJsonText = (text: string): AdminResponse => ({ code: 200, body: JSON.stringify(text), contentType: 'application/json' });
/** BookKeeper answers most wrong-method and missing-parameter cases with 404 and a sentence. */
export const notFound = (text: string): AdminResponse => ({ code: 404, body: text });
export const badRequest = (text: string): AdminResponse => ({ code: 400, body: text });
/** A wrong method, with the Allow header (RFC 9110); for endpoints BookKeeper clients never call with another method. */
export const methodNotAllowed = (allow: string): AdminResponse => ({ code: 405, body: `Method not allowed. Should be ${allow} method`, headers: { allow } });

/** BookKeeper serializes 64-bit ids as JSON numbers; ours may exceed 2^53, so they go out as raw digits. */
export function toJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `__BIGINT__${x}__` : x)).replace(/"__BIGINT__(-?\d+)__"/g, '$1');
}

/** Parses a JSON object body; undefined when absent or not an object. */
export function jsonObject(body: string | undefined): Record<string, unknown> | undefined {
  if (body === undefined || body.trim() === '') return undefined;
  const v: unknown = JSON.parse(body);
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

export class AdminRouter {
  private readonly routes = new Map<string, AdminHandler>();

  add(path: string, handler: AdminHandler): this {
    this.routes.set(path, handler);
    return this;
  }

  get paths(): string[] {
    return [...this.routes.keys()];
  }

  async handle(req: AdminRequest): Promise<AdminResponse> {
    const h = this.routes.get(req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path);
    if (!h) return notFound(`no such endpoint: ${req.path}`);
    return h(req);
  }
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    req.on('data', (c: Buffer) => {
      n += c.length;
      if (n > MAX_ADMIN_BODY_BYTES) {
        reject(new Error(`request body over ${MAX_ADMIN_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(n === 0 ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, r: AdminResponse): void {
  const text = typeof r.body === 'string' ? r.body : toJson(r.body);
  const type = r.contentType ?? (typeof r.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json');
  res.writeHead(r.code, { ...r.headers, 'content-type': type, 'content-length': Buffer.byteLength(text) }).end(text);
}

export async function startAdminServer(host: string, port: number, router: AdminRouter, log: Logger): Promise<{ port: number; stop(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bookie');
    readBody(req)
      .then((body) => router.handle({ method: req.method ?? 'GET', path: url.pathname, params: url.searchParams, body }))
      .then(
        (r) => send(res, r),
        (err: unknown) => {
          log.warn({ err, path: url.pathname }, 'admin request failed');
          if (!res.headersSent) send(res, { code: 500, body: `Failed to handle the request, exception: ${(err as Error).message ?? String(err)}` });
        },
      );
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
