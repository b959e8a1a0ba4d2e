// Blobs of any size over ledgers (docs/blobs.md), transport-free: REST (gateway/rest/blob-routes.ts)
// and gRPC (gateway/grpc/blob-grpc.ts) both call this, with the same semantics.
//
// Upload: create a ledger, record a pending marker (+ an ephemeral "live" node), stream the bytes in
// as chunks, seal the ledger, check the client's digest, then commit by writing the manifest with
// compare-and-set. Only the manifest makes a blob visible, so a failed, refused or abandoned upload
// is never seen; its ledger is deleted (by the uploader, or by any instance's janitor once the
// uploader is gone). Overwrite = replace on commit: the name points at the new ledger atomically and
// the old ledger is deleted after.
//
// Split by concept: the upload pipeline is blob-upload.ts, the pending marker every upload and
// delete keeps is blob-pending.ts; stat, read, delete, list and the lifecycle stay here.
import type { BookKeeperClient } from '../../clients/quorum/index.js';
import { isQuireError, QuireError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import { joinPath, type MetadataStore } from '../../metadata/metadata-store.js';
import { childrenIfExists, getIfExists } from '../../metadata/store-helpers.js';
import type { GatewayLimits } from '../gateway-config.js';
import { badArgument, GatewayError } from '../gateway-error.js';
import { readChunks } from './blob-chunks.js';
import { BlobJanitor } from './blob-janitor.js';
import { BLOB_LEDGER_PASSWORD, blobPaths, checkBlobName, decodeBlobName, decodeManifest, encodeBlobName, type BlobManifest, type BlobPaths } from './blob-manifest.js';
import { CAS_ATTEMPTS, deleteLedgerIfExists, PendingOp } from './blob-pending.js';
import { checkPutRequest, uploadBlob, type PutBlobRequest, type PutBlobResult, type UploadContext } from './blob-upload.js';
import { ByteBudget } from './byte-budget.js';

export type { PutBlobRequest, PutBlobResult } from './blob-upload.js';

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

const MAX_PAGE = 1000;
const DEFAULT_PAGE = 100;

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
  private readonly uploadContext: UploadContext;

  constructor(private readonly o: BlobStoreOptions) {
    this.client = o.client;
    this.store = o.store;
    this.limits = o.limits;
    this.log = o.log;
    this.paths = blobPaths(o.ledgersRoot);
    this.budget = new ByteBudget(o.limits.maxBlobBufferBytes);
    this.janitor = o.janitor === false ? undefined : new BlobJanitor({ store: o.store, client: o.client, paths: this.paths, limits: o.limits, log: o.log });
    this.janitor?.start();
    this.uploadContext = {
      client: o.client,
      store: o.store,
      paths: this.paths,
      limits: o.limits,
      log: o.log,
      gatewayId: o.gatewayId,
      budget: this.budget,
      checkRunning: () => this.checkRunning(),
      namePath: (name) => this.namePath(name),
    };
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

  /** The manifest of `name` (BLOB_NOT_FOUND if there is none). */
  async stat(name: string): Promise<BlobManifest> {
    checkBlobName(name);
    const path = this.namePath(name);
    const cur = await getIfExists(this.store, path);
    if (!cur) throw new GatewayError('BLOB_NOT_FOUND', `no blob named ${JSON.stringify(name)}`, { details: { name } });
    return decodeManifest(cur.data, path);
  }

  // ---------------------------------------------------------------- upload (blob-upload.ts)

  /** Streams `body` into a new blob and commits it. Nothing is visible unless this resolves. */
  async put(req: PutBlobRequest, body: AsyncIterable<Uint8Array>): Promise<PutBlobResult> {
    checkBlobName(req.name);
    checkPutRequest(req, this.limits);
    // Early answer for a conditional create (the commit checks again).
    if (req.ifNoneMatch && (await this.store.exists(this.namePath(req.name))) !== undefined) {
      throw new GatewayError('BLOB_EXISTS', `a blob named ${JSON.stringify(req.name)} exists`, { field: 'If-None-Match', details: { name: req.name } });
    }
    const release = this.takeTransfer();
    const p = uploadBlob(this.uploadContext, req, body).finally(release);
    this.uploads.add(p);
    void p.catch(() => undefined).finally(() => this.uploads.delete(p));
    return p;
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
        await deleteLedgerIfExists(this.client, m.ledgerId);
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