// The server side of peer traffic: its own HTTP listener (not the public REST port, so it can get
// its own authentication), serving a Peer — the owner's core — in the wire format of peer-wire.ts.
// Bounds: request bodies at most TransportBounds.jsonBodyBytes (then 413 ENTRY_TOO_LARGE), headers
// within 30 s, a whole request within forwardTimeoutMs + 30 s.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QuireError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import { transportBounds } from '../append-rules.js';
import type { GatewayLimits } from '../gateway-config.js';
import { badArgument, GatewayError } from '../gateway-error.js';
import type { AppendOptions } from '../ledger-service.js';
import { toProblem } from '../problem.js';
import { receiptToJson, sealToJson } from '../wire-json.js';
import { answerLogPeer, LOG_PEER_PREFIX, type LogOwnerSide } from './log-peer.js';
import type { Peer } from './peer.js';
import type { PeerCredential } from './peer-credential.js';
import { PEER_PATH_PREFIX, type AppendJson, type AppendResultJson, type LacJson, type PasswordJson } from './peer-wire.js';
import { endSpan, extractContext, SpanKind, startSpan, tracingEnabled, withSpan } from '../../common/tracing.js';

export interface PeerServerOptions {
  /** What this instance answers (its core's owner side). */
  readonly peer: Peer;
  readonly host: string;
  /** 0 = any free port. */
  readonly port: number;
  readonly limits: GatewayLimits;
  readonly log: Logger;
  /** The owner side of named logs (log-peer.ts); absent = no log routes. */
  readonly logs?: LogOwnerSide;
  /** When given, every call must carry it (peer-credential.ts); refused with 401 UNAUTHENTICATED otherwise. */
  readonly credential?: PeerCredential;
}

export interface RunningPeerServer {
  readonly port: number;
  readonly server: Server;
  /** Stops listening; open requests get graceMs, then connections are cut. */
  close(graceMs: number): Promise<void>;
}

