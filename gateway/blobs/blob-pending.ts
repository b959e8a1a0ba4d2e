// Bookkeeping shared by blob uploads (blob-upload.ts) and deletes (blob-store.ts): the pending
// marker + live node of the ledger being worked on, the manifest CAS retry bound, and deleting a
// blob ledger that may already be gone.
import type { BookKeeperClient } from '../../clients/quorum/index.js';
import { isQuireError, QuireError } from '../../common/errors.js';
import { ANY_VERSION, joinPath, type MetadataStore } from '../../metadata/metadata-store.js';
import { createWithParents } from '../../metadata/store-helpers.js';
import { encodeMarker, type BlobPaths, type PendingMarker } from './blob-manifest.js';

/** Compare-and-set attempts on a blob's manifest before giving up (METADATA_VERSION_CONFLICT). */
export const CAS_ATTEMPTS = 16;

/** Deletes a blob's ledger; one already gone (deleted by the janitor or a racing delete) is fine. */
export async function deleteLedgerIfExists(client: BookKeeperClient, ledgerId: bigint): Promise<void> {
  try {
    await client.deleteLedger(ledgerId);
  } catch (e) {
    if (!isQuireError(e, 'NO_SUCH_LEDGER') && !isQuireError(e, 'METADATA_NOT_FOUND')) throw e;
  }
}

/** The pending marker and live node of one ledger while an upload or delete works on it. */
export class PendingOp {
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
