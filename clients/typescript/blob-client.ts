// Blobs over REST (docs/blobs.md): upload from a stream, a file or bytes, download to a stream,
// with bounded memory on this side too (bodies are streamed, never gathered). Types come from
// openapi/quire.yaml (openapi/gen/quire.d.ts); errors are QuireApiError with the gateway's code.
//   const blobs = new QuireBlobClient({ baseUrl: 'http://127.0.0.1:8080' });
//   await blobs.putFile('snapshots/42', '/var/lib/app/snapshot.bin', { sha256: true });
//   await blobs.getTo('snapshots/42', createWriteStream('/tmp/restore.bin'));
// Retries: a failed upload leaves nothing visible, so it may always be sent again (the stream must
// be re-openable for that, so this client does not retry uploads itself); reads follow `retryable`.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { components } from '../../openapi/gen/quire.js';
import { QuireApiError, withRetries, type Problem, type RetryPolicy } from './errors.js';
import { fetchWithToken, type TokenSource } from './credentials.js';

export type BlobInfo = Omit<components['schemas']['BlobInfo'], 'size' | 'ledgerId'> & { size: bigint; ledgerId: bigint };

export interface PutBlobOptions {
  readonly contentType?: string;
  readonly metadata?: Readonly<Record<string, string>>;
  /** Create only: BLOB_EXISTS (412) if the name is taken. */
  readonly ifNoneMatch?: boolean;
  /** The body's SHA-256, sent as Content-Digest and checked by the gateway before it commits. */
  readonly sha256?: Uint8Array;
  /** Body length when known (Content-Length; lets the gateway refuse an oversized blob at once). */
  readonly size?: number;
}

export interface GetBlobOptions {
  /** Inclusive byte range; end omitted = to the end. */
  readonly range?: { readonly start: number | bigint; readonly end?: number | bigint };
}

export interface BlobDownload {
  readonly info: { readonly size: bigint; readonly sha256: string; readonly contentType: string; readonly metadata: Record<string, string> };
  /** 206 with the range sent, 200 with the whole blob. */
  readonly status: number;
  readonly contentRange: string | undefined;
  readonly body: Readable;
}

export interface QuireBlobClientOptions {
  readonly baseUrl: string;
  readonly retry?: RetryPolicy;
  readonly fetch?: typeof fetch;
  /** Bearer token (or a function returning a fresh one) for a gateway with auth on. */
  readonly token?: TokenSource;
}

const infoOf = (i: components['schemas']['BlobInfo']): BlobInfo => ({ ...i, size: BigInt(i.size), ledgerId: BigInt(i.ledgerId) });

async function errorOf(r: Response): Promise<QuireApiError> {
  const text = await r.text().catch(() => '');
  let p: Partial<Problem> | undefined;
  try {
    p = JSON.parse(text) as Partial<Problem>;
  } catch {
    p = undefined;
  }
  return QuireApiError.fromProblem(p, r);
}