const ROUTE = /^\/peer\/v1\/ledgers\/([0-9]{1,19})\/(append|close|delete|lac)$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new GatewayError('ENTRY_TOO_LARGE', `peer request body exceeds ${limit} bytes`, { field: 'body' }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function bytes(v: unknown, field: string): Buffer {
  if (typeof v !== 'string' || !BASE64.test(v)) throw badArgument(field, `${field} must be base64`);
  return Buffer.from(v, 'base64');
}

function int64(v: unknown, field: string): bigint {
  if (typeof v !== 'string' || !/^-?[0-9]{1,19}$/.test(v)) throw badArgument(field, `${field} must be a decimal integer`);
  return BigInt(v);
}

function appendOf(b: AppendJson): { data: Buffer[]; opts: AppendOptions } {
  if (!Array.isArray(b.entries)) throw badArgument('entries', 'entries must be an array of base64 strings');
  return {
    data: b.entries.map((e, i) => bytes(e, `entries/${i}`)),
    opts: {
      ...(b.password !== undefined ? { password: bytes(b.password, 'password') } : {}),
      ...(b.producerId !== undefined ? { producerId: String(b.producerId) } : {}),
      ...(b.sequence !== undefined ? { sequence: int64(b.sequence, 'sequence') } : {}),
      ...(b.expectedEntryId !== undefined ? { expectedEntryId: int64(b.expectedEntryId, 'expectedEntryId') } : {}),
    },
  };
}

async function answer(peer: Peer, req: IncomingMessage, res: ServerResponse, bodyLimit: number, logs: LogOwnerSide | undefined): Promise<void> {
  const path = (req.url ?? '').split('?')[0]!;
  if (logs && path.startsWith(LOG_PEER_PREFIX)) {
    let b: Record<string, unknown> = {};
    if (req.method === 'POST') {
      try {
        b = JSON.parse((await readBody(req, bodyLimit)).toString('utf8')) as Record<string, unknown>;
      } catch (e) {
        if (e instanceof GatewayError) throw e;
        throw new GatewayError('INVALID_ARGUMENT', `peer request body is not valid JSON: ${(e as Error).message}`, { field: 'body' });
      }
    }
    const out = await answerLogPeer(logs, req.method ?? '', path, b ?? {});
    res.writeHead(out.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(out.json));
    return;
  }
  const m = ROUTE.exec(path);
  if (!m) throw new GatewayError('NO_SUCH_ROUTE', `no route ${req.method} ${path}${path.startsWith(PEER_PATH_PREFIX) ? '' : ` (peer routes are under ${PEER_PATH_PREFIX})`}`);
  const ledgerId = BigInt(m[1]!);
  const op = m[2]!;
  const want = op === 'lac' ? 'GET' : 'POST';
  if (req.method !== want) throw new GatewayError('METHOD_NOT_ALLOWED', `${path} takes ${want}, not ${req.method}`);
  let body: Record<string, unknown> = {};
  if (want === 'POST') {
    const raw = await readBody(req, bodyLimit);
    try {
      body = raw.length === 0 ? {} : (JSON.parse(raw.toString('utf8')) as Record<string, unknown>);
    } catch (e) {
      throw new GatewayError('INVALID_ARGUMENT', `peer request body is not valid JSON: ${(e as Error).message}`, { field: 'body' });
    }
    if (typeof body !== 'object' || body === null) throw badArgument('body', 'peer request body must be a JSON object');
  }
  const password = (b: PasswordJson) => (b.password !== undefined ? bytes(b.password, 'password') : undefined);
  const json = (status: number, v: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(v));
  };
  switch (op) {
    case 'append': {
      const { data, opts } = appendOf(body as unknown as AppendJson);
      const receipts = await peer.append(ledgerId, data, opts);
      json(200, { receipts: receipts.map(receiptToJson) } satisfies AppendResultJson);
      return;
    }
    case 'close':
      json(200, sealToJson(await peer.close(ledgerId, password(body as PasswordJson))));
      return;
    case 'delete':
      await peer.delete(ledgerId, password(body as PasswordJson));
      res.writeHead(204).end();
      return;
    default: {
      const r = await peer.lastAddConfirmed(ledgerId);
      json(200, { lastAddConfirmed: r.lastAddConfirmed.toString(), sealed: r.sealed } satisfies LacJson);
    }
  }
}

export async function startPeerServer(o: PeerServerOptions): Promise<RunningPeerServer> {
  const bodyLimit = transportBounds(o.limits).jsonBodyBytes;
  const server = createServer((req, res) => {
    const checked = async () => {
      o.credential?.verify(req.headers.authorization, req.method ?? '', (req.url ?? '').split('?')[0]!);
      await answer(o.peer, req, res, bodyLimit, o.logs);
    };
    const span = tracingEnabled() ? startSpan(`peer ${req.method} ${(req.url ?? '').split('?')[0]!.replace(/\/\d+(?=\/|$)/g, '/{id}')}`, { kind: SpanKind.SERVER, parent: extractContext(req.headers) }) : undefined;
    if (span) res.on('close', () => endSpan(span, res.statusCode >= 500 ? new Error(`HTTP ${res.statusCode}`) : undefined));
    (span ? withSpan(span, checked) : checked()).catch((e: unknown) => {
      const p = toProblem(e);
      if (p.code === 'INTERNAL') o.log.warn({ err: e, url: req.url }, 'peer request failed');
      // Logged without the header: it is a credential.
      if (p.code === 'UNAUTHENTICATED') o.log.info({ url: req.url, forwardedBy: req.headers['quire-forwarded-by'], reason: p.detail }, 'peer call refused');
      if (res.headersSent) {
        res.end();
        return;
      }
      res.writeHead(p.status, { 'content-type': 'application/problem+json', ...(req.complete ? {} : { connection: 'close' }) });
      res.end(JSON.stringify(p));
    });
  });
  server.requestTimeout = o.limits.forwardTimeoutMs + 30_000;
  server.headersTimeout = 30_000;
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((e: unknown) => {
    throw new QuireError('CONFIG_INVALID', `gateway peer listener cannot listen on ${o.host}:${o.port}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    server,
    async close(graceMs: number) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(timer);
    },
  };
}
