// Blobs of any size over ledgers (docs/blobs.md), transport-free: REST (gateway/rest/blob-routes.ts)
// and gRPC (gateway/grpc/blob-grpc.ts) both call this, with the same semantics.
//
// Upload: create a ledger, record a pending marker (+ an ephemeral "live" node), stream the bytes in
// as chunks, seal the ledger, check the client's digest, then commit by writing the manifest with
// compare-and-set. Only the manifest makes a blob visible, so a failed, refused or abandoned upload
// is never seen; its ledger is deleted (by the uploader, or by any instance's janitor once the
// uploader is gone). Overwrite = replace on commit: the name points at the new ledger atomically and
// the old ledger is deleted after.
import type { BookKeeperClient, WriteHandle } from '../../clients/quorum/index.js';
import { isQuireError, QuireError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import { ANY_VERSION, joinPath, type MetadataStore } from '../../metadata/metadata-store.js';
import { childrenIfExists, createWithParents, getIfExists } from '../../metadata/store-helpers.js';
import type { GatewayLimits } from '../gateway-config.js';
import { badArgument, GatewayError } from '../gateway-error.js';
import { BLOB_LEDGER_METADATA_KEY } from '../managed-ledgers.js';
import { readChunks, writeChunks } from './blob-chunks.js';
import { BlobJanitor } from './blob-janitor.js';
import {
  BLOB_LEDGER_PASSWORD,
  blobPaths,
  checkBlobName,
  decodeBlobName,
  decodeManifest,
  encodeBlobName,
  encodeManifest,
  encodeMarker,
  type BlobManifest,
  type BlobPaths,
  type PendingMarker,
} from './blob-manifest.js';
import { ByteBudget } from './byte-budget.js';

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

export interface BlobRead {
  readonly manifest: BlobManifest;
  /** Inclusive byte range being sent. */
  readonly start: bigint;
  readonly end: bigint;
  /** The bytes; iterate once. Leaving early releases everything. */
  readonly body: AsyncGenerator<Buffer, void, undefined>;
}

export interface ListBlobsResult {
  readonly blobs: BlobManifest[];
  readonly nextPageToken?: string;
}

export interface BlobStoreOptions {
  readonly client: BookKeeperClient;
  readonly store: MetadataStore;
  readonly ledgersRoot: string;
  readonly limits: GatewayLimits;
  readonly gatewayId: string;
  readonly log: Logger;
  /** Run the orphan janitor (default true). */
  readonly janitor?: boolean;
}

const CAS_ATTEMPTS = 16;
const MAX_PAGE = 1000;
const DEFAULT_PAGE = 100;
const METADATA_KEY = /^[a-z0-9][a-z0-9_-]{0,127}$/;

function hasControl(s: string): boolean {
  return [...s].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
}

export class BlobStore {
  readonly paths: BlobPaths;
  readonly budget: ByteBudget;
  private readonly client: BookKeeperClient;
  private readonly store: MetadataStore;
  private readonly limits: GatewayLimits;
  private readonly log: Logger;
  private readonly janitor: BlobJanitor | undefined;
  private transfers = 0;
  private readonly uploads = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(private readonly o: BlobStoreOptions) {
    this.client = o.client;
    this.store = o.store;
    this.limits = o.limits;
    this.log = o.log;
    this.paths = blobPaths(o.ledgersRoot);
    this.budget = new ByteBudget(o.limits.maxBlobBufferBytes);
    this.janitor = o.janitor === false ? undefined : new BlobJanitor({ store: o.store, client: o.client, paths: this.paths, limits: o.limits, log: o.log });
    this.janitor?.start();
  }

  /** Transfers (uploads and downloads) in progress. */
  get activeTransfers(): number {
    return this.transfers;
  }

  private namePath(name: string): string {
    return joinPath(this.paths.names, encodeBlobName(name));
  }

  private checkRunning(): void {
    if (this.stopping) throw new QuireError('SHUTTING_DOWN', `gateway ${this.o.gatewayId} is stopping`);
  }

  private takeTransfer(): () => void {
    this.checkRunning();
    if (this.transfers >= this.limits.maxBlobTransfers) {
      throw new GatewayError('TOO_MANY_REQUESTS', `overloaded: ${this.transfers} blob transfers in progress (limit ${this.limits.maxBlobTransfers}); retry later`);
    }
    this.transfers++;
    let done = false;
    return () => {
      if (!done) this.transfers--;
      done = true;
    };
  }

  private checkMetadata(req: PutBlobRequest): void {
    let bytes = Buffer.byteLength(req.contentType ?? '');
    for (const [k, v] of Object.entries(req.metadata ?? {})) {
      if (!METADATA_KEY.test(k)) throw badArgument(`metadata/${k}`, `metadata key ${JSON.stringify(k)} must match ${METADATA_KEY.source}`);
      if (typeof v !== 'string' || hasControl(v)) throw badArgument(`metadata/${k}`, `metadata value of ${k} must be text without control characters`);
      bytes += k.length + Buffer.byteLength(v);
    }
    if (bytes > this.limits.maxBlobMetadataBytes) throw badArgument('metadata', `content type and metadata take ${bytes} bytes; the limit is ${this.limits.maxBlobMetadataBytes}`);
    if (req.contentType !== undefined && hasControl(req.contentType)) throw badArgument('Content-Type', 'content type must not contain control characters');
  }

  /** The manifest of `name` (BLOB_NOT_FOUND if there is none). */
  async stat(name: string): Promise<BlobManifest> {
    checkBlobName(name);
    const path = this.namePath(name);
    const cur = await getIfExists(this.store, path);
    if (!cur) throw new GatewayError('BLOB_NOT_FOUND', `no blob named ${JSON.stringify(name)}`, { details: { name } });
    return decodeManifest(cur.data, path);
  }

  // ---------------------------------------------------------------- upload

  /** Streams `body` into a new blob and commits it. Nothing is visible unless this resolves. */
  async put(req: PutBlobRequest, body: AsyncIterable<Uint8Array>): Promise<PutBlobResult> {
    checkBlobName(req.name);
    this.checkMetadata(req);
    if (req.expectedSha256 !== undefined && req.expectedSha256.length !== 32) throw badArgument('Content-Digest', 'a sha-256 digest has 32 bytes');
    if (req.contentLength !== undefined && req.contentLength > this.limits.maxBlobBytes) {
      throw new GatewayError('BLOB_TOO_LARGE', `blob of ${req.contentLength} bytes exceeds the limit of ${this.limits.maxBlobBytes}`, { field: 'Content-Length', details: { maxBlobBytes: this.limits.maxBlobBytes } });
    }
    // Early answer for a conditional create (the commit checks again).
    if (req.ifNoneMatch && (await this.store.exists(this.namePath(req.name))) !== undefined) {
      throw new GatewayError('BLOB_EXISTS', `a blob named ${JSON.stringify(req.name)} exists`, { field: 'If-None-Match', details: { name: req.name } });
    }
    const release = this.takeTransfer();
    const p = this.upload(req, body).finally(release);
    this.uploads.add(p);
    void p.catch(() => undefined).finally(() => this.uploads.delete(p));
    return p;
  }

  private async upload(req: PutBlobRequest, body: AsyncIterable<Uint8Array>): Promise<PutBlobResult> {
    const chunkBytes = this.limits.blobChunkBytes;
    const handle = await this.client.createLedger({ password: BLOB_LEDGER_PASSWORD, customMetadata: { [BLOB_LEDGER_METADATA_KEY]: req.name, 'quire.blob.chunkBytes': String(chunkBytes) } });
    const ledgerId = handle.ledgerId;
    const pending = new PendingOp(this.store, this.paths, ledgerId);
    try {
      await pending.begin({ name: req.name, ledgerId, state: 'uploading', gatewayId: this.o.gatewayId, sinceMs: Date.now() });
    } catch (e) {
      await this.discard(handle, pending, e);
      throw e;
    }
    try {
      const r = await writeChunks(handle, body, { chunkBytes, maxInFlight: this.limits.blobChunksInFlight, budget: this.budget, maxBytes: this.limits.maxBlobBytes });
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
      const old = await this.commit(manifest, pending, req.ifNoneMatch === true);
      // Committed: from here on the blob is visible; what is left is tidying up.
      if (old !== undefined && old.ledgerId !== ledgerId) {
        try {
          await this.deleteLedgerIfExists(old.ledgerId);
        } catch (err) {
          this.log.warn({ err, ledgerId: old.ledgerId.toString() }, 'could not delete a replaced blob ledger; the janitor will');
          await pending.endLive();
          return { manifest, replaced: true };
        }
      }
      await pending.end().catch((err: unknown) => this.log.warn({ err }, 'could not remove a blob pending marker; the janitor will'));
      return { manifest, replaced: old !== undefined };
    } catch (e) {
      if (pending.committed) throw e;
      await this.discard(handle, pending, e);
      throw e;
    }
  }

  /** An upload that will not commit: delete its ledger and marker (the janitor finishes if this fails). */
  private async discard(handle: WriteHandle, pending: PendingOp, cause: unknown): Promise<void> {
    this.log.debug({ err: cause, ledgerId: handle.ledgerId.toString() }, 'blob upload failed; deleting its ledger');
    try {
      if (!handle.isClosed) await handle.close().catch(() => undefined);
      await this.deleteLedgerIfExists(handle.ledgerId);
      await pending.end();
    } catch (err) {
      this.log.warn({ err, ledgerId: handle.ledgerId.toString() }, 'could not delete the ledger of a failed blob upload; the janitor will');
      await pending.endLive().catch(() => undefined);
    }
  }

  /** Writes the manifest with compare-and-set; returns the manifest it replaced, if any. */
  private async commit(m: BlobManifest, pending: PendingOp, ifNoneMatch: boolean): Promise<BlobManifest | undefined> {
    const path = this.namePath(m.name);
    const data = encodeManifest(m);
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      this.checkRunning();
      const cur = await getIfExists(this.store, path);
      if (cur && ifNoneMatch) throw new GatewayError('BLOB_EXISTS', `a blob named ${JSON.stringify(m.name)} was created meanwhile`, { field: 'If-None-Match', details: { name: m.name } });
      const old = cur ? decodeManifest(cur.data, path) : undefined;
      // CAS on our own marker first: if the janitor took it (it thought us dead), we must not commit.
      await pending.update({ state: 'committing', ...(old !== undefined ? { replaces: old.ledgerId } : {}) });
      try {
        if (cur) await this.store.set(path, data, cur.stat.version);
        else await createWithParents(this.store, path, data, 'persistent');
        pending.committed = true;
        return old;
      } catch (e) {
        if (isQuireError(e, 'METADATA_VERSION_CONFLICT') || isQuireError(e, 'METADATA_EXISTS') || isQuireError(e, 'METADATA_NOT_FOUND')) continue;
        throw e;
      }
    }
    throw new QuireError('METADATA_VERSION_CONFLICT', `blob ${JSON.stringify(m.name)}: manifest changed ${CAS_ATTEMPTS} times in a row while committing`);
  }

  private async deleteLedgerIfExists(ledgerId: bigint): Promise<void> {
    try {
      await this.client.deleteLedger(ledgerId);
    } catch (e) {
      if (!isQuireError(e, 'NO_SUCH_LEDGER') && !isQuireError(e, 'METADATA_NOT_FOUND')) throw e;
    }
  }

  // ---------------------------------------------------------------- download

  /**
   * Opens `name` for reading bytes start..end (inclusive; default the whole blob). Errors that
   * decide the answer (no blob, bad range, overload) come before any byte.
   */
  async read(nameOrManifest: string | BlobManifest, range?: { start: bigint; end?: bigint }): Promise<BlobRead> {
    const manifest = typeof nameOrManifest === 'string' ? await this.stat(nameOrManifest) : nameOrManifest;
    const name = manifest.name;
    let start = 0n;
    let end = manifest.size - 1n;
    if (range !== undefined) {
      start = range.start;
      end = range.end === undefined || range.end > manifest.size - 1n ? manifest.size - 1n : range.end;
      if (start < 0n || start >= manifest.size || end < start) {
        throw new GatewayError('RANGE_NOT_SATISFIABLE', `range ${range.start}-${range.end ?? ''} is outside the blob's ${manifest.size} bytes`, { details: { size: manifest.size.toString() } });
      }
    }
    const release = this.takeTransfer();
    let handle;
    try {
      handle = await this.client.openLedger(manifest.ledgerId, { password: BLOB_LEDGER_PASSWORD });
    } catch (e) {
      release();
      // The manifest was replaced or deleted between the two reads.
      if (isQuireError(e, 'NO_SUCH_LEDGER') || isQuireError(e, 'METADATA_NOT_FOUND')) throw new GatewayError('BLOB_NOT_FOUND', `blob ${JSON.stringify(name)} was removed while being opened`, { details: { name } });
      throw e;
    }
    const chunks = readChunks(handle, start, end, { chunkBytes: manifest.chunkBytes, size: manifest.size, maxInFlight: this.limits.blobChunksInFlight, budget: this.budget });
    async function* body(): AsyncGenerator<Buffer, void, undefined> {
      try {
        yield* chunks;
      } finally {
        release();
      }
    }
    return { manifest, start, end, body: body() };
  }

  // ---------------------------------------------------------------- delete and list

  /** Removes the blob (BLOB_NOT_FOUND if absent) and then its ledger. */
  async delete(name: string): Promise<void> {
    checkBlobName(name);
    this.checkRunning();
    const path = this.namePath(name);
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const cur = await getIfExists(this.store, path);
      if (!cur) throw new GatewayError('BLOB_NOT_FOUND', `no blob named ${JSON.stringify(name)}`, { details: { name } });
      const m = decodeManifest(cur.data, path);
      const pending = new PendingOp(this.store, this.paths, m.ledgerId);
      await pending.begin({ name, ledgerId: m.ledgerId, state: 'deleting', gatewayId: this.o.gatewayId, sinceMs: Date.now() });
      try {
        await this.store.delete(path, cur.stat.version);
      } catch (e) {
        await pending.end().catch(() => undefined);
        if (isQuireError(e, 'METADATA_VERSION_CONFLICT') || isQuireError(e, 'METADATA_NOT_FOUND')) continue;
        throw e;
      }
      try {
        await this.deleteLedgerIfExists(m.ledgerId);
        await pending.end();
      } catch (err) {
        this.log.warn({ err, ledgerId: m.ledgerId.toString() }, 'could not delete a deleted blob ledger; the janitor will');
        await pending.endLive().catch(() => undefined);
      }
      return;
    }
    throw new QuireError('METADATA_VERSION_CONFLICT', `blob ${JSON.stringify(name)}: manifest changed ${CAS_ATTEMPTS} times in a row while deleting`);
  }

  /**
   * Blobs in name order (UTF-8 byte order), optionally those starting with `prefix`. The page token
   * is the last name of the previous page (opaque to callers).
   */
  async list(opts: { prefix?: string; pageSize?: number; pageToken?: string } = {}): Promise<ListBlobsResult> {
    const pageSize = opts.pageSize ?? DEFAULT_PAGE;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE) throw badArgument('pageSize', `pageSize must be 1..${MAX_PAGE}`);
    let after: Buffer | undefined;
    if (opts.pageToken !== undefined) {
      if (!/^[A-Za-z0-9_-]+$/.test(opts.pageToken)) throw badArgument('pageToken', 'pageToken is not one this gateway issued');
      after = Buffer.from(opts.pageToken, 'base64url');
    }
    const prefix = opts.prefix ?? '';
    const names = (await childrenIfExists(this.store, this.paths.names))
      .map((n) => Buffer.from(decodeBlobName(n), 'utf8'))
      .filter((b) => b.toString('utf8').startsWith(prefix) && (after === undefined || Buffer.compare(b, after) > 0))
      .sort(Buffer.compare);
    const page = names.slice(0, pageSize);
    const blobs: BlobManifest[] = [];
    // Manifests in small parallel batches (bounded), skipping blobs deleted since the listing.
    for (let i = 0; i < page.length; i += 32) {
      const got = await Promise.all(page.slice(i, i + 32).map((b) => this.stat(b.toString('utf8')).catch((e: unknown) => (isQuireError(e, 'BLOB_NOT_FOUND') ? undefined : Promise.reject(e)))));
      for (const m of got) if (m) blobs.push(m);
    }
    const more = names.length > pageSize;
    return { blobs, ...(more ? { nextPageToken: page[page.length - 1]!.toString('base64url') } : {}) };
  }

  /** Ledgers with a pending marker (uploads or deletes in progress, or orphans not yet cleaned). */
  async pendingLedgerIds(): Promise<bigint[]> {
    return (await childrenIfExists(this.store, this.paths.pending)).map((n) => BigInt(n)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** One janitor round now (tests, operators); returns the ledgers it deleted. */
  cleanOrphans(opts: { graceMs?: number } = {}): Promise<bigint[]> {
    if (!this.janitor) return new BlobJanitor({ store: this.store, client: this.client, paths: this.paths, limits: this.limits, log: this.log }).runOnce(opts);
    return this.janitor.runOnce(opts);
  }

  /** New transfers get SHUTTING_DOWN; waits for uploads to settle (the HTTP server's drain bounds that). */
  async shutdown(): Promise<void> {
    this.stopping = true;
    this.janitor?.stop();
    await Promise.allSettled([...this.uploads]);
    this.budget.close();
  }

  /** Crash simulation: stop the janitor and leave everything as it is. */
  abandon(): void {
    this.stopping = true;
    this.janitor?.stop();
    this.budget.close();
  }
}

/** The pending marker and live node of one ledger while an upload or delete works on it. */
class PendingOp {
  private version = -1;
  private marker: PendingMarker | undefined;
  private liveCreated = false;
  committed = false;
  private readonly markerPath: string;
  private readonly livePath: string;

  constructor(
    private readonly store: MetadataStore,
    paths: BlobPaths,
    ledgerId: bigint,
  ) {
    this.markerPath = joinPath(paths.pending, ledgerId.toString());
    this.livePath = joinPath(paths.live, ledgerId.toString());
  }

  async begin(m: PendingMarker): Promise<void> {
    try {
      await createWithParents(this.store, this.livePath, Buffer.alloc(0), 'ephemeral');
      this.liveCreated = true;
    } catch (e) {
      // Another operation of a live gateway on the same ledger holds it: it is alive either way.
      if (!isQuireError(e, 'METADATA_EXISTS')) throw e;
    }
    this.marker = m;
    try {
      await createWithParents(this.store, this.markerPath, encodeMarker(m), 'persistent');
      this.version = 0;
    } catch (e) {
      if (!isQuireError(e, 'METADATA_EXISTS')) throw e;
      this.version = (await this.store.set(this.markerPath, encodeMarker(m), ANY_VERSION)).version;
    }
  }

  /** CAS on the marker: fails (METADATA_VERSION_CONFLICT / NOT_FOUND) if someone else changed or removed it. */
  async update(change: Partial<PendingMarker>): Promise<void> {
    const next = { ...this.marker!, ...change };
    try {
      this.version = (await this.store.set(this.markerPath, encodeMarker(next), this.version)).version;
    } catch (e) {
      if (isQuireError(e, 'METADATA_VERSION_CONFLICT') || isQuireError(e, 'METADATA_NOT_FOUND')) {
        throw new QuireError('SHUTTING_DOWN', `blob upload of ledger ${this.markerPath} was taken for an orphan (this instance lost its metadata session?); not committing`, { cause: e });
      }
      throw e;
    }
    this.marker = next;
  }

  async end(): Promise<void> {
    try {
      await this.store.delete(this.markerPath, this.version);
    } catch (e) {
      if (!isQuireError(e, 'METADATA_NOT_FOUND')) throw e;
    }
    await this.endLive();
  }

  async endLive(): Promise<void> {
    if (!this.liveCreated) return;
    this.liveCreated = false;
    try {
      await this.store.delete(this.livePath, ANY_VERSION);
    } catch (e) {
      if (!isQuireError(e, 'METADATA_NOT_FOUND')) throw e;
    }
  }
}
