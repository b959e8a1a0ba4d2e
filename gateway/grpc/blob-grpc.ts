// quire.v1.BlobService (proto/quire/v1/blob.proto) over the transport-free BlobStore, with REST's
// semantics. Upload is a client stream read with backpressure (the store pulls the next message
// only when a chunk has room, so HTTP/2 flow control slows the client); download is a server
// stream that writes only while the transport accepts. Errors go through the one table
// (grpc-errors.ts).
import { randomUUID } from 'node:crypto';
import { status, type Metadata, type sendUnaryData, type Server, type ServerReadableStream, type ServerUnaryCall, type ServerWritableStream, type ServiceDefinition } from '@grpc/grpc-js';
import { QuireError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { BlobManifest } from '../blobs/blob-manifest.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { badArgument, GatewayError } from '../gateway-error.js';
import { toGrpcError } from './grpc-errors.js';
import { BLOB_SERVICE_NAME, blobPackageDefinition } from './grpc-proto.js';

type Wire = Record<string, unknown>;
type Wire64 = string | number | undefined | null;

interface WireHeader {
  name?: string;
  contentType?: string;
  metadata?: Record<string, string>;
  ifNoneMatch?: boolean;
  sha256?: Buffer;
  size?: Wire64;
}

/** A stalled reader of GetBlob loses its stream after this long. */
const STALL_TIMEOUT_MS = 60_000;

export function blobInfoToWire(m: BlobManifest): Wire {
  return {
    name: m.name,
    size: m.size.toString(),
    chunkBytes: m.chunkBytes,
    ledgerId: m.ledgerId.toString(),
    sha256: m.sha256,
    contentType: m.contentType,
    metadata: { ...m.metadata },
    createdAtMs: String(m.createdAtMs),
  };
}

function u64(v: Wire64, field: string): bigint {
  if (v === undefined || v === null || v === '') return 0n;
  const t = String(v);
  if (!/^[0-9]{1,20}$/.test(t)) throw badArgument(field, `${field} must be an unsigned integer`);
  return BigInt(t);
}

function requestIdOf(md: Metadata): string {
  const v = md.get('x-request-id')[0];
  return typeof v === 'string' && v.length > 0 && v.length <= 128 ? v : randomUUID();
}

export function addBlobService(server: Server, blobs: BlobStore, log: Logger): void {
  const fail = (method: string, md: Metadata, e: unknown) => {
    const err = toGrpcError(e);
    err.metadata.set('x-request-id', requestIdOf(md));
    if (err.code === status.INTERNAL) log.error({ err: e, method }, 'grpc blob call failed');
    return err;
  };
  const unary =
    <Req>(method: string, fn: (req: Req) => Promise<Wire>) =>
    (call: ServerUnaryCall<Req, Wire>, callback: sendUnaryData<Wire>) => {
      let p: Promise<Wire>;
      try {
        p = fn(call.request);
      } catch (e) {
        p = Promise.reject(e);
      }
      p.then(
        (r) => callback(null, r),
        (e: unknown) => callback(fail(method, call.metadata, e)),
      );
    };

  const putBlob = (call: ServerReadableStream<{ header?: WireHeader; data?: Buffer; part?: string }, Wire>, callback: sendUnaryData<Wire>) => {
    let cancelled = false;
    const abort = new AbortController();
    call.on('cancelled', () => {
      cancelled = true;
      abort.abort();
      // Wake a store waiting for the next message: the upload fails and its ledger is deleted.
      call.destroy(new GatewayError('BLOB_UPLOAD_INCOMPLETE', 'the call was cancelled; nothing was stored'));
    });
    const run = async (): Promise<Wire> => {
      const it = call[Symbol.asyncIterator]() as AsyncIterator<{ header?: WireHeader; data?: Buffer; part?: string }>;
      const first = await it.next();
      const h = first.done ? undefined : first.value.header;
      if (!h) throw badArgument('header', 'the first PutBlob message must carry the header');
      const declared = h.size !== undefined && h.size !== null ? Number(u64(h.size, 'size')) : undefined;
      let received = 0;
      async function* body(): AsyncGenerator<Buffer, void, undefined> {
        for (;;) {
          const n = await it.next();
          if (n.done) break;
          if (n.value.header) throw badArgument('header', 'only the first PutBlob message carries a header');
          const d = n.value.data ?? Buffer.alloc(0);
          received += d.length;
          yield d;
        }
        // grpc-js may end the request stream on cancel as on a half-close, and say 'cancelled'
        // just after: look once more after a turn; the store checks the signal again before committing.
        await new Promise((r) => setImmediate(r));
        if (cancelled || call.cancelled) throw new GatewayError('BLOB_UPLOAD_INCOMPLETE', 'the call was cancelled; nothing was stored');
        if (declared !== undefined && received !== declared) throw new GatewayError('BLOB_UPLOAD_INCOMPLETE', `the header declared ${declared} bytes, the stream brought ${received}`, { field: 'size' });
      }
      const r = await blobs.put(
        {
          name: h.name ?? '',
          ...(h.contentType ? { contentType: h.contentType } : {}),
          ...(h.metadata && Object.keys(h.metadata).length > 0 ? { metadata: h.metadata } : {}),
          ...(h.ifNoneMatch ? { ifNoneMatch: true } : {}),
          ...(h.sha256 && h.sha256.length > 0 ? { expectedSha256: h.sha256 } : {}),
          ...(declared !== undefined ? { contentLength: declared } : {}),
          signal: abort.signal,
        },
        body(),
      );
      return { info: blobInfoToWire(r.manifest), replaced: r.replaced };
    };
    run().then(
      (r) => callback(null, r),
      (e: unknown) => callback(fail('PutBlob', call.metadata, e)),
    );
  };

  const send = (call: ServerWritableStream<Wire, Wire>, msg: Wire): Promise<boolean> => {
    if (call.cancelled || call.destroyed) return Promise.resolve(false);
    if (call.write(msg)) return Promise.resolve(true);
    return new Promise<boolean>((resolve, reject) => {
      const done = (v: boolean | Error) => {
        clearTimeout(timer);
        call.off('drain', onDrain);
        call.off('cancelled', onGone);
        call.off('close', onGone);
        if (v instanceof Error) reject(v);
        else resolve(v);
      };
      const onDrain = () => done(true);
      const onGone = () => done(false);
      const timer = setTimeout(() => done(new QuireError('TIMEOUT', `stream reader stalled for ${STALL_TIMEOUT_MS} ms`)), STALL_TIMEOUT_MS);
      call.on('drain', onDrain);
      call.once('cancelled', onGone);
      call.once('close', onGone);
    });
  };

  const getBlob = (call: ServerWritableStream<{ name?: string; offset?: Wire64; length?: Wire64 }, Wire>) => {
    const run = async () => {
      const req = call.request;
      const m = await blobs.stat(req.name ?? '');
      const offset = u64(req.offset, 'offset');
      const length = u64(req.length, 'length');
      if (!(await send(call, { info: blobInfoToWire(m) }))) return;
      if (m.size === 0n && offset === 0n) {
        call.end();
        return;
      }
      const r = await blobs.read(m, { start: offset, ...(length > 0n ? { end: offset + length - 1n } : {}) });
      try {
        for await (const d of r.body) {
          if (!(await send(call, { data: d }))) return;
        }
      } finally {
        await r.body.return(undefined);
      }
      call.end();
    };
    run().catch((e: unknown) => {
      if (!call.cancelled) call.emit('error', fail('GetBlob', call.metadata, e));
    });
  };

  const pkg = blobPackageDefinition();
  server.addService(pkg[BLOB_SERVICE_NAME] as ServiceDefinition, {
    PutBlob: putBlob,
    GetBlob: getBlob,
    StatBlob: unary<{ name?: string }>('StatBlob', async (req) => blobInfoToWire(await blobs.stat(req.name ?? ''))),
    DeleteBlob: unary<{ name?: string }>('DeleteBlob', async (req) => {
      await blobs.delete(req.name ?? '');
      return {};
    }),
    ListBlobs: unary<{ prefix?: string; pageSize?: number; pageToken?: string }>('ListBlobs', async (req) => {
      const r = await blobs.list({ ...(req.prefix ? { prefix: req.prefix } : {}), ...(req.pageSize ? { pageSize: req.pageSize } : {}), ...(req.pageToken ? { pageToken: req.pageToken } : {}) });
      return { blobs: r.blobs.map(blobInfoToWire), nextPageToken: r.nextPageToken ?? '' };
    }),
  });
}