/** JSON with non-ASCII escaped: header values are bytes. */
function metadataHeader(m: Readonly<Record<string, string>>): string {
  return JSON.stringify(m).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export class QuireBlobClient {
  private readonly base: string;
  private readonly fetch: typeof fetch;
  private readonly retry: RetryPolicy;

  constructor(opts: QuireBlobClientOptions) {
    this.base = opts.baseUrl.replace(/\/$/, '');
    this.fetch = fetchWithToken(opts.token, opts.fetch ?? fetch);
    this.retry = opts.retry ?? {};
  }

  private url(name: string): string {
    return `${this.base}/v1/blobs/${encodeURIComponent(name)}`;
  }

  /** Uploads `body` (streamed) as blob `name`; resolves once it is committed and visible. */
  async put(name: string, body: Readable | AsyncIterable<Uint8Array> | Uint8Array, opts: PutBlobOptions = {}): Promise<{ info: BlobInfo; replaced: boolean }> {
    const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'application/octet-stream' };
    if (opts.ifNoneMatch) headers['if-none-match'] = '*';
    if (opts.sha256) headers['content-digest'] = `sha-256=:${Buffer.from(opts.sha256).toString('base64')}:`;
    if (opts.metadata) headers['quire-blob-metadata'] = metadataHeader(opts.metadata);
    if (opts.size !== undefined) headers['content-length'] = String(opts.size);
    const stream = body instanceof Uint8Array ? body : (Readable.toWeb(body instanceof Readable ? body : Readable.from(body)) as ReadableStream<Uint8Array>);
    let r: Response;
    try {
      r = await this.fetch(this.url(name), { method: 'PUT', headers, body: stream, duplex: 'half' } as RequestInit);
    } catch (e) {
      throw new QuireApiError('NETWORK_ERROR', e instanceof Error ? e.message : String(e), true, 0, 'rest', {}, { cause: e });
    }
    if (r.status !== 200 && r.status !== 201) throw await errorOf(r);
    return { info: infoOf((await r.json()) as components['schemas']['BlobInfo']), replaced: r.status === 200 };
  }

  /**
   * Uploads a file. With `sha256: true` the file is read once first to compute its digest, which
   * the gateway then checks (a file changed meanwhile is refused, not stored).
   */
  async putFile(name: string, path: string, opts: Omit<PutBlobOptions, 'sha256' | 'size'> & { sha256?: boolean } = {}): Promise<{ info: BlobInfo; replaced: boolean }> {
    const size = (await stat(path)).size;
    let digest: Buffer | undefined;
    if (opts.sha256) {
      const h = createHash('sha256');
      for await (const c of createReadStream(path)) h.update(c as Buffer);
      digest = h.digest();
    }
    const { sha256: _ignored, ...rest } = opts;
    return this.put(name, createReadStream(path), { ...rest, size, ...(digest ? { sha256: digest } : {}) });
  }

  /** Opens a download: headers first (errors before any byte), then the body as a stream. */
  async get(name: string, opts: GetBlobOptions = {}): Promise<BlobDownload> {
    const headers: Record<string, string> = {};
    if (opts.range) headers.range = `bytes=${opts.range.start}-${opts.range.end ?? ''}`;
    const r = await withRetries(async () => {
      let res: Response;
      try {
        res = await this.fetch(this.url(name), { headers });
      } catch (e) {
        throw new QuireApiError('NETWORK_ERROR', e instanceof Error ? e.message : String(e), true, 0, 'rest', {}, { cause: e });
      }
      if (res.status !== 200 && res.status !== 206) throw await errorOf(res);
      return res;
    }, this.retry);
    const etag = r.headers.get('etag') ?? '';
    const md = r.headers.get('quire-blob-metadata');
    const range = r.headers.get('content-range') ?? undefined;
    const total = range !== undefined ? /\/(\d+)$/.exec(range)?.[1] : r.headers.get('content-length');
    return {
      info: { size: BigInt(total ?? '0'), sha256: etag.replace(/"/g, ''), contentType: r.headers.get('content-type') ?? 'application/octet-stream', metadata: md ? (JSON.parse(md) as Record<string, string>) : {} },
      status: r.status,
      contentRange: range,
      body: r.body ? Readable.fromWeb(r.body as import('node:stream/web').ReadableStream<Uint8Array>) : Readable.from([]),
    };
  }

  /** Downloads into `out` with backpressure; verifies the SHA-256 of a whole-blob download. */
  async getTo(name: string, out: Writable, opts: GetBlobOptions = {}): Promise<{ bytes: number }> {
    const d = await this.get(name, opts);
    const h = createHash('sha256');
    let bytes = 0;
    await pipeline(
      d.body,
      async function* (src: AsyncIterable<Buffer>) {
        for await (const c of src) {
          h.update(c);
          bytes += c.length;
          yield c;
        }
      },
      out,
    );
    if (d.status === 200 && h.digest('hex') !== d.info.sha256) throw new QuireApiError('DIGEST_MISMATCH', `downloaded bytes of ${name} do not match its sha-256`, true, 200, 'rest');
    return { bytes };
  }

  async stat(name: string): Promise<BlobInfo | undefined> {
    const r = await this.fetch(this.url(name), { method: 'HEAD' });
    if (r.status === 404) return undefined;
    if (r.status !== 200) throw new QuireApiError(`HTTP_${r.status}`, r.statusText, r.status >= 500, r.status, 'rest');
    const md = r.headers.get('quire-blob-metadata');
    return {
      name,
      size: BigInt(r.headers.get('content-length') ?? '0'),
      chunkBytes: 0,
      ledgerId: BigInt(r.headers.get('quire-blob-ledger-id') ?? '0'),
      sha256: (r.headers.get('etag') ?? '').replace(/"/g, ''),
      contentType: r.headers.get('content-type') ?? 'application/octet-stream',
      metadata: md ? (JSON.parse(md) as Record<string, string>) : {},
      createdAtMs: Date.parse(r.headers.get('last-modified') ?? '') || 0,
    };
  }

  async delete(name: string): Promise<void> {
    const r = await this.fetch(this.url(name), { method: 'DELETE' });
    if (r.status !== 204) throw await errorOf(r);
  }

  async list(opts: { prefix?: string; pageSize?: number; pageToken?: string } = {}): Promise<{ blobs: BlobInfo[]; nextPageToken: string | undefined }> {
    const q = new URLSearchParams();
    if (opts.prefix !== undefined) q.set('prefix', opts.prefix);
    if (opts.pageSize !== undefined) q.set('pageSize', String(opts.pageSize));
    if (opts.pageToken !== undefined) q.set('pageToken', opts.pageToken);
    const r = await this.fetch(`${this.base}/v1/blobs?${q.toString()}`);
    if (r.status !== 200) throw await errorOf(r);
    const page = (await r.json()) as components['schemas']['BlobList'];
    return { blobs: page.blobs.map(infoOf), nextPageToken: page.nextPageToken };
  }
}
