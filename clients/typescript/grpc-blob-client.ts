// Blobs over gRPC (quire.v1.BlobService, proto/quire/v1/blob.proto; docs/blobs.md): the same
// surface as the REST QuireBlobClient, so Client can use either. Uploads stream 1 MiB messages as
// HTTP/2 flow control allows (write() waits for 'drain'), with the SHA-256 in the header when it
// is known first (bytes, files, or given): the gateway refuses a mismatch before commit
// (BLOB_DIGEST_MISMATCH, nothing visible). A stream without a known digest is hashed as it goes and
// checked against the gateway's answer. Downloads are a server stream hashed as they arrive: a
// whole blob that does not match its SHA-256 ends the body with DIGEST_MISMATCH (DATA_LOSS).
// Memory: at most one message (1 MiB) of a transfer is held here, plus grpc-js's stream buffers.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type * as grpc from '@grpc/grpc-js';
import type { BlobInfo__Output } from './gen/grpc/quire/v1/BlobInfo.js';
import type { GetBlobResponse__Output } from './gen/grpc/quire/v1/GetBlobResponse.js';
import type { PutBlobRequest } from './gen/grpc/quire/v1/PutBlobRequest.js';
import type { PutBlobResponse__Output } from './gen/grpc/quire/v1/PutBlobResponse.js';
import type { ListBlobsResponse__Output } from './gen/grpc/quire/v1/ListBlobsResponse.js';
import type { DeleteBlobResponse__Output } from './gen/grpc/quire/v1/DeleteBlobResponse.js';
import { QuireApiError, withRetries } from './errors.js';
import type { BlobDownload, BlobInfo, GetBlobOptions, PutBlobOptions } from './blob-client.js';
import type { GrpcConnection } from './grpc-connection.js';

/** Bytes per upload message (blob.proto: about 1 MiB per message works well). */
export const BLOB_MESSAGE_BYTES = 1 << 20;

const infoOf = (i: BlobInfo__Output | null | undefined): BlobInfo => ({
  name: i?.name ?? '',
  size: BigInt(i?.size ?? 0),
  chunkBytes: i?.chunkBytes ?? 0,
  ledgerId: BigInt(i?.ledgerId ?? 0),
  sha256: i?.sha256 ?? '',
  contentType: i?.contentType ?? 'application/octet-stream',
  metadata: { ...(i?.metadata ?? {}) },
  createdAtMs: Number(i?.createdAtMs ?? 0),
});

/** Splits chunks into messages of at most BLOB_MESSAGE_BYTES. */
async function* messages(body: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array>): AsyncGenerator<Buffer> {
  for await (const c of body) {
    const b = typeof c === 'string' ? Buffer.from(c) : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
    for (let o = 0; o < b.length; o += BLOB_MESSAGE_BYTES) yield b.subarray(o, Math.min(b.length, o + BLOB_MESSAGE_BYTES));
  }
}

export class GrpcBlobClient {
  constructor(readonly connection: GrpcConnection) {}

  /**
   * Uploads `body` (streamed) as blob `name`; resolves once it is committed and visible. Bytes are
   * hashed first when no sha256 is given, so the gateway checks them before commit. Not retried:
   * a stream cannot be replayed (re-upload from the source; a failed upload leaves nothing).
   */
  async put(name: string, body: Readable | AsyncIterable<Uint8Array> | Uint8Array, opts: PutBlobOptions = {}): Promise<{ info: BlobInfo; replaced: boolean }> {
    const sha256 = opts.sha256 ?? (body instanceof Uint8Array ? createHash('sha256').update(body).digest() : undefined);
    const size = opts.size ?? (body instanceof Uint8Array ? body.byteLength : undefined);
    const local = createHash('sha256');
    let call: grpc.ClientWritableStream<PutBlobRequest> | undefined;
    const answer = new Promise<PutBlobResponse__Output>((resolve, reject) => {
      call = this.connection.stub('blob').PutBlob({}, (err, res) => {
        if (!err) return resolve(res!);
        const e = QuireApiError.fromGrpc(err);
        this.connection.failed(e);
        reject(e);
      });
    });
    const stream = call!;
    let failed = false;
    answer.catch(() => (failed = true));
    const write = async (m: PutBlobRequest) => {
      if (!stream.write(m)) await new Promise<void>((r) => { stream.once('drain', r); void answer.catch(() => r()); });
    };
    try {
      await write({
        header: {
          name,
          contentType: opts.contentType ?? '',
          metadata: { ...opts.metadata },
          ifNoneMatch: opts.ifNoneMatch ?? false,
          ...(sha256 ? { sha256: Buffer.from(sha256) } : {}),
          ...(size !== undefined ? { size: String(size) } : {}),
        },
      });
      for await (const data of messages(body instanceof Uint8Array ? [body] : body)) {
        if (failed) break;
        local.update(data);
        await write({ data });
      }
      stream.end();
    } catch (e) {
      // The source failed: cancel, so the gateway commits nothing.
      stream.cancel();
      await answer.catch(() => undefined);
      throw e;
    }
    const r = await answer;
    const info = infoOf(r.info);
    if (!sha256 && info.sha256 !== local.digest('hex')) throw new QuireApiError('DIGEST_MISMATCH', `the gateway stored ${name} with a sha-256 unlike the bytes sent`, false, 0, 'grpc');
    return { info, replaced: r.replaced };
  }

