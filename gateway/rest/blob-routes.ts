// REST routes of blobs (openapi/quire.yaml, tag blobs) over the transport-free BlobStore. Bodies
// are streamed both ways: the PUT body is never parsed or buffered by express (rest-app.ts keeps
// its body parsers off /v1/blobs), and the GET body is piped with backpressure.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Express, Request, Response } from 'express';
import type { BlobManifest } from '../blobs/blob-manifest.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { GatewayError, badArgument } from '../gateway-error.js';
import type { components } from '../../openapi/gen/quire.js';
import { blobEtag, digestField, etagMatches, metadataHeader, parseContentDigest, parseMetadataHeader, parseRange } from './blob-http.js';

type Schemas = components['schemas'];

export const BLOB_PATH = /^\/v1\/blobs(\/|$)/;
const IMMUTABLE = 'public, max-age=31536000, immutable';

function header(req: Request, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function blobJson(m: BlobManifest): Schemas['BlobInfo'] {
  return {
    name: m.name,
    size: m.size.toString(),
    chunkBytes: m.chunkBytes,
    ledgerId: m.ledgerId.toString(),
    sha256: m.sha256,
    contentType: m.contentType,
    metadata: { ...m.metadata },
    createdAtMs: m.createdAtMs,
  };
}

function nameOf(req: Request): string {
  const n = req.params.name;
  if (typeof n !== 'string') throw badArgument('name', 'blob name missing');
  return n;
}

function describe(res: Response, m: BlobManifest): void {
  res.setHeader('ETag', blobEtag(m.sha256));
  res.setHeader('Cache-Control', IMMUTABLE);
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Repr-Digest', digestField(m.sha256));
  res.setHeader('Last-Modified', new Date(m.createdAtMs).toUTCString());
  res.setHeader('Content-Type', m.contentType);
  res.setHeader('Quire-Blob-Ledger-Id', m.ledgerId.toString());
  if (Object.keys(m.metadata).length > 0) res.setHeader('Quire-Blob-Metadata', metadataHeader(m.metadata));
}

export function mountBlobRoutes(app: Express, blobs: BlobStore): void {
  app.get('/v1/blobs', async (req, res) => {
    const q = req.query as { prefix?: string; pageSize?: string | number; pageToken?: string };
    const r = await blobs.list({
      ...(q.prefix !== undefined ? { prefix: String(q.prefix) } : {}),
      ...(q.pageSize !== undefined ? { pageSize: Number(q.pageSize) } : {}),
      ...(q.pageToken !== undefined ? { pageToken: String(q.pageToken) } : {}),
    });
    res.json({ blobs: r.blobs.map(blobJson), ...(r.nextPageToken !== undefined ? { nextPageToken: r.nextPageToken } : {}) } satisfies Schemas['BlobList']);
  });

  app.put('/v1/blobs/:name', async (req, res) => {
    try {
      const inm = header(req, 'if-none-match');
      const lengthText = header(req, 'content-length');
      const contentLength = lengthText !== undefined && /^[0-9]{1,16}$/.test(lengthText) ? Number(lengthText) : undefined;
      const expected = parseContentDigest(header(req, 'content-digest'));
      const metadata = parseMetadataHeader(header(req, 'quire-blob-metadata'));
      const contentType = header(req, 'content-type');
      const r = await blobs.put(
        {
          name: nameOf(req),
          ...(contentType !== undefined ? { contentType } : {}),
          ...(metadata !== undefined ? { metadata } : {}),
          ...(inm === '*' ? { ifNoneMatch: true } : {}),
          ...(expected !== undefined ? { expectedSha256: expected } : {}),
          ...(contentLength !== undefined ? { contentLength } : {}),
        },
        req,
      );
      res.setHeader('ETag', blobEtag(r.manifest.sha256));
      res.setHeader('Location', `/v1/blobs/${encodeURIComponent(r.manifest.name)}`);
      res.status(r.replaced ? 200 : 201).json(blobJson(r.manifest));
    } catch (e) {
      // Refused before the body was read: do not make node read (and drop) gigabytes to keep the connection.
      if (!req.complete) res.setHeader('Connection', 'close');
      // A body cut short by the client is an "aborted" error of the request stream.
      if ((e as { code?: string }).code === 'ECONNRESET' || (e as Error).message === 'aborted') {
        throw new GatewayError('BLOB_UPLOAD_INCOMPLETE', 'the request body ended early; nothing was stored', { field: 'body', cause: e });
      }
      throw e;
    }
  });

  const getOrHead = async (req: Request, res: Response) => {
    const m = await blobs.stat(nameOf(req));
    describe(res, m);
    const etag = blobEtag(m.sha256);
    if (etagMatches(header(req, 'if-none-match'), etag)) {
      res.status(304).end();
      return;
    }
    const ifRange = header(req, 'if-range');
    const range = ifRange !== undefined && ifRange.trim() !== etag ? { kind: 'whole' as const } : parseRange(header(req, 'range'), m.size);
    if (range.kind === 'unsatisfiable') {
      res.setHeader('Content-Range', `bytes */${m.size}`);
      throw new GatewayError('RANGE_NOT_SATISFIABLE', `range ${header(req, 'range') ?? ''} is outside the blob's ${m.size} bytes`, { field: 'Range', details: { size: m.size.toString() } });
    }
    const start = range.kind === 'range' ? range.start : 0n;
    const end = range.kind === 'range' ? range.end : m.size - 1n;
    res.setHeader('Content-Length', (end - start + 1n).toString());
    if (range.kind === 'range') {
      res.status(206);
      res.setHeader('Content-Range', `bytes ${start}-${end}/${m.size}`);
    } else {
      res.status(200);
    }
    if (req.method === 'HEAD' || m.size === 0n) {
      res.end();
      return;
    }
    const r = await blobs.read(m, { start, end });
    // Backpressure: the generator is pulled only as fast as the socket drains. A failure after
    // the headers went out cuts the connection, so the client sees a short body, never a wrong one.
    await pipeline(Readable.from(r.body, { objectMode: false, highWaterMark: 64 * 1024 }), res).catch((err: unknown) => {
      if (!res.writableEnded) req.log.warn({ err, name: m.name }, 'blob download cut short');
      res.destroy();
    });
  };
  app.get('/v1/blobs/:name', getOrHead);
  app.head('/v1/blobs/:name', getOrHead);

  app.delete('/v1/blobs/:name', async (req, res) => {
    await blobs.delete(nameOf(req));
    res.status(204).end();
  });
}
