// Blob upload (docs/blobs.md): stream the bytes into a new ledger as chunks, seal it, check the
// client's digest, then commit by writing the manifest with compare-and-set (see blob-store.ts for
// the whole design). A failed, refused or abandoned upload deletes its ledger and marker.
import type { BookKeeperClient, WriteHandle } from '../../clients/quorum/index.js';
import { isQuireError, QuireError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { MetadataStore } from '../../metadata/metadata-store.js';
import { createWithParents, getIfExists } from '../../metadata/store-helpers.js';
import type { GatewayLimits } from '../gateway-config.js';
import { badArgument, GatewayError } from '../gateway-error.js';
import { BLOB_LEDGER_METADATA_KEY } from '../managed-ledgers.js';
import { writeChunks } from './blob-chunks.js';
import { BLOB_LEDGER_PASSWORD, decodeManifest, encodeManifest, type BlobManifest, type BlobPaths } from './blob-manifest.js';
import { CAS_ATTEMPTS, deleteLedgerIfExists, PendingOp } from './blob-pending.js';
import type { ByteBudget } from './byte-budget.js';

export interface PutBlobRequest {
  readonly name: string;
  readonly contentType?: string;
  readonly metadata?: Readonly<Record<string, string>>;
  /** Conditional create: fail with BLOB_EXISTS if the name exists (checked early and at commit). */
  readonly ifNoneMatch?: boolean;
  /** Client-supplied SHA-256 of the whole body; a mismatch refuses the upload (BLOB_DIGEST_MISMATCH). */
  readonly expectedSha256?: Buffer;
  /** Declared length (Content-Length); refused early when above maxBlobBytes. */
  readonly contentLength?: number;
  /** The caller went away (e.g. a cancelled gRPC call): checked again right before the commit. */
  readonly signal?: AbortSignal;
}

export interface PutBlobResult {
  readonly manifest: BlobManifest;
  /** True when an existing blob of that name was replaced. */
  readonly replaced: boolean;
}

/** What an upload uses of its BlobStore. */
export interface UploadContext {
  readonly client: BookKeeperClient;
  readonly store: MetadataStore;
  readonly paths: BlobPaths;
  readonly limits: GatewayLimits;
  readonly log: Logger;
  readonly gatewayId: string;
  readonly budget: ByteBudget;
  /** Throws SHUTTING_DOWN once the store is stopping (checked before each commit attempt). */
  checkRunning(): void;
  /** The metadata path of the manifest of `name`. */
  namePath(name: string): string;
}

const METADATA_KEY = /^[a-z0-9][a-z0-9_-]{0,127}$/;

function hasControl(s: string): boolean {
  return [...s].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
}

/** Checks what can be checked before any byte is read: metadata, digest length, declared length. */
export function checkPutRequest(req: PutBlobRequest, limits: GatewayLimits): void {
  let bytes = Buffer.byteLength(req.contentType ?? '');
  for (const [k, v] of Object.entries(req.metadata ?? {})) {
    if (!METADATA_KEY.test(k)) throw badArgument(`metadata/${k}`, `metadata key ${JSON.stringify(k)} must match ${METADATA_KEY.source}`);
    if (typeof v !== 'string' || hasControl(v)) throw badArgument(`metadata/${k}`, `metadata value of ${k} must be text without control characters`);
    bytes += k.length + Buffer.byteLength(v);
  }
  if (bytes > limits.maxBlobMetadataBytes) throw badArgument('metadata', `content type and metadata take ${bytes} bytes; the limit is ${limits.maxBlobMetadataBytes}`);
  if (req.contentType !== undefined && hasControl(req.contentType)) throw badArgument('Content-Type', 'content type must not contain control characters');
  if (req.expectedSha256 !== undefined && req.expectedSha256.length !== 32) throw badArgument('Content-Digest', 'a sha-256 digest has 32 bytes');
  if (req.contentLength !== undefined && req.contentLength > limits.maxBlobBytes) {
    throw new GatewayError('BLOB_TOO_LARGE', `blob of ${req.contentLength} bytes exceeds the limit of ${limits.maxBlobBytes}`, { field: 'Content-Length', details: { maxBlobBytes: limits.maxBlobBytes } });
  }
}

/** Creates the ledger, streams `body` into it and commits. Nothing is visible unless this resolves. */
export async function uploadBlob(ctx: UploadContext, req: PutBlobRequest, body: AsyncIterable<Uint8Array>): Promise<PutBlobResult> {
  const chunkBytes = ctx.limits.blobChunkBytes;
  const handle = await ctx.client.createLedger({ password: BLOB_LEDGER_PASSWORD, customMetadata: { [BLOB_LEDGER_METADATA_KEY]: req.name, 'quire.blob.chunkBytes': String(chunkBytes) } });
  const ledgerId = handle.ledgerId;
  const pending = new PendingOp(ctx.store, ctx.paths, ledgerId);
  try {
    await pending.begin({ name: req.name, ledgerId, state: 'uploading', gatewayId: ctx.gatewayId, sinceMs: Date.now() });
  } catch (e) {
    await discard(ctx, handle, pending, e);
    throw e;
  }
  try {
    const r = await writeChunks(handle, body, { chunkBytes, maxInFlight: ctx.limits.blobChunksInFlight, budget: ctx.budget, maxBytes: ctx.limits.maxBlobBytes });
    await handle.close();
    if (handle.ledgerMetadata.lastEntryId !== BigInt(r.chunks) - 1n) {
      throw new QuireError('INTERNAL', `blob ledger ${ledgerId} sealed at entry ${handle.ledgerMetadata.lastEntryId}, expected ${r.chunks - 1}`);
    }
    if (req.expectedSha256 !== undefined && !req.expectedSha256.equals(r.sha256)) {
      throw new GatewayError('BLOB_DIGEST_MISMATCH', `the body's sha-256 is ${r.sha256.toString('base64')}, the client said ${req.expectedSha256.toString('base64')}`, {
        field: 'Content-Digest',
        details: { sha256: r.sha256.toString('hex') },
      });
    }
    const manifest: BlobManifest = {
      name: req.name,
      size: BigInt(r.size),
      chunkBytes,
      ledgerId,
      sha256: r.sha256.toString('hex'),
      contentType: req.contentType ?? 'application/octet-stream',
      metadata: { ...req.metadata },
      createdAtMs: Date.now(),
    };
    if (req.signal?.aborted) throw new GatewayError('BLOB_UPLOAD_INCOMPLETE', 'the caller went away before the commit; nothing was stored');
    const old = await commit(ctx, manifest, pending, req.ifNoneMatch === true);
    // Committed: from here on the blob is visible; what is left is tidying up.
    if (old !== undefined && old.ledgerId !== ledgerId) {
      try {
        await deleteLedgerIfExists(ctx.client, old.ledgerId);
      } catch (err) {
        ctx.log.warn({ err, ledgerId: old.ledgerId.toString() }, 'could not delete a replaced blob ledger; the janitor will');
        await pending.endLive();
        return { manifest, replaced: true };
      }
    }
    await pending.end().catch((err: unknown) => ctx.log.warn({ err }, 'could not remove a blob pending marker; the janitor will'));
    return { manifest, replaced: old !== undefined };
  } catch (e) {
    if (pending.committed) throw e;
    await discard(ctx, handle, pending, e);
    throw e;
  }
}

/** An upload that will not commit: delete its ledger and marker (the janitor finishes if this fails). */
async function discard(ctx: UploadContext, handle: WriteHandle, pending: PendingOp, cause: unknown): Promise<void> {
  ctx.log.debug({ err: cause, ledgerId: handle.ledgerId.toString() }, 'blob upload failed; deleting its ledger');
  try {
    if (!handle.isClosed) await handle.close().catch(() => undefined);
    await deleteLedgerIfExists(ctx.client, handle.ledgerId);
    await pending.end();
  } catch (err) {
    ctx.log.warn({ err, ledgerId: handle.ledgerId.toString() }, 'could not delete the ledger of a failed blob upload; the janitor will');
    await pending.endLive().catch(() => undefined);
  }
}

/** Writes the manifest with compare-and-set; returns the manifest it replaced, if any. */
async function commit(ctx: UploadContext, m: BlobManifest, pending: PendingOp, ifNoneMatch: boolean): Promise<BlobManifest | undefined> {
  const path = ctx.namePath(m.name);
  const data = encodeManifest(m);
  for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
    ctx.checkRunning();
    const cur = await getIfExists(ctx.store, path);
    if (cur && ifNoneMatch) throw new GatewayError('BLOB_EXISTS', `a blob named ${JSON.stringify(m.name)} was created meanwhile`, { field: 'If-None-Match', details: { name: m.name } });
    const old = cur ? decodeManifest(cur.data, path) : undefined;
    // CAS on our own marker first: if the janitor took it (it thought us dead), we must not commit.
    await pending.update({ state: 'committing', ...(old !== undefined ? { replaces: old.ledgerId } : {}) });
    try {
      if (cur) await ctx.store.set(path, data, cur.stat.version);
      else await createWithParents(ctx.store, path, data, 'persistent');
      pending.committed = true;
      return old;
    } catch (e) {
      if (isQuireError(e, 'METADATA_VERSION_CONFLICT') || isQuireError(e, 'METADATA_EXISTS') || isQuireError(e, 'METADATA_NOT_FOUND')) continue;
      throw e;
    }
  }
  throw new QuireError('METADATA_VERSION_CONFLICT', `blob ${JSON.stringify(m.name)}: manifest changed ${CAS_ATTEMPTS} times in a row while committing`);
}