  /** Uploads a file, its SHA-256 computed first (default) so the gateway checks it before commit. */
  async putFile(name: string, path: string, opts: Omit<PutBlobOptions, 'sha256' | 'size'> & { sha256?: boolean } = {}): Promise<{ info: BlobInfo; replaced: boolean }> {
    const size = (await stat(path)).size;
    let digest: Buffer | undefined;
    if (opts.sha256 ?? true) {
      const h = createHash('sha256');
      for await (const c of createReadStream(path)) h.update(c as Buffer);
      digest = h.digest();
    }
    const { sha256: _ignored, ...rest } = opts;
    return this.put(name, createReadStream(path, { highWaterMark: BLOB_MESSAGE_BYTES }), { ...rest, size, ...(digest ? { sha256: digest } : {}) });
  }

  /**
   * Opens a download: the blob's info first (errors before any byte, retried when retryable),
   * then the body as a stream. A whole-blob body ends with DIGEST_MISMATCH if its bytes do not
   * match the blob's SHA-256.
   */
  async get(name: string, opts: GetBlobOptions = {}): Promise<BlobDownload> {
    const start = BigInt(opts.range?.start ?? 0);
    const end = opts.range?.end;
    const req = { name, offset: String(start), length: end === undefined ? '0' : String(BigInt(end) - start + 1n) };
    const { call, it, info } = await withRetries(async () => {
      const c = this.connection.stub('blob').GetBlob(req);
      const iter = (c as AsyncIterable<GetBlobResponse__Output>)[Symbol.asyncIterator]();
      try {
        const first = await iter.next();
        if (first.done || first.value.part !== 'info') throw new QuireApiError('INTERNAL', 'GetBlob did not start with the blob info', false, 0, 'grpc');
        return { call: c, it: iter, info: infoOf(first.value.info) };
      } catch (e) {
        c.cancel();
        if (e instanceof QuireApiError) throw e;
        const q = QuireApiError.fromGrpc(e as grpc.ServiceError);
        this.connection.failed(q);
        throw q;
      }
    }, this.connection.retry);
    const whole = opts.range === undefined;
    const h = createHash('sha256');
    async function* data(): AsyncGenerator<Buffer> {
      try {
        for (let m = await it.next(); !m.done; m = await it.next()) {
          if (m.value.data === undefined) continue;
          if (whole) h.update(m.value.data);
          yield m.value.data;
        }
      } catch (e) {
        throw QuireApiError.fromGrpc(e as grpc.ServiceError);
      } finally {
        call.cancel();
      }
      if (whole && h.digest('hex') !== info.sha256) throw new QuireApiError('DIGEST_MISMATCH', `downloaded bytes of ${name} do not match its sha-256`, true, 15, 'grpc');
    }
    const last = end === undefined ? info.size - 1n : BigInt(end);
    return {
      info: { size: info.size, sha256: info.sha256, contentType: info.contentType, metadata: info.metadata },
      status: whole ? 200 : 206,
      contentRange: whole ? undefined : `bytes ${start}-${last}/${info.size}`,
      body: Readable.from(data(), { objectMode: false }),
    };
  }

  /** Downloads into `out` with backpressure; a whole blob is verified against its SHA-256. */
  async getTo(name: string, out: Writable, opts: GetBlobOptions = {}): Promise<{ bytes: number }> {
    const d = await this.get(name, opts);
    let bytes = 0;
    d.body.on('data', (c: Buffer) => (bytes += c.length));
    await pipeline(d.body, out);
    return { bytes };
  }

  /** The whole blob in memory (verified); for small blobs. */
  async read(name: string): Promise<Buffer> {
    const d = await this.get(name);
    const parts: Buffer[] = [];
    for await (const c of d.body) parts.push(c as Buffer);
    return Buffer.concat(parts);
  }

  /** undefined when there is no such blob. */
  async stat(name: string): Promise<BlobInfo | undefined> {
    try {
      return infoOf(await this.connection.unary<'blob', BlobInfo__Output>('blob', true, (s, o, cb) => s.StatBlob({ name }, o, cb)));
    } catch (e) {
      if (e instanceof QuireApiError && e.code === 'BLOB_NOT_FOUND') return undefined;
      throw e;
    }
  }

  async delete(name: string): Promise<void> {
    await this.connection.unary<'blob', DeleteBlobResponse__Output>('blob', true, (s, o, cb) => s.DeleteBlob({ name }, o, cb));
  }

  async list(opts: { prefix?: string; pageSize?: number; pageToken?: string } = {}): Promise<{ blobs: BlobInfo[]; nextPageToken: string | undefined }> {
    const r = await this.connection.unary<'blob', ListBlobsResponse__Output>('blob', true, (s, o, cb) => s.ListBlobs({ prefix: opts.prefix ?? '', pageSize: opts.pageSize ?? 0, pageToken: opts.pageToken ?? '' }, o, cb));
    return { blobs: r.blobs.map(infoOf), nextPageToken: r.nextPageToken === '' ? undefined : r.nextPageToken };
  }
}
